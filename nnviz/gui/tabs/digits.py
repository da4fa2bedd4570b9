"""The test-digits tab (image sets): a gallery of digits with the network's guesses."""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, QSize, Qt, Signal, Slot
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from nnviz.app.snapshot import ResetInfo, Snapshot
from nnviz.core.metrics import confusion_indices
from nnviz.gui.i18n import translator
from nnviz.gui.tabs.base import Tab, TabHost
from nnviz.gui.widgets import named, on_dark, set_accessible, show_hover_tip

tr = translator("views")


def _gray_qimage(img: np.ndarray) -> QImage:
    """A QImage copy of a (h, w) uint8 grey image."""
    img = np.ascontiguousarray(img, dtype=np.uint8)
    h, w = img.shape
    return QImage(img.data, w, h, w, QImage.Format.Format_Grayscale8).copy()


def label_colours(base: QColor) -> tuple[QColor, QColor, QColor]:
    """Label text, right-guess and wrong-guess colours that read on ``base`` (either theme)."""
    if on_dark((base.red(), base.green(), base.blue())):
        return QColor(225, 225, 225), QColor(110, 220, 130), QColor(255, 120, 120)
    return QColor(40, 40, 40), QColor(20, 110, 40), QColor(200, 30, 30)


class DigitGallery(QWidget):
    """A grid of digits with the predicted label and confidence; mistakes framed in red.

    Hovering a digit shows the top-3 probabilities.  ``cell_clicked(row)`` gives
    the dataset row of a clicked digit.
    """

    cell_clicked = Signal(int)
    paged = Signal()  # what is shown changed: the page, the filter or the predictions

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("digitGallery")
        set_accessible(
            self,
            tr("Test digits"),
            tr("Test digits with the network's guess; red frames are mistakes"),
        )
        self.setMouseTracking(True)
        self.setMinimumSize(240, 240)
        self._pixels = np.empty((0, 0), dtype=np.uint8)
        self._image_shape = (28, 28)
        self._qimages: dict[int, QImage] = {}
        self._filter: np.ndarray | None = None
        self.filter_title = ""
        self._rows = np.empty(0, dtype=np.int64)
        self._labels = np.empty(0, dtype=np.int64)
        self._probs: np.ndarray | None = None
        self._class_names: tuple[str, ...] = ()
        self.max_cells = 64
        self.page = 0
        self.matching = 0
        self.only_mistakes = False
        self._shown: list[int] = []

    def set_digits(
        self,
        images: np.ndarray,
        labels: np.ndarray,
        rows: np.ndarray,
        image_shape: tuple[int, int],
        class_names: tuple[str, ...],
    ) -> None:
        """Set the pool of digits (uint8 rows or floats in [0,1]) with their true labels."""
        if images.dtype != np.uint8:
            images = (np.clip(images, 0, 1) * 255).astype(np.uint8)
        self._pixels = images
        self._image_shape = image_shape
        self._qimages: dict[int, QImage] = {}
        self._filter = None
        self.filter_title = ""
        self._labels = np.asarray(labels)
        self._rows = np.asarray(rows)
        self._class_names = class_names
        self._probs = None
        self._refilter()

    def set_probabilities(self, probs: np.ndarray | None) -> None:
        """Predictions for the pool (one row per digit), or None before training."""
        self._probs = probs
        self._refilter()

    def set_only_mistakes(self, on: bool) -> None:
        self.only_mistakes = on
        self.page = 0
        self._refilter()

    def set_filter(self, indices: np.ndarray | None, title: str = "") -> None:
        """Show only these pool digits (e.g. one cell of the confusion matrix), or all again."""
        self._filter = None if indices is None else np.asarray(indices, dtype=np.int64)
        self.filter_title = title if indices is not None else ""
        self.page = 0
        self._refilter()

    def _image(self, idx: int) -> QImage:
        img = self._qimages.get(idx)
        if img is None:
            img = self._qimages[idx] = _gray_qimage(self._pixels[idx].reshape(self._image_shape))
        return img

    @property
    def predictions(self) -> np.ndarray | None:
        """Predicted class per pool digit (None before training)."""
        return None if self._probs is None else self._probs.argmax(axis=1)

    @property
    def labels(self) -> np.ndarray:
        """True class per pool digit."""
        return self._labels

    @property
    def shown(self) -> list[int]:
        """Pool indices of the digits on screen, in order."""
        return list(self._shown)

    @property
    def page_count(self) -> int:
        """Pages of ``max_cells`` digits the current filter leaves (at least 1)."""
        return max(1, -(-self.matching // self.max_cells))

    def set_page(self, page: int) -> None:
        """Show page ``page`` (0-based, clamped) of the digits the filter leaves."""
        self.page = page
        self._refilter()

    def _refilter(self) -> None:
        pool = np.arange(len(self._pixels)) if self._filter is None else self._filter
        if self.only_mistakes and self._probs is not None:
            wrong = self._probs[pool].argmax(axis=1) != self._labels[pool]
            pool = pool[wrong]
        self.matching = len(pool)
        self.page = min(max(self.page, 0), self.page_count - 1)
        start = self.page * self.max_cells
        self._shown = pool[start : start + self.max_cells].tolist()
        self.update()
        self.paged.emit()

    def _grid(self) -> tuple[int, int, float]:
        n = max(len(self._shown), 1)
        cols = max(1, math.ceil(math.sqrt(n * self.width() / max(self.height(), 1))))
        rows = math.ceil(n / cols)
        cell = min(self.width() / cols, self.height() / rows)
        return cols, rows, cell

    def sizeHint(self) -> QSize:
        return QSize(520, 520)

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        base = self.palette().base().color()
        p.fillRect(self.rect(), base)
        text, right, wrong_colour = label_colours(base)
        if not self._shown:
            p.setPen(text)
            filtered = self.only_mistakes or self._filter is not None
            msg = tr("No digits to show here.") if filtered else tr("No digits.")
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, msg)
            return
        cols, _, cell = self._grid()
        font = QFont(self.font())
        font.setPixelSize(max(9, int(cell * 0.16)))
        p.setFont(font)
        label_h = int(cell * 0.22)
        preds = self.predictions
        for k, idx in enumerate(self._shown):
            r, c = divmod(k, cols)
            x0, y0 = c * cell, r * cell
            img_side = cell - label_h - 6
            target = QRectF(x0 + (cell - img_side) / 2, y0 + 3, img_side, img_side)
            p.drawImage(target, self._image(idx))
            text_rect = QRectF(x0, y0 + 3 + img_side, cell, label_h)
            if preds is not None:
                pred = int(preds[idx])
                conf = float(self._probs[idx, pred])
                wrong = pred != int(self._labels[idx])
                colour = wrong_colour if wrong else right
                if wrong:
                    p.setPen(QPen(colour, max(2.0, cell * 0.04)))
                    p.drawRect(target.adjusted(-1, -1, 1, 1))
                p.setPen(colour)
                p.drawText(
                    text_rect, Qt.AlignmentFlag.AlignCenter, f"{self._name(pred)} · {conf:.0%}"
                )
            else:
                p.setPen(text)
                p.drawText(
                    text_rect, Qt.AlignmentFlag.AlignCenter, self._name(int(self._labels[idx]))
                )
        p.end()

    def _name(self, k: int) -> str:
        name = self._class_names[k] if k < len(self._class_names) else str(k)
        return name if len(name) <= 8 else name[:7] + "…"

    def _index_at(self, pos: QPointF) -> int | None:
        cols, _, cell = self._grid()
        c, r = int(pos.x() // cell), int(pos.y() // cell)
        k = r * cols + c
        if 0 <= c < cols and 0 <= k < len(self._shown):
            return self._shown[k]
        return None

    def tooltip_text(self, idx: int) -> str:
        """True label and top-3 probabilities of pool digit ``idx``."""
        lines = [tr("true: {0}").format(self._class_names[int(self._labels[idx])])]
        if self._probs is not None:
            order = np.argsort(self._probs[idx])[::-1][:3]
            lines += [f"{self._class_names[k]}: {self._probs[idx, k]:.1%}" for k in order]
        return "\n".join(lines)

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            idx = self._index_at(QPointF(event.pos()))
            if idx is not None and show_hover_tip(self, event, self.tooltip_text(idx)):
                return True
        return super().event(event)

    def mouseMoveEvent(self, event) -> None:
        idx = self._index_at(event.position())
        if idx is None:
            QToolTip.hideText()
            return
        QToolTip.showText(
            event.globalPosition().toPoint(), self.tooltip_text(idx), self, QRect(), 5000
        )

    def mousePressEvent(self, event) -> None:
        idx = self._index_at(event.position())
        if idx is not None and idx < len(self._rows):
            self.cell_clicked.emit(int(self._rows[idx]))


class DigitsTab(Tab):
    """The test digits with the network's guesses; a filter for mistakes or one confusion cell."""

    key = "digits"
    kinds = ("images",)

    def __init__(self, host: TabHost) -> None:
        super().__init__(host)
        self.title = tr("Test digits")
        self.view = self.gallery = DigitGallery()
        self.only_mistakes = named(
            QCheckBox(tr("Show only mistakes")),
            "onlyMistakesCheck",
            tr("Show only mistakes"),
            tr("Show only the test digits the network gets wrong"),
        )
        self.filter_label = QLabel()
        self.filter_label.setObjectName("galleryFilterLabel")
        self.show_all = named(
            QPushButton(tr("Show all")),
            "showAllDigitsButton",
            tr("Show all digits"),
            tr("Remove the confusion-matrix filter"),
        )
        self.show_all.setVisible(False)
        self.widget = QWidget()
        layout = QVBoxLayout(self.widget)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.only_mistakes)
        row.addWidget(self.filter_label, 1)
        row.addWidget(self.show_all)
        self.prev_page = named(QToolButton(), "previousPageButton", tr("Previous page"),
                               tr("The previous page of digits"))  # fmt: skip
        self.prev_page.setArrowType(Qt.ArrowType.LeftArrow)
        self.page_label = QLabel()
        self.page_label.setObjectName("galleryPageLabel")
        self.next_page = named(QToolButton(), "nextPageButton", tr("Next page"),
                               tr("The next page of digits"))  # fmt: skip
        self.next_page.setArrowType(Qt.ArrowType.RightArrow)
        for widget in (self.prev_page, self.page_label, self.next_page):
            row.addWidget(widget)
        self.prev_page.clicked.connect(self._previous_page)
        self.next_page.clicked.connect(self._next_page)
        self.gallery.paged.connect(self._show_page)
        layout.addLayout(row)
        layout.addWidget(self.gallery, 1)
        self.only_mistakes.toggled.connect(self.gallery.set_only_mistakes)
        self.show_all.clicked.connect(self.clear_filter)

    def needs(self, current: bool) -> dict:
        return {"gallery": True} if current else {}

    def on_reset(self, info: ResetInfo) -> None:
        ds = info.dataset
        if ds.kind != "images":
            return
        self.gallery.set_digits(
            info.gallery_images, info.gallery_labels, info.gallery_index, ds.image_shape,
            ds.class_names,
        )  # fmt: skip
        self.clear_filter()

    def on_frame(self, snap: Snapshot, current: bool) -> None:
        if snap.iteration == 0 and not self.host.model.info.pretrained:
            self.gallery.set_probabilities(None)  # an untrained net's guesses mean nothing
        elif snap.gallery_probs is not None:
            self.gallery.set_probabilities(snap.gallery_probs)

    @Slot()
    def _previous_page(self) -> None:
        self.gallery.set_page(self.gallery.page - 1)

    @Slot()
    def _next_page(self) -> None:
        self.gallery.set_page(self.gallery.page + 1)

    @Slot()
    def _show_page(self) -> None:
        g = self.gallery
        self.page_label.setText(
            tr("page {0} of {1} · {2} digits").format(g.page + 1, g.page_count, f"{g.matching:,}")
        )
        self.prev_page.setEnabled(g.page > 0)
        self.next_page.setEnabled(g.page < g.page_count - 1)

    def show_cell(self, true_k: int, pred_k: int) -> None:
        """Show only the digits of one confusion-matrix cell."""
        preds = self.gallery.predictions
        info = self.host.model.info
        if preds is None or info is None:
            return
        idx = confusion_indices(self.gallery.labels, preds, true_k, pred_k)
        names = info.dataset.class_names
        title = tr("true {0}, predicted {1}: {2} digits").format(
            names[true_k], names[pred_k], len(idx)
        )
        self.gallery.set_filter(idx, title)
        self.filter_label.setText(title)
        self.show_all.setVisible(True)
        self.host.show_tab(self.key)

    @Slot()
    def clear_filter(self) -> None:
        self.gallery.set_filter(None)
        self.filter_label.setText("")
        self.show_all.setVisible(False)
