"""Finding MNIST-family data on disk, loading what was found, and the no-Qt rule."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from nnviz.data import locate as locate_mod
from nnviz.data.locate import (
    Location,
    cache_dir,
    candidate_dirs,
    check_dataset_name,
    describe_missing,
    load_dataset,
    load_location,
    locate,
)
from nnviz.errors import DataError
from tests.data.mnist_fixtures import (
    make_digits,
    write_csv,
    write_idx,
    write_idx_dataset,
    write_keras_npz,
)

DEBIAN_AS_SHIPPED = locate_mod.DEBIAN_FASHION_DIR  # before the autouse fixture patches it
REAL_MNIST_10K = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "mnist-10k"


@pytest.fixture(autouse=True)
def _no_system_fashion(tmp_path: Path, monkeypatch):
    """Point the Debian Fashion-MNIST folder somewhere empty, whatever this machine has."""
    monkeypatch.setattr(locate_mod, "DEBIAN_FASHION_DIR", tmp_path / "usr-share-fashion")


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """An empty home folder."""
    path = tmp_path / "home"
    path.mkdir()
    return path


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """An environment whose cache is an empty folder under tmp_path."""
    return {"NNVIZ_CACHE": str(tmp_path / "cache")}


def _find(name: str, data_dir: Path | None, env: dict[str, str], home: Path) -> Location:
    """``locate`` that must succeed."""
    loc = locate(name, data_dir, env=env, home=home)
    assert loc is not None
    return loc


# --- cache_dir -----------------------------------------------------------------------------


def test_cache_dir_linux_default(home: Path):
    assert cache_dir({}, home, "linux") == home / ".cache" / "nnviz"


def test_cache_dir_honours_xdg(home: Path, tmp_path: Path):
    assert cache_dir({"XDG_CACHE_HOME": str(tmp_path / "x")}, home, "linux") == tmp_path / "x/nnviz"


def test_cache_dir_ignores_relative_xdg(home: Path):
    assert cache_dir({"XDG_CACHE_HOME": "relative"}, home, "linux") == home / ".cache" / "nnviz"


def test_cache_dir_macos(home: Path):
    assert cache_dir({}, home, "darwin") == home / "Library" / "Caches" / "nnviz"


def test_cache_dir_windows(home: Path, tmp_path: Path):
    local = tmp_path / "Local"
    assert cache_dir({"LOCALAPPDATA": str(local)}, home, "win32") == local / "nnviz" / "Cache"
    assert cache_dir({}, home, "win32") == home / "AppData" / "Local" / "nnviz" / "Cache"


@pytest.mark.parametrize("platform", ["linux", "darwin", "win32"])
def test_nnviz_cache_overrides_everything(home: Path, tmp_path: Path, platform: str):
    env = {"NNVIZ_CACHE": str(tmp_path / "mine"), "XDG_CACHE_HOME": str(tmp_path / "x")}
    assert cache_dir(env, home, platform) == tmp_path / "mine"


# --- candidate_dirs ------------------------------------------------------------------------


def test_candidate_dirs_order_for_mnist(home: Path, tmp_path: Path):
    env = {
        "NNVIZ_DATA": os.pathsep.join([str(tmp_path / "d1"), "", str(tmp_path / "d2")]),
        "NNVIZ_CACHE": str(tmp_path / "cache"),
    }
    assert candidate_dirs("mnist", tmp_path / "explicit", env, home) == [
        tmp_path / "explicit",
        tmp_path / "d1",
        tmp_path / "d2",
        tmp_path / "cache" / "mnist",
        home / ".keras" / "datasets",
    ]


def test_candidate_dirs_for_fashion_include_debian_and_keras_subfolder(home: Path, env):
    dirs = candidate_dirs("fashion-mnist", None, env, home)
    assert dirs == [
        Path(env["NNVIZ_CACHE"]) / "fashion-mnist",
        locate_mod.DEBIAN_FASHION_DIR,
        home / ".keras" / "datasets" / "fashion-mnist",
    ]


def test_candidate_dirs_honour_keras_home_and_drop_duplicates(home: Path, tmp_path: Path):
    cache = tmp_path / "cache"
    env = {"NNVIZ_CACHE": str(cache), "KERAS_HOME": str(tmp_path / "k")}
    dirs = candidate_dirs("mnist", cache / "mnist", env, home)
    assert dirs == [cache / "mnist", tmp_path / "k" / "datasets"]


def test_the_real_debian_folder_is_the_packaged_one():
    assert Path("/usr/share/datasets/fashion-mnist") == DEBIAN_AS_SHIPPED


@pytest.mark.parametrize("bad", ["MNIST", "emnist", "", "fashion_mnist"])
def test_unknown_dataset_name(bad: str, env, home: Path):
    with pytest.raises(DataError, match="Unknown dataset .*; choose mnist or fashion-mnist"):
        check_dataset_name(bad)
    with pytest.raises(DataError):
        locate(bad, env=env, home=home)


# --- what a folder may hold ----------------------------------------------------------------


@pytest.mark.parametrize("gz", [True, False], ids=["gz", "raw"])
@pytest.mark.parametrize("dotted", [False, True], ids=["dashed", "dotted"])
def test_idx_files_directly_in_data_dir(tmp_path: Path, env, home: Path, gz: bool, dotted: bool):
    folder = tmp_path / "data"
    written = write_idx_dataset(folder, 10, 4, gz=gz, dotted=dotted)
    loc = _find("mnist", folder, env, home)
    assert loc.kind == "idx" and loc.path == folder and loc.has_test
    assert loc.searched == (folder,)
    arrays = load_location(loc)
    np.testing.assert_array_equal(arrays.x_train, written["train_images"].reshape(10, 784))
    np.testing.assert_array_equal(arrays.y_test, written["test_labels"])
    assert arrays.image_shape == (28, 28)
    assert arrays.source == f"MNIST from {folder}"


def test_idx_prefers_raw_over_gz(tmp_path: Path, env, home: Path):
    folder = tmp_path / "data"
    write_idx_dataset(folder, 5, None, gz=True)
    write_idx_dataset(folder, 5, None, gz=False)
    loc = _find("mnist", folder, env, home)
    assert loc.train_images == folder / "train-images-idx3-ubyte"


def test_only_train_files_means_no_test_split(tmp_path: Path, env, home: Path):
    folder = tmp_path / "data"
    write_idx_dataset(folder, 6, None)
    loc = _find("mnist", folder, env, home)
    assert loc.test_images is None and loc.test_labels is None and not loc.has_test
    arrays = load_location(loc)
    assert arrays.x_test is None and arrays.y_test is None and arrays.n_test == 0


def test_half_a_test_split_is_ignored(tmp_path: Path, env, home: Path):
    folder = tmp_path / "data"
    write_idx_dataset(folder, 6, 3)
    (folder / "t10k-labels-idx1-ubyte.gz").unlink()
    assert not _find("mnist", folder, env, home).has_test


def test_train_images_without_labels_is_not_a_dataset(tmp_path: Path, env, home: Path):
    folder = tmp_path / "data"
    write_idx_dataset(folder, 6, None)
    (folder / "train-labels-idx1-ubyte.gz").unlink()
    assert locate("mnist", folder, env=env, home=home) is None


@pytest.mark.parametrize("name", ["mnist", "fashion-mnist"])
def test_subfolder_named_after_the_dataset(tmp_path: Path, env, home: Path, name: str):
    write_idx_dataset(tmp_path / "data" / name, 5, 2)
    loc = _find(name, tmp_path / "data", env, home)
    assert loc.path == tmp_path / "data" / name
    assert loc.name == name


@pytest.mark.parametrize(("name", "torch"), [("mnist", "MNIST"), ("fashion-mnist", "FashionMNIST")])
def test_torchvision_layout(tmp_path: Path, env, home: Path, name: str, torch: str):
    raw = tmp_path / "torch" / torch / "raw"
    write_idx_dataset(raw, 5, 2, gz=False)
    loc = _find(name, tmp_path / "torch", env, home)
    assert loc.path == raw and loc.kind == "idx"
    assert load_location(loc).n_test == 2


def test_torchvision_layout_is_not_mixed_up_between_datasets(tmp_path: Path, env, home: Path):
    write_idx_dataset(tmp_path / "torch" / "MNIST" / "raw", 5, 2)
    assert locate("fashion-mnist", tmp_path / "torch", env=env, home=home) is None


def test_keras_npz_in_data_dir(tmp_path: Path, env, home: Path):
    written = write_keras_npz(tmp_path / "data" / "mnist.npz", 8, 3)
    loc = _find("mnist", tmp_path / "data", env, home)
    assert loc.kind == "npz" and loc.path == tmp_path / "data" / "mnist.npz"
    arrays = load_location(loc)
    assert arrays.n_train == 8 and arrays.n_test == 3
    np.testing.assert_array_equal(arrays.y_train, written["y_train"])


def test_mnist_npz_is_not_fashion(tmp_path: Path, env, home: Path):
    write_keras_npz(tmp_path / "data" / "mnist.npz")
    assert locate("fashion-mnist", tmp_path / "data", env=env, home=home) is None


@pytest.mark.parametrize("name", ["mnist", "fashion-mnist"])
def test_csv_files(tmp_path: Path, env, home: Path, name: str):
    folder = tmp_path / "csv"
    x_tr, y_tr = make_digits(7)
    x_te, y_te = make_digits(3, seed=5)
    write_csv(folder / f"{name}_train.csv", x_tr, y_tr)
    write_csv(folder / f"{name}_test.csv", x_te, y_te, header=False)
    loc = _find(name, folder, env, home)
    assert loc.kind == "csv" and loc.train_images == folder / f"{name}_train.csv"
    arrays = load_location(loc)
    np.testing.assert_array_equal(arrays.x_test, x_te.reshape(3, 784))
    np.testing.assert_array_equal(arrays.y_train, y_tr)


def test_csv_train_only(tmp_path: Path, env, home: Path):
    x, y = make_digits(4)
    write_csv(tmp_path / "csv" / "mnist_train.csv", x, y)
    loc = _find("mnist", tmp_path / "csv", env, home)
    assert not loc.has_test and load_location(loc).x_test is None


def test_fashion_csv_is_not_mnist(tmp_path: Path, env, home: Path):
    x, y = make_digits(4)
    write_csv(tmp_path / "csv" / "fashion-mnist_train.csv", x, y)
    assert locate("mnist", tmp_path / "csv", env=env, home=home) is None


def test_idx_wins_over_npz_and_csv_in_one_folder(tmp_path: Path, env, home: Path):
    folder = tmp_path / "data"
    write_keras_npz(folder / "mnist.npz")
    x, y = make_digits(4)
    write_csv(folder / "mnist_train.csv", x, y)
    write_idx_dataset(folder, 5, None)
    assert _find("mnist", folder, env, home).kind == "idx"


# --- where it is looked for, in order ------------------------------------------------------


def test_search_order_data_dir_then_env_then_cache_then_keras(tmp_path: Path, home: Path):
    explicit, env_dir, cache = tmp_path / "explicit", tmp_path / "env", tmp_path / "cache"
    env = {"NNVIZ_DATA": str(env_dir), "NNVIZ_CACHE": str(cache)}
    write_keras_npz(home / ".keras" / "datasets" / "mnist.npz")
    assert _find("mnist", explicit, env, home).kind == "npz"
    write_idx_dataset(cache / "mnist", 3, None)
    assert _find("mnist", explicit, env, home).path == cache / "mnist"
    write_idx_dataset(env_dir, 3, None)
    assert _find("mnist", explicit, env, home).path == env_dir
    write_idx_dataset(explicit, 3, None)
    loc = _find("mnist", explicit, env, home)
    assert loc.path == explicit and loc.searched == (explicit,)


def test_searched_lists_the_places_before_the_find(tmp_path: Path, env, home: Path):
    write_keras_npz(home / ".keras" / "datasets" / "mnist.npz")
    loc = _find("mnist", tmp_path / "nothing", env, home)
    assert loc.searched == (
        tmp_path / "nothing",
        Path(env["NNVIZ_CACHE"]) / "mnist",
        home / ".keras" / "datasets",
    )


def test_keras_fashion_folder(env, home: Path):
    folder = home / ".keras" / "datasets" / "fashion-mnist"
    write_idx_dataset(folder, 5, 2)
    loc = _find("fashion-mnist", None, env, home)
    assert loc.path == folder
    assert load_location(loc).source == f"Fashion-MNIST from {folder}"


def test_debian_fashion_package(env, home: Path):
    write_idx_dataset(locate_mod.DEBIAN_FASHION_DIR, 5, 2)
    assert _find("fashion-mnist", None, env, home).path == locate_mod.DEBIAN_FASHION_DIR
    assert locate("mnist", None, env=env, home=home) is None


def test_data_dir_may_be_a_string_with_tilde(env, home: Path, monkeypatch):
    monkeypatch.setenv("HOME", str(home))
    write_idx_dataset(home / "digits", 3, None)
    assert _find("mnist", "~/digits", env, home).path == home / "digits"


def test_defaults_use_os_environ(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("NNVIZ_DATA", str(tmp_path / "envdata"))
    write_idx_dataset(tmp_path / "envdata", 3, None)
    loc = locate("mnist")
    assert loc is not None and loc.path == tmp_path / "envdata"


def test_files_instead_of_folders_are_skipped(tmp_path: Path, env, home: Path):
    (tmp_path / "file").write_text("not a folder")
    assert locate("mnist", tmp_path / "file", env=env, home=home) is None


# --- not found -----------------------------------------------------------------------------


def test_describe_missing_is_one_sentence():
    text = describe_missing("mnist", [Path("/a"), Path("/b/c")])
    assert text == (
        "MNIST was not found (looked in /a, /b/c); "
        "run `nnviz data download mnist` or pass --data-dir."
    )
    assert describe_missing("fashion-mnist", []).startswith("Fashion-MNIST was not found")


def test_load_dataset_explains_where_it_looked(tmp_path: Path, env, home: Path):
    with pytest.raises(DataError) as info:
        load_dataset("mnist", tmp_path / "nope", env=env, home=home)
    places = [tmp_path / "nope", Path(env["NNVIZ_CACHE"]) / "mnist", home / ".keras" / "datasets"]
    assert str(info.value) == describe_missing("mnist", places)


def test_load_dataset_loads(tmp_path: Path, env, home: Path):
    write_idx_dataset(tmp_path / "d", 4, 2)
    arrays = load_dataset("mnist", tmp_path / "d", env=env, home=home)
    assert arrays.n_train == 4 and arrays.n_test == 2


# --- loading what was found ----------------------------------------------------------------


def test_load_rejects_images_that_are_not_28x28(tmp_path: Path, env, home: Path):
    write_idx_dataset(tmp_path / "d", 4, None, shape=(32, 32))
    loc = _find("mnist", tmp_path / "d", env, home)
    with pytest.raises(
        DataError, match=r"train-images-idx3-ubyte\.gz holds 32×32 images, not 28×28"
    ):
        load_location(loc)


def test_load_rejects_label_count_mismatch(tmp_path: Path, env, home: Path):
    folder = tmp_path / "d"
    write_idx_dataset(folder, 6, 3)
    write_idx(folder / "t10k-labels-idx1-ubyte.gz", np.zeros(2, np.uint8), gz=True)
    loc = _find("mnist", folder, env, home)
    with pytest.raises(
        DataError, match=r"^t10k-labels-idx1-ubyte\.gz has 2 labels for 3 images\.$"
    ):
        load_location(loc)


def test_load_rejects_labels_out_of_range(tmp_path: Path, env, home: Path):
    folder = tmp_path / "d"
    write_idx_dataset(folder, 3, None)
    write_idx(folder / "train-labels-idx1-ubyte.gz", np.array([1, 12, 3], np.uint8), gz=True)
    with pytest.raises(DataError, match="has label 12 at position 1, outside 0..9"):
        load_location(_find("mnist", folder, env, home))


def test_load_reports_corrupt_files(tmp_path: Path, env, home: Path):
    folder = tmp_path / "d"
    write_idx_dataset(folder, 3, None)
    (folder / "train-images-idx3-ubyte.gz").write_bytes(b"\x1f\x8b garbage")
    with pytest.raises(DataError, match=r"train-images-idx3-ubyte\.gz is a (corrupt|truncated)"):
        load_location(_find("mnist", folder, env, home))


def test_location_rejects_unknown_kind(tmp_path: Path):
    with pytest.raises(ValueError):
        Location("mnist", "zip", tmp_path, None, None)


# --- real data -----------------------------------------------------------------------------


def test_real_mnist_10k(env, home: Path):
    if not (REAL_MNIST_10K / "train-images-idx3-ubyte.gz").is_file():
        pytest.skip("../shared/data/mnist-10k is not present")
    loc = _find("mnist", REAL_MNIST_10K, env, home)
    assert loc.kind == "idx" and not loc.has_test
    arrays = load_location(loc)
    assert arrays.x_train.shape == (8000, 784) and arrays.x_train.dtype == np.uint8
    assert arrays.y_train.shape == (8000,) and arrays.y_train.dtype == np.int64
    assert arrays.y_train.min() == 0 and arrays.y_train.max() == 9
    assert set(np.unique(arrays.y_train)) == set(range(10))
    assert arrays.x_test is None and arrays.y_test is None
    # Bright digits on a dark background: most pixels are 0, some reach 255.
    assert (arrays.x_train == 0).mean() > 0.5 and arrays.x_train.max() == 255


# --- the data layer never loads Qt ---------------------------------------------------------


def test_data_modules_import_no_qt():
    code = (
        "import sys\n"
        "import nnviz.data.idx, nnviz.data.readers, nnviz.data.locate, nnviz.data.download\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('PySide6', 'PyQt5', 'PyQt6', 'shiboken6', 'pyqtgraph'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == ""
