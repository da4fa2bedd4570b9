"""Networks: whole-network gradient checks, the L2 convention, initialisation and inference."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz.core.gradcheck import check_network, gradient_relative_error
from nnviz.core.init import init_weights
from nnviz.core.layers import ACTIVATIONS, Affine, log_softmax
from nnviz.core.network import Network
from nnviz.errors import ConfigError

TOL = 1e-6


def gradcheck_net(hidden: list[int], activation: str, l2: float, seed: int = 0):
    """A float64 network and a batch whose hidden pre-activations stay clear of 0."""
    net = Network(
        [3, *hidden, 4],
        activation,
        init="xavier",
        bias_init="same",
        seed=seed,
        dtype=np.float64,
        l2=l2,
    )
    rng = np.random.default_rng(seed + 100)
    x = rng.standard_normal((6, 3))
    t = rng.integers(0, 4, size=6)
    return net, x, t


def min_abs_preactivation(net: Network, x: np.ndarray) -> float:
    """Smallest |input| of any hidden activation for the batch (inf without hidden layers)."""
    smallest = np.inf
    for layer in net.layers[:-1]:
        if isinstance(layer, Affine):
            x = x @ layer.W + layer.b
            smallest = min(smallest, float(np.abs(x).min()))
        else:
            x = layer.fn(x)
    return smallest


@pytest.mark.parametrize("activation", list(ACTIVATIONS))
@pytest.mark.parametrize("hidden", [[], [5], [5, 4, 3]], ids=["0hidden", "1hidden", "3hidden"])
@pytest.mark.parametrize("l2", [0.0, 0.1], ids=["no-l2", "l2"])
def test_network_backprop_matches_numerical_gradient(activation, hidden, l2):
    net, x, t = gradcheck_net(hidden, activation, l2)
    if activation in ("relu", "leaky_relu"):
        # A kink within h of a pre-activation would make the numerical gradient meaningless.
        assert min_abs_preactivation(net, x) > 1e-3
    errors = check_network(net, x, t)
    assert set(errors) == set(net.params)
    assert max(errors.values()) < TOL, errors


def test_gradcheck_catches_a_wrong_gradient():
    # The check itself must be able to fail: a broken backward gives a large error.
    net, x, t = gradcheck_net([5], "tanh", 0.0)
    original = net.backward

    def broken_backward():
        grads = original()
        grads["W1"] *= 1.01
        return grads

    net.backward = broken_backward
    errors = check_network(net, x, t)
    assert errors["W1"] > 1e-3
    assert errors["W2"] < TOL


# ---------------------------------------------------------------------- L2 convention
def test_l2_adds_half_lambda_sum_of_squared_weights_not_biases():
    lam = 0.3
    plain, x, t = gradcheck_net([5, 4], "tanh", 0.0, seed=3)
    decayed, _, _ = gradcheck_net([5, 4], "tanh", lam, seed=3)
    assert np.any(plain.params["b1"] != 0)  # bias_init="same": biases would show if decayed
    w_sq = sum(float(np.sum(plain.params[f"W{i}"] ** 2)) for i in (1, 2, 3))
    assert decayed.loss(x, t) == pytest.approx(plain.loss(x, t) + 0.5 * lam * w_sq, rel=1e-12)
    g0 = {k: v.copy() for k, v in plain.gradient(x, t)[1].items()}
    g1 = decayed.gradient(x, t)[1]
    for i in (1, 2, 3):
        np.testing.assert_allclose(
            g1[f"W{i}"], g0[f"W{i}"] + lam * plain.params[f"W{i}"], rtol=1e-12, atol=1e-15
        )
        np.testing.assert_array_equal(g1[f"b{i}"], g0[f"b{i}"])


def test_evaluate_reports_cross_entropy_without_the_l2_term():
    net, x, t = gradcheck_net([5], "relu", 0.5)
    loss, acc = net.evaluate(x, t)
    assert loss == pytest.approx(net.loss(x, t) - net.regularization_loss(), rel=1e-12)
    assert acc == pytest.approx(np.mean(net.predict(x) == t))


def test_negative_l2_is_refused():
    with pytest.raises(ConfigError):
        Network([2, 3], l2=-0.1)


# ---------------------------------------------------------------------- initialisation
FAN_IN, FAN_OUT = 400, 500


def draw(scheme: str, std: float = 0.01) -> np.ndarray:
    rng = np.random.default_rng(11)
    return init_weights(scheme, (FAN_IN, FAN_OUT), rng, fan_in=FAN_IN, std=std, dtype=np.float64)


def test_normal_init_uses_the_given_std():
    w = draw("normal", std=0.05)
    assert w.std() == pytest.approx(0.05, rel=0.01)
    assert abs(w.mean()) < 0.05 * 0.01


def test_uniform_init_is_bounded_by_one_over_sqrt_fan_in():
    w = draw("uniform")
    bound = 1 / np.sqrt(FAN_IN)
    assert w.max() <= bound and w.min() >= -bound
    assert w.max() > 0.999 * bound and w.min() < -0.999 * bound
    assert w.std() == pytest.approx(bound / np.sqrt(3), rel=0.01)


def test_xavier_init_std_is_one_over_sqrt_fan_in():
    assert draw("xavier").std() == pytest.approx(1 / np.sqrt(FAN_IN), rel=0.01)


def test_he_init_std_is_sqrt_two_over_fan_in():
    assert draw("he").std() == pytest.approx(np.sqrt(2 / FAN_IN), rel=0.01)


@pytest.mark.parametrize("scheme", ["xavier", "he"])
def test_network_init_uses_each_layers_own_fan_in(scheme):
    net = Network([400, 100, 300], "relu", init=scheme, seed=1)
    gain = 1.0 if scheme == "xavier" else 2.0
    assert net.params["W1"].std() == pytest.approx(np.sqrt(gain / 400), rel=0.02)
    assert net.params["W2"].std() == pytest.approx(np.sqrt(gain / 100), rel=0.02)


def test_biases_start_at_zero_by_default():
    net = Network([30, 20, 10], init="he", seed=2)
    assert np.all(net.params["b1"] == 0) and np.all(net.params["b2"] == 0)


def test_bias_init_same_draws_biases_with_the_weights_scheme():
    net = Network([4, 2000, 3], init="uniform", bias_init="same", seed=2)
    b1 = net.params["b1"]
    bound = 1 / np.sqrt(4)  # the bias of a unit shares its weights' fan-in
    assert np.all(np.abs(b1) <= bound)
    assert b1.std() == pytest.approx(bound / np.sqrt(3), rel=0.05)


def test_same_seed_same_weights_different_seed_different_weights():
    a = Network([5, 7, 3], seed=4).params
    b = Network([5, 7, 3], seed=4).params
    c = Network([5, 7, 3], seed=5).params
    for k in a:
        np.testing.assert_array_equal(a[k], b[k])
    assert not np.array_equal(a["W1"], c["W1"])


def test_float32_by_default_float64_on_request():
    assert all(p.dtype == np.float32 for p in Network([2, 3, 2]).params.values())
    assert all(p.dtype == np.float64 for p in Network([2, 3, 2], dtype=np.float64).params.values())


@pytest.mark.parametrize(
    "kwargs",
    [
        {"sizes": [2]},
        {"sizes": [2, 0, 3]},
        {"sizes": [2, 3], "init": "glorot"},
        {"sizes": [2, 3], "init_std": 0.0},
        {"sizes": [2, 3, 3], "activation": "mish"},
        {"sizes": [2, 3, 3], "activations": ["relu", "tanh"]},
        {"sizes": [2, 3], "bias_init": "one"},
    ],
)
def test_bad_network_settings_are_config_errors(kwargs):
    with pytest.raises(ConfigError):
        Network(**kwargs)


# ---------------------------------------------------------------------- references and state
def test_layers_hold_the_same_arrays_as_params_and_grads():
    net = Network([3, 4, 5, 2])
    for i, affine in enumerate(net.affines, start=1):
        assert affine.W is net.params[f"W{i}"]
        assert affine.b is net.params[f"b{i}"]
        assert affine.dW is net.grads[f"W{i}"]
        assert affine.db is net.grads[f"b{i}"]


def test_set_params_writes_in_place_and_rejects_wrong_shapes():
    net = Network([3, 4, 2], seed=0)
    W1 = net.params["W1"]
    new = Network([3, 4, 2], seed=9).copy_params()
    net.set_params(new)
    assert net.params["W1"] is W1 and net.affines[0].W is W1
    np.testing.assert_array_equal(W1, new["W1"])
    new["W2"] = np.zeros((5, 2), np.float32)
    with pytest.raises(ConfigError, match="W2"):
        net.set_params(new)


def test_copy_params_is_independent():
    net = Network([3, 2])
    snap = net.copy_params()
    net.params["W1"] += 1
    assert not np.array_equal(snap["W1"], net.params["W1"])


def test_from_params_and_astype_keep_predictions():
    net = Network([4, 6, 3], "tanh", init="xavier", bias_init="same", seed=3)
    x = np.random.default_rng(0).standard_normal((20, 4)).astype(np.float32)
    twin = Network.from_params(net.params, "tanh")
    np.testing.assert_array_equal(twin.scores(x), net.scores(x))
    wide = net.astype(np.float64)
    assert wide.dtype == np.float64
    np.testing.assert_allclose(wide.scores(x), net.scores(x), rtol=1e-5, atol=1e-6)


# ---------------------------------------------------------------------- inference
def plain_forward(net: Network, x: np.ndarray) -> np.ndarray:
    """Scores from params alone: x @ W + b with tanh between."""
    h = x
    for i in range(1, net.n_layers + 1):
        h = h @ net.params[f"W{i}"] + net.params[f"b{i}"]
        if i < net.n_layers:
            h = np.tanh(h)
    return h


def test_scores_probabilities_and_predictions_agree_with_a_plain_forward_pass():
    net = Network([4, 8, 3], "tanh", init="xavier", bias_init="same", seed=5, dtype=np.float64)
    x = np.random.default_rng(1).standard_normal((30, 4))
    s = plain_forward(net, x)
    np.testing.assert_allclose(net.scores(x), s, rtol=1e-12)
    np.testing.assert_allclose(net.forward(x), s, rtol=1e-12)
    p = net.predict_proba(x)
    np.testing.assert_allclose(p, np.exp(log_softmax(s)), rtol=1e-12)
    np.testing.assert_array_equal(net.predict(x), s.argmax(axis=1))


def test_large_batches_are_scored_in_chunks_with_the_same_result(monkeypatch):
    import nnviz.core.network as network_mod

    net = Network([2, 5, 3], "tanh", init="xavier", seed=1, dtype=np.float64)
    x = np.random.default_rng(2).standard_normal((25, 2))
    whole = net.scores(x)
    monkeypatch.setattr(network_mod, "_PREDICT_CHUNK", 4)
    np.testing.assert_array_equal(net.scores(x), whole)


def test_uint8_images_are_scaled_by_one_over_255():
    net = Network([4, 3], seed=0, init_std=1.0, dtype=np.float64)
    pixels = np.array([[0, 51, 255, 128]], dtype=np.uint8)
    np.testing.assert_allclose(net.scores(pixels), net.scores(pixels / 255.0), rtol=1e-12)


def test_activations_returns_each_hidden_layer_output():
    net = Network([2, 3, 4, 2], "sigmoid", seed=0, init_std=1.0, dtype=np.float64)
    x = np.array([[0.5, -1.0]])
    h1, h2 = net.activations(x)
    a1 = 1 / (1 + np.exp(-(x @ net.params["W1"] + net.params["b1"])))
    a2 = 1 / (1 + np.exp(-(a1 @ net.params["W2"] + net.params["b2"])))
    np.testing.assert_allclose(h1, a1, rtol=1e-12)
    np.testing.assert_allclose(h2, a2, rtol=1e-12)


def test_inference_does_not_disturb_a_pending_backward():
    # The GUI draws predictions between training steps: scores() must not touch caches.
    net, x, t = gradcheck_net([5], "tanh", 0.0)
    net.loss(x, t)
    net.scores(np.zeros((3, 3)))
    net.predict_proba(np.ones((2, 3)))
    grads = {k: v.copy() for k, v in net.backward().items()}
    fresh, _, _ = gradcheck_net([5], "tanh", 0.0)
    expected = fresh.gradient(x, t)[1]
    for k in grads:
        np.testing.assert_array_equal(grads[k], expected[k])


def test_network_forward_and_backward_leave_the_batch_alone():
    net, x, t = gradcheck_net([5, 4], "relu", 0.1)
    x0, t0 = x.copy(), t.copy()
    net.gradient(x, t)
    net.numerical_gradient(x, t)
    net.predict(x)
    np.testing.assert_array_equal(x, x0)
    np.testing.assert_array_equal(t, t0)


def test_predict_proba_rows_sum_to_one_in_float32():
    net = Network([2, 10, 4], seed=0)
    p = net.predict_proba(np.random.default_rng(0).standard_normal((8, 2)).astype(np.float32))
    assert p.dtype == np.float32
    np.testing.assert_allclose(p.sum(axis=1), 1, rtol=1e-6)


def test_evaluate_on_an_empty_split_is_nan():
    loss, acc = Network([2, 3]).evaluate(np.zeros((0, 2), np.float32), np.zeros(0, np.int64))
    assert np.isnan(loss) and np.isnan(acc)


def test_param_count_and_repr():
    net = Network([784, 100, 10], "relu")
    assert net.param_count == 784 * 100 + 100 + 100 * 10 + 10
    assert repr(net) == "Network(784-100-10, relu, float32)"


# ---------------------------------------------------------------------- numerical gradients
def test_numerical_gradients_of_a_float32_network_agree_with_backprop():
    # The app's numerical-gradient mode trains float32 networks; its gradients are
    # computed in float64 (h = 1e-4), so they match backprop on a float64 copy of the
    # same weights and batch.  In float32 the first layer's biases were 18 % off.
    rng = np.random.default_rng(4)
    net = Network([20, 12, 5], "sigmoid", seed=4)  # float32, 0.01·randn weights, zero biases
    x = rng.random((10, 20)).astype(np.float32)
    t = rng.integers(0, 5, 10)
    loss, numerical = net.numerical_gradient(x, t)
    assert all(g.dtype == np.float64 for g in numerical.values())
    copy64 = net.astype(np.float64)
    loss64, backprop = copy64.gradient(x.astype(np.float64), t)
    assert loss == pytest.approx(loss64, rel=1e-12)
    assert gradient_relative_error(numerical, backprop) < 1e-6
    # … and the float32 network itself was left exactly as it was.
    np.testing.assert_array_equal(net.params["W1"], Network([20, 12, 5], seed=4).params["W1"])


def test_numerical_gradient_reports_its_progress_in_parameters():
    net = Network([3, 40, 3], "tanh", seed=0)
    x = np.random.default_rng(0).random((4, 3)).astype(np.float32)
    seen: list[tuple[int, int]] = []
    net.numerical_gradient(x, np.array([0, 1, 2, 0]), progress=lambda d, n: seen.append((d, n)))
    total = net.param_count  # 4·40 + 41·3 = 283
    assert {n for _, n in seen} == {total}
    done = [d for d, _ in seen]
    assert done == sorted(done) and done[0] == 0 and done[-1] == total
    assert 0 < done[len(done) // 2] < total
