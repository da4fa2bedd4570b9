"""Model files: nnviz ``.npz`` (arrays + JSON metadata) and the book's weight pickles.

nnviz models are saved atomically (a temp file renamed into place) and loaded
with ``allow_pickle=False``.  Deep Learning from Scratch pickles are read
through a restricted unpickler that can only rebuild NumPy arrays; anything
else in the pickle (``os.system``, ``eval``, ``subprocess`` …) is refused
before it could run.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import os
import pickle
import pickletools
import tempfile
import zipfile
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np

from nnviz import __version__
from nnviz.core.features import FeatureMap
from nnviz.core.layered import LayerNetwork
from nnviz.core.layers import ACTIVATIONS, LOSSES
from nnviz.core.network import Network
from nnviz.errors import ConfigError, ModelError

FORMAT = "nnviz-model"
FORMAT_VERSION = 2
"""Version 2 added layered (convolutional) networks; MLP files are still written as 1."""
MLP_FORMAT_VERSION = 1
META_KEY = "__meta__"
MAX_PICKLE_BYTES = 512 * 1024 * 1024
MAX_MODEL_BYTES = 2 * 1024**3
MAX_LAYERS = 101  # weight layers: NetworkConfig allows 100 hidden layers
MAX_PICKLE_OPS = 100_000  # the book's sample_weight.pkl holds 178
_ZIP_MAX_RATIO = 1100  # DEFLATE cannot expand data by more than ~1032:1


DIGIT_INPUTS = 28 * 28
DIGIT_CLASSES = 10


def is_digit_shape(input_size: int, n_classes: int) -> bool:
    """What counts as a digit model: 28×28 images in, 10 classes out (the one definition)."""
    return input_size == DIGIT_INPUTS and n_classes == DIGIT_CLASSES


@dataclass
class Model:
    """A network plus what is needed to use it: input shape/scaling, class names, provenance.

    ``crosses`` are the feature crosses its inputs are made of (empty: the plain
    inputs); a saved model keeps them in ``meta["network_config"]["features"]``.
    """

    network: Network | LayerNetwork
    class_names: tuple[str, ...]
    input_shape: tuple[int, ...]
    meta: dict = field(default_factory=dict)
    source: str = ""
    crosses: FeatureMap = field(default_factory=FeatureMap)

    @property
    def is_digit_model(self) -> bool:
        """True when it takes 28×28 images and predicts 10 classes."""
        net = self.network
        return is_digit_shape(net.input_size, net.n_classes) and not net.is_regression

    def __repr__(self) -> str:
        return f"Model({self.network!r}, source={self.source!r})"


def _atomic_write(path: Path, write) -> None:
    """Call ``write(file)`` on a temp file beside ``path``, then rename it into place."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp makes the file owner-only; give it the permissions a new file would get.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def save_model(
    path: str | Path,
    network: Network,
    *,
    class_names: tuple[str, ...] | list[str] | None = None,
    input_shape: tuple[int, ...] | None = None,
    meta: dict | None = None,
) -> Path:
    """Save ``network`` to an nnviz ``.npz`` atomically.

    Parameters
    ----------
    path
        Destination; an existing file is replaced only once the new one is complete.
    network
        The network to save: an MLP (float arrays ``W1, b1, …``) or a
        :class:`~nnviz.core.layered.LayerNetwork` (its architecture text, its
        parameters and its batch-norm running statistics).
    class_names, input_shape
        Stored for the views and for checking a model fits a dataset.
    meta
        Extra JSON-serialisable metadata (dataset, training config, metrics…).
    """
    path = Path(path)
    if path.is_dir():
        raise ModelError(f"{path} is a folder; choose a file name ending in .npz.")
    if not path.parent.exists():
        raise ModelError(f"The folder {path.parent} does not exist.")
    if isinstance(network, LayerNetwork):
        kind = {
            "format_version": FORMAT_VERSION,
            "layers": network.arch.text,
            "network_input_shape": list(network.input_shape),
        }
        arrays = {k: np.ascontiguousarray(v) for k, v in network.buffers.items()}
    else:
        kind = {
            "format_version": MLP_FORMAT_VERSION,
            "sizes": network.sizes,
            "activations": network.activation_names,
            "loss": network.loss_kind,
        }
        arrays = {}
    info = {
        "format": FORMAT,
        **kind,
        "nnviz_version": __version__,
        "class_names": list(class_names or [str(i) for i in range(network.n_classes)]),
        "input_shape": list(input_shape or [network.input_size]),
        **(meta or {}),
    }
    arrays.update({k: np.ascontiguousarray(v) for k, v in network.params.items()})
    arrays[META_KEY] = np.array(json.dumps(info, default=_json_default))
    try:
        _atomic_write(path, lambda f: np.savez_compressed(f, **arrays))
    except OSError as e:
        raise ModelError(f"Could not save the model to {path}: {e.strerror or e}.") from None
    return path


def _json_default(obj):
    if isinstance(obj, np.generic):
        return obj.item()
    if isinstance(obj, (tuple, set)):
        return list(obj)
    if hasattr(obj, "__dataclass_fields__"):
        from dataclasses import asdict

        return asdict(obj)
    raise TypeError(f"{type(obj).__name__} is not JSON serialisable")


def _read_bytes(path: Path, what: str, limit: int | None = None) -> bytes:
    if not path.exists():
        raise ModelError(f"The {what} {path} does not exist.")
    if path.is_dir():
        raise ModelError(f"{path} is a folder, not a {what}.")
    try:
        size = path.stat().st_size
        if limit is not None and size > limit:
            raise ModelError(f"{path} is {size:,} bytes, too large for a {what}.")
        return path.read_bytes()
    except PermissionError:
        raise ModelError(f"No permission to read {path}.") from None
    except OSError as e:
        raise ModelError(f"Could not read {path}: {e.strerror or e}.") from None


def _check_params(params: dict[str, np.ndarray], source: str) -> int:
    """Validate ``W1, b1, …`` (consecutive, float, shapes chain, finite); return layer count."""
    n = 0
    while f"W{n + 1}" in params:
        n += 1
        if n > MAX_LAYERS:
            # A 400 kB pickle can name 20,000 layers (every W the same memoised array).
            raise ModelError(
                f"{source} holds more than {MAX_LAYERS} weight layers; nnviz networks have "
                f"at most {MAX_LAYERS - 1} hidden layers."
            )
    if n == 0:
        raise ModelError(f"{source} holds no weight matrix W1.")
    expected = {f"{p}{i}" for i in range(1, n + 1) for p in "Wb"}
    extra = set(params) - expected
    if extra:
        raise ModelError(f"{source} has unexpected entries: {', '.join(sorted(extra))}.")
    prev = None
    for i in range(1, n + 1):
        W, b = params[f"W{i}"], params.get(f"b{i}")
        if b is None:
            raise ModelError(f"{source} has W{i} but no b{i}.")
        for name, a in ((f"W{i}", W), (f"b{i}", b)):
            if not isinstance(a, np.ndarray) or a.dtype.kind != "f":
                raise ModelError(f"{source}: {name} is not a floating-point array.")
            if not np.all(np.isfinite(a)):
                raise ModelError(f"{source}: {name} contains NaN or infinite values.")
        if W.ndim != 2 or b.ndim != 1 or b.shape[0] != W.shape[1]:
            raise ModelError(f"{source}: W{i} {W.shape} and b{i} {b.shape} do not fit together.")
        if prev is not None and W.shape[0] != prev:
            raise ModelError(
                f"{source}: W{i} takes {W.shape[0]} inputs but layer {i - 1} gives {prev}."
            )
        prev = W.shape[1]
    return n


def _check_declared_sizes(zf: zipfile.ZipFile, file_size: int, name: str) -> None:
    """Refuse arrays whose .npy header declares more data than the file can hold.

    NumPy allocates what a header declares before reading the data, so a few
    crafted bytes could otherwise ask for terabytes.  DEFLATE expands at most
    ~1032:1, which bounds what any member of a ``file_size``-byte archive holds.
    """
    limit = file_size * _ZIP_MAX_RATIO + 64 * 1024
    for info in zf.infolist():
        with zf.open(info) as fp:
            version = np.lib.format.read_magic(fp)
            if version == (1, 0):
                shape, _, dtype = np.lib.format.read_array_header_1_0(fp)
            else:
                shape, _, dtype = np.lib.format.read_array_header_2_0(fp)
        declared = math.prod(shape) * dtype.itemsize
        if declared > min(info.file_size, limit):
            raise ModelError(
                f"{name} declares an array {info.filename} of {declared:,} bytes, "
                "more than the file holds."
            )


def load_model(path: str | Path) -> Model:
    """Load an nnviz ``.npz`` model (no pickles are ever unpickled).

    Raises
    ------
    ModelError
        When the file is missing, not an nnviz model, from a newer format
        version, or its arrays are inconsistent.
    """
    path = Path(path)
    data = _read_bytes(path, "model file", MAX_MODEL_BYTES)
    return model_from_npz_bytes(data, path.name, str(path))


def model_from_npz_bytes(data: bytes, name: str, source: str = "") -> Model:
    """An nnviz model from the bytes of its ``.npz`` file; messages call it ``name``.

    Raises
    ------
    ModelError
        As :func:`load_model`.
    """
    unreadable = f"{name} is not a readable nnviz model (.npz) file."
    # np.load would take a bare .npy (or a pickle) too: only a zip archive is a model file.
    if not data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        raise ModelError(unreadable)
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as z:
            _check_declared_sizes(z.zip, len(data), name)
            if META_KEY not in z.files:
                raise ModelError(f"{name} is not an nnviz model (no metadata).")
            info = json.loads(str(z[META_KEY][()]))
            params = {k: z[k] for k in z.files if k != META_KEY}
    except ModelError:
        raise
    except (
        ValueError,
        OSError,
        zipfile.BadZipFile,
        json.JSONDecodeError,
        EOFError,
        KeyError,
        NotImplementedError,
        MemoryError,
        RecursionError,  # metadata JSON nested too deep
    ):
        raise ModelError(unreadable) from None
    if not isinstance(info, dict) or info.get("format") != FORMAT:
        raise ModelError(f"{name} is not an nnviz model.")
    version = info.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ModelError(f"{name} is not a valid nnviz model: its format version is {version!r}.")
    if version > FORMAT_VERSION:
        raise ModelError(
            f"{name} was saved by a newer nnviz (model format {version}); "
            f"this nnviz {__version__} reads format {FORMAT_VERSION} — please update nnviz."
        )
    if "layers" in info:
        net = _layered_from_arrays(info, params, name)
    else:
        net = _mlp_from_arrays(info, params, name)
    names = info.get("class_names", [])
    if not isinstance(names, list):
        raise ModelError(f"{name} does not name its {net.n_classes} classes.")
    # A network used on data with fewer classes is saved with that data's names:
    # name the other outputs by their index (code indexes class_names by output).
    names = [str(c) for c in names[: net.n_classes]]
    names += [str(i) for i in range(len(names), net.n_classes)]
    shape = info.get("input_shape", [net.input_size])
    if (
        not isinstance(shape, list)
        or not all(isinstance(s, int) and s > 0 for s in shape)
        or math.prod(shape) != net.input_size
    ):
        raise ModelError(
            f"{name} gives an input shape {shape!r} that does not match its "
            f"{net.input_size} inputs."
        )
    return Model(
        network=net,
        class_names=tuple(str(c) for c in names),
        input_shape=tuple(shape),
        meta=info,
        source=source or name,
        crosses=_crosses(info, net, name),
    )


def _crosses(info: dict, net, name: str) -> FeatureMap:
    """The feature crosses a model file records (none when it records none), checked."""
    config = info.get("network_config")
    features = config.get("features") if isinstance(config, dict) else None
    if not features:
        return FeatureMap()
    fmap = None
    if isinstance(features, list) and all(isinstance(f, str) for f in features):
        with contextlib.suppress(ConfigError):  # an unknown or repeated name
            fmap = FeatureMap(tuple(features))
    if fmap is None:
        raise ModelError(f"{name} names feature crosses nnviz cannot use: {features!r}.")
    if fmap.n_inputs != net.input_size:
        raise ModelError(
            f"{name} names {fmap.n_inputs} feature crosses for a network of {net.input_size} inputs."
        )
    return fmap


def _mlp_from_arrays(info: dict, params: dict[str, np.ndarray], name: str) -> Network:
    """A fully connected :class:`Network` from a version-1 file's metadata and arrays."""
    n = _check_params(params, name)
    acts = info.get("activations")
    if (
        not isinstance(acts, list)
        or len(acts) != n - 1
        or any(not isinstance(a, str) or a not in ACTIVATIONS for a in acts)
    ):
        raise ModelError(f"{name} names activations nnviz does not know: {acts!r}.")
    loss = info.get("loss", "cross_entropy")  # files before regression have no "loss"
    if loss not in LOSSES:
        raise ModelError(f"{name} names a loss nnviz does not know: {loss!r}.")
    return Network.from_params(params, acts, dtype=np.float32, loss=loss)


def _layered_from_arrays(info: dict, arrays: dict[str, np.ndarray], name: str) -> LayerNetwork:
    """A :class:`LayerNetwork` from a version-2 file's metadata and arrays, all checked."""
    spec, shape = info.get("layers"), info.get("network_input_shape")
    if not isinstance(spec, str) or not isinstance(shape, list) or not shape:
        raise ModelError(f"{name} does not describe its layers.")
    if not all(isinstance(s, int) and not isinstance(s, bool) and 0 < s <= 100_000 for s in shape):
        raise ModelError(f"{name} gives an invalid input shape {shape!r}.")
    for key, a in arrays.items():
        if not isinstance(a, np.ndarray) or a.dtype.kind != "f":
            raise ModelError(f"{name}: {key} is not a floating-point array.")
        if not np.all(np.isfinite(a)):
            raise ModelError(f"{name}: {key} contains NaN or infinite values.")
    weights = [k for k in arrays if k.startswith("b") and k[1:].isdigit()]
    if not weights:
        raise ModelError(f"{name} holds no output layer.")
    last = f"b{max(int(k[1:]) for k in weights)}"
    if arrays[last].ndim != 1:
        raise ModelError(f"{name}: {last} is not a vector.")
    try:
        net = LayerNetwork(spec, tuple(shape), int(arrays[last].shape[0]), seed=0)
    except ConfigError as e:
        raise ModelError(f"{name} describes a network nnviz cannot build: {e}") from None
    expected = {**{k: v.shape for k, v in net.params.items()}}
    expected.update({k: v.shape for k, v in net.buffers.items()})
    got = {k: a.shape for k, a in arrays.items()}
    if got != expected:
        missing = sorted(set(expected) - set(got))
        wrong = sorted(k for k in set(expected) & set(got) if expected[k] != got[k])
        extra = sorted(set(got) - set(expected))
        what = "; ".join(
            f"{label} {', '.join(keys)}"
            for label, keys in (("missing", missing), ("wrong shape", wrong), ("unexpected", extra))
            if keys
        )
        raise ModelError(f"{name}'s arrays do not fit its layers {spec!r} ({what}).")
    net.set_params(arrays)
    net.set_buffers(arrays)
    return net


class _Forbidden(pickle.UnpicklingError):
    """A pickle asked for a global outside the allow-list."""


class _ArrayOnlyUnpickler(pickle.Unpickler):
    """Unpickler that can rebuild NumPy arrays and nothing else."""

    ALLOWED = {
        ("numpy.core.multiarray", "_reconstruct"),
        ("numpy._core.multiarray", "_reconstruct"),
        ("numpy.core.multiarray", "scalar"),
        ("numpy._core.multiarray", "scalar"),
        # Pickle protocol 5 (pickle.HIGHEST_PROTOCOL) rebuilds arrays from a byte buffer.
        ("numpy.core.numeric", "_frombuffer"),
        ("numpy._core.numeric", "_frombuffer"),
        ("numpy", "ndarray"),
        ("numpy", "dtype"),
        ("_codecs", "encode"),
        ("collections", "OrderedDict"),
    }

    def find_class(self, module: str, name: str):
        if (module, name) not in self.ALLOWED:
            raise _Forbidden(f"{module}.{name}")
        if module.startswith("numpy.core") and hasattr(np, "_core"):
            module = "numpy._core" + module[len("numpy.core") :]  # avoid NumPy 2's shim warning
        return super().find_class(module, name)


def _check_pickle_size(data: bytes, name: str) -> None:
    """Parse the opcodes before unpickling: refuse malformed pickles and ones with more
    opcodes than any weights file needs.

    Without running anything, a pickle can still build huge structures from tiny
    opcodes (a million nested lists from 2 MB, ~40 bytes of memory per byte of
    file); counting the opcodes first bounds what unpickling can build.
    """
    try:
        for count, _ in enumerate(pickletools.genops(data), start=1):
            if count > MAX_PICKLE_OPS:
                raise ModelError(
                    f"{name} was refused: it holds more than {MAX_PICKLE_OPS:,} pickle "
                    "operations, far more than a weights file needs."
                )
    except ModelError:
        raise
    except Exception:
        # Malformed (e.g. a BYTEARRAY8 longer than the file): refused here, never handed
        # to the C unpickler, which frees such a bytearray while a view of it is alive
        # ("SystemError: deallocated bytearray object has exported buffers").
        raise ModelError(f"{name} is not a readable weights pickle.") from None


def load_dlfs_pickle(path: str | Path, activation: str = "sigmoid") -> Model:
    """Import Deep Learning from Scratch weights (a pickled dict of ``W1, b1, …``).

    The pickle does not say which activation the network used, so the caller
    names it (the book's ch03 network uses sigmoid).
    """
    path = Path(path)
    if activation not in ACTIVATIONS:
        raise ModelError(
            f"Unknown activation {activation!r}; choose one of {', '.join(ACTIVATIONS)}."
        )
    data = _read_bytes(path, "weights file", MAX_PICKLE_BYTES)
    _check_pickle_size(data, path.name)
    try:
        obj = _ArrayOnlyUnpickler(io.BytesIO(data)).load()
    except _Forbidden as e:
        raise ModelError(
            f"{path.name} was refused: it references {e}, which a weights file never "
            "needs (it could run code)."
        ) from None
    except Exception:  # any malformed stream: never let it escape as a traceback
        raise ModelError(f"{path.name} is not a readable weights pickle.") from None
    if not isinstance(obj, dict) or not all(isinstance(k, str) for k in obj):
        raise ModelError(f"{path.name} does not hold a dictionary of weight arrays.")
    params = {k: v for k, v in obj.items()}
    n = _check_params(params, path.name)
    net = Network.from_params(params, [activation] * (n - 1), dtype=np.float32)
    input_shape = (28, 28) if net.input_size == 784 else (net.input_size,)
    return Model(
        network=net,
        class_names=tuple(str(i) for i in range(net.n_classes)),
        input_shape=input_shape,
        meta={"format": "dlfs-pickle", "activations": [activation] * (n - 1)},
        source=str(path),
    )


def builtin_models() -> list[str]:
    """Names of the models shipped in ``resources/`` (``builtin:NAME``)."""
    try:
        root = resources.files("nnviz.resources")
        return sorted(p.name[: -len(".npz")] for p in root.iterdir() if p.name.endswith(".npz"))
    except (ModuleNotFoundError, FileNotFoundError):
        return []


def load_builtin(name: str) -> Model:
    """Load the shipped model ``name`` from the package resources."""
    res = resources.files("nnviz.resources").joinpath(f"{name}.npz")
    if not res.is_file():
        known = ", ".join(f"builtin:{n}" for n in builtin_models()) or "none"
        raise ModelError(f"There is no built-in model {name!r} (available: {known}).")
    with resources.as_file(res) as p:
        model = load_model(p)
    model.source = f"builtin:{name}"
    return model


def resolve_model(spec: str | Path, activation: str | None = None) -> Model:
    """Load ``builtin:NAME``, an nnviz ``.npz`` or a book ``.pkl`` (with ``activation``)."""
    spec_s = str(spec)
    if spec_s.startswith("builtin:"):
        return load_builtin(spec_s.split(":", 1)[1])
    path = Path(spec_s)
    if path.suffix.lower() in (".pkl", ".pickle"):
        return load_dlfs_pickle(path, activation or "sigmoid")
    return load_model(path)  # an nnviz model knows its activations


def check_fits(model: Model, n_features: int, n_classes: int, dataset: str = "the data") -> None:
    """Raise a clear error when ``model`` cannot be used on data of this shape."""
    net = model.network
    if net.input_size != n_features:
        raise ModelError(
            f"The model takes {net.input_size} inputs but {dataset} has {n_features} features."
        )
    if net.n_classes < n_classes:
        raise ModelError(
            f"The model predicts {net.n_classes} classes but {dataset} has {n_classes}."
        )
