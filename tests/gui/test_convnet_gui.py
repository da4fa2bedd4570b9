"""Convolutional networks in the window: the network panel's type and layer spec, the
shapes the book writes, Reset/Step/Train, saving and reopening, the tabs that apply."""

from __future__ import annotations

import json

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QScrollArea, QWidget

from nnviz.app.reader import BUILTIN_CNN_SPEC, builtin_digit_model
from nnviz.gui.tabs.weights import grid_shape
from tests.data.mnist_fixtures import write_idx_dataset
from tests.gui.helpers import WAIT_MS, epoch, make_window, select_dataset, settle, state, wait_ready

SMALL = "conv:4x5x5,relu,pool:2,fc:16,relu"


def mnist_window(qtbot, tmp_path):
    """A window on small synthetic MNIST files (300 train, 80 test digits)."""
    folder = tmp_path / "mnist"
    write_idx_dataset(folder, n_train=300, n_test=80, gz=True)
    w = make_window(qtbot, tmp_path)
    w.dataset_panel.set_data_dir("mnist", str(folder))
    select_dataset(qtbot, w, "mnist")
    return w


def choose_conv(qtbot, w, spec: str | None = None) -> None:
    """Pick "Convolutional" (and type ``spec``) as a user would, then Reset."""
    arch = w.network_panel.arch
    arch.kind.setCurrentIndex(arch.kind.findData("conv"))
    if spec is not None:
        arch.spec.clear()
        qtbot.keyClicks(arch.spec, spec)
    gen = w.model.generation
    qtbot.mouseClick(w.controls.reset, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.model.generation > gen, timeout=WAIT_MS)
    wait_ready(qtbot, w)


def test_type_row_only_for_images_and_the_default_is_simple_convnet(qtbot, tmp_path):
    w = make_window(qtbot, tmp_path)  # the spiral: points
    panel = w.network_panel
    assert not panel.arch.isVisibleTo(panel)
    w = mnist_window(qtbot, tmp_path)
    panel = w.network_panel
    assert panel.arch.isVisibleTo(panel) and panel.layers.isVisibleTo(panel)
    panel.arch.kind.setCurrentIndex(panel.arch.kind.findData("conv"))
    assert not panel.layers.isVisibleTo(panel)  # the spec replaces the hidden layers
    assert panel.arch.spec.text() == "conv"
    text = panel.shapes.text()
    assert "col (N·24·24, 1·5·5) · W (25, 30)" in text  # the book's im2col product
    assert "pool1" in text and "(N, 30, 12, 12)" in text
    # SimpleConvNet: 30·(25+1) + (4320+1)·100 + (100+1)·10 parameters
    assert f"{30 * 26 + 4321 * 100 + 101 * 10:,} parameters" in text
    assert w.controls.pending.isVisibleTo(w)


def test_bad_specs_are_one_sentence_and_reset_refuses_them(qtbot, tmp_path):
    w = mnist_window(qtbot, tmp_path)
    arch = w.network_panel.arch
    arch.kind.setCurrentIndex(arch.kind.findData("conv"))
    arch.spec.clear()
    qtbot.keyClicks(arch.spec, "conv:0x5x5,relu")
    assert "at least 1 filter" in arch.error.text() and arch.error.isVisibleTo(arch)
    gen = w.model.generation
    qtbot.mouseClick(w.controls.reset, Qt.MouseButton.LeftButton)
    settle(qtbot, w)
    assert w.model.generation == gen and "at least 1 filter" in w.state_label.text()
    # parses, but does not fit 28×28 digits: said under the field from the data's shape
    arch.spec.clear()
    qtbot.keyClicks(arch.spec, "conv:4x30x30")
    assert arch.error.text().startswith("conv:4x30x30: the 30×30 filter is larger")
    arch.spec.clear()
    qtbot.keyClicks(arch.spec, SMALL)
    assert arch.error.text() == "" and not arch.error.isVisibleTo(arch)


def test_a_convnet_resets_steps_trains_and_shows_its_tabs(qtbot, tmp_path):
    w = mnist_window(qtbot, tmp_path)
    choose_conv(qtbot, w, SMALL)
    info = w.model.info
    assert info.config.network.arch == SMALL and info.convolutional
    assert w.net_label.text().startswith(f"{SMALL},fc:10 · ")
    visible = {
        k for k, t in w.tabs.items() if w.main_tabs.isTabVisible(w.main_tabs.indexOf(t.widget))
    }
    assert {"digits", "layers", "draw"} <= visible and "weights" not in visible
    w.show_tab("layers")
    w.step()
    qtbot.waitUntil(lambda: epoch(w) == 1, timeout=WAIT_MS)
    assert len(w.view("layers")._norm_curves) == 3  # two conv/fc kernels and the output
    w.show_tab("draw")
    settle(qtbot, w)
    qtbot.waitUntil(lambda: w.view("draw").reader.training_available, timeout=WAIT_MS)
    w.set_training(True)
    qtbot.waitUntil(lambda: epoch(w) >= 3, timeout=WAIT_MS)
    w.set_training(False)
    qtbot.waitUntil(lambda: state(w) == "paused", timeout=WAIT_MS)
    # back to fully connected: the MLP's tabs return
    arch = w.network_panel.arch
    arch.kind.setCurrentIndex(arch.kind.findData("fc"))
    gen = w.model.generation
    w.reset()
    qtbot.waitUntil(lambda: w.model.generation > gen, timeout=WAIT_MS)
    assert w.model.info.config.network.arch is None
    assert w.main_tabs.isTabVisible(w.main_tabs.indexOf(w.tabs["weights"].widget))


def test_convnet_model_and_session_files_round_trip(qtbot, tmp_path):
    w = mnist_window(qtbot, tmp_path)
    choose_conv(qtbot, w, SMALL)
    w.step()
    qtbot.waitUntil(lambda: epoch(w) == 1, timeout=WAIT_MS)
    model, session = tmp_path / "cnn.npz", tmp_path / "cnn.json"
    w.files.save_model(str(model))
    qtbot.waitUntil(lambda: "Saved to" in w.state_label.text(), timeout=WAIT_MS)
    w.files.save_session(str(session))
    qtbot.waitUntil(lambda: session.is_file(), timeout=WAIT_MS)
    assert json.loads(session.read_text())["config"]["network"]["arch"] == SMALL
    probs = w.model.last_snapshot.gallery_probs.copy()
    # a fresh fully connected network, then the saved convnet opened into it
    w.network_panel.arch.kind.setCurrentIndex(0)
    gen = w.model.generation
    w.reset()
    qtbot.waitUntil(lambda: w.model.generation > gen, timeout=WAIT_MS)
    gen = w.model.generation
    assert w.files.open_model(str(model))
    qtbot.waitUntil(lambda: w.model.generation > gen, timeout=WAIT_MS)
    wait_ready(qtbot, w)
    assert w.network_panel.arch.value() == SMALL  # the panel shows the network that runs
    assert abs(w.model.last_snapshot.gallery_probs - probs).max() < 1e-6
    gen = w.model.generation
    assert w.files.open_session(str(session))
    qtbot.waitUntil(lambda: w.model.generation > gen, timeout=WAIT_MS)
    wait_ready(qtbot, w)
    assert w.model.info.config.network.arch == SMALL
    assert abs(w.model.last_snapshot.gallery_probs - probs).max() < 1e-6


def test_filters_tab_shows_the_kernels_live_and_at_the_start(qtbot, tmp_path):
    w = mnist_window(qtbot, tmp_path)
    tab = w.tabs["filters"]
    assert not w.main_tabs.isTabVisible(w.main_tabs.indexOf(tab.widget))  # an MLP has none
    choose_conv(qtbot, w, SMALL)
    assert w.main_tabs.isTabVisible(w.main_tabs.indexOf(tab.widget))
    w.show_tab("filters")
    view = w.view("filters")
    qtbot.waitUntil(lambda: view.filters is not None, timeout=WAIT_MS)
    assert view.grid_shape == (2, 2) and view.note.text() == "4 filters of 5×5"
    assert view.mosaic().shape == (2 * 6 + 1, 2 * 6 + 1, 3)  # 5×5 tiles with 1-px lines
    start = view.mosaic()
    assert view.start_check.isEnabled()
    w.step()
    qtbot.waitUntil(lambda: epoch(w) == 1, timeout=WAIT_MS)
    settle(qtbot, w)
    assert (view.mosaic() != start).any()  # the kernels learned
    view.start_check.setChecked(True)
    assert (view.mosaic() == start).all()
    w.show_tab("digits")
    settle(qtbot, w)
    assert w.model.last_snapshot.filters is None  # computed only while the tab is shown


def test_feature_maps_of_test_digits_live_from_the_engine(qtbot, tmp_path):
    w = mnist_window(qtbot, tmp_path)
    choose_conv(qtbot, w, SMALL)
    w.show_tab("feature_maps")
    view = w.view("feature_maps")
    assert view.source == "training"
    qtbot.waitUntil(lambda: "conv1" in view.maps, timeout=WAIT_MS)
    assert list(view.sections) == ["conv1", "relu1", "pool1", "fc1", "relu2", "output"]
    conv1 = view.sections["conv1"]
    assert conv1.grid == (2, 2) and conv1.tile == (24, 24)
    assert w.findChild(QLabel, "title_pool1").text() == "pool1: 4 maps of 12×12"
    label = w.model.info.gallery_labels[0]
    assert view.input_label.text() == f"true: {label}"
    first = view.maps["conv1"].copy()
    # the next digit: new maps from the engine
    qtbot.mouseClick(view.next_button, Qt.MouseButton.LeftButton)
    assert view.index.value() == 1
    settle(qtbot, w)
    assert w.model.last_snapshot.feature_digit == 1
    assert (view.maps["conv1"] != first).any()
    # click map 3 of pool1: it is shown large, and follows training
    pool = view.sections["pool1"]
    qtbot.mouseClick(pool, Qt.MouseButton.LeftButton, pos=pool.tile_centre(3).toPoint())
    assert view.chosen == ("pool1", 3)
    assert view.large_title.text().startswith("pool1, map 4 of 4")
    assert view.large.rgb.shape == (14, 14, 3)
    before = view.large.rgb.copy()
    w.step()
    qtbot.waitUntil(lambda: epoch(w) == 1, timeout=WAIT_MS)
    settle(qtbot, w)
    assert (view.large.rgb != before).any()  # live: the trained network's map
    probs = view.sections["output"].values
    assert probs.shape == (10,) and abs(probs.sum() - 1) < 1e-6
    w.show_tab("digits")
    settle(qtbot, w)
    assert w.model.last_snapshot.feature_maps is None  # only while shown


def test_feature_maps_of_the_drawn_digit_one_click_from_the_canvas(qtbot, tmp_path):
    from tests.gui.test_canvas import draw

    w = mnist_window(qtbot, tmp_path)  # an MLP trains: the built-in convnet reads
    view = w.view("feature_maps")
    assert view.source == "builtin-cnn"
    w.show_tab("draw")
    panel = w.view("draw")
    draw(qtbot, panel.canvas, "7")
    qtbot.mouseClick(w.tabs["draw"].maps_button, Qt.MouseButton.LeftButton)
    assert w.current_tab().key == "feature_maps" and view.drawn
    net = builtin_digit_model(BUILTIN_CNN_SPEC).network
    assert list(view.maps) == net.layer_names  # every layer, the shipped net's own
    assert view.sections["conv1"].grid == grid_shape(net.params["W1"].shape[0])
    out = view.sections["output"]
    assert int(np.argmax(out.values)) == 7  # the shipped convnet reads the drawn 7
    pixels = panel.input_digit()
    np.testing.assert_allclose(view.maps["conv1"], net.feature_maps(pixels)[0].values)
    # a convnet in training reads the drawing on the engine
    choose_conv(qtbot, w, SMALL)
    w.show_tab("feature_maps")
    assert view.source == "training" and view.drawn
    settle(qtbot, w)
    assert w.model.last_snapshot.feature_maps is not None
    assert w.model.last_snapshot.feature_digit is None  # the drawn digit, not a test digit
    assert view.sections["conv1"].grid == (2, 2)


def test_feature_maps_of_a_new_network_replace_the_old_ones(qtbot, tmp_path):
    """A rebuild (other layers) leaves no section of the old network drawn below."""
    from nnviz.gui.tabs.feature_maps import BarStrip, MapGrid

    w = mnist_window(qtbot, tmp_path)
    choose_conv(qtbot, w, SMALL)
    w.show_tab("feature_maps")
    view = w.view("feature_maps")
    qtbot.waitUntil(lambda: "conv1" in view.maps, timeout=WAIT_MS)

    def drawn_sections():
        shown = [
            g
            for g in view.layers_box.findChildren(QWidget)
            if isinstance(g, (MapGrid, BarStrip)) and g.isVisibleTo(view.layers_box)
        ]
        return sorted(g.objectName() for g in shown)

    # a layout shows a new child on the next pass of the event loop, so wait for that
    expected = sorted(
        f"{'maps' if isinstance(g, MapGrid) else 'bars'}_{n}" for n, g in view.sections.items()
    )
    qtbot.waitUntil(lambda: drawn_sections() == expected, timeout=WAIT_MS)
    choose_conv(qtbot, w, "conv:3x3x3,relu,conv:2x3x3,relu,fc:8,relu")
    w.show_tab("feature_maps")
    qtbot.waitUntil(lambda: "conv2" in view.maps, timeout=WAIT_MS)
    qtbot.waitUntil(
        lambda: sum(isinstance(g, MapGrid) for g in view.layers_box.findChildren(QWidget)) == 4,
        timeout=WAIT_MS,
    )
    expected = [
        "bars_fc1", "bars_output", "bars_relu3",
        "maps_conv1", "maps_conv2", "maps_relu1", "maps_relu2",
    ]  # fmt: skip
    qtbot.waitUntil(lambda: drawn_sections() == expected, timeout=WAIT_MS)
    assert view.sections["conv1"].grid == grid_shape(3)


def test_feature_maps_of_a_drawing_on_point_data_show_in_a_visible_tab(qtbot, tmp_path):
    """On the spiral the Feature maps button leads to a tab the tab bar shows, reading
    the drawing with the built-in convnet; the test-digit choice is off (no digits)."""
    from tests.gui.test_canvas import draw

    w = make_window(qtbot, tmp_path)  # the spiral
    view = w.view("feature_maps")
    index = w.main_tabs.indexOf(w.tabs["feature_maps"].widget)
    assert w.main_tabs.isTabVisible(index)
    assert view.drawn and not view.test_radio.isEnabled()
    w.show_tab("draw")
    draw(qtbot, w.view("draw").canvas, "7")
    qtbot.mouseClick(w.tabs["draw"].maps_button, Qt.MouseButton.LeftButton)
    assert w.main_tabs.currentIndex() == index and view.source == "builtin-cnn"
    qtbot.waitUntil(lambda: "conv1" in view.maps, timeout=WAIT_MS)
    out = view.sections["output"]
    assert int(np.argmax(out.values)) == 7
    # a narrow window shrinks the tiles, never cutting a grid off
    w.resize(900, 700)
    scroll = view.findChild(QScrollArea, "featureScroll")
    conv1 = view.sections["conv1"]
    qtbot.waitUntil(lambda: scroll.viewport().width() < 400, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: scroll.horizontalScrollBar().maximum() == 0, timeout=WAIT_MS)
    assert conv1.target().right() <= scroll.viewport().width()
    # MNIST brings the test digits back
    folder = tmp_path / "mnist"
    write_idx_dataset(folder, n_train=300, n_test=80, gz=True)
    w.dataset_panel.set_data_dir("mnist", str(folder))
    select_dataset(qtbot, w, "mnist")
    assert view.test_radio.isEnabled() and not view.drawn
