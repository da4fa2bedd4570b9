"""The draw-a-digit tab: the canvas beside what the network sees, its guess, and the model
that reads it (the choice itself is :class:`nnviz.app.reader.DigitReader`)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import (
    QAction,
    QFont,
    QFontMetrics,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nnviz.app.reader import DigitReader
from nnviz.app.snapshot import ResetInfo, Snapshot
from nnviz.core.modelio import is_digit_shape
from nnviz.core.network import Network
from nnviz.data.digits import BOX, preprocess_digit
from nnviz.errors import NnvizError
from nnviz.gui.canvas import STROKE_PX, DigitCanvas, DigitInputView, ProbabilityPlot
from nnviz.gui.i18n import translator
from nnviz.gui.tabs.base import Tab, TabHost
from nnviz.gui.widgets import named

tr = translator("canvas")


THROTTLE_MS = 50


QWIDGETSIZE_MAX = (1 << 24) - 1  # Qt's "no maximum" size


SIDE_WIDTH = 180  # the column with what the network sees, the guess and the buttons


class DigitPanel(QWidget):
    """Draw a digit and watch a network read it: canvas, 28×28 input, guess, bars, model choice.

    Models: the shipped ``builtin:digits`` (default, loaded on first use), the
    network being trained (enabled by :meth:`set_training_params`), or a model
    file (:meth:`load_model_file`, or the combo's last entry which opens a file
    dialog).  Predictions follow the pen at most every :data:`THROTTLE_MS`
    and once more when a stroke ends.

    Signals
    -------
    predicted(object)
        The class probabilities after each prediction (a float array), or
        None when the canvas is empty.
    """

    predicted = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("digitPanel")
        self.canvas = DigitCanvas()
        self.input_view = DigitInputView()
        self.prediction_label = named(
            QLabel(),
            "predictionLabel",
            tr("Prediction"),
            tr("The network's guess and how sure it is"),
        )
        self._hint_font = QFont(self.prediction_label.font())
        self._guess_font = QFont(self._hint_font)
        self._guess_font.setPointSizeF(self._guess_font.pointSizeF() * 2.0)
        self._guess_font.setBold(True)
        self.prediction_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.prediction_label.setWordWrap(True)
        self.prediction_label.setMinimumHeight(QFontMetrics(self._guess_font).height() + 8)
        self.probability_plot = ProbabilityPlot()
        self.model_combo = named(
            QComboBox(),
            "canvasModelCombo",
            tr("Model"),
            tr("The network that reads your drawing"),
        )
        self.model_combo.addItem(tr("Built-in digit model"), "builtin")
        self.model_combo.addItem(tr("Built-in convnet"), "builtin-cnn")
        self.model_combo.addItem(tr("Model being trained"), "training")
        self.model_combo.addItem(tr("Model file…"), "open")
        for key, tip in (
            ("builtin", tr("The digit reader shipped with nnviz, trained on MNIST")),
            ("builtin-cnn", tr("The convolutional digit reader shipped with nnviz (98.8% on held-out digits)")),
            ("training", tr("The network in the main window; available when it reads 28×28 digits")),
            ("open", tr("Open an nnviz model (.npz) or book weights (.pkl)")),
        ):  # fmt: skip
            self.model_combo.setItemData(
                self.model_combo.findData(key), tip, Qt.ItemDataRole.ToolTipRole
            )
        self._set_training_enabled(False)
        self.undo_button = named(
            QPushButton(tr("Undo")),
            "undoStrokeButton",
            tr("Undo stroke"),
            tr("Remove the last stroke (Ctrl+Z)"),
        )
        self.clear_button = named(
            QPushButton(tr("Clear")),
            "clearCanvasButton",
            tr("Clear"),
            tr("Remove the whole drawing (Delete)"),
        )
        self.undo_action = QAction(tr("Undo Stroke"), self)
        self.undo_action.setObjectName("undoStrokeAction")
        self.undo_action.setToolTip(tr("Remove the last stroke from the drawing"))
        self.undo_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Undo))
        # Only while the panel has focus: elsewhere Ctrl+Z belongs to other widgets.
        self.undo_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(self.undo_action)
        self.clear_action = QAction(tr("Clear Drawing"), self)
        self.clear_action.setObjectName("clearDrawingAction")
        self.clear_action.setToolTip(tr("Remove the whole drawing"))

        # ---- layout: model row; canvas | (input, guess, buttons); bars
        layout = QVBoxLayout(self)
        model_row = QHBoxLayout()
        model_label = QLabel(tr("Model"))
        model_label.setBuddy(self.model_combo)
        model_row.addWidget(model_label)
        model_row.addWidget(self.model_combo, 1)
        layout.addLayout(model_row)
        self._middle = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self._middle.addWidget(self.canvas, 1)
        self._side = QGridLayout()
        self._side.setContentsMargins(0, 0, 0, 0)
        self._sees = QLabel(tr("Network sees"))
        self._sees.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # The guess and the buttons travel together when the column becomes a row.
        self._guess_box = QWidget()
        guess = QVBoxLayout(self._guess_box)
        guess.setContentsMargins(0, 0, 0, 0)
        guess.addWidget(self.prediction_label)
        guess.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.undo_button)
        buttons.addWidget(self.clear_button)
        guess.addLayout(buttons)
        self._side_box = QWidget()
        self._side_box.setLayout(self._side)
        self._middle.addWidget(self._side_box)
        self._narrow: bool | None = None
        self._arrange(narrow=False)
        layout.addLayout(self._middle, 3)
        layout.addWidget(self.probability_plot, 1)

        # ---- state
        self.reader = DigitReader()
        self._builtin_reported = False
        self.normalize_stroke = True
        """Show the network every drawing with MNIST's stroke width (see :data:`STROKE_PX`)."""
        self._digit: np.ndarray | None = None
        self._digit_revision = -1
        self._probs: np.ndarray | None = None
        self._quiet = False
        self._file_dialog: QFileDialog | None = None
        self._last_dir = str(Path.home())
        self._throttle = QTimer(self)
        self._throttle.setSingleShot(True)
        self._throttle.setInterval(THROTTLE_MS)

        self._throttle.timeout.connect(self.predict_now)
        self.canvas.stroke_changed.connect(self._schedule)
        self.canvas.stroke_finished.connect(self._predict_at_once)
        self.canvas.strokes_removed.connect(self._predict_at_once)
        self.undo_button.clicked.connect(self.canvas.undo)
        self.clear_button.clicked.connect(self.canvas.clear)
        self.undo_action.triggered.connect(self.canvas.undo)
        self.clear_action.triggered.connect(self.canvas.clear)
        self.model_combo.currentIndexChanged.connect(self._model_chosen)
        self._show_prediction(None)

    # ------------------------------------------------------------------ public API
    @property
    def probabilities(self) -> np.ndarray | None:
        """Class probabilities of the last prediction (None when nothing is drawn)."""
        return None if self._probs is None else self._probs.copy()

    @property
    def model_source(self) -> str:
        """Which model reads the canvas: ``"builtin"``, ``"training"`` or ``"file"``."""
        return self.reader.source

    def current_model(self) -> tuple[Network, tuple[str, ...]] | None:
        """The network reading the canvas and its class names (None if it cannot be loaded)."""
        found = self.reader.current()
        self._report_builtin_error()
        return found

    def input_digit(self) -> np.ndarray | None:
        """What the network sees: the preprocessed 28×28 drawing (flat, a copy), or None."""
        digit = self._input_digit()
        return None if digit is None else digit.reshape(-1).copy()

    @Slot()
    def predict_now(self) -> np.ndarray | None:
        """Preprocess the drawing and predict at once; returns the probabilities or None."""
        self._throttle.stop()
        digit = self._input_digit()
        if digit is None:
            self._show_prediction(None)
            return None
        result = self.reader.predict(digit)
        self._report_builtin_error()
        if result is None:
            self._show_prediction(None, tr("No model"))
            return None
        probs, names = result
        self._show_prediction(probs, names=names)
        return probs

    def set_training_params(
        self,
        params: dict[str, np.ndarray] | None,
        activations: Sequence[str] | str = "relu",
        class_names: Sequence[str] | None = None,
        arch: str | None = None,
    ) -> None:
        """Offer the network being trained as a model (only a 784→10 network qualifies).

        Call it with every snapshot's parameters (they are only read, when a
        prediction is due), or with None when there is no such network.  The
        user's choice of reader is kept: it applies again once a digit network is back.
        """
        before = self.reader.source
        usable = self.reader.set_training_params(params, activations, class_names, arch)
        self._set_training_enabled(usable)
        if self.reader.source != before:
            self._show_source()  # e.g. back to the built-in model, or back to training
            self.predict_now()
        elif self.reader.source == "training" and not self.canvas.is_empty():
            self._schedule()

    def load_model_file(self, path: str | Path) -> bool:
        """Read the canvas with the model in ``path``; on failure keep the model and say why."""
        path = Path(path)
        try:
            self.reader.load_file(path)
        except NnvizError as e:
            self._show_error(str(e))
            return False
        self._last_dir = str(path.parent)
        i = self.model_combo.findData("file")
        text = tr("File: {0}").format(path.name)
        if i < 0:
            i = self.model_combo.findData("open")
            self.model_combo.insertItem(i, text, "file")
        else:
            self.model_combo.setItemText(i, text)
        self.model_combo.setItemData(i, str(path), Qt.ItemDataRole.ToolTipRole)
        self._select("file")
        return True

    def open_model_dialog(self) -> QFileDialog:
        """Open a (non-blocking) file dialog; a chosen file goes to :meth:`load_model_file`."""
        if self._file_dialog is None:
            dialog = QFileDialog(self, tr("Open a model"), self._last_dir)
            dialog.setObjectName("modelFileDialog")
            dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
            dialog.setNameFilters([tr("Models (*.npz *.pkl *.pickle)"), tr("All files (*)")])
            dialog.fileSelected.connect(self.load_model_file)
            self._file_dialog = dialog
        self._file_dialog.setDirectory(self._last_dir)
        self._file_dialog.open()
        return self._file_dialog

    # ------------------------------------------------------------------ internals
    def _arrange(self, narrow: bool) -> None:
        """Side column beside the canvas, or (in a narrow dock) a row below it."""
        if narrow == self._narrow:
            return
        self._narrow = narrow
        side = self._side
        for w in (self._sees, self.input_view, self._guess_box):
            side.removeWidget(w)
        for i in range(3):
            side.setRowStretch(i, 0)
            side.setColumnStretch(i, 0)
        centre = Qt.AlignmentFlag.AlignHCenter
        if narrow:
            self._middle.setDirection(QBoxLayout.Direction.TopToBottom)
            side.addWidget(self._sees, 0, 0)
            side.addWidget(self.input_view, 1, 0, centre)
            side.addWidget(self._guess_box, 0, 1, 2, 1)
            side.setColumnStretch(1, 1)
            self._side_box.setMinimumWidth(0)
            self._side_box.setMaximumWidth(QWIDGETSIZE_MAX)
            # A fixed height, or a cramped box layout shrinks the row below its
            # content and the canvas (at its minimum) overlaps it.
            self._side_box.setFixedHeight(self._side_box.sizeHint().height())
        else:
            self._middle.setDirection(QBoxLayout.Direction.LeftToRight)
            side.addWidget(self._sees, 0, 0)
            side.addWidget(self.input_view, 1, 0, centre)
            side.addWidget(self._guess_box, 2, 0)
            side.setRowStretch(2, 1)
            self._side_box.setMinimumHeight(0)
            self._side_box.setMaximumHeight(QWIDGETSIZE_MAX)
            self._side_box.setFixedWidth(SIDE_WIDTH)

    def resizeEvent(self, event) -> None:
        # Beside the canvas the column would squeeze it; below it once the canvas
        # would be narrower than the space left under it.
        size = event.size()
        self._arrange(narrow=size.width() - SIDE_WIDTH < 0.55 * size.height())
        super().resizeEvent(event)

    def _show_source(self) -> None:
        """Show the model reading now in the combo (without changing the user's choice)."""
        self._quiet = True
        try:
            self.model_combo.setCurrentIndex(self.model_combo.findData(self.reader.source))
        finally:
            self._quiet = False

    def _set_training_enabled(self, on: bool) -> None:
        item = self.model_combo.model().item(self.model_combo.findData("training"))
        if item is not None and item.isEnabled() != on:
            item.setEnabled(on)

    def _select(self, key: str) -> None:
        """Choose combo entry ``key`` (which makes the panel predict with it)."""
        i = self.model_combo.findData(key)
        if i == self.model_combo.currentIndex():
            self._model_chosen(i)
        else:
            self.model_combo.setCurrentIndex(i)

    @Slot(int)
    def _model_chosen(self, index: int) -> None:
        if self._quiet:
            return
        key = self.model_combo.itemData(index)
        if key == "open":
            # Keep showing the model in use while the dialog is open; a chosen
            # file selects its own entry.
            self._quiet = True
            try:
                self.model_combo.setCurrentIndex(self.model_combo.findData(self.reader.source))
            finally:
                self._quiet = False
            self.open_model_dialog()
            return
        self.reader.choose(key)
        self.predict_now()

    def _report_builtin_error(self) -> None:
        """Say once that the built-in model could not be loaded."""
        if self.reader.builtin_error is not None and not self._builtin_reported:
            self._builtin_reported = True
            self._show_error(
                tr("The built-in digit model could not be loaded: {0}").format(
                    self.reader.builtin_error
                )
            )

    def network_pen_width(self) -> float | None:
        """Logical pen width for the network's copy of the drawing (None: the screen pen).

        Preprocessing scales the inked box (centre lines plus one pen width)
        to 20 px, so a pen of ``s·L / (20 − s)`` for centre lines spanning ``L``
        ends up ``s`` = :data:`STROKE_PX` pixels wide.
        """
        if not self.normalize_stroke:
            return None
        extent = self.canvas.ink_extent()
        return max(1.5, STROKE_PX * extent / (BOX - STROKE_PX))

    def _input_digit(self) -> np.ndarray | None:
        """The preprocessed 28×28 digit, recomputed only when the drawing changed."""
        if self._digit_revision != self.canvas.revision:
            self._digit_revision = self.canvas.revision
            if self.canvas.is_empty():
                self._digit = None
            else:
                self._digit = preprocess_digit(
                    self.canvas.image(pen_width=self.network_pen_width())
                )
            self.input_view.set_image(self._digit)
        return self._digit

    def _show_prediction(
        self, probs: np.ndarray | None, hint: str | None = None, names: Sequence[str] = ()
    ) -> None:
        empty = self.canvas.is_empty()
        self.undo_button.setEnabled(not empty)
        self.clear_button.setEnabled(not empty)
        self.undo_action.setEnabled(not empty)
        self.clear_action.setEnabled(not empty)
        self._probs = probs
        if probs is None:
            self.prediction_label.setFont(self._hint_font)
            self.prediction_label.setEnabled(False)  # greyed: a hint, not a guess
            self.prediction_label.setText(hint or tr("Draw a digit"))
            self.probability_plot.set_probabilities(None)
        else:
            self.probability_plot.set_class_names(names)
            k = int(np.argmax(probs))
            self.prediction_label.setFont(self._guess_font)
            self.prediction_label.setEnabled(True)
            self.prediction_label.setText(f"{names[k]} · {probs[k]:.0%}")
            self.probability_plot.set_probabilities(probs)
        self.predicted.emit(None if probs is None else probs.copy())

    @Slot()
    def _schedule(self) -> None:
        # Not restarted by later changes: while the pen moves, a prediction
        # still comes every THROTTLE_MS.
        if not self._throttle.isActive():
            self._throttle.start()

    @Slot()
    def _predict_at_once(self) -> None:
        self.predict_now()

    def _show_error(self, message: str) -> None:
        """A non-blocking warning dialog (tests find it by objectName ``errorDialog``)."""
        box = QMessageBox(
            QMessageBox.Icon.Warning, tr("nnviz"), message, QMessageBox.StandardButton.Ok, self
        )
        box.setObjectName("errorDialog")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()


class DrawTab(Tab):
    """Draw a digit; the built-in model, the network being trained or a file reads it."""

    key = "draw"

    def __init__(self, host: TabHost) -> None:
        super().__init__(host)
        self.title = tr("Draw a digit")
        self.widget = self.view = self.panel = DigitPanel()
        # The drawn digit's feature maps, one click away (the feature-maps tab).
        self.maps_button = named(
            QPushButton(tr("Feature maps")),
            "drawFeatureMapsButton",
            tr("Feature maps"),
            tr("See what every layer of a convnet makes of this drawing"),
        )
        self.panel.layout().itemAt(0).layout().addWidget(self.maps_button)
        self.maps_button.clicked.connect(self._show_feature_maps)

    @Slot()
    def _show_feature_maps(self) -> None:
        self.host.tab("feature_maps").show_drawn_digit()

    def menu_actions(self) -> dict[str, list[QAction]]:
        return {"edit": [self.panel.undo_action, self.panel.clear_action]}

    def _reads_digits(self) -> bool:
        info = self.host.model.info
        return info is not None and is_digit_shape(info.sizes[0], info.sizes[-1])

    def needs(self, current: bool) -> dict:
        return {"want_params": True} if current and self._reads_digits() else {}

    def on_reset(self, info: ResetInfo) -> None:
        self.panel.set_training_params(None)

    def on_frame(self, snap: Snapshot, current: bool) -> None:
        if snap.params is not None:
            info = self.host.model.info
            net = info.config.network
            self.panel.set_training_params(
                snap.params, net.hidden_activations, info.dataset.class_names, net.arch
            )
