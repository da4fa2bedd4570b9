"""LayerNetwork: whole-network gradient checks, the fast path against the reference layers,
training with every optimizer, train/inference modes, copies, feature maps and filters."""

from __future__ import annotations

import copy
import pickle

import numpy as np
import pytest

from nnviz.core.layered import LayerNetwork, feature_maps, first_layer_filters
from nnviz.core.optimizers import OPTIMIZERS, make_optimizer
from nnviz.core.regularization import Dropout
from nnviz.core.trainer import TrainConfig, Trainer
from nnviz.data.datasets import Dataset
from nnviz.errors import ConfigError

TOL = 1e-6

# (spec, input shape): stride 2, padding 1, odd sizes, batch norm, every activation
ARCHS = [
    ("conv:3x3x3/s2/p1,tanh,pool:2,fc:5,sigmoid", (7, 7)),
    ("conv:2x3x3/p1,bn,tanh,pool:3/s2/p1,conv:3x2x2/s2,sigmoid,fc:4,tanh", (11, 11)),
    ("conv:4x4x4,leaky_relu,pool:2,conv:3x3x3/p1,tanh,flatten,bn,fc:6,sigmoid", (13, 13)),
    ("fc:6,bn,tanh,fc:5,sigmoid", (7,)),
]


def _check(backprop: dict, numerical: dict) -> dict[str, float]:
    """Per parameter, ‖a − b‖ / (‖a‖ + ‖b‖) (CS231n's whole-array relative error).

    Element-wise errors (used for each layer in test_conv.py) blow up on entries
    near 0 deep in a network.  A gradient that is 0 in theory (the bias right
    before batch norm, which subtracts the mean) is checked absolutely instead.
    """
    errors = {}
    for k, a in backprop.items():
        b = numerical[k]
        if np.abs(a).max() < 1e-12:
            assert np.abs(b).max() < 1e-8, k
            continue
        errors[k] = float(np.linalg.norm(a - b) / (np.linalg.norm(a) + np.linalg.norm(b)))
    return errors


def _batch(net: LayerNetwork, n: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    return rng.random((n, net.input_size)), rng.integers(0, net.n_classes, n)


@pytest.mark.parametrize(("arch", "shape"), ARCHS)
@pytest.mark.parametrize("n", [1, 4])
def test_network_gradients_match_central_differences(arch, shape, n):
    net = LayerNetwork(arch, shape, 3, init="he", dtype=np.float64, seed=1, l2=0.01)
    x, t = _batch(net, n)
    if n == 1 and ("flatten,bn" in arch or arch.startswith("fc")):
        pytest.skip("batch norm over one sample normalises everything to 0")
    _, grads = net.gradient(x, t)
    backprop = {k: g.copy() for k, g in grads.items()}
    _, numerical = net.numerical_gradient(x, t)
    errors = _check(backprop, numerical)
    assert max(errors.values()) < TOL, errors


def test_gradient_check_with_dropout_uses_one_mask():
    net = LayerNetwork(
        "conv:2x3x3,tanh,dropout:0.5,fc:5,tanh,dropout:0.3", (6, 6), 3, dtype=np.float64
    )
    x, t = _batch(net, 4)
    for layer in net.layers:
        if isinstance(layer, Dropout):
            layer.fixed_mask = True
    _, grads = net.gradient(x, t)
    backprop = {k: g.copy() for k, g in grads.items()}
    _, numerical = net.numerical_gradient(x, t)
    errors = _check(backprop, numerical)
    assert max(errors.values()) < TOL, errors


@pytest.mark.parametrize(
    ("arch", "shape"),
    [*ARCHS, ("conv:3x3x3/p1,relu,pool:2,conv:4x3x3/s2/p1,relu,fc:5,relu", (8, 8))],
)
def test_fast_path_equals_the_reference_layers(arch, shape):
    net = LayerNetwork(arch, shape, 3, init="he", dtype=np.float64, seed=2, l2=0.05)
    x, t = _batch(net, 6, seed=3)
    stats = {k: v.copy() for k, v in net.buffers.items()}
    loss, grads = net.gradient(x, t)
    reference = {k: g.copy() for k, g in grads.items()}
    ref_stats = {k: v.copy() for k, v in net.buffers.items()}
    net.set_buffers(stats)
    xa = net.with_bias_column(x)
    xa0 = xa.copy()
    fused_loss, correct = net.fused_gradient(xa, t)
    assert fused_loss == pytest.approx(loss, rel=1e-12)
    assert correct == np.count_nonzero(net.last_layer.y.argmax(axis=1) == t)
    for k in reference:
        np.testing.assert_allclose(net.grads[k], reference[k], rtol=1e-9, atol=1e-14, err_msg=k)
    for k in stats:  # batch norm's running statistics moved the same way
        np.testing.assert_allclose(net.buffers[k], ref_stats[k], rtol=1e-12)
    np.testing.assert_array_equal(xa, xa0)


def test_simple_convnet_is_the_books():
    net = LayerNetwork("conv", (28, 28), 10, seed=0)
    shapes = {k: v.shape for k, v in net.params.items()}
    assert shapes == {
        "W1": (30, 1, 5, 5),
        "b1": (30,),
        "W2": (4320, 100),
        "b2": (100,),
        "W3": (100, 10),
        "b3": (10,),
    }
    assert net.param_count == 30 * 25 + 30 + 4320 * 100 + 100 + 100 * 10 + 10
    assert net.params["W1"].std() == pytest.approx(0.01, rel=0.1)  # weight_init_std=0.01
    assert net.params.flat is not None and net.params.flat.dtype == np.float32
    assert repr(net) == "LayerNetwork(conv:30x5x5,relu,pool:2,fc:100,relu,fc:10, float32)"


def test_fast_path_reuses_its_buffers():
    net = LayerNetwork("conv:4x3x3,relu,pool:2,fc:8,relu", (10, 10), 3)
    x, t = _batch(net, 5)
    xa = net.with_bias_column(x)
    net.fused_gradient(xa, t)
    col = net._workspaces[5][0]["col"]
    net.fused_gradient(xa, t)
    assert net._workspaces[5][0]["col"] is col


def _bars(n: int, seed: int) -> Dataset:
    """8×8 images of one horizontal (class 0) or vertical (class 1) bar, somewhere."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, n)
    x = np.zeros((n, 8, 8), np.uint8)
    pos = rng.integers(1, 7, n)
    for i in range(n):
        if y[i]:
            x[i, :, pos[i]] = 255
        else:
            x[i, pos[i], :] = 255
    x = x.reshape(n, 64)
    return Dataset("bars", "images", x[: n - 20], y[: n - 20], x[-20:], y[-20:], ("h", "v"), (8, 8))


@pytest.mark.parametrize("optimizer", list(OPTIMIZERS))
def test_the_trainer_trains_a_convnet_with_every_optimizer(optimizer):
    data = _bars(120, 0)
    net = LayerNetwork("conv:4x3x3,relu,pool:2,fc:8,relu", (8, 8), 2, init="he", seed=0)
    before = net.copy_params()
    lr = {"sgd": 0.1, "momentum": 0.02, "nesterov": 0.02, "adagrad": 0.05}.get(optimizer, 0.01)
    config = TrainConfig(learning_rate=lr, optimizer=optimizer, batch_size=10, epochs=15, l2=1e-4)
    trainer = Trainer(net, data, config)
    trainer.run(15)
    assert trainer.state.value == "done"
    assert trainer.history[-1].test_accuracy == 1.0
    assert trainer.history[-1].train_loss < trainer.history[0].train_loss
    assert any(not np.array_equal(before[k], net.params[k]) for k in before)
    assert net.l2 == 1e-4


def test_numerical_gradient_training_works_through_the_trainer():
    data = _bars(40, 1)
    net = LayerNetwork("conv:2x3x3,tanh,pool:2,fc:3,tanh", (8, 8), 2, seed=0)
    trainer = Trainer(
        net, data, TrainConfig(learning_rate=0.5, batch_size=20, gradient="numerical")
    )
    report = trainer.step(max_batches=1)
    assert report.batches == 1 and np.isfinite(report.batch_losses[0])


def test_optimizers_update_the_flat_buffer_in_place():
    net = LayerNetwork("conv:2x3x3,relu,fc:4", (6, 6), 3)
    x, t = _batch(net, 4)
    w1 = net.layers[0].W
    opt = make_optimizer("adam", 0.01)
    net.fused_gradient(net.with_bias_column(x.astype(np.float32)), t)
    opt.update(net.params, net.grads)
    assert opt._plan is not None  # the vectorised path over params.flat
    assert net.layers[0].W is w1 and np.shares_memory(w1, net.params.flat)


def test_dropout_and_batch_norm_train_in_train_mode_and_predict_in_inference_mode():
    net = LayerNetwork("fc:50,bn,relu,dropout:0.5", (10,), 3, seed=0)
    x, t = _batch(net, 32)
    x = x.astype(np.float32)
    mean0 = net.buffers["running_mean1"].copy()
    s1 = net.scores(x)
    np.testing.assert_array_equal(s1, net.scores(x))  # inference: no random mask
    net.evaluate(x, t)
    np.testing.assert_array_equal(net.buffers["running_mean1"], mean0)  # stats untouched
    xa = net.with_bias_column(x)
    net.fused_gradient(xa, t)
    mask1 = net.layers[-2].mask.copy()
    assert not np.array_equal(net.buffers["running_mean1"], mean0)  # training updates them
    net.fused_gradient(xa, t)
    assert not np.array_equal(net.layers[-2].mask, mask1)  # a fresh mask every batch


def test_copies_and_pickles_are_independent_and_equal():
    net = LayerNetwork("conv:3x3x3,bn,relu,pool:2,fc:5", (8, 8), 3, seed=4, l2=0.1)
    net.buffers["running_var1"][...] = 2.0
    x, _ = _batch(net, 3)
    for other in (copy.deepcopy(net), pickle.loads(pickle.dumps(net))):
        assert other.l2 == 0.1 and other.arch == net.arch
        np.testing.assert_array_equal(other.scores(x), net.scores(x))
        assert other.params.flat is not None
        other.params["W1"][...] = 0
        assert net.params["W1"].any()


def test_set_params_rejects_a_wrong_shape():
    net = LayerNetwork("conv:3x3x3,relu,fc:5", (8, 8), 3)
    params = net.copy_params()
    params["W1"] = np.zeros((3, 1, 2, 2), np.float32)
    with pytest.raises(ConfigError, match="W1"):
        net.set_params(params)


def test_inference_is_finite_for_a_diverged_network():
    net = LayerNetwork("conv:2x3x3,relu,fc:4", (6, 6), 3)
    net.params.flat[...] = 1e30
    x, t = _batch(net, 3)
    assert np.isfinite(net.scores(x)).all()
    assert np.isfinite(net.predict_proba(x)).all()


# ---------------------------------------------------------------------- views' helpers
def test_feature_maps_of_simple_convnet():
    net = LayerNetwork("conv", (28, 28), 10, seed=0)
    x = np.random.default_rng(0).integers(0, 256, 784).astype(np.uint8)
    maps = feature_maps(net, x)
    assert [(m.name, m.values.shape) for m in maps] == [
        ("conv1", (30, 24, 24)),
        ("relu1", (30, 24, 24)),
        ("pool1", (30, 12, 12)),
        ("flatten", (4320,)),
        ("fc1", (100,)),
        ("relu2", (100,)),
        ("output", (10,)),
    ]
    assert [m.is_image for m in maps][:4] == [True, True, True, False]
    # The maps are what the book's NCHW layers compute, in (C, H, W) order.
    ref = net.layers[0].forward(x.reshape(1, 1, 28, 28).astype(np.float32) / 255)
    np.testing.assert_allclose(maps[0].values, ref[0], rtol=1e-5, atol=1e-6)
    np.testing.assert_array_equal(maps[1].values, np.maximum(maps[0].values, 0))
    np.testing.assert_allclose(maps[-1].values, net.scores(x[None])[0], rtol=1e-6)
    maps[0].values[...] = 0  # copies: the next call is unaffected
    assert feature_maps(net, x)[0].values.any()


def test_first_layer_filters_is_a_copy_of_the_first_conv_kernels():
    net = LayerNetwork("conv:8x3x3,relu,conv:4x3x3,relu", (10, 10), 2)
    f = first_layer_filters(net)
    assert f.shape == (8, 1, 3, 3)
    np.testing.assert_array_equal(f, net.params["W1"])
    f[...] = 0
    assert net.params["W1"].any()
    with pytest.raises(ConfigError, match="no convolution"):
        first_layer_filters(LayerNetwork("fc:5,relu", (4,), 2))


def test_inference_in_chunks_equals_one_pass():
    net = LayerNetwork("conv:3x3x3,bn,relu,pool:2,fc:5,dropout:0.5", (8, 8), 3, seed=6)
    x, t = _batch(net, 30)
    whole = net.scores(x)
    net._chunk_rows = 7  # 4 chunks of 7 and one of 2
    np.testing.assert_allclose(net.scores(x), whole, rtol=1e-6)
    assert net.evaluate(x, t)[1] == np.mean(whole.argmax(axis=1) == t)
