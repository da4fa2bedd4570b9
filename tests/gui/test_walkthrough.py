"""What a new user hit in the app (issue 14), driven through the real widgets: tooltips,
curves, banners, SVG export, dark theme, shortcuts, hints and quiet state changes."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QPoint, QPointF
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from tests.data.mnist_fixtures import write_idx_dataset
from tests.gui.helpers import WAIT_MS, epoch, make_window, select_dataset, settle, state


def _hover_tip(qtbot, widget, pos: QPointF) -> str:
    """The tooltip Qt shows after the hover delay at ``pos`` (a real QEvent.ToolTip)."""
    QToolTip.hideText()
    p = pos.toPoint()
    QApplication.sendEvent(widget, QHelpEvent(QEvent.Type.ToolTip, p, widget.mapToGlobal(p)))
    qtbot.waitUntil(QToolTip.isVisible, timeout=WAIT_MS)
    return QToolTip.text()


def mnist_window(qtbot, tmp_path, n_train=300, n_test=200):
    folder = tmp_path / "mnist"
    write_idx_dataset(folder, n_train=n_train, n_test=n_test, gz=True)
    w = make_window(qtbot, tmp_path)
    w.dataset_panel.data_dir = str(folder)
    select_dataset(qtbot, w, "mnist")
    return w


# ---------------------------------------------------------------------- 3. tooltips stay
def test_a_links_weight_readout_is_what_the_tooltip_shows(qtbot, tmp_path):
    w = make_window(qtbot, tmp_path)
    w.show_tab("network")
    w.step()
    qtbot.waitUntil(lambda: epoch(w) == 1 and bool(w.view("network").weights), timeout=WAIT_MS)
    view = w.view("network")
    cols = view._layout()
    a, b = cols[0][0].center(), cols[1][0].center()
    mid = (a + b) / 2
    tip = _hover_tip(qtbot, view, mid)
    assert tip.startswith("weight W1[1, 1] = ") and tip == view.describe(mid)
    assert float(tip.split("= ")[1]) == round(float(view.weights[0][0, 0]), 4)
    node_tip = _hover_tip(qtbot, view, cols[1][0].center())
    assert node_tip.startswith("layer 1, neuron 1")


def test_a_digits_top3_is_what_the_tooltip_shows(qtbot, tmp_path):
    w = mnist_window(qtbot, tmp_path)
    w.step()
    qtbot.waitUntil(lambda: w.view("digits").predictions is not None, timeout=WAIT_MS)
    gallery = w.view("digits")
    _, _, cell = gallery._grid()
    tip = _hover_tip(qtbot, gallery, QPointF(cell / 2, cell / 2))
    assert tip == gallery.tooltip_text(gallery.shown[0])
    assert tip.startswith("true: ") and tip.count("%") == 3
