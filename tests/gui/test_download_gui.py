"""Downloading MNIST from the app: progress, cancel, and the data loading when done."""

from __future__ import annotations

import socket
import time
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from nnviz.data.locate import cache_dir
from tests.data.mnist_fixtures import gzip_bytes, idx_bytes, make_digits
from tests.gui.helpers import WAIT_MS, make_window
from tests.http_fixtures import remote_file

CANCEL_MS = 1000  # Cancel is answered within a second, however the connection stalls


def _mnist_bodies(n_train: int = 120, n_test: int = 30) -> dict[str, bytes]:
    xi, yi = make_digits(n_train, 1)
    ti, tl = make_digits(n_test, 2)
    return {
        "train-images-idx3-ubyte.gz": gzip_bytes(idx_bytes(xi)),
        "train-labels-idx1-ubyte.gz": gzip_bytes(idx_bytes(yi)),
        "t10k-images-idx3-ubyte.gz": gzip_bytes(idx_bytes(ti)),
        "t10k-labels-idx1-ubyte.gz": gzip_bytes(idx_bytes(tl)),
    }


def _choose_missing_mnist(qtbot, w) -> None:
    panel = w.dataset_panel
    panel.combo.setCurrentIndex(panel.combo.findData("mnist"))
    assert panel.download.isVisibleTo(w)


def test_download_shows_progress_then_loads_the_data(qtbot, tmp_path, server):
    bodies = _mnist_bodies()
    for name, body in bodies.items():
        server.serve("m", name, body)
    w = make_window(qtbot, tmp_path)
    _choose_missing_mnist(qtbot, w)
    w.downloads.start(
        "mnist", mirrors=[server.url("m")], files=[remote_file(n, b) for n, b in bodies.items()]
    )
    assert w.dataset_panel.progress.isVisibleTo(w)
    assert w.dataset_panel.cancel_download.isVisibleTo(w)
    qtbot.waitUntil(
        lambda: w.model.info is not None and w.model.info.dataset.key == "mnist", timeout=WAIT_MS
    )
    assert w.downloads.download is None
    assert not w.dataset_panel.progress.isVisibleTo(w)
    assert len(w.model.info.dataset.y_test) == 30
    folder = cache_dir() / "mnist"
    assert sorted(p.name for p in folder.iterdir()) == sorted(bodies)
    assert "Found in" in w.dataset_panel.location.text()


def test_cancel_leaves_nothing_and_keeps_the_previous_data(qtbot, tmp_path, server):
    bodies = _mnist_bodies()
    names = list(bodies)
    server.serve("m", names[0], bodies[names[0]] * 40, kind="stall")  # stalls half way
    w = make_window(qtbot, tmp_path)
    gen = w.model.generation
    _choose_missing_mnist(qtbot, w)
    big = bodies[names[0]] * 40
    w.downloads.start("mnist", mirrors=[server.url("m")], files=[remote_file(names[0], big)])
    qtbot.waitUntil(lambda: w.dataset_panel.progress.value() > 0, timeout=WAIT_MS)
    w.dataset_panel.cancel_download.click()
    qtbot.waitUntil(lambda: w.downloads.download is None, timeout=CANCEL_MS)
    assert "cancelled" in w.state_label.text()
    folder = Path(cache_dir()) / "mnist"
    assert not folder.exists() or not any(folder.iterdir())
    assert w.model.generation == gen  # the spiral is still loaded and usable
    assert w.model.info.dataset.key == "spiral"


def test_failed_download_says_why(qtbot, tmp_path, server):
    w = make_window(qtbot, tmp_path)
    _choose_missing_mnist(qtbot, w)
    w.downloads.start(
        "mnist",
        mirrors=[server.url("nothing-here")],
        files=[remote_file("train-images-idx3-ubyte.gz", b"x" * 100)],
    )
    qtbot.waitUntil(lambda: w.downloads.download is None, timeout=WAIT_MS)
    assert "404" in w.state_label.text()
    assert w.dataset_panel.download.isEnabled()


def test_cancel_on_a_connection_that_never_answers_is_immediate(qtbot, tmp_path, server):
    # The mirror takes the request and sends nothing: Cancel used to wait ~17 s for
    # the socket timeout.
    body = b"x" * 1000
    server.serve("m", "train-images-idx3-ubyte.gz", body, kind="stall-headers")
    w = make_window(qtbot, tmp_path)
    _choose_missing_mnist(qtbot, w)
    panel = w.dataset_panel
    w.downloads.start(
        "mnist",
        mirrors=[server.url("m")],
        files=[remote_file("train-images-idx3-ubyte.gz", body)],
    )
    qtbot.waitUntil(server.seen.is_set, timeout=WAIT_MS)
    assert panel.cancel_download.isVisibleTo(w)
    started = time.monotonic()
    panel.cancel_download.click()
    qtbot.waitUntil(
        lambda: (
            w.downloads.download is None
            and not panel.progress.isVisibleTo(w)
            and panel.download.isEnabled()
            and "cancelled" in w.state_label.text()
        ),
        timeout=CANCEL_MS,
    )
    assert time.monotonic() - started < CANCEL_MS / 1000


def test_offline_error_is_one_sentence_with_the_details_behind_a_button(
    qtbot, tmp_path, monkeypatch
):
    def no_dns(*args, **kwargs):
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    w = make_window(qtbot, tmp_path)
    _choose_missing_mnist(qtbot, w)
    mirrors = ["https://one.example/mnist/", "https://two.example/mnist/"]
    w.downloads.start(
        "mnist", mirrors=mirrors, files=[remote_file("train-images-idx3-ubyte.gz", b"x")]
    )
    qtbot.waitUntil(lambda: w.downloads.download is None, timeout=WAIT_MS)
    sentence = "No internet connection: nnviz could not reach the MNIST mirrors."
    assert w.state_label.text() == f"Error: {sentence}"
    box = w.findChild(QMessageBox, "errorDialog")
    assert box.text() == sentence  # no errno, no addresses in the sentence
    details = box.detailedText()
    assert "https://one.example/mnist/train-images-idx3-ubyte.gz" in details
    assert "https://two.example/mnist/train-images-idx3-ubyte.gz" in details
    assert "Errno" in details
    roles = [box.buttonRole(b) for b in box.buttons()]
    assert QMessageBox.ButtonRole.ActionRole in roles  # the "Show Details…" button
    assert w.dataset_panel.download.isEnabled()  # and the user can try again
