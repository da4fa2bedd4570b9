"""The decision-boundary tab (2-D sets): class regions over the input plane and the data.

Over the map: the paint tools (click to add a point, shift-click the next class,
Ctrl-click or the eraser to delete, undo); under it: the replay slider over the run's
boundary frames.  A 2-D regression set shows the prediction as a heatmap with a colour
bar, and its points coloured by their targets.
"""

from __future__ import annotations

import html

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSlider, QVBoxLayout, QWidget

from nnviz.app.snapshot import ResetInfo, Snapshot
from nnviz.core.boundary import class_color, colorize_values, data_extent
from nnviz.gui.i18n import translator
from nnviz.gui.paint_tools import PaintTools, PlotPainter
from nnviz.gui.tabs.base import Tab, TabHost
from nnviz.gui.widgets import named, set_accessible

tr = translator("views")

OUTLINE_LIGHT = (25, 25, 25)  # on the light theme's white-tinted class regions
OUTLINE_DARK = (245, 245, 245)  # on the dark theme's dark-tinted class regions
OUTLINE_VALUES = (120, 120, 120)  # regression points: their fill is what counts
VALUE_BINS = 64  # regression points share one brush per bin of target values
DARK_BACKGROUND = (32, 32, 36)  # the engine's background of uncertain (or zero) cells


def value_colormap(lo: float, hi: float, dark: bool = False) -> pg.ColorMap:
    """The regression heatmap's colours over ``[lo, hi]`` (the engine's colorize_values)."""
    background = DARK_BACKGROUND if dark else (255, 255, 255)
    colors = colorize_values(np.linspace(lo, hi, 256), lo, hi, background=background)
    return pg.ColorMap(np.linspace(0.0, 1.0, 256), colors)


AXIS_WIDTH = 44
"""Pixels of the boundary view's y axis: room for labels like "−12.5" at the default font."""


class BoundaryView(pg.PlotWidget):
    """Decision boundary heatmap with training points (filled) and test points (hollow)."""

    resized = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("boundaryPlot")
        set_accessible(
            self,
            tr("Decision boundary"),
            tr("Class regions of the network over the input plane; points are the data"),
        )
        self.setBackground("w")
        item = self.getPlotItem()
        item.setAspectLocked(True)
        # A fixed width for the y axis: with the width following its tick labels, the
        # locked aspect → the y range → the tick labels → the axis width → the plot area
        # could swing between two layouts for ever (a 1177×736 window: 100 % CPU, no input).
        item.getAxis("left").setWidth(AXIS_WIDTH)
        item.hideButtons()
        item.showGrid(x=False, y=False)
        self.image = pg.ImageItem(axisOrder="row-major")
        item.addItem(self.image)
        # An earlier frame of the run (the replay slider), drawn instead of the live map.
        self.replay_image = pg.ImageItem(axisOrder="row-major")
        self.replay_image.setVisible(False)
        item.addItem(self.replay_image)
        self.color_bar: pg.ColorBarItem | None = None  # regression: the prediction's scale
        self.value_range: tuple[float, float] | None = None
        self.values: np.ndarray | None = None  # regression: the prediction in each cell
        # The prediction under the mouse (regression maps), read from the values drawn.
        self.readout = pg.TextItem(anchor=(0, 1), color=(30, 30, 30), fill=(255, 255, 255, 220))
        self.readout.setZValue(20)
        self.readout.setVisible(False)
        item.addItem(self.readout, ignoreBounds=True)
        self.readout_text = ""
        self.scene().sigMouseMoved.connect(self._hover)
        self.train_points = pg.ScatterPlotItem(size=7, pxMode=True)
        self.test_points = pg.ScatterPlotItem(size=7, pxMode=True)
        item.addItem(self.train_points)
        item.addItem(self.test_points)
        self._extent: tuple[float, float, float, float] | None = None
        self._shown_extent = None
        self.dark = False
        self.caption = QLabel(self)  # over the plot's top-left corner
        self.caption.setObjectName("boundaryCaption")
        self.caption.setStyleSheet(
            "QLabel { background: rgba(255, 255, 255, 210); color: #202020; padding: 3px; }"
        )
        self.caption.move(8, 8)
        self.caption.setVisible(False)
        # A table's classes by name (its labels were texts): the colours alone say nothing.
        self.legend = QLabel(self)
        self.legend.setObjectName("classLegend")
        self.legend.setStyleSheet(self.caption.styleSheet())
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setVisible(False)
        self.legend_names: tuple[str, ...] = ()

    def set_data(self, extent, x_train, y_train, x_test, y_test, value_range=None) -> None:
        """Show a dataset: fix the view to ``extent`` and draw its points.

        ``value_range`` (regression): points are coloured by their targets on that scale,
        and the colour bar shows it.
        """
        self._extent = extent
        self._shown_extent = None
        xmin, xmax, ymin, ymax = extent
        self.image.clear()
        self.image.setRect(QRectF(xmin, ymin, xmax - xmin, ymax - ymin))
        self.getPlotItem().setRange(xRange=(xmin, xmax), yRange=(ymin, ymax), padding=0)
        self._show_color_bar(value_range)
        self.set_points(x_train, y_train, x_test, y_test, value_range)

    def set_points(self, x_train, y_train, x_test, y_test, value_range=None) -> None:
        """Draw the points (training filled, test hollow) without moving the view."""
        # One brush and pen per class (or bin of targets), shared by its points: pyqtgraph
        # then renders one symbol per class instead of one per point (90,000 points: 0.3 s
        # instead of 5 s).
        if value_range is None:
            k = int(max(y_train.max(initial=0), y_test.max(initial=0))) + 1
            colors = [class_color(c) for c in range(k)]
            bins_train, bins_test = y_train, y_test
        else:
            lo, hi = value_range
            colors = colorize_values(np.linspace(lo, hi, VALUE_BINS), lo, hi).tolist()
            bins_train, bins_test = (_value_bins(y, lo, hi) for y in (y_train, y_test))
        brushes = [pg.mkBrush(*c) for c in colors]
        pens = [pg.mkPen(*c, width=2) for c in colors]
        self.train_points.setData(
            pos=x_train, brush=[brushes[k] for k in bins_train], pen=self.outline_pen()
        )
        self.test_points.setData(
            pos=x_test,
            brush=pg.mkBrush(255, 255, 255, 0),
            pen=[pens[k] for k in bins_test],
        )

    def _show_color_bar(self, value_range) -> None:
        """The prediction's colour scale beside a regression map; none for classes."""
        self.value_range = value_range
        layout = self.getPlotItem().layout
        if self.color_bar is not None:
            layout.removeItem(self.color_bar)
            self.scene().removeItem(self.color_bar)
            self.color_bar = None
        if value_range is None:
            return
        bar = pg.ColorBarItem(
            values=value_range,
            colorMap=value_colormap(*value_range, self.dark),
            interactive=False,
            width=14,
            label=tr("prediction"),
        )
        bar.setObjectName("predictionColorBar")
        layout.addItem(bar, 2, 5)
        layout.setColumnFixedWidth(4, 6)
        self.color_bar = bar

    def outline_pen(self):
        """The training points' outline: it contrasts with either theme's background
        (regression points: a light grey one, the fill says the target)."""
        if self.value_range is not None:
            return pg.mkPen(OUTLINE_VALUES, width=1)
        return pg.mkPen(OUTLINE_DARK if self.dark else OUTLINE_LIGHT, width=1.2)

    def set_dark(self, dark: bool) -> None:
        self.dark = dark
        if len(self.train_points.data):
            self.train_points.setPen(self.outline_pen())
        if self.color_bar is not None:
            self.color_bar.setColorMap(value_colormap(*self.value_range, dark))

    def set_boundary(self, rgb: np.ndarray, extent=None, values=None) -> None:
        """Draw an RGB uint8 (res, res, 3) map of ``extent`` (row 0 = bottom of the extent).

        The map may cover more than the data (the view's own shape): the view shows all of
        it, so no blank bands remain beside the data.  ``values``: the regression
        prediction of each cell, read out under the mouse.
        """
        self.image.setImage(rgb, autoLevels=False, levels=(0, 255))
        self.values = values
        extent = extent or self._extent
        if extent is not None:
            xmin, xmax, ymin, ymax = extent
            self.image.setRect(QRectF(xmin, ymin, xmax - xmin, ymax - ymin))
            if extent != self._shown_extent:
                self._shown_extent = extent
                self.getPlotItem().setRange(xRange=(xmin, xmax), yRange=(ymin, ymax), padding=0)

    def value_at(self, x: float, y: float) -> float | None:
        """The drawn prediction at data point (x, y), None off the map or without values."""
        extent = self._shown_extent or self._extent
        if self.values is None or extent is None or not self.image.isVisible():
            return None
        xmin, xmax, ymin, ymax = extent
        rows, cols = self.values.shape
        j = int((x - xmin) / (xmax - xmin) * cols)
        i = int((y - ymin) / (ymax - ymin) * rows)
        if not (0 <= i < rows and 0 <= j < cols):
            return None
        return float(self.values[i, j])

    @Slot(object)
    def _hover(self, pos) -> None:
        vb = self.getPlotItem().vb
        value = None
        if vb.sceneBoundingRect().contains(pos):
            p = vb.mapSceneToView(pos)
            value = self.value_at(p.x(), p.y())
        self.readout.setVisible(value is not None)
        if value is None:
            self.readout_text = ""
            return
        self.readout_text = tr("prediction {0} at ({1}, {2})").format(
            f"{value:.3g}", f"{p.x():.2f}", f"{p.y():.2f}"
        )
        self.readout.setText(self.readout_text)
        self.readout.setPos(p.x(), p.y())

    def leaveEvent(self, event) -> None:
        self.readout.setVisible(False)  # the read-out belongs to the mouse
        super().leaveEvent(event)

    def show_replay(self, rgb: np.ndarray | None, extent=None) -> None:
        """Draw an earlier frame instead of the live map (None: the live map again)."""
        live = rgb is None
        self.image.setVisible(live)
        self.replay_image.setVisible(not live)
        if live:
            return
        self.replay_image.setImage(rgb, autoLevels=False, levels=(0, 255))
        extent = extent or self._shown_extent or self._extent
        if extent is not None:
            xmin, xmax, ymin, ymax = extent
            self.replay_image.setRect(QRectF(xmin, ymin, xmax - xmin, ymax - ymin))

    def aspect(self) -> float | None:
        """Width / height of the plot area (what the map must fill), None before layout."""
        rect = self.getPlotItem().vb.sceneBoundingRect()
        if rect.width() < 10 or rect.height() < 10:
            return None
        return round(rect.width() / rect.height(), 2)

    def set_caption(self, text: str) -> None:
        """Say what the map shows when it is not the classes (a neuron's activation)."""
        self.caption.setText(text)
        self.caption.setVisible(bool(text))

    def set_legend(self, names: tuple[str, ...]) -> None:
        """Name the classes in their colours over the map's top-right corner (none: hidden)."""
        self.legend_names = tuple(names)
        swatches = [
            '<span style="color: #{:02x}{:02x}{:02x}">\u25a0</span>&nbsp;{}'.format(
                *class_color(k), html.escape(name)
            )
            for k, name in enumerate(self.legend_names)
        ]
        self.legend.setText("&nbsp;&nbsp; ".join(swatches))
        self.legend.setVisible(bool(swatches))
        self.place_overlays()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.place_overlays()
        self.resized.emit()

    def place_overlays(self) -> None:
        """The feature picker (tables) across the top, the caption under it."""
        if "legend" not in self.__dict__:
            return  # a resize while PlotWidget.__init__ runs, before the overlays exist
        picker = self.findChild(QWidget, "featurePicker")
        top = 8
        if picker is not None and not picker.isHidden():
            picker.setGeometry(0, 0, self.width(), picker.sizeHint().height())
            picker.raise_()
            top += picker.height()
        self.caption.move(8, top)
        if self.legend.isVisibleTo(self):
            self.legend.adjustSize()
            self.legend.move(max(8, self.width() - self.legend.width() - 8), top)
            self.legend.raise_()

    def show_test_points(self, on: bool) -> None:
        self.test_points.setVisible(on)


def _value_bins(y: np.ndarray, lo: float, hi: float) -> np.ndarray:
    """The colour bin (0 … VALUE_BINS − 1) of each target value."""
    u = (np.asarray(y, dtype=np.float64).ravel() - lo) / ((hi - lo) or 1.0)
    return np.clip(np.rint(u * (VALUE_BINS - 1)), 0, VALUE_BINS - 1).astype(np.intp)


class ReplayBar(QWidget):
    """The slider under the map over the run's boundary frames, and the epoch it shows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(4, 0, 4, 2)
        self.slider = named(
            QSlider(Qt.Orientation.Horizontal),
            "replaySlider",
            tr("Training history"),
            tr("Drag to replay the boundary at earlier epochs; at the right end it is live"),
        )
        self.slider.setRange(0, 0)
        self.label = QLabel()
        self.label.setObjectName("replayLabel")
        self.label.setMinimumWidth(self.label.fontMetrics().horizontalAdvance("0") * 24)
        row.addWidget(QLabel(tr("History")))
        row.addWidget(self.slider, 1)
        row.addWidget(self.label)


class FeaturePicker(QWidget):
    """Which two columns of a table the boundary view slices through (x and y axes)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("featurePicker")
        self.setAutoFillBackground(True)
        row = QHBoxLayout(self)
        row.setContentsMargins(4, 2, 4, 2)
        self.x = QComboBox()
        self.y = QComboBox()
        for box, name, axis in ((self.x, "featureXCombo", "x"), (self.y, "featureYCombo", "y")):
            box.setObjectName(name)
            set_accessible(
                box,
                tr("Feature on the {0} axis").format(axis),
                tr("The map is a slice through two features; the others stay at their means"),
            )
            box.currentIndexChanged.connect(self._picked)
        row.addWidget(QLabel(tr("x:")))
        row.addWidget(self.x, 1)
        row.addWidget(QLabel(tr("y:")))
        row.addWidget(self.y, 1)
        self.note = QLabel(tr("other features at their means"))
        row.addWidget(self.note)
        self._names: tuple[str, ...] = ()
        self._last = (0, 1)

    @property
    def features(self) -> tuple[int, int]:
        return (max(self.x.currentIndex(), 0), max(self.y.currentIndex(), 0))

    def set_names(self, names: tuple[str, ...]) -> None:
        """The table's feature names; the chosen pair is kept when the columns are the same."""
        if names == self._names:
            return
        self._names = names
        for box, index in ((self.x, 0), (self.y, 1)):
            box.blockSignals(True)
            box.clear()
            box.addItems(list(names))
            box.setCurrentIndex(index)
            box.blockSignals(False)
        self._last = (0, 1)

    @Slot()
    def _picked(self) -> None:
        i, j = self.features
        if i == j:  # the same column twice is no plane: swap the pair instead
            other = self.y if self.sender() is self.x else self.x
            other.blockSignals(True)
            other.setCurrentIndex(self._last[0] if other is self.x else self._last[1])
            other.blockSignals(False)
            if self.features[0] == self.features[1]:
                other.setCurrentIndex(self._last[1] if other is self.x else self._last[0])
        self._last = self.features
        self.changed.emit()


class BoundaryTab(Tab):
    """Class regions (or the clicked neuron's map) under the training and test points.

    For a table the map is a slice through two chosen features (:class:`FeaturePicker`),
    and the points are drawn on those two features.  2-D points can be painted (the
    tools above the map); the slider below replays the run's earlier maps.
    """

    key = "boundary"
    kinds = ("points", "table")

    def __init__(self, host: TabHost) -> None:
        super().__init__(host)
        self.title = tr("Decision boundary")
        self.view = BoundaryView()
        paint = host.model.paint
        self.tools = PaintTools(
            paint,
            host,
            classes=True,
            hint=tr("Click: add a point · Shift-click: the next class · Ctrl-click: delete"),
        )
        self.painter = PlotPainter(self.view, paint, host)
        self.replay_bar = ReplayBar()
        self.widget = QWidget()
        self.widget.setObjectName("boundaryPage")
        page = QVBoxLayout(self.widget)
        page.setContentsMargins(0, 0, 0, 0)
        page.setSpacing(0)
        page.addWidget(self.tools)
        page.addWidget(self.view, 1)
        page.addWidget(self.replay_bar)
        self.tools.install_shortcuts(self.widget)
        self._live = True
        self._shown_iteration = -1  # the replayed frame's iteration
        slider = self.replay_bar.slider
        slider.valueChanged.connect(self._replay_moved)
        slider.sliderReleased.connect(self._replay_released)
        paint.edited.connect(self._data_edited)
        # Over the plot's top edge, as the caption is.
        self.picker = FeaturePicker(self.view)
        self.picker.setVisible(False)
        self._drawn_features: tuple[int, int] | None = None
        self.picker.changed.connect(host.views_changed)
        self.test_points_action = QAction(tr("Show test points"), self.widget)
        self.test_points_action.setObjectName("showTestPointsAction")
        self.test_points_action.setCheckable(True)
        self.test_points_action.setChecked(True)
        self.test_points_action.toggled.connect(self.view.show_test_points)
        self.discretize_action = QAction(tr("Discretize output"), self.widget)
        self.discretize_action.setObjectName("discretizeAction")
        self.discretize_action.setCheckable(True)
        self.discretize_action.toggled.connect(host.views_changed)
        self.view.resized.connect(host.views_changed)

    def menu_actions(self) -> dict[str, list[QAction]]:
        return {"view": [self.test_points_action, self.discretize_action]}

    def needs(self, current: bool) -> dict:
        need = {"discretize": self.discretize_action.isChecked(), "aspect": self.view.aspect()}
        if not self.picker.isHidden():
            need["features"] = self.picker.features
        return {**need, "boundary": True} if current else need

    def on_reset(self, info: ResetInfo) -> None:
        ds = info.dataset
        table = ds.is_table
        self.picker.setVisible(table)
        self.view.set_legend(tuple(ds.class_names) if table else ())
        self._drawn_features = None
        paint = self.host.model.paint
        self.tools.setVisible(paint.active)
        self.tools.hint.setText(
            tr("Click: add a point with the target value · Ctrl-click: delete")
            if ds.is_regression
            else tr("Click: add a point · Shift-click: the next class · Ctrl-click: delete")
        )
        if info.value_range is not None:
            self.tools.set_target_range(*info.value_range)
        self._go_live()
        self._show_replay_range()
        if table:
            self.picker.set_names(tuple(ds.feature_names or ()))
            self._draw_points(self.picker.features)
        elif ds.is_points:
            for name in ("bottom", "left"):  # x and y: no feature names to show
                axis = self.view.getPlotItem().getAxis(name)
                if axis.label.isVisible():  # only after a table (a relayout costs a frame)
                    axis.showLabel(False)
            x_train, x_test = ds.inputs("train"), ds.inputs("test")  # plain, not crossed
            self.view.set_data(
                info.extent, x_train, ds.y_train, x_test, ds.y_test, info.value_range
            )

    def _draw_points(self, features: tuple[int, int]) -> None:
        """A table's points on two of its features (what the map beneath them slices)."""
        ds = self.host.model.info.dataset
        cols = list(features)
        xtr, xte = ds.x_train[:, cols], ds.x_test[:, cols]
        extent = data_extent(np.concatenate([xtr, xte]))
        self.view.set_data(extent, xtr, ds.y_train, xte, ds.y_test)
        names = ds.feature_names or ()
        item = self.view.getPlotItem()
        item.setLabel("bottom", names[features[0]] if names else "")
        item.setLabel("left", names[features[1]] if names else "")
        self._drawn_features = features

    @Slot(object)
    def _data_edited(self, data) -> None:
        """Painted points: draw them where they are (the view does not move)."""
        info = self.host.model.info
        if info is None or data.kind != "points":
            return
        plain = data.raw or data
        self.view.set_points(
            plain.x_train, plain.y_train, plain.x_test, plain.y_test, info.value_range
        )

    def on_frame(self, snap: Snapshot, current: bool) -> None:
        if snap.boundary is not None:
            feats = snap.boundary_features
            info = self.host.model.info
            if info.dataset.is_table and feats is not None and feats != self._drawn_features:
                self._draw_points(feats)  # the points follow the slice the map shows
            self.view.set_boundary(snap.boundary, snap.boundary_extent, snap.boundary_values)
            self._show_replay_range()
            if self._live:
                focus = snap.boundary_focus
                self.view.set_caption(
                    ""
                    if focus is None
                    else tr(
                        "Layer {0}, neuron {1}: its activation (click it in Network to go back)"
                    ).format(focus[0] + 1, focus[1] + 1)
                )

    def on_appearance(self, dark: bool) -> None:
        self.view.set_dark(dark)

    # ------------------------------------------------------------------ replay
    def _show_replay_range(self) -> None:
        """The slider spans the frames kept so far; live, it sits at the right end."""
        replay = self.host.model.replay
        slider = self.replay_bar.slider
        n = len(replay)
        slider.blockSignals(True)
        slider.setRange(0, max(n - 1, 0))
        if self._live:
            slider.setValue(slider.maximum())
        elif n:  # frames may have been thinned: stay on the frame shown
            slider.setValue(_nearest_iteration(replay, self._shown_iteration))
        slider.blockSignals(False)
        slider.setEnabled(n > 1)
        if self._live:
            snap = self.host.model.last_snapshot
            epoch = snap.epoch if snap is not None else 0
            self.replay_bar.label.setText(tr("Live · epoch {0}").format(f"{epoch:,}"))

    @Slot(int)
    def _replay_moved(self, k: int) -> None:
        slider = self.replay_bar.slider
        if k >= slider.maximum() and not slider.isSliderDown():
            self._go_live()
        else:
            self._show_frame(k)

    @Slot()
    def _replay_released(self) -> None:
        slider = self.replay_bar.slider
        if slider.value() >= slider.maximum():
            self._go_live()

    def _show_frame(self, k: int) -> None:
        replay = self.host.model.replay
        if not 0 <= k < len(replay):
            return
        self._live = False
        self._shown_iteration = replay.iteration(k)
        self.view.show_replay(replay.frame(k), replay.extent(k))
        epoch, iteration = f"{replay.epoch(k):,}", f"{replay.iteration(k):,}"
        self.replay_bar.label.setText(tr("Epoch {0} · iteration {1}").format(epoch, iteration))
        self.view.set_caption(
            tr("Replay of epoch {0}: drag to the right end to go live").format(epoch)
        )

    def _go_live(self) -> None:
        was_live, self._live = self._live, True
        self.view.show_replay(None)
        if not was_live:
            self.view.set_caption("")
            self._show_replay_range()


def _nearest_iteration(replay, iteration: int) -> int:
    """The index of the kept frame closest to ``iteration``."""
    its = np.array([replay.iteration(k) for k in range(len(replay))])
    return int(np.argmin(np.abs(its - iteration)))
