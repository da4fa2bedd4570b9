"""Scrub through training: the run's decision-boundary frames, kept at a bounded cost.

Every boundary map a snapshot brings (while the boundary view is shown) is reduced
to :data:`~nnviz.core.frames.FRAME_RESOLUTION` × the same pixels of RGB (30,000 bytes
at 100 × 100) and stored with its epoch, iteration and extent in a
:class:`~nnviz.core.frames.BoundaryFrames` of at most
:data:`~nnviz.core.frames.FRAME_BUDGET_BYTES` (50 MiB: 1,746 frames and the latest);
when it is full every second frame goes, so the slider always spans the whole run.
"""

from __future__ import annotations

import numpy as np

from nnviz.app.snapshot import Snapshot
from nnviz.core.frames import FRAME_BUDGET_BYTES, FRAME_RESOLUTION, BoundaryFrames, reduce_image


class Replay:
    """The boundary frames of the current run (cleared on every Reset)."""

    def __init__(
        self, budget_bytes: int = FRAME_BUDGET_BYTES, resolution: int = FRAME_RESOLUTION
    ) -> None:
        self.resolution = resolution
        self.frames = BoundaryFrames((resolution, resolution, 3), budget_bytes)
        self._last_iteration = -1

    def clear(self) -> None:
        self.frames.clear()
        self._last_iteration = -1

    def add(self, snap: Snapshot) -> bool:
        """Keep the snapshot's class (or prediction) map if it shows a new iteration."""
        if snap.boundary is None or snap.boundary_focus is not None:
            return False  # nothing drawn, or one neuron's map: not the run's boundary
        if snap.iteration <= self._last_iteration:
            return False  # the same weights again (a redraw, a view change)
        self._last_iteration = snap.iteration
        frame = reduce_image(snap.boundary, self.resolution)
        self.frames.add(frame, snap.epoch, snap.iteration, snap.boundary_extent)
        return True

    def __len__(self) -> int:
        return len(self.frames)

    def frame(self, k: int) -> np.ndarray:
        return self.frames.frame(k)

    def epoch(self, k: int) -> int:
        return int(self.frames.epoch(k))

    def iteration(self, k: int) -> int:
        return self.frames.iteration(k)

    def extent(self, k: int):
        return self.frames.extent(k)

    @property
    def frame_bytes(self) -> int:
        return self.frames.frame_bytes

    @property
    def budget_bytes(self) -> int:
        """Bytes the frame store takes at most (every slot written)."""
        return self.frames.memory_bytes

    def __repr__(self) -> str:
        return f"Replay({self.frames!r})"
