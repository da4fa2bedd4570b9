"""The hyperparameter-search view: every trial on a log–log scatter, coloured by accuracy,
and the book's grid of the best 20 trials' curves.

A :class:`~nnviz.app.labs.search.HyperparameterSearch` is stepped from a ``QTimer`` on
the GUI thread (:data:`~nnviz.gui.labs.playback.TICK_SECONDS` of training per tick, as
the race view does); trials waiting their turn are hollow grey, finished ones filled with
their validation accuracy's colour.  Any finished trial — chosen in the list, or by a
click on its point or its small plot — opens as a normal run in the main window
(:attr:`SearchView.run_opened`).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from nnviz.app.blas import one_blas_thread
from nnviz.app.config import DataRequest, SessionConfig
from nnviz.app.labs.search import (
    BOOK_EPOCHS,
    BOOK_TRIALS,
    MAX_TRIALS,
    HyperparameterSearch,
    TrialResult,
    draw_trials,
)
from nnviz.errors import NnvizError
from nnviz.gui.i18n import translator
from nnviz.gui.labs.playback import TICK_SECONDS, show_playing
from nnviz.gui.labs.small_multiples import SmallMultiples, curve_key, grid_pens
from nnviz.gui.widgets import named

tr = translator("labs")

COLORMAP = pg.colormap.get("viridis")
BEST_ROWS, BEST_COLUMNS = 4, 5  # the book's grid of the best 20


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
    request
        The data a trial opened as a run trains on (``None``: trials cannot be opened).

    :attr:`trials` and :attr:`epochs` are the settings (used when a search starts),
    :attr:`play` runs or pauses it, :attr:`reset_button` drops it; :attr:`done` and
    :attr:`waiting` are the drawn scatter items, :attr:`best` the grid of the best 20
    trials' validation (solid) and training (dashed) accuracy per epoch;
    :attr:`trial_choice` and :attr:`open_button` open a trial as a run.
    """

    run_opened = Signal(object)
    """A trial's :class:`~nnviz.app.config.SessionConfig`, to open as a normal run."""

    def __init__(
        self,
        load_data: Callable,
        request: DataRequest | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("searchView")
        self._load_data = load_data
        self._request = request
        self._data = None
        self._shown = -1  # finished trials the grid and the list show
        self.search: HyperparameterSearch | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(0)
        self.timer.timeout.connect(self._tick)
        layout = QVBoxLayout(self)
        layout.addLayout(self._settings_bar())
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self._scatter())
        key = [
            ((31, 119, 180), False, tr("validation accuracy")),
            ((230, 120, 20), True, tr("training accuracy")),
        ]
        self.best = SmallMultiples(
            BEST_ROWS,
            BEST_COLUMNS,
            grid_pens(key),
            name="searchBest",
            accessible=tr("Best trials"),
            tip=tr("The best 20 trials: validation (solid) and training (dashed) accuracy per "
                   "epoch; click one to choose it"),
        )  # fmt: skip
        self.best.cell_clicked.connect(self._best_clicked)
        right = QWidget()
        col = QVBoxLayout(right)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(curve_key(key), 0, Qt.AlignmentFlag.AlignRight)
        col.addWidget(self.best, 1)
        split.addWidget(right)
        split.setSizes([420, 960])
        layout.addWidget(split, 1)
        layout.addLayout(self._open_bar())
        self.status = named(QLabel(), "searchStatus", tr("Search"), tr("How far the search got"))
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.status.setText(tr("Press Search to start."))

    def _settings_bar(self) -> QHBoxLayout:
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
        return bar

    def _scatter(self) -> pg.PlotWidget:
        self.plot = named(
            pg.PlotWidget(), "searchPlot", tr("Trials"),
            tr("Each trial's learning rate and weight decay, coloured by validation accuracy"),
        )  # fmt: skip
        self.plot.setBackground("w")
        item = self.plot.getPlotItem()
        item.setLogMode(x=True, y=True)
        for axis in ("bottom", "left"):
            item.getAxis(axis).enableAutoSIPrefix(False)  # not "learning rate (x0.001)"
        item.setLabel("bottom", tr("learning rate"))
        item.setLabel("left", tr("weight decay λ"))
        self.waiting = item.plot([], [], pen=None, symbol="o", symbolSize=8,
                                 symbolBrush=None, symbolPen=pg.mkPen(160, 160, 160))  # fmt: skip
        self.done = item.plot([], [], pen=None, symbol="o", symbolSize=11,
                              symbolPen=pg.mkPen("k", width=0.5))  # fmt: skip
        self.done.sigPointsClicked.connect(self._point_clicked)
        bar2 = pg.ColorBarItem(values=(0, 1), colorMap=COLORMAP, label=tr("validation accuracy"),
                               interactive=False)  # fmt: skip
        item.layout.addItem(bar2, 2, 5)
        return self.plot

    def _open_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.trial_choice = named(
            QComboBox(), "searchTrialChoice", tr("Trial"),
            tr("A finished trial, best first"),
        )  # fmt: skip
        self.trial_choice.setMinimumContentsLength(40)
        self.trial_choice.currentIndexChanged.connect(self._chosen)
        self.open_button = named(
            QPushButton(tr("Open as a run")), "searchOpen", tr("Open as a run"),
            tr("Set up the main window with this trial's network and training settings"),
        )  # fmt: skip
        self.open_button.clicked.connect(self.open_chosen)
        bar.addWidget(QLabel(tr("Trial:")))
        bar.addWidget(self.trial_choice, 1)
        bar.addWidget(self.open_button)
        self.open_button.setEnabled(False)
        return bar

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
            self.best.set_x_range(1, self.epochs.value())
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
        with one_blas_thread():
            self.search.step(max_seconds=TICK_SECONDS)
        self._draw()
        if self.search.finished:
            self.set_playing(False)

    @Slot()
    def reset(self) -> None:
        self.set_playing(False)
        self.search = None
        self._shown = -1
        self.waiting.setData([], [])
        self.done.setData([], [])
        self.best.clear()
        self.trial_choice.clear()
        self.open_button.setEnabled(False)
        for w in (self.trials, self.epochs):
            w.setEnabled(True)
        self.status.setText(tr("Press Search to start."))

    # ------------------------------------------------------------------ choosing a trial
    def ranked(self) -> list[TrialResult]:
        """The finished trials as listed: best first."""
        return [] if self.search is None else self.search.ranked()

    def choose(self, trial_index: int) -> None:
        """Select the trial drawn as number ``trial_index`` (in the list and the grid)."""
        i = self.trial_choice.findData(trial_index)
        if i >= 0:
            self.trial_choice.setCurrentIndex(i)

    def chosen(self) -> TrialResult | None:
        """The trial selected in the list."""
        index = self.trial_choice.currentData()
        return next((r for r in self.ranked() if r.trial.index == index), None)

    @Slot()
    def open_chosen(self) -> None:
        """Emit :attr:`run_opened` with the chosen trial's settings on the lab's data."""
        r = self.chosen()
        if r is None or self._request is None:
            return
        self.run_opened.emit(SessionConfig(self._request, r.trial.network, r.trial.train))
        self.status.setText(
            tr("Opened trial {0} in the main window: learning rate {1}, λ {2}.").format(
                r.trial.index + 1, f"{r.trial.learning_rate:.3g}", f"{r.trial.weight_decay:.3g}"
            )
        )

    @Slot(int)
    def _chosen(self, _row: int) -> None:
        r = self.chosen()
        self.open_button.setEnabled(r is not None and self._request is not None)
        rank = next((k for k, x in enumerate(self.ranked()[: len(self.best)]) if x is r), None)
        self.best.select(rank)

    @Slot(int)
    def _best_clicked(self, cell: int) -> None:
        ranked = self.ranked()
        if cell < len(ranked):
            self.choose(ranked[cell].trial.index)

    def _point_clicked(self, _item, points, *_args) -> None:
        if len(points) and self.search is not None:
            finished = self.search.results
            k = int(points[0].index())
            if k < len(finished):
                self.choose(finished[k].trial.index)

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
        ranked = s.ranked()
        if len(s.results) != self._shown:
            self._shown = len(s.results)
            self._show_ranked(ranked)
        text = tr("{0} of {1} trials").format(f"{len(s.results):,}", f"{len(s.trials):,}")
        if ranked:
            best = ranked[0]
            text += " · " + tr("best: {0}% validation at learning rate {1}, λ {2}").format(
                f"{100 * best.final_validation_accuracy:.1f}",
                f"{best.trial.learning_rate:.3g}",
                f"{best.trial.weight_decay:.3g}",
            )
        self.status.setText(text)

    def _show_ranked(self, ranked: list[TrialResult]) -> None:
        """The best 20 in the grid (the book's titles) and every finished trial in the list."""
        for k in range(len(self.best)):
            if k < len(ranked):
                r = ranked[k]
                title = tr("Best-{0} (val acc: {1})").format(
                    k + 1, f"{r.final_validation_accuracy:.2f}"
                )
                self.best.set_cell(k, title, [r.validation_accuracy, r.train_accuracy])
            else:
                self.best.set_cell(k, "", [None, None])
        keep = self.trial_choice.currentData()
        self.trial_choice.blockSignals(True)
        self.trial_choice.clear()
        for k, r in enumerate(ranked):
            self.trial_choice.addItem(
                tr("#{0}: trial {1}, learning rate {2}, λ {3} — {4}% validation").format(
                    k + 1, r.trial.index + 1, f"{r.trial.learning_rate:.3g}",
                    f"{r.trial.weight_decay:.3g}", f"{100 * r.final_validation_accuracy:.1f}",
                ),
                r.trial.index,
            )  # fmt: skip
        self.trial_choice.blockSignals(False)
        i = self.trial_choice.findData(keep) if keep is not None else 0
        self.trial_choice.setCurrentIndex(max(i, 0) if ranked else -1)
        self._chosen(self.trial_choice.currentIndex())
