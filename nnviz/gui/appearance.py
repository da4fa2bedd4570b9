"""Light and dark appearance: follows the system unless the user picks one.

Class colours (Okabe–Ito), the diverging map of weights and activations and the
cividis confusion matrix stay readable for colour-blind users in both.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QWidget

LIGHT_PLOT = ("w", (40, 40, 40))
DARK_PLOT = ((32, 32, 36), (220, 220, 220))


def system_is_dark() -> bool:
    """True when the desktop asks for a dark colour scheme."""
    hints = QGuiApplication.styleHints()
    scheme = hints.colorScheme() if hasattr(hints, "colorScheme") else None
    if scheme is not None and scheme != Qt.ColorScheme.Unknown:
        return scheme == Qt.ColorScheme.Dark
    return QGuiApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128


def is_dark(mode: str) -> bool:
    """Resolve ``system`` / ``light`` / ``dark`` to dark or not."""
    if mode == "dark":
        return True
    if mode == "light":
        return False
    return system_is_dark()


def dark_palette() -> QPalette:
    """A calm dark palette for the Fusion style."""
    p = QPalette()
    base, window, text = QColor(32, 32, 36), QColor(45, 45, 50), QColor(225, 225, 225)
    for role, colour in (
        (QPalette.ColorRole.Window, window),
        (QPalette.ColorRole.WindowText, text),
        (QPalette.ColorRole.Base, base),
        (QPalette.ColorRole.AlternateBase, window),
        (QPalette.ColorRole.ToolTipBase, window),
        (QPalette.ColorRole.ToolTipText, text),
        (QPalette.ColorRole.Text, text),
        (QPalette.ColorRole.Button, window),
        (QPalette.ColorRole.ButtonText, text),
        (QPalette.ColorRole.Highlight, QColor(86, 180, 233)),
        (QPalette.ColorRole.HighlightedText, QColor(0, 0, 0)),
        (QPalette.ColorRole.PlaceholderText, QColor(150, 150, 150)),
    ):
        p.setColor(role, colour)
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor(120, 120, 120))
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor(120, 120, 120))
    return p


def apply(window: QWidget, dark: bool) -> None:
    """Set the app palette and every plot's background, axes and legend text."""
    app = QApplication.instance()
    app.setPalette(dark_palette() if dark else app.style().standardPalette())
    bg, fg = DARK_PLOT if dark else LIGHT_PLOT
    for plot in window.findChildren(pg.PlotWidget):
        plot.setBackground(bg)
        item = plot.getPlotItem()
        for name in ("left", "bottom", "right", "top"):
            axis = item.getAxis(name)
            axis.setPen(fg)
            axis.setTextPen(fg)
        if item.legend is not None:
            item.legend.setLabelTextColor(fg)
        item.titleLabel.setText(item.titleLabel.text, color=fg)
    for w in window.findChildren(QWidget):
        w.update()
