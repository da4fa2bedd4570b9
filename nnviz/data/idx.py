"""Reading IDX files (the MNIST format), raw or gzipped, without trusting the header.

An IDX file is a 4-byte magic number ``00 00 TT DD`` (``TT`` the element type,
``DD`` the number of dimensions), then ``DD`` big-endian uint32 sizes, then the
elements in C order, big-endian. Every size the header declares is checked
against a limit and against what the file can hold *before* anything is
allocated, and the payload must match the declared size exactly.
"""

from __future__ import annotations

import gzip
import math
import os
import zlib
from pathlib import Path
from typing import BinaryIO

import numpy as np

from nnviz.errors import DataError

#: IDX element type codes and their (big-endian) NumPy types.
IDX_DTYPES: dict[int, np.dtype] = {
    0x08: np.dtype(">u1"),
    0x09: np.dtype(">i1"),
    0x0B: np.dtype(">i2"),
    0x0C: np.dtype(">i4"),
    0x0D: np.dtype(">f4"),
    0x0E: np.dtype(">f8"),
}

#: Largest payload ``read_idx`` accepts (full MNIST train images are 47 MB).
MAX_PAYLOAD_BYTES = 2 * 1024**3

IMAGES_MAGIC = 0x00000803
LABELS_MAGIC = 0x00000801

_GZIP_MAGIC = b"\x1f\x8b"
# DEFLATE cannot expand data by more than ~1032:1, so a gzip file of n bytes
# cannot decompress to more than this many times n (plus slack for tiny files).
_GZIP_MAX_RATIO = 1100
_GZIP_SLACK = 64 * 1024
_CHUNK = 1024 * 1024


def read_idx(path: str | os.PathLike[str], *, max_bytes: int = MAX_PAYLOAD_BYTES) -> np.ndarray:
    """Read an IDX file, raw or gzipped, into a native-endian array.

    Parameters
    ----------
    path
        The file. Gzip is detected by its magic bytes ``1f 8b``, whatever the extension.
    max_bytes
        Refuse files whose header declares a larger payload than this.

    Returns
    -------
    numpy.ndarray
        A writable array with the declared shape and the declared element type
        (``uint8``, ``int8``, ``int16``, ``int32``, ``float32`` or ``float64``).

    Raises
    ------
    DataError
        If the file is missing, unreadable, not IDX, corrupt, truncated, has
        trailing bytes, or declares more data than allowed.
    """
    return _read(Path(path), expect=None, what="data", max_bytes=max_bytes)


def read_idx_images(
    path: str | os.PathLike[str], *, max_bytes: int = MAX_PAYLOAD_BYTES
) -> tuple[np.ndarray, tuple[int, int]]:
    """Read an IDX image file (magic ``0x00000803``: uint8, N × rows × cols).

    Parameters
    ----------
    path
        The file, raw or gzipped.
    max_bytes
        Refuse files whose header declares a larger payload than this.

    Returns
    -------
    images : numpy.ndarray
        ``uint8`` array of shape ``(N, rows * cols)``, one flattened image per row.
    shape : tuple of int
        ``(rows, cols)`` of each image.

    Raises
    ------
    DataError
        If the file is not a valid, non-empty IDX image file.
    """
    path = Path(path)
    arr = _read(path, expect=IMAGES_MAGIC, what="pixels", max_bytes=max_bytes)
    n, rows, cols = arr.shape
    if n == 0:
        raise DataError(f"{path.name} holds no images.")
    if rows == 0 or cols == 0:
        raise DataError(f"{path.name} declares empty {rows}×{cols} images.")
    return arr.reshape(n, rows * cols), (rows, cols)


def read_idx_labels(
    path: str | os.PathLike[str], *, max_bytes: int = MAX_PAYLOAD_BYTES
) -> np.ndarray:
    """Read an IDX label file (magic ``0x00000801``: uint8, one dimension).

    Parameters
    ----------
    path
        The file, raw or gzipped.
    max_bytes
        Refuse files whose header declares a larger payload than this.

    Returns
    -------
    numpy.ndarray
        ``int64`` labels of shape ``(N,)``.

    Raises
    ------
    DataError
        If the file is not a valid, non-empty IDX label file.
    """
    path = Path(path)
    arr = _read(path, expect=LABELS_MAGIC, what="labels", max_bytes=max_bytes)
    if arr.size == 0:
        raise DataError(f"{path.name} holds no labels.")
    return arr.astype(np.int64)


def open_data_file(path: str | os.PathLike[str]) -> BinaryIO:
    """Open a data file for binary reading, turning OS failures into one-sentence errors.

    Parameters
    ----------
    path
        The file to open.

    Returns
    -------
    BinaryIO
        The open file; the caller closes it.

    Raises
    ------
    DataError
        If ``path`` is a folder, does not exist or cannot be read.
    """
    path = Path(path)
    if path.is_dir():
        raise DataError(f"{path} is a folder, not a data file.")
    try:
        return open(path, "rb")  # noqa: SIM115 - the caller owns the file
    except FileNotFoundError:
        raise DataError(f"{path} does not exist.") from None
    except PermissionError:
        raise DataError(f"{path} cannot be read: permission denied.") from None
    except OSError as e:
        raise DataError(f"{path} cannot be read: {_reason(e.strerror or e)}.") from None


def _read(path: Path, *, expect: int | None, what: str, max_bytes: int) -> np.ndarray:
    """Open ``path`` (raw or gzip) and read one validated IDX array from it."""
    name = path.name
    f = open_data_file(path)
    with f:
        try:
            file_size = os.fstat(f.fileno()).st_size
            gz = f.read(2) == _GZIP_MAGIC
            f.seek(0)
            if gz:
                with gzip.GzipFile(fileobj=f, mode="rb") as stream:
                    limit = file_size * _GZIP_MAX_RATIO + _GZIP_SLACK
                    return _parse(stream, name, expect, what, max_bytes, limit, exact=False)
            return _parse(f, name, expect, what, max_bytes, file_size, exact=True)
        except EOFError:
            raise DataError(
                f"{name} is a truncated gzip file: the compressed stream ends early."
            ) from None
        except (gzip.BadGzipFile, zlib.error) as e:
            raise DataError(f"{name} is a corrupt gzip file ({_reason(e)}).") from None
        except OSError as e:
            raise DataError(f"{path} cannot be read: {_reason(e.strerror or e)}.") from None


def _parse(
    stream: BinaryIO,
    name: str,
    expect: int | None,
    what: str,
    max_bytes: int,
    size_bound: int,
    *,
    exact: bool,
) -> np.ndarray:
    """Read header and payload from ``stream``; ``size_bound`` caps what the file can hold."""
    head = _read_upto(stream, 4)
    if not head:
        raise DataError(f"{name} is empty.")
    if len(head) < 4:
        raise DataError(f"{name} is too short to be an IDX file ({len(head)} bytes).")
    magic = int.from_bytes(head, "big")
    if head[0] != 0 or head[1] != 0:
        raise DataError(f"{name} is not an IDX file: it starts with 0x{magic:08X}.")
    if expect is not None and magic != expect:
        kind = "image" if expect == IMAGES_MAGIC else "label"
        raise DataError(
            f"{name} is not an IDX {kind} file: its magic number is 0x{magic:08X}, "
            f"expected 0x{expect:08X}."
        )
    code, ndim = head[2], head[3]
    if code not in IDX_DTYPES:
        known = ", ".join(f"0x{c:02X}" for c in IDX_DTYPES)
        raise DataError(f"{name} has unknown IDX element type 0x{code:02X} (known: {known}).")
    if not 1 <= ndim <= 4:
        raise DataError(f"{name} declares {ndim} dimensions; IDX files must have 1 to 4.")
    dims_raw = _read_upto(stream, 4 * ndim)
    if len(dims_raw) < 4 * ndim:
        raise DataError(
            f"{name} is truncated inside its header: expected {4 + 4 * ndim} bytes, "
            f"found {4 + len(dims_raw)}."
        )
    shape = tuple(int.from_bytes(dims_raw[i : i + 4], "big") for i in range(0, 4 * ndim, 4))
    dtype = IDX_DTYPES[code]
    header_len = 4 + 4 * ndim
    payload = math.prod(shape) * dtype.itemsize
    # A zero dimension makes the payload empty, but the other dimensions must still
    # describe an array NumPy can shape (0 × 2³¹ × 2³¹ cannot be).
    if payload > max_bytes or math.prod(d for d in shape if d) * dtype.itemsize > max_bytes:
        dims_text = "×".join(f"{n:,}" for n in shape)
        raise DataError(
            f"{name} declares {dims_text} elements ({payload:,} bytes), "
            f"more than the {_human(max_bytes)} limit."
        )
    if exact:
        # A raw file's size tells the payload size before anything is read.
        _check_payload_size(name, size_bound - header_len, payload, header_len, what, exact=True)
    elif payload + header_len > size_bound:
        # No gzip file of this size can inflate that far: count what it does hold
        # (reading and discarding, so memory stays flat) to say how short it is.
        _check_payload_size(name, _count_rest(stream), payload, header_len, what, exact=False)
    # Grow a buffer chunk by chunk: memory follows the data actually present,
    # never the size the header claims; one byte more reveals trailing data.
    buf = bytearray()
    while len(buf) <= payload:
        chunk = stream.read(min(_CHUNK, payload + 1 - len(buf)))
        if not chunk:
            break
        buf += chunk
    _check_payload_size(name, len(buf), payload, header_len, what, exact=exact)
    arr = np.frombuffer(buf, dtype=dtype).reshape(shape)
    if dtype.itemsize > 1:
        return arr.astype(dtype.newbyteorder("="))
    return arr.view(dtype.newbyteorder("="))


def _check_payload_size(
    name: str, found: int, payload: int, header_len: int, what: str, *, exact: bool
) -> None:
    """Raise DataError unless ``found`` payload bytes are exactly the declared ``payload``."""
    if found < payload:
        raise DataError(
            f"{name} is truncated: expected {payload:,} bytes of {what} after the "
            f"{header_len}-byte header, found {found:,}."
        )
    if found > payload:
        # Gzip payloads are read only one byte past the declared size, so their
        # surplus is unknown; a raw file's is exact.
        surplus = found - payload
        extra = (
            f"{surplus:,} unexpected byte{'s' * (surplus != 1)}" if exact else "unexpected bytes"
        )
        raise DataError(f"{name} has {extra} after its {payload:,} bytes of {what}.")


def _count_rest(stream: BinaryIO) -> int:
    """Read ``stream`` to its end, counting bytes without keeping them."""
    n = 0
    while chunk := stream.read(_CHUNK):
        n += len(chunk)
    return n


def _read_upto(stream: BinaryIO, n: int) -> bytes:
    """Read ``n`` bytes, or fewer only at end of file."""
    parts = []
    while n > 0:
        chunk = stream.read(n)
        if not chunk:
            break
        parts.append(chunk)
        n -= len(chunk)
    return b"".join(parts)


def _human(n: int) -> str:
    """A byte count as '2 GiB' / '12 MiB' / '1,000 bytes'."""
    for unit, size in (("GiB", 1024**3), ("MiB", 1024**2), ("KiB", 1024)):
        if n >= size and n % size == 0:
            return f"{n // size:,} {unit}"
    return f"{n:,} bytes"


def _reason(e: BaseException | str) -> str:
    """An exception's message (or a string) without a trailing period."""
    if isinstance(e, str):
        return e.rstrip(".")
    return (str(e) or type(e).__name__).rstrip(".")
