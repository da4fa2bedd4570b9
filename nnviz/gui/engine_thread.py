"""The training engine on a QThread: a thin Qt wrapper around :class:`nnviz.app.engine.Engine`.

Thread model (STYLE.md): a parentless QObject moved onto its own QThread runs the
engine's loop, which never returns to the event loop while the window lives; the
GUI controls it only through the engine's thread-safe mailbox. The engine's
events are re-emitted as Qt signals, which Qt queues to the GUI thread.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal, Slot

from nnviz.app.config import SessionConfig
from nnviz.app.engine import Engine
from nnviz.app.snapshot import ViewOptions
from nnviz.core.modelio import Model
from nnviz.gui.i18n import translator
from nnviz.gui.threads import new_thread

tr = translator("session")  # the engine's messages (QCoreApplication.translate is thread-safe)


class _Runner(QObject):
    """Lives on the training thread; its one slot runs the engine's loop."""

    def __init__(self, engine: Engine) -> None:
        super().__init__()  # no parent: moveToThread would fail silently with one
        self.engine = engine

    @Slot()
    def run(self) -> None:
        self.engine.run()


class EngineHandle(QObject):
    """The window's handle on a training engine: commands in, Qt signals out.

    The same interface is offered by every way of running the engine (a thread
    here; a process in :mod:`nnviz.gui.engine_process`).
    """

    snapshot_ready = Signal(object)
    reset_done = Signal(object)
    failed = Signal(str)
    saved = Signal(str)
    pinged = Signal(object)
    started = Signal()  # the engine runs and takes commands
    stopped = Signal(str)  # the engine died (how, in a few words); restart() starts another

    # ---------------------------------------------------------------- commands
    def post(self, *command) -> None:
        raise NotImplementedError

    def reset(self, config: SessionConfig, model: Model | None = None) -> None:
        """Build a new network from ``config`` (with ``model``'s weights, when given)."""
        self.post("reset", config, model)

    def set_training(self, on: bool) -> None:
        self.post("train", on)

    def step(self) -> None:
        self.post("step")

    def set_learning_rate(self, lr: float) -> None:
        self.post("lr", lr)

    def set_l2(self, l2: float) -> None:
        self.post("l2", l2)

    def set_data(self, data) -> None:
        """Train on edited data (painted points) from the next batch on, weights kept."""
        self.post("data", data)

    def set_view(self, view: ViewOptions) -> None:
        self.post("view", view)

    def save_model(self, path: str, meta: dict | None = None) -> None:
        self.post("save", path, meta or {})

    def export_python(self, path: str) -> None:
        """Write the trained network as a standalone NumPy script; ``saved(path)`` follows."""
        self.post("export_code", path)

    def load_model(self, model: Model) -> None:
        self.post("model", model)

    def save_session(self, path: str, with_weights: bool = True) -> None:
        self.post("export_session", path, with_weights)

    def ping(self, token: object = None) -> None:
        """Ask for ``pinged(token)`` once every command sent before this one has run."""
        self.post("ping", token)

    def _emit_failed(self, template: str, args: tuple = ()) -> None:
        text = tr(template)
        self.failed.emit(text.format(*args) if args else text)


class EngineThread(EngineHandle):
    """The engine on a named QThread of this process."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.engine = Engine()
        self._runner = _Runner(self.engine)
        self.thread = new_thread("nnviz-training", self.engine.request_stop)
        self._runner.moveToThread(self.thread)
        self.thread.started.connect(self._runner.run)
        e = self.engine
        # Strong references: a Qt signal's emit is a short-lived bound method.
        e.snapshot_ready.connect(self.snapshot_ready.emit, weak=False)
        e.reset_done.connect(self.reset_done.emit, weak=False)
        e.failed.connect(self._emit_failed, weak=False)
        e.saved.connect(self.saved.emit, weak=False)
        e.pinged.connect(self.pinged.emit, weak=False)

    def start(self) -> None:
        """Start the training thread (idempotent)."""
        if not self.thread.isRunning():
            self.thread.start()
            self.started.emit()

    def restart(self) -> None:
        """The thread engine cannot die without the process; nothing to restart."""

    def post(self, *command) -> None:
        self.engine.post(*command)

    def frame_consumed(self) -> None:
        """The window drew the last snapshot; the engine may send the next."""
        self.engine.frame_consumed()

    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        """Stop the engine and wait for its thread; True when it ended in time."""
        self.engine.request_stop()
        if not self.thread.isRunning():
            return True
        self.thread.quit()
        return self.thread.wait(timeout_ms)
