"""What the window remembers between starts: layout, appearance and the last run's settings."""

from __future__ import annotations

import contextlib
import json
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings

from nnviz.app.config import SessionConfig, config_from_json, config_to_json
from nnviz.errors import NnvizError

if TYPE_CHECKING:
    from nnviz.gui.main_window import MainWindow

SETTINGS_VERSION = 1


def restore(w: MainWindow) -> SessionConfig | None:
    """Restore the layout and appearance; the last settings, or None (anything unreadable)."""
    s = w.settings
    if s.status() != QSettings.Status.NoError or s.value("version") not in (
        SETTINGS_VERSION,
        str(SETTINGS_VERSION),
    ):
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
        data_dir = s.value("data/dir")
        if isinstance(data_dir, str) and data_dir:
            w.dataset_panel.data_dir = data_dir
        mode = s.value("view/appearance")
        if mode in ("system", "light", "dark"):
            w.menus.set_appearance(mode)
        raw = s.value("session/config")
        if not isinstance(raw, str):
            return None
        return config_from_json(json.loads(raw))
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
