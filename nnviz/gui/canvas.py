"""Draw a digit: a square canvas for mouse or pen, and a panel that reads the digit live.

:class:`DigitCanvas` keeps the strokes in resolution-independent coordinates
(a 280×280 logical square), draws them smooth and anti-aliased, and renders them
to a grey array at a fixed size, so what the network sees does not depend on
how large the window is.  :class:`DigitPanel` puts the canvas beside what the
network sees (the MNIST-style 28×28 digit), the guess, the class probabilities
and a model chooser.  One prediction of one digit takes well under a
millisecond, so it runs on the GUI thread.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QFontMetrics,
    QImage,
    QKeySequence,
    QPainter,
    QPainterPath,
    QPen,
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
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from nnviz.core.modelio import Model, load_builtin, resolve_model
from nnviz.core.network import Network
from nnviz.data.digits import BOX, SIZE, preprocess_digit
from nnviz.errors import NnvizError
from nnviz.gui.i18n import translator

tr = translator("canvas")

LOGICAL = 280.0
"""Side of the canvas' logical square; strokes are stored in these coordinates."""
PEN_FRACTION = 1 / 14
"""Screen pen width as a share of the side: MNIST-like for a digit about half the canvas tall."""
RENDER_SIZE = 280
"""Side of the grey image :meth:`DigitCanvas.image` renders, whatever the widget's size."""
STROKE_PX = 2.8
"""Stroke width, in pixels of the 28×28 digit, the network is shown when strokes are normalised.

MNIST's strokes are about 2.2–3.9 px wide (ink over centre-line length; median
2.9 for 1s and 7s).  The screen pen's fixed width gives 1.9 px for a digit
drawn across most of the canvas but 7 px for a tiny one, which reads as a blob
(a tiny 7 became an 8); redrawing the strokes with a pen proportional to the
drawing's size gives every digit MNIST's stroke width.
"""
THROTTLE_MS = 50
"""Delay of the first prediction after a change while drawing (at most ~20 per second)."""
BUILTIN_SPEC = "builtin:digits"
QWIDGETSIZE_MAX = (1 << 24) - 1  # Qt's "no maximum" size
SIDE_WIDTH = 180  # the column with what the network sees, the guess and the buttons

WINNER_BRUSH = (0, 114, 178)  # Okabe-Ito blue
OTHER_BRUSH = (175, 175, 175)

Point = tuple[float, float, float]  # x, y in logical units; pen pressure in [0, 1]


def _name(widget, object_name: str, accessible: str, tip: str):
    """Give a widget its objectName, accessible name and tooltip; return it."""
    widget.setObjectName(object_name)
    widget.setAccessibleName(accessible)
    widget.setToolTip(tip)
    return widget


def _width_factor(pressure: float) -> float:
    """Pen pressure changes the width a little (a mouse presses at 1.0: full width)."""
    return 0.7 + 0.3 * min(max(pressure, 0.0), 1.0)


def _stroke_pieces(stroke: Sequence[Point]) -> list[tuple[QPainterPath, float]]:
    """A stroke as smooth paths with a width factor each; one path when the pressure is even.

    Consecutive points are joined by quadratic curves through the midpoints
    between them (the points are the control points), which turns the jagged
    polyline of mouse samples into a smooth line that still passes near every
    sample.
    """
    pts = [QPointF(x, y) for x, y, _ in stroke]
    if len(pts) < 3:
        path = QPainterPath(pts[0])
        path.lineTo(pts[-1])
        return [(path, _width_factor(stroke[-1][2]))]
    n = len(pts) - 1
    mids = [(pts[i] + pts[i + 1]) / 2 for i in range(n)]
    # Piece j (j = 1 … n-1) curves through control point pts[j], from the
    # midpoint before it to the midpoint after it; the ends reach the end points.
    starts = [pts[0], *mids[1 : n - 1]]
    ends = [*mids[1 : n - 1], pts[n]]
    factors = [_width_factor(stroke[i][2]) for i in range(1, len(pts) - 1)]
    if max(factors) - min(factors) < 1e-3:
        path = QPainterPath(starts[0])
        for j, end in enumerate(ends, start=1):
            path.quadTo(pts[j], end)
        return [(path, factors[0])]
    pieces = []
    for j, (start, end) in enumerate(zip(starts, ends, strict=True), start=1):
        path = QPainterPath(start)
        path.quadTo(pts[j], end)
        pieces.append((path, factors[j - 1]))
    return pieces


class DigitCanvas(QWidget):
    """A square black surface to draw a digit on in white, with the mouse or a pen.

    The drawing area is the largest centred square of the widget.  Strokes are
    kept in a 280×280 logical square, so :meth:`image` is the same drawing at
    any widget size.  Ctrl+Z (or :meth:`undo`) removes the last stroke;
    Delete or Backspace (or :meth:`clear`) removes them all.

    Signals
    -------
    stroke_changed
        A point was added to the stroke being drawn.
    stroke_finished
        The mouse button was released or the pen lifted: a stroke is complete.
    strokes_removed
        :meth:`undo` or :meth:`clear` removed strokes.
    """

    stroke_changed = Signal()
    stroke_finished = Signal()
    strokes_removed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        _name(
            self,
            "digitCanvas",
            tr("Drawing canvas"),
            tr(
                "Draw a digit with the mouse or a pen. Ctrl+Z undoes the last stroke; "
                "Delete clears."
            ),
        )
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.CrossCursor)
        # No height-for-width: in a cramped dock it makes box layouts overlap
        # widgets. The drawing area is a centred square of whatever space is given.
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(140, 140)
        self._strokes: list[list[Point]] = []
        self._current: list[Point] | None = None
        self._revision = 0
        self._image_cache: tuple[tuple, np.ndarray] | None = None

    # ------------------------------------------------------------------ state
    @property
    def strokes(self) -> list[list[Point]]:
        """Copies of the finished strokes (and the one being drawn), in logical units."""
        out = [list(s) for s in self._strokes]
        if self._current:
            out.append(list(self._current))
        return out

    @property
    def revision(self) -> int:
        """A counter that grows with every change of the drawing."""
        return self._revision

    @property
    def pen_width(self) -> float:
        """Full pen width in logical units."""
        return LOGICAL * PEN_FRACTION

    def ink_extent(self) -> float:
        """Longer side of the box around the strokes' centre lines, in logical units."""
        pts = [(x, y) for stroke in self.strokes for x, y, _ in stroke]
        if not pts:
            return 0.0
        xs, ys = zip(*pts, strict=True)
        return max(max(xs) - min(xs), max(ys) - min(ys))

    def is_empty(self) -> bool:
        """True when nothing is drawn."""
        return not self._strokes and not self._current

    @Slot()
    def undo(self) -> None:
        """Remove the last stroke (nothing happens on an empty canvas)."""
        if self._current:
            self._current = None
        elif self._strokes:
            self._strokes.pop()
        else:
            return
        self._changed()
        self.strokes_removed.emit()

    @Slot()
    def clear(self) -> None:
        """Remove every stroke."""
        if self.is_empty():
            return
        self._strokes.clear()
        self._current = None
        self._changed()
        self.strokes_removed.emit()

    def _changed(self) -> None:
        self._revision += 1
        self.update()

    # ------------------------------------------------------------------ geometry
    def sizeHint(self) -> QSize:
        return QSize(280, 280)

    def square(self) -> QRectF:
        """The drawing area in widget coordinates: the largest centred square."""
        side = float(min(self.width(), self.height()))
        return QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)

    def to_logical(self, pos: QPointF) -> tuple[float, float]:
        """Widget coordinates → logical canvas coordinates (0…280 inside the square)."""
        sq = self.square()
        scale = LOGICAL / max(sq.width(), 1.0)
        return (pos.x() - sq.left()) * scale, (pos.y() - sq.top()) * scale

    # ------------------------------------------------------------------ strokes
    def begin_stroke(self, pos: QPointF, pressure: float = 1.0) -> None:
        """Start a stroke at widget position ``pos``."""
        if self._current:  # a press without its release (lost grab): keep what was drawn
            self._strokes.append(self._current)
        x, y = self.to_logical(pos)
        self._current = [(x, y, pressure)]
        self._changed()
        self.stroke_changed.emit()

    def extend_stroke(self, pos: QPointF, pressure: float = 1.0) -> None:
        """Add widget position ``pos`` to the stroke being drawn."""
        if self._current is None:
            return
        x, y = self.to_logical(pos)
        px, py, _ = self._current[-1]
        if (x - px) ** 2 + (y - py) ** 2 < 1.0:  # sub-pixel jitter adds nothing
            return
        self._current.append((x, y, pressure))
        self._changed()
        self.stroke_changed.emit()

    def end_stroke(self, pos: QPointF | None = None, pressure: float = 1.0) -> None:
        """Finish the stroke being drawn (adding ``pos`` if given)."""
        if self._current is None:
            return
        if pos is not None:
            self.extend_stroke(pos, pressure)
        self._strokes.append(self._current)
        self._current = None
        self._changed()
        self.stroke_finished.emit()

    # ------------------------------------------------------------------ events
    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.begin_stroke(event.position())
            event.accept()
        else:
            super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton and self._current is not None:
            self.extend_stroke(event.position())
            event.accept()
        else:
            super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._current is not None:
            self.end_stroke(event.position())
            event.accept()
        else:
            super().mouseReleaseEvent(event)

    def tabletEvent(self, event) -> None:
        kind = event.type()
        pressure = float(event.pressure())
        if kind == QEvent.Type.TabletPress:
            self.begin_stroke(event.position(), pressure)
        elif kind == QEvent.Type.TabletMove:
            if self._current is not None:  # a hovering pen draws nothing
                self.extend_stroke(event.position(), pressure)
        elif kind == QEvent.Type.TabletRelease:
            self.end_stroke(event.position(), pressure)
        # Accepted: Qt must not also synthesise mouse events for the pen.
        event.accept()

    def event(self, event) -> bool:
        # Win over window-wide shortcuts while the canvas has focus: Ctrl+Z here
        # means "undo the last stroke", not whatever the menu's Ctrl+Z does.
        if event.type() == QEvent.Type.ShortcutOverride and self._is_canvas_key(event):
            event.accept()
            return True
        return super().event(event)

    @staticmethod
    def _is_canvas_key(event) -> bool:
        return event.matches(QKeySequence.StandardKey.Undo) or (
            event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
        )

    def keyPressEvent(self, event) -> None:
        if event.matches(QKeySequence.StandardKey.Undo):
            self.undo()
        elif self._is_canvas_key(event):
            self.clear()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    # ------------------------------------------------------------------ drawing
    def _paint_strokes(self, p: QPainter, pen_width: float | None = None) -> None:
        """Paint every stroke in logical coordinates (the painter maps them)."""
        width = self.pen_width if pen_width is None else pen_width
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        white = QColor(255, 255, 255)
        strokes = self._strokes + ([self._current] if self._current else [])
        for stroke in strokes:
            if len(stroke) == 1:  # a click: a round dot
                x, y, pressure = stroke[0]
                r = width * _width_factor(pressure) / 2
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(white)
                p.drawEllipse(QPointF(x, y), r, r)
                continue
            p.setBrush(Qt.BrushStyle.NoBrush)
            for path, factor in _stroke_pieces(stroke):
                pen = QPen(white, width * factor)
                pen.setCapStyle(Qt.PenCapStyle.RoundCap)
                pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
                p.setPen(pen)
                p.drawPath(path)

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        sq = self.square()
        p.fillRect(sq, QColor(0, 0, 0))
        if self.is_empty():
            p.setPen(QColor(150, 150, 150))
            font = QFont(self.font())
            font.setPixelSize(max(11, int(sq.height() / 18)))
            p.setFont(font)
            p.drawText(sq, Qt.AlignmentFlag.AlignCenter, tr("Draw a digit here"))
        p.save()
        p.setClipRect(sq)
        p.translate(sq.topLeft())
        p.scale(sq.width() / LOGICAL, sq.height() / LOGICAL)
        self._paint_strokes(p)
        p.restore()
        # A thin frame shows where the canvas ends; focus brightens it.
        frame = QColor(0, 114, 178) if self.hasFocus() else QColor(110, 110, 110)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        p.setPen(QPen(frame, 2 if self.hasFocus() else 1))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(sq.adjusted(0.5, 0.5, -1, -1))
        p.end()

    def image(self, size: int = RENDER_SIZE, pen_width: float | None = None) -> np.ndarray:
        """The drawing as float32 grey levels in [0, 1], shape ``(size, size)``.

        Rendered from the strokes (not grabbed from the screen), so the result
        does not depend on the widget's size.  ``pen_width`` (logical units)
        redraws the strokes with another pen than the one on screen.
        """
        size = int(size)
        key = (self._revision, size, pen_width)
        if self._image_cache and self._image_cache[0] == key:
            return self._image_cache[1].copy()
        img = QImage(size, size, QImage.Format.Format_RGB32)
        img.fill(QColor(0, 0, 0))
        p = QPainter(img)
        p.scale(size / LOGICAL, size / LOGICAL)
        self._paint_strokes(p, pen_width)
        p.end()
        grey = img.convertToFormat(QImage.Format.Format_Grayscale8)
        buf = np.frombuffer(grey.constBits(), dtype=np.uint8)
        rows = buf.reshape(size, grey.bytesPerLine())[:, :size]
        out = rows.astype(np.float32) * np.float32(1 / 255)
        self._image_cache = (key, out)
        return out.copy()


class DigitInputView(QWidget):
    """The 28×28 digit the network sees, scaled up without smoothing (one square per pixel)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        _name(
            self,
            "digitInputView",
            tr("What the network sees"),
            tr(
                "Your drawing as the network sees it: cropped, scaled to fit 20×20 and "
                "centred by its centre of mass in 28×28, like MNIST"
            ),
        )
        self.setMinimumSize(84, 84)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self._array: np.ndarray | None = None
        self._qimage: QImage | None = None

    def sizeHint(self) -> QSize:
        return QSize(112, 112)

    def set_image(self, digit: np.ndarray | None) -> None:
        """Show a (28, 28) float image in [0, 1], or nothing (None)."""
        if digit is None:
            self._array, self._qimage = None, None
        else:
            self._array = np.array(digit, dtype=np.float32)
            grey = np.ascontiguousarray(np.clip(self._array, 0, 1) * 255 + 0.5, dtype=np.uint8)
            h, w = grey.shape
            self._qimage = QImage(grey.data, w, h, w, QImage.Format.Format_Grayscale8).copy()
        self.update()

    def image(self) -> np.ndarray | None:
        """The digit shown (a copy), or None."""
        return None if self._array is None else self._array.copy()

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        side = min(self.width(), self.height())
        target = QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)
        p.fillRect(target, QColor(0, 0, 0))
        if self._qimage is not None:
            p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
            p.drawImage(target, self._qimage)
        p.setPen(QPen(QColor(110, 110, 110), 1))
        p.drawRect(target.adjusted(0.5, 0.5, -1, -1))
        p.end()


class ProbabilityPlot(pg.PlotWidget):
    """Class probabilities as bars (created once, updated with ``setOpts``); the guess stands out."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        _name(
            self,
            "probabilityPlot",
            tr("Class probabilities"),
            tr("How likely the network thinks each class is; the highlighted bar is its guess"),
        )
        self.setBackground("w")
        self.setMinimumHeight(120)
        item = self.getPlotItem()
        item.hideButtons()
        item.setMenuEnabled(False)
        item.setMouseEnabled(x=False, y=False)
        item.vb.setDefaultPadding(0.0)
        left = item.getAxis("left")
        left.setTicks([[(0.0, "0%"), (0.5, "50%"), (1.0, "100%")]])
        left.setWidth(40)
        for name in ("left", "bottom"):
            axis = item.getAxis(name)
            axis.setPen(pg.mkPen((90, 90, 90)))
            axis.setTextPen(pg.mkPen((40, 40, 40)))
        self.bars = pg.BarGraphItem(x=np.arange(1), height=np.zeros(1), width=0.72)
        item.addItem(self.bars)
        self._names: tuple[str, ...] = ()
        self.heights = np.zeros(0)
        self.set_class_names(tuple(str(i) for i in range(10)))

    def set_class_names(self, names: Sequence[str]) -> None:
        """Bars for these classes (all zero)."""
        names = tuple(names)
        if names == self._names:
            return
        self._names = names
        k = len(names)
        self.getPlotItem().getAxis("bottom").setTicks(
            [[(i, n if len(n) <= 8 else n[:7] + "…") for i, n in enumerate(names)]]
        )
        self.getPlotItem().setRange(xRange=(-0.6, k - 0.4), yRange=(0, 1.04), padding=0)
        self.bars.setOpts(
            x=np.arange(k, dtype=float), height=np.zeros(k), brushes=[OTHER_BRUSH] * k
        )
        self.heights = np.zeros(k)

    def set_probabilities(self, probs: np.ndarray | None) -> None:
        """Show ``probs`` (one per class) with the largest highlighted; None shows no bars."""
        k = len(self._names)
        if probs is None:
            heights = np.zeros(k)
            brushes = [OTHER_BRUSH] * k
        else:
            heights = np.asarray(probs, dtype=float)
            win = int(np.argmax(heights))
            brushes = [WINNER_BRUSH if i == win else OTHER_BRUSH for i in range(k)]
        self.heights = heights
        self.bars.setOpts(height=heights, brushes=brushes, pens=[pg.mkPen(None)] * k)


@functools.lru_cache(maxsize=1)
def _builtin_model() -> Model:
    """The shipped digit model, loaded once per process (it is only ever read)."""
    return load_builtin(BUILTIN_SPEC.split(":", 1)[1])


def _is_digit_params(params: dict | None) -> bool:
    """True for parameters of a network taking 784 inputs and giving 10 classes."""
    if not params or "W1" not in params:
        return False
    n = sum(1 for k in params if k.startswith("W"))
    last = params.get(f"W{n}")
    return (
        params["W1"].ndim == 2
        and params["W1"].shape[0] == SIZE * SIZE
        and last is not None
        and last.ndim == 2
        and last.shape[1] == 10
    )


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
        self.prediction_label = _name(
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
        self.model_combo = _name(
            QComboBox(),
            "canvasModelCombo",
            tr("Model"),
            tr("The network that reads your drawing"),
        )
        self.model_combo.addItem(tr("Built-in digit model"), "builtin")
        self.model_combo.addItem(tr("Model being trained"), "training")
        self.model_combo.addItem(tr("Model file…"), "open")
        self.model_combo.setItemData(
            0,
            tr("The digit reader shipped with nnviz, trained on MNIST"),
            Qt.ItemDataRole.ToolTipRole,
        )
        self.model_combo.setItemData(
            1,
            tr("The network in the main window; available when it reads 28×28 digits"),
            Qt.ItemDataRole.ToolTipRole,
        )
        self.model_combo.setItemData(
            2, tr("Open an nnviz model (.npz) or book weights (.pkl)"), Qt.ItemDataRole.ToolTipRole
        )
        self._set_training_enabled(False)
        self.undo_button = _name(
            QPushButton(tr("Undo")),
            "undoStrokeButton",
            tr("Undo stroke"),
            tr("Remove the last stroke (Ctrl+Z)"),
        )
        self.clear_button = _name(
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
        self._source = "builtin"  # builtin | training | file
        self._file_model: Model | None = None
        self._train_params: dict[str, np.ndarray] | None = None
        self._train_activations: list[str] | str = "relu"
        self._train_names: tuple[str, ...] = ()
        self._train_net: Network | None = None
        self._train_dirty = False
        self.normalize_stroke = True
        """Show the network every drawing with MNIST's stroke width (see :data:`STROKE_PX`)."""
        self._digit: np.ndarray | None = None
        self._digit_revision = -1
        self._probs: np.ndarray | None = None
        self._quiet = False
        self._builtin_failed = False
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
        return self._source

    def current_model(self) -> tuple[Network, tuple[str, ...]] | None:
        """The network reading the canvas and its class names (None if it cannot be loaded)."""
        if self._source == "file" and self._file_model is not None:
            return self._file_model.network, self._file_model.class_names
        if self._source == "training" and self._train_params is not None:
            try:
                return self._training_network(), self._train_names
            except (NnvizError, KeyError, ValueError):  # parameters that do not fit together
                return None
        if self._builtin_failed:
            return None
        try:
            model = _builtin_model()
        except NnvizError as e:
            self._builtin_failed = True
            self._show_error(tr("The built-in digit model could not be loaded: {0}").format(e))
            return None
        return model.network, model.class_names

    @Slot()
    def predict_now(self) -> np.ndarray | None:
        """Preprocess the drawing and predict at once; returns the probabilities or None."""
        self._throttle.stop()
        digit = self._input_digit()
        if digit is None:
            self._show_prediction(None)
            return None
        found = self.current_model()
        if found is None:
            self._show_prediction(None, tr("No model"))
            return None
        net, names = found
        probs = net.predict_proba(digit.reshape(1, -1))[0].astype(np.float64)
        self._show_prediction(probs, names=names)
        return probs

    def set_training_params(
        self,
        params: dict[str, np.ndarray] | None,
        activations: Sequence[str] | str = "relu",
        class_names: Sequence[str] | None = None,
    ) -> None:
        """Offer the network being trained as a model (only a 784→10 network qualifies).

        Call it with every snapshot's parameters (they are only read, when a
        prediction is due), or with None when there is no such network.
        """
        usable = _is_digit_params(params)
        self._set_training_enabled(usable)
        if not usable:
            self._train_params = None
            self._train_net = None
            if self._source == "training":
                self._select("builtin")  # it predicts again itself
            return
        acts = activations if isinstance(activations, str) else list(activations)
        names = tuple(class_names) if class_names is not None else tuple(map(str, range(10)))
        if len(names) != 10:
            names = tuple(map(str, range(10)))
        self._train_params = params
        self._train_activations = acts
        self._train_names = names
        self._train_dirty = True
        if self._source == "training" and not self.canvas.is_empty():
            self._schedule()

    def load_model_file(self, path: str | Path) -> bool:
        """Read the canvas with the model in ``path``; on failure keep the model and say why."""
        path = Path(path)
        try:
            model = resolve_model(path)
        except NnvizError as e:
            self._show_error(str(e))
            return False
        except Exception as e:  # a model file must never crash the app
            self._show_error(tr("{0} could not be read: {1}").format(path.name, e))
            return False
        if not model.is_digit_model:
            net = model.network
            self._show_error(
                tr(
                    "{0} takes {1} inputs and predicts {2} classes; the canvas needs a model "
                    "for 28×28 digits (784 inputs, 10 classes)."
                ).format(path.name, net.input_size, net.n_classes)
            )
            return False
        self._file_model = model
        self._last_dir = str(path.parent)
        i = self.model_combo.findData("file")
        text = tr("File: {0}").format(path.name)
        if i < 0:
            i = self.model_combo.findData("open")
            self.model_combo.insertItem(i, text, "file")
        else:
            self.model_combo.setItemText(i, text)
        self.model_combo.setItemData(i, str(path), Qt.ItemDataRole.ToolTipRole)
        if self._source == "file":
            self.predict_now()
        else:
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
                self.model_combo.setCurrentIndex(self.model_combo.findData(self._source))
            finally:
                self._quiet = False
            self.open_model_dialog()
            return
        self._source = key
        self.predict_now()

    def _training_network(self) -> Network:
        """A network holding the latest training parameters (reused when the shapes match)."""
        params = self._train_params
        assert params is not None
        net = self._train_net
        if net is not None and not self._train_dirty:
            return net
        n = sum(1 for k in params if k.startswith("W"))
        sizes = [params["W1"].shape[0]] + [params[f"W{i}"].shape[1] for i in range(1, n + 1)]
        acts = self._train_activations
        acts = [acts] * (n - 1) if isinstance(acts, str) else list(acts)
        if net is None or net.sizes != sizes or net.activation_names != acts:
            net = Network.from_params(params, acts)
        else:
            net.set_params(params)
        self._train_net = net
        self._train_dirty = False
        return net

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
