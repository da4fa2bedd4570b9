"""Downloading MNIST from the app: progress, cancel, and the data loading when done."""

from __future__ import annotations

from pathlib import Path

from nnviz.data.locate import cache_dir
from tests.data.mnist_fixtures import gzip_bytes, idx_bytes, make_digits
from tests.gui.helpers import WAIT_MS, make_window
from tests.http_fixtures import remote_file


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
    qtbot.waitUntil(lambda: w.downloads.download is None, timeout=WAIT_MS)
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
