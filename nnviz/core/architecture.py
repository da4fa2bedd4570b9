"""A readable description of a layered network (convolutional or not), and its shapes.

The grammar is a comma-separated list of layer tokens, first layer first; the
output ``Affine`` to the class count (and a ``Flatten`` before the first fully
connected layer) are added automatically::

    conv:30x5x5,relu,pool:2,fc:100,relu        Deep Learning from Scratch's SimpleConvNet
    conv:16x3x3/s2/p1,bn,relu,dropout:0.25,fc:64,relu

=================  ===========================================================
``conv:FxKHxKW``   F filters of KH×KW (``conv:FxK`` for K×K); ``/sN`` stride
                   (default 1), ``/pN`` zero padding (default 0)
``pool:K``         K×K max pooling with stride K; also ``pool:KHxKW``,
                   ``/sN``, ``/pN``
``fc:N``           fully connected (``Affine``) layer of N neurons
``relu`` …         an activation: relu, leaky_relu, sigmoid, tanh, linear
``bn``             batch normalisation (per channel after a conv layer)
``dropout:R``      dropout of a share R (0 ≤ R < 1) of the inputs while training
``flatten``        optional: inserted before the first ``fc`` anyway
=================  ===========================================================

``conv`` alone is the SimpleConvNet spec.  Everything here is plain Python: the
CLI parses with :func:`parse_architecture`, the GUI's shapes panel shows
:func:`describe_shapes`, and model files store :meth:`Architecture.text`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from nnviz.core.layers import ACTIVATIONS
from nnviz.errors import ConfigError

SIMPLE_CONVNET = "conv:30x5x5,relu,pool:2,fc:100,relu"
"""Deep Learning from Scratch ch. 7's ``SimpleConvNet`` (the output layer is implied)."""
MAX_LAYERS = 100
MAX_FILTERS = 4096
MAX_UNITS = 100_000


@dataclass(frozen=True)
class ConvSpec:
    """A convolution layer: ``filters`` kernels of ``size_h × size_w``."""

    filters: int
    size_h: int
    size_w: int
    stride: int = 1
    pad: int = 0

    @property
    def token(self) -> str:
        return f"conv:{self.filters}x{self.size_h}x{self.size_w}" + _options(
            self.stride, 1, self.pad
        )


@dataclass(frozen=True)
class PoolSpec:
    """A max-pooling layer over ``size_h × size_w`` windows."""

    size_h: int
    size_w: int
    stride: int
    pad: int = 0

    @property
    def token(self) -> str:
        size = f"{self.size_h}" if self.size_h == self.size_w else f"{self.size_h}x{self.size_w}"
        return f"pool:{size}" + _options(self.stride, self.size_h, self.pad)


@dataclass(frozen=True)
class DenseSpec:
    """A fully connected (``Affine``) layer of ``units`` neurons."""

    units: int

    @property
    def token(self) -> str:
        return f"fc:{self.units}"


@dataclass(frozen=True)
class ActivationSpec:
    """An element-wise activation (a key of ``ACTIVATIONS``)."""

    name: str

    @property
    def token(self) -> str:
        return self.name


@dataclass(frozen=True)
class BatchNormSpec:
    """Batch normalisation."""

    momentum: float = 0.9

    @property
    def token(self) -> str:
        return "bn"


@dataclass(frozen=True)
class DropoutSpec:
    """Dropout of a share ``ratio`` of the inputs while training."""

    ratio: float

    @property
    def token(self) -> str:
        return f"dropout:{self.ratio:g}"


@dataclass(frozen=True)
class FlattenSpec:
    """``(C, H, W)`` maps to one vector (implied before the first ``fc``)."""

    @property
    def token(self) -> str:
        return "flatten"


LayerSpec = (
    ConvSpec | PoolSpec | DenseSpec | ActivationSpec | BatchNormSpec | DropoutSpec | FlattenSpec
)


def _options(stride: int, default_stride: int, pad: int) -> str:
    return (f"/s{stride}" if stride != default_stride else "") + (f"/p{pad}" if pad else "")


@dataclass(frozen=True)
class Architecture:
    """The hidden layers of a network, first to last (the output layer is implied)."""

    layers: tuple[LayerSpec, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "layers", tuple(self.layers))
        if len(self.layers) > MAX_LAYERS:
            raise ConfigError(f"At most {MAX_LAYERS} layers.")
        seen_dense = False
        for spec in self.layers:
            if isinstance(spec, (DenseSpec, FlattenSpec)):
                seen_dense = True
            elif isinstance(spec, (ConvSpec, PoolSpec)) and seen_dense:
                raise ConfigError(
                    f"{spec.token} comes after a fully connected layer; conv and pool layers "
                    "must come first."
                )

    @property
    def text(self) -> str:
        """The spec in the grammar of :func:`parse_architecture` (round-trips)."""
        return ",".join(s.token for s in self.layers)

    @property
    def is_convolutional(self) -> bool:
        """True when any layer works on images (conv or pool)."""
        return any(isinstance(s, (ConvSpec, PoolSpec)) for s in self.layers)

    def __str__(self) -> str:
        return self.text


_INT = r"(\d+)"


def _positive(value: str, what: str, token: str) -> int:
    n = int(value)
    if n < 1:
        raise ConfigError(f"{token!r}: the {what} must be at least 1.")
    return n


def _split_options(token: str, body: str) -> tuple[str, int | None, int]:
    """``"16x3x3/s2/p1"`` → ``("16x3x3", 2, 1)``; stride None when not given."""
    parts = body.split("/")
    stride, pad = None, 0
    for opt in parts[1:]:
        m = re.fullmatch(r"([sp])(\d+)", opt)
        if m is None:
            raise ConfigError(f"{token!r}: options are /sN (stride) and /pN (padding).")
        if m.group(1) == "s":
            stride = _positive(m.group(2), "stride", token)
        else:
            pad = int(m.group(2))
    return parts[0], stride, pad


def _parse_token(token: str) -> LayerSpec:
    kind, _, body = token.partition(":")
    if kind == "conv":
        shape, stride, pad = _split_options(token, body)
        m = re.fullmatch(rf"{_INT}x{_INT}(?:x{_INT})?", shape)
        if m is None:
            raise ConfigError(
                f"{token!r}: write a conv layer as conv:FILTERSxHxW, e.g. conv:30x5x5."
            )
        filters = int(m.group(1))
        if filters < 1:
            raise ConfigError(f"{token!r}: a conv layer needs at least 1 filter.")
        if filters > MAX_FILTERS:
            raise ConfigError(f"{token!r}: at most {MAX_FILTERS} filters per layer.")
        kh = _positive(m.group(2), "filter size", token)
        kw = _positive(m.group(3), "filter size", token) if m.group(3) else kh
        return ConvSpec(filters, kh, kw, stride or 1, pad)
    if kind == "pool":
        shape, stride, pad = _split_options(token, body)
        m = re.fullmatch(rf"{_INT}(?:x{_INT})?", shape)
        if m is None:
            raise ConfigError(
                f"{token!r}: write a pool layer as pool:K or pool:KHxKW, e.g. pool:2."
            )
        kh = _positive(m.group(1), "pool size", token)
        kw = _positive(m.group(2), "pool size", token) if m.group(2) else kh
        if pad and pad >= min(kh, kw):
            raise ConfigError(f"{token!r}: the padding must be smaller than the pool window.")
        return PoolSpec(kh, kw, stride or kh, pad)
    if kind in ("fc", "affine", "dense"):
        if not re.fullmatch(_INT, body):
            raise ConfigError(f"{token!r}: write a fully connected layer as fc:N, e.g. fc:100.")
        units = _positive(body, "number of neurons", token)
        if units > MAX_UNITS:
            raise ConfigError(f"{token!r}: at most {MAX_UNITS:,} neurons per layer.")
        return DenseSpec(units)
    if kind == "dropout":
        try:
            ratio = float(body) if body else 0.5
        except ValueError:
            ratio = math.nan
        if not 0 <= ratio < 1:
            raise ConfigError(f"{token!r}: the dropout ratio must be at least 0 and below 1.")
        return DropoutSpec(ratio)
    if token in ("bn", "batchnorm"):
        return BatchNormSpec()
    if token == "flatten":
        return FlattenSpec()
    if token in ACTIVATIONS:
        return ActivationSpec(token)
    raise ConfigError(
        f"Unknown layer {token!r}; use conv:FxKxK, pool:K, fc:N, bn, dropout:R, flatten "
        f"or an activation ({', '.join(ACTIVATIONS)})."
    )


def parse_architecture(text: str) -> Architecture:
    """Parse a spec like ``"conv:30x5x5,relu,pool:2,fc:100,relu"``; ``"conv"`` is SimpleConvNet.

    Raises
    ------
    ConfigError
        One sentence naming the first bad token.
    """
    text = text.strip().lower().replace(" ", "")
    if text == "conv":
        text = SIMPLE_CONVNET
    if text in ("", "none"):
        return Architecture(())
    tokens = text.split(",")
    if any(not t for t in tokens):
        raise ConfigError(f"The architecture {text!r} has an empty layer between two commas.")
    return Architecture(tuple(_parse_token(t) for t in tokens))


# ---------------------------------------------------------------------- shapes
@dataclass(frozen=True)
class LayerShape:
    """One layer of :func:`describe_shapes`: its name, output shape and the book's im2col product."""

    name: str
    shape: tuple[int, ...]  # (C, H, W) or (D,), without the batch axis
    gemm: str = ""

    def text(self, batch: str = "N") -> str:
        dims = ", ".join((batch, *map(str, self.shape)))
        return f"{self.name:<12} ({dims})" + (f"   {self.gemm}" if self.gemm else "")


def image_input_shape(input_shape: tuple[int, ...]) -> tuple[int, ...]:
    """``(H, W)`` → ``(1, H, W)``; ``(C, H, W)`` and ``(D,)`` unchanged."""
    shape = tuple(int(s) for s in input_shape)
    return (1, *shape) if len(shape) == 2 else shape


def describe_shapes(
    arch: Architecture, input_shape: tuple[int, ...], n_classes: int
) -> list[LayerShape]:
    """Every layer's output shape (batch axis left out) and, for conv and pool layers, the
    im2col matrix product as Deep Learning from Scratch writes it.

    Parameters
    ----------
    arch
        The hidden layers.
    input_shape
        ``(H, W)`` or ``(C, H, W)`` for images, ``(D,)`` for feature vectors.
    n_classes
        Width of the output layer.

    Returns
    -------
    list of LayerShape
        The input first, the output ``Affine`` last; e.g. for SimpleConvNet on
        MNIST the conv row reads ``col (N·24·24, 1·5·5) · W (25, 30)``.

    Raises
    ------
    ConfigError
        When a conv or pool layer meets vector input (2-D point data), a filter
        or window is larger than its (padded) input, or a pool does not divide it.
    """
    shape = image_input_shape(input_shape)
    rows = [LayerShape("input", shape)]
    counts: dict[str, int] = {}

    def name(kind: str) -> str:
        counts[kind] = counts.get(kind, 0) + 1
        return f"{kind}{counts[kind]}"

    for spec in arch.layers:
        if isinstance(spec, (ConvSpec, PoolSpec)):
            if len(shape) != 3:
                raise ConfigError(
                    f"{spec.token} needs images, but this data has {shape[0]} features per "
                    "sample (a convolutional network cannot read 2-D points)."
                )
            C, H, W = shape
            kh, kw, s, p = spec.size_h, spec.size_w, spec.stride, spec.pad
            if isinstance(spec, PoolSpec):
                for size, k in ((H, kh), (W, kw)):
                    if k > size + 2 * p:
                        raise ConfigError(
                            f"{spec.token}: the {kh}×{kw} window is larger than its "
                            f"{size + 2 * p}-pixel (padded) input."
                        )
                    if (size + 2 * p - k) % s:
                        raise ConfigError(
                            f"{spec.token} does not divide its {H}×{W} input: "
                            f"({size} + 2·{p} − {k}) is not a multiple of the stride {s}."
                        )
            else:
                for size, k in ((H, kh), (W, kw)):
                    if k > size + 2 * p:
                        raise ConfigError(
                            f"{spec.token}: the {kh}×{kw} filter is larger than its "
                            f"{H + 2 * p}×{W + 2 * p} (padded) input."
                        )
            oh, ow = (H + 2 * p - kh) // s + 1, (W + 2 * p - kw) // s + 1
            if isinstance(spec, ConvSpec):
                k = C * kh * kw
                gemm = f"col (N·{oh}·{ow}, {C}·{kh}·{kw}) · W ({k}, {spec.filters})"
                shape = (spec.filters, oh, ow)
                rows.append(LayerShape(name("conv"), shape, gemm))
            else:
                gemm = f"col (N·{oh}·{ow}·{C}, {kh}·{kw}) → max per row"
                shape = (C, oh, ow)
                rows.append(LayerShape(name("pool"), shape, gemm))
            continue
        if isinstance(spec, (DenseSpec, FlattenSpec)) and len(shape) == 3:
            shape = (math.prod(shape),)
            rows.append(LayerShape("flatten", shape))
        if isinstance(spec, DenseSpec):
            gemm = f"x (N, {shape[0]}) · W ({shape[0]}, {spec.units})"
            shape = (spec.units,)
            rows.append(LayerShape(name("fc"), shape, gemm))
        elif isinstance(spec, ActivationSpec):
            rows.append(LayerShape(name(spec.name), shape))
        elif isinstance(spec, BatchNormSpec):
            rows.append(LayerShape(name("bn"), shape))
        elif isinstance(spec, DropoutSpec):
            rows.append(LayerShape(name("dropout"), shape))
    if len(shape) == 3:
        shape = (math.prod(shape),)
        rows.append(LayerShape("flatten", shape))
    rows.append(
        LayerShape("output", (n_classes,), f"x (N, {shape[0]}) · W ({shape[0]}, {n_classes})")
    )
    return rows


def format_shapes(rows: list[LayerShape], batch: str = "N") -> str:
    """The rows of :func:`describe_shapes` as lines of text (the shapes panel's content)."""
    return "\n".join(r.text(batch) for r in rows)
