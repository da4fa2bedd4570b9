"""Digit preprocessing (MNIST's crop, 20-pixel box, centre of mass) and digit augmentation."""

from __future__ import annotations

import subprocess
import sys
import time

import numpy as np
import pytest

from nnviz.data.digits import (
    BOX,
    CENTRE,
    augment_digits,
    centre_of_mass,
    preprocess_digit,
    resample_matrix,
)
from nnviz.errors import DataError


# ---------------------------------------------------------------------- drawing helpers
def draw(
    shape: tuple[int, int], strokes: list[list[tuple[float, float]]], width: float
) -> np.ndarray:
    """A canvas with anti-aliased polyline strokes (points as (row, col)), bright on dark."""
    h, w = shape
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float64)
    dist = np.full(shape, np.inf)
    for line in strokes:
        for (y0, x0), (y1, x1) in zip(line[:-1], line[1:], strict=True):
            dy, dx = y1 - y0, x1 - x0
            t = ((yy - y0) * dy + (xx - x0) * dx) / max(dy * dy + dx * dx, 1e-12)
            t = np.clip(t, 0.0, 1.0)
            dist = np.minimum(dist, np.hypot(yy - (y0 + t * dy), xx - (x0 + t * dx)))
    return np.clip(width / 2 + 0.5 - dist, 0.0, 1.0)


def seven(top: float, left: float, size: float) -> list[list[tuple[float, float]]]:
    """A '7' whose bounding box starts at (top, left), ``size`` tall and 0.6·size wide."""
    return [[(top, left), (top, left + 0.6 * size), (top + size, left + 0.2 * size)]]


def ink_box(img: np.ndarray, level: float = 0.0) -> tuple[int, int]:
    """Height and width of the bounding box of pixels above ``level``."""
    rows = np.flatnonzero((img > level).any(axis=1))
    cols = np.flatnonzero((img > level).any(axis=0))
    return rows[-1] - rows[0] + 1, cols[-1] - cols[0] + 1


CANVAS = (280, 280)

DRAWINGS = {
    "centred": (CANVAS, seven(60, 90, 160), 18),
    "top-left corner": (CANVAS, seven(2, 2, 90), 12),
    "bottom-right corner": (CANVAS, seven(180, 210, 96), 12),
    "off-centre": (CANVAS, [[(40, 200), (120, 200)], [(40, 170), (40, 230)]], 10),
    "tiny": (CANVAS, seven(130, 130, 6), 2),
    "huge": (CANVAS, seven(0, 50, 279), 30),
    "wide": (CANVAS, [[(140, 10), (150, 270)]], 14),
    "tall": (CANVAS, [[(5, 140), (275, 146)]], 14),
    "zero": (CANVAS, [[(140 + 90 * np.sin(a), 140 + 60 * np.cos(a)) for a in np.linspace(0, 6.3, 60)]], 16),
    "small canvas": ((28, 28), seven(4, 8, 18), 2),
    "rectangular canvas": ((120, 400), seven(10, 300, 90), 8),
}  # fmt: skip


# ---------------------------------------------------------------------- preprocessing
@pytest.mark.parametrize("name", list(DRAWINGS))
def test_drawn_digit_is_mnist_style(name: str) -> None:
    shape, strokes, width = DRAWINGS[name]
    out = preprocess_digit(draw(shape, strokes, width))
    assert out is not None
    assert out.shape == (28, 28)
    assert out.dtype == np.float32
    assert out.min() >= 0.0 and out.max() <= 1.0
    cy, cx = centre_of_mass(out)
    assert abs(cy - CENTRE) <= 1.0 and abs(cx - CENTRE) <= 1.0, (cy, cx)
    h, w = ink_box(out)
    assert BOX - 1 <= max(h, w) <= BOX + 1, (h, w)
    assert out.max() > 0.5  # the strokes keep their strength


def test_aspect_ratio_is_kept() -> None:
    # An upright stroke 4× taller than wide stays about 4× taller than wide.
    img = np.zeros((200, 200))
    img[20:180, 80:120] = 1.0
    out = preprocess_digit(img)
    h, w = ink_box(out, 0.5)
    assert h == BOX
    assert 4 <= w <= 6


def test_same_digit_anywhere_gives_the_same_image() -> None:
    a = preprocess_digit(draw(CANVAS, seven(20, 20, 120), 12))
    b = preprocess_digit(draw(CANVAS, seven(140, 150, 120), 12))
    assert np.abs(a - b).max() < 0.05


def test_input_is_not_modified() -> None:
    img = draw(CANVAS, seven(60, 90, 160), 18)
    before = img.copy()
    preprocess_digit(img, invert="auto")
    assert np.array_equal(img, before)


@pytest.mark.parametrize(
    "img",
    [
        np.zeros((280, 280)),
        np.full((280, 280), 0.03),  # faint noise under the threshold
        np.random.default_rng(0).uniform(0, 0.05, (100, 100)),
        np.zeros((1, 1)),
        np.pad(np.full((1, 1), 0.04), 10),  # one pixel just under the threshold
    ],
    ids=["black", "grey", "noise", "one-pixel", "faint-dot"],
)
def test_empty_canvas_gives_none(img: np.ndarray) -> None:
    assert preprocess_digit(img) is None
    assert preprocess_digit(img, invert="auto") is None


@pytest.mark.parametrize("invert", [True, "auto"])
def test_blank_paper_gives_none(invert) -> None:
    assert preprocess_digit(np.ones((200, 150)), invert=invert) is None
    assert preprocess_digit(np.full((50, 50), 0.97), invert=invert) is None


def test_single_dot_does_not_crash() -> None:
    img = np.zeros((100, 100))
    img[50, 70] = 1.0
    out = preprocess_digit(img)
    assert out.shape == (28, 28) and out.dtype == np.float32
    assert abs(centre_of_mass(out)[0] - CENTRE) <= 1


def test_auto_invert_reads_dark_ink_on_paper() -> None:
    ink = draw(CANVAS, seven(60, 90, 160), 18)
    bright = preprocess_digit(ink)
    assert np.abs(preprocess_digit(1 - ink, invert="auto") - bright).max() < 1e-5
    assert np.abs(preprocess_digit(1 - ink, invert=True) - bright).max() < 1e-5
    assert np.abs(preprocess_digit(ink, invert="auto") - bright).max() < 1e-5


def test_grey_paper_and_faint_ink_are_normalised() -> None:
    # A photo: light grey paper (0.85), darker grey pencil (0.35).
    ink = draw(CANVAS, seven(60, 90, 160), 18)
    photo = 0.85 - 0.5 * ink
    out = preprocess_digit(photo, invert="auto")
    reference = preprocess_digit(ink)
    assert out.max() == pytest.approx(1.0, abs=1e-6)
    assert np.abs(out - reference).mean() < 0.01


@pytest.mark.parametrize(
    "bad", [np.zeros(10), np.zeros((2, 3, 4)), np.zeros((0, 5)), np.full((5, 5), np.nan)]
)
def test_bad_arrays_raise_data_error(bad: np.ndarray) -> None:
    with pytest.raises(DataError):
        preprocess_digit(bad)


def test_bad_invert_value_raises() -> None:
    with pytest.raises(DataError):
        preprocess_digit(np.zeros((5, 5)), invert="yes")


@pytest.mark.parametrize(("n_in", "n_out"), [(100, 20), (21, 20), (20, 20), (3, 20), (1, 20)])
def test_resample_matrix_keeps_a_constant_image_constant(n_in: int, n_out: int) -> None:
    m = resample_matrix(n_in, n_out)
    assert m.shape == (n_out, n_in)
    assert np.allclose(m.sum(axis=1), 1.0)
    assert (m >= 0).all()


def test_shrinking_averages_the_covered_area() -> None:
    signal = np.arange(10, dtype=float)
    assert np.allclose(resample_matrix(10, 5) @ signal, [0.5, 2.5, 4.5, 6.5, 8.5])
    assert np.allclose(resample_matrix(20, 20), np.eye(20))


def test_centre_of_mass() -> None:
    img = np.zeros((28, 28))
    img[3, 5] = 1.0
    img[7, 9] = 3.0
    assert centre_of_mass(img) == pytest.approx((6.0, 8.0))
    assert centre_of_mass(np.zeros((28, 28))) == (13.5, 13.5)


# ---------------------------------------------------------------------- real MNIST
def _heldout(mnist10k):
    from nnviz.data.datasets import load_dataset

    return load_dataset("mnist", data_dir=mnist10k).split("test")


def _repreprocess(x: np.ndarray) -> np.ndarray:
    return np.stack([preprocess_digit(d.reshape(28, 28) / 255.0).ravel() for d in x])


def test_mnist_digits_stay_the_same(mnist10k) -> None:
    x, _ = _heldout(mnist10k)
    x = x[:300]
    again = _repreprocess(x)
    diff = np.abs(again - x.astype(np.float32) / 255).mean(axis=1)
    assert diff.mean() < 0.005
    assert np.median(diff) < 0.002


def test_model_reads_repreprocessed_mnist_the_same(mnist10k) -> None:
    from nnviz.core.modelio import load_builtin

    x, y = _heldout(mnist10k)
    net = load_builtin("digits").network
    original = net.predict(x)
    again = net.predict(_repreprocess(x))
    assert (original == again).mean() >= 0.95
    assert (again == y).mean() >= 0.95


# ---------------------------------------------------------------------- augmentation
@pytest.fixture(scope="module")
def digits_u8() -> np.ndarray:
    """A few hundred synthetic MNIST-style digits as uint8 (n, 784)."""
    rng = np.random.default_rng(1)
    out = []
    for _ in range(200):
        top, left = rng.uniform(0, 100, 2)
        size = rng.uniform(60, 170)
        img = preprocess_digit(draw(CANVAS, seven(top, left, size), rng.uniform(6, 20)))
        out.append(np.rint(img * 255).astype(np.uint8).ravel())
    return np.stack(out)


def test_augment_keeps_shape_and_dtype(digits_u8) -> None:
    rng = np.random.default_rng(0)
    out = augment_digits(digits_u8, rng)
    assert out.shape == digits_u8.shape and out.dtype == np.uint8
    square = augment_digits(digits_u8.reshape(-1, 28, 28), rng)
    assert square.shape == (len(digits_u8), 28, 28) and square.dtype == np.uint8
    assert augment_digits(digits_u8[:0], rng).shape == (0, 784)


def test_augment_is_deterministic_per_seed(digits_u8) -> None:
    a = augment_digits(digits_u8, np.random.default_rng(7))
    b = augment_digits(digits_u8, np.random.default_rng(7))
    c = augment_digits(digits_u8, np.random.default_rng(8))
    assert np.array_equal(a, b)
    assert not np.array_equal(a, c)


def test_augment_changes_images_but_not_the_input(digits_u8) -> None:
    before = digits_u8.copy()
    out = augment_digits(digits_u8, np.random.default_rng(0))
    assert np.array_equal(digits_u8, before)
    changed = (out != digits_u8).any(axis=1)
    assert changed.mean() > 0.95
    # Still digits: roughly the same amount of ink, nothing wiped out.
    ink_ratio = out.sum(axis=1, dtype=float) / digits_u8.sum(axis=1, dtype=float)
    assert (ink_ratio > 0.3).all()
    assert 0.8 < np.median(ink_ratio) < 1.3


def test_augment_without_warps_or_thickness_is_identity(digits_u8) -> None:
    out = augment_digits(
        digits_u8,
        np.random.default_rng(0),
        max_shift=0,
        max_rotate_deg=0,
        scale_range=(1, 1),
        thickness=False,
    )
    assert np.array_equal(out, digits_u8)


def test_augment_keeps_the_centre_of_mass_near_the_centre(digits_u8) -> None:
    out = augment_digits(digits_u8, np.random.default_rng(0))
    coms = np.array([centre_of_mass(d.reshape(28, 28)) for d in out])
    assert np.abs(coms.mean(axis=0) - CENTRE).max() < 0.5
    assert np.abs(coms - CENTRE).max() < 4.5


def test_thickness_changes_stroke_width(digits_u8) -> None:
    still = {"max_shift": 0, "max_rotate_deg": 0, "scale_range": (1, 1)}
    out = augment_digits(digits_u8, np.random.default_rng(0), thickness_fraction=1.0, **still)
    ink_before = (digits_u8 > 127).sum(axis=1)
    ink_after = (out > 127).sum(axis=1)
    assert (ink_after > ink_before).any() and (ink_after < ink_before).any()
    assert (out.sum(axis=1) > 0).all()


def test_augment_is_fast() -> None:
    rng = np.random.default_rng(0)
    digits = rng.integers(0, 256, (8000, 784), dtype=np.uint8)
    best = min(_timed(lambda: augment_digits(digits, rng)) for _ in range(3))
    assert best < 2.0, f"augmenting 8,000 digits took {best:.2f} s"


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


@pytest.mark.parametrize(
    ("images", "kwargs"),
    [
        (np.zeros((3, 784), dtype=np.float32), {}),
        (np.zeros((3, 783), dtype=np.uint8), {}),
        (np.zeros((3, 784), dtype=np.uint8), {"scale_range": (0, 1)}),
        (np.zeros((3, 784), dtype=np.uint8), {"max_shift": -1}),
        (np.zeros((3, 784), dtype=np.uint8), {"thickness_fraction": 2}),
    ],
)
def test_augment_rejects_bad_input(images, kwargs) -> None:
    with pytest.raises(DataError):
        augment_digits(images, np.random.default_rng(0), **kwargs)


def test_digits_module_imports_no_qt() -> None:
    code = (
        "import sys, nnviz.data.digits; "
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'pyqtgraph'))]; "
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
