"""A tiny Qt-free event: what the application model and the engine emit, views connect to."""

from __future__ import annotations

import inspect
import weakref
from collections.abc import Callable
from typing import Any


class Event:
    """A list of callbacks called in order with the emitted arguments (a Qt-free signal).

    Examples
    --------
    >>> changed = Event("changed")
    >>> seen = []
    >>> changed.connect(seen.append)
    >>> changed.emit(3)
    >>> seen
    [3]
    """

    __slots__ = ("name", "_slots")

    def __init__(self, name: str = "event") -> None:
        self.name = name
        self._slots: list[Callable[[], Callable[..., Any] | None]] = []

    def connect(self, slot: Callable[..., Any], *, weak: bool = True) -> None:
        """Call ``slot(*args)`` on every :meth:`emit`.

        A bound method is held weakly (unless ``weak=False``): a view that goes away
        disconnects itself, and the model never keeps a window alive in a reference
        cycle (which only the cyclic collector would break, tearing Qt wrappers down
        in the wrong order).
        """
        if weak and inspect.ismethod(slot):
            self._slots.append(weakref.WeakMethod(slot))
        else:
            self._slots.append(lambda: slot)  # a strong reference, called like a weak one

    def disconnect(self, slot: Callable[..., Any]) -> None:
        """Stop calling ``slot`` (no error when it was not connected)."""
        self._slots = [ref for ref in self._slots if ref() not in (slot, None)]

    def emit(self, *args: Any) -> None:
        """Call every connected slot, in the order they connected."""
        for ref in tuple(self._slots):
            slot = ref()
            if slot is None:
                self._slots.remove(ref)
            else:
                slot(*args)

    def __repr__(self) -> str:
        return f"Event({self.name!r}, {len(self._slots)} slots)"
