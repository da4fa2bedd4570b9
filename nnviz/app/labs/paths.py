"""The optimizer-paths lab: every optimizer walking down a 2-D surface, one step at a time.

Deep Learning from Scratch ch. 6.1.7 (``optimizer_compare_naive.py``) starts SGD,
Momentum, AdaGrad and Adam at (−7, 2) on ``x²/20 + y²`` and draws 30 steps of
each.  :class:`OptimizerPaths` does the same with nnviz's own optimizer classes
(:func:`nnviz.core.optimizers.make_optimizer`, the ones that train networks) and
adds Nesterov and RMSprop; it steps all paths together so a view can play, pause
and step them, move the start and change a rate live.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from nnviz.app.labs.common import Claim, lab_result
from nnviz.app.labs.surfaces import SURFACES, Surface, surface
from nnviz.core.optimizers import OPTIMIZERS, Optimizer, make_optimizer
from nnviz.core.trainer import check_learning_rate
from nnviz.errors import ConfigError

PATH_OPTIMIZERS = ("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam")
BOOK_STEPS = 30
MAX_STEPS = 100_000
"""Longest path kept (two floats per step and optimizer: 9.6 MB for six paths)."""
ESCAPE_RADIUS = 1e6
"""A path farther than this from the origin has diverged and stops (before float overflow)."""


class _Track:
    """One optimizer on the surface: its position as the book's ``params`` dict, and its path."""

    def __init__(self, name: str, lr: float, start: tuple[float, float]) -> None:
        self.name = name
        self.optimizer: Optimizer = make_optimizer(name, lr)
        # As in the book: params = {"x": …, "y": …}; 1-element arrays because
        # nnviz's optimizers update in place.
        self.params = {"x": np.array([start[0]]), "y": np.array([start[1]])}
        self.grads = {"x": np.zeros(1), "y": np.zeros(1)}
        self.path = [tuple(map(float, start))]
        self.diverged = False

    def step(self, surf: Surface) -> None:
        if self.diverged:
            return
        x, y = self.params["x"], self.params["y"]
        with np.errstate(over="ignore", invalid="ignore"):
            gx, gy = surf.gradient(x, y)
            self.grads["x"][...] = gx
            self.grads["y"][...] = gy
            self.optimizer.update(self.params, self.grads)
        px, py = float(x[0]), float(y[0])
        if not (math.isfinite(px) and math.isfinite(py)) or math.hypot(px, py) > ESCAPE_RADIUS:
            self.diverged = True  # the last finite point stays the end of the path
            return
        self.path.append((px, py))


class OptimizerPaths:
    """Every optimizer's path on one surface, advanced together one step at a time.

    Parameters
    ----------
    surface
        A key of :data:`~nnviz.app.labs.surfaces.SURFACES` (default: the book's).
    start
        Starting point; the surface's default when ``None``.
    rates
        Learning rate per optimizer name; missing names take the surface's default.
    optimizers
        Which optimizers to run (keys of :data:`nnviz.core.optimizers.OPTIMIZERS`).

    Notes
    -----
    ``path(name)`` has ``steps + 1`` points (the start, then one per update) until
    the optimizer diverges; then it ends at its last finite point and
    ``diverged[name]`` is True.
    """

    def __init__(
        self,
        surface: str = "book",
        start: Sequence[float] | None = None,
        rates: dict[str, float] | None = None,
        optimizers: Sequence[str] = PATH_OPTIMIZERS,
    ) -> None:
        for name in optimizers:
            if name not in OPTIMIZERS:
                make_optimizer(name, 0.1)  # raises the one-sentence error
        if not optimizers:
            raise ConfigError("Choose at least one optimizer.")
        self.optimizers = tuple(optimizers)
        self._user_rates = dict(rates or {})
        for name in self._user_rates:
            if name not in self.optimizers:
                raise ConfigError(f"{name!r} is not one of the optimizers on the plot.")
            check_learning_rate(self._user_rates[name])
        self.surface = self._surface(surface)
        self.start = self._start(start)
        self.steps = 0
        self._tracks = self._new_tracks()

    # ------------------------------------------------------------------ settings
    @staticmethod
    def _surface(name: str) -> Surface:
        return surface(name)

    def _start(self, start: Sequence[float] | None) -> tuple[float, float]:
        if start is None:
            return self.surface.start
        x, y = (float(v) for v in start)
        if not (math.isfinite(x) and math.isfinite(y)) or math.hypot(x, y) > ESCAPE_RADIUS:
            raise ConfigError("The start must be a finite point on the plot.")
        return x, y

    @property
    def rates(self) -> dict[str, float]:
        """The learning rate each optimizer uses now."""
        return {name: self.rate(name) for name in self.optimizers}

    def rate(self, name: str) -> float:
        self._check_name(name)
        return self._user_rates.get(name, self.surface.rates.get(name, 0.01))

    def _check_name(self, name: str) -> None:
        if name not in self.optimizers:
            raise ConfigError(
                f"{name!r} is not on the plot; choose one of {', '.join(self.optimizers)}."
            )

    def _new_tracks(self) -> dict[str, _Track]:
        return {name: _Track(name, self.rate(name), self.start) for name in self.optimizers}

    def _replay(self, names: Sequence[str]) -> None:
        """Redo the paths of ``names`` from the start up to the current step count."""
        for name in names:
            track = self._tracks[name] = _Track(name, self.rate(name), self.start)
            for _ in range(self.steps):
                track.step(self.surface)

    # ------------------------------------------------------------------ control
    def step(self, n: int = 1) -> None:
        """Advance every path by ``n`` updates (at most :data:`MAX_STEPS` in all)."""
        n = min(int(n), MAX_STEPS - self.steps)
        for _ in range(max(n, 0)):
            for track in self._tracks.values():
                track.step(self.surface)
            self.steps += 1

    def reset(self) -> None:
        """Back to the start, step 0, with fresh optimizer state."""
        self.steps = 0
        self._tracks = self._new_tracks()

    def set_start(self, x: float, y: float) -> None:
        """Move the start; every path is redone from there up to the current step."""
        self.start = self._start((x, y))
        self._replay(self.optimizers)

    def set_surface(self, name: str) -> None:
        """Switch surface: its default start and rates (user-set rates are dropped), step 0."""
        self.surface = self._surface(name)
        self.start = self.surface.start
        self._user_rates.clear()
        self.reset()

    def set_rate(self, name: str, lr: float, *, replay: bool = True) -> None:
        """Change one optimizer's learning rate.

        With ``replay`` (a slider on the plot) its whole path is redone with the new
        rate; without, the path goes on from where it is with the new rate from the
        next step, as a live change while training does.
        """
        self._check_name(name)
        self._user_rates[name] = check_learning_rate(lr)
        if replay:
            self._replay([name])
        else:
            self._tracks[name].optimizer.lr = self._user_rates[name]

    # ------------------------------------------------------------------ results
    def path(self, name: str) -> np.ndarray:
        """Positions of ``name`` so far, ``(k, 2)`` float64 (a new array)."""
        self._check_name(name)
        return np.array(self._tracks[name].path, dtype=np.float64)

    def paths(self) -> dict[str, np.ndarray]:
        """Every optimizer's :meth:`path`."""
        return {name: self.path(name) for name in self.optimizers}

    def position(self, name: str) -> tuple[float, float]:
        """Where ``name`` is now (its last finite point when diverged)."""
        self._check_name(name)
        return self._tracks[name].path[-1]

    @property
    def diverged(self) -> dict[str, bool]:
        return {name: t.diverged for name, t in self._tracks.items()}

    def __repr__(self) -> str:
        return f"OptimizerPaths({self.surface.name!r}, start={self.start}, steps={self.steps})"


def _sign_changes(v: np.ndarray) -> int:
    """How often consecutive values have opposite signs (zig-zags across a valley floor)."""
    s = np.sign(v)
    return int(np.count_nonzero(s[1:] * s[:-1] < 0))


def run_optimizer_paths(
    *,
    surface: str = "book",
    steps: int = BOOK_STEPS,
    start: Sequence[float] | None = None,
    rates: dict[str, float] | None = None,
) -> dict:
    """The lab headless: each optimizer's positions, as the book plots them, and its claims.

    ``positions[name]`` are the book's ``x_history``/``y_history``: the point
    *before* each of the ``steps`` updates (so it starts at the start and has
    ``steps`` points); ``end[name]`` is the point after the last update.
    """
    if not 1 <= int(steps) <= MAX_STEPS:
        raise ConfigError(f"Choose 1 to {MAX_STEPS:,} steps.")
    lab = OptimizerPaths(surface, start, rates)
    lab.step(int(steps))
    surf = lab.surface
    positions, end, value, dist = {}, {}, {}, {}
    for name in lab.optimizers:
        p = lab.path(name)
        positions[name] = p[:steps].tolist()
        end[name] = p[-1].tolist()
        value[name] = float(surf.value(*p[-1]))
        dist[name] = min(math.dist(p[-1], m) for m in surf.minima)
    details = {
        "surface": surf.name,
        "formula": surf.formula,
        "start": list(lab.start),
        "steps": lab.steps,
        "rates": lab.rates,
        "positions": positions,
        "end": end,
        "end_value": value,
        "end_distance_to_minimum": dist,
        "diverged": lab.diverged,
    }
    claims = []
    if surf.name == "book" and int(steps) == BOOK_STEPS and lab.start == surf.start:
        # Figure 6-8 in words: SGD zig-zags across the valley (y changes sign at almost
        # every step); AdaGrad's steps in y shrink so fast that it approaches from one
        # side without crossing the floor; all four end near the minimum.
        sgd = _sign_changes(np.asarray(positions["sgd"])[:, 1])
        ada = _sign_changes(np.asarray(positions["adagrad"])[:, 1])
        worst = max(dist[n] for n in ("sgd", "momentum", "adagrad", "adam"))
        claims = [
            Claim(
                "sgd_zigzags",
                "SGD zig-zags across the valley (Figure 6-3, 6-8)",
                f"y changes sign at ≥ 20 of {BOOK_STEPS - 1} steps",
                sgd,
                sgd >= 20,
            ),
            Claim(
                "adagrad_no_zigzag",
                "AdaGrad heads for the minimum without zig-zagging",
                "y changes sign at most twice",
                ada,
                ada <= 2,
            ),
            Claim(
                "book_four_reach_minimum",
                "the four book optimizers end near (0, 0)",
                "largest end distance to (0, 0) < 1 (start: 7.3)",
                worst,
                worst < 1.0,
            ),
        ]
    return lab_result(claims, details)


__all__ = ["PATH_OPTIMIZERS", "SURFACES", "OptimizerPaths", "run_optimizer_paths"]
