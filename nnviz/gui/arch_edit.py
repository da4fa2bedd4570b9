"""The network panel's choice between a fully connected network and a layer spec (conv …).

One widget for one :class:`~nnviz.core.trainer.NetworkConfig` field, ``arch``: ``None``
for the hidden-layers MLP, else the spec text of :mod:`nnviz.core.architecture`.  A spec
that does not parse (or, once the data is known, does not fit it) is said in one sentence
under the field; the panel's Reset then refuses it (``NetworkConfig`` raises the same).
"""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from nnviz.core.architecture import (
    SIMPLE_CONVNET,
    ConvSpec,
    describe_shapes,
    format_shapes,
    parse_architecture,
)
from nnviz.errors import NnvizError
from nnviz.gui.i18n import translator
from nnviz.gui.widgets import named

tr = translator("panels")

DEFAULT_SPEC = "conv"
"""What "Convolutional" starts with: the book's SimpleConvNet."""


class ArchEdit(QWidget):
    """ "Fully connected" or "Convolutional" with its layer spec (image data only)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("archEdit")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.kind = named(
            QComboBox(),
            "networkKindCombo",
            tr("Network type"),
            tr("Fully connected layers, or a convolutional network (images only)"),
        )
        self.kind.addItem(tr("Fully connected"), "fc")
        self.kind.addItem(tr("Convolutional"), "conv")
        self.spec = named(
            QLineEdit(DEFAULT_SPEC),
            "archSpecEdit",
            tr("Layers"),
            tr(
                "The layers, first first, e.g. {0} (conv:FILTERSxHxW with /sN stride and /pN "
                "padding, pool:K, fc:N, relu, bn, dropout:R); conv alone is the book's "
                "SimpleConvNet. The output layer is added."
            ).format(SIMPLE_CONVNET),
        )
        self.spec.setPlaceholderText(SIMPLE_CONVNET)
        self.error = QLabel()
        self.error.setObjectName("archErrorLabel")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c62828;")
        layout.addWidget(self.kind)
        layout.addWidget(self.spec)
        layout.addWidget(self.error)
        self._spec_error = ""
        self._fit_error = ""
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.spec.textChanged.connect(self._text_changed)
        self._kind_changed()

    def is_conv(self) -> bool:
        return self.kind.currentData() == "conv"

    def value(self) -> str | None:
        """The spec (``None``: fully connected)."""
        return (self.spec.text().strip() or DEFAULT_SPEC) if self.is_conv() else None

    def set_value(self, arch: str | None) -> None:
        self.kind.blockSignals(True)
        self.spec.blockSignals(True)
        try:
            self.kind.setCurrentIndex(self.kind.findData("fc" if arch is None else "conv"))
            if arch is not None:
                self.spec.setText(arch)
        finally:
            self.kind.blockSignals(False)
            self.spec.blockSignals(False)
        self._validate()
        self._show()

    @property
    def error_text(self) -> str:
        """The sentence shown under the field ("" when the spec is fine)."""
        return self.error.text()

    def shapes(self, image_shape, n_classes: int) -> tuple[str, int] | None:
        """The shapes text and parameter count of the spec on this data, or None (with the
        reason shown under the field) when it does not parse or fit."""
        self._fit_error = ""
        if self.value() is None or self._spec_error:
            self._show()
            return None
        try:
            arch = parse_architecture(self.value())
            rows = describe_shapes(arch, image_shape, n_classes)
        except NnvizError as e:
            self._fit_error = str(e)
            self._show()
            return None
        self._show()
        return format_shapes(rows), _param_count(rows, arch)

    @Slot()
    def _kind_changed(self) -> None:
        self._show()
        self.changed.emit()

    @Slot()
    def _text_changed(self) -> None:
        self._validate()
        self._show()
        self.changed.emit()

    def _validate(self) -> None:
        self._spec_error = ""
        self._fit_error = ""
        if self.is_conv():
            try:
                parse_architecture(self.value())
            except NnvizError as e:
                self._spec_error = str(e)

    def _show(self) -> None:
        conv = self.is_conv()
        self.spec.setVisible(conv)
        text = (self._spec_error or self._fit_error) if conv else ""
        self.error.setText(text)
        self.error.setVisible(bool(text))


def _param_count(rows, arch) -> int:
    """Trainable numbers of a spec on its data (from the shapes :func:`describe_shapes` gives)."""
    total = 0
    convs = iter(s for s in arch.layers if isinstance(s, ConvSpec))
    prev = rows[0].shape
    for row in rows[1:]:
        kind = row.name.rstrip("0123456789")
        if kind == "conv":
            spec = next(convs)
            total += spec.filters * (prev[0] * spec.size_h * spec.size_w + 1)
        elif kind in ("fc", "output"):
            total += (prev[0] + 1) * row.shape[0]
        elif kind == "bn":
            total += 2 * row.shape[0]
        prev = row.shape
    return total
