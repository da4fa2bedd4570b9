"""Running a tutorial headless with nnviz's own data loading, network, trainer and model
files, and comparing with what it published (``nnviz tutorial run NAME``)."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from nnviz.app.blas import one_blas_thread
from nnviz.app.config import DataRequest, SessionConfig, build_trainer
from nnviz.app.tutorials import Tutorial, tutorial
from nnviz.core.gradcheck import gradient_relative_error, relative_error
from nnviz.core.network import NUMERICAL_H, Network
from nnviz.core.optimizers import make_optimizer
from nnviz.core.trainer import TrainState
from nnviz.errors import ConfigError, DataError, ModelError, NnvizError

Progress = Callable[[int, int, str], None]
"""``progress(done, total, text)``: called now and then while a tutorial runs."""

OFFICIAL_TEST_DIGITS = 10_000
OFFICIAL_TEST_TOLERANCE = 0.00005
"""Half the last printed digit of 93.52%: the tolerance on the official MNIST test set."""

NUMERICAL_STEPS = 1
"""Steps the numerical-gradient tutorial runs: the source's R loop returns after its first
update, so it really trains one step (of 79,520 forward passes, about a minute)."""
BACKPROP_TIMING_SECONDS = 0.2
"""Backprop steps are repeated for at least this long so their timing is not noise."""


@dataclass(frozen=True)
class TutorialResult:
    """Published vs measured figures of one run of a tutorial.

    ``tolerance`` is the tolerance applied (for ``dlfs-mnist-inference`` on the
    official test set, the exact one); ``details`` says what was run and on which
    data.  ``network`` is the trained (or loaded) network, left out of
    :meth:`to_dict`.
    """

    name: str
    published: dict
    measured: dict
    reproduced: bool
    tolerance: dict
    details: dict
    bounds: dict = field(default_factory=dict)
    origins: dict = field(default_factory=dict)
    network: Network | None = field(default=None, repr=False, compare=False)

    @property
    def within(self) -> dict[str, bool]:
        """Per figure: does the measured value meet the published one?"""
        return {
            k: _meets(self.published[k], self.measured[k], self.tolerance[k], self.bounds.get(k))
            for k in self.published
        }

    def to_dict(self) -> dict:
        """JSON-ready: name, published, origins, measured, reproduced, tolerance, bounds,
        within, details (``origins``: quote, re-run or check per published figure)."""
        return {
            "name": self.name,
            "published": dict(self.published),
            "origins": {k: self.origins.get(k, "quote") for k in self.published},
            "measured": dict(self.measured),
            "reproduced": self.reproduced,
            "tolerance": dict(self.tolerance),
            "bounds": dict(self.bounds),
            "within": self.within,
            "details": dict(self.details),
        }


def _meets(published: float, measured: float, tolerance: float, bound: str | None) -> bool:
    if not math.isfinite(measured):
        return False
    if bound == "at_most":
        return measured <= published + tolerance
    if bound == "at_least":
        return measured >= published - tolerance
    # A hair of slack so a figure exactly on the edge is not lost to float rounding.
    return abs(measured - published) <= tolerance + 1e-12


# ---------------------------------------------------------------------- running
def run_tutorial(
    name: str,
    *,
    data_dir: str | Path | None = None,
    weights: str | Path | None = None,
    progress: Progress | None = None,
) -> TutorialResult:
    """Run the tutorial ``name`` with nnviz and compare with its published figures.

    Parameters
    ----------
    name
        A key of :data:`TUTORIALS`.
    data_dir
        Folder searched first for MNIST (and for the book's weights next to it).
    weights
        The book's ``sample_weight.pkl`` (``dlfs-mnist-inference`` only); found
        next to the MNIST files or in a ``dlfs/`` folder beside them when not given.
    progress
        ``progress(done, total, text)``, called now and then.

    Raises
    ------
    ConfigError
        For an unknown name, or weights given to a tutorial that trains its own.
    DataError
        When the data, the book's weights or scikit-learn are missing.
    """
    tut = tutorial(name)
    if weights is not None and tut.weights is None:
        raise ConfigError(
            f"The {name} tutorial trains its own weights; only dlfs-mnist-inference takes a "
            "weights file."
        )
    report = progress or (lambda done, total, text: None)
    if tut.weights is not None:
        measured, details, tolerance, net = _run_inference(tut, data_dir, weights)
    elif tut.gradient == "numerical":
        measured, details, tolerance, net = _run_numerical_gradient(tut, data_dir, report)
    else:
        measured, details, tolerance, net = _run_training(tut, data_dir, report)
    if set(measured) != set(tut.published):
        raise RuntimeError(f"{name} measured {sorted(measured)}, published {sorted(tut.published)}")
    ok = all(
        _meets(tut.published[k], measured[k], tolerance[k], tut.bounds.get(k)) for k in measured
    )
    return TutorialResult(
        name=name,
        published=dict(tut.published),
        measured=measured,
        reproduced=ok,
        tolerance=tolerance,
        details=details,
        bounds=dict(tut.bounds),
        origins=dict(tut.origins),
        network=net,
    )


def reported_loss(losses: np.ndarray, every: int, averaged: bool) -> tuple[float, str]:
    """The loss a tutorial reports last, and which iterations it covers.

    ``averaged``: the mean over the last complete window of ``every`` iterations
    (DLFS2).  Otherwise the loss of the last iteration ``i`` with ``i % every == 0``,
    counting from 0 (CS231n prints iterations 0, 10, …, 190).
    """
    n = len(losses)
    if n == 0:
        return float("nan"), "no iterations"
    if averaged and n >= every:
        end = (n // every) * every
        window = losses[end - every : end]
        return float(
            np.mean(window, dtype=np.float64)
        ), f"mean of iterations {end - every}–{end - 1}"
    i = ((n - 1) // every) * every
    return float(losses[i]), f"iteration {i}"


def _printout(curve: np.ndarray, every: int, per_epoch: int) -> list[str]:
    """DLFS2's ``| epoch 1 |  iter 10 / 10 | loss 1.13`` lines for the mean losses ``curve``."""
    lines = []
    for k, loss in enumerate(curve):
        end = (k + 1) * every  # iterations done when the line is printed
        epoch, it = (end - 1) // per_epoch + 1, (end - 1) % per_epoch + 1
        lines.append(f"| epoch {epoch} |  iter {it} / {per_epoch} | loss {loss:.2f}")
    return lines


def tutorial_session(tut: Tutorial, data_dir=None) -> SessionConfig:
    """The tutorial's settings as the app's Reset and ``nnviz train --config`` take them."""
    return SessionConfig(
        DataRequest(
            tut.dataset, data_dir=None if data_dir is None else str(data_dir), **tut.dataset_params
        ),
        tut.network,
        tut.train,
    )


def loss_figure(key: str, losses: np.ndarray) -> float:
    """``loss_at_N``: the loss of iteration N (0-based); ``max_loss_after_N``: the largest
    loss of the iterations after N (NaN when the run is too short)."""
    n = int(key.rsplit("_", 1)[1])
    if key.startswith("loss_at_"):
        return float(losses[n]) if n < len(losses) else float("nan")
    after = losses[n + 1 :]
    return float(after.max()) if len(after) else float("nan")


def compare_source_losses(source: Mapping[int, float], losses: np.ndarray) -> list[dict]:
    """The source's printed losses next to nnviz's at the same iterations (0-based)."""
    return [
        {
            "iteration": int(i),
            "source": float(v),
            "nnviz": round(float(losses[i]), 4) if i < len(losses) else None,
        }
        for i, v in source.items()
    ]


def _run_training(tut: Tutorial, data_dir, report: Progress):
    if tut.dataset == "digits":
        try:
            import sklearn  # noqa: F401
        except ImportError:
            raise DataError(
                f'The {tut.name} tutorial needs scikit-learn: pip install "nnviz[digits]".'
            ) from None
    trainer = build_trainer(tutorial_session(tut, data_dir))
    data, net, cfg = trainer.data, trainer.network, tut.train
    per_epoch = math.ceil(trainer.n_train / trainer.batch_size)
    total = per_epoch * cfg.epochs
    chunks: list[np.ndarray] = []
    while trainer.state is TrainState.READY:
        chunks.append(trainer.step(max_seconds=0.1).batch_losses)
        report(trainer.iteration, total, f"iteration {trainer.iteration:,}/{total:,}")
    if trainer.state is TrainState.DIVERGED:
        raise NnvizError(trainer.message)
    losses = np.concatenate(chunks) if chunks else np.empty(0, np.float32)

    measured: dict[str, float] = {}
    details: dict = {
        "dataset": tut.dataset,
        "dataset_params": data.params,
        "network": "-".join(map(str, net.sizes)),
        "epochs": trainer.epoch,
        "iterations": trainer.iteration,
        "batch_size": trainer.batch_size,
        "train_samples": int(trainer.n_train),
        "test_samples": int(len(data.y_test)),
        "seconds": round(trainer.train_seconds, 3),
        "samples_per_second": round(trainer.samples_per_second, 1),
        "final_iteration_loss": float(losses[-1]) if len(losses) else None,
        "rng": cfg.rng,
        "dtype": net.dtype.name,
    }
    if data.feature_crosses:
        details["features"] = list(data.feature_crosses)
    for key in tut.published:
        if key == "train_accuracy":
            measured[key] = trainer.evaluate("train")[1]
        elif key == "test_accuracy":
            measured[key] = trainer.evaluate("test")[1]
        elif key == "loss":
            measured[key], details["loss_reported"] = reported_loss(
                losses, tut.loss_every, tut.loss_averaged
            )
        elif key.startswith(("loss_at_", "max_loss_after_")):
            measured[key] = loss_figure(key, losses)
        else:
            raise RuntimeError(f"{tut.name}: nothing measures {key!r}")
    if tut.source_losses:
        details["source_losses"] = compare_source_losses(tut.source_losses, losses)
    if tut.loss_averaged:
        n = (len(losses) // tut.loss_every) * tut.loss_every
        curve = losses[:n].reshape(-1, tut.loss_every).mean(axis=1, dtype=np.float64)
        details[f"loss_per_{tut.loss_every}_iterations"] = [round(float(v), 5) for v in curve]
        if not trainer.full_batch:
            # The source's own printout: one line per `loss_every` iterations.
            details["printout"] = _printout(curve, tut.loss_every, per_epoch)
    return measured, details, dict(tut.tolerance), net


# ---------------------------------------------------------------------- the book's weights
def find_weights(tut: Tutorial, data_dir=None) -> Path | None:
    """The book's weights file in the folders searched for MNIST, or ``None``.

    Looked for in each folder, in a ``dlfs/`` folder inside it, and in a ``dlfs/``
    folder beside it (``../shared/data/dlfs`` next to ``../shared/data/mnist-10k``).
    """
    from nnviz.data.locate import candidate_dirs, locate

    folders: list[Path] = []
    loc = locate(tut.dataset, data_dir)
    if loc is not None:
        folders.append(loc.path if loc.path.is_dir() else loc.path.parent)
    folders += candidate_dirs(tut.dataset, data_dir)
    for folder in dict.fromkeys(folders):
        for candidate in (
            folder / tut.weights,
            folder / "dlfs" / tut.weights,
            folder.parent / "dlfs" / tut.weights,
        ):
            if candidate.is_file():
                return candidate
    return None


def _missing_inference_inputs(tut: Tutorial, mnist_found: bool, weights_found: bool) -> str:
    weights_hint = (
        f"get ch03/{tut.weights} from the book's GitHub repository "
        "(oreilly-japan/deep-learning-from-scratch) and pass --weights FILE or put it next "
        "to the MNIST files"
    )
    mnist_hint = "run `nnviz data download mnist` (or pass --data-dir)"
    if not mnist_found and not weights_found:
        return (
            f"The {tut.name} tutorial needs MNIST and the book's weights: {mnist_hint}, "
            f"and {weights_hint}."
        )
    if not weights_found:
        return f"The {tut.name} tutorial needs the book's weights {tut.weights}: {weights_hint}."
    return f"The {tut.name} tutorial needs MNIST, which was not found: {mnist_hint}."


def _run_inference(tut: Tutorial, data_dir, weights):
    from nnviz.core.modelio import load_dlfs_pickle
    from nnviz.data.datasets import load_dataset
    from nnviz.data.locate import locate

    mnist_found = locate(tut.dataset, data_dir) is not None
    path = Path(weights) if weights is not None else find_weights(tut, data_dir)
    if not mnist_found or path is None:
        raise DataError(_missing_inference_inputs(tut, mnist_found, path is not None))
    model = load_dlfs_pickle(path, activation=tut.network.activation)
    net = model.network
    expected = [784, *tut.network.hidden, 10]
    if net.sizes != expected:
        raise ModelError(
            f"{path.name} holds a {'-'.join(map(str, net.sizes))} network, not the book's "
            f"{'-'.join(map(str, expected))}."
        )
    data = load_dataset(tut.dataset, data_dir=data_dir, **tut.dataset_params)
    official = data.params.get("test_ratio") is None and len(data.y_test) == OFFICIAL_TEST_DIGITS
    loss, acc = net.evaluate(data.x_test, data.y_test)
    n = len(data.y_test)
    details: dict = {
        "weights": str(path),
        "data": data.source,
        "network": "-".join(map(str, net.sizes)),
        "digits": int(n),
        "correct": int(round(acc * n)),
        "loss": loss,
        "official_test_set": official,
    }
    tolerance = dict(tut.tolerance)
    if official:
        details["split"] = "the official MNIST test set (t10k files)"
        tolerance["test_accuracy"] = OFFICIAL_TEST_TOLERANCE
    else:
        total = n + len(data.y_train)
        details["split"] = (
            f"nnviz's test split: the last {n:,} of {total:,} digits in the folder, which has "
            "no t10k files; these are MNIST training digits, while the published figure is on "
            "the official 10,000-digit test set, so the two differ by sampling"
        )
        x_all = np.concatenate([data.x_train, data.x_test])
        y_all = np.concatenate([data.y_train, data.y_test])
        details["accuracy_all_digits"] = net.evaluate(x_all, y_all)[1]
        details["all_digits"] = int(total)
    return {"test_accuracy": acc}, details, tolerance, net


# ---------------------------------------------------------------------- numerical gradients
def _mean_seconds(fn: Callable[..., object], *args, min_seconds: float) -> float:
    """Mean wall time of ``fn(*args)``, repeated for at least ``min_seconds``."""
    n, start = 0, time.perf_counter()
    while True:
        fn(*args)
        n += 1
        elapsed = time.perf_counter() - start
        if elapsed >= min_seconds:
            return elapsed / n


def _run_numerical_gradient(
    tut: Tutorial, data_dir, report: Progress, steps: int = NUMERICAL_STEPS
):
    from nnviz.data.datasets import load_dataset

    data = load_dataset(tut.dataset, data_dir=data_dir, **tut.dataset_params)
    with one_blas_thread():  # the forward passes of a numerical step are small products
        return numerical_gradient_run(tut, data, report, steps)


def numerical_gradient_run(tut: Tutorial, data, report: Progress, steps: int = NUMERICAL_STEPS):
    """The numerical-gradient tutorial's procedure on ``data``, with nnviz's own checks.

    As the source: a float64 network (0.01·randn weights, zero biases); each step draws
    a batch at random from the training set, computes every parameter's gradient by
    central differences (h = 1e-4) and updates with it; after the steps, the batch loss
    and the accuracy on the whole training and test sets.  nnviz's own checks, at the
    same weights and batch: the relative error against backprop and the time of a
    numerical step against a backprop step.
    """
    cfg = tut.train
    net = tut.network.build(data.n_features, data.n_classes, seed=cfg.seed, dtype=np.float64)
    optimizer = make_optimizer(cfg.optimizer, cfg.learning_rate, cfg.momentum)
    rng = np.random.default_rng(cfg.seed)
    n_params = net.param_count
    y_all = np.asarray(data.y_train, dtype=np.int64)
    size = min(cfg.batch_size, len(y_all))

    worst = worst_elementwise = 0.0
    numerical_seconds = backprop_seconds = 0.0
    loss = math.nan
    for step in range(steps):
        idx = rng.choice(len(y_all), size=size, replace=False)  # R's sample(): a new batch
        x, t = data.features(data.x_train[idx]).astype(np.float64), y_all[idx]
        backprop_seconds += _mean_seconds(net.gradient, x, t, min_seconds=BACKPROP_TIMING_SECONDS)
        _, grads = net.gradient(x, t)
        backprop = {k: g.copy() for k, g in grads.items()}

        def progress(done: int, total: int, step: int = step) -> None:
            report(step * total + done, steps * total, f"numerical step {step + 1}/{steps}")

        start = time.perf_counter()
        _, numerical = net.numerical_gradient(x, t, progress=progress)
        numerical_seconds += time.perf_counter() - start
        worst = max(worst, gradient_relative_error(numerical, backprop))
        worst_elementwise = max(
            worst_elementwise, max(relative_error(numerical[k], backprop[k]) for k in backprop)
        )
        optimizer.update(net.params, numerical)  # train with the numerical gradient
        loss = net.loss(x, t)  # the batch loss after the update, as the source records it
    report(steps, steps, "done")

    test_accuracy = net.evaluate(data.x_test, data.y_test)[1] if data.has_test else math.nan
    measured = {"max_relative_error": worst, "speedup": numerical_seconds / backprop_seconds}
    details = {
        "network": "-".join(map(str, net.sizes)),
        "parameters": n_params,
        "forward_passes_per_step": 2 * n_params,  # plus one for the loss itself
        "dtype": "float64",
        "h": NUMERICAL_H,
        "steps": steps,
        "batch_size": size,
        "learning_rate": cfg.learning_rate,
        "source_procedure": {
            "steps": steps,
            "loss": round(float(loss), 6),
            "train_accuracy": round(net.evaluate(data.x_train, data.y_train)[1], 6),
            "test_accuracy": None if math.isnan(test_accuracy) else round(test_accuracy, 6),
        },
        "nnviz_checks": (
            "the relative error of the numerical gradients against backprop at the same "
            "weights and batch, and the time of a numerical step against a backprop step "
            "(repeated for timing; the update, the same for both, left out)"
        ),
        "numerical_seconds_per_step": numerical_seconds / steps,
        "backprop_seconds_per_step": backprop_seconds / steps,
        "elementwise_max_relative_error": worst_elementwise,
    }
    return measured, details, dict(tut.tolerance), net
