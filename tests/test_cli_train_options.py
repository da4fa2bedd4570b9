"""``nnviz train`` options of issue 19: activations, schedules, stopping rules, tabular data."""

from __future__ import annotations

import numpy as np
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


# ---------------------------------------------------------------------- stopping rules
NOISY_MOONS = ("train", "--dataset", "moons", "--samples", "60", "--noise", "0.3", "--hidden", "64")
NOISY_MOONS += ("--lr", "0.5", "--batch-size", "10", "--epochs", "500")


def test_early_stopping_flags_stop_the_run_and_say_why(capsys):
    r = run_json(capsys, *NOISY_MOONS, "--patience", "5", "--restore-best")
    assert r["epochs"] < 500
    assert r["stopped"].startswith("Stopped: test loss has not improved for 5 epochs; restored")


def test_accuracy_targets_take_fractions_or_percent(capsys):
    a = run_json(capsys, *NOISY_MOONS, "--stop-at-accuracy", "test:80%")
    b = run_json(capsys, *NOISY_MOONS, "--stop-at-accuracy", "test:0.8")
    assert a["epochs"] == b["epochs"] < 500
    assert a["stopped"].startswith(f"Stopped at epoch {a['epochs']}: the test accuracy reached")


@pytest.mark.parametrize(
    ("flags", "fragment"),
    [
        (("--restore-best",), "--restore-best needs --patience"),
        (("--stop-at-loss", "val:0.1"), "--stop-at-loss"),
        (("--stop-at-accuracy", "1.2"), "between 0 and 1"),
        (("--patience", "0"), "--patience"),
    ],
)
def test_bad_stopping_flags_are_one_sentence(capsys, flags, fragment):
    code, out, err = run(capsys, *NOISY_MOONS, *flags)
    assert_one_line_error(code, out, err, fragment)


def test_early_stopping_without_a_test_split_is_one_sentence(capsys):
    code, out, err = run(capsys, "train", "--dataset", "spiral", "--patience", "3")
    assert_one_line_error(code, out, err, "test split")


# ---------------------------------------------------------------------- export as Python
def test_export_writes_a_script_that_reports_the_models_accuracy(capsys, tmp_path):
    import subprocess
    import sys

    from nnviz.data.datasets import load_dataset

    model = tmp_path / "moons.npz"
    run_json(capsys, *MOONS, "--hidden", "8", "--save", str(model))
    code, out, err = run(capsys, "export", str(model), "--python", str(tmp_path / "moons.py"))
    assert code == 0, err
    assert out.startswith(f"Wrote {tmp_path / 'moons.py'};")
    data = load_dataset("moons", samples=40)
    np.savez(tmp_path / "test.npz", x=data.x_test, y=data.y_test)
    r = subprocess.run(
        [sys.executable, str(tmp_path / "moons.py"), str(tmp_path / "test.npz")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    _, acc = load_model(model).network.evaluate(data.x_test, data.y_test)
    n = len(data.y_test)
    assert r.stdout.strip() == f"Accuracy: {acc:.4f} ({round(acc * n)} of {n} rows)"


def test_export_of_a_missing_model_is_one_sentence(capsys, tmp_path):
    code, out, err = run(capsys, "export", str(tmp_path / "no.npz"), "--python", "x.py")
    assert_one_line_error(code, out, err, "does not exist")
