"""Layers: gradient checks, numerically stable activations, and no mutation of caller arrays."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz.core.gradcheck import check_layer, numerical_gradient, relative_error
from nnviz.core.layers import (
    ACTIVATIONS,
    ELU,
    GELU,
    Affine,
    Identity,
    LeakyReLU,
    ReLU,
    Scratch,
    Sigmoid,
    SiLU,
    SoftmaxWithLoss,
    Softplus,
    Tanh,
    log_softmax,
    make_activation,
    softmax,
)
from nnviz.errors import ConfigError

TOL = 1e-6


def away_from_zero(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    """float64 inputs with |x| in [0.1, 2]: central differences never straddle a ReLU kink."""
    mag = rng.uniform(0.1, 2.0, size=shape)
    return mag * rng.choice([-1.0, 1.0], size=shape)


# ---------------------------------------------------------------------- gradient checks
def test_affine_gradients_match_central_differences():
    rng = np.random.default_rng(0)
    layer = Affine(rng.standard_normal((4, 3)), rng.standard_normal(3))
    errors = check_layer(layer, rng.standard_normal((5, 4)))
    assert set(errors) == {"x", "W", "b"}
    assert max(errors.values()) < TOL, errors


def test_first_affine_skips_the_input_gradient_but_keeps_dw_db():
    rng = np.random.default_rng(1)
    layer = Affine(rng.standard_normal((4, 3)), rng.standard_normal(3), need_dx=False)
    errors = check_layer(layer, rng.standard_normal((5, 4)))
    assert set(errors) == {"W", "b"}
    assert max(errors.values()) < TOL, errors


NEW_ACTIVATIONS = [ELU, GELU, Softplus, SiLU]


def activation_layers() -> list:
    """One layer of every activation class (ELU twice: alpha 1 and 0.5)."""
    return [
        ReLU(),
        LeakyReLU(),
        Sigmoid(),
        Tanh(),
        Identity(),
        ELU(),
        ELU(alpha=0.5),
        GELU(),
        Softplus(),
        SiLU(),
    ]


@pytest.mark.parametrize("layer", activation_layers(), ids=repr)
def test_activation_gradients_match_central_differences(layer):
    rng = np.random.default_rng(2)
    x = away_from_zero(rng, (6, 5))
    errors = check_layer(layer, x)
    assert errors["x"] < TOL, errors


@pytest.mark.parametrize("cls", NEW_ACTIVATIONS)
def test_new_activation_slopes_hold_across_their_curved_range(cls):
    # Element by element (each output depends on its own input only), over |x| < 4 where
    # the curvature lives: further out GELU's slope falls below 1e-8, where a relative
    # error compares rounding noise with rounding noise.
    x = np.linspace(-4, 4, 401) + 0.0013  # no point exactly at 0
    layer = cls()
    layer.forward(x)
    analytic = layer.backward(np.ones_like(x))
    h = 1e-6
    numeric = (layer.fn(x + h) - layer.fn(x - h)) / (2 * h)
    assert relative_error(analytic, numeric) < TOL


def test_new_activations_take_their_textbook_values():
    x = np.array([[-2.0, -0.5, 0.0, 0.5, 3.0]])
    from math import erf, sqrt

    np.testing.assert_allclose(ELU().fn(x), [[np.expm1(-2), np.expm1(-0.5), 0, 0.5, 3]])
    np.testing.assert_allclose(Softplus.fn(x), np.log1p(np.exp(x)), rtol=1e-15)
    np.testing.assert_allclose(SiLU.fn(x), x / (1 + np.exp(-x)), rtol=1e-15)
    c = sqrt(2 / np.pi)
    np.testing.assert_allclose(GELU.fn(x), 0.5 * x * (1 + np.tanh(c * (x + 0.044715 * x**3))))
    # The tanh form stays within 5e-4 of the exact x·Φ(x) everywhere.
    grid = np.linspace(-8, 8, 1601)
    exact = np.array([v * 0.5 * (1 + erf(v / sqrt(2))) for v in grid])
    assert np.max(np.abs(GELU.fn(grid) - exact)) < 5e-4


def test_swish_is_an_alias_of_silu():
    assert type(make_activation("swish")) is SiLU


def test_leaky_relu_slope_on_negative_inputs_is_alpha():
    layer = LeakyReLU(alpha=0.1)
    x = np.array([[-2.0, 3.0]])
    np.testing.assert_allclose(layer.forward(x), [[-0.2, 3.0]])
    np.testing.assert_allclose(layer.backward(np.array([[1.0, 1.0]])), [[0.1, 1.0]])


def softmax_loss_gradcheck(x: np.ndarray, t: np.ndarray) -> float:
    layer = SoftmaxWithLoss()
    layer.forward(x, t)
    analytic = layer.backward()
    numeric = numerical_gradient(lambda: layer.forward(x, t), x, 1e-6)
    return relative_error(analytic, numeric)


def test_softmax_with_loss_gradient_integer_labels():
    rng = np.random.default_rng(3)
    x = rng.standard_normal((7, 4))
    t = rng.integers(0, 4, size=7)
    assert softmax_loss_gradcheck(x, t) < TOL


def test_softmax_with_loss_gradient_one_hot_labels():
    rng = np.random.default_rng(4)
    x = rng.standard_normal((7, 4))
    t = rng.integers(0, 4, size=7)
    assert softmax_loss_gradcheck(x, np.eye(4)[t]) < TOL


def test_softmax_with_loss_one_hot_and_integer_labels_agree():
    rng = np.random.default_rng(5)
    x = rng.standard_normal((6, 3))
    t = rng.integers(0, 3, size=6)
    a, b = SoftmaxWithLoss(), SoftmaxWithLoss()
    assert a.forward(x, t) == pytest.approx(b.forward(x, np.eye(3)[t]), rel=1e-15)
    np.testing.assert_array_equal(a.backward(), b.backward())


def test_softmax_with_loss_value_is_mean_cross_entropy():
    x = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])
    t = np.array([2, 0])
    # Row 1: -log(e^3 / (e^1+e^2+e^3)); row 2: -log(1/3).
    row1 = -(3.0 - np.log(np.exp(1.0) + np.exp(2.0) + np.exp(3.0)))
    expected = (row1 + np.log(3.0)) / 2
    assert SoftmaxWithLoss().forward(x, t) == pytest.approx(expected, rel=1e-12)


# ---------------------------------------------------------------------- numerical stability
HUGE = [1e4, 1e30]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("big", HUGE)
def test_sigmoid_saturates_without_overflow(dtype, big):
    x = np.array([[-big, -30.0, 0.0, 30.0, big]], dtype=dtype)
    y = Sigmoid.fn(x)
    assert y.dtype == dtype
    assert np.all(np.isfinite(y))
    # (1 + tanh(x/2)) / 2 is exact to the dtype's absolute precision, not relative in the tails.
    atol = 1e-7 if dtype == np.float32 else 1e-15
    expected = [[0.0, 1 / (1 + np.exp(30.0)), 0.5, 1 / (1 + np.exp(-30.0)), 1]]
    np.testing.assert_allclose(y, expected, rtol=1e-6, atol=atol)
    assert y[0, 0] == 0.0 and y[0, -1] == 1.0
    # The layer's backward at saturation is a zero gradient, not NaN.
    layer = Sigmoid()
    layer.forward(x)
    dx = layer.backward(np.ones_like(x))
    assert np.all(np.isfinite(dx)) and dx[0, 0] == 0 and dx[0, -1] == 0


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("big", HUGE)
def test_softmax_and_log_softmax_stable_on_huge_inputs(dtype, big):
    x = np.array([[big, -big, 0.0], [big, big, -big], [-big, -big, -big]], dtype=dtype)
    p = softmax(x)
    assert p.dtype == dtype
    np.testing.assert_allclose(p, [[1, 0, 0], [0.5, 0.5, 0], [1 / 3, 1 / 3, 1 / 3]], rtol=1e-6)
    logp = log_softmax(x)
    assert logp[0, 0] == 0.0
    assert logp[0, 1] == pytest.approx(-2 * big, rel=1e-6)
    assert logp[0, 2] == pytest.approx(-big, rel=1e-6)
    np.testing.assert_allclose(logp[1, :2], np.log(0.5), rtol=1e-6)
    np.testing.assert_allclose(logp[2], np.log(1 / 3), rtol=1e-6)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("big", HUGE)
def test_softmax_with_loss_on_huge_scores_is_finite(dtype, big):
    x = np.array([[big, -big, 0.0], [0.0, big, -big]], dtype=dtype)
    layer = SoftmaxWithLoss()
    # Both rows are right with certainty: the loss is exactly 0.
    assert layer.forward(x, np.array([0, 1])) == 0.0
    # Wrong with certainty: the loss is the logit gap, not inf.
    assert layer.forward(x, np.array([1, 2])) == pytest.approx((2 * big + 2 * big) / 2, rel=1e-6)
    dx = layer.backward()
    assert np.all(np.isfinite(dx))
    np.testing.assert_allclose(dx, [[0.5, -0.5, 0.0], [0.0, 0.5, -0.5]], atol=1e-7)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("big", HUGE)
@pytest.mark.parametrize("cls", NEW_ACTIVATIONS)
def test_new_activations_saturate_without_overflow(cls, dtype, big):
    x = np.array([[-big, -30.0, -1.0, 0.0, 1.0, 30.0, big]], dtype=dtype)
    layer = cls()
    y = layer.forward(x)  # any overflow warning fails the test (filterwarnings = error)
    assert y.dtype == dtype and np.all(np.isfinite(y))
    assert y[0, -1] == pytest.approx(big, rel=1e-6)  # every one is x for large x…
    assert abs(y[0, 0]) <= 1  # …and bounded (ELU: −1; the others: 0) for very negative x
    dx = layer.backward(np.ones_like(x))
    assert np.all(np.isfinite(dx))
    assert dx[0, -1] == pytest.approx(1, abs=1e-6)
    assert dx[0, 0] == pytest.approx(0, abs=1e-6)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_fused_kernels_agree_with_the_layer_even_on_huge_inputs(name, dtype):
    # fn_into/grad_into are what training runs; forward/backward are the checked reference.
    rng = np.random.default_rng(11)
    z = (rng.standard_normal((4, 6)) * 3).astype(dtype)
    z[0] = [-1e4, -1e30, -40, 40, 1e4, 1e30]
    dout = rng.standard_normal(z.shape).astype(dtype)
    layer = make_activation(name)
    y_ref = layer.forward(z.copy())
    dx_ref = layer.backward(dout)
    s = Scratch(z.shape, np.dtype(dtype))
    zbuf, y = z.copy(), np.empty_like(z)
    layer.fn_into(zbuf, y, s)
    rtol = 1e-6 if dtype == np.float32 else 1e-13
    np.testing.assert_allclose(y, y_ref, rtol=rtol, atol=1e-30)
    if layer.needs_input:
        np.testing.assert_array_equal(zbuf, z)  # left intact for grad_into
    out = zbuf  # the fused step hands the pre-activation buffer over to take the gradient
    layer.grad_into(dout, y, out, s)
    np.testing.assert_allclose(out, dx_ref, rtol=rtol, atol=1e-30)


def test_softmax_rows_sum_to_one():
    rng = np.random.default_rng(6)
    p = softmax(rng.standard_normal((50, 10)) * 20)
    np.testing.assert_allclose(p.sum(axis=1), 1.0, rtol=1e-12)


# ---------------------------------------------------------------------- no mutation
def layers_under_test() -> list:
    rng = np.random.default_rng(7)
    return [Affine(rng.standard_normal((5, 4)), rng.standard_normal(4)), *activation_layers()]


@pytest.mark.parametrize("layer", layers_under_test(), ids=repr)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_forward_and_backward_leave_caller_arrays_alone(layer, dtype):
    rng = np.random.default_rng(8)
    x = away_from_zero(rng, (3, 5)).astype(dtype)
    x_before = x.copy()
    out = layer.forward(x)
    dout = rng.standard_normal(out.shape).astype(dtype)
    dout_before = dout.copy()
    layer.backward(dout)
    np.testing.assert_array_equal(x, x_before)
    np.testing.assert_array_equal(dout, dout_before)


def test_relu_backward_does_not_zero_the_callers_dout():
    # The book's Relu.backward writes dout[mask] = 0 into the caller's array.
    layer = ReLU()
    layer.forward(np.array([[-1.0, 2.0]]))
    dout = np.array([[5.0, 7.0]])
    np.testing.assert_array_equal(layer.backward(dout), [[0.0, 7.0]])
    np.testing.assert_array_equal(dout, [[5.0, 7.0]])


def test_softmax_with_loss_leaves_scores_and_labels_alone():
    rng = np.random.default_rng(9)
    x = rng.standard_normal((4, 3))
    t = np.eye(3)[[0, 2, 1, 1]]
    x0, t0 = x.copy(), t.copy()
    layer = SoftmaxWithLoss()
    layer.forward(x, t)
    layer.backward()
    np.testing.assert_array_equal(x, x0)
    np.testing.assert_array_equal(t, t0)


# ---------------------------------------------------------------------- registry
def test_every_activation_name_builds_its_layer():
    for name, cls in ACTIVATIONS.items():
        layer = make_activation(name)
        assert type(layer) is cls
        assert layer.name == name


def test_unknown_activation_is_a_config_error_listing_the_choices():
    with pytest.raises(ConfigError, match="relu.*gelu"):
        make_activation("mish")
