"""A computational graph in Deep Learning from Scratch's ch. 5 notation, with its numbers.

Draws a :class:`~nnviz.core.glassbox.ComputationalGraph` left to right: operations
(``dot``, ``+``, ``exp``, ``/``, ``×``, ``log``, the activation) as circles, the values
that enter from outside (weights, biases, labels, −1) as plain names, and on every
edge the value flowing forward above it and ``∂L/∂(that value)`` flowing backward
below it (in red, as the book prints them).  A vector is shown by its first elements
and its length, a matrix by its shape; hovering an edge shows all of it.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QToolTip, QWidget

from nnviz.core.glassbox import ComputationalGraph, GraphEdge, fmt
from nnviz.gui.i18n import translator
from nnviz.gui.widgets import set_accessible

tr = translator("glass_box")

FORWARD_COLOUR = QColor(0, 90, 160)
BACKWARD_COLOUR = QColor(200, 30, 30)
RADIUS = 15.0
ROW_HEIGHT = 84.0
LEAF_BELOW = 0.65
"""Rows below its operation a label (t) or −1 enters from: clear of the row's own edge labels."""
LEAF_LABEL_AT = 0.35
"""Where along an edge from outside (W, b, t, −1) its numbers sit: near its source, so they
stay clear of the labels of the edge the operation's other input comes along."""
MARGIN = 30.0
SHOWN_ELEMENTS = 2
OP_SYMBOLS = {"sigmoid": "σ", "softplus": "sp", "linear": "id", "leaky_relu": "lrelu"}
"""Activation nodes whose names do not fit in the circle."""


def value_text(value, digits: int = 3) -> str:
    """A value as an edge label: a number, a short vector, or a matrix's shape."""
    a = np.asarray(value, dtype=np.float64)
    if a.ndim == 0:
        return fmt(a, digits)
    if a.ndim == 1:
        shown = ", ".join(fmt(v, digits) for v in a[:SHOWN_ELEMENTS])
        return f"[{shown}]" if a.size <= SHOWN_ELEMENTS else f"[{shown}, …] ({a.size})"
    return "×".join(map(str, a.shape))


def full_text(value) -> str:
    """Every number of a value (the hover text)."""
    a = np.asarray(value, dtype=np.float64)
    if a.ndim == 0:
        return fmt(a)
    rows = a.reshape(-1, a.shape[-1]) if a.ndim > 1 else a[None, :]
    return "\n".join("  ".join(fmt(v) for v in row) for row in rows)


class ComputationalGraphView(QWidget):
    """Nodes in columns by depth, edges with forward values above and backward below."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("computationalGraph")
        set_accessible(
            self,
            tr("Computational graph"),
            tr("Forward values above the edges, backward values (∂L/∂value) below in red"),
        )
        self.setMouseTracking(True)
        self.graph: ComputationalGraph | None = None
        self._ops: set[str] = set()  # the nodes that are operations (not values from outside)
        self.positions: dict[str, QPointF] = {}
        self._size = QSize(400, 200)
        self.font_ = QFont(self.font())
        self.font_.setPixelSize(11)
        self.small_font = QFont(self.font_)
        self.small_font.setPixelSize(9)

    def sizeHint(self) -> QSize:
        return self._size

    def minimumSizeHint(self) -> QSize:
        return self._size

    def set_graph(self, graph: ComputationalGraph | None) -> None:
        self.graph = graph
        self._ops = set() if graph is None else {n.id for n in graph.nodes if n.op != "input"}
        self._place()
        self.updateGeometry()
        self.adjustSize()
        self.update()

    # ---------------------------------------------------------------- geometry
    def _columns(self) -> dict[str, int]:
        """Each node's column: one past its deepest input; a value from outside sits
        one column before the operation that takes it."""
        g = self.graph
        inputs: dict[str, list[str]] = {n.id: [] for n in g.nodes}
        takers: dict[str, list[str]] = {n.id: [] for n in g.nodes}
        for e in g.edges:
            inputs[e.target].append(e.source)
            takers[e.source].append(e.target)
        col: dict[str, int] = {}
        for n in g.nodes:  # forward order: inputs come first
            col[n.id] = 1 + max((col[s] for s in inputs[n.id]), default=-1)
        for n in g.nodes:
            if not inputs[n.id] and takers[n.id]:
                # labels and −1 come from below: from two columns back, clear of the row
                back = 2 if n.id == "minus1" or n.id.rstrip("0123456789") == "t" else 1
                col[n.id] = max(min(col[t] for t in takers[n.id]) - back, 0)
        return col

    def _rows(self) -> dict[str, float]:
        """Each node's row (in row heights), as the book draws Softmax-with-Loss: one row
        per class (exp, ×, log, × by t), the sums below them, the Affine chain in the
        middle with its weights and biases entering from above."""
        k = sum(1 for n in self.graph.nodes if n.id.startswith("exp"))
        middle, shared = (k - 1) / 2, k - 0.5
        rows = {}
        for n in self.graph.nodes:
            head = n.id.rstrip("0123456789")
            index = int(n.id[len(head) :]) if len(head) < len(n.id) else 0
            if n.id in ("sum", "inv", "total", "L"):
                rows[n.id] = shared
            elif n.id == "minus1":
                rows[n.id] = shared + LEAF_BELOW
            elif head in ("exp", "y", "log", "tlog"):
                rows[n.id] = index
            elif head == "t":
                rows[n.id] = index + LEAF_BELOW
            elif head in ("W", "b"):
                rows[n.id] = middle - 0.9
            else:  # a, dot, add, act: the Affine → activation → Affine chain
                rows[n.id] = middle
        return rows

    def _place(self) -> None:
        self.positions = {}
        if self.graph is None:
            self._size = QSize(400, 120)
            return
        col = self._columns()
        n_cols = max(col.values()) + 1
        metrics = QFontMetricsF(self.font_)
        # a column is as wide as the longest label of the edges that end in it
        widths = [80.0] * n_cols
        for e in self.graph.edges:
            need = max(metrics.horizontalAdvance(t) for t in self.edge_texts(e))
            c = col[e.target]
            widths[c] = max(widths[c], need + 2 * RADIUS + 10)
        rows = self._rows()
        top = min(rows.values())
        height = 2 * MARGIN + (max(rows.values()) - top) * ROW_HEIGHT
        x = MARGIN + RADIUS
        xs = []
        for c in range(n_cols):
            x += widths[c] if c else 0.0
            xs.append(x)
        for n in self.graph.nodes:
            y = MARGIN + (rows[n.id] - top) * ROW_HEIGHT
            self.positions[n.id] = QPointF(xs[col[n.id]], y)
        self._size = QSize(int(x + RADIUS + MARGIN + 30), int(height))

    # ---------------------------------------------------------------- drawing
    def edge_texts(self, edge: GraphEdge) -> tuple[str, str]:
        """The forward and backward labels of ``edge``."""
        return value_text(edge.forward), value_text(edge.backward)

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), self.palette().base())
        p.setFont(self.font_)
        text = self.palette().text().color()
        if self.graph is None:
            p.setPen(text)
            p.drawText(
                self.rect(),
                Qt.AlignmentFlag.AlignCenter,
                tr("Step one mini-batch to see the computational graph of a sample."),
            )
            p.end()
            return
        ops = self._ops
        for e in self.graph.edges:
            self._draw_edge(p, e, e.source in ops, text)
        for n in self.graph.nodes:
            c = self.positions[n.id]
            p.setFont(self.font_)
            if n.op == "input":
                p.setPen(text)
                box = QRectF(c.x() - 40, c.y() - 10, 80, 20)
                p.drawText(box, Qt.AlignmentFlag.AlignCenter, n.label)
                continue
            p.setPen(QPen(text, 1.3))
            p.setBrush(self.palette().window())
            p.drawEllipse(c, RADIUS, RADIUS)
            label = OP_SYMBOLS.get(n.label, n.label[:5])
            p.setFont(self.small_font if len(label) > 3 else self.font_)
            p.drawText(QRectF(c.x() - RADIUS, c.y() - RADIUS, 2 * RADIUS, 2 * RADIUS),
                       Qt.AlignmentFlag.AlignCenter, label)  # fmt: skip
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.end()

    def _ends(self, e: GraphEdge, from_op: bool) -> tuple[QPointF, QPointF]:
        a, b = self.positions[e.source], self.positions[e.target]
        d = b - a
        length = max((d.x() ** 2 + d.y() ** 2) ** 0.5, 1e-6)
        unit = d / length
        start = a + unit * (RADIUS if from_op else 22.0)
        return start, b - unit * RADIUS

    def _label_point(self, e: GraphEdge, start: QPointF, end: QPointF) -> QPointF:
        """Where an edge's numbers sit: its middle, or near its source for a value that
        enters the chain from outside (W, b, t, −1)."""
        level = abs(self.positions[e.source].y() - self.positions[e.target].y()) < 1
        t = 0.5 if level or e.source in self._ops else LEAF_LABEL_AT
        return start + (end - start) * t

    def _draw_edge(self, p: QPainter, e: GraphEdge, from_op: bool, text: QColor) -> None:
        start, end = self._ends(e, from_op)
        p.setPen(QPen(text, 1.0))
        p.drawLine(start, end)
        d = end - start
        length = max((d.x() ** 2 + d.y() ** 2) ** 0.5, 1e-6)
        u = d / length
        n = QPointF(-u.y(), u.x())
        head = QPainterPath(end)
        head.lineTo(end - u * 7 + n * 3.5)
        head.lineTo(end - u * 7 - n * 3.5)
        head.closeSubpath()
        p.fillPath(head, text)
        forward, backward = self.edge_texts(e)
        mid = self._label_point(e, start, end)
        flags = Qt.AlignmentFlag.AlignHCenter
        p.setPen(FORWARD_COLOUR)
        p.drawText(QRectF(mid.x() - 90, mid.y() - 17, 180, 15),
                   flags | Qt.AlignmentFlag.AlignBottom, forward)  # fmt: skip
        p.setPen(BACKWARD_COLOUR)
        p.drawText(QRectF(mid.x() - 90, mid.y() + 2, 180, 15),
                   flags | Qt.AlignmentFlag.AlignTop, backward)  # fmt: skip

    # ---------------------------------------------------------------- hover
    def edge_at(self, pos: QPointF, tolerance: float = 12.0) -> GraphEdge | None:
        """The edge whose labels (its midpoint) are nearest ``pos``."""
        if self.graph is None:
            return None
        best, best_d = None, tolerance
        for e in self.graph.edges:
            start, end = self._ends(e, e.source in self._ops)
            mid = self._label_point(e, start, end)
            d = max(abs(pos.x() - mid.x()) - 30, abs(pos.y() - mid.y()) - 4, 0.0)
            if d < best_d:
                best, best_d = e, d
        return best

    def mouseMoveEvent(self, event) -> None:
        e = self.edge_at(event.position())
        if e is None:
            QToolTip.hideText()
            return
        QToolTip.showText(
            event.globalPosition().toPoint(),
            tr("{0} → {1}, {2}\nforward:\n{3}\nbackward (∂L/∂{2}):\n{4}").format(
                e.source, e.target, e.label, full_text(e.forward), full_text(e.backward)
            ),
            self,
        )
