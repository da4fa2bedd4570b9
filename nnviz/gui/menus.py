"""The window's menus and keyboard shortcuts, and the small choices they make
(appearance, language, About); the work behind File is :mod:`nnviz.gui.file_actions`."""

from __future__ import annotations

import platform
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox

from nnviz import __version__
from nnviz.app.config import DataRequest, SessionConfig
from nnviz.app.model import replace_data_dir
from nnviz.app.tutorial_runner import find_weights
from nnviz.app.tutorials import TUTORIALS, tutorial
from nnviz.data.datasets import DATASETS
from nnviz.errors import NnvizError
from nnviz.gui import appearance
from nnviz.gui.dialogs import message_box
from nnviz.gui.i18n import LANGUAGES, language, translator, tutorials_tr
from nnviz.gui.labs import LABS, LabWindows, labs_tr

if TYPE_CHECKING:
    from nnviz.gui.main_window import MainWindow

tr = translator("MainWindow")

APPEARANCES = ("system", "light", "dark")


class Menus(QObject):
    """Builds the menu bar of ``window``; ``w.menus`` holds the actions tests trigger."""

    @property
    def w(self):
        """The window (Qt's parent pointer: no Python reference cycle with it)."""
        return self.parent()

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._build()

    def _action(self, text, name, slot, shortcut=None, checkable=False, data=None) -> QAction:
        act = QAction(text, self.w)
        act.setObjectName(name)
        if shortcut is not None:
            act.setShortcuts(shortcut if isinstance(shortcut, list) else [shortcut])
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        act.setCheckable(checkable)
        act.setData(data)
        (act.toggled if checkable else act.triggered).connect(slot)
        self.w.addAction(act)
        return act

    def _build(self) -> None:
        a, w, f = self._action, self.w, self.w.files
        std = QKeySequence.StandardKey
        self.train_action = a(
            tr("Train / Pause"), "trainAction", self.toggle_training, QKeySequence(Qt.Key.Key_Space)
        )
        # → only: with "." too, typing 0.8 with no field focused stepped an epoch.
        self.step_action = a(
            tr("Step one epoch"), "stepAction", w.step, QKeySequence(Qt.Key.Key_Right)
        )
        self.reset_action = a(tr("Reset"), "resetAction", w.reset, QKeySequence("Ctrl+R"))
        self.clear_runs_action = a(tr("Clear earlier runs"), "clearRunsAction", w.model.clear_runs)
        menus: dict[str, list[QAction | None]] = {
            "file": [
                a(tr("&Open model…"), "openModelAction", f.open_model_dialog, QKeySequence(std.Open)),
                a(tr("&Save model…"), "saveModelAction", f.save_model_dialog, QKeySequence(std.Save)),
                a(tr("Export as Python…"), "exportPythonAction", f.export_python_dialog),
                a(tr("Import Deep Learning from Scratch weights…"), "importDlfsAction", f.import_dlfs_dialog),
                None,
                a(tr("Open session…"), "openSessionAction", f.open_session_dialog),
                a(tr("Save session…"), "saveSessionAction", f.save_session_dialog),
                None,
                a(tr("Open points CSV…"), "openPointsAction", f.open_points_dialog),
                a(tr("Export data as CSV…"), "exportDataAction", f.export_data_dialog),
                None,
                a(tr("Export view as PNG/SVG…"), "exportPngAction", f.export_view_dialog),
                a(tr("Export loss plot as PNG/SVG…"), "exportLossPlotAction", f.export_loss_dialog),
                a(tr("Export accuracy plot as PNG/SVG…"), "exportAccuracyPlotAction", f.export_accuracy_dialog),
                a(tr("Export loss history CSV…"), "exportCsvAction", f.export_csv_dialog),
                None,
                a(tr("&Quit"), "quitAction", w.close, QKeySequence(std.Quit)),
            ],
            "edit": [],
            "training": [self.train_action, self.step_action, self.reset_action],
            "view": [self.clear_runs_action],
        }  # fmt: skip
        for t in w.tabs.values():  # tabs add their own actions (one module, one registry line)
            for where, actions in t.menu_actions().items():
                menus[where][:0] = actions
        titles = {"file": tr("&File"), "edit": tr("&Edit"), "training": tr("&Training")}
        titles["view"] = tr("&View")
        bar = w.menuBar()
        for key, actions in menus.items():
            m = bar.addMenu(titles[key])
            for act in actions:
                m.addSeparator() if act is None else m.addAction(act)
        view = bar.actions()[-1].menu()
        view.addSeparator()
        view.addAction(w.controls_dock.toggleViewAction())
        view.addSeparator()
        looks = {"system": tr("Follow the system"), "light": tr("Light"), "dark": tr("Dark")}
        self.appearance_actions = self._choices(
            view.addMenu(tr("Appearance")), "appearance", looks, self._appearance_chosen, "system"
        )
        tm = bar.addMenu(tr("T&utorials"))
        self.tutorial_actions = {}
        for name, tut in TUTORIALS.items():
            act = a(tutorials_tr(tut.title), f"tutorial:{name}", self._tutorial_chosen, data=name)
            act.setToolTip(tut.source)
            tm.addAction(act)
            self.tutorial_actions[name] = act
        self._build_labs(bar.addMenu(tr("&Labs")))
        self.language_actions = self._choices(
            view.addMenu(tr("Language")), "language", LANGUAGES, self._language_chosen, language()
        )
        bar.addMenu(tr("&Help")).addAction(a(tr("&About nnviz"), "aboutAction", self.show_about))

    def _build_labs(self, menu: QMenu) -> None:
        """One action per lab of the registry; each opens the lab's window."""
        self.labs = LabWindows(self.w)
        self.lab_actions = {}
        for name, spec in LABS.items():
            act = self._action(labs_tr(spec.title), f"lab:{name}", self._lab_chosen, data=name)
            act.setToolTip(spec.source)
            menu.addAction(act)
            self.lab_actions[name] = act
        menu.addSeparator()
        self.race_action = self._action(
            tr("Race these settings"), "raceSettingsAction", self._race_settings
        )
        self.race_action.setToolTip(
            tr("Add the network panel's settings to a race on the same data and batches")
        )
        menu.addAction(self.race_action)

    @Slot()
    def _race_settings(self) -> None:
        self.labs.race_settings(self.w.session_config())

    @Slot()
    def _lab_chosen(self) -> None:
        self.labs.open(self.sender().data())

    def _choices(self, menu: QMenu, name: str, items: dict, slot, checked) -> dict:
        """One checkable action per item, exclusive, named ``{name}_{key}``."""
        group, actions = QActionGroup(self), {}
        for key, text in items.items():
            act = self._action(text, f"{name}_{key}", slot, checkable=True, data=key)
            act.blockSignals(True)
            act.setChecked(key == checked)
            act.blockSignals(False)
            group.addAction(act)
            menu.addAction(act)
            actions[key] = act
        return actions

    @Slot()
    def toggle_training(self) -> None:
        self.w.set_training(not self.w.controls.train.isChecked())

    @Slot()
    def _tutorial_chosen(self) -> None:
        self.load_tutorial(self.sender().data())

    def load_tutorial(self, name: str) -> bool:
        """Set every panel to a tutorial's settings and show its description and figures."""
        try:
            tut = tutorial(name)
        except NnvizError as e:
            self.w.on_failed(str(e))
            return False
        self.w.set_training(False)
        needs_files = DATASETS[tut.dataset].needs_files
        data_dir = self.w.dataset_panel.data_dir_for(tut.dataset) if needs_files else None
        config = SessionConfig(
            DataRequest(tut.dataset, **tut.dataset_params), tut.network, tut.train
        )
        self.w.curves.set_loss_every(tut.loss_every if tut.loss_averaged else 0)
        self.w.model.set_tutorial(tut)
        self.w.apply_config(replace_data_dir(config, data_dir))
        if tut.weights:
            found = find_weights(tut, self.w.dataset_panel.data_dir)
            if found is None:  # the MNIST run stands: nothing to fall back from
                self.w.report_error(
                    tr(
                        "The book's weights file {0} was not found: download it from the "
                        "book's repository (ch03/{0}) and open it with File → Import Deep "
                        "Learning from Scratch weights…"
                    ).format(tut.weights)
                )
            else:
                self.w.files.import_dlfs(str(found), tut.network.activation)
        return True

    def inference_tutorial_open(self) -> bool:
        """True while a tutorial that only evaluates published weights shows them."""
        tut, info = self.w.model.tutorial, self.w.model.info
        return tut is not None and not tut.trains and info is not None and info.pretrained

    def ask_to_continue_as_new_run(self) -> None:
        message_box(
            self.w,
            tr("This tutorial evaluates the book's weights as they are. Train them further "
               "as a new run? (The tutorial closes; its figures stay as published.)"),
            "continueAsNewRunDialog", icon=QMessageBox.Icon.Question,
            buttons=QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            accepted=self.continue_as_new_run,
        )  # fmt: skip

    @Slot()
    def continue_as_new_run(self) -> None:
        """Train the weights in use further, with no epoch limit, as a run of its own."""
        w = self.w
        w.model.set_tutorial(None)
        w.network_panel.epochs.setValue(0)
        w.engine.post("continue", w.network_panel.train_config())
        w.network_panel.mark_applied()
        w.set_training(True)

    # ------------------------------------------------------------------ appearance
    @Slot(bool)
    def _appearance_chosen(self, checked: bool) -> None:
        if checked:
            self.set_appearance(self.sender().data())

    def set_appearance(self, mode: str) -> None:
        """``system``, ``light`` or ``dark``; remembered in the settings."""
        w = self.w
        w.appearance_mode = mode if mode in APPEARANCES else "system"
        act = self.appearance_actions[w.appearance_mode]
        if not act.isChecked():
            act.blockSignals(True)
            act.setChecked(True)
            act.blockSignals(False)
        w.dark = appearance.is_dark(w.appearance_mode)
        appearance.apply(w, w.dark)
        for t in w.tabs.values():
            t.on_appearance(w.dark)
        w.views_changed()

    @Slot()
    def system_scheme_changed(self, *_args) -> None:
        if self.w.appearance_mode == "system":
            self.set_appearance("system")

    # ------------------------------------------------------------------ language
    @Slot(bool)
    def _language_chosen(self, checked: bool) -> None:
        if checked:
            self.choose_language(self.sender().data())

    def choose_language(self, code: str) -> None:
        """Remember the interface language; it applies from the next start."""
        w = self.w
        w.settings.setValue("view/language", code)
        w.settings.sync()
        if code != language():
            w.show_status(tr("The language changes when nnviz starts again."))
            message_box(
                w,
                tr("nnviz will use {0} from its next start.").format(LANGUAGES[code]),
                "languageNotice",
                icon=QMessageBox.Icon.Information,
                title=tr("Language"),
            )

    @Slot()
    def show_about(self) -> None:
        QMessageBox.about(self.w, tr("About nnviz"), about_text())


def about_text() -> str:
    """The About box: nnviz's version and the versions it runs on."""
    import pyqtgraph
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import qVersion

    return tr(
        "<h3>nnviz {0}</h3><p>Watch a neural network learn.</p>"
        "<p>Python {1} · NumPy {2} · PySide6 {3} (Qt {4}) · pyqtgraph {5}</p>"
    ).format(
        __version__, platform.python_version(), np.__version__, pyside_version, qVersion(),
        pyqtgraph.__version__,
    )  # fmt: skip
