"""Hidden-space warp: grid polylines and points through a hidden layer, pairs of neurons."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz.core.features import FeatureMap
from nnviz.core.network import Network
from nnviz.core.trainer import NetworkConfig, TrainConfig, Trainer
from nnviz.core.warp import PairCycle, grid_lines, hidden_warp, neuron_pairs
from nnviz.data.datasets import load_dataset
from nnviz.errors import ConfigError

EXTENT = (-2.0, 2.0, -1.0, 3.0)


def test_grid_lines_cover_the_extent():
    lines = grid_lines(EXTENT, n_lines=5, points_per_line=9)
    assert len(lines) == 10 and all(line.shape == (9, 2) for line in lines)
    np.testing.assert_allclose(lines[0][:, 0], -2.0)  # the first vertical line
    np.testing.assert_allclose(lines[0][[0, -1], 1], [-1.0, 3.0])
    np.testing.assert_allclose(lines[5][:, 1], -1.0)  # the first horizontal line
    np.testing.assert_allclose(lines[9][[0, -1], 0], [-2.0, 2.0])


def test_the_warp_is_the_hidden_activations_of_the_two_neurons():
    net = Network([2, 5, 4, 3], "tanh", init="xavier", seed=2)
    x = np.random.default_rng(0).uniform(-2, 2, (30, 2)).astype(np.float32)
    w = hidden_warp(net, x, EXTENT, layer=1, neurons=(3, 0), n_lines=4, points_per_line=7)
    acts = net.activations(x)[1]
    np.testing.assert_allclose(w.points, acts[:, [3, 0]], rtol=1e-6)
    line = grid_lines(EXTENT, 4, 7)[2]
    np.testing.assert_allclose(w.lines[2], net.activations(line)[1][:, [3, 0]], rtol=1e-6)
    assert (w.layer, w.neurons) == (1, (3, 0)) and len(w.lines) == 8


def test_the_warp_maps_the_grid_through_the_feature_crosses():
    fmap = FeatureMap(("x1^2", "x2^2", "x1x2"))
    net = Network([3, 4, 2], "relu", init="he", seed=1)
    x = np.array([[0.5, -1.0], [1.5, 2.0]], np.float32)
    w = hidden_warp(net, x, EXTENT, neurons=(1, 2), crosses=fmap, n_lines=3, points_per_line=5)
    np.testing.assert_allclose(w.points, net.activations(fmap(x))[0][:, [1, 2]], rtol=1e-6)


def test_a_trained_hidden_layer_makes_the_circle_linearly_separable():
    """What the view is for: on the circle, a trained 2-4-2 tanh net's hidden space
    separates the classes with a line (a linear classifier on h gets > 95%)."""
    data = load_dataset("circle")
    net = NetworkConfig(hidden=(4,), activation="tanh", init="xavier").build(2, 2, seed=0)
    Trainer(net, data, TrainConfig(learning_rate=0.1, batch_size=10, epochs=60)).run(60)
    h = net.activations(data.x_train)[0]
    head = Network([4, 2], init="xavier", seed=0)
    hd = type(data)("h", "points", h, data.y_train, h[:0], data.y_test[:0], data.class_names)
    Trainer(head, hd, TrainConfig(learning_rate=0.5, batch_size=10, epochs=50)).run(50)
    assert head.evaluate(h, data.y_train)[1] > 0.95
    w = hidden_warp(net, data.x_train, (-6, 6, -6, 6), neurons=(0, 1))
    assert np.abs(w.points).max() <= 1.0  # tanh units: the warped plane is inside [−1, 1]²


def test_pairs_and_the_cycle():
    assert neuron_pairs(3) == [(0, 1), (0, 2), (1, 2)]
    assert neuron_pairs(1) == [(0, 0)]
    c = PairCycle(3)
    assert c.current == (0, 1)
    assert [c.next() for _ in range(4)] == [(0, 2), (1, 2), (0, 1), (0, 2)]
    assert list(c) == [(0, 2), (1, 2), (0, 1)] and len(c) == 3
    assert PairCycle(4, start=(2, 3)).next() == (0, 1)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"layer": 2}, "hidden layer from 1 to 2"), ({"neurons": (0, 5)}, "neurons 1 to 5")],
)
def test_bad_choices_are_one_sentence(kwargs, message):
    net = Network([2, 5, 4, 3])
    with pytest.raises(ConfigError, match=message):
        hidden_warp(net, np.zeros((1, 2)), EXTENT, **kwargs)
    with pytest.raises(ConfigError, match="has none"):
        hidden_warp(Network([2, 3]), np.zeros((1, 2)), EXTENT)
