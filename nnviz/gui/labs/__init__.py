"""The Labs menu's windows: one window per lab of :data:`nnviz.app.labs.LABS`.

A lab is not a view of the user's run (it brings its own surface, network or race),
so each opens in a window of its own beside the main window rather than as a tab:
tabs are shown or hidden by the run's dataset and draw the engine's snapshots, a lab
does neither.  A new lab view is one module and one line in :data:`LAB_VIEWS`; a lab
with no view yet opens a window with its description and the command that runs it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from nnviz.app.config import DataRequest, SessionConfig
from nnviz.app.labs import LABS, batch_norm, lab, overfitting
from nnviz.app.labs.common import first_rows, load_mnist
from nnviz.app.labs.mnist_races import BOOK_ITERATIONS, RACES
from nnviz.app.labs.own_race import contender_of, race_of
from nnviz.app.labs.race import Race
from nnviz.errors import NnvizError
from nnviz.gui.i18n import language, translator
from nnviz.gui.labs.batch_norm_view import BatchNormView
from nnviz.gui.labs.init_activations import InitActivationsView
from nnviz.gui.labs.optimizer_paths import OptimizerPathsView
from nnviz.gui.labs.race_view import RaceView
from nnviz.gui.labs.search_view import SearchView

tr = translator("labs")
labs_tr = translator("labs")
"""Translates a lab's title (from :data:`nnviz.app.labs.LABS`)."""


def mnist_race(which: str, data_dir: str | None) -> RaceView:
    """One of the book's MNIST races (``"optimizer"`` or ``"init"``), loaded when first run."""

    def make() -> Race:
        contenders, _claims = RACES[which]
        return Race(load_mnist(data_dir), contenders(), iterations=BOOK_ITERATIONS)

    return RaceView(make)


def mnist_batch_norm(data_dir: str | None) -> BatchNormView:
    """The book's grid on the first 1,000 MNIST training digits."""
    return BatchNormView(
        lambda: first_rows(load_mnist(data_dir), batch_norm.BOOK_SAMPLES, test=False)
    )


def mnist_overfitting(data_dir: str | None) -> RaceView:
    """Plain, weight decay and dropout racing on the first 300 MNIST training digits."""

    def make() -> Race:
        data = first_rows(load_mnist(data_dir), overfitting.BOOK_SAMPLES)
        return overfitting.overfitting_race(data)

    return RaceView(make, curves="accuracy")


def mnist_search(data_dir: str | None) -> SearchView:
    """The book's search on the first 500 MNIST training digits, 20% held out for validation;
    a trial opens as a run on MNIST from the same folder."""

    def load():
        from nnviz.app.labs.search import validation_split

        return validation_split(load_mnist(data_dir))

    return SearchView(load, DataRequest(key="mnist", data_dir=data_dir))


LAB_VIEWS: dict[str, Callable[[str | None], QWidget]] = {
    "optimizer-paths": lambda _data_dir: OptimizerPathsView(),
    "init-activations": lambda _data_dir: InitActivationsView(),
    "optimizer-race-mnist": lambda data_dir: mnist_race("optimizer", data_dir),
    "init-race-mnist": lambda data_dir: mnist_race("init", data_dir),
    "batch-norm": mnist_batch_norm,
    "overfitting": mnist_overfitting,
    "hyperparameter-search": mnist_search,
}
"""Lab name → a function of the data folder (for labs that need data) making its view."""


class LabWindow(QWidget):
    """A lab's title, source and description above its view (or how to run it headless)."""

    def __init__(
        self, name: str, parent: QWidget | None = None, data_dir: str | None = None
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        spec = lab(name)
        self.name = name
        self.setObjectName(f"labWindow:{name}")
        self.setWindowTitle(tr("nnviz lab — {0}").format(labs_tr(spec.title)))
        layout = QVBoxLayout(self)
        self.description = QLabel()
        self.description.setObjectName("labDescription")
        self.description.setWordWrap(True)
        self.description.setTextFormat(Qt.TextFormat.PlainText)
        text = spec.description_ko if language() == "ko" else spec.description_en
        self.description.setText(f"{labs_tr(spec.title)} — {spec.source}\n{text}")
        layout.addWidget(self.description)
        make = LAB_VIEWS.get(name)
        if make is not None:
            self.view = make(data_dir)
        else:
            self.view = QLabel(
                tr("This lab has no live view yet; it runs headless with:\n{0}").format(
                    f"nnviz tutorial run {name} --json"
                )
            )
            self.view.setObjectName("labHeadlessHint")
            self.view.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.view, 1)
        self.resize(1100, 750)

    def hideEvent(self, event) -> None:
        # A closed lab window is only hidden (it opens again as it was): stop its timer.
        pause = getattr(self.view, "set_playing", None)
        if pause is not None:
            pause(False)
        super().hideEvent(event)


class OwnRaceWindow(QWidget):
    """Labs → Race these settings: the main window's configurations racing on its data."""

    def __init__(self, config: SessionConfig, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("ownRaceWindow")
        self.setWindowTitle(tr("nnviz — your race"))
        self.request = (config.data, config.train.rng)  # the data every contender shares
        layout = QVBoxLayout(self)
        note = QLabel(
            tr(
                "Your settings racing on the same data, initial weights and mini-batches. "
                "Change the network panel (optimizer, layers, learning rate, …) and choose "
                "Labs → Race these settings again to add a contender (up to 8)."
            )
        )
        note.setObjectName("labDescription")
        note.setWordWrap(True)
        layout.addWidget(note)
        self.view = RaceView(lambda: race_of(config))
        layout.addWidget(self.view, 1)
        self.resize(1100, 700)

    def hideEvent(self, event) -> None:
        self.view.set_playing(False)
        super().hideEvent(event)


def _to_front(win: QWidget) -> QWidget:
    """Show ``win`` and bring it in front of the main window."""
    win.show()
    win.raise_()
    win.activateWindow()
    return win


class LabWindows(QObject):
    """Opens each lab's window once and raises it when asked again; closes with ``parent``."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.windows: dict[str, LabWindow] = {}
        self.own_race: OwnRaceWindow | None = None

    def open(self, name: str) -> LabWindow:
        """Show lab ``name``'s window (made on first use) and bring it to the front."""
        win = self.windows.get(name)
        if win is None:
            needs, panel = lab(name).needs, getattr(self.parent(), "dataset_panel", None)
            data_dir = panel.data_dir_for(needs) if needs and panel is not None else None
            win = self.windows[name] = LabWindow(name, self.parent(), data_dir)
            opened = getattr(win.view, "run_opened", None)
            if opened is not None:
                opened.connect(self.open_run)
        return _to_front(win)

    def race_settings(self, config: SessionConfig) -> OwnRaceWindow:
        """Add ``config`` to the window racing the user's settings (a new race when its
        data differs from the open one's, or there is none yet)."""
        win = self.own_race
        if win is not None and (
            win.request != (config.data, config.train.rng) or win.view.race is None
        ):  # other data, or the first settings could not race: start a new race
            win.close()  # (hiding pauses it)
            win.deleteLater()
            win = None
        if win is None:
            win = self.own_race = OwnRaceWindow(config, self.parent())
            win.view.ensure_race()
        else:
            try:
                contender = contender_of(config)
            except NnvizError as e:
                win.view.status.setText(str(e))
            else:
                win.view.add_contender(contender)
        return _to_front(win)

    @Slot(object)
    def open_run(self, config: SessionConfig) -> None:
        """Show ``config`` (e.g. a search's trial) in the main window and build it."""
        main = self.parent()
        main.apply_config(config)
        main.raise_()
        main.activateWindow()


__all__ = ["LABS", "LAB_VIEWS", "LabWindow", "LabWindows", "OwnRaceWindow", "labs_tr"]
