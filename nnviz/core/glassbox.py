"""The glass box: one mini-batch step of a small MLP with every number a learner can check.

:func:`glass_box_step` computes, in float64 and independently of the network's fused
training path, for a chosen sample of the batch and every layer and neuron:

* forward — the neuron's inputs ``a``, its incoming weights, ``z = Σ w·a + b`` and its
  activation ``f(z)`` (the output layer: softmax probabilities, or the identity for
  an MSE net);
* backward — the neuron's ``δ = ∂L/∂z``, each link's ``∂L/∂w`` and the plain SGD
  update ``w ← w − η·∂L/∂w`` (values before and after);
* the numerical gradient (central difference, float64) of every weight and bias of
  the batch loss, and its relative error against backpropagation.

Which gradient is which: ``L`` is the loss of the whole mini-batch (the mean over
its samples, plus the L2 term), exactly what a training step minimises.

* ``delta`` is the chosen sample's ``∂L/∂z``: its per-sample δ divided by the batch
  size ``N`` (with a batch of one, the plain per-sample δ);
* ``dW_sample = outer(a, delta)`` is the chosen sample's *contribution* to the
  batch gradient (the contributions of all samples plus ``λW`` sum to ``dW``);
* ``dW``/``db`` are the batch gradients, the ones the update uses and the numerical
  gradients check.

:func:`computational_graph` records one Affine → activation → Affine →
SoftmaxWithLoss chain for the chosen sample in the notation of Deep Learning from
Scratch, ch. 5 (nodes ``dot``, ``+``, ``exp``, ``/``, ``×``, ``log``), with the forward
value and the backward value of every edge, as plain data.

Every number a view shows goes through :func:`fmt` (fixed significant digits).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from nnviz.core.gradcheck import numerical_gradient
from nnviz.core.layers import as_labels, make_activation, softmax
from nnviz.errors import ConfigError

SIGNIFICANT_DIGITS = 4
EXP_SHIFT_ABOVE = 80.0
MAX_GLASS_BOX_WIDTH = 16
"""Widest layer the glass box accepts (the issue's "about 10 units a layer", with room)."""


def fmt(value: float, digits: int = SIGNIFICANT_DIGITS) -> str:
    """``value`` with exactly ``digits`` significant digits: 0.5000, −0.01234, 1.235e−5, 1235.

    The one formatter of the glass box: every number shown goes through it.
    """
    v = float(value)
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "∞" if v > 0 else "−∞"
    if v == 0:
        v = 0.0  # no "−0"
    text = f"{v:#.{digits}g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = f"{mantissa.rstrip('.')}e{int(exponent)}"
    else:
        text = text.rstrip(".")
    return text.replace("-", "−")


def _factor(value: float, digits: int) -> str:
    """A number written after ``·``: negative ones in parentheses."""
    text = fmt(value, digits)
    return f"({text})" if text.startswith("−") else text


def _rel_error(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Element-wise ``|a−b| / max(|a|+|b|, 1e-8)`` (CS231n's relative error)."""
    return np.abs(a - b) / np.maximum(np.abs(a) + np.abs(b), 1e-8)


@dataclass(frozen=True)
class LayerStep:
    """One Affine layer (and its activation) of the glass box, for the chosen sample.

    Shapes: ``inputs`` (fan_in,), weight arrays (fan_in, fan_out), per-neuron
    arrays (fan_out,).  ``activation`` names the function after ``z``: a hidden
    activation, ``"softmax"`` or ``"identity"`` (MSE output).
    """

    index: int  # 1-based, as W1, b1, …
    activation: str
    inputs: np.ndarray
    W: np.ndarray
    b: np.ndarray
    z: np.ndarray
    out: np.ndarray
    delta: np.ndarray
    dW: np.ndarray
    db: np.ndarray
    dW_sample: np.ndarray
    db_sample: np.ndarray
    W_after: np.ndarray
    b_after: np.ndarray
    dW_numerical: np.ndarray
    db_numerical: np.ndarray

    @property
    def rel_error_W(self) -> np.ndarray:
        return _rel_error(self.dW, self.dW_numerical)

    @property
    def rel_error_b(self) -> np.ndarray:
        return _rel_error(self.db, self.db_numerical)

    def z_equation(self, j: int, digits: int = SIGNIFICANT_DIGITS) -> str:
        """Neuron ``j``'s forward sum with its real numbers: ``z = w·a + … + b = value``."""
        terms = " + ".join(
            f"{fmt(w, digits)}·{_factor(a, digits)}"
            for w, a in zip(self.W[:, j], self.inputs, strict=True)
        )
        return f"z = {terms} + {fmt(self.b[j], digits)} = {fmt(self.z[j], digits)}"

    def update_equation(self, i: int, j: int, lr: float, digits: int = SIGNIFICANT_DIGITS) -> str:
        """Link ``i → j``'s update: ``w ← w − η·∂L/∂w = new``."""
        return (
            f"w ← {fmt(self.W[i, j], digits)} − {fmt(lr, digits)}·{_factor(self.dW[i, j], digits)}"
            f" = {fmt(self.W_after[i, j], digits)}"
        )


@dataclass(frozen=True)
class GlassBoxStep:
    """Everything of one glass-box step (see the module docstring for which gradient is which)."""

    sample: int
    batch_size: int
    learning_rate: float
    loss: float  # the batch loss before the update (with the L2 term)
    sample_loss: float  # the chosen sample's own loss
    target: np.ndarray  # its label (classification) or target values
    layers: list[LayerStep] = field(default_factory=list)

    @property
    def max_rel_error(self) -> float:
        """Largest relative error of any weight or bias, backprop vs numerical."""
        return max(
            float(max(layer.rel_error_W.max(), layer.rel_error_b.max())) for layer in self.layers
        )


def _check_small(network) -> None:
    if max(network.sizes[1:]) > MAX_GLASS_BOX_WIDTH or network.sizes[0] > MAX_GLASS_BOX_WIDTH:
        raise ConfigError(
            f"The glass box shows networks of at most {MAX_GLASS_BOX_WIDTH} units a layer."
        )


def _forward(params, acts, x):
    """Float64 forward pass: per layer its input, z and output (before the loss)."""
    ins, zs, outs = [], [], []
    a = x
    n = len(acts) + 1
    for i in range(1, n + 1):
        z = a @ params[f"W{i}"] + params[f"b{i}"]
        ins.append(a)
        zs.append(z)
        a = acts[i - 1].forward(z) if i < n else z
        outs.append(a)
    return ins, zs, outs


def glass_box_step(
    network,
    x: np.ndarray,
    t: np.ndarray,
    *,
    sample: int = 0,
    learning_rate: float = 0.1,
    h: float = 1e-5,
    apply: bool = False,
) -> GlassBoxStep:
    """One mini-batch SGD step of ``network`` on ``(x, t)``, laid open for sample ``sample``.

    Parameters
    ----------
    network
        A small :class:`~nnviz.core.network.Network` (at most
        :data:`MAX_GLASS_BOX_WIDTH` units a layer); read, not changed unless ``apply``.
    x, t
        The mini-batch: inputs ``(N, input_size)`` and labels (or regression targets).
    sample
        Row of the batch whose numbers are shown.
    learning_rate
        η of the update ``w ← w − η·∂L/∂w``.
    h
        Step of the central differences (float64).
    apply
        Write the updated weights into ``network`` (the GUI's "step").

    Returns
    -------
    GlassBoxStep
    """
    _check_small(network)
    x = np.asarray(x, dtype=np.float64)
    n = len(x)
    if not 0 <= sample < n:
        raise ConfigError(f"Choose a sample from 0 to {n - 1}.")
    net = network.astype(np.float64)  # a copy: the numerical gradient perturbs its weights
    params = net.params
    layers_n = net.n_layers
    acts = [make_activation(a) for a in net.activation_names]
    ins, zs, outs = _forward(params, acts, x)
    regression = net.is_regression
    scores = zs[-1]
    if regression:
        t_arr = np.asarray(t, dtype=np.float64).reshape(scores.shape)
        per_sample = np.mean((scores - t_arr) ** 2, axis=1)
        dz = 2 * (scores - t_arr) / scores.size
        out_last = scores
        target = t_arr[sample]
    else:
        labels = as_labels(t)
        y = softmax(scores)
        per_sample = -np.log(np.maximum(y[np.arange(n), labels], 1e-300))
        dz = y.copy()
        dz[np.arange(n), labels] -= 1
        dz /= n
        out_last = y
        target = np.asarray(labels[sample])
    loss = float(per_sample.mean()) + net.regularization_loss()
    # Backward, layer by layer: δ of every row, then the batch gradients.
    deltas = [None] * layers_n
    deltas[-1] = dz
    for i in range(layers_n - 1, 0, -1):
        dh = deltas[i] @ params[f"W{i + 1}"].T
        deltas[i - 1] = acts[i - 1].backward(dh)
    lam = net.l2
    steps = []
    for i in range(1, layers_n + 1):
        W, b = params[f"W{i}"], params[f"b{i}"]
        a, d = ins[i - 1], deltas[i - 1]
        dW = a.T @ d + lam * W
        db = d.sum(axis=0)
        dW_num = numerical_gradient(lambda: net.loss(x, t), W, h)
        db_num = numerical_gradient(lambda: net.loss(x, t), b, h)
        is_last = i == layers_n
        steps.append(
            LayerStep(
                index=i,
                activation=(
                    ("identity" if regression else "softmax")
                    if is_last
                    else net.activation_names[i - 1]
                ),
                inputs=a[sample].copy(),
                W=W.copy(),
                b=b.copy(),
                z=zs[i - 1][sample].copy(),
                out=(out_last if is_last else outs[i - 1])[sample].copy(),
                delta=d[sample].copy(),
                dW=dW,
                db=db,
                dW_sample=np.outer(a[sample], d[sample]),
                db_sample=d[sample].copy(),
                W_after=W - learning_rate * dW,
                b_after=b - learning_rate * db,
                dW_numerical=dW_num,
                db_numerical=db_num,
            )
        )
    result = GlassBoxStep(
        sample=sample,
        batch_size=n,
        learning_rate=float(learning_rate),
        loss=loss,
        sample_loss=float(per_sample[sample]),
        target=target,
        layers=steps,
    )
    if apply:
        for s in steps:
            network.params[f"W{s.index}"][...] = s.W_after
            network.params[f"b{s.index}"][...] = s.b_after
    return result


# ---------------------------------------------------------------------- computational graph
@dataclass(frozen=True)
class GraphNode:
    """A node of the computational graph: an operation (``dot``, ``+``, ``exp``, …) or a value."""

    id: str
    op: str  # "input", "dot", "+", "×", "/", "exp", "log", or an activation name
    label: str


@dataclass(frozen=True)
class GraphEdge:
    """A value flowing from ``source`` into ``target``: forward above, backward below.

    ``backward`` is ``∂L/∂(this value)`` along this edge (where a value feeds several
    nodes, its total gradient is the sum over its edges), ``L`` the sample's own loss.
    """

    source: str
    target: str
    label: str
    forward: np.ndarray | float
    backward: np.ndarray | float


@dataclass(frozen=True)
class ComputationalGraph:
    """Nodes (in forward order) and edges of one chain, with values (plain data)."""

    nodes: list[GraphNode]
    edges: list[GraphEdge]
    loss: float

    def edge(self, source: str, target: str) -> GraphEdge:
        """The edge ``source → target``."""
        for e in self.edges:
            if e.source == source and e.target == target:
                return e
        raise KeyError(f"{source} → {target}")


class _Graph:
    """A tiny reverse-mode engine: each node's local derivatives, then edge by edge back."""

    def __init__(self) -> None:
        self.nodes: list[GraphNode] = []
        self.inputs: dict[str, list[tuple[str, str]]] = {}  # node → [(source, edge label)]
        self.value: dict[str, np.ndarray] = {}
        self.local: dict[str, list] = {}  # node → local-gradient fns, one per input

    def leaf(self, id_, label, value) -> str:
        self.nodes.append(GraphNode(id_, "input", label))
        self.value[id_] = np.asarray(value, dtype=np.float64)
        self.inputs[id_] = []
        return id_

    def op(self, id_, op, label, srcs, value, local) -> str:
        """Node ``id_`` computing ``value`` from ``srcs``; ``local[k](g)`` maps the node's
        output gradient ``g`` to the gradient along input edge ``k``.

        A source is ``(node, edge label)``, or ``(node, edge label, i)`` when the edge
        carries only element ``i`` of a vector (the scores a₁, a₂, … of the book)."""
        self.nodes.append(GraphNode(id_, op, label))
        self.inputs[id_] = srcs
        self.value[id_] = np.asarray(value, dtype=np.float64)
        self.local[id_] = local
        return id_

    def build(self, out: str) -> ComputationalGraph:
        grad = {out: np.float64(1.0)}
        edges = []
        order = {node.id: i for i, node in enumerate(self.nodes)}
        for node in reversed(self.nodes):
            if node.id not in self.local:
                continue
            g = grad.get(node.id, 0.0)
            sources = zip(self.inputs[node.id], self.local[node.id], strict=True)
            for position, (source, local) in enumerate(sources):
                src, label, *element = source
                back = local(g)
                forward = self.value[src]
                into = back
                if element:
                    forward = forward[element[0]]
                    into = np.zeros_like(self.value[src])
                    into[element[0]] = back
                grad[src] = grad.get(src, 0.0) + into
                edges.append(
                    (order[node.id], position, GraphEdge(src, node.id, label, forward, back))
                )
        edges.sort(key=lambda e: e[:2])  # forward order, each node's inputs in order
        return ComputationalGraph(list(self.nodes), [e[2] for e in edges], float(self.value[out]))


def computational_graph(network, x: np.ndarray, t, *, sample: int = 0) -> ComputationalGraph:
    """The chain Affine → activation → Affine → SoftmaxWithLoss of one sample, with values.

    The last hidden layer's Affine (``dot`` and ``+`` on vectors) and activation, the
    output Affine, then Softmax-with-Loss in the book's scalar nodes (appendix A of
    Deep Learning from Scratch): ``exp`` per class, ``+`` (their sum ``S``), ``/``
    (``1/S``), ``×`` (``y_k``), ``log``, ``×`` by ``t_k``, ``+`` and ``×`` by −1.  A net
    without hidden layers has only the output Affine.  ``L`` is the sample's own
    cross-entropy, so the edges into the scores carry ``y − t``.

    Node ids: ``a`` (the chain's input), ``W{i}``, ``b{i}``, ``dot{i}``, ``add{i}``, ``act``,
    ``exp{k}``, ``sum``, ``inv``, ``y{k}``, ``log{k}``, ``t{k}``, ``tlog{k}``, ``total``,
    ``minus1``, ``L``.

    Raises
    ------
    ConfigError
        For an MSE network (the graph shows SoftmaxWithLoss) or a too wide one.
    """
    _check_small(network)
    if network.is_regression:
        raise ConfigError("The computational graph shows SoftmaxWithLoss: choose a classifier.")
    net = network.astype(np.float64)
    x = np.asarray(x, dtype=np.float64)
    labels = as_labels(t)
    acts = [make_activation(a) for a in net.activation_names]
    ins, zs, _ = _forward(net.params, acts, x[sample : sample + 1])
    n_layers = net.n_layers
    first = max(n_layers - 1, 1)  # the last hidden layer's Affine (or the only one)
    g = _Graph()
    cur = g.leaf("a", "x" if first == 1 else f"h{first - 1}", ins[first - 1][0])
    for i in range(first, n_layers + 1):
        W, b = net.params[f"W{i}"], net.params[f"b{i}"]
        g.leaf(f"W{i}", f"W{i}", W)
        g.leaf(f"b{i}", f"b{i}", b)
        a_val = g.value[cur]
        g.op(
            f"dot{i}",
            "dot",
            "dot",
            [(cur, "x" if cur == "a" and first == 1 else "h"), (f"W{i}", f"W{i}")],
            a_val @ W,
            [lambda gr, W=W: gr @ W.T, lambda gr, a=a_val: np.outer(a, gr)],
        )
        z = zs[i - 1][0]
        cur = g.op(
            f"add{i}",
            "+",
            "+",
            [(f"dot{i}", f"x·W{i}"), (f"b{i}", f"b{i}")],
            z,
            [lambda gr: gr, lambda gr: gr],
        )
        if i < n_layers:
            act = make_activation(net.activation_names[i - 1])
            out = act.forward(z[None, :])[0]
            cur = g.op(
                "act",
                act.name,
                act.name,
                [(cur, f"z{i}")],
                out,
                [lambda gr, act=act: act.backward(np.asarray(gr)[None, :])[0]],
            )
    scores = g.value[cur]
    k = len(scores)
    # The exp nodes show exp of the scores themselves; only scores beyond 80 (whose exp
    # would swamp every other number) are shifted by their max, which leaves y unchanged.
    shift = scores.max() if scores.max() > EXP_SHIFT_ABOVE else 0.0
    exps = []
    for c in range(k):
        e = float(np.exp(scores[c] - shift))
        exps.append(
            g.op(f"exp{c}", "exp", "exp", [(cur, f"a{c + 1}", c)], e, [lambda gr, e=e: gr * e])
        )
    s = sum(float(g.value[e]) for e in exps)
    g.op("sum", "+", "+", [(e, f"exp(a{c + 1})") for c, e in enumerate(exps)], s,
         [lambda gr: gr] * k)  # fmt: skip
    g.op("inv", "/", "/", [("sum", "S")], 1.0 / s, [lambda gr, s=s: -gr / (s * s)])
    logs = []
    for c in range(k):
        e = float(g.value[exps[c]])
        y = e / s
        g.op(f"y{c}", "×", "×", [(exps[c], f"exp(a{c + 1})"), ("inv", "1/S")], y,
             [lambda gr, s=s: gr / s, lambda gr, e=e: gr * e])  # fmt: skip
        g.op(f"log{c}", "log", "log", [(f"y{c}", f"y{c + 1}")], math.log(y),
             [lambda gr, y=y: gr / y])  # fmt: skip
        tk = 1.0 if c == labels[sample] else 0.0
        g.leaf(f"t{c}", f"t{c + 1}", tk)
        ly = math.log(y)
        logs.append(
            g.op(
                f"tlog{c}",
                "×",
                "×",
                [(f"log{c}", f"log y{c + 1}"), (f"t{c}", f"t{c + 1}")],
                tk * ly,
                [lambda gr, tk=tk: gr * tk, lambda gr, ly=ly: gr * ly],
            )  # fmt: skip
        )
    total = sum(float(g.value[v]) for v in logs)
    g.op("total", "+", "+", [(v, f"t{c + 1} log y{c + 1}") for c, v in enumerate(logs)], total,
         [lambda gr: gr] * k)  # fmt: skip
    g.leaf("minus1", "−1", -1.0)
    g.op("L", "×", "×", [("total", "Σ t log y"), ("minus1", "−1")], -total,
         [lambda gr: -gr, lambda gr, v=total: gr * v])  # fmt: skip
    return g.build("L")
