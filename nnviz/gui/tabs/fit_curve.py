"""The 1-D regression tab (ConvNetJS's regression demo): the points, the fitted curve, and
on demand every hidden unit's curve.  Click to add an (x, y) point, Ctrl-click to delete
one, undo; the network trains on the edited points at once."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from nnviz.app.snapshot import ResetInfo, Snapshot
from nnviz.core.boundary import CLASS_COLORS
from nnviz.gui.i18n import translator
from nnviz.gui.paint_tools import PaintTools, PlotPainter
from nnviz.gui.tabs.base import Tab, TabHost
from nnviz.gui.widgets import named, set_accessible

tr = translator("views")

FIT_PEN = (0, 114, 178)  # blue, as the train loss
POINT_RGB = (213, 94, 0)  # vermillion
UNIT_ALPHA = 140
Y_REACH = 3.0  # the view follows the curve up to this many data spans beyond the points


def unit_rgb(layer: int) -> tuple[int, int, int]:
    """The colour of hidden layer ``layer``'s unit curves (0-based)."""
    r, g, b = CLASS_COLORS[(layer + 2) % len(CLASS_COLORS)]
    return int(r), int(g), int(b)


class CurveView(pg.PlotWidget):
    """Points of a 1-D regression set, the network's curve and its hidden units' curves."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("curvePlot")
        set_accessible(
            self,
            tr("Fitted curve"),
            tr("The network's prediction y(x) over the points it learns from"),
        )
        self.setBackground("w")
        item = self.getPlotItem()
        item.hideButtons()
        item.setMenuEnabled(False)
        item.setMouseEnabled(x=False, y=False)  # a click paints: the view stays put
        item.setLabel("bottom", "x")
        item.setLabel("left", "y")
        self.units: list[pg.PlotDataItem] = []
        self.fit = item.plot([], [], pen=pg.mkPen(FIT_PEN, width=3))
        self.fit.setZValue(5)
        self.train_points = pg.ScatterPlotItem(
            size=9, pen=pg.mkPen(30, 30, 30), brush=pg.mkBrush(*POINT_RGB)
        )
        self.test_points = pg.ScatterPlotItem(
            size=9, pen=pg.mkPen(*POINT_RGB, width=2), brush=pg.mkBrush(255, 255, 255, 0)
        )
        for points in (self.train_points, self.test_points):
            points.setZValue(10)
            item.addItem(points)
        self._extent = (0.0, 1.0, 0.0, 1.0)
        self._y = (0.0, 1.0)

    def set_range(self, extent) -> None:
        """Show ``extent`` (the points with a margin); the y range grows with the curve."""
        self._extent = tuple(extent)
        xmin, xmax, ymin, ymax = extent
        self._y = (ymin, ymax)
        self.getPlotItem().setRange(xRange=(xmin, xmax), yRange=(ymin, ymax), padding=0)

    def _follow(self, y: np.ndarray) -> None:
        """Widen the y range to the curve (never beyond Y_REACH spans: a wild start)."""
        _, _, ymin, ymax = self._extent
        reach = Y_REACH * (ymax - ymin)
        finite = y[np.isfinite(y)]
        if not len(finite):
            return
        lo = max(min(ymin, float(finite.min())), ymin - reach)
        hi = min(max(ymax, float(finite.max())), ymax + reach)
        pad = 0.05 * (hi - lo)
        lo, hi = (ymin if lo == ymin else lo - pad), (ymax if hi == ymax else hi + pad)
        if (lo, hi) != self._y:
            self._y = (lo, hi)
            self.getPlotItem().setYRange(lo, hi, padding=0)

    def set_points(self, data) -> None:
        """Draw a 1-D regression set: x against the target, training filled, test hollow."""
        for points, (x, y) in ((self.train_points, data.split("train")),
                               (self.test_points, data.split("test"))):  # fmt: skip
            points.setData(np.asarray(x)[:, 0], np.asarray(y).ravel())

    def set_fit(self, x: np.ndarray, y: np.ndarray) -> None:
        self.fit.setData(x, y)
        self._follow(np.asarray(y))

    def set_units(self, x: np.ndarray | None, layers: tuple[np.ndarray, ...] | None) -> None:
        """Every hidden unit's curve (thin, one colour per layer); None hides them."""
        curves = [] if x is None or layers is None else [
            (rows, i) for i, layer in enumerate(layers) for rows in layer
        ]  # fmt: skip
        item = self.getPlotItem()
        while len(self.units) < len(curves):
            self.units.append(item.plot([], []))
        for k, unit in enumerate(self.units):
            if k < len(curves):
                rows, layer = curves[k]
                unit.setPen(pg.mkPen((*unit_rgb(layer), UNIT_ALPHA), width=1))
                unit.setData(x, rows)
                unit.setVisible(True)
            else:
                unit.setVisible(False)

    @property
    def shown_units(self) -> int:
        return sum(u.isVisible() for u in self.units)


class CurveTab(Tab):
    """1-D regression: click to add (x, y) points and watch the network's curve follow."""

    key = "curve"
    kinds = ("curve",)

    def __init__(self, host: TabHost) -> None:
        super().__init__(host)
        self.title = tr("Fitted curve")
        self.view = CurveView()
        paint = host.model.paint
        self.tools = PaintTools(
            paint, host, classes=False, hint=tr("Click: add a point (x, y) · Ctrl-click: delete")
        )
        self.painter = PlotPainter(self.view, paint, host)
        self.units_check = named(
            QCheckBox(tr("Show each hidden unit")),
            "showUnitsCheck",
            tr("Show each hidden unit"),
            tr("Draw every hidden unit's activation over x: the curve is built from them"),
        )
        self.widget = QWidget()
        self.widget.setObjectName("curvePage")
        page = QVBoxLayout(self.widget)
        page.setContentsMargins(0, 0, 0, 0)
        page.setSpacing(0)
        row = QHBoxLayout()
        row.addWidget(self.tools, 1)
        self.units_legend = QLabel()  # which colour is which hidden layer
        self.units_legend.setObjectName("unitsLegend")
        row.addWidget(self.units_legend)
        row.addWidget(self.units_check, 0, Qt.AlignmentFlag.AlignRight)
        page.addLayout(row)
        page.addWidget(self.view, 1)
        self.tools.install_shortcuts(self.widget)
        self.units_check.toggled.connect(self._units_toggled)
        paint.edited.connect(self._data_edited)

    def needs(self, current: bool) -> dict:
        return {"curve": True, "units": self.units_check.isChecked()} if current else {}

    def on_reset(self, info: ResetInfo) -> None:
        if info.dataset.kind != "curve":
            return
        self._layers = len(info.sizes) - 2
        self._show_legend()
        self.view.set_range(info.extent)
        self.view.set_points(info.dataset)
        self.view.set_fit(np.empty(0), np.empty(0))
        self.view.set_units(None, None)

    @Slot(object)
    def _data_edited(self, data) -> None:
        if data.kind == "curve":
            self.view.set_points(data)

    def on_frame(self, snap: Snapshot, current: bool) -> None:
        if snap.curve_y is None:
            return
        self.view.set_fit(snap.curve_x, snap.curve_y)
        shown = self.units_check.isChecked()
        self.view.set_units(snap.curve_x if shown else None, snap.unit_curves if shown else None)

    @Slot(bool)
    def _units_toggled(self, on: bool) -> None:
        if not on:
            self.view.set_units(None, None)
        self._show_legend()
        self.host.views_changed()

    def _show_legend(self) -> None:
        on = self.units_check.isChecked() and getattr(self, "_layers", 0) > 0
        self.units_legend.setVisible(on)
        if on:
            self.units_legend.setText(
                "&nbsp; ".join(
                    '<span style="color:#{:02x}{:02x}{:02x}">━━</span>&nbsp;{}'.format(
                        *unit_rgb(i), tr("layer {0}").format(i + 1)
                    )
                    for i in range(self._layers)
                )
            )
