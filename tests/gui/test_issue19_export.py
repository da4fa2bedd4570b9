"""File → Export as Python: the script the window writes predicts exactly what the app does."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QAction

from nnviz.core.modelio import load_model
from tests.core.test_export_code import run_script
from tests.gui.helpers import (
    WAIT_MS,
    idle_trainer,
    make_window,
    select_dataset,
    step_epochs,
    wait_ready,
)


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
    stdout, predicted, _ = run_script(script, tmp_path / "data.npz")
    # the app's own predictions: the network it holds now, as File → Save model writes it
    with qtbot.waitSignal(w.engine.saved, timeout=WAIT_MS):
        w.files.save_model(str(tmp_path / "net.npz"))
    app = load_model(tmp_path / "net.npz").network.predict(x)
    np.testing.assert_array_equal(predicted, app)
    correct = int((app == y).sum())
    assert f"Accuracy: {correct / len(y):.4f} ({correct} of {len(y)} rows)" in stdout


def test_the_crossed_circle_lessons_script_predicts_what_the_app_predicts(
    qtbot, tmp_path, monkeypatch
):
    w = make_window(qtbot, tmp_path)
    w.findChild(QAction, "tutorial:circle-crosses").trigger()
    qtbot.waitUntil(lambda: w.model.info.dataset.key == "circle", timeout=WAIT_MS)
    wait_ready(qtbot, w)
    step_epochs(qtbot, w, 3)
    script = tmp_path / "circle_net.py"
    export_from_menu(qtbot, w, monkeypatch, script)
    assert "x1 * x1,  # x₁²" in script.read_text(encoding="utf-8")
    ds = w.model.info.dataset
    x = np.concatenate([ds.inputs("train"), ds.inputs("test")])  # the points as drawn
    y = np.concatenate([ds.y_train, ds.y_test])
    np.savez(tmp_path / "points.npz", x=x, y=y)
    stdout, predicted, _ = run_script(script, tmp_path / "points.npz")
    with qtbot.waitSignal(w.engine.saved, timeout=WAIT_MS):
        w.files.save_model(str(tmp_path / "net.npz"))
    model = load_model(tmp_path / "net.npz")
    assert model.crosses.names == ("x1^2", "x2^2")
    app = model.network.predict(np.concatenate([ds.x_train, ds.x_test]))  # the crossed inputs
    np.testing.assert_array_equal(predicted, app)
    correct = int((app == y).sum())
    assert f"Accuracy: {correct / len(y):.4f} ({correct} of {len(y)} rows)" in stdout


def test_opening_a_crossed_model_shows_its_inputs_and_its_accuracy(qtbot, tmp_path, capsys):
    from nnviz.cli import main

    path = tmp_path / "circle.npz"
    argv = ["train", "--dataset", "circle", "--hidden", "0", "--features", "x1^2,x2^2"]
    assert main([*argv, "--epochs", "50", "--save", str(path)]) == 0
    w = make_window(qtbot, tmp_path)
    select_dataset(qtbot, w, "circle")  # plain inputs x₁, x₂
    boxes = w.network_panel.features.boxes
    assert [n for n, b in boxes.items() if b.isChecked()] == ["x1", "x2"]
    before = w.model.generation
    assert w.files.open_model(str(path))
    qtbot.waitUntil(lambda: w.model.generation > before, timeout=WAIT_MS)
    wait_ready(qtbot, w)
    assert [n for n, b in boxes.items() if b.isChecked()] == ["x1^2", "x2^2"]
    assert not w.network_panel.is_pending()  # the panel shows what runs
    assert w.model.info.config.network.features == ("x1^2", "x2^2")
    w.main_tabs.setCurrentWidget(w.tab("network").widget)
    qtbot.waitUntil(lambda: w.view("network").input_labels == ("x₁²", "x₂²"), timeout=WAIT_MS)
    assert idle_trainer(qtbot, w).evaluate("test")[1] == 1.0  # as training reported
