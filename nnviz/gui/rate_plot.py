"""The learning rate per epoch: a thin plot under the loss, shown when a schedule changes it."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QWidget

from nnviz.gui.i18n import translator
from nnviz.gui.widgets import set_accessible

tr = translator("views")

RATE_PEN = (0, 158, 115)  # bluish green: neither the train nor the test colour
RATE_HEIGHT = 90  # pixels: a strip under the loss, not a third panel


class RatePlot(pg.PlotWidget):
    """The rate each epoch trained at (``EpochRecord.learning_rate``), as a thin curve."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("learningRatePlot")
        set_accessible(self, tr("Learning rate"), tr("The learning rate of every epoch"))
        self.setBackground("w")
        self.setFixedHeight(RATE_HEIGHT)
        item = self.getPlotItem()
        item.setLabel("left", tr("rate"))
        item.getAxis("left").enableAutoSIPrefix(False)  # "rate (x0.001)" reads badly
        item.hideButtons()
        item.setMenuEnabled(False)
        self.curve = item.plot([], [], pen=pg.mkPen(RATE_PEN, width=1))
        self.setVisible(False)

    def set_series(self, x: np.ndarray, rate: np.ndarray) -> None:
        """Draw the rates (views of the caller's arrays are fine: they are not kept)."""
        self.curve.setData(np.asarray(x), np.asarray(rate))

    @property
    def rate_data(self) -> np.ndarray:
        """The rates drawn now (what the user sees)."""
        y = self.curve.yData
        return np.empty(0) if y is None else np.asarray(y)
