"""Two-dimensional toy sets: the tutorials' spirals and TensorFlow Playground's sets.

Every generator takes ``(samples_per_class, noise, classes, rng)`` and returns
``x`` (float32, shape (N, 2); ``dtype=np.float64`` keeps the generator's float64) and
``y`` (int64 class indices), grouped by class.  ``rng`` may also be a legacy
``numpy.random.RandomState`` (the "book RNG", which draws as the books' code does).
"""

from __future__ import annotations

import numpy as np


def spiral(n: int, noise: float, classes: int, rng: np.random.Generator, dtype=np.float32):
    """Deep Learning from Scratch 2's spiral: radius i/N, θ = 4j + 4i/N + noise·randn."""
    i = np.arange(n)
    rate = i / n
    xs, ys = [], []
    for j in range(classes):
        theta = j * 4.0 + 4.0 * rate + rng.standard_normal(n) * noise
        xs.append(np.column_stack([rate * np.sin(theta), rate * np.cos(theta)]))
        ys.append(np.full(n, j))
    return np.concatenate(xs).astype(dtype), np.concatenate(ys).astype(np.int64)


def spiral_cs231n(n: int, noise: float, classes: int, rng: np.random.Generator, dtype=np.float32):
    """CS231n case study: r = linspace(0, 1, N), t = linspace(4j, 4(j+1), N) + noise·randn."""
    xs, ys = [], []
    r = np.linspace(0.0, 1.0, n)
    for j in range(classes):
        t = np.linspace(j * 4.0, (j + 1) * 4.0, n) + rng.standard_normal(n) * noise
        xs.append(np.column_stack([r * np.sin(t), r * np.cos(t)]))
        ys.append(np.full(n, j))
    return np.concatenate(xs).astype(dtype), np.concatenate(ys).astype(np.int64)


def circle(n: int, noise: float, classes: int, rng: np.random.Generator, dtype=np.float32):
    """Playground's circle: class 0 inside radius 2.5, class 1 in the ring 3.5–5 (domain ±6).

    As in Playground (and :func:`xor`), a point stays where it was drawn and only
    its label is decided after the noise is added; with more than two classes,
    further rings follow outward and the noise moves the points instead.
    """
    radius = 5.0
    xs, ys = [], []
    for j in range(classes):
        if j == 0:
            lo, hi = 0.0, radius * 0.5
        else:
            lo, hi = radius * (0.7 + 0.6 * (j - 1)), radius * (1.0 + 0.6 * (j - 1))
        r = rng.uniform(lo, hi, n)
        angle = rng.uniform(0, 2 * np.pi, n)
        p = np.column_stack([r * np.sin(angle), r * np.cos(angle)])
        noisy = p + rng.uniform(-radius, radius, (n, 2)) * noise
        if classes == 2:
            label = np.where(np.hypot(noisy[:, 0], noisy[:, 1]) < radius * 0.5, 0, 1)
        else:
            p, label = noisy, np.full(n, j)
        xs.append(p)
        ys.append(label)
    return np.concatenate(xs).astype(dtype), np.concatenate(ys).astype(np.int64)


def xor(n: int, noise: float, classes: int, rng: np.random.Generator, dtype=np.float32):
    """Playground's XOR: uniform in ±5 with a 0.3 gap at the axes; class by sign of x·y."""
    total = n * 2
    p = rng.uniform(-5, 5, (total, 2))
    p += np.where(p > 0, 0.3, -0.3)
    noisy = p + rng.uniform(-5, 5, (total, 2)) * noise
    label = np.where(noisy[:, 0] * noisy[:, 1] >= 0, 0, 1)
    return p.astype(dtype), label.astype(np.int64)


def gauss(n: int, noise: float, classes: int, rng: np.random.Generator, dtype=np.float32):
    """Playground's two Gaussians at (2, 2) and (−2, −2); more classes sit on a circle.

    Noise 0 → variance 0.5, noise 0.5 → variance 4 (Playground's scale).
    """
    variance = 0.5 + noise * (4.0 - 0.5) / 0.5
    if classes == 2:
        centres = np.array([[2.0, 2.0], [-2.0, -2.0]])
    else:
        a = np.pi / 4 + 2 * np.pi * np.arange(classes) / classes
        centres = 2.0 * np.sqrt(2) * np.column_stack([np.cos(a), np.sin(a)])
    xs, ys = [], []
    for j, c in enumerate(centres):
        xs.append(c + rng.standard_normal((n, 2)) * np.sqrt(variance))
        ys.append(np.full(n, j))
    return np.concatenate(xs).astype(dtype), np.concatenate(ys).astype(np.int64)


def moons(n: int, noise: float, classes: int, rng: np.random.Generator, dtype=np.float32):
    """Two interleaving half circles (scikit-learn's ``make_moons``) with Gaussian noise."""
    t = np.linspace(0, np.pi, n)
    outer = np.column_stack([np.cos(t), np.sin(t)])
    inner = np.column_stack([1 - np.cos(t), 1 - np.sin(t) - 0.5])
    p = np.concatenate([outer, inner])
    p += rng.standard_normal(p.shape) * noise
    y = np.repeat([0, 1], n)
    return p.astype(dtype), y.astype(np.int64)


GENERATORS = {
    "spiral": spiral,
    "spiral-cs231n": spiral_cs231n,
    "circle": circle,
    "xor": xor,
    "gauss": gauss,
    "moons": moons,
}


# ---------------------------------------------------------------------- regression
# Every regression generator takes ``(samples, noise, rng)`` (samples = total points)
# and returns ``x`` (float32, (N, d)) and float32 targets ``y`` (N,).
PLAYGROUND_RADIUS = 6.0  # Playground draws regression points uniformly in ±6


def _noisy_uniform_points(n: int, noise: float, rng: np.random.Generator):
    """Playground's regression sampling: points uniform in ±6, and the points the
    target is read at, moved by ``noise`` × uniform(±6) (the points stay put)."""
    r = PLAYGROUND_RADIUS
    p = rng.uniform(-r, r, (n, 2))
    return p, p + rng.uniform(-r, r, (n, 2)) * noise


def reg_plane(n: int, noise: float, rng: np.random.Generator):
    """Playground's regressPlane: target (x₁ + x₂)/10 (domain ±10 mapped onto ±1)."""
    p, q = _noisy_uniform_points(n, noise, rng)
    y = (q[:, 0] + q[:, 1]) / 10.0
    return p.astype(np.float32), y.astype(np.float32)


REG_GAUSS_CENTRES = np.array(
    [[-4, 2.5, 1], [0, 2.5, -1], [4, 2.5, 1], [-4, -2.5, -1], [0, -2.5, 1], [4, -2.5, -1]],
    dtype=np.float64,
)
"""Playground's regressGaussian bumps: (centre x, centre y, sign)."""


def reg_gauss_target(q: np.ndarray) -> np.ndarray:
    """Playground's regressGaussian label: of the six signed bumps ``sign·clamp(1 − d/2, 0, 1)``,
    the one largest in absolute value (the first on ties, 0 far from all)."""
    label = np.zeros(len(q))
    for cx, cy, sign in REG_GAUSS_CENTRES:
        d = np.hypot(q[:, 0] - cx, q[:, 1] - cy)
        new = sign * np.clip(1.0 - d / 2.0, 0.0, 1.0)
        label = np.where(np.abs(new) > np.abs(label), new, label)
    return label


def reg_gauss(n: int, noise: float, rng: np.random.Generator):
    """Playground's regressGaussian: six ±1 bumps of radius 2 on a 3 × 2 grid, 0 between."""
    p, q = _noisy_uniform_points(n, noise, rng)
    return p.astype(np.float32), reg_gauss_target(q).astype(np.float32)


def reg_1d(n: int, noise: float, rng: np.random.Generator):
    """ConvNetJS's 1-D regression demo: x uniform in ±5, target x·sin x (+ noise·N(0, 1))."""
    x = rng.uniform(-5.0, 5.0, n)
    y = x * np.sin(x) + rng.standard_normal(n) * noise
    return x[:, None].astype(np.float32), y.astype(np.float32)


REGRESSION_GENERATORS = {"reg-plane": reg_plane, "reg-gauss": reg_gauss, "reg-1d": reg_1d}
