"""The batch-norm lab's view: the book's 4×4 grid of weight scales, filled in as it trains.

A :class:`~nnviz.app.labs.batch_norm.BatchNormGrid` is stepped from a ``QTimer`` on the
GUI thread in chunks of :data:`~nnviz.gui.labs.playback.TICK_SECONDS`, one cell after
another; only the cell in training (and one just finished) is redrawn per tick.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from nnviz.app.blas import one_blas_thread
from nnviz.app.labs.batch_norm import BOOK_EPOCHS, BOOK_SCALES, BatchNormGrid
from nnviz.errors import NnvizError
from nnviz.gui.i18n import translator
from nnviz.gui.labs.playback import TICK_SECONDS, add_transport, show_playing
from nnviz.gui.labs.small_multiples import SmallMultiples, curve_key, grid_pens
from nnviz.gui.widgets import named

tr = translator("labs")

BN_COLOR, PLAIN_COLOR = (31, 119, 180), (230, 120, 20)
GRID_COLUMNS = 4


class BatchNormView(QWidget):
    """Training accuracy per epoch with and without batch norm, one small plot per scale.

    Parameters
    ----------
    load_data
        Returns the training digits (loaded when the grid first starts); an
        :class:`~nnviz.errors.NnvizError` it raises is shown in the status line.

    :attr:`play`, :attr:`step_button` (one epoch of the cell in training) and
    :attr:`reset_button` drive :attr:`grid`; :attr:`cells` draws it.
    """

    def __init__(
        self, load_data: Callable, parent: QWidget | None = None, *, scales: int = BOOK_SCALES
    ) -> None:
        super().__init__(parent)
        self.setObjectName("batchNormView")
        self._load_data = load_data
        self._data = None
        self.n_scales = scales
        self.grid: BatchNormGrid | None = None
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        add_transport(
            self, bar, "bn", tr("Train the grid, cell by cell"),
            tr("Train the cell in progress for one more epoch"), tr("Empty the grid"),
        )  # fmt: skip
        self.epochs = named(QSpinBox(), "bnEpochs", tr("Epochs"), tr("Epochs per cell"))
        self.epochs.setRange(1, 500)
        self.epochs.setValue(BOOK_EPOCHS)
        bar.addWidget(QLabel(tr("Epochs per cell:")))
        bar.addWidget(self.epochs)
        bar.addStretch(1)
        key = curve_key(self._key_entries())
        key.setObjectName("bnKey")
        bar.addWidget(key)
        layout.addLayout(bar)
        rows = -(-scales // GRID_COLUMNS)
        self.cells = SmallMultiples(
            rows,
            min(scales, GRID_COLUMNS),
            grid_pens(self._key_entries()),
            name="bnGrid",
            accessible=tr("Batch norm grid"),
            tip=tr(
                "Training accuracy per epoch with (solid) and without (dashed) batch norm, "
                "one plot per initial weight scale"
            ),
        )
        for plot in self.cells.plots[scales:]:
            plot.setVisible(False)
        layout.addWidget(self.cells, 1)
        self.status = named(QLabel(), "bnStatus", tr("Batch norm"), tr("How far the grid got"))
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.reset()

    @staticmethod
    def _key_entries() -> list:
        return [(BN_COLOR, False, tr("with batch norm")), (PLAIN_COLOR, True, tr("without"))]

    # ------------------------------------------------------------------ control
    def ensure_grid(self) -> bool:
        """Start a grid (loading the digits once); False with the reason shown if it fails."""
        if self.grid is None:
            try:
                if self._data is None:
                    self._data = self._load_data()
                self.grid = BatchNormGrid(
                    self._data, scales=self.n_scales, epochs=self.epochs.value()
                )
            except NnvizError as e:
                self.status.setText(str(e))
                return False
            self.epochs.setEnabled(False)
            self.cells.set_x_range(1, self.grid.epochs)
            self._draw_all()
        return True

    @Slot(bool)
    def set_playing(self, on: bool) -> None:
        if on and not self.ensure_grid():
            on = False
        if on and self.grid.finished:
            self.reset()  # run to the end: Train runs it again
            on = self.ensure_grid()
        show_playing(self.play, self.timer, on, tr("Train"))

    @Slot()
    def _tick(self) -> None:
        cell = self.grid.current
        with one_blas_thread():
            done = self.grid.step(max_seconds=TICK_SECONDS)
        self._draw({cell, *done, self.grid.current})
        if self.grid.finished:
            self.set_playing(False)

    @Slot()
    def step_once(self) -> None:
        """Pause, then train the cell in progress for one epoch."""
        self.set_playing(False)
        if self.ensure_grid():
            cell = self.grid.current
            with one_blas_thread():
                self.grid.step_epoch()
            self._draw({cell, self.grid.current})

    @Slot()
    def reset(self) -> None:
        self.set_playing(False)
        self.grid = None
        self.epochs.setEnabled(True)
        self.cells.clear()
        self.status.setText(tr("Press Train or Step to fill the grid."))

    # ------------------------------------------------------------------ drawing
    def _title(self, i: int) -> str:
        g = self.grid
        text = tr("std {0}").format(f"{g.scales[i]:.3g}")
        if g.diverged(i)[1]:
            text += " · " + tr("without: diverged")
        return text

    def _draw(self, cells: set[int]) -> None:
        g = self.grid
        for i in sorted(c for c in cells if c < len(g.scales)):
            self.cells.set_cell(i, self._title(i), g.curves(i))
        self.cells.select(None if g.finished else g.current)
        self._show_status()

    def _draw_all(self) -> None:
        self._draw(set(range(len(self.grid.scales))))

    def _show_status(self) -> None:
        g = self.grid
        n = len(g.scales)
        if g.finished:
            text = tr("All {0} cells trained").format(n)
        else:
            text = tr("Cell {0} of {1} (std {2}), epoch {3} of {4}").format(
                g.current + 1, n, f"{g.scales[g.current]:.3g}", g.epoch, g.epochs
            )
        if g.cells:
            text += " · " + tr("batch norm learnt faster in {0} of {1} finished cells").format(
                g.batch_norm_wins, len(g.cells)
            )
        self.status.setText(text)
