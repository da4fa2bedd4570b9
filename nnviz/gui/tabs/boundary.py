"""The decision-boundary tab (2-D sets): class regions over the input plane and the data."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from nnviz.app.snapshot import ResetInfo, Snapshot
from nnviz.core.boundary import class_color, data_extent
from nnviz.gui.i18n import translator
from nnviz.gui.tabs.base import Tab, TabHost
from nnviz.gui.widgets import set_accessible

tr = translator("views")

OUTLINE_LIGHT = (25, 25, 25)  # on the light theme's white-tinted class regions
OUTLINE_DARK = (245, 245, 245)  # on the dark theme's dark-tinted class regions


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
        item.hideButtons()
        item.showGrid(x=False, y=False)
        self.image = pg.ImageItem(axisOrder="row-major")
        item.addItem(self.image)
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

    def set_data(self, extent, x_train, y_train, x_test, y_test) -> None:
        """Show a dataset: fix the view to ``extent`` and draw its points."""
        self._extent = extent
        self._shown_extent = None
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
            pos=x_train, brush=[brushes[k] for k in y_train], pen=self.outline_pen()
        )
        self.test_points.setData(
            pos=x_test,
            brush=pg.mkBrush(255, 255, 255, 0),
            pen=[pens[k] for k in y_test],
        )

    def outline_pen(self):
        """The training points' outline: it contrasts with either theme's background."""
        return pg.mkPen(OUTLINE_DARK if self.dark else OUTLINE_LIGHT, width=1.2)

    def set_dark(self, dark: bool) -> None:
        self.dark = dark
        if len(self.train_points.data):
            self.train_points.setPen(self.outline_pen())

    def set_boundary(self, rgb: np.ndarray, extent=None) -> None:
        """Draw an RGB uint8 (res, res, 3) map of ``extent`` (row 0 = bottom of the extent).

        The map may cover more than the data (the view's own shape): the view shows all of
        it, so no blank bands remain beside the data.
        """
        self.image.setImage(rgb, autoLevels=False, levels=(0, 255))
        extent = extent or self._extent
        if extent is not None:
            xmin, xmax, ymin, ymax = extent
            self.image.setRect(QRectF(xmin, ymin, xmax - xmin, ymax - ymin))
            if extent != self._shown_extent:
                self._shown_extent = extent
                self.getPlotItem().setRange(xRange=(xmin, xmax), yRange=(ymin, ymax), padding=0)

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

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.place_overlays()
        self.resized.emit()

    def place_overlays(self) -> None:
        """The feature picker (tables) across the top, the caption under it."""
        if "caption" not in self.__dict__:
            return  # a resize while PlotWidget.__init__ runs, before the overlays exist
        picker = self.findChild(QWidget, "featurePicker")
        top = 8
        if picker is not None and not picker.isHidden():
            picker.setGeometry(0, 0, self.width(), picker.sizeHint().height())
            picker.raise_()
            top += picker.height()
        self.caption.move(8, top)

    def show_test_points(self, on: bool) -> None:
        self.test_points.setVisible(on)


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
    and the points are drawn on those two features.
    """

    key = "boundary"
    kinds = ("points", "table")

    def __init__(self, host: TabHost) -> None:
        super().__init__(host)
        self.title = tr("Decision boundary")
        self.widget = self.view = BoundaryView()
        # Over the plot's top edge, as the caption is: the page stays the plot itself.
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
        self.view.place_overlays()
        self._drawn_features = None
        if table:
            self.picker.set_names(tuple(ds.feature_names or ()))
            self._draw_points(self.picker.features)
        elif ds.is_points:
            for name in ("bottom", "left"):  # x and y: no feature names to show
                axis = self.view.getPlotItem().getAxis(name)
                if axis.label.isVisible():  # only after a table (a relayout costs a frame)
                    axis.showLabel(False)
            x_train, x_test = ds.inputs("train"), ds.inputs("test")  # plain, not crossed
            self.view.set_data(info.extent, x_train, ds.y_train, x_test, ds.y_test)

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

    def on_frame(self, snap: Snapshot, current: bool) -> None:
        if snap.boundary is not None:
            feats = snap.boundary_features
            info = self.host.model.info
            if info.dataset.is_table and feats is not None and feats != self._drawn_features:
                self._draw_points(feats)  # the points follow the slice the map shows
            self.view.set_boundary(snap.boundary, snap.boundary_extent)
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
