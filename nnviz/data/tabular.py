"""Your own tabular data: a CSV with a header row, numeric feature columns and a label column.

The label column is chosen by name (the last column by default); its texts become the
class names, so ``setosa,versicolor,virginica`` labels are shown by name.  Features
are standardised (mean 0, standard deviation 1) with statistics of the training split
only — the test split must not leak into training — and the statistics are kept so
the same transformation can be applied to new data (an exported script does).

Every mistake in a file is one sentence naming the row (the header is row 1, as in a
spreadsheet) and the column.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from nnviz.data.points_csv import read_csv_text
from nnviz.errors import DataError

MAX_TABLE_BYTES = 64 * 1024 * 1024
MAX_CLASSES = 100
"""More distinct labels than this is taken for a wrong label column (a numeric feature)."""
MAX_ABS_VALUE = 1e30
"""Larger feature values are refused: their squares would overflow the statistics."""


@dataclass(frozen=True)
class Table:
    """A CSV read as features and labels (nothing standardised yet)."""

    x: np.ndarray  # float64 (rows, features)
    y: np.ndarray  # int64 class index per row
    feature_names: tuple[str, ...]
    class_names: tuple[str, ...]
    label: str


def _class_order(texts: set[str]) -> list[str]:
    """Label texts in a stable order: numerically when they are all numbers, else by text."""
    try:
        return sorted(texts, key=lambda t: (float(t), t))
    except ValueError:
        return sorted(texts)


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def read_table_csv(path: str | Path, label: str | None = None) -> Table:
    """Read a CSV with a header row: numeric features and a label column.

    Parameters
    ----------
    path
        The CSV file (UTF-8, comma-separated, at most 64 MB).
    label
        The label column's name; the last column when ``None``.

    Raises
    ------
    DataError
        With one sentence naming the row and column: an empty file, no header row,
        an unknown label column, a row of the wrong length, a missing label, a
        non-numeric, missing, NaN or infinite feature, fewer than two classes.
    """
    path = Path(path)
    name = path.name
    text = read_csv_text(path, MAX_TABLE_BYTES)
    try:
        rows = [
            (reader.line_num, row)
            for reader in [csv.reader(io.StringIO(text))]
            for row in reader
            if any(cell.strip() for cell in row)
        ]
    except csv.Error as e:
        raise DataError(f"{name} is not a readable CSV file ({e}).") from None
    if not rows:
        raise DataError(f"{name} is empty.")
    header_line, header = rows[0]
    header = [h.strip() for h in header]
    if all(_is_number(h) for h in header):
        raise DataError(f"{name} has no header row: its first row holds numbers, not column names.")
    for j, h in enumerate(header):
        if not h:
            raise DataError(f"{name}: column {j + 1} of the header row has no name.")
        if header.index(h) != j:
            raise DataError(f"{name}: the header row names the column {h!r} twice.")
    if len(header) < 2:
        raise DataError(f"{name} needs at least one feature column besides the label.")
    label = header[-1] if label is None else label.strip()
    if label not in header:
        raise DataError(f"{name} has no column {label!r} (columns: {', '.join(header)}).")
    j_label = header.index(label)
    features = [j for j in range(len(header)) if j != j_label]
    x = np.empty((len(rows) - 1, len(features)), dtype=np.float64)
    texts: list[str] = []
    for r, (line, row) in enumerate(rows[1:]):
        if len(row) != len(header):
            raise DataError(
                f"{name}, row {line}: expected {len(header)} columns as in the header, "
                f"found {len(row)}."
            )
        value = row[j_label].strip()
        if not value:
            raise DataError(f"{name}, row {line}: the label (column {label!r}) is missing.")
        texts.append(value)
        for k, j in enumerate(features):
            cell = row[j].strip()
            try:
                v = float(cell)
            except ValueError:
                what = "is missing" if not cell else f"is {cell[:20]!r}, not a number"
                raise DataError(
                    f"{name}, row {line}, column {header[j]!r}: the value {what}."
                ) from None
            if not math.isfinite(v):
                raise DataError(
                    f"{name}, row {line}, column {header[j]!r}: NaN and infinite values "
                    "are not allowed."
                )
            if abs(v) > MAX_ABS_VALUE:
                raise DataError(
                    f"{name}, row {line}, column {header[j]!r}: {cell[:20]} is too large "
                    f"(at most ±{MAX_ABS_VALUE:g})."
                )
            x[r, k] = v
    if len(texts) < 2:
        raise DataError(f"{name} needs at least 2 rows of data below the header.")
    classes = _class_order(set(texts))
    if len(classes) < 2:
        raise DataError(
            f"{name} has only one class ({classes[0]!r} in column {label!r}); "
            "a classifier needs at least 2."
        )
    if len(classes) > MAX_CLASSES:
        raise DataError(
            f"{name} has {len(classes)} different labels in column {label!r} (at most "
            f"{MAX_CLASSES}); is that the label column?"
        )
    index = {c: i for i, c in enumerate(classes)}
    y = np.array([index[t] for t in texts], dtype=np.int64)
    return Table(x, y, tuple(header[j] for j in features), tuple(classes), label)


def standardise(
    x_train: np.ndarray, *others: np.ndarray
) -> tuple[list[np.ndarray], np.ndarray, np.ndarray]:
    """Arrays standardised with ``x_train``'s mean and std (float64 maths, float32 result).

    A constant feature keeps std 1 (it is only centred).  Returns the float32 arrays
    (``x_train`` first) and the float64 mean and std, which transform new data the
    same way: ``((x - mean) / std).astype(float32)``.
    """
    mean = x_train.mean(axis=0) if len(x_train) else np.zeros(x_train.shape[1])
    std = x_train.std(axis=0) if len(x_train) else np.ones(x_train.shape[1])
    std[~(std > 0)] = 1.0
    out = [((a - mean) / std).astype(np.float32) for a in (x_train, *others)]
    return out, mean, std
