"""What every tab of the main view is: a widget that draws plain data, told about resets
and frames, saying what the engine must compute while it is shown."""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Protocol

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from nnviz.app.snapshot import ResetInfo, Snapshot

if TYPE_CHECKING:
    from nnviz.app.model import AppModel
    from nnviz.gui.engine_thread import EngineHandle


class TabHost(Protocol):
    """What a tab may ask of the window that holds it."""

    model: AppModel
    engine: EngineHandle  # commands a tab sends (plain data: the engine may be a process)
    dark: bool

    def tab(self, key: str) -> Tab: ...

    def show_tab(self, key: str) -> None: ...

    def show_status(self, text: str) -> None: ...

    def report_error(self, message: str) -> None:
        """One sentence in the status bar and a dialog (an error the user can cause)."""

    def set_training(self, on: bool) -> None:
        """Start or pause training (the Train button follows)."""

    def views_changed(self) -> None:
        """Something a tab needs from the engine changed (see :meth:`Tab.needs`)."""


class Tab:
    """One page of the main view; a new tab is one module and one line in ``TABS``.

    Subclasses set :attr:`key`, :attr:`kinds` and :attr:`widget` (the page) and
    :attr:`view` (the widget that draws, often the page itself), and override the
    hooks they need.
    """

    key = ""
    kinds: tuple[str, ...] = ("points", "curve", "images", "table")
    """Dataset kinds the tab is shown for."""

    def __init__(self, host: TabHost) -> None:
        # A weak reference: the window owns its tabs, a tab must not own the window.
        self.host = weakref.proxy(host)
        self.title = ""
        self.widget: QWidget
        self.view: QWidget

    def available(self, info: ResetInfo) -> bool:
        """True when the tab is shown for this run's data."""
        return info.dataset.kind in self.kinds

    def needs(self, current: bool) -> dict:
        """:class:`~nnviz.app.snapshot.ViewOptions` fields the engine must compute for this tab."""
        return {}

    def menu_actions(self) -> dict[str, list[QAction]]:
        """Actions this tab adds to the window's menus, by menu (``"edit"``, ``"view"``)."""
        return {}

    def on_reset(self, info: ResetInfo) -> None:
        """A new network (and maybe data): forget what belonged to the old one."""

    def on_frame(self, snap: Snapshot, current: bool) -> None:
        """Draw a snapshot (``current``: the tab is the one shown)."""

    def on_appearance(self, dark: bool) -> None:
        """The light or dark theme was chosen (colours drawn by the tab itself follow)."""

    @property
    def is_current(self) -> bool:
        return self.widget.isVisible()
