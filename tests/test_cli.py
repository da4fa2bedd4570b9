"""The command line: tutorial figures, model files, data commands and one-line errors."""

from __future__ import annotations

import gzip
import json
import os
import pickle
import shlex
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import nnviz
from nnviz.cli import main
from nnviz.core.modelio import save_model
from nnviz.core.network import Network
from nnviz.data.datasets import DATASETS, HOLDOUT_WITHOUT_TEST_FILES
from tests.data.mnist_fixtures import gzip_bytes, idx_bytes, write_idx_dataset


def write_mnist_dir(folder: Path, n: int = 16) -> None:
    """Gzipped train IDX files of ``n`` random 28×28 digits (no t10k files)."""
    write_idx_dataset(folder, n_train=n, n_test=None)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys, *argv: str) -> dict:
    code, out, err = run(capsys, *argv, "--json")
    assert code == 0, err
    return json.loads(out.strip().splitlines()[-1])


def assert_one_line_error(code: int, out: str, err: str, *fragments: str) -> None:
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


@pytest.fixture
def no_user_data(tmp_path, monkeypatch):
    """An empty data folder, with the home folder and Keras cache pointed away from the user's."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("KERAS_HOME", str(home / ".keras"))
    empty = tmp_path / "empty"
    empty.mkdir()
    return empty


# ---------------------------------------------------------------------- the tutorials' figures
CS231N = (
    "train",
    "--dataset",
    "spiral-cs231n",
    "--init-std",
    "0.01",
    "--lr",
    "1.0",
    "--batch-size",
    "full",
    "--l2",
    "1e-3",
)


def test_cs231n_linear_softmax_reaches_about_49_percent(capsys):
    r = run_json(capsys, *CS231N, "--hidden", "none", "--epochs", "200")
    # The case study reports 49% training accuracy and a loss of 0.786 after 200 iterations.
    assert 0.44 <= r["train_accuracy"] <= 0.56
    assert 0.74 <= r["final_train_loss"] <= 0.83
    assert r["dataset"] == "spiral-cs231n" and r["epochs"] == 200
    assert r["test_accuracy"] is None
    assert r["seconds"] >= 0 and r["samples_per_second"] > 0


def test_cs231n_two_layer_relu_net_reaches_98_percent(capsys):
    r = run_json(capsys, *CS231N, "--hidden", "100", "--activation", "relu", "--epochs", "10000")
    assert r["train_accuracy"] >= 0.97  # the case study reports 98%
    assert r["epochs"] == 10000


def test_dlfs2_spiral_two_layer_net(capsys):
    r = run_json(
        capsys,
        "train",
        "--dataset",
        "spiral",
        "--hidden",
        "10",
        "--activation",
        "sigmoid",
        "--init",
        "normal",
        "--init-std",
        "0.01",
        "--lr",
        "1.0",
        "--batch-size",
        "30",
        "--epochs",
        "300",
    )
    assert r["final_train_loss"] <= 0.16  # the book's plot ends near 0.1
    assert r["train_accuracy"] >= 0.93
    assert set(r) >= {
        "dataset",
        "epochs",
        "final_train_loss",
        "train_accuracy",
        "test_accuracy",
        "seconds",
        "samples_per_second",
    }


def test_same_seed_same_result_from_the_command_line(capsys):
    args = ("train", "--dataset", "moons", "--hidden", "8", "--epochs", "5", "--seed", "3")
    a, b = run_json(capsys, *args), run_json(capsys, *args)
    c = run_json(capsys, *args[:-1], "4")
    assert a["final_train_loss"] == b["final_train_loss"]
    assert a["final_train_loss"] != c["final_train_loss"]
    assert 0 <= a["test_accuracy"] <= 1  # moons holds half its points out for testing


def test_train_prints_a_summary_line_without_json(capsys):
    code, out, err = run(capsys, "train", "--dataset", "spiral", "--hidden", "10", "--epochs", "3")
    assert code == 0, err
    lines = out.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Trained 2-10-3 on spiral for 3 epochs")
    assert "train accuracy" in lines[0] and "final loss" in lines[0]


def test_divergence_is_one_line_and_exit_2(capsys):
    code, out, err = run(
        capsys,
        "train",
        "--dataset",
        "spiral",
        "--hidden",
        "100,100",
        "--lr",
        "1e6",
        "--epochs",
        "5",
    )
    assert_one_line_error(code, out, err, "diverged at epoch", "lower the learning rate")


# ---------------------------------------------------------------------- saving and evaluating
def test_save_writes_a_model_that_eval_reads(tmp_path, capsys):
    path = tmp_path / "spiral.npz"
    trained = run_json(
        capsys,
        "train",
        "--dataset",
        "spiral",
        "--hidden",
        "10",
        "--epochs",
        "20",
        "--save",
        str(path),
    )
    assert trained["saved"] == str(path)
    assert path.is_file()
    r = run_json(capsys, "eval", str(path), "--dataset", "spiral", "--split", "train")
    assert r["dataset"] == "spiral" and r["split"] == "train" and r["samples"] == 300
    assert r["accuracy"] == pytest.approx(trained["train_accuracy"])
    assert r["loss"] > 0
    assert set(r) >= {"dataset", "split", "samples", "accuracy", "loss"}


def test_eval_prints_a_summary_without_json(tmp_path, capsys):
    path = save_model(tmp_path / "m.npz", Network([2, 3], seed=0))
    code, out, err = run(capsys, "eval", str(path), "--dataset", "spiral", "--split", "train")
    assert code == 0, err
    assert "on spiral (train, 300 samples): accuracy" in out


def test_eval_on_a_missing_split_is_a_user_error(tmp_path, capsys):
    path = save_model(tmp_path / "m.npz", Network([2, 3], seed=0))
    code, out, err = run(capsys, "eval", str(path), "--dataset", "spiral")  # test split is empty
    assert_one_line_error(code, out, err, "no test split")


def test_train_and_eval_on_idx_files(tmp_path, capsys):
    data = tmp_path / "mnist"
    write_mnist_dir(data, n=40)
    model = tmp_path / "digits.npz"
    r = run_json(
        capsys,
        "train",
        "--dataset",
        "mnist",
        "--data-dir",
        str(data),
        "--hidden",
        "16",
        "--epochs",
        "2",
        "--save",
        str(model),
    )
    assert r["dataset"] == "mnist" and r["test_accuracy"] is not None
    e = run_json(capsys, "eval", str(model), "--dataset", "mnist", "--data-dir", str(data))
    assert e["split"] == "test" and e["samples"] == round(40 * HOLDOUT_WITHOUT_TEST_FILES)
    assert e["accuracy"] == pytest.approx(r["test_accuracy"])


# ---------------------------------------------------------------------- the book's weights on real MNIST
def read_gz_idx(path: Path, header: int) -> np.ndarray:
    return np.frombuffer(gzip.decompress(path.read_bytes())[header:], dtype=np.uint8)


def test_book_weights_accuracy_matches_a_plain_numpy_forward_pass(dlfs_weights, mnist10k, capsys):
    x = read_gz_idx(mnist10k / "train-images-idx3-ubyte.gz", 16).reshape(-1, 784)
    t = read_gz_idx(mnist10k / "train-labels-idx1-ubyte.gz", 8).astype(np.int64)
    assert len(x) == len(t) == 8000
    with open(dlfs_weights, "rb") as f:
        # Our own file from ../shared; a plain pickle is fine *here*, in the test only.
        params = pickle.load(f)  # noqa: S301

    def sigmoid(a):
        return 1 / (1 + np.exp(-a))

    # The book's predict(): x/255, sigmoid, sigmoid, softmax (float32 throughout).
    xf = x.astype(np.float32) / 255
    z1 = sigmoid(xf @ params["W1"] + params["b1"])
    z2 = sigmoid(z1 @ params["W2"] + params["b2"])
    a3 = z2 @ params["W3"] + params["b3"]
    pred = a3.argmax(axis=1)
    # Without t10k files the registry holds out the last 12.5% of the training file.
    n_test = round(len(t) * HOLDOUT_WITHOUT_TEST_FILES)
    rows = {"train": slice(0, len(t) - n_test), "test": slice(len(t) - n_test, len(t))}
    correct = 0
    for split, sl in rows.items():
        r = run_json(
            capsys,
            "eval",
            str(dlfs_weights),
            "--dataset",
            "mnist",
            "--data-dir",
            str(mnist10k),
            "--split",
            split,
        )
        expected = float(np.mean(pred[sl] == t[sl]))
        assert r["samples"] == sl.stop - sl.start
        assert r["accuracy"] == pytest.approx(expected, abs=1e-12)
        shifted = a3[sl] - a3[sl].max(axis=1, keepdims=True)
        logp = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        assert r["loss"] == pytest.approx(-logp[np.arange(len(logp)), t[sl]].mean(), rel=1e-4)
        correct += round(r["accuracy"] * r["samples"])
    # The book reports 93.52% on the MNIST test set; these training digits are alike.
    assert 0.92 < correct / 8000 < 0.96


# ---------------------------------------------------------------------- data commands
def test_data_path_prints_the_folder(tmp_path, capsys):
    folder = tmp_path / "digits"
    write_mnist_dir(folder)
    code, out, err = run(capsys, "data", "path", "mnist", "--data-dir", str(folder))
    assert code == 0, err
    assert out.strip() == str(folder)


def test_data_path_finds_the_shared_mnist(mnist10k, capsys):
    code, out, err = run(capsys, "data", "path", "mnist", "--data-dir", str(mnist10k))
    assert code == 0, err
    assert out.strip() == str(mnist10k)


def test_data_path_without_data_is_a_user_error(no_user_data, capsys):
    code, out, err = run(capsys, "data", "path", "mnist", "--data-dir", str(no_user_data))
    assert_one_line_error(code, out, err, "not found", str(no_user_data))


def test_data_list_lists_every_dataset(tmp_path, monkeypatch, no_user_data, capsys):
    folder = tmp_path / "shared-mnist"
    write_mnist_dir(folder)
    monkeypatch.setenv("NNVIZ_DATA", str(folder))
    code, out, err = run(capsys, "data", "list")
    assert code == 0, err
    lines = {line.split()[0]: line for line in out.strip().splitlines()}
    assert set(lines) == set(DATASETS)
    assert str(folder) in lines["mnist"]
    assert "generated" in lines["spiral"]


def test_version_via_python_dash_m():
    proc = subprocess.run(
        [sys.executable, "-m", "nnviz", "--version"], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"nnviz {nnviz.__version__}"


# ---------------------------------------------------------------------- one-line errors, exit 2
TRAIN_SPIRAL = ("train", "--dataset", "spiral", "--epochs", "1")


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (("train", "--dataset", "cifar10"), "cifar10"),
        ((*TRAIN_SPIRAL, "--lr", "abc"), "abc"),
        ((*TRAIN_SPIRAL, "--lr", "-0.1"), "learning rate"),
        ((*TRAIN_SPIRAL, "--lr", "nan"), "nan"),
        ((*TRAIN_SPIRAL, "--batch-size", "0"), "batch"),
        ((*TRAIN_SPIRAL, "--hidden", "0,5"), "hidden"),
        ((*TRAIN_SPIRAL, "--hidden", "ten"), "ten"),
        ((*TRAIN_SPIRAL, "--epochs", "-3"), "-3"),
        ((*TRAIN_SPIRAL, "--l2", "-1"), "L2"),
        ((*TRAIN_SPIRAL, "--momentum", "1.5"), "Momentum"),
        ((*TRAIN_SPIRAL, "--activation", "mish"), "mish"),
        ((*TRAIN_SPIRAL, "--noise", "50"), "Noise"),
        (("train", "--dataset", "xor", "--classes", "3"), "2 classes"),
        (("train",), "--dataset"),
        (("frobnicate",), "frobnicate"),
    ],
)
def test_bad_arguments_are_one_line_errors(capsys, argv, fragment):
    code, out, err = run(capsys, *argv)
    assert_one_line_error(code, out, err, fragment)


def test_missing_mnist_is_a_one_line_error(no_user_data, capsys):
    code, out, err = run(
        capsys, "train", "--dataset", "mnist", "--data-dir", str(no_user_data), "--epochs", "1"
    )
    assert_one_line_error(code, out, err, "MNIST was not found", "--data-dir")


def broken_files(folder: Path, kind: str) -> None:
    """A valid MNIST folder whose training images file is then broken in one way."""
    write_mnist_dir(folder)
    images = folder / "train-images-idx3-ubyte.gz"
    good = idx_bytes(np.zeros((16, 28, 28), np.uint8))
    if kind == "corrupt":
        # gzip magic, then garbage: a damaged download.
        images.write_bytes(b"\x1f\x8b\x08\x00" + b"\xff" * 200)
    elif kind == "truncated":
        images.write_bytes(gzip_bytes(good[: len(good) // 2]))
    elif kind == "wrong-magic":
        # A one-dimensional (label-style, 0x00000801) file under the images name.
        images.write_bytes(gzip_bytes(idx_bytes(np.zeros(16 * 784, np.uint8))))
    elif kind == "cut-gzip":
        whole = gzip_bytes(good)
        images.write_bytes(whole[: len(whole) // 2])


@pytest.mark.parametrize(
    ("kind", "fragment"),
    [
        ("corrupt", "train-images-idx3-ubyte.gz is a corrupt gzip file"),
        ("truncated", "truncated"),
        ("wrong-magic", "magic"),
        ("cut-gzip", "truncated"),
    ],
)
def test_broken_idx_files_are_one_line_errors(tmp_path, capsys, kind, fragment):
    folder = tmp_path / "mnist"
    broken_files(folder, kind)
    code, out, err = run(
        capsys, "train", "--dataset", "mnist", "--data-dir", str(folder), "--epochs", "1"
    )
    assert_one_line_error(code, out, err, fragment)


def test_the_same_folder_with_good_files_trains(tmp_path, capsys):
    # Control for the broken-file cases: only the broken bytes make them fail.
    folder = tmp_path / "mnist"
    write_mnist_dir(folder)
    r = run_json(
        capsys,
        "train",
        "--dataset",
        "mnist",
        "--data-dir",
        str(folder),
        "--hidden",
        "4",
        "--epochs",
        "1",
    )
    assert r["epochs"] == 1


@pytest.mark.parametrize("target", ["absent.npz", "folder", "garbage.npz", "garbage.pkl"])
def test_unreadable_models_are_one_line_errors(tmp_path, capsys, target):
    (tmp_path / "folder").mkdir()
    (tmp_path / "garbage.npz").write_bytes(b"not a model")
    (tmp_path / "garbage.pkl").write_bytes(b"not a pickle")
    code, out, err = run(capsys, "eval", str(tmp_path / target), "--dataset", "spiral")
    assert_one_line_error(code, out, err, target)


def test_a_malicious_pickle_is_refused_and_never_runs(tmp_path, capsys):
    marker = tmp_path / "pwned"
    evil = tmp_path / "weights.pkl"
    evil.write_bytes(f"cposix\nsystem\n(S{'touch ' + shlex.quote(str(marker))!r}\ntR.".encode())
    code, out, err = run(capsys, "eval", str(evil), "--dataset", "spiral")
    assert_one_line_error(code, out, err, "refused")
    assert not marker.exists()


def test_a_model_that_does_not_fit_the_data_is_a_one_line_error(tmp_path, capsys):
    data = tmp_path / "mnist"
    write_mnist_dir(data)
    model = save_model(tmp_path / "two-inputs.npz", Network([2, 8, 3], seed=0))
    code, out, err = run(capsys, "eval", str(model), "--dataset", "mnist", "--data-dir", str(data))
    assert_one_line_error(code, out, err, "takes 2 inputs", "784")


def test_debug_shows_the_traceback(capsys):
    from nnviz.errors import ConfigError

    with pytest.raises(ConfigError):
        main(["--debug", *TRAIN_SPIRAL, "--lr", "-1"])


def test_nnviz_debug_environment_variable(monkeypatch):
    from nnviz.errors import ConfigError

    monkeypatch.setenv("NNVIZ_DEBUG", "1")
    with pytest.raises(ConfigError):
        main([*TRAIN_SPIRAL, "--lr", "-1"])


def test_the_console_script_runs_in_a_clean_process(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "NNVIZ_DATA"}
    proc = subprocess.run(
        [sys.executable, "-m", "nnviz", "train", "--dataset", "cifar10"],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1


# ---------------------------------------------------------------------- painted points
def write_points_missing_class_1(path: Path) -> None:
    """Points as the app exports them after every point of class 1 was deleted."""
    from nnviz.data.points_csv import write_points_csv

    rng = np.random.default_rng(0)
    x = rng.normal(size=(80, 2)).astype(np.float32)
    y = np.where(x[:, 0] > 0, 2, 0)
    write_points_csv(path, {"train": (x[:60], y[:60]), "test": (x[60:], y[60:])})


@pytest.mark.parametrize("flag", [("--dataset", "csv", "--points"), ("--data-csv",)])
def test_points_missing_a_class_train_from_the_command_line(capsys, tmp_path, flag):
    path = tmp_path / "painted.csv"
    write_points_missing_class_1(path)
    r = run_json(capsys, "train", *flag, str(path), "--hidden", "8", "--epochs", "100")
    assert r["dataset"] == "csv" and r["network"] == "2-8-3"  # classes 0, 1 (empty) and 2
    assert r["train_accuracy"] > 0.9 and r["test_accuracy"] > 0.9
