"""Every file format nnviz reads, each broken in every way the issue lists.

A :class:`Case` writes one broken input under a folder and says what to hand to nnviz:
a data folder (IDX, Keras npz, Kaggle CSV) or a file (model ``.npz``, book ``.pkl``,
points CSV, session JSON).  ``Case.kind`` is the row of the closing table ("empty",
"truncated", "wrong magic", ...); ``Case.variant`` tells apart the cases of one kind
(e.g. the offset of a truncation).  Each format also has a ``good_case`` so the tests
can show that only the broken bytes make a case fail.

Nothing here imports Qt; the CLI, GUI and library tests share these builders.
"""

from __future__ import annotations

import base64
import io
import json
import pickle
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from nnviz.app.config import DataRequest, SessionConfig, config_to_json
from nnviz.app.session_file import SessionFile, model_to_bytes, save_session
from nnviz.core.modelio import save_model
from nnviz.core.network import Network
from nnviz.core.trainer import NetworkConfig, TrainConfig
from tests.data.mnist_fixtures import (
    csv_text,
    gzip_bytes,
    idx_bytes,
    idx_file_name,
    idx_header,
    make_digits,
    write_idx_dataset,
)

N_TRAIN, N_TEST = 16, 8
_SPARSE = object()  # a builder's "write a sparse 1 TiB file here"


@dataclass
class Built:
    """What a case wrote: the path to hand to nnviz, files to make unreadable, patches."""

    target: Path
    locked: tuple[Path, ...] = ()
    patches: dict[str, object] = field(default_factory=dict)  # "module.NAME" → value


@dataclass(frozen=True)
class Case:
    fmt: str
    kind: str
    variant: str
    build: Callable[[Path], Built]

    @property
    def id(self) -> str:
        return f"{self.fmt}:{self.kind}" + (f"[{self.variant}]" if self.variant else "")

    def __str__(self) -> str:
        return self.id


HUGE_FILE = 2**40  # a sparse 1 TiB file: no disk used, but reading it all would be fatal


def make_sparse(path: Path, size: int = HUGE_FILE, head: bytes = b"") -> None:
    """``path`` as a sparse file of ``size`` bytes starting with ``head``."""
    with open(path, "wb") as f:
        f.write(head)
        f.truncate(size)


def cut_offsets(n: int, header: int) -> list[int]:
    """Truncation points: inside and around the header, through the body, near the end."""
    wanted = {1, 2, 3, header - 1, header, header + 1, n // 3, n // 2, 2 * n // 3, n - 2, n - 1}
    return sorted(k for k in wanted if 0 < k < n)


# ---------------------------------------------------------------------- NumPy containers
def npy_bytes(arr: np.ndarray, *, shape=None, descr: str | None = None) -> bytes:
    """``arr`` as an .npy file, optionally with a header that lies about shape or dtype."""
    buf = io.BytesIO()
    arr = np.asarray(arr)
    arr = arr if arr.flags.c_contiguous else arr.copy()  # (ascontiguousarray makes 0-d 1-d)
    header = np.lib.format.header_data_from_array_1_0(arr)
    if shape is not None:
        header["shape"] = tuple(shape)
    if descr is not None:
        header["descr"] = descr
    np.lib.format.write_array_header_1_0(buf, header)
    buf.write(arr.tobytes())
    return buf.getvalue()


def npz_bytes(members: dict[str, np.ndarray | bytes]) -> bytes:
    """A stored (uncompressed) .npz of ``members``; bytes values are written as they are."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        for key, value in members.items():
            zf.writestr(f"{key}.npy", value if isinstance(value, bytes) else npy_bytes(value))
    return buf.getvalue()


# ---------------------------------------------------------------------- IDX folders
def _digits() -> dict[str, np.ndarray]:
    x, y = make_digits(N_TRAIN, seed=0)
    return {"images": x, "labels": y}


def _idx_case(fmt: str, gz: bool, kind: str, variant: str, mutate) -> Case:
    """A valid IDX folder whose train images or labels file ``mutate(folder, path_of)`` breaks."""

    def build(root: Path) -> Built:
        folder = root / "data"
        write_idx_dataset(folder, n_train=N_TRAIN, n_test=N_TEST, gz=gz)

        def path_of(role: str) -> Path:
            return folder / idx_file_name(role, gz=gz)

        out = mutate(folder, path_of)
        return out if isinstance(out, Built) else Built(folder)

    return Case(fmt, kind, variant, build)


def _content(role: str, raw: bytes, gz: bool):
    """Replace the file of ``role`` by ``raw`` IDX bytes (gzipped for the .gz format)."""

    def mutate(folder: Path, path_of) -> None:
        path_of(role).write_bytes(gzip_bytes(raw) if gz else raw)

    return mutate


def _disk(role: str, change: Callable[[bytes], bytes]):
    """Change the bytes on disk of ``role``'s file (after any gzip compression)."""

    def mutate(folder: Path, path_of) -> None:
        p = path_of(role)
        p.write_bytes(change(p.read_bytes()))

    return mutate


def idx_cases(gz: bool) -> list[Case]:
    fmt = "idx-gz" if gz else "idx-raw"
    d = _digits()
    images, labels = d["images"], d["labels"]
    good_images, good_labels = idx_bytes(images), idx_bytes(labels)
    hdr = 16
    cases = [
        _idx_case(fmt, gz, "empty", "images", _disk("train_images", lambda b: b"")),
        _idx_case(fmt, gz, "empty", "labels", _disk("train_labels", lambda b: b"")),
    ]
    if gz:
        cases.append(
            _idx_case(fmt, gz, "empty", "gzip of nothing", _content("train_images", b"", gz))
        )
    for k in cut_offsets(len(good_images), hdr):
        cases.append(
            _idx_case(
                fmt, gz, "truncated", f"images@{k}", _content("train_images", good_images[:k], gz)
            )
        )
    for k in cut_offsets(len(good_labels), 8):
        cases.append(
            _idx_case(
                fmt, gz, "truncated", f"labels@{k}", _content("train_labels", good_labels[:k], gz)
            )
        )
    if gz:
        n = len(gzip_bytes(good_images))
        for k in cut_offsets(n, 10):
            cases.append(
                _idx_case(
                    fmt,
                    gz,
                    "truncated",
                    f"gzip-stream@{k}",
                    _disk("train_images", lambda b, k=k: b[:k]),
                )
            )
        cases += [
            _idx_case(
                fmt,
                gz,
                "corrupt stream",
                "garbage after gzip magic",
                _disk("train_images", lambda b: b[:4] + b"\xff" * 200),
            ),
            _idx_case(
                fmt,
                gz,
                "corrupt stream",
                "wrong CRC",
                _disk(
                    "train_images", lambda b: b[:-8] + bytes(x ^ 0xFF for x in b[-8:-4]) + b[-4:]
                ),
            ),
            _idx_case(
                fmt,
                gz,
                "corrupt stream",
                "flipped deflate byte",
                _disk("train_images", lambda b: b[:40] + bytes([b[40] ^ 0x55]) + b[41:]),
            ),
        ]
    cases += [
        _idx_case(
            fmt,
            gz,
            "wrong magic",
            "zip signature",
            _content("train_images", b"PK\x03\x04" + good_images[4:], gz),
        ),
        _idx_case(
            fmt,
            gz,
            "wrong magic",
            "labels magic on images",
            _content("train_images", b"\x00\x00\x08\x01" + good_images[4:], gz),
        ),
        _idx_case(
            fmt,
            gz,
            "wrong magic",
            "images magic on labels",
            _content("train_labels", idx_bytes(labels.reshape(N_TRAIN, 1, 1)), gz),
        ),
        _idx_case(
            fmt,
            gz,
            "wrong magic",
            "text file",
            _content("train_images", b"hello, this is not IDX\n" * 20, gz),
        ),
        _idx_case(
            fmt,
            gz,
            "wrong dtype code",
            "0x0A unknown",
            _content("train_images", b"\x00\x00\x0a\x03" + good_images[4:], gz),
        ),
        _idx_case(
            fmt,
            gz,
            "wrong dtype code",
            "0xFF unknown",
            _content("train_labels", b"\x00\x00\xff\x01" + good_labels[4:], gz),
        ),
        _idx_case(
            fmt,
            gz,
            "wrong dtype code",
            "int32 images",
            _content("train_images", idx_bytes(images.astype(np.int32)), gz),
        ),
        _idx_case(
            fmt,
            gz,
            "wrong dtype code",
            "int16 labels",
            _content("train_labels", idx_bytes(labels.astype(np.int16)), gz),
        ),
        _idx_case(
            fmt,
            gz,
            "wrong dtype code",
            "0 dimensions",
            _content("train_images", b"\x00\x00\x08\x00", gz),
        ),
        _idx_case(
            fmt,
            gz,
            "dims ≠ byte count",
            "one image more declared",
            _content(
                "train_images", idx_header(0x08, (N_TRAIN + 1, 28, 28)) + good_images[hdr:], gz
            ),
        ),
        _idx_case(
            fmt,
            gz,
            "dims ≠ byte count",
            "one image fewer declared",
            _content(
                "train_images", idx_header(0x08, (N_TRAIN - 1, 28, 28)) + good_images[hdr:], gz
            ),
        ),
        _idx_case(
            fmt,
            gz,
            "dims ≠ byte count",
            "one trailing byte",
            _content("train_images", good_images + b"\x00", gz),
        ),
        _idx_case(
            fmt,
            gz,
            "dims ≠ byte count",
            "27×28 images",
            _content("train_images", idx_bytes(np.zeros((N_TRAIN, 27, 28), np.uint8)), gz),
        ),
        _idx_case(
            fmt,
            gz,
            "dims ≠ byte count",
            "labels declare more",
            _content("train_labels", idx_header(0x08, (N_TRAIN + 5,)) + good_labels[8:], gz),
        ),
        _idx_case(
            fmt,
            gz,
            "dims ≠ byte count",
            "no images",
            _content("train_images", idx_header(0x08, (0, 28, 28)), gz),
        ),
        _idx_case(
            fmt,
            gz,
            "label count ≠ image count",
            "one label short",
            _content("train_labels", idx_bytes(labels[:-1]), gz),
        ),
        _idx_case(
            fmt,
            gz,
            "label count ≠ image count",
            "one label extra",
            _content("train_labels", idx_bytes(np.append(labels, 3).astype(np.uint8)), gz),
        ),
        _idx_case(
            fmt,
            gz,
            "label count ≠ image count",
            "test split",
            _disk(
                "test_labels",
                lambda b: (gzip_bytes if gz else bytes)(idx_bytes(np.zeros(N_TEST + 2, np.uint8))),
            ),
        ),
        _idx_case(
            fmt,
            gz,
            "label outside classes",
            "10",
            _content(
                "train_labels",
                idx_bytes(np.where(np.arange(N_TRAIN) == 5, 10, labels).astype(np.uint8)),
                gz,
            ),
        ),
        _idx_case(
            fmt,
            gz,
            "label outside classes",
            "255",
            _content("train_labels", idx_bytes(np.full(N_TRAIN, 255, np.uint8)), gz),
        ),
        _idx_case(
            fmt,
            gz,
            "NaN/inf in float data",
            "float32 NaN images",
            _content("train_images", idx_bytes(np.full((N_TRAIN, 28, 28), np.nan, np.float32)), gz),
        ),
        _idx_case(
            fmt,
            gz,
            "NaN/inf in float data",
            "float64 inf labels",
            _content("train_labels", idx_bytes(np.full(N_TRAIN, np.inf)), gz),
        ),
        _idx_case(
            fmt,
            gz,
            "huge declared dims",
            "4G×28×28 images",
            _content("train_images", idx_header(0x08, (2**32 - 1, 28, 28)) + good_images[hdr:], gz),
        ),
        _idx_case(
            fmt,
            gz,
            "huge declared dims",
            "4G×4G×4G float64",
            _content("train_images", idx_header(0x0E, (2**32 - 1,) * 3), gz),
        ),
        _idx_case(
            fmt,
            gz,
            "huge declared dims",
            "4G labels",
            _content("train_labels", idx_header(0x08, (2**32 - 1,)) + good_labels[8:], gz),
        ),
        _idx_case(
            fmt,
            gz,
            "huge declared dims",
            "0 beside huge",
            _content("train_images", idx_header(0x08, (0, 2**31, 2**31)), gz),
        ),
        _idx_case(
            fmt,
            gz,
            "huge file (sparse 1 TiB)",
            "images",
            _sparse("train_images", good_images[:hdr]),
        ),
        _idx_case(
            fmt, gz, "directory instead of file", "images", _replace_with_dir("train_images")
        ),
        _idx_case(fmt, gz, "directory instead of file", "data dir is a file", _data_dir_is_a_file),
        _idx_case(fmt, gz, "no read permission", "images", _lock("train_images")),
        _idx_case(fmt, gz, "no read permission", "labels", _lock("train_labels")),
    ]
    return cases


def _sparse(role: str, head: bytes):
    def mutate(folder: Path, path_of) -> None:
        make_sparse(path_of(role), head=head)

    return mutate


def _replace_with_dir(role: str):
    def mutate(folder: Path, path_of) -> None:
        p = path_of(role)
        p.unlink()
        p.mkdir()

    return mutate


def _lock(role: str):
    def mutate(folder: Path, path_of) -> Built:
        return Built(folder, locked=(path_of(role),))

    return mutate


def _data_dir_is_a_file(folder: Path, path_of) -> Built:
    f = folder.parent / "not-a-folder"
    f.write_bytes(b"\x00" * 100)
    return Built(f)


# ---------------------------------------------------------------------- Keras mnist.npz
def _keras_arrays() -> dict[str, np.ndarray]:
    x_train, y_train = make_digits(N_TRAIN, seed=0)
    x_test, y_test = make_digits(N_TEST, seed=1)
    return {"x_train": x_train, "y_train": y_train, "x_test": x_test, "y_test": y_test}


def _place(path: Path, data, sparse_head: bytes) -> None:
    """Put a case's content at ``path``: None → a folder there, _SPARSE → a sparse 1 TiB
    file starting with ``sparse_head``, a dict → JSON, bytes → the bytes."""
    if data is None:
        path.mkdir()
    elif data is _SPARSE:
        make_sparse(path, head=sparse_head)
    elif isinstance(data, dict):
        path.write_text(json.dumps(data), encoding="utf-8")
    else:
        path.write_bytes(data)


def _file_case(
    fmt: str,
    name: str,
    sparse_head: bytes,
    kind: str,
    variant: str,
    make: Callable[[], bytes | dict | None],
    *,
    lock=False,
    patches=None,
) -> Case:
    """A case whose target is one file ``name`` made by ``make()``."""

    def build(root: Path) -> Built:
        path = root / name
        root.mkdir(parents=True, exist_ok=True)
        _place(path, make(), sparse_head)
        return Built(path, locked=(path,) if lock else (), patches=patches or {})

    return Case(fmt, kind, variant, build)


def _keras_case(
    kind: str, variant: str, make: Callable[[dict], bytes | None], *, lock=False, patches=None
) -> Case:
    def build(root: Path) -> Built:
        folder = root / "data"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "mnist.npz"
        _place(path, make(_keras_arrays()), b"PK\x03\x04")
        return Built(folder, locked=(path,) if lock else (), patches=patches or {})

    return Case("keras-npz", kind, variant, build)


def _with(arrays: dict, **changes) -> dict:
    out = dict(arrays)
    out.update(changes)
    return {k: v for k, v in out.items() if v is not None}


def keras_cases() -> list[Case]:
    good = npz_bytes(_keras_arrays())
    first = len(zipfile.ZipFile(io.BytesIO(good)).infolist()[0].filename) + 30
    cases = [_keras_case("empty", "", lambda a: b"")]
    for k in cut_offsets(len(good), first):
        cases.append(_keras_case("truncated", f"@{k}", lambda a, k=k: npz_bytes(a)[:k]))
    cases += [
        _keras_case("wrong magic", "GIF", lambda a: b"GIF89a" + npz_bytes(a)[6:]),
        _keras_case("wrong magic", "a bare .npy", lambda a: npy_bytes(a["x_train"])),
        _keras_case(
            "wrong magic",
            "member not .npy",
            lambda a: npz_bytes(_with(a, x_train=b"not an npy member")),
        ),
        _keras_case(
            "wrong dtype code",
            "float32 pixels",
            lambda a: npz_bytes(_with(a, x_train=a["x_train"].astype(np.float32))),
        ),
        _keras_case(
            "wrong dtype code",
            "float labels",
            lambda a: npz_bytes(_with(a, y_train=a["y_train"].astype(np.float64))),
        ),
        _keras_case(
            "wrong dtype code",
            "complex pixels",
            lambda a: npz_bytes(_with(a, x_train=a["x_train"].astype(np.complex64))),
        ),
        _keras_case(
            "wrong dtype code",
            "structured dtype",
            lambda a: npz_bytes(_with(a, x_train=np.zeros((N_TRAIN, 28, 28), dtype=[("a", "u1")]))),
        ),
        _keras_case(
            "wrong dtype code",
            "header says <f8 over u1 bytes",
            lambda a: npz_bytes(_with(a, x_train=npy_bytes(a["x_train"], descr="<f8"))),
        ),
        _keras_case(
            "dims ≠ byte count",
            "header declares one more",
            lambda a: npz_bytes(
                _with(a, x_train=npy_bytes(a["x_train"], shape=(N_TRAIN + 1, 28, 28)))
            ),
        ),
        _keras_case(
            "dims ≠ byte count",
            "header declares fewer",
            lambda a: npz_bytes(
                _with(a, x_train=npy_bytes(a["x_train"], shape=(N_TRAIN - 1, 28, 28)))
            ),
        ),
        _keras_case(
            "dims ≠ byte count",
            "27×28 images",
            lambda a: npz_bytes(_with(a, x_train=np.zeros((N_TRAIN, 27, 28), np.uint8))),
        ),
        _keras_case(
            "dims ≠ byte count",
            "flat images",
            lambda a: npz_bytes(_with(a, x_train=a["x_train"].reshape(N_TRAIN, 784))),
        ),
        _keras_case(
            "dims ≠ byte count", "missing y_test", lambda a: npz_bytes(_with(a, y_test=None))
        ),
        _keras_case(
            "label count ≠ image count",
            "train",
            lambda a: npz_bytes(_with(a, y_train=a["y_train"][:-1])),
        ),
        _keras_case(
            "label count ≠ image count",
            "test",
            lambda a: npz_bytes(_with(a, y_test=np.append(a["y_test"], 1).astype(np.uint8))),
        ),
        _keras_case(
            "label count ≠ image count",
            "2-D labels",
            lambda a: npz_bytes(_with(a, y_train=a["y_train"].reshape(-1, 1))),
        ),
        _keras_case(
            "label outside classes",
            "10",
            lambda a: npz_bytes(_with(a, y_train=np.full(N_TRAIN, 10, np.uint8))),
        ),
        _keras_case(
            "label outside classes",
            "-1",
            lambda a: npz_bytes(_with(a, y_test=np.full(N_TEST, -1, np.int64))),
        ),
        _keras_case(
            "NaN/inf in float data",
            "NaN pixels",
            lambda a: npz_bytes(_with(a, x_train=np.full((N_TRAIN, 28, 28), np.nan, np.float32))),
        ),
        _keras_case(
            "huge declared dims",
            "2^40 images",
            lambda a: npz_bytes(_with(a, x_train=npy_bytes(a["x_train"], shape=(2**40, 28, 28)))),
        ),
        _keras_case(
            "huge declared dims",
            "2^62 labels",
            lambda a: npz_bytes(_with(a, y_train=npy_bytes(a["y_train"], shape=(2**62,)))),
        ),
        _keras_case("huge file (sparse 1 TiB)", "", lambda a: _SPARSE),
        _keras_case("directory instead of file", "", lambda a: None),
        _keras_case("no read permission", "", lambda a: npz_bytes(a), lock=True),
    ]
    return cases


# ---------------------------------------------------------------------- Kaggle CSV
def _kaggle_lines() -> list[str]:
    x, y = make_digits(6, seed=0)
    return csv_text(x, y).splitlines()


def _kaggle_case(
    kind: str,
    variant: str,
    make: Callable[[list[str]], bytes | None],
    *,
    test_file=False,
    lock=False,
    patches=None,
) -> Case:
    def build(root: Path) -> Built:
        folder = root / "data"
        folder.mkdir(parents=True, exist_ok=True)
        good = ("\n".join(_kaggle_lines()) + "\n").encode()
        train, test = folder / "mnist_train.csv", folder / "mnist_test.csv"
        train.write_bytes(good)
        test.write_bytes(good)
        broken = test if test_file else train
        data = make(_kaggle_lines())
        if data is None:
            broken.unlink()
            broken.mkdir()
        elif data is _SPARSE:
            make_sparse(broken, head=_lines(_kaggle_lines()[:2]))
        else:
            broken.write_bytes(data)
        return Built(folder, locked=(broken,) if lock else (), patches=patches or {})

    return Case("kaggle-csv", kind, variant, build)


def _lines(lines: list[str]) -> bytes:
    return ("\n".join(lines) + "\n").encode()


def _set_field(lines: list[str], row: int, col: int, value: str) -> bytes:
    out = list(lines)
    fields = out[row].split(",")
    fields[col] = value
    out[row] = ",".join(fields)
    return _lines(out)


def kaggle_cases() -> list[Case]:
    lines = _kaggle_lines()
    text = "\n".join(lines) + "\n"
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    # Cut inside rows (a cut at a row end would leave a shorter but valid file: CSV has no header
    # that says how many rows follow).
    cuts = [3] + [starts[r] + len(lines[r]) // f for r in (1, 3, len(lines) - 1) for f in (2, 4)]
    cases = [
        _kaggle_case("empty", "zero bytes", lambda ls: b""),
        _kaggle_case("empty", "blank lines", lambda ls: b"\n\n  \n"),
        _kaggle_case("empty", "header only", lambda ls: _lines(ls[:1])),
    ]
    for k in cuts:
        cases.append(_kaggle_case("truncated", f"@{k}", lambda ls, k=k: text[:k].encode()))
    cases += [
        _kaggle_case("wrong magic", "PNG signature", lambda ls: b"\x89PNG\r\n\x1a\n" + _lines(ls)),
        _kaggle_case("wrong magic", "UTF-16", lambda ls: "\n".join(ls).encode("utf-16")),
        _kaggle_case("wrong magic", "gzip of the CSV", lambda ls: gzip_bytes(_lines(ls))),
        _kaggle_case(
            "wrong dtype code", "decimal pixel", lambda ls: _set_field(ls, 2, 100, "12.5")
        ),
        _kaggle_case("wrong dtype code", "word pixel", lambda ls: _set_field(ls, 3, 5, "abc")),
        _kaggle_case("wrong dtype code", "word label", lambda ls: _set_field(ls, 1, 0, "seven")),
        _kaggle_case("wrong dtype code", "empty field", lambda ls: _set_field(ls, 2, 7, "")),
        _kaggle_case(
            "dims ≠ byte count",
            "row one value short",
            lambda ls: _lines(ls[:2] + [ls[2].rsplit(",", 1)[0]] + ls[3:]),
        ),
        _kaggle_case(
            "dims ≠ byte count",
            "row one value extra",
            lambda ls: _lines(ls[:2] + [ls[2] + ",0"] + ls[3:]),
        ),
        _kaggle_case(
            "dims ≠ byte count",
            "header one column short",
            lambda ls: _lines([ls[0].rsplit(",", 1)[0]] + ls[1:]),
        ),
        _kaggle_case(
            "dims ≠ byte count",
            "14×14 digits",
            lambda ls: csv_text(*make_digits(3, shape=(14, 14))).encode(),
        ),
        _kaggle_case("label outside classes", "10", lambda ls: _set_field(ls, 1, 0, "10")),
        _kaggle_case("label outside classes", "-1", lambda ls: _set_field(ls, 2, 0, "-1")),
        _kaggle_case("label outside classes", "pixel 256", lambda ls: _set_field(ls, 2, 9, "256")),
        _kaggle_case(
            "label outside classes",
            "in the test file",
            lambda ls: _set_field(ls, 1, 0, "12"),
            test_file=True,
        ),
        _kaggle_case("NaN/inf in float data", "nan pixel", lambda ls: _set_field(ls, 1, 50, "nan")),
        _kaggle_case("NaN/inf in float data", "inf label", lambda ls: _set_field(ls, 1, 0, "inf")),
        _kaggle_case(
            "huge declared dims", "30-digit pixel", lambda ls: _set_field(ls, 1, 50, "9" * 30)
        ),
        _kaggle_case(
            "huge declared dims",
            "file over the size cap",
            lambda ls: _lines(ls),
            patches={"nnviz.data.readers.MAX_CSV_BYTES": 1000},
        ),
        _kaggle_case("huge file (sparse 1 TiB)", "train file", lambda ls: _SPARSE),
        _kaggle_case("directory instead of file", "train file", lambda ls: None),
        _kaggle_case("no read permission", "", lambda ls: _lines(ls), lock=True),
    ]
    return cases


# ---------------------------------------------------------------------- nnviz model .npz
def small_network(sizes=(2, 4, 3)) -> Network:
    return Network(list(sizes), "tanh", seed=0)


def model_arrays(sizes=(2, 4, 3), **meta_changes) -> dict[str, np.ndarray]:
    """The members of a valid nnviz model file, as plain arrays."""
    net = small_network(sizes)
    meta = {
        "format": "nnviz-model",
        "format_version": 1,
        "sizes": list(sizes),
        "activations": ["tanh"] * (len(sizes) - 2),
        "class_names": [str(i) for i in range(sizes[-1])],
        "input_shape": [sizes[0]],
    }
    meta.update(meta_changes)
    arrays = {k: np.array(v) for k, v in net.params.items()}
    arrays["__meta__"] = np.array(json.dumps(meta))
    return arrays


def _model_case(kind: str, variant: str, make: Callable[[], bytes | None], *, lock=False) -> Case:
    return _file_case("model-npz", "model.npz", b"PK\x03\x04", kind, variant, make, lock=lock)


def _model_with(**changes) -> bytes:
    return npz_bytes(_with(model_arrays(), **changes))


def good_model_bytes() -> bytes:
    buf = io.BytesIO()
    a = model_arrays()
    np.savez_compressed(buf, **a)
    return buf.getvalue()


def model_cases() -> list[Case]:
    good = good_model_bytes()
    w1 = model_arrays()["W1"]
    cases = [_model_case("empty", "", lambda: b"")]
    for k in cut_offsets(len(good), 30):
        cases.append(_model_case("truncated", f"@{k}", lambda k=k: good_model_bytes()[:k]))
    cases += [
        _model_case("wrong magic", "GIF", lambda: b"GIF89a" + good[6:]),
        _model_case("wrong magic", "a bare .npy", lambda: npy_bytes(np.zeros((2, 4), np.float32))),
        _model_case("wrong magic", "a pickle", lambda: pickle.dumps({"W1": w1})),
        _model_case("wrong magic", "text", lambda: b"W1,b1\n1,2\n"),
        _model_case("wrong magic", "plain npz without metadata", lambda: npz_bytes({"W1": w1})),
        _model_case(
            "wrong magic", "metadata not JSON", lambda: _model_with(__meta__=np.array("{not json"))
        ),
        _model_case("wrong magic", "metadata a number", lambda: _model_with(__meta__=np.array(5))),
        _model_case(
            "wrong magic",
            "metadata nested 100,000 deep",
            lambda: _model_with(__meta__=np.array("[" * 100_000 + "]" * 100_000)),
        ),
        _model_case(
            "wrong magic", "another format", lambda: npz_bytes(model_arrays(format="keras"))
        ),
        _model_case(
            "wrong dtype code", "int32 weights", lambda: _model_with(W1=w1.astype(np.int32))
        ),
        _model_case(
            "wrong dtype code", "complex weights", lambda: _model_with(W1=w1.astype(np.complex64))
        ),
        _model_case(
            "wrong dtype code", "string weights", lambda: _model_with(W1=np.array([["a"] * 4] * 2))
        ),
        _model_case(
            "wrong dtype code",
            "header says <f8 over f4 bytes",
            lambda: _model_with(W1=npy_bytes(w1, descr="<f8")),
        ),
        _model_case(
            "wrong dtype code",
            "class names a number",
            lambda: npz_bytes(model_arrays(class_names=5)),
        ),
        _model_case(
            "wrong dtype code",
            "input shape in words",
            lambda: npz_bytes(model_arrays(input_shape=["two"])),
        ),
        _model_case(
            "dims ≠ byte count",
            "input shape 3×3 for 2 inputs",
            lambda: npz_bytes(model_arrays(input_shape=[3, 3])),
        ),
        _model_case(
            "wrong dtype code",
            "unknown activation",
            lambda: npz_bytes(model_arrays(activations=["mish"])),
        ),
        _model_case(
            "dims ≠ byte count",
            "W2 does not chain",
            lambda: _model_with(W2=np.zeros((5, 3), np.float32)),
        ),
        _model_case(
            "dims ≠ byte count", "b1 too long", lambda: _model_with(b1=np.zeros(7, np.float32))
        ),
        _model_case("dims ≠ byte count", "1-D W1", lambda: _model_with(W1=w1.ravel())),
        _model_case("dims ≠ byte count", "b2 missing", lambda: _model_with(b2=None)),
        _model_case(
            "dims ≠ byte count",
            "header declares more rows",
            lambda: _model_with(W1=npy_bytes(w1, shape=(3, 4))),
        ),
        _model_case(
            "dims ≠ byte count",
            "too many activations",
            lambda: npz_bytes(model_arrays(activations=["tanh", "tanh"])),
        ),
        _model_case("dims ≠ byte count", "stray array", lambda: _model_with(W9=w1)),
        _model_case(
            "NaN/inf in float data",
            "NaN weight",
            lambda: _model_with(W1=np.full((2, 4), np.nan, np.float32)),
        ),
        _model_case(
            "NaN/inf in float data",
            "inf bias",
            lambda: _model_with(b2=np.array([0, np.inf, 0], np.float32)),
        ),
        _model_case(
            "huge declared dims",
            "W1 10^7×10^7",
            lambda: _model_with(W1=npy_bytes(w1, shape=(10**7, 10**7))),
        ),
        _model_case(
            "huge declared dims",
            "b1 2^60",
            lambda: _model_with(b1=npy_bytes(model_arrays()["b1"], shape=(2**60,))),
        ),
        _model_case(
            "newer format version", "99", lambda: npz_bytes(model_arrays(format_version=99))
        ),
        _model_case(
            "wrong dtype code",
            "format version a string",
            lambda: npz_bytes(model_arrays(format_version="2.0")),
        ),
        _model_case(
            "shapes do not fit the data",
            "784 inputs",
            lambda: npz_bytes(model_arrays(sizes=(784, 4, 10))),
        ),
        _model_case(
            "shapes do not fit the data",
            "2 classes for 3",
            lambda: npz_bytes(model_arrays(sizes=(2, 4, 2))),
        ),
        _model_case("huge file (sparse 1 TiB)", "", lambda: _SPARSE),
        _model_case("directory instead of file", "", lambda: None),
        _model_case("no read permission", "", good_model_bytes, lock=True),
    ]
    return cases


# ---------------------------------------------------------------------- book weights .pkl
def book_params(sizes=(2, 4, 3)) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(0)
    params = {}
    for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:], strict=True), start=1):
        params[f"W{i}"] = rng.standard_normal((a, b)).astype(np.float32)
        params[f"b{i}"] = rng.standard_normal(b).astype(np.float32)
    return params


def _pkl_case(kind: str, variant: str, make: Callable[[], bytes | None], *, lock=False) -> Case:
    return _file_case("book-pkl", "weights.pkl", b"PK\x03\x04", kind, variant, make, lock=lock)


def _pkl_with(**changes) -> bytes:
    return pickle.dumps(_with(book_params(), **changes), protocol=2)


class _LyingArray:
    """Pickles as an ndarray whose state declares a huge shape over 16 bytes of data."""

    def __init__(self, shape) -> None:
        self.shape = shape

    def __reduce__(self):
        from numpy._core.multiarray import _reconstruct

        return (
            _reconstruct,
            (np.ndarray, (0,), b"b"),
            (1, self.shape, np.dtype("<f4"), False, b"\x00" * 16),
        )


def pkl_cases() -> list[Case]:
    good = pickle.dumps(book_params(), protocol=2)
    cases = [_pkl_case("empty", "", lambda: b"")]
    for k in cut_offsets(len(good), 2):
        cases.append(
            _pkl_case("truncated", f"@{k}", lambda k=k: pickle.dumps(book_params(), protocol=2)[:k])
        )
    p = book_params()
    cases += [
        _pkl_case("wrong magic", "PNG", lambda: b"\x89PNG\r\n\x1a\n" + good),
        _pkl_case("wrong magic", "an nnviz .npz", good_model_bytes),
        _pkl_case("wrong magic", "text", lambda: b"W1 = [[1, 2], [3, 4]]\n"),
        _pkl_case(
            "wrong dtype code", "int weights", lambda: _pkl_with(W1=p["W1"].astype(np.int64))
        ),
        _pkl_case("wrong dtype code", "nested lists", lambda: _pkl_with(W1=p["W1"].tolist())),
        _pkl_case("wrong dtype code", "string weights", lambda: _pkl_with(W1="weights")),
        _pkl_case("wrong dtype code", "integer keys", lambda: pickle.dumps({1: p["W1"]})),
        _pkl_case("wrong dtype code", "a list of arrays", lambda: pickle.dumps(list(p.values()))),
        _pkl_case("wrong dtype code", "a bare array", lambda: pickle.dumps(p["W1"])),
        _pkl_case("wrong dtype code", "nested dict", lambda: pickle.dumps({"params": p})),
        _pkl_case(
            "dims ≠ byte count", "b1 too long", lambda: _pkl_with(b1=np.zeros(9, np.float32))
        ),
        _pkl_case(
            "dims ≠ byte count",
            "W2 does not chain",
            lambda: _pkl_with(W2=np.zeros((6, 3), np.float32)),
        ),
        _pkl_case("dims ≠ byte count", "b2 missing", lambda: _pkl_with(b2=None)),
        _pkl_case(
            "dims ≠ byte count", "no W1", lambda: pickle.dumps({"W2": p["W2"], "b2": p["b2"]})
        ),
        _pkl_case(
            "NaN/inf in float data",
            "NaN",
            lambda: _pkl_with(W1=np.full((2, 4), np.nan, np.float32)),
        ),
        _pkl_case(
            "NaN/inf in float data", "-inf", lambda: _pkl_with(b1=np.full(4, -np.inf, np.float32))
        ),
        _pkl_case(
            "huge declared dims",
            "array state 10^7×10^7 over 16 bytes",
            lambda: pickle.dumps({**p, "W1": _LyingArray((10**7, 10**7))}, protocol=2),
        ),
        _pkl_case(
            "huge declared dims",
            "BINBYTES8 of 2^62 bytes",
            lambda: b"\x80\x04\x8e" + (2**62).to_bytes(8, "little") + b"xx",
        ),
        _pkl_case(
            "shapes do not fit the data",
            "784 inputs",
            lambda: pickle.dumps(book_params((784, 5, 10))),
        ),
        _pkl_case("huge file (sparse 1 TiB)", "", lambda: _SPARSE),
        _pkl_case("directory instead of file", "", lambda: None),
        _pkl_case("no read permission", "", lambda: pickle.dumps(book_params()), lock=True),
    ]
    return cases


# ---------------------------------------------------------------------- points CSV
GOOD_POINTS = "x,y,label\n0.1,0.2,0\n0.3,-0.4,1\n-0.5,0.6,0\n0.7,0.8,1\n-0.9,-1.0,2\n1.1,1.2,2\n"


def _points_case(
    kind: str, variant: str, make: Callable[[], bytes | None], *, lock=False, patches=None
) -> Case:
    return _file_case(
        "points-csv",
        "points.csv",
        b"x,y,label\n0,0,0\n",
        kind,
        variant,
        make,
        lock=lock,
        patches=patches,
    )


def points_cases() -> list[Case]:
    g = GOOD_POINTS
    # Cuts inside the x or y field of a row leave it short of its label.
    rows = g.splitlines()
    starts = [sum(len(r) + 1 for r in rows[:i]) for i in range(len(rows))]
    cuts = [starts[2] + 2, starts[4] + 5, starts[6] + 2]
    cases = [
        _points_case("empty", "zero bytes", lambda: b""),
        _points_case("empty", "header only", lambda: b"x,y,label\n"),
        _points_case("empty", "blank lines", lambda: b"\n \n\n"),
    ]
    for k in cuts:
        cases.append(_points_case("truncated", f"@{k}", lambda k=k: g[:k].encode()))
    cases += [
        _points_case("wrong magic", "PNG", lambda: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        _points_case("wrong magic", "UTF-16", lambda: g.encode("utf-16")),
        _points_case(
            "wrong dtype code",
            "decimal label",
            lambda: g.replace("0.3,-0.4,1", "0.3,-0.4,1.5").encode(),
        ),
        _points_case(
            "wrong dtype code",
            "word coordinate",
            lambda: g.replace("0.7,0.8,1", "0.7,abc,1").encode(),
        ),
        _points_case(
            "wrong dtype code",
            "bad split column",
            lambda: b"x,y,label,split\n0,0,0,train\n1,1,1,maybe\n",
        ),
        _points_case(
            "dims ≠ byte count", "two columns", lambda: g.replace("0.7,0.8,1", "0.7,0.8").encode()
        ),
        _points_case(
            "dims ≠ byte count",
            "five columns",
            lambda: g.replace("0.7,0.8,1", "0.7,0.8,1,train,x").encode(),
        ),
        _points_case(
            "dims ≠ byte count", "3 then 4 columns", lambda: (g + "0,0,1,test\n").encode()
        ),
        _points_case("label count ≠ image count", "one point", lambda: b"0.1,0.2,0\n"),
        _points_case(
            "label count ≠ image count", "every row a test row", lambda: b"0,0,0,test\n1,1,1,test\n"
        ),
        _points_case(
            "label outside classes", "8", lambda: g.replace("1.1,1.2,2", "1.1,1.2,8").encode()
        ),
        _points_case(
            "label outside classes", "-1", lambda: g.replace("1.1,1.2,2", "1.1,1.2,-1").encode()
        ),
        _points_case("label outside classes", "a single class", lambda: b"0,0,0\n1,1,0\n2,2,0\n"),
        _points_case(
            "NaN/inf in float data", "nan", lambda: g.replace("0.7,0.8,1", "nan,0.8,1").encode()
        ),
        _points_case(
            "NaN/inf in float data", "inf", lambda: g.replace("0.7,0.8,1", "0.7,inf,1").encode()
        ),
        _points_case(
            "NaN/inf in float data", "1e999", lambda: g.replace("0.7,0.8,1", "1e999,0.8,1").encode()
        ),
        _points_case(
            "huge declared dims",
            "file over the size cap",
            lambda: (g * 50).encode(),
            patches={"nnviz.data.points_csv.MAX_POINTS_CSV_BYTES": 1000},
        ),
        _points_case("huge file (sparse 1 TiB)", "", lambda: _SPARSE),
        _points_case("directory instead of file", "", lambda: None),
        _points_case("no read permission", "", lambda: g.encode(), lock=True),
    ]
    return cases


# ---------------------------------------------------------------------- session JSON
def good_session_obj(*, key: str = "spiral", with_model: bool = False) -> dict:
    config = SessionConfig(
        data=DataRequest(key=key),
        network=NetworkConfig(hidden=(4,), activation="tanh"),
        train=TrainConfig(learning_rate=0.1, batch_size=10),
    )
    obj = {
        "format": "nnviz-session",
        "version": 1,
        "config": config_to_json(config),
        "progress": {"epoch": 3},
    }
    if with_model:
        obj["model"] = base64.b64encode(model_to_bytes(small_network((2, 4, 3)))).decode()
    return obj


def _session_case(
    kind: str, variant: str, make: Callable[[], bytes | dict | None], *, lock=False, patches=None
) -> Case:
    return _file_case(
        "session-json",
        "session.json",
        b'{"format": "nnviz-session", ',
        kind,
        variant,
        make,
        lock=lock,
        patches=patches,
    )


def _session_with(section: str | None, **changes) -> dict:
    obj = good_session_obj()
    target = obj if section is None else obj["config"][section]
    for k, v in changes.items():
        if v is _DROP:
            target.pop(k)
        else:
            target[k] = v
    return obj


_DROP = object()


def good_session_bytes() -> bytes:
    return json.dumps(good_session_obj(with_model=True)).encode()


def write_good_session(path: Path) -> Path:
    return save_session(path, SessionFile(SessionConfig(), epoch=0))


def session_cases() -> list[Case]:
    good = good_session_bytes()
    cases = [
        _session_case("empty", "zero bytes", lambda: b""),
        _session_case("empty", "{}", lambda: b"{}"),
    ]
    for k in cut_offsets(len(good), 40):
        cases.append(_session_case("truncated", f"@{k}", lambda k=k: good_session_bytes()[:k]))
    cut_model = good_session_obj(with_model=True)
    cut_model["model"] = base64.b64encode(base64.b64decode(cut_model["model"])[:200]).decode()
    cases += [
        _session_case("truncated", "weights cut short", lambda: cut_model),
        _session_case("wrong magic", "binary", lambda: b"\x89PNG\r\n\x1a\n\x00\xff"),
        _session_case("wrong magic", "a JSON list", lambda: b"[1, 2, 3]"),
        _session_case(
            "wrong magic", "nested 100,000 deep", lambda: b"[" * 100_000 + b"]" * 100_000
        ),
        _session_case(
            "wrong magic", "another format", lambda: _session_with(None, format="jupyter")
        ),
        _session_case(
            "wrong magic", "weights not base64", lambda: _session_with(None, model="***")
        ),
        _session_case(
            "wrong magic",
            "weights not a model",
            lambda: _session_with(None, model=base64.b64encode(b"hello").decode()),
        ),
        _session_case(
            "wrong dtype code", "hidden a word", lambda: _session_with("network", hidden="abc")
        ),
        _session_case(
            "wrong dtype code",
            "learning rate a word",
            lambda: _session_with("train", learning_rate="fast"),
        ),
        _session_case(
            "wrong dtype code", "config a list", lambda: _session_with(None, config=[1, 2])
        ),
        _session_case(
            "wrong dtype code",
            "unknown optimizer",
            lambda: _session_with("train", optimizer="lbfgs"),
        ),
        _session_case(
            "wrong dtype code", "unknown dataset", lambda: _session_with("data", key="cifar10")
        ),
        _session_case(
            "wrong dtype code", "samples a word", lambda: _session_with("data", samples="many")
        ),
        _session_case(
            "wrong dtype code", "noise a word", lambda: _session_with("data", noise="low")
        ),
        _session_case(
            "wrong dtype code",
            "points file a number",
            lambda: _session_with("data", key="csv", path=5),
        ),
        _session_case("wrong dtype code", "negative seed", lambda: _session_with("train", seed=-1)),
        _session_case(
            "wrong dtype code", "negative data seed", lambda: _session_with("data", seed=-1)
        ),
        _session_case(
            "wrong dtype code", "unknown setting", lambda: _session_with("train", warp_speed=9)
        ),
        _session_case(
            "dims ≠ byte count",
            "network section missing",
            lambda: _session_with("network") | {"config": {"data": {}, "train": {}}},
        ),
        _session_case(
            "dims ≠ byte count", "negative layer", lambda: _session_with("network", hidden=[4, -1])
        ),
        _session_case("dims ≠ byte count", "batch 0", lambda: _session_with("train", batch_size=0)),
        _session_case(
            "dims ≠ byte count", "negative epochs", lambda: _session_with("train", epochs=-5)
        ),
        _session_case(
            "label outside classes",
            "99 classes for the spiral",
            lambda: _session_with("data", classes=99),
        ),
        _session_case(
            "NaN/inf in float data",
            "NaN learning rate",
            lambda: json.dumps(_session_with("train", learning_rate=float("nan"))).encode(),
        ),
        _session_case(
            "NaN/inf in float data",
            "Infinity noise",
            lambda: json.dumps(_session_with("data", noise=float("inf"))).encode(),
        ),
        _session_case(
            "NaN/inf in float data",
            "NaN L2",
            lambda: json.dumps(_session_with("train", l2=float("nan"))).encode(),
        ),
        _session_case(
            "huge declared dims",
            "100 layers of 100,000",
            lambda: _session_with("network", hidden=[100_000] * 100),
        ),
        _session_case(
            "huge declared dims",
            "10^7 samples per class",
            lambda: _session_with("data", samples=10**7),
        ),
        _session_case(
            "huge declared dims",
            "file over the size cap",
            lambda: good,
            patches={"nnviz.app.session_file.MAX_SESSION_BYTES": 1000},
        ),
        _session_case("newer format version", "99", lambda: _session_with(None, version=99)),
        _session_case(
            "wrong dtype code", "version a string", lambda: _session_with(None, version="1")
        ),
        _session_case(
            "shapes do not fit the data",
            "784-input weights",
            lambda: _session_with(
                None, model=base64.b64encode(model_to_bytes(small_network((784, 4, 10)))).decode()
            ),
        ),
        _session_case("huge file (sparse 1 TiB)", "", lambda: _SPARSE),
        _session_case("directory instead of file", "", lambda: None),
        _session_case("no read permission", "", lambda: good, lock=True),
    ]
    return cases


# ---------------------------------------------------------------------- good inputs
def good_case(fmt: str) -> Case:
    """The valid input of ``fmt`` that the broken cases start from."""

    def idx(gz):
        return lambda root: _idx_case(fmt, gz, "good", "", lambda f, p: None).build(root)

    builders = {
        "idx-gz": idx(True),
        "idx-raw": idx(False),
        "keras-npz": _keras_case("good", "", lambda a: npz_bytes(a)).build,
        "kaggle-csv": _kaggle_case("good", "", lambda ls: _lines(ls)).build,
        "model-npz": _model_case("good", "", good_model_bytes).build,
        "book-pkl": _pkl_case("good", "", lambda: pickle.dumps(book_params())).build,
        "points-csv": _points_case("good", "", lambda: GOOD_POINTS.encode()).build,
        "session-json": _session_case("good", "", good_session_bytes).build,
    }
    return Case(fmt, "good", "", builders[fmt])


DATASET_FORMATS = ("idx-gz", "idx-raw", "keras-npz", "kaggle-csv")
FORMATS = (*DATASET_FORMATS, "model-npz", "book-pkl", "points-csv", "session-json")


def all_cases() -> dict[str, list[Case]]:
    """Every broken case, by format."""
    return {
        "idx-gz": idx_cases(True),
        "idx-raw": idx_cases(False),
        "keras-npz": keras_cases(),
        "kaggle-csv": kaggle_cases(),
        "model-npz": model_cases(),
        "book-pkl": pkl_cases(),
        "points-csv": points_cases(),
        "session-json": session_cases(),
    }


def save_good_model(path: Path, sizes=(2, 4, 3)) -> Path:
    return save_model(path, small_network(sizes))
