"""Learning-rate schedules: hand-computed rates, the trainer applying them, live changes, specs."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from nnviz.core.network import Network
from nnviz.core.schedules import Schedule, parse_schedule
from nnviz.core.trainer import TrainConfig
from nnviz.errors import ConfigError
from tests.core.test_trainer import make_trainer

COS = [1.0, (1 + math.cos(math.pi / 4)) / 2, 0.5, (1 + math.cos(3 * math.pi / 4)) / 2]
"""Cosine over 4 epochs: 1, 0.8536, 0.5, 0.1464 (PyTorch's CosineAnnealingLR, T_max = 4)."""


@pytest.fixture(scope="module")
def spiral():
    from nnviz.data.datasets import load_dataset

    return load_dataset("spiral")


@pytest.mark.parametrize(
    ("spec", "epochs", "rates"),
    [
        ("constant", 4, [0.1, 0.1, 0.1, 0.1]),
        ("step:2:0.5", 6, [0.1, 0.1, 0.05, 0.05, 0.025, 0.025]),
        ("exp:0.9", 4, [0.1, 0.09, 0.081, 0.0729]),
        ("cosine", 4, [0.1 * c for c in COS]),
        # floor 0.2: 0.02 + 0.08·(1 + cos(π e/4))/2
        ("cosine:0.2", 4, [0.02 + 0.08 * c for c in COS]),
        ("warmup:4", 6, [0.025, 0.05, 0.075, 0.1, 0.1, 0.1]),
        ("warmup:2+cosine", 6, [0.05, 0.1] + [0.1 * c for c in COS]),
        ("warmup:1+step:1:0.1", 3, [0.1, 0.1, 0.01]),
    ],
)
def test_the_trainer_records_the_hand_computed_rate_of_every_epoch(spiral, spec, epochs, rates):
    tr = make_trainer(spiral, batch_size=100, learning_rate=0.1, epochs=epochs, schedule=spec)
    assert tr.learning_rate == pytest.approx(rates[0], rel=1e-12)  # before the first batch
    tr.run(epochs)
    assert len(tr.history) == epochs
    np.testing.assert_allclose([r.learning_rate for r in tr.history], rates, rtol=1e-12)


def test_the_scheduled_rate_is_the_one_the_optimizer_steps_with(spiral):
    # Full batch, one step per epoch: epoch 2 of step:1:0.25 must move the weights by 0.25·lr·grad.
    tr = make_trainer(
        spiral, batch_size=None, learning_rate=0.4, dtype=np.float64, schedule="step:1:0.25"
    )
    tr.step(max_epochs=1)
    before = tr.network.copy_params()
    _, grads = Network.from_params(before, "relu", dtype=np.float64).gradient(
        spiral.features(spiral.x_train), spiral.y_train
    )
    tr.step(max_epochs=1)
    for k in before:
        np.testing.assert_allclose(
            before[k] - tr.network.params[k], 0.1 * grads[k], rtol=1e-10, atol=1e-14
        )


def test_a_live_change_sets_the_base_rate_and_the_schedule_keeps_scaling_it(spiral):
    tr = make_trainer(spiral, batch_size=100, learning_rate=0.1, schedule="step:1:0.5")
    tr.run(2)
    assert tr.learning_rate == pytest.approx(0.025)
    tr.set_learning_rate(1.0)  # the user's new rate, mid-run
    assert tr.base_learning_rate == 1.0
    assert tr.learning_rate == pytest.approx(0.25)  # at once: epoch 2's factor is ¼
    tr.run(1)
    assert tr.history[-1].learning_rate == pytest.approx(0.25)
    assert tr.learning_rate == pytest.approx(0.125)


def test_a_constant_schedule_leaves_a_live_change_exactly_as_given(spiral):
    tr = make_trainer(spiral, batch_size=100, learning_rate=0.1)
    tr.run(1)
    tr.set_learning_rate(0.7)
    tr.run(1)
    assert tr.learning_rate == 0.7 and tr.history[-1].learning_rate == 0.7


@pytest.mark.parametrize(
    "spec",
    ["constant", "cosine", "cosine:0.01", "step:30:0.5", "exp:0.99", "warmup:5+cosine",
     "warmup:3+step:10:0.1", "warmup:2+constant"],
)  # fmt: skip
def test_every_spec_reads_back_as_itself(spec):
    assert parse_schedule(spec).spec == spec


def test_warmup_alone_means_warmup_then_constant():
    assert parse_schedule("warmup:3") == Schedule(warmup_epochs=3)


@pytest.mark.parametrize(
    ("spec", "fragment"),
    [
        ("linear", "Bad schedule 'linear'"),
        ("step:30", "Bad schedule"),
        ("step:ten:0.5", "step length must be a number"),
        ("step:0:0.5", "whole number ≥ 1"),
        ("exp:1.5", "at most 1"),
        ("exp:0", "above 0"),
        ("exp:nan", "factor"),
        ("cosine:-0.1", "floor"),
        ("warmup:x+cosine", "warm-up must be a number"),
        ("warmup:-2+cosine", "warm-up"),
        ("cosine:0.1:5", "Bad schedule"),
    ],
)
def test_bad_specs_are_one_sentence(spec, fragment):
    with pytest.raises(ConfigError, match=fragment) as e:
        parse_schedule(spec)
    assert "\n" not in str(e.value) and str(e.value).endswith((".", ")"))


def test_cosine_needs_an_epoch_limit():
    with pytest.raises(ConfigError, match="epoch limit"):
        TrainConfig(schedule="cosine", epochs=None)


def test_the_schedule_round_trips_through_a_session_file_and_old_files_still_load():
    from nnviz.app.config import SessionConfig, config_from_json, config_to_json

    config = SessionConfig(train=TrainConfig(epochs=50, schedule="warmup:5+step:10:0.5"))
    back = config_from_json(json.loads(json.dumps(config_to_json(config))))
    assert back == config and back.train.schedule.spec == "warmup:5+step:10:0.5"
    old = config_to_json(SessionConfig())
    del old["train"]["schedule"]  # a session saved before schedules existed
    assert config_from_json(old).train.schedule == Schedule()
    bad = config_to_json(config)
    bad["train"]["schedule"]["kind"] = "sawtooth"
    with pytest.raises(ConfigError, match="sawtooth"):
        config_from_json(bad)
