"""Small helpers every widget module shares: names for tests and screen readers, colour maps."""

from __future__ import annotations

from typing import TypeVar

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QToolTip, QWidget

W = TypeVar("W", bound=QWidget)


def set_accessible(widget: QWidget, name: str, tip: str) -> None:
    """Give ``widget`` an accessible name and a tooltip."""
    widget.setAccessibleName(name)
    widget.setToolTip(tip)


def named(widget: W, object_name: str, accessible: str, tip: str) -> W:
    """Give a widget its objectName (what tests find), accessible name and tooltip; return it."""
    widget.setObjectName(object_name)
    set_accessible(widget, accessible, tip)
    return widget


def colormap_lut(name: str) -> np.ndarray:
    """A (256, 3) uint8 lookup table of a pyqtgraph colour map."""
    return pg.colormap.get(name).getLookupTable(nPts=256, alpha=False).astype(np.uint8)


def show_hover_tip(widget: QWidget, event, text: str) -> bool:
    """Answer a ``QEvent.ToolTip`` with what is under the mouse; False when nothing is.

    Widgets that show a readout while the mouse moves (a link's weight, a digit's top-3)
    must answer the tooltip event too, or Qt replaces the readout with the widget's
    generic tooltip after the hover delay.
    """
    if not text:
        return False
    QToolTip.showText(event.globalPos(), text, widget)
    return True
