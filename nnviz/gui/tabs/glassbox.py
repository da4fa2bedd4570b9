"""The glass-box tab: one mini-batch step of a small network with every number laid open.

**Step one mini-batch** asks the engine to train its next batch with plain SGD and send
every number of it (:class:`~nnviz.core.glassbox.GlassBoxStep`, computed on the engine's
own network, which then goes on training from the updated weights).  **Forward** then
walks the forward pass layer by layer: beside each neuron its ``z`` and activation for
the chosen sample; **Backward** walks back from the output: each neuron's δ, the links
coloured by ∂L/∂w.  Click a neuron or a link for its equation with the real numbers —
``z = w·a + … + b``, ``w ← w − η·∂L/∂w`` — and the numerical gradient beside
backpropagation's; the table lists the layer just shown.  Below, the computational
graph of the last hidden layer's Affine → activation → Affine → Softmax-with-Loss for
the same sample, forward values above the edges and backward below.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, Qt, Signal, Slot
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from nnviz.app.glass_walk import GlassBoxWalk
from nnviz.app.snapshot import ResetInfo, Snapshot
from nnviz.core.features import FeatureMap
from nnviz.core.glassbox import MAX_GLASS_BOX_WIDTH, LayerStep, fmt
from nnviz.gui.compgraph import ComputationalGraphView
from nnviz.gui.i18n import translator
from nnviz.gui.panels import OPTIMIZER_TITLES
from nnviz.gui.tabs.base import Tab, TabHost
from nnviz.gui.tabs.network import NEGATIVE, POSITIVE, LinkLayer, NetworkGraphView, layer_weights
from nnviz.gui.widgets import named

tr = translator("glass_box")
panels_tr = translator("panels")  # the optimizers' names, as the network panel shows them

GRADIENT_POSITIVE = QColor(0, 158, 115)  # bluish green (Okabe–Ito): ∂L/∂w > 0
GRADIENT_NEGATIVE = QColor(204, 121, 167)  # reddish purple: ∂L/∂w < 0
CHOSEN = QColor(20, 20, 20)
LINE_HEIGHT = 12.0
GRAPH_DIGITS = 3
"""Significant digits beside the neurons (the panel below shows SIGNIFICANT_DIGITS)."""


def out_symbol(layer: LayerStep) -> str:
    """What a layer's output is called: ``y`` for the network's output, ``a`` otherwise."""
    return "y" if layer.activation in ("softmax", "identity") else "a"


class GlassBoxGraph(NetworkGraphView):
    """The network graph with the glass box's numbers beside each neuron.

    Links show the weights of the step, and ∂L/∂w (green +, purple −) for the layers
    the backward walk has reached.  A click chooses a neuron or a link
    (``chosen(kind, column or layer, i, j)``).
    """

    NODE_SIZE = 26.0  # small squares: the numbers sit beside them
    RIGHT_MARGIN = 96.0  # the outputs' numbers
    chosen = Signal(str, int, int, int)  # "node" (column, index, −1) or "link" (layer, i, j)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("glassBoxGraph")
        self.setAccessibleName(tr("Glass-box network"))
        self.setToolTip(tr("Click a neuron or a link to see its numbers"))
        self.walk: GlassBoxWalk | None = None
        self.choice: tuple[str, int, int, int] | None = None

    def set_walk(self, walk: GlassBoxWalk) -> None:
        self.walk = walk
        self.update()

    @property
    def step(self):
        return self.walk.reply.step if self.walk is not None and self.walk.reply else None

    def link_layers(self) -> list[LinkLayer]:
        step = self.step
        if step is None:
            return super().link_layers()
        return [
            (layer.dW, GRADIENT_POSITIVE, GRADIENT_NEGATIVE)
            if self.walk.backward_shown(layer.index)
            else (layer.W, POSITIVE, NEGATIVE)
            for layer in step.layers
        ]

    def paintEvent(self, event) -> None:
        if self.step is not None and not self.weights:
            self.weights = [layer.W for layer in self.step.layers]  # (links need them)
        super().paintEvent(event)
        if self.choice is None or not self._nodes:
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(QPen(CHOSEN, 3))
        kind, a, i, j = self.choice
        if kind == "node" and a < len(self._nodes) and i < len(self._nodes[a]):
            p.drawRect(self._nodes[a][i].adjusted(-3, -3, 3, 3))
        elif kind == "link" and a + 1 < len(self._nodes):
            src, dst = self._nodes[a][i], self._nodes[a + 1][j]
            p.drawLine(
                src.center() + QPointF(src.width() / 2, 0),
                dst.center() - QPointF(dst.width() / 2, 0),
            )
        p.end()

    def node_lines(self, c: int, i: int) -> list[str]:
        """The numbers beside neuron ``i`` of column ``c`` at this point of the walk."""
        step = self.step
        if step is None:
            return []
        if c == 0:
            return [f"x = {fmt(step.layers[0].inputs[i], GRAPH_DIGITS)}"]
        layer = step.layers[c - 1]
        lines = []
        if self.walk.forward_shown(c):
            lines += [
                f"z = {fmt(layer.z[i], GRAPH_DIGITS)}",
                f"{out_symbol(layer)} = {fmt(layer.out[i], GRAPH_DIGITS)}",
            ]
        if self.walk.backward_shown(c):
            lines.append(f"δ = {fmt(layer.delta[i], GRAPH_DIGITS)}")
        return lines

    def draw_node(self, p: QPainter, c: int, i: int, r) -> None:
        super().draw_node(p, c, i, r)
        lines = self.node_lines(c, i)
        if not lines:
            return
        font = QFont(p.font())
        font.setPixelSize(10)
        p.setFont(font)
        base = self.palette().base().color()
        width = 74.0
        box = r.adjusted(r.width() + 4, 0, 0, 0)
        box.setWidth(width)
        box.setHeight(LINE_HEIGHT * len(lines) + 2)
        box.moveTop(r.center().y() - box.height() / 2)
        p.fillRect(box, QColor(base.red(), base.green(), base.blue(), 225))
        p.setPen(self.palette().text().color())
        for k, line in enumerate(lines):
            row = box.adjusted(2, 1 + k * LINE_HEIGHT, 0, 0)
            row.setHeight(LINE_HEIGHT)
            p.drawText(row, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, line)

    def mousePressEvent(self, event) -> None:
        pos = event.position()
        node = self.node_at(pos)
        if node is not None:
            self.choice = ("node", node[0], node[1], -1)
        else:
            link = self.link_at(pos)
            self.choice = None if link is None else ("link", *link)
        self.update()
        if self.choice is not None:
            self.chosen.emit(*self.choice)


class GlassBoxView(QWidget):
    """Buttons, the graph with a detail panel and the layer's table, the computational graph."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("glassBox")
        self.step_button = named(
            QPushButton(tr("Step one mini-batch")),
            "glassStepButton",
            tr("Step one mini-batch"),
            tr("Train the next mini-batch with plain SGD and show every number of it"),
        )
        self.forward_button = named(
            QPushButton(tr("Forward ▶")),
            "glassForwardButton",
            tr("Forward"),
            tr("Show the next layer of the forward pass: z = Σ w·a + b and the activation"),
        )
        self.backward_button = named(
            QPushButton(tr("◀ Backward")),
            "glassBackwardButton",
            tr("Backward"),
            tr("Show the next layer of the backward pass, from the output: δ, ∂L/∂w, the update"),
        )
        self.sample = named(
            QSpinBox(),
            "glassSampleSpin",
            tr("Sample"),
            tr("Which sample of the mini-batch the numbers are of"),
        )
        self.sample.setRange(1, 1)
        self.info = QLabel()
        self.info.setObjectName("glassInfo")
        self.info.setWordWrap(True)
        self.note = QLabel()
        self.note.setObjectName("glassNote")
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #b35c00;")
        top = QHBoxLayout()
        for w in (self.step_button, self.forward_button, self.backward_button):
            top.addWidget(w)
        top.addSpacing(12)
        top.addWidget(QLabel(tr("Sample")))
        top.addWidget(self.sample)
        top.addStretch(1)

        self.graph = GlassBoxGraph()
        self.detail = QLabel()
        self.detail.setObjectName("glassDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.table_title = QLabel()
        self.table_title.setObjectName("glassTableTitle")
        self.table_title.setWordWrap(True)
        self.table = QTableWidget()
        self.table.setObjectName("glassTable")
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        numbers = QWidget()
        numbers_row = QHBoxLayout(numbers)
        numbers_row.setContentsMargins(4, 4, 4, 4)
        numbers_row.addWidget(self.detail, 2)
        table_col = QVBoxLayout()
        table_col.addWidget(self.table_title)
        table_col.addWidget(self.table, 1)
        numbers_row.addLayout(table_col, 3)

        self.comp_title = QLabel()
        self.comp_title.setObjectName("glassGraphTitle")
        self.comp_title.setWordWrap(True)
        self.comp = ComputationalGraphView()
        scroll = QScrollArea()
        scroll.setObjectName("glassGraphScroll")
        scroll.setWidget(self.comp)
        scroll.setWidgetResizable(False)
        graph_page = QWidget()
        graph_col = QVBoxLayout(graph_page)
        graph_col.setContentsMargins(4, 4, 4, 4)
        graph_col.addWidget(self.comp_title)
        graph_col.addWidget(scroll, 1)
        self.pages = QTabWidget()
        self.pages.setObjectName("glassPages")
        self.pages.addTab(numbers, tr("Numbers"))
        self.pages.addTab(graph_page, tr("Computational graph"))
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.graph)
        self.splitter.addWidget(self.pages)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.info)
        layout.addWidget(self.note)
        layout.addWidget(self.splitter, 1)

    def fill_table(self, headers: list[str], rows: list[list[str]]) -> None:
        self.table.clear()
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                item = QTableWidgetItem(text)
                if c:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(r, c, item)

    def cell(self, row: int, column: int) -> str:
        """The text of a table cell (what a user reads)."""
        item = self.table.item(row, column)
        return item.text() if item is not None else ""


class GlassBoxTab(Tab):
    """One mini-batch step of a small network, every number shown (see the module docstring)."""

    key = "glass_box"
    kinds = ("points", "table")

    def __init__(self, host: TabHost) -> None:
        super().__init__(host)
        self.title = tr("Glass box")
        self.widget = self.view = GlassBoxView()
        self.fits = False
        v = self.view
        v.step_button.clicked.connect(self._step)
        v.forward_button.clicked.connect(self._forward)
        v.backward_button.clicked.connect(self._backward)
        v.sample.valueChanged.connect(self._sample_chosen)
        v.graph.chosen.connect(self._chosen)
        host.model.glass_box_changed.connect(self._walk_changed)

    @property
    def walk(self) -> GlassBoxWalk:
        return self.host.model.glass_box

    def available(self, info: ResetInfo) -> bool:
        return super().available(info) and not info.layered

    def needs(self, current: bool) -> dict:
        return {"want_params": True} if current else {}

    def on_reset(self, info: ResetInfo) -> None:
        v = self.view
        ds = info.dataset
        labels = FeatureMap(ds.feature_crosses).labels if ds.is_points else ()
        v.graph.set_network(info.sizes, info.input_maps, labels)
        v.graph.input_names = tuple(ds.feature_names or labels)
        v.graph.output_names = () if ds.is_regression else tuple(ds.class_names)
        v.graph.choice = None
        widest = max(info.sizes)
        self.fits = widest <= MAX_GLASS_BOX_WIDTH
        v.note.setText(
            ""
            if self.fits
            else tr(
                "The glass box shows networks of at most {0} units a layer; this one has a "
                "layer of {1}. Choose fewer neurons (or a set with fewer inputs) and Reset."
            ).format(MAX_GLASS_BOX_WIDTH, widest)
        )
        n_train = len(ds.y_train)
        batch = info.config.train.batch_size or n_train
        v.sample.blockSignals(True)
        v.sample.setRange(1, max(min(batch, n_train), 1))
        v.sample.blockSignals(False)
        self._walk_changed(self.walk)

    def on_frame(self, snap: Snapshot, current: bool) -> None:
        if current and snap.params is not None and self.walk.reply is None:
            self.view.graph.set_state(layer_weights(snap, self.host.model.info), None)

    # ---------------------------------------------------------------- actions
    @Slot()
    def _step(self) -> None:
        self.host.set_training(False)  # the step is the run's next iteration
        self.host.engine.post("glass_box", self.view.sample.value() - 1)

    @Slot()
    def _forward(self) -> None:
        self.host.model.walk_glass_box("forward")

    @Slot()
    def _backward(self) -> None:
        self.host.model.walk_glass_box("backward")

    @Slot(int)
    def _sample_chosen(self, value: int) -> None:
        if self.walk.reply is not None:
            self.host.engine.post("glass_box_sample", value - 1)

    @Slot(str, int, int, int)
    def _chosen(self, *_choice) -> None:
        self._show_detail()

    # ---------------------------------------------------------------- showing the walk
    def _walk_changed(self, walk: GlassBoxWalk) -> None:
        v = self.view
        v.graph.set_walk(walk)
        if walk.reply is None:
            v.graph.choice = None
        v.step_button.setEnabled(self.fits)
        v.forward_button.setEnabled(walk.can_forward)
        v.backward_button.setEnabled(walk.can_backward)
        self._show_info()
        self._show_table()
        self._show_detail()
        self._show_graph()

    def _show_info(self) -> None:
        reply = self.walk.reply
        v = self.view
        if reply is None:
            v.info.setText(
                tr("Press Step one mini-batch: the next batch is trained with every number shown.")
            )
            return
        step = reply.step
        if step.batch_size != v.sample.maximum():
            v.sample.blockSignals(True)
            v.sample.setMaximum(step.batch_size)
            v.sample.blockSignals(False)
        target = np.asarray(step.target)
        truth = tr("class {0}").format(int(target)) if target.ndim == 0 else value_list(target)
        text = tr(
            "Step {0} (iteration {1}): a batch of {2}, loss {3} · sample {4}: {5}, its loss {6} · "
            "η = {7} · largest relative error of backprop vs numerical {8}"
        ).format(
            reply.number, f"{reply.iteration + 1:,}", step.batch_size, fmt(step.loss),
            step.sample + 1, truth, fmt(step.sample_loss), fmt(step.learning_rate),
            fmt(step.max_rel_error, 2),
        )  # fmt: skip
        v.info.setText(text)
        notes = []
        if reply.optimizer != "sgd":
            notes.append(
                tr(
                    "This run trains with {0}; the glass box steps with plain SGD, w ← w − η·∂L/∂w."
                ).format(panels_tr(OPTIMIZER_TITLES.get(reply.optimizer, reply.optimizer)))
            )
        if reply.graph is None:
            notes.append(
                tr(
                    "The computational graph shows Softmax-with-Loss; this network has an MSE output."
                )
            )
        v.note.setText(" ".join(notes))

    def _show_table(self) -> None:
        v, walk = self.view, self.walk
        current = walk.current
        if current is None:
            v.table_title.setText("")
            v.fill_table([], [])
            return
        direction, k = current
        layer = walk.reply.step.layers[k - 1]
        y = out_symbol(layer)
        if direction == "forward":
            v.table_title.setText(
                tr("Layer {0}, forward: z = Σ w·a + b and {1} = {2}(z) of each neuron").format(
                    k, y, layer.activation
                )
            )
            rows = [[str(j + 1), fmt(layer.z[j]), fmt(layer.out[j])] for j in range(len(layer.z))]
            v.fill_table([tr("neuron"), "z", y], rows)
            return
        v.table_title.setText(
            tr(
                "Layer {0}, backward: ∂L/∂w of the batch by backpropagation, the numerical "
                "gradient beside it, and the update w ← w − η·∂L/∂w"
            ).format(k)
        )
        rows = []
        fan_in, fan_out = layer.W.shape
        for i in range(fan_in):
            for j in range(fan_out):
                rows.append([
                    f"W{k}[{i + 1}, {j + 1}]", fmt(layer.W[i, j]), fmt(layer.dW[i, j]),
                    fmt(layer.dW_numerical[i, j]), fmt(layer.rel_error_W[i, j], 2),
                    fmt(layer.W_after[i, j]),
                ])  # fmt: skip
        for j in range(fan_out):
            rows.append([
                f"b{k}[{j + 1}]", fmt(layer.b[j]), fmt(layer.db[j]), fmt(layer.db_numerical[j]),
                fmt(layer.rel_error_b[j], 2), fmt(layer.b_after[j]),
            ])  # fmt: skip
        v.fill_table(
            [tr("parameter"), "w", "∂L/∂w", tr("numerical"), tr("rel. error"), tr("w after")],
            rows,
        )

    def _show_detail(self) -> None:
        v, walk = self.view, self.walk
        choice = v.graph.choice
        if walk.reply is None or choice is None:
            v.detail.setText(
                tr("Click a neuron or a link to see its equation with the real numbers.")
                if walk.reply is not None
                else ""
            )
            return
        kind, a, i, j = choice
        lines = node_detail(walk, a, i) if kind == "node" else link_detail(walk, a, i, j)
        v.detail.setText("\n".join(lines))

    def _show_graph(self) -> None:
        v, reply = self.view, self.walk.reply
        graph = None if reply is None else reply.graph
        v.comp.set_graph(graph)
        if graph is None:
            v.comp_title.setText(tr("Computational graph"))
            return
        v.comp_title.setText(
            tr(
                "Computational graph of sample {0} (weights before the step): forward values "
                "above the edges, backward values ∂L/∂value below in red; L is this sample's loss"
            ).format(reply.step.sample + 1)
        )


def value_list(values) -> str:
    return "[" + ", ".join(fmt(x) for x in np.ravel(values)) + "]"


def node_detail(walk: GlassBoxWalk, c: int, i: int) -> list[str]:
    """What a chosen neuron shows: its forward equation, then its backward numbers."""
    step = walk.reply.step
    if c == 0:
        return [tr("Input {0} of sample {1}: x = {2}").format(
            i + 1, step.sample + 1, fmt(step.layers[0].inputs[i]))]  # fmt: skip
    layer = step.layers[c - 1]
    last = c == len(step.layers)
    title = tr("Output {0}").format(i + 1) if last else tr("Layer {0}, neuron {1}").format(c, i + 1)
    lines = [title]
    if not walk.forward_shown(c):
        return [*lines, tr("Walk the forward pass (Forward ▶) to this layer to see its numbers.")]
    y = out_symbol(layer)
    lines.append(layer.z_equation(i))
    lines.append(f"{y} = {layer.activation}(z) = {fmt(layer.out[i])}")
    if not walk.backward_shown(c):
        return [*lines, tr("Walk the backward pass (◀ Backward) to this layer for δ.")]
    lines += [
        tr("δ = ∂L/∂z = {0} (this sample's share of the batch loss)").format(fmt(layer.delta[i])),
        tr("∂L/∂b = {0} (the batch's δ summed) · numerical {1} · relative error {2}").format(
            fmt(layer.db[i]), fmt(layer.db_numerical[i]), fmt(layer.rel_error_b[i], 2)
        ),
        f"b ← {fmt(layer.b[i])} − {fmt(step.learning_rate)}·({fmt(layer.db[i])})"
        f" = {fmt(layer.b_after[i])}",
    ]
    return lines


def link_detail(walk: GlassBoxWalk, layer_index: int, i: int, j: int) -> list[str]:
    """What a chosen link shows: its weight, what it carries, ∂L/∂w and the update."""
    step = walk.reply.step
    k = layer_index + 1
    layer = step.layers[layer_index]
    to = tr("output") if k == len(step.layers) else tr("neuron")
    source = tr("input") if k == 1 else tr("neuron")
    lines = [
        tr("W{0}[{1}, {2}] = {3}, from {4} {5} to {6} {7}").format(
            k, i + 1, j + 1, fmt(layer.W[i, j]), source, i + 1, to, j + 1
        )
    ]
    if walk.forward_shown(k):
        lines.append(
            tr("carries w·a = {0}·{1} = {2} into z").format(
                fmt(layer.W[i, j]), fmt(layer.inputs[i]), fmt(layer.W[i, j] * layer.inputs[i])
            )
        )
    if not walk.backward_shown(k):
        return [*lines, tr("Walk the backward pass (◀ Backward) to this layer for ∂L/∂w.")]
    lines += [
        tr("∂L/∂w = {0} (backpropagation, the batch) · numerical {1} · relative error {2}").format(
            fmt(layer.dW[i, j]), fmt(layer.dW_numerical[i, j]), fmt(layer.rel_error_W[i, j], 2)
        ),
        tr("this sample's share: a·δ = {0}·{1} = {2}").format(
            fmt(layer.inputs[i]), fmt(layer.delta[j]), fmt(layer.dW_sample[i, j])
        ),
        layer.update_equation(i, j, step.learning_rate),
    ]
    return lines
