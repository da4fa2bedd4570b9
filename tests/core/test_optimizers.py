"""Optimizers against hand-computed steps (Deep Learning from Scratch ch06 formulas).

Every case starts from p = [1, -2] and applies the gradients
g1 = [0.5, -1], g2 = [0.25, 2], g3 = [-1, 0.5]; the expected parameters after
each step were worked out from the book's update rules, shown above each case.
"""

from __future__ import annotations

import numpy as np
import pytest

from nnviz.core.network import Network
from nnviz.core.optimizers import (
    OPTIMIZERS,
    SGD,
    AdaGrad,
    Adam,
    Momentum,
    Nesterov,
    Optimizer,
    RMSprop,
    make_optimizer,
)
from nnviz.errors import ConfigError

P0 = [1.0, -2.0]
GRADS = [[0.5, -1.0], [0.25, 2.0], [-1.0, 0.5]]


def run_steps(opt: Optimizer, dtype=np.float64) -> list[np.ndarray]:
    """Apply GRADS one by one to a fresh ``P0``; the parameters after each step."""
    p = np.array(P0, dtype=dtype)
    params = {"W": p}
    seen = []
    for g in GRADS:
        opt.update(params, {"W": np.array(g, dtype=dtype)})
        assert params["W"] is p, "update must write into the parameter array"
        seen.append(p.copy())
    return seen


def assert_steps(opt: Optimizer, expected: list[list[float]]) -> None:
    for step, (got, want) in enumerate(zip(run_steps(opt), expected, strict=True), start=1):
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-15, err_msg=f"step {step}")


def test_sgd_default_lr_is_0_01():
    # p -= 0.01·g:  [1 - 0.005, -2 + 0.01] = [0.995, -1.99], then [0.9925, -2.01], [1.0025, -2.015]
    assert SGD().lr == 0.01
    assert_steps(SGD(), [[0.995, -1.99], [0.9925, -2.01], [1.0025, -2.015]])


def test_momentum_default_0_9():
    # v = 0.9·v - 0.1·g; p += v
    # v1 = [-0.05, 0.1]   → p1 = [0.95, -1.9]
    # v2 = [-0.045 - 0.025, 0.09 - 0.2] = [-0.07, -0.11]  → p2 = [0.88, -2.01]
    # v3 = [-0.063 + 0.1, -0.099 - 0.05] = [0.037, -0.149] → p3 = [0.917, -2.159]
    assert Momentum().momentum == 0.9
    assert_steps(Momentum(lr=0.1), [[0.95, -1.9], [0.88, -2.01], [0.917, -2.159]])


def test_nesterov_book_form():
    # v = 0.9·v - 0.1·g; p += 0.81·v; p -= 1.9·0.1·g  (v as for Momentum)
    # p1 = [1 - 0.0405 - 0.095, -2 + 0.081 + 0.19] = [0.8645, -1.729]
    # p2 = [0.8645 - 0.0567 - 0.0475, -1.729 - 0.0891 - 0.38] = [0.7603, -2.1981]
    # p3 = [0.7603 + 0.02997 + 0.19, -2.1981 - 0.12069 - 0.095] = [0.98027, -2.41379]
    assert Nesterov().momentum == 0.9
    assert_steps(Nesterov(lr=0.1), [[0.8645, -1.729], [0.7603, -2.1981], [0.98027, -2.41379]])


def test_adagrad():
    # h += g²; p -= 0.1·g / (√h + 1e-7)
    # h1 = [0.25, 1]       → p1 = [1 - 0.05/0.5000001, -2 + 0.1/1.0000001]
    # h2 = [0.3125, 5]     → p2 = p1 - [0.025/0.55901709, 0.2/2.23606808]
    # h3 = [1.3125, 5.25]  → p3 = p2 - [-0.1/1.14564402, 0.05/2.29128795]
    assert_steps(
        AdaGrad(lr=0.1),
        [
            [0.900000019999996, -1.90000001],
            [0.855278668449999, -1.98944272509999],
            [0.942565816925349, -2.01126451317121],
        ],
    )


def test_adagrad_epsilon_is_1e_7():
    # With |g| = 1e-7 the first step is lr·g/(|g| + eps) = lr/2 when eps = 1e-7.
    p = np.array([0.0, 0.0])
    AdaGrad(lr=0.1).update({"W": p}, {"W": np.array([1e-7, -1e-7])})
    np.testing.assert_allclose(p, [-0.05, 0.05], rtol=1e-9)


def test_rmsprop_default_decay_0_99():
    # h = 0.99·h + 0.01·g²; p -= 0.1·g / (√h + 1e-7)
    # h1 = [0.0025, 0.01]            → p1 = [1 - 0.05/0.0500001, -2 + 0.1/0.1000001]
    # h2 = [0.002475 + 0.000625, 0.0099 + 0.04] = [0.0031, 0.0499]
    # h3 = [0.003069 + 0.01, 0.049401 + 0.0025] = [0.013069, 0.051901]
    assert RMSprop().decay_rate == 0.99
    assert_steps(
        RMSprop(lr=0.1),
        [
            [1.99999600003498e-06, -1.000000999999],
            [-0.449010448620773, -1.89532356126927],
            [0.425728453220509, -2.11479699120681],
        ],
    )


def test_adam_defaults():
    # lr_t = 0.001·√(1 - 0.999^t) / (1 - 0.9^t); m += 0.1·(g - m); v += 0.001·(g² - v)
    # p -= lr_t·m / (√v + 1e-7).  Step 1: lr_t = 0.000316227766, m = 0.1·g, √v = 0.0316227766·|g|,
    # so p1 ≈ p0 - 0.001·sign(g) = [0.999, -1.999] (eps shifts it by ~6e-9).
    opt = Adam()
    assert (opt.lr, opt.beta1, opt.beta2) == (0.001, 0.9, 0.999)
    assert_steps(
        Adam(),
        [
            [0.999000006324515, -1.99900000316227],
            [0.998067831960989, -1.9993661061715],
            [0.998274188418467, -1.99978175679741],
        ],
    )


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_float32_parameters_stay_float32_and_close_to_float64(name):
    p64 = run_steps(make_optimizer(name, 0.1), np.float64)
    p32 = run_steps(make_optimizer(name, 0.1), np.float32)
    for a, b in zip(p32, p64, strict=True):
        assert a.dtype == np.float32
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def test_a_changed_learning_rate_applies_to_the_next_update():
    opt = SGD(lr=0.1)
    p = np.array([1.0])
    opt.update({"W": p}, {"W": np.array([1.0])})
    opt.lr = 0.5
    opt.update({"W": p}, {"W": np.array([1.0])})
    assert p[0] == pytest.approx(1.0 - 0.1 - 0.5)


def test_each_parameter_keeps_its_own_state():
    opt = Momentum(lr=1.0, momentum=0.5)
    a, b = np.array([0.0]), np.array([0.0])
    opt.update({"a": a, "b": b}, {"a": np.array([1.0]), "b": np.array([-2.0])})
    opt.update({"a": a, "b": b}, {"a": np.array([0.0]), "b": np.array([0.0])})
    # a: v = -1 then -0.5 → -1.5; b: v = 2 then 1 → 3
    assert (a[0], b[0]) == (-1.5, 3.0)


# ---------------------------------------------------------------------- the in-place invariant
@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_updates_reach_the_layers_through_shared_arrays(name):
    net = Network([3, 6, 4, 3], "tanh", init="xavier", seed=0, dtype=np.float64)
    ids = {k: id(v) for k, v in net.params.items()}
    rng = np.random.default_rng(0)
    x, t = rng.standard_normal((10, 3)), rng.integers(0, 3, size=10)
    before = net.forward(x).copy()
    opt = make_optimizer(name, 0.05)
    first_loss = net.loss(x, t)
    for _ in range(5):
        net.loss(x, t)
        opt.update(net.params, net.backward())
    for i, affine in enumerate(net.affines, start=1):
        assert net.params[f"W{i}"] is affine.W
        assert net.params[f"b{i}"] is affine.b
    assert {k: id(v) for k, v in net.params.items()} == ids
    # What the layers compute now follows the updated params…
    after = net.forward(x)
    assert not np.allclose(after, before)
    h = np.tanh(x @ net.params["W1"] + net.params["b1"])
    h = np.tanh(h @ net.params["W2"] + net.params["b2"])
    np.testing.assert_allclose(after, h @ net.params["W3"] + net.params["b3"], rtol=1e-12)
    # …and training made progress on this batch.
    assert net.loss(x, t) < first_loss


# ---------------------------------------------------------------------- registry
def test_make_optimizer_builds_each_with_lr_and_momentum():
    for name, cls in OPTIMIZERS.items():
        opt = make_optimizer(name, 0.3, momentum=0.7)
        assert type(opt) is cls and opt.lr == 0.3
        if name in ("momentum", "nesterov"):
            assert opt.momentum == 0.7
    assert repr(make_optimizer("adam", 0.002)) == "Adam(lr=0.002)"


def test_unknown_optimizer_is_a_config_error():
    with pytest.raises(ConfigError, match="adam"):
        make_optimizer("lbfgs", 0.1)
