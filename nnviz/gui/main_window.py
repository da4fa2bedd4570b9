"""The main window: composes panels and views and wires signals; it does no maths."""

from __future__ import annotations

import contextlib
import csv
import json
import math
import platform
from dataclasses import asdict
from pathlib import Path

import numpy as np
from PySide6.QtCore import QByteArray, QSettings, Qt, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from nnviz import __version__
from nnviz.core.history import History
from nnviz.core.layers import ACTIVATIONS
from nnviz.core.modelio import load_dlfs_pickle, resolve_model
from nnviz.core.trainer import NetworkConfig, TrainConfig
from nnviz.data import locate as data_locate
from nnviz.data.datasets import DATASETS
from nnviz.errors import NnvizError
from nnviz.gui.download import Download
from nnviz.gui.i18n import translator
from nnviz.gui.panels import DatasetPanel, NetworkPanel, TrainingControls
from nnviz.gui.session import (
    DataRequest,
    ResetInfo,
    SessionConfig,
    Snapshot,
    TrainingSession,
    ViewOptions,
)
from nnviz.gui.threads import collect_garbage_on_gui_thread
from nnviz.gui.views import BoundaryView, CurvePanel, DigitGallery

tr = translator("MainWindow")

STATE_TEXT = {
    "idle": "Ready — press Train.",
    "training": "Training…",
    "paused": "Paused.",
    "done": "Finished: the epoch limit was reached.",
    "diverged": "Diverged.",
}
SETTINGS_VERSION = 1


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
        self.frames_drawn = 0
        self.view_options = ViewOptions()
        self.download: Download | None = None
        self._closing = False
        self._sized = False
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
            # First show: give the boundary a roughly square area, the curves the rest.
            self._sized = True
            total = self.main_splitter.width()
            side = min(self.main_splitter.height(), int(total * 0.62))
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
        scroll.setMinimumWidth(330)
        self.controls_dock = QDockWidget(tr("Controls"), self)
        self.controls_dock.setObjectName("controlsDock")
        self.controls_dock.setWidget(scroll)
        self.controls_dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.controls_dock)

        self.boundary = BoundaryView()
        self.gallery = DigitGallery()
        self.main_stack = QStackedWidget()
        self.main_stack.setObjectName("mainViewStack")
        self.main_stack.addWidget(self.boundary)
        self.main_stack.addWidget(self.gallery)
        self.loss_panel = CurvePanel(
            tr("Loss"), tr("cross-entropy"), plot_name="lossPlot", log_toggle=True
        )
        self.acc_panel = CurvePanel(
            tr("Accuracy"), tr("accuracy"), plot_name="accuracyPlot", log_toggle=False, legend_bottom=True
        )
        self.loss_plot = self.loss_panel.plot
        self.acc_plot = self.acc_panel.plot
        self.acc_plot.getPlotItem().setYRange(0, 1)
        self.curve_splitter = QSplitter(Qt.Orientation.Vertical)
        self.curve_splitter.setObjectName("curveSplitter")
        self.curve_splitter.addWidget(self.loss_panel)
        self.curve_splitter.addWidget(self.acc_panel)
        self.main_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.main_splitter.setObjectName("mainSplitter")
        self.main_splitter.addWidget(self.main_stack)
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
        self.resize(1400, 860)

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
        m = bar.addMenu(tr("&File"))
        m.addAction(
            self._action(
                tr("&Open model…"),
                "openModelAction",
                self.open_model_dialog,
                QKeySequence(QKeySequence.StandardKey.Open),
            )
        )
        m.addAction(
            self._action(
                tr("&Save model…"),
                "saveModelAction",
                self.save_model_dialog,
                QKeySequence(QKeySequence.StandardKey.Save),
            )
        )
        m.addAction(
            self._action(
                tr("Import Deep Learning from Scratch weights…"),
                "importDlfsAction",
                self.import_dlfs_dialog,
            )
        )
        m.addSeparator()
        m.addAction(
            self._action(tr("Export view as PNG…"), "exportPngAction", self.export_png_dialog)
        )
        m.addAction(
            self._action(tr("Export loss history CSV…"), "exportCsvAction", self.export_csv_dialog)
        )
        m.addSeparator()
        m.addAction(
            self._action(
                tr("&Quit"), "quitAction", self.close, QKeySequence(QKeySequence.StandardKey.Quit)
            )
        )
        t = bar.addMenu(tr("&Training"))
        self.train_action = self._action(
            tr("Train / Pause"), "trainAction", self.toggle_training, QKeySequence(Qt.Key.Key_Space)
        )
        self.step_action = self._action(
            tr("Step one epoch"),
            "stepAction",
            self.step,
            [QKeySequence(Qt.Key.Key_Right), QKeySequence(Qt.Key.Key_Period)],
        )
        self.reset_action = self._action(
            tr("Reset"), "resetAction", self.reset, QKeySequence("Ctrl+R")
        )
        for a in (self.train_action, self.step_action, self.reset_action):
            t.addAction(a)
        v = bar.addMenu(tr("&View"))
        self.test_points_action = self._action(
            tr("Show test points"),
            "showTestPointsAction",
            self.boundary.show_test_points,
            checkable=True,
        )
        self.test_points_action.setChecked(True)
        self.discretize_action = self._action(
            tr("Discretize output"), "discretizeAction", self._discretize_toggled, checkable=True
        )
        v.addAction(self.test_points_action)
        v.addAction(self.discretize_action)
        v.addSeparator()
        v.addAction(self.controls_dock.toggleViewAction())
        h = bar.addMenu(tr("&Help"))
        h.addAction(self._action(tr("&About nnviz"), "aboutAction", self.show_about))

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
        self.network_panel.learning_rate_changed.connect(self.session.set_learning_rate)
        self.network_panel.l2_changed.connect(self.session.set_l2)
        self.network_panel.config_changed.connect(self._update_shapes)

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
                msg = data_locate.describe_missing(request.key, searched)
                self.dataset_panel.show_location(tr("{0} not found.").format(spec.title), False)
                self.dataset_panel.location.setToolTip(msg)
                self.show_state(
                    tr("{0} not found — download it or choose a folder.").format(spec.title)
                )
                return
            self.dataset_panel.show_location(tr("Found in {0}").format(found.path), True)
        self.reset()

    @Slot()
    def _discretize_toggled(self, on: bool) -> None:
        self.set_view_options(
            ViewOptions(self.view_options.resolution, on, self.view_options.want_params)
        )

    def set_view_options(self, options: ViewOptions) -> None:
        self.view_options = options
        self.session.set_view(options)

    # ------------------------------------------------------------------ worker events
    @Slot(object)
    def on_reset_done(self, info: ResetInfo) -> None:
        self.generation = info.generation
        self.info = info
        self.last_snapshot = None
        self.curves.clear()
        self.loss_plot.clear_series()
        self.acc_plot.clear_series()
        ds = info.dataset
        if ds.is_points:
            self.main_stack.setCurrentWidget(self.boundary)
            self.boundary.set_data(info.extent, ds.x_train, ds.y_train, ds.x_test, ds.y_test)
        else:
            self.main_stack.setCurrentWidget(self.gallery)
            x, y = (ds.x_test, ds.y_test) if ds.has_test else (ds.x_train, ds.y_train)
            idx = info.gallery_index
            self.gallery.set_digits(x[idx], y[idx], idx, ds.image_shape, ds.class_names)
        self.net_label.setText(
            tr("{0} · {1} parameters · {2}: {3} train / {4} test").format(
                "-".join(map(str, info.sizes)),
                f"{info.param_count:,}",
                ds.key,
                f"{len(ds.y_train):,}",
                f"{len(ds.y_test):,}",
            )
        )
        self._update_shapes()
        self.controls.show_progress(0, 0, 0.0, 0.0)

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
        if snap.epochs:
            c = self.curves
            x = c.column("x")
            self.loss_plot.set_series(x, c.column("train_loss"), c.column("test_loss"))
            self.acc_plot.set_series(x, c.column("train_accuracy"), c.column("test_accuracy"))
        if snap.boundary is not None:
            self.boundary.set_boundary(snap.boundary)
        if snap.gallery_probs is not None and snap.iteration > 0:
            self.gallery.set_probabilities(snap.gallery_probs)
        elif snap.iteration == 0:
            self.gallery.set_probabilities(None)
        self.controls.show_progress(
            snap.epoch, snap.iteration, snap.samples_per_second, snap.train_seconds
        )
        if snap.state in ("done", "diverged") and self.controls.train.isChecked():
            self.controls.set_training(False)
        if snap.state == "diverged":
            self.show_state(tr("Diverged: {0} Press Reset to start again.").format(snap.message))
        else:
            self.show_state(tr(STATE_TEXT[snap.state]))

    @Slot(str)
    def on_failed(self, message: str) -> None:
        self.controls.set_training(False)
        if self.info is not None and self.dataset_panel.key != self.info.dataset.key:
            # The new data could not be loaded: show the dataset that is still in use.
            self.dataset_panel.set_request(self.info.config.data)
        self.show_state(tr("Error: {0}").format(message))
        self.show_error(message)

    @Slot(str)
    def on_saved(self, path: str) -> None:
        self.show_state(tr("Saved the model to {0}.").format(path))

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
        self.network_panel.show_shapes(shapes_text(sizes, min(batch, len(ds.y_train))))

    # ------------------------------------------------------------------ files
    def _ask_path(self, title: str, filters: str, save: bool) -> str:
        fn = QFileDialog.getSaveFileName if save else QFileDialog.getOpenFileName
        path, _ = fn(
            self, title, str(self.settings.value("files/last_dir", str(Path.home()))), filters
        )
        if path:
            self.settings.setValue("files/last_dir", str(Path(path).parent))
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
        try:
            model = resolve_model(path)
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
        try:
            model = load_dlfs_pickle(path, activation)
        except NnvizError as e:
            self.on_failed(str(e))
            return False
        self.session.load_model(model)
        return True

    @Slot()
    def save_model_dialog(self) -> None:
        path = self._ask_path(tr("Save model"), tr("nnviz models (*.npz)"), save=True)
        if path:
            if not path.lower().endswith(".npz"):
                path += ".npz"
            self.save_model(path)

    def save_model(self, path: str) -> None:
        self.session.save_model(path)

    @Slot()
    def export_png_dialog(self) -> None:
        path = self._ask_path(tr("Export view as PNG"), tr("PNG images (*.png)"), save=True)
        if path:
            if not path.lower().endswith(".png"):
                path += ".png"
            self.export_png(path)

    def export_png(self, path: str, widget: QWidget | None = None) -> bool:
        """Save what the main view shows (or ``widget``) as a PNG."""
        widget = widget or self.main_stack.currentWidget()
        if not widget.grab().save(path, "PNG"):
            self.on_failed(tr("Could not write the image {0}.").format(path))
            return False
        self.show_state(tr("Exported the view to {0}.").format(path))
        return True

    @Slot()
    def export_csv_dialog(self) -> None:
        path = self._ask_path(tr("Export loss history"), tr("CSV files (*.csv)"), save=True)
        if path:
            if not path.lower().endswith(".csv"):
                path += ".csv"
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
        self.dataset_panel.data_dir = folder
        self.settings.setValue("data/dir", folder)
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
            raw = s.value("session/config")
            if not isinstance(raw, str):
                return None
            return session_from_json(json.loads(raw))
        except (ValueError, TypeError, KeyError, NnvizError, json.JSONDecodeError):
            return None

    def save_settings(self) -> None:
        s = self.settings
        s.setValue("version", SETTINGS_VERSION)
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        s.setValue("window/main_splitter", self.main_splitter.saveState())
        s.setValue("window/curve_splitter", self.curve_splitter.saveState())
        with contextlib.suppress(NnvizError):  # invalid panel values: keep the last good ones
            s.setValue("session/config", json.dumps(session_to_json(self.session_config())))
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


def session_to_json(config: SessionConfig) -> dict:
    return {
        "data": asdict(config.data),
        "network": asdict(config.network),
        "train": asdict(config.train),
    }


def session_from_json(obj: dict) -> SessionConfig:
    """A SessionConfig from :func:`session_to_json` output (validated by the dataclasses)."""
    net = dict(obj["network"])
    net["hidden"] = tuple(net["hidden"])
    if net.get("activations") is not None:
        net["activations"] = tuple(net["activations"])
    data = DataRequest(**obj["data"])
    if data.key not in DATASETS:
        raise KeyError(data.key)
    return SessionConfig(data=data, network=NetworkConfig(**net), train=TrainConfig(**obj["train"]))


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
