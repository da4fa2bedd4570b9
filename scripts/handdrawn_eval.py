"""Read hand-drawn digits through the real canvas on a real X server, with both readers.

Strokes are drawn with the X server's own pointer (``xdotool``: button down, a path of
motions, button up) onto the *Draw a digit* canvas of a running window, so each digit
goes through the same events, stroke rendering and preprocessing as a user's mouse.
The strokes are written styles of each digit (two or three per class: a 1 with or
without a flag, a 4 open or closed, a 7 with or without a bar, …), each drawn several
times under a random slant, rotation, size and position (seeded). Every digit is read
by the built-in fully connected model and by the built-in convnet.

    Xvfb :99 -screen 0 1400x900x24 &
    DISPLAY=:99 python scripts/handdrawn_eval.py --per-style 3 --json runs.json --sheet s.png
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

# Each digit: styles; each style: strokes; each stroke: control points in a unit square
# (x to the right, y downwards), smoothed by a Catmull–Rom spline.
STYLES: dict[int, list[list[list[tuple[float, float]]]]] = {
    0: [
        [[(0.5, 0.1), (0.28, 0.25), (0.24, 0.55), (0.35, 0.85), (0.6, 0.88), (0.74, 0.6),
          (0.72, 0.28), (0.55, 0.1), (0.45, 0.13)]],
        [[(0.55, 0.12), (0.32, 0.2), (0.25, 0.5), (0.32, 0.82), (0.55, 0.9), (0.72, 0.7),
          (0.75, 0.38), (0.62, 0.15), (0.5, 0.12)]],
    ],
    1: [
        [[(0.5, 0.1), (0.5, 0.9)]],
        [[(0.35, 0.28), (0.55, 0.1), (0.53, 0.9)]],
        [[(0.38, 0.25), (0.52, 0.1), (0.52, 0.88)], [(0.35, 0.9), (0.68, 0.9)]],
    ],
    2: [
        [[(0.26, 0.3), (0.4, 0.13), (0.6, 0.12), (0.74, 0.28), (0.65, 0.5), (0.25, 0.88),
          (0.8, 0.88)]],
        [[(0.28, 0.25), (0.5, 0.1), (0.72, 0.25), (0.6, 0.5), (0.3, 0.85), (0.45, 0.8),
          (0.78, 0.86)]],
    ],
    3: [
        [[(0.28, 0.17), (0.55, 0.1), (0.72, 0.25), (0.48, 0.47), (0.74, 0.65), (0.6, 0.88),
          (0.27, 0.84)]],
        [[(0.3, 0.12), (0.72, 0.12), (0.45, 0.45), (0.72, 0.6), (0.66, 0.86), (0.3, 0.86)]],
    ],
    4: [
        [[(0.6, 0.1), (0.22, 0.62), (0.8, 0.62)], [(0.62, 0.35), (0.62, 0.92)]],
        [[(0.28, 0.1), (0.26, 0.55), (0.74, 0.55)], [(0.7, 0.1), (0.7, 0.92)]],
    ],
    5: [
        [[(0.72, 0.12), (0.32, 0.12), (0.29, 0.45), (0.55, 0.4), (0.74, 0.6), (0.62, 0.86),
          (0.26, 0.84)]],
        [[(0.33, 0.12), (0.3, 0.45), (0.56, 0.4), (0.74, 0.62), (0.6, 0.87), (0.27, 0.84)],
         [(0.33, 0.12), (0.74, 0.12)]],
    ],
    6: [
        [[(0.66, 0.1), (0.38, 0.35), (0.28, 0.65), (0.42, 0.9), (0.68, 0.82), (0.7, 0.58),
          (0.48, 0.5), (0.3, 0.66)]],
        [[(0.6, 0.1), (0.35, 0.45), (0.3, 0.75), (0.5, 0.9), (0.7, 0.75), (0.6, 0.55),
          (0.35, 0.62)]],
    ],
    7: [
        [[(0.22, 0.13), (0.78, 0.13), (0.42, 0.9)]],
        [[(0.22, 0.15), (0.78, 0.13), (0.5, 0.55), (0.42, 0.9)], [(0.36, 0.5), (0.7, 0.5)]],
    ],
    8: [
        [[(0.7, 0.2), (0.5, 0.1), (0.3, 0.22), (0.5, 0.46), (0.72, 0.68), (0.5, 0.9),
          (0.28, 0.68), (0.5, 0.46), (0.7, 0.22)]],
        [[(0.5, 0.47), (0.32, 0.3), (0.5, 0.1), (0.68, 0.3), (0.5, 0.47), (0.28, 0.7),
          (0.5, 0.9), (0.72, 0.7), (0.5, 0.47)]],
    ],
    9: [
        [[(0.7, 0.3), (0.5, 0.12), (0.3, 0.3), (0.48, 0.5), (0.7, 0.32), (0.66, 0.9)]],
        [[(0.7, 0.28), (0.55, 0.1), (0.32, 0.2), (0.35, 0.45), (0.6, 0.45), (0.7, 0.28),
          (0.62, 0.6), (0.5, 0.9)]],
    ],
}  # fmt: skip


def spline(points: list[tuple[float, float]], per_unit: int = 60) -> np.ndarray:
    """A Catmull–Rom curve through ``points``, sampled about ``per_unit`` times per unit."""
    p = np.asarray(points, dtype=float)
    if len(p) == 2:
        n = max(2, int(np.linalg.norm(p[1] - p[0]) * per_unit))
        return np.linspace(p[0], p[1], n)
    ext = np.vstack([p[0], p, p[-1]])
    out = []
    for i in range(1, len(ext) - 2):
        p0, p1, p2, p3 = ext[i - 1], ext[i], ext[i + 1], ext[i + 2]
        n = max(2, int(np.linalg.norm(p2 - p1) * per_unit))
        for t in np.linspace(0, 1, n, endpoint=False):
            t2, t3 = t * t, t * t * t
            out.append(
                0.5
                * (
                    2 * p1
                    + (-p0 + p2) * t
                    + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t2
                    + (-p0 + 3 * p1 - 3 * p2 + p3) * t3
                )
            )
    out.append(p[-1])
    return np.asarray(out)


def warped(strokes, rng: np.random.Generator) -> list[np.ndarray]:
    """The strokes under a random slant, rotation, size and position, as a hand varies."""
    angle = math.radians(rng.uniform(-12, 12))
    shear = rng.uniform(-0.25, 0.15)
    scale = rng.uniform(0.7, 1.0)
    aspect = rng.uniform(0.85, 1.15)
    shift = rng.uniform(-0.08, 0.08, size=2)
    c, s = math.cos(angle), math.sin(angle)
    m = np.array([[c, -s], [s, c]]) @ np.array([[scale * aspect, shear], [0, scale]])
    return [(spline(st) - 0.5) @ m.T + 0.5 + shift for st in strokes]


def xdotool(*args: str) -> subprocess.Popen:
    return subprocess.Popen(["xdotool", *args])


class Driver:
    """A window on the real X server whose canvas is drawn on with the X pointer."""

    def __init__(self) -> None:
        from PySide6.QtCore import QSettings

        from nnviz.gui.app import make_application
        from nnviz.gui.main_window import MainWindow

        self.app = make_application(sys.argv[:1])
        ini = str(Path(tempfile.mkdtemp()) / "eval.ini")
        self.w = MainWindow(QSettings(ini, QSettings.Format.IniFormat), restore=False)
        self.w.resize(1300, 850)
        self.w.show()
        view = self.w.view("draw")
        self.panel = getattr(view, "panel", view)
        self.canvas = self.panel.canvas
        end = time.monotonic() + 30
        while not (handle := self.w.windowHandle()) or not handle.isExposed():
            if time.monotonic() > end:
                raise SystemExit("handdrawn_eval: the window never appeared on the X server")
            self.pump(0.05)
        self.w.show_tab("draw")
        self.pump(1.0)

    def pump(self, seconds: float = 0.05) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            self.app.processEvents()

    def draw(self, strokes: list[np.ndarray]) -> None:
        """Clear the canvas and draw ``strokes`` (unit-square points) with the X pointer."""
        from PySide6.QtCore import QPoint

        self.canvas.clear()
        self.pump(0.05)
        sq = self.canvas.square()
        origin = self.canvas.mapToGlobal(QPoint(0, 0))
        for st in strokes:
            xy = np.clip(st, 0.02, 0.98)
            gx = origin.x() + sq.left() + xy[:, 0] * sq.width()
            gy = origin.y() + sq.top() + xy[:, 1] * sq.height()
            cmd = ["mousemove", str(int(gx[0])), str(int(gy[0])), "mousedown", "1"]
            for x, y in zip(gx[1:], gy[1:], strict=True):
                # a hand's pace (~100 motions a second): motions queued at once are
                # merged into one by the window system, as for a real mouse
                cmd += ["sleep", "0.01", "mousemove", str(int(x)), str(int(y))]
            cmd += ["mouseup", "1"]
            proc = xdotool(*cmd)
            while proc.poll() is None:
                self.app.processEvents()
            self.pump(0.05)
        self.pump(0.1)

    def read(self, key: str) -> int | None:
        """The digit the reader ``key`` (``builtin``, ``builtin-cnn``) sees on the canvas."""
        combo = self.panel.model_combo
        combo.setCurrentIndex(combo.findData(key))
        probs = self.panel.predict_now()
        return None if probs is None else int(np.argmax(probs))


def feature_maps_shot(d: Driver, path: str, digit: int, seed: int) -> None:
    """Draw ``digit``, press Feature maps, show the built-in convnet's maps, grab the screen."""
    d.draw(warped(STYLES[digit][0], np.random.default_rng(seed)))
    d.read("builtin-cnn")
    d.w.tab("draw").maps_button.click()
    view = d.w.view("feature_maps")
    view.network.setCurrentIndex(view.network.findData("builtin-cnn"))
    d.pump(1.5)
    grid = view.sections.get("relu2") or view.sections.get("conv1")
    if grid is not None and hasattr(grid, "tile_centre"):
        grid.clicked.emit(3)  # one map large, as a click on it does
    d.pump(1.0)
    subprocess.run(["import", "-window", "root", path], check=True)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--per-style", type=int, default=3, help="drawings of each written style")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--json", help="write every drawing's reading here")
    p.add_argument("--sheet", help="write the 28×28 inputs the readers saw as one PNG")
    p.add_argument("--shot", help="only draw one digit and grab its feature maps to this PNG")
    p.add_argument("--digit", type=int, default=7, help="the digit of --shot")
    args = p.parse_args(argv)
    if not os.environ.get("DISPLAY") or shutil.which("xdotool") is None:
        print("handdrawn_eval: needs a real X server (DISPLAY) and xdotool.", file=sys.stderr)
        return 2
    d = Driver()
    if args.shot:
        feature_maps_shot(d, args.shot, args.digit, args.seed)
        d.w.close()
        return 0
    rng = np.random.default_rng(args.seed)
    readers = {"builtin": "fully connected", "builtin-cnn": "convnet"}
    records, inputs = [], []
    for digit, styles in STYLES.items():
        for style, strokes in enumerate(styles):
            for _ in range(args.per_style):
                d.draw(warped(strokes, rng))
                row = {"digit": digit, "style": style, "strokes": len(d.canvas.strokes)}
                row.update({key: d.read(key) for key in readers})
                inputs.append(d.panel.input_digit())
                records.append(row)
    d.w.close()

    n = len(records)
    print(f"{n} digits drawn through the canvas with the X pointer ({args.per_style} per style)")
    for key, name in readers.items():
        right = sum(r[key] == r["digit"] for r in records)
        wrong = [f"{r['digit']}→{r[key]}" for r in records if r[key] != r["digit"]]
        print(f"  {name:16s} {right}/{n} = {right / n:.1%}   misread: {' '.join(wrong) or '-'}")
    if args.json:
        Path(args.json).write_text(json.dumps(records, indent=1))
    if args.sheet and inputs:
        from PySide6.QtGui import QImage

        cols = 15
        rows = math.ceil(len(inputs) / cols)
        sheet = np.zeros((rows * 30, cols * 30), np.uint8)
        for i, digit_in in enumerate(inputs):
            if digit_in is not None:
                r, c = divmod(i, cols)
                sheet[r * 30 + 1 : r * 30 + 29, c * 30 + 1 : c * 30 + 29] = (
                    np.clip(digit_in.reshape(28, 28), 0, 1) * 255
                ).astype(np.uint8)
        h, wd = sheet.shape
        QImage(sheet.data, wd, h, wd, QImage.Format.Format_Grayscale8).scaled(wd * 2, h * 2).save(
            args.sheet
        )
    d.app.quit()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
