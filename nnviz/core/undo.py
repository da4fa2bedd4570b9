"""A bounded undo/redo stack of edits (weights typed by hand, painted points)."""

from __future__ import annotations

from collections import deque
from typing import Generic, TypeVar

T = TypeVar("T")


class UndoStack(Generic[T]):
    """Edits done (undo-able) and undone (redo-able); a new edit drops the redo branch.

    The caller applies and reverts the edits; the stack only orders them.  At most
    ``limit`` edits are kept (the oldest are forgotten).
    """

    def __init__(self, limit: int) -> None:
        self._undo: deque[T] = deque(maxlen=limit)
        self._redo: list[T] = []

    def push(self, edit: T) -> None:
        """Record a new edit."""
        self._undo.append(edit)
        self._redo.clear()

    @property
    def last(self) -> T | None:
        """The most recent undo-able edit."""
        return self._undo[-1] if self._undo else None

    def replace_last(self, edit: T) -> None:
        """Swap the most recent edit (a drag folded into one step)."""
        self._undo[-1] = edit
        self._redo.clear()

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def undo(self) -> T | None:
        """The edit to revert (moved to the redo side), or None."""
        if not self._undo:
            return None
        edit = self._undo.pop()
        self._redo.append(edit)
        return edit

    def redo(self) -> T | None:
        """The edit to re-apply (moved back to the undo side), or None."""
        if not self._redo:
            return None
        edit = self._redo.pop()
        self._undo.append(edit)
        return edit

    def __len__(self) -> int:
        return len(self._undo)
