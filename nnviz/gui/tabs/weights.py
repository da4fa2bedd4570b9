"""The first-layer-weights tab (image sets): each hidden unit's incoming weights as an image."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from nnviz.app.snapshot import ResetInfo, Snapshot
from nnviz.gui.i18n import translator
from nnviz.gui.tabs.base import Tab, TabHost
from nnviz.gui.widgets import colormap_lut, set_accessible

tr = translator("digit_views")


WEIGHTS_MAP = "CET-CBD1"  # diverging blue–grey–yellow, colour-blind safe


MAX_TILES = 256


GAP_RGB = (96, 96, 96)  # the lines between weight tiles


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
    lut = colormap_lut(WEIGHTS_MAP) if lut is None else lut
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
    return tile_mosaic(idx, rows, cols, lut)


def tile_mosaic(
    idx: np.ndarray, rows: int, cols: int, lut: np.ndarray, background=(255, 255, 255)
) -> np.ndarray:
    """RGB uint8 tiles ``idx`` (n, h, w; indices into the 256-entry ``lut``) on a
    ``rows × cols`` grid, separated by one-pixel lines."""
    n, h, w = idx.shape
    # Index 256 is the line between tiles, 257 the background of unused grid places.
    table = np.vstack([lut, np.array([GAP_RGB, background], dtype=np.uint8)])
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
        set_accessible(
            self,
            tr("First-layer weights"),
            tr(
                "One tile per hidden unit: its weight on each input pixel. Yellow pixels "
                "excite the unit, blue pixels inhibit it."
            ),
        )
        self.max_tiles = int(max_tiles)
        self._lut = colormap_lut(WEIGHTS_MAP)
        self._weights: np.ndarray | None = None
        self._image_shape: tuple[int, int] = (28, 28)
        self._shape: tuple[int, int] = (0, 0)
        self._mosaic_shape: tuple[int, ...] = ()

        self.plot = pg.PlotWidget()
        self.plot.setObjectName("weightsPlot")
        set_accessible(self.plot, tr("Weight tiles"), self.toolTip())
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
        set_accessible(
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
        self.options = row  # where subclasses add their own options
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


class WeightsTab(Tab):
    """The first layer's weights as one image per hidden unit, live while training."""

    key = "weights"
    kinds = ("images",)

    def __init__(self, host: TabHost) -> None:
        super().__init__(host)
        self.title = tr("First-layer weights")
        self.widget = self.view = WeightsGridView()

    def available(self, info: ResetInfo) -> bool:
        # A conv net's first layer is kernels, not one image per unit: the filters tab shows them.
        return super().available(info) and not info.convolutional

    def needs(self, current: bool) -> dict:
        return {"want_params": True} if current else {}

    def on_reset(self, info: ResetInfo) -> None:
        self.view.clear()

    def on_frame(self, snap: Snapshot, current: bool) -> None:
        if current and snap.params is not None:
            self.view.set_weights(snap.params["W1"], self.host.model.info.dataset.image_shape)
