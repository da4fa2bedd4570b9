"""Numerical (central-difference) gradients and checks against backpropagation."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np


class Interrupted(Exception):
    """A numerical gradient was abandoned because ``abort()`` said so (``x`` is intact)."""


def numerical_gradient(
    f: Callable[[], float],
    x: np.ndarray,
    h: float = 1e-5,
    abort: Callable[[], bool] | None = None,
    progress: Callable[[int], None] | None = None,
) -> np.ndarray:
    """Central-difference gradient of the scalar ``f()`` with respect to the array ``x``.

    ``x`` is perturbed in place one element at a time and always restored, so
    ``f`` may read it through any reference (e.g. a layer holding ``W``).
    Costs two evaluations of ``f`` per element.  Every 32 elements,
    ``progress(elements done)`` is called, then ``abort()`` is asked; when it
    answers True, :class:`Interrupted` is raised (a numerical step of a big net
    takes seconds, and the app must pause promptly and show how far it got).
    """
    grad = np.zeros(x.shape, dtype=np.float64)
    flat = x.reshape(-1)  # a view: writes reach x
    if not np.shares_memory(flat, x):
        raise ValueError("numerical_gradient needs a contiguous array")
    g = grad.reshape(-1)
    for i in range(flat.size):
        if i % 32 == 0:
            if progress is not None:
                progress(i)
            if abort is not None and abort():
                raise Interrupted
        old = flat[i]
        flat[i] = old + h
        fp = f()
        flat[i] = old - h
        fm = f()
        flat[i] = old
        g[i] = (fp - fm) / (2 * h)
    return grad.astype(x.dtype, copy=False)


def relative_error(a: np.ndarray, b: np.ndarray) -> float:
    """Max element-wise ``|a−b| / max(|a|+|b|, 1e-8)`` (CS231n's relative error)."""
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if a.size == 0:
        return 0.0
    return float(np.max(np.abs(a - b) / np.maximum(np.abs(a) + np.abs(b), 1e-8)))


def gradient_relative_error(a: Mapping[str, np.ndarray], b: Mapping[str, np.ndarray]) -> float:
    """Largest ``‖a−b‖ / (‖a‖+‖b‖)`` over the parameter arrays (0 where both are zero).

    Norm-wise per array rather than element-wise: an element-wise relative error
    is dominated by gradients near zero (a weight from a pixel that is almost
    always dark), where float64 rounding alone makes it 1e-3.
    """
    worst = 0.0
    for key in a:
        x = np.asarray(a[key], dtype=np.float64)
        y = np.asarray(b[key], dtype=np.float64)
        den = np.linalg.norm(x) + np.linalg.norm(y)
        if den > 0:
            worst = max(worst, float(np.linalg.norm(x - y) / den))
    return worst


def check_layer(layer, x: np.ndarray, *, seed: int = 0, h: float = 1e-6) -> dict[str, float]:
    """Relative errors of a layer's backprop vs numerical gradients (input and parameters).

    The scalar checked is ``sum(forward(x) * R)`` for a fixed random ``R``, so every
    output element contributes with a different weight.
    """
    rng = np.random.default_rng(seed)
    out = layer.forward(x)
    r = rng.standard_normal(out.shape)

    def f() -> float:
        return float(np.sum(layer.forward(x) * r))

    layer.forward(x)
    dx = layer.backward(r.astype(out.dtype))
    errors = {}
    if dx is not None:
        errors["x"] = relative_error(dx, numerical_gradient(f, x, h))
    if getattr(layer, "has_params", False):
        dW, db = layer.dW.copy(), layer.db.copy()
        errors["W"] = relative_error(dW, numerical_gradient(f, layer.W, h))
        errors["b"] = relative_error(db, numerical_gradient(f, layer.b, h))
    return errors


def check_network(network, x: np.ndarray, t: np.ndarray, h: float = 1e-5) -> dict[str, float]:
    """Relative error of backprop vs numerical gradients for every parameter of ``network``."""
    _, grads = network.gradient(x, t)
    backprop = {k: g.copy() for k, g in grads.items()}
    _, numerical = network.numerical_gradient(x, t, h)
    return {k: relative_error(backprop[k], numerical[k]) for k in backprop}
