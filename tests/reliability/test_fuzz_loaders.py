"""Hypothesis against the readers tests/data does not fuzz yet: only data or nnviz's errors.

tests/data fuzzes the IDX reader, the Kaggle CSV reader and the points CSV reader.
Here: the whole MNIST loading pipeline on a folder with one mutated IDX file (where
labels are checked against images), Keras ``mnist.npz``, nnviz model files (stored, so
the .npy headers themselves get mutated), the book's weight pickles (through the
restricted unpickler) and session files.  Each mutated input either loads or raises
the project's own error type with one sentence — nothing else escapes.  Runs are
derandomised: the same examples every time.
"""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nnviz.app.session_file import SessionFile, load_session, model_from_bytes
from nnviz.core.modelio import Model, load_dlfs_pickle, load_model
from nnviz.data.datasets import load_dataset
from nnviz.data.readers import read_keras_npz
from nnviz.errors import DataError, ModelError, NnvizError
from tests.data.mnist_fixtures import gzip_bytes, idx_bytes, idx_file_name, make_digits
from tests.reliability.bad_files import (
    book_params,
    good_session_bytes,
    model_arrays,
    npz_bytes,
)

FUZZ = settings(
    max_examples=150,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@st.composite
def mutated(draw, data: bytes) -> bytes:
    """``data`` with bytes flipped, inserted, removed, cut off or appended (1-4 times)."""
    buf = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["flip", "insert", "delete", "truncate", "append", "zero"]))
        pos = draw(st.integers(0, max(len(buf) - 1, 0)))
        if op == "flip" and buf:
            buf[pos] = draw(st.integers(0, 255))
        elif op == "zero" and buf:
            buf[pos : pos + 4] = b"\x00" * len(buf[pos : pos + 4])
        elif op == "insert":
            buf[pos:pos] = draw(st.binary(min_size=1, max_size=8))
        elif op == "delete" and buf:
            del buf[pos : pos + draw(st.integers(1, 8))]
        elif op == "truncate":
            del buf[pos:]
        else:
            buf += draw(st.binary(min_size=1, max_size=8))
    return bytes(buf)


def one_sentence(e: Exception) -> None:
    message = str(e)
    assert message and "\n" not in message and message.rstrip().endswith((".", ")")), message


# ---------------------------------------------------------------------- the MNIST pipeline
def _idx_folder_bytes() -> dict[str, bytes]:
    x, y = make_digits(6, seed=0)
    tx, ty = make_digits(3, seed=1)
    return {
        "train_images": idx_bytes(x),
        "train_labels": idx_bytes(y),
        "test_images": idx_bytes(tx),
        "test_labels": idx_bytes(ty),
    }


IDX_FILES = _idx_folder_bytes()


@FUZZ
@given(data=st.data(), role=st.sampled_from(list(IDX_FILES)), gz=st.booleans())
def test_fuzz_a_mnist_folder(tmp_path: Path, data, role: str, gz: bool):
    folder = tmp_path / "mnist"
    folder.mkdir(exist_ok=True)
    for p in folder.iterdir():
        p.unlink()
    for r, content in IDX_FILES.items():
        if r == role:
            content = data.draw(mutated(content))
        (folder / idx_file_name(r, gz=gz)).write_bytes(gzip_bytes(content) if gz else content)
    try:
        ds = load_dataset("mnist", data_dir=folder)
    except DataError as e:
        one_sentence(e)
    else:
        assert ds.x_train.dtype == np.uint8 and ds.x_train.shape[1] == 784
        assert ds.y_train.min() >= 0 and ds.y_train.max() <= 9
        assert len(ds.x_train) == len(ds.y_train) and len(ds.x_test) == len(ds.y_test)


# ---------------------------------------------------------------------- Keras mnist.npz
def _keras_bytes() -> bytes:
    x, y = make_digits(4, seed=0)
    tx, ty = make_digits(2, seed=1)
    return npz_bytes({"x_train": x, "y_train": y, "x_test": tx, "y_test": ty})


KERAS = _keras_bytes()


@FUZZ
@given(data=st.data())
def test_fuzz_keras_npz(tmp_path: Path, data):
    path = tmp_path / "mnist.npz"
    path.write_bytes(data.draw(mutated(KERAS)))
    try:
        arrays = read_keras_npz(path)
    except DataError as e:
        one_sentence(e)
    else:
        assert arrays.x_train.dtype == np.uint8 and arrays.x_train.shape[1] == 784
        assert arrays.y_train.max() <= 9 and arrays.y_test.min() >= 0


# ---------------------------------------------------------------------- nnviz models
MODEL = npz_bytes(model_arrays())


def check_model(model: Model) -> None:
    net = model.network
    assert len(model.class_names) == net.n_classes
    assert int(np.prod(model.input_shape)) == net.input_size
    assert all(np.all(np.isfinite(p)) for p in net.params.values())
    p = net.predict_proba(np.zeros((1, net.input_size), np.float32))
    assert np.all(np.isfinite(p))


@FUZZ
@given(data=st.data())
def test_fuzz_model_files(tmp_path: Path, data):
    path = tmp_path / "model.npz"
    path.write_bytes(data.draw(mutated(MODEL)))
    try:
        model = load_model(path)
    except NnvizError as e:
        one_sentence(e)
    else:
        check_model(model)


@FUZZ
@given(
    meta=st.dictionaries(
        st.sampled_from(["format", "format_version", "activations", "class_names", "input_shape"]),
        st.recursive(
            st.none() | st.booleans() | st.integers(-3, 1000) | st.floats() | st.text(max_size=6),
            lambda inner: (
                st.lists(inner, max_size=4)
                | st.dictionaries(st.text(max_size=3), inner, max_size=3)
            ),
            max_leaves=8,
        ),
        max_size=5,
    )
)
def test_fuzz_model_metadata(tmp_path: Path, meta: dict):
    arrays = model_arrays()
    good = json.loads(str(arrays["__meta__"][()]))
    arrays["__meta__"] = np.array(json.dumps({**good, **meta}))
    path = tmp_path / "model.npz"
    path.write_bytes(npz_bytes(arrays))
    try:
        model = load_model(path)
    except NnvizError as e:
        one_sentence(e)
    else:
        check_model(model)


# ---------------------------------------------------------------------- book pickles
PICKLES = [pickle.dumps(book_params(), protocol=p) for p in (0, 2, 4, 5)]


@FUZZ
@given(data=st.data(), which=st.integers(0, len(PICKLES) - 1))
def test_fuzz_book_pickles(tmp_path: Path, data, which: int):
    path = tmp_path / "weights.pkl"
    path.write_bytes(data.draw(mutated(PICKLES[which])))
    try:
        model = load_dlfs_pickle(path)
    except ModelError as e:
        one_sentence(e)
    else:
        check_model(model)


# ---------------------------------------------------------------------- sessions
SESSION = good_session_bytes()


@FUZZ
@given(data=st.data())
def test_fuzz_session_files(tmp_path: Path, data):
    path = tmp_path / "s.json"
    path.write_bytes(data.draw(mutated(SESSION)))
    try:
        sess = load_session(path)
        model = model_from_bytes(sess.model_npz, path.name) if sess.model_npz else None
    except NnvizError as e:
        one_sentence(e)
    else:
        assert isinstance(sess, SessionFile) and isinstance(sess.epoch, int)
        if model is not None:
            check_model(model)


@FUZZ
@given(
    section=st.sampled_from(["data", "network", "train"]),
    key=st.sampled_from(
        [
            "key",
            "samples",
            "noise",
            "classes",
            "test_ratio",
            "seed",
            "path",
            "data_dir",
            "hidden",
            "activation",
            "init",
            "init_std",
            "learning_rate",
            "optimizer",
            "momentum",
            "batch_size",
            "epochs",
            "l2",
            "gradient",
        ]
    ),  # fmt: skip
    value=st.none()
    | st.booleans()
    | st.integers(-10, 10)
    | st.floats()
    | st.text(max_size=5)
    | st.lists(st.integers(-2, 5), max_size=3),
)
def test_fuzz_session_settings(tmp_path: Path, section: str, key: str, value):
    obj = json.loads(SESSION)
    obj["config"][section][key] = value
    path = tmp_path / "s.json"
    path.write_text(json.dumps(obj), encoding="utf-8")
    try:
        sess = load_session(path)
        ds = sess.config.data.load()
        from nnviz.app.config import build_trainer

        trainer = build_trainer(sess.config, data=ds)
        trainer.step(max_batches=2)
    except NnvizError as e:
        one_sentence(e)
