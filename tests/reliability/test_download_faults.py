"""Download faults tests/data/test_download.py does not cover: retries, crashes, races.

The cache must never hold a file that passes for complete unless it was verified:
after an interrupted download, a process killed mid-file, two downloads racing into
the same folder, a failed rename, a mirror that trickles or redirects forever — and a
retry must then restart cleanly and succeed.  Everything runs against a real HTTP
server on 127.0.0.1 that misbehaves on request.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from http.server import ThreadingHTTPServer
from pathlib import Path

import numpy as np
import pytest

from nnviz.data import download as download_mod
from nnviz.data.datasets import load_dataset
from nnviz.data.download import download, is_verified
from nnviz.data.locate import locate
from nnviz.errors import DataError, DownloadError
from tests.data.mnist_fixtures import gzip_bytes, idx_bytes, make_digits
from tests.http_fixtures import Handler, Route, remote_file

REPO = Path(__file__).resolve().parents[2]


# ---------------------------------------------------------------------- a faultier server
class FaultHandler(Handler):
    """The shared test handler, plus: drop, slow, trickle, hang, redirect-loop, flaky."""

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        route = self.server.routes.get(self.path)
        kind = route.kind if route else ""
        if kind == "redirect-loop":
            self.server.requests.append(self.path)
            self.send_response(302)
            self.send_header("Location", self.path)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if kind == "flaky":  # the first request drops half way, later ones succeed
            kind = "whole" if self.server.served(self.path) else "drop"
        if kind not in ("drop", "slow", "trickle", "whole", "hang"):
            super().do_GET()
            return
        self.server.requests.append(self.path)
        body = route.body
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            if kind == "whole":
                self.wfile.write(body)
            elif kind == "drop":
                self.wfile.write(body[: len(body) // 2])
            elif kind == "hang":  # the headers, then nothing at all
                self.wfile.flush()
                self.server.release.wait(30)
            elif kind == "slow":  # all of it, in small paced pieces (~1 s in total)
                for i in range(0, len(body), 16_384):
                    self.wfile.write(body[i : i + 16_384])
                    self.wfile.flush()
                    if self.server.release.wait(1.0 / max(1, len(body) // 16_384)):
                        return
            else:  # trickle: one byte every 0.2 s — never silent long enough to time out
                for i in range(len(body)):
                    self.wfile.write(body[i : i + 1])
                    self.wfile.flush()
                    if self.server.release.wait(0.2):
                        return
        except OSError:
            pass  # the client gave up


class FaultServer(ThreadingHTTPServer):
    daemon_threads = False

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), FaultHandler)
        self.routes: dict[str, Route] = {}
        self.requests: list[str] = []
        self.release = threading.Event()
        self._lock = threading.Lock()
        self._served: set[str] = set()

    def url(self, prefix: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/{prefix}/"

    def serve(self, prefix: str, name: str, body: bytes, kind: str = "ok") -> None:
        self.routes[f"/{prefix}/{name}"] = Route(kind, body)

    def served(self, path: str) -> bool:
        """True when ``path`` was asked for before (and remember that it now was)."""
        with self._lock:
            seen = path in self._served
            self._served.add(path)
            return seen

    def handle_error(self, request, client_address) -> None:
        """Clients that give up break the pipe; expected here."""


@pytest.fixture
def faulty():
    srv = FaultServer()
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield srv
    finally:
        srv.release.set()
        srv.shutdown()
        srv.server_close()
        thread.join(10)
        assert not thread.is_alive()


def mnist_bodies(n_train: int = 300, n_test: int = 60) -> dict[str, bytes]:
    """Gzipped IDX files of random digits under the real MNIST names."""
    xi, yi = make_digits(n_train, 1)
    ti, tl = make_digits(n_test, 2)
    return {
        "train-images-idx3-ubyte.gz": gzip_bytes(idx_bytes(xi)),
        "train-labels-idx1-ubyte.gz": gzip_bytes(idx_bytes(yi)),
        "t10k-images-idx3-ubyte.gz": gzip_bytes(idx_bytes(ti)),
        "t10k-labels-idx1-ubyte.gz": gzip_bytes(idx_bytes(tl)),
    }


def payload(n: int, seed: int = 0) -> bytes:
    return np.random.default_rng(seed).integers(0, 256, n, dtype=np.uint8).tobytes()


def names_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def all_verified(folder: Path, bodies: dict[str, bytes]) -> bool:
    return all(is_verified(folder / n, remote_file(n, b)) for n, b in bodies.items())


# ---------------------------------------------------------------------- retry after a failure
def test_a_retry_after_an_interrupted_download_fetches_only_what_is_missing(faulty, tmp_path):
    bodies = mnist_bodies()
    files = [remote_file(n, b) for n, b in bodies.items()]
    # The test files come first, the train files last (a folder with train files counts
    # as holding the dataset, with or without its test files).
    order = [n for n in bodies if n.startswith("t10k")] + [
        n for n in bodies if n.startswith("train")
    ]
    dropping = order[2]
    for name, body in bodies.items():
        faulty.serve("m", name, body, kind="drop" if name == dropping else "ok")
    with pytest.raises(DownloadError, match="closed the connection after"):
        download("mnist", tmp_path, mirrors=[faulty.url("m")], files=files)
    assert faulty.requests == [f"/m/{n}" for n in order[:3]]
    # What passed its checksum stays; nothing half-written looks complete, and the
    # folder does not pass for MNIST.
    assert names_in(tmp_path) == sorted(order[:2])
    assert locate("mnist", tmp_path) is None
    faulty.serve("m", dropping, bodies[dropping])  # the mirror recovers
    faulty.requests.clear()
    download("mnist", tmp_path, mirrors=[faulty.url("m")], files=files)
    assert faulty.requests == [f"/m/{n}" for n in order[2:]]
    names = list(bodies)
    assert names_in(tmp_path) == sorted(names) and all_verified(tmp_path, bodies)
    data = load_dataset("mnist", data_dir=tmp_path)
    assert len(data.y_train) == 300 and len(data.y_test) == 60


def test_a_mirror_that_drops_once_is_retried_through_the_next_mirror_then_again(faulty, tmp_path):
    body = payload(300_000)
    faulty.serve("a", "f.bin", body, kind="flaky")
    faulty.serve("b", "f.bin", body, kind="drop")
    f = remote_file("f.bin", body)
    with pytest.raises(DownloadError) as e:
        download("mnist", tmp_path, mirrors=[faulty.url("a"), faulty.url("b")], files=[f])
    assert "127.0.0.1" in str(e.value) and str(e.value).count("closed the connection") == 2
    assert names_in(tmp_path) == []
    download("mnist", tmp_path, mirrors=[faulty.url("a"), faulty.url("b")], files=[f])
    assert names_in(tmp_path) == ["f.bin"] and is_verified(tmp_path / "f.bin", f)


def test_a_failed_rename_leaves_neither_the_file_nor_its_part(faulty, tmp_path, monkeypatch):
    body = payload(50_000)
    faulty.serve("m", "f.bin", body)

    def refuse(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(download_mod.os, "replace", refuse)
    with pytest.raises(DownloadError, match="Could not write .*f.bin: Permission denied"):
        download("mnist", tmp_path, mirrors=[faulty.url("m")], files=[remote_file("f.bin", body)])
    assert names_in(tmp_path) == []
    monkeypatch.undo()
    download("mnist", tmp_path, mirrors=[faulty.url("m")], files=[remote_file("f.bin", body)])
    assert names_in(tmp_path) == ["f.bin"]


def test_a_disk_that_fills_on_fsync_leaves_nothing(faulty, tmp_path, monkeypatch):
    import errno

    body = payload(80_000)
    faulty.serve("m", "f.bin", body)

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(download_mod.os, "fsync", full)
    with pytest.raises(DownloadError, match="No space left on device"):
        download("mnist", tmp_path, mirrors=[faulty.url("m")], files=[remote_file("f.bin", body)])
    assert names_in(tmp_path) == []


def test_a_redirect_loop_gives_up_and_the_next_mirror_delivers(faulty, tmp_path):
    body = payload(20_000)
    faulty.serve("loop", "f.bin", body, kind="redirect-loop")
    faulty.serve("good", "f.bin", body)
    f = remote_file("f.bin", body)
    download("mnist", tmp_path, mirrors=[faulty.url("loop"), faulty.url("good")], files=[f])
    assert is_verified(tmp_path / "f.bin", f)
    assert faulty.requests.count("/loop/f.bin") <= 11  # urllib stops a loop, it never spins


# ---------------------------------------------------------------------- a crash mid-file
CRASHING_DOWNLOAD = """
import sys
from nnviz.data.download import RemoteFile, download
name, size, sha, url, dest = sys.argv[1:]
download("mnist", dest, mirrors=[url], files=[RemoteFile(name, int(size), sha)], timeout=60)
"""


def test_a_download_killed_mid_file_never_leaves_a_file_that_passes_for_complete(faulty, tmp_path):
    bodies = mnist_bodies(n_train=2_000)
    name = "train-images-idx3-ubyte.gz"
    for n, b in bodies.items():
        if n != name:
            (tmp_path / n).write_bytes(b)  # the other three are already in the cache
    faulty.serve("m", name, bodies[name], kind="stall")  # half the file, then silence
    f = remote_file(name, bodies[name])
    proc = subprocess.Popen(
        [sys.executable, "-c", CRASHING_DOWNLOAD, name, str(f.size), f.sha256,
         faulty.url("m"), str(tmp_path)],
        cwd=REPO,
        stderr=subprocess.PIPE,
    )  # fmt: skip
    part = tmp_path / f"{name}.part"
    try:
        deadline = time.monotonic() + 60
        # (reads are whole 64 kB chunks: the last part of the half sent is still in flight)
        while not (part.exists() and part.stat().st_size >= f.size // 4):
            if proc.poll() is not None:
                pytest.fail(f"the download ended early: {proc.stderr.read().decode()[-600:]}")
            assert time.monotonic() < deadline, "never got half way"
            time.sleep(0.02)  # polling a file another process writes; no Qt here
    finally:
        proc.send_signal(signal.SIGKILL)  # a crash: no finally, no cleanup
        proc.communicate(timeout=30)
    assert part.exists() and not (tmp_path / name).exists()
    # The leftover .part never counts: the dataset is not found, and loading says so.
    assert locate("mnist", tmp_path) is None
    with pytest.raises(DataError, match="MNIST was not found"):
        load_dataset("mnist", data_dir=tmp_path)
    # A retry restarts the file cleanly.
    faulty.serve("m", name, bodies[name])
    download("mnist", tmp_path, mirrors=[faulty.url("m")], files=[f])
    assert names_in(tmp_path) == sorted(bodies) and all_verified(tmp_path, bodies)
    assert len(load_dataset("mnist", data_dir=tmp_path).y_train) == 2_000


def test_complete_part_files_still_do_not_count(faulty, tmp_path):
    # A crash between the last byte and the rename leaves a .part with the right bytes:
    # only a verified rename makes a file count, so it is fetched again.
    bodies = mnist_bodies()
    for n, b in bodies.items():
        (tmp_path / f"{n}.part").write_bytes(b)
        faulty.serve("m", n, b)
    assert locate("mnist", tmp_path) is None
    download("mnist", tmp_path, mirrors=[faulty.url("m")],
             files=[remote_file(n, b) for n, b in bodies.items()])  # fmt: skip
    assert len(faulty.requests) == 4
    assert names_in(tmp_path) == sorted(bodies)


# ---------------------------------------------------------------------- two downloads at once
def test_two_downloads_racing_into_one_folder_leave_only_verified_files(faulty, tmp_path):
    # The app and `nnviz data download` may fetch into the same cache at the same time.
    body = payload(1_500_000, seed=3)
    faulty.serve("m", "f.bin", body, kind="slow")
    f = remote_file("f.bin", body)
    errors: list[BaseException] = []

    def fetch() -> None:
        try:
            download("mnist", tmp_path, mirrors=[faulty.url("m")], files=[f], timeout=20)
        except BaseException as e:  # recorded and checked below
            errors.append(e)

    threads = [threading.Thread(target=fetch) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not any(t.is_alive() for t in threads)
    assert all(isinstance(e, DownloadError) for e in errors), errors
    assert names_in(tmp_path) == ["f.bin"], names_in(tmp_path)
    assert is_verified(tmp_path / "f.bin", f)


def test_a_second_download_cannot_truncate_the_file_the_first_is_writing(faulty, tmp_path):
    # Deterministic version of the race: B opens the same .part while A is half way.
    body = payload(1_500_000, seed=4)
    faulty.serve("a", "f.bin", body, kind="slow")
    faulty.serve("b", "f.bin", body, kind="hang")
    f = remote_file("f.bin", body)
    results: dict[str, str] = {}

    def fetch(mirror: str, timeout: float) -> None:
        try:
            download("mnist", tmp_path, mirrors=[faulty.url(mirror)], files=[f], timeout=timeout)
            results[mirror] = "ok"
        except DownloadError as e:
            results[mirror] = str(e)

    a = threading.Thread(target=fetch, args=("a", 20.0))
    a.start()
    part = tmp_path / "f.bin.part"
    deadline = time.monotonic() + 30
    while not (part.exists() and part.stat().st_size > 100_000):
        assert time.monotonic() < deadline and a.is_alive(), "A never started writing"
        time.sleep(0.01)  # watching a file another thread writes; no Qt here
    b = threading.Thread(target=fetch, args=("b", 2.0))
    b.start()
    a.join(60)
    b.join(60)
    assert results["a"] == "ok", results
    assert is_verified(tmp_path / "f.bin", f), "a file with a hole passes for complete"
    assert "Another download is already writing" in results["b"], results
    assert names_in(tmp_path) == ["f.bin"]


# ---------------------------------------------------------------------- a trickling mirror
def test_a_mirror_that_trickles_counts_as_stalled(faulty, tmp_path):
    # One byte every 0.2 s never leaves the socket silent for the 1 s timeout, but at that
    # rate 200 kB would take 11 hours: it must count as stalled and the next mirror used.
    body = payload(200_000)
    faulty.serve("slow", "f.bin", body, kind="trickle")
    faulty.serve("good", "f.bin", body)
    f = remote_file("f.bin", body)
    done = threading.Event()
    errors: list[BaseException] = []
    cancel = threading.Event()

    def fetch() -> None:
        try:
            download("mnist", tmp_path, mirrors=[faulty.url("slow"), faulty.url("good")],
                     files=[f], timeout=1.0, cancel=cancel)  # fmt: skip
        except BaseException as e:
            errors.append(e)
        finally:
            done.set()

    thread = threading.Thread(target=fetch)
    thread.start()
    finished = done.wait(15)
    cancel.set()  # (so a failing run ends instead of trickling on)
    thread.join(30)
    assert finished, "still trickling after 15 s"
    assert not errors, errors
    assert is_verified(tmp_path / "f.bin", f)


# ---------------------------------------------------------------------- from the app
def test_the_app_reports_a_dropped_download_and_a_second_try_loads_the_data(
    qtbot, tmp_path, faulty
):
    from nnviz.data.locate import cache_dir
    from tests.gui.helpers import WAIT_MS, epoch, make_window

    bodies = mnist_bodies()
    for name, body in bodies.items():
        faulty.serve("m", name, body, kind="flaky" if name.startswith("train-images") else "ok")
    files = [remote_file(n, b) for n, b in bodies.items()]
    w = make_window(qtbot, tmp_path)
    generation = w.model.generation
    panel = w.dataset_panel
    panel.combo.setCurrentIndex(panel.combo.findData("mnist"))
    w.downloads.start("mnist", mirrors=[faulty.url("m")], files=files)
    qtbot.waitUntil(lambda: w.downloads.download is None, timeout=WAIT_MS)
    assert "closed the connection" in w.state_label.text()
    folder = cache_dir() / "mnist"
    assert "train-images-idx3-ubyte.gz" not in names_in(folder)
    assert not [n for n in names_in(folder) if n.endswith(".part")]
    assert w.model.generation == generation and w.model.info.dataset.key == "spiral"
    before = epoch(w)
    w.step()  # the spiral is still usable
    qtbot.waitUntil(lambda: epoch(w) == before + 1, timeout=WAIT_MS)
    # The panel went back to the data still in use; choose MNIST and Download again: the
    # mirror now delivers, and only what is missing is fetched.
    assert panel.key == "spiral"
    panel.combo.setCurrentIndex(panel.combo.findData("mnist"))
    faulty.requests.clear()
    assert panel.download.isEnabled() and panel.download.isVisibleTo(w)
    w.downloads.start("mnist", mirrors=[faulty.url("m")], files=files)
    qtbot.waitUntil(lambda: w.model.info.dataset.key == "mnist", timeout=WAIT_MS)
    assert faulty.requests == ["/m/train-images-idx3-ubyte.gz", "/m/train-labels-idx1-ubyte.gz"]
    assert all_verified(folder, bodies)
