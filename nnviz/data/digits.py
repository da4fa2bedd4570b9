"""Digit preprocessing (an image → an MNIST-style 28×28 digit) and digit augmentation.

MNIST digits were made by scaling each digit to fit a 20×20 box (aspect ratio
kept, anti-aliased) and pasting it into 28×28 so that its centre of mass lands
on pixel (14, 14).  :func:`preprocess_digit` repeats exactly those steps for a
drawn or photographed digit; :func:`augment_digits` makes the random variations
(small shifts, rotations, size and stroke-width changes) a model must tolerate
to read such digits.  NumPy only.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from nnviz.errors import DataError

SIZE = 28
"""Side of an MNIST image."""
BOX = 20
"""Side of the box the longer side of a digit is scaled to."""
CENTRE = 14.0
"""Row and column (pixel index) where MNIST puts a digit's centre of mass."""

_AUGMENT_CHUNK = 2048  # digits warped at once: bounds the temporary (chunk, 784) arrays


# ---------------------------------------------------------------------- preprocessing
def centre_of_mass(img: np.ndarray) -> tuple[float, float]:
    """Intensity-weighted ``(row, column)`` of a 2-D image, in pixel-index coordinates.

    An image with no mass gives its geometric centre.
    """
    img = np.asarray(img, dtype=np.float64)
    if img.ndim != 2:
        raise DataError(f"Expected a 2-D image, got an array of shape {img.shape}.")
    total = img.sum()
    h, w = img.shape
    if not total > 0:
        return (h - 1) / 2, (w - 1) / 2
    rows = img.sum(axis=1) @ np.arange(h) / total
    cols = img.sum(axis=0) @ np.arange(w) / total
    return float(rows), float(cols)


def resample_matrix(n_in: int, n_out: int) -> np.ndarray:
    """An ``(n_out, n_in)`` matrix resampling a 1-D signal of ``n_in`` pixels to ``n_out``.

    Shrinking integrates: each output pixel is the mean of the input area it
    covers (a box filter, so no aliasing).  Enlarging interpolates linearly
    between input pixel centres, which keeps a tiny drawing smooth.
    """
    if n_out <= n_in:
        step = n_in / n_out
        lo = np.arange(n_out)[:, None] * step
        j = np.arange(n_in)[None, :]
        overlap = np.minimum(j + 1, lo + step) - np.maximum(j, lo)
        return np.clip(overlap, 0.0, None) / step
    pos = np.clip((np.arange(n_out) + 0.5) * (n_in / n_out) - 0.5, 0.0, n_in - 1)
    j0 = np.minimum(np.floor(pos).astype(np.intp), n_in - 1)
    j1 = np.minimum(j0 + 1, n_in - 1)
    frac = pos - j0
    m = np.zeros((n_out, n_in))
    rows = np.arange(n_out)
    np.add.at(m, (rows, j0), 1.0 - frac)
    np.add.at(m, (rows, j1), frac)
    return m


def _border(img: np.ndarray) -> np.ndarray:
    """The outermost ring of pixels of a 2-D image."""
    return np.concatenate([img[0], img[-1], img[:, 0], img[:, -1]])


def preprocess_digit(
    gray: np.ndarray,
    invert: bool | Literal["auto"] = False,
    threshold: float = 0.05,
) -> np.ndarray | None:
    """Turn a grey image of one digit into an MNIST-style 28×28 digit.

    The steps are MNIST's own: crop to the ink, scale so the longer side is
    20 pixels (aspect ratio kept, box-filter anti-aliasing), and paste into
    28×28 so the centre of mass lands on pixel (14, 14).

    Parameters
    ----------
    gray
        Grey levels in [0, 1], shape ``(height, width)``; bright ink on a dark
        background unless ``invert`` says otherwise.
    invert
        ``True`` for dark ink on light paper, ``"auto"`` to decide from the
        image border (a bright border means paper).
    threshold
        Pixels at or below this level (after inversion and removing the paper
        level) are background.

    Returns
    -------
    numpy.ndarray or None
        A float32 ``(28, 28)`` image in [0, 1], bright on dark, or ``None``
        when no pixel rises above ``threshold`` (a blank image).

    Raises
    ------
    DataError
        When ``gray`` is not a 2-D array of finite numbers.
    """
    img = np.asarray(gray, dtype=np.float64)
    if img.ndim != 2 or img.size == 0:
        raise DataError(f"Expected a 2-D grey image, got an array of shape {img.shape}.")
    if not np.all(np.isfinite(img)):
        raise DataError("The image contains NaN or infinite values.")
    if invert not in (True, False, "auto"):
        raise DataError(f"invert must be True, False or 'auto', not {invert!r}.")
    img = np.clip(img, 0.0, 1.0)
    if invert == "auto":
        invert = bool(np.median(_border(img)) > 0.5)
    if invert:
        img = 1.0 - img
    # Paper is rarely pure black after inversion (a photo, a scan): take its
    # level off so that only the ink remains.
    paper = float(np.median(_border(img)))
    if 0.0 < paper < 0.5:
        img = np.clip((img - paper) / (1.0 - paper), 0.0, 1.0)
    ink = img > threshold
    if not ink.any():
        return None
    img = np.where(ink, img, 0.0)
    rows = np.flatnonzero(ink.any(axis=1))
    cols = np.flatnonzero(ink.any(axis=0))
    img = img[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
    img = img / img.max()  # faint pencil reads like MNIST's full-strength strokes

    h, w = img.shape
    scale = BOX / max(h, w)
    out_h = min(BOX, max(1, int(round(h * scale))))
    out_w = min(BOX, max(1, int(round(w * scale))))
    small = resample_matrix(h, out_h) @ img @ resample_matrix(w, out_w).T

    cy, cx = centre_of_mass(small)
    top = int(np.floor(CENTRE - cy + 0.5))
    left = int(np.floor(CENTRE - cx + 0.5))
    out = np.zeros((SIZE, SIZE), dtype=np.float32)
    # Paste with clipping: only a very lopsided digit reaches past the edge.
    y0, x0 = max(top, 0), max(left, 0)
    y1, x1 = min(top + out_h, SIZE), min(left + out_w, SIZE)
    out[y0:y1, x0:x1] = small[y0 - top : y1 - top, x0 - left : x1 - left]
    np.clip(out, 0.0, 1.0, out=out)
    return out


# ---------------------------------------------------------------------- augmentation
def _filter3x3(images: np.ndarray, op) -> np.ndarray:
    """3×3 cross-shaped max or min filter (``op`` = ``np.maximum``/``np.minimum``) of (n, h, w).

    The cross (a pixel and its four neighbours) changes a stroke by about one
    pixel in width; the full 3×3 square turns thick MNIST digits into blobs.
    """
    fill = 0 if op is np.maximum else 255
    p = np.pad(images, ((0, 0), (1, 1), (1, 1)), constant_values=fill)
    centre = p[:, 1:-1, 1:-1]
    out = op(centre, p[:, :-2, 1:-1])
    op(out, p[:, 2:, 1:-1], out=out)
    op(out, p[:, 1:-1, :-2], out=out)
    op(out, p[:, 1:-1, 2:], out=out)
    return out


def _warp(images: np.ndarray, rng: np.random.Generator, max_shift, max_rotate_deg, scale_range):
    """Random affine warps of (n, 28, 28) uint8 images by inverse-mapping bilinear sampling."""
    n = len(images)
    theta = np.deg2rad(rng.uniform(-max_rotate_deg, max_rotate_deg, n))
    scale = rng.uniform(scale_range[0], scale_range[1], n)
    shift = rng.uniform(-max_shift, max_shift, (n, 2))
    # Each output pixel p reads the source at c + R(-θ)(p - c - shift)/s: rotation
    # and scaling about the MNIST centre of mass, so the digit stays centred.
    cos, sin = np.cos(theta) / scale, np.sin(theta) / scale
    yy, xx = np.mgrid[0:SIZE, 0:SIZE].reshape(2, 1, -1).astype(np.float64) - CENTRE
    dy = yy - shift[:, :1]
    dx = xx - shift[:, 1:]
    src_y = CENTRE + cos[:, None] * dy - sin[:, None] * dx
    src_x = CENTRE + sin[:, None] * dy + cos[:, None] * dx
    # Pad with two rows/columns of zeros so every neighbour of a clipped
    # coordinate exists and reads background.
    pad = 2
    side = SIZE + 2 * pad
    padded = np.zeros((n, side, side), dtype=np.float32)
    padded[:, pad:-pad, pad:-pad] = images
    padded = padded.reshape(n, -1)
    np.clip(src_y, -1.0, SIZE, out=src_y)
    np.clip(src_x, -1.0, SIZE, out=src_x)
    y0 = np.floor(src_y)
    x0 = np.floor(src_x)
    wy = (src_y - y0).astype(np.float32)
    wx = (src_x - x0).astype(np.float32)
    i00 = (y0.astype(np.intp) + pad) * side + (x0.astype(np.intp) + pad)

    a00, a01, a10, a11 = (
        np.take_along_axis(padded, i00 + offset, axis=1) for offset in (0, 1, side, side + 1)
    )
    top = a00 + wx * (a01 - a00)
    bottom = a10 + wx * (a11 - a10)
    out = top + wy * (bottom - top)
    return np.clip(np.rint(out), 0, 255).astype(np.uint8).reshape(n, SIZE, SIZE)


def augment_digits(
    images: np.ndarray,
    rng: np.random.Generator,
    *,
    max_shift: float = 2.0,
    max_rotate_deg: float = 15.0,
    scale_range: tuple[float, float] = (0.85, 1.15),
    thickness: bool = True,
    thickness_fraction: float = 0.3,
) -> np.ndarray:
    """Randomly warped copies of MNIST-style digits, for training a model on drawn input.

    Every digit gets its own random affine warp (shift up to ``max_shift``
    pixels per axis, rotation up to ``max_rotate_deg`` degrees, scaling within
    ``scale_range``), sampled bilinearly.  With ``thickness``, a random
    ``thickness_fraction`` of the digits first has its strokes thickened (3×3
    max filter) or thinned (3×3 min filter, half as often), as pens differ.

    Parameters
    ----------
    images
        uint8 digits, shape ``(n, 784)`` (or ``(n, 28, 28)``), bright on dark.
    rng
        The source of randomness; the same seed gives the same digits.

    Returns
    -------
    numpy.ndarray
        A new uint8 array shaped like ``images``; the input is not modified.
    """
    images = np.asarray(images)
    if images.dtype != np.uint8:
        raise DataError(f"augment_digits expects uint8 digits, got {images.dtype}.")
    if images.size % (SIZE * SIZE) or (images.ndim not in (2, 3)):
        raise DataError(f"Expected (n, 784) or (n, 28, 28) digits, got shape {images.shape}.")
    lo, hi = scale_range
    if not (0 < lo <= hi) or max_shift < 0 or max_rotate_deg < 0:
        raise DataError("Augmentation needs 0 < scale_range[0] ≤ scale_range[1] and limits ≥ 0.")
    if not 0.0 <= thickness_fraction <= 1.0:
        raise DataError("thickness_fraction must be between 0 and 1.")
    digits = images.reshape(-1, SIZE, SIZE)
    n = len(digits)
    if thickness and thickness_fraction > 0 and n:
        u = rng.random(n)
        thick = u < thickness_fraction * 2 / 3
        thin = (u >= thickness_fraction * 2 / 3) & (u < thickness_fraction)
        digits = digits.copy()
        if thick.any():
            digits[thick] = _filter3x3(digits[thick], np.maximum)
        if thin.any():
            # Plain erosion wipes out MNIST's thinnest strokes; keep the rest of
            # the stroke at half strength so no part of the digit disappears.
            eroded = _filter3x3(digits[thin], np.minimum)
            digits[thin] = np.maximum(eroded, digits[thin] // 2)
    out = np.empty((n, SIZE, SIZE), dtype=np.uint8)
    for i in range(0, n, _AUGMENT_CHUNK):
        out[i : i + _AUGMENT_CHUNK] = _warp(
            digits[i : i + _AUGMENT_CHUNK], rng, max_shift, max_rotate_deg, (lo, hi)
        )
    return out.reshape(images.shape)
