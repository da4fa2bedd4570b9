"""The application model, headless: curves, loss windows, earlier runs, tutorial line, status,
what to fall back to — fed by a real engine driven synchronously."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from nnviz.app.config import DataRequest, SessionConfig, default_session
from nnviz.app.engine import Engine
from nnviz.app.model import MAX_OVERLAYS, AppModel
from nnviz.app.tutorials import tutorial
from nnviz.core.trainer import NetworkConfig, TrainConfig

CONFIG = SessionConfig(
    data=DataRequest(key="xor", samples=40),
    network=NetworkConfig(hidden=(6,), activation="tanh", init="xavier"),
    train=TrainConfig(learning_rate=0.1, batch_size=8, seed=3),
)


def wired() -> tuple[Engine, AppModel, list]:
    engine, model, seen = Engine(), AppModel(), []
    engine.reset_done.connect(model.on_reset_done)
    engine.snapshot_ready.connect(lambda s: (model.on_snapshot(s), engine.frame_consumed()))
    for name in ("reset_done", "frame", "overlays_changed", "status_changed"):
        getattr(model, name).connect(lambda *a, n=name: seen.append(n))
    return engine, model, seen


def run_epochs(engine: Engine, n: int) -> None:
    for _ in range(n):
        engine.post("step")
        engine.iterate()
    engine.iterate()


def test_snapshots_fill_the_curves_and_the_status():
    engine, model, seen = wired()
    engine.post("reset", CONFIG)
    engine.iterate()
    assert model.info.sizes == (2, 6, 2) and model.status.template == "Ready — press Train."
    run_epochs(engine, 4)
    assert len(model.curves) == 4 and list(model.curves.column("x")) == [1, 2, 3, 4]
    assert model.status.template == "Paused."
    assert "frame" in seen


def test_a_snapshot_of_an_older_reset_is_dropped():
    engine, model, _ = wired()
    engine.post("reset", CONFIG)
    engine.iterate()
    old = model.last_snapshot
    engine.post("reset", replace(CONFIG, train=replace(CONFIG.train, seed=4)))
    engine.iterate()
    frames = model.frames_drawn
    assert model.on_snapshot(old) is False and model.frames_drawn == frames


def test_mean_of_n_iterations_keeps_every_loss():
    engine, model, _ = wired()
    engine.post("reset", CONFIG)
    engine.iterate()
    model.set_loss_every(10)
    losses = []
    engine.snapshot_ready.connect(lambda s: losses.append(s.batch_losses))
    run_epochs(engine, 6)  # 6 epochs of 5 batches: 30 iterations, 3 windows
    expected = np.concatenate(losses).reshape(3, 10).mean(axis=1)
    np.testing.assert_allclose(model.iteration_losses.column("loss"), expected, rtol=1e-6)
    assert list(model.iteration_losses.column("x")) == [10, 20, 30]


def test_earlier_runs_become_labelled_overlays_and_stay_bounded():
    engine, model, seen = wired()
    engine.post("reset", CONFIG)
    engine.iterate()
    for i in range(MAX_OVERLAYS + 2):
        run_epochs(engine, 2)
        lr = 0.1 + 0.1 * (i + 1)
        engine.post("reset", replace(CONFIG, train=replace(CONFIG.train, learning_rate=lr)))
        engine.iterate()
    assert len(model.previous_runs) == MAX_OVERLAYS
    newest = model.previous_runs[-1]
    assert newest.label.startswith("lr ") and len(newest.x) == 2 and newest.dataset == "xor"
    model.clear_runs()
    assert model.previous_runs == [] and seen.count("overlays_changed") == MAX_OVERLAYS + 3


def _points_csv(path, shift: int):
    rows = "".join(f"{(i + shift) % 7},{i % 5},{i % 3}\n" for i in range(60))
    path.write_text("x,y,label\n" + rows)
    return str(path)


def test_earlier_runs_stay_only_for_the_same_file_and_loss(tmp_path):
    engine, model, _ = wired()
    notes = []
    model.noticed.connect(notes.append)
    first = _points_csv(tmp_path / "a.csv", 0)
    csv = replace(CONFIG, data=DataRequest(key="csv", path=first))
    engine.post("reset", csv)
    engine.iterate()
    run_epochs(engine, 2)
    engine.post("reset", replace(csv, train=replace(CONFIG.train, learning_rate=0.3)))
    engine.iterate()
    assert [r.label for r in model.previous_runs] == ["lr 0.1 → 0.3"]  # the same file
    run_epochs(engine, 2)
    # Another file is "csv" too, but other data: its losses are not comparable.
    other = _points_csv(tmp_path / "b.csv", 3)
    engine.post("reset", replace(csv, data=DataRequest(key="csv", path=other)))
    engine.iterate()
    assert model.previous_runs == []
    assert [m.template for m in notes] == ["Earlier runs were cleared: they trained on other data."]


def test_failures_fall_back_to_the_data_in_use_or_once_to_the_defaults():
    engine, model, _ = wired()
    assert model.recovery(DataRequest(key="mnist")) == default_session()
    assert model.recovery(DataRequest(key="mnist")) is None  # only once
    engine.post("reset", CONFIG)
    engine.iterate()
    assert model.recovery(DataRequest(key="csv", path="x.csv")) == CONFIG.data
    assert model.recovery(CONFIG.data) is None


def test_the_tutorial_line_follows_the_run_on_its_dataset():
    engine, model, _ = wired()
    tut = tutorial("cs231n-linear")
    lines = []
    model.tutorial_line_changed.connect(lines.append)
    model.set_tutorial(tut)
    config = SessionConfig(DataRequest(tut.dataset, **tut.dataset_params), tut.network, tut.train)
    engine.post("reset", config)
    engine.iterate()
    run_epochs(engine, 3)
    line = lines[-1]
    assert line.published == 0.49 and line.metric == "train_accuracy"
    assert line.measured == model.curves.last[3] and line.epoch == 3
    model.data_chosen(tut.dataset)  # its own data (other noise, say): the tutorial stays
    assert model.tutorial is tut
    closed = []
    model.tutorial_changed.connect(closed.append)
    model.data_chosen("moons")  # other data: the tutorial closes, its banner with it
    assert model.tutorial is None and closed == [None]


def test_earlier_runs_go_with_other_data_after_a_run_that_trained_nothing():
    engine, model, _ = wired()
    notes = []
    model.noticed.connect(notes.append)
    engine.post("reset", CONFIG)
    engine.iterate()
    run_epochs(engine, 2)
    engine.post("reset", replace(CONFIG, train=replace(CONFIG.train, learning_rate=0.3)))
    engine.iterate()
    assert len(model.previous_runs) == 1
    # Nothing trained on the xor since; the next run is on the moons.
    engine.post("reset", replace(CONFIG, data=DataRequest(key="moons", samples=40)))
    engine.iterate()
    assert model.previous_runs == []
    assert [m.template for m in notes] == ["Earlier runs were cleared: they trained on other data."]
