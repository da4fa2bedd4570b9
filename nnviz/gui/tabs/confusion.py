"""The confusion-matrix tab (image sets): click a cell to see those digits."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal, Slot
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QToolTip, QWidget

from nnviz.app.snapshot import ResetInfo, Snapshot
from nnviz.gui.i18n import translator
from nnviz.gui.tabs.base import Tab, TabHost
from nnviz.gui.widgets import colormap_lut, on_dark, set_accessible

tr = translator("digit_views")


MATRIX_MAP = "cividis"  # sequential, readable with colour-blindness and in greyscale


def _contrast_text(rgb: Sequence[int]) -> QColor:
    """Black or white, whichever reads better on ``rgb`` (WCAG relative luminance)."""
    return QColor(255, 255, 255) if on_dark(rgb) else QColor(0, 0, 0)


class ConfusionMatrixView(QWidget):
    """A K×K grid of counts: rows are true classes, columns predicted classes.

    Cells are coloured by the share of their row (how often that true class
    gets that prediction; square-root scale so rare confusions still show) and
    carry their count.  Hovering a cell tells its count; clicking it emits
    ``cell_clicked(true_k, pred_k)`` so the digits behind it can be shown.
    """

    cell_clicked = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("confusionMatrix")
        set_accessible(
            self,
            tr("Confusion matrix"),
            tr(
                "Rows: true class; columns: the network's prediction. Colour: share of each "
                "true class. Click a cell to see its digits."
            ),
        )
        self.setMouseTracking(True)
        self.setMinimumSize(220, 220)
        self._counts: np.ndarray | None = None
        self._names: tuple[str, ...] = ()
        self._lut = colormap_lut(MATRIX_MAP)
        self._hover: tuple[int, int] | None = None

    # ------------------------------------------------------------------ data
    def set_matrix(self, counts: np.ndarray, class_names: Sequence[str] | None = None) -> None:
        """Show a (K, K) matrix of counts (row = true class, column = predicted class)."""
        counts = np.asarray(counts)
        if counts.ndim != 2 or counts.shape[0] != counts.shape[1] or counts.shape[0] == 0:
            raise ValueError(f"A confusion matrix must be square, got shape {counts.shape}.")
        k = counts.shape[0]
        names = tuple(class_names) if class_names is not None else ()
        if len(names) != k:
            names = tuple(str(i) for i in range(k))
        self._counts = np.array(counts, dtype=np.int64)
        self._names = names
        if self._hover is not None and max(self._hover) >= k:
            self._hover = None
        self.update()

    def clear(self) -> None:
        """Show no matrix."""
        self._counts = None
        self._hover = None
        self.update()

    @property
    def counts(self) -> np.ndarray | None:
        return None if self._counts is None else self._counts.copy()

    def shares(self) -> np.ndarray:
        """Each count as a share of its row (true class); 0 for empty rows."""
        c = self._counts.astype(np.float64)
        rows = c.sum(axis=1, keepdims=True)
        return np.divide(c, rows, out=np.zeros_like(c), where=rows > 0)

    def cell_colors(self) -> np.ndarray:
        """(K, K, 3) uint8 cell colours."""
        idx = np.rint(np.sqrt(self.shares()) * 255).astype(np.intp)
        return self._lut[idx]

    def tooltip_text(self, true_k: int, pred_k: int) -> str:
        """What a cell says on hover, e.g. ``true 4, predicted 9: 12 digits``."""
        n = int(self._counts[true_k, pred_k])
        digits = tr("1 digit") if n == 1 else tr("{0} digits").format(f"{n:,}")
        text = tr("true {0}, predicted {1}: {2}").format(
            self._names[true_k], self._names[pred_k], digits
        )
        total = int(self._counts[true_k].sum())
        if total:
            text += "\n" + tr("{0} of the true {1}s").format(
                f"{n / total:.1%}", self._names[true_k]
            )
        return text

    # ------------------------------------------------------------------ geometry
    def _fonts(self) -> tuple[QFont, QFont]:
        title = QFont(self.font())
        title.setBold(True)
        return QFont(self.font()), title

    def _layout(self) -> tuple[QRectF, float]:
        """The grid's rectangle and the side of one cell."""
        k = len(self._names)
        font, title = self._fonts()
        fm, tfm = QFontMetricsF(font), QFontMetricsF(title)
        name_w = max((fm.horizontalAdvance(n) for n in self._names), default=0.0)
        left = tfm.height() + name_w + 14
        top = tfm.height() + fm.height() + 10
        side = max(min(self.width() - left - 8, self.height() - top - 8), 1.0)
        cell = side / max(k, 1)
        x0 = left + (self.width() - left - 8 - side) / 2
        y0 = top + (self.height() - top - 8 - side) / 2
        return QRectF(x0, y0, cell * k, cell * k), cell

    def cell_at(self, pos: QPointF) -> tuple[int, int] | None:
        """(true, predicted) of the cell under widget position ``pos``, or None."""
        if self._counts is None:
            return None
        grid, cell = self._layout()
        if not grid.contains(pos):
            return None
        k = len(self._names)
        col = min(int((pos.x() - grid.left()) // cell), k - 1)
        row = min(int((pos.y() - grid.top()) // cell), k - 1)
        return row, col

    def cell_rect(self, true_k: int, pred_k: int) -> QRectF:
        """Widget rectangle of a cell."""
        grid, cell = self._layout()
        return QRectF(grid.left() + pred_k * cell, grid.top() + true_k * cell, cell, cell)

    def sizeHint(self) -> QSize:
        return QSize(420, 420)

    # ------------------------------------------------------------------ painting
    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), QColor(255, 255, 255))
        if self._counts is None:
            p.setPen(QColor(90, 90, 90))
            p.drawText(
                QRectF(self.rect()).adjusted(16, 16, -16, -16),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                tr("The confusion matrix appears once the network has been tested."),
            )
            p.end()
            return
        k = len(self._names)
        grid, cell = self._layout()
        font, title = self._fonts()
        colors = self.cell_colors()
        counts = self._counts

        # Counts: as large as the cell allows, never wider than it.
        count_font = QFont(font)
        widest = max(len(f"{int(counts.max()):,}"), 1)
        size = min(cell * 0.36, 15.0)
        count_font.setPixelSize(max(int(size), 1))
        fm = QFontMetricsF(count_font)
        while size > 7 and fm.horizontalAdvance("8" * widest + ",") > cell * 0.92:
            size -= 1
            count_font.setPixelSize(int(size))
            fm = QFontMetricsF(count_font)
        show_counts = size >= 7 and fm.height() < cell
        p.setFont(count_font)
        for r in range(k):
            for c in range(k):
                rect = QRectF(grid.left() + c * cell, grid.top() + r * cell, cell, cell)
                rgb = colors[r, c]
                p.fillRect(rect, QColor(int(rgb[0]), int(rgb[1]), int(rgb[2])))
                if show_counts:
                    text_color = _contrast_text(rgb)
                    if counts[r, c] == 0:
                        text_color.setAlpha(110)  # zeros recede; the counts that matter stand out
                    p.setPen(text_color)
                    p.drawText(rect, Qt.AlignmentFlag.AlignCenter, f"{int(counts[r, c]):,}")
        # Thin lines between cells and a frame, then the hovered cell.
        p.setPen(QPen(QColor(255, 255, 255, 70), 1))
        for i in range(1, k):
            p.drawLine(
                QPointF(grid.left() + i * cell, grid.top()),
                QPointF(grid.left() + i * cell, grid.bottom()),
            )
            p.drawLine(
                QPointF(grid.left(), grid.top() + i * cell),
                QPointF(grid.right(), grid.top() + i * cell),
            )
        p.setPen(QPen(QColor(80, 80, 80), 1))
        p.drawRect(grid)
        if self._hover is not None:
            p.setPen(QPen(QColor(213, 94, 0), 2.5))
            p.drawRect(self.cell_rect(*self._hover).adjusted(1, 1, -1, -1))

        # Class names along both axes and the axis titles.
        p.setFont(font)
        p.setPen(QColor(40, 40, 40))
        fm = QFontMetricsF(font)
        for i, name in enumerate(self._names):
            top_rect = QRectF(
                grid.left() + i * cell, grid.top() - fm.height() - 3, cell, fm.height()
            )
            p.drawText(top_rect, Qt.AlignmentFlag.AlignCenter, self._elide(name, fm, cell))
            left_rect = QRectF(0, grid.top() + i * cell, grid.left() - 5, cell)
            p.drawText(left_rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, name)
        p.setFont(title)
        tfm = QFontMetricsF(title)
        p.drawText(
            QRectF(
                grid.left(), grid.top() - fm.height() - tfm.height() - 5, grid.width(), tfm.height()
            ),
            Qt.AlignmentFlag.AlignCenter,
            tr("predicted"),
        )
        name_w = max(fm.horizontalAdvance(n) for n in self._names)
        p.save()
        p.translate(max(grid.left() - name_w - tfm.height() - 12, 2.0), grid.center().y())
        p.rotate(-90)
        p.drawText(
            QRectF(-grid.height() / 2, 0, grid.height(), tfm.height()),
            Qt.AlignmentFlag.AlignCenter,
            tr("true"),
        )
        p.restore()
        p.end()

    @staticmethod
    def _elide(text: str, fm: QFontMetricsF, width: float) -> str:
        return fm.elidedText(text, Qt.TextElideMode.ElideRight, max(width - 2, 4))

    # ------------------------------------------------------------------ interaction
    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            cell = self.cell_at(QPointF(event.pos()))  # a QHelpEvent: pos(), not position()
            if cell is not None:
                QToolTip.showText(
                    event.globalPos(),
                    self.tooltip_text(*cell),
                    self,
                    self.cell_rect(*cell).toRect(),
                )
                return True
        return super().event(event)

    def mouseMoveEvent(self, event) -> None:
        cell = self.cell_at(event.position())
        if cell != self._hover:
            self._hover = cell
            self.update()
        super().mouseMoveEvent(event)

    def leaveEvent(self, event) -> None:
        if self._hover is not None:
            self._hover = None
            self.update()
        super().leaveEvent(event)

    def mousePressEvent(self, event) -> None:
        cell = self.cell_at(event.position())
        if event.button() == Qt.MouseButton.LeftButton and cell is not None:
            self.cell_clicked.emit(*cell)
            event.accept()
            return
        super().mousePressEvent(event)


class ConfusionTab(Tab):
    """Which classes the network confuses; a click shows those digits in the digits tab."""

    key = "confusion"
    kinds = ("images",)

    def __init__(self, host: TabHost) -> None:
        super().__init__(host)
        self.title = tr("Confusion matrix")
        self.widget = self.view = ConfusionMatrixView()
        self.view.cell_clicked.connect(self._cell_clicked)

    def needs(self, current: bool) -> dict:
        return {"gallery": True} if current else {}

    def on_reset(self, info: ResetInfo) -> None:
        self.view.clear()

    def on_frame(self, snap: Snapshot, current: bool) -> None:
        trained = snap.iteration > 0 or self.host.model.info.pretrained
        if trained and snap.gallery_probs is not None and snap.confusion is not None:
            self.view.set_matrix(snap.confusion, self.host.model.info.dataset.class_names)

    @Slot(int, int)
    def _cell_clicked(self, true_k: int, pred_k: int) -> None:
        self.host.tab("digits").show_cell(true_k, pred_k)
