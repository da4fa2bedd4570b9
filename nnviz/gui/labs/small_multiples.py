"""A grid of small plots with the same few curves each: the book's subplot grids
(``batch_norm_test.py``'s 4×4, ``hyperparameter_optimization.py``'s best 20)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPen
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from nnviz.gui.widgets import set_accessible

SELECTED_PEN = pg.mkPen((220, 30, 30), width=3)


def curve_key(entries: Sequence[tuple[tuple[int, int, int], bool, str]]) -> QLabel:
    """A one-line key to the grid's curves: ``(rgb, dashed, text)`` per curve."""
    parts = [
        f'<span style="color:rgb{tuple(rgb)}">{"╍╍" if dashed else "━━"} {text}</span>'
        for rgb, dashed, text in entries
    ]
    key = QLabel("&nbsp;&nbsp;&nbsp;".join(parts))
    key.setTextFormat(Qt.TextFormat.RichText)
    return key


def grid_pens(entries: Sequence[tuple[tuple[int, int, int], bool, str]]) -> list[QPen]:
    """The pens of :func:`curve_key`'s entries: solid or dashed, 2 px."""
    return [
        pg.mkPen(rgb, width=2, style=Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine)
        for rgb, dashed, _text in entries
    ]


class SmallMultiples(QWidget):
    """``rows × cols`` small plots sharing one y range, each with one curve per pen.

    Plots are made once; :meth:`set_cell` only calls ``setData``.  A click on a plot
    emits :attr:`cell_clicked` with its index (row by row).

    Attributes
    ----------
    plots
        The plot items, row by row.
    curves
        Per plot, one curve per pen given (``getData()`` gives what is drawn).
    """

    cell_clicked = Signal(int)

    def __init__(
        self,
        rows: int,
        cols: int,
        pens: Sequence[QPen],
        *,
        y_range: tuple[float, float] = (0.0, 1.0),
        name: str = "smallMultiples",
        accessible: str = "",
        tip: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.setObjectName(name)
        set_accessible(self.graphics, accessible, tip)
        self.graphics.setBackground("w")
        layout.addWidget(self.graphics)
        self.rows, self.cols = rows, cols
        self.plots: list[pg.PlotItem] = []
        self.curves: list[list[pg.PlotDataItem]] = []
        self.selected: int | None = None
        # Titles (e.g. "Best-10 (val acc: 0.60)") set each plot's width: keep them small.
        for r in range(rows):
            for c in range(cols):
                plot = self.graphics.addPlot(row=r, col=c)
                plot.setMenuEnabled(False)
                plot.setMouseEnabled(x=False, y=False)
                plot.hideButtons()
                plot.setYRange(*y_range, padding=0.02)
                plot.getAxis("left").setStyle(showValues=c == 0, tickLength=-4)
                plot.getAxis("bottom").setStyle(showValues=r == rows - 1, tickLength=-4)
                plot.getAxis("left").setWidth(30 if c == 0 else 6)
                self.plots.append(plot)
                self.curves.append([plot.plot([], [], pen=pen) for pen in pens])
        self.graphics.scene().sigMouseClicked.connect(self._clicked)

    def __len__(self) -> int:
        return len(self.plots)

    def set_x_range(self, lo: float, hi: float) -> None:
        """The same x range in every plot (e.g. epochs 1 to 20)."""
        for plot in self.plots:
            plot.setXRange(lo, hi, padding=0.02)

    def set_cell(self, index: int, title: str, series: Sequence[np.ndarray | None]) -> None:
        """Plot ``index``: its title and one series per pen (x = 1, 2, …; ``None``: empty)."""
        plot = self.plots[index]
        plot.setTitle(title, size="8pt")
        for curve, y in zip(self.curves[index], series, strict=True):
            if y is None or len(y) == 0:
                curve.setData([], [])
            else:
                curve.setData(np.arange(1, len(y) + 1), np.asarray(y, dtype=np.float64))

    def clear(self) -> None:
        """Every plot empty and untitled."""
        for i in range(len(self.plots)):
            self.set_cell(i, "", [None] * len(self.curves[i]))
        self.select(None)

    def select(self, index: int | None) -> None:
        """Frame plot ``index`` (``None``: none)."""
        for i, pen in ((self.selected, None), (index, SELECTED_PEN)):
            if i is not None:
                vb = self.plots[i].getViewBox()
                vb.setBorder(pen)
                vb.update()  # the view box paints the border itself: setBorder alone leaves it
        self.selected = index

    def cell_at(self, scene_pos) -> int | None:
        """The index of the plot under a scene position, if any."""
        for i, plot in enumerate(self.plots):
            if plot.isVisible() and plot.sceneBoundingRect().contains(scene_pos):
                return i
        return None

    def _clicked(self, event) -> None:
        i = self.cell_at(event.scenePos())
        if i is not None:
            self.cell_clicked.emit(i)
