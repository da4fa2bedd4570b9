"""The main window: composes panels and views and wires signals; it does no maths."""

from __future__ import annotations

import contextlib
import csv
import json
import math
import platform
import time
from pathlib import Path

import numpy as np
from PySide6.QtCore import QByteArray, QPoint, QRect, QSettings, QSize, Qt, Slot
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QGuiApplication,
    QKeySequence,
    QPainter,
)
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from nnviz import __version__
from nnviz.core.history import History
from nnviz.core.layers import ACTIVATIONS
from nnviz.core.metrics import confusion_indices
from nnviz.core.modelio import load_dlfs_pickle, resolve_model
from nnviz.core.trainer import NetworkConfig, TrainConfig
from nnviz.core.tutorials import TUTORIALS, Tutorial, find_weights, tutorial
from nnviz.data import locate as data_locate
from nnviz.data.datasets import DATASETS
from nnviz.data.points_csv import write_points_csv
from nnviz.errors import NnvizError
from nnviz.gui import appearance
from nnviz.gui.canvas import DigitPanel
from nnviz.gui.digit_views import ConfusionMatrixView, WeightsGridView
from nnviz.gui.download import Download
from nnviz.gui.i18n import LANGUAGES, N_, datasets_tr, language, translator, tutorials_tr
from nnviz.gui.network_view import NetworkGraphView
from nnviz.gui.panels import DatasetPanel, NetworkPanel, TrainingControls
from nnviz.gui.session import ResetInfo, Snapshot, TrainingSession, ViewOptions
from nnviz.gui.threads import collect_garbage_on_gui_thread
from nnviz.gui.tutorial_banner import TutorialBanner
from nnviz.gui.views import BoundaryView, CurvePanel, DigitGallery, LayerStatsView
from nnviz.session import (
    DataRequest,
    SessionConfig,
    config_from_json,
    config_to_json,
    describe_changes,
    load_session,
    model_from_bytes,
)

tr = translator("MainWindow")

STATE_TEXT = {  # translated when shown
    "idle": N_("Ready — press Train."),
    "training": N_("Training…"),
    "paused": N_("Paused."),
    "done": N_("Finished: the epoch limit was reached."),
    "diverged": N_("Diverged."),
}
SETTINGS_VERSION = 1
MAX_OVERLAYS = 5
CURVE_INTERVAL = 0.1  # seconds between curve redraws while training


def default_session() -> SessionConfig:
    """What a first start shows: the spiral with a small tanh network (Playground-like)."""
    return SessionConfig(
        data=DataRequest(key="spiral"),
        network=NetworkConfig(hidden=(8, 8), activation="tanh", init="xavier"),
        train=TrainConfig(learning_rate=0.03, batch_size=10, optimizer="sgd"),
    )


def shapes_text(sizes: tuple[int, ...], batch: int) -> str:
    """Matrix shapes of a forward pass for one batch, as the tutorials write them."""
    lines = []
    for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:], strict=False), start=1):
        lines.append(f"W{i} ({a}, {b}): ({batch}, {a}) · ({a}, {b}) → ({batch}, {b})")
    n = sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:], strict=False))
    lines.append(tr("{0} parameters").format(f"{n:,}"))
    return "\n".join(lines)


class MainWindow(QMainWindow):
    """nnviz's window. Constructible with no arguments once a QApplication exists."""

    def __init__(self, settings: QSettings | None = None, *, restore: bool = True) -> None:
        super().__init__()
        collect_garbage_on_gui_thread()
        self.setObjectName("mainWindow")
        self.setWindowTitle(tr("nnviz — watch a neural network learn"))
        self.settings = settings if settings is not None else QSettings()
        self.session = TrainingSession(self)
        self.generation = 0
        self.info: ResetInfo | None = None
        self.last_snapshot: Snapshot | None = None
        self.curves = History(("train_loss", "test_loss", "train_accuracy", "test_accuracy"))
        self.iteration_losses = History(("loss",))  # means of every `loss_every` iterations
        self._window: list[np.ndarray] = []  # batch losses not yet in a full window
        self._window_start = 0
        self.tutorial: Tutorial | None = None
        self.previous_runs: list[str] = []
        self.frames_drawn = 0
        self.view_options = ViewOptions()
        self.download: Download | None = None
        self._closing = False
        self._sized = False
        self._shown_state = ""
        self._fell_back = False
        self._curves_dirty = False
        self._curves_drawn = 0.0
        self.dark = False
        self.appearance_mode = "system"
        self._build_ui()
        self._build_menus()
        self._connect()
        config = self._restore_settings() if restore else None
        self.session.start()
        self._apply_session_config(config or default_session())
        QApplication.instance().aboutToQuit.connect(self._shutdown)

    # ------------------------------------------------------------------ layout
    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._sized:
            # First show: give the main view a roughly square area, the curves the rest.
            self._sized = True
            total = self.main_splitter.width()
            side = min(self.main_splitter.height(), int(total * 0.6))
            self.main_splitter.setSizes([side, total - side])

    def _build_ui(self) -> None:
        self.dataset_panel = DatasetPanel()
        self.network_panel = NetworkPanel()
        self.controls = TrainingControls()
        column = QWidget()
        col_layout = QVBoxLayout(column)
        col_layout.addWidget(self.controls)
        col_layout.addWidget(self.dataset_panel)
        col_layout.addWidget(self.network_panel)
        col_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(column)
        scroll.setWidgetResizable(True)
        # Wide enough for the panels' longest row in the interface language (no clipping).
        scroll.setMinimumWidth(
            max(
                330,
                column.minimumSizeHint().width()
                + scroll.verticalScrollBar().sizeHint().width()
                + 2 * scroll.frameWidth(),
            )
        )
        self.controls_dock = self._dock(
            tr("Controls"), "controlsDock", scroll, Qt.DockWidgetArea.LeftDockWidgetArea
        )

        self.boundary = BoundaryView()
        self.gallery = DigitGallery()
        self.network_graph = NetworkGraphView()
        self.confusion = ConfusionMatrixView()
        self.weights = WeightsGridView()
        self.layer_stats = LayerStatsView()
        self.digit_panel = DigitPanel()
        self.only_mistakes = QCheckBox(tr("Show only mistakes"))
        self.only_mistakes.setObjectName("onlyMistakesCheck")
        self.only_mistakes.setAccessibleName(tr("Show only mistakes"))
        self.only_mistakes.setToolTip(tr("Show only the test digits the network gets wrong"))
        self.filter_label = QLabel()
        self.filter_label.setObjectName("galleryFilterLabel")
        self.show_all = QPushButton(tr("Show all"))
        self.show_all.setObjectName("showAllDigitsButton")
        self.show_all.setAccessibleName(tr("Show all digits"))
        self.show_all.setToolTip(tr("Remove the confusion-matrix filter"))
        self.show_all.setVisible(False)
        digits_page = QWidget()
        dl = QVBoxLayout(digits_page)
        dl.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.only_mistakes)
        row.addWidget(self.filter_label, 1)
        row.addWidget(self.show_all)
        dl.addLayout(row)
        dl.addWidget(self.gallery, 1)
        self.main_tabs = QTabWidget()
        self.main_tabs.setObjectName("mainTabs")
        self.main_tabs.setAccessibleName(tr("Views"))
        self.main_tabs.setToolTip(tr("What the network is doing, seen different ways"))
        self._pages = {
            "boundary": (self.boundary, tr("Decision boundary")),
            "digits": (digits_page, tr("Test digits")),
            "network": (self.network_graph, tr("Network")),
            "confusion": (self.confusion, tr("Confusion matrix")),
            "weights": (self.weights, tr("First-layer weights")),
            "layers": (self.layer_stats, tr("Layers")),
            "draw": (self.digit_panel, tr("Draw a digit")),
        }
        for widget, title in self._pages.values():
            self.main_tabs.addTab(widget, title)
        self.loss_panel = CurvePanel(
            tr("Loss"), tr("cross-entropy"), plot_name="lossPlot", log_toggle=True
        )
        self.acc_panel = CurvePanel(
            tr("Accuracy"),
            tr("accuracy"),
            plot_name="accuracyPlot",
            log_toggle=False,
            legend_bottom=True,
        )
        self.loss_plot = self.loss_panel.plot
        self.acc_plot = self.acc_panel.plot
        self.acc_plot.set_fixed_y(0, 1.02)
        self.curve_splitter = QSplitter(Qt.Orientation.Vertical)
        self.curve_splitter.setObjectName("curveSplitter")
        self.curve_splitter.addWidget(self.loss_panel)
        self.curve_splitter.addWidget(self.acc_panel)
        self.main_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.main_splitter.setObjectName("mainSplitter")
        self.tutorial_banner = TutorialBanner()
        self.tutorial_banner.setVisible(False)
        main_column = QWidget()
        mc = QVBoxLayout(main_column)
        mc.setContentsMargins(0, 0, 0, 0)
        mc.addWidget(self.tutorial_banner)
        mc.addWidget(self.main_tabs, 1)
        self.main_splitter.addWidget(main_column)
        self.main_splitter.addWidget(self.curve_splitter)
        self.main_splitter.setStretchFactor(0, 3)
        self.main_splitter.setStretchFactor(1, 2)
        self.setCentralWidget(self.main_splitter)

        self.state_label = QLabel()
        self.state_label.setObjectName("stateLabel")
        self.statusBar().addWidget(self.state_label, 1)
        self.net_label = QLabel()
        self.net_label.setObjectName("networkLabel")
        self.statusBar().addPermanentWidget(self.net_label)
        self.resize(1500, 900)

    def _dock(self, title: str, name: str, widget: QWidget, area) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable
        )
        self.addDockWidget(area, dock)
        return dock

    def _action(self, text: str, name: str, slot, shortcut=None, checkable=False) -> QAction:
        act = QAction(text, self)
        act.setObjectName(name)
        if shortcut is not None:
            act.setShortcuts(shortcut if isinstance(shortcut, list) else [shortcut])
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        act.setCheckable(checkable)
        (act.toggled if checkable else act.triggered).connect(slot)
        self.addAction(act)
        return act

    def _build_menus(self) -> None:
        bar = self.menuBar()
        a = self._action
        m = bar.addMenu(tr("&File"))
        for act in (
            a(
                tr("&Open model…"),
                "openModelAction",
                self.open_model_dialog,
                QKeySequence(QKeySequence.StandardKey.Open),
            ),
            a(
                tr("&Save model…"),
                "saveModelAction",
                self.save_model_dialog,
                QKeySequence(QKeySequence.StandardKey.Save),
            ),
            a(
                tr("Import Deep Learning from Scratch weights…"),
                "importDlfsAction",
                self.import_dlfs_dialog,
            ),
            None,
            a(tr("Open session…"), "openSessionAction", self.open_session_dialog),
            a(tr("Save session…"), "saveSessionAction", self.save_session_dialog),
            None,
            a(tr("Open points CSV…"), "openPointsAction", self.open_points_dialog),
            a(tr("Export data as CSV…"), "exportDataAction", self.export_data_dialog),
            None,
            a(tr("Export view as PNG/SVG…"), "exportPngAction", self.export_view_dialog),
            a(tr("Export loss plot as PNG/SVG…"), "exportLossPlotAction", self.export_loss_dialog),
            a(
                tr("Export accuracy plot as PNG/SVG…"),
                "exportAccuracyPlotAction",
                self.export_accuracy_dialog,
            ),
            a(tr("Export loss history CSV…"), "exportCsvAction", self.export_csv_dialog),
            None,
            a(tr("&Quit"), "quitAction", self.close, QKeySequence(QKeySequence.StandardKey.Quit)),
        ):
            m.addSeparator() if act is None else m.addAction(act)
        e = bar.addMenu(tr("&Edit"))
        e.addAction(self.digit_panel.undo_action)
        e.addAction(self.digit_panel.clear_action)
        t = bar.addMenu(tr("&Training"))
        self.train_action = a(
            tr("Train / Pause"), "trainAction", self.toggle_training, QKeySequence(Qt.Key.Key_Space)
        )
        self.step_action = a(
            tr("Step one epoch"),
            "stepAction",
            self.step,
            [QKeySequence(Qt.Key.Key_Right), QKeySequence(Qt.Key.Key_Period)],
        )
        self.reset_action = a(tr("Reset"), "resetAction", self.reset, QKeySequence("Ctrl+R"))
        for act in (self.train_action, self.step_action, self.reset_action):
            t.addAction(act)
        v = bar.addMenu(tr("&View"))
        self.test_points_action = a(
            tr("Show test points"),
            "showTestPointsAction",
            self.boundary.show_test_points,
            checkable=True,
        )
        self.test_points_action.setChecked(True)
        self.discretize_action = a(
            tr("Discretize output"), "discretizeAction", self._view_toggled, checkable=True
        )
        self.clear_runs_action = a(tr("Clear earlier runs"), "clearRunsAction", self.clear_runs)
        v.addAction(self.test_points_action)
        v.addAction(self.discretize_action)
        v.addAction(self.clear_runs_action)
        v.addSeparator()
        v.addAction(self.controls_dock.toggleViewAction())
        v.addSeparator()
        look = v.addMenu(tr("Appearance"))
        self.appearance_group = QActionGroup(self)
        self.appearance_actions = {}
        for mode, title in (
            ("system", tr("Follow the system")),
            ("light", tr("Light")),
            ("dark", tr("Dark")),
        ):
            act = a(title, f"appearance_{mode}", self._appearance_chosen, checkable=True)
            act.setData(mode)
            self.appearance_group.addAction(act)
            look.addAction(act)
            self.appearance_actions[mode] = act
        tm = bar.addMenu(tr("T&utorials"))
        self.tutorial_actions = {}
        for name, tut in TUTORIALS.items():
            act = QAction(tutorials_tr(tut.title), self)
            act.setObjectName(f"tutorial:{name}")
            act.setData(name)
            act.setToolTip(tut.source)
            act.triggered.connect(self._tutorial_chosen)
            tm.addAction(act)
            self.tutorial_actions[name] = act
        lang_menu = v.addMenu(tr("Language"))
        self.language_group = QActionGroup(self)
        self.language_actions = {}
        for code, title in LANGUAGES.items():
            act = QAction(title, self)
            act.setObjectName(f"language_{code}")
            act.setCheckable(True)
            act.setChecked(code == language())
            act.setData(code)
            act.triggered.connect(self._language_chosen)
            self.language_group.addAction(act)
            lang_menu.addAction(act)
            self.language_actions[code] = act
        h = bar.addMenu(tr("&Help"))
        h.addAction(a(tr("&About nnviz"), "aboutAction", self.show_about))

    def _connect(self) -> None:
        s = self.session
        s.snapshot_ready.connect(self.on_snapshot)
        s.reset_done.connect(self.on_reset_done)
        s.failed.connect(self.on_failed)
        s.saved.connect(self.on_saved)
        c = self.controls
        c.train.toggled.connect(self.set_training)
        c.step.clicked.connect(self.step)
        c.reset.clicked.connect(self.reset)
        self.dataset_panel.changed.connect(self.on_data_requested)
        self.dataset_panel.download_requested.connect(self.start_download)
        self.dataset_panel.download_cancel_requested.connect(self.cancel_download)
        self.dataset_panel.choose_folder_requested.connect(self.choose_data_folder)
        self.dataset_panel.choose_points_requested.connect(self.open_points_dialog)
        self.network_panel.learning_rate_changed.connect(self.session.set_learning_rate)
        self.network_panel.l2_changed.connect(self.session.set_l2)
        self.network_panel.config_changed.connect(self._update_shapes)
        self.main_tabs.currentChanged.connect(self._view_toggled)
        self.network_graph.neuron_clicked.connect(self.on_neuron_clicked)
        self.confusion.cell_clicked.connect(self.on_confusion_clicked)
        self.only_mistakes.toggled.connect(self.gallery.set_only_mistakes)
        self.show_all.clicked.connect(self.clear_gallery_filter)
        self.loss_panel.every_combo.currentIndexChanged.connect(self._loss_every_changed)
        self.tutorial_banner.closed.connect(self.close_tutorial)
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._system_scheme_changed)

    # ------------------------------------------------------------------ commands
    def session_config(self) -> SessionConfig:
        """The configuration the panels describe right now."""
        return SessionConfig(
            data=self.dataset_panel.request(),
            network=self.network_panel.network_config(),
            train=self.network_panel.train_config(),
        )

    def _apply_session_config(self, config: SessionConfig) -> None:
        self.dataset_panel.set_request(config.data)
        self.network_panel.set_configs(config.network, config.train)
        self.on_data_requested(self.dataset_panel.request())

    @Slot(bool)
    def set_training(self, on: bool) -> None:
        self.controls.set_training(on)
        self.session.set_training(on)

    @Slot()
    def toggle_training(self) -> None:
        self.set_training(not self.controls.train.isChecked())

    @Slot()
    def step(self) -> None:
        self.controls.set_training(False)
        self.session.step()

    @Slot()
    def reset(self) -> None:
        """Rebuild the network from the current settings (data reloaded only if it changed)."""
        self.controls.set_training(False)
        try:
            config = self.session_config()
        except NnvizError as e:
            self.on_failed(str(e))
            return
        self.session.reset(config)
        self.network_panel.mark_applied()

    @Slot(object)
    def on_data_requested(self, request: DataRequest) -> None:
        spec = DATASETS[request.key]
        if spec.needs_files:
            found = data_locate.locate(request.key, request.data_dir)
            if found is None:
                searched = data_locate.candidate_dirs(request.key, request.data_dir)
                self.dataset_panel.show_location(
                    tr("{0} not found.").format(datasets_tr(spec.title)), False
                )
                self.dataset_panel.location.setToolTip(
                    data_locate.describe_missing(request.key, searched)
                )
                self.show_state(
                    tr("{0} not found — download it or choose a folder.").format(
                        datasets_tr(spec.title)
                    )
                )
                return
            self.dataset_panel.show_location(tr("Found in {0}").format(found.path), True)
        if spec.needs_path and not request.path:
            self.show_state(tr("Choose a CSV file of x,y,label rows for your own points."))
            return
        self.reset()

    def wanted_view(self) -> ViewOptions:
        """What the worker should compute for the views the user can see right now."""
        current = self.main_tabs.currentWidget()
        points = self.info is None or self.info.dataset.is_points
        sizes = self.info.sizes if self.info is not None else ()
        digit_model = len(sizes) >= 2 and sizes[0] == 784 and sizes[-1] == 10
        graph = points and current is self.network_graph
        return ViewOptions(
            resolution=self.view_options.resolution,
            discretize=self.discretize_action.isChecked(),
            want_params=graph
            or current is self.weights
            or (digit_model and current is self.digit_panel),
            neurons=graph,
            focus=self.network_graph.focus if points else None,
            stats=current is self.layer_stats,
            dark=self.dark,
        )

    @Slot()
    def _view_toggled(self, *_args) -> None:
        options = self.wanted_view()
        if options != self.view_options:
            self.view_options = options
            self.session.set_view(options)

    @Slot(int, int)
    def on_neuron_clicked(self, layer: int, index: int) -> None:
        if layer >= 0:
            self.show_state(
                tr(
                    "The decision-boundary view shows layer {0}, neuron {1}; "
                    "click it again to go back."
                ).format(layer + 1, index + 1)
            )
        self._view_toggled()

    # ------------------------------------------------------------------ worker events
    @Slot(object)
    def on_reset_done(self, info: ResetInfo) -> None:
        previous = self.info
        if previous is not None and len(self.curves) > 0:
            self._keep_run(previous.config, info.config)
        self.generation = info.generation
        self.info = info
        self.last_snapshot = None
        if info.config.data.data_dir:
            self.settings.setValue("data/dir", info.config.data.data_dir)
        self._shown_state = ""
        self.curves.clear()
        self._clear_iteration_losses()
        self.loss_plot.clear_series()
        self.acc_plot.clear_series()
        ds = info.dataset
        points = ds.is_points
        kind_changed = previous is None or previous.dataset.is_points != points
        for key, visible in (
            ("boundary", points),
            ("network", points),
            ("digits", not points),
            ("confusion", not points),
            ("weights", not points),
        ):
            self.main_tabs.setTabVisible(self.main_tabs.indexOf(self._pages[key][0]), visible)
        if kind_changed or not self.main_tabs.isTabVisible(self.main_tabs.currentIndex()):
            self.main_tabs.setCurrentWidget(self.boundary if points else self._pages["digits"][0])
        self.network_graph.set_network(info.sizes)
        self.layer_stats.set_layers(len(info.sizes) - 1)
        self.confusion.clear()
        self.weights.clear()
        if points:
            self.boundary.set_data(info.extent, ds.x_train, ds.y_train, ds.x_test, ds.y_test)
        else:
            x, y = (ds.x_test, ds.y_test) if ds.has_test else (ds.x_train, ds.y_train)
            idx = info.gallery_index
            self.gallery.set_digits(x[idx], y[idx], idx, ds.image_shape, ds.class_names)
            self.clear_gallery_filter()
        if info.config.network != self.network_panel.network_config():
            # e.g. an opened model: the panels show the network that now runs
            self.network_panel.set_configs(info.config.network, info.config.train)
            self.network_panel.mark_applied()
        self.net_label.setText(
            tr("{0} · {1} parameters · {2}: {3} train / {4} test").format(
                "-".join(map(str, info.sizes)),
                f"{info.param_count:,}",
                ds.key,
                f"{len(ds.y_train):,}",
                f"{len(ds.y_test):,}",
            )
        )
        self.digit_panel.set_training_params(None)
        self._update_shapes()
        self.controls.show_progress(0, 0, 0.0, 0.0)
        self._view_toggled()

    def _keep_run(self, old: SessionConfig, new: SessionConfig) -> None:
        """Keep the finished run's curves as a faint overlay labelled by what changed."""
        change = describe_changes(old, new) or tr("same settings")
        label = tr("before: {0}").format(change if len(change) <= 48 else change[:47] + "…")
        c = self.curves
        x = c.column("x").copy()
        test_acc = c.column("test_accuracy")
        acc = test_acc if np.isfinite(test_acc).any() else c.column("train_accuracy")
        i = len(self.previous_runs)
        self.loss_plot.add_overlay(x, c.column("train_loss").copy(), label, i)
        self.acc_plot.add_overlay(x, acc.copy(), label, i)
        self.previous_runs.append(label)
        while len(self.previous_runs) > MAX_OVERLAYS:
            self.previous_runs.pop(0)
            for plot in (self.loss_plot, self.acc_plot):
                oldest = plot.overlays.pop(0)
                plot.getPlotItem().removeItem(oldest)
                plot.getPlotItem().legend.removeItem(oldest)

    @Slot()
    def clear_runs(self) -> None:
        """Forget the earlier runs' overlays."""
        self.previous_runs.clear()
        self.loss_plot.clear_overlays()
        self.acc_plot.clear_overlays()

    @Slot(object)
    def on_snapshot(self, snap: Snapshot) -> None:
        try:
            if snap.generation == self.generation:
                self._draw(snap)
        finally:
            self.session.frame_consumed()

    def _draw(self, snap: Snapshot) -> None:
        self.last_snapshot = snap
        self.frames_drawn += 1
        for rec in snap.epochs:
            self.curves.append(
                rec.epoch, rec.train_loss, rec.test_loss, rec.train_accuracy, rec.test_accuracy
            )
        new_points = self._add_iteration_losses(snap) if self.loss_every else 0
        self._curves_dirty = self._curves_dirty or bool(snap.epochs) or bool(new_points)
        now = time.monotonic()
        # The curves change little between frames but cost the most to paint: while
        # training they are redrawn ~10 times a second (every point is kept, none skipped).
        if self._curves_dirty and (
            snap.state != "training" or now - self._curves_drawn >= CURVE_INTERVAL
        ):
            self._redraw_curves()
            self._curves_drawn = now
        self._update_tutorial_line(snap)
        if snap.boundary is not None:
            self.boundary.set_boundary(snap.boundary)
        trained = snap.iteration > 0
        if snap.gallery_probs is not None and trained:
            self.gallery.set_probabilities(snap.gallery_probs)
            if snap.confusion is not None:
                self.confusion.set_matrix(snap.confusion, self.info.dataset.class_names)
        elif not trained:
            self.gallery.set_probabilities(None)
        if snap.params is not None:
            weights = [snap.params[f"W{i}"] for i in range(1, len(self.info.sizes))]
            if self.main_tabs.currentWidget() is self.network_graph:
                self.network_graph.set_state(weights, list(snap.neuron_maps or []) or None)
            if self.main_tabs.currentWidget() is self.weights:
                self.weights.set_weights(weights[0], self.info.dataset.image_shape)
            self.digit_panel.set_training_params(
                snap.params,
                self.info.config.network.hidden_activations,
                self.info.dataset.class_names,
            )
        if snap.weight_hists is not None or snap.grad_norms is not None:
            self.layer_stats.update_stats(
                snap.iteration, snap.weight_hists, snap.grad_norms if trained else None
            )
        self.controls.show_progress(
            snap.epoch, snap.iteration, snap.samples_per_second, snap.train_seconds
        )
        if snap.state in ("done", "diverged") and self.controls.train.isChecked():
            self.controls.set_training(False)
        if snap.state != self._shown_state:
            # Only a change of state replaces the status text (so "Saved to …" stays readable).
            self._shown_state = snap.state
            if snap.state == "diverged":
                self.show_state(
                    tr("Diverged: {0} Press Reset to start again.").format(snap.message)
                )
            else:
                self.show_state(tr(STATE_TEXT[snap.state]))

    # ------------------------------------------------------------------ loss per N iterations
    @property
    def loss_every(self) -> int:
        """0: one loss point per epoch; N: the mean loss of every N iterations."""
        return int(self.loss_panel.every_combo.currentData())

    def set_loss_every(self, every: int) -> None:
        combo = self.loss_panel.every_combo
        combo.setCurrentIndex(max(0, combo.findData(every)))

    @Slot()
    def _loss_every_changed(self, *_args) -> None:
        self._clear_iteration_losses()
        every = self.loss_every
        self.loss_plot.set_x_name("iteration" if every else "epoch")
        c = self.curves
        if every:
            self.loss_plot.clear_series()
        else:
            self.loss_plot.set_series(c.column("x"), c.column("train_loss"), c.column("test_loss"))

    def _redraw_curves(self) -> None:
        self._curves_dirty = False
        c = self.curves
        x = c.column("x")
        if self.loss_every:
            it = self.iteration_losses
            self.loss_plot.set_series(it.column("x"), it.column("loss"), None)
        else:
            self.loss_plot.set_series(x, c.column("train_loss"), c.column("test_loss"))
        self.acc_plot.set_series(x, c.column("train_accuracy"), c.column("test_accuracy"))

    def _clear_iteration_losses(self) -> None:
        self.iteration_losses.clear()
        self._window = []
        self._window_start = self.last_snapshot.iteration if self.last_snapshot else 0

    def _add_iteration_losses(self, snap: Snapshot) -> int:
        """Fold the snapshot's batch losses into means of ``loss_every`` iterations."""
        if len(snap.batch_losses) == 0:
            return 0
        every = self.loss_every
        self._window.append(snap.batch_losses)
        pending = np.concatenate(self._window)
        n_full = len(pending) // every
        if n_full:
            means = pending[: n_full * every].reshape(n_full, every).mean(axis=1)
            ends = self._window_start + every * np.arange(1, n_full + 1)
            self.iteration_losses.extend(np.column_stack([ends, means]))
            self._window_start += n_full * every
        self._window = [pending[n_full * every :]]
        return n_full

    # ------------------------------------------------------------------ tutorials
    @Slot()
    def _tutorial_chosen(self) -> None:
        self.load_tutorial(self.sender().data())

    def load_tutorial(self, name: str) -> bool:
        """Set every panel to a tutorial's settings and show its description and figures."""
        try:
            tut = tutorial(name)
        except NnvizError as e:
            self.on_failed(str(e))
            return False
        self.set_training(False)
        self.tutorial = tut
        spec = DATASETS[tut.dataset]
        data = DataRequest(
            key=tut.dataset,
            **tut.dataset_params,
            data_dir=self.dataset_panel.data_dir if spec.needs_files else None,
        )
        self.set_loss_every(tut.loss_every if tut.loss_averaged else 0)
        self.network_panel.set_configs(tut.network, tut.train)
        self.dataset_panel.set_request(data)
        self.tutorial_banner.show_tutorial(tut, language())
        self.on_data_requested(self.dataset_panel.request())
        if tut.weights:
            found = find_weights(tut, self.dataset_panel.data_dir)
            if found is None:
                self.on_failed(
                    tr(
                        "The book's weights file {0} was not found: download it from the "
                        "book's repository (ch03/{0}) and open it with File → Import Deep "
                        "Learning from Scratch weights…"
                    ).format(tut.weights)
                )
            else:
                self.import_dlfs(str(found), tut.network.activation)
        return True

    def close_tutorial(self) -> None:
        self.tutorial = None
        self.tutorial_banner.setVisible(False)

    def _update_tutorial_line(self, snap: Snapshot) -> None:
        tut = self.tutorial
        if tut is None or self.info is None or self.info.dataset.key != tut.dataset:
            return
        metric = tut.live_metric
        published = tut.published.get(metric)
        measured = None
        if self.curves.last is not None:
            col = 3 if metric == "train_accuracy" else 4
            measured = float(self.curves.last[col])
        if (measured is None or not math.isfinite(measured)) and snap.confusion is not None:
            total = snap.confusion.sum()
            measured = float(np.trace(snap.confusion) / total) if total else None
        self.tutorial_banner.show_progress(published, measured, snap.epoch)

    @Slot(int, int)
    def on_confusion_clicked(self, true_k: int, pred_k: int) -> None:
        """Show the test digits of one confusion-matrix cell."""
        preds = self.gallery.predictions
        if preds is None or self.info is None:
            return
        idx = confusion_indices(self.gallery.labels, preds, true_k, pred_k)
        names = self.info.dataset.class_names
        title = tr("true {0}, predicted {1}: {2} digits").format(
            names[true_k], names[pred_k], len(idx)
        )
        self.gallery.set_filter(idx, title)
        self.filter_label.setText(title)
        self.show_all.setVisible(True)
        self.main_tabs.setCurrentWidget(self._pages["digits"][0])

    @Slot()
    def clear_gallery_filter(self) -> None:
        self.gallery.set_filter(None)
        self.filter_label.setText("")
        self.show_all.setVisible(False)

    @Slot(str)
    def on_failed(self, message: str) -> None:
        self.controls.set_training(False)
        if self.info is not None and self.dataset_panel.request() != self.info.config.data:
            # The new data could not be loaded: show the data still in use, so that Reset
            # (and the next start) use it rather than the broken file or folder.
            self.dataset_panel.set_request(self.info.config.data)
            self.dataset_panel.data_dir = (
                self.info.config.data.data_dir or self.dataset_panel.data_dir
            )
        elif self.info is None and not self._fell_back:
            # Nothing could be built (e.g. the saved data is gone): start from the defaults.
            self._fell_back = True
            self._apply_session_config(default_session())
        self.show_state(tr("Error: {0}").format(message))
        self.show_error(message)

    @Slot(str)
    def on_saved(self, path: str) -> None:
        self.show_state(tr("Saved to {0}.").format(path))

    def show_state(self, text: str) -> None:
        self.state_label.setText(text)

    def show_error(self, message: str) -> None:
        """A non-blocking warning dialog (tests find it by objectName ``errorDialog``)."""
        if self._closing:
            return
        box = QMessageBox(
            QMessageBox.Icon.Warning, tr("nnviz"), message, QMessageBox.StandardButton.Ok, self
        )
        box.setObjectName("errorDialog")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    @Slot()
    def _update_shapes(self) -> None:
        if self.info is None:
            return
        try:
            net = self.network_panel.network_config()
            train = self.network_panel.train_config()
        except NnvizError:
            return
        ds = self.info.dataset
        sizes = (ds.n_features, *net.hidden, ds.n_classes)
        batch = train.batch_size or len(ds.y_train)
        params = sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:], strict=False))
        self.network_panel.show_shapes(shapes_text(sizes, min(batch, len(ds.y_train))), params)

    # ------------------------------------------------------------------ files
    def _ask_path(self, title: str, filters: str, save: bool, suffix: str = "") -> str:
        fn = QFileDialog.getSaveFileName if save else QFileDialog.getOpenFileName
        start = str(self.settings.value("files/last_dir", str(Path.home())))
        path, chosen = fn(self, title, start, filters)
        if path:
            self.settings.setValue("files/last_dir", str(Path(path).parent))
            if save and suffix and not Path(path).suffix:
                path += ".svg" if "svg" in chosen.lower() else suffix
        return path

    @Slot()
    def open_model_dialog(self) -> None:
        path = self._ask_path(
            tr("Open model"), tr("nnviz models (*.npz);;All files (*)"), save=False
        )
        if path:
            self.open_model(path)

    def open_model(self, path: str) -> bool:
        """Load an nnviz model file into the session (error dialog on failure)."""
        return self._use_model(lambda: resolve_model(path))

    def _use_model(self, load) -> bool:
        """Run ``load()``; hand the model to the worker, or show why it could not be read."""
        try:
            model = load()
        except NnvizError as e:
            self.on_failed(str(e))
            return False
        self.session.load_model(model)
        return True

    @Slot()
    def import_dlfs_dialog(self) -> None:
        path = self._ask_path(
            tr("Import Deep Learning from Scratch weights"),
            tr("Pickled weights (*.pkl);;All files (*)"),
            save=False,
        )
        if not path:
            return
        act, ok = QInputDialog.getItem(
            self,
            tr("Activation"),
            tr("The weights file does not say which activation the network used:"),
            list(ACTIVATIONS),
            list(ACTIVATIONS).index("sigmoid"),
            False,
        )
        if ok:
            self.import_dlfs(path, act)

    def import_dlfs(self, path: str, activation: str = "sigmoid") -> bool:
        """Import the book's pickled weights (read by the restricted unpickler)."""
        return self._use_model(lambda: load_dlfs_pickle(path, activation))

    @Slot()
    def save_model_dialog(self) -> None:
        path = self._ask_path(
            tr("Save model"), tr("nnviz models (*.npz)"), save=True, suffix=".npz"
        )
        if path:
            self.save_model(path)

    def save_model(self, path: str) -> None:
        self.session.save_model(path)

    # sessions
    @Slot()
    def open_session_dialog(self) -> None:
        path = self._ask_path(
            tr("Open session"), tr("nnviz sessions (*.json);;All files (*)"), save=False
        )
        if path:
            self.open_session(path)

    def open_session(self, path: str) -> bool:
        """Apply a session file's settings (and load its weights, when it has them)."""
        try:
            sess = load_session(path)
            model = model_from_bytes(sess.model_npz, Path(path).name) if sess.model_npz else None
        except NnvizError as e:
            self.on_failed(str(e))
            return False
        previous = self.session_config() if self.info is None else self.info.config
        self._show_config(sess.config)
        shown = self.session_config()
        if _comparable(shown) != _comparable(sess.config):
            # The widgets would have clamped a value: refuse rather than run something else.
            changes = describe_changes(sess.config, shown)
            self._show_config(previous)
            self.on_failed(
                tr("{0} has settings outside what nnviz accepts ({1}).").format(
                    Path(path).name, changes
                )
            )
            return False
        self._reset_to(replace_data_dir(sess.config, self.dataset_panel.data_dir), model)
        self.show_state(tr("Opened the session {0}.").format(Path(path).name))
        return True

    def _show_config(self, config: SessionConfig) -> None:
        """Show ``config`` in the panels without building anything."""
        self.dataset_panel.set_request(config.data)
        self.network_panel.set_configs(config.network, config.train)

    def _reset_to(self, config: SessionConfig, model=None) -> None:
        self.controls.set_training(False)
        self.session.reset(config, model)
        self.network_panel.mark_applied()

    @Slot()
    def save_session_dialog(self) -> None:
        path = self._ask_path(
            tr("Save session"), tr("nnviz sessions (*.json)"), save=True, suffix=".json"
        )
        if path:
            self.save_session(path)

    def save_session(self, path: str, with_weights: bool = True) -> None:
        """Write settings (and the current weights) to a session file, on the worker."""
        self.session.save_session(path, with_weights)

    # own data
    @Slot()
    def open_points_dialog(self) -> None:
        path = self._ask_path(
            tr("Open points CSV"), tr("CSV files (*.csv);;All files (*)"), save=False
        )
        if path:
            self.open_points(path)

    def open_points(self, path: str) -> None:
        """Use a CSV of x,y,label rows as the dataset."""
        self.dataset_panel.set_request(DataRequest(key="csv", path=str(path)))
        self.on_data_requested(self.dataset_panel.request())

    @Slot()
    def export_data_dialog(self) -> None:
        path = self._ask_path(
            tr("Export data as CSV"), tr("CSV files (*.csv)"), save=True, suffix=".csv"
        )
        if path:
            self.export_data(path)

    def export_data(self, path: str) -> bool:
        """Write the current 2-D dataset (train and test rows) as x,y,label,split."""
        if self.info is None or not self.info.dataset.is_points:
            self.on_failed(tr("Only 2-D point sets can be exported as CSV."))
            return False
        ds = self.info.dataset
        try:
            n = write_points_csv(
                path, {"train": (ds.x_train, ds.y_train), "test": (ds.x_test, ds.y_test)}
            )
        except OSError as e:
            self.on_failed(tr("Could not write {0}: {1}.").format(path, e.strerror or e))
            return False
        self.show_state(tr("Exported {0} points to {1}.").format(n, path))
        return True

    # exports
    def _export_dialog(self, title: str, widget: QWidget) -> None:
        path = self._ask_path(
            title, tr("PNG images (*.png);;SVG drawings (*.svg)"), save=True, suffix=".png"
        )
        if path:
            self.export_view(path, widget)

    @Slot()
    def export_view_dialog(self) -> None:
        self._export_dialog(tr("Export view"), self.main_tabs.currentWidget())

    @Slot()
    def export_loss_dialog(self) -> None:
        self._export_dialog(tr("Export loss plot"), self.loss_plot)

    @Slot()
    def export_accuracy_dialog(self) -> None:
        self._export_dialog(tr("Export accuracy plot"), self.acc_plot)

    def export_view(self, path: str, widget: QWidget | None = None) -> bool:
        """Save a view (default: the current main view) as PNG, or SVG when ``path`` ends in .svg."""
        widget = widget or self.main_tabs.currentWidget()
        if Path(path).suffix.lower() == ".svg":
            ok = _export_svg(widget, path)
        else:
            ok = widget.grab().save(path, "PNG")
        if not ok:
            self.on_failed(tr("Could not write the image {0}.").format(path))
            return False
        self.show_state(tr("Exported the view to {0}.").format(path))
        return True

    @Slot()
    def export_csv_dialog(self) -> None:
        path = self._ask_path(
            tr("Export loss history"), tr("CSV files (*.csv)"), save=True, suffix=".csv"
        )
        if path:
            self.export_csv(path)

    def export_csv(self, path: str) -> bool:
        """Write the per-epoch curves (as kept: long runs are decimated) to CSV."""
        rows = self.curves.as_array()
        try:
            with open(path, "w", newline="", encoding="utf-8") as f:
                w = csv.writer(f)
                w.writerow(["epoch", "train_loss", "test_loss", "train_accuracy", "test_accuracy"])
                for r in rows:
                    w.writerow([int(r[0])] + ["" if math.isnan(v) else f"{v:.6g}" for v in r[1:]])
        except OSError as e:
            self.on_failed(tr("Could not write {0}: {1}.").format(path, e.strerror or e))
            return False
        self.show_state(tr("Exported {0} epochs to {1}.").format(len(rows), path))
        return True

    # ------------------------------------------------------------------ data files
    @Slot()
    def choose_data_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, tr("Folder with dataset files"), str(Path.home())
        )
        if folder:
            self.use_data_folder(folder)

    def use_data_folder(self, folder: str) -> None:
        """Look for the dataset's files in ``folder`` (remembered once they load)."""
        self.dataset_panel.data_dir = folder
        self.on_data_requested(self.dataset_panel.request())

    @Slot(str)
    def start_download(self, name: str, mirrors=None, files=None) -> None:
        if self.download is not None:
            return
        self.download = Download(name, None, self, mirrors=mirrors, files=files)
        w = self.download.worker
        w.progressed.connect(self.on_download_progress)
        w.finished.connect(self.on_download_finished)
        w.failed.connect(self.on_download_failed)
        w.cancelled.connect(self.on_download_cancelled)
        self.dataset_panel.show_download(True)
        self.show_state(tr("Downloading {0}…").format(name))
        self.download.start()

    @Slot()
    def cancel_download(self) -> None:
        if self.download is not None:
            self.download.cancel()

    def _end_download(self) -> None:
        if self.download is not None:
            self.download.thread.quit()
            self.download.thread.wait()
            self.download.deleteLater()
            self.download = None
        self.dataset_panel.show_download(False)

    @Slot(int, int)
    def on_download_progress(self, done: int, total: int) -> None:
        self.dataset_panel.show_download(True, done, total)

    @Slot(str)
    def on_download_finished(self, path: str) -> None:
        self._end_download()
        self.show_state(tr("Downloaded to {0}.").format(path))
        self.on_data_requested(self.dataset_panel.request())

    @Slot(str)
    def on_download_failed(self, message: str) -> None:
        self._end_download()
        self.on_failed(message)

    @Slot()
    def on_download_cancelled(self) -> None:
        self._end_download()
        self.show_state(tr("Download cancelled."))

    # ------------------------------------------------------------------ appearance
    @Slot()
    def _appearance_chosen(self, checked: bool = True) -> None:
        act = self.appearance_group.checkedAction()
        if checked and act is not None:
            self.set_appearance(act.data())

    def set_appearance(self, mode: str) -> None:
        """``system``, ``light`` or ``dark``; remembered in the settings."""
        self.appearance_mode = mode if mode in ("system", "light", "dark") else "system"
        act = self.appearance_actions[self.appearance_mode]
        if not act.isChecked():
            act.blockSignals(True)
            act.setChecked(True)
            act.blockSignals(False)
        self.dark = appearance.is_dark(self.appearance_mode)
        appearance.apply(self, self.dark)
        self._view_toggled()

    @Slot()
    def _system_scheme_changed(self, *_args) -> None:
        if getattr(self, "appearance_mode", "system") == "system":
            self.set_appearance("system")

    @Slot()
    def _language_chosen(self) -> None:
        self.choose_language(self.sender().data())

    def choose_language(self, code: str) -> None:
        """Remember the interface language; it applies from the next start."""
        self.settings.setValue("view/language", code)
        self.settings.sync()
        if code != language():
            self.show_state(tr("The language changes when nnviz starts again."))
            box = QMessageBox(
                QMessageBox.Icon.Information,
                tr("Language"),
                tr("nnviz will use {0} from its next start.").format(LANGUAGES[code]),
                QMessageBox.StandardButton.Ok,
                self,
            )
            box.setObjectName("languageNotice")
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()

    # ------------------------------------------------------------------ about
    @Slot()
    def show_about(self) -> None:
        QMessageBox.about(self, tr("About nnviz"), about_text())

    # ------------------------------------------------------------------ settings
    def _restore_settings(self) -> SessionConfig | None:
        """Window layout and last settings; anything unreadable falls back to defaults."""
        s = self.settings
        if s.status() != QSettings.Status.NoError or s.value("version") not in (
            SETTINGS_VERSION,
            str(SETTINGS_VERSION),
        ):
            return None
        try:
            for key, fn in (
                ("window/geometry", self.restoreGeometry),
                ("window/state", self.restoreState),
                ("window/main_splitter", self.main_splitter.restoreState),
                ("window/curve_splitter", self.curve_splitter.restoreState),
            ):
                v = s.value(key)
                if isinstance(v, QByteArray) and fn(v) and key == "window/main_splitter":
                    self._sized = True  # the user's own layout wins over first-show sizing
            data_dir = s.value("data/dir")
            if isinstance(data_dir, str) and data_dir:
                self.dataset_panel.data_dir = data_dir
            mode = s.value("view/appearance")
            if mode in ("system", "light", "dark"):
                self.set_appearance(mode)
            raw = s.value("session/config")
            if not isinstance(raw, str):
                return None
            return config_from_json(json.loads(raw))
        except Exception:  # noqa: BLE001 - any unreadable settings (even RecursionError): defaults
            return None

    def save_settings(self) -> None:
        s = self.settings
        s.setValue("version", SETTINGS_VERSION)
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        s.setValue("window/main_splitter", self.main_splitter.saveState())
        s.setValue("window/curve_splitter", self.curve_splitter.saveState())
        s.setValue("view/appearance", getattr(self, "appearance_mode", "system"))
        with contextlib.suppress(NnvizError):  # invalid panel values: keep the last good ones
            s.setValue("session/config", json.dumps(config_to_json(self.session_config())))
        s.sync()

    # ------------------------------------------------------------------ shutdown
    @Slot()
    def _shutdown(self) -> None:
        if self.download is not None:
            self.download.shutdown()
            self.download = None
        self.session.shutdown()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._closing = True
        self.save_settings()
        self._shutdown()
        event.accept()


def _comparable(config: SessionConfig) -> SessionConfig:
    """``config`` without what the panels do not show (the data folder)."""
    return replace_data_dir(config, None)


def replace_data_dir(config: SessionConfig, data_dir: str | None) -> SessionConfig:
    from dataclasses import replace

    return replace(config, data=replace(config.data, data_dir=data_dir))


def _export_svg(widget: QWidget, path: str) -> bool:
    """Write ``widget`` as SVG with QSvgGenerator.

    pyqtgraph's own SVGExporter fails on current Qt releases (it cannot parse the
    path data Qt writes: pyqtgraph issue #3485), so plots are rendered the same
    way as the custom-painted views.
    """
    gen = QSvgGenerator()
    gen.setFileName(path)
    gen.setSize(QSize(widget.width(), widget.height()))
    gen.setViewBox(QRect(0, 0, widget.width(), widget.height()))
    gen.setTitle("nnviz")
    painter = QPainter()
    if not painter.begin(gen):
        return False
    try:
        # QWidget's own render (QGraphicsView overrides it with a scene-only variant).
        QWidget.render(widget, painter, QPoint(0, 0))
    finally:
        painter.end()
    return Path(path).is_file() and Path(path).stat().st_size > 0


def about_text() -> str:
    import pyqtgraph
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import qVersion

    return tr(
        "<h3>nnviz {0}</h3><p>Watch a neural network learn.</p>"
        "<p>Python {1} · NumPy {2} · PySide6 {3} (Qt {4}) · pyqtgraph {5}</p>"
    ).format(
        __version__,
        platform.python_version(),
        np.__version__,
        pyside_version,
        qVersion(),
        pyqtgraph.__version__,
    )
