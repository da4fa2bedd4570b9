"""Stopping rules: target losses and accuracies, early stopping and restoring the best weights."""

from __future__ import annotations

import json

import numpy as np
import pytest

from nnviz.core.stopping import Stopping
from nnviz.core.trainer import TrainConfig, TrainState
from nnviz.data.datasets import load_dataset
from nnviz.errors import ConfigError
from tests.core.test_trainer import make_trainer


@pytest.fixture(scope="module")
def moons():
    return load_dataset("moons", samples=60, noise=0.3)  # half held out for testing


def overfitting_trainer(data, **stopping):
    """A wide net with a high rate on few noisy points: the test loss turns up within ~20 epochs."""
    return make_trainer(
        data,
        hidden=(64,),
        learning_rate=0.5,
        batch_size=10,
        epochs=500,
        dtype=np.float64,
        stopping=Stopping(**stopping),
    )


def test_early_stopping_restores_the_weights_of_the_best_epoch(moons):
    tr = overfitting_trainer(moons, patience=5, restore_best=True)
    tr.run(500)
    assert tr.state is TrainState.STOPPED
    losses = [r.test_loss for r in tr.history]
    best = int(np.argmin(losses))
    assert len(losses) == best + 1 + 5  # stopped exactly 5 epochs after the best one
    assert tr.epoch < 500
    assert tr.message == (
        f"Stopped: test loss has not improved for 5 epochs; restored the weights of epoch "
        f"{best + 1}."
    )
    # The network now scores exactly the best epoch's test loss, not the last epoch's.
    assert tr.evaluate("test")[0] == losses[best]
    assert losses[-1] > losses[best]
    assert tr.step(max_epochs=1).batches == 0  # stopped for good


def test_early_stopping_without_restore_keeps_the_last_weights(moons):
    tr = overfitting_trainer(moons, patience=5)
    tr.run(500)
    assert tr.state is TrainState.STOPPED
    assert tr.evaluate("test")[0] == tr.history[-1].test_loss
    best = min(tr.history, key=lambda r: r.test_loss)
    assert tr.message == (
        f"Stopped: test loss has not improved for 5 epochs "
        f"(best {best.test_loss:.4g} at epoch {best.epoch})."
    )


@pytest.mark.parametrize(
    ("rule", "field", "better"),
    [
        ({"train_loss": 0.35}, "train_loss", np.less_equal),
        ({"test_loss": 0.4}, "test_loss", np.less_equal),
        ({"train_accuracy": 0.85}, "train_accuracy", np.greater_equal),
        ({"test_accuracy": 0.8}, "test_accuracy", np.greater_equal),
    ],
)
def test_a_target_stops_at_the_first_epoch_that_reaches_it(moons, rule, field, better):
    tr = overfitting_trainer(moons, **rule)
    tr.run(500)
    assert tr.state is TrainState.STOPPED
    values = [getattr(r, field) for r in tr.history]
    target = next(iter(rule.values()))
    assert better(values[-1], target)
    assert not any(better(v, target) for v in values[:-1])
    words = field.replace("train_", "training ").replace("test_", "test ")
    assert tr.message.startswith(f"Stopped at epoch {len(values)}: the {words} reached")


def test_rules_on_the_test_split_need_one():
    spiral = load_dataset("spiral")  # no test split
    for rule in ({"patience": 3}, {"test_accuracy": 0.9}, {"test_loss": 0.1}):
        with pytest.raises(ConfigError, match="test split"):
            make_trainer(spiral, stopping=Stopping(**rule))
    make_trainer(spiral, stopping=Stopping(train_loss=0.1))  # the training split is fine


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"train_accuracy": 1.5}, "between 0 and 1"),
        ({"test_loss": -1.0}, "≥ 0"),
        ({"train_loss": float("nan")}, "training loss"),
        ({"patience": 0}, "patience"),
        ({"patience": 2.5}, "patience"),
        ({"restore_best": True}, "needs early stopping"),
        ({"patience": 3, "restore_best": "yes"}, "on or off"),
    ],
)
def test_bad_rules_are_one_sentence(kwargs, fragment):
    with pytest.raises(ConfigError, match=fragment):
        Stopping(**kwargs)


def test_stopping_rules_round_trip_through_a_session_file_and_old_files_still_load():
    from nnviz.app.config import SessionConfig, config_from_json, config_to_json

    rules = Stopping(test_accuracy=0.95, patience=10, restore_best=True)
    config = SessionConfig(train=TrainConfig(stopping=rules))
    back = config_from_json(json.loads(json.dumps(config_to_json(config))))
    assert back == config and back.train.stopping.patience == 10
    old = config_to_json(SessionConfig())
    del old["train"]["stopping"]
    assert not config_from_json(old).train.stopping.active
    old["train"]["stopping"] = {"patience": 3, "when": "never"}
    with pytest.raises(ConfigError, match="unknown keys"):
        config_from_json(old)
