"""The engine in its own process (the app's default): it trains, matches the CLI bit for
bit, survives being killed, and never outlives the window — closed, crashed or Ctrl+C."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox, QPushButton

from nnviz.app.config import DataRequest, SessionConfig, build_trainer
from nnviz.core.trainer import NetworkConfig, TrainConfig
from tests.gui.helpers import WAIT_MS, epoch, make_window, settle, state, wait_ready

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
REPO = Path(__file__).resolve().parents[2]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")  # a zombie is gone for our purpose
    return not (stat.exists() and stat.read_text().split(")")[-1].split()[0] == "Z")


def _gone_within(pid: int, seconds: float) -> bool:
    """Poll (a process outside Qt: no event to wait on) until ``pid`` has exited."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not _alive(pid):
            return True
        time.sleep(0.05)
    return not _alive(pid)


def process_window(qtbot, tmp_path):
    w = make_window(qtbot, tmp_path, engine="process")
    qtbot.waitUntil(lambda: w.engine.pid is not None, timeout=WAIT_MS)
    return w


def test_the_window_trains_in_another_process(qtbot, tmp_path):
    w = process_window(qtbot, tmp_path)
    assert w.engine.pid != os.getpid() and _alive(w.engine.pid)
    maps = []  # the decision maps that arrived (a frame brings one only when it changed)

    def keep(snap) -> None:
        if snap.boundary is not None:
            maps.append(snap.boundary)

    w.model.frame.connect(keep, weak=False)
    w.set_training(True)
    qtbot.waitUntil(lambda: epoch(w) >= 20, timeout=WAIT_MS)
    assert w.view("boundary").image.image is not None  # drawn from shared memory
    w.set_training(False)
    qtbot.waitUntil(lambda: state(w) == "paused", timeout=WAIT_MS)
    paused = epoch(w)
    settle(qtbot, w)
    assert epoch(w) == paused and len(w.model.curves) == paused
    assert maps and not any(m.flags.writeable for m in maps)  # read-only shared memory


def test_steps_in_the_process_match_the_cli_bit_for_bit(qtbot, tmp_path):
    w = process_window(qtbot, tmp_path)
    config = SessionConfig(
        data=DataRequest(key="moons", samples=60, noise=0.2),
        network=NetworkConfig(hidden=(6, 6), activation="tanh", init="xavier"),
        train=TrainConfig(learning_rate=0.1, batch_size=16, seed=5),
    )
    w.apply_config(config)
    qtbot.waitUntil(lambda: w.model.info.dataset.key == "moons", timeout=WAIT_MS)
    wait_ready(qtbot, w)
    for n in range(1, 4):
        w.step()
        qtbot.waitUntil(lambda n=n: epoch(w) == n, timeout=WAIT_MS)
    trainer = build_trainer(w.model.info.config)
    trainer.run(3)
    assert w.model.curves.last[1] == trainer.history[-1].train_loss


def test_a_killed_engine_leaves_the_window_up_and_can_be_restarted(qtbot, tmp_path):
    w = process_window(qtbot, tmp_path)
    saved = tmp_path / "model.npz"
    w.files.save_model(str(saved))
    qtbot.waitUntil(lambda: "Saved to" in w.state_label.text(), timeout=WAIT_MS)
    w.set_training(True)
    qtbot.waitUntil(lambda: epoch(w) >= 5, timeout=WAIT_MS)
    old_pid, generation = w.engine.pid, w.model.generation
    os.kill(old_pid, signal.SIGKILL)
    qtbot.waitUntil(
        lambda: w.findChild(QMessageBox, "engineStoppedDialog") is not None, timeout=WAIT_MS
    )
    assert "stopped unexpectedly (killed by signal 9)" in w.state_label.text()
    assert not w.controls.train.isChecked() and w.isVisible()
    assert saved.is_file()  # what the user saved is untouched
    w.findChild(QPushButton, "restartEngineButton").click()
    qtbot.waitUntil(lambda: w.engine.pid not in (None, old_pid), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: w.model.generation > 0 and epoch(w) == 0, timeout=WAIT_MS)
    assert w.model.generation == 1 <= generation  # a fresh engine counts from 1 again
    w.set_training(True)
    qtbot.waitUntil(lambda: epoch(w) >= 5, timeout=WAIT_MS)
    assert w.files.open_model(str(saved))


def test_closing_the_window_ends_the_engine(qtbot, tmp_path):
    w = process_window(qtbot, tmp_path)
    pid = w.engine.pid
    w.set_training(True)
    qtbot.waitUntil(lambda: epoch(w) >= 2, timeout=WAIT_MS)
    w.close()
    assert not w.engine.running and _gone_within(pid, 5)


APP = textwrap.dedent(
    """
    import os, signal, sys
    from PySide6.QtCore import QSettings, QTimer
    from nnviz.gui.app import make_application, quit_on_ctrl_c
    from nnviz.gui.main_window import MainWindow

    def main():
        app = make_application(["nnviz"])
        w = MainWindow(QSettings(sys.argv[2], QSettings.Format.IniFormat), engine="process")
        w.show()
        quit_on_ctrl_c(w)
        def ready():
            if w.engine.pid is None or w.model.last_snapshot is None:
                QTimer.singleShot(20, ready)
                return
            w.set_training(True)
            print(w.engine.pid, flush=True)
            if sys.argv[1] == "crash":
                os.kill(os.getpid(), signal.SIGKILL)
        QTimer.singleShot(0, ready)
        sys.exit(app.exec())

    if __name__ == "__main__":
        main()
    """
)


def _run_app(tmp_path: Path, mode: str, stderr=subprocess.DEVNULL) -> tuple[subprocess.Popen, int]:
    script = tmp_path / "app.py"
    script.write_text(APP)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(
        [sys.executable, str(script), mode, str(tmp_path / "s.ini")],
        stdout=subprocess.PIPE,
        stderr=stderr,
        text=True,
        env=env,
        start_new_session=True,  # its own process group, as a terminal would start it
    )
    line = proc.stdout.readline()
    if not line.strip().isdigit():
        proc.kill()
        proc.wait()
        proc.stdout.close()
        pytest.fail("the app did not report its engine")
    return proc, int(line)


def test_no_engine_outlives_a_crashed_window(tmp_path):
    err = tmp_path / "stderr.txt"
    with err.open("w") as f:
        proc, engine_pid = _run_app(tmp_path, "crash", stderr=f)
        with proc.stdout:
            assert proc.wait(timeout=30) == -signal.SIGKILL
        assert _gone_within(engine_pid, 10), "the engine process was orphaned"
    # the engine freed its shared memory as it went (no "leaked shared_memory" warning)
    assert _resource_tracker_quiet(engine_pid, err)


def test_sigterm_closes_the_window_properly(tmp_path):
    """``kill`` (SIGTERM, as a session ending sends it): the window closes as if the user
    closed it — settings saved, the engine stopped, its shared memory freed."""
    err = tmp_path / "stderr.txt"
    with err.open("w") as f:
        proc, engine_pid = _run_app(tmp_path, "run", stderr=f)
        with proc.stdout:
            os.kill(proc.pid, signal.SIGTERM)
            assert proc.wait(timeout=30) == 0
        assert _gone_within(engine_pid, 10), "the engine process was orphaned"
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    assert settings.value("window/geometry") is not None  # saved on the way out
    assert _resource_tracker_quiet(engine_pid, err)


def _resource_tracker_quiet(engine_pid: int, err: Path) -> bool:
    """No leaked-shared-memory warning once the engine's resource tracker has exited (it
    prints the warning as it exits, after the engine)."""
    for _ in range(100):
        text = err.read_text()
        if "leaked shared_memory" in text:
            return False
        if not _trackers_alive():
            return "leaked shared_memory" not in err.read_text()
        time.sleep(0.05)  # a subprocess outside Qt: polling its exit is the only way
    return "leaked shared_memory" not in err.read_text()


def _trackers_alive() -> bool:
    out = subprocess.run(["pgrep", "-f", "resource_tracker"], capture_output=True, text=True)
    return bool(out.stdout.strip())


def test_ctrl_c_in_the_terminal_closes_the_window_and_its_engine(tmp_path):
    proc, engine_pid = _run_app(tmp_path, "run")
    with proc.stdout:
        os.killpg(proc.pid, signal.SIGINT)  # what Ctrl+C sends: the whole process group
        assert proc.wait(timeout=30) == 0
    assert _gone_within(engine_pid, 10), "the engine process was orphaned"
