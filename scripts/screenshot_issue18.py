"""Screenshots of issue 18's views, made by driving the window as a user would.

python scripts/screenshot_issue18.py paint docs/screenshot-paint.png
python scripts/screenshot_issue18.py regression docs/screenshot-regression.png
python scripts/screenshot_issue18.py heatmap docs/screenshot-regression-2d.png

``paint``: the Gaussian blobs, an island of orange points painted by clicks into the blue
blob, trained until the boundary bends around it.  ``regression``: the 1-D regression
set with points clicked in, trained, each hidden unit's curve shown.  ``heatmap``:
Playground's six bumps, the prediction drawn under its colour bar.

Runs on any Qt platform; on a real X server (``Xvfb :97 -screen 0 1400x900x24 &`` then
``DISPLAY=:97``) it shows what a user sees.  The window is grabbed with
``QWidget.grab()``.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

TRAIN_SECONDS = {"paint": 15.0, "regression": 8.0, "heatmap": 14.0}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2 or args[0] not in TRAIN_SECONDS:
        print(__doc__)
        return 2
    scene, out = args[0], Path(args[1])

    from PySide6.QtCore import QEventLoop, QPointF, QSettings, Qt, QTimer
    from PySide6.QtTest import QTest

    from nnviz.gui.app import make_application

    app = make_application(sys.argv[:1])
    from nnviz.gui.main_window import MainWindow

    settings = QSettings(str(Path(tempfile.mkdtemp()) / "shot.ini"), QSettings.Format.IniFormat)
    w = MainWindow(settings, restore=False)
    w.resize(1400, 860)
    w.show()

    def wait(seconds: float) -> None:
        loop = QEventLoop()
        QTimer.singleShot(int(seconds * 1000), loop.quit)
        loop.exec()

    def until(test, seconds: float = 30.0) -> None:
        for _ in range(int(seconds * 20)):
            if test():
                return
            wait(0.05)
        raise SystemExit(f"timed out waiting in the {scene} scene")

    def choose(key: str) -> None:
        gen = w.model.generation
        combo = w.dataset_panel.combo
        combo.setCurrentIndex(combo.findData(key))
        until(lambda: w.model.generation > gen and w.model.last_snapshot is not None)
        wait(0.5)

    def click(view, x: float, y: float, modifier=Qt.KeyboardModifier.NoModifier) -> None:
        vb = view.getPlotItem().vb
        pixel = view.mapFromScene(vb.mapViewToScene(QPointF(x, y)))
        QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifier, pixel)
        wait(0.05)

    until(lambda: w.model.last_snapshot is not None)
    if scene == "paint":
        choose("gauss")
        gen = w.model.generation
        w.dataset_panel.samples.setValue(60)  # fewer points: the painted ones stand out
        until(lambda: w.model.generation > gen and w.model.last_snapshot is not None)
        view = w.view("boundary")
        # A class-1 (blue) island between two class-0 (orange, shift-click: the next
        # class) islands on a line: no straight boundary separates them, so it bends.
        w.tab("boundary").tools.class_buttons[1].click()
        cluster = ((0, 0), (0.3, 0), (-0.3, 0), (0, 0.3), (0, -0.3), (0.25, 0.25),
                   (-0.25, -0.25), (0.25, -0.25), (-0.25, 0.25))  # fmt: skip
        for dx, dy in cluster:
            click(view, 0.6 + dx, 0.6 + dy)
        for cx, cy in ((-1.6, 2.2), (2.2, -1.6)):
            for dx, dy in cluster:
                click(view, cx + dx, cy + dy, Qt.KeyboardModifier.ShiftModifier)
    elif scene == "regression":
        choose("reg-1d")
        view = w.view("curve")
        # Ctrl-click away the points of the dip in the middle, click in a hump instead
        ds = w.model.info.dataset
        for x, y in zip(ds.x_train[:, 0], ds.y_train, strict=True):
            if -0.9 < x < 0.6:
                click(view, float(x), float(y), Qt.KeyboardModifier.ControlModifier)
        for x, y in ((-0.4, 2.4), (0.2, 2.7)):
            click(view, x, y)
        w.tab("curve").units_check.setChecked(True)
    else:
        choose("reg-gauss")
    w.set_training(True)
    wait(TRAIN_SECONDS[scene])
    w.set_training(False)
    wait(0.5)
    out.parent.mkdir(parents=True, exist_ok=True)
    w.grab().save(str(out), "PNG")
    snap = w.model.last_snapshot
    print(f"wrote {out} at epoch {snap.epoch}")
    w.close()
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
