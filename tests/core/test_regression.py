"""Regression: the MSE output layer, the MSE network and fused step, and the trainer's metrics."""

from __future__ import annotations

import copy
import math
import pickle

import numpy as np
import pytest

from nnviz.core.gradcheck import check_network, numerical_gradient, relative_error
from nnviz.core.layers import ACTIVATIONS, IdentityWithLoss
from nnviz.core.metrics import regression_scores
from nnviz.core.modelio import load_model, save_model
from nnviz.core.network import Network
from nnviz.core.trainer import NetworkConfig, TrainConfig, Trainer, TrainState
from nnviz.data.datasets import load_dataset
from nnviz.errors import ConfigError


def reg_trainer(data, *, hidden=(8, 8), activation="tanh", **cfg) -> Trainer:
    config = TrainConfig(**{"learning_rate": 0.03, "batch_size": 10, **cfg})
    net = NetworkConfig(hidden=hidden, activation=activation, init="xavier").build(
        data.n_features, data.n_outputs, seed=config.seed, l2=config.l2, loss=data.loss
    )
    return Trainer(net, data, config)


@pytest.fixture(scope="module")
def plane():
    return load_dataset("reg-plane")


# ---------------------------------------------------------------------- the layer
def test_identity_with_loss_is_the_mean_squared_error():
    y = np.array([[1.0, 2.0], [3.0, 5.0]])
    t = np.array([[1.0, 0.0], [0.0, 5.0]])
    layer = IdentityWithLoss()
    assert layer.forward(y, t) == pytest.approx((0 + 4 + 9 + 0) / 4)
    np.testing.assert_allclose(layer.backward(), 2 * (y - t) / 4)
    np.testing.assert_array_equal(y, [[1.0, 2.0], [3.0, 5.0]])  # inputs not touched


@pytest.mark.parametrize("shape", [(6, 1), (5, 3)])
def test_identity_with_loss_gradient_check(shape):
    rng = np.random.default_rng(0)
    x = rng.standard_normal(shape)
    t = rng.standard_normal(shape[0] if shape[1] == 1 else shape)  # (N,) targets for one output
    layer = IdentityWithLoss()
    layer.forward(x, t)
    dx = layer.backward()
    num = numerical_gradient(lambda: layer.forward(x, t), x, 1e-6)
    assert relative_error(dx, num) < 1e-6


@pytest.mark.parametrize("activation", ["tanh", "sigmoid", "relu"])
@pytest.mark.parametrize("outputs", [1, 3])
def test_mse_network_gradient_check(activation, outputs):
    net = Network([2, 5, 4, outputs], activation, init="xavier", dtype=np.float64, loss="mse")
    net.l2 = 0.01
    rng = np.random.default_rng(1)
    x, t = rng.standard_normal((7, 2)), rng.standard_normal((7, outputs))
    errors = check_network(net, x, t)
    assert max(errors.values()) < 1e-6, errors


# ---------------------------------------------------------------------- the network
@pytest.mark.parametrize("activation", list(ACTIVATIONS))
@pytest.mark.parametrize("hidden", [[], [5], [5, 4]], ids=["0hidden", "1hidden", "2hidden"])
@pytest.mark.parametrize("via_onehot_slot", [False, True])
def test_fused_mse_step_matches_the_layer_by_layer_backward(activation, hidden, via_onehot_slot):
    net = Network([3, *hidden, 2], activation, init="xavier", bias_init="same", dtype=np.float64)
    net = Network.from_params(net.params, activation, dtype=np.float64, l2=0.05, loss="mse")
    rng = np.random.default_rng(2)
    x, t = rng.standard_normal((9, 3)), rng.standard_normal((9, 2))
    loss, grads = net.gradient(x, t)
    expected = {k: g.copy() for k, g in grads.items()}
    net.grads.flat[:] = np.nan
    xa = net.with_bias_column(x)
    args = (xa, np.arange(9), t) if via_onehot_slot else (xa, t)
    fused_loss, correct = net.fused_gradient(*args)
    assert fused_loss == pytest.approx(loss, rel=1e-12)
    assert correct == 0
    for k, g in expected.items():
        np.testing.assert_allclose(net.grads[k], g, rtol=1e-10, atol=1e-14)


def test_evaluate_gives_mse_and_r2():
    net = Network([1, 1], dtype=np.float64, loss="mse")
    net.params["W1"][...] = 1.0  # predicts y = x
    x, t = np.array([[1.0], [2.0], [3.0]]), np.array([1.0, 2.0, 4.0])
    mse, r2 = net.evaluate(x, t)
    assert mse == pytest.approx(1 / 3)
    assert r2 == pytest.approx(1 - 1 / (42 / 9))
    np.testing.assert_allclose(net.predict(x), [[1.0], [2.0], [3.0]])


def test_regression_scores_by_hand():
    s = regression_scores([1.0, 2.0, 3.0], [1.0, 2.0, 4.0])
    assert (s.mse, s.rmse) == pytest.approx((1 / 3, math.sqrt(1 / 3)))
    assert s.r2 == pytest.approx(1 - 9 / 42)
    assert math.isnan(regression_scores([1.0, 2.0], [3.0, 3.0]).r2)  # constant targets
    with pytest.raises(ConfigError):
        regression_scores([1.0], [1.0, 2.0])


def test_the_loss_kind_survives_copies_and_model_files(tmp_path):
    net = Network([2, 3, 1], "tanh", loss="mse")
    for other in (copy.deepcopy(net), pickle.loads(pickle.dumps(net)), net.astype(np.float64)):
        assert other.is_regression and isinstance(other.last_layer, IdentityWithLoss)
    save_model(tmp_path / "m.npz", net)
    loaded = load_model(tmp_path / "m.npz").network
    assert loaded.is_regression
    x = np.random.default_rng(0).standard_normal((4, 2))
    np.testing.assert_allclose(loaded.predict(x), net.predict(x))


def test_an_unknown_loss_is_one_sentence():
    with pytest.raises(ConfigError, match="Unknown loss 'hinge'"):
        Network([2, 2], loss="hinge")


# ---------------------------------------------------------------------- the trainer
def test_trainer_fits_reg_plane_and_reports_mse_rmse_r2(plane):
    trainer = reg_trainer(plane, epochs=30)
    assert trainer.loss_label == "MSE"
    records = trainer.run(30)
    last = records[-1]
    assert math.isnan(last.train_accuracy) and math.isnan(last.test_accuracy)
    assert last.train_r2 > 0.98 and last.test_r2 > 0.98
    assert last.test_rmse == pytest.approx(math.sqrt(last.test_loss), rel=1e-6)
    mse, r2 = trainer.evaluate("train")
    assert last.train_rmse == pytest.approx(math.sqrt(mse), rel=1e-6)
    assert last.train_r2 == pytest.approx(r2, rel=1e-6)
    assert records[0].train_loss > last.train_loss
    assert trainer.state is TrainState.DONE


def test_classification_records_leave_the_regression_fields_nan():
    rec = reg_trainer(load_dataset("circle"), hidden=(4,)).run(1)[0]
    assert math.isnan(rec.train_rmse) and math.isnan(rec.test_r2)
    assert 0 <= rec.train_accuracy <= 1


def test_regression_divergence_is_judged_against_the_targets_not_ln_k():
    # Targets ×4: an untrained net's MSE is ~130, far above 10·ln 2, yet it is learning.
    data = load_dataset("reg-1d", samples=50)
    big = copy.copy(data)
    big.y_train = data.y_train * 4
    trainer = reg_trainer(big, hidden=(20,), learning_rate=1e-4, batch_size=5, epochs=5)
    recs = trainer.run(5)
    assert recs[0].train_loss > 10 * math.log(2)
    assert trainer.state is TrainState.DONE
    wild = reg_trainer(big, hidden=(20,), learning_rate=5.0, batch_size=5, epochs=20)
    wild.run(20)
    assert wild.state is TrainState.DIVERGED


def test_numerical_gradients_train_a_regression_net_as_backprop_does():
    small = load_dataset("reg-plane", samples=20)
    a = reg_trainer(small, hidden=(3,))
    b = reg_trainer(small, hidden=(3,), gradient="numerical")
    a.step(max_batches=1)
    b.step(max_batches=1)
    for k in a.network.params:
        np.testing.assert_allclose(a.network.params[k], b.network.params[k], atol=2e-4)


def test_replacing_regression_rows_keeps_or_takes_targets(plane):
    trainer = reg_trainer(plane)
    x = plane.x_train[:100] * 0.5
    trainer.replace_training_data(x, plane.y_train[:100])
    assert trainer.n_train == 100
    trainer.replace_training_data(x)  # targets kept
    np.testing.assert_array_equal(trainer._target_values, plane.y_train[:100])
    trainer.run(1)
    with pytest.raises(ConfigError, match="finite"):
        trainer.replace_training_data(x, np.full(100, np.nan))


def test_a_regression_set_needs_an_mse_network(plane):
    net = Network([2, 4, 1])
    with pytest.raises(ConfigError, match="reg-plane is a regression set"):
        Trainer(net, plane, TrainConfig())
    with pytest.raises(ConfigError, match="classification set"):
        Trainer(Network([2, 2], loss="mse"), load_dataset("circle"), TrainConfig())


def test_an_accuracy_stopping_rule_is_refused_for_regression(plane):
    from nnviz.core.stopping import Stopping

    with pytest.raises(ConfigError, match="no accuracy to stop at"):
        reg_trainer(plane, stopping=Stopping(test_accuracy=0.9))
    trainer = reg_trainer(plane, stopping=Stopping(train_loss=0.01), epochs=50)
    trainer.run(50)
    assert trainer.state is TrainState.STOPPED and trainer.epoch < 50
