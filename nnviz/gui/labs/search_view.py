"""The hyperparameter-search view: every trial on a log–log scatter, coloured by accuracy.

A :class:`~nnviz.app.labs.search.HyperparameterSearch` is stepped from a ``QTimer`` on
the GUI thread (0.1 s of training per tick, as the race view does); trials waiting their
turn are hollow grey, finished ones filled with their validation accuracy's colour.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QTimer, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout, QWidget

from nnviz.app.labs.search import (
    BOOK_EPOCHS,
    BOOK_TRIALS,
    MAX_TRIALS,
    HyperparameterSearch,
    draw_trials,
)
from nnviz.errors import NnvizError
from nnviz.gui.i18n import translator
from nnviz.gui.labs.playback import show_playing
from nnviz.gui.labs.race_view import TICK_SECONDS
from nnviz.gui.widgets import named

tr = translator("labs")

COLORMAP = pg.colormap.get("viridis")


def accuracy_brushes(accuracies: np.ndarray) -> list:
    """One brush per trial: viridis over validation accuracy 0–1 (NaN: grey)."""
    out = []
    for a in accuracies:
        if np.isfinite(a):
            out.append(pg.mkBrush(COLORMAP.map(float(np.clip(a, 0.0, 1.0)), mode="qcolor")))
        else:
            out.append(pg.mkBrush(150, 150, 150))
    return out


class SearchView(QWidget):
    """Random search over learning rate and weight decay, trained as it is watched.

    Parameters
    ----------
    load_data
        Returns the data already split for validation
        (:func:`~nnviz.app.labs.search.validation_split`); an
        :class:`~nnviz.errors.NnvizError` is shown in the status line.

    :attr:`trials` and :attr:`epochs` are the settings (used when a search starts),
    :attr:`play` runs or pauses it, :attr:`reset_button` drops it; :attr:`done` and
    :attr:`waiting` are the drawn scatter items.
    """

    def __init__(self, load_data: Callable, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchView")
        self._load_data = load_data
        self._data = None
        self.search: HyperparameterSearch | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(0)
        self.timer.timeout.connect(self._tick)
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.trials = named(QSpinBox(), "searchTrials", tr("Trials"), tr("How many draws"))
        self.trials.setRange(1, MAX_TRIALS)
        self.trials.setValue(BOOK_TRIALS)
        self.epochs = named(QSpinBox(), "searchEpochs", tr("Epochs"), tr("Epochs per trial"))
        self.epochs.setRange(1, 1000)
        self.epochs.setValue(BOOK_EPOCHS)
        self.play = named(
            QPushButton(tr("Search")), "searchPlay", tr("Search"), tr("Run or pause the search")
        )
        self.play.setCheckable(True)
        self.play.toggled.connect(self.set_playing)
        self.reset_button = named(
            QPushButton(tr("New search")), "searchReset", tr("New search"),
            tr("Drop these trials; the next search draws new ones with the settings"),
        )  # fmt: skip
        self.reset_button.clicked.connect(self.reset)
        for label, w in (
            (tr("Trials:"), self.trials),
            (tr("Epochs per trial:"), self.epochs),
            (None, self.play),
            (None, self.reset_button),
        ):
            if label:
                bar.addWidget(QLabel(label))
            bar.addWidget(w)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.plot = named(
            pg.PlotWidget(), "searchPlot", tr("Trials"),
            tr("Each trial's learning rate and weight decay, coloured by validation accuracy"),
        )  # fmt: skip
        self.plot.setBackground("w")
        item = self.plot.getPlotItem()
        item.setLogMode(x=True, y=True)
        item.setLabel("bottom", tr("learning rate"))
        item.setLabel("left", tr("weight decay λ"))
        self.waiting = item.plot([], [], pen=None, symbol="o", symbolSize=8,
                                 symbolBrush=None, symbolPen=pg.mkPen(160, 160, 160))  # fmt: skip
        self.done = item.plot([], [], pen=None, symbol="o", symbolSize=11,
                              symbolPen=pg.mkPen("k", width=0.5))  # fmt: skip
        bar2 = pg.ColorBarItem(values=(0, 1), colorMap=COLORMAP, label=tr("validation accuracy"),
                               interactive=False)  # fmt: skip
        item.layout.addItem(bar2, 2, 5)
        layout.addWidget(self.plot, 1)
        self.status = named(QLabel(), "searchStatus", tr("Search"), tr("How far the search got"))
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.status.setText(tr("Press Search to start."))

    # ------------------------------------------------------------------ control
    def ensure_search(self) -> bool:
        """Draw the trials (loading the data once); False with the reason shown if it fails."""
        if self.search is None:
            try:
                if self._data is None:
                    self._data = self._load_data()
                trials = draw_trials(self.trials.value(), epochs=self.epochs.value())
                self.search = HyperparameterSearch(self._data, trials)
            except NnvizError as e:
                self.status.setText(str(e))
                return False
            self._draw()
        return True

    @Slot(bool)
    def set_playing(self, on: bool) -> None:
        if on and (not self.ensure_search() or self.search.finished):
            on = False
        if show_playing(self.play, self.timer, on, tr("Search")):
            for w in (self.trials, self.epochs):
                w.setEnabled(self.search is None)

    @Slot()
    def _tick(self) -> None:
        self.search.step(max_seconds=TICK_SECONDS)
        self._draw()
        if self.search.finished:
            self.set_playing(False)

    @Slot()
    def reset(self) -> None:
        self.set_playing(False)
        self.search = None
        self.waiting.setData([], [])
        self.done.setData([], [])
        for w in (self.trials, self.epochs):
            w.setEnabled(True)
        self.status.setText(tr("Press Search to start."))

    # ------------------------------------------------------------------ drawing
    def _draw(self) -> None:
        s = self.search
        finished = {r.trial.index for r in s.results}
        waiting = [t for t in s.trials if t.index not in finished]
        self.waiting.setData([t.learning_rate for t in waiting], [t.weight_decay for t in waiting])
        acc = np.array([r.final_validation_accuracy for r in s.results], dtype=np.float64)
        self.done.setData(
            [r.trial.learning_rate for r in s.results],
            [r.trial.weight_decay for r in s.results],
            symbolBrush=accuracy_brushes(acc),
        )
        text = tr("{0} of {1} trials").format(f"{len(s.results):,}", f"{len(s.trials):,}")
        ranked = s.ranked()
        if ranked:
            best = ranked[0]
            text += " · " + tr("best: {0}% validation at learning rate {1}, λ {2}").format(
                f"{100 * best.final_validation_accuracy:.1f}",
                f"{best.trial.learning_rate:.3g}",
                f"{best.trial.weight_decay:.3g}",
            )
        self.status.setText(text)
