"""Reading image files as grey-level arrays (QtGui's decoders; no window or app needed)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from nnviz.errors import DataError


def read_grayscale(path: str | Path) -> np.ndarray:
    """Read a PNG/JPEG/BMP/… file as float32 grey levels in [0, 1], shape (height, width).

    Transparent pixels count as white paper, so a dark digit on a transparent
    background reads like one on white.
    """
    from PySide6.QtGui import QColor, QImage, QPainter

    path = Path(path)
    if not path.is_file():
        raise DataError(f"The image {path} does not exist or is not a file.")
    img = QImage(str(path))
    if img.isNull():
        raise DataError(f"{path.name} is not an image nnviz can read (PNG, JPEG, BMP…).")
    if img.width() * img.height() > 50_000_000:
        raise DataError(f"{path.name} is too large ({img.width()}×{img.height()} pixels).")
    if img.hasAlphaChannel():
        flat = QImage(img.size(), QImage.Format.Format_RGB32)
        flat.fill(QColor("white"))
        painter = QPainter(flat)
        painter.drawImage(0, 0, img)
        painter.end()
        img = flat
    gray = img.convertToFormat(QImage.Format.Format_Grayscale8)
    h, w, stride = gray.height(), gray.width(), gray.bytesPerLine()
    buf = np.frombuffer(gray.constBits(), dtype=np.uint8, count=stride * h)
    return buf.reshape(h, stride)[:, :w].astype(np.float32) / 255.0
