"""Readers for the other MNIST-family formats: Keras ``mnist.npz`` and Kaggle-style CSV.

Every reader returns ``uint8`` images flattened to ``(N, 784)`` and ``int64``
labels, checked by :func:`validate_pair`; anything malformed raises
:class:`~nnviz.errors.DataError` with one sentence naming the file.
"""

from __future__ import annotations

import math
import os
import re
import struct
import warnings
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import numpy as np

from nnviz.data.idx import MAX_PAYLOAD_BYTES, _human, _reason, open_data_file
from nnviz.errors import DataError

#: MNIST-family images are 28×28.
IMAGE_SHAPE = (28, 28)
N_PIXELS = IMAGE_SHAPE[0] * IMAGE_SHAPE[1]

#: The arrays a Keras ``mnist.npz`` holds.
NPZ_KEYS = ("x_train", "y_train", "x_test", "y_test")

#: Largest CSV file read (full MNIST train as CSV is about 110 MB).
MAX_CSV_BYTES = 512 * 1024**2

# DEFLATE expands at most ~1032:1 (see idx.py).
_ZIP_MAX_RATIO = 1100


@dataclass(frozen=True, eq=False)
class MnistArrays:
    """A loaded MNIST-family dataset: flattened uint8 images and int64 labels.

    ``x_test``/``y_test`` are ``None`` when the source has no test split.
    """

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray | None
    y_test: np.ndarray | None
    image_shape: tuple[int, int] = IMAGE_SHAPE
    source: str = ""

    def __post_init__(self) -> None:
        """Check the arrays agree with each other (a programming error otherwise)."""
        if (self.x_test is None) != (self.y_test is None):
            raise ValueError("x_test and y_test must both be given or both be None")
        size = self.image_shape[0] * self.image_shape[1]
        for x, y in ((self.x_train, self.y_train), (self.x_test, self.y_test)):
            if x is None or y is None:
                continue
            if x.dtype != np.uint8 or x.ndim != 2 or x.shape[1] != size:
                raise ValueError(f"images must be uint8 (N, {size}), got {x.dtype} {x.shape}")
            if y.dtype != np.int64 or y.shape != (x.shape[0],):
                raise ValueError(f"labels must be int64 ({x.shape[0]},), got {y.dtype} {y.shape}")

    @property
    def n_train(self) -> int:
        """Number of training images."""
        return int(self.x_train.shape[0])

    @property
    def n_test(self) -> int:
        """Number of test images (0 when there is no test split)."""
        return 0 if self.x_test is None else int(self.x_test.shape[0])

    def __repr__(self) -> str:
        rows, cols = self.image_shape
        return (
            f"MnistArrays(train={self.n_train:,}, test={self.n_test:,}, "
            f"image_shape={rows}×{cols}, source={self.source!r})"
        )


def validate_pair(
    images: np.ndarray,
    labels: np.ndarray,
    n_classes: int = 10,
    source: str = "The dataset",
) -> tuple[np.ndarray, np.ndarray]:
    """Check that images and labels belong together; return them with int64 labels.

    Parameters
    ----------
    images
        Images, one per row (any trailing shape).
    labels
        Class indices, shape ``(N,)``.
    n_classes
        Labels must lie in ``0 .. n_classes - 1``.
    source
        Names the file(s) in error messages, e.g. ``"train-labels-idx1-ubyte.gz"``.

    Returns
    -------
    images : numpy.ndarray
        ``images`` unchanged.
    labels : numpy.ndarray
        ``labels`` as ``int64`` (not copied when already ``int64``).

    Raises
    ------
    DataError
        If the labels are not whole numbers in one dimension, their count differs
        from the image count, or one lies outside ``0 .. n_classes - 1``.
    """
    labels = np.asarray(labels)
    if labels.ndim != 1:
        raise DataError(f"{source} has labels of shape {labels.shape}, not one label per image.")
    if not np.issubdtype(labels.dtype, np.integer):
        raise DataError(f"{source} has labels of type {labels.dtype}, not whole numbers.")
    n_images = int(np.shape(images)[0]) if np.ndim(images) else 0
    if labels.shape[0] != n_images:
        raise DataError(f"{source} has {labels.shape[0]:,} labels for {n_images:,} images.")
    labels = labels.astype(np.int64, copy=False)
    bad = np.flatnonzero((labels < 0) | (labels >= n_classes))
    if bad.size:
        i = int(bad[0])
        raise DataError(
            f"{source} has label {labels[i]} at position {i:,}, outside 0..{n_classes - 1}."
        )
    return images, labels


def read_keras_npz(path: str | os.PathLike[str]) -> MnistArrays:
    """Read a Keras ``mnist.npz`` (``x_train``, ``y_train``, ``x_test``, ``y_test``).

    Arrays are loaded with ``allow_pickle=False`` after their headers have been
    checked, so a crafted file can neither run code nor make us allocate more
    than the archive can hold.

    Parameters
    ----------
    path
        The ``.npz`` file.

    Returns
    -------
    MnistArrays
        Train and test images as ``uint8`` ``(N, 784)``, labels as ``int64``.

    Raises
    ------
    DataError
        If the file is not a valid archive, misses an array, or holds arrays of
        the wrong type or shape, or labels that do not match the images.
    """
    path = Path(path)
    name = path.name
    with open_data_file(path) as f:
        if f.read(4) != b"PK\x03\x04":
            raise DataError(f"{name} is not an .npz archive (it does not start like a zip file).")
        f.seek(0)
        try:
            with zipfile.ZipFile(f) as zf:
                arrays = {key: _read_npy_member(zf, key, name) for key in NPZ_KEYS}
        except DataError:
            raise
        except (
            zipfile.BadZipFile,
            zlib.error,
            EOFError,
            NotImplementedError,
            ValueError,
            struct.error,
            OverflowError,
            OSError,
        ) as e:
            raise DataError(f"{name} is a corrupt .npz archive ({_reason(e)}).") from None
    split = {}
    for part in ("train", "test"):
        x, y = arrays[f"x_{part}"], arrays[f"y_{part}"]
        if x.dtype != np.uint8:
            raise DataError(f"{name} holds x_{part} as {x.dtype}, not uint8 pixels.")
        if x.ndim != 3 or x.shape[1:] != IMAGE_SHAPE:
            raise DataError(f"{name} holds x_{part} of shape {x.shape}, not N×28×28 images.")
        flat = x.reshape(x.shape[0], N_PIXELS)
        split[part] = validate_pair(flat, y, source=f"{name} (y_{part})")
    return MnistArrays(
        x_train=np.ascontiguousarray(split["train"][0]),
        y_train=split["train"][1],
        x_test=np.ascontiguousarray(split["test"][0]),
        y_test=split["test"][1],
        image_shape=IMAGE_SHAPE,
        source=str(path),
    )


def _read_npy_member(zf: zipfile.ZipFile, key: str, name: str) -> np.ndarray:
    """Check one ``.npy`` member's header against the archive, then load it without pickle."""
    try:
        info = zf.getinfo(f"{key}.npy")
    except KeyError:
        raise DataError(
            f"{name} has no {key} array (a Keras mnist.npz holds {', '.join(NPZ_KEYS)})."
        ) from None
    with zf.open(info) as fp:
        shape, dtype = _npy_header(fp, key, name)
    nbytes = math.prod(shape) * dtype.itemsize
    if nbytes > MAX_PAYLOAD_BYTES:
        raise DataError(
            f"{name} declares {key} of {nbytes:,} bytes, more than the "
            f"{_human(MAX_PAYLOAD_BYTES)} limit."
        )
    if nbytes > info.file_size or info.file_size > info.compress_size * _ZIP_MAX_RATIO + 4096:
        raise DataError(f"{name} declares a {key} larger than the archive holds.")
    with zf.open(info) as fp:
        try:
            return np.lib.format.read_array(fp, allow_pickle=False)
        except ValueError as e:
            raise DataError(f"{name} holds a damaged {key} array ({_reason(e)}).") from None


def _npy_header(fp: BinaryIO, key: str, name: str) -> tuple[tuple[int, ...], np.dtype]:
    """Read and check an ``.npy`` header: plain numbers only, no Python objects."""
    fmt = np.lib.format
    try:
        version = fmt.read_magic(fp)
        if version == (1, 0):
            shape, _, dtype = fmt.read_array_header_1_0(fp)
        elif version in ((2, 0), (3, 0)):
            shape, _, dtype = fmt.read_array_header_2_0(fp)
        else:
            raise DataError(f"{name} holds {key} in unknown .npy version {version}.")
    except (ValueError, SyntaxError, TypeError) as e:
        raise DataError(f"{name} holds {key} with a damaged header ({_reason(e)}).") from None
    if dtype.hasobject or dtype.fields is not None or dtype.kind not in "biuf":
        raise DataError(f"{name} holds {key} as {dtype}, not plain numbers.")
    return tuple(int(n) for n in shape), dtype


_HEADER_START = re.compile(r"[^\d,\s]")
_BAD_CHAR = re.compile(r"[^0-9,\n]")


def read_csv_digits(
    path: str | os.PathLike[str], *, n_pixels: int = N_PIXELS, n_classes: int = 10
) -> tuple[np.ndarray, np.ndarray]:
    """Read Kaggle-style digits CSV: an optional header, then ``label,p0,...,p783`` rows.

    Parameters
    ----------
    path
        The CSV file (``mnist_train.csv``, ``fashion-mnist_test.csv``, ...).
    n_pixels
        Pixels per row after the label.
    n_classes
        Labels must lie in ``0 .. n_classes - 1``.

    Returns
    -------
    images : numpy.ndarray
        ``uint8`` array of shape ``(N, n_pixels)``.
    labels : numpy.ndarray
        ``int64`` array of shape ``(N,)``.

    Raises
    ------
    DataError
        If the file is not text, a row has the wrong number of values, a value
        is not a whole number, a pixel lies outside 0..255 or a label outside
        ``0 .. n_classes - 1``; the message names the line and column.
    """
    path = Path(path)
    name = path.name
    with open_data_file(path) as f:
        try:
            # A regular file's size is known up front: refuse before reading 512 MB of it.
            too_big = os.fstat(f.fileno()).st_size > MAX_CSV_BYTES
            raw = None if too_big else _read_capped(f, MAX_CSV_BYTES)
        except OSError as e:
            raise DataError(f"{path} cannot be read: {_reason(e.strerror or e)}.") from None
    if raw is None:
        raise DataError(f"{name} is larger than {_human(MAX_CSV_BYTES)}, too large for a CSV.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise DataError(
            f"{name} is not a text file: byte {e.start:,} is not valid UTF-8."
        ) from None
    columns = n_pixels + 1
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    # (line number, text) of every non-blank line; messages quote line numbers.
    rows = [(i + 1, line.strip()) for i, line in enumerate(lines) if line.strip()]
    if not rows:
        raise DataError(f"{name} is empty.")
    if _HEADER_START.match(rows[0][1]):
        lineno, header = rows.pop(0)
        found = header.count(",") + 1
        if found != columns:
            raise DataError(
                f"{name} has a header of {found:,} columns on line {lineno:,}; expected "
                f"{columns:,} (a label and {n_pixels:,} pixels)."
            )
        if not rows:
            raise DataError(f"{name} holds a header but no digits.")
    for lineno, line in rows:
        found = line.count(",") + 1
        if found != columns:
            raise DataError(
                f"{name} line {lineno:,} has {found:,} values; expected {columns:,} "
                f"(a label and {n_pixels:,} pixels)."
            )
    body = "\n".join(line for _, line in rows)
    pos = _first_bad_field(body)
    if pos is not None:
        lineno, col, token = _locate_token(body, pos, rows)
        shown = f"holds {token!r}, not a whole number from 0 to 255" if token else "is empty"
        raise DataError(f"{name} line {lineno:,}, column {col:,} {shown}.")
    # Every field is now a non-empty run of digits; fromstring parses them in C
    # (values too large for int64 saturate and fail the range checks below).
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            values = np.fromstring(body.replace("\n", ","), dtype=np.int64, sep=",")
        except (ValueError, DeprecationWarning) as e:  # unreachable after the checks above
            raise DataError(f"{name} could not be read as numbers ({_reason(e)}).") from None
    if values.size != len(rows) * columns:
        raise DataError(f"{name} could not be read as a table of {columns:,} columns.")
    table = values.reshape(len(rows), columns)
    labels, pixels = table[:, 0], table[:, 1:]
    bad_label = np.flatnonzero(labels >= n_classes)
    if bad_label.size:
        r = int(bad_label[0])
        raise DataError(
            f"{name} line {rows[r][0]:,} has label {_field(rows, r, 0)}, "
            f"outside 0..{n_classes - 1}."
        )
    bad_pixel = np.argwhere(pixels > 255)
    if bad_pixel.size:
        r, c = (int(v) for v in bad_pixel[0])
        raise DataError(
            f"{name} line {rows[r][0]:,}, column {c + 2:,} holds {_field(rows, r, c + 1)}, "
            f"outside 0..255."
        )
    return validate_pair(pixels.astype(np.uint8), labels, n_classes, source=name)


def _read_capped(f: BinaryIO, cap: int) -> bytes | None:
    """All of ``f``, or None once it exceeds ``cap`` bytes (memory follows the data read)."""
    chunks, size = [], 0
    while chunk := f.read(1024 * 1024):
        size += len(chunk)
        if size > cap:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _first_bad_field(body: str) -> int | None:
    """Position in ``body`` of the first character that is not a digit, or of an empty field."""
    found = []
    m = _BAD_CHAR.search(body)
    if m:
        found.append(m.start())
    # Empty fields: ",," or a comma at either end of a line (rows are stripped, non-empty).
    for pair in (",,", ",\n", "\n,"):
        i = body.find(pair)
        if i >= 0:
            found.append(i + 1)
    if body.startswith(","):
        found.append(0)
    if body.endswith(","):
        found.append(len(body))
    return min(found) if found else None


def _field(rows: list[tuple[int, str]], r: int, c: int) -> str:
    """The text of field ``c`` of CSV row ``r``."""
    return rows[r][1].split(",")[c]


def _locate_token(body: str, pos: int, rows: list[tuple[int, str]]) -> tuple[int, int, str]:
    """File line number, 1-based column and text of the CSV token at ``pos`` in ``body``."""
    line_start = body.rfind("\n", 0, pos) + 1
    line_end = body.find("\n", pos)
    line_end = len(body) if line_end < 0 else line_end
    line = body[line_start:line_end]
    offset = pos - line_start
    col = line.count(",", 0, offset) + 1
    token = line.split(",")[col - 1] if line else ""
    lineno = rows[body.count("\n", 0, line_start)][0]
    return lineno, col, token
