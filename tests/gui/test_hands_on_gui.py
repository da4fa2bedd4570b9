"""Issue 18 through the real widgets: feature-cross checkboxes and their input nodes, a
weight typed into a link of the network graph (and undone), the hidden-space warp, and
the glass box's numbers against the network's own passes."""

from __future__ import annotations

import json
import sys

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QAction

from tests.gui.helpers import (
    WAIT_MS,
    idle_trainer,
    make_window,
    select_dataset,
    settle,
    wait_ready,
)


def show(w, key: str) -> None:
    w.main_tabs.setCurrentWidget(w.tab(key).widget)


def reset(qtbot, w) -> None:
    before = w.model.generation
    qtbot.mouseClick(w.controls.reset, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.model.generation > before, timeout=WAIT_MS)
    wait_ready(qtbot, w)


def link_point(graph, layer: int, i: int, j: int, t: float = 0.3) -> QPointF:
    """A point on link ``i → j`` of weight layer ``layer`` (0-based), ``t`` of the way."""
    a, b = graph._nodes[layer][i], graph._nodes[layer + 1][j]
    start = a.center() + QPointF(a.width() / 2, 0)
    end = b.center() - QPointF(b.width() / 2, 0)
    return start + (end - start) * t


def number(text: str) -> float:
    """A number as the glass box prints it (a real minus sign, maybe e−5)."""
    return float(text.replace("−", "-"))


# ---------------------------------------------------------------------- feature crosses
def test_checking_x1_squared_adds_an_input_node_with_its_own_map(qtbot, tmp_path):
    w = make_window(qtbot, tmp_path)
    select_dataset(qtbot, w, "circle")
    panel = w.network_panel
    box = panel.features.boxes["x1^2"]
    assert panel.features.isVisible() and not box.isChecked()
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=box.rect().center())
    assert box.isChecked() and panel.is_pending()  # applies on Reset, like other settings
    assert w.model.info.sizes[0] == 2
    reset(qtbot, w)
    info = w.model.info
    assert info.config.network.features == ("x1", "x2", "x1^2")
    assert info.sizes[0] == 3
    show(w, "network")
    graph = w.view("network")
    qtbot.waitUntil(lambda: len(graph.weights) == 3, timeout=WAIT_MS)
    graph.repaint()
    assert len(graph._nodes[0]) == 3 and graph.input_labels == ("x₁", "x₂", "x₁²")
    assert len(graph._input_images) == 3
    # the third input's map is x₁² over the plane: white in the middle, blue at the sides
    img = graph._input_images[2]
    mid, side = img.pixelColor(20, 20), img.pixelColor(0, 20)
    assert mid.red() > 200 and mid.blue() > 200 and side.red() < 60
    assert graph.describe(graph._nodes[0][2].center()) == "input x₁²"
    # sessions keep the choice
    path = tmp_path / "crossed.json"
    with qtbot.waitSignal(w.engine.saved, timeout=WAIT_MS):
        w.engine.save_session(str(path), False)
    saved = json.loads(path.read_text())
    assert saved["config"]["network"]["features"] == ["x1", "x2", "x1^2"]


def test_the_feature_cross_lesson_separates_the_circle_with_a_linear_model(qtbot, tmp_path):
    w = make_window(qtbot, tmp_path)
    w.findChild(QAction, "tutorial:circle-crosses").trigger()
    qtbot.waitUntil(lambda: w.model.info.dataset.key == "circle", timeout=WAIT_MS)
    wait_ready(qtbot, w)
    boxes = w.network_panel.features.boxes
    assert [n for n, b in boxes.items() if b.isChecked()] == ["x1^2", "x2^2"]
    assert w.model.info.sizes == (2, 2)  # no hidden layer
    assert "x₁²" in w.tutorial_banner.description.text()
    w.set_training(True)
    qtbot.waitUntil(lambda: w.model.last_snapshot.state == "done", timeout=WAIT_MS)
    assert w.model.curves.last[4] >= 0.95  # test accuracy


# ---------------------------------------------------------------------- edit a weight
def network_window(qtbot, tmp_path):
    """A window showing the spiral's network graph, and the engine's own network."""
    w = make_window(qtbot, tmp_path)
    show(w, "network")
    graph = w.view("network")
    qtbot.waitUntil(lambda: len(graph.weights) == 3, timeout=WAIT_MS)
    graph.repaint()
    return w, graph, idle_trainer(qtbot, w).network  # (the thread engine's network)


def test_a_typed_weight_changes_the_forward_pass_exactly_and_ctrl_z_undoes_it(qtbot, tmp_path):
    w, graph, net = network_window(qtbot, tmp_path)
    old = float(net.params["W2"][3, 1])
    pos = link_point(graph, 1, 3, 1)
    assert graph.link_at(pos) == (1, 3, 1)
    qtbot.mouseClick(graph, Qt.MouseButton.LeftButton, pos=pos.toPoint())
    field = graph.editor
    qtbot.waitUntil(field.isVisible, timeout=WAIT_MS)
    assert number(field.text()) == pytest.approx(old, abs=1e-3)
    qtbot.keyClicks(field, "0.75")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: w.model.edits is not None, timeout=WAIT_MS)
    assert not field.isVisible()
    assert net.params["W2"][3, 1] == np.float32(0.75)
    x = w.model.info.dataset.x_test
    a = x.astype(np.float64)
    for k in (1, 2):
        a = np.tanh(a @ net.params[f"W{k}"] + net.params[f"b{k}"])
    z = a @ net.params["W3"] + net.params["b3"]
    probs = np.exp(z - z.max(axis=1, keepdims=True))
    probs /= probs.sum(axis=1, keepdims=True)
    np.testing.assert_allclose(net.predict_proba(x), probs, rtol=1e-5, atol=1e-7)
    label = w.tab("network").edit_label.text()
    assert label.startswith("W2[4, 2]: ") and "→ +0.7500" in label and "Loss now" in label
    # the graph shows the new weight with the next frame
    qtbot.waitUntil(lambda: graph.weights[1][3, 1] == np.float32(0.75), timeout=WAIT_MS)
    # Ctrl+Z on the graph puts the weight back
    graph.setFocus()
    undo = w.findChild(QAction, "undoWeightEditAction")
    assert undo.isEnabled()
    qtbot.keyClick(graph, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: net.params["W2"][3, 1] == np.float32(old), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not undo.isEnabled(), timeout=WAIT_MS)


def test_dragging_a_link_up_raises_its_weight_in_one_undo_step(qtbot, tmp_path):
    w, graph, net = network_window(qtbot, tmp_path)
    old = float(net.params["W1"][0, 2])
    pos = link_point(graph, 0, 0, 2, 0.5)
    assert graph.link_at(pos) == (0, 0, 2)
    qtbot.mousePress(graph, Qt.MouseButton.LeftButton, pos=pos.toPoint())
    for dy in (10, 30, 50):
        qtbot.mouseMove(graph, (pos - QPointF(0, dy)).toPoint())
    qtbot.mouseRelease(graph, Qt.MouseButton.LeftButton, pos=(pos - QPointF(0, 50)).toPoint())
    settle(qtbot, w)
    assert not graph.editor.isVisible()  # a drag opens no field
    assert float(net.params["W1"][0, 2]) == pytest.approx(old + 0.5, abs=1e-5)
    w.engine.post("undo_edit")
    settle(qtbot, w)
    assert float(net.params["W1"][0, 2]) == pytest.approx(old, abs=1e-7)


# ---------------------------------------------------------------------- hidden-space warp
def test_the_warp_shows_two_hidden_neurons_and_cycle_steps_through_pairs(qtbot, tmp_path):
    w = make_window(qtbot, tmp_path)
    tab = w.tab("warp")
    assert w.model.last_snapshot.warp is None  # nothing computed while the tab is hidden
    show(w, "warp")
    qtbot.waitUntil(lambda: w.model.last_snapshot.warp is not None, timeout=WAIT_MS)
    warp = w.model.last_snapshot.warp
    assert (warp.layer, warp.neurons) == (0, (0, 1))
    net = idle_trainer(qtbot, w).network
    ds = w.model.info.dataset
    x = np.concatenate([ds.x_train, ds.x_test])
    np.testing.assert_allclose(
        tab.view.train_points.data["x"], net.activations(x)[0][: len(ds.y_train), 0], rtol=1e-5
    )
    assert tab.pair_label.text() == "neurons 1 and 2 (pair 1 of 28)"
    qtbot.mouseClick(tab.cycle, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.model.last_snapshot.warp.neurons == (0, 2), timeout=WAIT_MS)
    assert tab.pair_label.text() == "neurons 1 and 3 (pair 2 of 28)"
    tab.layer.setCurrentIndex(1)
    qtbot.waitUntil(lambda: w.model.last_snapshot.warp.layer == 1, timeout=WAIT_MS)
    # live while training: the warped points move
    before = tab.view.train_points.data["x"].copy()
    w.set_training(True)
    qtbot.waitUntil(
        lambda: not np.allclose(tab.view.train_points.data["x"], before), timeout=WAIT_MS
    )
    w.set_training(False)
    assert w.view("warp").getPlotItem().getAxis("bottom").labelText == "layer 2, neuron 1"


# ---------------------------------------------------------------------- the glass box
def last_number(text: str) -> float:
    """The number after the last "= " of a line (a z or an update)."""
    return number(text.rsplit("= ", 1)[1].split()[0])


def line_with(text: str, start: str) -> str:
    return next(line for line in text.splitlines() if line.startswith(start))


def test_the_glass_box_shows_the_networks_own_forward_and_backward_numbers(qtbot, tmp_path):
    from nnviz.core.glassbox import fmt
    from nnviz.core.layers import softmax
    from nnviz.gui.tabs.glassbox import GRADIENT_POSITIVE

    w = make_window(qtbot, tmp_path)
    qtbot.mouseClick(w.network_panel.full_batch, Qt.MouseButton.LeftButton)
    reset(qtbot, w)  # a full batch: the batch is the training set, in order
    show(w, "glass_box")
    v = w.tab("glass_box").view
    net = idle_trainer(qtbot, w).network
    before = {k: p.astype(np.float64) for k, p in net.params.items()}
    v.sample.lineEdit().selectAll()
    qtbot.keyClicks(v.sample, "5")
    s = 4
    assert not v.forward_button.isEnabled()
    qtbot.mouseClick(v.step_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.model.glass_box.reply is not None, timeout=WAIT_MS)
    assert w.model.glass_box.reply.step.sample == s
    for _ in range(3):
        qtbot.mouseClick(v.forward_button, Qt.MouseButton.LeftButton)
    assert not v.forward_button.isEnabled() and v.backward_button.isEnabled()
    # the network's own passes with the weights the step started from
    ds = w.model.info.dataset
    x, t = ds.x_train.astype(np.float64), ds.y_train
    n = len(t)
    ref = net.astype(np.float64)
    ref.set_params(before)
    ref.loss(x, t)
    affine = [layer for layer in ref.layers if hasattr(layer, "W")]
    z = [(lay.x @ lay.W + lay.b)[s] for lay in affine]
    batch_grads = {k: g.copy() for k, g in ref.gradient(x, t)[1].items()}
    _, own = ref.gradient(x[s : s + 1], t[s : s + 1])  # this sample alone: δ·N
    graph = v.graph
    graph.repaint()
    for c, j in ((1, 2), (2, 5), (3, 1)):  # a neuron of each layer, clicked where drawn
        qtbot.mouseClick(
            graph, Qt.MouseButton.LeftButton, pos=graph._nodes[c][j].center().toPoint()
        )
        shown = line_with(v.detail.text(), "z = ")
        assert last_number(shown) == pytest.approx(z[c - 1][j], rel=1e-3, abs=1e-6)
        assert "δ = " not in v.detail.text()  # the backward pass has not been walked yet
    for _ in range(3):
        qtbot.mouseClick(v.backward_button, Qt.MouseButton.LeftButton)
    assert not v.backward_button.isEnabled()
    assert all(layer[1] == GRADIENT_POSITIVE for layer in graph.link_layers())
    for c, j in ((1, 2), (2, 5), (3, 1)):
        qtbot.mouseClick(
            graph, Qt.MouseButton.LeftButton, pos=graph._nodes[c][j].center().toPoint()
        )
        delta = line_with(v.detail.text(), "δ = ∂L/∂z = ").split("= ")[2].split()[0]
        assert number(delta) == pytest.approx(own[f"b{c}"][j] / n, rel=1e-3, abs=1e-12)
    for layer, i, j in ((0, 1, 3), (1, 6, 2), (2, 4, 0)):  # a link of each layer
        pos = link_point(graph, layer, i, j, 0.3)
        assert graph.link_at(pos) == (layer, i, j)
        qtbot.mouseClick(graph, Qt.MouseButton.LeftButton, pos=pos.toPoint())
        text = v.detail.text()
        grad = line_with(text, "∂L/∂w = ").split()[2]
        assert number(grad) == pytest.approx(batch_grads[f"W{layer + 1}"][i, j], rel=1e-3)
        numerical = number(line_with(text, "∂L/∂w = ").split("numerical ")[1].split()[0])
        assert numerical == pytest.approx(number(grad), rel=1e-3)
        new = last_number(line_with(text, "w ← "))
        lr = w.model.glass_box.reply.step.learning_rate
        assert new == pytest.approx(before[f"W{layer + 1}"][i, j] - lr * number(grad), rel=1e-3)
    # the table lists layer 1's gradients beside the numerical ones
    assert v.cell(0, 0) == "W1[1, 1]"
    assert number(v.cell(0, 2)) == pytest.approx(batch_grads["W1"][0, 0], rel=1e-3)
    # the computational graph of the same sample: the scores' backward values are y − t
    comp = v.comp
    probs = softmax(z[2][None])[0]
    for k in range(3):
        edge = comp.graph.edge("add3", f"exp{k}")
        forward, backward = comp.edge_texts(edge)
        assert forward == fmt(z[2][k], 3)
        assert number(backward) == pytest.approx(probs[k] - (k == t[s]), rel=1e-2, abs=1e-6)
    # the step was the run's next iteration, with w ← w − η·∂L/∂w applied
    assert idle_trainer(qtbot, w).iteration == 1
    np.testing.assert_allclose(
        net.params["W2"], before["W2"] - lr * batch_grads["W2"], rtol=1e-4, atol=1e-7
    )


def test_the_glass_box_says_clearly_when_the_network_is_too_wide(qtbot, tmp_path):
    w = make_window(qtbot, tmp_path)
    w.network_panel.layers.spins[0].setValue(40)
    reset(qtbot, w)
    show(w, "glass_box")
    v = w.tab("glass_box").view
    assert not v.step_button.isEnabled()
    assert "at most 16 units a layer" in v.note.text() and "40" in v.note.text()


@pytest.mark.skipif(sys.platform == "win32", reason="the process engine is tested on POSIX")
def test_edits_warp_and_glass_box_cross_into_the_engines_process(qtbot, tmp_path):
    """The app's own engine runs in another process: commands and replies are plain data."""
    w = make_window(qtbot, tmp_path, engine="process")
    qtbot.waitUntil(lambda: w.engine.pid is not None, timeout=WAIT_MS)
    w.engine.post("edit_weight", "W1", (0, 0), 0.5, False)
    qtbot.waitUntil(lambda: w.model.edits is not None, timeout=WAIT_MS)
    assert w.model.edits.last.new == 0.5
    show(w, "warp")
    qtbot.waitUntil(lambda: w.model.last_snapshot.warp is not None, timeout=WAIT_MS)
    show(w, "glass_box")
    qtbot.mouseClick(w.tab("glass_box").view.step_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.model.glass_box.reply is not None, timeout=WAIT_MS)
    reply = w.model.glass_box.reply
    assert reply.step.layers[0].W[0, 0] == pytest.approx(0.5)  # the edited network stepped
    assert reply.graph is not None and reply.step.max_rel_error < 1e-6
