"""File → Export as Python: the script the window writes predicts exactly what the app does."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
from PySide6.QtGui import QAction

from nnviz.core.modelio import load_model
from tests.gui.helpers import WAIT_MS, make_window, step_epochs


def run_exported(script, data) -> tuple[str, np.ndarray]:
    """Run an exported script on an .npz; its output and its predicted class indices."""
    out = script.with_name("predictions.csv")
    r = subprocess.run(
        [sys.executable, str(script), str(data), "--predictions", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    rows = out.read_text(encoding="utf-8").splitlines()[1:]
    return r.stdout, np.array([int(row.split(",")[0]) for row in rows])


def export_from_menu(qtbot, w, monkeypatch, path) -> None:
    """Choose File → Export as Python… and answer the file dialog with ``path``."""
    monkeypatch.setattr(w.files, "ask_path", lambda *a, **k: str(path))
    action = w.findChild(QAction, "exportPythonAction")
    assert action.text() == "Export as Python…"
    with qtbot.waitSignal(w.engine.saved, timeout=WAIT_MS):
        action.trigger()
    assert w.state_label.text() == f"Saved to {path}."


def test_exported_script_predicts_what_the_app_predicts(qtbot, tmp_path, monkeypatch):
    w = make_window(qtbot, tmp_path)
    w.dataset_panel.test_ratio.setValue(0.3)
    qtbot.waitUntil(lambda: w.model.info.dataset.has_test, timeout=WAIT_MS)
    step_epochs(qtbot, w, 5)
    script = tmp_path / "spiral_net.py"
    export_from_menu(qtbot, w, monkeypatch, script)
    ds = w.model.info.dataset
    x = np.concatenate([ds.x_train, ds.x_test])
    y = np.concatenate([ds.y_train, ds.y_test])
    np.savez(tmp_path / "data.npz", x=x, y=y)
    stdout, predicted = run_exported(script, tmp_path / "data.npz")
    # the app's own predictions: the network it holds now, as File → Save model writes it
    with qtbot.waitSignal(w.engine.saved, timeout=WAIT_MS):
        w.files.save_model(str(tmp_path / "net.npz"))
    app = load_model(tmp_path / "net.npz").network.predict(x)
    np.testing.assert_array_equal(predicted, app)
    correct = int((app == y).sum())
    assert f"Accuracy: {correct / len(y):.4f} ({correct} of {len(y)} rows)" in stdout
