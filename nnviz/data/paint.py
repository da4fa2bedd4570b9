"""Paint your own data (ConvNetJS classify2d): add and remove points, undo, save as CSV.

Qt-free: the boundary view turns a click into :meth:`PointHistory.add` (a point at
the clicked data coordinates) or :meth:`PointHistory.remove_nearest`, and trains on
:attr:`PointHistory.data` afterwards; :attr:`PointHistory.version` tells the views
the data changed.  Every edit returns a *new* :class:`~nnviz.data.datasets.Dataset`
(arrays are never modified in place, so a trainer holding the old arrays is safe).

What a point is depends on the data:

* 2-D classification: inputs ``(x₁, x₂)`` and a class ``0…K`` (``K`` = a new class,
  as ConvNetJS's shift-click; at most :data:`~nnviz.data.points_csv.MAX_CLASSES`);
* 2-D regression (reg-plane, reg-gauss): inputs ``(x₁, x₂)`` and a float target;
* 1-D regression (``kind="curve"``, reg-1d): the click ``(x, y)`` is the input ``x``
  and the target ``y`` (no value is given).

With feature crosses the edit happens on the plain points (``data.raw``) and the
result is mapped through the same features again.
"""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

import numpy as np

from nnviz.core.undo import UndoStack
from nnviz.data.datasets import Dataset
from nnviz.data.points_csv import MAX_CLASSES, write_points_csv
from nnviz.errors import ConfigError, DataError

SPLITS = ("train", "test")
HISTORY_LIMIT = 500
"""Undo steps kept.  Each keeps one dataset (shared arrays are not copied twice): for
Playground-sized sets (≤ a few thousand points) that is well under 100 kB a step."""


def _plain(data: Dataset) -> Dataset:
    return data if data.raw is None else data.raw


def _with_same_crosses(new_plain: Dataset, like: Dataset) -> Dataset:
    return new_plain.with_feature_crosses(like.feature_crosses)


def _check_editable(data: Dataset) -> None:
    if data.kind == "curve":
        return
    if data.kind != "points" or data.n_features != 2:
        raise ConfigError("Only 2-D point data (or 1-D regression points) can be painted.")


def _row(data: Dataset, xy, value) -> tuple[np.ndarray, np.ndarray]:
    """The input row and the target/label of one new point, checked."""
    x, y = (float(v) for v in xy)
    if not (math.isfinite(x) and math.isfinite(y)):
        raise ConfigError("A point needs finite coordinates.")
    if data.kind == "curve":
        if value is not None:
            raise ConfigError("A 1-D regression point is its (x, y) position; give no value.")
        return np.array([[x]], np.float32), np.array([y], np.float32)
    if data.is_regression:
        if value is None or not math.isfinite(float(value)):
            raise ConfigError("A regression point needs a finite target value.")
        return np.array([[x, y]], np.float32), np.array([float(value)], np.float32)
    if value is None or int(value) != value or not 0 <= value <= data.n_classes:
        raise ConfigError(f"Choose a class from 0 to {data.n_classes} for the new point.")
    if value >= MAX_CLASSES:
        raise ConfigError(f"At most {MAX_CLASSES} classes.")
    return np.array([[x, y]], np.float32), np.array([int(value)], data.y_train.dtype)


def add_point(data: Dataset, xy, value=None, *, split: str = "train") -> Dataset:
    """A copy of ``data`` with one more point in ``split``.

    Parameters
    ----------
    data
        2-D points (classification or regression) or 1-D regression points.
    xy
        The clicked position in data coordinates.
    value
        Class index (``data.n_classes`` adds a new class) or regression target;
        ``None`` for 1-D regression points.
    split
        ``"train"`` or ``"test"``.

    Raises
    ------
    ConfigError
        For data that cannot be painted, a bad class or value, or an unknown split.
    """
    if split not in SPLITS:
        raise ConfigError(f"Unknown split {split!r}; choose train or test.")
    plain = _plain(data)
    _check_editable(plain)
    x_new, y_new = _row(plain, xy, value)
    x, y = plain.split(split)
    names = plain.class_names
    if not plain.is_regression and int(y_new[0]) == len(names):
        names = (*names, str(len(names)))
    fields = {
        f"x_{split}": np.concatenate([x, x_new.astype(x.dtype)]),
        f"y_{split}": np.concatenate([y, y_new]),
    }
    edited = replace(plain, class_names=names, source="painted", **fields)
    return _with_same_crosses(edited, data)


def _plane(data: Dataset, split: str) -> np.ndarray:
    """Where the points of ``split`` are drawn: the 2-D inputs, or (x, target) for a curve."""
    x, y = data.split(split)
    if data.kind == "curve":
        return np.column_stack([x[:, 0], y]).astype(np.float64)
    return np.asarray(x, dtype=np.float64)


def nearest_point(
    data: Dataset, xy, *, split: str = "any", radius: float | None = None
) -> tuple[str, int] | None:
    """``(split, index)`` of the drawn point closest to ``xy``, or None (none within ``radius``)."""
    plain = _plain(data)
    _check_editable(plain)
    splits = SPLITS if split == "any" else (split,)
    best, best_d = None, math.inf
    target = np.asarray(xy, dtype=np.float64)
    for s in splits:
        pts = _plane(plain, s)
        if len(pts) == 0:
            continue
        d = np.hypot(*(pts - target).T)
        i = int(np.argmin(d))
        if d[i] < best_d:
            best, best_d = (s, i), float(d[i])
    if best is None or (radius is not None and best_d > radius):
        return None
    return best


def remove_point(data: Dataset, split: str, index: int) -> Dataset:
    """A copy of ``data`` without row ``index`` of ``split``."""
    plain = _plain(data)
    x, y = plain.split(split)
    keep = np.ones(len(y), bool)
    keep[index] = False
    fields = {f"x_{split}": x[keep], f"y_{split}": y[keep]}
    return _with_same_crosses(replace(plain, source="painted", **fields), data)


def save_points(path: str | Path, data: Dataset) -> int:
    """Write the plain 2-D points of both splits as ``x,y,label,split`` CSV; returns the rows.

    Regression targets are written as numbers (7 significant digits).
    """
    plain = _plain(data)
    if plain.kind != "points" or plain.n_features != 2:
        raise DataError("Only 2-D points can be saved as an x,y,label CSV file.")
    splits = {s: plain.split(s) for s in SPLITS if len(plain.split(s)[1])}
    try:
        return write_points_csv(path, splits)
    except OSError as e:
        raise DataError(f"Could not save the points to {path}: {e.strerror or e}.") from None


class PointHistory:
    """The painted dataset with undo and redo (bounded to :data:`HISTORY_LIMIT` steps).

    Parameters
    ----------
    data
        The dataset painting starts from.

    Attributes
    ----------
    data
        The current dataset (train on it).
    version
        Incremented on every change, undo and redo: the views and the epoch
        counter compare it to know the data changed.
    """

    def __init__(self, data: Dataset, limit: int = HISTORY_LIMIT) -> None:
        _check_editable(_plain(data))
        self.data = data
        self.version = 0
        self._edits: UndoStack[tuple[Dataset, Dataset]] = UndoStack(limit)  # (before, after)

    def _push(self, new: Dataset) -> Dataset:
        self._edits.push((self.data, new))
        self._set(new)
        return new

    def _set(self, data: Dataset) -> None:
        self.data = data
        self.version += 1

    def add(self, xy, value=None, *, split: str = "train") -> Dataset:
        """Add a point (see :func:`add_point`); returns the new dataset."""
        return self._push(add_point(self.data, xy, value, split=split))

    def remove_nearest(
        self, xy, *, split: str = "any", radius: float | None = None
    ) -> tuple[str, int] | None:
        """Remove the point nearest ``xy`` (within ``radius``); returns what was removed, or None."""
        hit = nearest_point(self.data, xy, split=split, radius=radius)
        if hit is not None:
            self._push(remove_point(self.data, *hit))
        return hit

    @property
    def can_undo(self) -> bool:
        return self._edits.can_undo

    @property
    def can_redo(self) -> bool:
        return self._edits.can_redo

    def undo(self) -> bool:
        """Go back one edit; False when there is none."""
        edit = self._edits.undo()
        if edit is not None:
            self._set(edit[0])
        return edit is not None

    def redo(self) -> bool:
        """Re-apply the last undone edit; False when there is none."""
        edit = self._edits.redo()
        if edit is not None:
            self._set(edit[1])
        return edit is not None

    def save_csv(self, path: str | Path) -> int:
        """Save the current points (see :func:`save_points`)."""
        return save_points(path, self.data)

    def __repr__(self) -> str:
        return f"PointHistory({self.data!r}, version={self.version}, undo={len(self._edits)})"
