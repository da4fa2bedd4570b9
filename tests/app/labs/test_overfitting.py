"""The overfitting lab: plain, weight decay and dropout on 300 digits, train against test."""

from __future__ import annotations

import json

import numpy as np
import pytest

from nnviz.app.labs import LABS
from nnviz.app.labs.common import first_rows
from nnviz.app.labs.overfitting import (
    DECAY,
    DROPOUT,
    DROPPED,
    PLAIN,
    WEIGHT_DECAY,
    accuracies,
    gap,
    overfitting_contenders,
    overfitting_race,
)
from nnviz.app.labs.race import build_network
from nnviz.core.regularization import Dropout
from nnviz.data.datasets import load_dataset
from nnviz.errors import ConfigError
from tests.data.mnist_fixtures import write_idx_dataset


def test_the_books_three_networks_start_from_the_same_weights():
    plain, decay, dropped = overfitting_contenders()
    assert [c.label for c in (plain, decay, dropped)] == [PLAIN, DECAY, DROPPED]
    assert f"{WEIGHT_DECAY:g}" in DECAY and f"{DROPOUT:g}" in DROPPED  # the labels tell true
    assert (plain.train.l2, decay.train.l2, dropped.train.l2) == (0.0, 0.1, 0.0)
    assert dropped.network.arch == ",".join(["fc:100,relu,dropout:0.2"] * 6)
    nets = [build_network(c.network, 784, 10, seed=1, l2=c.train.l2) for c in (plain, dropped)]
    assert [type(x).__name__ for x in nets[1].layers].count("Dropout") == 6
    assert all(x.ratio == 0.2 for x in nets[1].layers if isinstance(x, Dropout))
    for k, w in nets[0].params.items():
        np.testing.assert_array_equal(w, nets[1].params[k], err_msg=k)
    assert nets[0].init == "he"


def test_the_race_reports_train_and_test_accuracy_per_epoch():
    data = first_rows(load_dataset("spiral", test_ratio=0.3), 120)
    race = overfitting_race(data, epochs=3)
    race.step()
    for lane in race.lanes:
        train, test = accuracies(lane)
        assert len(train) == len(test) == 3
        _, acc = lane.network.evaluate(data.x_test, data.y_test)
        assert test[-1] == acc
        assert gap(lane) == pytest.approx(train[-1] - test[-1])
    with pytest.raises(ConfigError, match="needs test data"):
        overfitting_race(first_rows(data, 50, test=False))


def test_headless_run_reports_the_gaps(tmp_path):
    write_idx_dataset(tmp_path, n_train=300, n_test=60)
    r = LABS["overfitting"].run(data_dir=tmp_path, epochs=2, samples=100)
    d = r["details"]
    assert d["train_samples"] == 100 and d["epochs"] == 2 and d["iterations"] == 2
    assert list(d["final"]) == [PLAIN, DECAY, DROPPED]
    for v in d["final"].values():
        assert v["gap"] == pytest.approx(v["train_accuracy"] - v["test_accuracy"])
        assert len(v["train_curve"]) == len(v["test_curve"]) == 2
    assert r["measured"]["weight_decay_narrows_the_gap"] == d["final"][DECAY]["gap"]
    json.dumps(r, allow_nan=False)


def test_regularisation_narrows_the_gap_on_real_digits(mnist10k):
    """200 digits, 40 epochs (4 s): the plain network's train − test gap is the widest."""
    r = LABS["overfitting"].run(data_dir=mnist10k, samples=200, epochs=40)
    final = r["details"]["final"]
    plain = final[PLAIN]["gap"]
    assert plain > 0.15, final
    assert final[DECAY]["gap"] < plain and final[DROPPED]["gap"] < plain
    assert final[PLAIN]["train_accuracy"] > final[DECAY]["train_accuracy"]


@pytest.mark.slow
def test_the_books_overfitting_holds(mnist10k):
    r = LABS["overfitting"].run(data_dir=mnist10k)
    assert r["reproduced"] is True, r["measured"]
