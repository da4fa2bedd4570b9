"""A multi-layer perceptron: Affine → activation → … → Affine → SoftmaxWithLoss (or IdentityWithLoss)."""

from __future__ import annotations

import functools
import math
import numbers
from collections.abc import Sequence

import numpy as np

from nnviz.core.init import INITS, init_weights
from nnviz.core.layers import (
    LOSSES,
    Affine,
    Scratch,
    activation_name,
    make_activation,
    row_argmax,
    row_max,
    row_sum,
    softmax,
)
from nnviz.core.metrics import regression_scores
from nnviz.errors import ConfigError

_PREDICT_CHUNK = 8192  # rows per forward pass at inference, bounds peak memory
MAX_INIT_STD = 1_000.0
MAX_NEURONS = 100_000
"""Widest hidden layer a config, a panel or a session file may ask for."""
MAX_HIDDEN_LAYERS = 100
BIAS_INITS = ("zero", "same")
MAX_PARAMETERS = 100_000_000
"""Largest network built (400 MB per float32 copy; training keeps about four copies).

Layer widths come from settings and session files; without a cap, 100 layers of
100,000 neurons would ask for terabytes and end as a MemoryError traceback."""
NUMERICAL_H = 1e-4
"""Step of the central differences of :meth:`Network.numerical_gradient` (the book's h)."""
_WORKSPACES = 8  # row counts whose fused-step buffers are kept (batches, boundary chunks)


def _quiet_overflow():
    """No overflow warnings from inference: a diverged network's outputs are made finite."""
    return np.errstate(over="ignore", invalid="ignore")


class ParamDict(dict):
    """``{"W1": ..., "b1": ..., ...}`` whose arrays are views into one contiguous ``flat``.

    Layer ``i`` is stored as the block ``[[W_i], [b_i]]`` of shape (fan_in + 1, fan_out):
    ``W_i`` is its first rows and ``b_i`` its last, so one GEMM on inputs with a
    trailing 1 computes ``x @ W + b`` (and ``[dW; db]`` in the backward pass), and an
    optimizer can update every parameter with one vectorised operation on ``flat``.
    Binding a name to another array detaches the dict: ``flat`` becomes ``None``
    and optimizers fall back to per-array updates.
    """

    flat: np.ndarray | None = None
    layout: object = None  # shared by a network's params and grads: same memory layout

    def __setitem__(self, key, value) -> None:
        self.flat = None
        super().__setitem__(key, value)

    def __delitem__(self, key) -> None:
        self.flat = None
        super().__delitem__(key)

    def update(self, *args, **kwargs) -> None:
        self.flat = None
        super().update(*args, **kwargs)


def sizes_from_params(params: dict[str, np.ndarray]) -> list[int]:
    """Layer widths ``[input, hidden…, outputs]`` of ``W1, b1, W2, …`` arrays."""
    n = sum(1 for k in params if k.startswith("W"))
    return [params["W1"].shape[0]] + [params[f"W{i}"].shape[1] for i in range(1, n + 1)]


def count_parameters(sizes: Sequence[int]) -> int:
    """Weights and biases of a fully connected network with these layer widths."""
    return sum((a + 1) * b for a, b in zip(sizes[:-1], sizes[1:], strict=False))


def check_settings(activations: Sequence[str], init: str, init_std: float, bias_init: str) -> None:
    """Raise a one-sentence ConfigError for an unknown activation, initialisation or a bad std.

    The one validation of these settings: :class:`~nnviz.core.trainer.NetworkConfig`
    and :class:`Network` both call it.
    """
    for name in activations:
        activation_name(name)  # raises the clear error for an unknown one
    if init not in INITS:
        raise ConfigError(f"Unknown initialisation {init!r}; choose one of {', '.join(INITS)}.")
    if not (isinstance(init_std, numbers.Real) and 0 < init_std <= MAX_INIT_STD):
        # (a larger std overflows float32 when the weights are drawn)
        raise ConfigError(
            f"The initial weight std must be a positive number up to {MAX_INIT_STD:,g}."
        )
    if bias_init not in BIAS_INITS:
        raise ConfigError("Bias initialisation must be 'zero' or 'same'.")


def _flat_blocks(sizes: list[int], dtype: np.dtype, layout: object):
    """A zeroed ParamDict over one buffer, and the (fan_in + 1, fan_out) block of each layer."""
    shapes = [(a + 1, b) for a, b in zip(sizes[:-1], sizes[1:], strict=False)]
    flat = np.zeros(sum(r * c for r, c in shapes), dtype=dtype)
    d = ParamDict()
    blocks = []
    offset = 0
    for i, (r, c) in enumerate(shapes, start=1):
        block = flat[offset : offset + r * c].reshape(r, c)
        offset += r * c
        blocks.append(block)
        dict.__setitem__(d, f"W{i}", block[:-1])
        dict.__setitem__(d, f"b{i}", block[-1])
    d.flat = flat
    d.layout = layout
    return d, blocks


class _Workspace:
    """Preallocated buffers of :meth:`Network.fused_gradient` for one batch size ``n``."""

    def __init__(self, net: Network, n: int) -> None:
        dt = net.dtype
        widths = net.sizes[1:]
        k = net.n_classes
        self.n = n
        self.z = [np.empty((n, w), dt) for w in widths]  # pre-activations (and their grads)
        self.h = [np.empty((n, w), dt) for w in widths[:-1]]  # activations, contiguous
        self.ha = [np.ones((n, w + 1), dt) for w in widths[:-1]]  # …and with the bias column
        self.dh = [np.empty((n, w), dt) for w in widths[:-1]]
        self.scratch = [Scratch((n, w), dt) for w in widths[:-1]]
        self.m = np.empty((n, 1), dt)
        self.m_flat = self.m[:, 0]
        self.ssum = np.empty((n, 1), dt)
        self.lse = self.ssum[:, 0]  # log-sum-exp written over the sums once they are used
        self.picked = np.empty(n, dt)
        self.ones_k = np.ones((k, 1), dt)  # row sums as a GEMV: half the cost of add.reduce
        self.ones_n = np.ones(n, dt)
        self.rows_k = np.arange(n, dtype=np.intp) * k
        self.idx = np.empty(n, np.intp)
        self.top = np.empty(n, np.intp)
        self.p = np.empty((n, k), dt)
        self.inv_n = dt.type(1.0 / n)

    def row_max(self, s: np.ndarray) -> None:
        """Row maxima of the scores into ``m`` (per column: see layers.row_max)."""
        if s.shape[1] > 8:
            np.maximum.reduce(s, axis=1, keepdims=True, out=self.m)
            return
        m = self.m_flat
        np.copyto(m, s[:, 0])
        for j in range(1, s.shape[1]):
            np.maximum(m, s[:, j], out=m)


class Network:
    """A fully connected classifier with any number of hidden layers.

    Parameters
    ----------
    sizes
        Layer widths ``[input, hidden..., classes]``; ``[input, classes]`` is a
        linear softmax classifier (CS231n).
    activation
        Activation of every hidden layer (a key of ``ACTIVATIONS``).
    activations
        Optional per-hidden-layer activations, overriding ``activation``.
    init, init_std
        Weight initialisation scheme and the std for ``normal``.
    bias_init
        ``"zero"`` (default) or ``"same"``: draw biases with the weights' scheme
        (the FCNeuron tutorial initialises biases uniformly too).
    seed, rng
        Source of the initial weights (``rng`` wins when both are given).
    dtype
        ``float32`` for training speed, ``float64`` for gradient checks.
    l2
        L2 weight decay λ, CS231n convention: loss += ½λΣW², biases not decayed.
    loss
        ``"cross_entropy"`` (a classifier: softmax over ``sizes[-1]`` classes) or
        ``"mse"`` (regression: ``sizes[-1]`` outputs, see
        :class:`~nnviz.core.layers.IdentityWithLoss`).

    Attributes
    ----------
    params
        ``{"W1": ..., "b1": ..., ...}``; the layers hold references to these same
        arrays, so optimizers must update them in place.
    """

    def __init__(
        self,
        sizes: Sequence[int],
        activation: str = "relu",
        *,
        activations: Sequence[str] | None = None,
        init: str = "normal",
        init_std: float = 0.01,
        bias_init: str = "zero",
        seed: int | None = 0,
        rng: np.random.Generator | np.random.RandomState | None = None,
        dtype: np.dtype | type = np.float32,
        l2: float = 0.0,
        loss: str = "cross_entropy",
    ) -> None:
        if loss not in LOSSES:
            raise ConfigError(f"Unknown loss {loss!r}; choose one of {', '.join(LOSSES)}.")
        self.loss_kind = loss
        sizes = [int(s) for s in sizes]
        if len(sizes) < 2 or any(s < 1 for s in sizes):
            raise ConfigError("A network needs an input size, a class count and layer widths ≥ 1.")
        n_hidden = len(sizes) - 2
        if activations is None:
            activations = [activation] * n_hidden
        activations = [activation_name(a) for a in activations]  # aliases resolved
        if len(activations) != n_hidden:
            raise ConfigError(f"Got {len(activations)} activations for {n_hidden} hidden layers.")
        check_settings(activations, init, init_std, bias_init)
        if not (l2 >= 0 and np.isfinite(l2)):
            raise ConfigError("L2 regularisation must be a number ≥ 0.")
        n_params = count_parameters(sizes)
        if n_params > MAX_PARAMETERS:
            raise ConfigError(
                f"A network of {n_params:,} parameters is too large (at most "
                f"{MAX_PARAMETERS:,}); use fewer or narrower layers."
            )

        self.sizes = sizes
        self.activation_names = activations
        self.init, self.init_std, self.bias_init = init, float(init_std), bias_init
        self.dtype = np.dtype(dtype)
        self.l2 = float(l2)
        rng = rng if rng is not None else np.random.default_rng(seed)

        # Parameters and gradients each live in one contiguous buffer (see ParamDict).
        layout = object()
        self.params, self._blocks = _flat_blocks(sizes, self.dtype, layout)
        self.grads, self._grad_blocks = _flat_blocks(sizes, self.dtype, layout)
        for i, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:], strict=False), start=1):
            self.params[f"W{i}"][...] = init_weights(
                init, (fan_in, fan_out), rng, fan_in=fan_in, std=init_std, dtype=self.dtype
            )
            if bias_init == "same":
                self.params[f"b{i}"][...] = init_weights(
                    init, (fan_out,), rng, fan_in=fan_in, std=init_std, dtype=self.dtype
                )
        # 1 on weights, 0 on biases: L2 decay of all weights in one operation.
        self._decay_mask, _ = _flat_blocks(sizes, self.dtype, None)
        for i in range(1, len(sizes)):
            self._decay_mask[f"W{i}"][...] = 1
        self._decay_mask = self._decay_mask.flat
        self._decay_tmp = np.empty_like(self._decay_mask)
        self._pflat, self._gflat = self.params.flat, self.grads.flat
        self._workspaces: dict[int, _Workspace] = {}
        self._build_layers()

    @classmethod
    def from_params(
        cls,
        params: dict[str, np.ndarray],
        activations: Sequence[str] | str = "relu",
        *,
        dtype: np.dtype | type = np.float32,
        l2: float = 0.0,
        loss: str = "cross_entropy",
    ) -> Network:
        """A network holding copies of given ``W1, b1, W2, b2, …`` arrays."""
        sizes = sizes_from_params(params)
        n = len(sizes) - 1
        if isinstance(activations, str):
            activations = [activations] * (n - 1)
        net = cls(sizes, activations=activations, seed=0, dtype=dtype, l2=l2, loss=loss)
        for key in net.params:
            net.params[key][...] = params[key]
        return net

    def __reduce__(self):
        # Pickling or deep-copying array by array would split the views from their
        # shared buffers; rebuild instead (same settings, copied parameters).
        return (
            _rebuild,
            (
                self.sizes,
                self.activation_names,
                self.dtype.str,
                self.l2,
                self.copy_params(),
                self.loss_kind,
            ),
            {"init": self.init, "init_std": self.init_std, "bias_init": self.bias_init},
        )

    def _build_layers(self) -> None:
        self.affines: list[Affine] = []
        self.layers: list = []
        n = self.n_layers
        for i in range(1, n + 1):
            affine = Affine(self.params[f"W{i}"], self.params[f"b{i}"], need_dx=i > 1)
            affine.dW, affine.db = self.grads[f"W{i}"], self.grads[f"b{i}"]
            self.affines.append(affine)
            self.layers.append(affine)
            if i < n:
                self.layers.append(make_activation(self.activation_names[i - 1]))
        self.last_layer = LOSSES[self.loss_kind]()
        self._hidden_acts = [layer for layer in self.layers if not layer.has_params]

    # ------------------------------------------------------------------ shape facts
    @property
    def n_layers(self) -> int:
        """Number of Affine layers (hidden layers + 1)."""
        return len(self.sizes) - 1

    @property
    def input_size(self) -> int:
        return self.sizes[0]

    @property
    def n_classes(self) -> int:
        """Number of outputs (classes of a classifier, target columns of a regression net)."""
        return self.sizes[-1]

    @property
    def n_outputs(self) -> int:
        return self.sizes[-1]

    @property
    def is_regression(self) -> bool:
        """True for an MSE output (float targets), False for a softmax classifier."""
        return self.loss_kind == "mse"

    @property
    def hidden_sizes(self) -> list[int]:
        return self.sizes[1:-1]

    @property
    def param_count(self) -> int:
        """Total number of trainable numbers."""
        return int(sum(p.size for p in self.params.values()))

    def __repr__(self) -> str:
        acts = ",".join(self.activation_names) or "none"
        mse = ", mse" if self.loss_kind == "mse" else ""
        return f"Network({'-'.join(map(str, self.sizes))}, {acts}, {self.dtype.name}{mse})"

    # ------------------------------------------------------------------ training
    def forward(self, x: np.ndarray) -> np.ndarray:
        """Scores (logits) for a batch, caching what :meth:`backward` needs."""
        for layer in self.layers:
            x = layer.forward(x)
        return x

    def regularization_loss(self) -> float:
        """½λΣW² over all weight matrices (0 when λ = 0)."""
        if self.l2 == 0:
            return 0.0
        total = 0.0
        for a in self.affines:
            w = a.W.ravel()
            total += float(np.dot(w, w))
        return 0.5 * self.l2 * total

    def loss(self, x: np.ndarray, t: np.ndarray) -> float:
        """Mean cross-entropy (or MSE) of a batch plus the L2 term."""
        return self.last_layer.forward(self.forward(x), t) + self.regularization_loss()

    def backward(self) -> dict[str, np.ndarray]:
        """Backpropagate from the last :meth:`loss` call; returns ``grads`` (reused arrays)."""
        dout = self.last_layer.backward()
        for layer in reversed(self.layers):
            dout = layer.backward(dout)
        if self.l2:
            lam = self.dtype.type(self.l2)
            for a in self.affines:
                a.dW += lam * a.W
        return self.grads

    def gradient(self, x: np.ndarray, t: np.ndarray) -> tuple[float, dict[str, np.ndarray]]:
        """Loss and backprop gradients of a batch."""
        loss = self.loss(x, t)
        return loss, self.backward()

    def with_bias_column(self, x: np.ndarray) -> np.ndarray:
        """A new float array ``[x, 1]``: the input layout :meth:`fused_gradient` takes."""
        x = np.asarray(x)
        out = np.ones((len(x), x.shape[1] + 1), dtype=self.dtype)
        if x.dtype == np.uint8:
            np.divide(x, self.dtype.type(255), out=out[:, :-1])  # as the books: x / 255
        else:
            out[:, :-1] = x
        return out

    def _workspace(self, n: int) -> _Workspace:
        ws = self._workspaces.get(n)
        if ws is None:
            if len(self._workspaces) >= _WORKSPACES:
                self._workspaces.clear()
            ws = self._workspaces[n] = _Workspace(self, n)
        return ws

    def fused_gradient(
        self, xa: np.ndarray, t: np.ndarray, onehot: np.ndarray | None = None
    ) -> tuple[float, int]:
        """Loss and gradients of a batch in one fused pass; returns ``(loss, n_correct)``.

        The training fast path: the same maths as :meth:`gradient` (the layer
        classes stay the reference and the gradient-checked version), computed
        with preallocated per-batch-size buffers, in-place activations, the bias
        folded into each GEMM and the softmax-cross-entropy backward fused.
        The gradients land in :attr:`grads`; when the loss is not finite they
        are left untouched.

        Parameters
        ----------
        xa
            Inputs with a trailing column of ones, ``(n, input_size + 1)`` in
            :attr:`dtype` (see :meth:`with_bias_column`); not modified.
        t
            Integer class labels, ``(n,)``.
        onehot
            Optional one-hot rows of ``t`` in :attr:`dtype` (saves a scatter).

        For an MSE network, ``t`` holds the float targets, ``(n,)`` or
        ``(n, outputs)``; ``onehot``, when given, holds them as ``(n, outputs)``
        rows and is used instead (the trainer stages targets in that slot).

        Returns
        -------
        loss, n_correct
            Mean cross-entropy (or MSE) plus the L2 term, and how many rows the
            network classified correctly before this update (0 for regression).
        """
        n = len(t)
        ws = self._workspaces.get(n) or self._workspace(n)
        if xa.shape[1] != self.input_size + 1:
            raise ValueError(f"fused_gradient takes {self.input_size + 1} columns (with the 1s)")
        blocks, gblocks, acts = self._blocks, self._grad_blocks, self._hidden_acts
        z, h, ha, dh, scratch = ws.z, ws.h, ws.ha, ws.dh, ws.scratch
        last = len(blocks) - 1
        s = self._fused_forward(xa, ws)
        p = ws.p
        mse = self.loss_kind == "mse"
        if mse:
            loss, correct = self._mse_residuals(s, t if onehot is None else onehot, p), 0
        else:
            # Softmax cross-entropy: shift by the row max, so nothing overflows.
            ws.row_max(s)
            np.subtract(s, ws.m, out=s)
            np.exp(s, out=p)
            np.dot(p, ws.ones_k, out=ws.ssum)
            np.divide(p, ws.ssum, out=p)
            np.log(ws.ssum, out=ws.ssum)
            np.add(ws.rows_k, t, out=ws.idx)
            s.take(ws.idx, out=ws.picked, mode="clip")
            s.argmax(axis=1, out=ws.top)  # as predict(): ties go to the first class
            np.subtract(ws.top, t, out=ws.top)
            correct = n - int(np.count_nonzero(ws.top))
            np.subtract(ws.lse, ws.picked, out=ws.picked)  # per-row cross-entropy
            loss = float(np.dot(ws.picked, ws.ones_n)) / n
        lam = self.l2
        if lam:
            np.multiply(self._pflat, self._decay_mask, out=self._decay_tmp)
            loss += 0.5 * lam * float(np.dot(self._decay_tmp, self._decay_tmp))
        if not math.isfinite(loss):
            return loss, correct
        if mse:  # dL/ds = 2(s − t) / (n·k)
            np.multiply(p, p.dtype.type(2.0 / p.size), out=p)
        else:  # dL/ds = (softmax − onehot) / n
            if onehot is None:
                p.reshape(-1)[ws.idx] -= 1
            else:
                np.subtract(p, onehot, out=p)
            np.multiply(p, ws.inv_n, out=p)
        dz = p
        for i in range(last, 0, -1):
            np.dot(ha[i - 1].T, dz, out=gblocks[i])
            np.dot(dz, blocks[i][:-1].T, out=dh[i - 1])
            # z[i − 1] still holds the pre-activation (GELU and SiLU read it there:
            # their fn_into leaves it intact) and receives the gradient.
            acts[i - 1].grad_into(dh[i - 1], h[i - 1], z[i - 1], scratch[i - 1])
            dz = z[i - 1]
        np.dot(xa.T, dz, out=gblocks[0])
        if lam:
            np.multiply(self._decay_tmp, self.dtype.type(lam), out=self._decay_tmp)
            np.add(self._gflat, self._decay_tmp, out=self._gflat)
        return loss, correct

    @staticmethod
    def _mse_residuals(s: np.ndarray, t: np.ndarray, out: np.ndarray) -> float:
        """``out = s − t`` and the mean of its squares (the MSE head of the fused step)."""
        np.subtract(s, t.reshape(s.shape), out=out)
        r = out.reshape(-1)
        return float(np.dot(r, r)) / r.size

    def _fused_forward(self, xa: np.ndarray, ws: _Workspace) -> np.ndarray:
        """Scores into ``ws``: one GEMM per layer (bias included), activations in place."""
        blocks, acts = self._blocks, self._hidden_acts
        z, h, ha, scratch = ws.z, ws.h, ws.ha, ws.scratch
        inp = xa
        for i in range(len(blocks) - 1):
            np.dot(inp, blocks[i], out=z[i])
            acts[i].fn_into(z[i], h[i], scratch[i])
            inp = ha[i]
            np.copyto(inp[:, :-1], h[i])
        np.dot(inp, blocks[-1], out=z[-1])
        return z[-1]

    def fused_scores(self, xa: np.ndarray) -> np.ndarray:
        """Logits of rows that end in a 1 (see :meth:`with_bias_column`), in reused buffers.

        For repeated inference on batches of one size (the decision-boundary grid):
        no allocation.  The result is overwritten by the next call with as many
        rows; copy it to keep it.
        """
        if xa.shape[1] != self.input_size + 1:
            raise ValueError(f"fused_scores takes {self.input_size + 1} columns (with the 1s)")
        n = len(xa)
        with _quiet_overflow():
            return self._finite(
                self._fused_forward(xa, self._workspaces.get(n) or self._workspace(n))
            )

    def numerical_gradient(
        self,
        x: np.ndarray,
        t: np.ndarray,
        h: float = NUMERICAL_H,
        abort=None,
        progress=None,
    ) -> tuple[float, dict[str, np.ndarray]]:
        """Loss and central-difference gradients of every parameter (2 forward passes each).

        Computed in float64 whatever :attr:`dtype` (on a float64 copy of the weights
        and the batch when the network is float32): in float32, ``(f(w+h) − f(w−h)) / 2h``
        with h = 1e-4 loses most of its digits to rounding (18 % off on small
        gradients), in float64 it agrees with backprop to about 1e-9.

        Parameters
        ----------
        x, t
            The batch: inputs and integer labels.
        h
            The step of the central difference (1e-4, as in the book).
        abort
            Passed to :func:`~nnviz.core.gradcheck.numerical_gradient` (raises
            :class:`~nnviz.core.gradcheck.Interrupted` when it answers True).
        progress
            ``progress(done, total)``: parameters done so far, every 32 parameters.

        Returns
        -------
        loss, grads
            The float64 loss at the current weights and float64 gradients by name.
        """
        from nnviz.core.gradcheck import numerical_gradient

        ref = self if self.dtype == np.float64 else self.astype(np.float64)
        x64 = np.asarray(x, dtype=np.float64)
        loss = ref.loss(x64, t)
        total, done = ref.param_count, 0
        grads = {}
        for key, p in ref.params.items():
            step = None
            if progress is not None:
                step = functools.partial(_report_progress, progress, done, total)
            grads[key] = numerical_gradient(lambda: ref.loss(x64, t), p, h, abort, step)
            done += p.size
        if progress is not None:
            progress(total, total)
        return loss, grads

    # ------------------------------------------------------------------ inference
    def _infer(self, x: np.ndarray, upto: int | None = None) -> np.ndarray:
        """Forward pass without touching training caches; ``upto`` stops after that many layers."""
        layers = self.layers if upto is None else self.layers[:upto]
        for layer in layers:
            if isinstance(layer, Affine):
                x = x @ layer.W
                x += layer.b
            else:
                x = layer.fn(x)
        return x

    def scores(self, x: np.ndarray) -> np.ndarray:
        """Logits for any number of rows, computed in chunks (always finite, see _finite)."""
        x = np.asarray(x)
        with _quiet_overflow():
            if len(x) <= _PREDICT_CHUNK:
                return self._finite(self._infer(self._as_float(x)))
            out = np.empty((len(x), self.n_classes), dtype=self.dtype)
            for i in range(0, len(x), _PREDICT_CHUNK):
                out[i : i + _PREDICT_CHUNK] = self._infer(self._as_float(x[i : i + _PREDICT_CHUNK]))
            return self._finite(out)

    def _finite(self, a: np.ndarray) -> np.ndarray:
        """``a`` clipped in place to ±max/4, NaN replaced by 0.

        A diverged network keeps huge (finite) weights, and inference through them
        overflows float32.  The views still draw it: saturated but finite scores give
        a softmax without NaN, and max/4 leaves room for the max subtraction.
        """
        if a.dtype.kind != "f":
            return a
        big = np.finfo(a.dtype).max / 4
        np.nan_to_num(a, copy=False, nan=0.0, posinf=big, neginf=-big)
        return np.clip(a, -big, big, out=a)

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        """Class probabilities, one row per input row."""
        return softmax(self.scores(x))

    def predict(self, x: np.ndarray) -> np.ndarray:
        """Predicted class index per row (a regression net: its outputs, ``(n, outputs)``)."""
        if self.loss_kind == "mse":
            return self.scores(x)
        return row_argmax(self.scores(x))

    def activations(self, x: np.ndarray) -> list[np.ndarray]:
        """Output of every hidden activation layer (one array per hidden layer)."""
        x = self._as_float(np.asarray(x))
        outs = []
        with _quiet_overflow():
            for layer in self.layers[:-1]:
                if isinstance(layer, Affine):
                    x = x @ layer.W + layer.b
                else:
                    x = self._finite(layer.fn(x))
                    outs.append(x)
        return outs

    def _as_float(self, x: np.ndarray) -> np.ndarray:
        """Rows as network input: uint8 pixels divided by 255, as the books normalise them.

        Divided, not multiplied by 1/255: ``x * (1/255)`` is one ulp off ``x / 255`` on
        about half the pixel values, so the book's inference would not be bit-exact.
        """
        if x.dtype == np.uint8:
            return np.divide(x, self.dtype.type(255), dtype=self.dtype)
        return x.astype(self.dtype, copy=False)

    def evaluate(self, x: np.ndarray, t: np.ndarray) -> tuple[float, float]:
        """Mean cross-entropy (without L2) and accuracy over a whole set.

        A regression net returns ``(MSE, R²)`` instead (see
        :func:`~nnviz.core.metrics.regression_scores` for the RMSE too).
        """
        if len(x) == 0:
            return float("nan"), float("nan")
        if self.loss_kind == "mse":
            scores = regression_scores(self.scores(x), t)
            return scores.mse, scores.r2
        t = np.asarray(t)
        s = self.scores(x)  # a new array: shifted in place below
        acc = np.count_nonzero(row_argmax(s) == t) / len(t)
        with _quiet_overflow():
            s -= row_max(s)
            picked = s[np.arange(len(t)), t]
            lse = np.log(row_sum(np.exp(s))[:, 0])
            loss = float((lse - picked).mean(dtype=np.float64))
        return loss, float(acc)

    # ------------------------------------------------------------------ state
    def copy_params(self) -> dict[str, np.ndarray]:
        """Independent copies of every parameter array."""
        return {k: v.copy() for k, v in self.params.items()}

    def set_params(self, params: dict[str, np.ndarray]) -> None:
        """Overwrite every parameter in place (layers keep their references)."""
        for key, p in self.params.items():
            if params[key].shape != p.shape:
                raise ConfigError(f"{key} has shape {params[key].shape}, expected {p.shape}.")
            p[...] = params[key]

    def astype(self, dtype: np.dtype | type) -> Network:
        """A copy of this network with parameters in ``dtype``."""
        return Network.from_params(
            self.params, self.activation_names, dtype=dtype, l2=self.l2, loss=self.loss_kind
        )


def _report_progress(progress, offset: int, total: int, done: int) -> None:
    """``progress(parameters done, total)`` from one array's count of elements done."""
    progress(offset + done, total)


def _rebuild(sizes, activations, dtype, l2, params, loss="cross_entropy") -> Network:
    """A network from :meth:`Network.__reduce__`'s parts (pickle, ``copy.deepcopy``)."""
    net = Network(sizes, activations=activations, seed=0, dtype=np.dtype(dtype), l2=l2, loss=loss)
    net.set_params(params)
    return net
