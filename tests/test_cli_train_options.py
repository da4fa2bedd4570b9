"""``nnviz train`` options of issue 19: activations, schedules, stopping rules, tabular data."""

from __future__ import annotations

import pytest

from nnviz.core.modelio import load_model
from tests.test_cli import assert_one_line_error, run, run_json

MOONS = ("train", "--dataset", "moons", "--samples", "40", "--epochs", "3")


# ---------------------------------------------------------------------- activations
def test_per_layer_activations_and_the_swish_alias_reach_the_saved_model(capsys, tmp_path):
    out = tmp_path / "m.npz"
    run_json(
        capsys, *MOONS, "--hidden", "6,5,4", "--activations", "gelu,swish,elu", "--save", str(out)
    )
    assert load_model(out).network.activation_names == ["gelu", "silu", "elu"]


def test_activation_count_mismatch_is_one_sentence(capsys):
    code, out, err = run(capsys, *MOONS, "--hidden", "6,5", "--activations", "relu,tanh,elu")
    assert_one_line_error(code, out, err, "--activations names 3", "2 hidden layer")


def test_unknown_activation_lists_the_choices(capsys):
    code, out, err = run(capsys, *MOONS, "--activations", "relu,mish")
    assert_one_line_error(code, out, err, "mish", "softplus")


def test_new_activations_train_the_moons(capsys):
    accs = {
        a: run_json(capsys, *MOONS[:-1], "200", "--hidden", "16", "--activation", a, "--lr", "0.3")[
            "train_accuracy"
        ]
        for a in ("elu", "gelu", "softplus", "silu")
    }
    assert min(accs.values()) > 0.85, accs


# ---------------------------------------------------------------------- schedules
def test_schedule_flag_reaches_the_trainer_and_the_json(capsys):
    r = run_json(capsys, *MOONS, "--lr", "0.2", "--schedule", "step:1:0.5")
    assert r["schedule"] == "step:1:0.5"
    assert r["final_learning_rate"] == pytest.approx(0.05)  # epoch 3 of 3: 0.2 · 0.5²


def test_a_bad_schedule_is_one_sentence_and_exit_2(capsys):
    code, out, err = run(capsys, *MOONS, "--schedule", "step:30")
    assert_one_line_error(code, out, err, "--schedule", "step:EPOCHS:FACTOR")
