"""Issue 19 in the window: schedules, per-layer activations and stopping rules, through the widgets."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtWidgets import QMessageBox, QToolButton

from nnviz.app.config import SessionConfig
from nnviz.core.modelio import load_model
from tests.gui.helpers import WAIT_MS, make_window, settle, state, step_epochs


def _reset(qtbot, w) -> None:
    before = w.model.generation
    w.controls.reset.click()
    qtbot.waitUntil(lambda: w.model.generation > before, timeout=WAIT_MS)
    settle(qtbot, w)


def test_step_schedule_shows_the_rate_in_use_and_its_curve(qtbot, tmp_path):
    w = make_window(qtbot, tmp_path)
    p = w.network_panel
    assert p.schedule.text.text() == "constant"
    assert w.curves.rate_plot.isHidden()  # a constant rate needs no curve
    p.lr.setValue(0.1)
    p.schedule.text.setText("step:1:0.5")
    assert not p.schedule.error.isVisible()
    _reset(qtbot, w)
    assert w.model.info.config.train.schedule.spec == "step:1:0.5"
    step_epochs(qtbot, w, 3)
    # epochs 1, 2, 3 trained at 0.1, 0.05, 0.025; the next one uses 0.0125
    assert w.controls.rate.text() == "Learning rate now 0.0125"
    w.curves.redraw()
    assert not w.curves.rate_plot.isHidden()
    np.testing.assert_allclose(w.curves.rate_plot.rate_data, [0.1, 0.05, 0.025], rtol=1e-6)


def test_bad_schedule_is_one_sentence_inline_and_at_reset(qtbot, tmp_path):
    w = make_window(qtbot, tmp_path)
    p = w.network_panel
    p.schedule.text.setText("step:x:0.5")
    assert p.schedule.error.isVisible()
    assert p.schedule.error.text().startswith("Bad schedule 'step:x:0.5'")
    before = w.model.generation
    w.controls.reset.click()
    box = w.findChild(QMessageBox, "errorDialog")
    assert box is not None and box.text().startswith("Bad schedule")
    settle(qtbot, w)
    assert w.model.generation == before  # nothing was rebuilt


def choose_settings(p, *, epochs, schedule, patience, layer, activation) -> None:
    """Type a schedule, set early stopping with restore-best, and one layer's activation."""
    p.epochs.setValue(epochs)
    p.schedule.text.setText(schedule)
    p.stopping.split.setCurrentIndex(p.stopping.split.findData("test"))
    p.stopping.patience.setValue(patience)
    p.stopping.restore.setChecked(True)
    p.layers.act_combos[layer].setCurrentIndex(p.layers.act_combos[layer].findData(activation))


def test_schedule_and_rules_survive_a_session_file(qtbot, tmp_path):
    w = make_window(qtbot, tmp_path)
    p = w.network_panel
    choose_settings(
        p, epochs=40, schedule="warmup:2+cosine", patience=3, layer=1, activation="gelu"
    )
    cfg = w.session_config()
    assert cfg.train.schedule.spec == "warmup:2+cosine"
    assert cfg.train.stopping.patience == 3 and cfg.train.stopping.restore_best
    assert cfg.network.activations == ("tanh", "gelu")
    # shown again from a config, as opening a session file does
    w.show_config(SessionConfig(data=cfg.data))
    assert p.schedule.text.text() == "constant" and p.stopping.patience.value() == 0
    w.show_config(cfg)
    assert p.schedule.text.text() == "warmup:2+cosine"
    assert p.stopping.patience.value() == 3 and p.stopping.restore.isChecked()
    assert p.layers.act_combos[1].currentData() == "gelu"
    assert p.layers.act_combos[0].currentData() == "tanh"


def test_per_layer_activation_builds_that_network(qtbot, tmp_path):
    w = make_window(qtbot, tmp_path)
    p = w.network_panel
    combos = p.layers.act_combos
    assert [c.currentData() for c in combos] == [None, None]  # "same": today's behaviour
    assert p.network_config().activations is None
    assert combos[0].currentText() == "same"
    titles = [combos[0].itemText(i) for i in range(combos[0].count())]
    assert {"ELU", "GELU", "Softplus", "SiLU (swish)"} <= set(titles)
    combos[0].setCurrentIndex(combos[0].findData("elu"))
    assert w.controls.pending.isVisibleTo(w.controls)
    _reset(qtbot, w)
    assert w.model.info.config.network.activations == ("elu", "tanh")
    # removing the first layer keeps the second layer's choice with it
    combos[1].setCurrentIndex(combos[1].findData("silu"))
    p.layers.findChild(QToolButton, "removeLayer1").click()
    assert [c.currentData() for c in p.layers.act_combos] == ["silu"]


def test_early_stopping_restores_the_best_epoch_as_the_user_sees_it(qtbot, tmp_path):
    w = make_window(qtbot, tmp_path)
    ds = w.dataset_panel
    ds.test_ratio.setValue(0.5)
    qtbot.waitUntil(lambda: w.model.info.dataset.has_test, timeout=WAIT_MS)
    settle(qtbot, w)
    p = w.network_panel
    p.lr.setValue(3.0)  # far too large: the test loss jumps about, so patience runs out
    p.stopping.split.setCurrentIndex(p.stopping.split.findData("test"))
    p.stopping.patience.setValue(2)
    p.stopping.restore.setChecked(True)
    _reset(qtbot, w)
    w.controls.train.click()
    qtbot.waitUntil(lambda: state(w) == "stopped", timeout=WAIT_MS)
    settle(qtbot, w)
    text = w.state_label.text()
    assert text.startswith("Stopped: test loss has not improved for 2 epochs")
    best = int(text.rsplit("epoch ", 1)[1].rstrip("."))
    curves = w.model.curves
    x, test_loss = curves.column("x"), curves.column("test_loss")
    assert test_loss[x == best][0] == test_loss.min()  # the best epoch on the curve
    # the weights the run ended with (saved as File → Save model does) give that loss
    path = tmp_path / "best.npz"
    with qtbot.waitSignal(w.engine.saved, timeout=WAIT_MS):
        w.files.save_model(str(path))
    data = w.model.info.dataset
    loss = load_model(path).network.loss(data.x_test, data.y_test)
    assert loss == pytest.approx(test_loss.min(), rel=1e-5)


def test_target_accuracy_says_why_it_stopped(qtbot, tmp_path):
    w = make_window(qtbot, tmp_path)
    p = w.network_panel
    p.lr.setValue(0.3)
    p.stopping.accuracy.setValue(60)
    _reset(qtbot, w)
    w.controls.train.click()
    qtbot.waitUntil(lambda: state(w) == "stopped", timeout=WAIT_MS)
    settle(qtbot, w)
    text = w.state_label.text()
    assert "the training accuracy reached" in text and "(target 60.00%)" in text
    assert w.model.curves.column("train_accuracy")[-1] >= 0.6
    assert not w.controls.train.isChecked()


def test_a_tutorial_brings_back_the_constant_rate_and_no_stopping_rule(qtbot, tmp_path):
    w = make_window(qtbot, tmp_path)
    p = w.network_panel
    p.epochs.setValue(50)
    p.schedule.text.setText("cosine")
    p.stopping.accuracy.setValue(90)
    assert w.menus.load_tutorial("cs231n-2layer")
    qtbot.waitUntil(lambda: w.model.info.config.train == p.train_config(), timeout=WAIT_MS)
    assert p.schedule.text.text() == "constant" and p.stopping.accuracy.value() == 0
    assert w.model.info.config.train.schedule.is_constant
    assert w.curves.rate_plot.isHidden()
