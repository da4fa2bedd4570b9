"""The Qt-free training engine, driven synchronously: commands, back-pressure, nothing lost,
the barrier, and the same numbers as a headless trainer."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz.app.config import DataRequest, SessionConfig, build_trainer
from nnviz.app.engine import Engine
from nnviz.app.snapshot import ViewOptions
from nnviz.core.trainer import NetworkConfig, TrainConfig

CONFIG = SessionConfig(
    data=DataRequest(key="xor", samples=40),
    network=NetworkConfig(hidden=(6,), activation="tanh", init="xavier"),
    train=TrainConfig(learning_rate=0.1, batch_size=8, seed=3),
)


class Recorder:
    """Every event an engine emits, in order."""

    def __init__(self, engine: Engine) -> None:
        self.events: list[tuple[str, object]] = []
        for name in ("reset_done", "snapshot_ready", "failed", "saved", "pinged"):
            getattr(engine, name).connect(lambda *args, n=name: self.events.append((n, args)))

    def of(self, name: str) -> list:
        return [args for n, args in self.events if n == name]

    @property
    def snapshots(self):
        return [args[0] for args in self.of("snapshot_ready")]


@pytest.fixture
def engine():
    e = Engine()
    e.rec = Recorder(e)
    return e


def turn(engine: Engine, n: int = 1) -> None:
    for _ in range(n):
        engine.iterate()


def test_reset_builds_the_config_and_shows_the_first_frame(engine):
    engine.post("reset", CONFIG)
    turn(engine)
    (info,) = engine.rec.of("reset_done")
    assert info[0].sizes == (2, 6, 2) and info[0].generation == 1
    assert info[0].config == CONFIG
    (snap,) = engine.rec.snapshots
    assert snap.state == "idle" and snap.epoch == 0 and snap.generation == 1
    assert snap.boundary is not None and not snap.boundary.flags.writeable


def test_one_frame_in_flight_and_no_loss_is_lost(engine):
    engine.post("reset", CONFIG)
    turn(engine)
    engine.frame_consumed()
    engine.post("train", True)
    turn(engine, 3)
    assert len(engine.rec.snapshots) == 2  # the first training frame went out …
    turn(engine, 20)
    assert len(engine.rec.snapshots) == 2  # … and nothing more until it was drawn
    for _ in range(5):
        engine.frame_consumed()
        turn(engine, 4)
    engine.post("train", False)
    engine.frame_consumed()
    turn(engine, 2)
    snaps = engine.rec.snapshots
    last = snaps[-1]
    assert last.state == "paused"
    losses = np.concatenate([s.batch_losses for s in snaps])
    epochs = [rec for s in snaps for rec in s.epochs]
    assert len(losses) == last.iteration > 0  # every batch loss arrived exactly once
    assert [r.epoch for r in epochs] == list(range(1, last.epoch + 1))
    # … and they are the numbers a headless trainer computes for the same seed.
    headless = build_trainer(CONFIG)
    reference = headless.step(max_batches=last.iteration).batch_losses
    np.testing.assert_array_equal(losses, reference)


def test_the_barrier_answers_after_everything_queued_before_it(engine):
    engine.post("reset", CONFIG)
    engine.post("step")
    engine.post("ping", "after-step")
    turn(engine)
    pinged = [i for i, (name, _) in enumerate(engine.rec.events) if name == "pinged"]
    resets = [i for i, (name, _) in enumerate(engine.rec.events) if name == "reset_done"]
    assert engine.rec.of("pinged") == [("after-step",)]
    assert resets[0] < pinged[0]
    engine.frame_consumed()
    turn(engine)
    assert engine.rec.snapshots[-1].epoch == 1  # the step ran before the answer


def test_a_failed_reset_changes_nothing(engine):
    engine.post("reset", CONFIG)
    turn(engine)
    bad = SessionConfig(data=DataRequest(key="csv", path="/nonexistent/points.csv"))
    engine.post("reset", bad)
    engine.post("ping", 1)
    turn(engine)
    (failed,) = engine.rec.of("failed")
    assert "points.csv" in failed[0]
    assert len(engine.rec.of("reset_done")) == 1  # the old network still runs


def test_live_learning_rate_reaches_the_next_frame(engine):
    engine.post("reset", CONFIG)
    turn(engine)
    engine.frame_consumed()
    engine.post("lr", 0.5)
    turn(engine)
    assert engine.rec.snapshots[-1].learning_rate == 0.5


def test_views_ask_only_for_what_they_show(engine):
    engine.post("reset", CONFIG)
    turn(engine)
    assert engine.rec.snapshots[-1].params is None
    engine.frame_consumed()
    engine.post("view", ViewOptions(want_params=True, neurons=True, stats=True))
    turn(engine)
    snap = engine.rec.snapshots[-1]
    assert set(snap.params) == {"W1", "b1", "W2", "b2"}
    assert snap.neuron_maps[0].shape == (6, 40, 40)
    assert len(snap.weight_hists) == 2 and snap.grad_norms.shape == (2,)


def test_an_internal_error_is_reported_and_the_engine_survives(engine, monkeypatch):
    import nnviz.app.engine as engine_module

    engine.post("reset", CONFIG)
    turn(engine)

    def broken(*args, **kwargs):
        raise RuntimeError("injected")

    monkeypatch.setattr(engine_module, "build_trainer", broken)
    engine.post("reset", CONFIG)
    turn(engine)
    template, args = engine.rec.of("failed")[-1]
    assert "Internal error" in template and args == ("RuntimeError", "injected")
    monkeypatch.undo()
    engine.post("reset", CONFIG)
    turn(engine)
    assert len(engine.rec.of("reset_done")) == 2


def test_a_numerical_step_shows_how_many_parameters_are_done(engine):
    # One numerical step of this net takes a good part of a second: frames leave during it.
    config = SessionConfig(
        data=DataRequest(key="spiral", samples=10),
        network=NetworkConfig(hidden=(30, 30), activation="tanh"),
        train=TrainConfig(batch_size=None, gradient="numerical"),
    )
    engine.snapshot_ready.connect(lambda snap: engine.frame_consumed())
    engine.post("reset", config)
    turn(engine)
    engine.post("train", True)
    turn(engine, 2)
    total = 3 * 30 + 31 * 30 + 31 * 3
    during = [s.step_progress for s in engine.rec.snapshots if s.step_progress is not None]
    assert during and all(n == total and 0 <= d < total for d, n in during)
    assert [s.iteration for s in engine.rec.snapshots if s.step_progress is not None][0] == 0
    assert engine.rec.snapshots[-1].iteration >= 1


def test_a_numerical_step_of_a_float32_network_gets_backprops_gradients(engine):
    # What Step does in the numerical-gradient mode: the network trains in float32, its
    # gradients come from central differences (h = 1e-4) in float64, so they agree with
    # backprop on the same weights and batch (in float32 the first layer's biases were 18 % off).
    from nnviz.core.gradcheck import gradient_relative_error

    config = SessionConfig(
        data=DataRequest(key="spiral", samples=20),
        network=NetworkConfig(hidden=(8,), activation="sigmoid", init_std=0.01),
        train=TrainConfig(batch_size=None, gradient="numerical"),
    )
    engine.post("reset", config)
    turn(engine)
    net, data = engine.trainer.network, engine.trainer.data
    assert net.dtype == np.float32
    before = net.astype(np.float64)  # the weights the step starts from
    engine.post("step")
    turn(engine)
    assert engine.trainer.iteration == 1  # full batch: the batch is the training set
    x = data.features(data.x_train).astype(np.float64)
    _, backprop = before.gradient(x, data.y_train)
    assert gradient_relative_error(net.grads, backprop) < 1e-6


def test_the_engine_tells_which_network_it_built():
    engine, built = Engine(), []
    engine.network_built = built.append
    engine.post("reset", CONFIG)
    engine.iterate()
    assert [n.sizes for n in built] == [[2, 6, 2]]


def test_blas_threads_are_chosen_by_measuring_each_count():
    from nnviz.app.blas import RETUNE_SECONDS, BlasTuner

    applied: list[int] = []
    tuner = BlasTuner(cores=2, apply=applied.append)
    tuner.start(param_count=42, batch_rows=10)  # a toy net: one thread, nothing measured
    tuner.trained(1000, 5.0)
    assert applied == [1] and tuner.candidates == (1,) and not tuner.measuring

    speed = {1: 100_000, 2: 160_000}  # samples/s each count trains at (a quiet machine)

    def train(seconds: float) -> None:  # in chunks of 15 ms, as the engine trains
        for _ in range(round(seconds / 0.015)):
            tuner.trained(int(speed[tuner.threads] * 0.015), 0.015)

    applied.clear()
    tuner.start(param_count=79_510, batch_rows=100)  # MNIST 784-100-10, batch 100
    assert tuner.candidates == (2, 1) and applied == [2]  # most threads first
    train(1.0)  # warm-up, then each count three turns
    assert not tuner.measuring and tuner.threads == 2  # two are faster: kept
    assert applied == [2, 1, 2, 1, 2, 1, 2]  # the counts took turns
    assert tuner.rates[2] / tuner.rates[1] == pytest.approx(1.6, rel=0.01)
    speed[2] = 20_000  # other work arrives: two threads now spin against it
    train(RETUNE_SECONDS)  # then measured again …
    train(1.0)
    assert tuner.threads == 1 and applied[-1] == 1  # … and one thread wins
    speed[2] = 103_000  # two threads barely faster: one is kept (the window's room)
    train(RETUNE_SECONDS + 1.0)
    assert not tuner.measuring and tuner.threads == 1
    eight = BlasTuner(cores=8, apply=lambda n: None)
    eight.start(param_count=79_510, batch_rows=100)
    assert eight.candidates == (8, 7, 1)


def test_a_run_shorter_than_a_frame_arrives_in_one_frame_that_says_done(engine, monkeypatch):
    """Train pressed: the engine trains before it sends a frame, so a run that ends within
    one frame's time (a 200-iteration tutorial) is shown by a single "done" frame that
    does not wait for the window to draw an empty "training" frame first."""
    import nnviz.app.engine

    monkeypatch.setattr(nnviz.app.engine, "FRAME_INTERVAL", 2.0)  # "shorter" on a busy machine
    snap = _first_frame_after_train(engine, batch_size=40, epochs=20)
    assert snap.state == "done" and snap.epoch == 20 and snap.boundary is not None


def test_the_first_frame_after_train_carries_training(engine):
    snap = _first_frame_after_train(engine, batch_size=8, epochs=None)
    assert snap.state == "training" and snap.iteration > 0 and len(snap.batch_losses) > 0


def _first_frame_after_train(engine, batch_size: int, epochs: int | None):
    """Reset to CONFIG's data and network with this batch and length, press Train, run one
    turn of the loop: the one frame it sent."""
    train = TrainConfig(learning_rate=0.1, batch_size=batch_size, seed=3, epochs=epochs)
    engine.post("reset", SessionConfig(CONFIG.data, CONFIG.network, train))
    turn(engine)
    engine.frame_consumed()
    before = len(engine.rec.snapshots)
    engine.post("train", True)
    turn(engine)
    (snap,) = engine.rec.snapshots[before:]
    return snap
