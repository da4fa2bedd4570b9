"""The race view: up to eight contenders' smoothed loss curves, trained side by side.

A :class:`~nnviz.app.labs.race.Race` is stepped from a ``QTimer`` on the GUI thread,
about 0.1 s of training per tick (the chunk the race needs to train in blocks as
fast as separate runs), so the window redraws about ten times a second while a race
runs; pause, step and reset act on every contender at once.
"""

from __future__ import annotations

from collections.abc import Callable

import pyqtgraph as pg
from PySide6.QtCore import QTimer, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from nnviz.app.labs.race import Race
from nnviz.core.boundary import class_color
from nnviz.core.trainer import TrainState
from nnviz.errors import NnvizError
from nnviz.gui.i18n import translator
from nnviz.gui.labs.playback import show_playing
from nnviz.gui.widgets import named

tr = translator("labs")

TICK_SECONDS = 0.1  # training per timer tick: blocks of 16 batches stay efficient
STEP_BATCHES = 16  # what Step trains: one block


class RaceView(QWidget):
    """Smoothed loss of every contender, with a legend naming what differs.

    Parameters
    ----------
    make_race
        Builds the race (loading its data) when first needed; an
        :class:`~nnviz.errors.NnvizError` it raises is shown in the status line.

    :attr:`play` (checkable), :attr:`step_button` and :attr:`reset_button` act on all
    contenders; :attr:`curves` are drawn from :attr:`race`.
    """

    def __init__(self, make_race: Callable[[], Race], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("raceView")
        self._make_race = make_race
        self.race: Race | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(0)  # each tick trains for TICK_SECONDS; events run between
        self.timer.timeout.connect(self._tick)
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.play = named(
            QPushButton(tr("Train")), "racePlay", tr("Train"), tr("Train or pause every contender")
        )
        self.play.setCheckable(True)
        self.play.toggled.connect(self.set_playing)
        self.step_button = named(
            QPushButton(tr("Step")), "raceStep", tr("Step"),
            tr("Every contender trains on the next 16 mini-batches"),
        )  # fmt: skip
        self.step_button.clicked.connect(self.step_once)
        self.reset_button = named(
            QPushButton(tr("Reset")), "raceReset", tr("Reset"),
            tr("Every contender back to its initial weights"),
        )  # fmt: skip
        self.reset_button.clicked.connect(self.reset)
        for b in (self.play, self.step_button, self.reset_button):
            bar.addWidget(b)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.plot = named(
            pg.PlotWidget(), "racePlot", tr("Race"),
            tr("Each contender's smoothed training loss, on the same mini-batches"),
        )  # fmt: skip
        self.plot.setBackground("w")
        item = self.plot.getPlotItem()
        item.setLabel("bottom", tr("iteration"))
        item.setLabel("left", tr("loss (smoothed)"))
        self.legend = item.addLegend(offset=(-10, 10), labelTextColor="k")
        layout.addWidget(self.plot, 1)
        self.status = named(QLabel(), "raceStatus", tr("Race"), tr("How far the race has got"))
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.curves: list[pg.PlotDataItem] = []
        self.status.setText(tr("Press Train or Step to start the race."))

    # ------------------------------------------------------------------ control
    def ensure_race(self) -> bool:
        """Build the race on first use; False (and the reason shown) when it cannot be."""
        if self.race is None:
            try:
                self.race = self._make_race()
            except NnvizError as e:
                self.status.setText(str(e))
                return False
            self._make_curves()
        return True

    @Slot(bool)
    def set_playing(self, on: bool) -> None:
        """Train (a chunk per timer tick until the race is over) or pause."""
        if on and not self.ensure_race():
            on = False
        if on and self.race.finished:
            self.reset()  # run to the end: Train runs it again
        show_playing(self.play, self.timer, on, tr("Train"))

    @Slot()
    def _tick(self) -> None:
        self.race.step(max_seconds=TICK_SECONDS)
        self._draw()
        if self.race.finished:
            self.set_playing(False)

    @Slot()
    def step_once(self) -> None:
        """Pause, then train every contender on the next block of mini-batches."""
        self.set_playing(False)
        if self.ensure_race():
            self.race.step(max_batches=STEP_BATCHES)
            self._draw()

    @Slot()
    def reset(self) -> None:
        if self.race is not None:
            self.race.reset()
            self._draw()

    # ------------------------------------------------------------------ drawing
    def _make_curves(self) -> None:
        item = self.plot.getPlotItem()
        for c in self.curves:
            item.removeItem(c)
        self.legend.clear()
        self.curves = [
            self.plot.plot([], [], pen=pg.mkPen(class_color(i), width=2), name=label)
            for i, label in enumerate(self.race.legend())
        ]
        self._draw()

    def _draw(self) -> None:
        race = self.race
        for curve, lane in zip(self.curves, race.lanes, strict=True):
            curve.setData(lane.smoothed_losses())
        text = tr("Iteration {0}").format(f"{race.iteration:,}")
        if race.iterations is not None:
            text = tr("Iteration {0} of {1}").format(f"{race.iteration:,}", f"{race.iterations:,}")
        text += " · " + tr("{0} samples/s").format(f"{race.samples_per_second:,.0f}")
        gone = [lane.label for lane in race.lanes if lane.state is TrainState.DIVERGED]
        if gone:
            text += " · " + tr("diverged: {0}").format(", ".join(gone))
        self.status.setText(text)

    def legend_texts(self) -> list[str]:
        """The legend's entries as drawn."""
        return [label.text for _sample, label in self.legend.items]
