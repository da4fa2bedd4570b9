"""The File menu's work: models, sessions, the book's weights, points CSV, exports.

Each action asks for a path (a dialog) and hands the work to the engine or the
application model; a failure is one sentence in a dialog and the status bar, and
what was loaded before stays usable.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path
from typing import TYPE_CHECKING

import pyqtgraph as pg
from PySide6.QtCore import QObject, QPoint, QRect, QSize, Slot
from PySide6.QtGui import QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QFileDialog, QInputDialog, QWidget

from nnviz.app.config import DataRequest, SessionConfig, describe_changes
from nnviz.app.model import CURVE_COLUMNS, replace_data_dir
from nnviz.app.session_file import load_session, model_from_bytes
from nnviz.core.layers import ACTIVATIONS
from nnviz.core.modelio import load_dlfs_pickle, resolve_model
from nnviz.data.datasets import DATASETS
from nnviz.data.points_csv import is_points_export, write_points_csv
from nnviz.errors import NnvizError
from nnviz.gui.i18n import translator
from nnviz.gui.panels import csv_columns

if TYPE_CHECKING:
    from nnviz.gui.main_window import MainWindow

tr = translator("MainWindow")


class FileActions(QObject):
    """Open and save what the window shows; ``w.files`` in tests."""

    @property
    def w(self):
        """The window (Qt's parent pointer: no Python reference cycle with it)."""
        return self.parent()

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)

    def ask_path(self, title: str, filters: str, save: bool, suffix: str = "") -> str:
        """A file dialog starting in the last folder used; adds ``suffix`` to a bare name."""
        fn = QFileDialog.getSaveFileName if save else QFileDialog.getOpenFileName
        start = str(self.w.settings.value("files/last_dir", str(Path.home())))
        path, chosen = fn(self.w, title, start, filters)
        if path:
            self.w.settings.setValue("files/last_dir", str(Path(path).parent))
            if save and suffix and not Path(path).suffix:
                path += ".svg" if "svg" in chosen.lower() else suffix
        return path

    def _done(self, template: str, *args) -> bool:
        self.w.show_status(tr(template).format(*args))
        return True

    # ------------------------------------------------------------------ models
    @Slot()
    def open_model_dialog(self) -> None:
        path = self.ask_path(
            tr("Open model"), tr("nnviz models (*.npz);;All files (*)"), save=False
        )
        if path:
            self.open_model(path)

    def open_model(self, path: str) -> bool:
        """Load an nnviz model file into the run (error dialog on failure)."""
        return self._use_model(lambda: resolve_model(path))

    @Slot()
    def import_dlfs_dialog(self) -> None:
        path = self.ask_path(
            tr("Import Deep Learning from Scratch weights"),
            tr("Pickled weights (*.pkl);;All files (*)"),
            save=False,
        )
        if not path:
            return
        act, ok = QInputDialog.getItem(
            self.w,
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

    def _use_model(self, load) -> bool:
        """Run ``load()``; hand the model to the engine, or show why it could not be read."""
        try:
            model = load()
        except NnvizError as e:
            self.w.on_failed(str(e))
            return False
        self.w.engine.load_model(model)
        return True

    @Slot()
    def save_model_dialog(self) -> None:
        path = self.ask_path(tr("Save model"), tr("nnviz models (*.npz)"), save=True, suffix=".npz")
        if path:
            self.save_model(path)

    def save_model(self, path: str) -> None:
        self.w.engine.save_model(path)

    # ------------------------------------------------------------------ sessions
    @Slot()
    def open_session_dialog(self) -> None:
        path = self.ask_path(
            tr("Open session"), tr("nnviz sessions (*.json);;All files (*)"), save=False
        )
        if path:
            self.open_session(path)

    def open_session(self, path: str) -> bool:
        """Apply a session file's settings (and load its weights, when it has them)."""
        w = self.w
        try:
            sess = load_session(path)
            model = model_from_bytes(sess.model_npz, Path(path).name) if sess.model_npz else None
        except NnvizError as e:
            w.on_failed(str(e))
            return False
        info = w.model.info
        previous = w.session_config() if info is None else info.config
        w.show_config(sess.config)
        shown = w.session_config()
        if _comparable(shown) != _comparable(sess.config):
            # The widgets would have clamped a value: refuse rather than run something else.
            changes = describe_changes(sess.config, shown)
            w.show_config(previous)
            w.on_failed(
                tr("{0} has settings outside what nnviz accepts ({1}).").format(
                    Path(path).name, changes
                )
            )
            return False
        w.model.set_tutorial(None)
        w.reset_to(replace_data_dir(sess.config, w.dataset_panel.data_dir), model)
        return self._done("Opened the session {0}.", Path(path).name)

    @Slot()
    def save_session_dialog(self) -> None:
        path = self.ask_path(
            tr("Save session"), tr("nnviz sessions (*.json)"), save=True, suffix=".json"
        )
        if path:
            self.save_session(path)

    def save_session(self, path: str, with_weights: bool = True) -> None:
        """Write settings (and the current weights) to a session file, on the engine."""
        self.w.engine.save_session(path, with_weights)

    # ------------------------------------------------------------------ own data
    @Slot()
    def open_points_dialog(self) -> None:
        table = self.w.dataset_panel.key == "table"  # the panel's button for your own table
        title = tr("Open table CSV") if table else tr("Open points CSV")
        path = self.ask_path(title, tr("CSV files (*.csv);;All files (*)"), save=False)
        if path:
            # points exported from the app (x,y,label,split) stay points under "own table" too
            table = table and not is_points_export(path)
            (self.open_table if table else self.open_points)(path)

    def open_table(self, path: str, label: str | None = None) -> None:
        """Use a CSV with a header row as the dataset (``label``: a text column is suggested)."""
        self.w.model.set_tutorial(None)
        panel = self.w.dataset_panel
        if label is None:
            columns, suggested = csv_columns(str(path))
            label = suggested if columns and suggested != columns[-1] else None
        panel.set_request(
            DataRequest(
                key="table",
                path=str(path),
                label=label,
                test_ratio=round(panel.test_ratio.value(), 4),
                seed=panel.seed.value(),
            )
        )
        self.w.on_data_requested(panel.request())

    def open_points(self, path: str) -> None:
        """Use a CSV of x,y,label rows as the dataset (x,y,target while 2-D regression is shown)."""
        self.w.model.set_tutorial(None)
        spec = DATASETS[self.w.dataset_panel.key]
        key = "reg-csv" if spec.is_regression and spec.is_points else "csv"
        self.w.dataset_panel.set_request(DataRequest(key=key, path=str(path)))
        self.w.on_data_requested(self.w.dataset_panel.request())

    @Slot()
    def export_data_dialog(self) -> None:
        path = self.ask_path(
            tr("Export data as CSV"), tr("CSV files (*.csv)"), save=True, suffix=".csv"
        )
        if path:
            self.export_data(path)

    def export_data(self, path: str) -> bool:
        """Write the current 2-D dataset (train and test rows, as painted) as x,y,label,split.

        Regression targets are written as numbers (the ``reg-csv`` set reads them back).
        """
        info = self.w.model.info
        ds = self.w.model.paint.data or (info.dataset if info is not None else None)
        ds = ds.raw or ds if ds is not None else None
        if ds is None or not ds.is_points:
            self.w.on_failed(tr("Only 2-D point sets can be exported as CSV."))
            return False
        try:
            n = write_points_csv(
                path, {"train": (ds.x_train, ds.y_train), "test": (ds.x_test, ds.y_test)}
            )
        except OSError as e:
            self.w.on_failed(tr("Could not write {0}: {1}.").format(path, e.strerror or e))
            return False
        return self._done("Exported {0} points to {1}.", n, path)

    def export_python_dialog(self) -> None:
        path = self.ask_path(
            tr("Export as Python"), tr("Python scripts (*.py)"), save=True, suffix=".py"
        )
        if path:
            self.export_python(path)

    def export_python(self, path: str) -> None:
        """Write the network as one NumPy script that prints its accuracy on given data."""
        self.w.engine.export_python(path)

    # ------------------------------------------------------------------ data folders
    @Slot()
    def choose_data_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.w, tr("Folder with dataset files"))
        if folder:
            self.use_data_folder(folder)

    def use_data_folder(self, folder: str) -> None:
        """Look for the dataset's files in ``folder`` (remembered once they load)."""
        if wrong := self.w.dataset_panel.wrong_folder(self.w.dataset_panel.key, folder):
            self.w.on_failed(wrong)  # the other set's folder is refused, the data in use stays
            return
        self.w.dataset_panel.data_dir = folder
        self.w.on_data_requested(self.w.dataset_panel.request())

    # ------------------------------------------------------------------ exports
    def _export_dialog(self, title: str, widget: QWidget) -> None:
        path = self.ask_path(
            title, tr("PNG images (*.png);;SVG drawings (*.svg)"), save=True, suffix=".png"
        )
        if path:
            self.export_view(path, widget)

    @Slot()
    def export_view_dialog(self) -> None:
        self._export_dialog(tr("Export view"), self.w.main_tabs.currentWidget())

    @Slot()
    def export_loss_dialog(self) -> None:
        self._export_dialog(tr("Export loss plot"), self.w.curves.loss_plot)

    @Slot()
    def export_accuracy_dialog(self) -> None:
        self._export_dialog(tr("Export accuracy plot"), self.w.curves.acc_plot)

    def export_view(self, path: str, widget: QWidget | None = None) -> bool:
        """Save a view (default: the current tab) as PNG, or SVG when ``path`` ends in .svg."""
        widget = widget or self.w.main_tabs.currentWidget()
        if Path(path).suffix.lower() == ".svg":
            ok = export_svg(widget, path)
        else:
            ok = widget.grab().save(path, "PNG")
        if not ok:
            self.w.on_failed(tr("Could not write the image {0}.").format(path))
            return False
        return self._done("Exported the view to {0}.", path)

    @Slot()
    def export_csv_dialog(self) -> None:
        path = self.ask_path(
            tr("Export loss history"), tr("CSV files (*.csv)"), save=True, suffix=".csv"
        )
        if path:
            self.export_csv(path)

    def export_csv(self, path: str) -> bool:
        """Write the per-epoch curves (as kept: long runs are decimated) to CSV."""
        rows = self.w.model.curves.as_array()
        try:
            with open(path, "w", newline="", encoding="utf-8") as f:
                out = csv.writer(f)
                out.writerow(["epoch", *CURVE_COLUMNS])
                for r in rows:
                    out.writerow([int(r[0])] + ["" if math.isnan(v) else f"{v:.6g}" for v in r[1:]])
        except OSError as e:
            self.w.on_failed(tr("Could not write {0}: {1}.").format(path, e.strerror or e))
            return False
        return self._done("Exported {0} epochs to {1}.", len(rows), path)


def _comparable(config: SessionConfig) -> SessionConfig:
    """``config`` without what the panels do not show (the data folder)."""
    return replace_data_dir(config, None)


def export_svg(widget: QWidget, path: str) -> bool:
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
    # pyqtgraph draws scatter points from a pixmap atlas on screen; an SVG painter would
    # embed the whole atlas once per point. In export mode each point is drawn as a path.
    items = [
        item
        for view in [widget, *widget.findChildren(pg.GraphicsView)]
        if isinstance(view, pg.GraphicsView)
        for item in view.scene().items()
        if hasattr(item, "setExportMode")
    ]
    for item in items:
        item.setExportMode(True, {"antialias": True})
    try:
        # QWidget's own render (QGraphicsView overrides it with a scene-only variant).
        QWidget.render(widget, painter, QPoint(0, 0))
    finally:
        painter.end()
        for item in items:
            item.setExportMode(False)
    return Path(path).is_file() and Path(path).stat().st_size > 0
