"""The engine with a convolutional network: built from the session's layer spec, its
filters and feature maps computed only when a view asks, saved and reopened."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz.app.config import DataRequest, SessionConfig, config_from_json, config_to_json
from nnviz.app.engine import Engine
from nnviz.app.snapshot import ViewOptions
from nnviz.core.modelio import load_model
from nnviz.core.trainer import NetworkConfig, TrainConfig
from nnviz.errors import ConfigError
from tests.app.test_engine import Recorder, turn

ARCH = "conv:4x5x5,relu,pool:2,fc:16,relu"


@pytest.fixture
def conv_config(mnist10k):
    return SessionConfig(
        data=DataRequest(key="mnist", data_dir=str(mnist10k), samples=1000),
        network=NetworkConfig(arch=ARCH, init="he"),
        train=TrainConfig(learning_rate=0.005, batch_size=50, optimizer="adam", seed=1),
    )


@pytest.fixture
def engine():
    e = Engine()
    e.rec = Recorder(e)
    return e


def test_arch_round_trips_through_session_json_and_old_files_load():
    config = SessionConfig(network=NetworkConfig(arch="conv"))
    assert config_from_json(config_to_json(config)).network.arch == "conv"
    old = config_to_json(SessionConfig())
    del old["network"]["arch"]  # a file saved before layer specs existed
    assert config_from_json(old).network.arch is None


def test_a_bad_spec_is_one_sentence():
    with pytest.raises(ConfigError, match="at least 1 filter"):
        NetworkConfig(arch="conv:0x5x5")


def test_reset_builds_a_convnet_and_views_get_filters_and_maps(engine, conv_config):
    engine.post("reset", conv_config)
    turn(engine)
    (info,) = engine.rec.of("reset_done")
    info = info[0]
    assert info.sizes == (784, 10) and info.convolutional and info.layered
    assert info.description == f"{ARCH},fc:10" and info.weight_layers == 3
    snap = engine.rec.snapshots[-1]
    assert snap.filters is None and snap.feature_maps is None  # nobody asked
    engine.frame_consumed()
    engine.post("view", ViewOptions(filters=True, feature_digit=3, stats=True))
    turn(engine)
    snap = engine.rec.snapshots[-1]
    assert snap.filters.shape == (4, 1, 5, 5)
    names = [name for name, _ in snap.feature_maps]
    assert names[:3] == ["conv1", "relu1", "pool1"] and names[-1] == "output"
    assert snap.feature_maps[0][1].shape == (4, 24, 24) and snap.feature_digit == 3
    assert len(snap.weight_hists) == 3 and snap.grad_norms.shape == (3,)
    # a drawn digit's pixels win over the gallery digit
    engine.frame_consumed()
    pixels = np.zeros(784, np.float32)
    engine.post("view", ViewOptions(feature_digit=3, feature_pixels=pixels.tobytes()))
    turn(engine)
    snap = engine.rec.snapshots[-1]
    assert snap.feature_digit is None and snap.filters is None
    assert np.all(snap.feature_maps[0][1] == snap.feature_maps[0][1][:, :1, :1])  # blank in


def test_training_a_convnet_learns_and_saves_a_model_that_reopens(engine, conv_config, tmp_path):
    engine.post("reset", conv_config)
    engine.post("step")
    turn(engine)
    snap = engine.rec.snapshots[-1]
    assert snap.epoch == 1 and snap.epochs[-1].train_accuracy > 0.25  # chance is 0.1
    path = tmp_path / "cnn.npz"
    engine.post("save", str(path), {})
    turn(engine)
    model = load_model(path)
    assert model.network.arch.text == ARCH
    engine.post("model", model)
    engine.frame_consumed()
    turn(engine)
    info = engine.rec.of("reset_done")[-1][0]
    assert info.pretrained and info.config.network.arch == ARCH
