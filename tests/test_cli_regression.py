"""The command line for regression sets (MSE, RMSE, R² in --json) and --features."""

from __future__ import annotations

import math

import pytest

from nnviz.core.modelio import load_model
from tests.test_cli import assert_one_line_error, run, run_json

SMALL_NET = ("--hidden", "8,8", "--activation", "tanh", "--init", "xavier", "--lr", "0.03")


@pytest.mark.parametrize(("key", "epochs", "r2"), [("reg-plane", 20, 0.98), ("reg-gauss", 30, 0.3)])
def test_train_a_playground_regression_set(capsys, key, epochs, r2):
    r = run_json(
        capsys, "train", "--dataset", key, *SMALL_NET, "--batch-size", "10", "--epochs", str(epochs)
    )
    assert r["loss"] == "MSE" and r["network"] == "2-8-8-1"
    assert r["train_accuracy"] is None and r["test_accuracy"] is None
    assert r["test_r2"] > r2 and r["train_r2"] > r2
    assert r["test_rmse"] == pytest.approx(math.sqrt(r["test_mse"]))
    assert r["test_loss"] == r["test_mse"]


def test_train_reg_1d_without_a_test_split(capsys, tmp_path):
    r = run_json(
        capsys,
        "train",
        "--dataset",
        "reg-1d",
        "--hidden",
        "20,20",
        "--lr",
        "0.01",
        "--batch-size",
        "1",
        "--epochs",
        "100",
        "--save",
        str(tmp_path / "m.npz"),
    )
    assert r["network"] == "1-20-20-1" and r["train_r2"] > 0.5
    assert r["test_r2"] is None and r["test_rmse"] is None
    assert load_model(tmp_path / "m.npz").network.is_regression


def test_regression_text_output_says_mse_rmse_and_r2(capsys):
    code, out, _ = run(capsys, "train", "--dataset", "reg-plane", *SMALL_NET, "--epochs", "2")
    assert code == 0 and "final MSE" in out and "RMSE" in out and "R²" in out


def test_features_from_the_command_line(capsys):
    r = run_json(
        capsys,
        "train",
        "--dataset",
        "circle",
        "--hidden",
        "none",
        "--features",
        "x1^2,x2^2",
        "--epochs",
        "30",
        "--batch-size",
        "10",
    )
    assert r["features"] == ["x1^2", "x2^2"] and r["network"] == "2-2"
    assert r["test_accuracy"] > 0.95 and r["loss"] == "cross-entropy"
    every = run_json(
        capsys,
        "train",
        "--dataset",
        "xor",
        "--hidden",
        "4",
        "--features",
        "x1,x2,x1^2,x2^2,x1x2,sin_x1,sin_x2",
        "--epochs",
        "2",
    )
    assert every["network"] == "7-4-2"


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (("--dataset", "circle", "--features", "x1,x3"), "Unknown feature 'x3'"),
        (("--dataset", "circle", "--features", "x1,x1"), "only once"),
        (("--dataset", "reg-1d", "--features", "x1"), "need 2-D point data"),
        (("--dataset", "reg-plane", "--classes", "3"), "has no classes"),
    ],
)
def test_feature_and_regression_mistakes_are_one_line_exit_2(capsys, argv, fragment):
    code, out, err = run(capsys, "train", *argv, "--epochs", "1")
    assert_one_line_error(code, out, err, fragment)


def test_eval_of_a_regression_model_gives_mse_rmse_r2(capsys, tmp_path):
    model = str(tmp_path / "m.npz")
    trained = run_json(
        capsys, "train", "--dataset", "reg-plane", *SMALL_NET, "--epochs", "5", "--save", model
    )
    r = run_json(capsys, "eval", model, "--dataset", "reg-plane")
    assert r["loss"] == "MSE" and r["samples"] == 600
    assert r["r2"] == pytest.approx(trained["test_r2"], rel=1e-6)
    assert r["rmse"] == pytest.approx(trained["test_rmse"], rel=1e-6)
    code, out, err = run(capsys, "eval", model, "--dataset", "circle")
    assert_one_line_error(code, out, err, "do not match")
