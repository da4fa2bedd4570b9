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


def _mnist(data_dir):
    from nnviz.data.datasets import load_dataset

    return load_dataset("mnist", data_dir=data_dir)


def _run(
    contenders: list[Contender],
    claims: Callable[[dict[str, float]], tuple[dict, dict, dict, dict]],
    *,
    data_dir,
    iterations: int,
    seed: int,
    build: NetworkBuilder,
) -> dict:
    if int(iterations) < 1:
        raise ConfigError("The number of iterations must be at least 1.")
    data = _mnist(data_dir)
    race = Race(data, contenders, seed=seed, iterations=int(iterations), build=build)
    race.run()
    results = race.results()
    final = {c["label"]: c["final_smoothed_loss"] for c in results["contenders"]}
    final = {k: (math.inf if v is None else v) for k, v in final.items()}
    published, measured, criteria, within = claims(final)
    return {
        "published": published,
        "measured": measured,
        "criteria": criteria,
        "within": within,
        "reproduced": all(within.values()),
        "details": {
            "dataset": data.key,
            "data_source": data.source,
            "train_samples": int(len(data.y_train)),
            "final_smoothed_loss": final,
            "winner": min(final, key=final.get),
            "samples_per_second": round(race.samples_per_second, 1),
            **results,
        },
    }


def _optimizer_claims(final: dict[str, float]):
    published, measured, criteria, within = {}, {}, {}, {}
    sgd = final["sgd"]
    for name, title in (("momentum", "Momentum"), ("adagrad", "AdaGrad"), ("adam", "Adam")):
        key = f"{name}_beats_sgd"
        published[key] = f"{title} learns faster than SGD (Figure 6-9)"
        measured[key] = final[name] / sgd if sgd > 0 else math.inf
        criteria[key] = "final smoothed loss / SGD's < 1"
        within[key] = measured[key] < 1.0
    return published, measured, criteria, within


def _init_claims(final: dict[str, float]):
    std, xavier, he = final["std 0.01"], final["Xavier"], final["He"]
    published = {
        "std001_does_not_learn": "std 0.01 does not learn at all (Figure 6-15)",
        "xavier_learns": "Xavier learns",
        "he_learns": "He learns, a little faster than Xavier",
    }
    measured = {"std001_does_not_learn": std, "xavier_learns": xavier, "he_learns": he}
    criteria = {
        "std001_does_not_learn": f"final smoothed loss ≥ 2.2 (chance: ln 10 = {CHANCE:.3f})",
        "xavier_learns": "final smoothed loss < half of std 0.01's",
        "he_learns": "final smoothed loss < half of std 0.01's and ≤ 1.1 × Xavier's",
    }
    within = {
        "std001_does_not_learn": std >= 2.2,
        "xavier_learns": xavier < 0.5 * std,
        "he_learns": he < 0.5 * std and he <= 1.1 * xavier,
    }
    return published, measured, criteria, within


def run_optimizer_race(
    *,
    data_dir=None,
    iterations: int = BOOK_ITERATIONS,
    seed: int = 0,
    build: NetworkBuilder = build_network,
) -> dict:
    """``optimizer_compare_mnist.py`` as a race; ``iterations`` shortens it."""
    return _run(
        optimizer_contenders(),
        _optimizer_claims,
        data_dir=data_dir,
        iterations=iterations,
        seed=seed,
        build=build,
    )


def run_init_race(
    *,
    data_dir=None,
    iterations: int = BOOK_ITERATIONS,
    seed: int = 0,
    build: NetworkBuilder = build_network,
) -> dict:
    """``weight_init_compare.py`` as a race; ``iterations`` shortens it."""
    return _run(
        init_contenders(),
        _init_claims,
        data_dir=data_dir,
        iterations=iterations,
        seed=seed,
        build=build,
    )
