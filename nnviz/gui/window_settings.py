"""What the window remembers between starts: layout, appearance and the last run's settings.

Each MNIST-family set remembers its own folder, under ``data/dirs/<key>``
(``data/dirs/mnist``, ``data/dirs/fashion-mnist``).  Versions before issue 14 kept one
``data/dir`` for both, which made "MNIST digits" show Fashion-MNIST clothes after a
restart; that setting is handed on only to the set whose files the folder holds
(told apart by :func:`nnviz.data.locate.datasets_in`), then removed.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtGui import QGuiApplication

from nnviz.app.config import DataRequest, SessionConfig, config_from_json, config_to_json
from nnviz.app.model import replace_data_dir
from nnviz.data.datasets import DATASETS
from nnviz.data.locate import datasets_in
from nnviz.errors import NnvizError

if TYPE_CHECKING:
    from nnviz.gui.main_window import MainWindow

SETTINGS_VERSION = 1
DATA_DIRS = "data/dirs"  # + "/<dataset key>": the folder chosen for that set
LEGACY_DATA_DIR = "data/dir"  # one folder for every set (before issue 14)
FILE_SETS = tuple(k for k, spec in DATASETS.items() if spec.needs_files)


def data_dir_key(key: str) -> str:
    """The setting that holds the folder chosen for dataset ``key``."""
    return f"{DATA_DIRS}/{key}"


def remember_data_dir(s: QSettings, request: DataRequest) -> None:
    """Remember the folder ``request`` loaded from, for its own dataset only."""
    if request.data_dir and request.key in FILE_SETS:
        s.setValue(data_dir_key(request.key), str(request.data_dir))


def restore_data_dirs(s: QSettings) -> dict[str, str]:
    """The folder remembered for each MNIST-family set, migrating the old shared setting.

    The old ``data/dir`` goes only to the set(s) whose files it holds (checksums or
    pixels); a folder that is gone right now keeps the old setting for a later start.
    """
    dirs = {}
    for key in FILE_SETS:
        folder = s.value(data_dir_key(key))
        if isinstance(folder, str) and folder:
            dirs[key] = folder
    legacy = s.value(LEGACY_DATA_DIR)
    if isinstance(legacy, str) and legacy and Path(legacy).expanduser().is_dir():
        for key in datasets_in(legacy):
            if key not in dirs:
                dirs[key] = legacy
                s.setValue(data_dir_key(key), legacy)
        s.remove(LEGACY_DATA_DIR)
    return dirs


def default_size() -> tuple[int, int]:
    """1500×900, or less on a smaller screen (a 1366×768 laptop): the first window fits
    the screen's free area with a margin; a saved geometry replaces it later."""
    screen = QGuiApplication.primaryScreen()
    if screen is None:
        return 1500, 900
    free = screen.availableGeometry()
    return min(1500, int(free.width() * 0.96)), min(900, int(free.height() * 0.92))


def restore(w: MainWindow) -> SessionConfig | None:
    """Restore the layout and appearance; the last settings, or None (anything unreadable)."""
    s = w.settings
    if s.status() != QSettings.Status.NoError:
        return None
    with contextlib.suppress(Exception):
        # Written the moment a folder is chosen: kept even when the window never closed
        # cleanly (killed, crashed) and so never wrote the version below.
        w.dataset_panel.data_dirs.update(restore_data_dirs(s))
    if s.value("version") not in (SETTINGS_VERSION, str(SETTINGS_VERSION)):
        return None
    try:
        for key, fn in (
            ("window/geometry", w.restoreGeometry),
            ("window/state", w.restoreState),
            ("window/main_splitter", w.main_splitter.restoreState),
            ("window/curve_splitter", w.curves.restoreState),
        ):
            v = s.value(key)
            if isinstance(v, QByteArray) and fn(v) and key == "window/main_splitter":
                w.sized = True  # the user's own layout wins over first-show sizing
        dirs = w.dataset_panel.data_dirs
        mode = s.value("view/appearance")
        if mode in ("system", "light", "dark"):
            w.menus.set_appearance(mode)
        raw = s.value("session/config")
        if not isinstance(raw, str):
            return None
        config = config_from_json(json.loads(raw))
        # The saved run names its folder too; the per-set setting is the one to trust
        # (an old shared folder may hold the other set).
        data_dir = dirs.get(config.data.key) if config.data.key in FILE_SETS else None
        return replace_data_dir(config, data_dir)
    except Exception:  # noqa: BLE001 - any unreadable settings (even RecursionError): defaults
        return None


def save(w: MainWindow) -> None:
    """Remember the layout, the appearance and the panels' settings."""
    s = w.settings
    s.setValue("version", SETTINGS_VERSION)
    s.setValue("window/geometry", w.saveGeometry())
    s.setValue("window/state", w.saveState())
    s.setValue("window/main_splitter", w.main_splitter.saveState())
    s.setValue("window/curve_splitter", w.curves.saveState())
    s.setValue("view/appearance", w.appearance_mode)
    with contextlib.suppress(NnvizError):  # invalid panel values: keep the last good ones
        s.setValue("session/config", json.dumps(config_to_json(w.session_config())))
    s.sync()
