"""Convolution, pooling, flatten, batch norm and dropout: shapes, values and gradient checks."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz.core.conv import Convolution, Flatten, Pooling, col2im, conv_output_size, im2col
from nnviz.core.gradcheck import check_layer, numerical_gradient, relative_error
from nnviz.core.regularization import BatchNormalization, Dropout

TOL = 1e-6


def naive_conv(x, W, b, stride, pad):
    """Direct six-loop convolution (cross-correlation, as every deep-learning library)."""
    N, C, H, Wd = x.shape
    FN, _, FH, FW = W.shape
    xp = np.pad(x, [(0, 0), (0, 0), (pad, pad), (pad, pad)])
    oh, ow = conv_output_size(H, FH, stride, pad), conv_output_size(Wd, FW, stride, pad)
    out = np.zeros((N, FN, oh, ow))
    for n in range(N):
        for f in range(FN):
            for i in range(oh):
                for j in range(ow):
                    patch = xp[n, :, i * stride : i * stride + FH, j * stride : j * stride + FW]
                    out[n, f, i, j] = np.sum(patch * W[f]) + b[f]
    return out


# (N, C, H, W, FN, FH, FW, stride, pad): batch 1, odd sizes, stride 2, padding 1
CONV_CASES = [
    (2, 1, 7, 7, 3, 3, 3, 1, 0),
    (1, 2, 5, 5, 2, 3, 3, 1, 1),
    (2, 3, 7, 5, 4, 3, 2, 2, 1),
    (1, 1, 9, 9, 2, 5, 5, 2, 0),
    (3, 2, 6, 6, 2, 2, 2, 2, 0),
]


@pytest.mark.parametrize("case", CONV_CASES)
def test_convolution_equals_a_direct_loop(case):
    N, C, H, W, FN, FH, FW, s, p = case
    rng = np.random.default_rng(0)
    x = rng.standard_normal((N, C, H, W))
    Wt, b = rng.standard_normal((FN, C, FH, FW)), rng.standard_normal(FN)
    out = Convolution(Wt, b, s, p).forward(x)
    np.testing.assert_allclose(out, naive_conv(x, Wt, b, s, p), atol=1e-12)


@pytest.mark.parametrize("case", CONV_CASES)
def test_convolution_gradients_match_central_differences(case):
    N, C, H, W, FN, FH, FW, s, p = case
    rng = np.random.default_rng(1)
    layer = Convolution(rng.standard_normal((FN, C, FH, FW)), rng.standard_normal(FN), s, p)
    errors = check_layer(layer, rng.standard_normal((N, C, H, W)))
    assert set(errors) == {"x", "W", "b"}
    assert max(errors.values()) < TOL, errors


def test_im2col_rows_are_receptive_fields_and_col2im_is_its_adjoint():
    rng = np.random.default_rng(2)
    x = rng.standard_normal((2, 3, 7, 5))
    col = im2col(x, 3, 2, stride=2, pad=1)
    assert col.shape == (2 * 4 * 3, 3 * 3 * 2)
    xp = np.pad(x, [(0, 0), (0, 0), (1, 1), (1, 1)])
    np.testing.assert_array_equal(col[0], xp[0, :, 0:3, 0:2].ravel())
    np.testing.assert_array_equal(col[4], xp[0, :, 2:5, 2:4].ravel())  # row 1, column 1
    # <im2col(x), c> == <x, col2im(c)>: col2im is the transpose of im2col.
    c = rng.standard_normal(col.shape)
    back = col2im(c, x.shape, 3, 2, stride=2, pad=1)
    assert back.shape == x.shape
    assert np.sum(col * c) == pytest.approx(np.sum(x * back))


def test_layers_do_not_mutate_their_inputs_and_keep_the_dtype():
    rng = np.random.default_rng(3)
    x = rng.standard_normal((2, 2, 6, 6)).astype(np.float32)
    x0 = x.copy()
    conv = Convolution(
        rng.standard_normal((3, 2, 3, 3)).astype(np.float32), np.zeros(3, np.float32)
    )
    pool = Pooling(2, 2, 2)
    out = pool.forward(conv.forward(x))
    assert out.dtype == np.float32 and out.shape == (2, 3, 2, 2)
    dout = rng.standard_normal(out.shape).astype(np.float32)
    d0 = dout.copy()
    dx = conv.backward(pool.backward(dout))
    assert dx.dtype == np.float32
    np.testing.assert_array_equal(x, x0)
    np.testing.assert_array_equal(dout, d0)


# (N, C, H, W, pool, stride, pad)
POOL_CASES = [
    (2, 3, 4, 4, 2, 2, 0),
    (1, 2, 5, 5, 3, 2, 1),
    (2, 1, 7, 7, 3, 2, 0),
    (1, 1, 5, 5, 2, 1, 0),
]


@pytest.mark.parametrize("case", POOL_CASES)
def test_max_pooling_takes_window_maxima(case):
    N, C, H, W, k, s, p = case
    rng = np.random.default_rng(4)
    x = rng.standard_normal((N, C, H, W))
    out = Pooling(k, k, s, p).forward(x)
    xp = np.pad(x, [(0, 0), (0, 0), (p, p), (p, p)], constant_values=-np.inf)
    oh = conv_output_size(H, k, s, p)
    assert out.shape == (N, C, oh, conv_output_size(W, k, s, p))
    for i in range(oh):
        for j in range(out.shape[3]):
            window = xp[:, :, i * s : i * s + k, j * s : j * s + k]
            np.testing.assert_array_equal(out[:, :, i, j], window.max(axis=(2, 3)))


def test_max_pooling_pads_with_minus_infinity_not_zero():
    x = -np.ones((1, 1, 3, 3))
    out = Pooling(2, 2, stride=2, pad=1).forward(x)
    np.testing.assert_array_equal(out, -np.ones((1, 1, 2, 2)))


@pytest.mark.parametrize("case", POOL_CASES)
def test_pooling_gradients_match_central_differences(case):
    N, C, H, W, k, s, p = case
    rng = np.random.default_rng(5)
    # Distinct values far apart: a step of h never changes which input wins a window.
    x = rng.permutation(N * C * H * W).reshape(N, C, H, W) * 0.1
    errors = check_layer(Pooling(k, k, s, p), x.astype(np.float64))
    assert errors["x"] < TOL, errors


def test_flatten_is_book_order_and_its_gradient_is_exact():
    rng = np.random.default_rng(6)
    x = rng.standard_normal((1, 2, 3, 5))
    layer = Flatten()
    np.testing.assert_array_equal(layer.forward(x)[0], x[0].ravel())
    assert check_layer(layer, x)["x"] < TOL


# ---------------------------------------------------------------------- batch norm, dropout
def _check_bn(bn: BatchNormalization, x: np.ndarray) -> dict[str, float]:
    """Relative errors of batch norm's backprop vs central differences (train mode)."""
    rng = np.random.default_rng(7)
    r = rng.standard_normal(x.shape)

    def f() -> float:
        return float(np.sum(bn.forward(x, train=True) * r))

    bn.forward(x, train=True)
    dx = bn.backward(r)
    dgamma, dbeta = bn.dgamma.copy(), bn.dbeta.copy()
    return {
        "x": relative_error(dx, numerical_gradient(f, x, 1e-6)),
        "gamma": relative_error(dgamma, numerical_gradient(f, bn.gamma, 1e-6)),
        "beta": relative_error(dbeta, numerical_gradient(f, bn.beta, 1e-6)),
    }


@pytest.mark.parametrize("shape", [(6, 4), (3, 2, 3, 3), (1, 3, 3, 5)])
def test_batch_norm_gradients_match_central_differences(shape):
    rng = np.random.default_rng(8)
    d = shape[1]
    bn = BatchNormalization(rng.uniform(0.5, 1.5, d), rng.standard_normal(d))
    errors = _check_bn(bn, rng.standard_normal(shape) * 2 + 1)
    assert max(errors.values()) < TOL, errors


def test_batch_norm_normalises_in_training_and_uses_running_stats_at_inference():
    rng = np.random.default_rng(9)
    x = rng.normal(5.0, 3.0, (500, 3))
    bn = BatchNormalization(np.ones(3), np.zeros(3), momentum=0.9)
    out = bn.forward(x, train=True)
    np.testing.assert_allclose(out.mean(axis=0), 0, atol=1e-9)
    np.testing.assert_allclose(out.std(axis=0), 1, atol=1e-5)
    np.testing.assert_allclose(bn.running_mean, 0.1 * x.mean(axis=0))
    for _ in range(200):
        bn.forward(x, train=True)
    np.testing.assert_allclose(bn.running_mean, x.mean(axis=0), rtol=1e-6)
    np.testing.assert_allclose(bn.running_var, x.var(axis=0), rtol=1e-6)
    before = bn.running_mean.copy()
    single = bn.forward(x[:1], train=False)  # one row works at inference, stats unchanged
    np.testing.assert_allclose(single, (x[:1] - x.mean(0)) / np.sqrt(x.var(0) + 1e-6), rtol=1e-5)
    np.testing.assert_array_equal(bn.running_mean, before)


def test_dropout_drops_about_ratio_and_scales_at_inference():
    x = np.ones((200, 50))
    layer = Dropout(0.3, np.random.default_rng(10))
    out = layer.forward(x, train=True)
    assert 0.27 < np.mean(out == 0) < 0.33
    np.testing.assert_array_equal(layer.forward(x, train=False), np.full_like(x, 0.7))


def test_dropout_gradient_with_a_fixed_mask_matches_central_differences():
    rng = np.random.default_rng(11)
    layer = Dropout(0.5, np.random.default_rng(12))
    x = rng.standard_normal((4, 6))
    layer.forward(x)
    layer.fixed_mask = True
    errors = check_layer(layer, x)
    assert errors["x"] < TOL
    assert 0 < layer.mask.sum() < layer.mask.size
