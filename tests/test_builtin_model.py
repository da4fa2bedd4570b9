"""The shipped digit model ``builtin:digits``: its file, its metadata, and reading real digits."""

from __future__ import annotations

import gzip
import json
import struct
import subprocess
import sys
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from nnviz.cli import main
from nnviz.core.modelio import builtin_models, load_builtin

MAX_BYTES = 2 * 1024 * 1024


@pytest.fixture(scope="module")
def model():
    return load_builtin("digits")


@pytest.fixture
def heldout(mnist10k):
    """The 1,000 digits the shipped model never trained on."""
    from nnviz.data.datasets import load_dataset

    data = load_dataset("mnist", data_dir=mnist10k)
    return data.split("test")


# ---------------------------------------------------------------------- the file
def test_digits_is_listed_and_small() -> None:
    assert "digits" in builtin_models()
    res = resources.files("nnviz.resources").joinpath("digits.npz")
    with resources.as_file(res) as path:
        assert 0 < Path(path).stat().st_size < MAX_BYTES


def test_loads_as_a_float32_digit_model(model) -> None:
    assert model.source == "builtin:digits"
    assert model.is_digit_model
    assert model.input_shape == (28, 28)
    assert model.class_names == tuple(str(i) for i in range(10))
    for key, p in model.network.params.items():
        assert p.dtype == np.float32, key
        assert np.isfinite(p).all(), key


def test_metadata_says_how_it_was_made(model) -> None:
    meta = model.meta
    assert 0.9 < meta["heldout_accuracy"] <= 1.0
    assert 0.5 < meta["heldout_accuracy_augmented"] <= 1.0
    assert meta["architecture"]["sizes"] == model.network.sizes
    assert meta["architecture"]["dtype"] == "float32"
    for key in ("optimizer", "learning_rate", "batch_size", "epochs", "l2", "seed"):
        assert key in meta["training"], key
    assert meta["augmentation"]["max_rotate_deg"] > 0
    assert meta["data"]["dataset"] == "mnist"
    assert meta["data"]["train_samples"] > 0 and meta["data"]["heldout_samples"] > 0
    assert isinstance(meta["seed"], int)
    assert len(meta["date"]) == 10  # YYYY-MM-DD
    assert "/work/" not in json.dumps(meta)  # no local absolute paths shipped


# ---------------------------------------------------------------------- accuracy
def test_heldout_accuracy_matches_the_metadata(model, heldout) -> None:
    x, y = heldout
    assert len(y) == model.meta["data"]["heldout_samples"] == 1000
    _, acc = model.network.evaluate(x, y)
    assert acc >= model.meta["heldout_accuracy"] - 0.005


# ---------------------------------------------------------------------- the CLI
def _write_idx(folder: Path, prefix: str, images: np.ndarray, labels: np.ndarray) -> None:
    """Gzipped IDX files ``{prefix}-images-idx3-ubyte.gz`` and ``{prefix}-labels-idx1-ubyte.gz``."""
    n = len(labels)
    header = struct.pack(">IIII", 0x00000803, n, 28, 28)
    (folder / f"{prefix}-images-idx3-ubyte.gz").write_bytes(
        gzip.compress(header + np.ascontiguousarray(images, dtype=np.uint8).tobytes())
    )
    (folder / f"{prefix}-labels-idx1-ubyte.gz").write_bytes(
        gzip.compress(struct.pack(">II", 0x00000801, n) + labels.astype(np.uint8).tobytes())
    )


def test_cli_eval_on_an_idx_folder_with_test_files(tmp_path, heldout, capsys, model) -> None:
    x, y = heldout
    folder = tmp_path / "mnist"
    folder.mkdir()
    _write_idx(folder, "train", x[200:500], y[200:500])
    _write_idx(folder, "t10k", x[:200], y[:200])
    code = main(
        ["eval", "builtin:digits", "--dataset", "mnist", "--data-dir", str(folder)]
        + ["--split", "test", "--json"]
    )
    out, err = capsys.readouterr()
    assert code == 0, err
    result = json.loads(out)
    assert result["samples"] == 200
    _, expected = model.network.evaluate(x[:200], y[:200])
    assert result["accuracy"] == pytest.approx(expected)
    assert result["accuracy"] >= 0.93


def _save_png(path: Path, gray_u8: np.ndarray) -> None:
    from PySide6.QtGui import QImage

    gray_u8 = np.ascontiguousarray(gray_u8, dtype=np.uint8)
    h, w = gray_u8.shape
    img = QImage(gray_u8.data, w, h, w, QImage.Format.Format_Grayscale8)
    assert img.save(str(path))


def _paper_digit(digit_u8: np.ndarray, side: int = 140) -> np.ndarray:
    """A 28×28 MNIST digit rendered dark on white paper at ``side``×``side`` pixels."""
    big = np.kron(digit_u8.reshape(28, 28), np.ones((side // 28, side // 28), dtype=np.uint8))
    return 255 - big


def test_cli_predict_reads_a_digit_on_paper(tmp_path, heldout, capsys, model) -> None:
    x, y = heldout
    picks = range(10)
    correct = 0
    for i in picks:
        path = tmp_path / f"digit{i}.png"
        _save_png(path, _paper_digit(x[i]))
        code = main(["predict", "builtin:digits", str(path), "--json"])
        out, err = capsys.readouterr()
        assert code == 0, err
        result = json.loads(out)
        assert result["prediction"] == str(model.network.predict(x[i : i + 1])[0])
        assert sum(result["probabilities"]) == pytest.approx(1.0, abs=1e-4)
        correct += result["prediction"] == str(y[i])
    assert correct >= 9


def test_cli_predict_blank_image_is_a_one_line_error(tmp_path) -> None:
    path = tmp_path / "blank.png"
    _save_png(path, np.full((140, 140), 255, dtype=np.uint8))
    proc = subprocess.run(
        [sys.executable, "-m", "nnviz", "predict", "builtin:digits", str(path), "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert len(proc.stderr.strip().splitlines()) == 1
    assert "blank" in proc.stderr
