"""Layers with ``forward``/``backward``, in the style of Deep Learning from Scratch.

Each layer caches what its backward pass needs.  Unlike the book, no layer
mutates the arrays it is given (``ReLU.backward`` in the book writes into
``dout``), and sigmoid/softmax are numerically stable for any input.
"""

from __future__ import annotations

import math

import numpy as np


class Scratch:
    """Preallocated arrays of one hidden layer's shape for the fused in-place kernels.

    ``ones``/``zeros`` are constants (a NumPy ufunc is several times slower with a
    scalar operand than with an array of the same shape on small batches); ``tmp``,
    ``tmp2`` and ``mask`` are overwritten freely.
    """

    def __init__(self, shape: tuple[int, int], dtype: np.dtype) -> None:
        self.ones = np.ones(shape, dtype)
        self.zeros = np.zeros(shape, dtype)
        self.tmp = np.empty(shape, dtype)
        self.tmp2 = np.empty(shape, dtype)
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
    title = "Activation"  # what a menu shows (the GUI translates it)
    needs_input = False
    """True when the derivative cannot be written in terms of the output ``y`` alone
    (GELU, SiLU): ``fn_into`` then leaves ``z`` intact, and ``grad_into`` finds ``z``
    in ``out`` on entry (the fused step writes the gradient over the pre-activation)."""

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
        """``out = f(z)``; ``z`` is scratch and may be overwritten unless ``needs_input``."""
        np.copyto(out, self.fn(z))

    def grad_into(self, dout: np.ndarray, y: np.ndarray, out: np.ndarray, s: Scratch) -> None:
        """``out = dout · f'`` written in terms of the output ``y = f(z)``.

        With ``needs_input``, ``out`` holds the pre-activation ``z`` on entry.
        """
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class ReLU(Activation):
    """Rectified linear unit ``max(0, x)``."""

    name = "relu"
    title = "ReLU"

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
    title = "Leaky ReLU"

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
    title = "Sigmoid"

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
    title = "Tanh"

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
    title = "Linear (none)"

    @staticmethod
    def fn(x: np.ndarray) -> np.ndarray:
        return x

    def backward(self, dout: np.ndarray) -> np.ndarray:
        return dout

    def fn_into(self, z, out, s):
        np.copyto(out, z)

    def grad_into(self, dout, y, out, s):
        np.copyto(out, dout)


class ELU(Activation):
    """Exponential linear unit ``x if x > 0 else alpha·(eˣ − 1)`` (Clevert et al., 2015).

    Computed as ``max(x, 0) + alpha·expm1(min(x, 0))``: the exponential only ever sees
    numbers ≤ 0, so no input overflows.  The derivative, ``1`` or ``y + alpha``, is a
    function of the output.
    """

    name = "elu"
    title = "ELU"

    def __init__(self, alpha: float = 1.0) -> None:
        super().__init__()
        self.alpha = alpha

    def fn(self, x: np.ndarray) -> np.ndarray:  # type: ignore[override]
        neg = np.expm1(np.minimum(x, 0))
        if self.alpha != 1:
            neg *= x.dtype.type(self.alpha)
        neg += np.maximum(x, 0)
        return neg

    def backward(self, dout: np.ndarray) -> np.ndarray:
        out = self.out
        return np.where(out > 0, dout, dout * (out + out.dtype.type(self.alpha)))

    def fn_into(self, z, out, s):
        np.minimum(z, s.zeros, out=s.tmp)
        np.expm1(s.tmp, out=s.tmp)
        if self.alpha != 1:
            np.multiply(s.tmp, z.dtype.type(self.alpha), out=s.tmp)
        np.maximum(z, s.zeros, out=out)
        np.add(out, s.tmp, out=out)

    def grad_into(self, dout, y, out, s):
        np.greater(y, s.zeros, out=s.mask)  # y > 0 exactly where z > 0 (alpha > 0)
        np.add(y, y.dtype.type(self.alpha), out=s.tmp)
        np.multiply(dout, s.tmp, out=out)
        np.copyto(out, dout, where=s.mask)

    def __repr__(self) -> str:
        return f"ELU(alpha={self.alpha})"


_GELU_C = math.sqrt(2.0 / math.pi)
_GELU_K = 0.044715
_GELU_CLIP = 10.0
"""GELU's tanh argument is computed from ``x`` clipped to ±10: beyond that the tanh is
exactly ±1 in float32 and float64 (its argument exceeds 43), so clipping changes no
result, and ``x³`` can no longer overflow for huge inputs."""


def _gelu_parts(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(xc, t, a')`` of GELU: ``x`` clipped, ``tanh(a(xc))`` and the slope ``a'(xc)``."""
    dt = x.dtype.type
    xc = np.clip(x, -_GELU_CLIP, _GELU_CLIP)
    p = xc * xc
    p *= dt(_GELU_C * _GELU_K)
    p += dt(_GELU_C)  # p = c·(1 + k·x²), so a(x) = x·p and a'(x) = 3p − 2c
    t = np.tanh(xc * p)
    p *= 3
    p -= dt(2 * _GELU_C)
    return xc, t, p


class GELU(Activation):
    """Gaussian error linear unit, tanh approximation (Hendrycks & Gimpel, 2016).

    ``0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))`` — the form of BERT and GPT-2
    (PyTorch's ``GELU(approximate="tanh")``); it differs from the exact ``x·Φ(x)`` by
    less than 5e-4 and needs no ``erf`` (NumPy has none).  The derivative
    ``½(1 + t) + ½·x·(1 − t²)·a'(x)`` needs the input ``x``, not only the output.
    """

    name = "gelu"
    title = "GELU"
    needs_input = True

    @staticmethod
    def fn(x: np.ndarray) -> np.ndarray:
        _, t, _ = _gelu_parts(x)
        t += 1
        t *= x * x.dtype.type(0.5)
        return t

    def forward(self, x: np.ndarray) -> np.ndarray:
        self.x = x
        self.out = self.fn(x)
        return self.out

    def backward(self, dout: np.ndarray) -> np.ndarray:
        xc, t, slope = _gelu_parts(self.x)
        # ½(1 + t)·(1 + x(1 − t)a'): (1 − t²) factored so that at |x| > 10, where t
        # is exactly ±1, the derivative is exactly 1 or 0 (and xc stands in for x).
        inner = 1 - t
        inner *= xc
        inner *= slope
        inner += 1
        t += 1
        t *= inner
        t *= t.dtype.type(0.5)
        return dout * t

    def fn_into(self, z, out, s):
        dt = z.dtype.type
        np.clip(z, -_GELU_CLIP, _GELU_CLIP, out=s.tmp)
        np.multiply(s.tmp, s.tmp, out=out)
        np.multiply(out, dt(_GELU_C * _GELU_K), out=out)
        np.add(out, dt(_GELU_C), out=out)
        np.multiply(out, s.tmp, out=out)
        np.tanh(out, out=out)
        np.add(out, s.ones, out=out)
        np.multiply(z, dt(0.5), out=s.tmp)
        np.multiply(out, s.tmp, out=out)

    def grad_into(self, dout, y, out, s):
        dt = out.dtype.type
        tmp, tmp2 = s.tmp, s.tmp2
        np.clip(out, -_GELU_CLIP, _GELU_CLIP, out=tmp)  # xc; z (in out) is not needed after
        np.multiply(tmp, tmp, out=tmp2)
        np.multiply(tmp2, dt(_GELU_C * _GELU_K), out=tmp2)
        np.add(tmp2, dt(_GELU_C), out=tmp2)  # p
        np.multiply(tmp, tmp2, out=out)  # a(xc)
        np.tanh(out, out=out)  # t
        np.multiply(tmp2, dt(3), out=tmp2)
        np.subtract(tmp2, dt(2 * _GELU_C), out=tmp2)  # a'
        np.multiply(tmp2, tmp, out=tmp2)  # xc·a'
        np.subtract(s.ones, out, out=tmp)  # 1 − t
        np.multiply(tmp2, tmp, out=tmp2)
        np.add(tmp2, s.ones, out=tmp2)
        np.add(out, s.ones, out=out)  # 1 + t
        np.multiply(out, tmp2, out=out)
        np.multiply(out, dt(0.5), out=out)
        np.multiply(out, dout, out=out)


class Softplus(Activation):
    """Softplus ``log(1 + eˣ)``, computed as ``log1p(e^−|x|) + max(x, 0)`` (never overflows).

    Its derivative is the sigmoid, which the output gives stably:
    ``σ(x) = 1 − e^−y = −expm1(−y)`` with ``y ≥ 0``.
    """

    name = "softplus"
    title = "Softplus"

    @staticmethod
    def fn(x: np.ndarray) -> np.ndarray:
        out = np.exp(-np.abs(x))
        np.log1p(out, out=out)
        out += np.maximum(x, 0)
        return out

    def backward(self, dout: np.ndarray) -> np.ndarray:
        return dout * -np.expm1(-self.out)

    def fn_into(self, z, out, s):
        np.abs(z, out=s.tmp)
        np.negative(s.tmp, out=s.tmp)
        np.exp(s.tmp, out=s.tmp)
        np.log1p(s.tmp, out=s.tmp)
        np.maximum(z, s.zeros, out=out)
        np.add(out, s.tmp, out=out)

    def grad_into(self, dout, y, out, s):
        np.negative(y, out=s.tmp)
        np.expm1(s.tmp, out=s.tmp)
        np.multiply(dout, s.tmp, out=out)
        np.negative(out, out=out)


class SiLU(Activation):
    """Sigmoid linear unit (swish with β = 1) ``x·σ(x)``, with the tanh-form sigmoid.

    The derivative ``σ(x) + y·(1 − σ(x))`` needs the input for ``σ(x)``.
    """

    name = "silu"
    title = "SiLU (swish)"
    needs_input = True

    @staticmethod
    def fn(x: np.ndarray) -> np.ndarray:
        out = Sigmoid.fn(x)
        out *= x
        return out

    def forward(self, x: np.ndarray) -> np.ndarray:
        self.x = x
        self.out = self.fn(x)
        return self.out

    def backward(self, dout: np.ndarray) -> np.ndarray:
        sig = Sigmoid.fn(self.x)
        d = 1 - sig
        d *= self.out
        d += sig
        return dout * d

    def _sigmoid_into(self, z, out, s) -> None:
        """``out = σ(z)`` (``z`` left intact)."""
        half = z.dtype.type(0.5)
        np.multiply(z, half, out=out)
        np.tanh(out, out=out)
        np.add(out, s.ones, out=out)
        np.multiply(out, half, out=out)

    def fn_into(self, z, out, s):
        self._sigmoid_into(z, s.tmp, s)
        np.multiply(z, s.tmp, out=out)

    def grad_into(self, dout, y, out, s):
        self._sigmoid_into(out, s.tmp, s)
        np.subtract(s.ones, s.tmp, out=out)
        np.multiply(out, y, out=out)
        np.add(out, s.tmp, out=out)
        np.multiply(out, dout, out=out)


ACTIVATIONS: dict[str, type[Activation]] = {
    "relu": ReLU,
    "leaky_relu": LeakyReLU,
    "sigmoid": Sigmoid,
    "tanh": Tanh,
    "linear": Identity,
    "elu": ELU,
    "gelu": GELU,
    "softplus": Softplus,
    "silu": SiLU,
}
"""Activation name → layer class; the names are the CLI's ``--activation`` values."""

ACTIVATION_ALIASES: dict[str, str] = {"swish": "silu"}
"""Other names people use for an activation → its name in :data:`ACTIVATIONS`."""


def activation_name(name: str) -> str:
    """The registered name of ``name`` (aliases resolved), or a clear error."""
    from nnviz.errors import ConfigError

    if isinstance(name, str):
        name = ACTIVATION_ALIASES.get(name, name)
    if not isinstance(name, str) or name not in ACTIVATIONS:
        raise ConfigError(f"Unknown activation {name!r}; choose one of {', '.join(ACTIVATIONS)}.")
    return name


def make_activation(name: str) -> Activation:
    """Return a new activation layer for ``name`` (a key of :data:`ACTIVATIONS` or an alias)."""
    return ACTIVATIONS[activation_name(name)]()


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
