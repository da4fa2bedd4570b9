"""The layers stay apart: nnviz.core, nnviz.data and nnviz.app never load Qt, nnviz.core never
loads nnviz.data, and neither loads the application layer (STYLE.md's one-way data flow)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

QT_MODULES = ("PySide6", "shiboken6", "pyqtgraph")

SCRIPT = textwrap.dedent(
    """
    import importlib, json, pkgutil, sys

    imported = []
    for name in PACKAGES:
        package = importlib.import_module(name)
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            importlib.import_module(info.name)
            imported.append(info.name)
    if CLI:
        from nnviz.cli import build_parser
        build_parser().parse_args(["train", "--dataset", "spiral"])

    loaded = sorted(sys.modules)
    print(json.dumps({"imported": imported, "loaded": loaded}))
    """
)


def _import_in_subprocess(packages: tuple[str, ...], cli: bool = False) -> dict:
    code = f"PACKAGES = {packages!r}\nCLI = {cli!r}\n{SCRIPT}"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _loaded_from(result: dict, prefixes: tuple[str, ...]) -> list[str]:
    return [m for m in result["loaded"] if m.split(".")[0] in prefixes or m.startswith(prefixes)]


@pytest.mark.parametrize(
    ("packages", "forbidden", "must_cover"),
    [
        (
            ("nnviz.core",),
            ("nnviz.data", "nnviz.app", "nnviz.gui"),
            ("nnviz.core.layers", "nnviz.core.network", "nnviz.core.trainer", "nnviz.core.modelio"),
        ),
        (
            ("nnviz.data",),
            ("nnviz.app", "nnviz.gui"),
            ("nnviz.data.datasets", "nnviz.data.synthetic", "nnviz.data.locate"),
        ),
        (
            ("nnviz.app",),
            ("nnviz.gui",),
            ("nnviz.app.config", "nnviz.app.engine", "nnviz.app.model", "nnviz.app.tutorials"),
        ),
    ],
    ids=["core", "data", "app"],
)
def test_layers_import_only_what_they_may(packages, forbidden, must_cover):
    result = _import_in_subprocess(packages)
    # The walk really covered the packages (a typo'd path would make this test vacuous).
    for name in must_cover:
        assert name in result["imported"]
    assert _loaded_from(result, QT_MODULES) == []
    assert [m for m in result["loaded"] if m.startswith(forbidden)] == []


def test_cli_parser_imports_without_qt():
    result = _import_in_subprocess((), cli=True)
    assert _loaded_from(result, QT_MODULES) == []
