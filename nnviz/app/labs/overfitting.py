"""Overfitting, then weight decay and dropout against it (``overfit_weight_decay.py`` and
``overfit_dropout.py``, DLFS ch. 6.4).

The book trains a network of 6 hidden layers of 100 ReLU units (He weights) on only
300 MNIST training digits, with SGD at 0.01 on mini-batches of 100, and plots the
accuracy on the training and the test digits after every epoch: the training
accuracy reaches 100% while the test accuracy stays far below.  Weight decay
(λ = 0.1: ``0.5·λ·ΣW²`` added to the loss) or dropout (20% of each hidden layer's
outputs dropped while training) narrows that gap.

Here the three run as one race (:mod:`nnviz.app.labs.race`): the same initial
weights, the same mini-batches, and after every epoch the accuracy over all
training digits in inference mode (``evaluate_train``, the book's
``network.accuracy``) and over the test split.  The book runs 201 epochs with weight
decay and 301 with dropout; the lab runs one number of epochs for all (200 by
default) so the gaps are compared at the same point.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable

import numpy as np

from nnviz.app.labs.common import N_, Claim, first_rows, lab_result, layer_spec, load_mnist
from nnviz.app.labs.race import Contender, Lane, NetworkBuilder, Race, build_network
from nnviz.core.trainer import NetworkConfig, TrainConfig
from nnviz.errors import ConfigError

BOOK_SAMPLES = 300
BOOK_EPOCHS = 200
BOOK_LAYERS = 6
BOOK_BATCH = 100
BOOK_RATE = 0.01
WEIGHT_DECAY = 0.1
DROPOUT = 0.2
TR_CONTEXT = "labs"  # the lab windows translate the N_ labels below in this context
PLAIN, DECAY, DROPPED = N_("plain"), N_("weight decay λ 0.1"), N_("dropout 0.2")
"""The three contenders' labels (they name WEIGHT_DECAY and DROPOUT)."""


def overfitting_contenders(epochs: int = BOOK_EPOCHS) -> list[Contender]:
    """No regularisation, weight decay λ = 0.1, and dropout 0.2, on the book's network."""
    train = TrainConfig(
        learning_rate=BOOK_RATE, optimizer="sgd", batch_size=BOOK_BATCH, epochs=int(epochs)
    )

    def net(dropout: float = 0.0) -> NetworkConfig:
        return NetworkConfig(hidden=(), arch=layer_spec(BOOK_LAYERS, dropout=dropout), init="he")

    return [
        Contender(PLAIN, net(), train),
        Contender(DECAY, net(), dataclasses.replace(train, l2=WEIGHT_DECAY)),
        Contender(DROPPED, net(DROPOUT), train),
    ]


def overfitting_race(
    data, *, epochs: int = BOOK_EPOCHS, seed: int = 0, build: NetworkBuilder = build_network
) -> Race:
    """The three contenders as one race on ``data`` (its training rows, its test split)."""
    if int(epochs) < 1:
        raise ConfigError("The number of epochs must be at least 1.")
    if not data.has_test:
        raise ConfigError("The overfitting lab needs test data to compare with.")
    return Race(
        data,
        overfitting_contenders(epochs),
        seed=seed,
        epochs=int(epochs),
        build=build,
        evaluate_train=True,
    )


def accuracies(lane: Lane) -> tuple[np.ndarray, np.ndarray]:
    """Training and test accuracy after each epoch so far."""
    h = lane.history
    return (
        np.array([r.train_accuracy for r in h], dtype=np.float64),
        np.array([r.test_accuracy for r in h], dtype=np.float64),
    )


def gap(lane: Lane) -> float:
    """Training minus test accuracy after the last epoch (NaN before the first)."""
    train, test = accuracies(lane)
    return float(train[-1] - test[-1]) if len(train) else math.nan


def run_overfitting(
    *,
    data_dir=None,
    epochs: int = BOOK_EPOCHS,
    samples: int = BOOK_SAMPLES,
    seed: int = 0,
    build: NetworkBuilder = build_network,
    progress: Callable[[int, int, str], None] | None = None,
) -> dict:
    """The lab headless: each contender's final train and test accuracy, and the gap."""
    if int(epochs) < 1:
        raise ConfigError("The number of epochs must be at least 1.")
    data = first_rows(load_mnist(data_dir), samples)
    race = overfitting_race(data, epochs=epochs, seed=seed, build=build)
    race.run(progress)
    final = {}
    for lane in race.lanes:
        train, test = accuracies(lane)
        final[lane.label] = {
            "train_accuracy": float(train[-1]) if len(train) else None,
            "test_accuracy": float(test[-1]) if len(test) else None,
            "gap": gap(lane),
            "state": lane.state.value,
            "train_curve": [float(v) for v in train],
            "test_curve": [float(v) for v in test],
        }
    plain, decay, dropped = (final[k] for k in (PLAIN, DECAY, DROPPED))
    p_gap = plain["gap"]
    claims = [
        Claim(
            "plain_overfits",
            "without regularisation the training accuracy nears 100% while the test accuracy "
            "stays far below (Figure 6-20)",
            "plain: final training accuracy ≥ 95% and train − test ≥ 0.10",
            p_gap,
            (plain["train_accuracy"] or 0.0) >= 0.95 and p_gap >= 0.10,
        ),
        Claim(
            "weight_decay_narrows_the_gap",
            f"weight decay (λ = {WEIGHT_DECAY:g}) narrows the gap (Figure 6-21)",
            f"train − test < plain's ({p_gap:.3f})",
            decay["gap"],
            decay["gap"] < p_gap,
        ),
        Claim(
            "dropout_narrows_the_gap",
            f"dropout ({DROPOUT:g}) narrows the gap (Figure 6-23)",
            f"train − test < plain's ({p_gap:.3f})",
            dropped["gap"],
            dropped["gap"] < p_gap,
        ),
    ]
    for v in final.values():
        if not math.isfinite(v["gap"]):
            v["gap"] = None
    return lab_result(
        claims,
        {
            "dataset": data.key,
            "data_source": data.source,
            "train_samples": int(len(data.y_train)),
            "test_samples": int(len(data.y_test)),
            "epochs": int(epochs),
            "batch_size": BOOK_BATCH,
            "learning_rate": BOOK_RATE,
            "hidden_layers": layer_spec(BOOK_LAYERS),
            "seed": int(seed),
            "final": final,
            "iterations": race.iteration,
            "samples_per_second": round(race.samples_per_second, 1),
            "contenders": [c.to_dict() for c in race.contenders],
        },
    )
