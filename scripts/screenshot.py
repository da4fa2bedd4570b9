"""Make the README's screenshots with the app itself (offscreen, QWidget.grab()).

python scripts/screenshot.py --dataset spiral --seconds 4 --out docs/screenshot-spiral.png
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--dataset", default="spiral")
    p.add_argument("--data-dir")
    p.add_argument("--seconds", type=float, default=4.0, help="training time before the shot")
    p.add_argument("--size", default="1440x900")
    p.add_argument("--tutorial", help="load a tutorial first (see nnviz tutorial list)")
    p.add_argument(
        "--tab",
        help="main view to show: boundary, network, layers, digits, confusion, weights, draw",
    )
    p.add_argument(
        "--compare",
        type=float,
        metavar="LR",
        help="train one run first, then Reset with this learning rate (run comparison)",
    )
    p.add_argument("--out", default="docs/screenshot-spiral.png")
    args = p.parse_args(argv)

    from PySide6.QtCore import QSettings, QTimer

    from nnviz.gui.app import make_application

    app = make_application(sys.argv[:1])
    from nnviz.gui.main_window import MainWindow

    settings = QSettings(str(Path(tempfile.mkdtemp()) / "shot.ini"), QSettings.Format.IniFormat)
    w = MainWindow(settings, restore=False)
    width, height = (int(v) for v in args.size.split("x"))
    w.resize(width, height)
    w.show()
    if args.tutorial:
        w.menus.load_tutorial(args.tutorial)
    else:
        if args.data_dir:
            w.dataset_panel.data_dir = args.data_dir
        combo = w.dataset_panel.combo
        combo.setCurrentIndex(combo.findData(args.dataset))

    def start() -> None:
        if args.tab:
            w.show_tab(args.tab)
        w.set_training(True)
        QTimer.singleShot(int(args.seconds * 1000), second_run if args.compare else save)

    def second_run() -> None:
        w.set_training(False)
        w.network_panel.lr.setValue(args.compare)
        w.reset()
        QTimer.singleShot(500, lambda: w.set_training(True))
        QTimer.singleShot(int(args.seconds * 1000) + 500, save)

    def save() -> None:  # mid-training, as a user sees it
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        w.grab().save(str(out), "PNG")
        print(f"wrote {out} at epoch {w.model.last_snapshot.epoch if w.model.last_snapshot else 0}")
        w.set_training(False)
        w.close()
        app.quit()

    QTimer.singleShot(800, start)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
