"""Weight initialisation schemes."""

from __future__ import annotations

import numpy as np

from nnviz.errors import ConfigError

INITS = ("normal", "uniform", "xavier", "he")
"""Names of the initialisation schemes (the CLI's ``--init`` values)."""

RNGS = ("modern", "book")
"""Random generators: ``modern`` is ``numpy.random.default_rng(seed)``; ``book`` is the
legacy ``numpy.random.RandomState(seed)`` that ``np.random.seed`` sets up in the books'
code, one stream for the data, the initial weights and the shuffles, in that order."""

Rng = np.random.Generator | np.random.RandomState


def make_rng(kind: str, seed: int | None) -> Rng:
    """A ``modern`` or ``book`` generator seeded with ``seed``."""
    if kind not in RNGS:
        raise ConfigError(f"The random generator must be one of {', '.join(RNGS)}, not {kind!r}.")
    return np.random.RandomState(seed) if kind == "book" else np.random.default_rng(seed)


def init_scale(scheme: str, fan_in: int, std: float = 0.01) -> float:
    """Standard deviation (``normal``, ``xavier``, ``he``) or half-width (``uniform``)."""
    if scheme == "normal":
        return std
    if scheme == "uniform":
        return 1.0 / np.sqrt(fan_in)
    if scheme == "xavier":
        return 1.0 / np.sqrt(fan_in)
    if scheme == "he":
        return np.sqrt(2.0 / fan_in)
    raise ConfigError(f"Unknown initialisation {scheme!r}; choose one of {', '.join(INITS)}.")


def init_weights(
    scheme: str,
    shape: tuple[int, ...],
    rng: Rng,
    *,
    fan_in: int,
    std: float = 0.01,
    dtype: np.dtype | type = np.float32,
) -> np.ndarray:
    """Draw an array of ``shape`` for ``scheme``.

    Parameters
    ----------
    scheme
        ``normal`` (N(0, std²), the tutorials' default std 0.01), ``uniform``
        (U(−1/√fan_in, 1/√fan_in), as in the FCNeuron digits tutorial), ``xavier``
        (N(0, 1/fan_in), as Deep Learning from Scratch ch06 uses it for sigmoid/tanh)
        or ``he`` (N(0, 2/fan_in), for ReLU).
    shape
        Shape of the array to draw.
    rng
        Source of randomness.
    fan_in
        Number of inputs of the layer the array belongs to.
    std
        Standard deviation for ``normal``.
    dtype
        Floating-point type of the result.
    """
    scale = init_scale(scheme, fan_in, std)
    if scheme == "uniform":
        w = rng.uniform(-scale, scale, size=shape)
    else:
        w = rng.standard_normal(size=shape) * scale
    return w.astype(dtype, copy=False)
