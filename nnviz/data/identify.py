"""Telling MNIST digits from Fashion-MNIST clothes by their files or, failing that, their pixels.

The two sets share file names, formats, sizes and label range, so a folder of one
passes for the other: the app once showed clothes labelled 0–9 as "MNIST digits".
The official files are recognised by size and SHA-256 (:data:`nnviz.data.download.FILES`);
renamed or re-packed copies (Keras npz, Kaggle CSV, a subset) by two statistics over
a sample of images, measured on the real sets (README, "Datasets and where data comes
from"; checked by ``tests/data/test_identify.py``):

============================  ==============  ===================
statistic (0–255 pixels)      MNIST (8,000)   Fashion-MNIST (70k)
============================  ==============  ===================
mean of the 2-pixel border    0.30            22.8
  — its worst single class    1.9 (sevens)    10.4 (sandals)
share of pixels exactly 0     0.81            0.50
  — range over classes        0.75–0.89       0.35–0.68
============================  ==============  ===================

MNIST digits were scaled into a 20×20 box and centred in 28×28, so their border
stays black; Fashion-MNIST items fill the frame and their background is rarely pure
zero at the edges.  The thresholds sit far from both (a border mean below 4 with at
least 60% black pixels: digits; above 8 with 25–75% black: clothes).  Anything else
(random noise, another set) is "unknown" and never refused.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import io
import zipfile
from pathlib import Path

import numpy as np

from nnviz.errors import DataError

__all__ = [
    "DATASET_NOUNS",
    "SAMPLE_IMAGES",
    "WrongDatasetError",
    "check_images",
    "identify_files",
    "identify_images",
    "identify_location",
    "image_statistics",
]

#: How each set is named in the sentence that refuses the other.
DATASET_NOUNS: dict[str, str] = {"mnist": "MNIST digits", "fashion-mnist": "Fashion-MNIST"}

#: Images looked at to tell the sets apart by content.
SAMPLE_IMAGES = 1000
#: Fewer images than this are too few to judge (a handful of sevens has a bright border).
MIN_IMAGES = 50

BORDER = 2  # pixels of the frame whose mean is measured
MNIST_MAX_BORDER = 4.0
FASHION_MIN_BORDER = 8.0
MNIST_MIN_BLACK = 0.60
FASHION_BLACK = (0.25, 0.75)


class WrongDatasetError(DataError):
    """A folder or file holds the other MNIST-family set than the one asked for.

    ``wanted`` and ``found`` are dataset keys; ``place`` is the folder or file.
    """

    def __init__(self, wanted: str, found: str, place: Path | str) -> None:
        self.wanted, self.found, self.place = wanted, found, Path(place)
        super().__init__(
            f"The folder {self.place} holds {DATASET_NOUNS[found]}, not {DATASET_NOUNS[wanted]}."
        )


def image_statistics(images: np.ndarray) -> tuple[float, float]:
    """``(border mean, share of black pixels)`` of 28×28 uint8 images (rows of 784 or 28×28).

    Parameters
    ----------
    images
        At least one image; pixels 0–255 (0 = background, as in MNIST).

    Returns
    -------
    tuple of float
        The mean pixel value of the outer 2-pixel frame, and the share of pixels that are 0.
    """
    x = np.asarray(images).reshape(-1, 28, 28)
    frame = np.ones((28, 28), dtype=bool)
    frame[BORDER:-BORDER, BORDER:-BORDER] = False
    return float(x[:, frame].mean(dtype=np.float64)), float(np.mean(x == 0))


def identify_images(images: np.ndarray) -> str | None:
    """``"mnist"``, ``"fashion-mnist"`` or ``None`` (unknown, or too few images to say).

    Parameters
    ----------
    images
        uint8 images, ``(N, 784)`` or ``(N, 28, 28)``; at most :data:`SAMPLE_IMAGES`
        of them, spread over the array, are looked at.

    Returns
    -------
    str or None
        Which set the pixels look like.
    """
    x = np.asarray(images)
    if x.dtype != np.uint8 or x.size == 0 or x.size % 784:
        return None
    x = x.reshape(-1, 784)
    if len(x) < MIN_IMAGES:
        return None
    if len(x) > SAMPLE_IMAGES:
        x = x[np.linspace(0, len(x) - 1, SAMPLE_IMAGES).astype(np.int64)]
    border, black = image_statistics(x)
    if border < MNIST_MAX_BORDER and black >= MNIST_MIN_BLACK:
        return "mnist"
    if border > FASHION_MIN_BORDER and FASHION_BLACK[0] <= black <= FASHION_BLACK[1]:
        return "fashion-mnist"
    return None


def identify_files(paths: list[Path]) -> str | None:
    """The set one of ``paths`` is an official file of (size, then SHA-256), or None."""
    from nnviz.data.download import FILES

    known = {(f.size, f.sha256): name for name, files in FILES.items() for f in files}
    sizes = {size for size, _ in known}
    # Label files first: they are small, so hashing them costs nothing.
    for path in sorted(set(paths), key=lambda p: "labels" not in p.name):
        try:
            stat = path.stat()
            if stat.st_size not in sizes:
                continue
            found = known.get((stat.st_size, _sha256(path, stat.st_size, stat.st_mtime_ns)))
        except OSError:
            continue  # unreadable: loading it says so
        if found is not None:
            return found
    return None


def identify_location(loc) -> str | None:
    """Which set a :class:`~nnviz.data.locate.Location` holds: by its files, else a sample.

    Parameters
    ----------
    loc
        What :func:`nnviz.data.locate.locate` found.

    Returns
    -------
    str or None
        ``"mnist"``, ``"fashion-mnist"``, or ``None`` when neither can be told.
    """
    parts = [loc.train_images, loc.train_labels, loc.test_images, loc.test_labels]
    by_files = identify_files([p for p in parts if p is not None])
    if by_files is not None:
        return by_files
    if loc.train_images is None:
        return None
    path = loc.train_images
    try:
        stat = path.stat()
    except OSError:
        return None
    return _identify_sample(str(path), loc.kind, stat.st_size, stat.st_mtime_ns)


def check_images(wanted: str, images: np.ndarray, place: Path | str) -> None:
    """Raise :class:`WrongDatasetError` when ``images`` are clearly the other set.

    Parameters
    ----------
    wanted
        ``"mnist"`` or ``"fashion-mnist"``.
    images
        The loaded training images.
    place
        The folder or file they came from (for the message).
    """
    found = identify_images(images)
    if found is not None and found != wanted:
        raise WrongDatasetError(wanted, found, place)


@functools.lru_cache(maxsize=64)
def _sha256(path: Path, size: int, mtime_ns: int) -> str:
    """SHA-256 of a file (cached by size and modification time)."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


@functools.lru_cache(maxsize=64)
def _identify_sample(path: str, kind: str, size: int, mtime_ns: int) -> str | None:
    """identify_images over the first images of a file (cached by size and modification time)."""
    try:
        sample = _SAMPLERS[kind](Path(path), SAMPLE_IMAGES)
    except Exception:  # noqa: BLE001 - corrupt gzip, bad zip, missing member, …
        return None  # unreadable here tells nothing; loading it says what is wrong
    return None if sample is None else identify_images(sample)


def _open_maybe_gzip(path: Path) -> io.BufferedIOBase:
    """``path`` opened for reading, decompressed when it is gzip."""
    with open(path, "rb") as f:
        gz = f.read(2) == b"\x1f\x8b"
    return gzip.open(path, "rb") if gz else open(path, "rb")  # noqa: SIM115 - caller closes


def _sample_idx(path: Path, n: int) -> np.ndarray | None:
    """The first ``n`` images of an IDX image file, or None when it is not 28×28 uint8."""
    with _open_maybe_gzip(path) as f:
        head = f.read(16)
        if len(head) < 16 or head[:4] != b"\x00\x00\x08\x03":
            return None
        count, rows, cols = (int.from_bytes(head[i : i + 4], "big") for i in (4, 8, 12))
        if (rows, cols) != (28, 28):
            return None
        want = min(count, n) * 784
        data = f.read(want)
    return np.frombuffer(data[: len(data) // 784 * 784], dtype=np.uint8).reshape(-1, 784)


def _sample_npz(path: Path, n: int) -> np.ndarray | None:
    """The first ``n`` images of a Keras npz's ``x_train`` (its header checked, no pickle)."""
    from nnviz.data.readers import _npy_header

    with zipfile.ZipFile(path) as zf, zf.open("x_train.npy") as fp:
        shape, dtype = _npy_header(fp, "x_train", path.name)
        if dtype != np.uint8 or len(shape) != 3 or shape[1:] != (28, 28):
            return None
        data = fp.read(min(shape[0], n) * 784)
    return np.frombuffer(data[: len(data) // 784 * 784], dtype=np.uint8).reshape(-1, 784)


def _sample_csv(path: Path, n: int) -> np.ndarray | None:
    """The first ``n`` rows of a Kaggle-style CSV (label then 784 pixels), header skipped."""
    rows = []
    # Read a bounded prefix only: a file can be huge (or sparse, all zeros, no newline) and
    # a line-by-line read would pull all of it into memory. 785 fields of at most 4 characters.
    limit = (n + 2) * 785 * 4
    with open(path, encoding="utf-8-sig", errors="replace") as f:
        text = f.read(limit)
    for line in text.splitlines()[: n + 2]:
        fields = line.strip().split(",")
        if len(fields) != 785:
            continue
        try:
            rows.append([int(v) for v in fields[1:]])
        except ValueError:
            continue  # the header
        if len(rows) >= n:
            break
    if not rows:
        return None
    x = np.array(rows, dtype=np.int64)
    if x.min() < 0 or x.max() > 255:
        return None
    return x.astype(np.uint8)


_SAMPLERS = {"idx": _sample_idx, "npz": _sample_npz, "csv": _sample_csv}
