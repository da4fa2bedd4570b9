"""Digit views: the confusion matrix and the first layer's weights as images.

Views draw plain arrays; the counts and weights are computed elsewhere
(:func:`nnviz.core.metrics.confusion_matrix`, the training snapshot).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QToolTip, QVBoxLayout, QWidget

from nnviz.gui.i18n import translator

tr = translator("digit_views")

MATRIX_MAP = "cividis"  # sequential, readable with colour-blindness and in greyscale
WEIGHTS_MAP = "CET-CBD1"  # diverging blue–grey–yellow, colour-blind safe
MAX_TILES = 256
GAP_RGB = (96, 96, 96)  # the lines between weight tiles


def _lut(name: str) -> np.ndarray:
    """A (256, 3) uint8 lookup table of a pyqtgraph colour map."""
    return pg.colormap.get(name).getLookupTable(nPts=256, alpha=False).astype(np.uint8)


def _set_accessible(widget: QWidget, name: str, tip: str) -> None:
    widget.setAccessibleName(name)
    widget.setToolTip(tip)


def _contrast_text(rgb: Sequence[int]) -> QColor:
    """Black or white, whichever reads better on ``rgb`` (WCAG relative luminance)."""

    def lin(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (lin(float(c)) for c in rgb[:3])
    lum = 0.2126 * r + 0.7152 * g + 0.0722 * b
    # Contrast with black (lum + .05)/.05 against white 1.05/(lum + .05): equal at ~0.179.
    return QColor(0, 0, 0) if lum > 0.179 else QColor(255, 255, 255)


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
        _set_accessible(
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
        self._lut = _lut(MATRIX_MAP)
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


def grid_shape(n: int) -> tuple[int, int]:
    """(rows, columns) of a near-square grid holding ``n`` tiles."""
    if n <= 0:
        return 0, 0
    cols = math.ceil(math.sqrt(n))
    return math.ceil(n / cols), cols


def weight_mosaic(
    weights: np.ndarray,
    image_shape: tuple[int, int],
    *,
    per_tile: bool = True,
    max_tiles: int = MAX_TILES,
    lut: np.ndarray | None = None,
) -> np.ndarray:
    """An RGB uint8 mosaic of each unit's incoming weights as an image tile.

    ``weights`` is ``(prod(image_shape), units)``.  Values are divided by the
    largest absolute weight (of each tile, or of all tiles) so 0 maps to the
    middle of the diverging ``lut``; tiles are separated by one-pixel lines.
    """
    h, w = image_shape
    n = min(weights.shape[1], max_tiles)
    rows, cols = grid_shape(n)
    lut = _lut(WEIGHTS_MAP) if lut is None else lut
    tiles = np.nan_to_num(
        np.asarray(weights[:, :n], dtype=np.float32).T.reshape(n, h, w),
        nan=0.0,
        posinf=0.0,
        neginf=0.0,
    )
    if per_tile:
        peak = np.abs(tiles).max(axis=(1, 2), keepdims=True)
    else:
        peak = np.full((1, 1, 1), np.abs(tiles).max() if tiles.size else 0.0, dtype=np.float32)
    peak[peak == 0] = 1.0  # all-zero weights: a flat 0, not 0/0
    idx = np.rint((tiles / peak + 1.0) * 127.5).astype(np.intp)
    np.clip(idx, 0, 255, out=idx)
    # Index 256 is the line between tiles, 257 the background of unused grid places.
    table = np.vstack([lut, np.array([GAP_RGB, (255, 255, 255)], dtype=np.uint8)])
    cells = np.full((rows * cols, h + 1, w + 1), 256, dtype=np.intp)
    cells[n:] = 257
    cells[:n, :h, :w] = idx
    mosaic = cells.reshape(rows, cols, h + 1, w + 1).transpose(0, 2, 1, 3)
    mosaic = mosaic.reshape(rows * (h + 1), cols * (w + 1))
    mosaic = np.pad(mosaic, ((1, 0), (1, 0)), constant_values=256)
    return np.ascontiguousarray(table[mosaic])


class WeightsGridView(QWidget):
    """Each hidden unit's incoming weights as an image: what pattern of pixels excites it.

    Blue is a negative weight, yellow a positive one, grey zero.  At most
    ``max_tiles`` units are shown.  Cheap enough to refresh with every snapshot.
    """

    def __init__(self, parent: QWidget | None = None, max_tiles: int = MAX_TILES) -> None:
        super().__init__(parent)
        self.setObjectName("weightsGrid")
        _set_accessible(
            self,
            tr("First-layer weights"),
            tr(
                "One tile per hidden unit: its weight on each input pixel. Yellow pixels "
                "excite the unit, blue pixels inhibit it."
            ),
        )
        self.max_tiles = int(max_tiles)
        self._lut = _lut(WEIGHTS_MAP)
        self._weights: np.ndarray | None = None
        self._image_shape: tuple[int, int] = (28, 28)
        self._shape: tuple[int, int] = (0, 0)
        self._mosaic_shape: tuple[int, ...] = ()

        self.plot = pg.PlotWidget()
        self.plot.setObjectName("weightsPlot")
        _set_accessible(self.plot, tr("Weight tiles"), self.toolTip())
        self.plot.setBackground("w")
        item = self.plot.getPlotItem()
        item.hideAxis("left")
        item.hideAxis("bottom")
        item.hideButtons()
        item.setMenuEnabled(False)
        item.setMouseEnabled(x=False, y=False)
        item.setAspectLocked(True)
        item.invertY(True)
        self.image = pg.ImageItem(axisOrder="row-major")
        item.addItem(self.image)

        self.note = QLabel()
        self.note.setObjectName("weightsNote")
        self.note.setWordWrap(True)
        self.per_tile_check = QCheckBox(tr("Scale each unit separately"))
        self.per_tile_check.setObjectName("weightsPerUnitCheck")
        _set_accessible(
            self.per_tile_check,
            tr("Scale each unit separately"),
            tr(
                "On: every tile uses its full colour range (shows each pattern). "
                "Off: one scale for all (shows which units have large weights)."
            ),
        )
        self.per_tile_check.setChecked(True)
        self.per_tile_check.toggled.connect(self._redraw)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot, 1)
        row = QHBoxLayout()
        row.addWidget(self.note, 1)
        row.addWidget(self.per_tile_check)
        row.setContentsMargins(6, 0, 6, 4)
        layout.addLayout(row)
        self._show_note(0)

    @property
    def grid_shape(self) -> tuple[int, int]:
        """(rows, columns) of tiles on screen."""
        return self._shape

    @property
    def shown_units(self) -> int:
        """How many units have a tile (at most ``max_tiles``)."""
        return 0 if self._weights is None else min(self._weights.shape[1], self.max_tiles)

    def mosaic(self) -> np.ndarray | None:
        """The RGB image on screen (a copy), or None."""
        img = self.image.image
        return None if img is None else np.array(img)

    def set_weights(self, W1: np.ndarray | None, image_shape: tuple[int, int] = (28, 28)) -> None:
        """Show ``W1`` (inputs × units); inputs must form ``image_shape`` images.

        Weights of non-image inputs (a 2-D dataset) or None clear the view with
        a note instead.
        """
        image_shape = (int(image_shape[0]), int(image_shape[1]))
        if (
            W1 is None
            or np.ndim(W1) != 2
            or W1.shape[0] != image_shape[0] * image_shape[1]
            or W1.shape[1] == 0
        ):
            self._weights = None
            self._shape = (0, 0)
            self.image.clear()
            self.note.setText(
                tr("Weights are shown as images when the network reads images.")
                if W1 is not None
                else ""
            )
            return
        self._weights = W1
        self._image_shape = image_shape
        self._redraw()

    def clear(self) -> None:
        self.set_weights(None)

    def _redraw(self) -> None:
        if self._weights is None:
            return
        rgb = weight_mosaic(
            self._weights,
            self._image_shape,
            per_tile=self.per_tile_check.isChecked(),
            max_tiles=self.max_tiles,
            lut=self._lut,
        )
        self._shape = grid_shape(min(self._weights.shape[1], self.max_tiles))
        self.image.setImage(rgb, autoLevels=False, levels=(0, 255))
        if rgb.shape != self._mosaic_shape:
            self._mosaic_shape = rgb.shape
            self.image.setRect(QRectF(0, 0, rgb.shape[1], rgb.shape[0]))
            self.plot.getPlotItem().vb.setRange(
                xRange=(0, rgb.shape[1]), yRange=(0, rgb.shape[0]), padding=0.01
            )
        self._show_note(self._weights.shape[1])

    def _show_note(self, units: int) -> None:
        if units == 0:
            self.note.setText("")
        elif units > self.max_tiles:
            self.note.setText(
                tr("showing {0} of {1} units").format(f"{self.max_tiles:,}", f"{units:,}")
            )
        else:
            self.note.setText(tr("{0} hidden units").format(f"{units:,}"))
