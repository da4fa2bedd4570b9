"""Screenshots of issue 18's views, made by clicking the app's own widgets.

    Xvfb :98 -screen 0 1400x900x24 &
    DISPLAY=:98 python scripts/screenshot_hands_on.py --out docs

writes ``screenshot-warp.png`` (the spiral seen by its first hidden layer, mid-training),
``screenshot-features.png`` (Playground's seven inputs on the circle, a weight being typed),
``screenshot-glassbox.png`` (a glass-box step mid-backward, a link chosen) and
``screenshot-compgraph.png`` (the same step's computational graph).  Without a display
it runs offscreen.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

if not os.environ.get("DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("NNVIZ_ENGINE", "thread")  # the engine's numbers for the shot, in-process


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--out", default="docs", help="folder of the PNG files")
    p.add_argument("--size", default="1400x900")
    p.add_argument("--warp-epochs", type=int, default=150, help="spiral epochs before the warp")
    p.add_argument("--warp-layer", type=int, default=1)
    p.add_argument("--warp-cycles", type=int, default=0, help="Cycle clicks (which pair)")
    p.add_argument("--glass-epochs", type=int, default=3, help="XOR epochs before the step")
    args = p.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    from PySide6.QtCore import QEventLoop, QPointF, QSettings, Qt, QTimer
    from PySide6.QtTest import QTest

    from nnviz.app.config import DataRequest, SessionConfig
    from nnviz.core.trainer import NetworkConfig, TrainConfig
    from nnviz.gui.app import make_application

    app = make_application(sys.argv[:1])
    from nnviz.gui.main_window import MainWindow

    settings = QSettings(str(Path(tempfile.mkdtemp()) / "shot.ini"), QSettings.Format.IniFormat)
    w = MainWindow(settings, restore=False)
    width, height = (int(v) for v in args.size.split("x"))
    w.resize(width, height)
    w.show()

    def wait(ms: int) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def until(done, ms: int = 20_000) -> None:
        for _ in range(ms // 50):
            if done():
                return
            wait(50)
        raise SystemExit("the app did not get there in time")

    def shot(name: str) -> None:
        wait(400)
        w.grab().save(str(out / name), "PNG")
        print(f"wrote {out / name}")

    until(lambda: w.model.last_snapshot is not None)
    w.main_splitter.setSizes([980, width - 980])  # the main view wide, the curves narrow

    # the hidden-space warp: the spiral's second hidden layer after a few seconds of training
    w.show_tab("warp")
    w.set_training(True)
    until(lambda: w.model.last_snapshot.epoch >= args.warp_epochs)
    w.set_training(False)
    tab = w.tab("warp")
    tab.layer.setCurrentIndex(args.warp_layer - 1)
    for _ in range(args.warp_cycles):
        QTest.mouseClick(tab.cycle, Qt.MouseButton.LeftButton)
    shot("screenshot-warp.png")

    # feature crosses: every input of Playground's on the circle, a link's weight being typed
    w.apply_config(
        SessionConfig(
            DataRequest(key="circle"),
            NetworkConfig(hidden=(4,), activation="tanh", init="xavier"),
            TrainConfig(learning_rate=0.03, batch_size=10),
        )
    )
    until(lambda: w.model.info is not None and w.model.info.dataset.key == "circle")
    boxes = w.network_panel.features.boxes
    for name in ("x1^2", "x2^2", "x1x2", "sin_x1", "sin_x2"):
        QTest.mouseClick(boxes[name], Qt.MouseButton.LeftButton, pos=boxes[name].rect().center())
    generation = w.model.generation
    QTest.mouseClick(w.controls.reset, Qt.MouseButton.LeftButton)
    until(lambda: w.model.generation > generation and w.model.info.sizes[0] == 7)
    w.show_tab("network")
    w.set_training(True)
    until(lambda: w.model.last_snapshot.epoch >= 40)
    w.set_training(False)
    wait(500)
    g = w.view("network")
    a, b = g._nodes[0][2], g._nodes[1][1]
    start, end = a.center() + QPointF(a.width() / 2, 0), b.center() - QPointF(b.width() / 2, 0)
    QTest.mouseClick(g, Qt.MouseButton.LeftButton, pos=(start + (end - start) * 0.3).toPoint())
    shot("screenshot-features.png")
    QTest.keyClick(g.editor, Qt.Key.Key_Escape)

    # the glass box: a small tanh net on XOR, trained a little, then one step laid open
    w.apply_config(
        SessionConfig(
            DataRequest(key="xor", samples=100),
            NetworkConfig(hidden=(4, 3), activation="tanh", init="xavier"),
            TrainConfig(learning_rate=0.1, batch_size=10, optimizer="sgd"),
        )
    )
    until(lambda: w.model.info is not None and w.model.info.sizes == (2, 4, 3, 2))
    w.show_tab("glass_box")
    for k in range(args.glass_epochs):  # a few epochs: the gradients are still sizeable
        QTest.mouseClick(w.controls.step, Qt.MouseButton.LeftButton)
        until(lambda k=k: w.model.last_snapshot.epoch > k)
    v = w.tab("glass_box").view
    v.sample.setValue(4)
    QTest.mouseClick(v.step_button, Qt.MouseButton.LeftButton)
    until(lambda: w.model.glass_box.reply is not None)
    for _ in range(3):
        QTest.mouseClick(v.forward_button, Qt.MouseButton.LeftButton)
    for _ in range(2):  # mid-backward: the output layer and the second hidden layer
        QTest.mouseClick(v.backward_button, Qt.MouseButton.LeftButton)
    wait(300)
    g = v.graph
    a, b = g._nodes[2][1], g._nodes[3][0]  # a link of the second layer's backward walk
    start, end = a.center() + QPointF(a.width() / 2, 0), b.center() - QPointF(b.width() / 2, 0)
    QTest.mouseClick(g, Qt.MouseButton.LeftButton, pos=(start + (end - start) * 0.3).toPoint())
    shot("screenshot-glassbox.png")
    v.pages.setCurrentIndex(1)
    v.splitter.setSizes([200, 600])  # room for the graph's rows
    scroll = v.comp.parentWidget().parentWidget()
    scroll.horizontalScrollBar().setValue(scroll.horizontalScrollBar().maximum())
    shot("screenshot-compgraph.png")
    w.close()
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
