"""Which model reads the drawn digit: the built-in one, the network being trained, or a file.

Qt-free: the draw-a-digit tab shows the choice and asks :meth:`DigitReader.current`
for the network; the choice survives a Reset as long as the new network still
reads digits (then the network being trained is offered again).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from nnviz.core.layered import LayerNetwork
from nnviz.core.modelio import Model, is_digit_shape, load_builtin, resolve_model
from nnviz.core.network import Network, sizes_from_params
from nnviz.errors import ModelError, NnvizError

TR_CONTEXT = "canvas"

BUILTIN_SPEC = "builtin:digits"
BUILTIN_CNN_SPEC = "builtin:digits-cnn"
SOURCES = ("builtin", "builtin-cnn", "training", "file")


def N_(text: str) -> str:
    """Mark ``text`` for translation; the window translates it when shown."""
    return text


@functools.lru_cache(maxsize=2)
def builtin_digit_model(spec: str = BUILTIN_SPEC) -> Model:
    """A shipped digit model, loaded once per process (it is only ever read)."""
    return load_builtin(spec.split(":", 1)[1])


def is_digit_params(params: dict[str, np.ndarray] | None) -> bool:
    """True for the parameters of a network that reads 28×28 digits into 10 classes."""
    if not params or "W1" not in params:
        return False
    try:
        sizes = sizes_from_params(params)
    except (KeyError, IndexError):
        return False
    return is_digit_shape(sizes[0], sizes[-1])


class DigitReader:
    """The choice of model reading the canvas, and the network it stands for."""

    def __init__(self) -> None:
        self.preferred = "builtin"  # the user's choice; kept while it is not available
        self.file_model: Model | None = None
        self.file_path: Path | None = None
        self._params: dict[str, np.ndarray] | None = None
        self._activations: list[str] = []
        self._names: tuple[str, ...] = ()
        self._net: Network | LayerNetwork | None = None
        self._arch: str | None = None  # the layer spec of a layered network being trained
        self._dirty = False
        self.builtin_error: str | None = None

    @property
    def training_available(self) -> bool:
        """True when the network being trained reads digits."""
        return self._params is not None

    @property
    def source(self) -> str:
        """The model reading now: the user's choice when available, else the built-in one."""
        if self.preferred == "training" and self._params is not None:
            return "training"
        if self.preferred == "file" and self.file_model is not None:
            return "file"
        return "builtin-cnn" if self.preferred == "builtin-cnn" else "builtin"

    def choose(self, source: str) -> None:
        """Read with ``builtin``, ``training`` (when available) or ``file`` (once loaded).

        The choice is kept: a Reset to a network that does not read digits falls back
        to the built-in model until a digit network is trained again.
        """
        if source not in SOURCES:
            raise ValueError(source)
        self.preferred = source

    def set_training_params(
        self,
        params: dict[str, np.ndarray] | None,
        activations: Sequence[str] | str = "relu",
        class_names: Sequence[str] | None = None,
        arch: str | None = None,
    ) -> bool:
        """Offer the network being trained (only a digit network qualifies); True if usable.

        ``arch`` is the layer spec of a layered (convolutional) network, whose
        ``params`` are then its kernels and matrices (the caller knows it reads digits).
        """
        if params is None or (arch is None and not is_digit_params(params)):
            self._params = self._net = None
            return False
        if arch is None:
            n_hidden = len(sizes_from_params(params)) - 2
            acts = [activations] * n_hidden if isinstance(activations, str) else list(activations)
        else:
            acts = []
        if arch != self._arch:
            self._net, self._arch = None, arch
        names = tuple(class_names) if class_names is not None else ()
        self._params = params
        self._activations = acts
        self._names = names if len(names) == 10 else tuple(map(str, range(10)))
        self._dirty = True
        return True

    def load_file(self, path: str | Path) -> Model:
        """Read with the model in ``path`` from now on (raises NnvizError; nothing changes then)."""
        path = Path(path)
        try:
            model = resolve_model(path)
        except NnvizError:
            raise
        except Exception as e:  # a model file must never crash the app
            raise ModelError(f"{path.name} could not be read: {e}") from None
        if not model.is_digit_model:
            net = model.network
            raise ModelError(
                f"{path.name} takes {net.input_size} inputs and predicts {net.n_classes} "
                "classes; the canvas needs a model for 28×28 digits (784 inputs, 10 classes)."
            )
        self.file_model, self.file_path = model, path
        self.preferred = "file"
        return model

    def current(self) -> tuple[Network, tuple[str, ...]] | None:
        """The network reading the canvas and its class names (None when there is none).

        Falls back to the built-in model when the chosen one is not available; a
        built-in model that cannot be loaded sets :attr:`builtin_error` once.
        """
        if self.source == "file":
            return self.file_model.network, self.file_model.class_names
        if self.source == "training":
            try:
                return self._training_network(), self._names
            except (NnvizError, KeyError, ValueError):  # parameters that do not fit together
                return None
        if self.builtin_error is not None:
            return None
        try:
            model = builtin_digit_model(
                BUILTIN_CNN_SPEC if self.source == "builtin-cnn" else BUILTIN_SPEC
            )
        except NnvizError as e:
            self.builtin_error = str(e)
            return None
        return model.network, model.class_names

    def predict(self, digit: np.ndarray) -> tuple[np.ndarray, tuple[str, ...]] | None:
        """Class probabilities (float64) of one preprocessed 28×28 digit, and the class names."""
        found = self.current()
        if found is None:
            return None
        net, names = found
        return net.predict_proba(digit.reshape(1, -1))[0].astype(np.float64), names

    def _training_network(self) -> Network:
        """A network holding the latest training parameters (reused when the shapes match)."""
        params = self._params
        assert params is not None
        net = self._net
        if net is not None and not self._dirty:
            return net
        if self._arch is not None:  # a layered (conv) network: same spec, same shapes
            if net is None:
                net = LayerNetwork.from_params(self._arch, (28, 28), params)
            else:
                net.set_params(params)
            self._net, self._dirty = net, False
            return net
        sizes = sizes_from_params(params)
        if net is None or net.sizes != sizes or net.activation_names != self._activations:
            net = Network.from_params(params, self._activations)
        else:
            net.set_params(params)
        self._net = net
        self._dirty = False
        return net
