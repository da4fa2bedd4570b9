"""Small helpers every widget module shares: names for tests and screen readers, colour maps."""

from __future__ import annotations

from typing import TypeVar

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QDoubleSpinBox,
    QLineEdit,
    QToolTip,
    QWidget,
)

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


class RateSpinBox(QDoubleSpinBox):
    """A spin box for a rate that spans decades (a learning rate, a weight decay λ).

    Twelve decimals are kept, so a searched learning rate of 1.16e-6 or a λ of 3e-8
    survives being shown (six decimals made them 0.000001 and 0); the text shows six
    significant digits without trailing zeros ("0.03", "0.00000116442").
    """

    SIGNIFICANT = 6

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDecimals(12)

    def textFromValue(self, value: float) -> str:
        text = np.format_float_positional(
            value, precision=self.SIGNIFICANT, unique=False, fractional=False, trim="-"
        )
        return text.replace(".", self.locale().decimalPoint())


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


def relative_luminance(rgb) -> float:
    """WCAG relative luminance of an (r, g, b) colour in 0–255."""

    def lin(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (lin(float(c)) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a, b) -> float:
    """WCAG contrast ratio of two colours (1 to 21; text wants at least 4.5)."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def on_dark(background) -> bool:
    """True when text on ``background`` should be light."""
    return relative_luminance(background) < 0.179


def ink(background: QColor, muted: bool = False) -> QColor:
    """Text drawn by hand on ``background`` (either theme): dark on light, light on dark.

    ``muted`` is for captions; both keep a contrast of at least 4.5 (WCAG AA).
    """
    light = on_dark((background.red(), background.green(), background.blue()))
    grey = (180 if muted else 225) if light else (90 if muted else 40)
    return QColor(grey, grey, grey)


class EscapeLeavesFields(QObject):
    """Escape in a text field of ``window`` moves the focus to ``target``.

    Keys typed into a field belong to it (Space, digits, a dot); Escape gives them back
    to the window's shortcuts.
    """

    def __init__(self, window: QWidget, target: QWidget) -> None:
        super().__init__(window)
        self._window, self._target = window, target
        QApplication.instance().installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Escape
            and isinstance(obj, (QAbstractSpinBox, QLineEdit))
            and self._window.isAncestorOf(obj)
        ):
            self._target.setFocus()
            return True
        return False

    def remove(self) -> None:
        QApplication.instance().removeEventFilter(self)
