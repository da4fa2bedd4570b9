"""The network tab (2-D sets): a graph of every neuron with its own activation map.

Inputs on the left, hidden layers in columns, outputs on the right.  Each hidden
neuron is drawn as a small heatmap of its activation over the input plane (as
TensorFlow Playground does); links are coloured by the sign of their weight and
drawn thicker for larger |weight|.  Hovering a link shows its weight; clicking a
neuron emits ``neuron_clicked(layer, index)`` so the main view can show that
neuron's map at full size.  The view only draws arrays the worker computed.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QEvent, QLineF, QPointF, QRectF, QSize, Qt, Signal, Slot
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen
from PySide6.QtWidgets import QToolTip, QWidget

from nnviz.app.snapshot import ResetInfo, Snapshot
from nnviz.core.boundary import class_color
from nnviz.core.colors import NEGATIVE_RGB, POSITIVE_RGB, diverging_colorize
from nnviz.gui.i18n import translator
from nnviz.gui.tabs.base import Tab, TabHost
from nnviz.gui.widgets import ink, show_hover_tip

tr = translator("network_view")

POSITIVE = QColor(*POSITIVE_RGB)
NEGATIVE = QColor(*NEGATIVE_RGB)
MAX_NEURONS_DRAWN = 32


def rgb_qimage(rgb: np.ndarray) -> QImage:
    """A QImage copy of an (h, w, 3) uint8 array whose row 0 is the bottom of the plane."""
    rgb = np.ascontiguousarray(rgb[::-1])  # image rows go down, the plane's y goes up
    h, w, _ = rgb.shape
    return QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()


class NetworkGraphView(QWidget):
    """Draws ``sizes`` as columns of nodes with weighted links between them."""

    neuron_clicked = Signal(int, int)  # hidden layer (0-based), neuron index

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("networkGraph")
        self.setAccessibleName(tr("Network graph"))
        self.setToolTip(
            tr(
                "Every neuron with its activation over the input plane; "
                "click a neuron to show its map in the main view"
            )
        )
        self.setMouseTracking(True)
        self.setMinimumSize(320, 220)
        self.sizes: tuple[int, ...] = ()
        self.weights: list[np.ndarray] = []
        self._images: list[list[QImage]] = []
        self._nodes: list[list[QRectF]] = []
        self.focus: tuple[int, int] | None = None
        self.hover_text = ""
        self.input_names: tuple[str, ...] = ()  # a table's feature names (hover text)

    def sizeHint(self) -> QSize:
        return QSize(520, 320)

    def set_network(self, sizes: tuple[int, ...]) -> None:
        self.sizes = tuple(sizes)
        self.weights = []
        self._images = []
        self.focus = None
        self.update()

    def set_state(self, weights: list[np.ndarray], neuron_maps: list[np.ndarray] | None) -> None:
        """Weights ``W1, W2, …`` and, per hidden layer, maps of shape (neurons, r, r)."""
        self.weights = weights
        if neuron_maps is not None:
            self._images = [
                [rgb_qimage(diverging_colorize(m)) for m in layer[:MAX_NEURONS_DRAWN]]
                for layer in neuron_maps
            ]
        self.update()

    # ---------------------------------------------------------------- geometry
    def _layout(self) -> list[list[QRectF]]:
        n_cols = len(self.sizes)
        if n_cols == 0:
            return []
        w, h = self.width(), self.height()
        margin = 28.0
        col_gap = (w - 2 * margin) / max(n_cols - 1, 1)
        shown = [min(s, MAX_NEURONS_DRAWN) for s in self.sizes]
        node = max(8.0, min(44.0, (h - 2 * margin) / max(max(shown), 1) * 0.8, col_gap * 0.45))
        cols = []
        for c, n in enumerate(shown):
            x = margin + c * col_gap
            step = (h - 2 * margin) / max(n, 1)
            rects = [
                QRectF(x - node / 2, margin + step * (i + 0.5) - node / 2, node, node)
                for i in range(n)
            ]
            cols.append(rects)
        return cols

    def paintEvent(self, event) -> None:
        if not _INPUT_MAPS:
            _INPUT_MAPS.extend(_input_maps())
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), self.palette().base())
        text, caption = ink(self.palette().base().color()), ink(self.palette().base().color(), True)
        if not self.sizes:
            p.end()
            return
        self._nodes = nodes = self._layout()
        if self.weights:
            self._draw_links(p, nodes)
        font = QFont(self.font())
        font.setPixelSize(11)
        p.setFont(font)
        last = len(nodes) - 1
        for c, rects in enumerate(nodes):
            for i, r in enumerate(rects):
                hidden = 0 < c < last
                if hidden and c - 1 < len(self._images) and i < len(self._images[c - 1]):
                    p.drawImage(r, self._images[c - 1][i])
                elif c == 0 and self.sizes[0] == 2:
                    p.drawImage(r, _INPUT_MAPS[i])  # x1 grows to the right, x2 upwards
                elif c == last:
                    p.fillRect(r, QColor(*class_color(i)))
                else:
                    p.fillRect(r, QColor(235, 235, 235))
                focused = hidden and self.focus == (c - 1, i)
                p.setPen(
                    QPen(
                        text if focused else QColor(120, 120, 120),
                        3 if focused else 1,
                    )
                )
                p.drawRect(r)
            if self.sizes[c] > len(rects):
                p.setPen(caption)
                p.drawText(
                    QRectF(rects[0].left() - 30, self.height() - 22, rects[0].width() + 60, 18),
                    Qt.AlignmentFlag.AlignCenter,
                    tr("{0} of {1}").format(len(rects), self.sizes[c]),
                )
        p.setPen(caption)  # readable in both themes
        labels = (
            [tr("input")] + [tr("layer {0}").format(k) for k in range(1, last)] + [tr("output")]
        )
        for c, rects in enumerate(nodes):
            x = rects[0].center().x()
            p.drawText(QRectF(x - 50, 4, 100, 18), Qt.AlignmentFlag.AlignCenter, labels[c])
        p.end()

    LINK_LEVELS = 12
    """Links are drawn in this many widths per sign: one pen and one ``drawLines`` call
    each, so a frame costs a few calls, not one antialiased pen per link."""

    def _draw_links(self, p: QPainter, nodes: list[list[QRectF]]) -> None:
        """Every link coloured by its weight's sign, wider and more opaque for larger |w|."""
        wmax = max(float(np.max(np.abs(W))) for W in self.weights) or 1.0
        buckets: dict[tuple[bool, int], list[QLineF]] = {}
        top = self.LINK_LEVELS - 1
        for layer, W in enumerate(self.weights):
            src, dst = nodes[layer], nodes[layer + 1]
            ns, nd = len(src), len(dst)
            w = np.asarray(W[:ns, :nd], dtype=np.float64)
            levels = np.minimum(np.rint(np.abs(w) / wmax * top), top).astype(int)
            starts = [a.center() + QPointF(a.width() / 2, 0) for a in src]
            ends = [b.center() - QPointF(b.width() / 2, 0) for b in dst]
            positive = (w >= 0).tolist()
            levels_list = levels.tolist()
            for i, a in enumerate(starts):
                row_pos, row_lvl = positive[i], levels_list[i]
                for j, b in enumerate(ends):
                    buckets.setdefault((row_pos[j], row_lvl[j]), []).append(QLineF(a, b))
        # thin lines first, so the strong weights are drawn on top; each colour is
        # mixed with the background beforehand: blending translucent pens cost ~10× the
        # drawing (0.3 ms a line, 1.5 s for eight layers of 32), opaque pens do not
        base = self.palette().base().color()
        for (pos, level), lines in sorted(buckets.items(), key=lambda kv: kv[0][1]):
            frac = level / top
            p.setPen(
                QPen(
                    _mixed(base, POSITIVE if pos else NEGATIVE, 0.25 + 0.75 * frac),
                    0.5 + 5.0 * frac,
                )
            )
            p.drawLines(lines)

    # ---------------------------------------------------------------- interaction
    def node_at(self, pos: QPointF) -> tuple[int, int] | None:
        """(column, index) of the node under ``pos``."""
        for c, rects in enumerate(self._nodes or self._layout()):
            for i, r in enumerate(rects):
                if r.adjusted(-2, -2, 2, 2).contains(pos):
                    return c, i
        return None

    def link_at(self, pos: QPointF, tolerance: float = 4.0) -> tuple[int, int, int] | None:
        """(layer, from, to) of the link nearest ``pos`` within ``tolerance`` pixels."""
        nodes = self._nodes or self._layout()
        best, best_d = None, tolerance
        for layer in range(len(self.weights)):
            for i, a in enumerate(nodes[layer]):
                pa = a.center() + QPointF(a.width() / 2, 0)
                for j, b in enumerate(nodes[layer + 1]):
                    pb = b.center() - QPointF(b.width() / 2, 0)
                    d = _segment_distance(pos, pa, pb)
                    if d < best_d:
                        best, best_d = (layer, i, j), d
        return best

    def describe(self, pos: QPointF) -> str:
        """What the tooltip says at ``pos`` (a neuron, a weight, or nothing)."""
        node = self.node_at(pos)
        if node is not None:
            c, i = node
            if c == 0 and i < len(self.input_names):
                return tr("input {0}").format(self.input_names[i])
            if c == 0:
                return tr("input x{0}").format(i + 1)
            if c == len(self.sizes) - 1:
                return tr("output: class {0}").format(i)
            return tr("layer {0}, neuron {1} — click to show its map").format(c, i + 1)
        link = self.link_at(pos)
        if link is not None:
            layer, i, j = link
            return tr("weight W{0}[{1}, {2}] = {3}").format(
                layer + 1, i + 1, j + 1, f"{float(self.weights[layer][i, j]):+.4f}"
            )
        return ""

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip and show_hover_tip(
            self, event, self.describe(QPointF(event.pos()))
        ):
            return True
        return super().event(event)

    def mouseMoveEvent(self, event) -> None:
        self.hover_text = self.describe(event.position())
        if self.hover_text:
            QToolTip.showText(event.globalPosition().toPoint(), self.hover_text, self)
        else:
            QToolTip.hideText()

    def mousePressEvent(self, event) -> None:
        node = self.node_at(event.position())
        if node is None:
            return
        c, i = node
        if 0 < c < len(self.sizes) - 1:
            self.focus = None if self.focus == (c - 1, i) else (c - 1, i)
            self.neuron_clicked.emit(*(self.focus or (-1, -1)))
            self.update()


def _mixed(under: QColor, over: QColor, alpha: float) -> QColor:
    """The opaque colour of ``over`` drawn with ``alpha`` on ``under``."""
    return QColor(
        *(
            round(u + (o - u) * alpha)
            for u, o in zip(under.getRgb()[:3], over.getRgb()[:3], strict=True)
        )
    )


def _input_maps(r: int = 40) -> list[QImage]:
    ramp = np.linspace(-1, 1, r, dtype=np.float32)
    x1 = np.tile(ramp, (r, 1))
    return [rgb_qimage(diverging_colorize(x1)), rgb_qimage(diverging_colorize(x1.T))]


_INPUT_MAPS: list[QImage] = []


def _segment_distance(p: QPointF, a: QPointF, b: QPointF) -> float:
    ax, ay, bx, by, px, py = a.x(), a.y(), b.x(), b.y(), p.x(), p.y()
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length2))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def layer_weights(snap: Snapshot, info: ResetInfo) -> list[np.ndarray]:
    """The weight matrices ``W1, W2, …`` of a snapshot that carries parameters."""
    return [snap.params[f"W{i}"] for i in range(1, len(info.sizes))]


class NetworkTab(Tab):
    """Every neuron with its activation map; click one to see it in the boundary view."""

    key = "network"
    kinds = ("points", "table")

    def __init__(self, host: TabHost) -> None:
        super().__init__(host)
        self.title = tr("Network")
        self.widget = self.view = NetworkGraphView()
        self.view.neuron_clicked.connect(self._neuron_clicked)

    def available(self, info: ResetInfo) -> bool:
        return super().available(info) and not info.layered  # neurons of an MLP

    def needs(self, current: bool) -> dict:
        focus = self.view.focus
        return (
            {"want_params": True, "neurons": True, "focus": focus} if current else {"focus": focus}
        )

    def on_reset(self, info: ResetInfo) -> None:
        self.view.set_network(info.sizes)
        self.view.input_names = tuple(info.dataset.feature_names or ())

    def on_frame(self, snap: Snapshot, current: bool) -> None:
        if current and snap.params is not None:
            weights = layer_weights(snap, self.host.model.info)
            self.view.set_state(weights, list(snap.neuron_maps or []) or None)

    @Slot(int, int)
    def _neuron_clicked(self, layer: int, index: int) -> None:
        if layer >= 0:
            self.host.show_status(
                tr(
                    "The decision-boundary view shows layer {0}, neuron {1}; "
                    "click it again to go back."
                ).format(layer + 1, index + 1)
            )
        self.host.views_changed()
