"""GUI test fixtures: windows made by the helpers are kept alive and closed at teardown."""

from __future__ import annotations

import pytest

from tests.gui import helpers


@pytest.fixture(autouse=True)
def _close_windows():
    # pytest-qt holds widgets weakly; a window collected mid-test would take its
    # training thread down with it, so the helpers keep them until here.
    yield
    while helpers.LIVE:
        w = helpers.LIVE.pop()
        w.close()
