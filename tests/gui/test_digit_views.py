"""The confusion matrix and first-layer weights views."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from nnviz.core.metrics import confusion_matrix
from nnviz.gui.tabs.confusion import ConfusionMatrixView
from nnviz.gui.tabs.weights import MAX_TILES, WeightsGridView, grid_shape, weight_mosaic

NAMES = [str(i) for i in range(10)]


def sample_counts() -> np.ndarray:
    """A plausible digit confusion matrix with 12 fours read as nines."""
    rng = np.random.default_rng(3)
    t = rng.integers(0, 10, 2000)
    p = np.where(rng.random(2000) < 0.93, t, rng.integers(0, 10, 2000))
    cm = confusion_matrix(t, p, 10)
    cm[4, 9] = 12
    return cm


@pytest.fixture
def matrix(qtbot) -> ConfusionMatrixView:
    view = ConfusionMatrixView()
    qtbot.addWidget(view)
    view.resize(460, 440)
    view.set_matrix(sample_counts(), NAMES)
    view.show()
    qtbot.waitExposed(view)
    return view


@pytest.fixture
def weights(qtbot) -> WeightsGridView:
    view = WeightsGridView()
    qtbot.addWidget(view)
    view.resize(520, 560)
    view.show()
    qtbot.waitExposed(view)
    return view


# ---------------------------------------------------------------------- confusion matrix
def test_the_matrix_keeps_the_counts(matrix) -> None:
    assert matrix.objectName() == "confusionMatrix"
    np.testing.assert_array_equal(matrix.counts, sample_counts())
    assert matrix.accessibleName() and matrix.toolTip()


def test_clicking_a_cell_names_its_true_and_predicted_class(qtbot, matrix) -> None:
    centre = matrix.cell_rect(4, 9).center().toPoint()
    with qtbot.waitSignal(matrix.cell_clicked) as blocker:
        qtbot.mouseClick(matrix, Qt.MouseButton.LeftButton, pos=centre)
    assert blocker.args == [4, 9]
    corner = matrix.cell_rect(0, 0).topLeft().toPoint() + QPoint(2, 2)
    with qtbot.waitSignal(matrix.cell_clicked) as blocker:
        qtbot.mouseClick(matrix, Qt.MouseButton.LeftButton, pos=corner)
    assert blocker.args == [0, 0]


def test_clicks_outside_the_grid_emit_nothing(qtbot, matrix) -> None:
    with qtbot.assertNotEmitted(matrix.cell_clicked):
        qtbot.mouseClick(matrix, Qt.MouseButton.LeftButton, pos=QPoint(2, 2))
        qtbot.mouseClick(
            matrix, Qt.MouseButton.RightButton, pos=matrix.cell_rect(1, 1).center().toPoint()
        )


def test_hover_text(matrix) -> None:
    assert matrix.tooltip_text(4, 9).startswith("true 4, predicted 9: 12 digits")
    counts = np.zeros((3, 3), dtype=int)
    counts[1, 2] = 1
    matrix.set_matrix(counts, ["cat", "dog", "fox"])
    assert matrix.tooltip_text(1, 2).startswith("true dog, predicted fox: 1 digit\n")
    assert matrix.tooltip_text(0, 0) == "true cat, predicted cat: 0 digits"  # empty row: no share


@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_hovering_shows_the_cell_tooltip(qtbot, matrix) -> None:
    pos = matrix.cell_rect(4, 9).center().toPoint()
    QApplication.sendEvent(matrix, QHelpEvent(QEvent.Type.ToolTip, pos, matrix.mapToGlobal(pos)))
    assert QToolTip.text().startswith("true 4, predicted 9: 12 digits")
    QToolTip.hideText()


def test_hover_highlights_a_cell(qtbot, matrix) -> None:
    qtbot.mouseMove(matrix, matrix.cell_rect(2, 3).center().toPoint())
    qtbot.waitUntil(lambda: matrix._hover == (2, 3), timeout=2000)
    matrix.grab().save("/tmp/nnviz_confusion_matrix.png")


def test_colours_follow_the_share_of_each_true_class(matrix) -> None:
    counts = np.array([[90, 10, 0], [0, 0, 0], [5, 5, 90]])
    matrix.set_matrix(counts, ["a", "b", "c"])
    shares = matrix.shares()
    assert np.isfinite(shares).all() and shares[1].sum() == 0  # an empty row is no NaN
    colours = matrix.cell_colors().astype(int)
    brightness = colours.sum(axis=2)
    assert brightness[0, 0] > brightness[0, 1] > brightness[0, 2]
    assert brightness[2, 2] > brightness[2, 0] == brightness[2, 1]


def test_bad_matrices_are_refused_and_names_default(qtbot, matrix) -> None:
    with pytest.raises(ValueError):
        matrix.set_matrix(np.zeros((3, 4), dtype=int))
    matrix.set_matrix(np.eye(4, dtype=int), ["only", "two"])
    assert matrix.tooltip_text(3, 3).startswith("true 3, predicted 3: 1 digit")


def test_an_empty_view_and_a_tiny_one_draw_without_errors(qtbot) -> None:
    view = ConfusionMatrixView()
    qtbot.addWidget(view)
    view.resize(240, 230)
    view.show()
    qtbot.waitExposed(view)
    assert view.cell_at(view.rect().center().toPointF()) is None
    view.grab().save("/tmp/nnviz_confusion_matrix_empty.png")
    view.set_matrix(sample_counts() * 400, NAMES)  # five-digit counts in small cells
    view.grab().save("/tmp/nnviz_confusion_matrix_small.png")
    view.clear()
    assert view.counts is None


# ---------------------------------------------------------------------- weights
def test_grid_shapes() -> None:
    assert grid_shape(50) == (7, 8)
    assert grid_shape(1) == (1, 1)
    assert grid_shape(64) == (8, 8)
    assert grid_shape(0) == (0, 0)


def test_fifty_units_make_a_seven_by_eight_grid(weights) -> None:
    rng = np.random.default_rng(0)
    weights.set_weights(rng.normal(0, 0.01, (784, 50)).astype(np.float32))
    assert weights.objectName() == "weightsGrid"
    assert weights.grid_shape == (7, 8)
    assert weights.shown_units == 50
    mosaic = weights.mosaic()
    assert mosaic.shape == (7 * 29 + 1, 8 * 29 + 1, 3) and mosaic.dtype == np.uint8
    assert weights.note.text() == "50 hidden units"
    weights.grab().save("/tmp/nnviz_weights_grid_50.png")


def test_many_units_show_the_first_256(weights) -> None:
    rng = np.random.default_rng(1)
    weights.set_weights(rng.normal(0, 0.05, (784, 512)).astype(np.float32))
    assert weights.shown_units == MAX_TILES == 256
    assert weights.grid_shape == (16, 16)
    assert weights.note.text() == "showing 256 of 512 units"


def test_all_zero_and_non_finite_weights_draw_without_nan(weights) -> None:
    weights.set_weights(np.zeros((784, 10), dtype=np.float32))
    mosaic = weights.mosaic()
    tile = mosaic[1:29, 1:29].reshape(-1, 3)
    assert (tile == tile[0]).all()  # one flat colour: the middle of the map
    w = np.ones((784, 4), dtype=np.float32)
    w[0, 0] = np.nan
    w[1, 1] = np.inf
    weights.set_weights(w)
    assert weights.mosaic() is not None and weights.grid_shape == (2, 2)


def test_zero_is_the_middle_of_a_symmetric_scale() -> None:
    w = np.zeros((4, 2), dtype=np.float32)
    w[:, 0] = [-2, -1, 0, 2]  # tile 0: spans −2…2
    w[:, 1] = [0.0, 0.0, 0.0, 0.5]
    lut = np.stack([np.arange(256)] * 3, axis=1).astype(np.uint8)  # index = grey level
    per_tile = weight_mosaic(w, (2, 2), lut=lut)
    tile0 = per_tile[1:3, 1:3, 0].ravel().tolist()
    assert tile0 == [0, 64, 128, 255]  # −max, −max/2, 0, +max
    assert per_tile[1:3, 4:6, 0].ravel().tolist() == [128, 128, 128, 255]
    global_scale = weight_mosaic(w, (2, 2), lut=lut, per_tile=False)
    assert global_scale[1:3, 4:6, 0].ravel().tolist() == [128, 128, 128, 159]


def test_the_per_unit_toggle_redraws(qtbot, weights) -> None:
    w = np.zeros((784, 2), dtype=np.float32)
    w[:, 0] = np.linspace(-1, 1, 784)
    w[:, 1] = np.linspace(-0.01, 0.01, 784)
    weights.set_weights(w)
    per_tile = weights.mosaic()
    weights.per_tile_check.setChecked(False)
    global_scale = weights.mosaic()
    assert not np.array_equal(per_tile, global_scale)
    np.testing.assert_array_equal(per_tile[:, :30], global_scale[:, :30])  # tile 0 holds the max


def test_other_image_sizes_and_non_image_weights(weights) -> None:
    weights.set_weights(np.ones((64, 10), dtype=np.float32), image_shape=(8, 8))
    assert weights.grid_shape == (3, 4)
    assert weights.mosaic().shape == (3 * 9 + 1, 4 * 9 + 1, 3)
    weights.set_weights(np.ones((2, 8), dtype=np.float32))  # a 2-D dataset's network
    assert weights.grid_shape == (0, 0) and weights.mosaic() is None
    assert "images" in weights.note.text()
    weights.clear()
    assert weights.note.text() == ""


def test_trained_weights_screenshot(qtbot, weights) -> None:
    from nnviz.core.modelio import load_builtin

    weights.set_weights(load_builtin("digits").network.params["W1"])
    assert weights.grid_shape == (16, 16)
    weights.grab().save("/tmp/nnviz_weights_grid.png")
