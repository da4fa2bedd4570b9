"""The hidden-space warp tab (ConvNetJS classify2d): the input plane as a hidden layer sees it.

The input grid's lines and the data are pushed through the network up to a chosen
hidden layer, and two of its neurons are plotted against each other: the straight grid
bends, and the learner sees the layers pull the classes apart until a straight line —
the next layer's Affine — can separate them.  **Cycle** steps through the layer's pairs
of neurons.  The engine computes the warp (:func:`nnviz.core.warp.hidden_warp`) with
every frame, only while the tab is shown.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from nnviz.app.snapshot import ResetInfo, Snapshot
from nnviz.core.boundary import class_color, colorize_values
from nnviz.core.warp import HiddenWarp, PairCycle
from nnviz.gui.i18n import translator
from nnviz.gui.tabs.base import Tab, TabHost
from nnviz.gui.widgets import named

tr = translator("warp_view")

GRID_PEN = (150, 150, 150)


class WarpView(pg.PlotWidget):
    """The warped grid (one polyline item) under the training (filled) and test (hollow) points."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("warpPlot")
        self.setAccessibleName(tr("Hidden-space warp"))
        self.setBackground("w")
        item = self.getPlotItem()
        item.hideButtons()
        self.grid = pg.PlotDataItem(pen=pg.mkPen(*GRID_PEN, width=1), connect="finite")
        self.train_points = pg.ScatterPlotItem(size=7, pxMode=True, pen=pg.mkPen(25, 25, 25))
        self.test_points = pg.ScatterPlotItem(size=7, pxMode=True)
        for it in (self.grid, self.train_points, self.test_points):
            item.addItem(it)
        self.n_train = 0
        self._brushes: list = []
        self._pens: list = []

    def set_classes(self, y_train: np.ndarray, y_test: np.ndarray, regression: bool) -> None:
        """Colour the points: by class, or by target (regression sets)."""
        self.n_train = len(y_train)
        y = np.concatenate([y_train, y_test])
        if regression:
            rgb = colorize_values(y.reshape(len(y), -1)[:, 0])
            colours = [tuple(c) for c in rgb.tolist()]
        else:
            colours = [class_color(int(k)) for k in y]
        # one brush and pen per colour, made once (pyqtgraph draws one symbol each): making
        # them per point took 3.8 s for 90,000 points on the GUI thread
        brushes: dict = {}
        pens: dict = {}
        for c in set(colours):
            brushes[c], pens[c] = pg.mkBrush(*c), pg.mkPen(*c, width=2)
        self._brushes = [brushes[c] for c in colours]
        self._pens = [pens[c] for c in colours]

    def clear_warp(self) -> None:
        self.grid.setData([], [])
        self.train_points.clear()
        self.test_points.clear()

    def show_warp(self, warp: HiddenWarp) -> None:
        """Draw the grid's polylines and the points in the plane of the two neurons."""
        gap = np.full((1, 2), np.nan, dtype=np.float32)
        lines = np.concatenate([part for line in warp.lines for part in (line, gap)])
        self.grid.setData(lines[:, 0], lines[:, 1], connect="finite")
        n = self.n_train
        pts = warp.points
        if len(self._brushes) == len(pts):
            self.train_points.setData(pos=pts[:n], brush=self._brushes[:n])
            self.test_points.setData(
                pos=pts[n:], brush=pg.mkBrush(255, 255, 255, 0), pen=self._pens[n:]
            )
        layer, (i, j) = warp.layer + 1, warp.neurons
        item = self.getPlotItem()
        item.setLabel("bottom", tr("layer {0}, neuron {1}").format(layer, i + 1))
        item.setLabel("left", tr("layer {0}, neuron {1}").format(layer, j + 1))


class WarpTab(Tab):
    """The input grid and the data in the plane of two neurons of a hidden layer."""

    key = "warp"
    kinds = ("points",)

    def __init__(self, host: TabHost) -> None:
        super().__init__(host)
        self.title = tr("Hidden space")
        self.view = WarpView()
        self.layer = named(
            QComboBox(), "warpLayerCombo", tr("Hidden layer"), tr("Which hidden layer to look into")
        )
        self.pair_label = QLabel()
        self.pair_label.setObjectName("warpPairLabel")
        self.cycle = named(
            QPushButton(tr("Cycle")),
            "warpCycleButton",
            tr("Cycle"),
            tr("Show the next pair of this layer's neurons"),
        )
        self.note = QLabel()
        self.note.setObjectName("warpNote")
        self.note.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("Hidden layer")))
        row.addWidget(self.layer)
        row.addSpacing(12)
        row.addWidget(self.pair_label)
        row.addWidget(self.cycle)
        row.addStretch(1)
        self.widget = QWidget()
        self.widget.setObjectName("warpPage")
        column = QVBoxLayout(self.widget)
        column.addLayout(row)
        column.addWidget(self.note)
        column.addWidget(self.view, 1)
        self.hidden: tuple[int, ...] = ()
        self.pairs: PairCycle | None = None
        self.cycle.clicked.connect(self._cycle)
        self.layer.currentIndexChanged.connect(self._layer_chosen)

    def available(self, info: ResetInfo) -> bool:
        return super().available(info) and not info.layered

    @property
    def choice(self) -> tuple[int, int, int] | None:
        """``(hidden layer, neuron, neuron)`` shown, 0-based; None without hidden layers."""
        if self.pairs is None:
            return None
        return (self.layer.currentIndex(), *self.pairs.current)

    def needs(self, current: bool) -> dict:
        return {"warp": self.choice} if current and self.choice is not None else {}

    def on_reset(self, info: ResetInfo) -> None:
        self.hidden = tuple(info.sizes[1:-1])
        ds = info.dataset
        self.view.set_classes(ds.y_train, ds.y_test, ds.is_regression)
        self.view.clear_warp()
        self.layer.blockSignals(True)
        self.layer.clear()
        for k, width in enumerate(self.hidden, start=1):
            self.layer.addItem(tr("{0} ({1} neurons)").format(k, width))
        self.layer.blockSignals(False)
        self.layer.setEnabled(bool(self.hidden))
        self.cycle.setEnabled(bool(self.hidden))
        self.note.setText(
            ""
            if self.hidden
            else tr("This network has no hidden layer: the warp shows what hidden layers do.")
        )
        self._layer_chosen()

    def on_frame(self, snap: Snapshot, current: bool) -> None:
        if current and snap.warp is not None:
            self.view.show_warp(snap.warp)

    @Slot()
    def _layer_chosen(self, *_args) -> None:
        k = self.layer.currentIndex()
        self.pairs = PairCycle(self.hidden[k]) if 0 <= k < len(self.hidden) else None
        self._show_pair()

    @Slot()
    def _cycle(self) -> None:
        if self.pairs is not None:
            self.pairs.next()
            self._show_pair()

    def _show_pair(self) -> None:
        if self.pairs is None:
            self.pair_label.setText("")
        else:
            i, j = self.pairs.current
            self.pair_label.setText(
                tr("neurons {0} and {1} (pair {2} of {3})").format(
                    i + 1, j + 1, self.pairs.pairs.index((i, j)) + 1, len(self.pairs)
                )
            )
            self.view.enableAutoRange()
        self.host.views_changed()
