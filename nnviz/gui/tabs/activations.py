"""The activations tab: per-layer histograms of the user's own network while it trains.

The engine computes them (:func:`nnviz.app.labs.activations.network_histograms` on
1,000 fixed training rows, at most five times a second) only while this tab is shown;
the tab keeps them in an :class:`~nnviz.app.labs.activations.ActivationHistory` (at most
256 snapshots, thinned to cover the whole run) for the time scrubber.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSlider, QVBoxLayout, QWidget

from nnviz.app.labs.activations import ActivationHistory
from nnviz.app.snapshot import ResetInfo, Snapshot
from nnviz.gui.i18n import translator
from nnviz.gui.labs.histograms import HistogramRow
from nnviz.gui.tabs.base import Tab, TabHost
from nnviz.gui.widgets import named

tr = translator("views")

HISTORY_CAPACITY = 256


class ActivationsView(QWidget):
    """Histograms of each hidden layer's activations, live or at a moment picked on the scrubber.

    :attr:`scrubber` selects a recorded snapshot (its right end follows training live);
    :attr:`row` draws; :attr:`shown` is the snapshot drawn; :attr:`history` holds them.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("activationsView")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.hint = named(
            QLabel(), "activationsHint", tr("Activations"), tr("What the histograms show")
        )
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        self.row = HistogramRow()
        layout.addWidget(self.row, 1)
        bar = QHBoxLayout()
        self.scrubber = named(
            QSlider(Qt.Orientation.Horizontal), "activationsScrubber", tr("Time"),
            tr("Drag back to see the histograms earlier in training; the right end is live"),
        )  # fmt: skip
        self.scrubber.setRange(0, 0)
        self.scrubber.valueChanged.connect(self._scrubbed)
        self.when = named(QLabel(), "activationsWhen", tr("Shown"), tr("The moment shown"))
        bar.addWidget(QLabel(tr("Time:")))
        bar.addWidget(self.scrubber, 1)
        bar.addWidget(self.when)
        layout.addLayout(bar)
        self.history = ActivationHistory(HISTORY_CAPACITY)
        self.shown = None
        self.clear()

    @property
    def live(self) -> bool:
        """True while the scrubber sits at its right end (new snapshots are shown)."""
        return self.scrubber.value() >= self.scrubber.maximum()

    def clear(self, has_hidden: bool = True) -> None:
        """Forget the old network's histograms."""
        self.history.clear()
        self.shown = None
        self._set_range(0, 0)
        self.when.setText("")
        self.hint.setText(
            tr(
                "Each hidden layer's outputs on 1,000 training examples, recorded while "
                "this tab is shown; drag the time slider back to compare."
            )
            if has_hidden
            else tr("This network has no hidden layers whose activations can be shown.")
        )

    def _set_range(self, maximum: int, value: int) -> None:
        self.scrubber.blockSignals(True)
        self.scrubber.setRange(0, maximum)
        self.scrubber.setValue(value)
        self.scrubber.blockSignals(False)

    def add(self, snap) -> None:
        """Record a new snapshot; draw it when live, else keep the moment shown."""
        if self.history.snapshots and snap.iteration == self.history.snapshots[-1].iteration:
            self.history.snapshots[-1] = snap  # same moment (e.g. paused): the latest wins
        elif self.history.due(snap.iteration):
            self.history.record(snap)
        else:
            return
        live = self.live or self.shown is None
        its = self.history.iterations()
        index = len(its) - 1
        if not live:
            index = its.index(self.history.at(self.shown.iteration).iteration)
        self._set_range(len(its) - 1, index)
        self._show(self.history.snapshots[index], live)

    @Slot(int)
    def _scrubbed(self, index: int) -> None:
        if 0 <= index < len(self.history):
            self._show(self.history.snapshots[index], self.live)

    def _show(self, snap, live: bool) -> None:
        self.shown = snap
        self.row.show_snapshot(snap)
        text = tr("iteration {0}").format(f"{snap.iteration:,}")
        self.when.setText(tr("{0} (live)").format(text) if live else text)


class ActivationsTab(Tab):
    """Per-layer activation histograms of the network being trained."""

    key = "activations"

    def __init__(self, host: TabHost) -> None:
        super().__init__(host)
        self.title = tr("Activations")
        self.widget = self.view = ActivationsView()

    def needs(self, current: bool) -> dict:
        return {"activations": True} if current else {}

    def on_reset(self, info: ResetInfo) -> None:
        hidden = len(info.sizes) - 2
        self.view.clear(has_hidden=hidden > 0)
        if hidden > 0:
            self.view.row.set_layers(hidden)

    def on_frame(self, snap: Snapshot, current: bool) -> None:
        if snap.activation_hists is not None:
            self.view.add(snap.activation_hists)
