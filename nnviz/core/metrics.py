"""Classification metrics from labels and predictions (NumPy only)."""

from __future__ import annotations

import numpy as np

from nnviz.errors import ConfigError


def _labels(a, name: str, k: int) -> np.ndarray:
    """``a`` as a 1-D integer array of class indices in ``[0, k)``."""
    a = np.asarray(a)
    if a.ndim != 1:
        raise ConfigError(f"{name} must be one label per sample, got shape {a.shape}.")
    if a.size and a.dtype.kind not in "iu":
        if a.dtype.kind != "f" or not np.all(np.isfinite(a)) or np.any(a != np.round(a)):
            raise ConfigError(f"{name} must hold whole class numbers.")
        a = a.astype(np.int64)
    a = a.astype(np.int64, copy=False)
    if a.size and (a.min() < 0 or a.max() >= k):
        raise ConfigError(f"{name} holds classes outside 0…{k - 1}.")
    return a


def confusion_matrix(y_true, y_pred, k: int) -> np.ndarray:
    """Counts of (true class, predicted class) pairs.

    Parameters
    ----------
    y_true, y_pred
        Class indices in ``[0, k)``, one per sample, same length.
    k
        Number of classes.

    Returns
    -------
    numpy.ndarray
        An int64 ``(k, k)`` array: row = true class, column = predicted class,
        so the diagonal holds the correct predictions.
    """
    k = int(k)
    if k < 1:
        raise ConfigError("A confusion matrix needs at least one class.")
    t = _labels(y_true, "y_true", k)
    p = _labels(y_pred, "y_pred", k)
    if t.shape != p.shape:
        raise ConfigError(f"Got {t.size} true labels but {p.size} predictions.")
    return np.bincount(t * k + p, minlength=k * k).reshape(k, k)


def confusion_indices(y_true, y_pred, true_k: int, pred_k: int) -> np.ndarray:
    """Indices of the samples of true class ``true_k`` predicted as ``pred_k`` (one cell)."""
    t = np.asarray(y_true)
    p = np.asarray(y_pred)
    if t.shape != p.shape:
        raise ConfigError(f"Got {t.size} true labels but {p.size} predictions.")
    return np.flatnonzero((t == true_k) & (p == pred_k))
