"""Optimizers with one ``update(params, grads)`` each (Deep Learning from Scratch ch06).

Every update writes into the parameter arrays in place: the layers of a
:class:`~nnviz.core.network.Network` hold references to them.  ``lr`` may be
changed between updates (live learning-rate changes while training).
"""

from __future__ import annotations

import numpy as np

from nnviz.errors import ConfigError

_EPS = 1e-7


def _shared_flat(params, grads) -> tuple[np.ndarray, np.ndarray] | None:
    """``(params.flat, grads.flat)`` when both are views of one buffer each with one layout."""
    pf = getattr(params, "flat", None)
    gf = getattr(grads, "flat", None)
    if pf is None or gf is None or getattr(params, "layout", None) is None:
        return None
    return (pf, gf) if params.layout is grads.layout else None


class Optimizer:
    """Base class: ``update(params, grads)`` changes ``params`` in place.

    Subclasses write one ``_step(p, g, tmp, tmp2, *state)`` on arrays.  When the
    parameters and gradients each live in one contiguous buffer (a network's
    :class:`~nnviz.core.network.ParamDict`), it runs once on those buffers: a
    handful of vectorised operations per update whatever the depth, and no
    temporaries (``tmp``/``tmp2`` are preallocated).  Otherwise it runs once per
    array.  The state (e.g. momentum ``v``) is a dict of arrays either way.
    """

    state_names: tuple[str, ...] = ()

    def __init__(self, lr: float) -> None:
        self.lr = lr
        self._layout = None
        self._flat_state: list[np.ndarray] = []
        self._tmp: dict[object, tuple[np.ndarray, np.ndarray]] = {}
        self._plan: tuple | None = None

    def update(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
        self._begin()
        plan = self._plan
        # The same network's dicts as last time: reuse the flat buffers found then.
        if (
            plan is not None
            and plan[0] is params
            and plan[1] is grads
            and params.flat is plan[2]
            and grads.flat is plan[3]
            and (not self.state_names or getattr(self, self.state_names[0]) is plan[5])
        ):
            self._step(*plan[4])
            return
        names = self.state_names
        if names and getattr(self, names[0]) is None:
            self._make_state(params)
        flat = _shared_flat(params, grads)
        if flat is not None and (not names or params.layout is self._layout):
            p, g = flat
            args = (p, g, *self._scratch(None, p), *self._flat_state)
            state = getattr(self, names[0]) if names else None
            self._plan = (params, grads, p, g, args, state)
            self._step(*args)
            return
        self._plan = None
        for key, p in params.items():
            states = [getattr(self, n)[key] for n in names]
            self._step(p, grads[key], *self._scratch(key, p), *states)

    def _begin(self) -> None:
        """Per-update bookkeeping before any array is touched (Adam's step count)."""

    def _step(self, p: np.ndarray, g: np.ndarray, tmp: np.ndarray, tmp2: np.ndarray, *state):
        raise NotImplementedError

    def _scratch(self, key, p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        pair = self._tmp.get(key)
        if pair is None or pair[0].shape != p.shape or pair[0].dtype != p.dtype:
            pair = self._tmp[key] = (np.empty_like(p), np.empty_like(p))
        return pair

    def _make_state(self, params: dict[str, np.ndarray]) -> None:
        """Zeroed state arrays named ``state_names``, sharing one buffer when ``params`` do."""
        flat = getattr(params, "flat", None)
        self._layout = getattr(params, "layout", None) if flat is not None else None
        self._flat_state = []
        for name in self.state_names:
            if self._layout is None:
                setattr(self, name, self._state(params))
                continue
            buf = np.zeros_like(flat)
            base = flat.__array_interface__["data"][0]
            views = {}
            for key, p in params.items():
                start = (p.__array_interface__["data"][0] - base) // p.itemsize
                views[key] = buf[start : start + p.size].reshape(p.shape)
            setattr(self, name, views)
            self._flat_state.append(buf)

    def _state(self, params: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        return {k: np.zeros_like(v) for k, v in params.items()}

    def __repr__(self) -> str:
        return f"{type(self).__name__}(lr={self.lr:g})"


class SGD(Optimizer):
    """``p -= lr·g``."""

    def __init__(self, lr: float = 0.01) -> None:
        super().__init__(lr)

    def _step(self, p, g, tmp, tmp2):
        np.multiply(g, p.dtype.type(self.lr), out=tmp)
        np.subtract(p, tmp, out=p)


class Momentum(Optimizer):
    """``v = m·v − lr·g; p += v``."""

    state_names = ("v",)

    def __init__(self, lr: float = 0.01, momentum: float = 0.9) -> None:
        super().__init__(lr)
        self.momentum = momentum
        self.v: dict[str, np.ndarray] | None = None

    def _step(self, p, g, tmp, tmp2, v):
        v *= self.momentum
        np.multiply(g, p.dtype.type(self.lr), out=tmp)
        v -= tmp
        p += v


class Nesterov(Optimizer):
    """Nesterov momentum in the book's form (Sutskever et al. reparametrised)."""

    state_names = ("v",)

    def __init__(self, lr: float = 0.01, momentum: float = 0.9) -> None:
        super().__init__(lr)
        self.momentum = momentum
        self.v: dict[str, np.ndarray] | None = None

    def _step(self, p, g, tmp, tmp2, v):
        m = self.momentum
        lr = p.dtype.type(self.lr)
        v *= m
        np.multiply(g, lr, out=tmp)
        v -= tmp
        np.multiply(v, m * m, out=tmp)
        p += tmp
        np.multiply(g, (1 + m) * lr, out=tmp)
        p -= tmp


def _scaled_step(p, g, h, lr, tmp, tmp2) -> None:
    """``p −= lr·g/(√h + 1e-7)`` with two scratch arrays (AdaGrad, RMSprop)."""
    np.sqrt(h, out=tmp)
    tmp += _EPS
    np.multiply(g, p.dtype.type(lr), out=tmp2)
    tmp2 /= tmp
    p -= tmp2


class AdaGrad(Optimizer):
    """``h += g²; p −= lr·g/(√h + 1e-7)``."""

    state_names = ("h",)

    def __init__(self, lr: float = 0.01) -> None:
        super().__init__(lr)
        self.h: dict[str, np.ndarray] | None = None

    def _step(self, p, g, tmp, tmp2, h):
        np.multiply(g, g, out=tmp)
        h += tmp
        _scaled_step(p, g, h, self.lr, tmp, tmp2)


class RMSprop(Optimizer):
    """``h = ρh + (1−ρ)g²; p −= lr·g/(√h + 1e-7)`` with ρ = 0.99."""

    state_names = ("h",)

    def __init__(self, lr: float = 0.01, decay_rate: float = 0.99) -> None:
        super().__init__(lr)
        self.decay_rate = decay_rate
        self.h: dict[str, np.ndarray] | None = None

    def _step(self, p, g, tmp, tmp2, h):
        rho = self.decay_rate
        h *= rho
        np.multiply(g, 1 - rho, out=tmp)
        tmp *= g
        h += tmp
        _scaled_step(p, g, h, self.lr, tmp, tmp2)


class Adam(Optimizer):
    """Adam (Kingma & Ba) with the book's bias-corrected step size."""

    state_names = ("m", "v")

    def __init__(self, lr: float = 0.001, beta1: float = 0.9, beta2: float = 0.999) -> None:
        super().__init__(lr)
        self.beta1, self.beta2 = beta1, beta2
        self.iter = 0
        self.m: dict[str, np.ndarray] | None = None
        self.v: dict[str, np.ndarray] | None = None

    def _begin(self) -> None:
        self.iter += 1
        b1, b2 = self.beta1, self.beta2
        self._lr_t = self.lr * np.sqrt(1.0 - b2**self.iter) / (1.0 - b1**self.iter)

    def _step(self, p, g, tmp, tmp2, m, v):
        b1, b2 = self.beta1, self.beta2
        np.subtract(g, m, out=tmp)
        tmp *= 1 - b1
        m += tmp
        np.multiply(g, g, out=tmp)
        tmp -= v
        tmp *= 1 - b2
        v += tmp
        np.sqrt(v, out=tmp)
        tmp += _EPS
        np.multiply(m, p.dtype.type(self._lr_t), out=tmp2)
        tmp2 /= tmp
        p -= tmp2


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
