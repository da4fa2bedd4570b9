"""Feature crosses: the map, the grid mapped through it, the dataset, and the circle lesson."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz.app.lessons import LESSONS, lesson, run_lesson
from nnviz.core.boundary import BoundaryGrid, colorize_values
from nnviz.core.features import FEATURES, FeatureMap
from nnviz.core.network import Network
from nnviz.data.datasets import load_dataset
from nnviz.errors import ConfigError

ALL = "x1,x2,x1^2,x2^2,x1x2,sin_x1,sin_x2"


def test_every_feature_in_the_order_given():
    x = np.array([[2.0, 3.0], [-1.0, 0.5]], np.float32)
    fmap = FeatureMap.parse(ALL)
    assert fmap.names == tuple(ALL.split(",")) == tuple(FEATURES)
    expected = [
        [2, 3, 4, 9, 6, np.sin(2), np.sin(3)],
        [-1, 0.5, 1, 0.25, -0.5, np.sin(-1), np.sin(0.5)],
    ]
    np.testing.assert_allclose(fmap(x), expected, rtol=1e-6)
    assert fmap(x).dtype == np.float32
    reordered = FeatureMap.parse("sin_x2, x1")
    np.testing.assert_allclose(reordered(x), [[np.sin(3), 2], [np.sin(0.5), -1]], rtol=1e-6)
    assert reordered.labels == ("sin x₂", "x₁") and reordered.n_inputs == 2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("x1,x3", "Unknown feature 'x3'"),
        ("x1,x1", "only once"),
        ("x1,,x2", "commas"),
        ("X1", "Unknown feature 'X1'"),
    ],
)
def test_bad_feature_lists_are_one_sentence(text, message):
    with pytest.raises(ConfigError, match=message):
        FeatureMap.parse(text)


def test_the_grid_is_mapped_through_the_same_features():
    fmap = FeatureMap(("x1^2", "x2^2", "x1x2"))
    grid = BoundaryGrid((-2, 2, -1, 1), resolution=8, crosses=fmap)
    np.testing.assert_array_equal(grid.points, fmap(grid.coords))
    plain = BoundaryGrid((-2, 2, -1, 1), resolution=8)
    np.testing.assert_array_equal(grid.coords, plain.coords)
    net = Network([3, 4, 2], "tanh", init="xavier", seed=3)
    probs = grid.probabilities(net)
    np.testing.assert_allclose(
        probs.reshape(-1, 2), net.predict_proba(fmap(plain.coords)), rtol=1e-5, atol=1e-6
    )
    assert BoundaryGrid((-1, 1, -1, 1), 4, crosses=["x1", "x2"]).points.shape == (16, 2)


def test_regression_grid_outputs_and_colours():
    net = Network([2, 1], dtype=np.float64, loss="mse")
    net.params["W1"][...] = [[1.0], [0.0]]  # output = x₁
    grid = BoundaryGrid((-1, 1, -1, 1), resolution=4)
    out = grid.outputs(net)
    assert out.shape == (4, 4, 1)
    np.testing.assert_allclose(out[0, :, 0], [-0.75, -0.25, 0.25, 0.75])
    rgb = colorize_values(np.array([-1.0, 0.0, 1.0, 5.0, np.nan]))
    np.testing.assert_array_equal(rgb[1], [255, 255, 255])
    np.testing.assert_array_equal(rgb[0], [245, 147, 34])  # Playground's orange
    np.testing.assert_array_equal(rgb[2], rgb[3])  # clipped to blue
    np.testing.assert_array_equal(rgb[4], [255, 255, 255])


def test_a_dataset_with_features_keeps_its_plain_points():
    data = load_dataset("circle", samples=10)
    crossed = data.with_feature_crosses(["x1x2", "x1"])
    assert crossed.n_features == 2 and crossed.feature_crosses == ("x1x2", "x1")
    np.testing.assert_allclose(crossed.x_train[:, 0], data.x_train[:, 0] * data.x_train[:, 1])
    np.testing.assert_array_equal(crossed.inputs("test"), data.x_test)
    assert crossed.raw is data and crossed.with_feature_crosses(()) is data
    again = crossed.with_feature_crosses(["x2"])  # from the plain points, not from φ(x)
    np.testing.assert_array_equal(again.x_train[:, 0], data.x_train[:, 1])


def test_features_need_2d_points():
    with pytest.raises(ConfigError, match="2-D point data"):
        load_dataset("reg-1d").with_feature_crosses(["x1"])


def test_a_linear_model_separates_the_circle_only_with_squares():
    """The lesson's claim: no hidden layer, x₁² and x₂² → > 95%; x₁, x₂ → chance-like."""
    les = lesson("feature-cross-circle")
    assert les.network.hidden == () and les.crosses.names == ("x1^2", "x2^2")
    with_squares = run_lesson(les.name)
    plain = run_lesson(les.name, contrast=True)
    assert with_squares.test_accuracy > les.expect["test_accuracy"] > 0.95 - 1e-9
    assert with_squares.train_accuracy > 0.95
    assert plain.test_accuracy < 0.75 and plain.train_accuracy < 0.75
    assert set(LESSONS) == {"feature-cross-circle"}
    with pytest.raises(ConfigError, match="Unknown lesson"):
        lesson("nope")


def test_input_maps_are_each_feature_over_the_grid():
    grid = BoundaryGrid((-1, 1, -2, 2), resolution=5, crosses=["x2", "x1x2"])
    maps = grid.input_maps()
    assert maps.shape == (5, 5, 2)
    x1, x2 = grid.coords[:, 0].reshape(5, 5), grid.coords[:, 1].reshape(5, 5)
    np.testing.assert_allclose(maps[..., 0], x2)
    np.testing.assert_allclose(maps[..., 1], x1 * x2, rtol=1e-6)


def test_curve_grid_gives_the_fit_and_each_hidden_units_curve():
    from nnviz.core.boundary import CurveGrid

    net = Network([1, 3, 1], "tanh", init="xavier", seed=0, loss="mse")
    grid = CurveGrid(-5, 5, n=11)
    assert grid.xs[0] == -5 and grid.xs[-1] == 5
    np.testing.assert_allclose(grid.outputs(net)[:, 0], net.predict(grid.xs[:, None])[:, 0])
    h = grid.hidden(net)
    np.testing.assert_allclose(
        h, np.tanh(grid.points @ net.params["W1"] + net.params["b1"]), rtol=1e-6
    )
    with pytest.raises(ValueError):
        CurveGrid(1, 1)
