"""The tutorial registry: each tutorial's published set-up, round trips, and the runner's rules."""

from __future__ import annotations

import json
import math
import pickle
import sys
from dataclasses import replace

import numpy as np
import pytest

from nnviz.app.tutorial_runner import (
    OFFICIAL_TEST_TOLERANCE,
    TutorialResult,
    find_weights,
    gradient_relative_error,
    reported_loss,
    run_tutorial,
)
from nnviz.app.tutorials import TUTORIALS, Tutorial, tutorial
from nnviz.core.network import Network
from nnviz.core.trainer import NetworkConfig, TrainConfig
from nnviz.errors import ConfigError, DataError
from tests.data.mnist_fixtures import write_idx_dataset

NAMES = [
    "dlfs2-spiral",
    "dlfs-mnist-inference",
    "cs231n-linear",
    "cs231n-2layer",
    "fcneuron-digits",
    "circle-crosses",
    "numerical-gradient",
]

# Each tutorial's set-up as its write-up states it, written out independently of the registry.
# (inputs and classes come from the dataset: spiral 2→3, 8×8 digits 64→10, MNIST 784→10)
PUBLISHED_SETUP = {
    "dlfs2-spiral": dict(
        dataset="spiral",
        sizes=[2, 10, 3],
        activation="sigmoid",
        init=("normal", 0.01, "zero"),
        optimizer=("sgd", 1.0),
        batch=30,
        epochs=300,
        l2=0.0,
        gradient="backprop",
        published={"train_accuracy": 0.9633, "loss": 0.1168},
        live="train_accuracy",
        loss_window=10,
        boundary=True,
    ),
    "dlfs-mnist-inference": dict(
        dataset="mnist",
        sizes=[784, 50, 100, 10],
        activation="sigmoid",
        init=None,
        optimizer=None,
        batch=100,
        epochs=0,
        l2=0.0,
        gradient="none",
        published={"test_accuracy": 0.9352},
        live="test_accuracy",
        loss_window=1,
        boundary=False,
    ),
    "cs231n-linear": dict(
        dataset="spiral-cs231n",
        sizes=[2, 3],
        activation=None,
        init=("normal", 0.01, "zero"),
        optimizer=("sgd", 1.0),
        batch=None,
        epochs=200,
        l2=1e-3,
        gradient="backprop",
        published={"train_accuracy": 0.49, "loss": 0.7863},
        live="train_accuracy",
        loss_window=1,
        boundary=True,
    ),
    "cs231n-2layer": dict(
        dataset="spiral-cs231n",
        sizes=[2, 100, 3],
        activation="relu",
        init=("normal", 0.01, "zero"),
        optimizer=("sgd", 1.0),
        batch=None,
        epochs=10_000,
        l2=1e-3,
        gradient="backprop",
        published={
            "train_accuracy": 0.98,
            "loss": 0.2453,
            "loss_at_1000": 0.2949,
            "max_loss_after_1000": 0.5,
        },
        live="train_accuracy",
        loss_window=1,
        boundary=True,
    ),
    "fcneuron-digits": dict(
        dataset="digits",
        sizes=[64, 100, 10],
        activation="sigmoid",
        init=("uniform", None, "same"),
        optimizer=("sgd", 0.1),
        batch=None,
        epochs=1000,
        l2=0.0,
        gradient="backprop",
        published={"test_accuracy": 0.944},
        live="test_accuracy",
        loss_window=1,
        boundary=False,
    ),
    "circle-crosses": dict(
        dataset="circle",
        sizes=[2, 2],  # inputs x₁², x₂²; no hidden layer
        activation=None,
        init=("normal", 0.01, "zero"),
        optimizer=("sgd", 0.1),
        batch=10,
        epochs=50,
        l2=0.0,
        gradient="backprop",
        published={"test_accuracy": 0.95},
        live="test_accuracy",
        loss_window=1,
        boundary=True,
    ),
    "numerical-gradient": dict(
        dataset="mnist",
        sizes=[784, 50, 10],
        activation="sigmoid",
        init=("normal", 0.01, "zero"),
        optimizer=("sgd", 0.1),
        batch=100,
        epochs=None,
        l2=0.0,
        gradient="numerical",
        published={"max_relative_error": 1e-6, "speedup": 1000.0},
        live="train_accuracy",
        loss_window=1,
        boundary=False,
    ),
}


def test_the_registry_holds_exactly_the_seven_tutorials():
    assert list(TUTORIALS) == NAMES
    assert set(PUBLISHED_SETUP) == set(NAMES)
    for name, t in TUTORIALS.items():
        assert t.name == name
        assert t.title and t.source and t.description_en and t.description_ko
        # The Korean description is Korean (Hangul), the English one is not.
        assert any("\uac00" <= c <= "\ud7a3" for c in t.description_ko)
        assert not any("\uac00" <= c <= "\ud7a3" for c in t.description_en)


@pytest.mark.parametrize("name", NAMES)
def test_the_registry_builds_the_published_network(name):
    t, want = TUTORIALS[name], PUBLISHED_SETUP[name]
    assert t.dataset == want["dataset"]
    sizes = want["sizes"]
    net = t.network.build(sizes[0], sizes[-1], seed=t.train.seed, l2=t.train.l2)
    assert net.sizes == sizes
    assert net.activation_names == [want["activation"]] * (len(sizes) - 2)
    if want["init"] is not None:
        init, std, bias = want["init"]
        assert (net.init, net.bias_init) == (init, bias)
        w1 = net.params["W1"]
        if init == "normal":
            assert net.init_std == std
            if w1.size >= 1000:  # enough draws for the sample std to mean something
                assert w1.std() == pytest.approx(std, rel=0.15)
            assert np.abs(w1).max() < 6 * std
            assert not np.any(net.params["b1"])
        else:  # uniform in ±1/sqrt(fan_in), biases too
            bound = 1 / math.sqrt(sizes[0])
            for p in (w1, net.params["b1"]):
                assert np.all(np.abs(p) <= bound) and np.any(p)
            assert np.abs(w1).max() > 0.9 * bound
    if want["optimizer"] is not None:
        assert (t.train.optimizer, t.train.learning_rate) == want["optimizer"]
    assert t.train.batch_size == want["batch"]
    assert t.train.epochs == want["epochs"]
    assert t.train.l2 == want["l2"]
    assert t.gradient == want["gradient"]
    assert t.published == want["published"]
    assert set(t.tolerance) == set(t.published)
    assert t.live_metric == want["live"]
    assert t.loss_plot_window == want["loss_window"]
    assert t.boundary == want["boundary"]


def test_the_numerical_gradient_net_has_39760_parameters():
    t = TUTORIALS["numerical-gradient"]
    assert t.network.build(784, 10).param_count == 39_760


def test_the_fcneuron_split_and_the_inference_weights_are_part_of_the_setup():
    assert TUTORIALS["fcneuron-digits"].dataset_params["test_ratio"] == 0.1
    assert TUTORIALS["dlfs-mnist-inference"].weights == "sample_weight.pkl"
    assert not TUTORIALS["dlfs-mnist-inference"].trains
    assert TUTORIALS["numerical-gradient"].bounds == {
        "max_relative_error": "at_most",
        "speedup": "at_least",
    }


@pytest.mark.parametrize("name", NAMES)
def test_a_tutorial_survives_the_dict_and_json_round_trips(name):
    t = TUTORIALS[name]
    d = t.to_dict()
    assert Tutorial.from_dict(d) == t
    again = Tutorial.from_dict(json.loads(json.dumps(d)))
    assert again == t
    assert isinstance(again.network, NetworkConfig) and isinstance(again.train, TrainConfig)
    assert again.network.hidden == t.network.hidden  # a tuple again, not a JSON list


def test_the_cs231n_tutorials_publish_the_sources_printed_losses():
    assert TUTORIALS["cs231n-2layer"].source_losses == {
        0: 1.0987,
        1000: 0.2949,
        7000: 0.2454,
        9000: 0.2453,
    }
    assert TUTORIALS["cs231n-linear"].source_losses == {0: 1.0970, 10: 0.9173, 190: 0.7863}
    t = TUTORIALS["cs231n-2layer"]
    # The smoothness bound is nnviz's own check, not a figure of the source.
    assert t.origin("max_loss_after_1000") == "check" and t.origin("loss_at_1000") == "quote"


def test_an_unknown_tutorial_names_the_known_ones():
    with pytest.raises(ConfigError, match="cs231n-2layer") as e:
        tutorial("cs231n-3layer")
    assert "cs231n-3layer" in str(e.value)


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        ({"tolerance": {"train_accuracy": 0.04}}, "one tolerance per published figure"),
        ({"dataset": "cifar10"}, "unknown dataset"),
        ({"live_metric": "loss"}, "live metric"),
        ({"bounds": {"loss": "about"}}, "bound"),
        ({"tolerance": {"train_accuracy": -1.0, "loss": 0.05}}, "negative tolerance"),
        ({"origins": {"loss": "hearsay"}}, "origin"),
        ({"origins": {"speedup": "check"}}, "origin"),
    ],
)
def test_a_malformed_tutorial_is_refused(change, fragment):
    with pytest.raises(ConfigError, match=fragment):
        replace(TUTORIALS["dlfs2-spiral"], **change)


# ---------------------------------------------------------------------- what is measured
def test_the_reported_loss_follows_each_tutorials_printout():
    losses = np.arange(200, dtype=np.float32)
    # CS231n prints iterations 0, 10, …, 190 (0-based): the last printed loss is iteration 190.
    assert reported_loss(losses, 10, averaged=False) == (190.0, "iteration 190")
    assert reported_loss(np.arange(10_000.0), 1000, averaged=False)[0] == 9000.0
    # DLFS2 plots the mean of every 10 iterations: the last point covers 2990–2999.
    value, text = reported_loss(np.arange(3000.0), 10, averaged=True)
    assert value == pytest.approx(np.mean(np.arange(2990, 3000)))
    assert text == "mean of iterations 2990–2999"
    assert math.isnan(reported_loss(np.empty(0), 10, averaged=True)[0])


def test_gradient_relative_error_is_norm_wise_per_array():
    a = {"W": np.array([1.0, 2.0]), "b": np.zeros(3)}
    assert gradient_relative_error(a, a) == 0.0
    b = {"W": np.array([1.0, 2.0]) * 1.01, "b": np.zeros(3)}
    assert gradient_relative_error(a, b) == pytest.approx(0.01 / 2.01)
    # A tiny element that is badly off does not dominate, unlike an element-wise error.
    c = {"W": np.array([1.0, 1e-12]), "b": np.zeros(3)}
    d = {"W": np.array([1.0, 3e-12]), "b": np.zeros(3)}
    assert gradient_relative_error(c, d) < 1e-11


def test_within_honours_tolerances_and_bounds():
    r = TutorialResult(
        name="x",
        published={"acc": 0.5, "err": 1e-6, "speed": 1000.0},
        measured={"acc": 0.54, "err": 2e-6, "speed": 5000.0},
        reproduced=False,
        tolerance={"acc": 0.05, "err": 0.0, "speed": 0.0},
        details={},
        bounds={"err": "at_most", "speed": "at_least"},
    )
    assert r.within == {"acc": True, "err": False, "speed": True}
    d = r.to_dict()
    assert set(d) >= {"name", "published", "measured", "reproduced", "tolerance", "details"}
    json.dumps(d, allow_nan=False)


# ---------------------------------------------------------------------- the runner
def test_run_tutorial_trains_with_nnviz_and_reports_progress():
    calls = []
    r = run_tutorial("dlfs2-spiral", progress=lambda done, total, text: calls.append((done, total)))
    assert r.reproduced
    assert set(r.measured) == set(r.published) == {"train_accuracy", "loss"}
    assert isinstance(r.network, Network) and r.network.sizes == [2, 10, 3]
    assert r.details["iterations"] == 3000 and r.details["epochs"] == 300
    assert len(r.details["loss_per_10_iterations"]) == 300
    assert r.details["loss_per_10_iterations"][-1] == pytest.approx(r.measured["loss"], abs=1e-5)
    assert calls and calls[-1] == (3000, 3000)
    json.dumps(r.to_dict(), allow_nan=False)


def test_weights_are_refused_for_a_tutorial_that_trains_its_own():
    with pytest.raises(ConfigError, match="only dlfs-mnist-inference takes a weights file"):
        run_tutorial("cs231n-linear", weights="sample_weight.pkl")


def test_fcneuron_without_scikit_learn_says_how_to_install_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "sklearn", None)  # makes `import sklearn` fail
    with pytest.raises(DataError) as e:
        run_tutorial("fcneuron-digits")
    assert str(e.value) == (
        'The fcneuron-digits tutorial needs scikit-learn: pip install "nnviz[digits]".'
    )


def random_book_weights(path, seed: int = 0) -> None:
    """A pickle shaped like the book's sample_weight.pkl (784-50-100-10, float32)."""
    rng = np.random.default_rng(seed)
    sizes = [784, 50, 100, 10]
    params = {}
    for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:], strict=True), start=1):
        params[f"W{i}"] = rng.standard_normal((a, b)).astype(np.float32) * 0.1
        params[f"b{i}"] = np.zeros(b, np.float32)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(params))


def test_the_book_weights_are_found_beside_the_mnist_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    mnist = tmp_path / "data" / "mnist"
    write_idx_dataset(mnist, n_train=20, n_test=None)
    t = TUTORIALS["dlfs-mnist-inference"]
    assert find_weights(t, mnist) is None
    random_book_weights(tmp_path / "data" / "dlfs" / "sample_weight.pkl")
    assert find_weights(t, mnist) == tmp_path / "data" / "dlfs" / "sample_weight.pkl"
    random_book_weights(mnist / "sample_weight.pkl")  # next to the MNIST files wins
    assert find_weights(t, mnist) == mnist / "sample_weight.pkl"


def test_on_the_official_test_set_the_figure_must_match_exactly(tmp_path, monkeypatch):
    # 10,000 t10k digits stand in for the official test set; random weights score ~10%.
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    mnist = tmp_path / "mnist"
    write_idx_dataset(mnist, n_train=20, n_test=10_000)
    random_book_weights(mnist / "sample_weight.pkl")
    r = run_tutorial("dlfs-mnist-inference", data_dir=mnist)
    assert r.details["official_test_set"] is True
    assert r.details["digits"] == 10_000
    assert r.tolerance == {"test_accuracy": OFFICIAL_TEST_TOLERANCE}
    assert not r.reproduced and r.within == {"test_accuracy": False}


def test_without_the_official_test_set_the_split_is_named(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    mnist = tmp_path / "mnist"
    write_idx_dataset(mnist, n_train=80, n_test=None)
    weights = tmp_path / "w.pkl"
    random_book_weights(weights)
    r = run_tutorial("dlfs-mnist-inference", data_dir=mnist, weights=weights)
    assert r.details["official_test_set"] is False
    assert r.details["digits"] == 10 and r.details["all_digits"] == 80
    assert "no t10k files" in r.details["split"]
    assert r.tolerance == TUTORIALS["dlfs-mnist-inference"].tolerance
    assert r.details["weights"] == str(weights)


def test_the_numerical_gradient_tutorial_follows_the_sources_procedure(tmp_path):
    from nnviz.app.tutorial_runner import numerical_gradient_run
    from nnviz.data.datasets import load_dataset

    tut = TUTORIALS["numerical-gradient"]
    assert (tut.train.batch_size, tut.train.learning_rate) == (100, 0.1)
    assert "return" in tut.description_en and "one step" in tut.description_en
    # The procedure on a 784-3-10 net (a few thousand forward passes instead of 79,520).
    small = replace(tut, network=replace(tut.network, hidden=(3,)))
    write_idx_dataset(tmp_path, n_train=150, n_test=40)
    data = load_dataset("mnist", data_dir=tmp_path)
    calls = []
    measured, details, _, net = numerical_gradient_run(
        small, data, lambda done, total, text: calls.append((done, total))
    )
    assert net.dtype == np.float64 and net.sizes == [784, 3, 10]
    assert (details["h"], details["steps"], details["batch_size"]) == (1e-4, 1, 100)
    assert measured["max_relative_error"] < 1e-6  # nnviz's own check
    assert measured["speedup"] > 1
    after = details["source_procedure"]
    assert set(after) == {"steps", "loss", "train_accuracy", "test_accuracy"}
    assert after["loss"] == pytest.approx(math.log(10), abs=0.05)  # one small step from chance
    assert 0 <= after["test_accuracy"] <= 1 and after["steps"] == 1
    assert calls[-1] == (1, 1) and any(0 < d < t for d, t in calls)  # parameters done / total
    assert tut.origin("speedup") == tut.origin("max_relative_error") == "check"
