"""Colour maps shared by the worker (which renders) and the views (which draw)."""

from __future__ import annotations

import numpy as np

POSITIVE_RGB = (0, 114, 178)  # blue (Okabe–Ito)
NEGATIVE_RGB = (213, 94, 0)  # vermillion (Okabe–Ito)


def diverging_colorize(values: np.ndarray, scale: float | None = None) -> np.ndarray:
    """RGB uint8 of values around 0: vermillion (−) → white (0) → blue (+).

    ``scale`` maps to full colour (default: the largest |value|).  Used for
    neuron activation maps and weights, so both read the same way.
    """
    v = np.asarray(values, dtype=np.float32)
    if scale is None:
        scale = float(np.max(np.abs(v))) if v.size else 1.0
    t = np.clip(v / (scale or 1.0), -1, 1)[..., None]
    white = np.float32(255)
    pos = np.asarray(POSITIVE_RGB, np.float32)
    neg = np.asarray(NEGATIVE_RGB, np.float32)
    rgb = np.where(t >= 0, white + (pos - white) * t, white + (neg - white) * (-t))
    return np.ascontiguousarray(rgb.astype(np.uint8))
