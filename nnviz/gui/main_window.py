"""The main window: lays out panels, tabs and curves, builds the menus, and connects the
engine's signals to the application model and the model's events to the views.

It does no maths and keeps no run state: that is :class:`nnviz.app.model.AppModel`'s.
The tabs come from :data:`nnviz.gui.tabs.TABS`; the File menu's work is in
:mod:`nnviz.gui.file_actions`; what is remembered between starts in
:mod:`nnviz.gui.window_settings`.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QSettings, Qt, Slot
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from nnviz.app.config import DataRequest, SessionConfig, default_session
from nnviz.app.model import AppModel, Message
from nnviz.app.snapshot import ResetInfo, Snapshot, ViewOptions
from nnviz.data.datasets import DATASETS
from nnviz.errors import NnvizError
from nnviz.gui import window_settings
from nnviz.gui.curves import CurvesView
from nnviz.gui.dialogs import error_box, message_box
from nnviz.gui.download import DownloadController
from nnviz.gui.engine_process import EngineProcess
from nnviz.gui.engine_thread import EngineThread
from nnviz.gui.file_actions import FileActions
from nnviz.gui.i18n import datasets_tr, translator
from nnviz.gui.menus import Menus
from nnviz.gui.panels import DatasetPanel, NetworkPanel, TrainingControls
from nnviz.gui.tabs import TABS, Tab
from nnviz.gui.threads import collect_garbage_on_gui_thread
from nnviz.gui.tutorial_banner import TutorialBanner
from nnviz.gui.widgets import EscapeLeavesFields

tr = translator("MainWindow")


class MainWindow(QMainWindow):
    """nnviz's window. Constructible with no arguments once a QApplication exists."""

    def __init__(
        self, settings: QSettings | None = None, *, restore: bool = True, engine: str | None = None
    ) -> None:
        super().__init__()
        collect_garbage_on_gui_thread()
        self.setObjectName("mainWindow")
        self.setWindowTitle(tr("nnviz — watch a neural network learn"))
        self.settings = settings if settings is not None else QSettings()
        self.model = AppModel()
        kind = engine or os.environ.get("NNVIZ_ENGINE", "process")
        self.engine = EngineThread(self) if kind == "thread" else EngineProcess(self)
        self.files = FileActions(self)
        self.downloads = DownloadController(self)
        self.view_options = ViewOptions()
        self.dark = False
        self.appearance_mode = "system"
        self.sized = False
        self._closing = False
        self._build_ui()
        self.menus = Menus(self)
        self._connect()
        config = window_settings.restore(self) if restore else None
        self.show_status(tr("Starting the training engine…"))
        self.engine.start()
        self.apply_config(config or default_session())
        QApplication.instance().aboutToQuit.connect(self._shutdown)
        self._escape = EscapeLeavesFields(self, self.main_tabs)

    # ------------------------------------------------------------------ layout
    def _build_ui(self) -> None:
        self.dataset_panel = DatasetPanel()
        self.network_panel = NetworkPanel()
        self.controls = TrainingControls()
        column = QWidget()
        col = QVBoxLayout(column)
        for panel in (self.controls, self.dataset_panel, self.network_panel):
            col.addWidget(panel)
        col.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(column)
        scroll.setWidgetResizable(True)
        # Wide enough for the panels' longest row in the interface language (no clipping).
        bar = scroll.verticalScrollBar().sizeHint().width()
        scroll.setMinimumWidth(
            max(330, column.minimumSizeHint().width() + bar + 2 * scroll.frameWidth())
        )
        self.controls_dock = QDockWidget(tr("Controls"), self)
        self.controls_dock.setObjectName("controlsDock")
        self.controls_dock.setWidget(scroll)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.controls_dock)

        self.main_tabs = QTabWidget()
        self.main_tabs.setObjectName("mainTabs")
        self.main_tabs.setAccessibleName(tr("Views"))
        self.main_tabs.setToolTip(tr("What the network is doing, seen different ways"))
        self.tabs: dict[str, Tab] = {}
        for cls in TABS:
            t = cls(self)
            self.tabs[t.key] = t
            self.main_tabs.addTab(t.widget, t.title)
        self.curves = CurvesView(self.model)
        self.tutorial_banner = TutorialBanner()
        self.tutorial_banner.setVisible(False)
        self.tutorial_banner.connect_model(self.model)
        main_column = QWidget()
        mc = QVBoxLayout(main_column)
        mc.setContentsMargins(0, 0, 0, 0)
        mc.addWidget(self.tutorial_banner)
        mc.addWidget(self.main_tabs, 1)
        self.main_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.main_splitter.setObjectName("mainSplitter")
        self.main_splitter.addWidget(main_column)
        self.main_splitter.addWidget(self.curves)
        self.main_splitter.setStretchFactor(0, 3)
        self.main_splitter.setStretchFactor(1, 2)
        self.setCentralWidget(self.main_splitter)
        self.state_label = QLabel()
        self.state_label.setObjectName("stateLabel")
        self.statusBar().addWidget(self.state_label, 1)
        self.busy = QProgressBar()  # while the engine loads data and builds a network
        self.busy.setObjectName("busyIndicator")
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(120)
        self.busy.setVisible(False)
        self.statusBar().addPermanentWidget(self.busy)
        self.net_label = QLabel()
        self.net_label.setObjectName("networkLabel")
        self.statusBar().addPermanentWidget(self.net_label)
        self.resize(*window_settings.default_size())

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self.sized:
            # First show: give the main view a roughly square area, the curves the rest.
            self.sized = True
            total = self.main_splitter.width()
            side = min(self.main_splitter.height(), int(total * 0.6))
            self.main_splitter.setSizes([side, total - side])

    def _connect(self) -> None:
        e, m = self.engine, self.model
        e.snapshot_ready.connect(self.on_snapshot)
        e.reset_done.connect(self.on_reset_done)
        e.failed.connect(self.on_failed)
        e.saved.connect(self.on_saved)
        e.stopped.connect(self.on_engine_stopped)
        m.status_changed.connect(self._status_changed)
        m.noticed.connect(self._noticed)
        m.tutorial_changed.connect(self.views_changed)
        m.paint.edited.connect(e.set_data)
        c = self.controls
        c.train.toggled.connect(self.set_training)
        c.step.clicked.connect(self.step)
        c.reset.clicked.connect(self.reset)
        d = self.dataset_panel
        d.changed.connect(self.on_data_requested)
        d.download_requested.connect(self.downloads.start)
        d.download_cancel_requested.connect(self.downloads.cancel)
        d.choose_folder_requested.connect(self.files.choose_data_folder)
        d.choose_points_requested.connect(self.files.open_points_dialog)
        n = self.network_panel
        n.learning_rate_changed.connect(e.set_learning_rate)
        n.l2_changed.connect(e.set_l2)
        n.config_changed.connect(self._shapes_changed)
        n.pending_changed.connect(self.controls.show_pending)
        self.main_tabs.currentChanged.connect(self.views_changed)
        QGuiApplication.styleHints().colorSchemeChanged.connect(self.menus.system_scheme_changed)

    # ------------------------------------------------------------------ tab host
    def tab(self, key: str) -> Tab:
        return self.tabs[key]

    def view(self, key: str) -> QWidget:
        """The widget that draws tab ``key`` (e.g. ``view("boundary").image``)."""
        return self.tabs[key].view

    def show_tab(self, key: str) -> None:
        self.main_tabs.setCurrentWidget(self.tabs[key].widget)

    def current_tab(self) -> Tab:
        widget = self.main_tabs.currentWidget()
        return next(t for t in self.tabs.values() if t.widget is widget)

    @Slot()
    def views_changed(self, *_args) -> None:
        """Tell the engine what the tabs need now (only the shown tab asks for its extras)."""
        current = self.current_tab()
        # The map and the gallery only for a tab that shows them (or a tutorial's banner).
        wanted = dict(resolution=self.view_options.resolution, dark=self.dark, boundary=False,
                      gallery=self.model.tutorial is not None)  # fmt: skip
        for t in self.tabs.values():
            for key, value in t.needs(t is current).items():
                wanted[key] = wanted.get(key) or value
        options = ViewOptions(**wanted)
        if options != self.view_options:
            self.view_options = options
            self.engine.set_view(options)

    # ------------------------------------------------------------------ commands
    def session_config(self) -> SessionConfig:
        """The configuration the panels describe right now."""
        return SessionConfig(
            data=self.dataset_panel.request(),
            network=self.network_panel.network_config(self.dataset_panel.key),
            train=self.network_panel.train_config(),
        )

    def show_config(self, config: SessionConfig) -> None:
        """Show ``config`` in the panels without building anything."""
        self.dataset_panel.set_request(config.data)
        self.network_panel.set_configs(config.network, config.train)

    def apply_config(self, config: SessionConfig) -> None:
        self.show_config(config)
        self.on_data_requested(self.dataset_panel.request())

    def reset_to(self, config: SessionConfig, model=None) -> None:
        self.controls.set_training(False)
        self.busy.setVisible(True)  # loading data can take seconds (the 8×8 digits: 5–8 s)
        self.show_status(tr("Loading {0}…").format(datasets_tr(DATASETS[config.data.key].title)))
        self.engine.reset(config, model)
        self.network_panel.mark_applied()

    @Slot(bool)
    def set_training(self, on: bool) -> None:
        if on and self.menus.inference_tutorial_open():
            self.controls.set_training(False)  # the book's weights are not trained by accident
            self.menus.ask_to_continue_as_new_run()
            return
        self.controls.set_training(on)
        self.engine.set_training(on)

    @Slot()
    def step(self) -> None:
        self.controls.set_training(False)
        self.engine.step()

    @Slot()
    def reset(self) -> None:
        """Rebuild the network from the current settings (data reloaded only if it changed)."""
        try:
            config = self.session_config()
        except NnvizError as e:
            self.on_failed(str(e))
            return
        self.reset_to(config)

    @Slot(object)
    def on_data_requested(self, request: DataRequest) -> None:
        """Build the requested data's network, or say what is missing."""
        if request.data_dir and (
            wrong := self.dataset_panel.wrong_folder(request.key, request.data_dir)
        ):
            self.on_failed(wrong)  # dialog and status; the data in use stays
            return
        self.model.data_chosen(request.key)  # a tutorial's banner goes with its data
        missing = self.dataset_panel.check_files(request)
        if missing:
            self.show_status(missing)
        else:
            self.reset()

    # ------------------------------------------------------------------ engine events
    @Slot(object)
    def on_reset_done(self, info: ResetInfo) -> None:
        self.busy.setVisible(False)
        previous = self.model.info
        self.model.on_reset_done(info)
        window_settings.remember_data_dir(self.settings, info.config.data)
        self.dataset_panel.show_dataset(info.dataset)
        for t in self.tabs.values():
            self.main_tabs.setTabVisible(self.main_tabs.indexOf(t.widget), t.available(info))
            t.on_reset(info)
        kind_changed = previous is not None and previous.dataset.kind != info.dataset.kind
        if kind_changed or not self.main_tabs.isTabVisible(self.main_tabs.currentIndex()):
            # the data's first view (a tab the user chose before the first reset stays)
            self.show_tab(next(t.key for t in self.tabs.values() if t.available(info)))
        if info.config.network != self.network_panel.network_config():
            # e.g. an opened model: the panels show the network that now runs
            self.network_panel.set_configs(info.config.network, info.config.train)
            self.network_panel.mark_applied()
        ds = info.dataset
        self.net_label.setText(
            tr("{0} · {1} parameters · {2}: {3} train / {4} test").format(
                info.description, f"{info.param_count:,}", ds.key,
                f"{len(ds.y_train):,}", f"{len(ds.y_test):,}",
            )
        )  # fmt: skip
        self._shapes_changed()
        self.controls.show_progress(0, 0, 0.0, 0.0)
        self.views_changed()

    @Slot(object)
    def on_snapshot(self, snap: Snapshot) -> None:
        try:
            if self.model.on_snapshot(snap):
                current = self.current_tab()
                for t in self.tabs.values():
                    t.on_frame(snap, t is current)
                c = self.controls
                c.show_snapshot(snap)
                if snap.state in ("done", "diverged", "stopped") and c.train.isChecked():
                    c.set_training(False)
        finally:
            self.engine.frame_consumed()

    @Slot(str)
    def on_failed(self, message: str, details: str = "") -> None:
        self.controls.set_training(False)
        self.busy.setVisible(False)
        fallback = self.model.recovery(self.dataset_panel.request())
        if isinstance(fallback, DataRequest):
            # The new data could not be loaded: show the data still in use.
            self.dataset_panel.set_request(fallback)
            self.dataset_panel.data_dir = fallback.data_dir or self.dataset_panel.data_dir
        elif isinstance(fallback, SessionConfig):
            self.apply_config(fallback)
        self.report_error(message, details)

    def report_error(self, message: str, details: str = "") -> None:
        """One sentence in the status bar and a dialog (``details`` behind its button)."""
        self.show_status(tr("Error: {0}").format(message))
        self.show_error(message, details)

    @Slot(str)
    def on_engine_stopped(self, how: str) -> None:
        """The engine process died: the window stays, says so, and offers a restart."""
        self.controls.set_training(False)
        text = tr(
            "The training engine stopped unexpectedly ({0}). Restart it to go on from the "
            "last settings; files you saved are not affected."
        ).format(how)
        self.show_status(text)
        if not self._closing:
            box = message_box(self, text, "engineStoppedDialog")
            restart = box.addButton(tr("Restart"), QMessageBox.ButtonRole.AcceptRole)
            restart.setObjectName("restartEngineButton")
            restart.clicked.connect(self.restart_engine)

    @Slot()
    def restart_engine(self) -> None:
        """Start a fresh engine and rebuild the last run's settings (the weights start anew)."""
        info = self.model.info
        self.engine.restart()
        self.reset_to(info.config if info is not None else self.session_config())

    @Slot(str)
    def on_saved(self, path: str) -> None:
        self.show_status(tr("Saved to {0}.").format(path))

    def _status_changed(self, msg: Message) -> None:
        self.show_status(tr(msg.template).format(*msg.args))

    @Slot()
    def _shapes_changed(self) -> None:
        if self.model.info is not None:
            self.network_panel.show_shapes_for(self.model.info.dataset)

    def _noticed(self, msg: Message) -> None:
        self.statusBar().showMessage(tr(msg.template).format(*msg.args), 8000)

    def show_status(self, text: str) -> None:
        self.state_label.setText(text)

    def show_error(self, message: str, details: str = "") -> None:
        """A non-blocking warning dialog (tests find it by objectName ``errorDialog``).

        ``details`` (addresses, error numbers) go behind the dialog's Details button.
        """
        if not self._closing:
            error_box(self, message, details or None)

    # ------------------------------------------------------------------ shutdown
    @Slot()
    def _shutdown(self) -> None:
        self.downloads.shutdown()
        self.engine.shutdown()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._closing = True
        self._escape.remove()
        window_settings.save(self)
        self._shutdown()
        event.accept()
