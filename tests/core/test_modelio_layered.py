"""Model files with layered (convolutional, batch-norm, dropout) networks."""

from __future__ import annotations

import io
import json
import zipfile

import numpy as np
import pytest

from nnviz.core.layered import LayerNetwork
from nnviz.core.modelio import (
    META_KEY,
    check_fits,
    load_model,
    model_from_npz_bytes,
    resolve_model,
    save_model,
)
from nnviz.core.network import Network
from nnviz.errors import ModelError

ARCH = "conv:4x3x3/p1,bn,relu,pool:2,fc:16,relu,dropout:0.2"


@pytest.fixture
def convnet() -> LayerNetwork:
    net = LayerNetwork(ARCH, (8, 8), 3, init="he", seed=5)
    net.buffers["running_mean1"][...] = [0.1, 0.2, 0.3, 0.4]
    net.buffers["running_var1"][...] = [1.5, 2.0, 2.5, 3.0]
    return net


def test_a_convnet_round_trips_with_its_batch_norm_statistics(tmp_path, convnet):
    path = save_model(tmp_path / "c.npz", convnet, input_shape=(8, 8), meta={"note": "x"})
    model = load_model(path)
    net = model.network
    assert isinstance(net, LayerNetwork)
    assert net.arch == convnet.arch and net.input_shape == (1, 8, 8)
    assert model.input_shape == (8, 8) and model.meta["note"] == "x"
    assert model.meta["format_version"] == 2
    for k in convnet.params:
        np.testing.assert_array_equal(net.params[k], convnet.params[k])
    for k in convnet.buffers:
        np.testing.assert_array_equal(net.buffers[k], convnet.buffers[k])
    x = np.random.default_rng(0).random((5, 64)).astype(np.float32)
    np.testing.assert_array_equal(net.scores(x), convnet.scores(x))
    assert resolve_model(str(path)).network.arch == convnet.arch
    check_fits(model, 64, 3)
    with pytest.raises(ModelError, match="takes 64 inputs"):
        check_fits(model, 784, 10)


def test_mlp_files_are_still_format_1(tmp_path):
    path = save_model(tmp_path / "m.npz", Network([4, 5, 3]))
    model = load_model(path)
    assert isinstance(model.network, Network)
    assert model.meta["format_version"] == 1


def _rewrite(path, edit) -> bytes:
    """The bytes of the model at ``path`` after ``edit(info, arrays)``."""
    with np.load(path) as z:
        info = json.loads(str(z[META_KEY][()]))
        arrays = {k: z[k] for k in z.files if k != META_KEY}
    edit(info, arrays)
    buf = io.BytesIO()
    np.savez(buf, **arrays, **{META_KEY: np.array(json.dumps(info))})
    return buf.getvalue()


@pytest.mark.parametrize(
    ("edit", "needle"),
    [
        (lambda i, a: a.pop("running_var1"), "missing running_var1"),
        (lambda i, a: a.update(W1=np.zeros((4, 1, 5, 5), np.float32)), "wrong shape W1"),
        (lambda i, a: a.update(extra=np.zeros(2, np.float32)), "unexpected extra"),
        (lambda i, a: a.update(W2=a["W2"] * np.nan), "NaN"),
        (lambda i, a: i.update(layers="conv:4x3x3,bogus"), "cannot build"),
        (lambda i, a: i.update(layers="conv:4x30x30"), "cannot build"),
        (lambda i, a: i.update(network_input_shape="8x8"), "does not describe"),
        (lambda i, a: i.update(input_shape=[9, 9]), "does not match"),
    ],
)
def test_broken_convnet_files_are_one_sentence_errors(tmp_path, convnet, edit, needle):
    path = save_model(tmp_path / "c.npz", convnet, input_shape=(8, 8))
    data = _rewrite(path, edit)
    with pytest.raises(ModelError, match=needle) as info:
        model_from_npz_bytes(data, "c.npz")
    assert "\n" not in str(info.value)


def test_convnet_files_declare_format_2_for_older_readers(tmp_path, convnet):
    path = save_model(tmp_path / "c.npz", convnet)
    with zipfile.ZipFile(path) as zf:
        assert f"{META_KEY}.npy" in zf.namelist()
    with np.load(path) as z:
        info = json.loads(str(z[META_KEY][()]))
    assert info["format_version"] == 2 and info["layers"] == convnet.arch.text
