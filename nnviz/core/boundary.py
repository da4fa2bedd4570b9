"""Decision-boundary maps for 2-D sets: class probabilities on a grid, coloured per class."""

from __future__ import annotations

import numpy as np

from nnviz.core.features import FeatureMap
from nnviz.core.layers import row_argmax, row_max, row_sum

_CHUNK = 4096
"""Grid points per forward pass: each layer's buffer (4096 × width floats) stays in the
CPU cache, and the GEMMs stay small enough for OpenBLAS to run them on one thread
(two threads cost more in hand-over than they gain on a 4096 × 8 × 8 product)."""

# Okabe–Ito: distinct for the common forms of colour blindness.
CLASS_COLORS = np.array(
    [
        (230, 159, 0),  # orange
        (86, 180, 233),  # sky blue
        (0, 158, 115),  # bluish green
        (204, 121, 167),  # reddish purple
        (0, 114, 178),  # blue
        (213, 94, 0),  # vermillion
        (240, 228, 66),  # yellow
        (120, 120, 120),  # grey
    ],
    dtype=np.float32,
)


def class_color(k: int) -> tuple[int, int, int]:
    """RGB of class ``k`` (cycling through the palette)."""
    r, g, b = CLASS_COLORS[k % len(CLASS_COLORS)]
    return int(r), int(g), int(b)


def data_extent(x: np.ndarray, margin: float = 0.1) -> tuple[float, float, float, float]:
    """A square ``(xmin, xmax, ymin, ymax)`` around the points with a relative margin."""
    lo = x.min(axis=0)
    hi = x.max(axis=0)
    centre = (lo + hi) / 2
    half = float(max(hi - lo) / 2 * (1 + margin)) or 1.0
    return (
        float(centre[0] - half),
        float(centre[0] + half),
        float(centre[1] - half),
        float(centre[1] + half),
    )


def fit_aspect(
    extent: tuple[float, float, float, float], aspect: float | None
) -> tuple[float, float, float, float]:
    """``extent`` widened on its short side to width / height = ``aspect`` (same centre).

    A plot with a locked aspect ratio in a window of another shape shows bands beside
    the data; the decision map drawn over this extent fills them.
    """
    if not aspect or aspect <= 0:
        return extent
    xmin, xmax, ymin, ymax = extent
    w, h = xmax - xmin, ymax - ymin
    if w / h < aspect:
        pad = (h * aspect - w) / 2
        return (xmin - pad, xmax + pad, ymin, ymax)
    pad = (w / aspect - h) / 2
    return (xmin, xmax, ymin - pad, ymax + pad)


class BoundaryGrid:
    """A fixed ``resolution × resolution`` grid of input points over ``extent``.

    The points are built once (float32, C-contiguous) and re-used every frame.
    Row ``i`` of the result is ``y = ymin + (i + 0.5)·dy``, column ``j`` is
    ``x = xmin + (j + 0.5)·dx`` (row-major image, y up when drawn with ``invertY(False)``).

    For data with more than two features (tables), ``features=(i, j)`` puts the grid's
    x and y into those two input columns and holds every other column at ``base``
    (default 0: the training mean of standardised features), so the map is a slice
    of the decision function through the data's centre.

    ``crosses`` (2-D points only: a :class:`~nnviz.core.features.FeatureMap` or a list
    of feature names) maps the plane through feature crosses: ``coords`` holds the
    plane coordinates ``(r², 2)`` and ``points`` the network's inputs at them.
    """

    def __init__(
        self,
        extent: tuple[float, float, float, float],
        resolution: int = 200,
        *,
        features: tuple[int, int] = (0, 1),
        n_features: int = 2,
        base: np.ndarray | None = None,
        crosses=None,
    ) -> None:
        self.extent = tuple(float(v) for v in extent)
        self.resolution = int(resolution)
        i, j = (int(f) for f in features)
        if i == j or not (0 <= i < n_features and 0 <= j < n_features):
            raise ValueError(f"features {features} are not two columns of {n_features}")
        self.features = (i, j)
        xmin, xmax, ymin, ymax = self.extent
        r = self.resolution
        xs = xmin + (np.arange(r, dtype=np.float32) + 0.5) * np.float32((xmax - xmin) / r)
        ys = ymin + (np.arange(r, dtype=np.float32) + 0.5) * np.float32((ymax - ymin) / r)
        gx, gy = np.meshgrid(xs, ys)
        self.coords = np.ascontiguousarray(np.column_stack([gx.ravel(), gy.ravel()]))
        if crosses is not None and not isinstance(crosses, FeatureMap):
            crosses = FeatureMap(tuple(crosses))
        self.crosses = crosses if crosses else None
        if self.crosses is not None:
            self.points = self.crosses(self.coords)
            return
        if base is None:
            base = np.zeros(n_features, dtype=np.float32)
        points = np.empty((r * r, n_features), dtype=np.float32)
        points[...] = np.asarray(base, dtype=np.float32)
        points[:, i] = gx.ravel()
        points[:, j] = gy.ravel()
        self.points = points

    def outputs(self, network) -> np.ndarray:
        """A regression network's outputs on the grid, ``(resolution, resolution, outputs)``."""
        r = self.resolution
        return network.scores(self.points).reshape(r, r, -1).astype(np.float32, copy=False)

    def input_maps(self) -> np.ndarray:
        """Each network input over the grid, ``(resolution, resolution, inputs)``: the maps
        Playground draws in the input nodes (x₁, x₂, x₁², sin x₂, …)."""
        r = self.resolution
        return self.points.reshape(r, r, -1)

    def probabilities(self, network) -> np.ndarray:
        """Class probabilities, shape (resolution, resolution, classes), float32 (a new array).

        Vectorised in chunks of the grid through the network's fused forward pass
        (preallocated buffers, the bias folded into each GEMM): no per-frame
        allocation beyond the result.
        """
        r = self.resolution
        fused = getattr(network, "fused_scores", None)
        if fused is None:  # any other model with predict_proba
            p = network.predict_proba(self.points)
            return p.reshape(r, r, -1).astype(np.float32, copy=False)
        xa = self._with_ones(np.dtype(network.dtype))
        k = network.n_classes
        out = np.empty((len(xa), k), dtype=np.float32)
        # A diverged network's scores may overflow to ±inf: those rows come out NaN and
        # are drawn as undecided (1/k each) instead of raising warnings on the worker.
        with np.errstate(over="ignore", invalid="ignore"):
            for a in range(0, len(xa), _CHUNK):
                s = fused(xa[a : a + _CHUNK])  # reused buffers: normalised in place below
                s -= row_max(s)
                np.exp(s, out=s)
                p = out[a : a + _CHUNK]
                np.divide(s, row_sum(s), out=p)
                bad = np.isnan(row_sum(p)[:, 0])
                if bad.any():
                    p[bad] = 1.0 / k
        return out.reshape(r, r, -1)

    def _with_ones(self, dtype: np.dtype) -> np.ndarray:
        """The grid points with a trailing 1 (the fused pass's input layout), built once."""
        cached = getattr(self, "_xa", None)
        if cached is None or cached.dtype != dtype:
            cached = np.ones((len(self.points), self.points.shape[1] + 1), dtype=dtype)
            cached[:, :-1] = self.points
            self._xa = cached
        return cached

    def values(self, fn) -> np.ndarray:
        """``fn(points)`` reshaped to the grid (for per-neuron activation maps)."""
        return np.asarray(fn(self.points)).reshape(self.resolution, self.resolution, -1)


class CurveGrid:
    """Evenly spaced inputs over ``[xmin, xmax]`` for 1-D regression (ConvNetJS's demo view).

    ``xs`` (n,) are the x values; :meth:`outputs` is the fitted curve and
    :meth:`hidden` every hidden unit's curve of one layer.
    """

    def __init__(self, xmin: float, xmax: float, n: int = 400) -> None:
        if not (np.isfinite(xmin) and np.isfinite(xmax) and xmin < xmax) or n < 2:
            raise ValueError("a curve grid needs xmin < xmax and at least 2 points")
        self.xs = np.linspace(xmin, xmax, int(n), dtype=np.float32)
        self.points = self.xs[:, None]

    def outputs(self, network) -> np.ndarray:
        """The network's outputs at every x, ``(n, outputs)`` (a new array)."""
        return np.asarray(network.scores(self.points), dtype=np.float32)

    def hidden(self, network, layer: int = 0) -> np.ndarray:
        """Hidden layer ``layer``'s (0-based) activations at every x, ``(n, width)``."""
        return network.activations(self.points)[layer]


def colorize(
    probs: np.ndarray,
    *,
    discretize: bool = False,
    background: tuple[int, int, int] = (255, 255, 255),
) -> np.ndarray:
    """RGB uint8 image of a probability grid: colour of the likeliest class, shaded by confidence.

    Confidence runs from chance (1/K, pale) to certainty (full colour); with
    ``discretize`` every cell gets its class colour at one fixed strength.
    """
    k = probs.shape[-1]
    flat = probs.reshape(-1, k)
    winner = row_argmax(flat)  # per column: far faster than argmax over a short last axis
    bg = np.asarray(background, dtype=np.float32)
    diff = CLASS_COLORS[np.arange(k) % len(CLASS_COLORS)] - bg
    rgb = np.take(diff, winner, axis=0)  # (colour − background) of each cell's winner
    if discretize:
        rgb *= np.float32(0.55)
    else:
        conf = row_max(flat)
        alpha = (conf - 1.0 / k) * (k / (k - 1.0)) if k > 1 else np.ones_like(conf)
        alpha = 0.08 + 0.72 * np.clip(alpha, 0, 1)
        rgb *= alpha
    rgb += bg
    return rgb.astype(np.uint8).reshape(*probs.shape[:-1], 3)


# Playground's regression colours: orange for −1, white for 0, blue for +1.
NEGATIVE_COLOR = np.array((245, 147, 34), dtype=np.float32)
POSITIVE_COLOR = np.array((8, 119, 189), dtype=np.float32)


def colorize_values(
    values: np.ndarray, lo: float = -1.0, hi: float = 1.0, *, background=(255, 255, 255)
) -> np.ndarray:
    """RGB uint8 image of values (a regression heatmap or targets of points), Playground style.

    ``lo`` maps to orange, the middle of ``[lo, hi]`` to the background, ``hi`` to
    blue; values outside are clipped (NaN counts as the middle).
    """
    v = np.asarray(values, dtype=np.float32)
    mid, half = (lo + hi) / 2, (hi - lo) / 2 or 1.0
    with np.errstate(invalid="ignore"):
        u = np.clip(np.nan_to_num((v - mid) / half), -1, 1)[..., None]
    bg = np.asarray(background, dtype=np.float32)
    rgb = np.where(u < 0, bg + (NEGATIVE_COLOR - bg) * -u, bg + (POSITIVE_COLOR - bg) * u)
    return np.rint(rgb).astype(np.uint8)
