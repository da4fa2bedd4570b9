"""Drive nnviz's main window in this process and print one JSON line of measurements.

Run by ``benchmarks/run.py`` in a subprocess (QT_QPA_PLATFORM=offscreen), never imported:

    python benchmarks/gui_probe.py startup T0 [--engine thread|process]
    python benchmarks/gui_probe.py train DATASET SECONDS [--data-dir DIR] [--profile FILE]
        [--hide-curves] [--switch-interval S] [--engine thread|process] [--tab KEY]
        [--arch SPEC]
    python benchmarks/gui_probe.py tutorial NAME [--data-dir DIR] [--engine thread|process]
        [--repeat N] [--used]

``--engine`` picks where training runs (the app's default is its own process; ``thread``
is the earlier design, kept for comparison); ``--tab`` shows another view while training
(``network``, ``digits``, …); ``--arch`` trains a convnet
(``conv`` is the book's SimpleConvNet) on an image set.  ``tutorial``: loads a tutorial, trains it to the end and
reports the wall time.  ``startup``: seconds from ``T0`` (the parent's ``time.time()`` just before it started
this process) to the window shown and to the first decision boundary drawn.
``train``: trains at full speed for SECONDS with the window shown, and measures the
lateness of a 10 ms GUI-thread timer, view refreshes per second, epochs per second,
and the peak resident memory of the process.  For diagnosis: ``--hide-curves`` hides
the loss/accuracy panels, ``--switch-interval`` overrides the app's GIL switch
interval (run with OPENBLAS_NUM_THREADS=1 to see the effect of single-threaded BLAS).
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

T_IMPORT = time.time()
sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import peak_rss_mb  # noqa: E402


def main(argv: list[str]) -> int:
    import numpy as np
    from PySide6.QtCore import QSettings, Qt, QTimer

    from nnviz.gui.app import make_application

    mode = argv[0]
    app = make_application()
    if "--switch-interval" in argv:
        sys.setswitchinterval(float(argv[argv.index("--switch-interval") + 1]))
    from nnviz.gui.main_window import MainWindow

    settings = QSettings(tempfile.mktemp(suffix=".ini"), QSettings.Format.IniFormat)
    engine = argv[argv.index("--engine") + 1] if "--engine" in argv else None
    w = MainWindow(settings, engine=engine)
    w.show()
    if "--hide-curves" in argv:
        w.curves.hide()
    out: dict = {}

    def finish() -> None:
        out["peak_rss_mb"] = peak_rss_mb()
        pid = getattr(w.engine, "pid", None)
        if pid is not None:  # the engine's own process
            out["engine_peak_rss_mb"] = child_peak_rss_mb(pid)
        print(json.dumps(out), flush=True)
        w.close()
        app.quit()

    if mode == "startup":
        t0 = float(argv[1])
        out["import_s"] = T_IMPORT - t0

        def shown() -> None:
            out["shown_s"] = time.time() - t0

        def first_frame() -> None:
            if w.model.frames_drawn > 0:
                out["first_frame_s"] = time.time() - t0
                finish()
            else:
                QTimer.singleShot(5, first_frame)

        QTimer.singleShot(0, shown)  # the first event-loop turn after show()
        QTimer.singleShot(0, first_frame)
        QTimer.singleShot(20_000, finish)  # never hang
        return app.exec()

    if mode == "tutorial":
        return run_tutorial(app, w, out, argv, finish)

    from nnviz.app.config import DataRequest
    from nnviz.core.trainer import NetworkConfig, TrainConfig

    dataset, seconds = argv[1], float(argv[2])
    data_dir = argv[argv.index("--data-dir") + 1] if "--data-dir" in argv else None
    profile_path = argv[argv.index("--profile") + 1] if "--profile" in argv else None
    if dataset == "circle":  # TensorFlow Playground's default problem
        net = NetworkConfig(hidden=(4, 2), activation="tanh", init="xavier")
        train = TrainConfig(learning_rate=0.03, batch_size=10)
    elif dataset == "spiral":  # what a first start shows
        net = NetworkConfig(hidden=(8, 8), activation="tanh", init="xavier")
        train = TrainConfig(learning_rate=0.03, batch_size=10)
    elif "--arch" in argv:  # a convnet (e.g. ``conv``: the book's SimpleConvNet), Adam
        spec = argv[argv.index("--arch") + 1]
        net = NetworkConfig(hidden=(100,), activation="relu", init="he", arch=spec)
        train = TrainConfig(learning_rate=0.001, batch_size=100, optimizer="adam")
    else:  # MNIST: the 784-100-10 ReLU, batch 100
        net = NetworkConfig(hidden=(100,), activation="relu", init="he")
        train = TrainConfig(learning_rate=0.1, batch_size=100)
    w.network_panel.set_configs(net, train)
    w.dataset_panel.set_request(DataRequest(key=dataset, data_dir=data_dir))
    if data_dir:
        w.files.use_data_folder(data_dir)
    else:
        w.on_data_requested(w.dataset_panel.request())

    lateness: list[float] = []
    state = {"last": None, "start": None, "maps": 0}

    def count_maps(snap) -> None:  # frames that brought new feature maps (a convnet's)
        if state["start"] is not None and getattr(snap, "feature_maps", None) is not None:
            state["maps"] += 1

    w.model.frame.connect(count_maps, weak=False)
    profiler = None

    def tick() -> None:
        now = time.perf_counter()
        if state["last"] is not None:
            lateness.append((now - state["last"]) * 1000 - 10)
        state["last"] = now

    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(10)
    timer.timeout.connect(tick)

    def begin() -> None:
        nonlocal profiler
        snap = w.model.last_snapshot
        state["start"] = (
            time.perf_counter(),
            w.model.frames_drawn,
            snap.epoch if snap else 0,
            snap.train_seconds if snap else 0.0,
            snap.samples_seen if snap else 0,
        )
        timer.start()
        if profile_path:
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.0005)
            profiler.start()
        QTimer.singleShot(int(seconds * 1000), end)

    def end() -> None:
        if profiler is not None:
            profiler.stop()
            with open(profile_path, "w", encoding="utf-8") as f:
                f.write(profiler.output_text(unicode=True, color=False, show_all=True))
        timer.stop()
        t0, frames0, epoch0, train0, samples0 = state["start"]
        wall = time.perf_counter() - t0
        snap = w.model.last_snapshot
        lat = np.array(lateness) if lateness else np.array([np.nan])
        out.update(
            dataset=dataset,
            seconds=wall,
            epochs_per_s=(snap.epoch - epoch0) / wall,
            samples_per_s=(snap.samples_seen - samples0) / wall,
            train_fraction=(snap.train_seconds - train0) / wall,
            refreshes_per_s=(w.model.frames_drawn - frames0) / wall,
            feature_maps_per_s=state["maps"] / wall,
            timer_p50_ms=float(np.percentile(lat, 50)),
            timer_p99_ms=float(np.percentile(lat, 99)),
            timer_max_ms=float(lat.max()),
            ticks=len(lateness),
            state=snap.state,
        )
        finish()

    def start_training() -> None:
        if w.model.info is None or w.model.info.dataset.key != dataset:
            QTimer.singleShot(50, start_training)  # the reset is not done yet
            return
        if "--tab" in argv:
            w.show_tab(argv[argv.index("--tab") + 1])
        w.controls.train.setChecked(True)
        QTimer.singleShot(1000, begin)  # past the first frames and warm-up

    QTimer.singleShot(200, start_training)
    QTimer.singleShot(int((seconds + 60) * 1000), finish)  # never hang
    return app.exec()


def child_peak_rss_mb(pid: int) -> float | None:
    """Peak resident memory of another process (Linux), in MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def run_tutorial(app, w, out: dict, argv: list[str], finish) -> int:
    """Load tutorial ``argv[1]``, train it to its end (``--repeat N`` times, Reset between
    runs), report the wall time from pressing Train to the last frame of each run."""
    from PySide6.QtCore import QTimer

    name = argv[1]
    repeat = int(argv[argv.index("--repeat") + 1]) if "--repeat" in argv else 1
    if "--data-dir" in argv:
        from nnviz.app.tutorials import tutorial

        w.dataset_panel.set_data_dir(tutorial(name).dataset, argv[argv.index("--data-dir") + 1])
    w.menus.load_tutorial(name)
    if "--used" in argv:  # issue 14's "window used for a while": log scale, gallery shown
        w.curves.loss_panel.log_check.setChecked(True)
        if w.tabs["digits"].available(w.model.info) if w.model.info else True:
            w.show_tab("digits")
    state: dict = {"t0": None, "runs": [], "generation": None}
    w.model.frame.connect(lambda snap: frame(snap), weak=False)
    w.engine.pinged.connect(lambda _token: QTimer.singleShot(500, press))

    def start() -> None:
        info = w.model.info
        if (
            info is None
            or info.config.train != w.model.tutorial.train
            or info.generation == state["generation"]
        ):
            QTimer.singleShot(20, start)
            return
        state["generation"] = info.generation
        if "--used" in argv and w.main_tabs.isTabVisible(
            w.main_tabs.indexOf(w.tab("digits").widget)
        ):
            w.show_tab("digits")  # (shown once the data is known to have images)
        # Press Train as a user would: after the window has shown the loaded tutorial (the
        # engine has answered a ping sent after the load, then half a second to draw it).
        w.engine.ping("tutorial-loaded")

    def press() -> None:
        state["t0"], state["t1"] = time.perf_counter(), None
        state["c0"] = time.process_time()
        w.controls.train.setChecked(True)

    def frame(snap) -> None:  # the moment the last frame arrives (no polling granularity)
        if state["t0"] is None or state["t1"] is not None:
            return
        if snap.state in ("done", "diverged"):
            state["t1"] = time.perf_counter()
            QTimer.singleShot(0, check)

    def check() -> None:
        snap = w.model.last_snapshot
        state["runs"].append(state["t1"] - state["t0"])
        state.setdefault("cpu", []).append(time.process_time() - state["c0"])
        state["t0"] = None
        if len(state["runs"]) < repeat:
            w.reset()  # the same tutorial again from its first weights
            QTimer.singleShot(20, start)
            return
        out.update(
            tutorial=name,
            tab=w.current_tab().key,
            overlays=len(w.model.previous_runs),
            seconds=sorted(state["runs"])[len(state["runs"]) // 2],
            runs=state["runs"],
            gui_cpu=state["cpu"],
            iterations=snap.iteration,
            train_seconds=snap.train_seconds,
            state=snap.state,
        )
        finish()

    QTimer.singleShot(0, start)
    QTimer.singleShot(600_000, finish)  # never hang
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
