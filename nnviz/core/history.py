"""Bounded metric histories: long runs keep a decimated curve instead of growing forever."""

from __future__ import annotations

import numpy as np


class History:
    """Rows of ``(x, *values)`` with bounded memory.

    Every row is kept until ``capacity`` rows are stored; then every second row
    is dropped and from then on only every ``stride``-th appended row is kept
    (the stride doubles each time the store fills).  The most recent row is
    always available through :attr:`last`, so nothing a user reads as "current"
    is ever lost, while a 10-minute run at 1,000 epochs/s stays a few hundred kB.

    Parameters
    ----------
    columns
        Names of the value columns (the x column is ``"x"``).
    capacity
        Rows kept at most; must be even and ≥ 4.
    """

    def __init__(self, columns: tuple[str, ...], capacity: int = 20_000) -> None:
        if capacity < 4 or capacity % 2:
            raise ValueError("capacity must be an even number ≥ 4")
        self.columns = ("x", *columns)
        self.capacity = capacity
        self._data = np.empty((capacity, len(self.columns)), dtype=np.float64)
        self._n = 0
        self.stride = 1
        self._seen = 0
        self.last: np.ndarray | None = None

    def __len__(self) -> int:
        return self._n

    def append(self, x: float, *values: float) -> None:
        """Add one row (kept or skipped according to the current stride)."""
        row = np.array((x, *values), dtype=np.float64)
        self.last = row
        keep = self._seen % self.stride == 0
        self._seen += 1
        if not keep:
            return
        if self._n == self.capacity:
            half = self._data[::2].copy()
            self._n = len(half)
            self._data[: self._n] = half
            self.stride *= 2
            if (self._seen - 1) % self.stride:
                return
        self._data[self._n] = row
        self._n += 1

    def extend(self, rows: np.ndarray) -> None:
        """Append many rows (shape (n, len(columns)))."""
        for row in np.asarray(rows, dtype=np.float64):
            self.append(*row)

    def column(self, name: str) -> np.ndarray:
        """A read-only view of one column over the kept rows."""
        col = self._data[: self._n, self.columns.index(name)]
        col = col.view()
        col.flags.writeable = False
        return col

    def clear(self) -> None:
        """Forget every row and reset the stride."""
        self._n = 0
        self._seen = 0
        self.stride = 1
        self.last = None

    def as_array(self) -> np.ndarray:
        """A copy of every kept row."""
        return self._data[: self._n].copy()

    def __repr__(self) -> str:
        return f"History({self.columns}, rows={self._n}, stride={self.stride})"
