"""Shared test set-up: offscreen Qt, paths to ../shared data, and a QThread leak guard."""

from __future__ import annotations

import os
from pathlib import Path

# Before any Qt import: tests never need a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("NNVIZ_LANG", "en")
# Windows run their engine on a thread of the test process (fast to start, deterministic);
# tests/gui/test_engine_process.py drives the separate process the app uses.
os.environ.setdefault("NNVIZ_ENGINE", "thread")

import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

# Fuzz tests draw the same examples on every run (CI must not turn red by chance);
# HYPOTHESIS_PROFILE=explore draws fresh ones to hunt for new bugs.
settings.register_profile("ci", derandomize=True, deadline=None)
settings.register_profile("explore", derandomize=False, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

from tests.http_fixtures import server  # noqa: E402, F401 - the local HTTP server fixture

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"
MNIST_10K = SHARED_DATA / "mnist-10k"
DLFS_WEIGHTS = SHARED_DATA / "dlfs" / "sample_weight.pkl"


@pytest.fixture
def mnist10k() -> Path:
    """The 8,000 real MNIST digits in ../shared (test skipped when absent)."""
    if not (MNIST_10K / "train-images-idx3-ubyte.gz").is_file():
        pytest.skip("../shared/data/mnist-10k is not present")
    return MNIST_10K


@pytest.fixture
def dlfs_weights() -> Path:
    """The book's sample_weight.pkl in ../shared (test skipped when absent)."""
    if not DLFS_WEIGHTS.is_file():
        pytest.skip("../shared/data/dlfs/sample_weight.pkl is not present")
    return DLFS_WEIGHTS


@pytest.fixture(scope="session")
def qapp():
    """The app as nnviz makes it (names, style, translator), for pytest-qt."""
    from nnviz.gui.app import make_application

    return make_application(["pytest"])


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory, monkeypatch):
    """Keep every test away from the real cache, settings and data folders."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("NNVIZ_CACHE", str(home / "cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "xdg-cache"))
    monkeypatch.delenv("NNVIZ_DATA", raising=False)
    yield


@pytest.fixture(autouse=True)
def _no_running_qthreads(request):
    """Fail any test that leaves a QThread running (it would abort the process later)."""
    yield
    import sys

    if "PySide6.QtCore" not in sys.modules:
        return
    from nnviz.gui import threads

    alive = [t.objectName() for t in threads.running_threads()]
    if alive:
        threads.stop_all()
        pytest.fail(f"test left {len(alive)} QThread(s) running: {alive}")
