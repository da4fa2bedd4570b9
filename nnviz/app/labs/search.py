"""Random hyperparameter search, as in ``hyperparameter_optimization.py`` (DLFS ch. 6.5).

The book takes the first 500 training digits, shuffles them, holds out 20% for
validation — the test split is never looked at while choosing hyperparameters —
and trains a network with 6 hidden layers of 100 ReLU units for 50 epochs
(SGD, batches of 100) per trial, drawing the weight decay λ from
10^U(−8, −4) and the learning rate from 10^U(−6, −2).  Trials are ranked by
their final validation accuracy.

Here the trials run as races of up to eight (:mod:`nnviz.app.labs.race`): every
trial starts from the same initial weights and sees the same mini-batches, so
the ranking reflects the hyperparameters alone.  Each trial keeps its
:class:`~nnviz.core.trainer.NetworkConfig` and
:class:`~nnviz.core.trainer.TrainConfig`, so any trial can be opened as a
normal run on the same split (:func:`validation_split`).
"""

from __future__ import annotations

import dataclasses
import math
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from nnviz.app.labs.common import Claim, lab_result
from nnviz.app.labs.race import (
    MAX_CONTENDERS,
    Contender,
    NetworkBuilder,
    Race,
    build_network,
)
from nnviz.core.trainer import NetworkConfig, TrainConfig, TrainState
from nnviz.errors import ConfigError

BOOK_SAMPLES = 500
BOOK_VALIDATION = 0.2
BOOK_TRIALS = 100
BOOK_EPOCHS = 50
BOOK_BATCH = 100
LR_RANGE = (1e-6, 1e-2)
DECAY_RANGE = (1e-8, 1e-4)
BOOK_NETWORK = NetworkConfig(hidden=(100,) * 6, activation="relu", init="he")
"""The book's ``MultiLayerNet`` for the search: 6 hidden layers of 100 ReLU, He weights."""
MAX_TRIALS = 10_000


def validation_split(
    data, *, samples: int = BOOK_SAMPLES, ratio: float = BOOK_VALIDATION, seed: int = 0
):
    """The first ``samples`` training rows, shuffled, with ``ratio`` of them held out.

    Returns a copy of ``data`` whose training split is the rest of those rows and
    whose *test* split is the held-out validation rows: the original test split is
    dropped, so nothing downstream can tune on it.
    """
    n = min(int(samples), len(data.y_train))
    if n < 2:
        raise ConfigError("A validation split needs at least 2 training samples.")
    if not 0 < ratio < 1:
        raise ConfigError("The validation share must be above 0 and below 1.")
    n_val = max(int(n * ratio), 1)
    order = np.random.default_rng(seed).permutation(n)
    val, train = np.sort(order[:n_val]), np.sort(order[n_val:])
    x, y = data.x_train[:n], data.y_train[:n]
    return dataclasses.replace(
        data,
        x_train=x[train],
        y_train=y[train],
        x_test=x[val],
        y_test=y[val],
        params={
            **data.params,
            "validation_of_first": n,
            "validation_ratio": ratio,
            "validation_seed": seed,
        },
    )


@dataclass(frozen=True)
class Trial:
    """One draw of the search: its hyperparameters and the configs that train it."""

    index: int
    learning_rate: float
    weight_decay: float
    network: NetworkConfig
    train: TrainConfig

    @property
    def label(self) -> str:
        return f"lr {self.learning_rate:.3g}, λ {self.weight_decay:.3g}"


@dataclass(frozen=True)
class TrialResult:
    """A finished trial: its curves (one value per epoch) and final validation accuracy."""

    trial: Trial
    validation_accuracy: tuple[float, ...]
    train_accuracy: tuple[float, ...]
    state: str

    @property
    def final_validation_accuracy(self) -> float:
        return self.validation_accuracy[-1] if self.validation_accuracy else math.nan

    def to_dict(self) -> dict:
        c = Contender(self.trial.label, self.trial.network, self.trial.train).to_dict()
        return {
            "index": self.trial.index,
            "learning_rate": self.trial.learning_rate,
            "weight_decay": self.trial.weight_decay,
            "label": self.trial.label,
            "final_validation_accuracy": _finite(self.final_validation_accuracy),
            "validation_accuracy": [_finite(v) for v in self.validation_accuracy],
            "train_accuracy": [_finite(v) for v in self.train_accuracy],
            "state": self.state,
            "network": c["network"],
            "train": c["train"],
        }


def _finite(v: float) -> float | None:
    return float(v) if math.isfinite(v) else None


def draw_trials(
    trials: int,
    *,
    epochs: int = BOOK_EPOCHS,
    seed: int = 0,
    lr_range: tuple[float, float] = LR_RANGE,
    decay_range: tuple[float, float] = DECAY_RANGE,
    network: NetworkConfig = BOOK_NETWORK,
    batch_size: int = BOOK_BATCH,
) -> list[Trial]:
    """``trials`` log-uniform draws (λ first, then the learning rate, as the book draws them)."""
    if not 1 <= int(trials) <= MAX_TRIALS:
        raise ConfigError(f"Choose 1 to {MAX_TRIALS:,} trials.")
    if int(epochs) < 1:
        raise ConfigError("Each trial needs at least 1 epoch.")
    for name, (lo, hi) in (("learning rate", lr_range), ("weight decay", decay_range)):
        if not 0 < lo <= hi:
            raise ConfigError(f"The {name} range must be two positive numbers, low to high.")
    rng = np.random.default_rng(seed)
    out = []
    for i in range(int(trials)):
        decay = float(10 ** rng.uniform(math.log10(decay_range[0]), math.log10(decay_range[1])))
        lr = float(10 ** rng.uniform(math.log10(lr_range[0]), math.log10(lr_range[1])))
        train = TrainConfig(
            learning_rate=lr,
            optimizer="sgd",
            batch_size=batch_size,
            epochs=int(epochs),
            l2=decay,
            seed=seed,
        )
        out.append(Trial(i, lr, decay, network, train))
    return out


class HyperparameterSearch:
    """Trials trained in races of up to eight, one race at a time, in small steps.

    Parameters
    ----------
    data
        The dataset to search on, already split: its test split is the
        validation split (see :func:`validation_split`).
    trials
        From :func:`draw_trials`.
    seed
        Initial weights and batch order (the same for every trial).
    build
        Makes each network (see :func:`~nnviz.app.labs.race.build_network`).
    """

    def __init__(
        self, data, trials: list[Trial], *, seed: int = 0, build: NetworkBuilder = build_network
    ) -> None:
        if not data.has_test:
            raise ConfigError("A search needs a validation split (see validation_split).")
        if not trials:
            raise ConfigError("A search needs at least one trial.")
        self.data = data
        self.trials = list(trials)
        self.seed = seed
        self.build = build
        self.results: list[TrialResult] = []
        self._next = 0
        self.race: Race | None = None
        self.train_seconds = 0.0

    @property
    def finished(self) -> bool:
        return len(self.results) == len(self.trials)

    def _start_race(self) -> None:
        group = self.trials[self._next : self._next + MAX_CONTENDERS]
        self._group = group
        self._next += len(group)
        contenders = [Contender(t.label, t.network, t.train) for t in group]
        self.race = Race(
            self.data, contenders, seed=self.seed, epochs=group[0].train.epochs, build=self.build
        )

    def step(self, max_seconds: float | None = None) -> list[TrialResult]:
        """Train until about ``max_seconds`` have passed (``None``: to the end); the trials
        finished meanwhile."""
        done: list[TrialResult] = []
        start = time.perf_counter()
        while not self.finished:
            if self.race is None:
                self._start_race()
            left = None if max_seconds is None else max_seconds - (time.perf_counter() - start)
            if left is not None and left <= 0:
                break
            self.race.step(max_seconds=left)
            if self.race.finished:
                for trial, lane in zip(self._group, self.race.lanes, strict=True):
                    done.append(
                        TrialResult(
                            trial,
                            tuple(r.test_accuracy for r in lane.history),
                            tuple(r.train_accuracy for r in lane.history),
                            lane.state.value,
                        )
                    )
                self.results.extend(done[-len(self._group) :])
                self.train_seconds += self.race.train_seconds
                self.race = None
        return done

    def ranked(self) -> list[TrialResult]:
        """Finished trials, best final validation accuracy first (diverged ones last)."""

        def key(r: TrialResult) -> float:
            v = r.final_validation_accuracy
            return -v if math.isfinite(v) and r.state != TrainState.DIVERGED.value else math.inf

        return sorted(self.results, key=key)


def run_hyperparameter_search(
    *,
    data_dir=None,
    trials: int = BOOK_TRIALS,
    epochs: int = BOOK_EPOCHS,
    seed: int = 0,
    build: NetworkBuilder = build_network,
    progress: Callable[[int, int, str], None] | None = None,
) -> dict:
    """The lab headless: every trial ranked by validation accuracy, with curves and configs."""
    from nnviz.data.datasets import load_dataset

    drawn = draw_trials(trials, epochs=epochs, seed=seed)  # bad settings fail before loading
    data = validation_split(load_dataset("mnist", data_dir=data_dir), seed=seed)
    search = HyperparameterSearch(data, drawn, seed=seed, build=build)
    while not search.finished:
        search.step(max_seconds=0.25)
        if progress is not None:
            done = len(search.results)
            progress(done, len(drawn), f"{done:,} of {len(drawn):,} trials")
    ranked = search.ranked()
    best = ranked[0]
    top = ranked[: min(5, len(ranked))]
    lo, hi = 1e-3, 1e-2
    in_range = [lo <= r.trial.learning_rate <= hi for r in top]
    best_lr = best.trial.learning_rate
    claim = Claim(
        "best_learning_rate",
        "good learning rates lie between 0.001 and 0.01",
        "the best trial's learning rate is within 0.001–0.01",
        best_lr,
        lo <= best_lr <= hi,
    )
    return lab_result(
        [claim],
        {
            "dataset": data.key,
            "data_source": data.source,
            "train_samples": int(len(data.y_train)),
            "validation_samples": int(len(data.y_test)),
            "split": {
                "first_training_rows": BOOK_SAMPLES,
                "validation_ratio": BOOK_VALIDATION,
                "seed": seed,
            },
            "trials": len(drawn),
            "epochs": int(epochs),
            "best": best.to_dict(),
            "top5_learning_rates_in_range": sum(in_range),
            "seconds": round(search.train_seconds, 2),
            "ranked": [r.to_dict() for r in ranked],
        },
    )
