"""The layers tab: weight histograms and gradient norms per layer while training."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QVBoxLayout, QWidget

from nnviz.app.snapshot import ResetInfo, Snapshot
from nnviz.core.boundary import class_color
from nnviz.gui.curves import CurveLegend
from nnviz.gui.i18n import translator
from nnviz.gui.tabs.base import Tab, TabHost
from nnviz.gui.widgets import set_accessible

tr = translator("views")


class LayerStatsView(QWidget):
    """Per-layer weight histograms and gradient norms over time.

    The gradient norms show the tutorials' lesson on activations: with sigmoid in
    a deep net the first layers' gradients shrink by orders of magnitude
    (vanishing gradients); with ReLU they stay comparable.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("layerStats")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.hist_plot = pg.PlotWidget()
        self.hist_plot.setObjectName("weightHistogramPlot")
        set_accessible(
            self.hist_plot, tr("Weight histograms"), tr("Distribution of each layer's weights")
        )
        self.norm_plot = pg.PlotWidget()
        self.norm_plot.setObjectName("gradientNormPlot")
        set_accessible(
            self.norm_plot,
            tr("Gradient norms"),
            tr("Size of each layer's weight gradient over training (log scale)"),
        )
        for plot, title, bottom in (
            (self.hist_plot, tr("Weights per layer"), tr("weight")),
            (self.norm_plot, tr("Gradient norm per layer ‖∂L/∂W‖"), tr("iteration")),
        ):
            plot.setBackground("w")
            item = plot.getPlotItem()
            item.setTitle(title)
            item.setLabel("bottom", bottom)
            item.hideButtons()  # no auto-range "A" in a corner
        self.norm_plot.getPlotItem().setLogMode(y=True)
        # One legend for both plots (a layer has one colour), under them: an in-plot
        # legend covered the curves and lost its line samples after a few layers.
        self.legend = CurveLegend()
        self.legend.setObjectName("layersLegend")
        layout.addWidget(self.hist_plot, 1)
        layout.addWidget(self.norm_plot, 1)
        layout.addWidget(self.legend)
        self._hist_curves: list[pg.PlotDataItem] = []
        self._norm_curves: list[pg.PlotDataItem] = []
        self.norms = None

    def set_layers(self, n_layers: int) -> None:
        """Create one curve per weight matrix (on Reset)."""
        from nnviz.core.history import History

        for plot, curves in (
            (self.hist_plot, self._hist_curves),
            (self.norm_plot, self._norm_curves),
        ):
            item = plot.getPlotItem()
            for c in curves:
                item.removeItem(c)
            curves.clear()
        for i in range(n_layers):
            pen = pg.mkPen(class_color(i), width=2)
            self._hist_curves.append(self.hist_plot.plot([], [], stepMode="center", pen=pen))
            self._norm_curves.append(self.norm_plot.plot([], [], pen=pen))
        self.legend.set_entries([(f"W{i + 1}", class_color(i), False) for i in range(n_layers)])
        self.norms = History(tuple(f"W{i + 1}" for i in range(n_layers)), capacity=4000)

    def update_stats(self, epoch: float, hists, norms: np.ndarray | None) -> None:
        """Show the latest histograms and add one gradient-norm point per layer."""
        if hists is not None:
            for curve, (counts, edges) in zip(self._hist_curves, hists, strict=False):
                curve.setData(edges, counts)
        if norms is not None and self.norms is not None and len(norms) == len(self._norm_curves):
            # One batch's gradient is noisy: show an exponential moving average of the samples.
            norms = np.maximum(np.asarray(norms, dtype=np.float64), 1e-12)
            last = self.norms.last
            smooth = norms if last is None else 0.7 * last[1:] + 0.3 * norms
            self.norms.append(epoch, *smooth)
            x = self.norms.column("x")
            for i, curve in enumerate(self._norm_curves):
                curve.setData(x, self.norms.column(f"W{i + 1}"))


class LayersTab(Tab):
    """Weight histograms and gradient norms per layer: watch gradients vanish."""

    key = "layers"

    def __init__(self, host: TabHost) -> None:
        super().__init__(host)
        self.title = tr("Layers")
        self.widget = self.view = LayerStatsView()

    def needs(self, current: bool) -> dict:
        return {"stats": True} if current else {}

    def on_reset(self, info: ResetInfo) -> None:
        self.view.set_layers(info.weight_layers or len(info.sizes) - 1)

    def on_frame(self, snap: Snapshot, current: bool) -> None:
        if snap.weight_hists is not None or snap.grad_norms is not None:
            trained = snap.iteration > 0
            self.view.update_stats(
                snap.iteration, snap.weight_hists, snap.grad_norms if trained else None
            )
