"""Optimizers with one ``update(params, grads)`` each (Deep Learning from Scratch ch06).

Every update writes into the parameter arrays in place: the layers of a
:class:`~nnviz.core.network.Network` hold references to them.  ``lr`` may be
changed between updates (live learning-rate changes while training).
"""

from __future__ import annotations

import numpy as np

from nnviz.errors import ConfigError

_EPS = 1e-7


class Optimizer:
    """Base class: ``update(params, grads)`` changes ``params`` in place."""

    def __init__(self, lr: float) -> None:
        self.lr = lr

    def update(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
        raise NotImplementedError

    def _state(self, params: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        return {k: np.zeros_like(v) for k, v in params.items()}

    def __repr__(self) -> str:
        return f"{type(self).__name__}(lr={self.lr:g})"


class SGD(Optimizer):
    """``p -= lr·g``."""

    def __init__(self, lr: float = 0.01) -> None:
        super().__init__(lr)

    def update(self, params, grads):
        for key, p in params.items():
            p -= p.dtype.type(self.lr) * grads[key]


class Momentum(Optimizer):
    """``v = m·v − lr·g; p += v``."""

    def __init__(self, lr: float = 0.01, momentum: float = 0.9) -> None:
        super().__init__(lr)
        self.momentum = momentum
        self.v: dict[str, np.ndarray] | None = None

    def update(self, params, grads):
        if self.v is None:
            self.v = self._state(params)
        for key, p in params.items():
            v = self.v[key]
            v *= self.momentum
            v -= p.dtype.type(self.lr) * grads[key]
            p += v


class Nesterov(Optimizer):
    """Nesterov momentum in the book's form (Sutskever et al. reparametrised)."""

    def __init__(self, lr: float = 0.01, momentum: float = 0.9) -> None:
        super().__init__(lr)
        self.momentum = momentum
        self.v: dict[str, np.ndarray] | None = None

    def update(self, params, grads):
        if self.v is None:
            self.v = self._state(params)
        m = self.momentum
        for key, p in params.items():
            v, g = self.v[key], grads[key]
            lr = p.dtype.type(self.lr)
            v *= m
            v -= lr * g
            p += (m * m) * v
            p -= (1 + m) * lr * g


class AdaGrad(Optimizer):
    """``h += g²; p −= lr·g/(√h + 1e-7)``."""

    def __init__(self, lr: float = 0.01) -> None:
        super().__init__(lr)
        self.h: dict[str, np.ndarray] | None = None

    def update(self, params, grads):
        if self.h is None:
            self.h = self._state(params)
        for key, p in params.items():
            h, g = self.h[key], grads[key]
            h += g * g
            p -= p.dtype.type(self.lr) * g / (np.sqrt(h) + _EPS)


class RMSprop(Optimizer):
    """``h = ρh + (1−ρ)g²; p −= lr·g/(√h + 1e-7)`` with ρ = 0.99."""

    def __init__(self, lr: float = 0.01, decay_rate: float = 0.99) -> None:
        super().__init__(lr)
        self.decay_rate = decay_rate
        self.h: dict[str, np.ndarray] | None = None

    def update(self, params, grads):
        if self.h is None:
            self.h = self._state(params)
        rho = self.decay_rate
        for key, p in params.items():
            h, g = self.h[key], grads[key]
            h *= rho
            h += (1 - rho) * g * g
            p -= p.dtype.type(self.lr) * g / (np.sqrt(h) + _EPS)


class Adam(Optimizer):
    """Adam (Kingma & Ba) with the book's bias-corrected step size."""

    def __init__(self, lr: float = 0.001, beta1: float = 0.9, beta2: float = 0.999) -> None:
        super().__init__(lr)
        self.beta1, self.beta2 = beta1, beta2
        self.iter = 0
        self.m: dict[str, np.ndarray] | None = None
        self.v: dict[str, np.ndarray] | None = None

    def update(self, params, grads):
        if self.m is None:
            self.m, self.v = self._state(params), self._state(params)
        self.iter += 1
        b1, b2 = self.beta1, self.beta2
        lr_t = self.lr * np.sqrt(1.0 - b2**self.iter) / (1.0 - b1**self.iter)
        for key, p in params.items():
            m, v, g = self.m[key], self.v[key], grads[key]
            m += (1 - b1) * (g - m)
            v += (1 - b2) * (g * g - v)
            p -= p.dtype.type(lr_t) * m / (np.sqrt(v) + _EPS)


OPTIMIZERS: dict[str, type[Optimizer]] = {
    "sgd": SGD,
    "momentum": Momentum,
    "nesterov": Nesterov,
    "adagrad": AdaGrad,
    "rmsprop": RMSprop,
    "adam": Adam,
}
"""Optimizer name → class; the names are the CLI's ``--optimizer`` values."""

USES_MOMENTUM = ("momentum", "nesterov")


def make_optimizer(name: str, lr: float, momentum: float = 0.9) -> Optimizer:
    """A new optimizer ``name`` with learning rate ``lr`` (and ``momentum`` where it applies)."""
    if name not in OPTIMIZERS:
        raise ConfigError(f"Unknown optimizer {name!r}; choose one of {', '.join(OPTIMIZERS)}.")
    if name in USES_MOMENTUM:
        return OPTIMIZERS[name](lr, momentum)
    return OPTIMIZERS[name](lr)
