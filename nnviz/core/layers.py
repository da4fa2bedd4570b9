"""Layers with ``forward``/``backward``, in the style of Deep Learning from Scratch.

Each layer caches what its backward pass needs.  Unlike the book, no layer
mutates the arrays it is given (``ReLU.backward`` in the book writes into
``dout``), and sigmoid/softmax are numerically stable for any input.
"""

from __future__ import annotations

import numpy as np


class Scratch:
    """Preallocated arrays of one hidden layer's shape for the fused in-place kernels.

    ``ones``/``zeros`` are constants (a NumPy ufunc is several times slower with a
    scalar operand than with an array of the same shape on small batches); ``tmp``
    and ``mask`` are overwritten freely.
    """

    def __init__(self, shape: tuple[int, int], dtype: np.dtype) -> None:
        self.ones = np.ones(shape, dtype)
        self.zeros = np.zeros(shape, dtype)
        self.tmp = np.empty(shape, dtype)
        self.mask = np.empty(shape, bool)


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

    # The fused training step (Network.fused_gradient) calls these two with
    # preallocated arrays: no allocation, as few NumPy calls as possible.
    def fn_into(self, z: np.ndarray, out: np.ndarray, s: Scratch) -> None:
        """``out = f(z)``; ``z`` is scratch and may be overwritten."""
        np.copyto(out, self.fn(z))

    def grad_into(self, dout: np.ndarray, y: np.ndarray, out: np.ndarray, s: Scratch) -> None:
        """``out = dout · f'`` written in terms of the output ``y = f(z)``."""
        raise NotImplementedError

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

    def fn_into(self, z, out, s):
        np.maximum(z, s.zeros, out=out)

    def grad_into(self, dout, y, out, s):
        np.sign(y, out=s.tmp)  # y ≥ 0, so sign(y) is the 0/1 derivative
        np.multiply(dout, s.tmp, out=out)


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

    def fn_into(self, z, out, s):
        np.greater(z, s.zeros, out=s.mask)
        np.multiply(z, z.dtype.type(self.alpha), out=out)
        np.copyto(out, z, where=s.mask)

    def grad_into(self, dout, y, out, s):
        # Any alpha ≥ 0 keeps the sign of z in y (alpha = 0 makes y = 0 for z ≤ 0).
        np.greater(y, s.zeros, out=s.mask)
        np.multiply(dout, dout.dtype.type(self.alpha), out=out)
        np.copyto(out, dout, where=s.mask)

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

    def fn_into(self, z, out, s):
        half = z.dtype.type(0.5)
        np.multiply(z, half, out=z)
        np.tanh(z, out=z)
        np.add(z, s.ones, out=out)
        np.multiply(out, half, out=out)

    def grad_into(self, dout, y, out, s):
        np.subtract(s.ones, y, out=s.tmp)
        np.multiply(s.tmp, y, out=s.tmp)
        np.multiply(dout, s.tmp, out=out)


class Tanh(Activation):
    """Hyperbolic tangent."""

    name = "tanh"

    @staticmethod
    def fn(x: np.ndarray) -> np.ndarray:
        return np.tanh(x)

    def backward(self, dout: np.ndarray) -> np.ndarray:
        out = self.out
        return dout * (1 - out * out)

    def fn_into(self, z, out, s):
        np.tanh(z, out=out)

    def grad_into(self, dout, y, out, s):
        np.multiply(y, y, out=s.tmp)
        np.subtract(s.ones, s.tmp, out=s.tmp)
        np.multiply(dout, s.tmp, out=out)


class Identity(Activation):
    """Identity ``f(x) = x`` (a linear layer, as in a network without non-linearity)."""

    name = "linear"

    @staticmethod
    def fn(x: np.ndarray) -> np.ndarray:
        return x

    def backward(self, dout: np.ndarray) -> np.ndarray:
        return dout

    def fn_into(self, z, out, s):
        np.copyto(out, z)

    def grad_into(self, dout, y, out, s):
        np.copyto(out, dout)


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


_COLUMN_LOOP_MAX = 32
"""Up to this many columns, row reductions loop over columns: NumPy reduces a short
contiguous row element by element, e.g. 1.5 ms for the max of each row of a
40,000 × 2 array against 26 µs for one ``np.maximum`` of its two columns."""


def row_max(x: np.ndarray) -> np.ndarray:
    """Maximum of each row of a 2-D array, shape ``(n, 1)``."""
    if x.shape[1] > _COLUMN_LOOP_MAX or x.shape[1] == 0:
        return x.max(axis=1, keepdims=True)
    m = x[:, 0].copy()
    for j in range(1, x.shape[1]):
        np.maximum(m, x[:, j], out=m)
    return m[:, None]


def row_sum(x: np.ndarray) -> np.ndarray:
    """Sum of each row of a float 2-D array, shape ``(n, 1)`` (a matrix-vector product)."""
    if x.dtype.kind != "f":
        return x.sum(axis=1, keepdims=True)
    return np.dot(x, np.ones((x.shape[1], 1), dtype=x.dtype))


def row_argmax(x: np.ndarray) -> np.ndarray:
    """Index of the largest entry of each row (the first one on ties), as ``argmax(axis=1)``."""
    k = x.shape[1]
    if k > _COLUMN_LOOP_MAX or k == 0:
        return x.argmax(axis=1)
    best = np.zeros(len(x), dtype=np.intp)
    m = x[:, 0].copy()
    gt = np.empty(len(x), dtype=bool)
    for j in range(1, k):
        np.greater(x[:, j], m, out=gt)
        np.copyto(best, j, where=gt)
        np.maximum(m, x[:, j], out=m)
    return best


def _shifted(x: np.ndarray) -> np.ndarray:
    """``x`` minus its row maxima.  A row spanning more than the float range (a diverged
    network) overflows to −inf there, whose exp is the right 0: no warning for that."""
    with np.errstate(over="ignore"):
        return x - row_max(x)


def log_softmax(x: np.ndarray) -> np.ndarray:
    """Row-wise ``log(softmax(x))``, stable for any magnitude of ``x``."""
    shifted = _shifted(x)
    shifted -= np.log(row_sum(np.exp(shifted)))
    return shifted


def softmax(x: np.ndarray) -> np.ndarray:
    """Row-wise softmax, stable for any magnitude of ``x``."""
    e = np.exp(_shifted(x))
    e /= row_sum(e)
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


def as_targets(t: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Regression targets shaped and typed like the outputs ``y`` ((N,) → (N, 1) for one output)."""
    t = np.asarray(t, dtype=y.dtype)
    if t.size != y.size:
        raise ValueError(f"{t.size} targets for {y.size} outputs")
    return t.reshape(y.shape)


class IdentityWithLoss:
    """Identity output with mean squared error: the regression counterpart of SoftmaxWithLoss.

    ``L = mean((y − t)²)`` over rows *and* outputs (PyTorch's ``MSELoss``), so the
    loss is the MSE a learner reads on the curve and ``sqrt(L)`` is the RMSE.  (The
    book's ``mean_squared_error`` is ``½Σ(y − t)²`` per sample; the ½ only rescales
    the learning rate.)  The backward pass is ``2(y − t) / (N·K)``.
    """

    has_params = False

    def __init__(self) -> None:
        self.y: np.ndarray | None = None
        self.t: np.ndarray | None = None

    def forward(self, x: np.ndarray, t: np.ndarray) -> float:
        t = as_targets(t, x)
        d = x - t
        self.y, self.t = x, t
        return float(np.mean(d * d, dtype=np.float64))

    def backward(self, dout: float = 1.0) -> np.ndarray:
        dx = self.y - self.t
        dx *= dx.dtype.type(2.0 * dout / dx.size)
        return dx

    def __repr__(self) -> str:
        return "IdentityWithLoss()"


LOSSES: dict[str, type] = {"cross_entropy": SoftmaxWithLoss, "mse": IdentityWithLoss}
"""Loss kind → output layer class: ``cross_entropy`` classifies, ``mse`` regresses."""
LOSS_LABELS = {"cross_entropy": "cross-entropy", "mse": "MSE"}
"""What a loss curve or a table calls each loss kind."""
