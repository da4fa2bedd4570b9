"""Hyperparameter search: log-uniform draws, a validation split from training data only."""

from __future__ import annotations

import json

import numpy as np
import pytest

from nnviz.app.labs.race import Contender, Race
from nnviz.app.labs.search import (
    BOOK_NETWORK,
    HyperparameterSearch,
    draw_trials,
    run_hyperparameter_search,
    validation_split,
)
from nnviz.core.trainer import NetworkConfig, TrainConfig
from nnviz.data.datasets import Dataset
from nnviz.errors import ConfigError
from tests.data.mnist_fixtures import write_idx_dataset

SMALL = NetworkConfig(hidden=(12, 12), activation="relu", init="he")


def marked_data(n_train: int = 60, n_test: int = 20) -> Dataset:
    """Rows whose first feature is their own id: training ids ≥ 0, test ids < 0."""
    rng = np.random.default_rng(0)
    x_tr = rng.standard_normal((n_train, 5)).astype(np.float32)
    x_tr[:, 0] = np.arange(n_train)
    x_te = rng.standard_normal((n_test, 5)).astype(np.float32)
    x_te[:, 0] = -1 - np.arange(n_test)
    y_tr, y_te = rng.integers(0, 3, n_train), rng.integers(0, 3, n_test)
    return Dataset("marked", "points", x_tr, y_tr, x_te, y_te, ("a", "b", "c"))


def test_validation_comes_from_the_first_training_rows_never_the_test_split():
    data = marked_data()
    split = validation_split(data, samples=50, ratio=0.2, seed=4)
    train_ids, val_ids = split.x_train[:, 0], split.x_test[:, 0]
    assert len(val_ids) == 10 and len(train_ids) == 40
    assert set(train_ids) | set(val_ids) == set(range(50))
    assert not set(train_ids) & set(val_ids)
    assert (val_ids >= 0).all()  # no test row anywhere
    assert split.params["validation_seed"] == 4
    # Shuffled: not simply the first ten rows; the same seed gives the same split.
    assert set(val_ids) != set(range(10))
    assert np.array_equal(validation_split(data, samples=50, seed=4).x_test, split.x_test)


def test_draws_are_log_uniform_over_the_books_ranges():
    trials = draw_trials(2000, seed=1)
    lr = np.log10([t.learning_rate for t in trials])
    wd = np.log10([t.weight_decay for t in trials])
    assert lr.min() >= -6 and lr.max() <= -2 and wd.min() >= -8 and wd.max() <= -4
    # Uniform in the exponent: each decade holds about a quarter of the draws.
    counts, _ = np.histogram(lr, bins=4, range=(-6, -2))
    assert (abs(counts - 500) < 80).all(), counts
    t = trials[0]
    assert t.train.learning_rate == t.learning_rate and t.train.l2 == t.weight_decay
    assert t.train.optimizer == "sgd" and t.train.batch_size == 100 and t.train.epochs == 50
    assert t.network == BOOK_NETWORK and BOOK_NETWORK.hidden == (100,) * 6


def test_search_ranks_trials_by_validation_accuracy_and_runs_them_as_races():
    data = validation_split(marked_data(), samples=60)
    trials = draw_trials(10, epochs=3, seed=2, network=SMALL, batch_size=16, lr_range=(1e-3, 1))
    search = HyperparameterSearch(data, trials, seed=5)
    first = search.step(max_seconds=0.0)
    assert first == [] and not search.finished
    search.step()
    assert search.finished and len(search.results) == 10
    ranked = search.ranked()
    # Best first; a diverged trial (lr up to 1 here) ranks below every finished one.
    states = [r.state for r in ranked]
    assert "diverged" in states and "done" in states
    assert states == sorted(states, key=lambda s: s == "diverged")
    finals = [r.final_validation_accuracy for r in ranked if r.state == "done"]
    assert finals == sorted(finals, reverse=True)
    assert all(len(r.validation_accuracy) == 3 for r in ranked)
    # Trial 9 ran in the second race (8 + 2): it is exactly a race of that one trial.
    t9 = next(r for r in ranked if r.trial.index == 9)
    alone = Race(data, [Contender("x", t9.trial.network, t9.trial.train)], seed=5, epochs=3)
    alone.step()
    assert t9.validation_accuracy == tuple(r.test_accuracy for r in alone.lanes[0].history)


def test_trial_results_carry_configs_that_reopen_as_normal_runs():
    data = validation_split(marked_data(), samples=60)
    trials = draw_trials(2, epochs=2, network=SMALL, batch_size=16)
    search = HyperparameterSearch(data, trials)
    search.step()
    d = json.loads(json.dumps(search.ranked()[0].to_dict(), allow_nan=False))
    assert NetworkConfig(**d["network"]) == SMALL
    train = TrainConfig(**d["train"])
    assert train.learning_rate == d["learning_rate"] and train.l2 == d["weight_decay"]
    assert train.epochs == 2 and len(d["validation_accuracy"]) == 2


def test_headless_lab_on_idx_digits(tmp_path):
    write_idx_dataset(tmp_path, n_train=600, n_test=50)
    r = run_hyperparameter_search(data_dir=tmp_path, trials=3, epochs=1)
    d = r["details"]
    assert d["train_samples"] == 400 and d["validation_samples"] == 100
    assert d["trials"] == 3 and len(d["ranked"]) == 3
    assert set(r["measured"]) == set(r["published"]) == set(r["within"])
    assert d["best"] == d["ranked"][0]
    json.dumps(r, allow_nan=False)


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"trials": 0}, "1 to 10,000 trials"),
        ({"trials": 3, "epochs": 0}, "at least 1 epoch"),
        ({"trials": 3, "lr_range": (1e-2, 1e-6)}, "low to high"),
    ],
)
def test_bad_search_settings_are_one_sentence_errors(kwargs, fragment):
    with pytest.raises(ConfigError, match=fragment):
        draw_trials(**kwargs)


def test_a_search_without_validation_rows_is_refused():
    data = marked_data(n_test=0)
    with pytest.raises(ConfigError, match="validation split"):
        HyperparameterSearch(data, draw_trials(1))
    with pytest.raises(ConfigError, match="above 0"):
        validation_split(data, ratio=1.0)
