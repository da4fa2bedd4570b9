"""The training engine in its own process (the app's default): the window's handle on it.

Training in another process removes the interpreter-lock contention between the
trainer and the GUI thread (issue 13). Commands go down one pipe; events come back on
another, read when Qt says the pipe is readable; a snapshot's arrays come through shared
memory (:mod:`nnviz.app.engine_host`). The process starts with ``spawn`` (the same on
Linux, macOS and Windows) and in the background: the window shows "starting…" and
queues commands meanwhile. If the engine dies, :attr:`EngineHandle.stopped` says so
and :meth:`restart` starts a fresh one.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp

from PySide6.QtCore import QObject, QSocketNotifier, QTimer, Slot

from nnviz.app.engine_host import FrameReader, serve
from nnviz.gui.engine_thread import EngineHandle

JOIN_SECONDS = 3.0


class EngineProcess(EngineHandle):
    """The engine in a child process started with ``spawn``."""

    def __init__(self, parent: QObject | None = None, blas_threads: int | None = None) -> None:
        super().__init__(parent)
        self.blas_threads = blas_threads
        self.process: mp.Process | None = None
        self.pid: int | None = None
        self._frames = FrameReader()
        self._notifier: QSocketNotifier | None = None
        self._poll: QTimer | None = None
        self._closing = False

    # ---------------------------------------------------------------- life cycle
    def start(self) -> None:
        """Start the engine process (returns at once; it imports NumPy in the background)."""
        if self.process is not None and self.process.is_alive():
            return
        ctx = mp.get_context("spawn")
        cmd_read, self._commands = ctx.Pipe(duplex=False)
        self._events, ev_write = ctx.Pipe(duplex=False)
        self.process = ctx.Process(
            target=serve,
            args=(cmd_read, ev_write, self.blas_threads),
            name="nnviz-engine",
            daemon=True,  # multiprocessing ends it at exit, whatever else happens
        )
        self.process.start()
        cmd_read.close()  # the child's ends: closed here so either side sees the other go
        ev_write.close()
        self._closing = False
        try:
            fd = self._events.fileno()
            self._notifier = QSocketNotifier(fd, QSocketNotifier.Type.Read, self)
            self._notifier.activated.connect(self._readable)
        except (OSError, ValueError):  # no pollable descriptor (Windows pipes): poll instead
            self._poll = QTimer(self)
            self._poll.setInterval(5)
            self._poll.timeout.connect(self._readable)
            self._poll.start()

    def restart(self) -> None:
        """Start a fresh engine after the last one stopped."""
        self._stop_reading()
        self.start()

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.is_alive()

    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        """Close the command pipe (the engine stops), then wait; kill it if it does not."""
        self._closing = True
        self._stop_reading()
        if self.process is None:
            return True
        with contextlib.suppress(OSError):
            self._commands.close()
        self.process.join(min(JOIN_SECONDS, timeout_ms / 1000))
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(JOIN_SECONDS)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self._frames.close(unlink=True)
        return True

    # ---------------------------------------------------------------- commands
    def post(self, *command) -> None:
        if self._closing or self.process is None:
            return
        # A dead engine refuses the command; _readable reports the death.
        with contextlib.suppress(BrokenPipeError, OSError, ValueError):
            self._commands.send(command)

    def frame_consumed(self) -> None:
        self.post("consumed")

    # ---------------------------------------------------------------- events
    @Slot()
    def _readable(self, *_args) -> None:
        try:
            while self._events.poll():
                kind, *payload = self._events.recv()
                self._dispatch(kind, payload)
        except (EOFError, OSError):
            self._died()

    def _dispatch(self, kind: str, payload: list) -> None:
        if kind == "snapshot":
            self.snapshot_ready.emit(self._frames.unpack(*payload))
        elif kind == "reset_done":
            self.reset_done.emit(payload[0])
        elif kind == "failed":
            self._emit_failed(*payload)
        elif kind == "saved":
            self.saved.emit(payload[0])
        elif kind == "pinged":
            self.pinged.emit(payload[0])
        elif kind == "started":
            self.pid = payload[0]
            self.started.emit()

    def _stop_reading(self) -> None:
        for watcher in (self._notifier, self._poll):
            if watcher is not None:
                watcher.setEnabled(False) if watcher is self._notifier else watcher.stop()
                watcher.deleteLater()
        self._notifier = self._poll = None
        if self.process is not None:
            for conn in (self._events, self._commands):
                with contextlib.suppress(OSError):
                    conn.close()

    def _died(self) -> None:
        """The engine's pipe closed: a crash unless the window is closing it."""
        self._stop_reading()
        if self._closing:
            return
        self.process.join(JOIN_SECONDS)
        code = self.process.exitcode
        self._frames.close(unlink=True)
        self.stopped.emit(describe_exit(code))


def describe_exit(code: int | None) -> str:
    """``"killed by signal 9"``, ``"exit code 1"`` … for the crash message."""
    if code is None:
        return "still running"
    if code < 0:
        return f"killed by signal {-code}"
    return f"exit code {code}"
