"""The feature-maps tab: what every layer of a convolutional network makes of one digit.

Conv, activation and pool layers show their ``(C, H, W)`` outputs as grids of images
(one grey scale per layer: black its smallest value, white its largest), the dense
layers their outputs as bars; click a map to see it large.  The digit is a test digit
(spin box, previous/next) or the one drawn in the draw-a-digit tab; the network is the
one being trained (its maps computed by the engine with every frame, live while it
trains) or the shipped convnet (computed here: one digit is about a millisecond).
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal, Slot
from PySide6.QtGui import QColor, QImage, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from nnviz.app.reader import BUILTIN_CNN_SPEC, builtin_digit_model
from nnviz.app.snapshot import ResetInfo, Snapshot
from nnviz.core.layers import softmax
from nnviz.errors import NnvizError
from nnviz.gui.i18n import translator
from nnviz.gui.tabs.base import Tab, TabHost
from nnviz.gui.tabs.weights import grid_shape, tile_mosaic
from nnviz.gui.widgets import named

tr = translator("feature_maps")

GREY = np.repeat(np.arange(256, dtype=np.uint8)[:, None], 3, axis=1)
MAP_SCALE = 3  # screen pixels per map pixel in the grids (fewer in a narrow window)
LARGE_SIDE = 220  # the clicked map's side on screen (less in a narrow tab, see resizeEvent)
LARGE_MIN = 120
BAR_HEIGHT = 70
BAR_COLOURS = (QColor(33, 102, 172), QColor(214, 96, 77))  # positive, negative


def grey_levels(values: np.ndarray, lo: float, hi: float) -> np.ndarray:
    """``values`` as indices 0…255 of a grey scale from ``lo`` (black) to ``hi`` (white)."""
    span = hi - lo if hi > lo else 1.0
    idx = np.rint((np.nan_to_num(values) - lo) * (255.0 / span)).astype(np.intp)
    return np.clip(idx, 0, 255, out=idx)


def map_mosaic(maps: np.ndarray) -> tuple[np.ndarray, tuple[int, int]]:
    """RGB tiles of ``(C, H, W)`` maps on a near-square grid (one scale for the layer)."""
    rows, cols = grid_shape(len(maps))
    lo, hi = float(np.min(maps)), float(np.max(maps))
    return tile_mosaic(grey_levels(maps, lo, hi), rows, cols, GREY, (64, 64, 64)), (rows, cols)


class MapGrid(QWidget):
    """A layer's maps as a grid of grey images; a click on a map emits its index."""

    clicked = Signal(int)

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"maps_{name}")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.rgb: np.ndarray | None = None
        self.grid: tuple[int, int] = (0, 0)
        self.tile: tuple[int, int] = (0, 0)
        self._image: QImage | None = None

    def set_maps(self, maps: np.ndarray) -> None:
        """Show ``(C, H, W)`` maps."""
        rgb, grid = map_mosaic(maps)
        self.rgb, self.grid, self.tile = rgb, grid, maps.shape[1:]
        h, w = rgb.shape[:2]
        self._image = QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()
        # as large as MAP_SCALE screen pixels a map pixel where the width allows, down to
        # one: a narrow window shrinks the tiles instead of cutting the grid off
        self.setMinimumSize(w, h)
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        if self.rgb is None:
            return QSize(0, 0)
        h, w = self.rgb.shape[:2]
        return QSize(w * MAP_SCALE, h * MAP_SCALE)

    def hasHeightForWidth(self) -> bool:
        return self.rgb is not None

    def heightForWidth(self, width: int) -> int:
        h, w = self.rgb.shape[:2]
        return math.ceil(h * max(1.0, min(float(MAP_SCALE), width / w)))

    def target(self) -> QRectF:
        """Where the mosaic is drawn, at the left: MAP_SCALE screen pixels per map pixel,
        fewer (down to one) where the width or height is short."""
        if self.rgb is None:
            return QRectF()
        h, w = self.rgb.shape[:2]
        k = max(1.0, min(self.width() / w, self.height() / h))
        return QRectF(0, 0, w * k, h * k)

    def index_at(self, pos: QPointF) -> int | None:
        """The map under ``pos`` (widget coordinates), or None."""
        r = self.target()
        if self.rgb is None or not r.contains(pos):
            return None
        h, w = self.rgb.shape[:2]
        x, y = (pos.x() - r.x()) * w / r.width(), (pos.y() - r.y()) * h / r.height()
        row, col = int(y // (self.tile[0] + 1)), int(x // (self.tile[1] + 1))
        i = row * self.grid[1] + col
        return i if 0 <= row < self.grid[0] and col < self.grid[1] else None

    def tile_centre(self, i: int) -> QPointF:
        """The centre of map ``i`` on screen (what a click on it hits)."""
        r, (th, tw) = self.target(), self.tile
        k = r.width() / self.rgb.shape[1]
        row, col = divmod(i, self.grid[1])
        return QPointF(
            r.x() + k * (1 + col * (tw + 1) + tw / 2), r.y() + k * (1 + row * (th + 1) + th / 2)
        )

    def mousePressEvent(self, event) -> None:
        i = self.index_at(event.position())
        if i is not None:
            self.clicked.emit(i)

    def paintEvent(self, event) -> None:
        if self._image is None:
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        p.drawImage(self.target(), self._image)
        p.end()


class BarStrip(QWidget):
    """A dense layer's outputs as bars (up: positive, down: negative), labels when few."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"bars_{name}")
        self.values: np.ndarray | None = None
        self.labels: tuple[str, ...] = ()
        self.setMinimumHeight(BAR_HEIGHT)

    def set_values(self, values: np.ndarray, labels: tuple[str, ...] = ()) -> None:
        self.values, self.labels = values, labels
        self.setMinimumHeight(BAR_HEIGHT + (18 if labels else 0))
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(400, self.minimumHeight())

    def paintEvent(self, event) -> None:
        v = self.values
        if v is None or not len(v):
            return
        p = QPainter(self)
        text_h = 18 if self.labels else 0
        h = self.height() - text_h
        neg = bool((v < 0).any())
        base = h / 2 if neg else h - 1
        peak = float(np.max(np.abs(v))) or 1.0
        step = min(self.width() / len(v), 24.0)
        scale = (base - 2) / peak
        for i, x in enumerate(np.nan_to_num(v).tolist()):
            top = base - max(x, 0.0) * scale
            p.fillRect(QRectF(i * step, top, max(step - 1, 1), abs(x) * scale), BAR_COLOURS[x < 0])
        p.setPen(QPen(self.palette().color(QPalette.ColorRole.Mid)))
        p.drawLine(QPointF(0, base), QPointF(len(v) * step, base))
        if self.labels:
            p.setPen(self.palette().color(QPalette.ColorRole.WindowText))
            for i, label in enumerate(self.labels):
                p.drawText(QRectF(i * step, h, step, text_h), Qt.AlignmentFlag.AlignCenter, label)
        p.end()


class FeatureMapsView(QWidget):
    """Digit and network choice, the layers' maps and bars, and the clicked map large."""

    input_changed = Signal()  # the digit or the network changed: new maps are needed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("featureMaps")
        self.network = named(
            QComboBox(),
            "featureNetworkCombo",
            tr("Network"),
            tr("Whose feature maps: the convnet being trained, or the one shipped with nnviz"),
        )
        self.network.addItem(tr("Network being trained"), "training")
        self.network.addItem(tr("Built-in convnet"), "builtin-cnn")
        self.test_radio = named(
            QRadioButton(tr("Test digit")),
            "featureTestDigitRadio",
            tr("Test digit"),
            tr("A digit of the test set (the gallery's order)"),
        )
        self.drawn_radio = named(
            QRadioButton(tr("The drawn digit")),
            "featureDrawnDigitRadio",
            tr("The drawn digit"),
            tr("The digit drawn in the Draw a digit tab, as the network sees it"),
        )
        self.test_radio.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.test_radio)
        group.addButton(self.drawn_radio)
        self.index = named(QSpinBox(), "featureDigitSpin", tr("Test digit"), tr("Which test digit"))
        self.index.setRange(0, 0)
        self.prev_button = named(
            QPushButton("◀"), "featurePrevButton", tr("Previous digit"), tr("Previous test digit")
        )
        self.next_button = named(
            QPushButton("▶"), "featureNextButton", tr("Next digit"), tr("Next test digit")
        )
        for b in (self.prev_button, self.next_button):
            b.setFixedWidth(32)
        self.input_label = QLabel()
        self.input_label.setObjectName("featureInputLabel")
        self.input_label.setWordWrap(True)  # a long hint (Korean too) must not widen the window
        self.note = QLabel()
        self.note.setObjectName("featureNote")
        self.note.setWordWrap(True)

        # Two rows, so the tab does not set a wide minimum for the window (a 1280 px screen).
        first = QHBoxLayout()
        first.addWidget(QLabel(tr("Network")))
        first.addWidget(self.network)
        first.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(self.test_radio)
        top.addWidget(self.index)
        top.addWidget(self.prev_button)
        top.addWidget(self.next_button)
        top.addSpacing(12)
        top.addWidget(self.drawn_radio)
        top.addStretch(1)

        self.layers_box = QWidget()
        self.layers_layout = QVBoxLayout(self.layers_box)
        self.layers_layout.setAlignment(Qt.AlignmentFlag.AlignTop)
        scroll = QScrollArea()
        scroll.setObjectName("featureScroll")
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.layers_box)

        self.large = MapGrid("large")
        self.large.setFixedSize(LARGE_SIDE, LARGE_SIDE)
        self.large.setCursor(Qt.CursorShape.ArrowCursor)
        self.large_title = QLabel(tr("Click a map to see it large."))
        self.large_title.setObjectName("featureLargeTitle")
        self.large_title.setWordWrap(True)
        self.large_title.setFixedWidth(LARGE_SIDE)
        side = QVBoxLayout()
        side.addWidget(self.large_title)
        side.addWidget(self.large)
        side.addStretch(1)

        middle = QHBoxLayout()
        middle.addWidget(scroll, 1)
        middle.addLayout(side)
        layout = QVBoxLayout(self)
        layout.addLayout(first)
        layout.addLayout(top)
        layout.addWidget(self.input_label)  # a row of its own: the hint is a whole sentence
        layout.addWidget(self.note)
        layout.addLayout(middle, 1)

        self.sections: dict[str, QWidget] = {}  # layer name → MapGrid or BarStrip
        self._titles: dict[str, QLabel] = {}
        self._signature: tuple = ()
        self.maps: dict[str, np.ndarray] = {}
        self.chosen: tuple[str, int] | None = None  # the map shown large
        self.prev_button.clicked.connect(lambda: self.index.stepBy(-1))
        self.next_button.clicked.connect(lambda: self.index.stepBy(1))
        self.index.valueChanged.connect(self._changed)
        self.test_radio.toggled.connect(self._changed)
        self.network.currentIndexChanged.connect(self._changed)

    @property
    def source(self) -> str:
        """``"training"`` or ``"builtin-cnn"``."""
        return self.network.currentData()

    @property
    def drawn(self) -> bool:
        return self.drawn_radio.isChecked()

    @Slot()
    def _changed(self, *_args) -> None:
        self.index.setEnabled(not self.drawn)
        self.prev_button.setEnabled(not self.drawn and self.index.value() > 0)
        self.next_button.setEnabled(not self.drawn and self.index.value() < self.index.maximum())
        self.input_changed.emit()

    def set_training_available(self, on: bool) -> None:
        """Offer the network being trained (a layered network); else the built-in convnet."""
        item = self.network.model().item(self.network.findData("training"))
        item.setEnabled(on)
        want = "training" if on else "builtin-cnn"
        if self.source != want:
            self.network.setCurrentIndex(self.network.findData(want))

    def show_maps(self, maps, class_names: tuple[str, ...] = ()) -> None:
        """Draw ``(name, values)`` per layer: images for ``(C, H, W)``, bars for vectors."""
        if maps is None:
            self.clear()
            return
        signature = tuple((name, v.shape) for name, v in maps)
        if signature != self._signature:
            self._build(signature)
        self.maps = {}
        for name, values in maps:
            self.maps[name] = values
            w = self.sections.get(name)
            if isinstance(w, MapGrid):
                w.set_maps(values)
            elif isinstance(w, BarStrip):
                if name == "output":  # the class scores as probabilities, labelled
                    w.set_values(softmax(values[None].astype(np.float64))[0], class_names)
                else:
                    w.set_values(values)
        self._show_large()

    def clear(self) -> None:
        self._build(())
        self.maps = {}
        self._show_large()

    def _build(self, signature: tuple) -> None:
        """One titled section per layer (rebuilt only when the layers change).

        Each section is one container widget (its title and its grid or bars), so a
        rebuild deletes whole sections: nothing of the old network is left drawn.
        """
        while self.layers_layout.count():
            item = self.layers_layout.takeAt(0)
            if item.widget() is not None:
                item.widget().hide()
                item.widget().deleteLater()
        self.sections.clear()
        self._titles.clear()
        self._signature = signature
        if self.chosen is not None and self.chosen[0] not in dict(signature):
            self.chosen = None
        for name, shape in signature:
            box = QWidget()
            box.setObjectName(f"section_{name}")
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 4)
            if name == "flatten":
                title = tr("{0}: the {1} values above in one row").format(name, f"{shape[0]:,}")
                label = QLabel(title)
                label.setWordWrap(True)  # a narrow tab: the title wraps, nothing is cut
                column.addWidget(label)
                self.layers_layout.addWidget(box)
                continue
            if len(shape) == 3:
                title = tr("{0}: {1} maps of {2}×{3}").format(name, *shape)
                widget = MapGrid(name)
                widget.clicked.connect(self._map_clicked)
            elif name == "output":
                title = tr("{0}: class probabilities (softmax of {1} scores)").format(
                    name, shape[0]
                )
                widget = BarStrip(name)
            else:
                title = tr("{0}: {1} values").format(name, f"{shape[0]:,}")
                widget = BarStrip(name)
            label = QLabel(title)
            label.setWordWrap(True)
            label.setObjectName(f"title_{name}")
            self._titles[name] = label
            column.addWidget(label)
            column.addWidget(widget, 0, Qt.AlignmentFlag.AlignLeft)
            self.layers_layout.addWidget(box)
            self.sections[name] = widget

    def resizeEvent(self, event) -> None:
        """A narrow tab (a small window) shrinks the large map first, down to LARGE_MIN,
        so the grids keep room for one screen pixel per map pixel."""
        super().resizeEvent(event)
        side = max(LARGE_MIN, min(LARGE_SIDE, int(self.width() * 0.4)))
        if side != self.large.width():
            self.large.setFixedSize(side, side)
            self.large_title.setFixedWidth(side)

    @Slot(int)
    def _map_clicked(self, i: int) -> None:
        grid = self.sender()
        name = next((n for n, w in self.sections.items() if w is grid), None)
        if name is not None:
            self.chosen = (name, i)
            self._show_large()

    def _show_large(self) -> None:
        if self.chosen is None or self.chosen[0] not in self.maps:
            self.large._image = self.large.rgb = None
            self.large.update()
            self.large_title.setText(tr("Click a map to see it large."))
            return
        name, i = self.chosen
        maps = self.maps[name]
        i = min(i, len(maps) - 1)
        lo, hi = float(np.min(maps)), float(np.max(maps))
        one = tile_mosaic(grey_levels(maps[i : i + 1], lo, hi), 1, 1, GREY)
        self.large.rgb = one
        self.large.grid, self.large.tile = (1, 1), maps.shape[1:]
        h, w = one.shape[:2]
        self.large._image = QImage(one.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()
        self.large.update()
        self.large_title.setText(
            tr("{0}, map {1} of {2} (same grey scale as its layer)").format(name, i + 1, len(maps))
        )


class FeatureMapsTab(Tab):
    """Every conv, ReLU and pool layer's output for one digit, then the dense layers."""

    key = "feature_maps"
    kinds = ("images",)

    def __init__(self, host: TabHost) -> None:
        super().__init__(host)
        self.title = tr("Feature maps")
        self.widget = self.view = FeatureMapsView()
        self.view.input_changed.connect(self._input_changed)
        self._drawn: np.ndarray | None = None
        self._connected = False
        self._forced_drawn = False  # the drawn digit chosen only because the data had none

    # ---- the drawn digit (from the draw tab)
    def _draw_panel(self):
        return self.host.tab("draw").panel

    def drawn_digit(self) -> np.ndarray | None:
        """The draw tab's current 28×28 input (None when nothing is drawn)."""
        return self._draw_panel().input_digit()

    def _connect_draw(self) -> None:
        if not self._connected:
            self._connected = True
            self._draw_panel().predicted.connect(self._drawing_changed)

    @Slot(object)
    def _drawing_changed(self, _probs) -> None:
        if self.view.drawn:
            self._input_changed()

    def show_drawn_digit(self) -> None:
        """Show the feature maps of the drawn digit (the draw tab's button)."""
        self.view.drawn_radio.setChecked(True)
        self.host.show_tab(self.key)
        self._input_changed()

    # ---- the tab protocol
    def needs(self, current: bool) -> dict:
        if not current or self.view.source != "training":
            return {}
        if self.view.drawn:
            digit = self.drawn_digit()
            if digit is None:
                return {}
            return {"feature_pixels": np.ascontiguousarray(digit, np.float32).tobytes()}
        return {"feature_digit": self.view.index.value()}

    def available(self, info: ResetInfo) -> bool:
        """Always: on data without 28×28 images it shows the built-in convnet reading the
        drawn digit (the draw tab's Feature maps button leads here on any data)."""
        return True

    def on_reset(self, info: ResetInfo) -> None:
        self._connect_draw()
        n = len(info.gallery_index) if info.dataset.kind == "images" else 0
        self.view.index.setMaximum(max(n - 1, 0))
        self.view.test_radio.setEnabled(n > 0)
        if n == 0 and not self.view.drawn:
            self.view.drawn_radio.setChecked(True)  # no test digits to choose from
            self._forced_drawn = True
        elif n > 0 and self._forced_drawn:
            self.view.test_radio.setChecked(True)  # test digits again: back to them
        if n > 0:
            self._forced_drawn = False
        self.view.set_training_available(info.convolutional)
        self.view.clear()
        self._input_changed()

    def on_frame(self, snap: Snapshot, current: bool) -> None:
        if current and self.view.source == "training":
            self._show_input()
            if snap.feature_maps is None and not self._has_input():
                self.view.clear()
            elif snap.feature_maps is not None:
                self.view.show_maps(snap.feature_maps, self._class_names())

    def _class_names(self) -> tuple[str, ...]:
        info = self.host.model.info
        return tuple(info.dataset.class_names) if info is not None else ()

    def _has_input(self) -> bool:
        return self.drawn_digit() is not None if self.view.drawn else True

    def _input(self) -> np.ndarray | None:
        """The digit whose maps are shown (flat 784 floats), or None."""
        if self.view.drawn:
            return self.drawn_digit()
        info = self.host.model.info
        if info is None or info.gallery_images is None or not len(info.gallery_images):
            return None
        return info.gallery_images[min(self.view.index.value(), len(info.gallery_images) - 1)]

    def _show_input(self) -> None:
        info = self.host.model.info
        if self.view.drawn:
            text = (
                ""
                if self.drawn_digit() is not None
                else tr("Draw a digit in the Draw a digit tab first.")
            )
        elif info is not None and info.gallery_labels is not None and len(info.gallery_labels):
            label = info.gallery_labels[min(self.view.index.value(), len(info.gallery_labels) - 1)]
            names = info.dataset.class_names
            text = tr("true: {0}").format(names[int(label)] if names else int(label))
        else:
            text = ""
        self.view.input_label.setText(text)

    @Slot()
    def _input_changed(self) -> None:
        self._show_input()
        if self.view.source == "training":
            self.view.note.setText("")
            self.host.views_changed()  # the engine computes the maps of the new input
            return
        self._builtin_maps()

    def _builtin_maps(self) -> None:
        """The shipped convnet's maps of the digit, computed here (about a millisecond)."""
        x = self._input()
        if x is None:
            self.view.clear()
            return
        try:
            model = builtin_digit_model(BUILTIN_CNN_SPEC)
        except NnvizError as e:
            self.view.note.setText(str(e))
            self.view.clear()
            return
        net = model.network
        if x.size != net.input_size:
            self.view.note.setText(
                tr("The built-in convnet reads 28×28 digits; draw one in the Draw a digit tab.")
            )
            self.view.clear()
            return
        self.view.note.setText(tr("The built-in convnet, trained on MNIST digits by nnviz."))
        maps = tuple((m.name, m.values) for m in net.feature_maps(x))
        self.view.show_maps(maps, tuple(model.class_names))
