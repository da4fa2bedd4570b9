"""The labs' Play/Pause buttons: one checkable button driving one timer."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from nnviz.gui.i18n import translator
from nnviz.gui.widgets import named

tr = translator("labs")

TICK_SECONDS = 0.04
"""Training per timer tick of a lab that trains on the GUI thread.

Events (clicks, redraws) run between ticks, so no tick may hold the GUI thread much
longer than this: a tick ends after the first block of work that passes it, and
blocks are sized to take at most half of it (``Race.step``'s ``max_seconds``).
Shorter ticks cost speed: the book's 4-way MNIST race trains in smaller blocks
(about 4 batches instead of 16, some 7% slower; ``benchmarks/race.py``).
"""


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


def add_transport(
    view: QWidget, bar: QHBoxLayout, prefix: str, play_tip: str, step_tip: str, reset_tip: str
) -> None:
    """Give a lab ``view`` that trains on the GUI thread its timer and Train/Step/Reset buttons.

    Sets ``view.timer`` (firing ``view._tick`` as often as events allow), ``view.play``
    (checkable, toggling ``view.set_playing``), ``view.step_button`` (``view.step_once``)
    and ``view.reset_button`` (``view.reset``), named ``{prefix}Play`` …, added to ``bar``.
    """
    view.timer = QTimer(view)
    view.timer.setInterval(0)  # each tick trains for TICK_SECONDS; events run between
    view.timer.timeout.connect(view._tick)
    view.play = named(QPushButton(tr("Train")), f"{prefix}Play", tr("Train"), play_tip)
    view.play.setCheckable(True)
    view.play.toggled.connect(view.set_playing)
    view.step_button = named(QPushButton(tr("Step")), f"{prefix}Step", tr("Step"), step_tip)
    view.step_button.clicked.connect(view.step_once)
    view.reset_button = named(QPushButton(tr("Reset")), f"{prefix}Reset", tr("Reset"), reset_tip)
    view.reset_button.clicked.connect(view.reset)
    for b in (view.play, view.step_button, view.reset_button):
        bar.addWidget(b)
