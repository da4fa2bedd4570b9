"""Downloading against a real local HTTP server that misbehaves in every useful way."""

from __future__ import annotations

import errno
import socket
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from nnviz.data import download as download_mod
from nnviz.data.download import FILES, MIRRORS, RemoteFile, download, is_verified
from nnviz.data.locate import load_location, locate
from nnviz.errors import DataError, DownloadCancelled, DownloadError
from tests.data.mnist_fixtures import gzip_bytes, idx_bytes, idx_file_name, make_digits
from tests.http_fixtures import Server as _Server
from tests.http_fixtures import remote_file

_remote = remote_file


def _payload(n: int, seed: int = 0) -> bytes:
    """``n`` random bytes (several download chunks when large)."""
    return np.random.default_rng(seed).integers(0, 256, n, dtype=np.uint8).tobytes()


def _leftovers(dest: Path) -> list[str]:
    """Names of files in ``dest`` (empty when the folder does not exist)."""
    return sorted(p.name for p in dest.iterdir()) if dest.exists() else []


# --- success -------------------------------------------------------------------------------


def test_download_success_with_monotonic_progress(server: _Server, tmp_path: Path):
    bodies = {"a.bin": _payload(300_000, 1), "b.bin": _payload(5_000, 2)}
    for name, body in bodies.items():
        server.serve("m", name, body)
    calls: list[tuple[int, int]] = []
    dest = tmp_path / "out"
    result = download(
        "mnist",
        dest,
        mirrors=[server.url("m")],
        files=[_remote(n, b) for n, b in bodies.items()],
        progress=lambda done, total: calls.append((done, total)),
    )
    assert result == dest
    for name, body in bodies.items():
        assert (dest / name).read_bytes() == body
    assert _leftovers(dest) == ["a.bin", "b.bin"]
    total = 305_000
    assert all(t == total for _, t in calls)
    done = [d for d, _ in calls]
    assert done == sorted(done) and done[0] == 0 and done[-1] == total
    assert len(done) > 3  # reported chunk by chunk, not only per file


def test_download_without_content_length(server: _Server, tmp_path: Path):
    body = _payload(70_000)
    server.serve("m", "f.bin", body, kind="no-length")
    download("mnist", tmp_path, mirrors=[server.url("m")], files=[_remote("f.bin", body)])
    assert (tmp_path / "f.bin").read_bytes() == body


def test_404_on_first_mirror_then_success_on_second(server: _Server, tmp_path: Path):
    body = _payload(10_000)
    server.serve("good", "f.bin", body)
    download(
        "mnist",
        tmp_path,
        mirrors=[server.url("missing"), server.url("good")],
        files=[_remote("f.bin", body)],
    )
    assert (tmp_path / "f.bin").read_bytes() == body
    assert server.requests == ["/missing/f.bin", "/good/f.bin"]


def test_unreachable_mirror_then_success(server: _Server, tmp_path: Path):
    with socket.socket() as s:  # a port nobody listens on once this is closed
        s.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{s.getsockname()[1]}/x/"
    body = _payload(1_000)
    server.serve("good", "f.bin", body)
    download("mnist", tmp_path, mirrors=[dead, server.url("good")], files=[_remote("f.bin", body)])
    assert (tmp_path / "f.bin").read_bytes() == body


def test_verified_file_is_not_downloaded_again(server: _Server, tmp_path: Path):
    body = _payload(20_000)
    (tmp_path / "f.bin").write_bytes(body)
    calls: list[tuple[int, int]] = []
    download(
        "mnist",
        tmp_path,
        mirrors=[server.url("m")],
        files=[_remote("f.bin", body)],
        progress=lambda d, t: calls.append((d, t)),
    )
    assert server.requests == []
    assert calls == [(20_000, 20_000)]


def test_present_but_wrong_file_is_replaced(server: _Server, tmp_path: Path):
    body = _payload(20_000)
    (tmp_path / "f.bin").write_bytes(_payload(20_000, seed=9))  # same size, wrong content
    server.serve("m", "f.bin", body)
    download("mnist", tmp_path, mirrors=[server.url("m")], files=[_remote("f.bin", body)])
    assert (tmp_path / "f.bin").read_bytes() == body
    assert server.requests == ["/m/f.bin"]


def test_stale_part_file_is_overwritten(server: _Server, tmp_path: Path):
    body = _payload(5_000)
    (tmp_path / "f.bin.part").write_bytes(b"left over from a crash" * 1000)
    server.serve("m", "f.bin", body)
    download("mnist", tmp_path, mirrors=[server.url("m")], files=[_remote("f.bin", body)])
    assert _leftovers(tmp_path) == ["f.bin"]


def test_downloaded_idx_files_are_found_and_loaded(server: _Server, tmp_path: Path):
    images, labels = make_digits(12)
    bodies = {
        idx_file_name("train_images"): gzip_bytes(idx_bytes(images)),
        idx_file_name("train_labels"): gzip_bytes(idx_bytes(labels)),
    }
    for name, body in bodies.items():
        server.serve("mnist", name, body)
    cache = tmp_path / "cache"
    env = {"NNVIZ_CACHE": str(cache)}
    download(
        "mnist",
        cache / "mnist",
        mirrors=[server.url("mnist")],
        files=[_remote(n, b) for n, b in bodies.items()],
    )
    loc = locate("mnist", env=env, home=tmp_path / "home")
    assert loc is not None and loc.path == cache / "mnist"
    arrays = load_location(loc)
    np.testing.assert_array_equal(arrays.x_train, images.reshape(12, 784))


def test_default_destination_is_the_cache(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("NNVIZ_CACHE", str(tmp_path / "c"))
    body = b"already here"
    (tmp_path / "c" / "fashion-mnist").mkdir(parents=True)
    (tmp_path / "c" / "fashion-mnist" / "f.bin").write_bytes(body)
    path = download("fashion-mnist", mirrors=[], files=[_remote("f.bin", body)])
    assert path == tmp_path / "c" / "fashion-mnist"


# --- failures leave nothing behind ---------------------------------------------------------


def test_wrong_checksum_on_every_mirror(server: _Server, tmp_path: Path):
    body = _payload(50_000)
    wrong = _payload(50_000, seed=3)
    server.serve("a", "f.bin", wrong)
    server.serve("b", "f.bin", wrong)
    with pytest.raises(DownloadError) as info:
        download(
            "mnist",
            tmp_path,
            mirrors=[server.url("a"), server.url("b")],
            files=[_remote("f.bin", body)],
        )
    port = server.server_address[1]
    assert str(info.value) == (
        f"Could not download f.bin: 127.0.0.1:{port}/a sent a file with the wrong SHA-256 "
        f"checksum, 127.0.0.1:{port}/b sent a file with the wrong SHA-256 checksum."
    )
    assert _leftovers(tmp_path) == []


def test_truncated_response(server: _Server, tmp_path: Path):
    body = _payload(200_000)
    server.serve("m", "f.bin", body, kind="truncated")
    with pytest.raises(
        DownloadError, match=r"/m closed the connection after 100,000 of 200,000 bytes\.$"
    ):
        download("mnist", tmp_path, mirrors=[server.url("m")], files=[_remote("f.bin", body)])
    assert _leftovers(tmp_path) == []


def test_all_mirrors_404(server: _Server, tmp_path: Path):
    port = server.server_address[1]
    with pytest.raises(DownloadError) as info:
        download(
            "mnist",
            tmp_path,
            mirrors=[server.url("a"), server.url("b")],
            files=[_remote("f.bin", b"x")],
        )
    assert str(info.value) == (
        f"Could not download f.bin: 127.0.0.1:{port}/a answered 404, "
        f"127.0.0.1:{port}/b answered 404."
    )
    assert _leftovers(tmp_path) == []


def test_server_offering_the_wrong_size(server: _Server, tmp_path: Path):
    body = _payload(1_000)
    server.serve("m", "f.bin", body + b"more")
    with pytest.raises(DownloadError, match="offered 1,004 bytes instead of 1,000"):
        download("mnist", tmp_path, mirrors=[server.url("m")], files=[_remote("f.bin", body)])
    assert _leftovers(tmp_path) == []


def test_server_sending_more_than_expected(server: _Server, tmp_path: Path):
    body = _payload(1_000)
    server.serve("m", "f.bin", body + b"more", kind="no-length")
    with pytest.raises(DownloadError, match="sent more than the expected 1,000 bytes"):
        download("mnist", tmp_path, mirrors=[server.url("m")], files=[_remote("f.bin", body)])
    assert _leftovers(tmp_path) == []


def test_server_sending_less_without_length(server: _Server, tmp_path: Path):
    body = _payload(1_000)
    server.serve("m", "f.bin", body[:10], kind="no-length")
    with pytest.raises(DownloadError, match="closed the connection after 10 of 1,000 bytes"):
        download("mnist", tmp_path, mirrors=[server.url("m")], files=[_remote("f.bin", body)])
    assert _leftovers(tmp_path) == []


def test_stalled_server_times_out(server: _Server, tmp_path: Path):
    body = _payload(200_000)
    server.serve("m", "f.bin", body, kind="stall")
    start = time.monotonic()
    with pytest.raises(DownloadError, match=r"127\.0\.0\.1:\d+/m timed out"):
        download(
            "mnist",
            tmp_path,
            mirrors=[server.url("m")],
            files=[_remote("f.bin", body)],
            timeout=0.5,
        )
    assert time.monotonic() - start < 5.0
    assert _leftovers(tmp_path) == []


def test_stall_on_first_mirror_then_success(server: _Server, tmp_path: Path):
    body = _payload(200_000)
    server.serve("slow", "f.bin", body, kind="stall")
    server.serve("good", "f.bin", body)
    calls: list[int] = []
    download(
        "mnist",
        tmp_path,
        mirrors=[server.url("slow"), server.url("good")],
        files=[_remote("f.bin", body)],
        progress=lambda d, t: calls.append(d),
        timeout=0.5,
    )
    assert (tmp_path / "f.bin").read_bytes() == body
    assert calls == sorted(calls) and calls[-1] == 200_000  # never goes backwards on retry


def test_cancel_during_download(server: _Server, tmp_path: Path):
    body = _payload(500_000)
    server.serve("m", "f.bin", body)
    cancel = threading.Event()

    def progress(done: int, total: int) -> None:
        if done > 0:
            cancel.set()

    with pytest.raises(DownloadCancelled, match=r"^The download of f\.bin was cancelled\.$"):
        download(
            "mnist",
            tmp_path,
            mirrors=[server.url("m")],
            files=[_remote("f.bin", body)],
            progress=progress,
            cancel=cancel,
        )
    assert _leftovers(tmp_path) == []


def test_cancel_after_the_last_chunk_still_leaves_no_file(server: _Server, tmp_path: Path):
    body = _payload(100)  # one chunk: cancellation is noticed before the rename
    server.serve("m", "f.bin", body)
    cancel = threading.Event()
    with pytest.raises(DownloadCancelled):
        download(
            "mnist",
            tmp_path,
            mirrors=[server.url("m")],
            files=[_remote("f.bin", body)],
            progress=lambda d, t: d and cancel.set(),
            cancel=cancel,
        )
    assert _leftovers(tmp_path) == []


def test_cancel_before_start_makes_no_request(server: _Server, tmp_path: Path):
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(DownloadCancelled):
        download(
            "mnist",
            tmp_path,
            mirrors=[server.url("m")],
            files=[_remote("f.bin", b"x")],
            cancel=cancel,
        )
    assert server.requests == []


def test_cancel_keeps_files_already_verified(server: _Server, tmp_path: Path):
    first, second = _payload(1_000, 1), _payload(300_000, 2)
    server.serve("m", "1.bin", first)
    server.serve("m", "2.bin", second)
    cancel = threading.Event()

    def progress(done: int, total: int) -> None:
        if done > len(first):
            cancel.set()

    with pytest.raises(DownloadCancelled):
        download(
            "mnist",
            tmp_path,
            mirrors=[server.url("m")],
            files=[_remote("1.bin", first), _remote("2.bin", second)],
            progress=progress,
            cancel=cancel,
        )
    assert _leftovers(tmp_path) == ["1.bin"]
    assert is_verified(tmp_path / "1.bin", _remote("1.bin", first))


def test_disk_full(server: _Server, tmp_path: Path, monkeypatch):
    body = _payload(200_000)
    server.serve("m", "f.bin", body)
    writes = []

    def full_after_one_chunk(out, chunk: bytes) -> None:
        if writes:
            raise OSError(errno.ENOSPC, "No space left on device")
        writes.append(len(chunk))
        out.write(chunk)

    monkeypatch.setattr(download_mod, "_write_chunk", full_after_one_chunk)
    with pytest.raises(DownloadError) as info:
        download(
            "mnist",
            tmp_path,
            mirrors=[server.url("m"), server.url("never-tried")],
            files=[_remote("f.bin", body)],
        )
    assert str(info.value) == f"Could not write {tmp_path / 'f.bin.part'}: No space left on device."
    assert _leftovers(tmp_path) == []
    assert server.requests == ["/m/f.bin"]  # a full disk is not the mirror's fault


def test_destination_that_cannot_be_created(tmp_path: Path):
    (tmp_path / "file").write_text("a file, not a folder")
    with pytest.raises(DownloadError, match=r"Could not create the folder .*file/sub"):
        download("mnist", tmp_path / "file" / "sub", mirrors=[], files=[])


def test_no_mirrors(tmp_path: Path):
    with pytest.raises(
        DownloadError, match=r"^Could not download f\.bin: no mirrors were given\.$"
    ):
        download("mnist", tmp_path, mirrors=[], files=[_remote("f.bin", b"x")])


def test_non_http_mirror_is_refused(tmp_path: Path):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "f.bin").write_bytes(b"x")
    with pytest.raises(DownloadError, match=r"is not an http\(s\) address"):
        download(
            "mnist",
            tmp_path / "out",
            mirrors=[(tmp_path / "src").as_uri()],
            files=[_remote("f.bin", b"x")],
        )


def test_unknown_dataset(tmp_path: Path):
    with pytest.raises(DataError, match="Unknown dataset 'cifar'"):
        download("cifar", tmp_path, mirrors=[], files=[])


# --- the published facts -------------------------------------------------------------------


def test_files_and_mirrors_are_complete():
    assert set(FILES) == set(MIRRORS) == {"mnist", "fashion-mnist"}
    for name, files in FILES.items():
        assert [f.name for f in files] == [
            idx_file_name(role) for role in ("train_images", "train_labels")
        ] + [idx_file_name(role) for role in ("test_images", "test_labels")]
        assert all(m.startswith(("http://", "https://")) and m.endswith("/") for m in MIRRORS[name])
    sizes = {f.name: f.size for f in FILES["mnist"]}
    assert sizes["train-images-idx3-ubyte.gz"] == 9912422
    assert FILES["fashion-mnist"][0].sha256.startswith("3aede38d")


@pytest.mark.parametrize(
    "args",
    [("../evil", 1, "0" * 64), ("a/b", 1, "0" * 64), ("ok", -1, "0" * 64), ("ok", 1, "ABC")],
)
def test_remote_file_validates(args):
    with pytest.raises(ValueError):
        RemoteFile(*args)


def test_cancel_while_the_server_stalls_is_prompt(server: _Server, tmp_path: Path):
    body = _payload(400_000)
    server.serve("m", "f.bin", body, kind="stall")
    cancel = threading.Event()
    started = time.monotonic()
    with pytest.raises(DownloadCancelled):
        download(
            "mnist",
            tmp_path,
            mirrors=[server.url("m")],
            files=[_remote("f.bin", body)],
            progress=lambda d, t: d and cancel.set(),  # cancel once data flows, then it stalls
            cancel=cancel,
            timeout=60.0,
        )
    assert time.monotonic() - started < 10  # not the 60 s socket timeout
    assert _leftovers(tmp_path) == []


def _cancel_when(event: threading.Event, cancel: threading.Event) -> list[float]:
    """Set ``cancel`` from another thread once ``event`` is set; returns [when it was set]."""
    when: list[float] = []

    def run() -> None:
        if event.wait(10):
            when.append(time.monotonic())
            cancel.set()

    threading.Thread(target=run, daemon=True).start()
    return when


def _expect_cancel(dest: Path, mirror: str, remote: RemoteFile, cancel: threading.Event) -> None:
    """Download ``remote`` from ``mirror`` (a 60 s socket timeout): cancelled, nothing left."""
    with pytest.raises(DownloadCancelled):
        download("mnist", dest, mirrors=[mirror], files=[remote], cancel=cancel, timeout=60.0)
    assert _leftovers(dest) == []


def test_cancel_while_waiting_for_the_headers_is_prompt(server: _Server, tmp_path: Path):
    # The server takes the request and never answers: before the fix, Cancel waited out
    # the socket timeout (~17 s of 20 in the app).
    body = _payload(1_000)
    server.serve("m", "f.bin", body, kind="stall-headers")
    cancel = threading.Event()
    when = _cancel_when(server.seen, cancel)
    _expect_cancel(tmp_path, server.url("m"), _remote("f.bin", body), cancel)
    assert time.monotonic() - when[0] < 1.0


def test_cancel_while_connecting_is_prompt(tmp_path: Path, monkeypatch):
    # A connection attempt that hangs (packets dropped on the way to the mirror).
    entered, release = threading.Event(), threading.Event()

    def hanging_connect(*args, **kwargs):
        entered.set()
        release.wait(30)
        raise TimeoutError("timed out")

    monkeypatch.setattr(socket, "create_connection", hanging_connect)
    cancel = threading.Event()
    when = _cancel_when(entered, cancel)
    try:
        _expect_cancel(tmp_path, "http://mirror.example/mnist/", _remote("f.bin", b"x"), cancel)
        assert time.monotonic() - when[0] < 1.0
    finally:
        release.set()  # let the abandoned attempt end


def _no_name_resolution(monkeypatch) -> None:
    def fail(*args, **kwargs):
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    monkeypatch.setattr(socket, "getaddrinfo", fail)


@pytest.mark.parametrize(
    ("name", "title"), [("mnist", "MNIST"), ("fashion-mnist", "Fashion-MNIST")]
)
def test_offline_says_so_in_one_sentence_with_details_apart(tmp_path, monkeypatch, name, title):
    _no_name_resolution(monkeypatch)
    mirrors = ["https://one.example/data/", "http://two.example/data/"]
    with pytest.raises(DownloadError) as err:
        download(name, tmp_path, mirrors=mirrors, files=[_remote("f.bin", b"x")])
    e = err.value
    assert str(e) == f"No internet connection: nnviz could not reach the {title} mirrors."
    assert e.offline
    lines = e.details.splitlines()
    assert [line.split(": ")[0] for line in lines] == [
        "https://one.example/data/f.bin",
        "http://two.example/data/f.bin",
    ]
    assert all("Temporary failure in name resolution" in line for line in lines)


def test_a_refused_connection_counts_as_offline_but_a_404_does_not(server: _Server, tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{s.getsockname()[1]}/x/"
    with pytest.raises(DownloadError) as err:
        download("mnist", tmp_path, mirrors=[dead], files=[_remote("f.bin", b"x")])
    assert err.value.offline
    with pytest.raises(DownloadError) as err:
        download(
            "mnist", tmp_path, mirrors=[dead, server.url("none")], files=[_remote("f.bin", b"x")]
        )
    assert not err.value.offline
    assert "answered 404" in str(err.value)
    assert f"{server.url('none')}f.bin: answered 404" in err.value.details
