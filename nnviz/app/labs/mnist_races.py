"""The book's two MNIST comparisons as races: optimizers, and weight initialisations.

``optimizer_compare_mnist.py`` and ``weight_init_compare.py`` (Deep Learning from
Scratch ch. 6.1.8 and 6.2.4) train a 784-100-100-100-100-10 ReLU network with
mini-batches of 128 for 2,000 iterations and plot each contender's loss through
the book's ``smooth_curve``.  Here the contenders race on the same batches from
the same initial draws (see :mod:`nnviz.app.labs.race`).  One difference: the
book samples each batch with replacement (``np.random.choice``); nnviz shuffles
once per epoch, as its Trainer does, so a race is a set of normal runs.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from nnviz.app.labs.common import Claim, lab_result, load_mnist
from nnviz.app.labs.race import Contender, NetworkBuilder, Race, build_network
from nnviz.core.trainer import NetworkConfig, TrainConfig
from nnviz.errors import ConfigError

BOOK_ITERATIONS = 2000
BOOK_BATCH = 128
BOOK_HIDDEN = (100, 100, 100, 100)
OPTIMIZER_RATES = (("sgd", 0.01), ("momentum", 0.01), ("adagrad", 0.01), ("adam", 0.001))
"""The book's defaults: ``SGD()``, ``Momentum()``, ``AdaGrad()`` (lr 0.01) and ``Adam()`` (0.001)."""
INITS = (("std 0.01", "normal"), ("Xavier", "xavier"), ("He", "he"))
CHANCE = math.log(10)


def optimizer_contenders() -> list[Contender]:
    """SGD, Momentum, AdaGrad and Adam on the book's network (He initialisation, ReLU)."""
    net = NetworkConfig(hidden=BOOK_HIDDEN, activation="relu", init="he")
    return [
        Contender(name, net, TrainConfig(learning_rate=lr, optimizer=name, batch_size=BOOK_BATCH))
        for name, lr in OPTIMIZER_RATES
    ]


def init_contenders() -> list[Contender]:
    """std 0.01, Xavier and He on the book's network, all trained with SGD at 0.01."""
    train = TrainConfig(learning_rate=0.01, optimizer="sgd", batch_size=BOOK_BATCH)
    return [
        Contender(label, NetworkConfig(hidden=BOOK_HIDDEN, init=init, init_std=0.01), train)
        for label, init in INITS
    ]


def _optimizer_claims(final: dict[str, float]) -> list[Claim]:
    sgd = final["sgd"]
    claims = []
    for name, title in (("momentum", "Momentum"), ("adagrad", "AdaGrad"), ("adam", "Adam")):
        ratio = final[name] / sgd if sgd > 0 else math.inf
        claims.append(
            Claim(
                f"{name}_beats_sgd",
                f"{title} learns faster than SGD (Figure 6-9)",
                "final smoothed loss / SGD's < 1",
                ratio,
                ratio < 1.0,
            )
        )
    return claims


def _init_claims(final: dict[str, float]) -> list[Claim]:
    std, xavier, he = final["std 0.01"], final["Xavier"], final["He"]
    return [
        Claim(
            "std001_does_not_learn",
            "std 0.01 does not learn at all (Figure 6-15)",
            f"final smoothed loss ≥ 2.2 (chance: ln 10 = {CHANCE:.3f})",
            std,
            std >= 2.2,
        ),
        Claim(
            "xavier_learns",
            "Xavier learns",
            "final smoothed loss < half of std 0.01's",
            xavier,
            xavier < 0.5 * std,
        ),
        Claim(
            "he_learns",
            "He learns, a little faster than Xavier",
            "final smoothed loss < half of std 0.01's and ≤ 1.1 × Xavier's",
            he,
            he < 0.5 * std and he <= 1.1 * xavier,
        ),
    ]


RACES: dict[str, tuple[Callable[[], list[Contender]], Callable[[dict], list[Claim]]]] = {
    "optimizer": (optimizer_contenders, _optimizer_claims),
    "init": (init_contenders, _init_claims),
}


def run_race_lab(
    which: str,
    *,
    data_dir=None,
    iterations: int = BOOK_ITERATIONS,
    seed: int = 0,
    build: NetworkBuilder = build_network,
    progress: Callable[[int, int, str], None] | None = None,
) -> dict:
    """One of :data:`RACES` on MNIST headless; ``iterations`` shortens it.

    The result's ``details`` hold every contender's configs, loss and smoothed
    loss per iteration, per-epoch records and final figures
    (:meth:`~nnviz.app.labs.race.Race.results`).
    """
    contenders, claims = RACES[which]
    if int(iterations) < 1:
        raise ConfigError("The number of iterations must be at least 1.")
    data = load_mnist(data_dir)
    race = Race(data, contenders(), seed=seed, iterations=int(iterations), build=build)
    race.run(progress)
    results = race.results()
    final = {c["label"]: c["final_smoothed_loss"] for c in results["contenders"]}
    final = {k: (math.inf if v is None else v) for k, v in final.items()}
    details = {
        "dataset": data.key,
        "data_source": data.source,
        "train_samples": int(len(data.y_train)),
        "final_smoothed_loss": final,
        "winner": min(final, key=final.get),
        "samples_per_second": round(race.samples_per_second, 1),
        **results,
    }
    return lab_result(claims(final), details)


def run_optimizer_race(**options) -> dict:
    """``optimizer_compare_mnist.py`` as a race (options as :func:`run_race_lab`)."""
    return run_race_lab("optimizer", **options)


def run_init_race(**options) -> dict:
    """``weight_init_compare.py`` as a race (options as :func:`run_race_lab`)."""
    return run_race_lab("init", **options)
