"""Scrub through training: a bounded store of boundary frames."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz.core.boundary import BoundaryGrid, colorize
from nnviz.core.frames import FRAME_BUDGET_BYTES, BoundaryFrames, reduce_image
from nnviz.core.network import Network
from nnviz.errors import ConfigError

SHAPE = (4, 4, 3)


def frame(v: int) -> np.ndarray:
    return np.full(SHAPE, v % 256, np.uint8)


def store(capacity: int, policy: str = "spread") -> BoundaryFrames:
    """A store of exactly ``capacity`` kept frames (+1 for the latest)."""
    return BoundaryFrames(SHAPE, budget_bytes=48 * (capacity + 1), policy=policy)


def test_the_default_memory_cost_is_at_most_50_mib():
    f = BoundaryFrames()
    assert f.frame_bytes == 100 * 100 * 3 == 30_000
    assert f.capacity == 1746 and f.memory_bytes == 1747 * 30_000 <= FRAME_BUDGET_BYTES
    assert f._data is None  # nothing allocated before the first frame
    assert BoundaryFrames((64, 64, 3)).memory_bytes <= FRAME_BUDGET_BYTES


def test_frames_come_back_in_order_with_their_epochs():
    s = store(8)
    for e in range(5):
        s.add(frame(e), epoch=e + 1, iteration=10 * e)
    assert len(s) == 5
    assert s.frame(0)[0, 0, 0] == 0 and s.frame(-1)[0, 0, 0] == 4
    assert s.epoch(2) == 3 and s.iteration(4) == 40
    with pytest.raises(ValueError):
        s.frame(0)[0, 0, 0] = 1  # read-only
    with pytest.raises(IndexError):
        s.frame(5)


def test_a_frame_is_copied():
    s = store(8)
    f = frame(7)
    s.add(f, 1)
    f[...] = 0
    assert s.frame(0)[0, 0, 0] == 7


def test_spread_keeps_the_whole_run_evenly_and_the_latest_frame():
    s = store(8)
    for e in range(1, 101):
        s.add(frame(e), epoch=e)
    epochs = s.epochs
    assert len(s) <= 9 and epochs[0] == 1 and epochs[-1] == 100
    steps = np.diff(epochs[:-1])
    assert (steps == steps[0]).all() and steps[0] == s.stride  # evenly spaced
    assert s.frame(-1)[0, 0, 0] == 100
    for k in range(len(s)):  # every frame still shows its own epoch's picture
        assert s.frame(k)[0, 0, 0] == int(s.epoch(k)) % 256


def test_latest_is_a_ring_of_the_last_frames():
    s = store(8, "latest")
    for e in range(1, 21):
        s.add(frame(e), epoch=e)
    assert len(s) == 8 and list(s.epochs) == list(range(13, 21))
    assert s.frame(0)[0, 0, 0] == 13 and s.nearest(14.4) == 1


def test_real_boundary_frames_at_reduced_resolution():
    net = Network([2, 5, 3], "tanh", init="xavier", seed=0)
    grid = BoundaryGrid((-1, 1, -1, 1), resolution=200)
    rgb = colorize(grid.probabilities(net))
    small = reduce_image(rgb, 100)
    assert small.shape == (100, 100, 3) and small.dtype == np.uint8
    np.testing.assert_allclose(small[0, 0], rgb[:2, :2].reshape(-1, 3).mean(0), atol=0.5)
    assert reduce_image(rgb, 64).shape == (64, 64, 3)
    s = BoundaryFrames()
    s.add(small, epoch=1)
    np.testing.assert_array_equal(s.frame(0), small)


def test_bad_settings_and_frames():
    with pytest.raises(ConfigError, match="at least 5 frames"):
        BoundaryFrames(SHAPE, budget_bytes=100)
    with pytest.raises(ConfigError, match="spread or latest"):
        BoundaryFrames(policy="oldest")
    with pytest.raises(ConfigError, match="shape"):
        store(8).add(np.zeros((2, 2, 3), np.uint8), 1)
