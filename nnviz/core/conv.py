"""Convolution, pooling and flatten layers, as Deep Learning from Scratch ch. 7 teaches them.

``im2col`` unrolls every receptive field of a batch of images into one row of a
matrix, so a convolution becomes one matrix product and max pooling one row
maximum; ``col2im`` adds the rows back into images (the backward pass).  Arrays
are ``(N, C, H, W)`` as in the book.  Unlike the book, no layer mutates the
arrays it is given, every array keeps the input's dtype (float32 for training,
float64 for gradient checks), and max pooling pads with −inf (a zero pad would
win over negative inputs).

These classes are the reference, gradient-checked implementation; the training
fast path of :class:`~nnviz.core.layered.LayerNetwork` computes the same maths
in preallocated buffers.
"""

from __future__ import annotations

import numpy as np


def conv_output_size(size: int, filter_size: int, stride: int = 1, pad: int = 0) -> int:
    """Output height (or width) of a convolution or pooling: ``(size + 2·pad − filter) // stride + 1``."""
    return (size + 2 * pad - filter_size) // stride + 1


def im2col(
    input_data: np.ndarray,
    filter_h: int,
    filter_w: int,
    stride: int = 1,
    pad: int = 0,
    pad_value: float = 0.0,
) -> np.ndarray:
    """Unroll the receptive fields of ``(N, C, H, W)`` images into a 2-D matrix.

    Parameters
    ----------
    input_data
        Images ``(N, C, H, W)``; not modified.
    filter_h, filter_w
        Filter (or pooling window) height and width.
    stride, pad
        Step between windows and zero padding on every side.
    pad_value
        Value of the padding (max pooling pads with −inf).

    Returns
    -------
    col
        ``(N·out_h·out_w, C·filter_h·filter_w)``: one row per output position,
        columns ordered channel, then filter row, then filter column (the
        order of ``W.reshape(FN, -1)``).
    """
    N, C, H, W = input_data.shape
    out_h = conv_output_size(H, filter_h, stride, pad)
    out_w = conv_output_size(W, filter_w, stride, pad)
    img = np.pad(
        input_data, [(0, 0), (0, 0), (pad, pad), (pad, pad)], "constant", constant_values=pad_value
    )
    col = np.empty((N, C, filter_h, filter_w, out_h, out_w), dtype=input_data.dtype)
    for y in range(filter_h):
        y_max = y + stride * out_h
        for x in range(filter_w):
            x_max = x + stride * out_w
            col[:, :, y, x, :, :] = img[:, :, y:y_max:stride, x:x_max:stride]
    return col.transpose(0, 4, 5, 1, 2, 3).reshape(N * out_h * out_w, -1)


def col2im(
    col: np.ndarray,
    input_shape: tuple[int, int, int, int],
    filter_h: int,
    filter_w: int,
    stride: int = 1,
    pad: int = 0,
) -> np.ndarray:
    """The adjoint of :func:`im2col`: add every row back onto the image it came from.

    Where windows overlap, their contributions add up (the gradient of a pixel
    used by several windows is the sum of their gradients).

    Returns
    -------
    img
        ``input_shape`` ``(N, C, H, W)``, the padding cut away.
    """
    N, C, H, W = input_shape
    out_h = conv_output_size(H, filter_h, stride, pad)
    out_w = conv_output_size(W, filter_w, stride, pad)
    col = col.reshape(N, out_h, out_w, C, filter_h, filter_w).transpose(0, 3, 4, 5, 1, 2)
    img = np.zeros((N, C, H + 2 * pad + stride - 1, W + 2 * pad + stride - 1), dtype=col.dtype)
    for y in range(filter_h):
        y_max = y + stride * out_h
        for x in range(filter_w):
            x_max = x + stride * out_w
            img[:, :, y:y_max:stride, x:x_max:stride] += col[:, :, y, x, :, :]
    return img[:, :, pad : H + pad, pad : W + pad]


class Convolution:
    """2-D convolution of ``(N, C, H, W)`` images with ``FN`` filters ``W (FN, C, FH, FW)``.

    Holds references to ``W`` and ``b`` (optimizers update them in place).
    """

    has_params = True

    def __init__(
        self, W: np.ndarray, b: np.ndarray, stride: int = 1, pad: int = 0, *, need_dx: bool = True
    ) -> None:
        self.W = W
        self.b = b
        self.stride = stride
        self.pad = pad
        self.dW = np.zeros_like(W)
        self.db = np.zeros_like(b)
        # The first layer's input gradient is never used; skipping it saves a col2im.
        self.need_dx = need_dx
        self.x_shape: tuple[int, ...] | None = None
        self.col: np.ndarray | None = None
        self.col_W: np.ndarray | None = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        FN, C, FH, FW = self.W.shape
        N, C, H, W = x.shape
        out_h = conv_output_size(H, FH, self.stride, self.pad)
        out_w = conv_output_size(W, FW, self.stride, self.pad)
        col = im2col(x, FH, FW, self.stride, self.pad)
        col_W = self.W.reshape(FN, -1).T
        out = col @ col_W
        out += self.b
        self.x_shape, self.col, self.col_W = x.shape, col, col_W
        return out.reshape(N, out_h, out_w, -1).transpose(0, 3, 1, 2)

    def backward(self, dout: np.ndarray) -> np.ndarray | None:
        FN, C, FH, FW = self.W.shape
        dout = dout.transpose(0, 2, 3, 1).reshape(-1, FN)
        self.db[...] = dout.sum(axis=0)
        self.dW[...] = (self.col.T @ dout).T.reshape(FN, C, FH, FW)
        if not self.need_dx:
            return None
        dcol = dout @ self.col_W.T
        return col2im(dcol, self.x_shape, FH, FW, self.stride, self.pad)

    def __repr__(self) -> str:
        FN, C, FH, FW = self.W.shape
        return f"Convolution({FN}×{C}×{FH}×{FW}, stride={self.stride}, pad={self.pad})"


class Pooling:
    """Max pooling over ``pool_h × pool_w`` windows (the book's ``Pooling``)."""

    has_params = False

    def __init__(self, pool_h: int, pool_w: int, stride: int = 1, pad: int = 0) -> None:
        self.pool_h = pool_h
        self.pool_w = pool_w
        self.stride = stride
        self.pad = pad
        self.x_shape: tuple[int, ...] | None = None
        self.arg_max: np.ndarray | None = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        N, C, H, W = x.shape
        out_h = conv_output_size(H, self.pool_h, self.stride, self.pad)
        out_w = conv_output_size(W, self.pool_w, self.stride, self.pad)
        col = im2col(x, self.pool_h, self.pool_w, self.stride, self.pad, pad_value=-np.inf)
        col = col.reshape(-1, self.pool_h * self.pool_w)
        self.arg_max = np.argmax(col, axis=1)  # ties: the first window position wins
        out = col[np.arange(len(col)), self.arg_max]
        self.x_shape = x.shape
        return out.reshape(N, out_h, out_w, C).transpose(0, 3, 1, 2)

    def backward(self, dout: np.ndarray) -> np.ndarray:
        dout = dout.transpose(0, 2, 3, 1)
        pool_size = self.pool_h * self.pool_w
        dmax = np.zeros((dout.size, pool_size), dtype=dout.dtype)
        dmax[np.arange(self.arg_max.size), self.arg_max] = dout.reshape(-1)
        dcol = dmax.reshape(-1, self.x_shape[1] * pool_size)
        return col2im(dcol, self.x_shape, self.pool_h, self.pool_w, self.stride, self.pad)

    def __repr__(self) -> str:
        return f"Pooling({self.pool_h}×{self.pool_w}, stride={self.stride}, pad={self.pad})"


class Flatten:
    """``(N, C, H, W)`` → ``(N, C·H·W)`` in the book's (C, H, W) order, and back."""

    has_params = False

    def __init__(self) -> None:
        self.x_shape: tuple[int, ...] | None = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        self.x_shape = x.shape
        return x.reshape(len(x), -1)

    def backward(self, dout: np.ndarray) -> np.ndarray:
        return dout.reshape(self.x_shape)

    def __repr__(self) -> str:
        return "Flatten()"
