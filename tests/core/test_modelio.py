"""Model files: nnviz .npz round trips, atomic saves, refusing bad files and malicious pickles."""

from __future__ import annotations

import builtins
import json
import os
import pickle
import re
import shlex
import subprocess
from collections import OrderedDict
from pathlib import Path

import numpy as np
import pytest

from nnviz.core import modelio
from nnviz.core.modelio import (
    FORMAT_VERSION,
    META_KEY,
    check_fits,
    load_dlfs_pickle,
    load_model,
    resolve_model,
    save_model,
)
from nnviz.core.network import Network
from nnviz.errors import ModelError


def tiny_net(seed: int = 0) -> Network:
    return Network([2, 5, 3], "tanh", init="xavier", bias_init="same", seed=seed)


def probe_x() -> np.ndarray:
    return np.random.default_rng(0).standard_normal((40, 2)).astype(np.float32)


def write_npz(path: Path, arrays: dict, meta: dict | None = None) -> Path:
    """An .npz like save_model's, with full control over arrays and metadata."""
    info = {
        "format": "nnviz-model",
        "format_version": FORMAT_VERSION,
        "activations": ["tanh"],
        **(meta or {}),
    }
    np.savez(path, **arrays, **{META_KEY: np.array(json.dumps(info))})
    return path


def good_arrays() -> dict[str, np.ndarray]:
    return {k: v.copy() for k, v in tiny_net().params.items()}


# ---------------------------------------------------------------------- round trip
def test_save_load_round_trip_gives_identical_predictions(tmp_path):
    net = tiny_net()
    path = save_model(
        tmp_path / "m.npz",
        net,
        class_names=["a", "b", "c"],
        meta={"dataset": "spiral", "metrics": {"train_accuracy": np.float64(0.5)}},
    )
    model = load_model(path)
    x = probe_x()
    np.testing.assert_array_equal(model.network.predict_proba(x), net.predict_proba(x))
    np.testing.assert_array_equal(model.network.predict(x), net.predict(x))
    assert model.network.sizes == [2, 5, 3]
    assert model.network.activation_names == ["tanh"]
    assert model.class_names == ("a", "b", "c")
    assert model.input_shape == (2,)
    assert model.meta["dataset"] == "spiral"
    assert model.meta["metrics"]["train_accuracy"] == 0.5
    assert model.source == str(path)
    assert not model.is_digit_model


def test_per_layer_activations_survive_a_round_trip(tmp_path):
    net = Network([3, 4, 4, 2], activations=["relu", "sigmoid"], bias_init="same", seed=1)
    model = load_model(save_model(tmp_path / "m.npz", net))
    assert model.network.activation_names == ["relu", "sigmoid"]
    x = np.random.default_rng(1).standard_normal((5, 3)).astype(np.float32)
    np.testing.assert_array_equal(model.network.scores(x), net.scores(x))


def test_saving_replaces_an_existing_model(tmp_path):
    path = tmp_path / "m.npz"
    save_model(path, tiny_net(0))
    save_model(path, tiny_net(1))
    x = probe_x()
    np.testing.assert_array_equal(load_model(path).network.scores(x), tiny_net(1).scores(x))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.npz"]


# ---------------------------------------------------------------------- atomic saves
def fail_midway(f, **arrays):
    f.write(b"PK\x03\x04 half a zip file")
    raise OSError(28, "No space left on device")


def fail_replace(src, dst):
    raise OSError(13, "Permission denied")


@pytest.mark.parametrize(
    ("target", "attr", "replacement"),
    [(np, "savez_compressed", fail_midway), (os, "replace", fail_replace)],
    ids=["write-fails", "rename-fails"],
)
def test_a_failed_save_keeps_the_old_file_and_leaves_no_temp_file(
    tmp_path, monkeypatch, target, attr, replacement
):
    path = save_model(tmp_path / "m.npz", tiny_net(0))
    old_bytes = path.read_bytes()
    monkeypatch.setattr(target, attr, replacement)
    with pytest.raises(ModelError, match="Could not save"):
        save_model(path, tiny_net(1))
    monkeypatch.undo()
    assert path.read_bytes() == old_bytes
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.npz"]
    x = probe_x()
    np.testing.assert_array_equal(load_model(path).network.scores(x), tiny_net(0).scores(x))


def test_an_interrupted_save_cleans_up_and_reraises(tmp_path, monkeypatch):
    path = save_model(tmp_path / "m.npz", tiny_net(0))
    old_bytes = path.read_bytes()

    def interrupted(f, **arrays):
        f.write(b"partial")
        raise KeyboardInterrupt

    monkeypatch.setattr(np, "savez_compressed", interrupted)
    with pytest.raises(KeyboardInterrupt):
        save_model(path, tiny_net(1))
    assert path.read_bytes() == old_bytes
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.npz"]


def test_saving_into_a_missing_folder_or_onto_a_folder_is_a_model_error(tmp_path):
    with pytest.raises(ModelError, match="does not exist"):
        save_model(tmp_path / "nope" / "m.npz", tiny_net())
    with pytest.raises(ModelError, match="folder"):
        save_model(tmp_path, tiny_net())


# ---------------------------------------------------------------------- refusing bad .npz files
def test_a_newer_format_version_asks_to_update(tmp_path):
    path = write_npz(tmp_path / "m.npz", good_arrays(), {"format_version": FORMAT_VERSION + 1})
    with pytest.raises(ModelError, match="newer"):
        load_model(path)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda a: a.update(b1=np.zeros(4, np.float32)), "do not fit"),
        (lambda a: a.update(W1=np.zeros((2, 5, 1), np.float32)), "do not fit"),
        (lambda a: a.update(W2=np.zeros((4, 3), np.float32)), "takes 4 inputs"),
        (lambda a: a.pop("b2"), "no b2"),
        (lambda a: a.pop("W1"), "no weight matrix"),
        (lambda a: a["W1"].__setitem__((0, 0), np.nan), "NaN"),
        (lambda a: a["b2"].__setitem__(1, np.inf), "NaN or infinite"),
        (lambda a: a.update(W1=np.ones((2, 5), np.int32)), "floating-point"),
        (lambda a: a.update(W9=np.ones((2, 5), np.float32)), "unexpected"),
    ],
    ids=[
        "bias-shape",
        "weight-ndim",
        "chain",
        "missing-b",
        "missing-W1",
        "nan",
        "inf",
        "int",
        "extra",
    ],
)
def test_inconsistent_arrays_are_model_errors(tmp_path, change, message):
    arrays = good_arrays()
    change(arrays)
    with pytest.raises(ModelError, match=message):
        load_model(write_npz(tmp_path / "m.npz", arrays))


@pytest.mark.parametrize(
    "meta",
    [
        {"activations": ["mish"]},
        {"activations": ["tanh", "tanh"]},
        {"activations": "tanh"},
        {"format": "something-else"},
    ],
)
def test_bad_metadata_is_a_model_error(tmp_path, meta):
    with pytest.raises(ModelError):
        load_model(write_npz(tmp_path / "m.npz", good_arrays(), meta))


def test_an_npz_without_metadata_is_not_an_nnviz_model(tmp_path):
    np.savez(tmp_path / "m.npz", **good_arrays())
    with pytest.raises(ModelError, match="not an nnviz model"):
        load_model(tmp_path / "m.npz")


@pytest.mark.parametrize(
    "content",
    [b"", b"hello, I am not a zip file", b"PK\x03\x04\x14\x00garbage"],
    ids=["empty", "text", "broken-zip"],
)
def test_a_file_that_is_not_an_npz_is_a_model_error(tmp_path, content):
    path = tmp_path / "m.npz"
    path.write_bytes(content)
    with pytest.raises(ModelError, match="m.npz"):
        load_model(path)


def test_a_truncated_model_file_is_a_model_error(tmp_path):
    path = save_model(tmp_path / "m.npz", tiny_net())
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(ModelError):
        load_model(path)


def test_missing_path_and_folder_are_model_errors(tmp_path):
    with pytest.raises(ModelError, match="does not exist"):
        load_model(tmp_path / "absent.npz")
    with pytest.raises(ModelError, match="folder"):
        load_model(tmp_path)


# ---------------------------------------------------------------------- malicious payloads
class SystemCall:
    """Unpickles as os.system(cmd) (pickle records it as posix.system / nt.system)."""

    def __init__(self, cmd: str) -> None:
        self.cmd = cmd

    def __reduce__(self):
        return (os.system, (self.cmd,))


class EvalCall:
    def __init__(self, code: str) -> None:
        self.code = code

    def __reduce__(self):
        return (builtins.eval, (self.code,))


class PopenCall:
    def __init__(self, argv: list[str]) -> None:
        self.argv = argv

    def __reduce__(self):
        return (subprocess.Popen, (self.argv,))


def touch_cmd(marker: Path) -> str:
    return f"touch {shlex.quote(str(marker))}"


def global_call(module: str, name: str, arg: str) -> bytes:
    """A protocol-0 pickle calling ``module.name(arg)`` written opcode by opcode."""
    return f"c{module}\n{name}\n(S{arg!r}\ntR.".encode()


def malicious_payloads(marker: Path) -> dict[str, bytes]:
    arrays = {k: v for k, v in good_arrays().items()}
    cmd = touch_cmd(marker)
    return {
        "os.system": global_call("os", "system", cmd),
        "posix.system": global_call("posix", "system", cmd),
        "nt.system": global_call("nt", "system", cmd),
        "builtins.eval": pickle.dumps(EvalCall(f"open({str(marker)!r}, 'w').close()")),
        "subprocess.Popen": pickle.dumps(PopenCall(["touch", str(marker)])),
        "__reduce__ os.system": pickle.dumps(SystemCall(cmd)),
        "nested in a dict of arrays": pickle.dumps({**arrays, "W3": SystemCall(cmd)}),
        "inside an object array": pickle.dumps(
            {**arrays, "W1": np.array([SystemCall(cmd)], dtype=object)}
        ),
    }


PAYLOAD_NAMES = list(malicious_payloads(Path("x")))


def test_the_payloads_are_live_under_plain_pickle(tmp_path):
    # Control: without the restricted unpickler these pickles really do run code.
    marker = tmp_path / "pwned"
    pickle.loads(malicious_payloads(marker)["__reduce__ os.system"])
    assert marker.exists()


@pytest.mark.parametrize("name", PAYLOAD_NAMES)
def test_malicious_pickles_are_refused_before_running(tmp_path, name):
    marker = tmp_path / "pwned"
    path = tmp_path / "weights.pkl"
    path.write_bytes(malicious_payloads(marker)[name])
    with pytest.raises(ModelError) as err:
        load_dlfs_pickle(path)
    assert "weights.pkl" in str(err.value)
    assert not marker.exists()


def test_the_refusal_names_what_the_pickle_asked_for(tmp_path):
    path = tmp_path / "weights.pkl"
    path.write_bytes(global_call("posix", "system", "true"))
    with pytest.raises(ModelError, match=r"posix\.system.*could run code"):
        load_dlfs_pickle(path)


def test_an_object_array_inside_an_npz_is_never_unpickled(tmp_path):
    marker = tmp_path / "pwned"
    arrays = good_arrays()
    arrays["W1"] = np.array([SystemCall(touch_cmd(marker))], dtype=object)
    path = write_npz(tmp_path / "m.npz", arrays)
    with pytest.raises(ModelError):
        load_model(path)
    assert not marker.exists()


# ---------------------------------------------------------------------- Deep Learning from Scratch pickles
def book_style_weights(seed: int = 0) -> dict[str, np.ndarray]:
    """A dict of float32 W1, b1, …, W3, b3 like the book's sample_weight.pkl (smaller)."""
    rng = np.random.default_rng(seed)
    sizes = [6, 5, 4, 3]
    params = {}
    for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:], strict=True), start=1):
        params[f"W{i}"] = rng.standard_normal((a, b)).astype(np.float32)
        params[f"b{i}"] = rng.standard_normal(b).astype(np.float32)
    return params


def book_forward(params: dict[str, np.ndarray], x: np.ndarray) -> np.ndarray:
    """The book's ch03 predict(): sigmoid, sigmoid, softmax."""

    def sigmoid(a):
        return 1 / (1 + np.exp(-a))

    z1 = sigmoid(x @ params["W1"] + params["b1"])
    z2 = sigmoid(z1 @ params["W2"] + params["b2"])
    a3 = z2 @ params["W3"] + params["b3"]
    e = np.exp(a3 - a3.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


@pytest.mark.parametrize("protocol", range(2, pickle.HIGHEST_PROTOCOL + 1))
def test_book_style_pickles_load_and_predict_like_the_book(tmp_path, protocol):
    params = book_style_weights()
    path = tmp_path / "sample_weight.pkl"
    with open(path, "wb") as f:
        pickle.dump(params, f, protocol=protocol)
    model = load_dlfs_pickle(path)
    assert model.network.sizes == [6, 5, 4, 3]
    assert model.network.activation_names == ["sigmoid", "sigmoid"]
    x = np.random.default_rng(1).uniform(0, 1, (20, 6)).astype(np.float32)
    np.testing.assert_allclose(
        model.network.predict_proba(x), book_forward(params, x), rtol=1e-5, atol=1e-6
    )
    assert model.meta["format"] == "dlfs-pickle"


def test_an_ordered_dict_pickle_and_a_named_activation(tmp_path):
    params = book_style_weights(2)
    path = tmp_path / "w.pkl"
    path.write_bytes(pickle.dumps(OrderedDict(params)))
    model = load_dlfs_pickle(path, activation="relu")
    assert model.network.activation_names == ["relu", "relu"]
    x = np.ones((1, 6), np.float32)
    h = np.maximum(x @ params["W1"] + params["b1"], 0)
    h = np.maximum(h @ params["W2"] + params["b2"], 0)
    np.testing.assert_allclose(
        model.network.scores(x), h @ params["W3"] + params["b3"], rtol=1e-5, atol=1e-5
    )
    with pytest.raises(ModelError, match="Unknown activation"):
        load_dlfs_pickle(path, activation="mish")


@pytest.mark.parametrize(
    "obj",
    [
        [np.ones((2, 2), np.float32)],
        {1: np.ones((2, 2), np.float32)},
        {"W1": np.ones((2, 3), np.float32)},
        {"W1": np.ones((2, 3), np.float32), "b1": np.full(3, np.nan, np.float32)},
    ],
    ids=["list", "int-keys", "missing-b", "nan"],
)
def test_pickles_that_are_not_weight_dicts_are_model_errors(tmp_path, obj):
    path = tmp_path / "w.pkl"
    path.write_bytes(pickle.dumps(obj))
    with pytest.raises(ModelError):
        load_dlfs_pickle(path)


@pytest.mark.parametrize(
    "content", [b"", b"not a pickle at all", pickle.dumps(book_style_weights())[:40]]
)
def test_unreadable_pickles_are_model_errors(tmp_path, content):
    path = tmp_path / "w.pkl"
    path.write_bytes(content)
    with pytest.raises(ModelError, match="w.pkl"):
        load_dlfs_pickle(path)


def test_the_books_sample_weights_load(dlfs_weights):
    model = load_dlfs_pickle(dlfs_weights)
    assert model.network.sizes == [784, 50, 100, 10]
    assert model.is_digit_model and model.input_shape == (28, 28)
    assert model.class_names == tuple(str(i) for i in range(10))


# ---------------------------------------------------------------------- resolving and fitting
def test_resolve_model_picks_the_reader_by_suffix(tmp_path):
    npz = save_model(tmp_path / "m.npz", tiny_net())
    pkl = tmp_path / "w.pkl"
    pkl.write_bytes(pickle.dumps(book_style_weights()))
    assert resolve_model(npz).network.sizes == [2, 5, 3]
    assert resolve_model(pkl).network.activation_names == ["sigmoid", "sigmoid"]
    assert resolve_model(pkl, "tanh").network.activation_names == ["tanh", "tanh"]


def test_an_unknown_builtin_model_is_a_model_error():
    with pytest.raises(ModelError, match="no built-in model"):
        resolve_model("builtin:does-not-exist")


def test_check_fits_explains_a_mismatch():
    model = modelio.Model(tiny_net(), ("0", "1", "2"), (2,))
    check_fits(model, 2, 3)
    with pytest.raises(ModelError, match="takes 2 inputs but mnist has 784 features"):
        check_fits(model, 784, 10, "mnist")
    with pytest.raises(ModelError, match="predicts 3 classes"):
        check_fits(model, 2, 4)


# ---------------------------------------------------------------------- feature crosses
def test_a_model_keeps_its_feature_crosses(tmp_path):
    net = Network([3, 2], seed=0)
    meta = {"network_config": {"hidden": [], "features": ["x1^2", "x1x2", "sin_x2"]}}
    model = load_model(save_model(tmp_path / "m.npz", net, meta=meta))
    assert model.crosses.names == ("x1^2", "x1x2", "sin_x2")
    assert not load_model(save_model(tmp_path / "plain.npz", Network([2, 2]))).crosses


@pytest.mark.parametrize(
    ("features", "fragment"),
    [
        (["x1^2", "x3"], "names feature crosses nnviz cannot use: ['x1^2', 'x3']"),
        ("x1^2", "names feature crosses nnviz cannot use: 'x1^2'"),
        (["x1", "x2"], "names 2 feature crosses for a network of 3 inputs"),
    ],
)
def test_crosses_a_model_cannot_take_are_one_sentence(tmp_path, features, fragment):
    meta = {"network_config": {"features": features}}
    path = save_model(tmp_path / "m.npz", Network([3, 2], seed=0), meta=meta)
    with pytest.raises(ModelError, match=re.escape(f"m.npz {fragment}.")):
        load_model(path)
