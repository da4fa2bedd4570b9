"""Paint your own data: points land where clicked, nearest-point removal, undo/redo, CSV."""

from __future__ import annotations

import csv

import numpy as np
import pytest

from nnviz.data.datasets import load_dataset
from nnviz.data.paint import PointHistory, add_point, nearest_point, save_points
from nnviz.data.points_csv import read_points_csv
from nnviz.errors import ConfigError


@pytest.fixture
def circle():
    return load_dataset("circle", samples=20)


def test_a_painted_point_lands_in_the_training_data_at_the_clicked_coordinates(circle):
    x0 = circle.x_train.copy()
    new = add_point(circle, (1.25, -2.5), 1)
    assert len(new.y_train) == len(circle.y_train) + 1
    np.testing.assert_array_equal(new.x_train[-1], np.float32([1.25, -2.5]))
    assert new.y_train[-1] == 1 and new.x_train.dtype == np.float32
    np.testing.assert_array_equal(circle.x_train, x0)  # the old dataset is untouched
    assert new.n_classes == 2


def test_the_next_class_is_added_but_not_a_gap(circle):
    assert add_point(circle, (0, 0), 2).n_classes == 3
    with pytest.raises(ConfigError, match="0 to 2"):
        add_point(circle, (0, 0), 3)


def test_history_undo_redo_and_version(circle):
    h = PointHistory(circle)
    h.add((0.5, 0.5), 0)
    h.add((1.0, 1.0), 1)
    assert h.version == 2 and len(h.data.y_train) == len(circle.y_train) + 2
    hit = h.remove_nearest((0.9, 1.1), split="train")
    assert hit == ("train", len(circle.y_train) + 1)
    assert len(h.data.y_train) == len(circle.y_train) + 1
    assert h.undo() and len(h.data.y_train) == len(circle.y_train) + 2
    assert h.undo() and h.undo() and not h.undo()
    assert h.data is circle and h.version == 6
    assert h.redo() and len(h.data.y_train) == len(circle.y_train) + 1
    h.add((3, 3), 0)
    assert not h.can_redo  # a new edit drops the redo branch


def test_remove_nearest_respects_the_radius_and_looks_in_both_splits(circle):
    far = nearest_point(circle, (100, 100), radius=1.0)
    assert far is None
    split, i = nearest_point(circle, tuple(circle.x_test[3]))
    assert (split, i) == ("test", 3)


def test_regression_points_carry_their_target():
    data = load_dataset("reg-plane", samples=10)
    new = add_point(data, (2, 3), 0.5)
    assert new.y_train[-1] == np.float32(0.5) and new.is_regression
    with pytest.raises(ConfigError, match="target"):
        add_point(data, (2, 3))


def test_curve_points_are_the_clicked_x_and_y():
    data = load_dataset("reg-1d")
    h = PointHistory(data)
    h.add((1.5, -2.0))
    assert h.data.x_train[-1, 0] == np.float32(1.5) and h.data.y_train[-1] == np.float32(-2.0)
    assert h.remove_nearest((1.5, -2.1)) == ("train", 20)


def test_feature_crosses_are_re_applied_after_an_edit(circle):
    crossed = circle.with_feature_crosses(["x1^2", "x2^2"])
    new = add_point(crossed, (2.0, 3.0), 0)
    assert new.feature_crosses == ("x1^2", "x2^2")
    np.testing.assert_allclose(new.x_train[-1], [4.0, 9.0])
    np.testing.assert_array_equal(new.inputs("train")[-1], [2.0, 3.0])


def test_painted_points_round_trip_through_the_csv_format(circle, tmp_path):
    h = PointHistory(circle)
    h.add((0.125, -4.5), 2)
    rows = h.save_csv(tmp_path / "p.csv")
    assert rows == len(circle.y_train) + len(circle.y_test) + 1
    x, y, is_test = read_points_csv(tmp_path / "p.csv")
    np.testing.assert_array_equal(x[~is_test][-1], [0.125, -4.5])
    assert y[~is_test][-1] == 2


def test_regression_targets_are_saved_as_numbers(tmp_path):
    data = add_point(load_dataset("reg-gauss", samples=4), (1, 1), 0.375)
    save_points(tmp_path / "r.csv", data)
    with open(tmp_path / "r.csv") as f:
        rows = list(csv.reader(f))
    assert ["1", "1", "0.375", "train"] in rows


def test_images_cannot_be_painted():
    from nnviz.data.datasets import Dataset

    img = Dataset(
        "x",
        "images",
        np.zeros((2, 4), np.uint8),
        np.zeros(2),
        np.zeros((0, 4)),
        np.zeros(0),
        ("0", "1"),
    )
    with pytest.raises(ConfigError, match="painted"):
        PointHistory(img)


def test_painted_regression_points_load_back_as_reg_csv(tmp_path):
    from nnviz.data.datasets import load_dataset as load

    h = PointHistory(load_dataset("reg-plane", samples=6))
    h.add((1.5, -2.25), 0.625)
    h.save_csv(tmp_path / "r.csv")
    back = load("reg-csv", path=tmp_path / "r.csv")
    assert back.is_regression and back.key == "reg-csv" and back.n_outputs == 1
    np.testing.assert_array_equal(back.x_train[-1], [1.5, -2.25])
    assert back.y_train[-1] == np.float32(0.625)
    np.testing.assert_allclose(back.y_test, h.data.y_test, rtol=1e-6)


def test_a_bad_regression_target_names_the_line(tmp_path):
    from nnviz.errors import DataError

    (tmp_path / "bad.csv").write_text("x,y,label\n1,2,0.5\n3,4,nan\n")
    with pytest.raises(DataError, match="line 3: the target must be a finite number"):
        read_points_csv(tmp_path / "bad.csv", regression=True)
