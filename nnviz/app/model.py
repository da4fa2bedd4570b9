"""The application model: the state of the run the window shows, without Qt.

It consumes what the engine sends (:class:`~nnviz.app.snapshot.ResetInfo`,
:class:`~nnviz.app.snapshot.Snapshot`) and keeps what outlives one frame: the
curve histories, the loss windows ("mean of every N iterations"), the earlier
runs kept as overlays, the tutorial and its published-vs-you line, the status
text and what to fall back to when something fails.  It emits plain
:class:`~nnviz.app.events.Event` s; the window connects them to views.  It can be
driven and tested headless (tests/app/).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from nnviz.app.config import DataRequest, SessionConfig, default_session, describe_changes
from nnviz.app.events import Event
from nnviz.app.glass_walk import GlassBoxWalk
from nnviz.app.painting import PaintSession
from nnviz.app.replay import Replay
from nnviz.app.snapshot import EditState, ResetInfo, Snapshot
from nnviz.app.tutorials import Tutorial
from nnviz.core.history import History
from nnviz.data.datasets import Dataset

TR_CONTEXT = "MainWindow"  # the window translates the N_ strings below in this context

MAX_OVERLAYS = 5
CURVE_COLUMNS = (
    "train_loss",
    "test_loss",
    "train_accuracy",
    "test_accuracy",
    "train_rmse",  # regression runs: RMSE and R² instead of accuracies
    "test_rmse",
    "train_r2",
    "test_r2",
)
LOSS_WINDOWS = (10, 100)
"""Iterations per point of the "mean of N iterations" loss curves, kept from a run's start."""


def N_(text: str) -> str:
    """Mark ``text`` for translation; the window translates it when shown."""
    return text


STATE_TEXT = {
    "idle": N_("Ready — press Train."),
    "training": N_("Training…"),
    "paused": N_("Paused."),
    "done": N_("Finished: the epoch limit was reached."),
    "diverged": N_("Diverged."),
    "stopped": N_("Stopped by a stopping rule."),
}


@dataclass(frozen=True)
class Message:
    """A status or error text: a template (translated when shown) and its arguments."""

    template: str
    args: tuple = ()


@dataclass(frozen=True)
class Overlay:
    """An earlier run kept in the curves, labelled with what changed since."""

    label: str
    x: np.ndarray
    loss: np.ndarray
    accuracy: np.ndarray
    dataset: str
    iteration_losses: dict  # N → (iterations, mean loss of every N iterations)


@dataclass(frozen=True)
class TutorialLine:
    """The tutorial banner's published-vs-you line; ``measured`` is None before training."""

    metric: str
    published: float | None
    measured: float | None
    epoch: int
    origin: str = "quote"  # the published figure: quoted from the source, or its code re-run


@dataclass(frozen=True)
class SourceMarkers:
    """The open tutorial's source figures where they sit on the loss curve.

    ``x`` is in the curve's own units: iterations done (a per-epoch curve of a
    full-batch run has one iteration per epoch, so epoch e is iteration e), the
    loss of 0-based iteration i drawn at i + 1, a mean of N iterations at the
    window's end.  ``label`` says whether they are quoted or a re-run of the code.
    """

    x: np.ndarray
    y: np.ndarray
    label: str


class AppModel:
    """The run shown in the window: configs, curves, overlays, tutorial, status.

    Events
    ------
    reset_done(ResetInfo)
        A new network (and maybe dataset) replaced the old one; curves start over.
    frame(Snapshot)
        A snapshot of the current network arrived; views draw it.
    curves_changed()
        The curve histories gained points (or were cleared).
    overlays_changed()
        Earlier runs were added or cleared.
    status_changed(Message)
        The status text changed.
    noticed(Message)
        Something worth a passing note happened (shown for a few seconds).
    tutorial_changed(Tutorial | None)
        A tutorial was opened or closed.
    tutorial_line_changed(TutorialLine)
        The published-vs-you line changed.
    weights_edited(EditState)
        A weight was edited, or an edit undone or redone (the losses are the new ones).
    glass_box_changed(GlassBoxWalk)
        A glass-box step arrived, or its walk went a layer forward or backward.

    Attributes
    ----------
    paint
        The painted data of the run (:class:`~nnviz.app.painting.PaintSession`).
    replay
        The run's boundary frames to scrub through (:class:`~nnviz.app.replay.Replay`).
    """

    def __init__(self) -> None:
        self.reset_done = Event("reset_done")
        self.frame = Event("frame")
        self.curves_changed = Event("curves_changed")
        self.overlays_changed = Event("overlays_changed")
        self.status_changed = Event("status_changed")
        self.noticed = Event("noticed")
        self.tutorial_changed = Event("tutorial_changed")
        self.tutorial_line_changed = Event("tutorial_line_changed")
        self.weights_edited = Event("weights_edited")
        self.glass_box_changed = Event("glass_box_changed")
        self.generation = 0
        self.info: ResetInfo | None = None
        self.last_snapshot: Snapshot | None = None
        self.frames_drawn = 0
        self.curves = History(CURVE_COLUMNS)
        self.rates = History(("learning_rate",))  # the rate each epoch trained at (schedules)
        self.loss_every = 0  # 0: one loss point per epoch; N: the curve of LOSS_WINDOWS[N]
        # Every run keeps its mean-of-N-iterations curves from its first iteration, so
        # switching the loss axis never loses the current run (or an earlier one).
        self.windowed = {n: WindowedLoss(n) for n in LOSS_WINDOWS}
        self.previous_runs: list[Overlay] = []
        self.tutorial: Tutorial | None = None
        self.status = Message("")
        self.paint = PaintSession()
        self.replay = Replay()
        self._shown_state = ""
        self._fell_back = False
        self.edits: EditState | None = None  # the hand edits of the current network
        self.glass_box = GlassBoxWalk()

    # ------------------------------------------------------------------ engine events
    def on_reset_done(self, info: ResetInfo) -> None:
        """A new network: keep the finished run as an overlay, start the curves over."""
        previous = self.info
        if previous is not None:
            self._keep_run(previous, info)
        self.generation = info.generation
        self.info = info
        self.last_snapshot = None
        self._shown_state = ""
        self.curves.clear()
        self.rates.clear()
        self.replay.clear()
        self.paint.on_reset(info)
        for w in self.windowed.values():
            w.clear()
        self.edits = None
        self.glass_box = GlassBoxWalk()
        self.reset_done.emit(info)
        self.glass_box_changed.emit(self.glass_box)
        self.curves_changed.emit()
        line = self.tutorial_line()
        if line is not None:  # a new run: the banner's "you" starts over
            self.tutorial_line_changed.emit(line)

    def on_snapshot(self, snap: Snapshot) -> bool:
        """Take in a snapshot; False (and nothing changes) when it is from an older Reset."""
        if snap.generation != self.generation or self.info is None:
            return False
        self.last_snapshot = snap
        self.frames_drawn += 1
        for rec in snap.epochs:
            self.curves.append(*(getattr(rec, name) for name in ("epoch", *CURVE_COLUMNS)))
            self.rates.append(rec.epoch, rec.learning_rate)
        new_points = sum(w.add(snap.batch_losses) for w in self.windowed.values())
        self.replay.add(snap)
        self.frame.emit(snap)
        if snap.edits is not None and snap.edits != self.edits:
            self.edits = snap.edits
            self.weights_edited.emit(snap.edits)
        if snap.glass_box is not None:
            self.glass_box.show(snap.glass_box)
            self.glass_box_changed.emit(self.glass_box)
        if snap.epochs or new_points:
            self.curves_changed.emit()
        self._update_tutorial_line(snap)
        if snap.state != self._shown_state:
            # Only a change of state replaces the status text (so "Saved to …" stays readable).
            self._shown_state = snap.state
            if snap.state == "diverged":
                self.set_status(N_("Diverged: {0} Press Reset to start again."), snap.message)
            elif snap.state == "stopped" and snap.message:
                self.set_status(snap.message)  # "Stopped: test loss has not improved …"
            else:
                self.set_status(STATE_TEXT[snap.state])
        return True

    # ------------------------------------------------------------------ the glass box
    def walk_glass_box(self, direction: str) -> None:
        """Show the glass box's next layer: ``"forward"`` or ``"backward"``."""
        walk = self.glass_box
        walk.forward() if direction == "forward" else walk.backward()
        self.glass_box_changed.emit(walk)

    # ------------------------------------------------------------------ status and failures
    def set_status(self, template: str, *args) -> None:
        self.status = Message(template, tuple(args))
        self.status_changed.emit(self.status)

    def recovery(self, shown: DataRequest) -> DataRequest | SessionConfig | None:
        """What the panels should show after a failure while ``shown`` was requested.

        The data still in use when new data could not be loaded (so that Reset and the
        next start use it rather than the broken file or folder); the default session
        when nothing could ever be built (e.g. the saved data is gone), once; else None.
        """
        if self.info is not None:
            return self.info.config.data if shown != self.info.config.data else None
        if not self._fell_back:
            self._fell_back = True
            return default_session()
        return None

    # ------------------------------------------------------------------ earlier runs
    def _keep_run(self, old: ResetInfo, new: ResetInfo) -> None:
        """Keep the finished run's curves as a faint overlay labelled by what changed.

        Only runs on the same data and loss can be compared: a run on other data clears them,
        even when the run just ended trained no epoch (they were kept for its data).
        """
        if not same_data(old.dataset, new.dataset):
            if self.previous_runs:
                self.previous_runs.clear()
                self.overlays_changed.emit()
                self.noticed.emit(
                    Message(N_("Earlier runs were cleared: they trained on other data."))
                )
            return
        if len(self.curves) == 0:  # nothing trained: nothing to compare with
            return
        # Whole, however long: two runs cut to the same first changes could not be told apart.
        change = describe_changes(old.config, new.config) or N_("same settings")
        c = self.curves
        score = "r2" if old.dataset.is_regression else "accuracy"
        test_acc = c.column(f"test_{score}")
        acc = test_acc if np.isfinite(test_acc).any() else c.column(f"train_{score}")
        self.previous_runs.append(
            Overlay(
                label=change,
                x=c.column("x").copy(),
                loss=c.column("train_loss").copy(),
                accuracy=acc.copy(),
                dataset=old.dataset.key,
                iteration_losses={n: w.curve() for n, w in self.windowed.items()},
            )
        )
        del self.previous_runs[:-MAX_OVERLAYS]
        self.overlays_changed.emit()

    def clear_runs(self) -> None:
        """Forget the earlier runs' overlays."""
        self.previous_runs.clear()
        self.overlays_changed.emit()

    # ------------------------------------------------------------------ loss per N iterations
    def set_loss_every(self, every: int) -> None:
        """0: one loss point per epoch; N (one of LOSS_WINDOWS): the mean of every N iterations."""
        if every and every not in self.windowed:
            raise ValueError(f"the loss is averaged over one of {LOSS_WINDOWS} iterations")
        self.loss_every = int(every)
        self.curves_changed.emit()

    @property
    def iteration_losses(self) -> History:
        """The mean-of-N-iterations curve shown now (N = :attr:`loss_every`, default 10)."""
        return self.windowed[self.loss_every or LOSS_WINDOWS[0]].history

    # ------------------------------------------------------------------ tutorials
    def set_tutorial(self, tut: Tutorial | None) -> None:
        """Open a tutorial (its banner and line follow the run on its dataset), or close it."""
        self.tutorial = tut
        self.tutorial_changed.emit(tut)

    def data_chosen(self, key: str) -> None:
        """The user asked for the data ``key``: a tutorial on other data closes."""
        if self.tutorial is not None and key != self.tutorial.dataset:
            self.set_tutorial(None)

    def tutorial_line(self, snap: Snapshot | None = None) -> TutorialLine | None:
        """The published-vs-you figures of the open tutorial for the current run."""
        tut = self.tutorial
        if tut is None or self.info is None or self.info.dataset.key != tut.dataset:
            return None
        metric = tut.live_metric
        measured = None
        if self.curves.last is not None:
            col = 3 if metric == "train_accuracy" else 4
            measured = float(self.curves.last[col])
        snap = snap or self.last_snapshot
        if (
            (measured is None or not math.isfinite(measured))
            and snap is not None
            and snap.confusion is not None
            and (snap.iteration > 0 or self.info.pretrained)
        ):
            total = snap.confusion.sum()
            measured = float(np.trace(snap.confusion) / total) if total else None
        if measured is not None and not math.isfinite(measured):
            measured = None
        epoch = snap.epoch if snap is not None else 0
        return TutorialLine(metric, tut.published.get(metric), measured, epoch, tut.origin(metric))

    def source_markers(self) -> SourceMarkers | None:
        """The open tutorial's source losses in the loss curve's units, or None.

        Per-iteration losses (CS231n's printout) when each point of the curve is one
        iteration; the tutorial's mean loss of N iterations (DLFS2) when the curve
        shows means of those N.  None when no tutorial is open on this data, or the
        curve's points are other units (the figures would sit at wrong places).
        """
        tut, info = self.tutorial, self.info
        if tut is None or info is None or info.dataset.key != tut.dataset or not tut.trains:
            return None
        n_train = len(info.dataset.y_train)
        batch = info.config.train.batch_size
        per_epoch = 1 if batch is None or batch >= n_train else math.ceil(n_train / batch)
        if tut.source_losses and self.loss_every == 0 and per_epoch == 1:
            xs = np.array([i + 1 for i in tut.source_losses], dtype=np.float64)
            ys = np.array(list(tut.source_losses.values()))
            return SourceMarkers(xs, ys, N_("source"))
        if (
            tut.loss_averaged
            and self.loss_every == tut.loss_every
            and "loss" in tut.published
            and tut.train.epochs
        ):
            end = tut.train.epochs * per_epoch // tut.loss_every * tut.loss_every
            label = N_("source code, re-run") if tut.origin("loss") == "re-run" else N_("source")
            return SourceMarkers(np.array([float(end)]), np.array([tut.published["loss"]]), label)
        return None

    def _update_tutorial_line(self, snap: Snapshot) -> None:
        line = self.tutorial_line(snap)
        if line is not None:
            self.tutorial_line_changed.emit(line)


def same_data(a: Dataset, b: Dataset) -> bool:
    """True when runs on ``a`` and ``b`` share one loss axis: the same set, file and loss.

    Two CSV files are both "csv", a table read for another label column may turn from
    classes to a regression: such runs' curves cannot be compared.  Generated sets with
    other parameters (noise, seed) are the same set; the overlay's label names the change.
    """

    def identity(d: Dataset) -> tuple:
        source = d.source if d.source not in ("generated", "painted") else "generated"
        return d.key, d.loss, source, d.params.get("label")

    return identity(a) == identity(b)


class WindowedLoss:
    """The mean loss of every ``n`` iterations of a run, folded in as batch losses arrive."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.history = History(("loss",))
        self.clear()

    def clear(self) -> None:
        self.history.clear()
        self._pending: list[np.ndarray] = []  # batch losses not yet in a full window
        self._done = 0  # iterations folded into full windows

    def add(self, batch_losses: np.ndarray) -> int:
        """Fold in the next batch losses; returns how many new points the curve got."""
        if len(batch_losses) == 0:
            return 0
        self._pending.append(batch_losses)
        pending = np.concatenate(self._pending)
        n = self.n
        full = len(pending) // n
        if full:
            means = pending[: full * n].reshape(full, n).mean(axis=1)
            ends = self._done + n * np.arange(1, full + 1)
            self.history.extend(np.column_stack([ends, means]))
            self._done += full * n
        self._pending = [pending[full * n :]]
        return full

    def curve(self) -> tuple[np.ndarray, np.ndarray]:
        """Copies of the curve: iterations and mean losses."""
        return self.history.column("x").copy(), self.history.column("loss").copy()


def replace_data_dir(config: SessionConfig, data_dir: str | None) -> SessionConfig:
    """``config`` reading its dataset from ``data_dir``."""
    return replace(config, data=replace(config.data, data_dir=data_dir))
