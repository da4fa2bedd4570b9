"""Shared helpers for the GUI tests: a window with its own settings file, waiting on states."""

from __future__ import annotations

import itertools
from pathlib import Path

from PySide6.QtCore import QSettings

from nnviz.gui.main_window import MainWindow

WAIT_MS = 20_000  # generous: CI machines are slow and shared
_TOKENS = itertools.count()
LIVE: list[MainWindow] = []  # closed by the autouse fixture in tests/gui/conftest.py


def make_window(
    qtbot, tmp_path: Path, name: str = "settings.ini", *, show: bool = True, engine=None
) -> MainWindow:
    """A MainWindow with its settings in ``tmp_path``; closed by qtbot at teardown.

    ``engine``: ``"thread"`` (the tests' default, see conftest) or ``"process"`` (the app's).
    """
    settings = QSettings(str(tmp_path / name), QSettings.Format.IniFormat)
    w = MainWindow(settings, engine=engine)
    qtbot.addWidget(w)
    LIVE.append(w)
    if show:
        w.show()
    wait_ready(qtbot, w)
    return w


def wait_ready(qtbot, w: MainWindow) -> None:
    """Wait for the first snapshot of the current network generation."""
    qtbot.waitUntil(
        lambda: (
            w.model.last_snapshot is not None
            and w.model.last_snapshot.generation == w.model.generation
        ),
        timeout=WAIT_MS,
    )


def epoch(w: MainWindow) -> int:
    return w.model.last_snapshot.epoch if w.model.last_snapshot is not None else 0


def state(w: MainWindow) -> str:
    return w.model.last_snapshot.state if w.model.last_snapshot is not None else ""


def select_dataset(qtbot, w: MainWindow, key: str) -> None:
    """Choose ``key`` in the dataset combo as a user would, and wait for its network."""
    combo = w.dataset_panel.combo
    if combo.currentData() == key:
        return
    before = w.model.generation
    combo.setCurrentIndex(combo.findData(key))
    qtbot.waitUntil(lambda: w.model.generation > before, timeout=WAIT_MS)
    wait_ready(qtbot, w)


def settle(qtbot, w: MainWindow) -> None:
    """Wait until the engine has run every command sent so far and sent what they produced.

    The engine's barrier (``ping``) is answered at the end of the turn that ran it, after
    any snapshot of that turn, so a test can prove that nothing else happened without
    sleeping for an "observation window".
    """
    token = next(_TOKENS)  # a number: it crosses into the engine's process and back
    with qtbot.waitSignal(
        w.engine.pinged, timeout=WAIT_MS, check_params_cb=lambda got: got == token
    ):
        w.engine.ping(token)


def step_epochs(qtbot, w: MainWindow, n: int) -> None:
    """Press Step ``n`` times, waiting for each epoch to be shown, then settle."""
    for _ in range(n):
        before = epoch(w)
        w.controls.step.click()
        qtbot.waitUntil(lambda b=before: epoch(w) == b + 1, timeout=WAIT_MS)
    settle(qtbot, w)


def idle_trainer(qtbot, w: MainWindow):
    """The thread engine's own trainer, read behind the barrier: :func:`settle` has run
    every command sent so far and the engine is not training, so nothing touches it.
    (The tests' default engine is a thread; a process engine's objects are not here.)"""
    settle(qtbot, w)
    assert state(w) != "training", "read the engine's objects only while it is idle"
    return w.engine.engine.trainer


def train_to_the_end(qtbot, w: MainWindow, epochs: int) -> None:
    """Set an epoch limit, Reset, press Train and wait until the run is done."""
    w.network_panel.epochs.setValue(epochs)
    w.reset()
    wait_ready(qtbot, w)
    w.set_training(True)
    qtbot.waitUntil(lambda: state(w) == "done", timeout=WAIT_MS)


def trained_moons_session(qtbot, w: MainWindow, tmp_path: Path) -> Path:
    """Train 25 epochs on the moons (seed 5) to the end and save the session (with its
    weights) as ``run.json``: its path."""
    select_dataset(qtbot, w, "moons")
    w.network_panel.seed.setValue(5)
    train_to_the_end(qtbot, w, 25)
    path = tmp_path / "run.json"
    w.files.save_session(str(path))
    qtbot.waitUntil(lambda: "Saved to" in w.state_label.text(), timeout=WAIT_MS)
    return path
