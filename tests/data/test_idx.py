"""IDX reading: round trips, every way a file can be broken, and fuzzing."""

from __future__ import annotations

import gzip
import os
import tracemalloc
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nnviz.data.idx import MAX_PAYLOAD_BYTES, read_idx, read_idx_images, read_idx_labels
from nnviz.data.readers import validate_pair
from nnviz.errors import DataError
from tests.data.mnist_fixtures import (
    IDX_CODES,
    gzip_bytes,
    idx_bytes,
    idx_header,
    make_digits,
    write_bytes,
    write_idx,
)

FUZZ = settings(
    max_examples=300,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def _sample(dtype: str, shape: tuple[int, ...]) -> np.ndarray:
    """An array of ``dtype`` covering extreme values."""
    n = int(np.prod(shape))
    if dtype.startswith("float"):
        info = np.finfo(dtype)
        pool = np.array([0.0, -1.5, 3.25, info.max, info.min, info.tiny, np.inf, -np.inf])
    else:
        info = np.iinfo(dtype)
        pool = np.array([0, 1, info.max, info.min, info.max // 3])
    return np.resize(pool, n).astype(dtype).reshape(shape)


# --- round trips ---------------------------------------------------------------------------


@pytest.mark.parametrize("gz", [False, True], ids=["raw", "gz"])
@pytest.mark.parametrize("dtype", list(IDX_CODES))
@pytest.mark.parametrize("shape", [(7,), (3, 5), (2, 3, 4), (2, 1, 3, 2)])
def test_round_trip_every_dtype(tmp_path: Path, dtype: str, shape: tuple[int, ...], gz: bool):
    array = _sample(dtype, shape)
    path = write_idx(tmp_path / "a.idx", array, gz=gz)
    got = read_idx(path)
    assert got.dtype == np.dtype(dtype)
    assert got.dtype.isnative
    assert got.shape == shape
    np.testing.assert_array_equal(got, array)
    assert got.flags.writeable


def test_multibyte_values_are_big_endian_in_the_file(tmp_path: Path):
    # 0x0B = int16, one dimension of 2: 0x0102 = 258 and 0xFFFE = -2.
    path = write_bytes(tmp_path / "s.idx", bytes([0, 0, 0x0B, 1, 0, 0, 0, 2, 1, 2, 0xFF, 0xFE]))
    np.testing.assert_array_equal(read_idx(path), [258, -2])


def test_gzip_is_detected_by_magic_not_extension(tmp_path: Path):
    array = np.arange(12, dtype=np.uint8).reshape(3, 4)
    gz_named_plain = write_idx(tmp_path / "images.idx", array, gz=True)
    plain_named_gz = write_idx(tmp_path / "images.idx.gz", array, gz=False)
    np.testing.assert_array_equal(read_idx(gz_named_plain), array)
    np.testing.assert_array_equal(read_idx(plain_named_gz), array)


def test_zero_sized_dimension_reads_as_empty_array(tmp_path: Path):
    path = write_bytes(tmp_path / "e.idx", idx_header(0x08, (0, 28, 28)))
    assert read_idx(path).shape == (0, 28, 28)


def test_read_idx_images_flattens_rows(tmp_path: Path):
    images, _ = make_digits(5, shape=(4, 3))
    path = write_idx(tmp_path / "train-images-idx3-ubyte.gz", images, gz=True)
    flat, shape = read_idx_images(path)
    assert shape == (4, 3)
    assert flat.dtype == np.uint8
    assert flat.shape == (5, 12)
    np.testing.assert_array_equal(flat, images.reshape(5, 12))


def test_read_idx_labels_gives_int64(tmp_path: Path):
    _, labels = make_digits(9)
    path = write_idx(tmp_path / "train-labels-idx1-ubyte", labels)
    got = read_idx_labels(path)
    assert got.dtype == np.int64
    np.testing.assert_array_equal(got, labels)


# --- broken headers ------------------------------------------------------------------------


@pytest.mark.parametrize("gz", [False, True], ids=["raw", "gz"])
def test_empty_file(tmp_path: Path, gz: bool):
    path = write_bytes(tmp_path / "empty.idx", b"", gz=gz)
    with pytest.raises(DataError, match=r"^empty\.idx is empty\.$"):
        read_idx(path)


def test_header_shorter_than_magic(tmp_path: Path):
    path = write_bytes(tmp_path / "short.idx", b"\x00\x00")
    with pytest.raises(DataError, match="too short to be an IDX file"):
        read_idx(path)


@pytest.mark.parametrize("gz", [False, True], ids=["raw", "gz"])
def test_wrong_magic(tmp_path: Path, gz: bool):
    path = write_bytes(tmp_path / "x.idx", b"\x12\x34\x08\x01\x00\x00\x00\x01\x00", gz=gz)
    with pytest.raises(DataError, match=r"x\.idx is not an IDX file: it starts with 0x12340801"):
        read_idx(path)


@pytest.mark.parametrize("code", [0x00, 0x07, 0x0A, 0x0F, 0xFF])
def test_unknown_dtype_code(tmp_path: Path, code: int):
    path = write_bytes(tmp_path / "x.idx", idx_header(code, (1,)) + b"\x00" * 8)
    with pytest.raises(DataError, match=f"unknown IDX element type 0x{code:02X}"):
        read_idx(path)


@pytest.mark.parametrize("ndim", [0, 5, 255])
def test_bad_number_of_dimensions(tmp_path: Path, ndim: int):
    path = write_bytes(tmp_path / "x.idx", bytes([0, 0, 0x08, ndim]) + b"\x00" * 40)
    with pytest.raises(DataError, match=f"declares {ndim} dimensions"):
        read_idx(path)


def test_header_cut_inside_the_sizes(tmp_path: Path):
    path = write_bytes(tmp_path / "x.idx", bytes([0, 0, 0x08, 3]) + b"\x00\x00\x00\x05\x00")
    with pytest.raises(DataError, match="truncated inside its header: expected 16 bytes, found 9"):
        read_idx(path)


def test_images_reader_rejects_a_labels_file(tmp_path: Path):
    path = write_idx(tmp_path / "train-labels-idx1-ubyte", np.zeros(4, np.uint8))
    with pytest.raises(DataError, match="not an IDX image file: its magic number is 0x00000801"):
        read_idx_images(path)


def test_labels_reader_rejects_an_images_file(tmp_path: Path):
    path = write_idx(tmp_path / "imgs", np.zeros((2, 2, 2), np.uint8))
    with pytest.raises(DataError, match="not an IDX label file: .*expected 0x00000801"):
        read_idx_labels(path)


def test_labels_reader_rejects_other_element_types(tmp_path: Path):
    path = write_idx(tmp_path / "labels", np.zeros(4, np.int32))
    with pytest.raises(DataError, match="0x00000C01, expected 0x00000801"):
        read_idx_labels(path)


def test_images_file_with_no_images(tmp_path: Path):
    path = write_bytes(tmp_path / "imgs", idx_header(0x08, (0, 28, 28)))
    with pytest.raises(DataError, match="holds no images"):
        read_idx_images(path)


def test_images_of_zero_size(tmp_path: Path):
    path = write_bytes(tmp_path / "imgs", idx_header(0x08, (5, 0, 28)))
    with pytest.raises(DataError, match="empty 0×28 images"):
        read_idx_images(path)


def test_labels_file_with_no_labels(tmp_path: Path):
    path = write_bytes(tmp_path / "labels", idx_header(0x08, (0,)))
    with pytest.raises(DataError, match="holds no labels"):
        read_idx_labels(path)


# --- payload size must match exactly -------------------------------------------------------


def test_truncated_message_names_file_and_sizes(tmp_path: Path):
    path = write_bytes(
        tmp_path / "train-images-idx3-ubyte.gz",
        idx_header(0x08, (60000, 28, 28)) + b"\x00" * 1000,
        gz=True,
    )
    with pytest.raises(DataError) as info:
        read_idx_images(path)
    assert str(info.value) == (
        "train-images-idx3-ubyte.gz is truncated: expected 47,040,000 bytes of pixels "
        "after the 16-byte header, found 1,000."
    )


@pytest.mark.parametrize("gz", [False, True], ids=["raw", "gz"])
def test_truncated_at_every_offset(tmp_path: Path, gz: bool):
    data = idx_bytes(np.arange(24, dtype=np.int16).reshape(2, 3, 4))
    for cut in range(len(data)):
        path = write_bytes(tmp_path / f"cut{cut}.idx", data[:cut], gz=gz)
        with pytest.raises(DataError, match=r"cut\d+\.idx"):
            read_idx(path)


def test_gzip_stream_cut_at_every_offset(tmp_path: Path):
    packed = gzip_bytes(idx_bytes(np.arange(300, dtype=np.float32)))
    for cut in range(1, len(packed)):
        path = write_bytes(tmp_path / "cut.idx.gz", packed[:cut])
        with pytest.raises(DataError, match=r"cut\.idx\.gz"):
            read_idx(path)


@pytest.mark.parametrize("gz", [False, True], ids=["raw", "gz"])
@pytest.mark.parametrize("delta", [-1, +1, +100])
def test_dims_disagree_with_byte_count(tmp_path: Path, gz: bool, delta: int):
    payload = b"\x07" * (10 + delta)
    path = write_bytes(tmp_path / "d.idx", idx_header(0x08, (10,)) + payload, gz=gz)
    expected = "truncated: expected 10 bytes" if delta < 0 else "unexpected bytes? after its 10"
    with pytest.raises(DataError, match=expected):
        read_idx(path)


def test_trailing_garbage_is_counted_in_raw_files(tmp_path: Path):
    data = idx_bytes(np.zeros(4, np.uint8)) + b"junk"
    path = write_bytes(tmp_path / "t.idx", data)
    with pytest.raises(
        DataError, match=r"^t\.idx has 4 unexpected bytes after its 4 bytes of data\.$"
    ):
        read_idx(path)


# --- never trust the header: limits and allocation -----------------------------------------


def _peak_bytes_while(fn) -> int:
    """Peak traced memory while ``fn()`` runs (expected to raise DataError)."""
    tracemalloc.start()
    try:
        with pytest.raises(DataError):
            fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("gz", [False, True], ids=["raw", "gz"])
def test_huge_declared_dims_fail_fast_without_allocating(tmp_path: Path, gz: bool):
    path = write_bytes(
        tmp_path / "huge.idx", idx_header(0x0E, (10**9, 10**9)) + b"\x00" * 64, gz=gz
    )
    peak = _peak_bytes_while(lambda: read_idx(path))
    assert peak < 4_000_000
    with pytest.raises(DataError, match=r"8,000,000,000,000,000,000 bytes\), more than the 2 GiB"):
        read_idx(path)


def test_declared_size_beyond_a_raw_file_fails_before_reading(tmp_path: Path):
    # 1.5 GB is under the limit, but a 20-byte file cannot hold it.
    path = write_bytes(tmp_path / "big.idx", idx_header(0x08, (1500, 1000, 1000)) + b"\x00" * 4)
    peak = _peak_bytes_while(lambda: read_idx(path))
    assert peak < 4_000_000


def test_declared_size_beyond_what_a_gzip_file_can_hold(tmp_path: Path):
    path = write_bytes(tmp_path / "big.idx.gz", idx_header(0x08, (1500, 1000, 1000)), gz=True)
    peak = _peak_bytes_while(lambda: read_idx(path))
    assert peak < 4_000_000
    with pytest.raises(DataError, match=r"truncated: expected 1,500,000,000 bytes .* found 0\."):
        read_idx(path)


def test_gzip_bomb_is_read_only_up_to_the_declared_size(tmp_path: Path):
    # The header declares 4 MB but the stream inflates to 64 MB of zeros.
    declared = 4 * 1024**2
    path = tmp_path / "bomb.idx.gz"
    with gzip.open(path, "wb", compresslevel=9) as f:
        f.write(idx_header(0x08, (declared,)))
        zeros = bytes(1024**2)
        for _ in range(64):
            f.write(zeros)
    assert path.stat().st_size < 200_000
    peak = _peak_bytes_while(lambda: read_idx(path))
    assert peak < 3 * declared


def test_max_bytes_is_configurable(tmp_path: Path):
    path = write_idx(tmp_path / "m.idx", np.zeros(100, np.uint8))
    assert read_idx(path, max_bytes=100).shape == (100,)
    with pytest.raises(DataError, match="more than the 99 bytes limit"):
        read_idx(path, max_bytes=99)


def test_default_limit_is_2_gib():
    assert MAX_PAYLOAD_BYTES == 2 * 1024**3


# --- files that are not files --------------------------------------------------------------


def test_directory_instead_of_file(tmp_path: Path):
    folder = tmp_path / "train-images-idx3-ubyte"
    folder.mkdir()
    with pytest.raises(DataError, match=r"train-images-idx3-ubyte is a folder, not a data file\."):
        read_idx(folder)


def test_missing_file(tmp_path: Path):
    with pytest.raises(DataError, match=r"nope\.idx does not exist\."):
        read_idx(tmp_path / "nope.idx")


def test_unreadable_file(tmp_path: Path):
    path = write_idx(tmp_path / "secret.idx", np.zeros(3, np.uint8))
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running with privileges that ignore file permissions")
        with pytest.raises(DataError, match=r"secret\.idx cannot be read: permission denied\."):
            read_idx(path)
    finally:
        path.chmod(0o644)


# --- corrupt gzip --------------------------------------------------------------------------


def test_corrupt_gzip_stream(tmp_path: Path):
    packed = bytearray(gzip_bytes(idx_bytes(np.arange(5000, dtype=np.int32))))
    for i in range(12, len(packed) - 8, 7):
        packed[i] ^= 0xFF
    path = write_bytes(tmp_path / "bad.gz", bytes(packed))
    with pytest.raises(DataError, match=r"^bad\.gz is a (corrupt|truncated) gzip file"):
        read_idx(path)


def test_gzip_with_wrong_crc(tmp_path: Path):
    packed = bytearray(gzip_bytes(idx_bytes(np.arange(50, dtype=np.uint8))))
    packed[-8] ^= 0x01  # the CRC-32 of the uncompressed data
    path = write_bytes(tmp_path / "crc.gz", bytes(packed))
    with pytest.raises(DataError, match=r"crc\.gz is a corrupt gzip file \(CRC check failed"):
        read_idx(path)


def test_gzip_magic_followed_by_garbage(tmp_path: Path):
    path = write_bytes(tmp_path / "fake.gz", b"\x1f\x8bnot really gzip at all")
    with pytest.raises(DataError, match=r"fake\.gz is a (corrupt|truncated) gzip file"):
        read_idx(path)


# --- images and labels together ------------------------------------------------------------


def test_label_count_differs_from_image_count(tmp_path: Path):
    images, labels = make_digits(10)
    img = write_idx(tmp_path / "train-images-idx3-ubyte", images)
    lab = write_idx(tmp_path / "train-labels-idx1-ubyte", labels[:9])
    x, _ = read_idx_images(img)
    with pytest.raises(DataError, match=r"train-labels-idx1-ubyte has 9 labels for 10 images\."):
        validate_pair(x, read_idx_labels(lab), source=lab.name)


def test_labels_out_of_range(tmp_path: Path):
    labels = np.array([0, 3, 9, 10, 2], np.uint8)
    lab = write_idx(tmp_path / "train-labels-idx1-ubyte", labels)
    with pytest.raises(DataError, match="has label 10 at position 3, outside 0..9"):
        validate_pair(np.zeros((5, 784), np.uint8), read_idx_labels(lab), source=lab.name)


# --- fuzzing: nothing but an array or DataError comes out ----------------------------------


def _read_or_data_error(path: Path) -> None:
    """Call every IDX reader; each must return or raise DataError, nothing else."""
    for reader in (read_idx, read_idx_images, read_idx_labels):
        try:
            result = reader(path)
        except DataError as e:
            message = str(e)
            assert message.endswith(".") and "\n" not in message
        else:
            assert isinstance(result, (np.ndarray, tuple))


@FUZZ
@given(data=st.binary(max_size=300), gz=st.booleans())
def test_fuzz_arbitrary_bytes(tmp_path: Path, data: bytes, gz: bool):
    _read_or_data_error(write_bytes(tmp_path / "fuzz.idx", data, gz=gz))


@st.composite
def _valid_idx(draw) -> bytes:
    """The bytes of a small valid IDX file."""
    dtype = draw(st.sampled_from(list(IDX_CODES)))
    shape = tuple(draw(st.lists(st.integers(0, 4), min_size=1, max_size=4)))
    return idx_bytes(_sample(dtype, shape))


@st.composite
def _mutated(draw, data: bytes) -> bytes:
    """``data`` with random bytes flipped, inserted, removed or cut off."""
    buf = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["flip", "insert", "delete", "truncate", "append"]))
        pos = draw(st.integers(0, max(len(buf) - 1, 0)))
        if op == "flip" and buf:
            buf[pos] = draw(st.integers(0, 255))
        elif op == "insert":
            buf[pos:pos] = draw(st.binary(min_size=1, max_size=8))
        elif op == "delete" and buf:
            del buf[pos : pos + draw(st.integers(1, 8))]
        elif op == "truncate":
            del buf[pos:]
        else:
            buf += draw(st.binary(min_size=1, max_size=8))
    return bytes(buf)


@FUZZ
@given(data=st.data(), gz=st.booleans(), mutate_compressed=st.booleans())
def test_fuzz_mutated_valid_files(tmp_path: Path, data, gz: bool, mutate_compressed: bool):
    valid = data.draw(_valid_idx())
    if gz and mutate_compressed:
        raw = data.draw(_mutated(gzip_bytes(valid)))
        path = write_bytes(tmp_path / "fuzz.idx.gz", raw)
    else:
        path = write_bytes(tmp_path / "fuzz.idx", data.draw(_mutated(valid)), gz=gz)
    _read_or_data_error(path)


def test_permission_error_is_reported_even_when_running_as_root(tmp_path: Path, monkeypatch):
    path = write_idx(tmp_path / "locked.idx", np.zeros(3, np.uint8))

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("nnviz.data.idx.open", refuse, raising=False)
    with pytest.raises(DataError, match=r"locked\.idx cannot be read: permission denied\."):
        read_idx(path)


def test_zero_dimension_beside_huge_ones_is_refused_not_crashing(tmp_path: Path):
    # Found by the fuzzer: 0 × 16,777,216 × 8,388,608 × 1 elements has an empty payload,
    # but NumPy cannot shape it; it must be a DataError, not a ValueError.
    header = (
        b"\x00\x00\x08\x04"
        + b"\x00\x00\x00\x00"
        + b"\x01\x00\x00\x00"
        + b"\x00\x80\x00\x00"
        + b"\x00\x00\x00\x01"
    )
    path = write_bytes(tmp_path / "zero.idx", header)
    with pytest.raises(DataError):
        read_idx(path)
