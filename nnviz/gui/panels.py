"""Control panels: turn widget state into frozen configs; no training logic here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QRect, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from nnviz.app.config import DataRequest, default_session
from nnviz.core.features import FEATURE_LABELS
from nnviz.core.init import INITS
from nnviz.core.layers import ACTIVATIONS
from nnviz.core.network import MAX_HIDDEN_LAYERS, MAX_NEURONS, count_parameters
from nnviz.core.optimizers import OPTIMIZERS, USES_MOMENTUM
from nnviz.core.schedules import Schedule, parse_schedule
from nnviz.core.stopping import Stopping
from nnviz.core.trainer import NetworkConfig, TrainConfig
from nnviz.data import locate as data_locate
from nnviz.data.datasets import DATASETS, Dataset, sklearn_available
from nnviz.data.identify import WrongDatasetError
from nnviz.data.tabular import _is_number  # what the reader counts as a number
from nnviz.errors import NnvizError
from nnviz.gui.arch_edit import ArchEdit
from nnviz.gui.i18n import N_, datasets_tr, translator
from nnviz.gui.widgets import RateSpinBox

tr = translator("panels")
PLAIN_INPUTS = ("x1", "x2")


ACTIVATION_TITLES = {
    "relu": N_("ReLU"),
    "leaky_relu": N_("Leaky ReLU"),
    "sigmoid": N_("Sigmoid"),
    "tanh": N_("Tanh"),
    "linear": N_("Linear (none)"),
    "elu": N_("ELU"),
    "gelu": N_("GELU"),
    "softplus": N_("Softplus"),
    "silu": N_("SiLU (swish)"),
}
INIT_TITLES = {
    "normal": N_("Normal (std)"),
    "uniform": N_("Uniform ±1/√fan-in"),
    "xavier": N_("Xavier"),
    "he": N_("He"),
}
GRADIENT_TITLES = {
    "backprop": N_("Backpropagation"),
    "numerical": N_("Numerical (central differences)"),
}
OPTIMIZER_TITLES = {
    "sgd": N_("SGD"),
    "momentum": N_("Momentum"),
    "nesterov": N_("Nesterov"),
    "adagrad": N_("AdaGrad"),
    "rmsprop": N_("RMSprop"),
    "adam": N_("Adam"),
}


def _name(widget: QWidget, object_name: str, accessible: str, tip: str) -> QWidget:
    """Give a widget its objectName, accessible name and tooltip; return it."""
    widget.setObjectName(object_name)
    widget.setAccessibleName(accessible)
    widget.setToolTip(tip)
    return widget


def _combo(
    object_name: str,
    accessible: str,
    tip: str,
    items: dict[str, str],
    translate: Callable[[str], str] = tr,
) -> QComboBox:
    box = QComboBox()
    for key, title in items.items():
        box.addItem(translate(title), key)
    return _name(box, object_name, accessible, tip)


def _spin(object_name, accessible, tip, lo, hi, value) -> QSpinBox:
    s = QSpinBox()
    s.setRange(lo, hi)
    s.setValue(value)
    s.setKeyboardTracking(False)
    s.setGroupSeparatorShown(True)
    return _name(s, object_name, accessible, tip)


def _dspin(object_name, accessible, tip, lo, hi, value, decimals=None) -> QDoubleSpinBox:
    """A number box; ``decimals=None``: a :class:`~nnviz.gui.widgets.RateSpinBox`."""
    s = QDoubleSpinBox() if decimals is not None else RateSpinBox()
    if decimals is not None:
        s.setDecimals(decimals)
    s.setRange(lo, hi)
    s.setValue(value)
    s.setKeyboardTracking(False)
    s.setStepType(QDoubleSpinBox.StepType.AdaptiveDecimalStepType)
    return _name(s, object_name, accessible, tip)


def _select(box: QComboBox, key) -> None:
    i = box.findData(key)
    if i >= 0:
        box.setCurrentIndex(i)


def csv_columns(path: str) -> tuple[list[str], str | None]:
    """A CSV file's column names and the label column to suggest (``[]``, None: unreadable).

    The suggestion is the last column whose first value is text (class names such as
    ``setosa``), else the last column (the command line's default).  Only for the label
    chooser: reading the data itself reports what is wrong with a file.
    """
    import csv

    rows: list[list[str]] = []
    try:
        with open(path, newline="", encoding="utf-8-sig") as f:
            for row in csv.reader(f):
                if any(cell.strip() for cell in row):
                    rows.append([cell.strip() for cell in row])
                if len(rows) == 2:
                    break
    except (OSError, UnicodeDecodeError, csv.Error):
        return [], None
    if not rows:
        return [], None
    header = rows[0]
    first = rows[1] if len(rows) > 1 else []
    text = [name for name, v in zip(header, first, strict=False) if v and not _is_number(v)]
    return header, (text[-1] if text else header[-1])


def _plotted(spec) -> bool:
    """Generated or read sets drawn as points: 2-D point sets and 1-D regression."""
    return spec.kind in ("points", "curve")


class DatasetPanel(QGroupBox):
    """Dataset choice and parameters; emits ``changed(DataRequest)`` when new data is wanted."""

    changed = Signal(object)
    download_requested = Signal(str)
    download_cancel_requested = Signal()
    choose_folder_requested = Signal()
    choose_points_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("Dataset"), parent)
        # Each MNIST-family set keeps its own folder: one shared folder once made
        # "MNIST digits" show Fashion-MNIST clothes labelled 0–9 (issue 14).
        self.data_dirs: dict[str, str] = {}
        self._quiet = False
        form = QFormLayout(self)
        self.combo = _combo(
            "datasetCombo",
            tr("Dataset"),
            tr("The data the network learns from"),
            {k: s.title for k, s in DATASETS.items()},
            datasets_tr,
        )
        form.addRow(tr("Data"), self.combo)
        self._mark_unavailable_sets()
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.description.setObjectName("datasetDescription")
        self.description.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        form.addRow(self.description)
        self.samples = _spin(
            "samplesSpin",
            tr("Samples per class"),
            tr("Points per class (2-D sets) or how many training images to use (0 = all)"),
            0,
            1_000_000,
            100,
        )
        self.noise = _dspin(
            "noiseSpin", tr("Noise"), tr("How much the points scatter"), 0, 10, 0.2, 2
        )
        self.noise.setSingleStep(0.05)
        self.classes = _spin(
            "classesSpin", tr("Classes"), tr("Number of classes (where the set allows it)"), 2, 8, 3
        )
        self.test_ratio = _dspin(
            "testRatioSpin",
            tr("Test share"),
            tr("Share of the data held out to test on (hollow points)"),
            0,
            0.9,
            0.0,
            2,
        )
        self.test_ratio.setSingleStep(0.05)
        self.seed = _spin(
            "dataSeedSpin",
            tr("Data seed"),
            tr("Random seed of the generated points"),
            0,
            2**31 - 1,
            0,
        )
        self.samples_label = QLabel(tr("Samples/class"))
        form.addRow(self.samples_label, self.samples)
        form.addRow(tr("Noise"), self.noise)
        form.addRow(tr("Classes"), self.classes)
        form.addRow(tr("Test share"), self.test_ratio)
        form.addRow(tr("Seed"), self.seed)
        self.regenerate = _name(
            QPushButton(tr("Regenerate")),
            "regenerateButton",
            tr("Regenerate"),
            tr("Draw a fresh random sample of the points (new seed)"),
        )
        form.addRow(self.regenerate)
        # MNIST-family files
        self.files_box = QWidget()
        fl = QGridLayout(self.files_box)
        fl.setContentsMargins(0, 0, 0, 0)
        self.location = QLabel()
        self.location.setObjectName("dataLocationLabel")
        self.location.setWordWrap(True)
        self.location.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.download = _name(
            QPushButton(tr("Download")),
            "downloadButton",
            tr("Download"),
            tr("Download the dataset into nnviz's cache"),
        )
        self.cancel_download = _name(
            QPushButton(tr("Cancel")),
            "cancelDownloadButton",
            tr("Cancel download"),
            tr("Stop the download"),
        )
        self.choose_folder = _name(
            QPushButton(tr("Choose folder…")),
            "chooseFolderButton",
            tr("Choose folder"),
            tr("Use dataset files you already have"),
        )
        self.progress = QProgressBar()
        self.progress.setObjectName("downloadProgress")
        self.progress.setAccessibleName(tr("Download progress"))
        fl.addWidget(self.location, 0, 0, 1, 3)
        fl.addWidget(self.download, 1, 0)
        fl.addWidget(self.cancel_download, 1, 1)
        fl.addWidget(self.choose_folder, 1, 2)
        fl.addWidget(self.progress, 2, 0, 1, 3)
        form.addRow(self.files_box)
        self.show_download(False)
        # Your own points: a CSV file
        self._paths: dict[str, str] = {}  # each own-file set keeps its file (points, table)
        self.points_box = QWidget()
        pl = QHBoxLayout(self.points_box)
        pl.setContentsMargins(0, 0, 0, 0)
        self.points_label = QLabel()
        self.points_label.setObjectName("pointsFileLabel")
        self.points_label.setWordWrap(True)
        self.choose_points = _name(
            QPushButton(tr("Choose CSV…")),
            "choosePointsButton",
            tr("Choose a CSV file"),
            tr("A CSV file of x,y,label rows (an optional 4th column says train or test)"),
        )
        pl.addWidget(self.points_label, 1)
        pl.addWidget(self.choose_points)
        form.addRow(self.points_box)
        # Your own table: the label column, by name from the file's header row
        self.label_combo = _name(
            QComboBox(),
            "labelColumnCombo",
            tr("Label column"),
            tr("The column that holds the classes; every other column is a feature"),
        )
        self.label_label = QLabel(tr("Label column"))
        form.addRow(self.label_label, self.label_combo)

        self.combo.currentIndexChanged.connect(self._dataset_switched)
        for w in (self.samples, self.classes, self.seed):
            w.valueChanged.connect(self._params_edited)
        for w in (self.noise, self.test_ratio):
            w.valueChanged.connect(self._params_edited)
        self.label_combo.currentIndexChanged.connect(self._params_edited)
        self.regenerate.clicked.connect(self._regenerate)
        self.download.clicked.connect(self._download_clicked)
        self.cancel_download.clicked.connect(self.download_cancel_requested)
        self.choose_folder.clicked.connect(self.choose_folder_requested)
        self.choose_points.clicked.connect(self.choose_points_requested)
        self._apply_defaults(self.key)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._reserve_description_height()

    def _reserve_description_height(self) -> None:
        """As tall as the longest description needs: the controls below never jump."""
        fm = self.description.fontMetrics()
        width = max(self.description.width(), 50)
        flags = int(Qt.TextFlag.TextWordWrap)
        height = max(
            fm.boundingRect(
                QRect(0, 0, width, 10_000), flags, datasets_tr(spec.description)
            ).height()
            for spec in DATASETS.values()
        )
        if height != self.description.minimumHeight():
            self.description.setMinimumHeight(height)

    def _mark_unavailable_sets(self) -> None:
        """Without scikit-learn its sets stay in the list, greyed out, saying what to install
        (chosen anyway — by a tutorial or a session — they give the one-sentence error)."""
        if sklearn_available():
            return
        model = self.combo.model()
        for key, spec in DATASETS.items():
            i = self.combo.findData(key)
            if spec.needs_sklearn and i >= 0:
                item = model.item(i)
                item.setEnabled(False)
                item.setToolTip(tr('Needs scikit-learn: pip install "nnviz[digits]"'))

    # -------------------------------------------------------------- state
    @property
    def key(self) -> str:
        return self.combo.currentData()

    @property
    def points_path(self) -> str | None:
        """The file of the own-data set shown now (a points CSV or a table: one each)."""
        return self._paths.get(self.key)

    @points_path.setter
    def points_path(self, path: str | None) -> None:
        if path:
            self._paths[self.key] = str(path)
        else:
            self._paths.pop(self.key, None)

    @property
    def data_dir(self) -> str | None:
        """The folder chosen for the dataset shown now (None: nnviz's usual places)."""
        return self.data_dirs.get(self.key)

    @data_dir.setter
    def data_dir(self, folder: str | None) -> None:
        self.set_data_dir(self.key, folder)

    def data_dir_for(self, key: str) -> str | None:
        """The folder chosen for ``key``."""
        return self.data_dirs.get(key)

    def set_data_dir(self, key: str, folder: str | None) -> None:
        """Use ``folder`` for ``key`` from now on (None forgets the choice)."""
        if folder:
            self.data_dirs[key] = str(folder)
        else:
            self.data_dirs.pop(key, None)

    def wrong_folder(self, key: str, folder: str) -> str | None:
        """One sentence when ``folder`` holds the other MNIST-family set than ``key``."""
        if not DATASETS[key].needs_files:
            return None
        try:
            data_locate.locate(key, folder)
        except WrongDatasetError as e:
            return self._wrong_sentence(e)
        except NnvizError:
            return None  # not found or unreadable: check_files and loading say so
        return None

    @staticmethod
    def _wrong_sentence(e: WrongDatasetError) -> str:
        nouns = {"mnist": tr("MNIST digits"), "fashion-mnist": tr("Fashion-MNIST")}
        return tr("This folder holds {0}, not {1}.").format(nouns[e.found], nouns[e.wanted])

    def request(self) -> DataRequest:
        """The dataset the panel currently describes."""
        spec = DATASETS[self.key]
        if spec.is_table:
            own = self.key == "table"
            return DataRequest(
                key=self.key,
                path=self.points_path if own else None,
                label=self._label() if own else None,
                test_ratio=round(self.test_ratio.value(), 4),
                seed=self.seed.value(),
            )
        if spec.needs_path:
            return DataRequest(
                key=self.key,
                path=self.points_path,
                test_ratio=round(self.test_ratio.value(), 4),
                seed=self.seed.value(),
            )
        if _plotted(spec):
            return DataRequest(
                key=self.key,
                samples=self.samples.value(),
                noise=round(self.noise.value(), 4),
                classes=self.classes.value() if spec.classes is not None else None,
                test_ratio=round(self.test_ratio.value(), 4),
                seed=self.seed.value(),
            )
        samples = self.samples.value() or None
        data_dir = self.data_dir if spec.needs_files else None
        return DataRequest(key=self.key, samples=samples, data_dir=data_dir)

    def set_request(self, req: DataRequest, *, emit: bool = False) -> None:
        """Show ``req`` in the widgets (defaults where it says None)."""
        self._quiet = True
        try:
            _select(self.combo, req.key)
            self._apply_defaults(req.key)
            spec = DATASETS[req.key]
            if spec.needs_path:
                self.points_path = req.path
                self._show_points_path()
            if spec.is_table:
                self._show_label_columns(req.label)
                if req.test_ratio is not None:
                    self.test_ratio.setValue(req.test_ratio)
                if req.seed is not None:
                    self.seed.setValue(req.seed)
            elif _plotted(spec):
                if req.samples is not None:
                    self.samples.setValue(req.samples)
                if req.noise is not None:
                    self.noise.setValue(req.noise)
                if req.classes is not None:
                    self.classes.setValue(req.classes)
                if req.test_ratio is not None:
                    self.test_ratio.setValue(req.test_ratio)
                if req.seed is not None:
                    self.seed.setValue(req.seed)
            else:
                self.samples.setValue(req.samples or 0)
                # A session's folder is kept unless it holds the other set.
                if req.data_dir and not self.wrong_folder(req.key, req.data_dir):
                    self.set_data_dir(req.key, req.data_dir)
        finally:
            self._quiet = False
        if emit:
            self.changed.emit(self.request())

    def _apply_defaults(self, key: str) -> None:
        spec = DATASETS[key]
        quiet, self._quiet = self._quiet, True
        self.description.setText(datasets_tr(spec.description))
        points = _plotted(spec)
        table = spec.is_table
        generated = points and not spec.needs_path
        # Noise and Regenerate shape generated points only; images have no such thing.
        self.noise.setEnabled(generated)
        self.regenerate.setEnabled(generated)
        self.samples.setEnabled(generated or not (points or table))
        for w in (self.test_ratio, self.seed):
            w.setEnabled(points or table)
        self.label_combo.setVisible(key == "table")
        self.label_label.setVisible(key == "table")
        self.choose_points.setToolTip(
            tr("A CSV file with a header row: numeric feature columns and a label column")
            if table
            else tr("A CSV file of x,y,label rows (an optional 4th column says train or test)")
        )
        self.classes.setEnabled(generated and spec.classes is not None)
        self.points_box.setVisible(spec.needs_path)
        self._show_points_path()
        if points:
            # a regression set counts all its points, the others points per class
            self.samples_label.setText(tr("Samples") if spec.is_regression else tr("Samples/class"))
            self.samples.setRange(1, 100_000)
            self.samples.setSpecialValueText("")
            self.samples.setValue(spec.samples or 100)
            self.noise.setValue(spec.noise or 0.0)
            self.classes.setRange(2, spec.max_classes)
            self.classes.setValue(spec.classes or 2)
            self.test_ratio.setValue(spec.test_ratio or 0.0)
            self.seed.setValue(spec.seed)
        elif table:  # all rows; a test share and a seed for the split
            self.samples_label.setText(tr("Samples/class"))
            self.samples.setSpecialValueText(tr("all"))
            self.samples.setValue(0)
            self.test_ratio.setValue(spec.test_ratio or 0.0)
            self.seed.setValue(spec.seed)
            self._show_label_columns(None)
        else:
            self.samples_label.setText(tr("Train images"))
            self.samples.setRange(0, 1_000_000)
            self.samples.setSpecialValueText(tr("all"))
            self.samples.setValue(0)
        self.files_box.setVisible(spec.needs_files)
        self._quiet = quiet

    def _show_points_path(self) -> None:
        from pathlib import Path

        self.points_label.setText(
            Path(self.points_path).name if self.points_path else tr("No file chosen yet.")
        )
        self.points_label.setToolTip(self.points_path or "")

    def _label(self) -> str | None:
        """The chosen label column; None for the last one (the default, as sessions say it)."""
        i = self.label_combo.currentIndex()
        return None if i < 0 or i == self.label_combo.count() - 1 else self.label_combo.itemData(i)

    def _show_label_columns(self, label: str | None) -> None:
        """The chosen table's column names in the label combo, ``label`` (None: the last)."""
        columns, _ = csv_columns(self.points_path) if self.points_path else ([], None)
        quiet, self._quiet = self._quiet, True
        try:
            self.label_combo.clear()
            for name in columns:
                self.label_combo.addItem(name, name)
            if columns:
                _select(self.label_combo, label if label in columns else columns[-1])
        finally:
            self._quiet = quiet

    @Slot()
    def _dataset_switched(self) -> None:
        if self._quiet:
            return
        self._apply_defaults(self.key)
        self.changed.emit(self.request())

    @Slot()
    def _params_edited(self) -> None:
        if not self._quiet:
            self.changed.emit(self.request())

    @Slot()
    def _regenerate(self) -> None:
        self.seed.setValue((self.seed.value() * 1_103_515_245 + 12_345) % (2**31 - 1))

    @Slot()
    def _download_clicked(self) -> None:
        self.download_requested.emit(self.key)

    # -------------------------------------------------------------- file status
    def check_files(self, request: DataRequest) -> str | None:
        """Show where the request's files are; a status sentence when they are missing."""
        spec = DATASETS[request.key]
        title = datasets_tr(spec.title)
        if spec.needs_files:
            try:
                found = data_locate.locate(request.key, request.data_dir)
            except WrongDatasetError as e:
                self.show_location(self._wrong_sentence(e), False)
                self.location.setToolTip(str(e))
                return self._wrong_sentence(e)
            if found is None:
                searched = data_locate.candidate_dirs(request.key, request.data_dir)
                self.show_location(tr("{0} not found.").format(title), False)
                self.location.setToolTip(data_locate.describe_missing(request.key, searched))
                return tr("{0} not found — download it or choose a folder.").format(title)
            self.show_location(tr("Found in {0}").format(found.path), True)
        if spec.is_table and spec.needs_path and not request.path:
            return tr("Choose a CSV file with a header row, feature columns and a label column.")
        if spec.needs_path and not request.path:
            return tr("Choose a CSV file of x,y,label rows for your own points.")
        return None

    def show_dataset(self, dataset: Dataset) -> None:
        """Show what the loaded data really has where the panel cannot know it in advance.

        A CSV's class count comes from its labels (a 3-class file read "2" before).
        """
        if DATASETS[dataset.key].classes is not None and not DATASETS[dataset.key].needs_path:
            return  # a generated set: the spin box is the setting itself
        quiet, self._quiet = self._quiet, True
        try:
            self.classes.setMaximum(max(self.classes.maximum(), dataset.n_classes))
            self.classes.setValue(dataset.n_classes)
        finally:
            self._quiet = quiet

    def show_location(self, text: str, found: bool) -> None:
        """Say where the files were found, or that they were not (with the buttons to fix it)."""
        self.location.setText(text)
        self.download.setVisible(not found)
        self.choose_folder.setVisible(True)

    def show_download(self, running: bool, done: int = 0, total: int = 0) -> None:
        self.progress.setVisible(running)
        self.cancel_download.setVisible(running)
        self.download.setEnabled(not running)
        self.choose_folder.setEnabled(not running)
        if running:
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(1000 * done / total) if total else 0)
            self.progress.setFormat(
                tr("{0} / {1} MB").format(f"{done / 1e6:.1f}", f"{total / 1e6:.1f}")
            )


class LayersEditor(QWidget):
    """Hidden layers as rows of neuron counts, with add and remove buttons."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("layersEditor")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.rows_layout = QVBoxLayout()
        outer.addLayout(self.rows_layout)
        buttons = QHBoxLayout()
        self.add_button = _name(
            QPushButton(tr("+ Add layer")),
            "addLayerButton",
            tr("Add layer"),
            tr("Add a hidden layer (same width as the last one)"),
        )
        self.remove_button = _name(
            QPushButton(tr("− Remove layer")),
            "removeLayerButton",
            tr("Remove layer"),
            tr("Remove the last hidden layer"),
        )
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        outer.addLayout(buttons)
        self.none_label = QLabel(tr("No hidden layer: a linear softmax classifier."))
        self.none_label.setWordWrap(True)
        outer.addWidget(self.none_label)
        self.spins: list[QSpinBox] = []
        self.act_combos: list[QComboBox] = []
        self._rows: list[QWidget] = []
        self.add_button.clicked.connect(self.add_layer)
        self.remove_button.clicked.connect(self.remove_layer)

    def sizes(self) -> tuple[int, ...]:
        return tuple(s.value() for s in self.spins)

    def activations(self) -> tuple[str | None, ...]:
        """Each hidden layer's own activation (``None``: the Activation row's)."""
        return tuple(c.currentData() for c in self.act_combos)

    def set_activations(self, names) -> None:
        """Show per-layer activations (``None`` or a ``None`` entry: the Activation row's)."""
        names = tuple(names) if names is not None else ()
        for i, combo in enumerate(self.act_combos):
            combo.blockSignals(True)
            _select(combo, names[i] if i < len(names) else None)
            combo.blockSignals(False)

    def set_sizes(self, sizes) -> None:
        while self.spins:
            self._remove_row(len(self.spins) - 1, emit=False)
        for n in sizes:
            self._add_row(int(n), emit=False)
        self._update()

    @Slot()
    def add_layer(self) -> None:
        if len(self.spins) < MAX_HIDDEN_LAYERS:
            self._add_row(self.spins[-1].value() if self.spins else 8)

    @Slot()
    def remove_layer(self) -> None:
        if self.spins:
            self._remove_row(len(self.spins) - 1)

    def _add_row(self, n: int, emit: bool = True) -> None:
        i = len(self.spins) + 1
        row = QWidget()
        h = QHBoxLayout(row)
        h.setContentsMargins(0, 0, 0, 0)
        label = QLabel(tr("Layer {0}").format(i))
        spin = _spin(
            f"hiddenLayerSpin{i}",
            tr("Neurons in hidden layer {0}").format(i),
            tr("Neurons in hidden layer {0}").format(i),
            1,
            MAX_NEURONS,
            n,
        )
        act = _combo(
            f"hiddenActivationCombo{i}",
            tr("Activation of hidden layer {0}").format(i),
            tr("This layer's non-linearity (default: the Activation row's)"),
            {None: N_("same"), **{k: ACTIVATION_TITLES[k] for k in ACTIVATIONS}},
        )
        act.currentIndexChanged.connect(self.changed)
        remove = QToolButton()
        remove.setText("×")
        _name(remove, f"removeLayer{i}", tr("Remove layer {0}").format(i), tr("Remove this layer"))
        remove.clicked.connect(self._remove_clicked)
        h.addWidget(label)
        h.addWidget(spin, 1)
        h.addWidget(act)
        h.addWidget(remove)
        spin.valueChanged.connect(self.changed)
        self.rows_layout.addWidget(row)
        self.spins.append(spin)
        self.act_combos.append(act)
        self._rows.append(row)
        if emit:
            self._update()
            self.changed.emit()

    @Slot()
    def _remove_clicked(self) -> None:
        button = self.sender()
        for i, row in enumerate(self._rows):
            if row.isAncestorOf(button):
                self._remove_row(i)
                return

    def _remove_row(self, i: int, emit: bool = True) -> None:
        sizes = [s.value() for s in self.spins]
        acts = list(self.activations())
        del sizes[i], acts[i]
        row = self._rows.pop(i)
        self.spins.pop(i)
        self.act_combos.pop(i)
        row.setParent(None)
        row.deleteLater()
        if i < len(self.spins):  # renumber by rebuilding the rows after i
            self.set_sizes(sizes)
            self.set_activations(acts)
        if emit:
            self._update()
            self.changed.emit()

    def _update(self) -> None:
        self.none_label.setVisible(not self.spins)
        self.remove_button.setEnabled(bool(self.spins))
        self.add_button.setEnabled(len(self.spins) < MAX_HIDDEN_LAYERS)


class BatchEdit(QWidget):
    """The batch size, or the whole training set (``None``) when "Full batch" is ticked."""

    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.spin = _spin(
            "batchSizeSpin", tr("Batch size"), tr("Samples per update"), 1, 1_000_000, 10
        )
        self.check = _name(
            QCheckBox(tr("Full batch")),
            "fullBatchCheck",
            tr("Full batch"),
            tr("Use the whole training set for every update"),
        )
        row.addWidget(self.spin, 1)
        row.addWidget(self.check)
        self.spin.valueChanged.connect(self.changed)
        self.check.toggled.connect(self.changed)

    def value(self) -> int | None:
        return None if self.check.isChecked() else self.spin.value()

    def set_value(self, v: int | None) -> None:
        self.check.setChecked(v is None)
        if v is not None:
            self.spin.setValue(v)
        self.spin.setEnabled(v is not None)


class FeatureChecks(QWidget):
    """The network's inputs for 2-D points (Playground's feature crosses): one box each.

    The value is the checked names in :data:`~nnviz.core.features.FEATURES` order,
    ``()`` for the plain x₁, x₂ (so the default run compares equal to older sessions).
    At least one box stays checked.
    """

    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        self.boxes: dict[str, QCheckBox] = {}
        for k, (name, label) in enumerate(FEATURE_LABELS.items()):
            box = _name(
                QCheckBox(label),
                f"featureCheck_{name}",
                tr("Input {0}").format(label),
                tr("Feed {0} to the network (applies on Reset)").format(label),
            )
            box.toggled.connect(self._toggled)
            grid.addWidget(box, k // 4, k % 4)
            self.boxes[name] = box
        self.set_value(())

    def value(self) -> tuple[str, ...]:
        names = tuple(n for n, box in self.boxes.items() if box.isChecked())
        return () if names == PLAIN_INPUTS else names

    def set_value(self, names) -> None:
        chosen = set(names or PLAIN_INPUTS)
        for name, box in self.boxes.items():
            box.blockSignals(True)
            box.setChecked(name in chosen)
            box.blockSignals(False)

    @Slot(bool)
    def _toggled(self, on: bool) -> None:
        if not on and not any(b.isChecked() for b in self.boxes.values()):
            box = self.sender()  # the last input cannot go: the network needs one
            box.blockSignals(True)
            box.setChecked(True)
            box.blockSignals(False)
            return
        self.changed.emit()


class ScheduleEdit(QWidget):
    """The learning-rate schedule in the command line's grammar, checked as it is typed."""

    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        self.text = _name(
            QLineEdit("constant"),
            "scheduleEdit",
            tr("Learning-rate schedule"),
            tr(
                "constant · step:30:0.5 (× 0.5 every 30 epochs) · exp:0.99 (× 0.99 per epoch) · "
                "cosine (down to 0 at the epoch limit) · warmup:5+cosine (5 epochs of warm-up "
                "first); applies on Reset"
            ),
        )
        self.text.setPlaceholderText("constant")
        self.error = QLabel()
        self.error.setObjectName("scheduleError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.error.setVisible(False)
        col.addWidget(self.text)
        col.addWidget(self.error)
        self.text.textChanged.connect(self._typed)

    def value(self) -> Schedule | str:
        """The schedule, or the text as typed when it is not one (Reset then says why)."""
        try:
            return parse_schedule(self.text.text() or "constant")
        except NnvizError:
            return self.text.text()

    def set_value(self, schedule) -> None:
        self.text.setText(schedule.spec if isinstance(schedule, Schedule) else str(schedule))

    @Slot(str)
    def _typed(self, text: str) -> None:
        try:
            parse_schedule(text or "constant")
            self.error.setVisible(False)
        except NnvizError as e:
            self.error.setText(str(e))
            self.error.setVisible(True)
        self.changed.emit()


class StoppingEdit(QWidget):
    """Stopping rules: a target loss or accuracy, early stopping with patience."""

    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.split = _combo(
            "stopSplitCombo", tr("Targets watch"), tr("Which split the targets watch"),
            {"train": N_("training"), "test": N_("test")},
        )  # fmt: skip
        self.loss = _dspin(
            "targetLossSpin", tr("Target loss"),
            tr("Stop once the loss is at or below this (0 = off)"), 0, 1000, 0.0, 4,
        )  # fmt: skip
        self.accuracy = _dspin(
            "targetAccuracySpin", tr("Target accuracy"),
            tr("Stop once the accuracy (in %) is at or above this (0 = off)"), 0, 100, 0.0, 1,
        )  # fmt: skip
        self.patience = _spin(
            "patienceSpin", tr("Patience"),
            tr("Early stopping: stop when the test loss has not improved for this many "
               "epochs (0 = off)"), 0, 100_000, 0,
        )  # fmt: skip
        self.restore = _name(
            QCheckBox(tr("restore best")), "restoreBestCheck", tr("Restore the best weights"),
            tr("When early stopping ends the run, go back to the weights of the epoch with the "
               "lowest test loss"),
        )  # fmt: skip
        for spin in (self.loss, self.accuracy, self.patience):
            spin.setSpecialValueText(tr("off"))
        self.accuracy.setSuffix(" %")
        grid.addWidget(QLabel(tr("loss ≤")), 0, 0)
        grid.addWidget(self.loss, 0, 1)
        grid.addWidget(QLabel(tr("accuracy ≥")), 0, 2)
        grid.addWidget(self.accuracy, 0, 3)
        grid.addWidget(self.split, 1, 0, 1, 2)
        grid.addWidget(QLabel(tr("patience")), 1, 2)
        grid.addWidget(self.patience, 1, 3)
        grid.addWidget(self.restore, 2, 0, 1, 4)
        for w in (self.loss, self.accuracy, self.patience):
            w.valueChanged.connect(self._edited)
        self.split.currentIndexChanged.connect(self._edited)
        self.restore.toggled.connect(self._edited)
        self._edited()

    def value(self) -> Stopping:
        split = self.split.currentData()
        loss, acc, patience = self.loss.value(), self.accuracy.value(), self.patience.value()
        return Stopping(
            **{f"{split}_loss": loss or None, f"{split}_accuracy": round(acc / 100, 6) or None},
            patience=patience or None,
            restore_best=bool(patience) and self.restore.isChecked(),
        )

    def set_value(self, stop: Stopping) -> None:
        widgets = (self.split, self.loss, self.accuracy, self.patience, self.restore)
        for w in widgets:
            w.blockSignals(True)
        test = stop.test_loss is not None or stop.test_accuracy is not None
        _select(self.split, "test" if test else "train")
        loss = stop.test_loss if test else stop.train_loss
        acc = stop.test_accuracy if test else stop.train_accuracy
        self.loss.setValue(loss or 0.0)
        self.accuracy.setValue(100 * (acc or 0.0))
        self.patience.setValue(stop.patience or 0)
        self.restore.setChecked(stop.restore_best)
        for w in widgets:
            w.blockSignals(False)
        self._edited()

    @Slot()
    def _edited(self) -> None:
        self.restore.setEnabled(self.patience.value() > 0)
        self.changed.emit()


@dataclass(frozen=True)
class Field:
    """One setting of the network panel: where it lives in the configs and how it is edited.

    ``row`` groups fields on one form row (the first field's label names it);
    ``live`` settings apply at once (learning rate, L2), the others on Reset.
    """

    attr: str  # the panel attribute holding the widget
    section: str  # "network" or "train": which config the value belongs to
    key: str  # the config field
    row: str  # the form row's label
    make: Callable[[], QWidget] | None
    get: Callable[[QWidget], object]
    put: Callable[[QWidget, object], None]
    signal: str  # the widget signal that says it changed
    live: bool = False
    # make=None: the field is a second value of the widget another field made (same attr)


def _choice(attr, section, key, row, object_name, label, tip, titles, keys) -> Field:
    return Field(
        attr, section, key, row,
        lambda: _combo(object_name, label, tip, {k: titles[k] for k in keys}),
        lambda w: w.currentData(), _select, "currentIndexChanged",
    )  # fmt: skip


def _number(attr, section, key, row, make, *, to_config=None, from_config=None, live=False):
    return Field(
        attr, section, key, row, make,
        (lambda w: to_config(w.value())) if to_config else (lambda w: w.value()),
        (lambda w, v: w.setValue(from_config(v))) if from_config else (lambda w, v: w.setValue(v)),
        "valueChanged", live,
    )  # fmt: skip


def network_fields() -> tuple[Field, ...]:
    """The network panel's fields, in form order (one table: build, read, show, compare)."""
    return (
        Field(
            "arch", "network", "arch", tr("Network type"), ArchEdit,
            lambda w: w.value(), lambda w, v: w.set_value(v), "changed",
        ),
        Field(
            "features", "network", "features", tr("Inputs"), FeatureChecks,
            lambda w: w.value(), lambda w, v: w.set_value(v), "changed",
        ),
        Field(
            "layers", "network", "hidden", tr("Hidden layers"), LayersEditor,
            lambda w: w.sizes(), lambda w, v: w.set_sizes(v), "changed",
        ),
        Field(
            "layers", "network", "activations", tr("Hidden layers"), None,
            lambda w: w.activations(), lambda w, v: w.set_activations(v), "changed",
        ),
        _choice(
            "activation", "network", "activation", tr("Activation"), "activationCombo",
            tr("Activation"), tr("Non-linearity of every hidden layer"),
            ACTIVATION_TITLES, ACTIVATIONS,
        ),
        _choice(
            "init", "network", "init", tr("Initialisation"), "initCombo", tr("Initialisation"),
            tr("How the weights start"), INIT_TITLES, INITS,
        ),
        _number(
            "init_std", "network", "init_std", tr("Initialisation"),
            lambda: _dspin(
                "initStdSpin", tr("Initial std"),
                tr("Standard deviation of the normal initialisation"), 1e-5, 10, 0.01, 5,
            ),
        ),
        Field(
            "bias_init", "network", "bias_init", tr("Initialisation"),
            lambda: _name(
                QCheckBox(tr("biases too")), "biasInitCheck", tr("Initialise biases too"),
                tr("Draw the biases like the weights instead of starting them at zero"),
            ),
            lambda w: "same" if w.isChecked() else "zero",
            lambda w, v: w.setChecked(v == "same"), "toggled",
        ),
        _choice(
            "optimizer", "train", "optimizer", tr("Optimizer"), "optimizerCombo", tr("Optimizer"),
            tr("Update rule"), OPTIMIZER_TITLES, OPTIMIZERS,
        ),
        _number(
            "momentum", "train", "momentum", tr("Optimizer"),
            lambda: _dspin(
                "momentumSpin", tr("Momentum"), tr("Momentum coefficient"), 0, 0.999, 0.9, 3
            ),
        ),
        _number(
            "lr", "train", "learning_rate", tr("Learning rate"),
            lambda: _dspin(
                "learningRateSpin", tr("Learning rate"),
                tr("Step size; applies immediately, even while training"), 1e-6, 100, 0.1,
            ),
            live=True,
        ),
        Field(
            "schedule", "train", "schedule", tr("Schedule"), ScheduleEdit,
            lambda w: w.value(), lambda w, v: w.set_value(v), "changed",
        ),
        Field(
            "batch_edit", "train", "batch_size", tr("Batch size"), BatchEdit,
            lambda w: w.value(), lambda w, v: w.set_value(v), "changed",
        ),
        _number(
            "l2", "train", "l2", tr("L2"),
            lambda: _dspin(
                "l2Spin", tr("L2"), tr("Weight decay λ (loss += ½λΣW²); applies immediately"),
                0, 10, 0.0,
            ),
            live=True,
        ),
        _number(
            "epochs", "train", "epochs", tr("Epoch limit"),
            lambda: _spin(
                "epochLimitSpin", tr("Epoch limit"),
                tr("Stop after this many epochs (0 = no limit)"), 0, 100_000_000, 0,
            ),
            to_config=lambda v: v or None, from_config=lambda v: v or 0,
        ),
        Field(
            "stopping", "train", "stopping", tr("Stop early"), StoppingEdit,
            lambda w: w.value(), lambda w, v: w.set_value(v), "changed",
        ),
        _number(
            "seed", "train", "seed", tr("Seed"),
            lambda: _spin(
                "seedSpin", tr("Seed"), tr("Seed of the initial weights and the shuffling"),
                0, 2**31 - 1, 0,
            ),
        ),
        _choice(
            "gradient", "train", "gradient", tr("Gradient"), "gradientCombo", tr("Gradient"),
            tr("How gradients are computed: backpropagation, or numerical differences (slow)"),
            GRADIENT_TITLES, GRADIENT_TITLES,
        ),
    )  # fmt: skip


class NetworkPanel(QGroupBox):
    """Network and optimizer settings, built from one field table (:func:`network_fields`).

    Learning rate and L2 apply live (``learning_rate_changed`` / ``l2_changed``);
    every other change emits ``config_changed`` and waits for Reset.
    """

    config_changed = Signal()
    learning_rate_changed = Signal(float)
    l2_changed = Signal(float)
    pending_changed = Signal(bool)  # settings differ from the running network's (Reset applies)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("Network"), parent)
        form = QFormLayout(self)
        self.fields = network_fields()
        rows: dict[str, QHBoxLayout] = {}
        self._form, self._row_of = form, {}
        for f in self.fields:
            if f.make is None:
                continue  # another value of a widget made above
            widget = f.make()
            setattr(self, f.attr, widget)
            if f.row not in rows:
                rows[f.row] = QHBoxLayout()
                form.addRow(f.row, rows[f.row])
            rows[f.row].addWidget(widget, 1 if not rows[f.row].count() else 0)
            self._row_of[f.attr] = rows[f.row]
        self._images = False  # the data is images: a convolutional network may be chosen
        self._points = True  # the data is 2-D points: feature crosses may be chosen
        self.batch, self.full_batch = self.batch_edit.spin, self.batch_edit.check
        self.epochs.setSpecialValueText(tr("no limit"))
        self.gradient_cost = QLabel()
        self.gradient_cost.setObjectName("gradientCostLabel")
        self.gradient_cost.setWordWrap(True)
        self.gradient_cost.setStyleSheet("color: #b35c00;")
        self.gradient_cost.setVisible(False)
        form.addRow(self.gradient_cost)
        self.shapes = QLabel()
        self.shapes.setObjectName("shapesLabel")
        self.shapes.setWordWrap(True)
        self.shapes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.shapes)

        self._applied: tuple | None = None
        self._rng = "modern"  # no widget: a tutorial's "book" generator is kept across Resets
        for f in self.fields:
            if f.make is None:
                continue  # connected once, with the field that made the widget
            signal = getattr(getattr(self, f.attr), f.signal)
            signal.connect(self._edited)
        self.lr.valueChanged.connect(self.learning_rate_changed)
        self.l2.valueChanged.connect(self.l2_changed)
        default = default_session()
        self.set_configs(default.network, default.train)
        self.mark_applied()

    def _values(self, section: str, live: bool = True) -> dict:
        return {
            f.key: f.get(getattr(self, f.attr))
            for f in self.fields
            if f.section == section and (live or not f.live)
        }

    def network_config(self, data_key: str | None = None) -> NetworkConfig:
        """The network settings; for ``data_key`` data that is not images, fully connected."""
        values = self._values("network")
        if data_key is not None and DATASETS[data_key].kind != "images":
            values["arch"] = None  # conv layers need images: points get the hidden layers
        if data_key is not None and DATASETS[data_key].kind != "points":
            values["features"] = ()  # feature crosses are of 2-D points
        # A layer left at "same" takes the Activation row's; all "same" keeps one for all.
        own = values["activations"]
        values["activations"] = (
            None if all(a is None for a in own) else tuple(a or values["activation"] for a in own)
        )
        return NetworkConfig(**values)

    def train_config(self) -> TrainConfig:
        return TrainConfig(**self._values("train"), rng=self._rng)

    def set_configs(self, net: NetworkConfig, train: TrainConfig) -> None:
        """Show ``net`` and ``train`` in the widgets."""
        self._rng = train.rng
        configs = {"network": net, "train": train}
        widgets = [getattr(self, f.attr) for f in self.fields]
        for w in widgets:
            w.blockSignals(True)
        try:
            for f, w in zip(self.fields, widgets, strict=True):
                f.put(w, getattr(configs[f.section], f.key))
        finally:
            for w in widgets:
                w.blockSignals(False)
        self._edited()

    def _reset_key(self) -> tuple:
        """Every setting that needs a Reset (the live ones apply at once)."""
        return (self._values("network", live=False), self._values("train", live=False))

    def is_pending(self) -> bool:
        """True when settings differ from those the running network was built with."""
        return self._applied is not None and self._reset_key() != self._applied

    def mark_applied(self) -> None:
        """The current settings are what the running network was built with."""
        self._applied = self._reset_key()
        self.pending_changed.emit(False)

    @Slot()
    def _edited(self) -> None:
        self.init_std.setEnabled(self.init.currentData() == "normal")
        self.momentum.setEnabled(self.optimizer.currentData() in USES_MOMENTUM)
        self.batch.setEnabled(not self.full_batch.isChecked())
        self._show_rows()
        self.pending_changed.emit(self.is_pending())
        self.config_changed.emit()

    def _show_rows(self) -> None:
        """The type row for image data; hidden layers and activation for fully connected."""
        conv = self._images and self.arch.value() is not None
        for attr, visible in (
            ("features", self._points),
            ("arch", self._images),
            ("layers", not conv),
            ("activation", not conv),
        ):
            self._form.setRowVisible(self._row_of[attr], visible)

    def show_shapes_for(self, ds) -> None:
        """The shapes of the network these settings would build on the dataset ``ds``."""
        self._images = ds.kind == "images"
        self._points = ds.is_points and (ds.raw or ds).n_features == 2
        self._show_rows()
        if self._images and self.arch.value() is not None:
            found = self.arch.shapes(ds.image_shape, ds.n_classes)
            if found is not None:
                self._show_text(*found)
            return
        try:
            net, train = self.network_config(), self.train_config()
        except NnvizError:
            return  # a half-typed value: keep the last shapes
        n_train = len(ds.y_train)
        batch = min(train.batch_size or n_train, n_train)
        inputs = len(net.features) if self._points and net.features else (ds.raw or ds).n_features
        self.show_shapes((inputs, *net.hidden, ds.n_outputs), batch)

    def show_shapes(self, sizes: tuple[int, ...], batch: int) -> None:
        """Matrix shapes of the network the settings describe, and the cost of numerical steps."""
        lines = [
            f"W{i} ({a}, {b}): ({batch}, {a}) · ({a}, {b}) → ({batch}, {b})"
            for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:], strict=False), start=1)
        ]
        self._show_text("\n".join(lines), count_parameters(sizes))

    def _show_text(self, text: str, param_count: int) -> None:
        """The shapes, the parameter count, and the cost of numerical steps."""
        self.shapes.setText(text + "\n" + tr("{0} parameters").format(f"{param_count:,}"))
        numerical = self.gradient.currentData() == "numerical"
        self.gradient_cost.setVisible(numerical)
        if numerical:
            self.gradient_cost.setText(
                tr(
                    "Numerical gradients cost 2 forward passes per parameter: {0} forward passes "
                    "per step. Only for tiny networks; backpropagation gets the same gradient "
                    "from one forward and one backward pass."
                ).format(f"{2 * param_count:,}")
            )


class TrainingControls(QGroupBox):
    """Train/Pause, Step and Reset, with live epoch, iteration, speed and time."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("Training"), parent)
        grid = QGridLayout(self)
        self.train = _name(
            QPushButton(tr("Train")),
            "trainButton",
            tr("Train"),
            tr("Start or pause training (Space)"),
        )
        self.train.setCheckable(True)
        self.step = _name(
            QPushButton(tr("Step")),
            "stepButton",
            tr("Step"),
            tr("Train exactly one epoch (Right arrow)"),
        )
        self.reset = _name(
            QPushButton(tr("Reset")),
            "resetButton",
            tr("Reset"),
            tr("Build a fresh network with the current settings (Ctrl+R)"),
        )
        for b in (self.train, self.step, self.reset):
            b.setMinimumHeight(34)
        grid.addWidget(self.train, 0, 0)
        grid.addWidget(self.step, 0, 1)
        grid.addWidget(self.reset, 0, 2)
        # Next to Reset, where the eye is when the settings change (not below the fold).
        self.pending = QLabel(tr("Changed settings take effect on Reset."))
        self.pending.setObjectName("pendingLabel")
        self.pending.setStyleSheet("color: #b35c00; font-weight: bold;")
        self.pending.setWordWrap(True)
        self.pending.setVisible(False)
        grid.addWidget(self.pending, 5, 0, 1, 3)
        self.epoch = QLabel()
        self.epoch.setObjectName("epochLabel")
        self.epoch.setAccessibleName(tr("Epoch"))
        f = self.epoch.font()
        f.setPointSizeF(f.pointSizeF() * 1.5)
        f.setBold(True)
        self.epoch.setFont(f)
        self.iteration = QLabel()
        self.iteration.setObjectName("iterationLabel")
        self.speed = QLabel()
        self.speed.setObjectName("speedLabel")
        self.elapsed = QLabel()
        self.elapsed.setObjectName("elapsedLabel")
        self.rate = QLabel()  # the rate in use: a schedule changes it epoch by epoch
        self.rate.setObjectName("currentRateLabel")
        self.rate.setAccessibleName(tr("Learning rate in use"))
        grid.addWidget(self.rate, 6, 0, 1, 3)
        grid.addWidget(self.epoch, 1, 0, 1, 3)
        grid.addWidget(self.iteration, 2, 0, 1, 3)
        grid.addWidget(self.speed, 3, 0, 1, 3)
        grid.addWidget(self.elapsed, 4, 0, 1, 3)
        self.train.toggled.connect(self._update_text)
        self.show_progress(0, 0, 0.0, 0.0)
        # A text from the start: a label that appears later would move the views (a relayout)
        self.rate.setText(tr("Learning rate now {0}").format("–"))

    @Slot(bool)
    def show_pending(self, on: bool) -> None:
        """Say that Reset applies changed settings, and make Reset stand out."""
        self.pending.setVisible(on)
        self.reset.setProperty("pending", on)
        self.reset.setStyleSheet(
            "QPushButton { border: 2px solid #b35c00; font-weight: bold; }" if on else ""
        )

    @Slot(bool)
    def _update_text(self, on: bool) -> None:
        self.train.setText(tr("Pause") if on else tr("Train"))

    def set_training(self, on: bool) -> None:
        """Reflect the worker's state without emitting ``toggled``."""
        self.train.blockSignals(True)
        self.train.setChecked(on)
        self.train.blockSignals(False)
        self._update_text(on)

    def show_snapshot(self, snap) -> None:
        """Progress and the learning rate in use, from a :class:`~nnviz.app.snapshot.Snapshot`."""
        self.show_progress(
            snap.epoch, snap.iteration, snap.samples_per_second, snap.train_seconds,
            snap.step_progress, snap.gradient_check,
        )  # fmt: skip
        self.rate.setText(tr("Learning rate now {0}").format(f"{snap.learning_rate:.4g}"))
        if snap.data_edited:  # painted points: the curves before and after differ in data
            self.epoch.setText(tr("Epoch {0} · data edited").format(f"{snap.epoch:,}"))

    def show_progress(
        self,
        epoch: int,
        iteration: int,
        samples_per_second: float,
        seconds: float,
        step: tuple[int, int] | None = None,
        check: float | None = None,
    ) -> None:
        """``step``: (parameters done, total) of a numerical-gradient step under way;
        ``check``: the last numerical step's relative error against backprop (same row:
        the panel does not move when the mode's figures come and go)."""
        self.epoch.setText(tr("Epoch {0}").format(f"{epoch:,}"))
        text = tr("Iteration {0}").format(f"{iteration:,}")
        if step is not None:
            text = tr("{0} · numerical step {1} / {2} parameters").format(
                text, f"{step[0]:,}", f"{step[1]:,}"
            )
        elif check is not None:
            text = tr("{0} · vs backprop: relative error {1}").format(text, f"{check:.1e}")
        self.iteration.setText(text)
        self.speed.setText(tr("{0} samples/s").format(f"{samples_per_second:,.0f}"))
        m, s = divmod(seconds, 60)
        self.elapsed.setText(tr("Training time {0}").format(f"{int(m)}:{s:04.1f}"))
