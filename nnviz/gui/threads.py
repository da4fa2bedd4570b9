"""Bookkeeping of the app's QThreads, so tests and shutdown can find and stop every live one.

A running QThread whose last reference disappears aborts the process ("QThread:
Destroyed while thread is still running"), e.g. when a window is garbage
collected without being closed.  Registered threads are therefore held here
with a function that stops them, until they finish; at interpreter exit every
one still running is stopped.
"""

from __future__ import annotations

import atexit
from collections.abc import Callable

from PySide6.QtCore import QThread

_live: dict[int, tuple[QThread, Callable[[], None]]] = {}


def new_thread(name: str, stop: Callable[[], None] | None = None) -> QThread:
    """A named, parentless QThread, kept alive by this module until it finishes.

    ``stop`` must make the thread's work return promptly (e.g. set a stop flag).
    """
    t = QThread()
    t.setObjectName(name)
    key = id(t)
    _live[key] = (t, stop or (lambda: None))
    t.finished.connect(lambda: _live.pop(key, None))
    return t


def set_stopper(thread: QThread, stop: Callable[[], None]) -> None:
    """Register how to stop ``thread`` (when it was not known at creation)."""
    _live[id(thread)] = (thread, stop)


def running_threads() -> list[QThread]:
    """Every registered QThread that is still running."""
    out = []
    for t, _ in list(_live.values()):
        try:
            if t.isRunning():
                out.append(t)
        except RuntimeError:  # C++ object already deleted
            continue
    return out


def stop_all(timeout_ms: int = 10_000) -> None:
    """Stop and wait for every registered thread that still runs."""
    for t, stop in list(_live.values()):
        try:
            if t.isRunning():
                stop()
                t.quit()
                t.wait(timeout_ms)
        except RuntimeError:
            continue


atexit.register(stop_all)


_collector = None


def collect_garbage_on_gui_thread() -> None:
    """Run Python's cyclic garbage collector only on the GUI thread (idempotent).

    Automatic collection runs in whichever thread happens to allocate; when that
    is the training thread it can destroy Qt objects (pyqtgraph items have
    reference cycles) from the wrong thread, which Qt reports as "Timers cannot
    be stopped from another thread" or worse.  pyqtgraph's GarbageCollector
    disables automatic collection and collects on a GUI-thread timer instead.
    """
    global _collector
    if _collector is None:
        from pyqtgraph.util.garbage_collector import GarbageCollector

        _collector = GarbageCollector(interval=0.5)
