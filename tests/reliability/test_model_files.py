"""Saving models and sessions is atomic, even when the process is killed mid-write.

A child process saves two different networks to the same file again and again; it is
killed with SIGKILL while a temporary file is being written.  Afterwards the file must
load and hold one of the two networks, never a mixture or a half-written file, and
nothing with the file's name may be left that passes for it.  The same for session
files, plus a full disk, a missing folder and file permissions.
"""

from __future__ import annotations

import errno
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from nnviz.app.config import SessionConfig
from nnviz.app.session_file import SessionFile, load_session, model_to_bytes, save_session
from nnviz.core.modelio import load_model, save_model
from nnviz.core.network import Network
from nnviz.errors import ModelError, NnvizError

REPO = Path(__file__).resolve().parents[2]
SIZES = [784, 1500, 10]  # ~1.2M parameters: each save takes long enough to be caught in it

SAVING_FOREVER = """
import sys
from pathlib import Path
from nnviz.core.network import Network
from nnviz.core.modelio import save_model
from nnviz.app.config import SessionConfig
from nnviz.app.session_file import SessionFile, model_to_bytes, save_session
kind, path = sys.argv[1], Path(sys.argv[2])
sizes = [784, 1500, 10]
nets = [Network(sizes, seed=1), Network(sizes, seed=2)]
blobs = [model_to_bytes(n) for n in nets] if kind == "session" else None
i = 0
while True:
    if kind == "model":
        save_model(path, nets[i % 2])
    else:
        save_session(path, SessionFile(SessionConfig(), epoch=i % 2, model_npz=blobs[i % 2]))
    i += 1
    (path.parent / "saves").write_text(str(i))
"""


def kill_mid_write(kind: str, path: Path) -> None:
    """Start the saving loop, wait until it is writing a temporary file, SIGKILL it."""
    proc = subprocess.Popen(
        [sys.executable, "-c", SAVING_FOREVER, kind, str(path)], cwd=REPO,
        stderr=subprocess.PIPE,
    )  # fmt: skip
    counter = path.parent / "saves"
    try:
        deadline = time.monotonic() + 120
        # Past the first complete save, then inside the next one's temporary file.
        while not (counter.exists() and int(counter.read_text() or 0) >= 1):
            if proc.poll() is not None:
                pytest.fail(proc.stderr.read().decode()[-800:])
            assert time.monotonic() < deadline
            time.sleep(0.005)  # polling files another process writes; no Qt here
        while not any(p.stat().st_size > 0 for p in temporaries(path)):
            assert proc.poll() is None and time.monotonic() < deadline
            time.sleep(0.001)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=30)


def temporaries(path: Path) -> list[Path]:
    return [p for p in path.parent.iterdir() if p.name.startswith(f".{path.name}.")]


def same_params(model, net: Network) -> bool:
    return all(np.array_equal(model.network.params[k], v) for k, v in net.params.items())


def test_a_model_save_killed_mid_write_leaves_the_old_or_the_new_model(tmp_path):
    path = tmp_path / "model.npz"
    nets = [Network(SIZES, seed=1), Network(SIZES, seed=2)]
    for _ in range(2):
        kill_mid_write("model", path)
        assert temporaries(path), "the kill did not land inside a save"
        model = load_model(path)  # complete, or this raises
        assert same_params(model, nets[0]) or same_params(model, nets[1])
    # What a crash leaves behind is hidden and never read as the model.
    assert all(p.name.endswith(".tmp") and p.name.startswith(".") for p in temporaries(path))


def test_a_session_save_killed_mid_write_leaves_the_old_or_the_new_session(tmp_path):
    path = tmp_path / "s.json"
    nets = [Network(SIZES, seed=1), Network(SIZES, seed=2)]
    kill_mid_write("session", path)
    assert temporaries(path)
    sess = load_session(path)
    from nnviz.app.session_file import model_from_bytes

    model = model_from_bytes(sess.model_npz, path.name)
    assert same_params(model, nets[sess.epoch])


# ---------------------------------------------------------------------- failures while saving
def test_a_full_disk_while_saving_a_session_keeps_the_old_file_and_leaves_no_temp(
    tmp_path, monkeypatch
):
    path = tmp_path / "s.json"
    save_session(path, SessionFile(SessionConfig(), epoch=7))
    before = path.read_bytes()
    blob = model_to_bytes(Network([2, 8, 3], seed=0))
    real_fsync = os.fsync

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    # (a session written without fsync could be renamed into place empty after a crash)
    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(NnvizError, match="No space left on device"):
        save_session(path, SessionFile(SessionConfig(), epoch=8, model_npz=blob))
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert path.read_bytes() == before
    assert temporaries(path) == []


def test_a_full_disk_while_saving_a_model_keeps_the_old_file_and_leaves_no_temp(
    tmp_path, monkeypatch
):
    path = save_model(tmp_path / "m.npz", Network([2, 8, 3], seed=0))
    before = path.read_bytes()

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(ModelError, match="No space left on device"):
        save_model(path, Network([2, 8, 3], seed=1))
    monkeypatch.undo()
    assert path.read_bytes() == before and temporaries(path) == []


@pytest.mark.parametrize("what", ["model", "session"])
def test_saved_files_get_the_permissions_a_new_file_gets(tmp_path, what):
    # (mkstemp makes owner-only files; a model or session is meant to be shared)
    old = os.umask(0o022)
    try:
        if what == "model":
            path = save_model(tmp_path / "m.npz", Network([2, 3], seed=0))
        else:
            path = save_session(tmp_path / "s.json", SessionFile(SessionConfig()))
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


@pytest.mark.parametrize("where", ["missing folder", "onto a folder"])
def test_saving_where_it_cannot_be_saved_is_one_sentence(tmp_path, where):
    target = tmp_path / "no" / "s.json" if where == "missing folder" else tmp_path
    with pytest.raises(NnvizError) as e:
        save_session(target, SessionFile(SessionConfig()))
    assert "\n" not in str(e.value) and str(e.value).endswith(".")
    assert not list(tmp_path.glob("**/.*.tmp"))


def test_the_app_reports_a_failed_save_and_keeps_training(qtbot, tmp_path):
    from PySide6.QtWidgets import QMessageBox

    from tests.gui.helpers import WAIT_MS, epoch, make_window

    w = make_window(qtbot, tmp_path)
    good = tmp_path / "kept.npz"
    w.files.save_model(str(good))
    qtbot.waitUntil(lambda: "Saved to" in w.state_label.text(), timeout=WAIT_MS)
    before = good.read_bytes()
    for target in (tmp_path / "missing" / "m.npz", tmp_path, tmp_path / "missing" / "s.json"):
        if target.suffix == ".json":
            w.files.save_session(str(target))
        else:
            w.files.save_model(str(target))
        qtbot.waitUntil(
            lambda: any(b.isVisible() for b in w.findChildren(QMessageBox, "errorDialog")),
            timeout=WAIT_MS,
        )
        for b in w.findChildren(QMessageBox, "errorDialog"):
            b.done(0)
        assert w.state_label.text().startswith("Error:"), w.state_label.text()
    assert good.read_bytes() == before
    start = epoch(w)
    w.step()
    qtbot.waitUntil(lambda: epoch(w) == start + 1, timeout=WAIT_MS)
