"""A row of per-layer activation histograms (the lab's and the live tab's)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QVBoxLayout, QWidget

from nnviz.app.labs.activations import ActivationSnapshot
from nnviz.gui.i18n import translator
from nnviz.gui.widgets import set_accessible

tr = translator("labs")


class HistogramRow(QWidget):
    """One histogram per hidden layer, side by side, redrawn from an ActivationSnapshot.

    :attr:`bars` holds one step curve per layer (``getData()`` gives the drawn edges and
    counts); :attr:`plots` their plot items.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.setObjectName("activationHistograms")
        set_accessible(
            self.graphics,
            tr("Activation histograms"),
            tr("Where each hidden layer's outputs land, one histogram per layer"),
        )
        self.graphics.setBackground("w")
        layout.addWidget(self.graphics)
        self.plots: list[pg.PlotItem] = []
        self.bars: list[pg.PlotDataItem] = []
        self._all_plots: list[pg.PlotItem] = []
        self._all_bars: list[pg.PlotDataItem] = []

    def set_layers(self, n: int) -> None:
        """One plot per hidden layer.

        Plots are made once and hidden when fewer layers follow: clearing the layout and
        making them anew on every Reset crashed Qt (a segfault in the 2,000-action test).
        """
        while len(self._all_plots) < n:
            i = len(self._all_plots)
            plot = self.graphics.addPlot(row=0, col=i)
            plot.setTitle(tr("{0}-layer").format(i + 1))
            plot.setMenuEnabled(False)
            plot.setMouseEnabled(x=False, y=False)
            if i:
                plot.getAxis("left").setStyle(showValues=False)
            bar = plot.plot(
                [0.0, 1.0], [0.0], stepMode="center", fillLevel=0, brush=(60, 110, 200, 200),
                pen=pg.mkPen((30, 60, 140), width=1),
            )  # fmt: skip
            self._all_plots.append(plot)
            self._all_bars.append(bar)
        for i, plot in enumerate(self._all_plots):
            plot.setVisible(i < n)
        self.plots, self.bars = self._all_plots[:n], self._all_bars[:n]

    def show_snapshot(self, snap: ActivationSnapshot) -> None:
        """Draw ``snap``: every layer on the same count scale, so layers compare at a glance."""
        self.set_layers(snap.layers)
        top = float(max(int(np.max(snap.counts)) if snap.counts.size else 1, 1))
        for i, (plot, bar) in enumerate(zip(self.plots, self.bars, strict=True)):
            bar.setData(snap.edges[i], snap.counts[i])
            plot.setXRange(float(snap.edges[i][0]), float(snap.edges[i][-1]), padding=0.02)
            plot.setYRange(0, top * 1.05, padding=0)
            plot.setLabel(
                "bottom",
                tr("mean {0} · std {1}").format(f"{snap.mean[i]:.3g}", f"{snap.std[i]:.3g}"),
            )
