"""Fixtures of the reliability tests: building a broken input, with locks and size caps applied."""

from __future__ import annotations

import builtins
import io
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.reliability.bad_files import Built, Case


def lock_files(monkeypatch: pytest.MonkeyPatch, paths: tuple[Path, ...]) -> None:
    """Make ``paths`` unreadable: mode 000, and (root ignores modes) ``open`` refusing them.

    ``builtins.open`` and ``io.open`` (which pathlib uses) raise the PermissionError the
    OS would; stat, is_file and listing still work, as they would for a real mode-000 file.
    """
    locked = {os.path.realpath(p) for p in paths}
    for p in paths:
        os.chmod(p, 0)
    real_open = builtins.open

    def guarded_open(file, *args, **kwargs):
        if (
            isinstance(file, (str, bytes, os.PathLike))
            and os.path.realpath(os.fsdecode(file)) in locked
        ):
            raise PermissionError(13, "Permission denied", os.fsdecode(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guarded_open)
    monkeypatch.setattr(io, "open", guarded_open)


@pytest.fixture
def build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Case], Built]]:
    """``build(case)``: write the case under tmp_path and apply its locks and patches."""
    locked: list[Path] = []

    def make(case: Case, root: Path | None = None) -> Built:
        built = case.build(root or tmp_path / "case")
        for target, value in built.patches.items():
            monkeypatch.setattr(target, value)
        if built.locked:
            lock_files(monkeypatch, built.locked)
            locked.extend(built.locked)
        return built

    yield make
    monkeypatch.undo()
    for p in locked:
        os.chmod(p, 0o644)


@pytest.fixture(autouse=True)
def _close_windows():
    """Close the windows made by tests.gui.helpers (as tests/gui/conftest.py does)."""
    yield
    import sys

    helpers = sys.modules.get("tests.gui.helpers")
    while helpers is not None and helpers.LIVE:
        helpers.LIVE.pop().close()
