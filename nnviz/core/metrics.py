"""Classification and regression metrics from targets and predictions (NumPy only)."""

from __future__ import annotations

from dataclasses import dataclass

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


@dataclass(frozen=True)
class RegressionScores:
    """How well predictions fit float targets: MSE, its root, and R²."""

    mse: float
    rmse: float
    r2: float


def regression_scores(y_pred, y_true) -> RegressionScores:
    """MSE, RMSE and R² = 1 − SSE/SST of predictions against targets (float64 sums).

    Parameters
    ----------
    y_pred, y_true
        Same number of values, shapes ``(N,)`` or ``(N, K)`` (compared element-wise).

    Returns
    -------
    RegressionScores
        NaN everywhere for no rows; ``r2`` is NaN when every target is the same
        (SST = 0: R² is undefined).
    """
    p = np.asarray(y_pred, dtype=np.float64).reshape(-1)
    t = np.asarray(y_true, dtype=np.float64).reshape(-1)
    if p.shape != t.shape:
        raise ConfigError(f"Got {t.size} targets but {p.size} predictions.")
    if t.size == 0:
        nan = float("nan")
        return RegressionScores(nan, nan, nan)
    with np.errstate(over="ignore", invalid="ignore"):  # a diverged net: inf, said plainly
        d = p - t
        sse = float(np.dot(d, d))
        c = t - t.mean()
        sst = float(np.dot(c, c))
    mse = sse / t.size
    r2 = 1.0 - sse / sst if sst > 0 else float("nan")
    return RegressionScores(mse, float(np.sqrt(mse)), r2)
