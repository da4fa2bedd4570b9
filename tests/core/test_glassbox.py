"""The glass box: its numbers equal the network's own passes, and the numerical gradients agree."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz.core.glassbox import computational_graph, fmt, glass_box_step
from nnviz.core.layers import ACTIVATIONS, softmax
from nnviz.core.network import Network
from nnviz.errors import ConfigError

N = 6


def small_net(activation="tanh", loss="cross_entropy", sizes=(2, 4, 3, 3), l2=0.0):
    net = Network(list(sizes), activation, init="xavier", bias_init="same", seed=4, loss=loss)
    net.l2 = l2
    return net


def batch(outputs=3, regression=False, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((N, 2)).astype(np.float32)
    t = rng.standard_normal((N, outputs)) if regression else rng.integers(0, outputs, N)
    return x, t


@pytest.mark.parametrize("activation", ["tanh", "relu", "sigmoid"])
@pytest.mark.parametrize("loss", ["cross_entropy", "mse"])
def test_z_delta_and_dw_equal_the_networks_own_backward_pass(activation, loss):
    net = small_net(activation, loss, l2=0.01)
    x, t = batch(regression=loss == "mse")
    i = 2
    box = glass_box_step(net, x, t, sample=i, learning_rate=0.5)
    ref = net.astype(np.float64)
    # z of every layer: the Affine layers' outputs of the network's own forward pass.
    ref.loss(x.astype(np.float64), t)
    for layer, affine in zip(
        box.layers, [lay for lay in ref.layers if hasattr(lay, "W")], strict=True
    ):
        np.testing.assert_allclose(layer.z, (affine.x @ affine.W + affine.b)[i], rtol=1e-12)
        np.testing.assert_allclose(layer.inputs, affine.x[i], rtol=1e-12)
    # ∂L/∂W of the batch: the network's own backward pass (with L2).
    _, grads = ref.gradient(x.astype(np.float64), t)
    for layer in box.layers:
        np.testing.assert_allclose(layer.dW, grads[f"W{layer.index}"], rtol=1e-10, atol=1e-15)
        np.testing.assert_allclose(layer.db, grads[f"b{layer.index}"], rtol=1e-10, atol=1e-15)
    # δ and the sample's contribution: the network's backward on that sample alone, ÷ N.
    ref.l2 = 0.0
    _, single = ref.gradient(x[i : i + 1].astype(np.float64), t[i : i + 1])
    for layer in box.layers:
        np.testing.assert_allclose(
            layer.dW_sample * N, single[f"W{layer.index}"], rtol=1e-10, atol=1e-15
        )
        np.testing.assert_allclose(
            layer.delta * N, single[f"b{layer.index}"], rtol=1e-10, atol=1e-15
        )
    # The contributions of all samples (+ λW) sum to the batch gradient.
    total = sum(glass_box_step(net, x, t, sample=j).layers[0].dW_sample for j in range(N))
    np.testing.assert_allclose(total + 0.01 * ref.params["W1"], box.layers[0].dW, rtol=1e-10)


@pytest.mark.parametrize("activation", list(ACTIVATIONS))
@pytest.mark.parametrize("loss", ["cross_entropy", "mse"])
def test_numerical_gradients_agree_with_backprop(loss, activation):
    box = glass_box_step(small_net(activation, loss, l2=0.1), *batch(regression=loss == "mse"))
    assert box.max_rel_error < 1e-6
    for layer in box.layers:
        assert layer.rel_error_W.shape == layer.W.shape and layer.rel_error_b.shape == layer.b.shape


def test_the_update_and_apply():
    net = small_net()
    before = net.copy_params()
    x, t = batch()
    box = glass_box_step(net, x, t, learning_rate=0.25)
    for layer in box.layers:
        np.testing.assert_allclose(layer.W_after, layer.W - 0.25 * layer.dW)
    np.testing.assert_array_equal(net.params["W1"], before["W1"])  # not applied
    glass_box_step(net, x, t, learning_rate=0.25, apply=True)
    np.testing.assert_allclose(net.params["W2"], box.layers[1].W_after, rtol=1e-6)
    assert net.loss(x, t) < box.loss


def test_forward_values_and_equations():
    net = small_net()
    x, t = batch()
    box = glass_box_step(net, x, t, sample=1)
    last = box.layers[-1]
    np.testing.assert_allclose(last.out, net.predict_proba(x[1:2])[0], rtol=1e-5)
    assert last.activation == "softmax" and box.layers[0].activation == "tanh"
    np.testing.assert_allclose(box.layers[0].out, np.tanh(box.layers[0].z))
    eq = box.layers[0].z_equation(0)
    assert eq.startswith("z = ") and eq.endswith(f"= {fmt(box.layers[0].z[0])}")
    assert eq.count("·") == 2
    assert (
        box.layers[0]
        .update_equation(1, 2, 0.1)
        .startswith(f"w ← {fmt(box.layers[0].W[1, 2])} − 0.1000·")
    )
    assert box.sample_loss == pytest.approx(-np.log(last.out[t[1]]))


def test_fmt_has_fixed_significant_digits():
    assert fmt(0.5) == "0.5000"
    assert fmt(-0.0123456) == "−0.01235"
    assert fmt(1.2346e-5) == "1.235e−5"
    assert fmt(1234.0) == "1234"
    assert fmt(-0.0) == "0.000"
    assert fmt(3, digits=2) == "3.0"
    assert fmt(float("nan")) == "NaN" and fmt(float("-inf")) == "−∞"


def test_too_wide_networks_are_refused():
    with pytest.raises(ConfigError, match="at most 16 units"):
        glass_box_step(Network([2, 30, 2]), *batch(outputs=2))
    with pytest.raises(ConfigError, match="sample from 0 to 5"):
        glass_box_step(small_net(), *batch(), sample=6)


# ---------------------------------------------------------------------- the graph
@pytest.mark.parametrize("sizes", [(2, 4, 3, 3), (2, 3)], ids=["hidden", "linear"])
def test_computational_graph_values_match_the_network(sizes):
    net = small_net("relu", sizes=sizes)
    x, t = batch(outputs=sizes[-1])
    i = 3
    graph = computational_graph(net, x, t, sample=i)
    ref = net.astype(np.float64)
    ref.l2 = 0.0
    loss, grads = ref.gradient(x[i : i + 1].astype(np.float64), t[i : i + 1])
    assert graph.loss == pytest.approx(loss, rel=1e-12)
    last = len(sizes) - 1
    # Backward values reaching the weights: the network's backward on this sample.
    for layer in range(max(last - 1, 1), last + 1):
        w_edge = graph.edge(f"W{layer}", f"dot{layer}")
        np.testing.assert_allclose(w_edge.backward, grads[f"W{layer}"], rtol=1e-10, atol=1e-15)
        np.testing.assert_allclose(
            graph.edge(f"b{layer}", f"add{layer}").backward,
            grads[f"b{layer}"],
            rtol=1e-10,
            atol=1e-15,
        )
    # The edges into the exp nodes carry a_k forward and y_k − t_k backward (the book's result).
    scores = ref.scores(x[i : i + 1].astype(np.float64))[0]
    y = softmax(scores[None, :])[0]
    for k in range(sizes[-1]):
        e = graph.edge(f"add{last}", f"exp{k}")
        assert e.forward == pytest.approx(scores[k]) and e.label == f"a{k + 1}"
        assert e.backward == pytest.approx(y[k] - (k == t[i]), abs=1e-12)
        assert graph.edge(f"y{k}", f"log{k}").forward == pytest.approx(y[k])
    assert graph.edge("total", "L").backward == -1.0
    ops = {n.op for n in graph.nodes}
    assert {"dot", "+", "exp", "/", "×", "log"} <= ops
    assert ("relu" in ops) == (len(sizes) > 2)


def test_the_graph_needs_a_classifier():
    with pytest.raises(ConfigError, match="SoftmaxWithLoss"):
        computational_graph(small_net(loss="mse"), *batch(regression=True))
