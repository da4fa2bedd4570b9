"""Your own 2-D data: CSV files of ``x,y,label`` rows, read strictly and written back."""

from __future__ import annotations

import csv
import io
import math
import os
from pathlib import Path

import numpy as np

from nnviz.data.idx import open_data_file
from nnviz.errors import DataError

MAX_POINTS_CSV_BYTES = 64 * 1024 * 1024
MAX_CLASSES = 8


def read_csv_text(path: str | Path, limit: int = MAX_POINTS_CSV_BYTES) -> str:
    """The text of a UTF-8 CSV file of at most ``limit`` bytes, or a one-sentence DataError."""
    path = Path(path)
    with open_data_file(path) as f:
        # A regular file's size is known up front: refuse it before reading 64 MB of it.
        too_big = os.fstat(f.fileno()).st_size > limit
        raw = b"" if too_big else f.read(limit + 1)
    if too_big or len(raw) > limit:
        raise DataError(f"{path.name} is larger than {limit // 2**20} MB.")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DataError(f"{path.name} is not a UTF-8 text file.") from None


def read_points_csv(
    path: str | Path, *, regression: bool = False
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """Read ``x,y,label`` rows, optionally with a 4th ``split`` column (train/test).

    An optional header row is skipped.  Returns float32 points (N, 2), int64
    labels (N,) and, when the file has a split column, a boolean "is test" mask
    (as :func:`write_points_csv` writes it), else None.  Labels must be whole
    numbers 0–7, at least two of them present; the classes are 0 to the largest
    label, so a class with no points (every point of class 1 painted away) keeps
    its number and colour.  With ``regression=True`` the third column is a target:
    any finite number (float32).

    Raises
    ------
    DataError
        With the line number for a malformed row, a NaN/inf coordinate or a bad label.
    """
    path = Path(path)
    text = read_csv_text(path)
    points, labels, tests = [], [], []
    width = None
    for lineno, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        if not row or all(not c.strip() for c in row):
            continue
        if len(row) not in (3, 4) or (width is not None and len(row) != width):
            raise DataError(
                f"{path.name}, line {lineno}: expected the columns x,y,label (and optionally split), "
                f"found {len(row)} columns."
            )
        width = len(row)
        try:
            x, y = float(row[0]), float(row[1])
        except ValueError:
            if lineno == 1 and not points:
                continue  # a header row
            raise DataError(f"{path.name}, line {lineno}: x and y must be numbers.") from None
        if not (math.isfinite(x) and math.isfinite(y)):
            raise DataError(f"{path.name}, line {lineno}: x and y must be finite numbers.")
        if regression:
            label = _target(row[2], path.name, lineno)
        else:
            try:
                label = int(row[2].strip())
            except ValueError:
                raise DataError(
                    f"{path.name}, line {lineno}: the label must be a whole number."
                ) from None
        if not regression and not 0 <= label < MAX_CLASSES:
            raise DataError(f"{path.name}, line {lineno}: labels must be 0 to {MAX_CLASSES - 1}.")
        if width == 4:
            split = row[3].strip().lower()
            if split not in ("train", "test"):
                raise DataError(f"{path.name}, line {lineno}: the split must be train or test.")
            tests.append(split == "test")
        points.append((x, y))
        labels.append(label)
    if len(points) < 2:
        raise DataError(f"{path.name} has fewer than 2 points.")
    mask = np.asarray(tests, dtype=bool) if width == 4 else None
    if regression:
        return np.asarray(points, dtype=np.float32), np.asarray(labels, np.float32), mask
    y = np.asarray(labels, dtype=np.int64)
    present = np.unique(y)
    if len(present) < 2:
        raise DataError(
            f"{path.name} needs points of at least 2 classes; all have label {present[0]}."
        )
    return np.asarray(points, dtype=np.float32), y, mask


POINTS_HEADER = ("x", "y", "label", "split")
"""The header :func:`write_points_csv` writes (painted points exported from the app)."""


def is_points_export(path: str | Path) -> bool:
    """Whether ``path`` starts with the header of nnviz's own points CSV (x,y,label,split).

    Such a file's labels are class numbers and its split column is the split, so it is
    read as points even where a table is expected (a table would take ``split`` as its
    label column).  Unreadable files answer False (the reader then says what is wrong).
    """
    path = Path(path)
    if not path.is_file():  # a folder, a missing file, or a pipe that could block
        return False
    try:
        with open(path, "rb") as f:
            first = f.readline(256).decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return False
    header = next(csv.reader([first]), [])
    return tuple(h.strip().lower() for h in header) == POINTS_HEADER


def _target(text: str, name: str, lineno: int) -> float:
    """A regression target cell as a finite float, or a DataError naming the line."""
    try:
        v = float(text)
    except ValueError:
        v = math.nan
    if not math.isfinite(v):
        raise DataError(f"{name}, line {lineno}: the target must be a finite number.")
    return v


def write_points_csv(path: str | Path, splits: dict[str, tuple[np.ndarray, np.ndarray]]) -> int:
    """Write ``x,y,label,split`` rows for each named split; returns the number of rows.

    Float labels (regression targets) are written as numbers with 7 significant digits.
    """
    rows = 0
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(POINTS_HEADER)
        for name, (x, y) in splits.items():
            y = np.asarray(y)
            text = (lambda v: f"{v:.7g}") if y.dtype.kind == "f" else int
            for (a, b), label in zip(np.asarray(x).tolist(), y.tolist(), strict=True):
                w.writerow([f"{a:.7g}", f"{b:.7g}", text(label), name])
                rows += 1
    return rows
