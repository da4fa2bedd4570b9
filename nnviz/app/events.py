"""A tiny Qt-free event: what the application model and the engine emit, views connect to."""

from __future__ import annotations

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
        self._slots: list[Callable[..., Any]] = []

    def connect(self, slot: Callable[..., Any]) -> None:
        """Call ``slot(*args)`` on every :meth:`emit`."""
        self._slots.append(slot)

    def disconnect(self, slot: Callable[..., Any]) -> None:
        """Stop calling ``slot`` (no error when it was not connected)."""
        if slot in self._slots:
            self._slots.remove(slot)

    def emit(self, *args: Any) -> None:
        """Call every connected slot, in the order they connected."""
        for slot in tuple(self._slots):
            slot(*args)

    def __repr__(self) -> str:
        return f"Event({self.name!r}, {len(self._slots)} slots)"
