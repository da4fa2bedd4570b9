"""Feature crosses outside training: ``nnviz eval`` and ``nnviz export`` use the model's inputs."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz.core.features import FeatureMap
from nnviz.core.modelio import load_model
from nnviz.data.datasets import load_dataset
from tests.core.test_export_code import run_script
from tests.test_cli import assert_one_line_error, run, run_json, write_mnist_dir

CROSSED = ("train", "--dataset", "circle", "--hidden", "0", "--features", "x1^2,x2^2")


@pytest.fixture
def circle_model(capsys, tmp_path):
    """A linear model of x₁², x₂² trained on the circle, and what ``train --json`` reported."""
    path = tmp_path / "circle.npz"
    return path, run_json(capsys, *CROSSED, "--epochs", "50", "--save", str(path))


def test_eval_feeds_the_models_crosses_and_reports_what_training_reported(circle_model, capsys):
    path, trained = circle_model
    assert trained["test_accuracy"] == 1.0 and trained["features"] == ["x1^2", "x2^2"]
    r = run_json(capsys, "eval", str(path), "--dataset", "circle")
    assert r["accuracy"] == trained["test_accuracy"] and r["loss"] == trained["test_loss"]
    assert r["features"] == ["x1^2", "x2^2"]
    r = run_json(capsys, "eval", str(path), "--dataset", "circle", "--split", "train")
    assert r["accuracy"] == trained["train_accuracy"]


def test_eval_of_a_crossed_model_on_data_that_is_not_points_is_one_sentence(
    circle_model, capsys, tmp_path
):
    path, _ = circle_model
    write_mnist_dir(tmp_path)
    argv = ("eval", str(path), "--dataset", "mnist", "--data-dir", str(tmp_path))
    code, out, err = run(capsys, *argv, "--split", "train")
    assert_one_line_error(
        code, out, err, "takes feature crosses of 2-D points (x₁², x₂²)", "mnist is not 2-D point"
    )


def test_export_writes_the_crosses_into_the_script(circle_model, capsys, tmp_path):
    path, trained = circle_model
    code, out, err = run(capsys, "export", str(path), "--python", str(tmp_path / "circle.py"))
    assert code == 0, err
    data = load_dataset("circle")
    x = np.concatenate([data.x_train, data.x_test])  # the plain points x₁, x₂
    y = np.concatenate([data.y_train, data.y_test])
    np.savez(tmp_path / "points.npz", x=x, y=y)
    stdout, predicted, _ = run_script(tmp_path / "circle.py", tmp_path / "points.npz")
    model = load_model(path)
    np.testing.assert_array_equal(predicted, model.network.predict(FeatureMap(("x1^2", "x2^2"))(x)))
    assert stdout.strip() == f"Accuracy: 1.0000 ({len(y)} of {len(y)} rows)"


def test_a_layered_model_keeps_its_crosses_too(capsys, tmp_path):
    path = tmp_path / "arch.npz"
    argv = ("train", "--dataset", "circle", "--arch", "dense:4,relu", "--epochs", "40")
    trained = run_json(capsys, *argv, "--features", "x1^2,x2^2,x1x2", "--save", str(path))
    assert load_model(path).crosses.names == ("x1^2", "x2^2", "x1x2")
    r = run_json(capsys, "eval", str(path), "--dataset", "circle")
    assert r["accuracy"] == trained["test_accuracy"] and r["loss"] == trained["test_loss"]
