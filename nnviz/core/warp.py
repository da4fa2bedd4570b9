"""Hidden-space warp (ConvNetJS classify2d): the input plane as a hidden layer sees it.

The input grid's lines (as dense polylines) and the data points are pushed through
the network up to a hidden layer, and two of that layer's neurons are plotted
against each other: the straight grid bends, and a learner sees the layers pull the
classes apart until a line (the next layer's Affine) can separate them.
:class:`PairCycle` steps through the pairs of neurons (the "cycle" button).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import combinations

import numpy as np

from nnviz.core.features import FeatureMap
from nnviz.errors import ConfigError

GRID_LINES = 11
POINTS_PER_LINE = 64
"""Points per polyline: enough that a line bent by tanh units still looks smooth."""


def grid_lines(
    extent: tuple[float, float, float, float],
    n_lines: int = GRID_LINES,
    points_per_line: int = POINTS_PER_LINE,
) -> list[np.ndarray]:
    """The grid of the input plane as polylines: ``n_lines`` vertical, then ``n_lines``
    horizontal, each a float32 ``(points_per_line, 2)`` array of plane coordinates."""
    if n_lines < 2 or points_per_line < 2:
        raise ConfigError("A warp grid needs at least 2 lines of at least 2 points.")
    xmin, xmax, ymin, ymax = (float(v) for v in extent)
    xs = np.linspace(xmin, xmax, n_lines)
    ys = np.linspace(ymin, ymax, n_lines)
    along_y = np.linspace(ymin, ymax, points_per_line)
    along_x = np.linspace(xmin, xmax, points_per_line)
    lines = [np.column_stack([np.full(points_per_line, x), along_y]) for x in xs]
    lines += [np.column_stack([along_x, np.full(points_per_line, y)]) for y in ys]
    return [line.astype(np.float32) for line in lines]


def neuron_pairs(width: int) -> list[tuple[int, int]]:
    """Every pair ``(i, j)``, ``i < j``, of a layer's neurons in order; ``[(0, 0)]`` for one neuron."""
    if width < 1:
        raise ConfigError("A layer has at least one neuron.")
    return list(combinations(range(width), 2)) or [(0, 0)]


class PairCycle:
    """The "cycle" button: steps through :func:`neuron_pairs` of a layer, wrapping around."""

    def __init__(self, width: int, start: tuple[int, int] | None = None) -> None:
        self.pairs = neuron_pairs(width)
        self._i = self.pairs.index(tuple(start)) if start is not None else 0

    @property
    def current(self) -> tuple[int, int]:
        return self.pairs[self._i]

    def next(self) -> tuple[int, int]:
        """Move to the next pair (after the last, the first) and return it."""
        self._i = (self._i + 1) % len(self.pairs)
        return self.current

    def __iter__(self) -> Iterator[tuple[int, int]]:
        """One round through every pair, starting at the current one."""
        for k in range(len(self.pairs)):
            yield self.pairs[(self._i + k) % len(self.pairs)]

    def __len__(self) -> int:
        return len(self.pairs)


@dataclass(frozen=True)
class HiddenWarp:
    """What the warp view draws: polylines and points in the plane of two hidden neurons.

    ``lines[k]`` is grid line ``k`` of :func:`grid_lines` after the warp, shape
    ``(points_per_line, 2)``; ``points`` the data, ``(N, 2)``; column 0 is neuron
    ``neurons[0]``, column 1 neuron ``neurons[1]`` of hidden layer ``layer`` (0-based).
    """

    layer: int
    neurons: tuple[int, int]
    lines: list[np.ndarray]
    points: np.ndarray


def hidden_warp(
    network,
    x: np.ndarray,
    extent: tuple[float, float, float, float],
    *,
    layer: int = 0,
    neurons: tuple[int, int] = (0, 1),
    crosses: FeatureMap | None = None,
    n_lines: int = GRID_LINES,
    points_per_line: int = POINTS_PER_LINE,
) -> HiddenWarp:
    """Push the input grid and the points ``x`` through hidden layer ``layer``.

    Parameters
    ----------
    network
        A :class:`~nnviz.core.network.Network` with at least one hidden layer.
    x
        2-D points in plane coordinates (the raw points when ``crosses`` are used).
    extent
        ``(xmin, xmax, ymin, ymax)`` of the grid (e.g. the boundary view's).
    layer
        Hidden layer, 0-based.
    neurons
        The two neurons of that layer to plot (the same twice for a 1-neuron layer).
    crosses
        Feature crosses the network's inputs are made of.

    Raises
    ------
    ConfigError
        Without hidden layers, or for a layer or neuron that does not exist.
    """
    hidden = network.hidden_sizes
    if not hidden:
        raise ConfigError("The warp needs a hidden layer; this network has none.")
    if not 0 <= layer < len(hidden):
        raise ConfigError(f"Choose a hidden layer from 1 to {len(hidden)}.")
    i, j = (int(n) for n in neurons)
    width = hidden[layer]
    if not (0 <= i < width and 0 <= j < width):
        raise ConfigError(f"Hidden layer {layer + 1} has neurons 1 to {width}.")
    lines = grid_lines(extent, n_lines, points_per_line)
    x = np.asarray(x, dtype=np.float32).reshape(-1, 2)
    stacked = np.concatenate([*lines, x])  # one forward pass for every line and point
    inputs = crosses(stacked) if crosses else stacked
    h = network.activations(inputs)[layer][:, [i, j]].astype(np.float32, copy=False)
    n_grid = len(lines) * points_per_line
    warped = np.split(h[:n_grid], len(lines))
    return HiddenWarp(layer, (i, j), warped, h[n_grid:])
