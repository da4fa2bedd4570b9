"""The race view: up to eight contenders trained side by side, their curves overlaid.

A :class:`~nnviz.app.labs.race.Race` is stepped from a ``QTimer`` on the GUI thread,
:data:`~nnviz.gui.labs.playback.TICK_SECONDS` of training per tick, so clicks and
redraws run between ticks while a race runs; pause, step and reset act on every
contender at once.  Beside the plot, the contenders: select one to remove it or to
add a copy of it with another learning rate or weight decay (the copy replays the
race's batches from the start to catch up).

Two kinds of curves: each contender's smoothed loss per iteration (the MNIST races),
or its training (solid) and test (dashed) accuracy per epoch (the overfitting lab).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nnviz.app.blas import one_blas_thread
from nnviz.app.labs.race import MAX_CONTENDERS, Contender, Race
from nnviz.core.boundary import class_color
from nnviz.core.trainer import TrainState
from nnviz.errors import NnvizError
from nnviz.gui.i18n import translator
from nnviz.gui.labs.playback import TICK_SECONDS, add_transport, show_playing
from nnviz.gui.widgets import RateSpinBox, named

tr = translator("labs")

STEP_BATCHES = 16  # what Step trains: one block
# Contender labels are translated when shown (the labs mark theirs with N_ in the "labs"
# context; names such as "sgd" or "He" have no translation and stay as they are).


def _spin(name: str, accessible: str, tip: str, lo: float, hi: float) -> QDoubleSpinBox:
    s = named(RateSpinBox(), name, accessible, tip)
    s.setRange(lo, hi)
    s.setStepType(QDoubleSpinBox.StepType.AdaptiveDecimalStepType)
    return s


class RaceView(QWidget):
    """Every contender's curves, with a legend naming what differs, and the contender list.

    Parameters
    ----------
    make_race
        Builds the race (loading its data) when first needed; an
        :class:`~nnviz.errors.NnvizError` it raises is shown in the status line.
    curves
        ``"loss"``: smoothed training loss per iteration; ``"accuracy"``: training
        (solid) and test (dashed) accuracy per epoch.

    :attr:`play` (checkable), :attr:`step_button` and :attr:`reset_button` act on all
    contenders; :attr:`contenders` lists them, :attr:`remove_button` and
    :attr:`duplicate_button` (with :attr:`duplicate_lr` and :attr:`duplicate_l2`) act on
    the one selected; :attr:`curves` (one per contender, :attr:`test_curves` in
    accuracy mode) are drawn from :attr:`race`.
    """

    def __init__(
        self,
        make_race: Callable[[], Race],
        parent: QWidget | None = None,
        *,
        curves: str = "loss",
    ) -> None:
        super().__init__(parent)
        if curves not in ("loss", "accuracy"):
            raise ValueError(f"curves must be 'loss' or 'accuracy', not {curves!r}")
        self.setObjectName("raceView")
        self._make_race = make_race
        self.mode = curves
        self.race: Race | None = None
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        add_transport(
            self, bar, "race", tr("Train or pause every contender"),
            tr("Every contender trains on the next 16 mini-batches"),
            tr("Every contender back to its initial weights"),
        )  # fmt: skip
        bar.addStretch(1)
        layout.addLayout(bar)
        body = QHBoxLayout()
        self.plot = named(
            pg.PlotWidget(), "racePlot", tr("Race"),
            tr("Each contender's smoothed training loss, on the same mini-batches")
            if curves == "loss" else
            tr("Each contender's training (solid) and test (dashed) accuracy after every epoch"),
        )  # fmt: skip
        self.plot.setBackground("w")
        item = self.plot.getPlotItem()
        if curves == "loss":
            item.setLabel("bottom", tr("iteration"))
            item.setLabel("left", tr("loss (smoothed)"))
        else:
            item.setLabel("bottom", tr("epoch"))
            item.setLabel("left", tr("accuracy: training (solid), test (dashed)"))
            item.setYRange(0, 1, padding=0.02)
        self.legend = item.addLegend(offset=(-10, 10), labelTextColor="k")
        if curves == "accuracy":
            self.legend.anchor((1, 1), (1, 1), offset=(-10, -10))  # the curves rise top left
        body.addWidget(self.plot, 1)
        body.addWidget(self._contender_panel())
        layout.addLayout(body, 1)
        self.status = named(QLabel(), "raceStatus", tr("Race"), tr("How far the race has got"))
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.curves: list[pg.PlotDataItem] = []
        self.test_curves: list[pg.PlotDataItem] = []
        self._colors: list[int] = []  # per lane, its colour's index: kept when others go
        self.status.setText(tr("Press Train or Step to start the race."))

    def _contender_panel(self) -> QWidget:
        panel = QWidget()
        panel.setMaximumWidth(280)
        col = QVBoxLayout(panel)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(QLabel(tr("Contenders")))
        self.contenders = named(
            QListWidget(), "raceContenders", tr("Contenders"),
            tr("Select a contender to remove it or to race a copy of it with a change"),
        )  # fmt: skip
        self.contenders.currentRowChanged.connect(self._selected)
        rows = self.contenders.fontMetrics().height() + 6
        self.contenders.setMaximumHeight(MAX_CONTENDERS * rows + 2 * self.contenders.frameWidth())
        col.addWidget(self.contenders)
        self.remove_button = named(
            QPushButton(tr("Remove")), "raceRemove", tr("Remove"),
            tr("Take the selected contender out of the race"),
        )  # fmt: skip
        self.remove_button.clicked.connect(self.remove_selected)
        col.addWidget(self.remove_button)
        form = QFormLayout()
        self.duplicate_lr = _spin(
            "raceDuplicateLr", tr("Learning rate"), tr("The copy's learning rate"), 1e-6, 100
        )
        self.duplicate_l2 = _spin(
            "raceDuplicateL2", tr("Weight decay λ"), tr("The copy's weight decay λ"), 0, 10
        )
        form.addRow(tr("Learning rate"), self.duplicate_lr)
        form.addRow(tr("Weight decay λ"), self.duplicate_l2)
        col.addLayout(form)
        self.duplicate_button = named(
            QPushButton(tr("Duplicate with these settings")), "raceDuplicate", tr("Duplicate"),
            tr("Race a copy of the selected contender with this learning rate and weight decay; "
               "it replays the race so far to catch up"),
        )  # fmt: skip
        self.duplicate_button.clicked.connect(self.duplicate_selected)
        col.addWidget(self.duplicate_button)
        col.addStretch(1)
        self._enable_editing()
        return panel

    # ------------------------------------------------------------------ control
    def ensure_race(self) -> bool:
        """Build the race on first use; False (and the reason shown) when it cannot be."""
        if self.race is None:
            try:
                self.race = self._make_race()
            except NnvizError as e:
                self.status.setText(str(e))
                return False
            self._colors = list(range(len(self.race.lanes)))
            self._make_curves()
            self.contenders.setCurrentRow(0)
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
        with one_blas_thread():
            self.race.step(max_seconds=TICK_SECONDS)
        self._draw()
        if self.race.finished:
            self.set_playing(False)

    @Slot()
    def step_once(self) -> None:
        """Pause, then train every contender on the next block of mini-batches."""
        self.set_playing(False)
        if self.ensure_race():
            with one_blas_thread():
                self.race.step(max_batches=STEP_BATCHES)
            self._draw()

    @Slot()
    def reset(self) -> None:
        if self.race is not None:
            self.race.reset()
            self._draw()

    @Slot()
    def remove_selected(self) -> None:
        """Take the selected contender out (the race keeps at least one)."""
        row = self.contenders.currentRow()
        if self.race is None or row < 0:
            return
        try:
            self.race.remove(row)
        except NnvizError as e:
            self.status.setText(str(e))
            return
        del self._colors[row]
        self._make_curves()
        self.contenders.setCurrentRow(min(row, len(self.race.lanes) - 1))

    @Slot()
    def duplicate_selected(self) -> None:
        """Add a copy of the selected contender with the learning rate and λ shown."""
        row = self.contenders.currentRow()
        if self.race is None or row < 0:
            return
        c = self.race.lanes[row].contender
        changes = {}
        lr, l2 = self.duplicate_lr.value(), self.duplicate_l2.value()
        if not np.isclose(lr, c.train.learning_rate, rtol=1e-9, atol=0):
            changes["learning_rate"] = lr
        if not np.isclose(l2, c.train.l2, rtol=1e-9, atol=1e-12):
            changes["l2"] = l2
        what = ", ".join(
            [tr("lr {0}").format(f"{lr:g}")] * ("learning_rate" in changes)
            + [tr("λ {0}").format(f"{l2:g}")] * ("l2" in changes)
        ) or tr("copy")
        label = f"{tr(c.label)}, {what}" if c.label else ""
        try:
            i = self.race.duplicate(row, label, **changes)
        except NnvizError as e:
            self.status.setText(str(e))
            return
        self._added(i)

    def _added(self, i: int) -> None:
        """Contender ``i`` joined: a colour no one else has, its curve, and it selected."""
        free = [k for k in range(MAX_CONTENDERS) if k not in self._colors]
        self._colors.append(free[0])
        self._make_curves()
        self.contenders.setCurrentRow(i)

    def add_contender(self, contender: Contender) -> bool:
        """Add ``contender`` (it catches up on the race's batches); False, with the reason
        in the status line, when it cannot race with the others."""
        if not self.ensure_race():
            return False
        try:
            i = self.race.add(contender)
        except NnvizError as e:
            self.status.setText(str(e))
            return False
        self._added(i)
        return True

    @Slot(int)
    def _selected(self, row: int) -> None:
        if self.race is not None and 0 <= row < len(self.race.lanes):
            train = self.race.lanes[row].contender.train
            self.duplicate_lr.setValue(train.learning_rate)
            self.duplicate_l2.setValue(train.l2)
        self._enable_editing()

    def _enable_editing(self) -> None:
        n = 0 if self.race is None else len(self.race.lanes)
        chosen = self.contenders.currentRow() >= 0
        self.remove_button.setEnabled(chosen and n > 1)
        self.duplicate_button.setEnabled(chosen and n < MAX_CONTENDERS)

    # ------------------------------------------------------------------ drawing
    def _make_curves(self) -> None:
        item = self.plot.getPlotItem()
        for c in self.curves + self.test_curves:
            item.removeItem(c)
        self.legend.clear()
        labels = [tr(text) for text in self.race.legend()]
        colors = [class_color(k) for k in self._colors]
        self.curves = [
            self.plot.plot([], [], pen=pg.mkPen(color, width=2), name=label)
            for color, label in zip(colors, labels, strict=True)
        ]
        self.test_curves = []
        if self.mode == "accuracy":
            self.test_curves = [
                self.plot.plot([], [], pen=pg.mkPen(color, width=2, style=Qt.PenStyle.DashLine))
                for color in colors
            ]
        self.contenders.blockSignals(True)
        self.contenders.clear()
        for color, label in zip(colors, labels, strict=True):
            swatch = QPixmap(14, 14)
            swatch.fill(QColor(*color))
            self.contenders.addItem(QListWidgetItem(QIcon(swatch), label))
        self.contenders.blockSignals(False)
        self._enable_editing()
        self._draw()

    def _draw(self) -> None:
        race = self.race
        for i, lane in enumerate(race.lanes):
            if self.mode == "loss":
                self.curves[i].setData(lane.smoothed_losses())
                continue
            epochs = np.arange(1, len(lane.history) + 1)
            self.curves[i].setData(epochs, [r.train_accuracy for r in lane.history])
            self.test_curves[i].setData(epochs, [r.test_accuracy for r in lane.history])
        self.status.setText(self._status_text())

    def _status_text(self) -> str:
        race = self.race
        if self.mode == "loss":
            text = tr("Iteration {0}").format(f"{race.iteration:,}")
            if race.iterations is not None:
                text = tr("Iteration {0} of {1}").format(
                    f"{race.iteration:,}", f"{race.iterations:,}"
                )
        else:
            text = tr("Epoch {0}").format(f"{race.epoch:,}")
            if race.epochs is not None:
                text = tr("Epoch {0} of {1}").format(f"{race.epoch:,}", f"{race.epochs:,}")
            gaps = [
                f"{tr(label)} {100 * (h[-1].train_accuracy - h[-1].test_accuracy):.1f}"
                for label, h in zip(race.legend(), (x.history for x in race.lanes), strict=True)
                if h
            ]
            if gaps:
                text += " · " + tr("training − test accuracy, points: {0}").format(", ".join(gaps))
        text += " · " + tr("{0} samples/s").format(f"{race.samples_per_second:,.0f}")
        catching_up = [lane.label for lane in race.lanes if lane.stream is not None]
        if catching_up:
            text += " · " + tr("catching up: {0}").format(", ".join(map(tr, catching_up)))
        gone = [lane.label for lane in race.lanes if lane.state is TrainState.DIVERGED]
        if gone:
            text += " · " + tr("diverged: {0}").format(", ".join(map(tr, gone)))
        return text

    def legend_texts(self) -> list[str]:
        """The legend's entries as drawn."""
        return [label.text for _sample, label in self.legend.items]
