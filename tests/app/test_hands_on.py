"""Issue 18 in the engine: feature crosses on Reset, hand-edited weights with undo, the
hidden-space warp while its view is shown, and the glass-box step of the real network."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace

import numpy as np
import pytest

from nnviz.app.config import (
    DataRequest,
    SessionConfig,
    config_from_json,
    config_to_json,
    describe_changes,
)
from nnviz.app.engine import Engine
from nnviz.app.session_file import load_session, model_from_bytes
from nnviz.app.snapshot import ViewOptions
from nnviz.core.boundary import BoundaryGrid
from nnviz.core.layers import softmax
from nnviz.core.modelio import Model, load_model
from nnviz.core.network import Network
from nnviz.core.trainer import NetworkConfig, TrainConfig
from nnviz.errors import ConfigError

XOR = SessionConfig(
    data=DataRequest(key="xor", samples=40),
    network=NetworkConfig(hidden=(4, 3), activation="tanh", init="xavier"),
    train=TrainConfig(learning_rate=0.1, batch_size=8, seed=3),
)
CIRCLE = SessionConfig(
    data=DataRequest(key="circle"),
    network=NetworkConfig(hidden=(), features=("x1^2", "x2^2")),
    train=TrainConfig(learning_rate=0.1, batch_size=10),
)


class Recorder:
    def __init__(self, engine: Engine) -> None:
        self.resets, self.snapshots, self.failures = [], [], []
        engine.reset_done.connect(self.resets.append)
        engine.snapshot_ready.connect(self.snapshots.append)
        engine.failed.connect(lambda template, args: self.failures.append(template.format(*args)))


@pytest.fixture
def engine():
    e = Engine()
    e.rec = Recorder(e)
    return e


def run(engine: Engine, *command) -> None:
    """Post one command, run a turn, and let the next frame go."""
    engine.post(*command)
    engine.iterate()
    engine.frame_consumed()


def forward(params: dict, x: np.ndarray, activation=np.tanh) -> np.ndarray:
    """A plain NumPy forward pass: the class probabilities."""
    n = len(params) // 2
    a = x.astype(np.float64)
    for i in range(1, n + 1):
        z = a @ params[f"W{i}"].astype(np.float64) + params[f"b{i}"].astype(np.float64)
        a = activation(z) if i < n else softmax(z)
    return a


# ---------------------------------------------------------------------- feature crosses
def test_feature_crosses_become_the_networks_inputs_on_reset(engine):
    run(engine, "reset", CIRCLE)
    (info,) = engine.rec.resets
    assert info.sizes == (2, 2) and info.config.network.features == ("x1^2", "x2^2")
    ds = engine.trainer.data
    raw = ds.inputs("train")
    np.testing.assert_allclose(ds.x_train, raw**2, rtol=1e-6)
    # each input node's map is its feature over the plane the boundary shows
    assert info.input_maps.shape == (2, 40, 40)
    grid = BoundaryGrid(info.extent, 40)
    np.testing.assert_allclose(info.input_maps[0].ravel(), grid.coords[:, 0] ** 2, rtol=1e-6)
    np.testing.assert_allclose(info.input_maps[1].ravel(), grid.coords[:, 1] ** 2, rtol=1e-6)
    # the extent is the plain points' (not of x₁², x₂²)
    assert info.extent[0] < raw[:, 0].min() and info.extent[1] > raw[:, 0].max()
    run(engine, "reset", XOR)  # plain inputs: the ramps of x₁ and x₂
    maps = engine.rec.resets[-1].input_maps
    assert maps.shape == (2, 40, 40) and np.all(np.diff(maps[0], axis=1) > 0)


def train_circle(engine: Engine, steps: int = 40) -> None:
    """Reset to the crossed circle and take ``steps`` training steps."""
    run(engine, "reset", CIRCLE)
    for _ in range(steps):
        run(engine, "step")


def test_export_as_python_writes_the_crosses_and_predicts_what_the_app_does(engine, tmp_path):
    train_circle(engine)
    run(engine, "export_code", str(tmp_path / "model.py"))
    assert engine.rec.failures == []
    ds, net = engine.trainer.data, engine.trainer.network
    x = np.concatenate([ds.inputs("train"), ds.inputs("test")])  # the plain points
    y = np.concatenate([ds.y_train, ds.y_test])
    np.savez(tmp_path / "points.npz", x=x, y=y)
    r = subprocess.run(
        [sys.executable, str(tmp_path / "model.py"), str(tmp_path / "points.npz"),
         "--predictions", str(tmp_path / "p.csv")],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    rows = (tmp_path / "p.csv").read_text(encoding="utf-8").splitlines()[1:]
    predicted = np.array([int(row.split(",")[0]) for row in rows])
    app = net.predict(np.concatenate([ds.x_train, ds.x_test]))  # the app's crossed inputs
    np.testing.assert_array_equal(predicted, app)
    assert (app == y).mean() > 0.9  # the circle is separable by x₁², x₂²


def test_opening_a_crossed_model_restores_its_inputs(engine, tmp_path):
    train_circle(engine)
    _, trained = engine.trainer.evaluate("test")
    run(engine, "save", str(tmp_path / "m.npz"), {})
    run(engine, "reset", replace(CIRCLE, network=NetworkConfig(hidden=())))  # plain x₁, x₂
    run(engine, "model", load_model(tmp_path / "m.npz"))
    assert engine.rec.failures == []
    info = engine.rec.resets[-1]
    assert info.pretrained and info.config.network.features == ("x1^2", "x2^2")
    assert engine.trainer.data.feature_crosses == ("x1^2", "x2^2")
    assert engine.trainer.evaluate("test")[1] == trained
    assert engine._grid.crosses.names == ("x1^2", "x2^2")  # the boundary: a ring, not a line
    # a model without crosses on the crossed run takes the plain points again
    plain = Network([2, 3, 2], seed=0)
    run(engine, "model", Model(plain, ("0", "1"), (2,)))
    assert engine.rec.resets[-1].config.network.features == ()
    assert engine.trainer.data.x_train is engine.trainer.data.inputs("train")


def test_a_crossed_model_on_data_that_is_not_points_is_one_sentence(engine, tmp_path):
    train_circle(engine, steps=1)
    run(engine, "save", str(tmp_path / "m.npz"), {})
    run(engine, "reset", SessionConfig(DataRequest(key="reg-1d"), NetworkConfig(hidden=(3,))))
    n = len(engine.rec.resets)
    run(engine, "model", load_model(tmp_path / "m.npz"))
    assert engine.rec.failures == [
        "This model takes feature crosses of 2-D points: open it on 2-D point data."
    ]
    assert len(engine.rec.resets) == n  # nothing changed


def test_a_session_with_weights_reopens_with_its_crosses(engine, tmp_path):
    train_circle(engine)
    before = engine.trainer.network.predict(engine.trainer.data.x_test)
    run(engine, "export_session", str(tmp_path / "s.json"), True)
    sess = load_session(tmp_path / "s.json")
    other = Engine()
    other.post("reset", sess.config, model_from_bytes(sess.model_npz))
    other.iterate()
    assert other.config.network.features == ("x1^2", "x2^2")
    np.testing.assert_array_equal(other.trainer.network.predict(other.trainer.data.x_test), before)


def test_a_session_keeps_the_chosen_inputs():
    again = config_from_json(json.loads(json.dumps(config_to_json(CIRCLE))))
    assert again == CIRCLE and again.network.features == ("x1^2", "x2^2")
    plain = SessionConfig(CIRCLE.data, NetworkConfig(hidden=()), CIRCLE.train)
    assert describe_changes(plain, CIRCLE) == "inputs x1,x2 → x1^2,x2^2"
    with pytest.raises(ConfigError, match="Unknown feature 'x3'"):
        NetworkConfig(features=("x3",))


def test_crosses_on_data_that_is_not_2d_points_are_one_sentence(engine):
    table = SessionConfig(DataRequest(key="reg-1d"), NetworkConfig(features=("x1",)))
    run(engine, "reset", table)
    assert engine.rec.failures == ["Feature crosses need 2-D point data."]


# ---------------------------------------------------------------------- edit a weight
def test_an_edited_weight_changes_the_forward_pass_exactly(engine):
    run(engine, "reset", XOR)
    net = engine.trainer.network
    before = float(net.params["W2"][3, 1])
    run(engine, "edit_weight", "W2", (3, 1), -1.25)
    assert net.params["W2"][3, 1] == np.float32(-1.25)
    x = engine.trainer.data.x_test
    np.testing.assert_allclose(net.predict_proba(x), forward(net.params, x), rtol=1e-5)
    snap = engine.rec.snapshots[-1]
    state = snap.edits
    assert (state.last.key, state.last.index, state.last.old, state.last.new) == (
        "W2",
        (3, 1),
        pytest.approx(before),
        -1.25,
    )
    assert state.can_undo and not state.can_redo
    assert state.test_loss == pytest.approx(net.evaluate(x, engine.trainer.data.y_test)[0])
    assert snap.boundary is not None  # the map is redrawn at once
    # a drag: many values, one undo step back to the value before it
    run(engine, "edit_weight", "b1", (0,), 0.5)
    run(engine, "edit_weight", "b1", (0,), 0.7, True)
    assert net.params["b1"][0] == np.float32(0.7)
    run(engine, "undo_edit")
    assert net.params["b1"][0] == 0.0 and engine.rec.snapshots[-1].edits.last.new == 0.0
    run(engine, "undo_edit")
    assert net.params["W2"][3, 1] == np.float32(before)
    assert not engine.rec.snapshots[-1].edits.can_undo
    run(engine, "redo_edit")
    assert net.params["W2"][3, 1] == np.float32(-1.25)
    run(engine, "edit_weight", "W9", (0, 0), 1.0)
    assert "no parameter 'W9'" in engine.rec.failures[-1]


# ---------------------------------------------------------------------- hidden-space warp
def test_the_warp_is_computed_only_while_asked_for(engine):
    run(engine, "reset", XOR)
    assert engine.rec.snapshots[-1].warp is None
    run(engine, "view", ViewOptions(warp=(1, 0, 2)))
    warp = engine.rec.snapshots[-1].warp
    assert warp.layer == 1 and warp.neurons == (0, 2)
    ds = engine.trainer.data
    x = np.concatenate([ds.inputs("train"), ds.inputs("test")])
    h = engine.trainer.network.activations(x)[1][:, [0, 2]]
    np.testing.assert_allclose(warp.points, h, rtol=1e-5, atol=1e-6)
    run(engine, "view", ViewOptions(warp=(5, 9, 9)))  # clamped to what the network has
    assert engine.rec.snapshots[-1].warp.neurons == (2, 2)


# ---------------------------------------------------------------------- the glass box
def test_the_glass_box_steps_the_engines_own_network(engine):
    config = SessionConfig(XOR.data, XOR.network, TrainConfig(learning_rate=0.5, batch_size=None))
    run(engine, "reset", config)
    t = engine.trainer
    net = t.network
    w_before = {k: v.astype(np.float64) for k, v in net.params.items()}
    run(engine, "glass_box", 7)
    snap = engine.rec.snapshots[-1]
    reply = snap.glass_box
    box = reply.step
    assert reply.number == 1 and reply.iteration == 0 and box.sample == 7
    assert snap.iteration == t.iteration == 1 and snap.epoch == 1  # full batch: one epoch
    assert len(snap.batch_losses) == 1 and snap.batch_losses[0] == pytest.approx(box.loss)
    # a full batch is the training set in order: the network's own backward pass on it
    ref = net.astype(np.float64)
    ref.set_params(w_before)
    _, grads = ref.gradient(t.data.x_train.astype(np.float64), t.data.y_train)
    for layer in box.layers:
        np.testing.assert_allclose(layer.dW, grads[f"W{layer.index}"], rtol=1e-9, atol=1e-14)
        np.testing.assert_allclose(layer.W, w_before[f"W{layer.index}"])
        # the engine applied the update: training goes on from w − η·∂L/∂w
        np.testing.assert_allclose(
            net.params[f"W{layer.index}"], w_before[f"W{layer.index}"] - 0.5 * layer.dW, rtol=1e-5
        )
    assert box.max_rel_error < 1e-6
    assert reply.graph is not None and reply.graph.loss == pytest.approx(box.sample_loss)
    run(engine, "glass_box_sample", 2)  # another sample of the same batch, same weights
    again = engine.rec.snapshots[-1].glass_box
    assert again.number == 1 and again.step.sample == 2
    np.testing.assert_allclose(again.step.layers[0].dW, box.layers[0].dW)
    frames = len(engine.rec.snapshots)
    run(engine, "view", ViewOptions(discretize=True))  # the next frame carries no stale step
    assert len(engine.rec.snapshots) == frames + 1
    assert engine.rec.snapshots[-1].glass_box is None


def test_a_regression_networks_glass_box_has_no_softmax_graph(engine):
    reg = SessionConfig(DataRequest(key="reg-plane", samples=60), NetworkConfig(hidden=(4,)))
    run(engine, "reset", reg)
    run(engine, "glass_box", 0)
    reply = engine.rec.snapshots[-1].glass_box
    assert reply.graph is None and reply.step.layers[-1].activation == "identity"
    assert reply.step.max_rel_error < 1e-6 and engine.trainer.iteration == 1


def test_the_glass_box_refuses_wide_networks_in_one_sentence(engine):
    wide = SessionConfig(XOR.data, NetworkConfig(hidden=(40,)), XOR.train)
    run(engine, "reset", wide)
    run(engine, "glass_box", 0)
    assert engine.rec.failures == [
        "The glass box shows fully connected networks of at most 16 units a layer."
    ]
    assert engine.trainer.iteration == 0


def test_the_circle_crosses_tutorial_reaches_95_percent_headless(capsys):
    from nnviz.cli import main

    assert main(["tutorial", "run", "circle-crosses", "--json"]) == 0
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert result["reproduced"] and result["measured"]["test_accuracy"] >= 0.95
    assert result["details"]["features"] == ["x1^2", "x2^2"]
    assert result["details"]["network"] == "2-2"  # a linear model: no hidden layer


def test_a_saved_session_trains_with_its_inputs_headless(engine, tmp_path, capsys):
    from nnviz.cli import main

    run(engine, "reset", CIRCLE)
    path = tmp_path / "circle.json"
    run(engine, "export_session", str(path), False)
    assert main(["train", "--config", str(path), "--epochs", "30", "--json"]) == 0
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert result["features"] == ["x1^2", "x2^2"] and result["network"] == "2-2"
    assert result["test_accuracy"] > 0.95
