"""The desktop app (PySide6 + pyqtgraph): a thin layer over nnviz.core and nnviz.data."""

from __future__ import annotations


def __getattr__(name: str):
    # Lazy, so ``import nnviz.gui.threads`` does not build the whole window module.
    if name == "MainWindow":
        from nnviz.gui.main_window import MainWindow

        return MainWindow
    if name == "make_application":
        from nnviz.gui.app import make_application

        return make_application
    raise AttributeError(name)
