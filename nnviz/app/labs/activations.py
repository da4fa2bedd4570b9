"""Activation histograms: the book's initialisation experiment, and the same for any network.

Deep Learning from Scratch ch. 6.2 (``weight_init_activation_histogram.py``) sends
1,000 random inputs through 5 layers of 100 units and draws one histogram per
layer (30 bins over [0, 1]): with std 1 sigmoid outputs pile up at 0 and 1, with
std 0.01 they collapse onto 0.5, with Xavier they spread out; with ReLU, He keeps
the same spread in every layer.  :func:`init_experiment` reproduces it with
nnviz's own activation functions and initialisation scales;
:func:`network_histograms` gives the same per-layer histograms for any
:class:`~nnviz.core.network.Network` on a batch, and :class:`ActivationHistory`
keeps a bounded series of them for a time scrubber while the network trains.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from nnviz.app.labs.common import Claim, lab_result
from nnviz.core.init import init_scale
from nnviz.core.layers import ACTIVATIONS, make_activation
from nnviz.errors import ConfigError

BINS = 30
INIT_SETTINGS: dict[str, tuple[str, float]] = {
    "std-1": ("normal", 1.0),
    "std-0.01": ("normal", 0.01),
    "xavier": ("xavier", 0.0),
    "he": ("he", 0.0),
}
"""The book's four initialisations: name → (nnviz scheme, std for ``normal``)."""
LAB_ACTIVATIONS = ("sigmoid", "tanh", "relu")
BOOK_RANGES = {"sigmoid": (0.0, 1.0), "relu": (0.0, 1.0), "tanh": (-1.0, 1.0)}
"""Histogram range per activation: the book's ``range=(0, 1)``; tanh gets (−1, 1)."""


@dataclass(frozen=True)
class ActivationSnapshot:
    """Per-layer histograms of a network's hidden activations on one batch.

    Attributes
    ----------
    iteration
        Training iteration the batch was seen at (0 for the static experiment).
    counts
        ``(layers, bins)`` int32: values per bin, layer by layer.
    edges
        ``(layers, bins + 1)`` float32: bin edges per layer.
    below, above
        ``(layers,)`` int32: values outside the range (none is silently dropped).
    mean, std
        ``(layers,)`` float32: of all the layer's values.
    """

    iteration: int
    counts: np.ndarray
    edges: np.ndarray
    below: np.ndarray
    above: np.ndarray
    mean: np.ndarray
    std: np.ndarray

    @property
    def layers(self) -> int:
        return len(self.counts)

    @property
    def nbytes(self) -> int:
        """Bytes of array data held (what :class:`ActivationHistory` bounds)."""
        return sum(a.nbytes for a in (self.counts, self.edges, self.below, self.above))

    def to_dict(self) -> dict:
        """JSON-ready: one ``{counts, edges, below, above, mean, std}`` per layer."""
        return {
            "iteration": self.iteration,
            "layers": [
                {
                    "counts": self.counts[i].tolist(),
                    "edges": [round(float(e), 6) for e in self.edges[i]],
                    "below": int(self.below[i]),
                    "above": int(self.above[i]),
                    "mean": float(self.mean[i]),
                    "std": float(self.std[i]),
                }
                for i in range(self.layers)
            ],
        }


def _default_range(activation: str, values: np.ndarray) -> tuple[float, float]:
    """Bounded activations: their range; unbounded ones: the values' own (0 up for ReLU)."""
    if activation == "sigmoid":
        return 0.0, 1.0
    if activation == "tanh":
        return -1.0, 1.0
    hi = float(values.max()) if values.size else 1.0
    lo = 0.0 if activation == "relu" else (float(values.min()) if values.size else 0.0)
    return (lo, hi) if hi > lo else (lo, lo + 1.0)


def histograms(
    outputs: Sequence[np.ndarray],
    activations: Sequence[str],
    *,
    bins: int = BINS,
    ranges: Sequence[tuple[float, float] | None] | None = None,
    iteration: int = 0,
) -> ActivationSnapshot:
    """Histograms of each layer's ``outputs`` (one array per hidden layer).

    ``ranges[i]`` is layer ``i``'s histogram range; ``None`` (or no ``ranges``)
    takes the activation's range (sigmoid [0, 1], tanh [−1, 1]) or, for unbounded
    ones, the values' own.
    """
    if bins < 1:
        raise ConfigError("A histogram needs at least 1 bin.")
    n = len(outputs)
    counts = np.zeros((n, bins), np.int32)
    edges = np.zeros((n, bins + 1), np.float32)
    below = np.zeros(n, np.int32)
    above = np.zeros(n, np.int32)
    mean = np.zeros(n, np.float32)
    std = np.zeros(n, np.float32)
    for i, (out, act) in enumerate(zip(outputs, activations, strict=True)):
        v = np.asarray(out).ravel()
        rng = ranges[i] if ranges is not None and ranges[i] is not None else None
        lo, hi = rng if rng is not None else _default_range(act, v)
        c, e = np.histogram(v, bins=bins, range=(lo, hi))
        counts[i], edges[i] = c, e
        below[i] = np.count_nonzero(v < lo)
        above[i] = np.count_nonzero(v > hi)
        if v.size:
            mean[i], std[i] = v.mean(dtype=np.float64), v.std(dtype=np.float64)
    return ActivationSnapshot(iteration, counts, edges, below, above, mean, std)


def network_histograms(
    network, x: np.ndarray, *, bins: int = BINS, iteration: int = 0, ranges=None
) -> ActivationSnapshot:
    """Per-hidden-layer histograms of ``network``'s activations on the batch ``x``.

    Works for any :class:`~nnviz.core.network.Network` (it uses
    ``network.activations(x)``, inference only: training caches are untouched).
    Keep ``x`` to about 1,000 rows: the cost is one forward pass of it.
    """
    return histograms(
        network.activations(x),
        network.activation_names,
        bins=bins,
        ranges=ranges,
        iteration=iteration,
    )


class ActivationHistory:
    """A bounded series of :class:`ActivationSnapshot`, spread over the whole run.

    Record one snapshot whenever :meth:`due` says so.  When ``capacity`` snapshots
    are held, every second one is dropped and the interval between snapshots
    doubles, so the series always covers the run from its start to now with
    between ``capacity/2`` and ``capacity − 1`` snapshots.

    Memory bound: ``capacity × layers × (2·bins + 3) × 4`` bytes of counts, edges and
    out-of-range counts, plus about 0.5 KB of Python objects per snapshot — for the
    default 256 snapshots of 30 bins: 64 KB per hidden layer plus 128 KB, i.e.
    0.45 MB for 5 hidden layers and 6.4 MB at the 100 hidden layers
    :class:`~nnviz.core.trainer.NetworkConfig` allows at most.
    """

    def __init__(self, capacity: int = 256, every: int = 1) -> None:
        if capacity < 2 or every < 1:
            raise ConfigError("An activation history keeps at least 2 snapshots, every ≥ 1 step.")
        self.capacity = capacity
        self.every = every
        self.snapshots: list[ActivationSnapshot] = []

    def due(self, iteration: int) -> bool:
        """True when a snapshot at ``iteration`` should be recorded."""
        if not self.snapshots:
            return True
        return iteration - self.snapshots[-1].iteration >= self.every

    def record(self, snapshot: ActivationSnapshot) -> None:
        """Add a snapshot (thinning the series when it is full)."""
        self.snapshots.append(snapshot)
        if len(self.snapshots) >= self.capacity:
            self.snapshots = self.snapshots[::2]
            self.every *= 2

    def iterations(self) -> list[int]:
        return [s.iteration for s in self.snapshots]

    def at(self, iteration: int) -> ActivationSnapshot:
        """The latest snapshot taken at or before ``iteration`` (the scrubber's position)."""
        if not self.snapshots:
            raise ConfigError("No activation histograms have been recorded yet.")
        its = self.iterations()
        i = max(int(np.searchsorted(its, iteration, side="right")) - 1, 0)
        return self.snapshots[i]

    @property
    def nbytes(self) -> int:
        return sum(s.nbytes for s in self.snapshots)

    def clear(self) -> None:
        self.snapshots.clear()

    def __len__(self) -> int:
        return len(self.snapshots)


# ---------------------------------------------------------------------- the book's experiment
def init_experiment(
    init: str = "std-1",
    activation: str = "sigmoid",
    *,
    samples: int = 1000,
    layers: int = 5,
    width: int = 100,
    seed: int = 0,
    bins: int = BINS,
) -> tuple[ActivationSnapshot, list[np.ndarray]]:
    """``weight_init_activation_histogram.py``: random inputs through ``layers`` layers.

    Inputs are N(0, 1), ``(samples, width)``; each layer draws a ``width × width``
    weight matrix with the initialisation ``init`` (a key of :data:`INIT_SETTINGS`)
    and has no bias, as in the book.  Computed in float64, as NumPy does in the book.

    Returns
    -------
    snapshot, outputs
        The per-layer histograms (the book's ranges) and each layer's output.
    """
    if init not in INIT_SETTINGS:
        raise ConfigError(
            f"Unknown initialisation {init!r}; choose one of {', '.join(INIT_SETTINGS)}."
        )
    if activation not in ACTIVATIONS:
        make_activation(activation)  # raises the one-sentence error
    if samples < 1 or layers < 1 or width < 1:
        raise ConfigError("Use at least 1 sample, 1 layer and 1 unit per layer.")
    scheme, std = INIT_SETTINGS[init]
    fn = ACTIVATIONS[activation].fn
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((samples, width))
    outputs = []
    for _ in range(layers):
        w = rng.standard_normal((width, width)) * init_scale(scheme, width, std)
        x = fn(x @ w)
        outputs.append(x)
    ranges = [BOOK_RANGES.get(activation)] * layers
    snap = histograms(outputs, [activation] * layers, bins=bins, ranges=ranges)
    return snap, outputs


def _saturated(v: np.ndarray) -> float:
    """Share of values within 0.05 of 0 or 1 (a sigmoid's flat ends)."""
    return float(np.mean((v < 0.05) | (v > 0.95)))


def _collapsed(v: np.ndarray) -> float:
    """Share of values within 0.05 of 0.5 (a sigmoid's output for input ≈ 0)."""
    return float(np.mean(np.abs(v - 0.5) < 0.05))


# (key, init, activation, the book's statement, criterion text, statistic, test)
_CLAIMS = [
    (
        "sigmoid_std1_saturates",
        "std-1",
        "sigmoid",
        "std 1, sigmoid: activations pile up at 0 and 1 (gradients vanish)",
        "share of layer-5 values within 0.05 of 0 or 1 ≥ 0.5",
        lambda outs: _saturated(outs[-1]),
        lambda v: v >= 0.5,
    ),
    (
        "sigmoid_std001_collapses",
        "std-0.01",
        "sigmoid",
        "std 0.01, sigmoid: activations collapse onto 0.5 (no expressive power)",
        "share of layer-5 values within 0.05 of 0.5 ≥ 0.99",
        lambda outs: _collapsed(outs[-1]),
        lambda v: v >= 0.99,
    ),
    (
        "sigmoid_xavier_not_saturated",
        "xavier",
        "sigmoid",
        "Xavier, sigmoid: activations spread out, no pile-up at 0 and 1",
        "share of layer-5 values within 0.05 of 0 or 1 < 0.05",
        lambda outs: _saturated(outs[-1]),
        lambda v: v < 0.05,
    ),
    (
        "sigmoid_xavier_not_collapsed",
        "xavier",
        "sigmoid",
        "Xavier, sigmoid: … and no collapse onto 0.5",
        "share of layer-5 values within 0.05 of 0.5 < 0.5",
        lambda outs: _collapsed(outs[-1]),
        lambda v: v < 0.5,
    ),
    (
        "relu_std001_vanishes",
        "std-0.01",
        "relu",
        "std 0.01, ReLU: activations are tiny (Figure 6-14)",
        "std of layer-5 values < 1e-4",
        lambda outs: float(outs[-1].std()),
        lambda v: v < 1e-4,
    ),
    (
        "relu_xavier_shrinks",
        "xavier",
        "relu",
        "Xavier, ReLU: the spread shrinks layer by layer",
        "std of layer 5 / std of layer 1 < 0.5",
        lambda outs: float(outs[-1].std() / outs[0].std()),
        lambda v: v < 0.5,
    ),
    (
        "relu_he_keeps",
        "he",
        "relu",
        "He, ReLU: the same spread in every layer",
        "std of layer 5 / std of layer 1 within 0.7–1.4",
        lambda outs: float(outs[-1].std() / outs[0].std()),
        lambda v: 0.7 <= v <= 1.4,
    ),
]


def run_init_activations(*, seed: int = 0, samples: int = 1000) -> dict:
    """The lab headless: histograms of all 12 settings and the book's statements measured."""
    runs = {}
    details = {}
    for act in LAB_ACTIVATIONS:
        for init in INIT_SETTINGS:
            snap, outs = init_experiment(init, act, samples=samples, seed=seed)
            runs[(init, act)] = outs
            details[f"{init}/{act}"] = snap.to_dict()
    claims = []
    for key, init, act, statement, criterion, stat, test in _CLAIMS:
        value = stat(runs[(init, act)])
        claims.append(Claim(key, statement, criterion, value, bool(test(value))))
    return lab_result(
        claims,
        {
            "samples": samples,
            "layers": 5,
            "width": 100,
            "bins": BINS,
            "seed": seed,
            "histograms": details,
        },
    )
