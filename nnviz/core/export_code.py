"""Export a trained network as one standalone, readable NumPy script (File → Export as Python).

The script is written in the style of Deep Learning from Scratch's ``neural_mnist.py``:
``init_network()`` returns the weights, ``predict(network, x)`` is the forward pass
spelled out layer by layer (``a1 = x @ W1 + b1``, ``z1 = sigmoid(a1)``, …), and running
it on a CSV or ``.npz`` file prints the accuracy.  It needs only NumPy.

Where the weights go:

* **small networks** (up to :data:`EMBED_MAX_PARAMS` numbers, e.g. every 2-D
  Playground-style net and Iris-sized tabular nets) are written into the script as
  literal arrays — one file, and a learner can read every weight;
* **larger networks** get ``<script>_weights.npz`` beside the script (a base64 blob
  of 400,000 MNIST weights in a ``.py`` file would be neither readable nor small).

The script computes exactly what :meth:`Network.predict` computes: the same dtype,
the same operations in the same order (activations written as nnviz's ``fn``
writes them) and rows in the same chunks, so its predictions are identical — a
test runs it in a subprocess and checks that.  Weights are written as the shortest
decimal that reads back to the same float32 (``repr`` of the float64 otherwise), so
the embedded numbers are exact too.
"""

from __future__ import annotations

import io
import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from nnviz import __version__
from nnviz.core.features import FEATURE_LABELS, FEATURES
from nnviz.core.layers import ACTIVATIONS
from nnviz.core.network import _PREDICT_CHUNK, Network
from nnviz.errors import ModelError

EMBED_MAX_PARAMS = 2_000
"""Networks with at most this many parameters are embedded in the script as literals."""

# The activations as the script writes them: the same operations as each layer's ``fn``
# (reordered only where IEEE arithmetic is commutative), so results are bit-identical.
_ACTIVATION_SOURCE = {
    "relu": """def relu(x):
    return np.maximum(x, 0)""",
    "leaky_relu": """def leaky_relu(x, alpha=0.01):
    return np.where(x > 0, x, x * x.dtype.type(alpha))""",
    "sigmoid": """def sigmoid(x):
    # 1 / (1 + exp(-x)) written with tanh: the same value, and no overflow for large |x|
    return 0.5 * (1 + np.tanh(0.5 * x))""",
    "tanh": """def tanh(x):
    return np.tanh(x)""",
    "linear": """def linear(x):
    return x""",
    "elu": """def elu(x):
    # x for x > 0, exp(x) - 1 otherwise (expm1 only ever sees numbers <= 0)
    return np.maximum(x, 0) + np.expm1(np.minimum(x, 0))""",
    "gelu": f"""def gelu(x):
    # tanh approximation: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))); beyond |x| = 10
    # the tanh is exactly +-1, so x is clipped there (x^3 cannot overflow)
    c = {math.sqrt(2.0 / math.pi)!r}  # sqrt(2/pi)
    xc = np.clip(x, -10, 10)
    t = np.tanh(xc * (xc * xc * (c * 0.044715) + c))
    return (1 + t) * (0.5 * x)""",
    "softplus": """def softplus(x):
    # log(1 + exp(x)) without overflow
    return np.log1p(np.exp(-np.abs(x))) + np.maximum(x, 0)""",
    "silu": """def silu(x):
    # also called swish
    return x * sigmoid(x)""",
}
_NEEDS = {"silu": ("sigmoid",)}  # activations written with another one
assert set(_ACTIVATION_SOURCE) == set(ACTIVATIONS), "every activation needs its source"

# The feature crosses as the script writes them: the same operations as core.features'
# FEATURES on the float64 columns x1, x2, so the network's inputs are bit-identical.
_FEATURE_SOURCE = {
    "x1": "x1",
    "x2": "x2",
    "x1^2": "x1 * x1",
    "x2^2": "x2 * x2",
    "x1x2": "x1 * x2",
    "sin_x1": "np.sin(x1)",
    "sin_x2": "np.sin(x2)",
}
assert set(_FEATURE_SOURCE) == set(FEATURES), "every feature cross needs its source"


def _number(v: np.floating) -> str:
    """The shortest decimal that reads back as exactly ``v`` (through float64, as np.array does)."""
    if v != 0 and abs(v) < 1e-3:  # 1.2e-05 reads better than 0.000012
        s = np.format_float_scientific(v, unique=True, trim="-")
    else:
        s = np.format_float_positional(v, unique=True, trim="-")
    if v.dtype.type(float(s)) != v:  # double rounding: rare, but the script must be exact
        s = repr(float(v))
    return s


def _literal(a: np.ndarray, indent: str) -> str:
    """``a`` (1-D or 2-D) as a Python list literal, one matrix row per line."""
    if a.ndim == 1:
        return "[" + ", ".join(_number(v) for v in a) + "]"
    rows = ",\n".join(f"{indent}    {_literal(r, '')}" for r in a)
    return f"[\n{rows},\n{indent}]"


def _init_network(network: Network, weights_file: str | None) -> str:
    dtype = f"np.{network.dtype.name}"
    if weights_file is not None:
        return f'''def init_network():
    """The trained weights W1, b1, W2, b2, … (from {weights_file}, beside this script)."""
    with np.load(Path(__file__).with_name("{weights_file}")) as f:
        return {{key: f[key] for key in f.files}}'''
    lines = [
        "def init_network():",
        '    """The trained weights and biases."""',
        "    network = {}",
    ]
    for key, p in network.params.items():
        lines.append(f'    network["{key}"] = np.array({_literal(p, "    ")}, dtype={dtype})')
    lines.append("    return network")
    return "\n".join(lines)


def _predict(network: Network) -> str:
    n = network.n_layers
    ws = ", ".join(f"W{i}" for i in range(1, n + 1))
    bs = ", ".join(f"b{i}" for i in range(1, n + 1))
    wsrc = ", ".join(f'network["W{i}"]' for i in range(1, n + 1))
    bsrc = ", ".join(f'network["b{i}"]' for i in range(1, n + 1))
    lines = [
        "def predict(network, x):",
        '    """Scores (logits) of each row of x; softmax(scores) are the probabilities."""',
        f"    {ws} = {wsrc}",
        f"    {bs} = {bsrc}",
    ]
    inp = "x"
    for i in range(1, n + 1):
        lines.append(f"    a{i} = {inp} @ W{i} + b{i}")
        if i < n:
            lines.append(f"    z{i} = {network.activation_names[i - 1]}(a{i})")
            inp = f"z{i}"
    lines.append(f"    return a{n}")
    return "\n".join(lines)


def _list(values) -> str:
    return "[" + ", ".join(json.dumps(str(v), ensure_ascii=False) for v in values) + "]"


def _floats(values) -> str:
    return (
        "None"
        if values is None
        else "np.array([" + ", ".join(repr(float(v)) for v in values) + "])"
    )


_SOFTMAX = """def softmax(a):
    a = a - a.max(axis=1, keepdims=True)  # shifted by the row maximum: exp cannot overflow
    e = np.exp(a)
    return e / e.sum(axis=1, keepdims=True)"""

_PREPARE = '''def prepare(x):
    """Network input from raw features, as nnviz made it when the network trained."""
    if x.dtype == np.uint8:  # images: 0-255 scaled to 0-1
        return x.astype(DTYPE) / DTYPE(255)
    if MEAN is not None:  # standardised with the statistics of the training split
        x = (x.astype(np.float64) - MEAN) / STD
    return x.astype(DTYPE)'''

_PREPARE_CROSSED = '''def prepare(x):
    """Network input from the points (x1, x2), as nnviz made it when the network trained."""
    return features(x).astype(DTYPE)'''

_MAIN = '''


def read_csv(path, label=None):
    """Features and label texts from a CSV file with a header row."""
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = [row for row in csv.reader(f) if any(cell.strip() for cell in row)]
    if len(rows) < 2:
        sys.exit(f"{path} needs a header row and at least one row of data.")
    header, rows = [h.strip() for h in rows[0]], rows[1:]
    label = label or LABEL or header[-1]
    if label not in header:
        sys.exit(f"{path} has no column {label!r} (columns: {', '.join(header)}).")
    j = header.index(label)
    others = [i for i in range(len(header)) if i != j]
    if FEATURE_NAMES is not None and all(name in header for name in FEATURE_NAMES):
        columns = [header.index(name) for name in FEATURE_NAMES]
    else:
        columns = others[:N_INPUTS]
    try:
        x = np.array([[float(row[i]) for i in columns] for row in rows])
        labels = [row[j].strip() for row in rows]
    except (ValueError, IndexError):
        sys.exit(f"{path}: every row needs a number in each feature column, and a label.")
    return x, labels


def get_data(path, label=None):
    """Inputs and class indices from a CSV (header row) or an .npz (arrays x and y)."""
    if str(path).endswith(".npz"):
        with np.load(path) as f:
            if "x" not in f or "y" not in f:
                sys.exit(f"{path} needs the arrays x (features) and y (class indices).")
            x, t = f["x"], f["y"]
    else:
        x, labels = read_csv(path, label)
        unknown = sorted(set(labels) - set(CLASS_NAMES))
        if unknown:
            sys.exit(f"{path} has labels the network does not know: {', '.join(unknown)}.")
        t = np.array([CLASS_NAMES.index(text) for text in labels])
    if x.ndim != 2 or x.shape[1] != N_INPUTS:
        sys.exit(f"The network takes {N_INPUTS} features per row; {path} has shape {x.shape}.")
    return prepare(x), t


def classify(network, x):
    """The predicted class of each row and its probability (rows in chunks, as nnviz does)."""
    classes, confidence = [], []
    for i in range(0, len(x), CHUNK):
        scores = predict(network, x[i : i + CHUNK])
        classes.append(scores.argmax(axis=1))  # the largest score is the largest probability
        confidence.append(softmax(scores).max(axis=1))
    return np.concatenate(classes), np.concatenate(confidence)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", help="a CSV file (header row) or an .npz with arrays x and y")
    parser.add_argument(
        "--label", help=f"the label column of a CSV (default: {LABEL or 'the last'})"
    )
    parser.add_argument("--predictions", help="write the predicted class of every row here")
    args = parser.parse_args()
    x, t = get_data(args.data, args.label)
    network = init_network()
    y, p = classify(network, x)
    correct = int(np.sum(y == t))
    print(f"Accuracy: {correct / len(t):.4f} ({correct} of {len(t)} rows)")
    if args.predictions:
        with open(args.predictions, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["index", "class", "probability"])
            for k, prob in zip(y, p):
                w.writerow([int(k), CLASS_NAMES[k], f"{prob:.4f}"])


if __name__ == "__main__":
    main()
'''


@dataclass(frozen=True)
class DataFacts:
    """What the script must know of the data: class names, CSV columns, standardisation."""

    class_names: tuple[str, ...] | list[str] | None = None
    feature_names: tuple[str, ...] | list[str] | None = None
    label: str | None = None
    mean: np.ndarray | list[float] | None = None
    std: np.ndarray | list[float] | None = None
    crosses: tuple[str, ...] | list[str] = ()  # feature crosses of 2-D points (core.features)


def _features(crosses: tuple[str, ...] | list[str]) -> str:
    """``features(x)``: the network's inputs made from the points, as FeatureMap makes them."""
    labels = ", ".join(FEATURE_LABELS[c] for c in crosses)
    lines = [
        "def features(x):",
        f'    """The network\'s inputs {labels} from the points (x1, x2): feature crosses."""',
        "    x1 = x[:, 0].astype(np.float64)",
        "    x2 = x[:, 1].astype(np.float64)",
        "    columns = [",
        *[f"        {_FEATURE_SOURCE[c]},  # {FEATURE_LABELS[c]}" for c in crosses],
        "    ]",
        "    return np.stack(columns, axis=1).astype(np.float32)  # computed in float64, kept in float32",
    ]
    return "\n".join(lines)


def python_source(
    network: Network,
    facts: DataFacts = DataFacts(),
    *,
    weights_file: str | None = None,
    source: str = "",
    script_name: str = "model.py",
) -> str:
    """The text of the standalone script for ``network`` (see :func:`export_python`)."""
    class_names, feature_names, label = facts.class_names, facts.feature_names, facts.label
    mean, std = facts.mean, facts.std
    names = list(class_names or [str(i) for i in range(network.n_classes)])
    if len(names) < network.n_classes:
        names += [str(i) for i in range(len(names), network.n_classes)]
    if feature_names is not None and len(feature_names) != network.input_size:
        raise ModelError(
            f"Got {len(feature_names)} feature names for a network of {network.input_size} inputs."
        )
    for stat in (mean, std):
        if stat is not None and len(stat) != network.input_size:
            raise ModelError("The standardisation statistics do not match the network's inputs.")
    crosses = tuple(facts.crosses)
    if crosses and len(crosses) != network.input_size:
        raise ModelError(
            f"Got {len(crosses)} feature crosses for a network of {network.input_size} inputs."
        )
    if crosses and (feature_names is not None or mean is not None):
        raise ModelError("Feature crosses apply to 2-D points, not to a table's columns.")
    n_columns = 2 if crosses else network.input_size  # what a row of the data holds
    acts = network.activation_names
    layers = " → ".join(
        [f"Affine({a}→{b})" + (f" → {acts[i]}" if i < len(acts) else "")
         for i, (a, b) in enumerate(zip(network.sizes[:-1], network.sizes[1:], strict=True))]
    ) + " → softmax"  # fmt: skip
    sizes = "-".join(map(str, network.sizes))
    made = f" from {source}" if source else ""
    inputs = (
        f"Inputs: {', '.join(FEATURE_LABELS[c] for c in crosses)}, feature crosses that "
        "features(x) makes from the points' x₁, x₂\n"
        if crosses
        else ""
    )
    doc = f'''#!/usr/bin/env python3
"""A {sizes} network trained with nnviz, rebuilt in plain NumPy.

Exported by nnviz {__version__}{made}.
{inputs}Layers: {layers}
Classes: {", ".join(names)}

Run it on your data; it prints the accuracy:
    python {script_name} DATA.csv [--label COLUMN] [--predictions OUT.csv]
    python {script_name} DATA.npz [--predictions OUT.csv]     (arrays x and y)

A CSV needs a header row; the features are read by name when the network knows
them, otherwise the first {n_columns} columns besides the label.  Only NumPy is needed.
"""
'''
    used = [n for a in acts for n in (*_NEEDS.get(a, ()), a)]
    used = [_ACTIVATION_SOURCE[a] for a in dict.fromkeys(used)]
    path_import = "from pathlib import Path\n" if weights_file else ""
    parts = [
        doc,
        f"import argparse\nimport csv\nimport sys\n{path_import}\nimport numpy as np\n",
        f"DTYPE = np.{network.dtype.name}",
        f"N_INPUTS = {n_columns}"
        + ("  # x1, x2: features(x) makes the network's inputs" if crosses else ""),
        f"CLASS_NAMES = {_list(names)}",
        f"FEATURE_NAMES = {_list(feature_names) if feature_names is not None else None}",
        f"LABEL = {json.dumps(label) if label else None}  # the label column of a CSV",
        f"MEAN = {_floats(mean)}",
        f"STD = {_floats(std)}",
        f"CHUNK = {_PREDICT_CHUNK}  # rows per forward pass",
        "\n",
        *[src + "\n\n" for src in used],
        _init_network(network, weights_file) + "\n\n",
        _predict(network) + "\n\n",
        _SOFTMAX + "\n\n",
        *([_features(crosses) + "\n\n"] if crosses else []),
        _PREPARE_CROSSED if crosses else _PREPARE,
    ]
    return "\n".join(parts) + _MAIN


def export_python(
    path: str | Path,
    network: Network,
    *,
    class_names: tuple[str, ...] | list[str] | None = None,
    feature_names: list[str] | tuple[str, ...] | None = None,
    label: str | None = None,
    mean: np.ndarray | list[float] | None = None,
    std: np.ndarray | list[float] | None = None,
    crosses: tuple[str, ...] | list[str] = (),
    weights: str = "auto",
    source: str = "",
) -> list[Path]:
    """Write a standalone NumPy script that rebuilds ``network`` and reports its accuracy.

    Parameters
    ----------
    path
        The script to write (``.py``).
    network
        The trained network.
    class_names
        Names of the outputs; a CSV's label texts are matched against them.
    feature_names, label
        The feature columns (in input order) and the label column a CSV is read by.
    mean, std
        Standardisation applied to raw features (tabular data), from the training split.
    crosses
        The feature crosses (names of :data:`~nnviz.core.features.FEATURES`) the
        network's inputs are made of from 2-D points; the script makes them in ``features(x)``.
    weights
        ``"auto"`` (embed up to :data:`EMBED_MAX_PARAMS` parameters), ``"embed"`` or
        ``"npz"`` (``<stem>_weights.npz`` beside the script).
    source
        Where the network came from, for the script's docstring.

    Returns
    -------
    list of Path
        The files written: the script, and the weights file when there is one.

    Raises
    ------
    ModelError
        When the destination cannot be written or the settings do not fit the network.
    """
    from nnviz.core.modelio import _atomic_write

    path = Path(path)
    if weights not in ("auto", "embed", "npz"):
        raise ModelError("Weights are either embedded ('embed'), beside ('npz') or 'auto'.")
    if path.is_dir():
        raise ModelError(f"{path} is a folder; choose a file name ending in .py.")
    if not path.parent.exists():
        raise ModelError(f"The folder {path.parent} does not exist.")
    beside = weights == "npz" or (weights == "auto" and network.param_count > EMBED_MAX_PARAMS)
    weights_path = path.with_name(f"{path.stem}_weights.npz") if beside else None
    text = python_source(
        network,
        DataFacts(class_names, feature_names, label, mean, std, crosses),
        weights_file=weights_path.name if weights_path else None,
        source=source,
        script_name=path.name,
    )
    written = []
    try:
        if weights_path is not None:
            buf = io.BytesIO()
            np.savez(buf, **{k: np.ascontiguousarray(v) for k, v in network.params.items()})
            _atomic_write(weights_path, lambda f: f.write(buf.getvalue()))
            written.append(weights_path)
        _atomic_write(path, lambda f: f.write(text.encode("utf-8")))
    except OSError as e:
        raise ModelError(f"Could not write {path}: {e.strerror or e}.") from None
    return [path, *written]


def _export_with_table(
    path, network, class_names, tab, crosses, weights: str, source: str
) -> list[Path]:
    """:func:`export_python` with a table's ``standardisation`` dict (or ``None``)."""
    tab = tab if isinstance(tab, dict) else {}
    return export_python(
        path,
        network,
        class_names=class_names,
        feature_names=tab.get("feature_names"),
        label=tab.get("label"),
        mean=tab.get("mean"),
        std=tab.get("std"),
        crosses=crosses,
        weights=weights,
        source=source,
    )


def export_trained(path: str | Path, network: Network, data, weights: str = "auto") -> list[Path]:
    """:func:`export_python` for a network and the dataset it trained on (File → Export as Python).

    ``data`` is a :class:`~nnviz.data.datasets.Dataset` (anything with ``class_names``,
    ``key`` and, for tables, ``standardisation``): its class names, feature columns,
    label column, training-split statistics and feature crosses go into the script.
    """
    tab = getattr(data, "standardisation", None)
    crosses = getattr(data, "feature_crosses", ())
    return _export_with_table(
        path, network, data.class_names, tab, crosses, weights, f"a run on {data.key}"
    )


def export_model_python(path: str | Path, model, weights: str = "auto") -> list[Path]:
    """:func:`export_python` for a loaded :class:`~nnviz.core.modelio.Model`.

    Feature names, the label column and standardisation statistics come from the
    model's metadata when it was trained on tabular data (``meta["tabular"]``), its
    feature crosses from :attr:`Model.crosses <nnviz.core.modelio.Model.crosses>`.
    """
    tab = model.meta.get("tabular") if isinstance(model.meta, dict) else None
    source = Path(model.source).name if model.source else ""
    net, names, crosses = model.network, model.class_names, model.crosses.names
    return _export_with_table(path, net, names, tab, crosses, weights, source)
