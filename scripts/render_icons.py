"""Render resources/icons/nnviz.svg to the PNG sizes the app and the desktop launcher use.

The 16 px render comes from ``nnviz-small.svg``, a simplified drawing made for that size.

    python scripts/render_icons.py            # write resources/icons/nnviz-<size>.png
    python scripts/render_icons.py --check    # exit 1 if a PNG is missing or out of date

Qt's own SVG renderer (QtSvg, part of PySide6-Essentials) draws each size, so the PNGs
match what the window shows from the SVG.  Renders are deterministic, hence committed.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from nnviz.desktop import APP_ID, ICON_SIZES  # noqa: E402

ICONS = REPO / "resources" / "icons"
#: Sizes drawn from a hand-tuned SVG instead of the full one.
SMALL = {16: ICONS / f"{APP_ID}-small.svg"}


def render_png(svg: Path, size: int) -> bytes:
    """``svg`` drawn on a transparent ``size``×``size`` image, as PNG bytes."""
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if a PNG is out of date")
    args = parser.parse_args(argv)
    _app = QGuiApplication.instance() or QGuiApplication([])  # QPainter needs one
    stale = []
    for size in ICON_SIZES:
        png = ICONS / f"{APP_ID}-{size}.png"
        data = render_png(SMALL.get(size, ICONS / f"{APP_ID}.svg"), size)
        if png.is_file() and png.read_bytes() == data:
            continue
        stale.append(png)
        if not args.check:
            png.write_bytes(data)
            print(f"wrote {png.relative_to(REPO)} ({len(data):,} bytes)")
    if args.check and stale:
        print("out of date: " + ", ".join(str(p.relative_to(REPO)) for p in stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
