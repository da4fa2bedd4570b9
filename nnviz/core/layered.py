"""A network built from an :class:`~nnviz.core.architecture.Architecture`: conv, pool, dense,
activation, batch-norm and dropout layers, then ``Affine`` → ``SoftmaxWithLoss``.

:class:`LayerNetwork` speaks the protocol the :class:`~nnviz.core.trainer.Trainer`
uses on a :class:`~nnviz.core.network.Network` (``fused_gradient``, ``params`` and
``grads`` over one flat buffer, ``evaluate``, ``predict`` …), so every optimizer,
L2 and the chunked ``step()`` work unchanged.

Two implementations of the same maths live here, as for the MLP:

- the **reference**: the book's layer classes (``Convolution``, ``Pooling`` … in
  ``(N, C, H, W)``), used by :meth:`LayerNetwork.loss`, :meth:`~LayerNetwork.gradient`
  and numerical gradients, and gradient-checked layer by layer;
- the **fast path** (:meth:`LayerNetwork.fused_gradient`, inference, feature
  maps): images kept channels-last ``(N, H, W, C)`` so a convolution's GEMM output
  *is* the next layer's input and a max pool is a few strided ``np.maximum``
  calls; every im2col matrix, activation and gradient lives in buffers
  preallocated per batch size.  Tests hold the two equal.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from nnviz.core.architecture import (
    ActivationSpec,
    Architecture,
    BatchNormSpec,
    ConvSpec,
    DenseSpec,
    DropoutSpec,
    FlattenSpec,
    PoolSpec,
    describe_shapes,
    image_input_shape,
    parse_architecture,
)
from nnviz.core.conv import Convolution, Flatten, Pooling
from nnviz.core.init import INITS, init_weights
from nnviz.core.layers import (
    Activation,
    Affine,
    ReLU,
    Scratch,
    SoftmaxWithLoss,
    log_softmax,
    make_activation,
    row_argmax,
    softmax,
)
from nnviz.core.network import MAX_INIT_STD, MAX_PARAMETERS, Network, ParamDict
from nnviz.core.regularization import BatchNormalization, Dropout
from nnviz.errors import ConfigError

_PREDICT_CHUNK = 256  # at most this many rows per inference pass
_CHUNK_BYTES = 32 * 1024 * 1024  # …and few enough that no buffer of a pass exceeds this
_WORKSPACES = 6  # batch sizes whose fast-path buffers are kept


def _quiet():
    return np.errstate(over="ignore", invalid="ignore")


def _lazy(b: dict, key: str, shape: tuple[int, ...], dtype, fill=None) -> np.ndarray:
    """The buffer ``b[key]``, made on first use (backward buffers cost no memory at inference)."""
    a = b.get(key)
    if a is None:
        a = b[key] = np.empty(shape, dtype) if fill is None else np.full(shape, fill, dtype)
    return a


def _padded(x: np.ndarray, b: dict, p: int) -> np.ndarray:
    """``x`` (n, H, W, C) copied into the middle of the padded buffer ``b["xpad"]`` (if ``p``)."""
    if not p:
        return x
    xpad = b["xpad"]
    xpad[:, p : p + x.shape[1], p : p + x.shape[2], :] = x
    return xpad


# ====================================================================== fast-path ops
# Each op holds one layer's buffers per batch size and computes forward/backward
# into them.  Spatial tensors are (n, H, W, C); vectors (n, D).
class _Op:
    """Base of the fast-path ops: buffers per batch size in ``self.ws[n]``."""

    layer: object = None
    train_sensitive = False

    def buffers(self, n: int) -> dict:
        raise NotImplementedError

    def forward(self, x: np.ndarray, b: dict, train: bool) -> np.ndarray:
        raise NotImplementedError

    def backward(self, dout: np.ndarray, b: dict) -> np.ndarray | None:
        raise NotImplementedError


class _ConvOp(_Op):
    """Convolution: im2col (channels-last) into a fixed buffer, one GEMM with the bias folded in."""

    def __init__(self, layer: Convolution, in_shape: tuple[int, int, int], need_dx: bool):
        self.layer = layer
        self.C, self.H, self.W = in_shape
        FN, C, self.kh, self.kw = layer.W.shape
        self.FN, self.s, self.p = FN, layer.stride, layer.pad
        self.oh = (self.H + 2 * self.p - self.kh) // self.s + 1
        self.ow = (self.W + 2 * self.p - self.kw) // self.s + 1
        self.need_dx = need_dx
        dt = layer.W.dtype
        self.k = k = self.kh * self.kw * C
        # [W; b] as one (k + 1, FN) block, W's rows in the channels-last (kh, kw, C) order
        # of the im2col columns: with a column of ones after them, one GEMM adds the bias
        # and one GEMM gives [dW; db].
        self.Wb = np.empty((k + 1, FN), dt)
        self.dWb = np.empty((k + 1, FN), dt)

    def buffers(self, n):
        dt = self.Wb.dtype
        C, H, W, p, k = self.C, self.H, self.W, self.p, self.k
        col = np.ones((n * self.oh * self.ow, k + 1), dt)  # the last column stays 1
        b = {
            "col": col,
            # Splitting both axes of the first k columns: always a view, never a copy.
            "col6": col[:, :k].reshape(n, self.oh, self.ow, self.kh, self.kw, C),
            "out": np.empty((n, self.oh, self.ow, self.FN), dt),
        }
        if p:
            b["xpad"] = np.zeros((n, H + 2 * p, W + 2 * p, C), dt)  # the border stays 0
        return b

    def _windows(self):
        s, oh, ow = self.s, self.oh, self.ow
        for y in range(self.kh):
            for x in range(self.kw):
                yield y, x, slice(y, y + s * oh, s), slice(x, x + s * ow, s)

    def forward(self, x, b, train):
        src = _padded(x, b, self.p)
        col6 = b["col6"]
        for y, xx, ys, xs in self._windows():
            col6[:, :, :, y, xx, :] = src[:, ys, xs, :]
        L, Wb, k = self.layer, self.Wb, self.k
        np.copyto(Wb[:k].reshape(self.kh, self.kw, self.C, self.FN), L.W.transpose(2, 3, 1, 0))
        Wb[k] = L.b
        out = b["out"]
        np.dot(b["col"], Wb, out=out.reshape(-1, self.FN))
        return out

    def backward(self, dout, b):
        L, dWb, k = self.layer, self.dWb, self.k
        d2 = dout.reshape(-1, self.FN)
        np.dot(b["col"].T, d2, out=dWb)
        np.copyto(L.dW, dWb[:k].reshape(self.kh, self.kw, self.C, self.FN).transpose(3, 2, 0, 1))
        np.copyto(L.db, dWb[k])
        if not self.need_dx:
            return None
        n, p, dt = len(dout), self.p, dWb.dtype
        dcol6 = _lazy(b, "dcol6", b["col6"].shape, dt)
        np.dot(d2, self.Wb[:k].T, out=dcol6.reshape(d2.shape[0], -1))
        pad_shape = (n, self.H + 2 * p + self.s - 1, self.W + 2 * p + self.s - 1, self.C)
        dxpad = _lazy(b, "dxpad", pad_shape, dt)
        dxpad.fill(0)
        for y, xx, ys, xs in self._windows():
            dxpad[:, ys, xs, :] += dcol6[:, :, :, y, xx, :]
        return dxpad[:, p : p + self.H, p : p + self.W, :]


class _PoolOp(_Op):
    """Max pooling as strided maxima over the window positions; the winner's index is kept."""

    def __init__(self, layer: Pooling, in_shape: tuple[int, int, int], dtype: np.dtype):
        self.layer = layer
        self.C, self.H, self.W = in_shape
        self.kh, self.kw, self.s, self.p = layer.pool_h, layer.pool_w, layer.stride, layer.pad
        self.oh = (self.H + 2 * self.p - self.kh) // self.s + 1
        self.ow = (self.W + 2 * self.p - self.kw) // self.s + 1
        self.dtype = dtype
        s = self.s
        self.tiles = (
            s == self.kh == self.kw
            and self.H + 2 * self.p == s * self.oh
            and self.W + 2 * self.p == s * self.ow
        )

    def buffers(self, n):
        dt, C, p = self.dtype, self.C, self.p
        shape = (n, self.oh, self.ow, C)
        b = {
            "out": np.empty(shape, dt),
            "idx": np.empty(shape, np.uint8 if self.kh * self.kw < 256 else np.intp),
            "gt": np.empty(shape, bool),
        }
        b["step"] = np.empty_like(b["idx"])
        if p:
            b["xpad"] = np.full((n, self.H + 2 * p, self.W + 2 * p, C), -np.inf, dt)
        return b

    def _views(self, a: np.ndarray):
        s, oh, ow = self.s, self.oh, self.ow
        for y in range(self.kh):
            for x in range(self.kw):
                yield a[:, y : y + s * oh : s, x : x + s * ow : s, :]

    def forward(self, x, b, train):
        src = _padded(x, b, self.p)
        out = b["out"]
        views = self._views(src)
        np.copyto(out, next(views))
        if not train:  # inference needs only the maxima
            for v in views:
                np.maximum(out, v, out=out)
            return out
        # The winner's index, first maximum on ties (as the book's argmax):
        # idx += gt·(k − idx) in integer arithmetic, several times faster than a
        # masked copy on irregular masks.
        idx, gt, step = b["idx"], b["gt"], b["step"]
        idx.fill(0)
        for k, v in enumerate(views, start=1):
            np.greater(v, out, out=gt)
            np.subtract(idx.dtype.type(k), idx, out=step)
            np.multiply(step, gt, out=step)
            np.add(idx, step, out=idx)
            np.maximum(out, v, out=out)
        return out

    def backward(self, dout, b):
        idx, gt, p = b["idx"], b["gt"], self.p
        pad_shape = (len(idx), self.H + 2 * p, self.W + 2 * p, self.C)
        dxpad = _lazy(b, "dxpad", pad_shape, self.dtype)
        if self.tiles:  # every input in exactly one window: write each window position once
            for k, v in enumerate(self._views(dxpad)):
                np.equal(idx, k, out=gt)
                np.multiply(dout, gt, out=v)
        else:
            tmp = _lazy(b, "tmp", idx.shape, self.dtype)
            dxpad.fill(0)
            for k, v in enumerate(self._views(dxpad)):
                np.equal(idx, k, out=gt)
                np.multiply(dout, gt, out=tmp)
                v += tmp
        return dxpad[:, p : p + self.H, p : p + self.W, :]


class _FlattenOp(_Op):
    """Channels-last maps → vectors in the book's (C, H, W) order, and back."""

    def __init__(self, in_shape: tuple[int, int, int], dtype: np.dtype):
        self.C, self.H, self.W = in_shape
        self.dtype = dtype

    def buffers(self, n):
        return {"out": np.empty((n, self.C * self.H * self.W), self.dtype)}

    def forward(self, x, b, train):
        out = b["out"]
        np.copyto(out.reshape(len(out), self.C, self.H, self.W), x.transpose(0, 3, 1, 2))
        return out

    def backward(self, dout, b):
        dx = _lazy(b, "dx", (len(dout), self.H, self.W, self.C), self.dtype)
        np.copyto(dx, dout.reshape(len(dx), self.C, self.H, self.W).transpose(0, 2, 3, 1))
        return dx


class _AffineOp(_Op):
    """``x @ W + b`` into a fixed buffer."""

    def __init__(self, layer: Affine):
        self.layer = layer

    def buffers(self, n):
        W = self.layer.W
        return {"out": np.empty((n, W.shape[1]), W.dtype), "ones": np.ones(n, W.dtype)}

    def forward(self, x, b, train):
        L = self.layer
        b["x"] = x
        out = b["out"]
        np.dot(x, L.W, out=out)
        out += L.b
        return out

    def backward(self, dout, b):
        L = self.layer
        x = b["x"]
        if x.dtype == L.dW.dtype and x.flags.c_contiguous:
            np.dot(x.T, dout, out=L.dW)
        else:
            L.dW[...] = x.T @ dout
        np.dot(b["ones"], dout, out=L.db)
        if not L.need_dx:
            return None
        dx = _lazy(b, "dx", (len(dout), L.W.shape[0]), L.W.dtype)
        np.dot(dout, L.W.T, out=dx)
        return dx


class _ActivationOp(_Op):
    """An element-wise activation through its in-place kernels (``fn_into``/``grad_into``)."""

    def __init__(self, layer: Activation, shape: tuple[int, ...], dtype: np.dtype):
        self.layer = layer
        self.shape = shape  # channels-last (H, W, C) or (D,)
        self.dtype = dtype

    def buffers(self, n):
        shape = (n, *self.shape)
        return {"z": np.empty(shape, self.dtype), "out": np.empty(shape, self.dtype)}

    def forward(self, x, b, train):
        np.copyto(b["z"], x)  # fn_into may overwrite its input
        self.layer.fn_into(b["z"], b["out"], self._scratch(b))
        return b["out"]

    def _scratch(self, b) -> Scratch:
        s = b.get("s")
        if s is None:
            s = b["s"] = Scratch(b["out"].shape, self.dtype)
        return s

    def backward(self, dout, b):
        dx = _lazy(b, "dx", b["out"].shape, self.dtype)
        self.layer.grad_into(dout, b["out"], dx, self._scratch(b))
        return dx


class _ReLUOp(_Op):
    """ReLU in place on the previous layer's output buffer (no layer's backward reads it)."""

    def __init__(self, layer: ReLU, shape: tuple[int, ...], in_place: bool):
        self.layer = layer
        self.shape = shape
        self.in_place = in_place  # False for a first layer: its input is the caller's array

    def buffers(self, n):
        return {}

    def forward(self, x, b, train):
        out = x if self.in_place else _lazy(b, "out", x.shape, x.dtype)
        np.maximum(x, 0, out=out)
        b["y"] = out
        return out

    def backward(self, dout, b):
        y = b["y"]
        mask = _lazy(b, "mask", y.shape, bool)
        np.greater(y, 0, out=mask)
        dx = _lazy(b, "dx", y.shape, y.dtype)
        np.multiply(dout, mask, out=dx)
        return dx


class _ModeOp(_Op):
    """Batch norm or dropout: the reference layer on the channels-last rows (the maths is per
    channel or per element, so ``(n·H·W, C)`` rows are exactly its ``(N, D)`` input)."""

    train_sensitive = True

    def __init__(self, layer, shape: tuple[int, ...]):
        self.layer = layer
        self.shape = shape

    def buffers(self, n):
        return {}

    def forward(self, x, b, train):
        rows = x.reshape(-1, self.shape[-1])
        return self.layer.forward(rows, train).reshape(x.shape)

    def backward(self, dout, b):
        return self.layer.backward(dout.reshape(-1, self.shape[-1])).reshape(dout.shape)


# ====================================================================== the network
@dataclass(frozen=True)
class FeatureMap:
    """One layer's output for one input: ``(C, H, W)`` maps or a ``(D,)`` vector."""

    name: str
    values: np.ndarray

    @property
    def is_image(self) -> bool:
        return self.values.ndim == 3


def _flat_params(shapes: dict[str, tuple[int, ...]], dtype: np.dtype, layout: object) -> ParamDict:
    """A zeroed :class:`ParamDict` whose arrays are contiguous views of one buffer."""
    flat = np.zeros(sum(math.prod(s) for s in shapes.values()), dtype=dtype)
    d = ParamDict()
    offset = 0
    for key, shape in shapes.items():
        size = math.prod(shape)
        dict.__setitem__(d, key, flat[offset : offset + size].reshape(shape))
        offset += size
    d.flat, d.layout = flat, layout
    return d


class LayerNetwork:
    """A classifier built from an architecture spec (conv/pool/fc/activation/bn/dropout).

    Parameters
    ----------
    arch
        The hidden layers: an :class:`Architecture` or its text, e.g.
        ``"conv:30x5x5,relu,pool:2,fc:100,relu"`` (``"conv"`` is SimpleConvNet).
        The output ``Affine`` to ``n_classes`` is added.
    input_shape
        ``(H, W)`` or ``(C, H, W)`` for images, ``(D,)`` for vectors.  Inputs
        arrive as flat rows of ``prod(input_shape)`` values in (C, H, W) order.
    n_classes
        Number of outputs.
    init, init_std
        Weight initialisation (``normal`` with std 0.01 is the book's
        ``weight_init_std=0.01``); the fan-in of a conv filter is ``C·FH·FW``.
    seed, rng
        Source of the initial weights and of dropout masks.
    dtype
        ``float32`` to train, ``float64`` for gradient checks.
    l2
        L2 weight decay λ on the weights (not biases, not batch-norm γ/β).

    Attributes
    ----------
    params, grads
        ``W1, b1, …`` (conv weights ``(FN, C, FH, FW)``), ``gamma1, beta1, …``;
        views of one flat buffer each, which the layers reference.
    buffers
        Batch-norm running statistics ``running_mean1, running_var1, …``.
    """

    # Always a softmax classifier (regression nets are MLPs: Network(loss="mse")); the
    # trainer and model files ask every network these two.
    loss_kind = "cross_entropy"
    is_regression = False

    def __init__(
        self,
        arch: Architecture | str,
        input_shape: tuple[int, ...],
        n_classes: int,
        *,
        init: str = "normal",
        init_std: float = 0.01,
        seed: int | None = 0,
        rng: np.random.Generator | None = None,
        dtype: np.dtype | type = np.float32,
        l2: float = 0.0,
    ) -> None:
        self.arch = parse_architecture(arch) if isinstance(arch, str) else arch
        if init not in INITS:
            raise ConfigError(f"Unknown initialisation {init!r}; choose one of {', '.join(INITS)}.")
        if not 0 < init_std <= MAX_INIT_STD:
            raise ConfigError(
                f"The initial weight std must be a positive number up to {MAX_INIT_STD:,g}."
            )
        if not (l2 >= 0 and np.isfinite(l2)):
            raise ConfigError("L2 regularisation must be a number ≥ 0.")
        if int(n_classes) < 1:
            raise ConfigError("A network needs at least one class.")
        self.input_shape = image_input_shape(input_shape)
        self.n_classes = int(n_classes)
        self.shapes = describe_shapes(self.arch, self.input_shape, self.n_classes)  # validates
        self.init, self.init_std = init, float(init_std)
        self.dtype = np.dtype(dtype)
        self.l2 = float(l2)
        rng = rng if rng is not None else np.random.default_rng(seed)
        self._plan = self._plan_layers()
        n_params = sum(math.prod(s) for s in self._param_shapes.values())
        if n_params > MAX_PARAMETERS:
            raise ConfigError(
                f"A network of {n_params:,} parameters is too large (at most "
                f"{MAX_PARAMETERS:,}); use fewer or smaller layers."
            )
        layout = object()
        self.params = _flat_params(self._param_shapes, self.dtype, layout)
        self.grads = _flat_params(self._param_shapes, self.dtype, layout)
        self.buffers: dict[str, np.ndarray] = {}
        for key, shape in self._param_shapes.items():
            if key.startswith("W"):
                fan_in = math.prod(shape[1:]) if len(shape) == 4 else shape[0]
                self.params[key][...] = init_weights(
                    init, shape, rng, fan_in=fan_in, std=init_std, dtype=self.dtype
                )
            elif key.startswith("gamma"):
                self.params[key][...] = 1
                j = key[len("gamma") :]
                self.buffers[f"running_mean{j}"] = np.zeros(shape, self.dtype)
                self.buffers[f"running_var{j}"] = np.ones(shape, self.dtype)
        decay = _flat_params(self._param_shapes, self.dtype, None)
        for key in decay:
            if key.startswith("W"):
                decay[key][...] = 1
        self._decay_mask = decay.flat
        self._decay_tmp = np.empty_like(self._decay_mask)
        self._dropout_rng = np.random.default_rng(rng.integers(2**63))
        self._build_layers()

    # ------------------------------------------------------------------ construction
    def _plan_layers(self) -> list[tuple]:
        """``(kind, spec, in_shape, out_shape)`` per layer, and the parameter shapes."""
        plan = []
        shapes: dict[str, tuple[int, ...]] = {}
        n_weighted = n_bn = 0
        rows = iter(self.shapes[1:])
        shape = self.input_shape
        specs = list(self.arch.layers) + [DenseSpec(self.n_classes)]
        for spec in specs:
            if isinstance(spec, DenseSpec) and len(shape) == 3:
                spec_flat = FlattenSpec()
                out = next(rows).shape
                plan.append(("flatten", spec_flat, shape, out))
                shape = out
            if isinstance(spec, FlattenSpec) and len(shape) != 3:
                continue  # already flat: nothing to do
            out = next(rows).shape
            if isinstance(spec, ConvSpec):
                n_weighted += 1
                shapes[f"W{n_weighted}"] = (spec.filters, shape[0], spec.size_h, spec.size_w)
                shapes[f"b{n_weighted}"] = (spec.filters,)
                plan.append(("conv", spec, shape, out, n_weighted))
            elif isinstance(spec, DenseSpec):
                n_weighted += 1
                shapes[f"W{n_weighted}"] = (shape[0], spec.units)
                shapes[f"b{n_weighted}"] = (spec.units,)
                plan.append(("fc", spec, shape, out, n_weighted))
            elif isinstance(spec, BatchNormSpec):
                n_bn += 1
                shapes[f"gamma{n_bn}"] = (shape[0],)
                shapes[f"beta{n_bn}"] = (shape[0],)
                plan.append(("bn", spec, shape, out, n_bn))
            else:
                kind = {PoolSpec: "pool", ActivationSpec: "act", DropoutSpec: "dropout"}
                plan.append((kind.get(type(spec), "flatten"), spec, shape, out))
            shape = out
        self._param_shapes = shapes
        return plan

    def _build_layers(self) -> None:
        """The reference layers (book classes, NCHW) and the fast-path ops (channels-last)."""
        self.layers: list = []
        self.layer_names: list[str] = [r.name for r in self.shapes[1:]]
        self._ops: list[_Op] = []
        P, G, dt = self.params, self.grads, self.dtype
        first_weighted = True
        for entry in self._plan:
            kind, spec, in_shape, out_shape = entry[:4]
            if kind == "conv":
                i = entry[4]
                layer = Convolution(
                    P[f"W{i}"], P[f"b{i}"], spec.stride, spec.pad, need_dx=not first_weighted
                )
                layer.dW, layer.db = G[f"W{i}"], G[f"b{i}"]
                op = _ConvOp(layer, in_shape, need_dx=not first_weighted)
                first_weighted = False
            elif kind == "fc":
                i = entry[4]
                layer = Affine(P[f"W{i}"], P[f"b{i}"], need_dx=not first_weighted)
                layer.dW, layer.db = G[f"W{i}"], G[f"b{i}"]
                op = _AffineOp(layer)
                first_weighted = False
            elif kind == "pool":
                layer = Pooling(spec.size_h, spec.size_w, spec.stride, spec.pad)
                op = _PoolOp(layer, in_shape, dt)
            elif kind == "flatten":
                layer = Flatten()
                op = _FlattenOp(in_shape, dt)
            elif kind == "act":
                layer = make_activation(spec.name)
                if isinstance(layer, ReLU):
                    # In place, unless the previous layer's backward reads its own output.
                    in_place = bool(self._ops) and not isinstance(
                        self._ops[-1], (_ActivationOp, _ReLUOp)
                    )
                    op = _ReLUOp(layer, _channels_last(in_shape), in_place)
                else:
                    op = _ActivationOp(layer, _channels_last(in_shape), dt)
            elif kind == "bn":
                j = entry[4]
                layer = BatchNormalization(
                    P[f"gamma{j}"],
                    P[f"beta{j}"],
                    spec.momentum,
                    self.buffers[f"running_mean{j}"],
                    self.buffers[f"running_var{j}"],
                )
                layer.dgamma, layer.dbeta = G[f"gamma{j}"], G[f"beta{j}"]
                op = _ModeOp(layer, _channels_last(in_shape))
            else:  # dropout
                layer = Dropout(spec.ratio, self._dropout_rng)
                op = _ModeOp(layer, _channels_last(in_shape))
            op.layer = layer
            self.layers.append(layer)
            self._ops.append(op)
        self.last_layer = SoftmaxWithLoss()
        self._weighted = [
            layer for layer in self.layers if isinstance(layer, (Affine, Convolution))
        ]
        self._workspaces: dict[int, list[dict]] = {}
        # Rows per inference pass: a deep conv layer's im2col matrix is large per image
        # (28·28 positions × 5·5·32 columns is 2.5 MB in float32).
        per_row = max(
            [
                self.dtype.itemsize * op.oh * op.ow * op.kh * op.kw * op.C
                for op in self._ops
                if isinstance(op, _ConvOp)
            ]
            + [self.dtype.itemsize * self.input_size]
        )
        self._chunk_rows = int(min(_PREDICT_CHUNK, max(1, _CHUNK_BYTES // per_row)))

    @classmethod
    def from_params(
        cls,
        arch: Architecture | str,
        input_shape: tuple[int, ...],
        params: dict[str, np.ndarray],
        buffers: dict[str, np.ndarray] | None = None,
        *,
        dtype: np.dtype | type = np.float32,
        l2: float = 0.0,
    ) -> LayerNetwork:
        """A network holding copies of given parameters (and batch-norm statistics)."""
        last = max(int(k[1:]) for k in params if k.startswith("W"))
        n_classes = int(params[f"b{last}"].shape[0])
        net = cls(arch, input_shape, n_classes, seed=0, dtype=dtype, l2=l2)
        net.set_params(params)
        if buffers:
            net.set_buffers(buffers)
        return net

    def __reduce__(self):
        # Copying array by array would split the views from their shared buffer: rebuild.
        return (
            _rebuild,
            (
                self.arch.text,
                self.input_shape,
                self.n_classes,
                self.dtype.str,
                self.l2,
                self.copy_params(),
                {k: v.copy() for k, v in self.buffers.items()},
            ),
            {"init": self.init, "init_std": self.init_std},
        )

    # ------------------------------------------------------------------ shape facts
    @property
    def input_size(self) -> int:
        return math.prod(self.input_shape)

    @property
    def is_convolutional(self) -> bool:
        return self.arch.is_convolutional

    @property
    def param_count(self) -> int:
        """Total number of trainable numbers."""
        return int(self.params.flat.size)

    @property
    def description(self) -> str:
        """The architecture text plus the output layer, e.g. ``conv:30x5x5,…,fc:10``."""
        return ",".join(filter(None, (self.arch.text, f"fc:{self.n_classes}")))

    def __repr__(self) -> str:
        return f"LayerNetwork({self.description}, {self.dtype.name})"

    # ------------------------------------------------------------------ reference path
    def _as_images(self, x: np.ndarray) -> np.ndarray:
        """Flat rows → ``(N, C, H, W)`` when the first layer is spatial."""
        if len(self.input_shape) == 3 and x.ndim == 2:
            return x.reshape(len(x), *self.input_shape)
        return x

    def forward(self, x: np.ndarray, train: bool = True) -> np.ndarray:
        """Scores of a batch through the reference layers, caching what :meth:`backward` needs."""
        x = self._as_images(np.asarray(x))
        for layer in self.layers:
            if isinstance(layer, (BatchNormalization, Dropout)):
                x = layer.forward(x, train)
            else:
                x = layer.forward(x)
        return x

    def regularization_loss(self) -> float:
        """½λΣW² over all weights (0 when λ = 0)."""
        if self.l2 == 0:
            return 0.0
        total = sum(float(np.dot(a.W.ravel(), a.W.ravel())) for a in self._weighted)
        return 0.5 * self.l2 * total

    def loss(self, x: np.ndarray, t: np.ndarray, train: bool = True) -> float:
        """Mean cross-entropy of a batch plus the L2 term (train mode by default)."""
        return self.last_layer.forward(self.forward(x, train), t) + self.regularization_loss()

    def backward(self) -> dict[str, np.ndarray]:
        """Backpropagate from the last :meth:`loss` call; returns ``grads``."""
        dout = self.last_layer.backward()
        for layer in reversed(self.layers):
            dout = layer.backward(dout)
            if dout is None:
                break
        if self.l2:
            lam = self.dtype.type(self.l2)
            for a in self._weighted:
                a.dW += lam * a.W
        return self.grads

    def gradient(self, x: np.ndarray, t: np.ndarray) -> tuple[float, dict[str, np.ndarray]]:
        """Loss and backprop gradients of a batch (reference layers, train mode)."""
        loss = self.loss(x, t)
        return loss, self.backward()

    def numerical_gradient(
        self, x: np.ndarray, t: np.ndarray, h: float | None = None, abort=None, progress=None
    ) -> tuple[float, dict[str, np.ndarray]]:
        """Loss and central-difference gradients of every parameter.

        Dropout keeps the mask of the first pass and batch-norm running statistics
        are restored afterwards, so every pass evaluates the same function.
        ``progress(done, total)`` is told the parameters done after each array.
        """
        from nnviz.core.gradcheck import numerical_gradient

        if h is None:
            h = 1e-5 if self.dtype == np.float64 else 1e-4
        saved = {k: v.copy() for k, v in self.buffers.items()}
        dropouts = [layer for layer in self.layers if isinstance(layer, Dropout)]
        loss = self.loss(x, t)
        for d in dropouts:
            d.fixed_mask = True
        try:
            grads, done, total = {}, 0, self.param_count
            for key, p in self.params.items():
                grads[key] = numerical_gradient(lambda: self.loss(x, t), p, h, abort)
                done += p.size
                if progress is not None:
                    progress(done, total)
        finally:
            for d in dropouts:
                d.fixed_mask = False
            self.set_buffers(saved)
        return loss, grads

    # ------------------------------------------------------------------ fast path
    # The same input layout and scaling as the MLP (one definition, bound here).
    with_bias_column = Network.with_bias_column
    _as_float = Network._as_float
    _finite = Network._finite  # a diverged network's scores made finite

    def _workspace(self, n: int) -> list[dict]:
        ws = self._workspaces.get(n)
        if ws is None:
            if len(self._workspaces) >= _WORKSPACES:
                self._workspaces.clear()
            ws = self._workspaces[n] = [op.buffers(n) for op in self._ops]
        return ws

    def _fast_forward(self, x: np.ndarray, train: bool, keep=None) -> np.ndarray:
        """Scores of flat rows ``x`` through the ops; ``keep(i, out)`` sees every layer's output."""
        n = len(x)
        ws = self._workspaces.get(n) or self._workspace(n)
        if len(self.input_shape) == 3:
            C, H, W = self.input_shape
            x = x.reshape(n, C, H, W).transpose(0, 2, 3, 1)  # a view: channels-last
        for i, (op, b) in enumerate(zip(self._ops, ws, strict=True)):
            x = op.forward(x, b, train)
            if keep is not None:
                keep(i, x)
        return x

    def fused_gradient(
        self, xa: np.ndarray, t: np.ndarray, onehot: np.ndarray | None = None
    ) -> tuple[float, int]:
        """Loss and gradients of a batch on the fast path (train mode); ``(loss, n_correct)``.

        Parameters
        ----------
        xa
            Inputs with a trailing column of ones (see :meth:`with_bias_column`);
            the ones are ignored.  Not modified.
        t
            Integer class labels ``(n,)``.
        onehot
            Optional one-hot rows of ``t``.

        Returns
        -------
        loss, n_correct
            Mean cross-entropy plus the L2 term, and how many rows were classified
            correctly before this update.  Gradients land in :attr:`grads` (left
            untouched when the loss is not finite).
        """
        n = len(t)
        if xa.shape[1] != self.input_size + 1:
            raise ValueError(f"fused_gradient takes {self.input_size + 1} columns (with the 1s)")
        s = self._fast_forward(xa[:, :-1], train=True)
        logp = log_softmax(s)
        rows = np.arange(n)
        loss = -float(logp[rows, t].mean(dtype=np.float64))
        correct = int(np.count_nonzero(row_argmax(s) == t))
        lam = self.l2
        if lam:
            np.multiply(self.params.flat, self._decay_mask, out=self._decay_tmp)
            loss += 0.5 * lam * float(np.dot(self._decay_tmp, self._decay_tmp))
        if not math.isfinite(loss):
            return loss, correct
        dout = np.exp(logp, out=logp)
        if onehot is None:
            dout[rows, t] -= 1
        else:
            dout -= onehot
        dout *= self.dtype.type(1.0 / n)
        ws = self._workspaces[n]
        for op, b in zip(reversed(self._ops), reversed(ws), strict=True):
            dout = op.backward(dout, b)
            if dout is None:
                break
        if lam:
            np.multiply(self._decay_tmp, self.dtype.type(lam), out=self._decay_tmp)
            self.grads.flat += self._decay_tmp
        return loss, correct

    # ------------------------------------------------------------------ inference
    def scores(self, x: np.ndarray) -> np.ndarray:
        """Logits for any number of flat rows (inference mode, in chunks, always finite)."""
        x = np.asarray(x)
        if x.ndim == 1:
            x = x.reshape(1, -1)
        out = np.empty((len(x), self.n_classes), dtype=self.dtype)
        with _quiet():
            step = self._chunk_rows
            for i in range(0, len(x), step):
                chunk = self._as_float(x[i : i + step])
                out[i : i + len(chunk)] = self._fast_forward(chunk, train=False)
        return self._finite(out)

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        """Class probabilities, one row per input row."""
        return softmax(self.scores(x))

    def predict(self, x: np.ndarray) -> np.ndarray:
        """Predicted class index per row."""
        return row_argmax(self.scores(x))

    def evaluate(self, x: np.ndarray, t: np.ndarray) -> tuple[float, float]:
        """Mean cross-entropy (without L2) and accuracy over a whole set (inference mode)."""
        if len(x) == 0:
            return float("nan"), float("nan")
        t = np.asarray(t)
        s = self.scores(x)
        acc = np.count_nonzero(row_argmax(s) == t) / len(t)
        with _quiet():
            loss = -float(log_softmax(s)[np.arange(len(t)), t].mean(dtype=np.float64))
        return loss, float(acc)

    def feature_maps(self, x_one: np.ndarray) -> list[FeatureMap]:
        """Every layer's output for one input (inference mode): see :func:`feature_maps`."""
        x = self._as_float(np.asarray(x_one).reshape(1, -1))
        if x.shape[1] != self.input_size:
            raise ConfigError(f"The network takes {self.input_size} inputs, not {x.shape[1]}.")
        maps: list[FeatureMap] = []

        def keep(i: int, out: np.ndarray) -> None:
            v = out[0]
            v = v.transpose(2, 0, 1) if v.ndim == 3 else v  # channels-last → (C, H, W)
            maps.append(FeatureMap(self.layer_names[i], self._finite(np.array(v, copy=True))))

        with _quiet():
            self._fast_forward(x, train=False, keep=keep)
        return maps

    # ------------------------------------------------------------------ state
    def copy_params(self) -> dict[str, np.ndarray]:
        """Independent copies of every parameter array."""
        return {k: v.copy() for k, v in self.params.items()}

    def set_params(self, params: dict[str, np.ndarray]) -> None:
        """Overwrite every parameter in place (layers keep their references)."""
        for key, p in self.params.items():
            if key not in params:
                raise ConfigError(f"The parameters lack {key}.")
            if params[key].shape != p.shape:
                raise ConfigError(f"{key} has shape {params[key].shape}, expected {p.shape}.")
            p[...] = params[key]

    def set_buffers(self, buffers: dict[str, np.ndarray]) -> None:
        """Overwrite the batch-norm running statistics in place."""
        for key, a in self.buffers.items():
            if key not in buffers or buffers[key].shape != a.shape:
                raise ConfigError(
                    f"The batch-norm statistic {key} is missing or has the wrong shape."
                )
            a[...] = buffers[key]

    def astype(self, dtype: np.dtype | type) -> LayerNetwork:
        """A copy of this network with parameters in ``dtype``."""
        return LayerNetwork.from_params(
            self.arch, self.input_shape, self.params, self.buffers, dtype=dtype, l2=self.l2
        )


def _channels_last(shape: tuple[int, ...]) -> tuple[int, ...]:
    """``(C, H, W)`` → ``(H, W, C)``; vectors unchanged."""
    return (*shape[1:], shape[0]) if len(shape) == 3 else shape


def _rebuild(arch, input_shape, n_classes, dtype, l2, params, buffers) -> LayerNetwork:
    """A network from :meth:`LayerNetwork.__reduce__`'s parts (pickle, ``copy.deepcopy``)."""
    net = LayerNetwork(arch, tuple(input_shape), n_classes, seed=0, dtype=np.dtype(dtype), l2=l2)
    net.set_params(params)
    net.set_buffers(buffers)
    return net


# ====================================================================== helpers for the views
def feature_maps(net: LayerNetwork, x_one: np.ndarray) -> list[FeatureMap]:
    """Every layer's output for one input, as the feature-maps view shows them.

    Conv, activation, pool, batch-norm and dropout layers on images give
    ``(C, H, W)`` arrays; flatten, dense layers and the output scores give
    ``(D,)`` vectors.  Computed in inference mode; copies, safe to keep.
    """
    return net.feature_maps(x_one)


def first_layer_filters(net: LayerNetwork) -> np.ndarray:
    """A copy of the first conv layer's kernels ``(F, C, kh, kw)`` (the filters view).

    Raises
    ------
    ConfigError
        When the network has no conv layer.
    """
    for layer in net.layers:
        if isinstance(layer, Convolution):
            return layer.W.copy()
    raise ConfigError("This network has no convolution layer, so it has no filters to show.")
