"""Training faults: divergence reported with its epoch; extreme settings never crash.

tests/core/test_trainer.py and tests/test_cli.py check one diverging run each; here every
optimizer × activation diverges at learning rate 100 (Trainer and CLI), a divergence
late in a run names the right epoch, and a grid of extreme settings — 1 neuron, 1
training sample, a batch larger than the data, 0 epochs, 20 hidden layers, 1,000-neuron
layers, learning rate 1e-6, every optimizer × activation × initialisation — runs
without a crash and reports only finite metrics unless it diverged.
"""

from __future__ import annotations

import itertools
import json
import math

import numpy as np
import pytest

from nnviz.cli import main
from nnviz.core.init import INITS
from nnviz.core.layers import ACTIVATIONS
from nnviz.core.optimizers import OPTIMIZERS
from nnviz.core.trainer import (
    DIVERGENCE_FACTOR,
    DIVERGENCE_PATIENCE,
    NetworkConfig,
    TrainConfig,
    Trainer,
    TrainState,
)
from nnviz.data.datasets import load_dataset

SPIRAL = load_dataset("spiral")


def trainer(data=SPIRAL, *, hidden=(10,), activation="relu", init="normal", **train) -> Trainer:
    train.setdefault("batch_size", 30)
    net = NetworkConfig(hidden=hidden, activation=activation, init=init).build(
        data.n_features, data.n_classes, seed=0, l2=train.get("l2", 0.0)
    )
    return Trainer(net, data, TrainConfig(**train))


def finite_unless_diverged(t: Trainer) -> None:
    """What a run reports is finite; only a diverged run may end with non-finite weights."""
    for rec in t.history:
        assert math.isfinite(rec.train_loss) and math.isfinite(rec.train_accuracy), rec
        assert 0 <= rec.train_accuracy <= 1
        if t.data.has_test:
            assert math.isfinite(rec.test_loss) and 0 <= rec.test_accuracy <= 1, rec
    if t.state is not TrainState.DIVERGED:
        assert all(np.all(np.isfinite(p)) for p in t.network.params.values())
        loss, acc = t.evaluate("train")
        assert math.isfinite(loss) and 0 <= acc <= 1


# ---------------------------------------------------------------------- divergence
def diverged_at(t: Trainer) -> int:
    """The epoch the trainer's message names."""
    return int(t.message.split("diverged at epoch ")[1].split()[0])


def first_bad_epoch(t: Trainer) -> int:
    """Where the blow-up began: the first of the last run of far-above-chance epochs, or
    the epoch in progress when a batch loss became non-finite."""
    if "became" in t.message:
        return t.epoch + 1
    chance = math.log(max(t.network.n_classes, 2))
    epoch = t.history[-1].epoch
    for rec in reversed(t.history):
        if rec.train_loss <= DIVERGENCE_FACTOR * chance:
            break
        epoch = rec.epoch
    return epoch


def test_one_bad_epoch_in_a_converging_run_is_not_a_divergence():
    # Found by the optimizer × activation × init grid below: RMSprop at lr 0.05, batches
    # of 7, spikes to 7× chance in its first (3-batch) epoch, then learns the circle.
    t = trainer(SMALL, hidden=(6, 5), activation="leaky_relu", init="uniform",
                optimizer="rmsprop", learning_rate=0.05, batch_size=7)  # fmt: skip
    t.run(40)
    assert t.history[0].train_loss > DIVERGENCE_FACTOR * math.log(2)
    assert t.state is TrainState.READY
    assert t.history[-1].train_loss < 0.2 and t.history[-1].train_accuracy > 0.9


def test_a_run_that_ends_in_a_blow_up_is_reported_even_before_the_patience_runs_out(capsys):
    code = main(["train", "--dataset", "spiral", "--lr", "100", "--epochs", "1"])
    err = capsys.readouterr().err.strip()
    assert code == 2 and "diverged at epoch 1" in err, err


@pytest.mark.parametrize(
    ("optimizer", "activation"), list(itertools.product(OPTIMIZERS, ACTIVATIONS))
)
def test_learning_rate_100_diverges_and_says_at_which_epoch(optimizer, activation):
    t = trainer(activation=activation, optimizer=optimizer, learning_rate=100.0, epochs=50)
    t.run(50)
    finite_unless_diverged(t)
    if optimizer == "adagrad" and activation in ("relu", "softplus", "silu"):
        # Adagrad's shrinking steps pull these back near chance after a bad start: a
        # poor run, not a divergence, and not reported as one.
        assert t.state is TrainState.DONE
        assert t.history[-1].train_loss < DIVERGENCE_FACTOR * math.log(3)
        return
    assert t.state is TrainState.DIVERGED and t.epoch <= DIVERGENCE_PATIENCE
    assert diverged_at(t) == first_bad_epoch(t)
    assert "lower the learning rate" in t.message


@pytest.mark.parametrize("optimizer", list(OPTIMIZERS))
def test_a_divergence_late_in_a_run_names_that_epoch(optimizer):
    # As in the app: train well, then turn the learning rate up live.
    t = trainer(optimizer=optimizer, learning_rate=0.05, activation="tanh")
    t.run(12)
    assert t.state is TrainState.READY and t.epoch == 12
    t.set_learning_rate(100.0)
    t.run(20)
    assert t.state is TrainState.DIVERGED
    assert diverged_at(t) == first_bad_epoch(t) == 13
    assert [r.epoch for r in t.history][:12] == list(range(1, 13))
    finite_unless_diverged(t)


@pytest.mark.parametrize(
    "settings",
    [
        {"learning_rate": 1e6},
        {"learning_rate": 0.1, "l2": 1e6},
        {"learning_rate": 100.0, "optimizer": "adam", "batch_size": None},
        {"learning_rate": 50.0, "optimizer": "momentum", "momentum": 0.999},
    ],
    ids=["lr 1e6", "L2 1e6", "adam lr 100 full batch", "momentum 0.999 lr 50"],
)
def test_other_ways_to_blow_up_are_reported_too(settings):
    t = trainer(**settings)
    t.run(30)
    assert t.state is TrainState.DIVERGED, t.history[-1] if t.history else None
    assert "diverged at epoch" in t.message
    finite_unless_diverged(t)


def test_overflowing_weights_are_a_divergence_not_a_nan(capsys):
    # init std 100 with 20 ReLU layers overflows float32 in the first forward pass.
    code = main(
        ["train", "--dataset", "spiral", "--hidden", ",".join(["50"] * 20), "--init-std", "100",
         "--epochs", "3"]
    )  # fmt: skip
    err = capsys.readouterr().err.strip()
    assert code == 2 and len(err.splitlines()) == 1, err
    assert "diverged at epoch 1" in err and "Traceback" not in err


@pytest.mark.parametrize("optimizer", list(OPTIMIZERS))
def test_the_cli_reports_divergence_with_the_epoch_for_every_optimizer(optimizer, capsys):
    code = main(
        ["train", "--dataset", "moons", "--hidden", "8", "--activation", "tanh",
         "--optimizer", optimizer, "--lr", "100", "--epochs", "20", "--json"]
    )  # fmt: skip
    out, err = capsys.readouterr()
    assert code == 2 and not out.strip(), out
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("nnviz: Training diverged at epoch 1 ("), err


# ---------------------------------------------------------------------- extreme settings
def run_json(argv: list[str], capsys) -> dict:
    code = main([*argv, "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    result = json.loads(out.strip().splitlines()[-1])
    for key in ("final_train_loss", "train_accuracy", "test_accuracy", "test_loss"):
        v = result[key]
        assert v is None or math.isfinite(v), (key, v)
    return result


EXTREME_CLI = {
    "1 neuron": ["--dataset", "spiral", "--hidden", "1", "--epochs", "5"],
    "1 neuron × 20 layers": ["--dataset", "xor", "--hidden", ",".join(["1"] * 20), "--epochs", "3"],
    "1 training sample": ["--dataset", "moons", "--samples", "1", "--epochs", "5"],
    "1 sample, full batch": ["--dataset", "moons", "--samples", "1", "--batch-size", "full"],
    "1 sample of each of 8 classes": ["--dataset", "gauss", "--samples", "1", "--classes", "8"],
    "batch larger than the data": ["--dataset", "circle", "--batch-size", "100000", "--epochs", "5"],
    "0 epochs": ["--dataset", "spiral", "--epochs", "0"],
    "20 hidden layers": ["--dataset", "spiral", "--hidden", ",".join(["16"] * 20), "--epochs", "3"],
    "20 sigmoid layers": ["--dataset", "spiral", "--hidden", ",".join(["8"] * 20),
                          "--activation", "sigmoid", "--epochs", "3"],
    "1,000-neuron layers": ["--dataset", "spiral", "--hidden", "1000,1000", "--epochs", "1"],
    "learning rate 1e-6": ["--dataset", "spiral", "--lr", "1e-6", "--epochs", "5"],
    "no hidden layer": ["--dataset", "spiral", "--hidden", "none", "--epochs", "5"],
    "noise 10": ["--dataset", "moons", "--noise", "10", "--epochs", "3"],
    "momentum 0": ["--dataset", "spiral", "--optimizer", "momentum", "--momentum", "0"],
    "init std 1e-5": ["--dataset", "spiral", "--init-std", "0.00001", "--epochs", "3"],
    "test ratio 0.99": ["--dataset", "circle", "--test-ratio", "0.99", "--epochs", "3"],
    "numerical gradient, 1 neuron": ["--dataset", "xor", "--samples", "3", "--hidden", "1",
                                     "--gradient", "numerical", "--epochs", "2"],
}  # fmt: skip


@pytest.mark.parametrize("name", list(EXTREME_CLI))
def test_extreme_settings_train_from_the_cli(name, capsys):
    argv = EXTREME_CLI[name]
    if "--epochs" not in argv:
        argv = [*argv, "--epochs", "2"]
    result = run_json(["train", *argv], capsys)
    assert result["epochs"] == int(argv[argv.index("--epochs") + 1])


def test_a_network_too_large_for_memory_is_one_sentence(capsys):
    # It used to ask NumPy for 37 GiB and end as "internal error: MemoryError" (exit 1).
    code = main(["train", "--dataset", "spiral", "--hidden", "100000,100000", "--epochs", "1"])
    err = capsys.readouterr().err.strip()
    assert code == 2 and len(err.splitlines()) == 1, err
    assert "too large" in err and "parameters" in err


@pytest.mark.parametrize(
    ("optimizer", "activation", "init"), list(itertools.product(OPTIMIZERS, ACTIVATIONS, INITS))
)
def test_every_optimizer_activation_and_init_trains_a_few_steps(optimizer, activation, init):
    t = trainer(
        SMALL, hidden=(6, 5), activation=activation, init=init, optimizer=optimizer,
        learning_rate=0.05, batch_size=7,
    )  # fmt: skip
    report = t.step(max_batches=25)
    assert report.batches == 25 and np.all(np.isfinite(report.batch_losses))
    t.run(2)
    assert t.state is TrainState.READY
    finite_unless_diverged(t)


SMALL = load_dataset("circle", samples=20)


@pytest.mark.parametrize(
    "data",
    [
        load_dataset("moons", samples=1),  # 1 training row, 1 test row
        load_dataset("spiral", samples=1),  # 3 rows, no test split
        load_dataset("gauss", samples=1, classes=8, test_ratio=0.0),  # 8 classes, 8 rows
    ],
    ids=["1 row", "3 rows", "8 classes × 1 row"],
)
@pytest.mark.parametrize("batch", [1, 2, 1000, None], ids=["batch 1", "2", "1000", "full"])
def test_tiny_data_with_any_batch_size(data, batch):
    t = trainer(data, hidden=(3,), batch_size=batch, learning_rate=0.1)
    t.run(3)
    assert t.epoch == 3 and t.iteration >= 3
    finite_unless_diverged(t)


def test_zero_epochs_reports_an_untrained_network(capsys):
    result = run_json(["train", "--dataset", "spiral", "--epochs", "0"], capsys)
    assert result["epochs"] == 0 and result["iterations"] == 0
    assert result["final_train_loss"] is None  # nothing was trained: no loss to report
    assert 0 <= result["train_accuracy"] <= 1


def test_twenty_layers_of_one_neuron_in_the_app(qtbot, tmp_path):
    from tests.gui.helpers import WAIT_MS, epoch, make_window, wait_ready

    w = make_window(qtbot, tmp_path)
    layers = w.network_panel.layers
    layers.set_sizes([1] * 20)
    w.network_panel.lr.setValue(1e-6)
    w.reset()
    qtbot.waitUntil(lambda: w.model.info.sizes == (2, *[1] * 20, 3), timeout=WAIT_MS)
    wait_ready(qtbot, w)
    w.set_training(True)
    qtbot.waitUntil(lambda: epoch(w) >= 3, timeout=WAIT_MS)
    w.set_training(False)
    assert all(math.isfinite(v) for v in w.model.curves.column("train_loss"))


@pytest.mark.parametrize("activation", list(ACTIVATIONS))
@pytest.mark.parametrize("scale", [1e6, 1e12, 1e30])
def test_what_the_views_compute_from_a_diverged_network_is_quiet_and_finite(activation, scale):
    # Found by the GUI stress test: the worker's per-frame views (boundary, neuron maps,
    # gallery predictions) overflowed float32 through a diverged network's weights —
    # warnings, errors under the test settings, which killed the training thread.
    from nnviz.core.boundary import BoundaryGrid, colorize, data_extent
    from nnviz.core.colors import diverging_colorize

    net = NetworkConfig(hidden=(16, 16, 16), activation=activation).build(2, 3, seed=0)
    for p in net.params.values():
        p *= np.float32(scale)  # huge but finite, as a diverged run leaves them
    grid = BoundaryGrid(data_extent(np.concatenate([SPIRAL.x_train, SPIRAL.x_test])), 60)
    rgb = colorize(grid.probabilities(net))
    assert rgb.dtype == np.uint8
    proba = net.predict_proba(SPIRAL.x_train)
    assert np.all(np.isfinite(proba)) and np.allclose(proba.sum(axis=1), 1, atol=1e-3)
    for a in net.activations(grid.points):
        assert np.all(np.isfinite(a))
        diverging_colorize(a[:, 0].reshape(60, 60))
    loss, acc = net.evaluate(SPIRAL.x_train, SPIRAL.y_train)
    assert not math.isnan(loss) and 0 <= acc <= 1
