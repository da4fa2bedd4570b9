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

from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal, Slot
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QKeySequence,
    QPainter,
    QPainterPath,
    QPen,
)
from PySide6.QtWidgets import (
    QSizePolicy,
    QWidget,
)

from nnviz.gui.i18n import translator
from nnviz.gui.widgets import named

tr = translator("canvas")


LOGICAL = 280.0


PEN_FRACTION = 1 / 14


RENDER_SIZE = 280


STROKE_PX = 2.8


WINNER_BRUSH = (0, 114, 178)  # Okabe-Ito blue


OTHER_BRUSH = (175, 175, 175)


Point = tuple[float, float, float]  # x, y in logical units; pen pressure in [0, 1]


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
        named(
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
        named(
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
        named(
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
