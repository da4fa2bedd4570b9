"""The optimizer-paths lab view: six optimizers walking down a surface, step by step.

Everything runs on the GUI thread: one step of six optimizers on a 2-D surface is a
few microseconds of NumPy, so the view drives
:class:`~nnviz.app.labs.paths.OptimizerPaths` (the real optimizer classes) from a
``QTimer`` and needs no engine.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from nnviz.app.labs.paths import BOOK_STEPS, MAX_STEPS, OptimizerPaths
from nnviz.app.labs.surfaces import SURFACES, contour_grid, contour_levels
from nnviz.core.boundary import class_color
from nnviz.errors import NnvizError
from nnviz.gui.i18n import N_, translator
from nnviz.gui.labs.playback import show_playing
from nnviz.gui.panels import OPTIMIZER_TITLES
from nnviz.gui.widgets import named

tr = translator("labs")
tr_panels = translator("panels")  # the optimizers' names, as the network panel shows them


def optimizer_title(name: str) -> str:
    """An optimizer's name in the interface language (one table: the network panel's)."""
    return tr_panels(OPTIMIZER_TITLES.get(name, name))


SURFACE_TITLES = {
    "book": N_("The book's valley"),
    "rosenbrock": N_("Rosenbrock's banana"),
    "saddle": N_("A saddle between two minima"),
    "beale": N_("Beale's function"),
}
CONTOUR_LEVELS = 20
GRID = 160


def contour_lines(xs: np.ndarray, ys: np.ndarray, z: np.ndarray, level: float) -> np.ndarray:
    """Contour of ``z`` at ``level`` in data coordinates, segments separated by NaN rows."""
    # pyqtgraph's isocurve takes data[x, y] (our rows are y) and puts sample (i, j) at
    # (i + 0.5, j + 0.5), a pixel's centre: shift back to the samples.
    lines = pg.functions.isocurve(z.T, level, connected=True, extendToEdge=False)
    dx = (xs[-1] - xs[0]) / (len(xs) - 1)
    dy = (ys[-1] - ys[0]) / (len(ys) - 1)
    parts = []
    for line in lines:
        p = np.asarray(line, dtype=np.float64) - 0.5
        parts.append(np.column_stack([xs[0] + p[:, 0] * dx, ys[0] + p[:, 1] * dy]))
        parts.append(np.full((1, 2), np.nan))
    return np.vstack(parts) if parts else np.empty((0, 2))


class OptimizerPathsView(QWidget):
    """Contours of a surface and every optimizer's path on it, played step by step.

    Attributes a test (or a user) drives: :attr:`play` (checkable), :attr:`step_button`,
    :attr:`reset_button`, :attr:`speed` (steps per second), :attr:`steps` (where play
    stops), :attr:`surface_combo`, :attr:`rate_boxes` (one per optimizer),
    :attr:`plot`; :attr:`curves` and :attr:`heads` are what is drawn.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("optimizerPathsView")
        self.lab = OptimizerPaths()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self._tick)
        layout = QVBoxLayout(self)
        layout.addLayout(self._build_bar())
        body = QHBoxLayout()
        body.addWidget(self._build_plot(), 1)
        body.addLayout(self._build_rates())
        layout.addLayout(body, 1)
        self.status = named(QLabel(), "pathsStatus", tr("Step"), tr("Steps taken so far"))
        layout.addWidget(self.status)
        self._show_surface()

    # ------------------------------------------------------------------ layout
    def _build_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.surface_combo = named(
            QComboBox(), "surfaceCombo", tr("Surface"), tr("The function the optimizers minimise")
        )
        for key in SURFACES:
            self.surface_combo.addItem(tr(SURFACE_TITLES.get(key, key)), key)
        self.surface_combo.currentIndexChanged.connect(self._surface_chosen)
        self.play = named(
            QPushButton(tr("Play")), "pathsPlay", tr("Play"), tr("Play or pause the steps")
        )
        self.play.setCheckable(True)
        self.play.toggled.connect(self.set_playing)
        self.step_button = named(
            QPushButton(tr("Step")), "pathsStep", tr("Step"), tr("Every optimizer takes one step")
        )
        self.step_button.clicked.connect(self.step_once)
        self.reset_button = named(
            QPushButton(tr("Reset")), "pathsReset", tr("Reset"), tr("Back to the start, step 0")
        )
        self.reset_button.clicked.connect(self.reset)
        self.speed = named(
            QSpinBox(), "pathsSpeed", tr("Speed"), tr("Steps per second while playing")
        )
        self.speed.setRange(1, 60)
        self.speed.setValue(5)
        self.speed.setSuffix(tr(" steps/s"))
        self.speed.valueChanged.connect(self._speed_changed)
        self.steps = named(QSpinBox(), "pathsSteps", tr("Steps"), tr("Play stops after this step"))
        self.steps.setRange(1, MAX_STEPS)
        self.steps.setValue(BOOK_STEPS)
        for label, w in (
            (tr("Surface:"), self.surface_combo),
            (None, self.play),
            (None, self.step_button),
            (None, self.reset_button),
            (tr("Speed:"), self.speed),
            (tr("Stop at step:"), self.steps),
        ):
            if label:
                bar.addWidget(QLabel(label))
            bar.addWidget(w)
        bar.addStretch(1)
        return bar

    def _build_plot(self) -> pg.PlotWidget:
        self.plot = named(
            pg.PlotWidget(),
            "pathsPlot",
            tr("Optimizer paths"),
            tr("Contours of the surface and each optimizer's path; click to move the start"),
        )
        self.plot.setBackground("w")
        item = self.plot.getPlotItem()
        item.setLabel("bottom", "x")
        item.setLabel("left", "y")
        item.addLegend(offset=(-10, 10), labelTextColor="k", brush=(255, 255, 255, 220))
        item.setMenuEnabled(False)
        self.plot.setMouseEnabled(x=False, y=False)
        self.contours: list[pg.PlotDataItem] = []
        self.minima = pg.ScatterPlotItem(symbol="+", size=14, pen=pg.mkPen("k", width=2))
        item.addItem(self.minima)
        self.start_marker = pg.ScatterPlotItem(symbol="o", size=10, brush=None, pen="k")
        item.addItem(self.start_marker)
        self.curves: dict[str, pg.PlotDataItem] = {}
        self.heads: dict[str, pg.ScatterPlotItem] = {}
        for i, name in enumerate(self.lab.optimizers):
            color = class_color(i)
            self.curves[name] = self.plot.plot(
                [], [], pen=pg.mkPen(color, width=2), symbol="o", symbolSize=4,
                symbolBrush=color, symbolPen=None, name=optimizer_title(name),
            )  # fmt: skip
            head = pg.ScatterPlotItem(size=11, brush=color, pen=pg.mkPen("k", width=1))
            item.addItem(head)
            self.heads[name] = head
        self.plot.scene().sigMouseClicked.connect(self._clicked)
        return self.plot

    def _build_rates(self) -> QGridLayout:
        grid = QGridLayout()
        grid.addWidget(QLabel(tr("Learning rates")), 0, 0, 1, 2)
        self.rate_boxes: dict[str, QDoubleSpinBox] = {}
        for row, name in enumerate(self.lab.optimizers, start=1):
            title = optimizer_title(name)
            box = named(
                QDoubleSpinBox(), f"rate_{name}", tr("{0} learning rate").format(title),
                tr("Change it to redraw {0}'s path at the new rate").format(title),
            )  # fmt: skip
            box.setDecimals(5)
            box.setRange(1e-5, 10.0)
            box.setStepType(QDoubleSpinBox.StepType.AdaptiveDecimalStepType)
            box.setKeyboardTracking(False)  # a rate typed digit by digit redraws once
            box.setProperty("optimizer", name)
            box.valueChanged.connect(self._rate_changed)
            swatch = QLabel("■ " + title)
            swatch.setStyleSheet(f"color: {pg.mkColor(class_color(row - 1)).name()}")
            grid.addWidget(swatch, row, 0)
            grid.addWidget(box, row, 1)
            self.rate_boxes[name] = box
        grid.setRowStretch(len(self.lab.optimizers) + 1, 1)
        return grid

    # ------------------------------------------------------------------ control
    @Slot(bool)
    def set_playing(self, on: bool) -> None:
        """Play (a step every 1/speed s until the last step) or pause."""
        if on and self.lab.steps >= self.steps.value():
            self.reset()  # played to the end: play again from the start
        self.timer.setInterval(int(1000 / self.speed.value()))
        show_playing(self.play, self.timer, on, tr("Play"))

    @Slot()
    def _tick(self) -> None:
        self.step_once()
        if self.lab.steps >= self.steps.value():
            self.set_playing(False)

    @Slot()
    def step_once(self) -> None:
        """Every optimizer takes one step."""
        self.lab.step(1)
        self._draw_paths()

    def run_to(self, steps: int) -> None:
        """Take steps until ``steps`` have been taken (what Play does, at once)."""
        self.lab.step(max(steps - self.lab.steps, 0))
        self._draw_paths()

    @Slot()
    def reset(self) -> None:
        self.lab.reset()
        self._draw_paths()

    @Slot(int)
    def _speed_changed(self, value: int) -> None:
        if self.timer.isActive():
            self.timer.setInterval(int(1000 / value))

    @Slot(int)
    def _surface_chosen(self, _index: int) -> None:
        self.lab.set_surface(self.surface_combo.currentData())
        self._show_surface()

    @Slot(float)
    def _rate_changed(self, value: float) -> None:
        self._change(self.lab.set_rate, self.sender().property("optimizer"), value)

    def set_start(self, x: float, y: float) -> None:
        """Move the start; the paths are redone from there up to the current step."""
        self._change(self.lab.set_start, x, y)

    def _change(self, change, *args) -> None:
        """Apply a change to the lab and redraw, or say in the status line why not."""
        try:
            change(*args)
        except NnvizError as e:
            self.status.setText(str(e))
            return
        self._draw_paths()

    def _clicked(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        vb = self.plot.getPlotItem().vb
        if not vb.sceneBoundingRect().contains(event.scenePos()):
            return
        p = vb.mapSceneToView(event.scenePos())
        self.set_start(p.x(), p.y())

    # ------------------------------------------------------------------ drawing
    def _show_surface(self) -> None:
        """Contours, minima, limits and rates of the surface now chosen."""
        surf = self.lab.surface
        item = self.plot.getPlotItem()
        for c in self.contours:
            item.removeItem(c)
        xs, ys, z = contour_grid(surf, GRID)
        levels = contour_levels(surf, z, CONTOUR_LEVELS)
        lut = pg.colormap.get("viridis").getLookupTable(nPts=len(levels), alpha=False)
        self.contours = []
        for level, color in zip(levels, lut, strict=True):
            line = contour_lines(xs, ys, z, float(level))
            c = pg.PlotDataItem(line[:, 0], line[:, 1], pen=pg.mkPen(color, width=1),
                                connect="finite")  # fmt: skip
            c.setZValue(-10)
            item.addItem(c)
            self.contours.append(c)
        self.minima.setData(pos=np.asarray(surf.minima, dtype=np.float64))
        item.setXRange(*surf.xlim, padding=0)
        item.setYRange(*surf.ylim, padding=0)
        item.setTitle(surf.formula)
        for name, box in self.rate_boxes.items():
            box.blockSignals(True)
            box.setValue(self.lab.rate(name))
            box.blockSignals(False)
        self._draw_paths()

    def _draw_paths(self) -> None:
        for name, path in self.lab.paths().items():
            self.curves[name].setData(path[:, 0], path[:, 1])
            self.heads[name].setData(pos=path[-1:])
        self.start_marker.setData(pos=np.asarray([self.lab.start]))
        gone = [optimizer_title(n) for n, d in self.lab.diverged.items() if d]
        x, y = self.lab.start
        text = tr("Step {0} of {1} · start ({2}, {3})").format(
            self.lab.steps, self.steps.value(), f"{x:.3g}", f"{y:.3g}"
        )
        if gone:
            text += " · " + tr("diverged: {0}").format(", ".join(gone))
        self.status.setText(text)

    def end_points(self) -> dict[str, tuple[float, float]]:
        """Where each drawn path ends now (what the plot shows, read back from it)."""
        out = {}
        for name, curve in self.curves.items():
            x, y = curve.getData()
            out[name] = (float(x[-1]), float(y[-1]))
        return out
