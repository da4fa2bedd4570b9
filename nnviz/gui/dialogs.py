"""Non-blocking message boxes: one definition for errors, notices and questions.

Every box opens without blocking the event loop (training and the engine go on), closes
itself (deleted on close), and carries an objectName that tests find it by.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from nnviz.gui.i18n import translator

tr = translator("MainWindow")


def message_box(
    parent: QWidget,
    text: str,
    object_name: str,
    *,
    icon: QMessageBox.Icon = QMessageBox.Icon.Warning,
    title: str | None = None,
    buttons: QMessageBox.StandardButton = QMessageBox.StandardButton.Ok,
    details: str | None = None,
    accepted: Callable[[], None] | None = None,
) -> QMessageBox:
    """Open a message box next to ``parent`` and return it (already shown)."""
    box = QMessageBox(icon, title or tr("nnviz"), text, buttons, parent)
    box.setObjectName(object_name)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if details:
        box.setDetailedText(details)
    if accepted is not None:
        box.accepted.connect(accepted)
    box.open()
    return box


def error_box(parent: QWidget, message: str, details: str | None = None) -> QMessageBox:
    """The one-sentence error dialog (objectName ``errorDialog``)."""
    return message_box(parent, message, "errorDialog", details=details)
