"""Bookkeeping of the app's QThreads, so tests and shutdown can find every live one."""

from __future__ import annotations

import weakref

from PySide6.QtCore import QThread

_threads: weakref.WeakSet[QThread] = weakref.WeakSet()


def new_thread(name: str) -> QThread:
    """A named, parentless QThread, registered for :func:`running_threads`."""
    t = QThread()
    t.setObjectName(name)
    _threads.add(t)
    return t


def running_threads() -> list[QThread]:
    """Every registered QThread that is still running."""
    out = []
    for t in list(_threads):
        try:
            if t.isRunning():
                out.append(t)
        except RuntimeError:  # C++ object already deleted
            continue
    return out
