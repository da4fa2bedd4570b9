"""Layers with ``forward``/``backward``, in the style of Deep Learning from Scratch.

Each layer caches what its backward pass needs.  Unlike the book, no layer
mutates the arrays it is given (``ReLU.backward`` in the book writes into
``dout``), and sigmoid/softmax are numerically stable for any input.
"""

from __future__ import annotations

import numpy as np


class Affine:
    """Fully connected layer ``y = x @ W + b``; holds references to ``W`` and ``b``."""

    has_params = True

    def __init__(self, W: np.ndarray, b: np.ndarray, *, need_dx: bool = True) -> None:
        self.W = W
        self.b = b
        self.dW = np.zeros_like(W)
        self.db = np.zeros_like(b)
        # The first layer's input gradient is never used; skipping it saves a GEMM.
        self.need_dx = need_dx
        self.x: np.ndarray | None = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        self.x = x
        out = x @ self.W
        out += self.b
        return out

    def backward(self, dout: np.ndarray) -> np.ndarray | None:
        x = self.x
        if x.dtype == self.dW.dtype:
            np.dot(x.T, dout, out=self.dW)
        else:
            self.dW[...] = x.T @ dout
        np.sum(dout, axis=0, out=self.db)
        return dout @ self.W.T if self.need_dx else None

    def __repr__(self) -> str:
        return f"Affine({self.W.shape[0]}→{self.W.shape[1]})"


class Activation:
    """Base class of element-wise activations; ``fn`` is the pure function used for inference."""

    has_params = False
    name = "activation"

    def __init__(self) -> None:
        self.out: np.ndarray | None = None

    @staticmethod
    def fn(x: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def forward(self, x: np.ndarray) -> np.ndarray:
        self.out = self.fn(x)
        return self.out

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class ReLU(Activation):
    """Rectified linear unit ``max(0, x)``."""

    name = "relu"

    @staticmethod
    def fn(x: np.ndarray) -> np.ndarray:
        return np.maximum(x, 0)

    def forward(self, x: np.ndarray) -> np.ndarray:
        self.mask = x > 0
        self.out = np.maximum(x, 0)
        return self.out

    def backward(self, dout: np.ndarray) -> np.ndarray:
        return dout * self.mask


class LeakyReLU(Activation):
    """Leaky ReLU ``x if x > 0 else alpha·x``."""

    name = "leaky_relu"

    def __init__(self, alpha: float = 0.01) -> None:
        super().__init__()
        self.alpha = alpha

    def fn(self, x: np.ndarray) -> np.ndarray:  # type: ignore[override]
        return np.where(x > 0, x, x * x.dtype.type(self.alpha))

    def forward(self, x: np.ndarray) -> np.ndarray:
        self.mask = x > 0
        self.out = self.fn(x)
        return self.out

    def backward(self, dout: np.ndarray) -> np.ndarray:
        return np.where(self.mask, dout, dout * dout.dtype.type(self.alpha))

    def __repr__(self) -> str:
        return f"LeakyReLU(alpha={self.alpha})"


class Sigmoid(Activation):
    """Logistic sigmoid, computed as ``(1 + tanh(x/2)) / 2`` so no input overflows."""

    name = "sigmoid"

    @staticmethod
    def fn(x: np.ndarray) -> np.ndarray:
        out = np.tanh(x * x.dtype.type(0.5))
        out += 1
        out *= 0.5
        return out

    def backward(self, dout: np.ndarray) -> np.ndarray:
        out = self.out
        return dout * (out * (1 - out))


class Tanh(Activation):
    """Hyperbolic tangent."""

    name = "tanh"

    @staticmethod
    def fn(x: np.ndarray) -> np.ndarray:
        return np.tanh(x)

    def backward(self, dout: np.ndarray) -> np.ndarray:
        out = self.out
        return dout * (1 - out * out)


class Identity(Activation):
    """Identity ``f(x) = x`` (a linear layer, as in a network without non-linearity)."""

    name = "linear"

    @staticmethod
    def fn(x: np.ndarray) -> np.ndarray:
        return x

    def backward(self, dout: np.ndarray) -> np.ndarray:
        return dout


ACTIVATIONS: dict[str, type[Activation]] = {
    "relu": ReLU,
    "leaky_relu": LeakyReLU,
    "sigmoid": Sigmoid,
    "tanh": Tanh,
    "linear": Identity,
}
"""Activation name → layer class; the names are the CLI's ``--activation`` values."""


def make_activation(name: str) -> Activation:
    """Return a new activation layer for ``name`` (a key of :data:`ACTIVATIONS`)."""
    from nnviz.errors import ConfigError

    try:
        return ACTIVATIONS[name]()
    except KeyError:
        raise ConfigError(
            f"Unknown activation {name!r}; choose one of {', '.join(ACTIVATIONS)}."
        ) from None


def log_softmax(x: np.ndarray) -> np.ndarray:
    """Row-wise ``log(softmax(x))``, stable for any magnitude of ``x``."""
    shifted = x - x.max(axis=1, keepdims=True)
    shifted -= np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return shifted


def softmax(x: np.ndarray) -> np.ndarray:
    """Row-wise softmax, stable for any magnitude of ``x``."""
    e = np.exp(x - x.max(axis=1, keepdims=True))
    e /= e.sum(axis=1, keepdims=True)
    return e


def as_labels(t: np.ndarray) -> np.ndarray:
    """Integer class labels from integer labels or one-hot rows."""
    t = np.asarray(t)
    return t.argmax(axis=1) if t.ndim == 2 else t


class SoftmaxWithLoss:
    """Softmax followed by mean cross-entropy; labels may be integers or one-hot rows.

    The backward pass is the fused ``(softmax(x) - onehot(t)) / N``.
    """

    has_params = False

    def __init__(self) -> None:
        self.y: np.ndarray | None = None
        self.t: np.ndarray | None = None

    def forward(self, x: np.ndarray, t: np.ndarray) -> float:
        t = as_labels(t)
        logp = log_softmax(x)
        rows = np.arange(len(t))
        loss = -float(logp[rows, t].mean(dtype=np.float64))
        np.exp(logp, out=logp)  # logp now holds the probabilities
        self.y, self.t = logp, t
        return loss

    def backward(self, dout: float = 1.0) -> np.ndarray:
        n = len(self.t)
        dx = self.y.copy()
        dx[np.arange(n), self.t] -= 1
        dx *= dx.dtype.type(dout / n)
        return dx

    def __repr__(self) -> str:
        return "SoftmaxWithLoss()"
