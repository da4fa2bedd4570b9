"""Race mode: contenders on the same batches, each exactly what a solo Trainer run gives."""

from __future__ import annotations

import json

import numpy as np
import pytest

from nnviz.app.labs import race as race_mod
from nnviz.app.labs.race import MAX_CONTENDERS, Contender, Race, differences, smooth_curve
from nnviz.core import trainer as trainer_mod
from nnviz.core.trainer import NetworkConfig, TrainConfig, Trainer, TrainState
from nnviz.data.datasets import Dataset, load_dataset
from nnviz.errors import ConfigError

NET = NetworkConfig(hidden=(16, 16), activation="tanh", init="xavier")


def contender(optimizer: str, lr: float, batch: int | None = 32, **net) -> Contender:
    return Contender(
        f"{optimizer} {lr:g}",
        NetworkConfig(**{**NET.__dict__, **net}),
        TrainConfig(learning_rate=lr, optimizer=optimizer, batch_size=batch),
    )


FOUR = [
    contender("sgd", 0.3),
    contender("momentum", 0.05),
    contender("adagrad", 0.1),
    contender("adam", 0.01),
]


@pytest.fixture
def spiral() -> Dataset:
    return load_dataset("spiral", test_ratio=0.2)  # 240 training points: a partial last batch


def solo(data: Dataset, c: Contender, seed: int, batches: int) -> tuple[Trainer, np.ndarray]:
    """The contender trained alone, as ``nnviz train`` would, and its batch losses."""
    train = TrainConfig(**{**c.train.__dict__, "seed": seed})
    net = c.network.build(data.n_features, data.n_classes, seed=seed, l2=train.l2)
    t = Trainer(net, data, train)
    return t, t.step(max_batches=batches).batch_losses


def assert_same_run(lane, run: tuple[Trainer, np.ndarray]) -> None:
    t, losses = run
    np.testing.assert_array_equal(lane.losses, losses)
    for k, p in t.network.params.items():
        np.testing.assert_array_equal(lane.network.params[k], p, err_msg=k)
    assert lane.history == list(t.history)


# ---------------------------------------------------------------------- the book's smoothing
def book_smooth_curve(x):
    window_len = 11
    s = np.r_[x[window_len - 1 : 0 : -1], x, x[-1:-window_len:-1]]
    w = np.kaiser(window_len, 2)
    y = np.convolve(w / w.sum(), s, mode="valid")
    return y[5 : len(y) - 5]


def test_smooth_curve_is_the_books():
    x = np.random.default_rng(0).random(200)
    np.testing.assert_array_equal(smooth_curve(x), book_smooth_curve(x))
    assert len(smooth_curve(x)) == 200
    assert smooth_curve(x).std() < x.std() / 2
    np.testing.assert_array_equal(smooth_curve([3.0, 1.0]), [3.0, 1.0])


# ---------------------------------------------------------------------- same batches, same runs
def test_every_contender_runs_exactly_as_a_solo_trainer(spiral):
    race = Race(spiral, FOUR, seed=3)
    race.step(max_batches=40)  # 5 epochs of 8 batches, the last of 16 rows
    assert race.iteration == 40
    for lane, c in zip(race.lanes, FOUR, strict=True):
        assert_same_run(lane, solo(spiral, c, 3, 40))
        assert len(lane.history) == 5
        assert np.isfinite(lane.history[-1].test_accuracy)


@pytest.mark.parametrize("shared", [True, False])
def test_uint8_images_staged_per_batch_run_as_the_trainer_does(monkeypatch, shared):
    # Large image sets are not converted once but per batch, and large batches are
    # gathered by each contender: shrink the thresholds to test both ways.
    if not shared:
        monkeypatch.setattr(race_mod, "SHARED_BLOCK_BYTES", 0)
    monkeypatch.setattr(race_mod, "_CACHE_ELEMENTS", 100)
    monkeypatch.setattr(trainer_mod, "_CACHE_ELEMENTS", 100)
    rng = np.random.default_rng(0)
    x = rng.integers(0, 256, (150, 20), dtype=np.uint8)
    y = rng.integers(0, 3, 150)
    data = Dataset("images", "images", x, y, x[:10], y[:10], ("a", "b", "c"))
    cs = [contender("sgd", 0.1, batch=40), contender("rmsprop", 0.01, batch=40)]
    race = Race(data, cs, seed=1)
    assert race._source.cache is None and race._stream.shared is shared
    race.step(max_batches=9)
    for lane, c in zip(race.lanes, cs, strict=True):
        assert_same_run(lane, solo(data, c, 1, 9))


def test_full_batch_races_are_not_shuffled(spiral):
    cs = [contender("sgd", 0.5, batch=None), contender("adam", 0.05, batch=None)]
    race = Race(spiral, cs)
    race.step(max_batches=6)
    assert race.lanes[0].epoch == 6
    for lane, c in zip(race.lanes, cs, strict=True):
        assert_same_run(lane, solo(spiral, c, 0, 6))


def test_same_initial_weights_where_shapes_allow(spiral):
    inits = [
        contender("sgd", 0.1, init="normal", init_std=0.01),
        contender("sgd", 0.1, init="xavier"),
        contender("sgd", 0.1, init="he"),
        contender("sgd", 0.1, hidden=(16, 8)),
    ]
    lanes = Race(spiral, [*inits, FOUR[3]]).lanes
    w = [lane.network.params["W2"] for lane in lanes]
    # Same draws, scaled per scheme: std 0.01 vs 1/√16 vs √(2/16).
    np.testing.assert_allclose(w[0] / 0.01, w[1] / 0.25, rtol=1e-5)
    np.testing.assert_allclose(w[2] / np.sqrt(2 / 16), w[1] / 0.25, rtol=1e-5)
    # The same first layer for the narrower network; Adam's network is Xavier's.
    np.testing.assert_array_equal(lanes[3].network.params["W1"], lanes[1].network.params["W1"])
    for k in lanes[1].network.params:
        np.testing.assert_array_equal(lanes[4].network.params[k], lanes[1].network.params[k])


# ---------------------------------------------------------------------- control
def test_step_reset_and_limits_act_on_every_contender(spiral):
    race = Race(spiral, FOUR, iterations=25)
    first = race.step(max_batches=10)
    assert first.batches == 10 and all(len(v) == 10 for v in first.losses.values())
    curves = [lane.losses.copy() for lane in race.lanes]
    race.step()
    assert race.finished and all(lane.state is TrainState.DONE for lane in race.lanes)
    assert [lane.iteration for lane in race.lanes] == [25] * 4
    assert race.step().batches == 0
    race.reset()
    assert race.iteration == 0 and not race.finished
    race.step(max_batches=10)
    for lane, curve in zip(race.lanes, curves, strict=True):
        np.testing.assert_array_equal(lane.losses, curve)


def test_epoch_limit(spiral):
    race = Race(spiral, FOUR[:2], epochs=2)
    race.step()
    assert [lane.epoch for lane in race.lanes] == [2, 2]
    assert race.iteration == 16


def test_a_duplicate_with_a_change_replays_the_race_and_catches_up(spiral):
    reference = Race(spiral, [FOUR[0], FOUR[1], contender("sgd", 0.05)], seed=2)
    reference.step(max_batches=30)
    race = Race(spiral, FOUR[:2], seed=2)
    race.step(max_batches=12)
    i = race.duplicate(0, learning_rate=0.05)
    assert race.lanes[i].label == "lr 0.05"
    assert race.lanes[i].contender.train.learning_rate == 0.05
    report = race.step(max_batches=18)
    assert len(report.losses[i]) == 30  # its 12 replayed batches and the 18 new ones
    assert race.iteration == 30 and race.lanes[i].stream is None
    for lane, ref in zip(race.lanes, reference.lanes, strict=True):
        np.testing.assert_array_equal(lane.losses, ref.losses)
        assert lane.history == ref.history


def test_remove_and_the_contender_limit(spiral):
    race = Race(spiral, FOUR)
    removed = race.remove(1)
    assert removed.label == "momentum 0.05"
    assert [lane.label for lane in race.lanes] == ["sgd 0.3", "adagrad 0.1", "adam 0.01"]
    for _ in range(MAX_CONTENDERS - 3):
        race.duplicate(0, optimizer="nesterov")
    with pytest.raises(ConfigError, match="at most 8"):
        race.duplicate(0, optimizer="nesterov")
    single = Race(spiral, FOUR[:1])
    with pytest.raises(ConfigError, match="at least one"):
        single.remove(0)
    with pytest.raises(ConfigError, match="no contender 3"):
        single.remove(3)


def test_a_diverging_contender_stops_alone_without_warnings(spiral):
    race = Race(spiral, [contender("sgd", 0.3), contender("sgd", 1e6)], iterations=40)
    race.step()
    ok, bad = race.lanes
    assert bad.state is TrainState.DIVERGED and "diverged" in bad.message
    assert ok.state is TrainState.DONE and ok.iteration == 40
    json.dumps(race.results(), allow_nan=False)


@pytest.mark.parametrize(
    ("contenders", "fragment"),
    [
        ([], "at least one"),
        ([FOUR[0]] * 9, "at most 8"),
        ([FOUR[0], contender("sgd", 0.1, batch=10)], "one batch size"),
    ],
)
def test_bad_races_are_one_sentence_errors(spiral, contenders, fragment):
    with pytest.raises(ConfigError, match=fragment):
        Race(spiral, contenders)


def test_unknown_change_is_refused(spiral):
    with pytest.raises(ConfigError, match="no setting 'speed'"):
        Race(spiral, FOUR[:1]).duplicate(0, speed=2)


# ---------------------------------------------------------------------- what the views show
def test_legend_names_what_differs():
    cs = [contender("sgd", 0.01), contender("adam", 0.001)]
    assert differences(cs) == ["sgd, lr 0.01", "adam, lr 0.001"]
    inits = [contender("sgd", 0.01, init="he"), contender("sgd", 0.01, init="normal")]
    assert differences(inits) == ["init he", "init normal"]
    assert differences(cs[:1]) == [""]


def test_results_are_json_ready_with_configs_and_curves(spiral):
    race = Race(spiral, FOUR[:2], iterations=20)
    race.run()
    r = json.loads(json.dumps(race.results(), allow_nan=False))
    assert r["iterations"] == 20 and r["batch_size"] == 32
    c = r["contenders"][1]
    assert c["train"]["optimizer"] == "momentum" and c["network"]["hidden"] == [16, 16]
    assert len(c["loss"]) == len(c["smoothed_loss"]) == 20
    assert c["final_smoothed_loss"] == pytest.approx(c["smoothed_loss"][-1])
    assert TrainConfig(**c["train"]).seed == 0
    assert NetworkConfig(**c["network"]) == FOUR[1].network
