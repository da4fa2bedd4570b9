"""`nnviz tutorial list|run`: the tutorials' published figures reproduced, and one-line errors."""

from __future__ import annotations

import json
import sys

import pytest

from nnviz.app.tutorials import TUTORIALS, Tutorial
from tests.core.test_tutorials import NAMES, random_book_weights
from tests.data.mnist_fixtures import write_idx_dataset
from tests.test_cli import assert_one_line_error, run, run_json


def check_reproduced(r: dict, name: str) -> None:
    assert r["name"] == name
    assert set(r["measured"]) == set(r["published"]) == set(TUTORIALS[name].published)
    assert set(r["tolerance"]) == set(r["published"])
    assert r["within"] == {k: True for k in r["published"]}, r
    assert r["reproduced"] is True, r


# ---------------------------------------------------------------------- list
def test_list_names_every_tutorial_with_its_published_figures(capsys):
    code, out, err = run(capsys, "tutorial", "list")
    assert code == 0, err
    names = [line.split()[0] for line in out.splitlines() if line and not line[0].isspace()]
    assert names[: len(NAMES)] == NAMES  # then the labs (tests/app/labs/test_registry.py)
    assert "published: train accuracy 98.00%, loss 0.2453" in out


def test_list_json_round_trips_through_the_registry(capsys):
    r = run_json(capsys, "tutorial", "list")
    assert [t["name"] for t in r["tutorials"]] == NAMES
    for entry in r["tutorials"]:
        extra = {"gradient", "loss_plot_window"}
        t = Tutorial.from_dict({k: v for k, v in entry.items() if k not in extra})
        assert t == TUTORIALS[entry["name"]]
        assert entry["gradient"] == t.gradient


# ---------------------------------------------------------------------- the published figures
@pytest.mark.parametrize("name", ["dlfs2-spiral", "cs231n-linear", "cs231n-2layer"])
def test_run_reproduces_the_published_figures(capsys, name):
    r = run_json(capsys, "tutorial", "run", name)
    check_reproduced(r, name)
    assert r["details"]["iterations"] == TUTORIALS[name].train.epochs * (
        10 if name == "dlfs2-spiral" else 1
    )


def test_the_cs231n_two_layer_run_is_smooth_and_meets_the_source_at_iteration_1000(capsys):
    r = run_json(capsys, "tutorial", "run", "cs231n-2layer")
    assert abs(r["measured"]["loss_at_1000"] - 0.2949) <= 0.03
    assert r["measured"]["max_loss_after_1000"] <= 0.5  # no spike after iteration 1,000
    assert r["origins"]["max_loss_after_1000"] == "check"
    rows = {row["iteration"]: row for row in r["details"]["source_losses"]}
    assert sorted(rows) == [0, 1000, 7000, 9000]
    assert rows[0]["source"] == 1.0987 and rows[0]["nnviz"] == pytest.approx(1.0987, abs=2e-4)
    assert rows[9000]["nnviz"] == pytest.approx(0.2453, abs=0.002)


@pytest.mark.slow
def test_numerical_gradients_agree_with_backprop_and_are_thousands_of_times_slower(
    tmp_path, capsys
):
    # The check and the speed gap depend on the network, not on the pixels: random digits do.
    mnist = tmp_path / "mnist"
    write_idx_dataset(mnist, n_train=200, n_test=None)
    r = run_json(capsys, "tutorial", "run", "numerical-gradient", "--data-dir", str(mnist))
    check_reproduced(r, "numerical-gradient")
    assert r["measured"]["max_relative_error"] <= 1e-6
    assert r["measured"]["speedup"] >= 1000
    assert r["details"]["parameters"] == 39_760
    assert r["details"]["forward_passes_per_step"] == 79_520
    assert r["details"]["dtype"] == "float64"
    # The source's procedure: one step of a random batch of 100 with h = 1e-4.
    assert (r["details"]["steps"], r["details"]["batch_size"], r["details"]["h"]) == (1, 100, 1e-4)
    assert set(r["details"]["source_procedure"]) == {
        "steps",
        "loss",
        "train_accuracy",
        "test_accuracy",
    }
    assert r["origins"] == {"max_relative_error": "check", "speedup": "check"}


@pytest.mark.slow  # 1,000 full-batch iterations: ~10 s
def test_fcneuron_digits_reproduces_its_test_accuracy(capsys):
    pytest.importorskip("sklearn")
    r = run_json(capsys, "tutorial", "run", "fcneuron-digits")
    check_reproduced(r, "fcneuron-digits")
    assert r["details"]["test_samples"] == 180  # 10% of scikit-learn's 1,797 digits


def test_the_book_weights_on_the_shared_mnist(dlfs_weights, mnist10k, capsys):
    # The weights are found in ../shared/data/dlfs beside ../shared/data/mnist-10k.
    r = run_json(capsys, "tutorial", "run", "dlfs-mnist-inference", "--data-dir", str(mnist10k))
    check_reproduced(r, "dlfs-mnist-inference")
    d = r["details"]
    assert d["weights"] == str(dlfs_weights)
    # No t10k files there: the held-out 1,000 of the 8,000 digits, and it says so.
    assert d["official_test_set"] is False and d["digits"] == 1000 and d["all_digits"] == 8000
    assert "no t10k files" in d["split"]
    assert 0.92 < d["accuracy_all_digits"] < 0.96


def test_run_prints_a_published_vs_measured_table(capsys):
    code, out, err = run(capsys, "tutorial", "run", "cs231n-linear")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("cs231n-linear: ")
    assert lines[1].split() == ["figure", "published", "measured", "tolerance", "from"]
    assert lines[2].split()[:2] == ["train_accuracy", "49.00%"]
    assert "±5 points" in lines[2] and lines[2].endswith("✓  printed by the source")
    assert lines[3].split()[:2] == ["loss", "0.7863"]
    assert "Reproduced: yes" in out
    assert "  loss at iteration 10: source 0.9173, nnviz 0.9021" in lines


# ---------------------------------------------------------------------- one-line errors
@pytest.fixture
def isolated_home(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("KERAS_HOME", str(home / ".keras"))
    return home


def test_missing_book_weights_is_one_line_saying_where_to_get_them(tmp_path, isolated_home, capsys):
    mnist = tmp_path / "mnist"
    write_idx_dataset(mnist, n_train=20, n_test=None)
    code, out, err = run(
        capsys, "tutorial", "run", "dlfs-mnist-inference", "--data-dir", str(mnist)
    )
    assert_one_line_error(code, out, err, "ch03/sample_weight.pkl", "GitHub", "--weights")


def test_missing_mnist_for_the_book_weights_is_one_line(tmp_path, isolated_home, capsys):
    weights = tmp_path / "sample_weight.pkl"
    random_book_weights(weights)
    empty = tmp_path / "empty"
    empty.mkdir()
    code, out, err = run(
        capsys, "tutorial", "run", "dlfs-mnist-inference", "--data-dir", str(empty),
        "--weights", str(weights),
    )  # fmt: skip
    assert_one_line_error(code, out, err, "needs MNIST", "nnviz data download mnist")


def test_missing_mnist_and_weights_name_both(tmp_path, isolated_home, capsys):
    code, out, err = run(
        capsys, "tutorial", "run", "dlfs-mnist-inference", "--data-dir", str(tmp_path)
    )
    assert_one_line_error(code, out, err, "nnviz data download mnist", "sample_weight.pkl")


def test_missing_mnist_for_numerical_gradients_is_one_line(tmp_path, isolated_home, capsys):
    code, out, err = run(
        capsys, "tutorial", "run", "numerical-gradient", "--data-dir", str(tmp_path)
    )
    assert_one_line_error(code, out, err, "MNIST was not found", "nnviz data download mnist")


def test_missing_scikit_learn_is_one_line(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "sklearn", None)
    code, out, err = run(capsys, "tutorial", "run", "fcneuron-digits")
    assert_one_line_error(code, out, err, 'pip install "nnviz[digits]"')


def test_an_unknown_tutorial_lists_the_names(capsys):
    code, out, err = run(capsys, "tutorial", "run", "cs231n-3layer")
    assert_one_line_error(code, out, err, "cs231n-3layer", *NAMES)


def test_weights_for_a_training_tutorial_are_a_user_error(capsys):
    code, out, err = run(capsys, "tutorial", "run", "dlfs2-spiral", "--weights", "w.pkl")
    assert_one_line_error(code, out, err, "trains its own weights")


def test_tutorial_needs_an_action(capsys):
    code, out, err = run(capsys, "tutorial")
    assert_one_line_error(code, out, err, "ACTION")


# ---------------------------------------------------------------------- train --gradient numerical
SPIRAL = ("train", "--dataset", "spiral", "--activation", "sigmoid", "--lr", "1.0")


def test_train_with_numerical_gradients_learns_like_backprop(capsys):
    args = (*SPIRAL, "--hidden", "10", "--batch-size", "30", "--epochs", "5")
    numerical = run_json(capsys, *args, "--gradient", "numerical")
    backprop = run_json(capsys, *args)
    assert numerical["gradient"] == "numerical"
    # 2-10-3: 63 parameters, 2 forward passes each.
    assert numerical["forward_passes_per_step"] == 126
    assert "forward_passes_per_step" not in backprop
    assert numerical["final_train_loss"] == pytest.approx(backprop["final_train_loss"], abs=0.01)
    assert numerical["samples_per_second"] < backprop["samples_per_second"]


def test_train_numerical_on_a_small_net_does_not_warn(capsys):
    code, out, err = run(
        capsys, *SPIRAL, "--hidden", "10", "--epochs", "1", "--gradient", "numerical"
    )
    assert code == 0, err
    assert err == ""
    assert "126 forward passes per step" in out


def test_train_numerical_on_a_big_net_warns_about_the_cost(capsys):
    # 2-2000-3 has 12,003 parameters; 0 epochs, so only the warning costs anything.
    code, out, err = run(
        capsys, *SPIRAL, "--hidden", "2000", "--epochs", "0", "--gradient", "numerical", "--json"
    )
    assert code == 0, err
    assert err.strip() == (
        "nnviz: warning: numerical gradients cost 2 forward passes per parameter: 24,006 per step."
    )
    assert json.loads(out.strip().splitlines()[-1])["forward_passes_per_step"] == 24_006


def test_dlfs2_spiral_re_runs_the_source_with_the_book_rng(capsys):
    r = run_json(capsys, "tutorial", "run", "dlfs2-spiral")
    assert r["measured"]["loss"] == pytest.approx(0.1168, abs=0.0005)
    assert round(r["measured"]["train_accuracy"], 4) == 0.9633
    # The source prints neither figure: both are its code's, re-run.
    assert r["origins"] == {"train_accuracy": "re-run", "loss": "re-run"}
    assert r["details"]["rng"] == "book" and r["details"]["dtype"] == "float64"
    printout = r["details"]["printout"]
    assert len(printout) == 300 and printout[-1] == "| epoch 300 |  iter 10 / 10 | loss 0.12"
    code, out, _ = run(capsys, "tutorial", "list")
    assert "source code, re-run: train accuracy 96.33%, loss 0.1168" in out
