"""Batch normalisation against none over 16 weight scales, as ``batch_norm_test.py`` (DLFS ch. 6.3).

The book trains two networks of 5 hidden layers of 100 ReLU units on the first
1,000 MNIST training digits — one with a ``BatchNormalization`` layer after each
``Affine``, one without — from weights drawn with a standard deviation of
``np.logspace(0, -4, 16)``, with SGD at 0.01 on mini-batches of 100 for 20
epochs, and plots both runs' training accuracy per epoch in a 4×4 grid.  Batch
norm learns faster in almost every cell; without it, a badly scaled start does
not learn at all.

Here each cell is a race of the two (:mod:`nnviz.app.labs.race`): the same
initial draws (the batch-norm layers add no random draws), the same
mini-batches, the accuracy over all training digits in inference mode after
every epoch (``evaluate_train``), as the book's ``network.accuracy(x_train,
t_train)``.  The book samples each batch with replacement; nnviz shuffles once
per epoch, as its Trainer does.  :class:`BatchNormGrid` trains the cells one
after another in steps, so a window can fill the grid in as it goes.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from nnviz.app.labs.common import N_, Claim, first_rows, lab_result, layer_spec, load_mnist
from nnviz.app.labs.race import Contender, Lane, NetworkBuilder, Race, build_network
from nnviz.core.trainer import NetworkConfig, TrainConfig, TrainState
from nnviz.errors import ConfigError

BOOK_SAMPLES = 1000
BOOK_EPOCHS = 20
BOOK_SCALES = 16
BOOK_LAYERS = 5
BOOK_BATCH = 100
BOOK_RATE = 0.01
MAX_SCALES = 64
TR_CONTEXT = "labs"  # the lab windows translate the N_ labels below in this context
BATCH_NORM, PLAIN = N_("batch norm"), N_("no batch norm")
"""The two contenders' labels."""


def weight_scales(n: int = BOOK_SCALES) -> np.ndarray:
    """The book's ``np.logspace(0, -4, 16)``: initial weight std from 1 down to 0.0001."""
    if not 1 <= int(n) <= MAX_SCALES:
        raise ConfigError(f"Choose 1 to {MAX_SCALES} weight scales.")
    return np.logspace(0, -4, int(n))


def cell_contenders(scale: float, epochs: int = BOOK_EPOCHS) -> list[Contender]:
    """Batch norm and none, both from weights of std ``scale`` (the book's ``MultiLayerNetExtend``)."""
    train = TrainConfig(
        learning_rate=BOOK_RATE, optimizer="sgd", batch_size=BOOK_BATCH, epochs=int(epochs)
    )
    return [
        Contender(
            label,
            NetworkConfig(
                hidden=(),
                arch=layer_spec(BOOK_LAYERS, batch_norm=bn),
                init="normal",
                init_std=float(scale),
            ),
            train,
        )
        for label, bn in ((BATCH_NORM, True), (PLAIN, False))
    ]


def accuracy_curve(lane: Lane) -> np.ndarray:
    """The training accuracy after each epoch so far."""
    return np.array([r.train_accuracy for r in lane.history], dtype=np.float64)


def mean_accuracy(curve: np.ndarray, epochs: int) -> float:
    """How fast a run learnt: its accuracy averaged over ``epochs`` epochs, epochs after a
    divergence counting as 0 (a run that blew up learnt nothing)."""
    return float(np.sum(curve[:epochs]) / epochs) if epochs else math.nan


@dataclass(frozen=True)
class Cell:
    """One finished cell: the weight scale and both runs' accuracy per epoch."""

    scale: float
    batch_norm: tuple[float, ...]
    plain: tuple[float, ...]
    batch_norm_state: str
    plain_state: str
    epochs: int

    def mean(self, which: str) -> float:
        """Mean accuracy over the epochs of ``"batch_norm"`` or ``"plain"``."""
        return mean_accuracy(np.asarray(getattr(self, which)), self.epochs)

    def final(self, which: str) -> float | None:
        """The last epoch's accuracy (``None`` when the run diverged before it)."""
        curve = getattr(self, which)
        return curve[-1] if len(curve) == self.epochs else None

    @property
    def batch_norm_wins(self) -> bool:
        """Batch norm learnt faster: a higher accuracy averaged over the epochs."""
        return self.mean("batch_norm") > self.mean("plain")

    @property
    def plain_stalls(self) -> bool:
        """Without batch norm nothing was learnt (below 20%, or diverged) while batch norm
        got past 50%."""
        plain, bn = self.final("plain"), self.final("batch_norm")
        return (plain is None or plain < 0.2) and bn is not None and bn > 0.5

    def to_dict(self) -> dict:
        def run(which: str) -> dict:
            return {
                "accuracy": [float(v) for v in getattr(self, which)],
                "final_accuracy": self.final(which),
                "mean_accuracy": round(self.mean(which), 6),
                "state": getattr(self, f"{which}_state"),
            }

        return {
            "scale": self.scale,
            "batch_norm": run("batch_norm"),
            "plain": run("plain"),
            "batch_norm_wins": self.batch_norm_wins,
        }


class BatchNormGrid:
    """The book's grid, trained cell by cell in small steps.

    Parameters
    ----------
    data
        The training digits (see :func:`~nnviz.app.labs.common.first_rows`); a
        test split, if any, is evaluated too but not drawn.
    scales, epochs
        How many weight scales (from 1 down to 0.0001) and epochs per cell.
    seed
        Initial weights and batch order (the same for every cell).
    build
        Makes each network (see :func:`~nnviz.app.labs.race.build_network`).
    """

    def __init__(
        self,
        data,
        *,
        scales: int = BOOK_SCALES,
        epochs: int = BOOK_EPOCHS,
        seed: int = 0,
        build: NetworkBuilder = build_network,
    ) -> None:
        if int(epochs) < 1:
            raise ConfigError("Each cell needs at least 1 epoch.")
        self.data = data
        self.scales = weight_scales(scales)
        self.epochs = int(epochs)
        self.seed = int(seed)
        self.build = build
        self.cells: list[Cell] = []
        self.race: Race | None = None  # the cell being trained
        self.train_seconds = 0.0

    @property
    def finished(self) -> bool:
        return len(self.cells) == len(self.scales)

    @property
    def current(self) -> int:
        """Index of the cell being (or next to be) trained."""
        return len(self.cells)

    @property
    def epoch(self) -> int:
        """Epochs the current cell has trained."""
        return 0 if self.race is None else self.race.epoch

    def reset(self) -> None:
        """Back to an empty grid."""
        self.cells, self.race, self.train_seconds = [], None, 0.0

    def _race(self) -> Race:
        """The current cell's race (started when first needed)."""
        if self.race is None:
            self.race = Race(
                self.data,
                cell_contenders(float(self.scales[self.current]), self.epochs),
                seed=self.seed,
                epochs=self.epochs,
                build=self.build,
                evaluate_train=True,
            )
        return self.race

    def _collect(self) -> list[int]:
        """Keep the current cell's curves once its race is over; the cells finished."""
        if self.race is None or not self.race.finished:
            return []
        bn, plain = self.race.lanes
        self.cells.append(
            Cell(
                float(self.scales[self.current]),
                tuple(accuracy_curve(bn).tolist()),
                tuple(accuracy_curve(plain).tolist()),
                bn.state.value,
                plain.state.value,
                self.epochs,
            )
        )
        self.train_seconds += self.race.train_seconds
        self.race = None  # its networks and data cache go: only the curves are kept
        return [len(self.cells) - 1]

    def step(self, max_seconds: float | None = None) -> list[int]:
        """Train for about ``max_seconds`` (``None``: to the end); the cells finished meanwhile."""
        done = []
        start = time.perf_counter()
        while not self.finished:
            left = None if max_seconds is None else max_seconds - (time.perf_counter() - start)
            if left is not None and left <= 0:
                break
            self._race().step(max_seconds=left)
            done += self._collect()
        return done

    def step_epoch(self) -> list[int]:
        """Train the current cell for one more epoch; the cells finished (at most one)."""
        if self.finished:
            return []
        race = self._race()
        race.step(max_batches=race.left_in_epoch)
        return self._collect()

    def curves(self, index: int) -> tuple[np.ndarray, np.ndarray]:
        """Cell ``index``'s accuracy per epoch so far: batch norm's and the plain network's."""
        if index < len(self.cells):
            c = self.cells[index]
            return np.array(c.batch_norm), np.array(c.plain)
        if index == self.current and self.race is not None:
            bn, plain = self.race.lanes
            return accuracy_curve(bn), accuracy_curve(plain)
        return np.empty(0), np.empty(0)

    def diverged(self, index: int) -> tuple[bool, bool]:
        """Whether cell ``index``'s batch-norm and plain runs diverged (so far)."""
        if index < len(self.cells):
            c = self.cells[index]
            return c.batch_norm_state == "diverged", c.plain_state == "diverged"
        if index == self.current and self.race is not None:
            return tuple(lane.state is TrainState.DIVERGED for lane in self.race.lanes)
        return False, False

    @property
    def batch_norm_wins(self) -> int:
        """Finished cells in which batch norm learnt faster."""
        return sum(c.batch_norm_wins for c in self.cells)


def run_batch_norm(
    *,
    data_dir=None,
    epochs: int = BOOK_EPOCHS,
    scales: int = BOOK_SCALES,
    samples: int = BOOK_SAMPLES,
    seed: int = 0,
    build: NetworkBuilder = build_network,
    progress: Callable[[int, int, str], None] | None = None,
) -> dict:
    """The lab headless: every cell's accuracy curves, and how many cells batch norm wins."""
    weight_scales(scales)  # bad settings fail before the data loads
    if int(epochs) < 1:
        raise ConfigError("Each cell needs at least 1 epoch.")
    data = first_rows(load_mnist(data_dir), samples, test=False)
    grid = BatchNormGrid(data, scales=scales, epochs=epochs, seed=seed, build=build)
    total = len(grid.scales) * grid.epochs
    while not grid.finished:
        grid.step(max_seconds=0.25)
        if progress is not None:
            done = len(grid.cells) * grid.epochs + grid.epoch
            progress(
                done, total, f"cell {min(grid.current + 1, len(grid.scales))} of {len(grid.scales)}"
            )
    n = len(grid.cells)
    wins = grid.batch_norm_wins
    stalls = sum(c.plain_stalls for c in grid.cells)
    most, quarter = math.ceil(0.75 * n), math.ceil(0.25 * n)
    claims = [
        Claim(
            "batch_norm_learns_faster",
            "batch norm learns faster in almost every cell (Figure 6-19)",
            f"cells where batch norm's accuracy averaged over the epochs is higher ≥ {most} of {n}",
            wins,
            wins >= most,
        ),
        Claim(
            "plain_stalls_when_badly_scaled",
            "without batch norm, a badly scaled start does not learn at all",
            f"cells where the plain network ends below 20% (or diverges) and batch norm above "
            f"50% ≥ {quarter} of {n}",
            stalls,
            stalls >= quarter,
        ),
    ]
    return lab_result(
        claims,
        {
            "dataset": data.key,
            "data_source": data.source,
            "train_samples": int(len(data.y_train)),
            "epochs": grid.epochs,
            "batch_size": BOOK_BATCH,
            "learning_rate": BOOK_RATE,
            "hidden_layers": layer_spec(BOOK_LAYERS, batch_norm=True),
            "seed": int(seed),
            "batch_norm_wins": wins,
            "batch_norm_wins_final": sum(
                (c.final("batch_norm") or 0.0) > (c.final("plain") or 0.0) for c in grid.cells
            ),
            "plain_stalls": stalls,
            "cells": [c.to_dict() for c in grid.cells],
            "seconds": round(grid.train_seconds, 2),
        },
    )
