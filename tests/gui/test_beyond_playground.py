"""Inside the network, comparing runs, sessions, own data, exports and appearance."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QAction

from nnviz.app.config import build_trainer
from nnviz.app.session_file import load_session
from nnviz.core.modelio import load_model
from tests.gui.helpers import (
    WAIT_MS,
    epoch,
    make_window,
    select_dataset,
    state,
    trained_moons_session,
)


def _show(w, key: str) -> None:
    w.main_tabs.setCurrentWidget(w.tab(key).widget)


def test_network_graph_shows_live_weights_and_neuron_maps(qtbot, tmp_path):
    w = make_window(qtbot, tmp_path)
    _show(w, "network")
    graph = w.view("network")
    qtbot.waitUntil(lambda: len(graph.weights) == 3 and len(graph._images) == 2, timeout=WAIT_MS)
    assert [W.shape for W in graph.weights] == [(2, 8), (8, 8), (8, 3)]
    before = [W.copy() for W in graph.weights]
    w.set_training(True)
    qtbot.waitUntil(lambda: epoch(w) >= 20, timeout=WAIT_MS)
    w.set_training(False)
    qtbot.waitUntil(lambda: state(w) == "paused", timeout=WAIT_MS)
    # the graph reflects the weight change, and matches what the worker last sent
    assert not np.allclose(graph.weights[0], before[0])
    np.testing.assert_array_equal(graph.weights[0], w.model.last_snapshot.params["W1"])
    # hovering a link reads out its weight
    graph.repaint()
    node_a, node_b = graph._nodes[0][0], graph._nodes[1][0]
    mid = (
        node_a.center()
        + QPointF(node_a.width() / 2, 0)
        + node_b.center()
        - QPointF(node_b.width() / 2, 0)
    ) / 2
    text = graph.describe(mid)
    assert text.startswith("weight W1[1, 1] = ")
    assert float(text.split("=")[1]) == float(f"{graph.weights[0][0, 0]:+.4f}")


def test_clicking_a_neuron_shows_its_map_in_the_boundary_view(qtbot, tmp_path):
    w = make_window(qtbot, tmp_path)
    _show(w, "network")
    graph = w.view("network")
    qtbot.waitUntil(lambda: len(graph._images) == 2, timeout=WAIT_MS)
    graph.repaint()
    classes_img = w.view("boundary").image.image.copy()
    target = graph._nodes[1][2].center().toPoint()
    qtbot.mouseClick(graph, Qt.MouseButton.LeftButton, pos=target)
    assert graph.focus == (0, 2)
    _show(w, "boundary")  # the map is drawn for the view on screen
    qtbot.waitUntil(
        lambda: (
            w.model.last_snapshot.boundary_focus == (0, 2)
            and w.model.last_snapshot.boundary is not None
        ),
        timeout=WAIT_MS,
    )
    neuron_img = w.view("boundary").image.image
    assert not np.array_equal(neuron_img, classes_img)
    # the neuron's map uses the diverging blue/vermillion scheme, not the class colours
    assert "layer 1, neuron 3" in w.state_label.text()
    _show(w, "network")
    qtbot.mouseClick(graph, Qt.MouseButton.LeftButton, pos=target)
    assert graph.focus is None


def test_layer_stats_show_histograms_and_gradient_norms(qtbot, tmp_path):
    w = make_window(qtbot, tmp_path)
    _show(w, "layers")
    w.set_training(True)
    qtbot.waitUntil(
        lambda: w.view("layers").norms is not None and len(w.view("layers").norms) >= 5,
        timeout=WAIT_MS,
    )
    w.set_training(False)
    x, counts = w.view("layers")._hist_curves[0].getData()
    assert counts.sum() == 2 * 8  # every weight of W1 counted once
    assert np.all(w.view("layers").norms.column("W1") > 0)


def test_earlier_runs_stay_as_overlays_with_what_changed(qtbot, tmp_path):
    w = make_window(qtbot, tmp_path)
    w.set_training(True)
    qtbot.waitUntil(lambda: epoch(w) >= 10, timeout=WAIT_MS)
    w.set_training(False)
    w.network_panel.lr.setValue(0.3)
    w.reset()
    qtbot.waitUntil(lambda: len(w.model.previous_runs) == 1, timeout=WAIT_MS)
    assert len(w.curves.loss_plot.overlays) == 1 and len(w.curves.acc_plot.overlays) == 1
    assert "lr 0.03 → 0.3" in w.model.previous_runs[0].label
    legend = w.curves.loss_plot.legend.labels
    assert any("lr 0.03 → 0.3" in t for t in legend)
    w.findChild(QAction, "clearRunsAction").trigger()
    assert w.curves.loss_plot.overlays == [] and w.model.previous_runs == []


def test_session_round_trip_gui_file_headless_same_final_loss(qtbot, tmp_path):
    w = make_window(qtbot, tmp_path)
    path = trained_moons_session(qtbot, w, tmp_path)
    gui_loss = w.model.curves.last[1]
    sess = load_session(path)
    assert sess.epoch == 25 and sess.model_npz is not None
    trainer = build_trainer(sess.config)
    trainer.run(sess.config.train.epochs)
    assert trainer.history[-1].train_loss == gui_loss  # bit-for-bit: same seed, same batches
    # opening the session in a fresh window restores the settings and the trained weights
    w2 = make_window(qtbot, tmp_path, "other.ini")
    assert w2.files.open_session(str(path))
    qtbot.waitUntil(
        lambda: w2.model.info.dataset.key == "moons" and w2.model.info.config.train.seed == 5,
        timeout=WAIT_MS,
    )
    qtbot.waitUntil(
        lambda: (
            w2.model.last_snapshot is not None
            and w2.model.last_snapshot.generation == w2.model.generation
        ),
        timeout=WAIT_MS,
    )
    # The weights the second window runs are the trained ones (saved by its own engine).
    w2.files.save_model(str(tmp_path / "w2.npz"))
    qtbot.waitUntil(lambda: "Saved to" in w2.state_label.text(), timeout=WAIT_MS)
    loss, _ = load_model(tmp_path / "w2.npz").network.evaluate(
        trainer.data.x_train, trainer.data.y_train
    )
    np.testing.assert_allclose(loss, trainer.evaluate("train")[0], rtol=1e-6)


def test_points_csv_round_trip(qtbot, tmp_path):
    w = make_window(qtbot, tmp_path)
    select_dataset(qtbot, w, "xor")
    out = tmp_path / "xor.csv"
    assert w.files.export_data(str(out))
    ds = w.model.info.dataset
    w.files.open_points(str(out))
    qtbot.waitUntil(lambda: w.model.info.dataset.key == "csv", timeout=WAIT_MS)
    back = w.model.info.dataset
    np.testing.assert_allclose(back.x_train, ds.x_train, atol=1e-6)
    assert back.y_test.tolist() == ds.y_test.tolist()
    assert w.main_tabs.currentWidget() is w.tab("boundary").widget
    # a broken CSV: a clear message and the previous data stays
    bad = tmp_path / "bad.csv"
    bad.write_text("x,y,label\n1,2,cat\n", encoding="utf-8")
    gen = w.model.generation
    w.files.open_points(str(bad))
    qtbot.waitUntil(lambda: "line 2" in w.state_label.text(), timeout=WAIT_MS)
    assert w.model.generation == gen
    assert w.dataset_panel.key == "csv"  # the combo shows the data still in use


def test_every_view_exports_png_and_svg(qtbot, tmp_path):
    w = make_window(qtbot, tmp_path)
    w.set_training(True)
    qtbot.waitUntil(lambda: epoch(w) >= 3, timeout=WAIT_MS)
    w.set_training(False)
    for key in ("boundary", "network", "layers", "draw"):
        _show(w, key)
        for suffix in ("png", "svg"):
            path = tmp_path / f"{key}.{suffix}"
            assert w.files.export_view(str(path)), (key, suffix)
            head = path.read_bytes()[:200]
            assert (
                head.startswith(b"\x89PNG")
                if suffix == "png"
                else b"<svg" in head or b"<?xml" in head
            )
    for plot in (w.curves.loss_plot, w.curves.acc_plot):
        path = tmp_path / f"{plot.objectName()}.svg"
        assert w.files.export_view(str(path), plot)
        assert b"<svg" in path.read_bytes()[:500]


def test_dark_appearance_darkens_plots_and_boundary(qtbot, tmp_path):
    w = make_window(qtbot, tmp_path)
    w.menus.set_appearance("dark")
    assert w.menus.appearance_actions["dark"].isChecked()
    bg = w.curves.loss_plot.backgroundBrush().color()
    assert bg.lightness() < 80
    frames = w.model.frames_drawn
    w.step()
    qtbot.waitUntil(lambda: w.model.frames_drawn > frames, timeout=WAIT_MS)
    # uncertain regions fade to the dark background instead of white
    img = w.view("boundary").image.image
    assert img.reshape(-1, 3).sum(axis=1).min() < 200
    w.menus.set_appearance("light")
    assert w.curves.loss_plot.backgroundBrush().color().lightness() > 200
    w.close()
    w2 = make_window(qtbot, tmp_path)
    assert w2.appearance_mode == "light"


def test_confusion_matrix_click_filters_the_gallery(qtbot, tmp_path):
    from tests.data.mnist_fixtures import write_idx_dataset

    folder = tmp_path / "mnist"
    write_idx_dataset(folder, n_train=200, n_test=60)
    w = make_window(qtbot, tmp_path)
    w.dataset_panel.set_data_dir("mnist", str(folder))
    select_dataset(qtbot, w, "mnist")
    w.set_training(True)
    qtbot.waitUntil(lambda: w.view("confusion").counts is not None, timeout=WAIT_MS)
    w.set_training(False)
    counts = w.view("confusion").counts
    assert counts.sum() == 60
    t, p = np.unravel_index(np.argmax(counts), counts.shape)
    w.view("confusion").cell_clicked.emit(int(t), int(p))
    assert w.main_tabs.currentWidget() is w.tab("digits").widget
    shown = w.view("digits").shown
    assert 0 < len(shown) <= counts[t, p]
    assert all(w.view("digits").labels[i] == t for i in shown)
    assert w.tab("digits").show_all.isVisible()
    w.tab("digits").show_all.click()
    assert len(w.view("digits").shown) == 60


def test_draw_tab_uses_the_model_being_trained_on_mnist(qtbot, tmp_path):
    from tests.data.mnist_fixtures import write_idx_dataset

    folder = tmp_path / "mnist"
    write_idx_dataset(folder, n_train=100, n_test=20)
    w = make_window(qtbot, tmp_path)
    w.dataset_panel.set_data_dir("mnist", str(folder))
    select_dataset(qtbot, w, "mnist")
    _show(w, "draw")
    combo = w.view("draw").model_combo
    training = combo.findData("training")
    qtbot.waitUntil(lambda: combo.model().item(training).isEnabled(), timeout=WAIT_MS)
    # on a 2-D set the option is not available
    select_dataset(qtbot, w, "spiral")
    assert not combo.model().item(training).isEnabled()
