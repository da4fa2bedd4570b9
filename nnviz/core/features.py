"""Feature crosses for 2-D inputs, as TensorFlow Playground offers them: x₁², x₁x₂, sin x₁, …

The network's inputs become ``φ(x) = (f₁(x₁, x₂), f₂(x₁, x₂), …)`` for the chosen
features, in the order given.  The same map is applied to the training and test
points and to the decision-boundary grid (:class:`~nnviz.core.boundary.BoundaryGrid`),
so the boundary drawn in the plane is the one the network computes.  It lives in
core (not data) so the grid can use it without ``nnviz.core`` importing ``nnviz.data``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from nnviz.errors import ConfigError

FEATURES: dict[str, Callable[[np.ndarray, np.ndarray], np.ndarray]] = {
    "x1": lambda a, b: a,
    "x2": lambda a, b: b,
    "x1^2": lambda a, b: a * a,
    "x2^2": lambda a, b: b * b,
    "x1x2": lambda a, b: a * b,
    "sin_x1": lambda a, b: np.sin(a),
    "sin_x2": lambda a, b: np.sin(b),
}
"""Feature name (the CLI's ``--features`` spelling) → function of the columns x₁, x₂."""

FEATURE_LABELS = {
    "x1": "x₁",
    "x2": "x₂",
    "x1^2": "x₁²",
    "x2^2": "x₂²",
    "x1x2": "x₁x₂",
    "sin_x1": "sin x₁",
    "sin_x2": "sin x₂",
}
"""How a view labels each input (Playground's notation)."""


@dataclass(frozen=True)
class FeatureMap:
    """The chosen feature crosses, in order; empty means the plain inputs (no map).

    A frozen config: a session stores it as ``{"names": [...]}``.

    Parameters
    ----------
    names
        Keys of :data:`FEATURES`, each at most once.

    Raises
    ------
    ConfigError
        For an unknown or repeated name.
    """

    names: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        names = (self.names,) if isinstance(self.names, str) else tuple(self.names)
        object.__setattr__(self, "names", names)
        for name in names:
            if name not in FEATURES:
                raise ConfigError(f"Unknown feature {name!r}; choose from {', '.join(FEATURES)}.")
        if len(set(names)) != len(names):
            raise ConfigError("Each feature may be chosen only once.")

    @classmethod
    def parse(cls, text: str) -> FeatureMap:
        """``"x1,x2,x1^2"`` → ``FeatureMap(("x1", "x2", "x1^2"))`` (spaces ignored)."""
        names = [p.strip() for p in text.split(",")]
        if any(not p for p in names):
            raise ConfigError("List features separated by commas, e.g. x1,x2,x1^2.")
        return cls(tuple(names))

    @property
    def n_inputs(self) -> int:
        """Inputs the network gets (2 for the plain map)."""
        return len(self.names) or 2

    @property
    def labels(self) -> tuple[str, ...]:
        """Display names of the network's inputs."""
        return tuple(FEATURE_LABELS[n] for n in self.names) or ("x₁", "x₂")

    def __call__(self, x: np.ndarray) -> np.ndarray:
        """``φ(x)``: a new float32 array ``(N, n_inputs)`` from 2-D points ``x`` (N, 2)."""
        x = np.asarray(x)
        if x.ndim != 2 or x.shape[1] != 2:
            raise ConfigError("Feature crosses need 2-D points (two input columns).")
        if not self.names:
            return x.astype(np.float32)
        a = x[:, 0].astype(np.float64)
        b = x[:, 1].astype(np.float64)
        out = np.empty((len(x), len(self.names)), dtype=np.float32)
        for j, name in enumerate(self.names):
            out[:, j] = FEATURES[name](a, b)
        return out

    def __bool__(self) -> bool:
        return bool(self.names)
