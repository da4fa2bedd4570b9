"""Tutorials in the app: one click sets every panel; the published figure sits beside yours."""

from __future__ import annotations

import json

import numpy as np
import pytest

from nnviz.cli import main
from tests.gui.helpers import (
    WAIT_MS,
    epoch,
    idle_trainer,
    make_window,
    state,
    train_to_the_end,
    wait_ready,
)


def test_every_tutorial_has_a_menu_action(qtbot, tmp_path):
    from nnviz.app.tutorials import TUTORIALS

    w = make_window(qtbot, tmp_path)
    from PySide6.QtGui import QAction

    for name in TUTORIALS:
        assert w.findChild(QAction, f"tutorial:{name}") is not None, name


def test_cs231n_2layer_sets_the_panels_and_shows_published_vs_you(qtbot, tmp_path):
    from PySide6.QtGui import QAction

    w = make_window(qtbot, tmp_path)
    w.findChild(QAction, "tutorial:cs231n-2layer").trigger()
    qtbot.waitUntil(lambda: w.model.info.dataset.key == "spiral-cs231n", timeout=WAIT_MS)
    wait_ready(qtbot, w)
    assert w.dataset_panel.combo.currentData() == "spiral-cs231n"
    assert w.network_panel.lr.value() == pytest.approx(1.0)
    assert w.network_panel.layers.sizes() == (100,)
    assert w.network_panel.activation.currentData() == "relu"
    assert w.network_panel.full_batch.isChecked()
    assert w.network_panel.l2.value() == pytest.approx(1e-3)
    assert w.model.info.sizes == (2, 100, 3)
    banner = w.tutorial_banner
    assert banner.isVisible()
    assert "CS231n" in banner.title.text()
    assert "ReLU" in banner.description.text()
    assert banner.line.text().startswith("CS231n: train accuracy 98.0%")
    w.set_training(True)
    qtbot.waitUntil(lambda: epoch(w) >= 200, timeout=WAIT_MS)
    first = banner.line.text()
    assert first.startswith("CS231n: 98.0% · you: ")
    assert " at epoch " in first
    qtbot.waitUntil(lambda: banner.line.text() != first, timeout=WAIT_MS)  # it updates live
    w.set_training(False)


def test_dlfs2_spiral_plots_the_loss_per_10_iterations(qtbot, tmp_path):
    w = make_window(qtbot, tmp_path)
    assert w.menus.load_tutorial("dlfs2-spiral")
    qtbot.waitUntil(lambda: w.model.info.config.network.hidden == (10,), timeout=WAIT_MS)
    wait_ready(qtbot, w)
    assert w.curves.loss_every == 10
    assert w.network_panel.epochs.value() == 300
    # DLFS2 prints no final figures: the banner says they come from re-running its code.
    banner = w.tutorial_banner.line.text()
    assert banner == "DLFS2 source code, re-run: 0.1168 / 96.33% · you: press Train"
    assert w.network_panel.train_config().rng == "book"  # kept across a Reset
    w.set_training(True)
    qtbot.waitUntil(lambda: state(w) == "done", timeout=WAIT_MS)
    # 300 epochs × 10 iterations, one point per 10 iterations
    x, y = w.curves.loss_plot.x_data, w.curves.loss_plot.train_data
    assert len(x) == 300 and x[0] == 10 and x[-1] == 3000
    assert y[-1] < 0.2 < y[0]
    assert w.curves.loss_plot.x_name == "iteration"
    line = w.tutorial_banner.line.text()
    assert line.startswith("DLFS2 source code, re-run: 96.33% · you: ") and "at epoch 300" in line
    # The app's run is the source's: the final 10-iteration mean is the re-run's 0.1168.
    assert y[-1] == pytest.approx(0.1168, abs=5e-5)


def test_numerical_gradient_choice_shows_its_cost(qtbot, tmp_path):
    w = make_window(qtbot, tmp_path)
    panel = w.network_panel
    panel.gradient.setCurrentIndex(panel.gradient.findData("numerical"))
    assert panel.gradient_cost.isVisible()
    # spiral 2-8-8-3 has 123 parameters: 246 forward passes per step
    assert "246 forward passes per step" in panel.gradient_cost.text()
    assert w.controls.pending.isVisible()
    w.reset()
    qtbot.waitUntil(lambda: w.model.info.config.train.gradient == "numerical", timeout=WAIT_MS)
    label = w.controls.iteration
    assert "backprop" not in label.text()  # nothing to compare yet
    w.step()
    qtbot.waitUntil(lambda: epoch(w) == 1, timeout=WAIT_MS)
    # the step's central differences beside backprop on the same batch, read off the panel
    qtbot.waitUntil(lambda: "vs backprop" in label.text(), timeout=WAIT_MS)
    assert idle_trainer(qtbot, w).network.dtype == np.float32  # differences taken in float64
    error = float(label.text().rsplit(" ", 1)[1])
    assert 0 < error < 1e-6, label.text()


def test_session_from_the_app_reproduces_headless_with_train_config(qtbot, tmp_path, capsys):
    w = make_window(qtbot, tmp_path)
    train_to_the_end(qtbot, w, 30)
    gui_loss = w.model.curves.last[1]
    path = tmp_path / "spiral.json"
    w.files.save_session(str(path), with_weights=False)
    qtbot.waitUntil(lambda: path.is_file(), timeout=WAIT_MS)
    capsys.readouterr()
    assert main(["train", "--config", str(path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert out["epochs"] == 30
    assert out["final_train_loss"] == gui_loss


def test_cli_rejects_an_unknown_tutorial_and_a_missing_session(capsys, tmp_path):
    assert main(["--tutorial", "nope"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "dlfs2-spiral" in err[0]
    assert main(["--session", str(tmp_path / "none.json")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_pause_is_prompt_even_during_a_slow_numerical_step(qtbot, tmp_path):
    import time

    w = make_window(qtbot, tmp_path)
    panel = w.network_panel
    panel.layers.set_sizes((300, 300))  # ~92,000 parameters: one numerical step takes many seconds
    panel.gradient.setCurrentIndex(panel.gradient.findData("numerical"))
    w.reset()
    qtbot.waitUntil(lambda: w.model.info.config.train.gradient == "numerical", timeout=WAIT_MS)
    wait_ready(qtbot, w)
    w.set_training(True)
    qtbot.waitUntil(lambda: state(w) == "training", timeout=WAIT_MS)
    started = time.monotonic()
    w.set_training(False)
    qtbot.waitUntil(lambda: state(w) == "paused", timeout=WAIT_MS)
    assert time.monotonic() - started < 2.0
    assert w.model.last_snapshot.iteration == 0  # the abandoned step left no trace
    # Step still works: the weights were restored exactly, and a small net steps fine
    panel.layers.set_sizes((4,))
    w.reset()
    qtbot.waitUntil(lambda: w.model.info.sizes == (2, 4, 3), timeout=WAIT_MS)
    wait_ready(qtbot, w)
    w.step()
    qtbot.waitUntil(lambda: epoch(w) == 1, timeout=WAIT_MS)


def test_the_controls_show_how_far_a_numerical_step_got(qtbot, tmp_path):
    w = make_window(qtbot, tmp_path, show=False)
    w.controls.show_progress(0, 0, 0.0, 0.0, (12_345, 39_760))
    assert w.controls.iteration.text() == "Iteration 0 · numerical step 12,345 / 39,760 parameters"
    w.controls.show_progress(1, 1, 0.0, 0.0)
    assert w.controls.iteration.text() == "Iteration 1"


def test_the_sources_losses_sit_on_the_loss_curve_as_markers(qtbot, tmp_path):
    import numpy as np

    w = make_window(qtbot, tmp_path)
    plot = w.curves.loss_plot
    assert not plot.markers.isVisible()  # no tutorial, no markers
    assert w.menus.load_tutorial("cs231n-2layer")
    qtbot.waitUntil(lambda: w.model.info.dataset.key == "spiral-cs231n", timeout=WAIT_MS)
    wait_ready(qtbot, w)
    # Full batch: one iteration per epoch, so the loss of (0-based) iteration i is the
    # curve's point at x = i + 1.
    x, y = plot.marker_data
    np.testing.assert_array_equal(x, [1, 1001, 7001, 9001])
    np.testing.assert_array_equal(y, [1.0987, 0.2949, 0.2454, 0.2453])
    assert plot.markers.isVisible() and plot.marker_label == "source"
    w.network_panel.lr.setValue(0.5)  # (a live change: the markers stay)
    w.set_training(True)
    qtbot.waitUntil(lambda: epoch(w) >= 2 and len(plot.x_data) >= 2, timeout=WAIT_MS)
    # While it trains, the source's figures stay on the curve.
    assert state(w) == "training" and plot.markers.isVisible()
    np.testing.assert_array_equal(plot.marker_data[1], y)
    w.set_training(False)
    qtbot.waitUntil(lambda: state(w) == "paused", timeout=WAIT_MS)
    # The first marker sits on the curve's first point: the same iteration, the same loss.
    assert plot.x_data[0] == x[0]
    assert abs(plot.train_data[0] - y[0]) < 2e-4
    # Means of 10 iterations are other units: the per-iteration figures leave.
    w.curves.set_loss_every(10)
    assert not plot.markers.isVisible()

    # DLFS2 plots means of 10 iterations: its re-run figure is the last window's mean.
    assert w.menus.load_tutorial("dlfs2-spiral")
    qtbot.waitUntil(lambda: w.model.info.dataset.key == "spiral", timeout=WAIT_MS)
    wait_ready(qtbot, w)
    x, y = plot.marker_data
    np.testing.assert_array_equal(x, [3000])
    np.testing.assert_array_equal(y, [0.1168])
    assert plot.marker_label == "source code, re-run"
    w.curves.set_loss_every(100)
    assert not plot.markers.isVisible()
    w.tutorial_banner._close()
    w.curves.set_loss_every(10)
    assert not plot.markers.isVisible()


def test_the_banner_says_training_until_the_first_figure(qtbot):
    """Before the first epoch ends (a numerical-gradient step takes minutes) the banner
    says the run is under way, not "press Train"."""
    import numpy as np

    from nnviz.app.model import AppModel, TutorialLine
    from nnviz.app.snapshot import Snapshot
    from nnviz.app.tutorials import tutorial
    from nnviz.gui.tutorial_banner import TutorialBanner

    banner = TutorialBanner()
    qtbot.addWidget(banner)
    model = AppModel()
    banner.connect_model(model)
    banner.show_tutorial(tutorial("numerical-gradient"))
    assert banner.line.text().endswith("· you: press Train")

    def snap(state: str) -> Snapshot:
        return Snapshot(0, state, "", 0, 0, 0, 0.0, 0.0, 0.1, np.empty(0, np.float32), ())

    no_figure_yet = TutorialLine("test_accuracy", None, None, 0)  # what such frames bring
    model.last_snapshot = snap("training")
    banner.show_line(no_figure_yet)
    assert banner.line.text().endswith("· you: training…")
    model.last_snapshot = snap("paused")
    banner.show_line(no_figure_yet)
    assert banner.line.text().endswith("· you: press Train")
