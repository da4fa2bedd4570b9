"""Regression sets: Playground's reg-plane and reg-gauss, ConvNetJS's 1-D points."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz.data.datasets import DATASETS, load_dataset
from nnviz.data.synthetic import reg_gauss_target
from nnviz.errors import ConfigError


@pytest.mark.parametrize("key", ["reg-plane", "reg-gauss", "reg-1d"])
def test_regression_sets_have_float_targets_and_no_classes(key):
    data = load_dataset(key)
    assert data.is_regression and DATASETS[key].is_regression
    assert data.y_train.dtype == np.float32 and data.y_train.ndim == 1
    assert data.n_classes == 0 and data.class_names == ()
    assert data.n_outputs == 1 and data.loss == "mse"
    again = load_dataset(key)
    np.testing.assert_array_equal(data.x_train, again.x_train)  # seeded
    assert "targets=1" in repr(data)


def test_reg_plane_is_playgrounds_plane():
    data = load_dataset("reg-plane")
    assert (len(data.y_train), len(data.y_test)) == (600, 600)  # 1,200 points, half tested
    x = np.concatenate([data.x_train, data.x_test])
    y = np.concatenate([data.y_train, data.y_test])
    assert data.kind == "points" and x.shape[1] == 2
    assert np.abs(x).max() <= 6
    np.testing.assert_allclose(y, (x[:, 0] + x[:, 1]) / 10, atol=1e-6)  # noise 0


def test_reg_plane_noise_moves_the_targets_not_the_points():
    clean, noisy = load_dataset("reg-plane", noise=0.3), load_dataset("reg-plane", noise=0.0)
    assert np.abs(clean.x_train).max() <= 6
    assert not np.allclose(
        clean.y_train, (clean.x_train[:, 0] + clean.x_train[:, 1]) / 10, atol=1e-3
    )
    assert noisy.params["noise"] == 0.0


def test_reg_gauss_labels_at_known_points():
    q = np.array([[-4, 2.5], [0, 2.5], [0, 0], [-2, 2.5], [-3, 2.5], [4, -2.5], [6, 6]])
    np.testing.assert_allclose(reg_gauss_target(q), [1, -1, 0, 0, 0.5, -1, 0])
    data = load_dataset("reg-gauss")
    assert data.y_train.min() >= -1 and data.y_train.max() <= 1
    np.testing.assert_allclose(data.y_train, reg_gauss_target(data.x_train), atol=1e-6)


def test_reg_1d_is_convnetjs_x_sin_x():
    data = load_dataset("reg-1d")
    assert data.kind == "curve" and data.x_train.shape == (20, 1) and not data.has_test
    x = data.x_train[:, 0]
    assert np.abs(x).max() <= 5
    np.testing.assert_allclose(data.y_train, x * np.sin(x), atol=1e-5)


def test_regression_sets_refuse_a_class_count():
    with pytest.raises(ConfigError, match="no classes"):
        load_dataset("reg-gauss", classes=3)
