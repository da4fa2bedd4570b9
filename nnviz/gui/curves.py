"""Loss and accuracy curves: the current run, earlier runs as overlays, a hover read-out.

Plot items are created once; each redraw only calls ``setData``.
"""

from __future__ import annotations

import html
import math
import time
from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from nnviz.app.model import CURVE_COLUMNS
from nnviz.gui.i18n import translator
from nnviz.gui.rate_plot import RatePlot
from nnviz.gui.widgets import set_accessible

TRAIN_PEN = (0, 114, 178)  # blue


TEST_PEN = (213, 94, 0)  # vermillion


CURVE_WIDTH = 1  # wider pens go through the stroker: several times slower to paint


MARKER_RGB = (230, 159, 0)  # the source's figures: orange diamonds
OVERLAY_COLORS = [(120, 120, 120), (0, 158, 115), (204, 121, 167), (230, 159, 0), (86, 180, 233)]


if TYPE_CHECKING:
    from nnviz.app.model import AppModel

tr = translator("views")
tr_model = translator("MainWindow")  # texts made by nnviz.app.model


class CurvePlot(pg.PlotWidget):
    """A growing train/test curve per epoch with a hover crosshair that reads out values."""

    def __init__(self, y_label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setBackground("w")
        item = self.getPlotItem()
        # No grid: pyqtgraph redraws grid lines with the axes every frame (~8 ms per plot).
        item.setLabel("bottom", tr("epoch"))
        item.setLabel("left", y_label)
        item.hideButtons()  # no auto-range "A" in a corner: the view follows the data itself
        for axis in ("left", "bottom"):  # a loss of 0.7 is 0.7, not "700 (x0.001)"
            item.getAxis(axis).enableAutoSIPrefix(False)
        # The legend sits under the plot (CurveLegend), never over the curves.
        self.legend = CurveLegend()
        item.setDownsampling(auto=True, mode="peak")
        item.setClipToView(True)
        # The view range is set in steps (see _follow_data) instead of auto-ranging every
        # frame: each new range regenerates the axes' tick text, the costliest part of a frame.
        item.enableAutoRange(x=False, y=False)
        self._xlim = 0.0
        self._ylim = 0.0
        self._log_y = False
        self.fixed_y: tuple[float, float] | None = None
        self.train_curve = item.plot([], [], pen=pg.mkPen(TRAIN_PEN, width=CURVE_WIDTH))
        self.test_curve = item.plot([], [], pen=pg.mkPen(TEST_PEN, width=CURVE_WIDTH))
        for curve, rgb in ((self.train_curve, TRAIN_PEN), (self.test_curve, TEST_PEN)):
            # A line needs two points: the first epoch is drawn as a dot (see set_series).
            curve.setSymbolSize(7)
            curve.setSymbolBrush(pg.mkBrush(*rgb))
            curve.setSymbolPen(pg.mkPen(*rgb))
        self._dots = False
        self._vline = pg.InfiniteLine(
            angle=90, movable=False, pen=pg.mkPen((120, 120, 120), style=Qt.PenStyle.DashLine)
        )
        self._readout = pg.TextItem(anchor=(0, 1), color=(30, 30, 30), fill=(255, 255, 255, 220))
        for it in (self._vline, self._readout):
            it.setVisible(False)
            item.addItem(it, ignoreBounds=True)
        self._x = np.empty(0)
        self._train = np.empty(0)
        self._test = np.empty(0)
        self.scene().sigMouseMoved.connect(self._hover)
        self.readout_text = ""
        self.overlays: list[pg.PlotDataItem] = []
        self.overlay_labels: list[tuple[str, tuple]] = []
        self.x_name = "epoch"
        self._test_in_legend = True
        # The open tutorial's source figures (see AppModel.source_markers).
        self.markers = pg.ScatterPlotItem(
            [], [], symbol="d", size=11, pen=pg.mkPen((0, 0, 0)), brush=pg.mkBrush(*MARKER_RGB)
        )
        self.markers.setZValue(10)
        self.markers.setVisible(False)
        item.addItem(self.markers)
        self.marker_label = ""
        self._update_legend()

    def set_markers(self, x: np.ndarray | None, y: np.ndarray | None, label: str = "") -> None:
        """Show the source's figures as diamonds at ``(x, y)``; ``None`` hides them."""
        if x is None or len(x) == 0:
            self.markers.setData([], [])
            self.markers.setVisible(False)
            self.marker_label = ""
        else:
            self.markers.setData(np.asarray(x, dtype=float), np.asarray(y, dtype=float))
            self.markers.setVisible(True)
            self.marker_label = label
        self._update_legend()

    @property
    def marker_data(self) -> tuple[np.ndarray, np.ndarray]:
        """The markers' x and y (empty when hidden)."""
        x, y = self.markers.getData()
        return np.asarray(x), np.asarray(y)

    @property
    def x_data(self) -> np.ndarray:
        """Every x value of the train curve (what is drawn may be downsampled)."""
        return self._x

    @property
    def train_data(self) -> np.ndarray:
        return self._train

    def set_x_name(self, name: str) -> None:
        """``"epoch"`` or ``"iteration"``: the x axis and the hover read-out follow."""
        self.x_name = name
        self.getPlotItem().setLabel(
            "bottom", tr("iteration") if name == "iteration" else tr("epoch")
        )

    def set_series(self, x: np.ndarray, train: np.ndarray, test: np.ndarray | None) -> None:
        """Replace the curves (views of the caller's arrays are fine: they are not kept)."""
        self._x, self._train = np.asarray(x), np.asarray(train)
        self._test = np.asarray(test) if test is not None else np.empty(0)
        dots = len(self._x) == 1  # one point draws no line: a dot until the second
        if dots != self._dots:
            self._dots = dots
            for curve in (self.train_curve, self.test_curve):
                curve.setSymbol("o" if dots else None)
        self.train_curve.setData(self._x, self._train)
        has_test = test is not None and bool(np.isfinite(self._test).any())
        if has_test:
            self.test_curve.setData(self._x, self._test, connect="finite")
        else:
            self.test_curve.setData([], [])
        self._show_test_in_legend(has_test or len(self._x) == 0)
        self._follow_data()

    def _follow_data(self) -> None:
        """Grow the view in steps so the curves stay in sight without a new range per frame."""
        vb = self.getPlotItem().vb
        ends = [float(self._x[-1])] if len(self._x) else []
        ends += [float(c.xData[-1]) for c in self.overlays if c.xData is not None and len(c.xData)]
        if not ends:
            return
        xmax = max(ends)  # earlier runs stay in sight whole
        if xmax > self._xlim:
            self._xlim = _nice_ceiling(xmax * 1.2)
            vb.setXRange(0, self._xlim, padding=0)
        if self.fixed_y is not None:
            return
        if self._log_y:
            vb.enableAutoRange(y=True)
            return
        values = [self._train, self._test, *(c.yData for c in self.overlays if c.yData is not None)]
        finite = [v[np.isfinite(v)] for v in values if len(v)]
        top = max((float(v.max()) for v in finite if len(v)), default=1.0)
        if top > self._ylim or top < self._ylim * 0.4:
            self._ylim = _nice_ceiling(top * 1.05)
            vb.setYRange(0, self._ylim, padding=0)

    def set_fixed_y(self, lo: float, hi: float) -> None:
        """A y range that never changes (accuracy: 0 to 1)."""
        self.fixed_y = (lo, hi)
        self.getPlotItem().vb.setYRange(lo, hi, padding=0)

    def _show_test_in_legend(self, on: bool) -> None:
        """A data set without a test split gets no "test" entry in the legend."""
        if on != self._test_in_legend:
            self._test_in_legend = on
            self._update_legend()

    def _update_legend(self) -> None:
        entries = [(tr("train"), TRAIN_PEN, False)]
        if self._test_in_legend:
            entries.append((tr("test"), TEST_PEN, False))
        entries += [(label, colour, True) for label, colour in self.overlay_labels]
        if self.marker_label:
            entries.append((self.marker_label, MARKER_RGB, "marker"))
        self.legend.set_entries(entries)

    def leaveEvent(self, event) -> None:
        # The read-out belongs to the mouse: it goes when the mouse leaves the plot.
        self._vline.setVisible(False)
        self._readout.setVisible(False)
        super().leaveEvent(event)

    def clear_series(self) -> None:
        self._xlim = self._ylim = 0.0
        self.set_series(np.empty(0), np.empty(0), None)
        self._vline.setVisible(False)
        self._readout.setVisible(False)

    def add_overlay(self, x: np.ndarray, y: np.ndarray, label: str, index: int) -> None:
        """Keep an earlier run's curve as a faint dashed line with a legend entry."""
        colour = OVERLAY_COLORS[index % len(OVERLAY_COLORS)]
        pen = pg.mkPen(colour + (150,), width=1.5, style=Qt.PenStyle.DashLine)
        curve = self.getPlotItem().plot(np.asarray(x), np.asarray(y), pen=pen)
        curve.setZValue(-10)
        self.overlays.append(curve)
        self.overlay_labels.append((label, colour))
        self._update_legend()
        self._follow_data()

    def clear_overlays(self) -> None:
        item = self.getPlotItem()
        for curve in self.overlays:
            item.removeItem(curve)
        self.overlays.clear()
        self.overlay_labels.clear()
        self._update_legend()

    def set_log_y(self, on: bool) -> None:
        self._log_y = on
        self.getPlotItem().setLogMode(y=on)
        self._ylim = 0.0
        if not on:
            self.getPlotItem().vb.enableAutoRange(y=False)
        self._follow_data()

    @Slot(object)
    def _hover(self, pos) -> None:
        vb = self.getPlotItem().vb
        if len(self._x) == 0 or not vb.sceneBoundingRect().contains(pos):
            self._vline.setVisible(False)
            self._readout.setVisible(False)
            return
        p = vb.mapSceneToView(pos)
        i = int(np.clip(np.searchsorted(self._x, p.x()), 0, len(self._x) - 1))
        if i > 0 and abs(self._x[i - 1] - p.x()) < abs(self._x[i] - p.x()):
            i -= 1
        x = self._x[i]
        parts = [
            (tr("iteration {0}") if self.x_name == "iteration" else tr("epoch {0}")).format(
                f"{int(x):,}"
            ),
            tr("train {0}").format(f"{self._train[i]:.4g}"),
        ]
        if i < len(self._test) and math.isfinite(self._test[i]):
            parts.append(tr("test {0}").format(f"{self._test[i]:.4g}"))
        self.readout_text = " · ".join(parts)
        self._vline.setPos(x)
        self._vline.setVisible(True)
        self._readout.setText(self.readout_text)
        self._readout.setPos(p.x(), p.y())
        self._readout.setVisible(True)


def _nice_ceiling(v: float) -> float:
    """The smallest 1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 × 10^k that is ≥ v."""
    if not np.isfinite(v) or v <= 0:
        return 1.0
    base = 10.0 ** np.floor(np.log10(v))
    for m in (1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if m * base >= v:
            return float(m * base)
    return float(10 * base)


class CurveLegend(QLabel):
    """The curves' legend under the plot: a line sample per curve, full labels, wrapped.

    Drawn as rich text in the palette's own text colour, so it reads in both themes and
    never covers a curve, however many earlier runs there are.
    """

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("curveLegend")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.entries: list[tuple[str, tuple, bool]] = []

    def set_entries(self, entries: list[tuple[str, tuple, bool]]) -> None:
        """``(label, rgb, dashed)`` per curve."""
        self.entries = list(entries)
        items = []
        for label, rgb, dashed in entries:
            colour = "#{:02x}{:02x}{:02x}".format(*rgb[:3])
            sample = "◆" if dashed == "marker" else "╌╌" if dashed else "━━"
            # A long label ("hidden 8 → 16, lr 0.03 → 0.3, …") wraps between its changes
            # only: each change, and the line sample with the first, stay on one line.
            changes = (c.replace(" ", "&nbsp;") for c in html.escape(label).split(", "))
            items.append(f'<span style="color:{colour}">{sample}</span>&nbsp;{", ".join(changes)}')
        self.setText("&nbsp;&nbsp; ".join(items))

    @property
    def labels(self) -> list[str]:
        return [label for label, _, _ in self.entries]


class CurvePanel(QWidget):
    """A :class:`CurvePlot` with its toggles above it (log scale for the loss)."""

    def __init__(
        self,
        title: str,
        y_label: str,
        *,
        plot_name: str,
        log_toggle: bool,
    ) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.title = title
        self.plot = CurvePlot(y_label)
        self.plot.setObjectName(plot_name)
        set_accessible(self.plot, title, tr("{0} per epoch; hover to read values").format(title))
        self.log_check: QCheckBox | None = None
        self.every_combo: QComboBox | None = None
        if log_toggle:
            self.every_combo = QComboBox()
            for every, text in (
                (0, tr("per epoch")),
                (10, tr("mean of 10 iterations")),
                (100, tr("mean of 100 iterations")),
            ):
                self.every_combo.addItem(text, every)
            self.every_combo.setObjectName(f"{plot_name}EveryCombo")
            set_accessible(
                self.every_combo,
                tr("Loss points"),
                tr(
                    "One point per epoch, or the mean loss of every N iterations "
                    "(as the Deep Learning from Scratch 2 tutorial plots it)"
                ),
            )
            row.addWidget(self.every_combo)
            self.log_check = QCheckBox(tr("Log scale"))
            self.log_check.setObjectName(f"{plot_name}LogCheck")
            set_accessible(
                self.log_check, tr("Log scale"), tr("Show the loss on a logarithmic axis")
            )
            self.log_check.toggled.connect(self.plot.set_log_y)
            row.addStretch(1)
            row.addWidget(self.log_check)
            layout.addLayout(row)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.plot.legend)


CURVE_INTERVAL = 0.1  # seconds between curve redraws while training


class CurvesView(QSplitter):
    """The loss and accuracy panels, drawn from the application model's histories.

    Every point is kept in the model; while training the plots are redrawn about
    ten times a second (they change little between frames but cost the most to paint).
    """

    def __init__(self, model: AppModel) -> None:
        super().__init__(Qt.Orientation.Vertical)
        self.setObjectName("curveSplitter")
        self.model = model
        self.loss_panel = CurvePanel(
            tr("Loss"), tr("cross-entropy"), plot_name="lossPlot", log_toggle=True
        )
        self.acc_panel = CurvePanel(
            tr("Accuracy"),
            tr("accuracy"),
            plot_name="accuracyPlot",
            log_toggle=False,
        )
        self.loss_plot = self.loss_panel.plot
        self.acc_plot = self.acc_panel.plot
        self.acc_plot.set_fixed_y(0, 1.02)
        # Regression runs: RMSE and R² of the last epoch, under the R² curves.
        self.metrics = QLabel()
        self.metrics.setObjectName("metricsLabel")
        self.metrics.setWordWrap(True)  # the curves' column must not grow for it
        self.metrics.setAccessibleName(tr("Regression metrics"))
        self.metrics.setVisible(False)
        self.acc_panel.layout().addWidget(self.metrics)
        self.regression = False
        # The rate under the loss, where a step of the schedule explains a kink in the curve.
        self.rate_plot = RatePlot()
        self.loss_panel.layout().addWidget(self.rate_plot)
        self.rate_plot.setXLink(self.loss_plot)  # epochs under epochs
        self.addWidget(self.loss_panel)
        self.addWidget(self.acc_panel)
        self._dirty = False
        self._drawn_at = 0.0
        self._marker_key: tuple | None = None
        model.reset_done.connect(self._on_reset)
        model.curves_changed.connect(self._on_curves_changed)
        model.overlays_changed.connect(self._draw_overlays)
        model.tutorial_changed.connect(self._draw_markers)
        self.loss_panel.every_combo.currentIndexChanged.connect(self._every_chosen)

    @property
    def loss_every(self) -> int:
        """0: one loss point per epoch; N: the mean loss of every N iterations."""
        return int(self.loss_panel.every_combo.currentData())

    def set_loss_every(self, every: int) -> None:
        combo = self.loss_panel.every_combo
        combo.setCurrentIndex(max(0, combo.findData(every)))

    @Slot()
    def _every_chosen(self, *_args) -> None:
        every = self.loss_every
        self.loss_plot.set_x_name("iteration" if every else "epoch")
        # The rate is per epoch: under an iteration axis it keeps its own range.
        self.rate_plot.setXLink(None if every else self.loss_plot)
        self.rate_plot.enableAutoRange(x=bool(every))
        self.model.set_loss_every(every)
        self.loss_plot._xlim = 0.0  # a new x axis: let the view follow the data afresh
        self._draw_overlays()
        self.redraw()

    def _on_reset(self, info) -> None:
        self.regression = info.dataset.is_regression
        self.loss_plot.getPlotItem().setLabel(
            "left", tr("MSE") if self.regression else tr("cross-entropy")
        )
        self.acc_plot.getPlotItem().setLabel(
            "left", tr("R²") if self.regression else tr("accuracy")
        )
        self.metrics.setVisible(self.regression)
        self.metrics.setText("")
        self.loss_plot.clear_series()
        self.acc_plot.clear_series()
        self.acc_plot.set_fixed_y(0, 1.02)
        self.rate_plot.set_series(np.empty(0), np.empty(0))
        self.rate_plot.setVisible(not info.config.train.schedule.is_constant)

    def _on_curves_changed(self) -> None:
        self._dirty = True
        snap = self.model.last_snapshot
        now = time.monotonic()
        if snap is None or snap.state != "training" or now - self._drawn_at >= CURVE_INTERVAL:
            self.redraw()

    def redraw(self) -> None:
        """Draw the model's curves now."""
        self._dirty = False
        self._drawn_at = time.monotonic()
        c = self.model.curves
        x = c.column("x")
        if self.model.loss_every:
            it = self.model.iteration_losses
            self.loss_plot.set_series(it.column("x"), it.column("loss"), None)
        else:
            self.loss_plot.set_series(x, c.column("train_loss"), c.column("test_loss"))
        score = "r2" if self.regression else "accuracy"
        self.acc_plot.set_series(x, c.column(f"train_{score}"), c.column(f"test_{score}"))
        if self.regression:
            self._show_regression_metrics()
        if not self.rate_plot.isHidden():
            r = self.model.rates
            self.rate_plot.set_series(r.column("x"), r.column("learning_rate"))
        self._draw_markers()

    def _show_regression_metrics(self) -> None:
        """RMSE and R² of the last epoch; the R² axis reaches below 0 when a fit is that bad."""
        last = self.model.curves.last
        if last is None:
            return
        values = dict(zip(("x", *CURVE_COLUMNS), last.tolist(), strict=True))
        parts = [tr("RMSE train {0}").format(f"{values['train_rmse']:.4g}")]
        if math.isfinite(values["test_rmse"]):
            parts.append(tr("test {0}").format(f"{values['test_rmse']:.4g}"))
        parts.append(tr("R² train {0}").format(f"{values['train_r2']:.4f}"))
        if math.isfinite(values["test_r2"]):
            parts.append(tr("test {0}").format(f"{values['test_r2']:.4f}"))
        self.metrics.setText(" · ".join(parts))
        r2 = self.model.curves.column("train_r2")
        low = float(np.nanmin(r2)) if np.isfinite(r2).any() else 0.0
        bottom = max(-1.0, math.floor(min(low, 0.0) * 4) / 4)  # down to −1 in steps of ¼
        if bottom != self.acc_plot.fixed_y[0]:
            self.acc_plot.set_fixed_y(bottom, 1.02)

    def _draw_markers(self, *_args) -> None:
        """The open tutorial's source losses on the loss curve (when its units fit)."""
        m = self.model.source_markers()
        key = None if m is None else (m.label, tuple(m.x), tuple(m.y))
        if key == self._marker_key:  # (most redraws: nothing to change)
            return
        self._marker_key = key
        if m is None:
            self.loss_plot.set_markers(None, None)
        else:
            self.loss_plot.set_markers(m.x, m.y, tr_model(m.label))

    def _draw_overlays(self) -> None:
        """Earlier runs, on the loss plot's current x axis (epochs or iterations)."""
        for plot in (self.loss_plot, self.acc_plot):
            plot.clear_overlays()
        every = self.model.loss_every
        for i, run in enumerate(self.model.previous_runs):
            label = tr("before: {0}").format(tr_model(run.label))
            x, loss = run.iteration_losses[every] if every else (run.x, run.loss)
            self.loss_plot.add_overlay(x, loss, label, i)
            self.acc_plot.add_overlay(run.x, run.accuracy, label, i)
