"""The model layer never loads Qt: nnviz.core, nnviz.data and the CLI parser stay headless."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

QT_MODULES = ("PySide6", "shiboken6", "pyqtgraph")

SCRIPT = textwrap.dedent(
    """
    import importlib, json, pkgutil, sys
    import nnviz.core, nnviz.data

    imported = []
    for package in (nnviz.core, nnviz.data):
        for info in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
            importlib.import_module(info.name)
            imported.append(info.name)

    from nnviz.cli import build_parser
    build_parser().parse_args(["train", "--dataset", "spiral"])

    qt = sorted(m for m in sys.modules if m.split(".")[0] in QT_MODULES)
    print(json.dumps({"imported": imported, "qt": qt}))
    """
)


def test_core_data_and_cli_parser_import_without_qt():
    code = f"QT_MODULES = {QT_MODULES!r}\n{SCRIPT}"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    # The walk really covered the packages (a typo'd path would make this test vacuous).
    for name in (
        "nnviz.core.layers",
        "nnviz.core.network",
        "nnviz.core.optimizers",
        "nnviz.core.trainer",
        "nnviz.core.modelio",
        "nnviz.data.datasets",
        "nnviz.data.synthetic",
    ):
        assert name in result["imported"]
    assert result["qt"] == []
