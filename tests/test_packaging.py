"""Every package of the source tree is in pyproject's package list (a wheel ships them all)."""

from __future__ import annotations

from pathlib import Path

import tomllib

REPO = Path(__file__).resolve().parents[1]


def test_every_package_ships_in_the_wheel():
    listed = set(
        tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    found = {
        ".".join(init.parent.relative_to(REPO).parts)
        for init in (REPO / "nnviz").rglob("__init__.py")
    }
    assert found <= listed, f"missing from pyproject packages: {sorted(found - listed)}"
