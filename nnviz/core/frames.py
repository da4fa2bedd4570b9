"""Scrub through training: a bounded store of decision-boundary frames.

Each frame is the boundary image (RGB uint8) at reduced resolution with the epoch
and iteration it shows, and the input-plane extent it covers (the map follows the
view's shape, so frames of one run may cover different extents).  Memory is fixed up front by a byte budget:

=================  ===========  =============  =================================
frame              bytes        budget         slots (memory)
=================  ===========  =============  =================================
100 × 100 RGB      30,000       50 MiB         1,746 + 1 latest (52,410,000 B)
64 × 64 RGB        12,288       50 MiB         4,264 + 1 latest (52,408,320 B)
=================  ===========  =============  =================================

(:meth:`BoundaryFrames.memory_bytes` gives the figure for any shape; the buffer is
allocated at the first frame, and only the pages written become resident.)

Two policies when the store is full:

* ``"spread"`` (default) keeps the whole run: every second frame is dropped and from
  then on only every ``stride``-th frame is stored (the stride doubles each time), as
  :class:`~nnviz.core.history.History` does for curves — the slider still spans
  epoch 1 to the end, with evenly spaced frames; the latest frame is always kept.
* ``"latest"`` is a ring: the oldest frame is overwritten (the last N frames).
"""

from __future__ import annotations

import numpy as np

from nnviz.errors import ConfigError

FRAME_BUDGET_BYTES = 50 * 2**20
FRAME_RESOLUTION = 100
POLICIES = ("spread", "latest")


def reduce_image(rgb: np.ndarray, resolution: int = FRAME_RESOLUTION) -> np.ndarray:
    """A ``resolution × resolution`` uint8 copy of a square image: block means when the size
    divides evenly (200 → 100), else the nearest pixels."""
    rgb = np.asarray(rgb)
    r = rgb.shape[0]
    if r == resolution:
        return rgb.astype(np.uint8, copy=True)
    if r % resolution == 0:
        # Integer sums of strided views (0.5 ms for 200 → 100, not 3.5 ms as float means:
        # the window reduces every frame it draws); rounded half up.
        f = r // resolution
        total = np.zeros((resolution, resolution, *rgb.shape[2:]), np.uint32)
        for i in range(f):
            for j in range(f):
                total += rgb[i::f, j::f]
        return ((total + f * f // 2) // (f * f)).astype(np.uint8)
    idx = ((np.arange(resolution) + 0.5) * r / resolution).astype(np.intp)
    return rgb[np.ix_(idx, idx)].astype(np.uint8)


class BoundaryFrames:
    """Boundary frames of one run, in at most ``budget_bytes`` of memory.

    Parameters
    ----------
    shape
        Shape of a frame, ``(height, width, 3)`` uint8.
    budget_bytes
        Memory for the stored frames (one extra slot holds the latest frame).
    policy
        ``"spread"`` or ``"latest"`` (see the module docstring).
    """

    def __init__(
        self,
        shape: tuple[int, int, int] = (FRAME_RESOLUTION, FRAME_RESOLUTION, 3),
        budget_bytes: int = FRAME_BUDGET_BYTES,
        policy: str = "spread",
    ) -> None:
        if policy not in POLICIES:
            raise ConfigError(f"Unknown frame policy {policy!r}; choose spread or latest.")
        self.shape = tuple(int(s) for s in shape)
        self.frame_bytes = int(np.prod(self.shape))
        capacity = int(budget_bytes) // self.frame_bytes - 1  # one slot for the latest frame
        capacity -= capacity % 2  # spread halves it
        if capacity < 4:
            raise ConfigError("The frame budget must hold at least 5 frames.")
        self.capacity = capacity
        self.policy = policy
        self._data: np.ndarray | None = None  # allocated at the first frame
        self._epoch = np.empty(capacity + 1, np.float64)
        self._iteration = np.empty(capacity + 1, np.int64)
        self._extent = np.full((capacity + 1, 4), np.nan)
        self.clear()

    @property
    def memory_bytes(self) -> int:
        """Bytes the frame buffer takes once allocated (every slot, the latest one included)."""
        return (self.capacity + 1) * self.frame_bytes

    def clear(self) -> None:
        """Forget every frame (a new run)."""
        self._n = 0  # frames stored in slots 0…n−1 (oldest first; a ring starts at _start)
        self._start = 0
        self._seen = 0
        self.stride = 1
        self._tail = False  # slot `capacity` holds a newer frame than the stored ones

    def __len__(self) -> int:
        return self._n + self._tail

    def add(self, frame: np.ndarray, epoch: float, iteration: int = 0, extent=None) -> None:
        """Store a copy of ``frame`` (shape :attr:`shape`) taken at ``epoch``/``iteration``.

        ``extent`` ``(xmin, xmax, ymin, ymax)`` is the part of the plane it shows.
        """
        frame = np.asarray(frame)
        if frame.shape != self.shape:
            raise ConfigError(f"A frame must have shape {self.shape}, not {frame.shape}.")
        if self._data is None:
            self._data = np.empty((self.capacity + 1, *self.shape), np.uint8)
        if self.policy == "latest":
            slot = (self._start + self._n) % self.capacity
            if self._n == self.capacity:
                self._start = (self._start + 1) % self.capacity
            else:
                self._n += 1
            self._put(slot, frame, epoch, iteration, extent)
            return
        keep = self._seen % self.stride == 0
        self._seen += 1
        if keep and self._n == self.capacity:
            self._thin()
            keep = (self._seen - 1) % self.stride == 0
        if keep:
            self._put(self._n, frame, epoch, iteration, extent)
            self._n += 1
            self._tail = False
        else:
            self._put(self.capacity, frame, epoch, iteration, extent)
            self._tail = True

    def _put(self, slot: int, frame, epoch, iteration, extent=None) -> None:
        self._data[slot] = frame
        self._epoch[slot] = epoch
        self._iteration[slot] = iteration
        self._extent[slot] = np.nan if extent is None else extent

    def _thin(self) -> None:
        """Keep every second stored frame (in place: frame 2k moves to slot k)."""
        for k in range(1, self._n // 2):
            j = 2 * k
            self._put(k, self._data[j], self._epoch[j], self._iteration[j], self._extent[j])
        self._n //= 2
        self.stride *= 2

    def _slot(self, k: int) -> int:
        n = len(self)
        if not -n <= k < n:
            raise IndexError(f"frame {k} of {n}")
        k %= n
        if self._tail and k == n - 1:
            return self.capacity
        return (self._start + k) % self.capacity

    def frame(self, k: int) -> np.ndarray:
        """Frame ``k`` (0 = oldest kept, −1 = latest) as a read-only view."""
        view = self._data[self._slot(k)].view()
        view.flags.writeable = False
        return view

    def epoch(self, k: int) -> float:
        return float(self._epoch[self._slot(k)])

    def iteration(self, k: int) -> int:
        return int(self._iteration[self._slot(k)])

    def extent(self, k: int) -> tuple[float, float, float, float] | None:
        """The plane frame ``k`` covers, or None when it was not given."""
        e = self._extent[self._slot(k)]
        return None if np.isnan(e).any() else tuple(float(v) for v in e)

    @property
    def epochs(self) -> np.ndarray:
        """Epoch of every kept frame, oldest first (the slider's labels)."""
        return np.array([self.epoch(k) for k in range(len(self))])

    def nearest(self, epoch: float) -> int:
        """Index of the kept frame closest to ``epoch`` (the earlier one on ties)."""
        if not len(self):
            raise IndexError("no frames")
        return int(np.argmin(np.abs(self.epochs - epoch)))

    def __repr__(self) -> str:
        return (
            f"BoundaryFrames({len(self)}/{self.capacity} frames of {self.shape}, "
            f"{self.memory_bytes / 2**20:.1f} MiB, {self.policy}, stride {self.stride})"
        )
