"""The filters tab (convolutional networks): the first conv layer's kernels as a grid of
images, live while training — Deep Learning from Scratch's ``visualize_filter.py``."""

from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QCheckBox, QWidget

from nnviz.app.snapshot import ResetInfo, Snapshot
from nnviz.gui.i18n import translator
from nnviz.gui.tabs.base import Tab, TabHost
from nnviz.gui.tabs.weights import WeightsGridView
from nnviz.gui.widgets import set_accessible

tr = translator("digit_views")


class FiltersView(WeightsGridView):
    """One tile per filter of the first convolution layer (its kernel over the input pixels).

    Yellow weights excite the filter, blue ones inhibit it; the filters of a fresh
    network are noise and turn into edge and blob detectors as it learns.  "At the
    start" shows the filters the run began with, as the book shows before and after.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("filtersGrid")
        set_accessible(
            self,
            tr("First-layer filters"),
            tr(
                "One tile per filter of the first convolution layer: its weight on each pixel "
                "of the window it slides over. Yellow pixels excite the filter, blue ones "
                "inhibit it."
            ),
        )
        self.plot.setObjectName("filtersPlot")
        set_accessible(self.plot, tr("Filter tiles"), self.toolTip())
        self.per_tile_check.setText(tr("Scale each filter separately"))
        self.per_tile_check.setObjectName("filtersPerFilterCheck")
        self.start_check = QCheckBox(tr("At the start"))
        self.start_check.setObjectName("filtersAtStartCheck")
        set_accessible(
            self.start_check,
            tr("At the start"),
            tr("Show the filters as the run began (before training), to compare"),
        )
        self.start_check.setEnabled(False)  # until the run's first filters arrived
        self.options.addWidget(self.start_check)
        self.start_check.toggled.connect(self._show_filters)
        self.filters: np.ndarray | None = None  # (F, C, kh, kw) as shown now
        self._start: np.ndarray | None = None
        self._latest: np.ndarray | None = None

    def set_filters(self, filters: np.ndarray | None, at_start: bool = False) -> None:
        """Show kernels ``(F, C, kh, kw)`` (channels averaged); ``at_start``: before any step."""
        if filters is not None and at_start and self._start is None:
            self._start = filters
            self.start_check.setEnabled(True)
        self._latest = filters
        self._show_filters()

    def clear(self) -> None:
        self._start = self._latest = None
        self.start_check.setChecked(False)
        self.start_check.setEnabled(False)
        self._show_filters()

    def _show_filters(self) -> None:
        w = self._start if self.start_check.isChecked() else self._latest
        self.filters = w
        if w is None:
            self.set_weights(None)
            return
        f, c, kh, kw = w.shape
        kernels = w.mean(axis=1) if c > 1 else w[:, 0]
        self.set_weights(np.ascontiguousarray(kernels.reshape(f, kh * kw).T), (kh, kw))

    def _show_note(self, units: int) -> None:
        if units == 0 or self.filters is None:
            self.note.setText("")
            return
        f, c, kh, kw = self.filters.shape
        text = tr("{0} filters of {1}×{2}").format(f, kh, kw)
        if c > 1:
            text += " " + tr("(averaged over {0} input channels)").format(c)
        self.note.setText(text)


class FiltersTab(Tab):
    """The first conv layer's kernels, live while training (convolutional networks only)."""

    key = "filters"
    kinds = ("images",)

    def __init__(self, host: TabHost) -> None:
        super().__init__(host)
        self.title = tr("Filters")
        self.widget = self.view = FiltersView()

    def available(self, info: ResetInfo) -> bool:
        return super().available(info) and info.convolutional

    def needs(self, current: bool) -> dict:
        return {"filters": True} if current else {}

    def on_reset(self, info: ResetInfo) -> None:
        self.view.clear()

    def on_frame(self, snap: Snapshot, current: bool) -> None:
        if current and snap.filters is not None:
            self.view.set_filters(snap.filters, at_start=snap.iteration == 0)
