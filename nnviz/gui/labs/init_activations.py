"""The init-activations lab view: the book's histograms for each initialisation and activation."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from nnviz.app.labs.activations import INIT_SETTINGS, LAB_ACTIVATIONS, init_experiment
from nnviz.gui.i18n import N_, translator
from nnviz.gui.labs.histograms import HistogramRow
from nnviz.gui.widgets import named

tr = translator("labs")

INIT_TITLES = {
    "std-1": N_("std 1"),
    "std-0.01": N_("std 0.01"),
    "xavier": N_("Xavier"),
    "he": N_("He"),
}
ACTIVATION_TITLES = {"sigmoid": N_("sigmoid"), "tanh": N_("tanh"), "relu": N_("ReLU")}


class InitActivationsView(QWidget):
    """1,000 random inputs through 5 layers of 100: one histogram per layer.

    :attr:`init_combo` and :attr:`activation_combo` pick the experiment; :attr:`row`
    draws it; :attr:`snapshot` is what is drawn.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("initActivationsView")
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.init_combo = named(
            QComboBox(), "initCombo", tr("Initialisation"), tr("How the weights are drawn")
        )
        for key in INIT_SETTINGS:
            self.init_combo.addItem(tr(INIT_TITLES.get(key, key)), key)
        self.activation_combo = named(
            QComboBox(), "activationCombo", tr("Activation"), tr("Each layer's activation function")
        )
        for key in LAB_ACTIVATIONS:
            self.activation_combo.addItem(tr(ACTIVATION_TITLES.get(key, key)), key)
        for label, combo in (
            (tr("Initial weights:"), self.init_combo),
            (tr("Activation:"), self.activation_combo),
        ):
            bar.addWidget(QLabel(label))
            bar.addWidget(combo)
            combo.currentIndexChanged.connect(self.redraw)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.row = HistogramRow()
        layout.addWidget(self.row, 1)
        self.snapshot = None
        self.redraw()

    def choose(self, init: str, activation: str) -> None:
        """Pick an initialisation and an activation as a user would in the combos."""
        self.init_combo.setCurrentIndex(self.init_combo.findData(init))
        self.activation_combo.setCurrentIndex(self.activation_combo.findData(activation))

    @Slot()
    def redraw(self, *_args) -> None:
        init, act = self.init_combo.currentData(), self.activation_combo.currentData()
        self.snapshot, _ = init_experiment(init, act)
        self.row.show_snapshot(self.snapshot)
