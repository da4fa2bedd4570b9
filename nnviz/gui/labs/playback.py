"""The labs' Play/Pause buttons: one checkable button driving one timer."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QPushButton

from nnviz.gui.i18n import translator

tr = translator("labs")


def show_playing(button: QPushButton, timer: QTimer, on: bool, idle_text: str) -> bool:
    """Check ``button`` as ``on``, title it, and start or stop ``timer``.

    Returns False when the button's state had to change: its ``toggled`` signal then
    calls the caller's slot again with ``on``, which finishes the job.
    """
    if button.isChecked() != on:
        button.setChecked(on)
        return False
    button.setText(tr("Pause") if on else idle_text)
    if on:
        timer.start()
    else:
        timer.stop()
    return True
