"""The app icon: on the window at every shipped size, and the PNGs match their SVGs."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication, QImage

from nnviz.desktop import APP_ID, ICON_SIZES, icon_png

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "render_icons.py"


def rgba(image: QImage) -> np.ndarray:
    """An image's pixels as a (height, width, 4) uint8 array (a copy)."""
    image = image.convertToFormat(QImage.Format.Format_RGBA8888)
    buf = np.frombuffer(image.constBits(), np.uint8, image.sizeInBytes())
    return (
        buf.reshape(image.height(), image.bytesPerLine())[:, : image.width() * 4]
        .reshape(image.height(), image.width(), 4)
        .copy()
    )


@pytest.fixture(scope="module")
def render_icons():
    """scripts/render_icons.py as a module."""
    spec = importlib.util.spec_from_file_location("render_icons", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_window_icon_has_every_size_and_the_desktop_name(qapp):
    icon = qapp.windowIcon()
    assert sorted(icon.availableSizes(), key=QSize.width) == [QSize(s, s) for s in ICON_SIZES]
    assert QGuiApplication.desktopFileName() == APP_ID


def test_small_icon_shows_the_hidden_neuron_in_the_middle(qapp):
    # 16 px is the hand-tuned drawing: a sky-blue neuron at the centre of a dark tile.
    pixels = rgba(qapp.windowIcon().pixmap(16).toImage())
    r, g, b, a = (int(v) for v in pixels[8, 8])
    assert a == 255 and b > 200 and b > r + 60
    assert pixels[0, 0, 3] == 0  # rounded corners are transparent
    assert pixels[8, 1, :3].max() < 80  # the tile is dark


@pytest.mark.parametrize("size", ICON_SIZES)
def test_committed_png_matches_its_svg(qapp, render_icons, size):
    source = render_icons.SMALL.get(size, render_icons.ICONS / f"{APP_ID}.svg")
    fresh = QImage.fromData(render_icons.render_png(source, size))
    shipped = QImage.fromData(icon_png(size).read_bytes())
    diff = np.abs(rgba(fresh).astype(int) - rgba(shipped).astype(int))
    # Anti-aliasing may differ by a level or two between Qt versions, nothing more.
    assert diff.mean() < 1.0, (
        f"run scripts/render_icons.py ({size} px differs by {diff.mean():.2f})"
    )
