"""Keras npz and Kaggle CSV readers, and the shared image/label validation."""

from __future__ import annotations

import io
import tracemalloc
import zipfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nnviz.data.readers import MnistArrays, read_csv_digits, read_keras_npz, validate_pair
from nnviz.errors import DataError
from tests.data.mnist_fixtures import csv_text, make_digits, write_bytes, write_csv, write_keras_npz

FUZZ = settings(
    max_examples=300,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


# --- validate_pair -------------------------------------------------------------------------


def test_validate_pair_returns_int64_labels():
    images = np.zeros((3, 784), np.uint8)
    out_images, labels = validate_pair(images, np.array([0, 9, 4], np.uint8))
    assert out_images is images
    assert labels.dtype == np.int64
    np.testing.assert_array_equal(labels, [0, 9, 4])


def test_validate_pair_count_mismatch_names_the_source():
    with pytest.raises(DataError, match=r"^labels\.bin has 2 labels for 3 images\.$"):
        validate_pair(np.zeros((3, 784), np.uint8), np.array([1, 2]), source="labels.bin")


@pytest.mark.parametrize(("bad", "pos"), [(-1, 1), (10, 2), (255, 0)])
def test_validate_pair_label_out_of_range(bad: int, pos: int):
    labels = np.array([1, 2, 3], np.int64)
    labels[pos] = bad
    with pytest.raises(DataError, match=f"has label {bad} at position {pos}, outside 0..9"):
        validate_pair(np.zeros((3, 4), np.uint8), labels)


def test_validate_pair_respects_n_classes():
    validate_pair(np.zeros((2, 4)), np.array([0, 2]), n_classes=3)
    with pytest.raises(DataError, match="outside 0..1"):
        validate_pair(np.zeros((2, 4)), np.array([0, 2]), n_classes=2)


def test_validate_pair_rejects_float_and_2d_labels():
    with pytest.raises(DataError, match="labels of type float64, not whole numbers"):
        validate_pair(np.zeros((2, 4)), np.array([0.0, 1.0]))
    with pytest.raises(DataError, match="not one label per image"):
        validate_pair(np.zeros((2, 4)), np.zeros((2, 1), np.int64))


# --- MnistArrays ---------------------------------------------------------------------------


def test_mnist_arrays_repr_and_counts():
    x, y = np.zeros((5, 784), np.uint8), np.zeros(5, np.int64)
    arrays = MnistArrays(x, y, None, None, (28, 28), "here")
    assert arrays.n_train == 5 and arrays.n_test == 0
    assert repr(arrays) == "MnistArrays(train=5, test=0, image_shape=28×28, source='here')"


def test_mnist_arrays_rejects_inconsistent_arrays():
    x, y = np.zeros((5, 784), np.uint8), np.zeros(5, np.int64)
    with pytest.raises(ValueError):
        MnistArrays(x, y, x, None)
    with pytest.raises(ValueError):
        MnistArrays(x.astype(np.float32), y, None, None)
    with pytest.raises(ValueError):
        MnistArrays(x, y[:4], None, None)


# --- Keras npz -----------------------------------------------------------------------------


@pytest.mark.parametrize("compressed", [False, True])
def test_keras_npz_round_trip(tmp_path: Path, compressed: bool):
    written = write_keras_npz(tmp_path / "mnist.npz", 20, 7, compressed=compressed)
    arrays = read_keras_npz(tmp_path / "mnist.npz")
    assert arrays.x_train.shape == (20, 784) and arrays.x_train.dtype == np.uint8
    assert arrays.x_test.shape == (7, 784)
    assert arrays.y_train.dtype == np.int64 and arrays.y_test.dtype == np.int64
    np.testing.assert_array_equal(arrays.x_train, written["x_train"].reshape(20, 784))
    np.testing.assert_array_equal(arrays.y_test, written["y_test"])
    assert arrays.image_shape == (28, 28)


def _npz(path: Path, **arrays: np.ndarray) -> Path:
    """Write an npz holding exactly ``arrays``."""
    np.savez(path, **arrays)
    return path


def _good(n: int = 4) -> dict[str, np.ndarray]:
    """Valid Keras arrays with ``n`` train and ``n`` test digits."""
    x, y = make_digits(n)
    return {"x_train": x, "y_train": y, "x_test": x, "y_test": y}


def test_keras_npz_missing_key(tmp_path: Path):
    arrays = _good()
    del arrays["y_test"]
    path = _npz(tmp_path / "mnist.npz", **arrays)
    with pytest.raises(DataError, match=r"mnist\.npz has no y_test array"):
        read_keras_npz(path)


def test_keras_npz_wrong_pixel_type(tmp_path: Path):
    arrays = _good()
    arrays["x_train"] = arrays["x_train"].astype(np.float32)
    with pytest.raises(DataError, match="holds x_train as float32, not uint8 pixels"):
        read_keras_npz(_npz(tmp_path / "mnist.npz", **arrays))


def test_keras_npz_wrong_image_shape(tmp_path: Path):
    arrays = _good()
    arrays["x_test"] = np.zeros((4, 32, 32), np.uint8)
    with pytest.raises(DataError, match=r"holds x_test of shape \(4, 32, 32\), not N×28×28"):
        read_keras_npz(_npz(tmp_path / "mnist.npz", **arrays))


def test_keras_npz_label_count_mismatch(tmp_path: Path):
    arrays = _good()
    arrays["y_train"] = arrays["y_train"][:3]
    with pytest.raises(DataError, match=r"mnist\.npz \(y_train\) has 3 labels for 4 images"):
        read_keras_npz(_npz(tmp_path / "mnist.npz", **arrays))


def test_keras_npz_label_out_of_range(tmp_path: Path):
    arrays = _good()
    arrays["y_test"] = np.array([0, 1, 2, 11], np.uint8)
    with pytest.raises(DataError, match=r"\(y_test\) has label 11 at position 3"):
        read_keras_npz(_npz(tmp_path / "mnist.npz", **arrays))


def test_keras_npz_refuses_pickled_objects_without_unpickling(tmp_path: Path):
    arrays = _good()
    arrays["y_train"] = np.array([object()] * 4, dtype=object)
    # np.savez pickles object arrays; the reader must refuse them before loading anything.
    with pytest.raises(DataError, match="holds y_train as object, not plain numbers"):
        read_keras_npz(_npz(tmp_path / "mnist.npz", **arrays))


def test_keras_npz_not_a_zip(tmp_path: Path):
    path = write_bytes(tmp_path / "mnist.npz", b"\x93NUMPY this is an npy, not an npz")
    with pytest.raises(DataError, match=r"mnist\.npz is not an \.npz archive"):
        read_keras_npz(path)


def test_keras_npz_truncated(tmp_path: Path):
    write_keras_npz(tmp_path / "full.npz", 30, 10)
    data = (tmp_path / "full.npz").read_bytes()
    for cut in (10, len(data) // 3, len(data) // 2, len(data) - 30):
        path = write_bytes(tmp_path / "mnist.npz", data[:cut])
        with pytest.raises(DataError, match=r"mnist\.npz"):
            read_keras_npz(path)


def test_keras_npz_corrupt_member_is_caught_by_crc(tmp_path: Path):
    write_keras_npz(tmp_path / "mnist.npz", 30, 10)
    data = bytearray((tmp_path / "mnist.npz").read_bytes())
    data[500] ^= 0xFF  # inside x_train's pixels (stored uncompressed)
    path = write_bytes(tmp_path / "mnist.npz", bytes(data))
    with pytest.raises(DataError, match=r"mnist\.npz is a corrupt \.npz archive"):
        read_keras_npz(path)


def test_keras_npz_header_claiming_huge_array_fails_fast(tmp_path: Path):
    # A hand-made .npy header promising 10^9 images in a tiny member.
    header = "{'descr': '|u1', 'fortran_order': False, 'shape': (1000000000, 28, 28), }"
    header = header.ljust(118) + "\n"
    npy = b"\x93NUMPY\x01\x00" + len(header).to_bytes(2, "little") + header.encode() + b"\0" * 64
    good = io.BytesIO()
    np.save(good, np.zeros(4, np.uint8))
    path = tmp_path / "mnist.npz"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("x_train.npy", npy)
        for key in ("y_train", "x_test", "y_test"):
            zf.writestr(f"{key}.npy", good.getvalue())
    with pytest.raises(DataError, match="more than the 2 GiB limit|larger than the archive holds"):
        read_keras_npz(path)


def test_keras_npz_directory(tmp_path: Path):
    (tmp_path / "mnist.npz").mkdir()
    with pytest.raises(DataError, match="is a folder"):
        read_keras_npz(tmp_path / "mnist.npz")


# --- CSV -----------------------------------------------------------------------------------


@pytest.mark.parametrize("header", [True, False])
def test_csv_round_trip(tmp_path: Path, header: bool):
    images, labels = make_digits(6)
    path = write_csv(tmp_path / "mnist_train.csv", images, labels, header=header)
    x, y = read_csv_digits(path)
    assert x.dtype == np.uint8 and x.shape == (6, 784)
    assert y.dtype == np.int64
    np.testing.assert_array_equal(x, images.reshape(6, 784))
    np.testing.assert_array_equal(y, labels)


def test_csv_accepts_crlf_bom_and_blank_lines(tmp_path: Path):
    images, labels = make_digits(3)
    text = "\ufeff" + csv_text(images, labels, newline="\r\n") + "\r\n\r\n"
    path = write_bytes(tmp_path / "d.csv", text.encode("utf-8"))
    x, y = read_csv_digits(path)
    np.testing.assert_array_equal(x, images.reshape(3, 784))
    np.testing.assert_array_equal(y, labels)


def _small_csv(tmp_path: Path, text: str) -> Path:
    """Write CSV ``text`` for a 4-pixel reader (rows of 5 values)."""
    return write_bytes(tmp_path / "digits.csv", text.encode("utf-8"))


def _read_small(path: Path):
    """Read with 4 pixels per row so hand-written examples stay short."""
    return read_csv_digits(path, n_pixels=4)


def test_csv_kaggle_test_file_without_labels(tmp_path: Path):
    images, _ = make_digits(2)
    text = "\n".join(",".join(map(str, row)) for row in images.reshape(2, 784).tolist())
    path = write_bytes(tmp_path / "test.csv", text.encode())
    with pytest.raises(
        DataError, match=r"^test\.csv line 1 has 784 values; expected 785 \(a label"
    ):
        read_csv_digits(path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", r"^digits\.csv is empty\.$"),
        ("\n \n", r"^digits\.csv is empty\.$"),
        ("label,a,b,c,d\n", r"holds a header but no digits"),
        ("label,a,b\n1,2,3,4,5\n", r"header of 3 columns on line 1; expected 5"),
        ("1,2,3,4,5\n1,2,3,4\n", r"^digits\.csv line 2 has 4 values; expected 5"),
        ("1,2,3,4,5,6\n", r"line 1 has 6 values"),
        ("1,2,3,4,5\n1,2,2.5,4,5\n", r"line 2, column 3 holds '2\.5', not a whole number"),
        ("1,2,3,4,5\n\n1,2,,4,5\n", r"line 3, column 3 is empty\."),
        ("1,2,3,4,\n", r"line 1, column 5 is empty\."),
        (",2,3,4,5\n", r"line 1, column 1 is empty\."),
        ("1,2,-3,4,5\n", r"column 3 holds '-3', not a whole number"),
        ("1,2,3,4, 5\n", r"column 5 holds ' 5', not a whole number"),
        ("1,2,3,x,5\n", r"column 4 holds 'x'"),
        ("1,2,3,4,256\n", r"line 1, column 5 holds 256, outside 0\.\.255\."),
        ("1,2,3,4,5\n10,0,0,0,0\n", r"^digits\.csv line 2 has label 10, outside 0\.\.9\.$"),
        ("1,99999999999999999999999,3,4,5\n", r"holds 99999999999999999999999, outside 0\.\.255"),
        ("99999999999999999999999,1,3,4,5\n", r"has label 99999999999999999999999, outside"),
    ],
)
def test_csv_errors_name_line_and_column(tmp_path: Path, text: str, message: str):
    path = _small_csv(tmp_path, text)
    with pytest.raises(DataError, match=message):
        _read_small(path)


def test_csv_line_numbers_count_the_header(tmp_path: Path):
    path = _small_csv(tmp_path, "label,p0,p1,p2,p3\n1,2,3,4,5\n1,2,3,4,300\n")
    with pytest.raises(DataError, match="line 3, column 5 holds 300"):
        _read_small(path)


def test_csv_not_text(tmp_path: Path):
    path = write_bytes(tmp_path / "digits.csv", b"1,2,3\xff\xfe,4,5\n")
    with pytest.raises(
        DataError, match=r"digits\.csv is not a text file: byte 5 is not valid UTF-8"
    ):
        _read_small(path)


def test_csv_directory_and_missing(tmp_path: Path):
    (tmp_path / "mnist_train.csv").mkdir()
    with pytest.raises(DataError, match="is a folder"):
        read_csv_digits(tmp_path / "mnist_train.csv")
    with pytest.raises(DataError, match="does not exist"):
        read_csv_digits(tmp_path / "absent.csv")


def test_csv_too_large(tmp_path: Path, monkeypatch):
    monkeypatch.setattr("nnviz.data.readers.MAX_CSV_BYTES", 10)
    path = _small_csv(tmp_path, "1,2,3,4,5\n1,2,3,4,5\n")
    with pytest.raises(DataError, match="is larger than 10 bytes, too large for a CSV"):
        _read_small(path)


def test_csv_memory_follows_the_file_not_the_limit(tmp_path: Path):
    path = _small_csv(tmp_path, "1,2,3,4,5\n")
    tracemalloc.start()
    try:
        _read_small(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 4_000_000


# --- fuzzing -------------------------------------------------------------------------------


def _csv_or_data_error(path: Path) -> None:
    """The CSV reader returns a valid pair or raises DataError, nothing else."""
    try:
        x, y = _read_small(path)
    except DataError as e:
        assert str(e).endswith(".") and "\n" not in str(e)
    else:
        assert x.dtype == np.uint8 and x.ndim == 2 and x.shape[1] == 4
        assert y.dtype == np.int64 and y.shape == (x.shape[0],)
        assert y.min() >= 0 and y.max() <= 9


@FUZZ
@given(data=st.binary(max_size=200))
def test_fuzz_csv_arbitrary_bytes(tmp_path: Path, data: bytes):
    _csv_or_data_error(write_bytes(tmp_path / "fuzz.csv", data))


_CSV_ALPHABET = st.sampled_from(list("0123456789,\n\r -+.x") + ["255", "256", "label", "\ufeff"])


@FUZZ
@given(pieces=st.lists(_CSV_ALPHABET, max_size=80))
def test_fuzz_csv_near_valid_text(tmp_path: Path, pieces: list[str]):
    _csv_or_data_error(write_bytes(tmp_path / "fuzz.csv", "".join(pieces).encode("utf-8")))


@FUZZ
@given(data=st.data())
def test_fuzz_csv_mutated_valid_files(tmp_path: Path, data):
    images, labels = make_digits(data.draw(st.integers(1, 4)), shape=(2, 2))
    text = bytearray(csv_text(images, labels, header=data.draw(st.booleans())).encode())
    for _ in range(data.draw(st.integers(1, 3))):
        pos = data.draw(st.integers(0, len(text) - 1))
        text[pos : pos + data.draw(st.integers(0, 3))] = data.draw(st.binary(max_size=3))
    _csv_or_data_error(write_bytes(tmp_path / "fuzz.csv", bytes(text)))
