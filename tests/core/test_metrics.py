"""Confusion matrices from labels and predictions."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz.core.metrics import confusion_indices, confusion_matrix
from nnviz.errors import ConfigError


def test_counts_match_a_plain_loop() -> None:
    rng = np.random.default_rng(0)
    t = rng.integers(0, 10, 500)
    p = np.where(rng.random(500) < 0.8, t, rng.integers(0, 10, 500))
    cm = confusion_matrix(t, p, 10)
    expected = np.zeros((10, 10), dtype=np.int64)
    for a, b in zip(t, p, strict=True):
        expected[a, b] += 1
    np.testing.assert_array_equal(cm, expected)
    assert cm.dtype == np.int64 and cm.sum() == 500
    assert np.trace(cm) == (t == p).sum()


def test_rows_are_true_classes_and_columns_predictions() -> None:
    cm = confusion_matrix([4, 4, 4, 1], [9, 9, 4, 1], 10)
    assert cm[4, 9] == 2 and cm[9, 4] == 0
    assert cm[4, 4] == 1 and cm[1, 1] == 1


def test_unused_classes_and_empty_input_give_zeros() -> None:
    np.testing.assert_array_equal(confusion_matrix([], [], 3), np.zeros((3, 3)))
    assert confusion_matrix(np.array([0], dtype=np.uint8), [0], 4)[0, 0] == 1


def test_whole_float_labels_are_accepted() -> None:
    assert confusion_matrix(np.array([1.0, 2.0]), np.array([2.0, 2.0]), 3)[1, 2] == 1


@pytest.mark.parametrize(
    ("t", "p", "k"),
    [
        ([0, 1], [0], 2),  # lengths differ
        ([0, 3], [0, 1], 3),  # class out of range
        ([-1], [0], 2),  # negative class
        ([0.5], [0], 2),  # not a whole number
        ([np.nan], [0], 2),
        ([[0, 1]], [[0, 1]], 2),  # not one label per sample
        ([0], [0], 0),  # no classes
    ],
)
def test_bad_labels_are_refused_clearly(t, p, k) -> None:
    with pytest.raises(ConfigError):
        confusion_matrix(t, p, k)


def test_inputs_are_not_modified() -> None:
    t = np.array([2.0, 1.0])
    p = np.array([1, 1])
    confusion_matrix(t, p, 3)
    np.testing.assert_array_equal(t, [2.0, 1.0])


def test_indices_of_one_cell() -> None:
    t = np.array([4, 4, 1, 4, 9])
    p = np.array([9, 4, 9, 9, 9])
    np.testing.assert_array_equal(confusion_indices(t, p, 4, 9), [0, 3])
    assert confusion_indices(t, p, 0, 0).size == 0
    with pytest.raises(ConfigError):
        confusion_indices(t, p[:2], 4, 9)
