"""Paint your own data in the window (ConvNetJS classify2d): the Qt-free state behind it.

:class:`PaintSession` turns clicks in data coordinates into edits of the run's data
(:class:`~nnviz.data.paint.PointHistory`: add, delete the nearest point, undo, redo)
and says so through its :attr:`~PaintSession.edited` event; the window sends the
edited dataset to the engine, which trains on it without resetting the weights.
The history belongs to the data settings it started from: a Reset with the same
settings keeps the painted points (and the undo steps), other data starts afresh.
"""

from __future__ import annotations

import math

from nnviz.app.events import Event
from nnviz.app.snapshot import ResetInfo
from nnviz.data.datasets import Dataset
from nnviz.data.paint import PointHistory, nearest_point
from nnviz.errors import ConfigError

TR_CONTEXT = "painting"  # the window translates the N_ messages below in this context

TOOLS = ("add", "erase")
DEFAULT_TARGET = 1.0  # what a painted 2-D regression point is worth until chosen


def N_(text: str) -> str:
    """Mark ``text`` for translation; the window translates it when shown."""
    return text


def paintable(data: Dataset) -> bool:
    """True for data a learner can paint: 2-D points (not tables) and 1-D regression."""
    plain = data.raw or data
    return plain.kind == "curve" or (plain.kind == "points" and plain.n_features == 2)


class PaintSession:
    """The painted data of the current run, the tool and class in use, undo and redo.

    Events
    ------
    edited(Dataset)
        The data changed by a click, an undo or a redo: train on it and redraw it.
    tool_changed()
        The tool, the class or the target value changed (the pickers follow).
    """

    def __init__(self) -> None:
        self.edited = Event("edited")
        self.tool_changed = Event("tool_changed")
        self.history: PointHistory | None = None
        self._key: tuple | None = None  # the data settings the history started from
        self.tool = "add"
        self.selected = 0  # the class a click adds
        self.target = DEFAULT_TARGET  # the value a click adds (2-D regression)
        self.n_classes = 0

    # ------------------------------------------------------------------ run changes
    def on_reset(self, info: ResetInfo) -> None:
        """A new run: keep the history when it trains on the same data settings."""
        data = info.dataset
        key = (info.config.data, info.config.train.rng, data.kind, data.n_classes)
        if not paintable(data):
            self.history, self._key = None, None
        elif key != self._key or self.history is None:
            # (with the same settings the engine kept the painted data: nothing to restore)
            self.history, self._key = PointHistory(data), key
        self.n_classes = data.n_classes
        if self.selected >= max(self.n_classes, 1):
            self.selected = 0
        self.tool_changed.emit()

    @property
    def active(self) -> bool:
        """True when the current data can be painted."""
        return self.history is not None

    @property
    def data(self) -> Dataset | None:
        """The painted data (None when the data cannot be painted)."""
        return None if self.history is None else self.history.data

    @property
    def is_regression(self) -> bool:
        return self.history is not None and self.history.data.is_regression

    @property
    def can_undo(self) -> bool:
        return self.history is not None and self.history.can_undo

    @property
    def can_redo(self) -> bool:
        return self.history is not None and self.history.can_redo

    # ------------------------------------------------------------------ tools
    def set_tool(self, tool: str) -> None:
        if tool not in TOOLS:
            raise ConfigError(f"Unknown tool {tool!r}; choose add or erase.")
        self.tool = tool
        self.tool_changed.emit()

    def select_class(self, k: int) -> None:
        """Paint class ``k`` from now on (and switch from the eraser to adding)."""
        if not 0 <= k < max(self.n_classes, 1):
            raise ConfigError(f"Choose a class from 1 to {self.n_classes}.")
        self.selected = int(k)
        self.tool = "add"
        self.tool_changed.emit()

    def set_target(self, value: float) -> None:
        """The value painted 2-D regression points get."""
        if not math.isfinite(value):
            raise ConfigError("A regression point needs a finite target value.")
        self.target = float(value)
        self.tool_changed.emit()

    @property
    def next_class(self) -> int:
        """The class a shift-click adds: the one after the selected class (cycling)."""
        return (self.selected + 1) % max(self.n_classes, 1)

    # ------------------------------------------------------------------ edits
    def click(
        self, xy, *, shift: bool = False, ctrl: bool = False, radius: float | None = None
    ) -> str | None:
        """A click at data coordinates ``xy``: what it did (``"added"``, ``"removed"``) or None.

        A plain click adds a point with the selected class (2-D regression: the target
        value; 1-D regression: the click's y); shift-click the next class; Ctrl-click
        or the eraser removes the point nearest ``xy`` within ``radius`` (None when
        there is none).

        Raises
        ------
        ConfigError
            When the data cannot be painted, or the edit would leave no training point.
        """
        if self.history is None:
            raise ConfigError(N_("Only 2-D points and 1-D regression points can be painted."))
        if ctrl or self.tool == "erase":
            return self._remove(xy, radius)
        data = self.history.data
        if data.kind == "curve":
            value = None
        elif data.is_regression:
            value = self.target
        else:
            value = self.next_class if shift else self.selected
        self.history.add(xy, value)
        self.edited.emit(self.history.data)
        return "added"

    def _remove(self, xy, radius: float | None) -> str | None:
        data = self.history.data
        hit = nearest_point(data, xy, radius=radius)
        if hit is None:
            return None
        split, _ = hit
        if split == "train" and len((data.raw or data).y_train) <= 1:
            raise ConfigError(N_("Keep at least one training point."))
        self.history.remove_nearest(xy, radius=radius)
        self.edited.emit(self.history.data)
        return "removed"

    def undo(self) -> bool:
        """Go back one edit; False when there is none."""
        if self.history is None or not self.history.undo():
            return False
        self.edited.emit(self.history.data)
        return True

    def redo(self) -> bool:
        """Re-apply the last undone edit; False when there is none."""
        if self.history is None or not self.history.redo():
            return False
        self.edited.emit(self.history.data)
        return True

    def __repr__(self) -> str:
        return f"PaintSession({self.history!r}, tool={self.tool}, class={self.selected})"
