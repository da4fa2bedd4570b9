"""Every broken input through the app: the message is shown, the previous work goes on.

For each format the window first holds a working dataset and network (a small MNIST
folder for the dataset formats, the spiral otherwise).  Then every broken case of
:mod:`tests.reliability.bad_files` goes through the entry point a user would use
(folder chooser, Open model, Import weights, Open points CSV, Open session), and:

- an error dialog (objectName ``errorDialog``) says what the status line says;
- the dataset and network in use are the same as before (same generation);
- they are still usable: Step trains one more epoch.
"""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtWidgets import QMessageBox

from tests.data.mnist_fixtures import write_idx_dataset
from tests.gui.helpers import WAIT_MS, epoch, make_window, select_dataset, settle, state
from tests.reliability.bad_files import DATASET_FORMATS, FORMATS, all_cases
from tests.reliability.conftest import lock_files

CASES = all_cases()


def error_dialogs(w) -> list[QMessageBox]:
    return [b for b in w.findChildren(QMessageBox, "errorDialog") if b.isVisible()]


def close_dialogs(w) -> None:
    for box in error_dialogs(w):
        box.done(0)


def not_found(w) -> bool:
    return "not found" in w.state_label.text() and "not found" in w.dataset_panel.location.text()


def wait_for(qtbot, condition, what: str) -> None:
    """``qtbot.waitUntil`` that says which case timed out."""
    try:
        qtbot.waitUntil(condition, timeout=WAIT_MS)
    except qtbot.TimeoutError:
        pytest.fail(what)


def open_in_app(w, fmt: str, target) -> None:
    """What a user does to read ``target``: the File menu's commands or the folder chooser."""
    if fmt in DATASET_FORMATS:
        w.files.use_data_folder(str(target))
    elif fmt == "model-npz":
        w.files.open_model(str(target))
    elif fmt == "book-pkl":
        w.files.import_dlfs(str(target), "sigmoid")
    elif fmt == "points-csv":
        w.files.open_points(str(target))
    elif fmt == "session-json":
        w.files.open_session(str(target))
    else:
        raise ValueError(fmt)


def still_usable(qtbot, w, generation: int, key: str, sizes) -> None:
    """The same dataset and network as before, and Step still trains one epoch."""
    assert w.model.generation == generation
    assert w.model.info.dataset.key == key and w.model.info.sizes == sizes
    before = epoch(w)
    w.step()
    qtbot.waitUntil(lambda: epoch(w) == before + 1 and state(w) == "paused", timeout=WAIT_MS)


def window_with_previous_work(qtbot, tmp_path, fmt: str):
    w = make_window(qtbot, tmp_path)
    if fmt in DATASET_FORMATS:
        folder = tmp_path / "good-mnist"
        write_idx_dataset(folder, n_train=40, n_test=10)
        w.dataset_panel.set_data_dir("mnist", str(folder))
        select_dataset(qtbot, w, "mnist")
    w.step()
    qtbot.waitUntil(lambda: epoch(w) == 1, timeout=WAIT_MS)
    return w


def gui_cases(fmt: str, which: str = "all"):
    """Every case of ``fmt``, or (``which="kinds"``) the first case of each kind of damage."""
    cases = list(CASES[fmt])
    if which == "kinds":
        first: dict[str, object] = {}
        for case in cases:
            first.setdefault(case.kind, case)
        cases = list(first.values())
    return cases


# The default run reads one broken file of each kind per format through the window (~100);
# every variant (~340: each truncation offset, each wrong field, …) is a soak test, run by
# CI's second step with the other slow tests. The CLI and loader tests read all of them.
@pytest.mark.parametrize(
    ("fmt", "which"),
    [pytest.param(f, "kinds", id=f) for f in FORMATS]
    + [pytest.param(f, "all", id=f"{f}-all", marks=pytest.mark.slow) for f in FORMATS],
)
def test_every_bad_input_shows_its_message_and_keeps_the_previous_work(
    qtbot, tmp_path, monkeypatch, fmt, which
):
    w = window_with_previous_work(qtbot, tmp_path, fmt)
    shown = 0
    cases = gui_cases(fmt, which)
    for i, case in enumerate(cases):
        generation, key, sizes = w.model.generation, w.model.info.dataset.key, w.model.info.sizes
        with monkeypatch.context() as m:
            built = case.build(tmp_path / f"case{i}")
            for target, value in built.patches.items():
                m.setattr(target, value)
            if built.locked:
                lock_files(m, built.locked)
            open_in_app(w, fmt, built.target)
            # Worker-side failures (loading data, fitting a model) arrive a moment later.
            wait_for(
                qtbot,
                lambda: bool(error_dialogs(w)) or not_found(w),
                f"{case}: no error shown; {w.state_label.text()!r}",
            )
        if not_found(w):
            # A folder without usable files is "not found" inline, with Download and
            # Choose folder next to it (tests/gui/test_main_window.py), not a dialog.
            assert fmt in DATASET_FORMATS and case.kind == "directory instead of file", case
            assert not error_dialogs(w)
            still_usable(qtbot, w, generation, key, sizes)
            shown += 1
            continue
        boxes = error_dialogs(w)
        assert len(boxes) == 1, f"{case}: {[b.text() for b in boxes]}"
        message = boxes[0].text()
        assert message and "\n" not in message and "Traceback" not in message, (case, message)
        assert w.state_label.text() == f"Error: {message}", case
        close_dialogs(w)
        still_usable(qtbot, w, generation, key, sizes)
        shown += 1
    assert shown == len(cases)


# ---------------------------------------------------------------------- known app bugs
def _session_case(variant: str):
    return next(c for c in CASES["session-json"] if c.variant == variant)


def test_a_session_with_out_of_range_values_is_refused_not_clamped(qtbot, tmp_path):
    # (10^7 points per class is clamped to 100,000, whose drawing then blocks the GUI for
    # ~20 s: see test_gui_stress.py; only the quick case runs here.)
    variant = "99 classes for the spiral"
    w = window_with_previous_work(qtbot, tmp_path, "session-json")
    generation = w.model.generation
    w.files.open_session(str(_session_case(variant).build(tmp_path / "case").target))
    wait_for(qtbot, lambda: bool(error_dialogs(w)) or w.model.generation > generation, variant)
    assert error_dialogs(w), f"no message; the app now trains {w.model.info.dataset!r}"
    assert w.model.generation == generation


def test_a_session_whose_weights_do_not_fit_leaves_the_previous_work(qtbot, tmp_path):
    w = window_with_previous_work(qtbot, tmp_path, "session-json")
    generation, trained_epoch = w.model.generation, epoch(w)
    w.files.open_session(str(_session_case("784-input weights").build(tmp_path / "case").target))
    wait_for(qtbot, lambda: bool(error_dialogs(w)), "no error shown")
    settle(qtbot, w)  # any reset the session asked for has run (or was refused)
    assert w.state_label.text().startswith("Error:"), w.state_label.text()
    assert w.model.generation == generation and epoch(w) == trained_epoch


def test_after_a_broken_folder_reset_uses_the_data_still_in_use(qtbot, tmp_path):
    w = window_with_previous_work(qtbot, tmp_path, "idx-gz")
    good_dir = w.model.info.config.data.data_dir
    generation = w.model.generation
    bad = next(c for c in CASES["idx-gz"] if c.kind == "truncated").build(tmp_path / "bad")
    w.files.use_data_folder(str(bad.target))
    wait_for(qtbot, lambda: bool(error_dialogs(w)), "no error shown")
    close_dialogs(w)
    assert w.model.generation == generation
    assert w.dataset_panel.request().data_dir == good_dir
    assert w.settings.value("data/dirs/mnist") == good_dir
    w.reset()
    wait_for(qtbot, lambda: w.model.generation > generation or bool(error_dialogs(w)), "reset")
    assert not error_dialogs(w) and w.model.info.config.data.data_dir == good_dir


def test_after_a_broken_points_csv_reset_uses_the_points_still_in_use(qtbot, tmp_path):
    from tests.reliability.bad_files import good_case

    w = window_with_previous_work(qtbot, tmp_path, "points-csv")
    good = good_case("points-csv").build(tmp_path / "good").target
    generation = w.model.generation
    w.files.open_points(str(good))
    qtbot.waitUntil(lambda: w.model.generation > generation, timeout=WAIT_MS)
    generation = w.model.generation
    bad = next(c for c in CASES["points-csv"] if c.kind == "truncated").build(tmp_path / "bad")
    w.files.open_points(str(bad.target))
    wait_for(qtbot, lambda: bool(error_dialogs(w)), "no error shown")
    close_dialogs(w)
    assert w.model.generation == generation
    w.reset()
    wait_for(qtbot, lambda: w.model.generation > generation or bool(error_dialogs(w)), "reset")
    assert not error_dialogs(w), [b.text() for b in error_dialogs(w)]


# ---------------------------------------------------------------------- settings (QSettings INI)
def _config_json(**changes) -> str:
    import json

    from nnviz.app.config import config_to_json
    from nnviz.gui.main_window import default_session

    obj = config_to_json(default_session())
    for dotted, value in changes.items():
        section, key = dotted.split("__")
        obj[section][key] = value
    return json.dumps(obj)


# name → values written with QSettings (so they arrive as the types given), or raw file bytes
SETTINGS_CASES: dict[str, dict | bytes] = {
    "empty file": b"",
    "binary garbage": np.random.default_rng(6).integers(0, 256, 4096, dtype=np.uint8).tobytes(),
    "truncated INI": b'[General]\nversion=1\n[session]\nconfig="{\\"data\\": {\\"key\\": \\"spir',
    "NUL bytes": b"\x00" * 1000,
    "version a word": {"version": "abc", "session/config": _config_json(data__key="moons")},
    "version from the future": {"version": 999, "session/config": _config_json(data__key="moons")},
    "config not JSON": {"version": 1, "session/config": "{not json"},
    "config a JSON list": {"version": 1, "session/config": "[1, 2, 3]"},
    "config a number": {"version": 1, "session/config": "5"},
    "config null": {"version": 1, "session/config": "null"},
    "config an integer value": {"version": 1, "session/config": 42},
    "config negative layer": {"version": 1, "session/config": _config_json(network__hidden=[-1])},
    "config learning rate a word": {
        "version": 1,
        "session/config": _config_json(train__learning_rate="fast"),
    },
    "config NaN learning rate": {
        "version": 1,
        "session/config": _config_json(train__learning_rate=float("nan")),
    },
    "config unknown dataset": {"version": 1, "session/config": _config_json(data__key="cifar10")},
    "config negative seed": {"version": 1, "session/config": _config_json(train__seed=-3)},
    "config noise a word": {"version": 1, "session/config": _config_json(data__noise="loud")},
    "geometry garbage": {
        "version": 1,
        "window/geometry": b"\x00\xff" * 50,
        "window/state": b"\x01" * 7,
    },
    "splitters garbage": {
        "version": 1,
        "window/main_splitter": b"\xff" * 33,
        "window/curve_splitter": "text",
    },
    "geometry a string": {"version": 1, "window/geometry": "1500x900"},
    "data dir a number": {"version": 1, "data/dir": 12345},
    "data dir a file": {"version": 1, "data/dir": "/etc/hostname"},
    "appearance garbage": {"version": 1, "view/appearance": 42},
    "language garbage": {"version": 1, "view/language": "xx-Klingon"},
    "last folder garbage": {"version": 1, "files/last_dir": b"\xff\xfe"},
}


@pytest.mark.parametrize("name", list(SETTINGS_CASES))
def test_garbage_settings_fall_back_to_a_usable_window(qtbot, tmp_path, name):
    from PySide6.QtCore import QSettings

    from nnviz.gui.main_window import MainWindow
    from tests.gui import helpers

    path = tmp_path / "settings.ini"
    content = SETTINGS_CASES[name]
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        s = QSettings(str(path), QSettings.Format.IniFormat)
        for key, value in content.items():
            s.setValue(key, value)
        s.sync()
        del s
    w = MainWindow(QSettings(str(path), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    helpers.LIVE.append(w)
    w.show()
    helpers.wait_ready(qtbot, w)
    assert not error_dialogs(w), [b.text() for b in error_dialogs(w)]
    still_usable(qtbot, w, w.model.generation, w.model.info.dataset.key, w.model.info.sizes)
    w.close()  # and the garbage is replaced by settings that load
    w2 = MainWindow(QSettings(str(path), QSettings.Format.IniFormat))
    qtbot.addWidget(w2)
    helpers.LIVE.append(w2)
    helpers.wait_ready(qtbot, w2)
    assert w2.model.info.dataset.key == w.model.info.dataset.key


def test_deeply_nested_settings_do_not_stop_the_app_from_starting(tmp_path):
    # In a subprocess: a constructor that raises leaves a half-built window behind.
    import subprocess
    import sys

    from PySide6.QtCore import QSettings

    path = tmp_path / "settings.ini"
    s = QSettings(str(path), QSettings.Format.IniFormat)
    s.setValue("version", 1)
    s.setValue("session/config", "[" * 100_000 + "]" * 100_000)
    s.sync()
    del s
    code = (
        "import sys\n"
        "from PySide6.QtCore import QSettings\n"
        "from nnviz.gui.app import make_application\n"
        "app = make_application(['t'])\n"
        "from nnviz.gui.main_window import MainWindow\n"
        f"w = MainWindow(QSettings({str(path)!r}, QSettings.Format.IniFormat))\n"
        "w.close()\n"
        "print('started')\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and "started" in proc.stdout, proc.stderr[-800:]


def test_a_saved_dataset_that_is_gone_falls_back_to_a_usable_window(qtbot, tmp_path):
    from PySide6.QtCore import QSettings

    from nnviz.gui.main_window import MainWindow
    from tests.gui import helpers

    path = tmp_path / "settings.ini"
    s = QSettings(str(path), QSettings.Format.IniFormat)
    s.setValue("version", 1)
    s.setValue(
        "session/config", _config_json(data__key="csv", data__path=str(tmp_path / "gone.csv"))
    )
    s.sync()
    del s
    w = MainWindow(QSettings(str(path), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    helpers.LIVE.append(w)
    w.show()
    wait_for(qtbot, lambda: bool(error_dialogs(w)) or w.model.info is not None, "nothing happened")
    settle(qtbot, w)  # every reset asked for so far has run
    assert w.model.info is not None, f"no network; status {w.state_label.text()!r}"
