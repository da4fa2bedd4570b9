"""Editing a weight: the forward pass and the loss change exactly; undo restores every bit."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz.core.boundary import BoundaryGrid
from nnviz.core.edits import WeightEditor, set_weight
from nnviz.core.network import Network
from nnviz.errors import ConfigError


@pytest.fixture
def net():
    return Network([2, 4, 3], "tanh", init="xavier", bias_init="same", seed=5)


def data():
    rng = np.random.default_rng(0)
    return rng.standard_normal((20, 2)).astype(np.float32), rng.integers(0, 3, 20)


def test_an_edited_weight_changes_the_forward_pass_exactly(net):
    x, t = data()
    old = set_weight(net, "W1", (1, 2), 0.75)
    expected = net.copy_params()
    assert expected["W1"][1, 2] == np.float32(0.75)
    # the same numbers as a network built from the edited arrays, in every path
    ref = Network.from_params(expected, "tanh")
    np.testing.assert_array_equal(net.scores(x), ref.scores(x))
    assert net.loss(x, t) == ref.loss(x, t)
    np.testing.assert_array_equal(net.fused_scores(net.with_bias_column(x)), ref.scores(x))
    grid = BoundaryGrid((-1, 1, -1, 1), 8)
    np.testing.assert_array_equal(grid.probabilities(net), grid.probabilities(ref))
    assert old != 0.75


def test_the_hidden_z_moves_by_the_change_times_the_input(net):
    x, _ = data()
    z0 = x @ net.params["W1"] + net.params["b1"]
    old = set_weight(net, "W1", (1, 2), 2.0)
    z1 = x @ net.params["W1"] + net.params["b1"]
    np.testing.assert_allclose(z1[:, 2] - z0[:, 2], (np.float32(2.0) - old) * x[:, 1], rtol=1e-5)
    np.testing.assert_array_equal(z1[:, [0, 1, 3]], z0[:, [0, 1, 3]])


def test_undo_redo_and_bias_edits(net):
    x, t = data()
    before = net.copy_params()
    loss0 = net.loss(x, t)
    ed = WeightEditor(net)
    e1 = ed.set("b2", (1,), -3.0)
    assert e1.old == before["b2"][1] and e1.new == -3.0
    ed.set("W2", (0, 0), 5.0)
    assert net.loss(x, t) != loss0
    assert ed.undo().key == "W2" and ed.undo().key == "b2" and ed.undo() is None
    for k, v in before.items():
        np.testing.assert_array_equal(net.params[k], v)  # every bit back
    assert net.loss(x, t) == loss0
    assert ed.redo().new == -3.0 and net.params["b2"][1] == -3.0
    ed.set("b2", 0, 1.0)  # an int index works for a bias
    assert not ed.can_redo


def test_a_drag_is_one_undo_step(net):
    original = float(net.params["W2"][2, 1])
    ed = WeightEditor(net)
    for v in (0.1, 0.2, 0.3):
        ed.set("W2", (2, 1), v, merge=True)
    ed.set("W2", (0, 1), 9.0, merge=True)  # another weight: a new step
    assert ed.undo().index == (0, 1)
    edit = ed.undo()
    assert edit.old == original and edit.new == pytest.approx(0.3)
    assert float(net.params["W2"][2, 1]) == original and not ed.can_undo


def test_edits_keep_the_shared_parameter_buffer(net):
    set_weight(net, "W1", (0, 0), 1.5)
    assert net.params.flat is not None and net.params.flat[0] == np.float32(1.5)
    assert net.affines[0].W[0, 0] == np.float32(1.5)


@pytest.mark.parametrize(
    ("key", "index", "value", "message"),
    [
        ("W9", (0, 0), 1.0, "no parameter 'W9'"),
        ("W1", (2, 0), 1.0, "not inside it"),
        ("W1", (0,), 1.0, "not inside it"),
        ("W1", (0, 0), float("nan"), "finite"),
        ("W1", (0, 0), "abc", "must be a number"),
    ],
)
def test_bad_edits_are_one_sentence(net, key, index, value, message):
    with pytest.raises(ConfigError, match=message):
        set_weight(net, key, index, value)


def test_the_history_is_bounded(net):
    ed = WeightEditor(net, limit=3)
    for v in range(5):
        ed.set("b1", (0,), float(v))
    assert [ed.undo().new for _ in range(3)] == [4.0, 3.0, 2.0]
    assert ed.undo() is None and net.params["b1"][0] == 1.0  # the two oldest are forgotten
