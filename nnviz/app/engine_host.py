"""The training engine in its own process: the child's side of :mod:`nnviz.gui.engine_process`.

The window and the engine share nothing but two pipes and one shared-memory block:

* commands come in on one pipe as ``(name, *args)`` tuples (what :meth:`Engine.post`
  takes), plus ``("consumed",)`` when the window drew a frame;
* events go out on the other as ``(kind, payload)``; a snapshot's arrays travel through
  shared memory (:class:`FrameWriter`), everything else in the pipe.

The child stops when the window closes its command pipe, when the window's process dies
(the pipe reads end-of-file; on Linux the kernel also signals it), and it ignores
Ctrl+C, which the terminal sends to the whole process group: the window decides.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
import threading
from multiprocessing.connection import Connection
from multiprocessing.shared_memory import SharedMemory

STOP_GRACE_SECONDS = 3.0
"""After the window is gone, the engine gets this long to stop by itself before it exits."""


class FrameWriter:
    """Puts a message's arrays into one shared-memory block (grown when a frame needs more).

    Protocol-5 pickling hands every contiguous NumPy array over as an out-of-band
    buffer; those are copied into the block and only their offsets go through the pipe.
    At most one frame is in flight (the engine's back-pressure), so one block suffices.
    """

    def __init__(self) -> None:
        self.shm: SharedMemory | None = None

    def pack(self, obj: object) -> tuple[bytes, str | None, list[tuple[int, int]]]:
        buffers: list[pickle.PickleBuffer] = []
        data = pickle.dumps(obj, protocol=5, buffer_callback=buffers.append)
        views = [b.raw() for b in buffers]
        total = sum(v.nbytes for v in views)
        if not views:
            return data, None, []
        if self.shm is None or self.shm.size < total:
            self.close()
            self.shm = SharedMemory(create=True, size=max(total, 1 << 20) * 2)
        spans, offset = [], 0
        for v in views:
            self.shm.buf[offset : offset + v.nbytes] = v
            spans.append((offset, v.nbytes))
            offset += v.nbytes
        return data, self.shm.name, spans

    def close(self) -> None:
        if self.shm is not None:
            self.shm.close()
            self.shm.unlink()
            self.shm = None


class FrameReader:
    """The window's side of :class:`FrameWriter`: copies a frame's arrays out (read-only)."""

    def __init__(self) -> None:
        self.shm: SharedMemory | None = None

    def unpack(self, data: bytes, name: str | None, spans: list[tuple[int, int]]) -> object:
        if name is None:
            return pickle.loads(data)
        if self.shm is None or self.shm.name.lstrip("/") != name.lstrip("/"):
            self.close()
            self.shm = _attach(name)
        buf = self.shm.buf
        # bytes are immutable: the arrays rebuilt on them are read-only copies, which the
        # views may keep (ImageItem.setImage keeps what it is given).
        return pickle.loads(data, buffers=[bytes(buf[o : o + n]) for o, n in spans])

    def close(self, unlink: bool = False) -> None:
        """Stop reading the block; ``unlink`` removes it too (the engine died without it)."""
        if self.shm is not None:
            self.shm.close()
            if unlink:
                with contextlib.suppress(FileNotFoundError):
                    self.shm.unlink()
            self.shm = None


def _attach(name: str) -> SharedMemory:
    """Open the engine's block (the engine unlinks it; after a crash the window does)."""
    return SharedMemory(name=name)


def _die_with_parent() -> None:
    """On Linux, have the kernel stop this process when the window's process dies."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        PR_SET_PDEATHSIG = 1
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass


def _exit_soon() -> None:
    """A last resort when the engine does not stop by itself: leave no orphan behind."""
    timer = threading.Timer(STOP_GRACE_SECONDS, os._exit, args=(0,))
    timer.daemon = True
    timer.start()


def serve(commands: Connection, events: Connection, blas_threads: int | None = None) -> None:
    """Run an engine until the window goes away (the child process's entry point)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    frames = FrameWriter()

    def terminated(*_args) -> None:  # the kernel's signal when the window died, or a kill
        frames.close()  # unlink the shared memory (else Python warns of a leaked block)
        os._exit(0)

    signal.signal(signal.SIGTERM, terminated)
    _die_with_parent()
    if blas_threads:
        from nnviz.app.blas import set_blas_threads

        set_blas_threads(blas_threads)
    from nnviz.app.engine import Engine
    from nnviz.app.snapshot import light_dataset

    engine = Engine(describe_dataset=light_dataset)
    if blas_threads is None:  # measured per network: see nnviz.app.blas.BlasTuner
        from nnviz.app.blas import BlasTuner

        engine.blas = BlasTuner(os.cpu_count() or 1)

    def send(kind: str, *payload) -> None:
        try:
            events.send((kind, *payload))
        except (BrokenPipeError, OSError):  # the window is gone
            engine.request_stop()

    engine.snapshot_ready.connect(lambda snap: send("snapshot", *frames.pack(snap)))
    engine.reset_done.connect(lambda info: send("reset_done", info))
    engine.failed.connect(lambda template, args: send("failed", template, args))
    engine.saved.connect(lambda path: send("saved", path))
    engine.pinged.connect(lambda token: send("pinged", token))

    def read_commands() -> None:
        try:
            while True:
                name, *args = commands.recv()
                if name == "consumed":
                    engine.frame_consumed()
                else:
                    engine.post(name, *args)
        except (EOFError, OSError):  # the window closed the pipe or died
            engine.request_stop()
            _exit_soon()

    threading.Thread(target=read_commands, name="nnviz-engine-commands", daemon=True).start()
    send("started", os.getpid())
    try:
        engine.run()
    finally:
        frames.close()
        events.close()
