"""The network tab (2-D sets): a graph of every neuron with its own activation map.

Inputs on the left, hidden layers in columns, outputs on the right.  Each input and
hidden neuron is drawn as a small heatmap over the input plane (as TensorFlow
Playground does: an input's map is its feature — x₁, x₁², sin x₂ …; a hidden
neuron's its activation); links are coloured by the sign of their weight and drawn
thicker for larger |weight|.  Hovering a link shows its weight; clicking a neuron
emits ``neuron_clicked(layer, index)`` so the main view can show that neuron's map at
full size.  Clicking a link opens a small field to type its new weight, dragging it
up or down changes it continuously (``weight_edited``); the engine applies the edit
and Ctrl+Z undoes it.  The view only draws arrays the worker computed.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QEvent, QLineF, QPointF, QRectF, QSize, Qt, Signal, Slot
from PySide6.QtGui import QAction, QColor, QFont, QImage, QKeySequence, QPainter, QPen
from PySide6.QtWidgets import QLabel, QLineEdit, QToolTip, QVBoxLayout, QWidget

from nnviz.app.snapshot import EditState, ResetInfo, Snapshot
from nnviz.core.boundary import class_color
from nnviz.core.colors import NEGATIVE_RGB, POSITIVE_RGB, diverging_colorize
from nnviz.core.features import FeatureMap
from nnviz.gui.i18n import translator
from nnviz.gui.tabs.base import Tab, TabHost
from nnviz.gui.widgets import ink, named, show_hover_tip

tr = translator("network_view")

POSITIVE = QColor(*POSITIVE_RGB)
NEGATIVE = QColor(*NEGATIVE_RGB)
MAX_NEURONS_DRAWN = 32
DRAG_STEP = 0.01
"""Weight change per pixel of a vertical drag on a link (up: larger)."""
DRAG_START = 3
"""Pixels the mouse moves on a pressed link before the press counts as a drag."""
LinkLayer = tuple[np.ndarray, QColor, QColor]
"""What one weight layer's links are drawn by: a matrix, the colour of + and of −."""


def rgb_qimage(rgb: np.ndarray) -> QImage:
    """A QImage copy of an (h, w, 3) uint8 array whose row 0 is the bottom of the plane."""
    rgb = np.ascontiguousarray(rgb[::-1])  # image rows go down, the plane's y goes up
    h, w, _ = rgb.shape
    return QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()


class NetworkGraphView(QWidget):
    """Draws ``sizes`` as columns of nodes with weighted links between them."""

    NODE_SIZE = 44.0
    """Largest side of a neuron's square (smaller when many neurons share a column)."""
    RIGHT_MARGIN = 28.0

    neuron_clicked = Signal(int, int)  # hidden layer (0-based), neuron index
    weight_edited = Signal(int, int, int, float, bool)  # layer (0-based), from, to, value, merge

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("networkGraph")
        self.setAccessibleName(tr("Network graph"))
        self.setToolTip(
            tr(
                "Every neuron with its activation over the input plane; click a neuron to "
                "show its map in the main view, click a link to type its weight or drag it "
                "up and down"
            )
        )
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # Ctrl+Z undoes an edit made here
        self.setMinimumSize(320, 220)
        self.sizes: tuple[int, ...] = ()
        self.weights: list[np.ndarray] = []
        self._images: list[list[QImage]] = []
        self._input_images: list[QImage] = []
        self._nodes: list[list[QRectF]] = []
        self.focus: tuple[int, int] | None = None
        self.hover_text = ""
        self.input_names: tuple[str, ...] = ()  # the inputs' names (hover text)
        self.output_names: tuple[str, ...] = ()  # the classes' names (hover text)
        self.input_labels: tuple[str, ...] = ()  # drawn beside the inputs (feature crosses)
        self.editable = False  # links can be typed into or dragged (the network tab)
        self._press: tuple[tuple[int, int, int], float, float] | None = None  # link, y, w
        self._dragged = False
        self.editor = named(
            QLineEdit(self),
            "weightEditField",
            tr("New weight"),
            tr("Type the link's new weight and press Enter (Escape leaves it as it is)"),
        )
        self.editor.setVisible(False)
        self.editor.setFixedWidth(96)
        self.editor.returnPressed.connect(self._typed)
        self.editor.installEventFilter(self)
        self.editing: tuple[int, int, int] | None = None  # the link whose field is open

    def sizeHint(self) -> QSize:
        return QSize(520, 320)

    def set_network(
        self,
        sizes: tuple[int, ...],
        input_maps: np.ndarray | None = None,
        input_labels: tuple[str, ...] = (),
    ) -> None:
        """A new network; ``input_maps`` (inputs, r, r) are drawn in the input nodes."""
        self.sizes = tuple(sizes)
        self.weights = []
        self._images = []
        self._input_images = (
            [] if input_maps is None else [rgb_qimage(diverging_colorize(m)) for m in input_maps]
        )
        self.input_labels = tuple(input_labels)
        self.focus = None
        self.close_editor()
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
        left = 76.0 if self.input_labels else margin  # room for the inputs' names
        col_gap = (w - left - self.RIGHT_MARGIN) / max(n_cols - 1, 1)
        shown = [min(s, MAX_NEURONS_DRAWN) for s in self.sizes]
        fit = min((h - 2 * margin) / max(max(shown), 1) * 0.8, col_gap * 0.45)
        node = max(8.0, min(self.NODE_SIZE, fit))
        cols = []
        for c, n in enumerate(shown):
            x = left + c * col_gap
            step = (h - 2 * margin) / max(n, 1)
            rects = [
                QRectF(x - node / 2, margin + step * (i + 0.5) - node / 2, node, node)
                for i in range(n)
            ]
            cols.append(rects)
        return cols

    def paintEvent(self, event) -> None:
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
                self.draw_node(p, c, i, r)
                hidden = 0 < c < last
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
        self._draw_input_labels(p, nodes[0])
        p.setPen(caption)  # readable in both themes
        labels = (
            [tr("input")] + [tr("layer {0}").format(k) for k in range(1, last)] + [tr("output")]
        )
        for c, rects in enumerate(nodes):
            x = rects[0].center().x()
            p.drawText(QRectF(x - 50, 4, 100, 18), Qt.AlignmentFlag.AlignCenter, labels[c])
        p.end()

    def draw_node(self, p: QPainter, c: int, i: int, r: QRectF) -> None:
        """Fill node ``i`` of column ``c``: its map, or its class colour (outputs)."""
        last = len(self.sizes) - 1
        hidden = 0 < c < last
        if hidden and c - 1 < len(self._images) and i < len(self._images[c - 1]):
            p.drawImage(r, self._images[c - 1][i])
        elif c == 0 and i < len(self._input_images):
            p.drawImage(r, self._input_images[i])  # the input's feature over the plane
        elif c == last:
            p.fillRect(r, QColor(*class_color(i)))
        else:
            p.fillRect(r, QColor(235, 235, 235))

    def _draw_input_labels(self, p: QPainter, rects: list[QRectF]) -> None:
        """The inputs' names (x₁, x₁², sin x₂, …) left of their nodes."""
        p.setPen(self.palette().text().color())
        for r, label in zip(rects, self.input_labels, strict=False):
            box = QRectF(2, r.center().y() - 9, r.left() - 6, 18)
            p.drawText(box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label)

    LINK_LEVELS = 12
    """Links are drawn in this many widths per sign: one pen and one ``drawLines`` call
    each, so a frame costs a few calls, not one antialiased pen per link."""

    def link_layers(self) -> list[LinkLayer]:
        """Per weight layer, what its links are drawn by: here the weights, by sign."""
        return [(W, POSITIVE, NEGATIVE) for W in self.weights]

    def _draw_links(self, p: QPainter, nodes: list[list[QRectF]]) -> None:
        """Every link coloured by the sign of its value (a weight; a gradient in the glass
        box), wider and more saturated for larger |value|.

        Values drawn in the same colours share one scale (the weights of all layers, or
        the gradients of all layers shown).
        """
        layers = self.link_layers()
        scale: dict[tuple[int, int], float] = {}
        for M, pos, neg in layers:
            key = (pos.rgb(), neg.rgb())
            scale[key] = max(scale.get(key, 0.0), float(np.max(np.abs(M))) if M.size else 0.0)
        buckets: dict[tuple[int, int], list[QLineF]] = {}  # (colour, width level) → lines
        colours: dict[int, QColor] = {}
        top = self.LINK_LEVELS - 1
        for layer, (M, pos, neg) in enumerate(layers):
            src, dst = nodes[layer], nodes[layer + 1]
            ns, nd = len(src), len(dst)
            w = np.asarray(M[:ns, :nd], dtype=np.float64)
            vmax = scale[(pos.rgb(), neg.rgb())] or 1.0
            levels = np.minimum(np.rint(np.abs(w) / vmax * top), top).astype(int)
            starts = [a.center() + QPointF(a.width() / 2, 0) for a in src]
            ends = [b.center() - QPointF(b.width() / 2, 0) for b in dst]
            colours[pos.rgb()], colours[neg.rgb()] = pos, neg
            signs = np.where(w >= 0, pos.rgb(), neg.rgb()).tolist()
            levels_list = levels.tolist()
            for i, a in enumerate(starts):
                row_sign, row_lvl = signs[i], levels_list[i]
                for j, b in enumerate(ends):
                    buckets.setdefault((row_sign[j], row_lvl[j]), []).append(QLineF(a, b))
        # thin lines first, so the strong weights are drawn on top; each colour is
        # mixed with the background beforehand: blending translucent pens cost ~10× the
        # drawing (0.3 ms a line, 1.5 s for eight layers of 32), opaque pens do not
        base = self.palette().base().color()
        for (rgb, level), lines in sorted(buckets.items(), key=lambda kv: kv[0][1]):
            frac = level / top
            p.setPen(QPen(_mixed(base, colours[rgb], 0.25 + 0.75 * frac), 0.5 + 5.0 * frac))
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
                name = self.output_names[i] if i < len(self.output_names) else i
                return tr("output: class {0}").format(name)
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
        if self._press is not None and event.buttons() & Qt.MouseButton.LeftButton:
            self._drag(event.position())
            return
        self.hover_text = self.describe(event.position())
        if self.hover_text:
            QToolTip.showText(event.globalPosition().toPoint(), self.hover_text, self)
        else:
            QToolTip.hideText()

    def mousePressEvent(self, event) -> None:
        self.close_editor()
        pos = event.position()
        node = self.node_at(pos)
        if node is None:
            link = self.link_at(pos) if self.editable else None
            if link is not None and event.button() == Qt.MouseButton.LeftButton:
                self._press, self._dragged = (link, pos.y(), self.weight(link)), False
            return
        c, i = node
        if 0 < c < len(self.sizes) - 1:
            self.focus = None if self.focus == (c - 1, i) else (c - 1, i)
            self.neuron_clicked.emit(*(self.focus or (-1, -1)))
            self.update()

    def mouseReleaseEvent(self, event) -> None:
        press, self._press = self._press, None
        if press is not None and not self._dragged:
            self.open_editor(press[0], event.position())

    def weight(self, link: tuple[int, int, int]) -> float:
        layer, i, j = link
        return float(self.weights[layer][i, j])

    def _drag(self, pos: QPointF) -> None:
        """Dragging a pressed link up or down changes its weight (one undo step a drag)."""
        link, y0, w0 = self._press
        dy = y0 - pos.y()
        if not self._dragged and abs(dy) < DRAG_START:
            return
        self.weight_edited.emit(*link, w0 + DRAG_STEP * dy, self._dragged)
        self._dragged = True

    # ---------------------------------------------------------------- the weight field
    def open_editor(self, link: tuple[int, int, int], at: QPointF) -> None:
        """The small field to type link ``link``'s new weight, near ``at``."""
        self.editing = link
        e = self.editor
        e.setText(f"{self.weight(link):.4g}")
        e.selectAll()
        x = min(max(at.x() - e.width() / 2, 0), self.width() - e.width())
        y = min(max(at.y() - e.sizeHint().height() - 6, 0), self.height() - e.sizeHint().height())
        e.move(int(x), int(y))
        e.setStyleSheet("")
        e.setVisible(True)
        e.raise_()
        e.setFocus()

    def close_editor(self) -> None:
        if self.editor.isVisible():
            self.editor.setVisible(False)
        self.editing = None

    @Slot()
    def _typed(self) -> None:
        if self.editing is None:
            return
        try:
            value = float(self.editor.text().replace("−", "-").replace(",", "."))
        except ValueError:
            value = math.nan
        if not math.isfinite(value):
            self.editor.setStyleSheet("QLineEdit { border: 2px solid #b00020; }")
            return
        link = self.editing
        self.close_editor()
        self.setFocus()  # Ctrl+Z now undoes the edit
        self.weight_edited.emit(*link, value, False)

    def eventFilter(self, obj, event) -> bool:
        if obj is self.editor and event.type() == QEvent.Type.FocusOut:
            self.close_editor()  # clicking elsewhere leaves the weight as it is
        return super().eventFilter(obj, event)


def _mixed(under: QColor, over: QColor, alpha: float) -> QColor:
    """The opaque colour of ``over`` drawn with ``alpha`` on ``under``."""
    return QColor(
        *(
            round(u + (o - u) * alpha)
            for u, o in zip(under.getRgb()[:3], over.getRgb()[:3], strict=True)
        )
    )


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
    """Every neuron with its activation map; click one to see it in the boundary view,
    click or drag a link to edit its weight."""

    key = "network"
    kinds = ("points", "table")

    def __init__(self, host: TabHost) -> None:
        super().__init__(host)
        self.title = tr("Network")
        self.view = NetworkGraphView()
        self.view.editable = True
        self.edit_label = QLabel(
            tr("Click a link to type a new weight, or drag it up or down; Ctrl+Z undoes.")
        )
        self.edit_label.setObjectName("weightEditLabel")
        self.edit_label.setWordWrap(True)
        self.widget = QWidget()
        self.widget.setObjectName("networkPage")
        column = QVBoxLayout(self.widget)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.view, 1)
        column.addWidget(self.edit_label)
        self.view.neuron_clicked.connect(self._neuron_clicked)
        self.view.weight_edited.connect(self._weight_edited)
        self.undo_action = self._edit_action(
            tr("Undo Weight Edit"),
            "undoWeightEditAction",
            QKeySequence.StandardKey.Undo,
            "undo_edit",
        )
        self.redo_action = self._edit_action(
            tr("Redo Weight Edit"),
            "redoWeightEditAction",
            QKeySequence.StandardKey.Redo,
            "redo_edit",
        )
        host.model.weights_edited.connect(self._show_edit)

    def _edit_action(self, text: str, name: str, keys, command: str) -> QAction:
        act = QAction(text, self.widget)
        act.setObjectName(name)
        act.setShortcut(QKeySequence(keys))
        # Only while the network page has focus: elsewhere Ctrl+Z belongs to other views.
        act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        act.setEnabled(False)
        act.triggered.connect(lambda: self.host.engine.post(command))
        self.widget.addAction(act)
        return act

    def menu_actions(self) -> dict[str, list[QAction]]:
        return {"edit": [self.undo_action, self.redo_action]}

    def available(self, info: ResetInfo) -> bool:
        return super().available(info) and not info.layered  # neurons of an MLP

    def needs(self, current: bool) -> dict:
        focus = self.view.focus
        return (
            {"want_params": True, "neurons": True, "focus": focus} if current else {"focus": focus}
        )

    def on_reset(self, info: ResetInfo) -> None:
        ds = info.dataset
        labels = FeatureMap(ds.feature_crosses).labels if ds.is_points else ()
        self.view.set_network(info.sizes, info.input_maps, labels)
        self.view.input_names = tuple(ds.feature_names or labels)
        self.view.output_names = () if ds.is_regression else tuple(ds.class_names)
        for act in (self.undo_action, self.redo_action):
            act.setEnabled(False)
        self.edit_label.setText(
            tr("Click a link to type a new weight, or drag it up or down; Ctrl+Z undoes.")
        )

    def on_frame(self, snap: Snapshot, current: bool) -> None:
        if current and snap.params is not None:
            weights = layer_weights(snap, self.host.model.info)
            self.view.set_state(weights, list(snap.neuron_maps or []) or None)

    @Slot(int, int, int, float, bool)
    def _weight_edited(self, layer: int, i: int, j: int, value: float, merge: bool) -> None:
        self.host.engine.post("edit_weight", f"W{layer + 1}", (i, j), value, merge)

    def _show_edit(self, state: EditState) -> None:
        """What the last edit did, and the loss with it (the boundary follows by itself)."""
        self.undo_action.setEnabled(state.can_undo)
        self.redo_action.setEnabled(state.can_redo)
        e = state.last
        where = f"{e.key}[{', '.join(str(k + 1) for k in e.index)}]"
        text = tr("{0}: {1} → {2}. Loss now: train {3}, test {4}. Ctrl+Z undoes.").format(
            where, f"{e.old:+.4f}", f"{e.new:+.4f}", f"{state.train_loss:.4f}",
            "—" if math.isnan(state.test_loss) else f"{state.test_loss:.4f}",
        )  # fmt: skip
        self.edit_label.setText(text)
        self.host.show_status(text)

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
