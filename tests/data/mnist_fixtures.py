"""Small MNIST-family files for tests: valid ones and deliberately broken ones.

The IDX encoder here is written independently of ``nnviz.data.idx`` (with
``struct``) so round-trip tests cannot pass through a bug shared by both sides.
"""

from __future__ import annotations

import gzip
import struct
from pathlib import Path

import numpy as np

#: IDX element type codes, as the format defines them.
IDX_CODES: dict[str, int] = {
    "uint8": 0x08,
    "int8": 0x09,
    "int16": 0x0B,
    "int32": 0x0C,
    "float32": 0x0D,
    "float64": 0x0E,
}

IDX_NAMES = {
    "train_images": "train-images-idx3-ubyte",
    "train_labels": "train-labels-idx1-ubyte",
    "test_images": "t10k-images-idx3-ubyte",
    "test_labels": "t10k-labels-idx1-ubyte",
}


def idx_header(code: int, shape: tuple[int, ...]) -> bytes:
    """Magic number and big-endian sizes for an IDX file."""
    return struct.pack(">BBBB", 0, 0, code, len(shape)) + struct.pack(f">{len(shape)}I", *shape)


def idx_bytes(array: np.ndarray) -> bytes:
    """``array`` as a complete, uncompressed IDX file."""
    code = IDX_CODES[array.dtype.name]
    big = array.astype(array.dtype.newbyteorder(">"))
    return idx_header(code, array.shape) + big.tobytes(order="C")


def gzip_bytes(data: bytes) -> bytes:
    """``data`` gzip-compressed (fixed mtime, so output is reproducible)."""
    return gzip.compress(data, mtime=0)


def write_bytes(path: Path, data: bytes, *, gz: bool = False) -> Path:
    """Write ``data`` (gzip-compressed when ``gz``) to ``path``; return ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip_bytes(data) if gz else data)
    return path


def write_idx(path: Path, array: np.ndarray, *, gz: bool = False) -> Path:
    """Write ``array`` as an IDX file, gzipped when ``gz``."""
    return write_bytes(path, idx_bytes(array), gz=gz)


def make_digits(
    n: int, seed: int = 0, shape: tuple[int, int] = (28, 28), n_classes: int = 10
) -> tuple[np.ndarray, np.ndarray]:
    """Random uint8 images ``(n, rows, cols)`` and uint8 labels ``(n,)``."""
    rng = np.random.default_rng(seed)
    images = rng.integers(0, 256, size=(n, *shape), dtype=np.uint8)
    labels = rng.integers(0, n_classes, size=n, dtype=np.uint8)
    return images, labels


def make_strokes(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """MNIST-like images ``(n, 28, 28)``: a bright ring stroke inside the central 20×20 box
    on a black background, and labels ``(n,)``."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:28, 0:28]
    images = np.zeros((n, 28, 28), dtype=np.uint8)
    for i in range(n):
        cy, cx = rng.uniform(12, 16, size=2)
        r = rng.uniform(4, 8)
        dist = np.abs(np.hypot(yy - cy, xx - cx) - r)
        images[i] = np.clip(255 * (2.0 - dist), 0, 255).astype(np.uint8)
    return images, rng.integers(0, 10, size=n, dtype=np.uint8)


def make_clothes(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Fashion-MNIST-like images ``(n, 28, 28)``: a filled, textured shape from the top edge
    to the bottom edge, and labels ``(n,)``."""
    rng = np.random.default_rng(seed)
    images = np.zeros((n, 28, 28), dtype=np.uint8)
    for i in range(n):
        width = int(rng.integers(14, 24))
        left = (28 - width) // 2
        images[i, :, left : left + width] = rng.integers(60, 220, size=(28, width))
    return images, rng.integers(0, 10, size=n, dtype=np.uint8)


#: Image makers by style: random noise (neither set), digit-like strokes, clothes-like shapes.
STYLES = {"noise": None, "digits": make_strokes, "clothes": make_clothes}


def write_idx_dataset(
    folder: Path,
    n_train: int = 30,
    n_test: int | None = 12,
    *,
    gz: bool = True,
    dotted: bool = False,
    seed: int = 0,
    shape: tuple[int, int] = (28, 28),
    style: str = "noise",
) -> dict[str, np.ndarray]:
    """Write train (and, unless ``n_test`` is None, t10k) IDX files into ``folder``.

    ``style`` picks the images (see :data:`STYLES`). Returns the arrays written, keyed
    like ``IDX_NAMES``.
    """
    make = STYLES[style] or (lambda n, s: make_digits(n, s, shape))
    arrays: dict[str, np.ndarray] = {}
    arrays["train_images"], arrays["train_labels"] = make(n_train, seed)
    if n_test is not None:
        arrays["test_images"], arrays["test_labels"] = make(n_test, seed + 1)
    for role, array in arrays.items():
        write_idx(folder / idx_file_name(role, gz=gz, dotted=dotted), array, gz=gz)
    return arrays


def idx_file_name(role: str, *, gz: bool = True, dotted: bool = False) -> str:
    """The file name of one IDX part: 'train-images-idx3-ubyte.gz' or the dotted spelling."""
    name = IDX_NAMES[role]
    if dotted:
        stem, _, rest = name.rpartition("-idx")
        name = f"{stem}.idx{rest}"
    return name + (".gz" if gz else "")


def write_keras_npz(
    path: Path, n_train: int = 20, n_test: int = 10, *, seed: int = 0, compressed: bool = False
) -> dict[str, np.ndarray]:
    """Write a Keras-style ``mnist.npz``; return the arrays written."""
    x_train, y_train = make_digits(n_train, seed)
    x_test, y_test = make_digits(n_test, seed + 1)
    arrays = {"x_train": x_train, "y_train": y_train, "x_test": x_test, "y_test": y_test}
    path.parent.mkdir(parents=True, exist_ok=True)
    (np.savez_compressed if compressed else np.savez)(path, **arrays)
    return arrays


def csv_text(
    images: np.ndarray, labels: np.ndarray, *, header: bool = True, newline: str = "\n"
) -> str:
    """Kaggle-style CSV text: optional 'label,pixel0,...' header, then label + pixels rows."""
    flat = images.reshape(len(images), -1)
    lines = []
    if header:
        lines.append(",".join(["label"] + [f"pixel{i}" for i in range(flat.shape[1])]))
    for label, row in zip(labels.tolist(), flat.tolist(), strict=True):
        lines.append(",".join(str(v) for v in [label, *row]))
    return newline.join(lines) + newline


def write_csv(path: Path, images: np.ndarray, labels: np.ndarray, *, header: bool = True) -> Path:
    """Write ``images`` and ``labels`` as a Kaggle-style CSV file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(csv_text(images, labels, header=header), encoding="ascii")
    return path
