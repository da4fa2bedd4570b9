"""GUI stress: 2,000 random user actions, long runs stay bounded, faults do not kill the app.

``test_two_thousand_random_actions`` drives the main window with a fixed seed through
real widgets (button clicks, spin boxes, combo boxes, mouse strokes on the canvas, the
Space shortcut) and the window's public API (save/open model and session, points CSV,
data folder), including closing the window and reopening it on the same settings file.
After every action the GUI must answer — a zero-delay timer must fire — within 2 s;
an exception anywhere (Qt slots through ``sys.excepthook``, Python threads through
``threading.excepthook``) fails the test; at the end no QThread is left running.
"""

from __future__ import annotations

import collections
import contextlib
import faulthandler
import math
import random
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QMessageBox

from nnviz.gui.main_window import MainWindow
from nnviz.gui.threads import running_threads
from tests.data.mnist_fixtures import write_idx_dataset
from tests.gui import helpers
from tests.gui.helpers import WAIT_MS, epoch, make_window, wait_ready
from tests.gui.test_canvas import drag, stroke_points

ANSWER_MS = 2_000  # every action must be answered within this
HANG_S = 5.0  # no gap between events this long, even with the GUI thread idle (a hang)
N_ACTIONS = 2_000
SEED = 20_240_601
POINT_SETS = ["spiral", "spiral-cs231n", "circle", "xor", "gauss", "moons"]
STROKES = [
    [(0.55, 0.0), (0.45, 1.0)],
    [(0.05, 0.05), (0.95, 0.05), (0.45, 1.0)],
    [(0.6, 0.0), (0.05, 0.7), (0.95, 0.7)],
    [(0.2, 0.2), (0.8, 0.2), (0.8, 0.8), (0.2, 0.8), (0.2, 0.2)],
]


class Recorder:
    """Exceptions from Qt slots (sys.excepthook) and Python threads (threading.excepthook)."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def excepthook(self, kind, value, tb) -> None:
        import traceback

        self.errors.append("".join(traceback.format_exception(kind, value, tb)))

    def threadhook(self, args) -> None:
        self.excepthook(args.exc_type, args.exc_value, args.exc_traceback)


@contextlib.contextmanager
def recording_exceptions():
    """Install the hooks for the body of a test (pytest-qt installs its own per phase)."""
    r = Recorder()
    old = sys.excepthook, threading.excepthook
    sys.excepthook, threading.excepthook = r.excepthook, r.threadhook
    try:
        yield r
    finally:
        sys.excepthook, threading.excepthook = old


def answered(qtbot, timeout_ms: int = int(HANG_S * 1000)) -> float:
    """Wait for a zero-delay timer to fire on the GUI thread; return how long it took (s)."""
    fired: list[float] = []
    start = time.perf_counter()
    QTimer.singleShot(0, lambda: fired.append(time.perf_counter()))
    qtbot.waitUntil(lambda: bool(fired), timeout=timeout_ms)
    return fired[0] - start


class GapMeter:
    """The longest time the GUI thread went without running a 10 ms repeating timer.

    A zero-delay probe after an action can fire before a queued slow event is handled;
    a repeating timer cannot miss a freeze, whenever it happens.
    """

    WATCH_S = 0.8
    """A freeze this long writes every thread's Python stack (faulthandler's own C thread
    needs no interpreter lock, so it sees a GUI thread stuck anywhere)."""

    def __init__(self) -> None:
        self.worst = 0.0
        self.worst_busy = 0.0  # the most CPU time the GUI thread spent inside one gap
        self._last = time.perf_counter()
        self._last_cpu = time.thread_time()
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)
        self._stacks = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 (closed in stop)

    def _tick(self) -> None:
        now, cpu = time.perf_counter(), time.thread_time()
        self.worst = max(self.worst, now - self._last)
        self.worst_busy = max(self.worst_busy, cpu - self._last_cpu)
        self._last, self._last_cpu = now, cpu
        faulthandler.dump_traceback_later(self.WATCH_S, file=self._stacks)

    def start(self) -> GapMeter:
        self._last, self._last_cpu = time.perf_counter(), time.thread_time()
        self.timer.start()
        return self

    def stop(self) -> None:
        self.timer.stop()
        faulthandler.cancel_dump_traceback_later()
        self._stacks.close()

    def froze(self) -> bool:
        """The GUI thread worked for ANSWER_MS without serving its events, or served none
        for HANG_S whatever it did (blocked, or starved of the CPU that long).

        A gap in which the thread barely ran is the machine's load, not the app: on a
        shared 2-core runner other processes took the CPU for ~2 s while the GUI thread
        sat in Qt's event loop with nothing to do.
        """
        return self.worst_busy > ANSWER_MS / 1000 or self.worst > HANG_S

    def stacks(self) -> str:
        """What the threads were doing when the GUI last froze for WATCH_S (or '')."""
        self._stacks.flush()
        self._stacks.seek(0)
        return self._stacks.read()[-6000:]


def close_dialogs(w, seen: collections.Counter | None = None) -> int:
    boxes = [b for b in w.findChildren(QMessageBox, "errorDialog") if b.isVisible()]
    for b in boxes:
        if seen is not None:
            seen[b.text()] += 1
        b.done(0)
    return len(boxes)


class Monkey:
    """A user with a fixed seed and too much time: picks actions and performs them."""

    def __init__(self, qtbot, tmp_path: Path, settings_path: Path, seed: int) -> None:
        self.qtbot = qtbot
        self.tmp = tmp_path
        self.settings_path = settings_path
        self.rng = random.Random(seed)
        self.counts: collections.Counter[str] = collections.Counter()
        self.dialogs = 0
        self.messages: collections.Counter[str] = collections.Counter()
        self.slowest = (0.0, "")
        self.worst_gap = 0.0
        self.worst_busy = 0.0
        self.freezes: list[str] = []  # the threads' stacks of freezes over GapMeter.WATCH_S
        self.log: list[str] = []
        self.mnist_dir = tmp_path / "mnist"
        write_idx_dataset(self.mnist_dir, n_train=300, n_test=60)
        self.points = tmp_path / "points.csv"
        self.points.write_text(
            "x,y,label\n"
            + "".join(f"{i % 7 / 7:.3f},{i % 5 / 5:.3f},{i % 3}\n" for i in range(60)),
            encoding="utf-8",
        )
        self.w = self.open_window()
        self.w.dataset_panel.set_data_dir("mnist", str(self.mnist_dir))
        self.actions = {  # name: (weight, function)
            "click Train/Pause": (14, self.toggle_train),
            "press Space": (4, self.press_space),
            "click Step": (10, self.step),
            "click Reset": (7, self.reset),
            "switch dataset": (6, self.switch_dataset),
            "use the MNIST folder": (2, self.use_mnist_folder),
            "open points CSV": (1, self.open_points),
            "add layer": (5, self.add_layer),
            "remove layer": (5, self.remove_layer),
            "change a layer's width": (3, self.layer_width),
            "change learning rate": (8, self.learning_rate),
            "change batch / full batch": (3, self.batch),
            "change activation/init/optimizer": (3, self.combo),
            "change L2 / momentum / epoch limit": (3, self.spins),
            "change data parameters": (2, self.data_params),
            "switch view tab": (6, self.tab),
            "draw on the canvas": (5, self.draw),
            "clear / undo the canvas": (2, self.clear_canvas),
            "toggle discretize / test points": (2, self.toggles),
            "save model": (2, self.save_model),
            "open model": (2, self.open_model),
            "save session": (1, self.save_session),
            "open session": (1, self.open_session),
            "export PNG / loss CSV": (1, self.export),
            "close and reopen the window": (1, self.reopen),
        }

    # ---------------------------------------------------------------- plumbing
    def open_window(self) -> MainWindow:
        w = MainWindow(QSettings(str(self.settings_path), QSettings.Format.IniFormat))
        self.qtbot.addWidget(w)
        helpers.LIVE.append(w)
        w.show()
        wait_ready(self.qtbot, w)
        return w

    def run(self, n: int) -> None:
        meter = GapMeter().start()
        try:
            self._run(n, meter)
            if meter.worst > meter.WATCH_S:
                self.freezes.append(meter.stacks())
        finally:
            meter.stop()
        self.worst_gap = max(self.worst_gap, meter.worst)
        self.worst_busy = max(self.worst_busy, meter.worst_busy)

    def _run(self, n: int, meter: GapMeter) -> None:
        names = list(self.actions)
        weights = [self.actions[k][0] for k in names]
        for i in range(n):
            name = self.rng.choices(names, weights)[0]
            self.actions[name][1]()
            self.counts[name] += 1
            try:
                took = answered(self.qtbot)
            except self.qtbot.TimeoutError:
                pytest.fail(f"action {i} ({name}) was not answered within {HANG_S} s")
            if took > self.slowest[0]:
                self.slowest = (took, name)
            self.log.append(f"{i}: {name}")
            if meter.froze():
                pytest.fail(
                    f"action {i} ({name}): the GUI froze for {meter.worst:.1f} s "
                    f"({meter.worst_busy:.1f} s of it working); "
                    f"last actions: {self.log[-6:]}; the threads during the freeze:\n"
                    + meter.stacks()
                )
            self.dialogs += close_dialogs(self.w, self.messages)
            self.check_worker(i, name)

    def check_worker(self, i: int, name: str) -> None:
        """Fail as soon as the training thread reports an internal error."""
        dead = [m for m in self.messages if m.startswith("Internal error")]
        if dead:
            pytest.fail(f"action {i} ({name}): the training thread failed: {dead[0]}")

    def pick(self, seq):
        return seq[self.rng.randrange(len(seq))]

    # ---------------------------------------------------------------- actions
    def toggle_train(self) -> None:
        self.qtbot.mouseClick(self.w.controls.train, Qt.MouseButton.LeftButton)

    def press_space(self) -> None:
        self.w.activateWindow()
        self.w.menus.train_action.trigger()  # what the Space shortcut does

    def step(self) -> None:
        self.qtbot.mouseClick(self.w.controls.step, Qt.MouseButton.LeftButton)

    def reset(self) -> None:
        self.qtbot.mouseClick(self.w.controls.reset, Qt.MouseButton.LeftButton)

    def switch_dataset(self) -> None:
        combo = self.w.dataset_panel.combo
        combo.setCurrentIndex(combo.findData(self.pick([*POINT_SETS, "mnist"])))

    def use_mnist_folder(self) -> None:
        combo = self.w.dataset_panel.combo
        combo.setCurrentIndex(combo.findData("mnist"))
        self.w.files.use_data_folder(str(self.mnist_dir))

    def open_points(self) -> None:
        self.w.files.open_points(str(self.points))

    def add_layer(self) -> None:
        layers = self.w.network_panel.layers
        if len(layers.spins) < 8:
            self.qtbot.mouseClick(layers.add_button, Qt.MouseButton.LeftButton)

    def remove_layer(self) -> None:
        layers = self.w.network_panel.layers
        if layers.spins and self.rng.random() < 0.5:
            self.qtbot.mouseClick(layers.remove_button, Qt.MouseButton.LeftButton)
        else:
            layers.remove_layer()

    def layer_width(self) -> None:
        spins = self.w.network_panel.layers.spins
        if spins:
            self.pick(spins).setValue(self.pick([1, 2, 3, 8, 16, 64]))

    def learning_rate(self) -> None:
        self.w.network_panel.lr.setValue(
            self.pick([1e-6, 1e-4, 0.003, 0.03, 0.3, 1.0, 10.0, 100.0])
        )

    def batch(self) -> None:
        p = self.w.network_panel
        if self.rng.random() < 0.3:
            p.full_batch.setChecked(not p.full_batch.isChecked())
        else:
            p.batch.setValue(self.pick([1, 5, 10, 32, 1000, 1_000_000]))

    def combo(self) -> None:
        p = self.w.network_panel
        box = self.pick([p.activation, p.init, p.optimizer])
        box.setCurrentIndex(self.rng.randrange(box.count()))

    def spins(self) -> None:
        p = self.w.network_panel
        choice = self.rng.randrange(3)
        if choice == 0:
            p.l2.setValue(self.pick([0.0, 1e-4, 0.01, 1.0, 10.0]))
        elif choice == 1:
            p.momentum.setValue(self.pick([0.0, 0.5, 0.9, 0.999]))
        else:
            p.epochs.setValue(self.pick([0, 0, 1, 3, 20]))

    def data_params(self) -> None:
        d = self.w.dataset_panel
        widget = self.pick([d.samples, d.noise, d.classes, d.test_ratio, d.seed, d.regenerate])
        if not widget.isEnabled():
            return
        if widget is d.regenerate:
            self.qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
        elif widget is d.samples:
            widget.setValue(self.pick([1, 10, 50, 150]))
        elif widget is d.noise:
            widget.setValue(self.pick([0.0, 0.1, 1.0, 10.0]))
        elif widget is d.classes:
            widget.setValue(self.rng.randint(widget.minimum(), widget.maximum()))
        elif widget is d.test_ratio:
            widget.setValue(self.pick([0.0, 0.25, 0.5, 0.9]))
        else:
            widget.setValue(self.rng.randrange(1000))

    def tab(self) -> None:
        tabs = self.w.main_tabs
        visible = [i for i in range(tabs.count()) if tabs.isTabVisible(i)]
        tabs.setCurrentIndex(self.pick(visible))

    def draw(self) -> None:
        panel = self.w.view("draw")
        self.w.main_tabs.setCurrentWidget(panel)
        box = (self.rng.uniform(0, 0.6), self.rng.uniform(0, 0.6), 0.35, 0.35)
        drag(self.qtbot, panel.canvas, stroke_points(panel.canvas, self.pick(STROKES), box, 12.0))

    def clear_canvas(self) -> None:
        panel = self.w.view("draw")
        button = panel.clear_button if self.rng.random() < 0.6 else panel.undo_button
        if button.isEnabled():
            self.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    def toggles(self) -> None:
        self.pick(
            [self.w.tab("boundary").discretize_action, self.w.tab("boundary").test_points_action]
        ).trigger()

    def save_model(self) -> None:
        self.w.files.save_model(str(self.tmp / f"model{self.rng.randrange(3)}.npz"))

    def open_model(self) -> None:
        saved = sorted(self.tmp.glob("model*.npz"))
        if saved:
            self.w.files.open_model(str(self.pick(saved)))

    def save_session(self) -> None:
        self.w.files.save_session(str(self.tmp / f"session{self.rng.randrange(2)}.json"))

    def open_session(self) -> None:
        saved = sorted(self.tmp.glob("session*.json"))
        if saved:
            self.w.files.open_session(str(self.pick(saved)))

    def export(self) -> None:
        if self.rng.random() < 0.5:
            self.w.files.export_view(str(self.tmp / "view.png"))
        else:
            self.w.files.export_csv(str(self.tmp / "loss.csv"))

    def reopen(self) -> None:
        self.dialogs += close_dialogs(self.w, self.messages)
        self.w.close()
        assert not running_threads(), "closing the window left its training thread running"
        helpers.LIVE.remove(self.w)
        self.w = self.open_window()


@pytest.mark.slow
def test_two_thousand_random_actions(qtbot, tmp_path, capsys):
    with recording_exceptions() as recorder:
        _run_the_monkey(qtbot, tmp_path, capsys, recorder)


def _run_the_monkey(qtbot, tmp_path, capsys, recorder) -> None:
    monkey = Monkey(qtbot, tmp_path, tmp_path / "settings.ini", SEED)
    start = time.perf_counter()
    for chunk in range(N_ACTIONS // 100):
        monkey.run(100)
        assert not recorder.errors, f"after {100 * (chunk + 1)} actions:\n{recorder.errors[0]}"
    seconds = time.perf_counter() - start
    w = monkey.w
    # Still alive and still training after all that.
    w.network_panel.lr.setValue(0.03)
    w.network_panel.epochs.setValue(0)
    w.reset()
    qtbot.waitUntil(lambda: w.model.last_snapshot is not None and w.model.last_snapshot.state == "idle"
                    and w.model.last_snapshot.generation == w.model.generation, timeout=WAIT_MS)  # fmt: skip
    before = epoch(w)
    w.set_training(True)
    qtbot.waitUntil(lambda: epoch(w) >= before + 2, timeout=WAIT_MS)
    w.close()
    helpers.LIVE.remove(w)
    assert not running_threads()
    assert not recorder.errors, recorder.errors[0]
    assert sum(monkey.counts.values()) == N_ACTIONS
    with capsys.disabled():
        print(
            f"\n{N_ACTIONS:,} actions in {seconds:.0f} s; slowest answer "
            f"{monkey.slowest[0] * 1000:.0f} ms ({monkey.slowest[1]}); longest GUI freeze "
            f"{monkey.worst_gap * 1000:.0f} ms ({monkey.worst_busy * 1000:.0f} ms of it working); "
            f"{monkey.dialogs} error dialogs closed; "
            + ", ".join(f"{k} {v}" for k, v in sorted(monkey.counts.items()))
        )
        for message, n in monkey.messages.most_common():
            print(f"  {n} × {message}")
        for stacks in monkey.freezes:
            print("a freeze over 0.8 s; the threads then:\n" + stacks)


# ---------------------------------------------------------------------- bounded memory
def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return math.nan


@pytest.mark.slow
def test_a_long_run_keeps_curves_and_history_bounded(qtbot, tmp_path):
    from nnviz.app.config import DataRequest
    from nnviz.core.trainer import HISTORY_LIMIT, NetworkConfig, TrainConfig

    w = make_window(qtbot, tmp_path)
    capacity = w.model.curves.capacity
    # The fastest epochs there are: 2 training points, one full batch, a 2-2-2 network.
    w.network_panel.set_configs(
        NetworkConfig(hidden=(2,), activation="tanh", init="xavier"),
        TrainConfig(learning_rate=0.01, batch_size=None),
    )
    w.dataset_panel.set_request(DataRequest(key="xor", samples=2, test_ratio=0.5))
    generation = w.model.generation
    w.on_data_requested(w.dataset_panel.request())
    qtbot.waitUntil(lambda: w.model.generation > generation, timeout=WAIT_MS)
    wait_ready(qtbot, w)
    assert len(w.model.info.dataset.y_train) == 2
    w.set_training(True)
    target = 2 * capacity + 5_000
    qtbot.waitUntil(lambda: epoch(w) >= capacity // 2, timeout=60_000)
    rss_warm = rss_mb()
    qtbot.waitUntil(lambda: epoch(w) >= target, timeout=120_000)
    w.set_training(False)
    qtbot.waitUntil(lambda: w.model.last_snapshot.state == "paused", timeout=WAIT_MS)
    last_epoch = epoch(w)
    # The curve kept every epoch until it filled, then thinned itself out.
    assert len(w.model.curves) <= capacity and w.model.curves.stride >= 2
    assert w.model.curves.last[0] == last_epoch  # the newest epoch is never lost
    x = w.model.curves.column("x")
    assert x[0] == 1 and x[-1] > last_epoch - 2 * w.model.curves.stride
    x_plot, _ = w.curves.loss_plot.train_curve.getData()
    assert len(x_plot) <= capacity
    assert last_epoch > HISTORY_LIMIT  # the trainer's own bounded history: tests/core
    growth = rss_mb() - rss_warm
    assert growth < 50, f"RSS grew {growth:.0f} MB from epoch {capacity // 2:,} to {last_epoch:,}"


# ---------------------------------------------------------------------- app bugs found here
# (xfails until the lead's 5227f3f fixed them; kept as regression tests)
def test_an_unexpected_error_in_one_command_does_not_kill_the_training_thread(
    qtbot, tmp_path, monkeypatch
):
    import nnviz.app.engine as engine_module

    w = make_window(qtbot, tmp_path)
    real = engine_module.build_trainer
    calls = []

    def fails_once(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("injected fault")
        return real(*args, **kwargs)

    monkeypatch.setattr(engine_module, "build_trainer", fails_once)
    w.reset()
    qtbot.waitUntil(lambda: close_dialogs(w) > 0, timeout=WAIT_MS)
    before, generation = epoch(w), w.model.generation
    w.step()
    qtbot.waitUntil(lambda: epoch(w) == before + 1, timeout=3_000)
    w.reset()
    qtbot.waitUntil(lambda: w.model.generation > generation, timeout=3_000)


def test_gradient_norms_of_a_diverged_network_do_not_kill_the_worker(qtbot, tmp_path):
    from nnviz.core.trainer import NetworkConfig, TrainConfig

    w = make_window(qtbot, tmp_path)
    w.network_panel.set_configs(
        NetworkConfig(hidden=(8, 8), activation="linear"),
        TrainConfig(learning_rate=100.0, batch_size=10),
    )
    w.main_tabs.setCurrentWidget(w.view("layers"))
    generation = w.model.generation
    w.reset()
    qtbot.waitUntil(lambda: w.model.generation > generation, timeout=WAIT_MS)
    w.set_training(True)
    qtbot.waitUntil(
        lambda: w.model.last_snapshot.state == "diverged" or close_dialogs(w) > 0, timeout=WAIT_MS
    )
    answered(qtbot)
    assert close_dialogs(w) == 0, "the worker reported an internal error"
    assert w.model.last_snapshot.state == "diverged"


def test_many_points_per_class_keep_the_window_answering(qtbot, tmp_path):
    w = make_window(qtbot, tmp_path)
    generation = w.model.generation
    meter = GapMeter().start()
    w.dataset_panel.samples.setValue(30_000)
    qtbot.waitUntil(
        lambda: (
            w.model.generation > generation
            and w.model.last_snapshot is not None
            and w.model.last_snapshot.generation == w.model.generation
        ),
        timeout=60_000,
    )
    answered(qtbot, timeout_ms=60_000)
    meter.stop()
    assert not meter.froze(), (
        f"the window did not answer for {meter.worst:.1f} s ({meter.worst_busy:.1f} s working)"
    )
