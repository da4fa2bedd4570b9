"""Session files: settings and optional weights round-trip; bad files say so in one sentence."""

from __future__ import annotations

import json

import numpy as np
import pytest

from nnviz.app.config import DataRequest, SessionConfig, config_from_json, config_to_json
from nnviz.app.session_file import (
    SessionFile,
    load_session,
    model_from_bytes,
    model_to_bytes,
    save_session,
)
from nnviz.core.trainer import NetworkConfig, TrainConfig
from nnviz.errors import NnvizError


def _config() -> SessionConfig:
    return SessionConfig(
        data=DataRequest(key="moons", samples=80, noise=0.15, test_ratio=0.3, seed=4),
        network=NetworkConfig(hidden=(6, 5), activation="tanh", init="xavier"),
        train=TrainConfig(learning_rate=0.2, batch_size=16, epochs=12, l2=1e-4, seed=9),
    )


def test_config_round_trip():
    c = _config()
    assert config_from_json(json.loads(json.dumps(config_to_json(c)))) == c


def test_session_file_round_trip_with_weights(tmp_path):
    c = _config()
    data = c.data.load()
    net = c.network.build(data.n_features, data.n_classes, seed=1)
    blob = model_to_bytes(net, class_names=data.class_names)
    path = save_session(tmp_path / "s.json", SessionFile(c, epoch=7, model_npz=blob))
    back = load_session(path)
    assert back.config == c and back.epoch == 7
    model = model_from_bytes(back.model_npz)
    x = data.x_test[:20]
    np.testing.assert_array_equal(model.network.predict_proba(x), net.predict_proba(x))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "not a readable nnviz session"),
        ('{"format": "something"}', "not an nnviz session"),
        ('{"format": "nnviz-session", "version": 99}', "newer nnviz"),
        ('{"format": "nnviz-session", "version": 1, "config": {}}', "incomplete or malformed"),
        (
            '{"format": "nnviz-session", "version": 1, "config": {"data": {"key": "nope"}, '
            '"network": {"hidden": []}, "train": {}}}',
            "Unknown dataset",
        ),
        (
            '{"format": "nnviz-session", "version": 1, "config": {"data": {}, '
            '"network": {"hidden": [4]}, "train": {"learning_rate": -1}}}',
            "learning rate",
        ),
        (
            '{"format": "nnviz-session", "version": 1, "config": {"data": {}, '
            '"network": {"hidden": [4]}, "train": {}}, "model": "@@@"}',
            "base64",
        ),
    ],
)
def test_bad_session_files(tmp_path, content, message):
    p = tmp_path / "bad.json"
    p.write_text(content, encoding="utf-8")
    with pytest.raises(NnvizError, match=message):
        load_session(p)


def test_missing_session_file(tmp_path):
    with pytest.raises(NnvizError, match="does not exist"):
        load_session(tmp_path / "nope.json")
