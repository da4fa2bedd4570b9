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


# ---------------------------------------------------------------------- tabular data
def write_table(path) -> None:
    """A 3-class table whose label sits in the middle and whose classes are texts."""
    rng = np.random.default_rng(0)
    centres = {"low": (0.0, 10.0), "mid": (3.0, 20.0), "high": (6.0, 30.0)}
    lines = ["size,grade,weight"]
    for i in range(120):
        name = list(centres)[i % 3]
        a, b = rng.normal(centres[name], (0.5, 2.0))
        lines.append(f"{a:.4f},{name},{b:.4f}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_train_on_your_own_csv_with_a_named_label_column(capsys, tmp_path):
    write_table(tmp_path / "t.csv")
    csv_args = ("--data-csv", str(tmp_path / "t.csv"), "--label", "grade")
    r = run_json(capsys, "train", *csv_args, "--hidden", "8", "--epochs", "60")
    assert r["dataset"] == "table" and r["network"] == "2-8-3"
    assert r["features"] == ["size", "weight"] and r["classes"] == ["high", "low", "mid"]
    assert r["train_accuracy"] > 0.95 and r["test_accuracy"] > 0.9


def test_train_on_iris_reports_the_accuracy(capsys):
    pytest.importorskip("sklearn")
    r = run_json(capsys, "train", "--dataset", "iris", "--hidden", "10", "--epochs", "100")
    assert r["classes"] == ["setosa", "versicolor", "virginica"]
    assert r["test_accuracy"] >= 0.9 and r["train_accuracy"] >= 0.9


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (("--label", "nope"), "no column 'nope' (columns: size, grade, weight)"),
        (("--label", "weight"), "row 2, column 'grade': the value is 'low', not a number"),
        (("--dataset", "iris"), "leave out --dataset"),
    ],
)
def test_bad_table_arguments_are_one_sentence(capsys, tmp_path, argv, fragment):
    write_table(tmp_path / "t.csv")
    code, out, err = run(capsys, "train", "--data-csv", str(tmp_path / "t.csv"), *argv)
    assert_one_line_error(code, out, err, fragment)


def test_a_broken_table_names_row_and_column(capsys, tmp_path):
    (tmp_path / "t.csv").write_text("a,b,c\n1,2,x\n3,abc,y\n", encoding="utf-8")
    code, out, err = run(capsys, "train", "--data-csv", str(tmp_path / "t.csv"))
    assert_one_line_error(code, out, err, "t.csv, row 3, column 'b'", "not a number")


def test_a_table_model_exports_a_script_that_reads_the_raw_csv(capsys, tmp_path):
    import subprocess
    import sys

    from nnviz.data.datasets import load_dataset
    from nnviz.data.tabular import read_table_csv

    write_table(tmp_path / "t.csv")
    model = tmp_path / "m.npz"
    csv_args = ("--data-csv", str(tmp_path / "t.csv"), "--label", "grade")
    run_json(capsys, "train", *csv_args, "--hidden", "8", "--epochs", "30", "--save", str(model))
    run(capsys, "export", str(model), "--python", str(tmp_path / "m.py"))
    out = tmp_path / "p.csv"
    r = subprocess.run(
        [
            sys.executable,
            str(tmp_path / "m.py"),
            str(tmp_path / "t.csv"),
            "--predictions",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    # The script standardises the raw rows itself, with the training split's statistics.
    table = read_table_csv(tmp_path / "t.csv", "grade")
    stats = load_dataset("table", path=tmp_path / "t.csv", label="grade").standardisation
    x = ((table.x - stats["mean"]) / stats["std"]).astype(np.float32)
    expected = load_model(model).network.predict(x)
    predicted = np.loadtxt(out, delimiter=",", skiprows=1, usecols=0, dtype=int)
    np.testing.assert_array_equal(predicted, expected)
    n = len(expected)
    correct = int(np.sum(expected == table.y))
    assert r.stdout.strip() == f"Accuracy: {correct / n:.4f} ({correct} of {n} rows)"
