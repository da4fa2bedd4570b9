"""The command line with convolutional networks: train --arch, eval, predict, bad specs."""

from __future__ import annotations

import json

import numpy as np
import pytest

from nnviz.cli import main
from nnviz.core.modelio import load_model


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_train_arch_saves_a_convnet_that_eval_and_predict_read(tmp_path, capsys, mnist10k):
    path = tmp_path / "cnn.npz"
    code, out, err = _run(
        capsys,
        *("train", "--dataset", "mnist", "--data-dir", str(mnist10k), "--samples", "600"),
        *("--arch", "conv:8x5x5,relu,pool:2,fc:32,relu", "--optimizer", "adam"),
        *("--lr", "0.003", "--batch-size", "50", "--epochs", "3", "--init", "he"),
        *("--save", str(path), "--json"),
    )
    assert code == 0, err
    result = json.loads(out.splitlines()[-1])
    assert result["network"] == "conv:8x5x5,relu,pool:2,fc:32,relu,fc:10"
    assert result["test_accuracy"] > 0.6  # 600 digits, 3 epochs
    model = load_model(path)
    assert model.is_digit_model and model.meta["network_config"]["layers"].startswith("conv:8x5x5")

    code, out, err = _run(
        capsys, "eval", str(path), "--dataset", "mnist", "--data-dir", str(mnist10k), "--json"
    )
    assert code == 0, err
    evaluated = json.loads(out)
    assert evaluated["samples"] == 1000
    assert evaluated["accuracy"] > 0.6

    from nnviz.data.datasets import load_dataset
    from tests.test_builtin_model import _paper_digit, _save_png

    x, _ = load_dataset("mnist", data_dir=mnist10k).split("test")
    png = tmp_path / "digit.png"
    _save_png(png, _paper_digit(x[0]))
    code, out, err = _run(capsys, "predict", str(path), str(png), "--json")
    assert code == 0, err
    probs = json.loads(out)["probabilities"]
    assert len(probs) == 10 and sum(probs) == pytest.approx(1.0, abs=1e-4)


@pytest.mark.parametrize(
    ("dataset", "arch", "needle"),
    [
        ("spiral", "conv", "cannot read 2-D points"),
        ("mnist", "conv:0x5x5,relu", "at least 1 filter"),
        ("mnist", "conv:8x30x30", "larger than"),
        ("mnist", "conv:8x5x5,pool:5", "does not divide"),
        ("mnist", "conv:8x5x5,maxout", "Unknown layer"),
    ],
)
def test_bad_architectures_are_one_line_errors(tmp_path, capsys, mnist10k, dataset, arch, needle):
    extra = ["--data-dir", str(mnist10k)] if dataset == "mnist" else []
    code, out, err = _run(
        capsys, "train", "--dataset", dataset, *extra, "--arch", arch, "--epochs", "1"
    )
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and needle in err, err
    assert out == ""


def test_arch_and_config_together_are_refused(tmp_path, capsys):
    code, _, err = _run(capsys, "train", "--config", str(tmp_path / "s.json"), "--arch", "conv")
    assert code == 2 and err.count("\n") == 1


@pytest.mark.slow
def test_tutorial_run_dlfs_simple_convnet(capsys, mnist10k):
    code, out, err = _run(
        capsys, "tutorial", "run", "dlfs-simple-convnet", "--data-dir", str(mnist10k), "--json"
    )
    assert code == 0, err
    result = json.loads(out.splitlines()[-1])
    assert result["details"]["train_samples"] == 7000
    assert result["details"]["test_samples"] == 1000
    assert result["details"]["epochs"] == 20
    assert result["published"]["test_accuracy"] == 0.9896
    assert result["measured"]["test_accuracy"] > 0.95
    assert np.isfinite(result["measured"]["train_accuracy"])
