"""Painting data, regression frames and the replay store, headless: the application model
and the engine without Qt."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz.app.config import DataRequest, SessionConfig
from nnviz.app.engine import Engine
from nnviz.app.model import AppModel
from nnviz.app.replay import Replay
from nnviz.app.snapshot import ViewOptions
from nnviz.core.boundary import colorize_values
from nnviz.core.trainer import NetworkConfig, TrainConfig
from nnviz.data.points_csv import write_points_csv
from nnviz.errors import ConfigError

NET = NetworkConfig(hidden=(6,), activation="tanh", init="xavier")
TRAIN = TrainConfig(learning_rate=0.1, batch_size=8, seed=3)


def config(key: str, **data) -> SessionConfig:
    return SessionConfig(data=DataRequest(key=key, **data), network=NET, train=TRAIN)


class Rig:
    """An engine driven turn by turn, its events fed to an application model."""

    def __init__(self, view: ViewOptions | None = None) -> None:
        self.engine = Engine()
        self.model = AppModel()
        self.failures: list = []
        self.engine.reset_done.connect(self.model.on_reset_done)
        self.engine.snapshot_ready.connect(self._snapshot)
        self.engine.failed.connect(lambda template, args: self.failures.append(template))
        # the window's wiring: every edit goes to the engine
        self.model.paint.edited.connect(lambda data: self.engine.post("data", data))
        if view is not None:
            self.engine.post("view", view)

    def _snapshot(self, snap) -> None:
        self.model.on_snapshot(snap)
        self.engine.frame_consumed()

    def turn(self, n: int = 1) -> None:
        for _ in range(n):
            self.engine.iterate()

    def reset(self, cfg: SessionConfig) -> None:
        self.engine.post("reset", cfg)
        self.turn()

    @property
    def trainer(self):
        return self.engine.trainer


@pytest.fixture
def rig():
    return Rig()


def test_a_click_adds_a_point_of_the_selected_class_where_it_was_made(rig):
    rig.reset(config("xor", samples=20))
    paint = rig.model.paint
    assert paint.active and paint.n_classes == 2
    n = len(rig.trainer.data.y_train)
    paint.select_class(1)
    assert paint.click((1.25, -2.5)) == "added"
    rig.turn()
    data = rig.trainer.data
    assert len(data.y_train) == n + 1
    np.testing.assert_array_equal(data.x_train[-1], np.float32([1.25, -2.5]))
    assert data.y_train[-1] == 1
    paint.click((0.5, 0.5), shift=True)  # the next class after class 1: class 0
    rig.turn()
    assert rig.trainer.data.y_train[-1] == 0
    assert rig.model.last_snapshot.data_edited


def test_ctrl_click_removes_the_nearest_point_within_the_radius_and_undo_restores_it(rig):
    rig.reset(config("xor", samples=20))
    paint = rig.model.paint
    x0 = rig.trainer.data.x_train[3].copy()
    n = len(rig.trainer.data.y_train)
    assert paint.click(x0 + 1e-3, ctrl=True, radius=0.1) == "removed"
    rig.turn()
    assert len(rig.trainer.data.y_train) == n - 1
    assert not (rig.trainer.data.x_train == x0).all(axis=1).any()
    assert paint.click((100.0, 100.0), ctrl=True, radius=0.1) is None  # nothing near
    assert paint.undo()
    rig.turn()
    assert len(rig.trainer.data.y_train) == n
    assert paint.redo() and not paint.redo()


def test_the_eraser_tool_removes_and_the_last_training_point_stays(rig):
    rig.reset(config("xor", samples=2, test_ratio=0.0))
    paint = rig.model.paint
    paint.set_tool("erase")
    data = rig.trainer.data
    for row in data.x_train[:-1]:
        assert paint.click(row) == "removed"
    with pytest.raises(ConfigError, match="at least one training point"):
        paint.click(data.x_train[-1])


def test_an_edit_keeps_the_weights_and_training_goes_on_from_them(rig):
    rig.reset(config("moons", samples=30))
    rig.engine.post("step")
    rig.turn()
    before = {k: v.copy() for k, v in rig.trainer.network.params.items()}
    epoch = rig.trainer.epoch
    rig.model.paint.click((0.0, 3.0))
    rig.turn()
    for k, v in rig.trainer.network.params.items():
        np.testing.assert_array_equal(v, before[k])
    assert rig.trainer.epoch == epoch
    rig.engine.post("step")
    rig.turn()
    assert rig.trainer.epoch == epoch + 1  # trains on, on the painted data
    assert rig.model.last_snapshot.data_edited


def test_edits_mid_epoch_restart_the_epoch_on_the_new_rows(rig):
    rig.reset(config("moons", samples=100))
    rig.trainer.step(max_batches=3)  # in the middle of an epoch
    assert 0 < rig.trainer.epoch_progress < 1
    rig.model.paint.click((0.0, 3.0))
    rig.turn()
    assert not rig.failures
    assert rig.trainer.epoch_progress == 0
    rig.trainer.run_epoch()
    assert rig.trainer.epoch == 1


def test_reset_keeps_the_painted_points_and_their_undo(rig):
    rig.reset(config("xor", samples=20))
    paint = rig.model.paint
    paint.click((4.0, 4.0))
    rig.turn()
    painted = len(rig.trainer.data.y_train)
    rig.reset(config("xor", samples=20))  # Reset with the same data settings
    assert len(rig.trainer.data.y_train) == painted
    assert len(rig.model.info.dataset.y_train) == painted
    assert paint.can_undo
    rig.reset(config("xor", samples=21))  # other data: painting starts afresh
    assert not paint.can_undo
    assert rig.trainer.data.source != "painted"


def test_points_saved_after_a_class_was_painted_away_open_again_with_their_labels(rig, tmp_path):
    rig.reset(config("spiral", samples=6, test_ratio=0.25))
    paint = rig.model.paint
    assert paint.n_classes == 3
    for _ in range(100):  # Ctrl-click class 1's points until none is left
        data = paint.history.data
        ones = np.concatenate([x[y == 1] for x, y in (data.split("train"), data.split("test"))])
        if not len(ones):
            break
        assert paint.click(ones[0], ctrl=True, radius=1e-4) == "removed"
    rig.turn()
    painted = rig.trainer.data
    assert set(painted.y_train.tolist()) | set(painted.y_test.tolist()) == {0, 2}
    out = tmp_path / "painted.csv"
    splits = {s: painted.split(s) for s in ("train", "test")}
    write_points_csv(out, splits)  # what File → Export data as CSV writes
    rig.reset(config("csv", path=str(out)))
    assert rig.failures == []
    back = rig.trainer.data
    # class 2 is still class 2 (its colour, its button); class 1 is there, with no points
    assert back.class_names == ("0", "1", "2") and rig.model.paint.n_classes == 3
    for s in ("train", "test"):
        np.testing.assert_array_equal(back.split(s)[1], painted.split(s)[1])
        np.testing.assert_allclose(back.split(s)[0], painted.split(s)[0], atol=1e-6)
    rig.engine.post("train", True)
    rig.turn(5)
    assert rig.failures == [] and rig.trainer.epoch > 0
    paint.select_class(1)  # the vanished class can be painted back
    paint.click((0.0, 0.0))
    rig.turn()
    assert rig.trainer.data.y_train[-1] == 1


def test_one_dimensional_regression_points_are_the_click_itself(rig):
    rig.reset(config("reg-1d"))
    paint = rig.model.paint
    assert paint.active and paint.is_regression
    n = len(rig.trainer.data.y_train)
    paint.click((1.5, -2.25))
    rig.turn()
    data = rig.trainer.data
    assert len(data.y_train) == n + 1
    assert data.x_train[-1, 0] == np.float32(1.5) and data.y_train[-1] == np.float32(-2.25)


def test_a_table_cannot_be_painted(rig):
    pytest.importorskip("sklearn")
    rig.reset(config("iris"))
    assert not rig.model.paint.active
    with pytest.raises(ConfigError):
        rig.model.paint.click((0, 0))


def test_regression_maps_come_with_their_values_and_colours():
    rig = Rig(ViewOptions(curve=True))
    rig.reset(config("reg-plane", samples=200))
    info = rig.model.info
    lo, hi = info.value_range
    assert lo == -hi and hi >= np.abs(info.dataset.y_train).max()
    snap = rig.model.last_snapshot
    values = rig.engine._grid.outputs(rig.trainer.network)[..., 0]
    np.testing.assert_array_equal(snap.boundary_values, values)
    np.testing.assert_array_equal(snap.boundary, colorize_values(values, lo, hi))


def test_one_dimensional_regression_sends_the_fitted_and_the_unit_curves():
    rig = Rig(ViewOptions(curve=True, units=True))
    rig.reset(config("reg-1d"))
    snap = rig.model.last_snapshot
    xmin, xmax, _, _ = rig.model.info.extent
    assert snap.curve_x[0] == pytest.approx(xmin) and snap.curve_x[-1] == pytest.approx(xmax)
    net = rig.trainer.network
    np.testing.assert_allclose(snap.curve_y, net.scores(snap.curve_x[:, None])[:, 0], rtol=1e-6)
    (units,) = snap.unit_curves
    assert units.shape == (6, len(snap.curve_x))


def test_the_replay_keeps_one_frame_per_new_iteration_within_its_budget():
    rig = Rig()
    rig.reset(config("xor", samples=20))
    for _ in range(3):
        rig.engine.post("step")
        rig.turn()
    replay = rig.model.replay
    assert [replay.epoch(k) for k in range(len(replay))] == [0, 1, 2, 3]
    assert replay.frame(0).shape == (100, 100, 3) and replay.frame_bytes == 30_000
    assert replay.extent(-1) == rig.model.last_snapshot.boundary_extent
    rig.engine.post("view", ViewOptions(discretize=True))  # a redraw, no new weights
    rig.turn()
    assert len(replay) == 4
    rig.reset(config("xor", samples=20))
    assert len(replay) == 1  # a new run starts its own history


def test_a_full_replay_thins_its_frames_and_still_spans_the_run():
    replay = Replay(budget_bytes=11 * 30_000)  # 10 frames and the latest
    rig = Rig()
    rig.reset(config("xor", samples=20))
    snap = rig.model.last_snapshot
    from dataclasses import replace

    for i in range(1, 101):
        replay.add(replace(snap, iteration=i, epoch=i))
    assert len(replay) <= 11 and replay.budget_bytes == 11 * 30_000
    assert replay.epoch(0) == 1 and replay.epoch(-1) == 100
