"""Edit a weight by hand (Playground): set one weight or bias, undo, redo.

The network graph turns a click on a link into ``editor.set("W2", (i, j), value)``
(or ``("b2", (j,))`` for a bias) and redraws the boundary and the loss from the
network at once: the edit writes into the parameter array in place, so the layers,
the fused pass and the optimizer all see it.  A drag sends many values for one
weight; with ``merge=True`` they make a single undo step.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from nnviz.core.undo import UndoStack
from nnviz.errors import ConfigError

EDIT_HISTORY = 200


@dataclass(frozen=True)
class WeightEdit:
    """One edit: parameter ``key`` (``"W1"``, ``"b2"``, …) at ``index``, from ``old`` to ``new``."""

    key: str
    index: tuple[int, ...]
    old: float
    new: float


def _checked(network, key: str, index) -> tuple[np.ndarray, tuple[int, ...]]:
    """The parameter array and a valid index into it, or a one-sentence error."""
    if key not in network.params:
        names = ", ".join(network.params)
        raise ConfigError(f"The network has no parameter {key!r}; it has {names}.")
    array = network.params[key]
    index = (index,) if isinstance(index, (int, np.integer)) else tuple(int(i) for i in index)
    if len(index) != array.ndim or any(
        not 0 <= i < n for i, n in zip(index, array.shape, strict=False)
    ):
        raise ConfigError(f"{key} has shape {array.shape}; {index} is not inside it.")
    return array, index


def set_weight(network, key: str, index, value: float) -> float:
    """Set ``network.params[key][index] = value`` in place; returns the previous value.

    The value is stored in the network's dtype (float32 for training), so the
    forward pass computes with exactly the stored number.

    Raises
    ------
    ConfigError
        For an unknown parameter, an index outside it, or a value that is not a
        finite number.
    """
    array, index = _checked(network, key, index)
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise ConfigError(f"A weight must be a number, not {value!r}.") from None
    if not math.isfinite(v):
        raise ConfigError("A weight must be a finite number.")
    old = float(array[index])
    array[index] = v
    return old


class WeightEditor:
    """Undo-able hand edits of one network's weights and biases.

    Parameters
    ----------
    network
        The network whose parameters are edited in place.
    """

    def __init__(self, network, limit: int = EDIT_HISTORY) -> None:
        self.network = network
        self.history: UndoStack[WeightEdit] = UndoStack(limit)

    def set(self, key: str, index, value: float, *, merge: bool = False) -> WeightEdit:
        """Set one weight; returns the edit (its ``old`` is the previous value).

        ``merge=True`` folds this edit into the previous one when it changed the same
        weight (a drag: one undo step back to the value before the drag started).
        """
        old = set_weight(self.network, key, index, value)
        _, idx = _checked(self.network, key, index)
        new = float(self.network.params[key][idx])
        last = self.history.last
        if merge and last is not None and (last.key, last.index) == (key, idx):
            edit = WeightEdit(key, idx, last.old, new)
            self.history.replace_last(edit)
        else:
            edit = WeightEdit(key, idx, old, new)
            self.history.push(edit)
        return edit

    @property
    def can_undo(self) -> bool:
        return self.history.can_undo

    @property
    def can_redo(self) -> bool:
        return self.history.can_redo

    def undo(self) -> WeightEdit | None:
        """Put the last edited weight back; returns that edit, or None."""
        edit = self.history.undo()
        if edit is not None:
            self.network.params[edit.key][edit.index] = edit.old
        return edit

    def redo(self) -> WeightEdit | None:
        """Re-apply the last undone edit; returns it, or None."""
        edit = self.history.redo()
        if edit is not None:
            self.network.params[edit.key][edit.index] = edit.new
        return edit

    def __repr__(self) -> str:
        return f"WeightEditor({self.network!r}, undo={len(self.history)})"
