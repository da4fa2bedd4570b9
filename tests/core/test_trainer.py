"""The trainer: budgets, epochs, determinism, live changes, divergence and gradient methods."""

from __future__ import annotations

import math
import time

import numpy as np
import pytest

from nnviz.core.network import Network
from nnviz.core.trainer import NetworkConfig, TrainConfig, Trainer, TrainState
from nnviz.data.datasets import load_dataset
from nnviz.errors import ConfigError

SPIRAL_N = 300  # the DLFS2 spiral: 3 classes × 100 points, no test split


@pytest.fixture(scope="module")
def spiral():
    return load_dataset("spiral")


@pytest.fixture(scope="module")
def circle():
    return load_dataset("circle")  # half of its points are a test split


def make_trainer(data, *, hidden=(10,), activation="relu", dtype=np.float32, **cfg) -> Trainer:
    config = TrainConfig(**cfg)
    net = NetworkConfig(hidden=hidden, activation=activation).build(
        data.n_features, data.n_classes, seed=config.seed, l2=config.l2, dtype=dtype
    )
    return Trainer(net, data, config)


def params_equal(a: dict, b: dict) -> bool:
    return a.keys() == b.keys() and all(np.array_equal(a[k], b[k]) for k in a)


def history_tuples(trainer: Trainer) -> list[tuple]:
    return [
        (r.epoch, r.iteration, r.train_loss, r.train_accuracy, r.test_loss, r.test_accuracy)
        for r in trainer.history
    ]


# ---------------------------------------------------------------------- determinism
def test_same_seed_gives_bit_identical_runs(circle):
    a = make_trainer(circle, seed=3, batch_size=16, learning_rate=0.3)
    b = make_trainer(circle, seed=3, batch_size=16, learning_rate=0.3)
    a.step(max_epochs=3)
    b.step(max_epochs=3)
    assert params_equal(a.network.params, b.network.params)
    assert history_tuples(a) == history_tuples(b)
    assert all(math.isfinite(r.test_accuracy) for r in a.history)


def test_different_seed_gives_a_different_run(circle):
    a = make_trainer(circle, seed=3, batch_size=16, learning_rate=0.3)
    b = make_trainer(circle, seed=4, batch_size=16, learning_rate=0.3)
    a.step(max_epochs=3)
    b.step(max_epochs=3)
    assert not np.array_equal(a.network.params["W1"], b.network.params["W1"])
    assert history_tuples(a) != history_tuples(b)


def test_the_shuffle_seed_alone_changes_the_run(spiral):
    # Same initial weights, different trainer seed: only the batch order differs.
    net_a = NetworkConfig(hidden=(10,)).build(2, 3, seed=0)
    net_b = NetworkConfig(hidden=(10,)).build(2, 3, seed=0)
    a = Trainer(net_a, spiral, TrainConfig(seed=1, batch_size=30))
    b = Trainer(net_b, spiral, TrainConfig(seed=2, batch_size=30))
    a.step(max_batches=3)
    b.step(max_batches=3)
    assert not np.array_equal(net_a.params["W1"], net_b.params["W1"])


# ---------------------------------------------------------------------- budgets
def test_max_batches_trains_exactly_that_many(spiral):
    tr = make_trainer(spiral, batch_size=32)
    before = tr.network.copy_params()
    report = tr.step(max_batches=5)
    assert report.batches == 5 and len(report.batch_losses) == 5
    assert (tr.iteration, tr.samples_seen, tr.epoch) == (5, 160, 0)
    assert tr.epoch_progress == pytest.approx(160 / SPIRAL_N)
    assert report.epochs == [] and report.state is TrainState.READY
    assert not params_equal(before, tr.network.params)
    tr.step(max_batches=2)
    assert tr.iteration == 7


def test_max_epochs_one_finishes_exactly_one_epoch(spiral):
    tr = make_trainer(spiral, batch_size=32)
    report = tr.step(max_epochs=1)
    # 300 points in batches of 32: nine full batches and one of 12.
    assert report.batches == 10 and tr.iteration == 10
    assert tr.samples_seen == SPIRAL_N and tr.epoch == 1
    assert [r.epoch for r in report.epochs] == [1]
    assert tr.epoch_progress == 0.0
    rec = tr.history[-1]
    assert rec.iteration == 10
    assert rec.train_loss == pytest.approx(float(np.mean(report.batch_losses)), rel=1e-6)
    assert 0.0 <= rec.train_accuracy <= 1.0
    assert math.isnan(rec.test_loss) and math.isnan(rec.test_accuracy)  # no test split


def test_max_epochs_from_mid_epoch_finishes_the_current_epoch(spiral):
    tr = make_trainer(spiral, batch_size=32)
    tr.step(max_batches=4)
    report = tr.run_epoch()
    assert report.batches == 6 and tr.epoch == 1 and tr.samples_seen == SPIRAL_N


def test_time_budget_returns_promptly(spiral):
    tr = make_trainer(spiral, hidden=(200, 200), batch_size=8, epochs=None)
    start = time.perf_counter()
    report = tr.step(max_seconds=0.05)
    elapsed = time.perf_counter() - start
    assert elapsed < 0.5
    assert report.batches >= 1 and tr.state is TrainState.READY
    assert tr.train_seconds == pytest.approx(elapsed, abs=0.05)
    # A zero budget still makes progress: one batch per call.
    assert tr.step(max_seconds=0).batches == 1


def test_epoch_limit_ends_in_done_and_further_steps_do_nothing(spiral):
    tr = make_trainer(spiral, batch_size=32, epochs=2)
    report = tr.step(max_batches=1000)
    assert report.state is TrainState.DONE and tr.state is TrainState.DONE
    assert (tr.epoch, tr.iteration, report.batches) == (2, 20, 20)
    frozen = tr.network.copy_params()
    again = tr.step(max_batches=5)
    assert again.batches == 0 and len(again.batch_losses) == 0 and again.epochs == []
    assert again.state is TrainState.DONE
    assert (tr.epoch, tr.iteration) == (2, 20)
    assert params_equal(frozen, tr.network.params)
    assert tr.run(3) == []


def test_zero_epochs_is_done_before_training(spiral):
    tr = make_trainer(spiral, epochs=0)
    assert tr.state is TrainState.DONE
    assert tr.step(max_batches=3).batches == 0


def test_run_calls_back_once_per_epoch(spiral):
    tr = make_trainer(spiral, batch_size=50)
    seen = []
    records = tr.run(3, callback=seen.append)
    assert [r.epoch for r in records] == [1, 2, 3] == [r.epoch for r in seen]
    assert tr.iteration == 18


# ---------------------------------------------------------------------- full batch
def test_full_batch_is_one_gradient_descent_step_per_epoch(spiral):
    tr = make_trainer(spiral, batch_size=None, learning_rate=0.5, dtype=np.float64)
    assert tr.full_batch
    twin = Network.from_params(tr.network.params, "relu", dtype=np.float64)
    tr.step(max_batches=1)
    _, grads = twin.gradient(spiral.features(spiral.x_train), spiral.y_train)
    for k in twin.params:
        np.testing.assert_allclose(
            tr.network.params[k], twin.params[k] - 0.5 * grads[k], rtol=1e-12, atol=1e-15
        )
    report = tr.step(max_batches=2)
    assert len(report.epochs) == 2
    assert (tr.epoch, tr.iteration, tr.samples_seen) == (3, 3, 3 * SPIRAL_N)


def test_batch_larger_than_the_data_is_full_batch(spiral):
    big = make_trainer(spiral, batch_size=10_000)
    full = make_trainer(spiral, batch_size=None)
    assert big.full_batch and big.batch_size == SPIRAL_N
    big.step(max_batches=3)
    full.step(max_batches=3)
    assert params_equal(big.network.params, full.network.params)
    assert [r.train_loss for r in big.history] == [r.train_loss for r in full.history]
    assert big.epoch == 3


# ---------------------------------------------------------------------- live changes
def test_a_new_learning_rate_takes_effect_on_the_next_batch(spiral):
    tr = make_trainer(spiral, batch_size=None, learning_rate=0.1, dtype=np.float64)
    tr.step(max_batches=1)
    p1 = tr.network.copy_params()
    twin = Network.from_params(p1, "relu", dtype=np.float64)
    _, grads = twin.gradient(spiral.features(spiral.x_train), spiral.y_train)
    tr.set_learning_rate(0.7)
    assert tr.learning_rate == 0.7
    tr.step(max_batches=1)
    for k in p1:
        step = p1[k] - tr.network.params[k]
        np.testing.assert_allclose(step, 0.7 * grads[k], rtol=1e-10, atol=1e-14)
    moved = np.abs(p1["W1"] - tr.network.params["W1"]).max()
    assert moved == pytest.approx(0.7 * np.abs(grads["W1"]).max(), rel=1e-10)


@pytest.mark.parametrize("bad", [-0.1, 0.0, float("nan"), float("inf")])
def test_set_learning_rate_rejects_non_positive_values(spiral, bad):
    tr = make_trainer(spiral, learning_rate=0.1)
    with pytest.raises(ConfigError, match="learning rate"):
        tr.set_learning_rate(bad)
    assert tr.learning_rate == 0.1


def test_set_l2_changes_the_loss_and_rejects_negatives(spiral):
    tr = make_trainer(spiral, batch_size=None, l2=0.0)
    tr.set_l2(0.5)
    assert tr.network.l2 == 0.5
    with pytest.raises(ConfigError):
        tr.set_l2(-1.0)
    assert tr.network.l2 == 0.5


# ---------------------------------------------------------------------- divergence
def diverging_trainer(data) -> Trainer:
    # A deep ReLU net at lr 1e6 overflows float32 within a few batches.
    return make_trainer(data, hidden=(100, 100), batch_size=30, learning_rate=1e6, epochs=50)


def test_divergence_stops_with_a_clear_message_and_no_nan(spiral):
    tr = diverging_trainer(spiral)
    losses: list[float] = []
    for _ in range(50):
        before = tr.network.copy_params()
        report = tr.step(max_batches=1)
        losses.extend(report.batch_losses.tolist())
        if tr.state is not TrainState.READY:
            break
    assert tr.state is TrainState.DIVERGED and report.state is TrainState.DIVERGED
    assert "diverged at epoch 1" in tr.message
    assert "lower the learning rate" in tr.message
    # The failed batch wrote nothing: params are what they were before it, all finite.
    assert params_equal(before, tr.network.params)
    assert all(np.all(np.isfinite(p)) for p in tr.network.params.values())
    # Nothing non-finite was reported as a loss.
    assert losses and all(math.isfinite(v) for v in losses)
    assert all(math.isfinite(r.train_loss) for r in tr.history)
    # A diverged trainer stays stopped.
    iteration = tr.iteration
    again = tr.step(max_batches=3)
    assert again.batches == 0 and again.state is TrainState.DIVERGED
    assert tr.iteration == iteration


def test_run_stops_at_divergence(spiral):
    tr = diverging_trainer(spiral)
    tr.run(50)
    assert tr.state is TrainState.DIVERGED
    assert tr.epoch < 50


# ---------------------------------------------------------------------- gradient methods
def test_numerical_gradient_training_matches_backprop():
    data = load_dataset("spiral", samples=5)  # 15 points
    runs = {}
    for method in ("backprop", "numerical"):
        tr = make_trainer(
            data,
            hidden=(4,),
            activation="tanh",
            dtype=np.float64,
            batch_size=None,
            learning_rate=0.5,
            gradient=method,
        )
        tr.step(max_batches=5)
        runs[method] = tr.network.params
    for k, p in runs["backprop"].items():
        np.testing.assert_allclose(runs["numerical"][k], p, rtol=1e-6, atol=1e-9)
    assert not params_equal(runs["backprop"], Network([2, 4, 3], "tanh").params)


# ---------------------------------------------------------------------- configuration
def test_trainer_refuses_a_network_that_does_not_fit_the_data(spiral):
    with pytest.raises(ConfigError, match="2 features"):
        Trainer(Network([3, 3]), spiral, TrainConfig())
    with pytest.raises(ConfigError, match="3 classes"):
        Trainer(Network([2, 2]), spiral, TrainConfig())


@pytest.mark.parametrize(
    "kwargs",
    [
        {"learning_rate": 0},
        {"learning_rate": -1},
        {"learning_rate": float("nan")},
        {"momentum": 1.0},
        {"batch_size": 0},
        {"epochs": -1},
        {"l2": -0.01},
        {"optimizer": "lbfgs"},
        {"gradient": "finite"},
    ],
)
def test_bad_train_settings_are_config_errors(kwargs):
    with pytest.raises(ConfigError):
        TrainConfig(**kwargs)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"hidden": (0,)},
        {"activation": "mish"},
        {"hidden": (3, 3), "activations": ("relu",)},
        {"init": "glorot"},
        {"init_std": 0},
    ],
)
def test_bad_network_settings_are_config_errors(kwargs):
    with pytest.raises(ConfigError):
        NetworkConfig(**kwargs)


def test_per_layer_activations_are_used(spiral):
    net = NetworkConfig(hidden=(4, 5), activations=("tanh", "sigmoid")).build(2, 3)
    assert net.activation_names == ["tanh", "sigmoid"]
    assert net.sizes == [2, 4, 5, 3]


def test_training_learns_the_spiral(spiral):
    tr = make_trainer(spiral, hidden=(30,), batch_size=30, learning_rate=1.0, epochs=200)
    first = None
    while tr.state is TrainState.READY:
        tr.step(max_epochs=50)
        first = first if first is not None else tr.history[0].train_loss
    assert tr.state is TrainState.DONE
    loss, acc = tr.evaluate("train")
    assert tr.history[-1].train_loss < 0.5 * first
    assert acc > 0.9


def test_the_epoch_history_stays_bounded_on_a_long_run(monkeypatch):
    import nnviz.core.trainer as trainer_mod
    from nnviz.data.datasets import load_dataset

    monkeypatch.setattr(trainer_mod, "HISTORY_LIMIT", 50)
    data = load_dataset("xor", samples=10)
    net = NetworkConfig(hidden=(4,)).build(data.n_features, data.n_classes)
    trainer = Trainer(net, data, TrainConfig(batch_size=None, epochs=120))
    trainer.run(120)
    assert len(trainer.history) == 50
    assert trainer.history[-1].epoch == 120 and trainer.history[0].epoch == 71


# ---------------------------------------------------------------------- pixel scaling
def test_pixels_reach_the_network_divided_by_255_as_the_book_normalises_them(monkeypatch):
    import nnviz.core.trainer as trainer_module
    from nnviz.data.datasets import Dataset

    # Every pixel value in every column: x * (1/255) is one ulp off x / 255 on many of them.
    u8 = ((np.arange(256)[:, None] + np.arange(64)[None, :]) % 256).astype(np.uint8)
    book = u8.astype(np.float32)
    book /= 255.0  # DLFS's load_mnist(normalize=True)
    assert not np.array_equal(u8 * np.float32(1 / 255), book)  # the check can fail
    net = Network([64, 10], seed=0)
    np.testing.assert_array_equal(net._as_float(u8), book)  # inference
    np.testing.assert_array_equal(net.with_bias_column(u8)[:, :-1], book)
    y = np.arange(256) % 10
    data = Dataset("mnist", "images", u8, y, u8[:0], y[:0], tuple("0123456789"))
    np.testing.assert_array_equal(data.features(u8), book)
    # Training on a set too large to convert at once stages batches the same way.
    monkeypatch.setattr(trainer_module, "_CACHE_ELEMENTS", 0)
    tr = Trainer(net, data, TrainConfig(batch_size=None))
    xb, _, _ = tr._next_batch()
    np.testing.assert_array_equal(xb[:, :-1], book)


def test_the_apps_numerical_mode_gives_backprops_gradients_on_a_float32_network():
    from nnviz.core.gradcheck import gradient_relative_error

    data = load_dataset("spiral", samples=20)
    net = Network([2, 8, 3], "sigmoid", seed=1)  # float32, as the app trains
    tr = Trainer(net, data, TrainConfig(batch_size=None, gradient="numerical"))
    xa, t, onehot = tr._next_batch()
    reference = net.astype(np.float64)  # the same weights and batch, in float64
    _, backprop = reference.gradient(xa[:, :-1].astype(np.float64), t)
    tr._numerical_batch(xa, t, onehot)  # what one step of the mode computes
    assert net.grads["b1"].dtype == np.float32
    assert gradient_relative_error(net.grads, backprop) < 1e-6


def test_a_numerical_step_reports_its_error_against_backprop():
    """What the window shows beside a numerical step: its distance from backprop on the
    same batch, well under 1e-6 on a float32 network; none in backprop mode."""
    data = load_dataset("spiral", samples=20)
    for gradient, expected in (("numerical", True), ("backprop", False)):
        net = Network([2, 8, 3], "sigmoid", seed=1)
        tr = Trainer(net, data, TrainConfig(batch_size=None, gradient=gradient, epochs=1))
        assert tr.gradient_check is None
        tr.run(1)
        if expected:
            assert 0 < tr.gradient_check < 1e-6
        else:
            assert tr.gradient_check is None
