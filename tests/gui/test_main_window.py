"""The main window, driven as a user would: train, pause, step, reset, live changes, MNIST."""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QLabel, QPushButton

from nnviz.gui import MainWindow
from nnviz.gui.threads import running_threads
from tests.data.mnist_fixtures import write_idx_dataset
from tests.gui.helpers import (
    WAIT_MS,
    epoch,
    make_window,
    select_dataset,
    settle,
    state,
    train_to_the_end,
    wait_ready,
)


def _epoch_in_label(w: MainWindow) -> int:
    digits = re.sub(r"\D", "", w.findChild(QLabel, "epochLabel").text())
    return int(digits or 0)


def test_constructible_without_arguments(qtbot):
    w = MainWindow()
    qtbot.addWidget(w)
    assert w.findChild(QComboBox, "datasetCombo") is not None
    w.close()
    assert not running_threads()


FIT_SCRIPT = """
import sys, tempfile
from PySide6.QtCore import QSettings
from nnviz.gui.app import make_application
app = make_application(sys.argv[:1])
from nnviz.gui import MainWindow
w = MainWindow(QSettings(tempfile.mktemp(suffix=".ini"), QSettings.Format.IniFormat))
w.show()
app.processEvents()
free, frame = w.screen().availableGeometry(), w.frameGeometry()
print(free.width(), free.height(), frame.width(), frame.height(), w.width(), w.height())
w.close()
"""


@pytest.mark.parametrize("size", [(1366, 768), (1280, 720), (1920, 1080)])
def test_the_first_window_fits_the_screen(tmp_path, size):
    """A first start (no saved geometry) opens a window that fits a laptop's screen and
    is the full 1500×900 on a large one (a screen of that size, in its own process)."""
    width, height = size
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [{
        "name": "s", "x": 0, "y": 0, "width": width, "height": height,
        "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))  # fmt: skip
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}"}
    out = subprocess.run(
        [sys.executable, "-c", FIT_SCRIPT], env=env, capture_output=True, text=True, timeout=120
    )
    free_w, free_h, frame_w, frame_h, win_w, win_h = (int(v) for v in out.stdout.split()[-6:])
    assert (free_w, free_h) == (width, height)
    assert frame_w <= free_w and frame_h <= free_h
    assert (win_w, win_h) == (min(1500, int(width * 0.96)), min(900, int(height * 0.92)))


def test_a_tab_chosen_before_the_first_network_is_kept(qtbot, tmp_path):
    """Choosing a tab while the window starts is not undone by the first network."""
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.show()
    w.show_tab("draw")  # before the engine has built the first network
    wait_ready(qtbot, w)
    settle(qtbot, w)
    assert w.model.info is not None and w.current_tab().key == "draw"
    w.close()


def test_automation_contract(qtbot, tmp_path):
    w = make_window(qtbot, tmp_path)
    combo = w.findChild(QComboBox, "datasetCombo")
    keys = [combo.itemData(i) for i in range(combo.count())]
    assert {
        "spiral",
        "spiral-cs231n",
        "circle",
        "xor",
        "gauss",
        "moons",
        "mnist",
        "fashion-mnist",
    } <= set(keys)
    train = w.findChild(QPushButton, "trainButton")
    assert train.isCheckable()
    for name, cls in (
        ("stepButton", QPushButton),
        ("resetButton", QPushButton),
        ("epochLabel", QLabel),
        ("learningRateSpin", QDoubleSpinBox),
        ("lossPlot", pg.PlotWidget),
        ("boundaryPlot", pg.PlotWidget),
    ):
        assert w.findChild(cls, name) is not None, name
    # every interactive widget has an accessible name and a tooltip
    from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox

    for cls in (QAbstractButton, QAbstractSpinBox, QComboBox):
        for widget in w.findChildren(cls):
            if widget.objectName().startswith("qt_") or not widget.isVisibleTo(w):
                continue
            if widget.parent() is not None and type(widget.parent()).__name__ in (
                "QTabBar",
                "QScrollBar",
            ):
                continue
            assert widget.accessibleName(), widget.objectName() or widget
            assert widget.toolTip(), widget.objectName() or widget


def test_train_pause_step_reset_on_the_spiral(qtbot, tmp_path):
    w = make_window(qtbot, tmp_path)
    select_dataset(qtbot, w, "spiral")
    assert _epoch_in_label(w) == 0
    qtbot.mouseClick(w.controls.train, Qt.MouseButton.LeftButton)
    assert w.controls.train.text() == "Pause"
    qtbot.waitUntil(lambda: len(w.curves.loss_plot.x_data) >= 40, timeout=WAIT_MS)
    assert _epoch_in_label(w) >= 40
    # the loss curve has points and falls
    x, y = w.curves.loss_plot.x_data, w.curves.loss_plot.train_data
    assert len(x) >= 40
    assert y[-1] < y[0] * 0.9
    assert "Training" in w.state_label.text()

    # Pause: the counter stops
    qtbot.mouseClick(w.controls.train, Qt.MouseButton.LeftButton)
    assert w.controls.train.text() == "Train"
    qtbot.waitUntil(lambda: state(w) == "paused", timeout=WAIT_MS)
    paused_at = epoch(w)
    settle(qtbot, w)  # the engine has run everything since the pause: nothing changed
    assert epoch(w) == paused_at
    assert _epoch_in_label(w) == paused_at
    assert "Paused" in w.state_label.text()

    # Step: exactly one epoch
    qtbot.mouseClick(w.controls.step, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: epoch(w) == paused_at + 1, timeout=WAIT_MS)
    settle(qtbot, w)
    assert epoch(w) == paused_at + 1
    assert not w.controls.train.isChecked()

    # Reset: epoch 0 and empty curves
    qtbot.mouseClick(w.controls.reset, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: epoch(w) == 0 and w.model.last_snapshot is not None, timeout=WAIT_MS)
    assert _epoch_in_label(w) == 0
    assert len(w.curves.loss_plot.train_curve.getData()[0] or []) == 0
    assert len(w.curves.acc_plot.train_curve.getData()[0] or []) == 0


def test_resume_continues_from_the_same_state(qtbot, tmp_path):
    w = make_window(qtbot, tmp_path)
    w.set_training(True)
    qtbot.waitUntil(lambda: epoch(w) >= 5, timeout=WAIT_MS)
    w.set_training(False)
    qtbot.waitUntil(lambda: state(w) == "paused", timeout=WAIT_MS)
    paused_at, points = epoch(w), len(w.model.curves)
    w.set_training(True)
    qtbot.waitUntil(lambda: epoch(w) >= paused_at + 5, timeout=WAIT_MS)
    x = w.model.curves.column("x")
    assert len(x) > points
    assert np.all(np.diff(x) > 0)  # one curve, continued, not restarted


def test_learning_rate_change_applies_while_training(qtbot, tmp_path):
    w = make_window(qtbot, tmp_path)
    w.set_training(True)
    qtbot.waitUntil(lambda: epoch(w) >= 3, timeout=WAIT_MS)
    gen, before = w.model.generation, epoch(w)
    spin = w.findChild(QDoubleSpinBox, "learningRateSpin")
    spin.setValue(0.2)
    qtbot.waitUntil(
        lambda: w.model.last_snapshot.learning_rate == pytest.approx(0.2), timeout=WAIT_MS
    )
    assert w.model.generation == gen  # no reset happened
    assert epoch(w) >= before
    assert state(w) == "training"
    assert not w.controls.pending.isVisible()


def test_network_changes_wait_for_reset(qtbot, tmp_path):
    w = make_window(qtbot, tmp_path)
    sizes = w.model.info.sizes
    w.network_panel.layers.add_layer()
    assert w.controls.pending.isVisible()
    assert w.model.info.sizes == sizes
    w.reset()
    qtbot.waitUntil(lambda: len(w.model.info.sizes) == len(sizes) + 1, timeout=WAIT_MS)
    assert not w.controls.pending.isVisible()


def test_boundary_is_drawn_at_200_cells(qtbot, tmp_path):
    w = make_window(qtbot, tmp_path)
    img = w.view("boundary").image.image
    assert img is not None and img.shape[:2] == (200, 200)
    before = img.copy()
    w.set_training(True)
    qtbot.waitUntil(lambda: epoch(w) >= 20, timeout=WAIT_MS)
    w.set_training(False)
    assert not np.array_equal(w.view("boundary").image.image, before)  # the boundary moved
    # train points filled, test points hollow; the toggle hides test points
    select_dataset(qtbot, w, "circle")
    assert len(w.view("boundary").test_points.data) == 250
    w.tab("boundary").test_points_action.setChecked(False)
    assert not w.view("boundary").test_points.isVisible()


def test_discretize_toggle_redraws_the_boundary(qtbot, tmp_path):
    w = make_window(qtbot, tmp_path)
    w.tab("boundary").discretize_action.setChecked(True)

    def colours() -> int:
        img = w.view("boundary").image.image
        return len(np.unique(img.reshape(-1, 3), axis=0))

    # discretized: one colour per class, so only a handful of distinct colours
    qtbot.waitUntil(lambda: colours() <= 3, timeout=WAIT_MS)


def test_space_shortcut_toggles_training(qtbot, tmp_path):
    w = make_window(qtbot, tmp_path)
    w.activateWindow()
    w.menus.train_action.trigger()
    assert w.controls.train.isChecked()
    qtbot.waitUntil(lambda: state(w) == "training", timeout=WAIT_MS)
    w.menus.train_action.trigger()
    qtbot.waitUntil(lambda: state(w) == "paused", timeout=WAIT_MS)
    assert [s.toString() for s in w.menus.train_action.shortcuts()] == ["Space"]
    assert {s.toString() for s in w.menus.step_action.shortcuts()} == {"Right"}
    assert w.menus.reset_action.shortcut().toString() == "Ctrl+R"


def test_divergence_pauses_and_reset_recovers(qtbot, tmp_path):
    w = make_window(qtbot, tmp_path)
    w.network_panel.lr.setValue(100.0)
    w.set_training(True)
    qtbot.waitUntil(lambda: state(w) == "diverged", timeout=WAIT_MS)
    assert "diverged at epoch" in w.state_label.text().lower()
    assert not w.controls.train.isChecked()
    w.network_panel.lr.setValue(0.03)
    w.reset()
    qtbot.waitUntil(lambda: state(w) == "idle" and epoch(w) == 0, timeout=WAIT_MS)
    w.set_training(True)
    qtbot.waitUntil(lambda: epoch(w) >= 5, timeout=WAIT_MS)
    assert state(w) == "training"


def test_epoch_limit_stops_training(qtbot, tmp_path):
    w = make_window(qtbot, tmp_path)
    train_to_the_end(qtbot, w, 7)
    assert epoch(w) == 7
    assert not w.controls.train.isChecked()


def test_train_after_the_epoch_limit_does_not_leave_pause_showing(qtbot, tmp_path):
    # Space (or Train) once the limit was reached: the button said "Pause" while nothing ran.
    w = make_window(qtbot, tmp_path)
    train_to_the_end(qtbot, w, 3)
    w.controls.train.click()
    settle(qtbot, w)
    qtbot.waitUntil(lambda: not w.controls.train.isChecked(), timeout=WAIT_MS)
    assert w.controls.train.text() == "Train" and epoch(w) == 3 and state(w) == "done"


def test_mnist_from_small_idx_files_fills_the_gallery(qtbot, tmp_path):
    folder = tmp_path / "mnist"
    write_idx_dataset(folder, n_train=300, n_test=80, gz=True)
    w = make_window(qtbot, tmp_path)
    w.dataset_panel.set_data_dir("mnist", str(folder))
    select_dataset(qtbot, w, "mnist")
    assert w.main_tabs.currentWidget() is w.view("digits").parentWidget()
    assert len(w.view("digits").shown) == 64
    assert w.view("digits").predictions is None  # before training: the digits with their labels
    assert str(folder) in w.dataset_panel.location.text()
    w.set_training(True)
    qtbot.waitUntil(
        lambda: epoch(w) >= 1 and w.view("digits").predictions is not None, timeout=WAIT_MS
    )
    assert w.view("digits").predictions.shape == (80,)
    assert "true:" in w.view("digits").tooltip_text(0)


def test_missing_mnist_offers_download_and_choose_folder(qtbot, tmp_path):
    w = make_window(qtbot, tmp_path)
    gen = w.model.generation
    w.dataset_panel.set_data_dir("mnist", str(tmp_path / "empty"))
    w.dataset_panel.combo.setCurrentIndex(w.dataset_panel.combo.findData("mnist"))
    panel = w.dataset_panel
    assert panel.download.isVisibleTo(w)
    assert panel.choose_folder.isVisibleTo(w)
    assert "not found" in panel.location.text()
    assert "not found" in w.state_label.text()
    assert w.model.generation == gen  # the previous dataset and network stay usable
    w.set_training(True)
    qtbot.waitUntil(lambda: epoch(w) >= 2, timeout=WAIT_MS)
    # choosing a folder with the files loads them
    folder = tmp_path / "digits"
    write_idx_dataset(folder, n_train=100, n_test=20)
    w.files.use_data_folder(str(folder))
    qtbot.waitUntil(lambda: w.model.info.dataset.key == "mnist", timeout=WAIT_MS)
    assert len(w.model.info.dataset.y_test) == 20


def test_closing_while_training_stops_the_thread(qtbot, tmp_path):
    w = make_window(qtbot, tmp_path)
    w.set_training(True)
    qtbot.waitUntil(lambda: state(w) == "training" and epoch(w) >= 2, timeout=WAIT_MS)
    assert w.engine.thread.isRunning()
    w.close()
    assert not w.engine.thread.isRunning()
    assert not running_threads()


def test_settings_persist_and_corrupt_settings_fall_back(qtbot, tmp_path):
    w = make_window(qtbot, tmp_path)
    select_dataset(qtbot, w, "moons")
    w.network_panel.lr.setValue(0.5)
    w.network_panel.layers.add_layer()
    w.resize(1111, 777)
    w.close()
    w2 = make_window(qtbot, tmp_path)
    assert w2.dataset_panel.key == "moons"
    assert w2.network_panel.lr.value() == pytest.approx(0.5)
    assert len(w2.network_panel.layers.sizes()) == 3
    assert w2.model.info.dataset.key == "moons"
    w2.close()
    # garbage in every key: defaults, no crash
    (tmp_path / "bad.ini").write_bytes(
        b'[General]\nversion=1\nsession\\config="{not json"\nwindow\\geometry=@ByteArray(\\0\\xff)\n'
    )
    w3 = make_window(qtbot, tmp_path, "bad.ini")
    assert w3.dataset_panel.key == "spiral"
    w3.close()
    (tmp_path / "bin.ini").write_bytes(bytes(range(256)) * 4)
    w4 = make_window(qtbot, tmp_path, "bin.ini")
    assert w4.dataset_panel.key == "spiral"


def test_export_png_and_csv(qtbot, tmp_path):
    w = make_window(qtbot, tmp_path)
    w.set_training(True)
    qtbot.waitUntil(lambda: epoch(w) >= 5 and len(w.model.curves) >= 5, timeout=WAIT_MS)
    w.set_training(False)
    png = tmp_path / "view.png"
    assert w.files.export_view(str(png))
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    out = tmp_path / "loss.csv"
    assert w.files.export_csv(str(out))
    with out.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) >= 5
    assert [int(r["epoch"]) for r in rows[:3]] == [1, 2, 3]
    assert float(rows[0]["train_loss"]) > 0
    # an unwritable path: one message, no crash
    assert not w.files.export_csv(str(tmp_path / "no" / "such" / "dir.csv"))
    qtbot.waitUntil(lambda: "Could not write" in w.state_label.text(), timeout=WAIT_MS)


def test_save_and_open_model_round_trip(qtbot, tmp_path):
    w = make_window(qtbot, tmp_path)
    w.set_training(True)
    qtbot.waitUntil(lambda: epoch(w) >= 10, timeout=WAIT_MS)
    w.set_training(False)
    qtbot.waitUntil(lambda: state(w) == "paused", timeout=WAIT_MS)
    path = tmp_path / "model.npz"
    # (waitSignal would run its callback on the worker thread: wait on the GUI instead)
    w.files.save_model(str(path))
    qtbot.waitUntil(lambda: "Saved to" in w.state_label.text(), timeout=WAIT_MS)
    assert path.is_file()
    trained_boundary = w.view("boundary").image.image.copy()
    w.reset()
    qtbot.waitUntil(lambda: epoch(w) == 0, timeout=WAIT_MS)
    gen = w.model.generation
    assert w.files.open_model(str(path))
    qtbot.waitUntil(lambda: w.model.generation > gen, timeout=WAIT_MS)
    wait_ready(qtbot, w)
    np.testing.assert_array_equal(w.view("boundary").image.image, trained_boundary)
    # a broken file: error dialog, previous model kept
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"not a zip")
    gen = w.model.generation
    assert not w.files.open_model(str(bad))
    assert "not a readable nnviz model" in w.state_label.text()
    assert w.model.generation == gen


def test_about_text_names_versions():
    from nnviz.gui.menus import about_text

    text = about_text()
    assert "NumPy" in text and "PySide6" in text and "pyqtgraph" in text


def test_settings_object_is_not_shared_between_windows(qtbot, tmp_path):
    s = QSettings(str(tmp_path / "x.ini"), QSettings.Format.IniFormat)
    w = MainWindow(s)
    qtbot.addWidget(w)
    wait_ready(qtbot, w)
    w.close()
    assert s.value("session/config")
