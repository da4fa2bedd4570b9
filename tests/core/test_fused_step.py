"""The training fast path: fused step, flat parameter buffers, staged batches, data swaps."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz.core.layers import ACTIVATIONS, log_softmax, row_argmax, row_max, row_sum, softmax
from nnviz.core.network import Network
from nnviz.core.optimizers import OPTIMIZERS, make_optimizer
from nnviz.core.trainer import NetworkConfig, TrainConfig, Trainer
from nnviz.data.datasets import Dataset, load_dataset
from nnviz.errors import ConfigError


@pytest.mark.parametrize("activation", list(ACTIVATIONS))
@pytest.mark.parametrize("hidden", [[], [5], [5, 4, 3]], ids=["0hidden", "1hidden", "3hidden"])
@pytest.mark.parametrize("l2", [0.0, 0.1], ids=["no-l2", "l2"])
@pytest.mark.parametrize("onehot", [False, True], ids=["labels", "onehot"])
def test_fused_gradient_matches_the_layer_by_layer_backward(activation, hidden, l2, onehot):
    net = Network([3, *hidden, 4], activation, init="xavier", bias_init="same", dtype=np.float64)
    net.l2 = l2
    rng = np.random.default_rng(1)
    x, t = rng.standard_normal((7, 3)), rng.integers(0, 4, size=7)
    loss, grads = net.gradient(x, t)
    expected = {k: g.copy() for k, g in grads.items()}
    correct = int(np.count_nonzero(net.predict(x) == t))
    net.grads.flat[:] = np.nan
    xa = net.with_bias_column(x)
    x0 = xa.copy()
    fused_loss, fused_correct = net.fused_gradient(xa, t, np.eye(4)[t] if onehot else None)
    assert fused_loss == pytest.approx(loss, rel=1e-12)
    assert fused_correct == correct
    for k, g in expected.items():
        np.testing.assert_allclose(net.grads[k], g, rtol=1e-10, atol=1e-14)
    np.testing.assert_array_equal(xa, x0)  # the batch is left alone


def test_fused_accuracy_gives_ties_to_the_first_class_as_predict_does():
    net = Network([2, 3], dtype=np.float64)
    net.params.flat[:] = 0  # every score equal
    t = np.array([0, 1, 2, 1])
    _, correct = net.fused_gradient(net.with_bias_column(np.ones((4, 2))), t)
    assert correct == 1


def test_params_and_grads_are_views_of_one_buffer_each():
    net = Network([3, 4, 2])
    for d in (net.params, net.grads):
        assert all(np.shares_memory(v, d.flat) for v in d.values())
        assert sum(v.size for v in d.values()) == d.flat.size
    net.params.flat[:] = 7
    assert (net.affines[1].b == 7).all()


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_one_flat_update_equals_per_array_updates(name):
    rng = np.random.default_rng(0)
    x, t = rng.standard_normal((10, 3)), rng.integers(0, 3, size=10)
    flat_net, dict_net = (Network([3, 6, 4, 3], "tanh", init="xavier") for _ in range(2))
    flat_opt, dict_opt = make_optimizer(name, 0.05), make_optimizer(name, 0.05)
    for _ in range(4):
        flat_net.loss(x, t)
        flat_opt.update(flat_net.params, flat_net.backward())
        dict_net.loss(x, t)
        dict_opt.update(dict(dict_net.params), dict(dict_net.backward()))
    for k in flat_net.params:
        np.testing.assert_array_equal(flat_net.params[k], dict_net.params[k])


def test_rebinding_a_parameter_name_falls_back_to_per_array_updates():
    net = Network([2, 2])
    params = net.params
    params["W1"] = np.ones((2, 2), np.float32)
    assert params.flat is None
    make_optimizer("sgd", 0.5).update(params, dict(net.grads))  # no error, no flat path


@pytest.mark.parametrize("shape", [(10, 2), (300, 3), (7, 40)])
def test_row_helpers_agree_with_numpy_reductions(shape):
    x = np.random.default_rng(0).standard_normal(shape).astype(np.float32)
    x[0, :] = 1.0  # a tie: the first index wins
    np.testing.assert_array_equal(row_max(x), x.max(axis=1, keepdims=True))
    np.testing.assert_allclose(row_sum(x), x.sum(axis=1, keepdims=True), rtol=1e-5, atol=1e-5)
    np.testing.assert_array_equal(row_argmax(x), x.argmax(axis=1))
    np.testing.assert_allclose(softmax(x), np.exp(log_softmax(x)), rtol=1e-5)


# ---------------------------------------------------------------------- trainer data path
def images(n: int, seed: int = 0) -> Dataset:
    rng = np.random.default_rng(seed)
    return Dataset(
        key="mnist",
        kind="images",
        x_train=rng.integers(0, 256, size=(n, 12), dtype=np.uint8),
        y_train=rng.integers(0, 3, size=n),
        x_test=np.empty((0, 12), np.uint8),
        y_test=np.empty(0, np.int64),
        class_names=("a", "b", "c"),
    )


@pytest.mark.parametrize(
    "limits", [(10**9, 10**9), (10**9, 0), (0, 0)], ids=["epoch", "cache", "u8"]
)
def test_every_staging_mode_trains_the_same(monkeypatch, limits):
    import nnviz.core.trainer as trainer_mod

    def run(cache, stage):
        monkeypatch.setattr(trainer_mod, "_CACHE_ELEMENTS", cache)
        monkeypatch.setattr(trainer_mod, "_EPOCH_STAGE_ELEMENTS", stage)
        data = images(53)
        net = NetworkConfig(hidden=(5,)).build(12, 3, dtype=np.float64)
        tr = Trainer(net, data, TrainConfig(batch_size=8, learning_rate=0.5))
        tr.step(max_epochs=3)
        return net.params, [r.train_loss for r in tr.history]

    ref_params, ref_losses = run(10**9, 10**9)
    params, losses = run(*limits)
    np.testing.assert_allclose(losses, ref_losses, rtol=1e-12)
    for k in params:
        np.testing.assert_allclose(params[k], ref_params[k], rtol=1e-12)


def test_staged_batches_follow_the_seeded_shuffle():
    data = load_dataset("spiral")
    net = NetworkConfig(hidden=(4,)).build(2, 3, dtype=np.float64)
    tr = Trainer(net, data, TrainConfig(batch_size=32, seed=5))
    order = np.random.default_rng(5).permutation(300)
    xb, tb, ob = tr._next_batch()
    np.testing.assert_array_equal(tb, data.y_train[order[:32]])
    np.testing.assert_allclose(xb[:, :-1], data.x_train[order[:32]])
    assert (xb[:, -1] == 1).all() and (ob.argmax(axis=1) == tb).all()


def test_replace_training_data_trains_on_the_new_rows_and_leaves_them_alone():
    data = images(40)
    net = NetworkConfig(hidden=(5,)).build(12, 3, dtype=np.float64)
    tr = Trainer(net, data, TrainConfig(batch_size=10))
    tr.step(max_epochs=1)
    new = images(40, seed=1)
    x0 = new.x_train.copy()
    tr.replace_training_data(new.x_train, new.y_train)
    twin_net = Network.from_params(net.params, "relu", dtype=np.float64)
    twin = Trainer(twin_net, new, TrainConfig(batch_size=10))
    twin.rng = np.random.default_rng(0)
    twin.rng.permutation(40)  # the original trainer's first epoch used one shuffle
    tr.step(max_epochs=1)
    twin.step(max_epochs=1)
    for k in net.params:
        np.testing.assert_allclose(net.params[k], twin_net.params[k], rtol=1e-12)
    np.testing.assert_array_equal(new.x_train, x0)
    assert tr.data.x_train is new.x_train and data.x_train is not new.x_train


def test_replace_training_data_refuses_what_does_not_fit():
    tr = Trainer(NetworkConfig(hidden=(5,)).build(12, 3), images(40), TrainConfig(batch_size=10))
    with pytest.raises(ConfigError, match="12 features"):
        tr.replace_training_data(np.zeros((40, 11), np.uint8))
    with pytest.raises(ConfigError, match="one label per row"):
        tr.replace_training_data(np.zeros((30, 12), np.uint8))
    with pytest.raises(ConfigError, match="Labels"):
        tr.replace_training_data(np.zeros((40, 12), np.uint8), np.full(40, 3))
    tr.step(max_batches=1)
    with pytest.raises(ConfigError, match="between epochs"):
        tr.replace_training_data(np.zeros((30, 12), np.uint8), np.zeros(30, np.int64))
    tr.replace_training_data(np.zeros((40, 12), np.uint8))  # same size mid-epoch is fine
    tr.step(max_epochs=1)
    tr.replace_training_data(np.zeros((30, 12), np.uint8), np.zeros(30, np.int64))
    assert tr.n_train == 30 and tr.step(max_epochs=1).batches == 3


def test_a_deep_copy_or_pickle_keeps_params_as_views_of_the_copys_own_buffer():
    import copy
    import pickle

    net = Network([3, 4, 2], "tanh", init="xavier", bias_init="same", l2=0.1)
    for twin in (copy.deepcopy(net), pickle.loads(pickle.dumps(net))):
        assert twin.params.flat is not None and not np.shares_memory(
            twin.params.flat, net.params.flat
        )
        assert all(np.shares_memory(v, twin.params.flat) for v in twin.params.values())
        assert twin.affines[0].W is twin.params["W1"] and twin.l2 == 0.1 and twin.init == "xavier"
        for k in net.params:
            np.testing.assert_array_equal(twin.params[k], net.params[k])
        twin.params.flat[:] = 0
        assert not (net.params["W1"] == 0).all()


def test_labels_out_of_the_networks_range_are_refused_up_front():
    data = images(20)
    data.y_train[3] = 7  # the network below has 3 outputs
    with pytest.raises(ConfigError, match="Labels must be 0 to 2"):
        Trainer(NetworkConfig(hidden=(5,)).build(12, 3), data, TrainConfig())


def test_a_diverged_network_draws_an_undecided_boundary_without_warnings():
    from nnviz.core.boundary import BoundaryGrid, colorize

    net = Network([2, 4, 3], "relu", seed=0)
    net.params["W1"][...] = 3e38  # scores overflow to inf
    net.params["W2"][:, 0] = -3e38
    grid = BoundaryGrid((-1, 1, -1, 1), 8)
    p = grid.probabilities(net)  # warnings are errors under pytest
    assert np.isfinite(p).all() and p.shape == (8, 8, 3)
    np.testing.assert_allclose(p.sum(axis=-1), 1, rtol=1e-6)
    assert colorize(p).dtype == np.uint8
    assert np.isfinite(net.predict_proba(np.ones((2, 2), np.float32) * 1e-30)).all()
