"""Finding MNIST and Fashion-MNIST on this machine, and loading what was found.

Places are searched in this order: an explicit ``data_dir``, the folders in
``NNVIZ_DATA``, nnviz's own cache (where ``nnviz data download`` puts files),
then copies the user may already have: Debian's ``dataset-fashion-mnist``
package and the Keras cache. Inside each place we accept IDX files (raw or
gzipped), a Keras ``mnist.npz`` or Kaggle-style CSV files, either directly, in a
sub-folder named after the dataset, or in torchvision's ``MNIST/raw`` layout.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from nnviz.data.identify import (
    WrongDatasetError,
    identify_files,
    identify_images,
    identify_location,
)
from nnviz.data.idx import read_idx_images, read_idx_labels
from nnviz.data.readers import (
    IMAGE_SHAPE,
    MnistArrays,
    read_csv_digits,
    read_keras_npz,
    validate_pair,
)
from nnviz.errors import DataError

__all__ = [
    "DATASETS",
    "Location",
    "MnistArrays",
    "cache_dir",
    "candidate_dirs",
    "check_dataset_name",
    "datasets_in",
    "describe_missing",
    "load_dataset",
    "load_location",
    "locate",
]

#: Dataset names and how to show them to people.
DATASETS: dict[str, str] = {"mnist": "MNIST", "fashion-mnist": "Fashion-MNIST"}

#: Where Debian's ``dataset-fashion-mnist`` package installs its IDX files.
DEBIAN_FASHION_DIR = Path("/usr/share/datasets/fashion-mnist")

_TORCHVISION = {"mnist": "MNIST", "fashion-mnist": "FashionMNIST"}
_IDX_STEMS = {
    "train_images": ("train-images", "idx3-ubyte"),
    "train_labels": ("train-labels", "idx1-ubyte"),
    "test_images": ("t10k-images", "idx3-ubyte"),
    "test_labels": ("t10k-labels", "idx1-ubyte"),
}


@dataclass(frozen=True)
class Location:
    """Where a dataset was found: its format, its folder or file, and the file of each part.

    ``kind`` is ``'idx'``, ``'npz'`` or ``'csv'``. For ``'npz'`` every part is the
    archive itself; for ``'csv'`` images and labels share one file per split.
    ``test_images``/``test_labels`` are ``None`` when there is no test split.
    ``searched`` lists the places looked in, up to and including this one.
    """

    name: str
    kind: str
    path: Path
    train_images: Path | None
    train_labels: Path | None
    test_images: Path | None = None
    test_labels: Path | None = None
    searched: tuple[Path, ...] = ()

    def __post_init__(self) -> None:
        """Reject unknown kinds and dataset names (programming errors)."""
        if self.kind not in ("idx", "npz", "csv"):
            raise ValueError(f"unknown location kind {self.kind!r}")
        if self.name not in DATASETS:
            raise ValueError(f"unknown dataset {self.name!r}")

    @property
    def has_test(self) -> bool:
        """True when a test split was found."""
        return self.test_images is not None and self.test_labels is not None


def cache_dir(
    env: Mapping[str, str] | None = None,
    home: Path | None = None,
    platform: str | None = None,
) -> Path:
    """nnviz's cache folder, where downloads go.

    Parameters
    ----------
    env
        Environment variables (default ``os.environ``). ``NNVIZ_CACHE`` overrides
        everything; ``XDG_CACHE_HOME`` and ``LOCALAPPDATA`` are honoured.
    home
        The user's home folder (default ``Path.home()``).
    platform
        ``sys.platform`` value (default the running one).

    Returns
    -------
    pathlib.Path
        ``$XDG_CACHE_HOME/nnviz`` or ``~/.cache/nnviz`` on Linux,
        ``~/Library/Caches/nnviz`` on macOS, ``%LOCALAPPDATA%\\nnviz\\Cache`` on Windows.
    """
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    if env.get("NNVIZ_CACHE"):
        return Path(env["NNVIZ_CACHE"]).expanduser()
    home = _home(home)
    if platform == "darwin":
        return home / "Library" / "Caches" / "nnviz"
    if platform.startswith("win"):
        base = Path(env["LOCALAPPDATA"]) if env.get("LOCALAPPDATA") else home / "AppData" / "Local"
        return base / "nnviz" / "Cache"
    xdg = env.get("XDG_CACHE_HOME", "")
    # The XDG spec says relative paths are invalid and must be ignored.
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else home / ".cache"
    return base / "nnviz"


def candidate_dirs(
    name: str,
    data_dir: str | os.PathLike[str] | None = None,
    env: Mapping[str, str] | None = None,
    home: Path | None = None,
) -> list[Path]:
    """The folders searched for ``name``, in order, without duplicates.

    Parameters
    ----------
    name
        ``"mnist"`` or ``"fashion-mnist"``.
    data_dir
        A folder given by the user (``--data-dir``), searched first.
    env
        Environment variables (default ``os.environ``); ``NNVIZ_DATA`` may list
        several folders separated by ``os.pathsep``.
    home
        The user's home folder (default ``Path.home()``).

    Returns
    -------
    list of pathlib.Path
        Whether or not they exist.

    Raises
    ------
    DataError
        If ``name`` is not a known dataset.
    """
    check_dataset_name(name)
    env = os.environ if env is None else env
    home = _home(home)
    dirs: list[Path] = []
    if data_dir is not None:
        dirs.append(Path(data_dir).expanduser())
    dirs += [Path(p).expanduser() for p in env.get("NNVIZ_DATA", "").split(os.pathsep) if p]
    dirs.append(cache_dir(env, home) / name)
    if name == "fashion-mnist":
        dirs.append(DEBIAN_FASHION_DIR)
    keras = Path(env["KERAS_HOME"]).expanduser() if env.get("KERAS_HOME") else home / ".keras"
    dirs.append(keras / "datasets" if name == "mnist" else keras / "datasets" / name)
    return list(dict.fromkeys(dirs))


def locate(
    name: str,
    data_dir: str | os.PathLike[str] | None = None,
    *,
    env: Mapping[str, str] | None = None,
    home: Path | None = None,
) -> Location | None:
    """Find ``name`` in the first candidate folder that holds it.

    Parameters
    ----------
    name
        ``"mnist"`` or ``"fashion-mnist"``.
    data_dir
        A folder given by the user, searched first.
    env
        Environment variables (default ``os.environ``).
    home
        The user's home folder (default ``Path.home()``).

    Returns
    -------
    Location or None
        ``None`` when no candidate folder holds the dataset; see
        :func:`describe_missing` for telling the user.  A place whose files are
        the other MNIST-family set (see :mod:`nnviz.data.identify`) never counts.

    Raises
    ------
    DataError
        If ``name`` is not a known dataset.
    WrongDatasetError
        If ``data_dir`` holds the other set (MNIST digits asked for, Fashion-MNIST
        found, or the reverse) and not this one.
    """
    searched: list[Path] = []
    chosen = Path(data_dir).expanduser() if data_dir is not None else None
    for folder in candidate_dirs(name, data_dir, env, home):
        searched.append(folder)
        found, wrong = _match_place(folder, name, tuple(searched))
        if found is not None:
            return found
        if wrong is not None and folder == chosen:
            # The user's own choice: say so rather than quietly use some other folder.
            raise WrongDatasetError(name, wrong, folder)
    return None


def datasets_in(folder: str | os.PathLike[str]) -> tuple[str, ...]:
    """The datasets whose files ``folder`` holds, each positively told apart from the other.

    Parameters
    ----------
    folder
        A folder (its own files, a sub-folder named after a dataset, or torchvision's
        layout are looked at).

    Returns
    -------
    tuple of str
        Dataset names; empty when the folder is gone or its files cannot be told apart
        (a folder setting shared by both sets is handed on only to the set it holds).
    """
    folder = Path(folder).expanduser()
    held = []
    for name in DATASETS:
        for sub in _places(folder, name):
            found = _match_folder(sub, name, (folder,))
            if found is not None and identify_location(found) == name:
                held.append(name)
                break
    return tuple(held)


def _places(folder: Path, name: str) -> tuple[Path, ...]:
    """Where inside one candidate folder ``name``'s files may lie."""
    return (folder, folder / name, folder / _TORCHVISION[name] / "raw")


def _match_place(
    folder: Path, name: str, searched: tuple[Path, ...]
) -> tuple[Location | None, str | None]:
    """``name``'s files in one candidate folder, or which other set was found there instead."""
    wrong = None
    for sub in _places(folder, name):
        found = _match_folder(sub, name, searched)
        if found is None:
            continue
        held = identify_location(found)
        if held is None or held == name:
            return found, None
        wrong = held
    return None, wrong


def describe_missing(name: str, searched: list[Path] | tuple[Path, ...]) -> str:
    """One sentence telling the user that ``name`` was not found and what to do.

    Parameters
    ----------
    name
        ``"mnist"`` or ``"fashion-mnist"``.
    searched
        The places looked in, e.g. :func:`candidate_dirs`.

    Returns
    -------
    str
        E.g. "MNIST was not found (looked in A, B); run `nnviz data download mnist`
        or pass --data-dir."
    """
    title = DATASETS.get(name, name)
    places = ", ".join(str(p) for p in searched) or "nowhere"
    return (
        f"{title} was not found (looked in {places}); "
        f"run `nnviz data download {name}` or pass --data-dir."
    )


def load_location(loc: Location) -> MnistArrays:
    """Read and validate the files of a :class:`Location`.

    Parameters
    ----------
    loc
        What :func:`locate` found.

    Returns
    -------
    MnistArrays
        ``uint8`` images ``(N, 784)``, ``int64`` labels in 0..9; the test arrays
        are ``None`` when the location has no test split.

    Raises
    ------
    DataError
        If a file is unreadable or malformed, images are not 28×28, or labels do
        not match their images.
    WrongDatasetError
        If the files are the other MNIST-family set (by checksum or by content).
    """
    source = f"{DATASETS[loc.name]} from {loc.path}"
    if loc.kind == "npz":
        arrays = read_keras_npz(loc.path)
        _check_identity(loc, arrays.x_train)
        return MnistArrays(
            arrays.x_train, arrays.y_train, arrays.x_test, arrays.y_test, IMAGE_SHAPE, source
        )
    if loc.train_images is None or loc.train_labels is None:
        raise ValueError("a location needs training files")
    x_train, y_train = _read_split(loc.kind, loc.train_images, loc.train_labels)
    _check_identity(loc, x_train)
    x_test = y_test = None
    if loc.test_images is not None and loc.test_labels is not None:
        x_test, y_test = _read_split(loc.kind, loc.test_images, loc.test_labels)
    return MnistArrays(x_train, y_train, x_test, y_test, IMAGE_SHAPE, source)


def _check_identity(loc: Location, x_train: np.ndarray) -> None:
    """Refuse files that are the other set: official checksums first, then the pixels."""
    parts = (loc.train_images, loc.train_labels, loc.test_images, loc.test_labels)
    held = identify_files([p for p in parts if p is not None]) or identify_images(x_train)
    if held is not None and held != loc.name:
        raise WrongDatasetError(loc.name, held, loc.path)


def load_dataset(
    name: str,
    data_dir: str | os.PathLike[str] | None = None,
    *,
    env: Mapping[str, str] | None = None,
    home: Path | None = None,
) -> MnistArrays:
    """Locate and load ``name``, or explain where it was looked for.

    Parameters
    ----------
    name
        ``"mnist"`` or ``"fashion-mnist"``.
    data_dir
        A folder given by the user, searched first.
    env
        Environment variables (default ``os.environ``).
    home
        The user's home folder (default ``Path.home()``).

    Returns
    -------
    MnistArrays
        The loaded dataset.

    Raises
    ------
    DataError
        If the dataset is not found (with :func:`describe_missing`'s sentence)
        or its files are malformed.
    """
    loc = locate(name, data_dir, env=env, home=home)
    if loc is None:
        raise DataError(describe_missing(name, candidate_dirs(name, data_dir, env, home)))
    return load_location(loc)


def _read_split(kind: str, images_path: Path, labels_path: Path) -> tuple[np.ndarray, np.ndarray]:
    """Read one split (IDX pair or one CSV) and check that it is 28×28 and consistent."""
    if kind == "csv":
        return read_csv_digits(images_path)
    images, shape = read_idx_images(images_path)
    if shape != IMAGE_SHAPE:
        rows, cols = shape
        raise DataError(f"{images_path.name} holds {rows}×{cols} images, not 28×28.")
    labels = read_idx_labels(labels_path)
    return validate_pair(images, labels, source=labels_path.name)


def _match_folder(folder: Path, name: str, searched: tuple[Path, ...]) -> Location | None:
    """The dataset files directly inside ``folder``, if any: IDX first, then npz, then CSV."""
    if not folder.is_dir():
        return None
    parts = {role: _find_idx(folder, *stem) for role, stem in _IDX_STEMS.items()}
    if parts["train_images"] and parts["train_labels"]:
        if not (parts["test_images"] and parts["test_labels"]):
            parts["test_images"] = parts["test_labels"] = None
        return Location(name, "idx", folder, **parts, searched=searched)
    npz = folder / "mnist.npz"
    if name == "mnist" and npz.is_file():
        return Location(name, "npz", npz, npz, npz, npz, npz, searched)
    train, test = folder / f"{name}_train.csv", folder / f"{name}_test.csv"
    if train.is_file():
        test_file = test if test.is_file() else None
        return Location(name, "csv", folder, train, train, test_file, test_file, searched)
    return None


def _find_idx(folder: Path, stem: str, suffix: str) -> Path | None:
    """The first existing spelling of one IDX file: dashed or dotted, raw before gzip."""
    for base in (f"{stem}-{suffix}", f"{stem}.{suffix}"):
        for candidate in (folder / base, folder / f"{base}.gz"):
            if candidate.is_file():
                return candidate
    return None


def check_dataset_name(name: str) -> None:
    """Raise :class:`~nnviz.errors.DataError` unless ``name`` is a known dataset.

    Parameters
    ----------
    name
        The name to check.

    Raises
    ------
    DataError
        If ``name`` is not ``"mnist"`` or ``"fashion-mnist"``.
    """
    if name not in DATASETS:
        known = " or ".join(DATASETS)
        raise DataError(f"Unknown dataset {name!r}; choose {known}.")


def _home(home: Path | None) -> Path:
    """``home`` or the user's home folder."""
    if home is not None:
        return Path(home)
    try:
        return Path.home()
    except RuntimeError:  # no HOME and no password entry: fall back to the current folder
        return Path.cwd()
