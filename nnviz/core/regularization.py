"""Batch normalisation and dropout (Deep Learning from Scratch ch. 6, ``common/layers.py``).

Both layers behave differently while training and at inference, so their
``forward`` takes ``train``; a network switches them (``LayerNetwork`` trains in
train mode and predicts in inference mode).
"""

from __future__ import annotations

import numpy as np

BN_EPS = 1e-6
"""Added to the variance before the square root (the book's ``10e-7``)."""


class BatchNormalization:
    """Normalise each feature over the batch, then scale by ``gamma`` and shift by ``beta``.

    Parameters
    ----------
    gamma, beta
        Scale and shift, one per feature (per channel for ``(N, C, H, W)``
        input); the layer holds references (optimizers update them in place).
    momentum
        Running statistics follow ``running = momentum·running + (1 − momentum)·batch``.
    running_mean, running_var
        Statistics used at inference; zeros and ones when not given.

    Notes
    -----
    On ``(N, C, H, W)`` input the book flattens each image and normalises every
    pixel of every channel on its own; this layer normalises per channel over
    the batch and all positions (spatial batch norm, as in Ioffe & Szegedy §3.2
    and PyTorch's ``BatchNorm2d``), which needs far fewer parameters.
    """

    has_params = True

    def __init__(
        self,
        gamma: np.ndarray,
        beta: np.ndarray,
        momentum: float = 0.9,
        running_mean: np.ndarray | None = None,
        running_var: np.ndarray | None = None,
    ) -> None:
        self.gamma = gamma
        self.beta = beta
        self.momentum = momentum
        self.running_mean = np.zeros_like(gamma) if running_mean is None else running_mean
        self.running_var = np.ones_like(gamma) if running_var is None else running_var
        self.dgamma = np.zeros_like(gamma)
        self.dbeta = np.zeros_like(beta)
        self.input_shape: tuple[int, ...] | None = None
        self.xc = self.xn = self.std = None
        self.batch_size = 0

    @staticmethod
    def _rows(x: np.ndarray) -> np.ndarray:
        """``(N, D)`` unchanged; ``(N, C, H, W)`` as ``(N·H·W, C)`` rows."""
        if x.ndim == 2:
            return x
        return x.transpose(0, 2, 3, 1).reshape(-1, x.shape[1])

    def _unrows(self, y: np.ndarray) -> np.ndarray:
        if len(self.input_shape) == 2:
            return y
        N, C, H, W = self.input_shape
        return y.reshape(N, H, W, C).transpose(0, 3, 1, 2)

    def forward(self, x: np.ndarray, train: bool = True) -> np.ndarray:
        self.input_shape = x.shape
        x = self._rows(x)
        if train:
            mu = x.mean(axis=0)
            xc = x - mu
            var = np.mean(xc * xc, axis=0)
            std = np.sqrt(var + BN_EPS)
            xn = xc / std
            self.batch_size, self.xc, self.xn, self.std = len(x), xc, xn, std
            m = self.momentum
            self.running_mean[...] = m * self.running_mean + (1 - m) * mu
            self.running_var[...] = m * self.running_var + (1 - m) * var
        else:
            xn = (x - self.running_mean) / np.sqrt(self.running_var + BN_EPS)
        return self._unrows(self.gamma * xn + self.beta)

    def backward(self, dout: np.ndarray) -> np.ndarray:
        dout = self._rows(dout)
        self.dbeta[...] = dout.sum(axis=0)
        self.dgamma[...] = np.sum(self.xn * dout, axis=0)
        dxn = self.gamma * dout
        dxc = dxn / self.std
        dstd = -np.sum((dxn * self.xc) / (self.std * self.std), axis=0)
        dvar = 0.5 * dstd / self.std
        dxc += (2.0 / self.batch_size) * self.xc * dvar
        dmu = np.sum(dxc, axis=0)
        return self._unrows(dxc - dmu / self.batch_size)

    def __repr__(self) -> str:
        return f"BatchNormalization({self.gamma.size}, momentum={self.momentum})"


class Dropout:
    """Zero each input with probability ``ratio`` while training; scale by ``1 − ratio`` at inference.

    The book's (non-inverted) dropout.  ``fixed_mask = True`` keeps the last mask
    instead of drawing a new one, so a numerical gradient sees one function.
    """

    has_params = False

    def __init__(self, ratio: float = 0.5, rng: np.random.Generator | None = None) -> None:
        self.ratio = ratio
        self.rng = rng if rng is not None else np.random.default_rng(0)
        self.mask: np.ndarray | None = None
        self.fixed_mask = False

    def forward(self, x: np.ndarray, train: bool = True) -> np.ndarray:
        if not train:
            return x * x.dtype.type(1.0 - self.ratio)
        if not (self.fixed_mask and self.mask is not None and self.mask.shape == x.shape):
            self.mask = self.rng.random(x.shape, dtype=np.float32) >= self.ratio
        return x * self.mask

    def backward(self, dout: np.ndarray) -> np.ndarray:
        return dout * self.mask

    def __repr__(self) -> str:
        return f"Dropout(ratio={self.ratio:g})"
