"""The 2-D generators reproduce the tutorials' and TensorFlow Playground's data."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz.data.synthetic import (
    GENERATORS,
    circle,
    gauss,
    moons,
    spiral,
    spiral_cs231n,
    xor,
)

TWO_CLASS_ONLY = {"xor", "moons"}


def generate(name: str, n: int = 50, noise: float = 0.1, classes: int = 3, seed: int = 0):
    k = 2 if name in TWO_CLASS_ONLY else classes
    return GENERATORS[name](n, noise, k, np.random.default_rng(seed))


@pytest.mark.parametrize("name", list(GENERATORS))
def test_shapes_dtypes_and_labels(name):
    x, y = generate(name)
    k = 2 if name in TWO_CLASS_ONLY else 3
    assert x.shape == (50 * k, 2) and x.dtype == np.float32
    assert y.shape == (50 * k,) and y.dtype == np.int64
    assert set(np.unique(y)) <= set(range(k))
    assert np.all(np.isfinite(x))


@pytest.mark.parametrize("name", list(GENERATORS))
def test_same_rng_seed_same_points_other_seed_other_points(name):
    x1, y1 = generate(name, seed=5)
    x2, y2 = generate(name, seed=5)
    x3, _ = generate(name, seed=6)
    np.testing.assert_array_equal(x1, x2)
    np.testing.assert_array_equal(y1, y2)
    assert not np.array_equal(x1, x3)


def test_spiral_is_the_dlfs2_generator():
    # dataset/spiral.py of Deep Learning from Scratch 2, one randn() per point.
    n, k = 100, 3
    rng = np.random.default_rng(1984)
    book_x = np.zeros((n * k, 2))
    book_t = np.zeros(n * k, dtype=np.int64)
    for j in range(k):
        for i in range(n):
            rate = i / n
            radius = 1.0 * rate
            theta = j * 4.0 + 4.0 * rate + rng.standard_normal() * 0.2
            book_x[n * j + i] = [radius * np.sin(theta), radius * np.cos(theta)]
            book_t[n * j + i] = j
    x, y = spiral(n, 0.2, k, np.random.default_rng(1984))
    np.testing.assert_allclose(x, book_x, rtol=1e-6, atol=1e-7)
    np.testing.assert_array_equal(y, book_t)


def test_spiral_cs231n_is_the_case_study_generator():
    # CS231n "Putting it together: Minimal Neural Network Case Study".
    n, k = 100, 3
    rng = np.random.default_rng(0)
    X = np.zeros((n * k, 2))
    Y = np.zeros(n * k, dtype=np.int64)
    for j in range(k):
        ix = range(n * j, n * (j + 1))
        r = np.linspace(0.0, 1, n)
        t = np.linspace(j * 4, (j + 1) * 4, n) + rng.standard_normal(n) * 0.2
        X[ix] = np.c_[r * np.sin(t), r * np.cos(t)]
        Y[ix] = j
    x, y = spiral_cs231n(n, 0.2, k, np.random.default_rng(0))
    np.testing.assert_allclose(x, X, rtol=1e-6, atol=1e-7)
    np.testing.assert_array_equal(y, Y)
    # The last point of each arm sits on the unit circle, the first at the origin.
    radius = np.hypot(x[:, 0], x[:, 1])
    assert radius[0] == 0 and radius[n - 1] == pytest.approx(1.0, abs=1e-6)


def test_spiral_supports_more_arms():
    x, y = spiral(20, 0.0, 5, np.random.default_rng(0))
    assert np.bincount(y).tolist() == [20] * 5


def test_circle_without_noise_is_a_disc_inside_a_ring():
    x, y = circle(500, 0.0, 2, np.random.default_rng(0))
    r = np.hypot(x[:, 0], x[:, 1])
    assert np.all(r[y == 0] <= 2.5)
    assert np.all((r[y == 1] >= 3.5 - 1e-5) & (r[y == 1] <= 5.0 + 1e-5))
    assert np.bincount(y).tolist() == [500, 500]


def test_circle_noise_flips_labels_but_keeps_points_in_their_rings():
    # Playground draws the points clean and decides only the label on a noisy copy.
    x, y = circle(500, 0.5, 2, np.random.default_rng(0))
    r = np.hypot(x[:, 0], x[:, 1])
    inner = r < 3.0  # every point is in the disc (≤ 2.5) or the ring (≥ 3.5)
    assert np.all((r <= 2.5 + 1e-5) | (r >= 3.5 - 1e-5))
    assert inner.sum() == 500
    flipped = np.mean(y != np.where(inner, 0, 1))
    assert 0.05 < flipped < 0.5


def test_circle_with_more_classes_adds_rings():
    x, y = circle(200, 0.0, 4, np.random.default_rng(0))
    r = np.hypot(x[:, 0], x[:, 1])
    means = [r[y == j].mean() for j in range(4)]
    assert means == sorted(means)
    assert np.bincount(y).tolist() == [200] * 4


def test_xor_quadrants_with_a_gap_at_the_axes():
    x, y = xor(500, 0.0, 2, np.random.default_rng(0))
    assert x.shape == (1000, 2)
    assert np.all(np.abs(x) >= 0.3 - 1e-6) and np.all(np.abs(x) <= 5.3 + 1e-6)
    np.testing.assert_array_equal(y, np.where(x[:, 0] * x[:, 1] >= 0, 0, 1))


def test_xor_noise_flips_labels_only():
    clean, _ = xor(500, 0.0, 2, np.random.default_rng(0))
    x, y = xor(500, 0.3, 2, np.random.default_rng(0))
    np.testing.assert_array_equal(x, clean)
    flipped = np.mean(y != np.where(x[:, 0] * x[:, 1] >= 0, 0, 1))
    assert 0.02 < flipped < 0.5


@pytest.mark.parametrize(("noise", "variance"), [(0.0, 0.5), (0.5, 4.0)])
def test_gauss_centres_and_playground_variance(noise, variance):
    x, y = gauss(20_000, noise, 2, np.random.default_rng(0))
    np.testing.assert_allclose(x[y == 0].mean(axis=0), [2, 2], atol=0.05)
    np.testing.assert_allclose(x[y == 1].mean(axis=0), [-2, -2], atol=0.05)
    np.testing.assert_allclose(x[y == 0].var(axis=0), variance, rtol=0.03)


def test_gauss_with_more_classes_sits_on_a_circle():
    x, y = gauss(5000, 0.0, 5, np.random.default_rng(0))
    centres = np.array([x[y == j].mean(axis=0) for j in range(5)])
    np.testing.assert_allclose(np.hypot(centres[:, 0], centres[:, 1]), 2 * np.sqrt(2), atol=0.05)


def test_moons_without_noise_are_two_half_circles():
    x, y = moons(100, 0.0, 2, np.random.default_rng(0))
    outer, inner = x[y == 0], x[y == 1]
    np.testing.assert_allclose(np.hypot(outer[:, 0], outer[:, 1]), 1, atol=1e-6)
    assert np.all(outer[:, 1] >= -1e-6)
    np.testing.assert_allclose(np.hypot(inner[:, 0] - 1, inner[:, 1] - 0.5), 1, atol=1e-6)
    assert np.all(inner[:, 1] <= 0.5 + 1e-6)
