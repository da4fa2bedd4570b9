"""MNIST digits and Fashion-MNIST told apart: by official checksums, else by their pixels."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from nnviz.cli import main
from nnviz.data import download as download_mod
from nnviz.data.datasets import load_dataset
from nnviz.data.identify import (
    FASHION_MIN_BORDER,
    MNIST_MAX_BORDER,
    WrongDatasetError,
    identify_files,
    identify_images,
    identify_location,
    image_statistics,
)
from nnviz.data.idx import read_idx_images, read_idx_labels
from nnviz.data.locate import DEBIAN_FASHION_DIR, Location, datasets_in, load_location, locate
from nnviz.errors import DataError
from tests.data.mnist_fixtures import (
    make_clothes,
    make_digits,
    make_strokes,
    write_csv,
    write_idx_dataset,
)
from tests.http_fixtures import remote_file

FASHION_TRAIN = DEBIAN_FASHION_DIR / "train-images-idx3-ubyte.gz"


@pytest.fixture
def fashion_dir() -> Path:
    """Debian's Fashion-MNIST (apt-get install dataset-fashion-mnist); skipped when absent."""
    if not FASHION_TRAIN.is_file():
        pytest.skip("Fashion-MNIST is not installed in /usr/share/datasets/fashion-mnist")
    return DEBIAN_FASHION_DIR


# --- the statistics on the real sets -------------------------------------------------------


def test_real_mnist_digits_have_a_black_border(mnist10k):
    images, _ = read_idx_images(mnist10k / "train-images-idx3-ubyte.gz")
    border, black = image_statistics(images)
    assert border < MNIST_MAX_BORDER / 4  # measured 0.30: a wide margin below the threshold
    assert 0.75 < black < 0.85  # measured 0.81
    assert identify_images(images) == "mnist"
    # even a single class (sevens reach the border most often) is told right
    labels = read_idx_labels(mnist10k / "train-labels-idx1-ubyte.gz")
    for k in range(10):
        assert identify_images(images[labels == k]) == "mnist", k


def test_real_fashion_items_fill_the_frame(fashion_dir):
    images, _ = read_idx_images(fashion_dir / "t10k-images-idx3-ubyte.gz")
    border, black = image_statistics(images)
    assert border > 2 * FASHION_MIN_BORDER  # measured 22.9
    assert 0.45 < black < 0.55  # measured 0.50
    assert identify_images(images) == "fashion-mnist"


def test_noise_and_tiny_sets_are_unknown_never_refused():
    noise, _ = make_digits(500)
    assert identify_images(noise) is None
    strokes, _ = make_strokes(10)
    assert identify_images(strokes) is None  # too few images to judge
    assert identify_images(np.zeros((100, 784), np.float32)) is None  # not pixels


# --- folders --------------------------------------------------------------------------------


def test_each_real_folder_is_refused_for_the_other_set(mnist10k, fashion_dir):
    assert locate("mnist", mnist10k).path == mnist10k
    assert locate("fashion-mnist", fashion_dir).path == fashion_dir
    with pytest.raises(WrongDatasetError, match=r"holds Fashion-MNIST, not MNIST digits\."):
        locate("mnist", fashion_dir)
    with pytest.raises(WrongDatasetError, match=r"holds MNIST digits, not Fashion-MNIST\."):
        load_dataset("fashion-mnist", data_dir=mnist10k)
    assert datasets_in(mnist10k) == ("mnist",)
    assert datasets_in(fashion_dir) == ("fashion-mnist",)


@pytest.mark.parametrize("fmt", ["idx", "npz", "csv"])
def test_renamed_or_repacked_clothes_are_refused_as_digits(tmp_path, fmt):
    folder = tmp_path / "data"
    x, y = make_clothes(200)
    if fmt == "idx":
        write_idx_dataset(folder, 200, 50, style="clothes")
    elif fmt == "npz":
        folder.mkdir()
        np.savez(folder / "mnist.npz", x_train=x, y_train=y, x_test=x[:50], y_test=y[:50])
    else:
        write_csv(folder / "mnist_train.csv", x, y)
    with pytest.raises(WrongDatasetError) as err:
        locate("mnist", folder)
    assert str(err.value) == f"The folder {folder} holds Fashion-MNIST, not MNIST digits."
    assert (err.value.wanted, err.value.found) == ("mnist", "fashion-mnist")


def test_digits_named_fashion_are_refused_and_noise_is_accepted(tmp_path):
    write_idx_dataset(tmp_path / "strokes", 200, 50, style="digits")
    with pytest.raises(WrongDatasetError, match="holds MNIST digits, not Fashion-MNIST"):
        locate("fashion-mnist", tmp_path / "strokes")
    write_idx_dataset(tmp_path / "noise", 200, 50)
    for name in ("mnist", "fashion-mnist"):
        assert locate(name, tmp_path / "noise").path == tmp_path / "noise"


def test_an_automatic_place_holding_the_other_set_is_passed_over(tmp_path, monkeypatch):
    # NNVIZ_DATA lists a folder of clothes, then a folder of digits: MNIST comes from the second.
    write_idx_dataset(tmp_path / "clothes", 200, 50, style="clothes")
    write_idx_dataset(tmp_path / "digits", 200, 50, style="digits")
    monkeypatch.setenv("NNVIZ_DATA", f"{tmp_path / 'clothes'}:{tmp_path / 'digits'}")
    assert locate("mnist").path == tmp_path / "digits"


def test_a_folder_with_both_sets_in_sub_folders_serves_each(tmp_path):
    write_idx_dataset(tmp_path / "mnist", 200, 50, style="digits")
    write_idx_dataset(tmp_path / "fashion-mnist", 200, 50, style="clothes")
    assert locate("mnist", tmp_path).path == tmp_path / "mnist"
    assert locate("fashion-mnist", tmp_path).path == tmp_path / "fashion-mnist"
    assert datasets_in(tmp_path) == ("mnist", "fashion-mnist")
    assert datasets_in(tmp_path / "gone") == ()


def test_load_location_refuses_the_other_set_even_when_handed_it(tmp_path):
    write_idx_dataset(tmp_path, 200, None, style="clothes")
    loc = Location(
        "mnist",
        "idx",
        tmp_path,
        tmp_path / "train-images-idx3-ubyte.gz",
        tmp_path / "train-labels-idx1-ubyte.gz",
    )
    with pytest.raises(WrongDatasetError, match="holds Fashion-MNIST, not MNIST digits"):
        load_location(loc)


def test_official_checksums_decide_before_pixels(tmp_path, monkeypatch):
    # Noise (unknown by content) registered as Fashion-MNIST's official labels file.
    write_idx_dataset(tmp_path, 200, None)
    labels = tmp_path / "train-labels-idx1-ubyte.gz"
    official = remote_file(labels.name, labels.read_bytes())
    monkeypatch.setitem(download_mod.FILES, "fashion-mnist", (official,))
    assert identify_files([labels]) == "fashion-mnist"
    loc = locate("fashion-mnist", tmp_path)
    assert identify_location(loc) == "fashion-mnist"
    with pytest.raises(WrongDatasetError):
        locate("mnist", tmp_path)


def test_cli_refuses_the_other_set_with_exit_2(tmp_path, capsys):
    write_idx_dataset(tmp_path / "clothes", 200, 50, style="clothes")
    folder = str(tmp_path / "clothes")
    assert main(["data", "path", "mnist", "--data-dir", folder]) == 2
    err = capsys.readouterr().err.strip()
    assert err == f"nnviz: The folder {folder} holds Fashion-MNIST, not MNIST digits."
    assert main(["train", "--dataset", "mnist", "--data-dir", folder, "--epochs", "1"]) == 2
    assert "holds Fashion-MNIST, not MNIST digits" in capsys.readouterr().err


@pytest.mark.parametrize(
    "content",
    [b"\x1f\x8b\x08\x00" + b"\xff" * 200, b"PK\x03\x04garbage", b"", b"\x00\x00\x08\x03\x00"],
)
def test_unreadable_files_identify_nothing_and_loading_says_why(tmp_path, content):
    write_idx_dataset(tmp_path, 60, None, style="digits")
    (tmp_path / "train-images-idx3-ubyte.gz").write_bytes(content)
    loc = locate("fashion-mnist", tmp_path)  # nothing to tell: the folder is not refused
    assert identify_location(loc) is None
    with pytest.raises(DataError) as err:
        load_location(loc)
    assert not isinstance(err.value, WrongDatasetError)
