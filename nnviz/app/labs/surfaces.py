"""Test surfaces f(x, y) for the optimizer-paths lab, each with its gradient and a contour grid.

The book's surface is ``x²/20 + y²`` (Deep Learning from Scratch, ch. 6.1,
``optimizer_compare_naive.py``): a valley 20 times longer in x than in y, where
SGD zig-zags.  Rosenbrock, a saddle and Beale are the classic harder cases.
Every function works element-wise on NumPy arrays, so one call evaluates a whole
contour grid.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from nnviz.app.labs.common import lookup
from nnviz.errors import ConfigError

Gradient = Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]


def _book(x, y):
    return x**2 / 20.0 + y**2


def _book_grad(x, y):
    return x / 10.0, 2.0 * y


def _rosenbrock(x, y):
    return (1.0 - x) ** 2 + 100.0 * (y - x**2) ** 2


def _rosenbrock_grad(x, y):
    r = y - x**2
    return -2.0 * (1.0 - x) - 400.0 * x * r, 200.0 * r


def _saddle(x, y):
    return x**2 - y**2 + y**4 / 4.0


def _saddle_grad(x, y):
    return 2.0 * x, -2.0 * y + y**3


def _beale_terms(x, y):
    """The three squared residuals of Beale's function, before squaring."""
    return 1.5 - x + x * y, 2.25 - x + x * y**2, 2.625 - x + x * y**3


def _beale(x, y):
    a1, a2, a3 = _beale_terms(x, y)
    return a1**2 + a2**2 + a3**2


def _beale_grad(x, y):
    a1, a2, a3 = _beale_terms(x, y)
    dx = 2.0 * (a1 * (y - 1.0) + a2 * (y**2 - 1.0) + a3 * (y**3 - 1.0))
    dy = 2.0 * x * (a1 + 2.0 * a2 * y + 3.0 * a3 * y**2)
    return dx, dy


@dataclass(frozen=True)
class Surface:
    """A 2-D function to minimise, with what a plot of it needs.

    Parameters
    ----------
    name, title
        Registry key and display name.
    formula
        The function as text (for a legend).
    value, gradient
        ``f(x, y)`` and ``(∂f/∂x, ∂f/∂y)``, element-wise on arrays.
    start
        Default starting point of the paths.
    xlim, ylim
        Default plotted region.
    minima
        The global minima (for marking them on the plot).
    rates
        Default learning rate per optimizer name on this surface.
    log_levels
        True when contour levels should be spaced logarithmically (values span
        many orders of magnitude: Rosenbrock, Beale).
    """

    name: str
    title: str
    formula: str
    value: Callable[[np.ndarray, np.ndarray], np.ndarray] = field(repr=False)
    gradient: Gradient = field(repr=False)
    start: tuple[float, float]
    xlim: tuple[float, float]
    ylim: tuple[float, float]
    minima: tuple[tuple[float, float], ...]
    rates: dict = field(default_factory=dict)
    log_levels: bool = False


BOOK_RATES = {
    "sgd": 0.95,
    "momentum": 0.1,
    "nesterov": 0.1,
    "adagrad": 1.5,
    "rmsprop": 0.1,
    "adam": 0.3,
}
"""Learning rates on the book's surface.

SGD, Momentum, AdaGrad and Adam are the book's (``optimizer_compare_naive.py``).
The book does not run Nesterov or RMSprop there.  Nesterov gets Momentum's 0.1:
it is Momentum with a look-ahead, so the same rate shows what the look-ahead
changes (it overshoots less: 30 steps end 0.53 from the minimum, Momentum 0.90).
RMSprop gets 0.1: its running mean of g² starts at (1 − 0.99)·g², so its first
step moves each coordinate by 10·lr; 0.1 makes that 1, between Adam's first
step (0.3) and AdaGrad's (1.5), and its path stays smooth like AdaGrad's (0.3
overshoots the valley floor for its first five steps).
"""

SURFACES: dict[str, Surface] = {
    s.name: s
    for s in [
        Surface(
            "book",
            "The book's valley",
            "x²/20 + y²",
            _book,
            _book_grad,
            start=(-7.0, 2.0),
            xlim=(-10.0, 10.0),
            ylim=(-5.0, 5.0),
            minima=((0.0, 0.0),),
            rates=BOOK_RATES,
        ),
        # Rates chosen so that no path diverges from the default start and the
        # differences show within a few hundred steps (the valley floor is slow).
        Surface(
            "rosenbrock",
            "Rosenbrock's banana",
            "(1 − x)² + 100 (y − x²)²",
            _rosenbrock,
            _rosenbrock_grad,
            start=(-1.5, 2.0),
            xlim=(-2.0, 2.0),
            ylim=(-1.0, 3.0),
            minima=((1.0, 1.0),),
            rates={
                "sgd": 0.0005,
                "momentum": 0.0005,
                "nesterov": 0.0005,
                "adagrad": 0.5,
                "rmsprop": 0.02,
                "adam": 0.1,
            },
            log_levels=True,
        ),
        Surface(
            "saddle",
            "A saddle between two minima",
            "x² − y² + y⁴/4",
            _saddle,
            _saddle_grad,
            start=(-1.5, 0.01),
            xlim=(-2.0, 2.0),
            ylim=(-2.0, 2.0),
            minima=((0.0, -(2.0**0.5)), (0.0, 2.0**0.5)),
            rates={
                "sgd": 0.1,
                "momentum": 0.05,
                "nesterov": 0.05,
                "adagrad": 0.5,
                "rmsprop": 0.1,
                "adam": 0.1,
            },
        ),
        Surface(
            "beale",
            "Beale's function",
            "(1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²",
            _beale,
            _beale_grad,
            start=(1.0, 1.5),
            xlim=(-4.5, 4.5),
            ylim=(-4.5, 4.5),
            minima=((3.0, 0.5),),
            rates={
                "sgd": 0.001,
                "momentum": 0.001,
                "nesterov": 0.001,
                "adagrad": 0.5,
                "rmsprop": 0.05,
                "adam": 0.1,
            },
            log_levels=True,
        ),
    ]
}
"""Surface name → :class:`Surface`."""


def surface(name: str) -> Surface:
    """The registry entry ``name``, or a clear error listing the names."""
    return lookup(SURFACES, name, "surface")


def contour_grid(
    surf: Surface,
    n: int = 200,
    xlim: tuple[float, float] | None = None,
    ylim: tuple[float, float] | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Values of ``surf`` on an ``n × n`` grid, for contour lines or a heatmap.

    Returns
    -------
    xs, ys, z
        The grid's x and y coordinates (``n`` each) and ``z[i, j] = f(xs[j], ys[i])``
        (row-major: rows are y, as an image).
    """
    if n < 2:
        raise ConfigError("A contour grid needs at least 2 points per side.")
    xlim = surf.xlim if xlim is None else xlim
    ylim = surf.ylim if ylim is None else ylim
    xs = np.linspace(*xlim, n)
    ys = np.linspace(*ylim, n)
    gx, gy = np.meshgrid(xs, ys)
    return xs, ys, surf.value(gx, gy)


def contour_levels(surf: Surface, z: np.ndarray, count: int = 20) -> np.ndarray:
    """``count`` contour levels for a grid of ``surf``: log-spaced where values span decades."""
    lo, hi = float(np.min(z)), float(np.max(z))
    if not surf.log_levels or hi <= 0:
        return np.linspace(lo, hi, count + 2)[1:-1]
    # Levels above the minimum, spaced in log(f − min): the valley floor gets as many
    # lines as the steep walls.
    floor = max(hi - lo, 1e-12) * 1e-6
    return lo + np.geomspace(floor, hi - lo, count)
