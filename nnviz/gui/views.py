"""Views: draw plain arrays, nothing else (no maths beyond what drawing needs).

Plot items are created once; each frame only calls ``setData`` / ``setImage``.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt, Signal, Slot
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QToolTip, QVBoxLayout, QWidget

from nnviz.core.boundary import class_color
from nnviz.gui.i18n import translator

TRAIN_PEN = (0, 114, 178)  # blue
TEST_PEN = (213, 94, 0)  # vermillion
CURVE_WIDTH = 1  # wider pens go through the stroker: several times slower to paint
OVERLAY_COLORS = [(120, 120, 120), (0, 158, 115), (204, 121, 167), (230, 159, 0), (86, 180, 233)]


tr = translator("views")


def _set_accessible(widget: QWidget, name: str, tip: str) -> None:
    widget.setAccessibleName(name)
    widget.setToolTip(tip)


class CurvePlot(pg.PlotWidget):
    """A growing train/test curve per epoch with a hover crosshair that reads out values."""

    def __init__(
        self, y_label: str, parent: QWidget | None = None, *, legend_bottom: bool = False
    ) -> None:
        super().__init__(parent)
        self.setBackground("w")
        item = self.getPlotItem()
        # No grid: pyqtgraph redraws grid lines with the axes every frame (~8 ms per plot).
        item.setLabel("bottom", tr("epoch"))
        item.setLabel("left", y_label)
        item.addLegend(offset=(-10, -10) if legend_bottom else (-10, 10))
        item.setDownsampling(auto=True, mode="peak")
        item.setClipToView(True)
        # The view range is set in steps (see _follow_data) instead of auto-ranging every
        # frame: each new range regenerates the axes' tick text, the costliest part of a frame.
        item.enableAutoRange(x=False, y=False)
        self._xlim = 0.0
        self._ylim = 0.0
        self._log_y = False
        self.fixed_y: tuple[float, float] | None = None
        self.train_curve = item.plot(
            [], [], pen=pg.mkPen(TRAIN_PEN, width=CURVE_WIDTH), name=tr("train")
        )
        self.test_curve = item.plot(
            [], [], pen=pg.mkPen(TEST_PEN, width=CURVE_WIDTH), name=tr("test")
        )
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
        self.x_name = "epoch"
        self._test_in_legend = True

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
        if len(self._x) == 0:
            return
        xmax = float(self._x[-1])
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
        legend = self.getPlotItem().legend
        if legend is None or on == self._test_in_legend:
            return
        if on:
            legend.addItem(self.test_curve, tr("test"))
        else:
            legend.removeItem(self.test_curve)
        self._test_in_legend = on

    def clear_series(self) -> None:
        self._xlim = self._ylim = 0.0
        self.set_series(np.empty(0), np.empty(0), None)
        self._vline.setVisible(False)
        self._readout.setVisible(False)

    def add_overlay(self, x: np.ndarray, y: np.ndarray, label: str, index: int) -> None:
        """Keep an earlier run's curve as a faint dashed line with a legend entry."""
        colour = OVERLAY_COLORS[index % len(OVERLAY_COLORS)]
        pen = pg.mkPen(colour + (150,), width=1.5, style=Qt.PenStyle.DashLine)
        curve = self.getPlotItem().plot(np.asarray(x), np.asarray(y), pen=pen, name=label)
        curve.setZValue(-10)
        self.overlays.append(curve)

    def clear_overlays(self) -> None:
        item = self.getPlotItem()
        for curve in self.overlays:
            item.removeItem(curve)
            if item.legend is not None:
                item.legend.removeItem(curve)
        self.overlays.clear()

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


class CurvePanel(QWidget):
    """A :class:`CurvePlot` with its toggles above it (log scale for the loss)."""

    def __init__(
        self,
        title: str,
        y_label: str,
        *,
        plot_name: str,
        log_toggle: bool,
        legend_bottom: bool = False,
    ) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.title = title
        self.plot = CurvePlot(y_label, legend_bottom=legend_bottom)
        self.plot.setObjectName(plot_name)
        _set_accessible(self.plot, title, tr("{0} per epoch; hover to read values").format(title))
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
            _set_accessible(
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
            _set_accessible(
                self.log_check, tr("Log scale"), tr("Show the loss on a logarithmic axis")
            )
            self.log_check.toggled.connect(self.plot.set_log_y)
            row.addStretch(1)
            row.addWidget(self.log_check)
            layout.addLayout(row)
        layout.addWidget(self.plot, 1)


class BoundaryView(pg.PlotWidget):
    """Decision boundary heatmap with training points (filled) and test points (hollow)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("boundaryPlot")
        _set_accessible(
            self,
            tr("Decision boundary"),
            tr("Class regions of the network over the input plane; points are the data"),
        )
        self.setBackground("w")
        item = self.getPlotItem()
        item.setAspectLocked(True)
        item.hideButtons()
        item.showGrid(x=False, y=False)
        self.image = pg.ImageItem(axisOrder="row-major")
        item.addItem(self.image)
        self.train_points = pg.ScatterPlotItem(size=7, pxMode=True)
        self.test_points = pg.ScatterPlotItem(size=7, pxMode=True)
        item.addItem(self.train_points)
        item.addItem(self.test_points)
        self._extent: tuple[float, float, float, float] | None = None

    def set_data(self, extent, x_train, y_train, x_test, y_test) -> None:
        """Show a dataset: fix the view to ``extent`` and draw its points."""
        self._extent = extent
        xmin, xmax, ymin, ymax = extent
        self.image.clear()
        self.image.setRect(QRectF(xmin, ymin, xmax - xmin, ymax - ymin))
        self.getPlotItem().setRange(xRange=(xmin, xmax), yRange=(ymin, ymax), padding=0)
        # One brush and pen per class, shared by its points: pyqtgraph then renders one
        # symbol per class instead of one per point (90,000 points: 0.3 s instead of 5 s).
        k = int(max(y_train.max(initial=0), y_test.max(initial=0))) + 1
        brushes = [pg.mkBrush(*class_color(c)) for c in range(k)]
        pens = [pg.mkPen(*class_color(c), width=2) for c in range(k)]
        self.train_points.setData(
            pos=x_train,
            brush=[brushes[k] for k in y_train],
            pen=pg.mkPen((40, 40, 40), width=0.8),
        )
        self.test_points.setData(
            pos=x_test,
            brush=pg.mkBrush(255, 255, 255, 0),
            pen=[pens[k] for k in y_test],
        )

    def set_boundary(self, rgb: np.ndarray) -> None:
        """Draw an RGB uint8 (res, res, 3) map (row 0 = bottom of the extent)."""
        self.image.setImage(rgb, autoLevels=False, levels=(0, 255))
        if self._extent is not None:
            xmin, xmax, ymin, ymax = self._extent
            self.image.setRect(QRectF(xmin, ymin, xmax - xmin, ymax - ymin))

    def show_test_points(self, on: bool) -> None:
        self.test_points.setVisible(on)


def _gray_qimage(img: np.ndarray) -> QImage:
    """A QImage copy of a (h, w) uint8 grey image."""
    img = np.ascontiguousarray(img, dtype=np.uint8)
    h, w = img.shape
    return QImage(img.data, w, h, w, QImage.Format.Format_Grayscale8).copy()


class DigitGallery(QWidget):
    """A grid of digits with the predicted label and confidence; mistakes framed in red.

    Hovering a digit shows the top-3 probabilities.  ``cell_clicked(row)`` gives
    the dataset row of a clicked digit.
    """

    cell_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("digitGallery")
        _set_accessible(
            self,
            tr("Test digits"),
            tr("Test digits with the network's guess; red frames are mistakes"),
        )
        self.setMouseTracking(True)
        self.setMinimumSize(240, 240)
        self._pixels = np.empty((0, 0), dtype=np.uint8)
        self._image_shape = (28, 28)
        self._qimages: dict[int, QImage] = {}
        self._filter: np.ndarray | None = None
        self.filter_title = ""
        self._rows = np.empty(0, dtype=np.int64)
        self._labels = np.empty(0, dtype=np.int64)
        self._probs: np.ndarray | None = None
        self._class_names: tuple[str, ...] = ()
        self.max_cells = 64
        self.only_mistakes = False
        self._shown: list[int] = []

    def set_digits(
        self,
        images: np.ndarray,
        labels: np.ndarray,
        rows: np.ndarray,
        image_shape: tuple[int, int],
        class_names: tuple[str, ...],
    ) -> None:
        """Set the pool of digits (uint8 rows or floats in [0,1]) with their true labels."""
        if images.dtype != np.uint8:
            images = (np.clip(images, 0, 1) * 255).astype(np.uint8)
        self._pixels = images
        self._image_shape = image_shape
        self._qimages: dict[int, QImage] = {}
        self._filter = None
        self.filter_title = ""
        self._labels = np.asarray(labels)
        self._rows = np.asarray(rows)
        self._class_names = class_names
        self._probs = None
        self._refilter()

    def set_probabilities(self, probs: np.ndarray | None) -> None:
        """Predictions for the pool (one row per digit), or None before training."""
        self._probs = probs
        self._refilter()

    def set_only_mistakes(self, on: bool) -> None:
        self.only_mistakes = on
        self._refilter()

    def set_filter(self, indices: np.ndarray | None, title: str = "") -> None:
        """Show only these pool digits (e.g. one cell of the confusion matrix), or all again."""
        self._filter = None if indices is None else np.asarray(indices, dtype=np.int64)
        self.filter_title = title if indices is not None else ""
        self._refilter()

    def _image(self, idx: int) -> QImage:
        img = self._qimages.get(idx)
        if img is None:
            img = self._qimages[idx] = _gray_qimage(self._pixels[idx].reshape(self._image_shape))
        return img

    @property
    def predictions(self) -> np.ndarray | None:
        """Predicted class per pool digit (None before training)."""
        return None if self._probs is None else self._probs.argmax(axis=1)

    @property
    def labels(self) -> np.ndarray:
        """True class per pool digit."""
        return self._labels

    @property
    def shown(self) -> list[int]:
        """Pool indices of the digits on screen, in order."""
        return list(self._shown)

    def _refilter(self) -> None:
        pool = np.arange(len(self._pixels)) if self._filter is None else self._filter
        if self.only_mistakes and self._probs is not None:
            wrong = self._probs[pool].argmax(axis=1) != self._labels[pool]
            pool = pool[wrong]
        self._shown = pool[: self.max_cells].tolist()
        self.update()

    def _grid(self) -> tuple[int, int, float]:
        n = max(len(self._shown), 1)
        cols = max(1, math.ceil(math.sqrt(n * self.width() / max(self.height(), 1))))
        rows = math.ceil(n / cols)
        cell = min(self.width() / cols, self.height() / rows)
        return cols, rows, cell

    def sizeHint(self) -> QSize:
        return QSize(520, 520)

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), self.palette().base())
        if not self._shown:
            p.setPen(QColor(90, 90, 90))
            filtered = self.only_mistakes or self._filter is not None
            msg = tr("No digits to show here.") if filtered else tr("No digits.")
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, msg)
            return
        cols, _, cell = self._grid()
        font = QFont(self.font())
        font.setPixelSize(max(9, int(cell * 0.16)))
        p.setFont(font)
        label_h = int(cell * 0.22)
        preds = self.predictions
        for k, idx in enumerate(self._shown):
            r, c = divmod(k, cols)
            x0, y0 = c * cell, r * cell
            img_side = cell - label_h - 6
            target = QRectF(x0 + (cell - img_side) / 2, y0 + 3, img_side, img_side)
            p.drawImage(target, self._image(idx))
            text_rect = QRectF(x0, y0 + 3 + img_side, cell, label_h)
            if preds is not None:
                pred = int(preds[idx])
                conf = float(self._probs[idx, pred])
                wrong = pred != int(self._labels[idx])
                colour = QColor(200, 30, 30) if wrong else QColor(20, 110, 40)
                if wrong:
                    p.setPen(QPen(colour, max(2.0, cell * 0.04)))
                    p.drawRect(target.adjusted(-1, -1, 1, 1))
                p.setPen(colour)
                p.drawText(
                    text_rect, Qt.AlignmentFlag.AlignCenter, f"{self._name(pred)} · {conf:.0%}"
                )
            else:
                p.setPen(QColor(60, 60, 60))
                p.drawText(
                    text_rect, Qt.AlignmentFlag.AlignCenter, self._name(int(self._labels[idx]))
                )
        p.end()

    def _name(self, k: int) -> str:
        name = self._class_names[k] if k < len(self._class_names) else str(k)
        return name if len(name) <= 8 else name[:7] + "…"

    def _index_at(self, pos: QPointF) -> int | None:
        cols, _, cell = self._grid()
        c, r = int(pos.x() // cell), int(pos.y() // cell)
        k = r * cols + c
        if 0 <= c < cols and 0 <= k < len(self._shown):
            return self._shown[k]
        return None

    def tooltip_text(self, idx: int) -> str:
        """True label and top-3 probabilities of pool digit ``idx``."""
        lines = [tr("true: {0}").format(self._class_names[int(self._labels[idx])])]
        if self._probs is not None:
            order = np.argsort(self._probs[idx])[::-1][:3]
            lines += [f"{self._class_names[k]}: {self._probs[idx, k]:.1%}" for k in order]
        return "\n".join(lines)

    def mouseMoveEvent(self, event) -> None:
        idx = self._index_at(event.position())
        if idx is None:
            QToolTip.hideText()
            return
        QToolTip.showText(
            event.globalPosition().toPoint(), self.tooltip_text(idx), self, QRect(), 5000
        )

    def mousePressEvent(self, event) -> None:
        idx = self._index_at(event.position())
        if idx is not None and idx < len(self._rows):
            self.cell_clicked.emit(int(self._rows[idx]))


class LayerStatsView(QWidget):
    """Per-layer weight histograms and gradient norms over time.

    The gradient norms show the tutorials' lesson on activations: with sigmoid in
    a deep net the first layers' gradients shrink by orders of magnitude
    (vanishing gradients); with ReLU they stay comparable.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("layerStats")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.hist_plot = pg.PlotWidget()
        self.hist_plot.setObjectName("weightHistogramPlot")
        _set_accessible(
            self.hist_plot, tr("Weight histograms"), tr("Distribution of each layer's weights")
        )
        self.norm_plot = pg.PlotWidget()
        self.norm_plot.setObjectName("gradientNormPlot")
        _set_accessible(
            self.norm_plot,
            tr("Gradient norms"),
            tr("Size of each layer's weight gradient over training (log scale)"),
        )
        for plot, title, bottom in (
            (self.hist_plot, tr("Weights per layer"), tr("weight")),
            (self.norm_plot, tr("Gradient norm per layer ‖∂L/∂W‖"), tr("iteration")),
        ):
            plot.setBackground("w")
            item = plot.getPlotItem()
            item.setTitle(title)
            item.setLabel("bottom", bottom)
            item.addLegend(offset=(-10, 10))
        self.norm_plot.getPlotItem().setLogMode(y=True)
        layout.addWidget(self.hist_plot, 1)
        layout.addWidget(self.norm_plot, 1)
        self._hist_curves: list[pg.PlotDataItem] = []
        self._norm_curves: list[pg.PlotDataItem] = []
        self.norms = None

    def set_layers(self, n_layers: int) -> None:
        """Create one curve per weight matrix (on Reset)."""
        from nnviz.core.history import History

        for plot, curves in (
            (self.hist_plot, self._hist_curves),
            (self.norm_plot, self._norm_curves),
        ):
            item = plot.getPlotItem()
            for c in curves:
                item.removeItem(c)
                if item.legend is not None:
                    item.legend.removeItem(c)
            curves.clear()
        for i in range(n_layers):
            pen = pg.mkPen(class_color(i), width=2)
            self._hist_curves.append(
                self.hist_plot.plot([], [], stepMode="center", pen=pen, name=f"W{i + 1}")
            )
            self._norm_curves.append(self.norm_plot.plot([], [], pen=pen, name=f"W{i + 1}"))
        self.norms = History(tuple(f"W{i + 1}" for i in range(n_layers)), capacity=4000)

    def update_stats(self, epoch: float, hists, norms: np.ndarray | None) -> None:
        """Show the latest histograms and add one gradient-norm point per layer."""
        if hists is not None:
            for curve, (counts, edges) in zip(self._hist_curves, hists, strict=False):
                curve.setData(edges, counts)
        if norms is not None and self.norms is not None and len(norms) == len(self._norm_curves):
            # One batch's gradient is noisy: show an exponential moving average of the samples.
            norms = np.maximum(np.asarray(norms, dtype=np.float64), 1e-12)
            last = self.norms.last
            smooth = norms if last is None else 0.7 * last[1:] + 0.3 * norms
            self.norms.append(epoch, *smooth)
            x = self.norms.column("x")
            for i, curve in enumerate(self._norm_curves):
                curve.setData(x, self.norms.column(f"W{i + 1}"))
