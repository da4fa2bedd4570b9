"""Issue 18 in the window: paint your own points, regression views, scrub through training.

Every test drives the real widgets: clicks land at pixels computed from data coordinates
through the plot's view box, and the checks read what the engine trains on and what the
views draw.
"""

from __future__ import annotations

import csv

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtWidgets import QMessageBox

from nnviz.core.boundary import colorize_values
from tests.gui.helpers import (
    WAIT_MS,
    epoch,
    idle_trainer,
    make_window,
    select_dataset,
    settle,
    step_epochs,
)

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def pixel_of(view, x: float, y: float) -> QPoint:
    """The viewport pixel that shows data point (x, y)."""
    vb = view.getPlotItem().vb
    return view.mapFromScene(vb.mapViewToScene(QPointF(x, y)))


def data_at(view, pixel: QPoint) -> np.ndarray:
    """The data coordinates a click on ``pixel`` reports (what a painted point gets)."""
    p = view.getPlotItem().vb.mapSceneToView(view.mapToScene(pixel))
    return np.float32([p.x(), p.y()])


def click(qtbot, view, x: float, y: float, modifier=Qt.KeyboardModifier.NoModifier):
    """Click the view at data point (x, y); returns the exact data coordinates clicked."""
    pixel = pixel_of(view, x, y)
    exact = data_at(view, pixel)
    # within one pixel of where we aimed
    sx, sy = view.getPlotItem().vb.viewPixelSize()
    assert abs(exact[0] - x) <= abs(sx) and abs(exact[1] - y) <= abs(sy)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifier, pixel)
    return exact


def trainer(qtbot, w):
    return idle_trainer(qtbot, w)  # the thread engine's own objects, behind the barrier


@pytest.fixture
def xor(qtbot, tmp_path):
    w = make_window(qtbot, tmp_path)
    select_dataset(qtbot, w, "xor")
    w.show_tab("boundary")
    settle(qtbot, w)
    return w


def test_a_click_adds_a_point_of_the_chosen_class_at_the_clicked_coordinates(qtbot, xor):
    w = xor
    view, tools = w.view("boundary"), w.tab("boundary").tools
    assert [b.text() for b in tools.class_buttons] == ["0", "1"]
    n = len(trainer(qtbot, w).data.y_train)
    qtbot.mouseClick(tools.class_buttons[1], Qt.MouseButton.LeftButton)
    exact = click(qtbot, view, 1.5, -2.0)
    settle(qtbot, w)
    data = trainer(qtbot, w).data
    assert len(data.y_train) == n + 1
    np.testing.assert_array_equal(data.x_train[-1], exact)
    assert data.y_train[-1] == 1
    # shift-click: the next class; the point is drawn where it was clicked
    exact = click(qtbot, view, -3.0, 4.0, SHIFT)
    settle(qtbot, w)
    assert trainer(qtbot, w).data.y_train[-1] == 0
    np.testing.assert_array_equal(view.train_points.data["x"][-1], exact[0])
    assert len(view.train_points.data) == n + 2
    qtbot.waitUntil(lambda: "data edited" in w.controls.epoch.text(), timeout=WAIT_MS)


def test_ctrl_click_deletes_the_nearest_point_and_ctrl_z_brings_it_back(qtbot, xor):
    w = xor
    view = w.view("boundary")
    data = trainer(qtbot, w).data
    n = len(data.y_train)
    target = data.x_train[7].copy()
    click(qtbot, view, float(target[0]), float(target[1]), CTRL)
    settle(qtbot, w)
    after = trainer(qtbot, w).data
    assert len(after.y_train) == n - 1
    assert not (after.x_train == target).all(axis=1).any()
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL)  # undo
    settle(qtbot, w)
    assert len(trainer(qtbot, w).data.y_train) == n
    assert (trainer(qtbot, w).data.x_train == target).all(axis=1).any()
    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL | SHIFT)  # redo
    settle(qtbot, w)
    assert len(trainer(qtbot, w).data.y_train) == n - 1
    tools = w.tab("boundary").tools
    qtbot.mouseClick(tools.undo_button, Qt.MouseButton.LeftButton)
    settle(qtbot, w)
    assert len(trainer(qtbot, w).data.y_train) == n


def test_the_eraser_deletes_and_a_click_far_from_points_deletes_nothing(qtbot, xor):
    w = xor
    view, tools = w.view("boundary"), w.tab("boundary").tools
    qtbot.mouseClick(tools.eraser, Qt.MouseButton.LeftButton)
    assert w.model.paint.tool == "erase"
    n = len(trainer(qtbot, w).data.y_train)
    p = trainer(qtbot, w).data.x_train[0]
    click(qtbot, view, float(p[0]), float(p[1]))
    settle(qtbot, w)
    assert len(trainer(qtbot, w).data.y_train) == n - 1
    xmin, xmax, ymin, ymax = w.model.info.extent
    click(qtbot, view, xmax - 0.05, ymax - 0.05)  # a corner: no point within 12 pixels
    settle(qtbot, w)
    assert len(trainer(qtbot, w).data.y_train) == n - 1
    assert "No point near" in w.state_label.text()
    qtbot.mouseClick(tools.class_buttons[0], Qt.MouseButton.LeftButton)
    assert w.model.paint.tool == "add" and not tools.eraser.isChecked()


def test_the_network_keeps_its_weights_across_an_edit_and_trains_on(qtbot, xor):
    w = xor
    step_epochs(qtbot, w, 2)
    before = {k: v.copy() for k, v in trainer(qtbot, w).network.params.items()}
    click(qtbot, w.view("boundary"), 0.5, 0.5)
    settle(qtbot, w)
    for k, v in trainer(qtbot, w).network.params.items():
        np.testing.assert_array_equal(v, before[k])
    assert epoch(w) == 2
    step_epochs(qtbot, w, 1)
    assert w.controls.epoch.text() == "Epoch 3 · data edited"


def test_reset_keeps_the_painted_points_and_the_file_menu_saves_them(qtbot, xor, tmp_path):
    w = xor
    exact = click(qtbot, w.view("boundary"), 2.5, 2.5)
    settle(qtbot, w)
    n = len(trainer(qtbot, w).data.y_train)
    gen = w.model.generation
    qtbot.mouseClick(w.controls.reset, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.model.generation > gen, timeout=WAIT_MS)
    assert len(trainer(qtbot, w).data.y_train) == n
    np.testing.assert_array_equal(trainer(qtbot, w).data.x_train[-1], exact)
    assert len(w.view("boundary").train_points.data) == n
    assert w.tab("boundary").tools.undo_button.isEnabled()  # the undo steps stay too
    out = tmp_path / "painted.csv"
    assert w.files.export_data(str(out))
    with out.open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["split"] == "train"]
    assert len(rows) == n
    assert (float(rows[-1]["x"]), float(rows[-1]["y"])) == pytest.approx(tuple(exact), abs=1e-5)


def test_deleting_the_last_training_point_is_one_sentence_in_a_dialog(qtbot, tmp_path):
    w = make_window(qtbot, tmp_path)
    select_dataset(qtbot, w, "reg-1d")
    view = w.view("curve")
    data = trainer(qtbot, w).data
    for x, y in zip(data.x_train[1:, 0], data.y_train[1:], strict=True):
        click(qtbot, view, float(x), float(y), CTRL)
    settle(qtbot, w)
    assert len(trainer(qtbot, w).data.y_train) == 1
    x, y = float(data.x_train[0, 0]), float(data.y_train[0])
    click(qtbot, view, x, y, CTRL)
    box = w.findChild(QMessageBox, "errorDialog")
    assert box is not None and box.text() == "Keep at least one training point."
    assert len(trainer(qtbot, w).data.y_train) == 1


def test_the_one_dimensional_tab_adds_clicked_points_and_draws_the_fit(qtbot, tmp_path):
    w = make_window(qtbot, tmp_path)
    select_dataset(qtbot, w, "reg-1d")
    tab = w.tab("curve")
    assert w.current_tab() is tab
    assert not w.main_tabs.isTabVisible(w.main_tabs.indexOf(w.tab("boundary").widget))
    view = tab.view
    n = len(trainer(qtbot, w).data.y_train)
    exact = click(qtbot, view, 1.0, -3.0)
    settle(qtbot, w)
    data = trainer(qtbot, w).data
    assert len(data.y_train) == n + 1
    assert (data.x_train[-1, 0], data.y_train[-1]) == (exact[0], exact[1])
    step_epochs(qtbot, w, 2)
    xs, ys = view.fit.getData()
    np.testing.assert_allclose(
        ys,
        trainer(qtbot, w).network.scores(xs[:, None].astype(np.float32))[:, 0],
        rtol=1e-5,
        atol=1e-6,
    )
    assert view.shown_units == 0
    tab.units_check.setChecked(True)
    step_epochs(qtbot, w, 1)
    assert view.shown_units == sum(trainer(qtbot, w).network.hidden_sizes)
    # Ctrl-click deletes the point again, undo brings it back
    click(qtbot, view, float(exact[0]), float(exact[1]), CTRL)
    settle(qtbot, w)
    assert len(trainer(qtbot, w).data.y_train) == n
    qtbot.mouseClick(tab.tools.undo_button, Qt.MouseButton.LeftButton)
    settle(qtbot, w)
    assert len(trainer(qtbot, w).data.y_train) == n + 1
    assert w.curves.loss_plot.getPlotItem().getAxis("left").labelText == "MSE"
    assert w.curves.metrics.text().startswith("RMSE train ")
    assert " · R² train " in w.curves.metrics.text()


def test_the_regression_heatmap_shows_the_prediction_under_a_colour_bar(qtbot, tmp_path):
    w = make_window(qtbot, tmp_path)
    select_dataset(qtbot, w, "reg-plane")
    step_epochs(qtbot, w, 3)
    view = w.view("boundary")
    lo, hi = w.model.info.value_range
    assert view.color_bar is not None and view.color_bar.levels() == (lo, hi)
    view.train_points.setVisible(False)  # read the map itself, not the points over it
    view.test_points.setVisible(False)
    for overlay in (view.readout, view.caption, view.legend):  # (nor a box where a stray
        overlay.setVisible(False)  # pointer or a caption sits: white at 220/255 over it)
    w.views_changed()  # the map of these very weights for the view as it is now …
    settle(qtbot, w)  # … has arrived (seen twice in parallel runs: a map 4 % of the range off)
    image = view.viewport().grab().toImage()
    net = trainer(qtbot, w).network
    x0, x1, y0, y1 = w.model.last_snapshot.boundary_extent
    res = w.model.last_snapshot.boundary.shape[0]
    for x, y in ((-4.0, 4.5), (3.0, -2.0), (5.0, 5.0), (0.0, 0.0)):
        pixel = pixel_of(view, x, y)
        shown = image.pixelColor(pixel)
        # the map's cell under that pixel shows the prediction at the cell's centre
        px, py = data_at(view, pixel)
        i = min(int((px - x0) / (x1 - x0) * res), res - 1)
        j = min(int((py - y0) / (y1 - y0) * res), res - 1)
        cx, cy = x0 + (i + 0.5) * (x1 - x0) / res, y0 + (j + 0.5) * (y1 - y0) / res
        pred = float(net.scores(np.float32([[cx, cy]]))[0, 0])
        want = colorize_values(np.float32([pred]), lo, hi)[0]
        got = (shown.red(), shown.green(), shown.blue())
        assert np.abs(np.int32(got) - want).max() <= 8, (x, y, pred, got, want)
    assert w.curves.acc_plot.getPlotItem().getAxis("left").labelText == "R²"
    select_dataset(qtbot, w, "xor")  # back to classes: no colour bar, accuracy again
    assert view.color_bar is None and view.value_range is None
    assert w.curves.acc_plot.getPlotItem().getAxis("left").labelText == "accuracy"
    assert not w.curves.metrics.isVisible()


def test_the_replay_slider_shows_an_earlier_frame_and_goes_live_at_the_end(qtbot, xor):
    w = xor
    step_epochs(qtbot, w, 5)
    tab = w.tab("boundary")
    slider, label = tab.replay_bar.slider, tab.replay_bar.label
    replay = w.model.replay
    assert len(replay) == 6 and slider.maximum() == 5 and slider.value() == 5
    assert label.text() == "Live · epoch 5"
    slider.setSliderDown(True)  # the user grabs the handle and drags it back
    slider.setValue(2)
    view = tab.view
    assert view.replay_image.isVisible() and not view.image.isVisible()
    np.testing.assert_array_equal(view.replay_image.image, replay.frame(2))
    assert replay.epoch(2) == 2 and label.text().startswith("Epoch 2 · iteration ")
    assert "Replay of epoch 2" in view.caption.text()
    slider.setValue(5)  # still held at the end: that frame, not yet live
    assert view.replay_image.isVisible()
    slider.setSliderDown(False)  # released at the end: live again
    assert not view.replay_image.isVisible() and view.image.isVisible()
    assert label.text() == "Live · epoch 5"
    step_epochs(qtbot, w, 1)
    assert slider.maximum() == 6 and slider.value() == 6


def test_painted_points_cross_to_the_engine_process_and_survive_reset(qtbot, tmp_path):
    w = make_window(qtbot, tmp_path, engine="process")
    select_dataset(qtbot, w, "moons")
    w.show_tab("boundary")
    settle(qtbot, w)
    n = len(w.model.info.dataset.y_train)
    exact = click(qtbot, w.view("boundary"), 0.25, 1.5)
    qtbot.waitUntil(lambda: w.model.last_snapshot.data_edited, timeout=WAIT_MS)
    gen = w.model.generation
    qtbot.mouseClick(w.controls.reset, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.model.generation > gen, timeout=WAIT_MS)
    data = w.model.info.dataset  # what the engine process trains on, sent back
    assert len(data.y_train) == n + 1
    np.testing.assert_array_equal(data.x_train[-1], exact)


def test_hovering_the_regression_map_reads_out_the_prediction(qtbot, tmp_path):
    w = make_window(qtbot, tmp_path)
    select_dataset(qtbot, w, "reg-gauss")
    step_epochs(qtbot, w, 1)
    view = w.view("boundary")
    pixel = pixel_of(view, 2.0, -3.0)
    qtbot.mouseMove(view.viewport(), pixel)
    qtbot.waitUntil(lambda: view.readout_text != "", timeout=WAIT_MS)
    x, y = data_at(view, pixel)
    pred = float(trainer(qtbot, w).network.scores(np.float32([[x, y]]))[0, 0])
    shown = float(view.readout_text.split()[1])
    grid_step = (w.model.info.extent[1] - w.model.info.extent[0]) / 200
    assert shown == pytest.approx(pred, abs=0.02 + 0.5 * grid_step), view.readout_text
    assert view.readout.isVisible()


def test_painted_regression_points_are_saved_and_read_back_with_their_targets(qtbot, tmp_path):
    w = make_window(qtbot, tmp_path)
    select_dataset(qtbot, w, "reg-plane")
    tools = w.tab("boundary").tools
    assert tools.target.isVisible() and not tools.class_buttons
    tools.target.setValue(-0.5)
    exact = click(qtbot, w.view("boundary"), -1.0, 2.0)
    settle(qtbot, w)
    assert trainer(qtbot, w).data.y_train[-1] == np.float32(-0.5)
    out = tmp_path / "plane.csv"
    assert w.files.export_data(str(out))
    gen = w.model.generation
    w.files.open_points(str(out))
    qtbot.waitUntil(lambda: w.model.generation > gen, timeout=WAIT_MS)
    back = w.model.info.dataset
    assert back.key == "reg-csv" and back.is_regression
    hit = np.flatnonzero((np.abs(back.x_train - exact) < 1e-5).all(axis=1))
    assert len(hit) == 1 and back.y_train[hit[0]] == pytest.approx(-0.5)


@pytest.mark.parametrize("shown", ["csv", "table"])
def test_a_points_csv_missing_a_class_opens_from_the_file_menu(qtbot, tmp_path, monkeypatch, shown):
    """Class 1 painted away, the points saved: File → Open points CSV reads them back
    (with "Your own table" shown too), class 2 still class 2."""
    from nnviz.data.points_csv import write_points_csv

    rng = np.random.default_rng(0)
    x = rng.normal(size=(40, 2)).astype(np.float32)
    y = np.where(x[:, 0] > 0, 2, 0)
    out = tmp_path / "painted.csv"
    write_points_csv(out, {"train": (x[:30], y[:30]), "test": (x[30:], y[30:])})
    w = make_window(qtbot, tmp_path)
    if shown == "table":
        w.dataset_panel.combo.setCurrentIndex(w.dataset_panel.combo.findData("table"))
        assert w.dataset_panel.key == "table"  # the menu asks for a table now
    monkeypatch.setattr(w.files, "ask_path", lambda *a, **k: str(out))
    gen = w.model.generation
    w.files.open_points_dialog()
    qtbot.waitUntil(lambda: w.model.generation > gen, timeout=WAIT_MS)
    settle(qtbot, w)
    assert w.findChild(QMessageBox, "errorDialog") is None
    ds = w.model.info.dataset
    assert ds.key == "csv" and ds.class_names == ("0", "1", "2")
    np.testing.assert_array_equal(ds.y_train, y[:30])
    w.show_tab("boundary")
    assert [b.text() for b in w.tab("boundary").tools.class_buttons] == ["0", "1", "2"]
    step_epochs(qtbot, w, 2)
    assert w.findChild(QMessageBox, "errorDialog") is None
