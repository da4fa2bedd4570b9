"""Paint your own data: the tool row over a plot and the clicks on it.

:class:`PaintTools` shows the class picker (one button per class in its colour), the
target value of 2-D regression points, the eraser, undo and redo; :class:`PlotPainter`
turns left clicks on a pyqtgraph plot into :meth:`PaintSession.click` calls at the
clicked data coordinates.  Both only talk to the Qt-free
:class:`~nnviz.app.painting.PaintSession`; the tabs redraw on its ``edited`` event.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QObject, QPointF, Qt, Slot
from PySide6.QtGui import QAction, QColor, QIcon, QKeySequence, QPainter, QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QWidget,
)

from nnviz.app.painting import PaintSession
from nnviz.core.boundary import class_color
from nnviz.errors import NnvizError
from nnviz.gui.i18n import translator
from nnviz.gui.widgets import named

tr = translator("paint")
tr_session = translator("painting")  # the messages of nnviz.app.painting

PICK_PIXELS = 12
"""How near (in screen pixels) a Ctrl-click or the eraser must be to the point it deletes."""


def swatch(rgb: tuple[int, int, int], size: int = 14) -> QIcon:
    """A round icon of one colour (a class in the picker)."""
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setBrush(QColor(*rgb))
    p.setPen(QColor(40, 40, 40))
    p.drawEllipse(1, 1, size - 2, size - 2)
    p.end()
    return QIcon(pix)


class PaintTools(QWidget):
    """The paint tools of one view; ``classes=False`` leaves out the class picker."""

    def __init__(self, paint: PaintSession, host, *, classes: bool, hint: str) -> None:
        super().__init__()
        self.paint = paint
        self.host = host
        self._classes = classes
        row = QHBoxLayout(self)
        row.setContentsMargins(4, 2, 4, 2)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.class_buttons: list[QToolButton] = []
        self._class_row = QHBoxLayout()
        self._class_row.setSpacing(2)
        row.addLayout(self._class_row)
        self.target = named(
            QDoubleSpinBox(),
            "paintTargetSpin",
            tr("Target of new points"),
            tr("The value a painted point asks the network to predict"),
        )
        self.target.setDecimals(2)
        self.target.setSingleStep(0.1)
        self.target.setKeyboardTracking(False)
        self.target_label = QLabel(tr("Target"))
        row.addWidget(self.target_label)
        row.addWidget(self.target)
        self.eraser = self._tool_button(
            tr("Eraser"), "eraserButton", tr("Delete the point nearest each click")
        )
        self.eraser.setCheckable(True)
        self.group.addButton(self.eraser)
        row.addWidget(self.eraser)
        self.undo_button = self._tool_button(
            tr("Undo"), "undoPaintButton", tr("Take back the last painted change (Ctrl+Z)")
        )
        self.redo_button = self._tool_button(
            tr("Redo"), "redoPaintButton", tr("Paint the change again (Ctrl+Shift+Z)")
        )
        row.addWidget(self.undo_button)
        row.addWidget(self.redo_button)
        self.hint = QLabel(hint)
        self.hint.setObjectName("paintHint")
        self.hint.setWordWrap(True)
        row.addWidget(self.hint, 1)
        self.undo_action = self._shortcut(tr("Undo painted point"), "undoPaintAction", "Ctrl+Z")
        self.redo_action = self._shortcut(
            tr("Redo painted point"), "redoPaintAction", "Ctrl+Shift+Z"
        )
        self.undo_button.clicked.connect(self.undo)
        self.redo_button.clicked.connect(self.redo)
        self.undo_action.triggered.connect(self.undo)
        self.redo_action.triggered.connect(self.redo)
        self.eraser.toggled.connect(self._eraser_toggled)
        self.target.valueChanged.connect(self._target_changed)
        paint.tool_changed.connect(self.refresh)
        paint.edited.connect(self._edited)
        self.refresh()

    def _tool_button(self, text: str, name: str, tip: str) -> QToolButton:
        button = named(QToolButton(), name, text, tip)
        button.setText(text)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        return button

    def _shortcut(self, text: str, name: str, keys: str) -> QAction:
        """An action whose shortcut works while the view (the page this row is on) has focus."""
        action = QAction(text, self)
        action.setObjectName(name)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        return action

    def install_shortcuts(self, page: QWidget) -> None:
        """Ctrl+Z and Ctrl+Shift+Z while ``page`` or a child of it has the focus."""
        page.addAction(self.undo_action)
        page.addAction(self.redo_action)

    # ------------------------------------------------------------------ state
    @Slot()
    def refresh(self, *_args) -> None:
        """Show the session's classes, tool and undo state."""
        paint = self.paint
        regression = paint.is_regression
        self._show_classes(paint.n_classes if self._classes and not regression else 0)
        for k, button in enumerate(self.class_buttons):
            button.setChecked(paint.tool == "add" and k == paint.selected)
        self.eraser.setChecked(paint.tool == "erase")
        two_d = regression and self._classes  # 2-D regression: painted points need a value
        self.target.setVisible(two_d)
        self.target_label.setVisible(two_d)
        if two_d:
            self.target.blockSignals(True)
            self.target.setValue(paint.target)
            self.target.blockSignals(False)
        self._edited()

    def set_target_range(self, lo: float, hi: float) -> None:
        """The values a 2-D regression point may take (the colour bar's range)."""
        self.target.setRange(lo, hi)
        if not lo <= self.paint.target <= hi:
            self.paint.set_target(hi)

    def _show_classes(self, n: int) -> None:
        if n == len(self.class_buttons):
            return
        for button in self.class_buttons:
            self.group.removeButton(button)
            button.deleteLater()
        self.class_buttons = []
        for k in range(n):
            name = str(k)
            button = self._tool_button(
                name, f"paintClass{k}Button", tr("Paint class {0}").format(name)
            )
            button.setIcon(swatch(class_color(k)))
            button.setCheckable(True)
            button.clicked.connect(lambda _=False, k=k: self.paint.select_class(k))
            self.group.addButton(button)
            self._class_row.addWidget(button)
            self.class_buttons.append(button)

    @Slot()
    def _edited(self, *_args) -> None:
        for w in (self.undo_button, self.undo_action):
            w.setEnabled(self.paint.can_undo)
        for w in (self.redo_button, self.redo_action):
            w.setEnabled(self.paint.can_redo)

    @Slot(bool)
    def _eraser_toggled(self, on: bool) -> None:
        if on and self.paint.tool != "erase":
            self.paint.set_tool("erase")

    @Slot(float)
    def _target_changed(self, value: float) -> None:
        self.paint.set_target(value)

    @Slot()
    def undo(self) -> None:
        if not self.paint.undo():
            self.host.show_status(tr("Nothing to undo."))

    @Slot()
    def redo(self) -> None:
        if not self.paint.redo():
            self.host.show_status(tr("Nothing to redo."))


class PlotPainter(QObject):
    """Left clicks on ``plot`` become paint clicks at their data coordinates."""

    def __init__(self, plot: pg.PlotWidget, paint: PaintSession, host) -> None:
        super().__init__(plot)
        self.plot = plot
        self.paint = paint
        self.host = host
        self.enabled = True
        plot.scene().sigMouseClicked.connect(self._clicked)

    def data_point(self, scene_pos: QPointF) -> tuple[float, float] | None:
        """The data coordinates under a scene position, None outside the plot area."""
        vb = self.plot.getPlotItem().vb
        if not vb.sceneBoundingRect().contains(scene_pos):
            return None
        p = vb.mapSceneToView(scene_pos)
        return (p.x(), p.y())

    def pick_radius(self) -> float:
        """:data:`PICK_PIXELS` in data units (the larger of the two axes' pixel sizes)."""
        sx, sy = self.plot.getPlotItem().vb.viewPixelSize()
        return PICK_PIXELS * max(abs(sx), abs(sy))

    @Slot(object)
    def _clicked(self, ev) -> None:
        if (
            not self.enabled
            or not self.paint.active
            or ev.button() != Qt.MouseButton.LeftButton
            or ev.double()  # its first click has painted already
        ):
            return
        xy = self.data_point(ev.scenePos())
        if xy is None:
            return
        mods = ev.modifiers()
        try:
            done = self.paint.click(
                xy,
                shift=bool(mods & Qt.KeyboardModifier.ShiftModifier),
                ctrl=bool(mods & Qt.KeyboardModifier.ControlModifier),
                radius=self.pick_radius(),
            )
        except NnvizError as e:
            self.host.report_error(tr_session(str(e)))
            return
        ev.accept()
        if done is None:
            self.host.show_status(tr("No point near the click to delete."))
