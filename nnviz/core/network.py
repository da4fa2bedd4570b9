"""A multi-layer perceptron: Affine → activation → … → Affine → SoftmaxWithLoss."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from nnviz.core.init import INITS, init_weights
from nnviz.core.layers import ACTIVATIONS, Affine, SoftmaxWithLoss, make_activation, softmax
from nnviz.errors import ConfigError

_PREDICT_CHUNK = 8192  # rows per forward pass at inference, bounds peak memory


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
        rng: np.random.Generator | None = None,
        dtype: np.dtype | type = np.float32,
        l2: float = 0.0,
    ) -> None:
        sizes = [int(s) for s in sizes]
        if len(sizes) < 2 or any(s < 1 for s in sizes):
            raise ConfigError("A network needs an input size, a class count and layer widths ≥ 1.")
        n_hidden = len(sizes) - 2
        if activations is None:
            activations = [activation] * n_hidden
        activations = list(activations)
        if len(activations) != n_hidden:
            raise ConfigError(f"Got {len(activations)} activations for {n_hidden} hidden layers.")
        for name in activations:
            if name not in ACTIVATIONS:
                make_activation(name)  # raises the clear error
        if init not in INITS:
            raise ConfigError(f"Unknown initialisation {init!r}; choose one of {', '.join(INITS)}.")
        if not init_std > 0:
            raise ConfigError("The initial weight std must be a positive number.")
        if bias_init not in ("zero", "same"):
            raise ConfigError("Bias initialisation must be 'zero' or 'same'.")
        if not (l2 >= 0 and np.isfinite(l2)):
            raise ConfigError("L2 regularisation must be a number ≥ 0.")

        self.sizes = sizes
        self.activation_names = activations
        self.init, self.init_std, self.bias_init = init, float(init_std), bias_init
        self.dtype = np.dtype(dtype)
        self.l2 = float(l2)
        rng = rng if rng is not None else np.random.default_rng(seed)

        self.params: dict[str, np.ndarray] = {}
        for i, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:], strict=False), start=1):
            self.params[f"W{i}"] = init_weights(
                init, (fan_in, fan_out), rng, fan_in=fan_in, std=init_std, dtype=self.dtype
            )
            if bias_init == "same":
                b = init_weights(
                    init, (fan_out,), rng, fan_in=fan_in, std=init_std, dtype=self.dtype
                )
            else:
                b = np.zeros(fan_out, dtype=self.dtype)
            self.params[f"b{i}"] = b
        self._build_layers()

    @classmethod
    def from_params(
        cls,
        params: dict[str, np.ndarray],
        activations: Sequence[str] | str = "relu",
        *,
        dtype: np.dtype | type = np.float32,
        l2: float = 0.0,
    ) -> Network:
        """A network holding copies of given ``W1, b1, W2, b2, …`` arrays."""
        n = len([k for k in params if k.startswith("W")])
        sizes = [params["W1"].shape[0]] + [params[f"W{i}"].shape[1] for i in range(1, n + 1)]
        if isinstance(activations, str):
            activations = [activations] * (n - 1)
        net = cls(sizes, activations=activations, seed=0, dtype=dtype, l2=l2)
        for key in net.params:
            net.params[key][...] = params[key]
        return net

    def _build_layers(self) -> None:
        self.affines: list[Affine] = []
        self.layers: list = []
        n = self.n_layers
        for i in range(1, n + 1):
            affine = Affine(self.params[f"W{i}"], self.params[f"b{i}"], need_dx=i > 1)
            self.affines.append(affine)
            self.layers.append(affine)
            if i < n:
                self.layers.append(make_activation(self.activation_names[i - 1]))
        self.last_layer = SoftmaxWithLoss()
        self.grads: dict[str, np.ndarray] = {}
        for i, affine in enumerate(self.affines, start=1):
            self.grads[f"W{i}"] = affine.dW
            self.grads[f"b{i}"] = affine.db

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
        return self.sizes[-1]

    @property
    def hidden_sizes(self) -> list[int]:
        return self.sizes[1:-1]

    @property
    def param_count(self) -> int:
        """Total number of trainable numbers."""
        return int(sum(p.size for p in self.params.values()))

    def __repr__(self) -> str:
        acts = ",".join(self.activation_names) or "none"
        return f"Network({'-'.join(map(str, self.sizes))}, {acts}, {self.dtype.name})"

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
        """Mean cross-entropy of a batch plus the L2 term."""
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

    def numerical_gradient(
        self, x: np.ndarray, t: np.ndarray, h: float | None = None
    ) -> tuple[float, dict[str, np.ndarray]]:
        """Loss and central-difference gradients of every parameter (2 forward passes each).

        ``h`` defaults to 1e-4 in float32 (as in the book) and 1e-5 in float64.
        """
        from nnviz.core.gradcheck import numerical_gradient

        if h is None:
            h = 1e-5 if self.dtype == np.float64 else 1e-4
        loss = self.loss(x, t)
        grads = {
            key: numerical_gradient(lambda: self.loss(x, t), p, h) for key, p in self.params.items()
        }
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
        """Logits for any number of rows, computed in chunks."""
        x = np.asarray(x)
        if len(x) <= _PREDICT_CHUNK:
            return self._infer(self._as_float(x))
        out = np.empty((len(x), self.n_classes), dtype=self.dtype)
        for i in range(0, len(x), _PREDICT_CHUNK):
            out[i : i + _PREDICT_CHUNK] = self._infer(self._as_float(x[i : i + _PREDICT_CHUNK]))
        return out

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        """Class probabilities, one row per input row."""
        return softmax(self.scores(x))

    def predict(self, x: np.ndarray) -> np.ndarray:
        """Predicted class index per row."""
        return self.scores(x).argmax(axis=1)

    def activations(self, x: np.ndarray) -> list[np.ndarray]:
        """Output of every hidden activation layer (one array per hidden layer)."""
        x = self._as_float(np.asarray(x))
        outs = []
        for layer in self.layers[:-1]:
            if isinstance(layer, Affine):
                x = x @ layer.W + layer.b
            else:
                x = layer.fn(x)
                outs.append(x)
        return outs

    def _as_float(self, x: np.ndarray) -> np.ndarray:
        if x.dtype == np.uint8:
            return x.astype(self.dtype) * self.dtype.type(1 / 255)
        return x.astype(self.dtype, copy=False)

    def evaluate(self, x: np.ndarray, t: np.ndarray) -> tuple[float, float]:
        """Mean cross-entropy (without L2) and accuracy over a whole set."""
        if len(x) == 0:
            return float("nan"), float("nan")
        from nnviz.core.layers import log_softmax

        t = np.asarray(t)
        s = self.scores(x)
        logp = log_softmax(s)
        loss = -float(logp[np.arange(len(t)), t].mean(dtype=np.float64))
        acc = float((s.argmax(axis=1) == t).mean())
        return loss, acc

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
        return Network.from_params(self.params, self.activation_names, dtype=dtype, l2=self.l2)
