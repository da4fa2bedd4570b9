"""The trainer: mini-batch training driven in small chunks, with per-epoch metrics.

A :class:`Trainer` is a plain object.  The CLI calls :meth:`Trainer.run`; the
GUI's worker thread calls :meth:`Trainer.step` with a time budget again and
again, so pausing and stopping are always prompt.
"""

from __future__ import annotations

import copy
import dataclasses
import math
import numbers
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum

import numpy as np

from nnviz.core.architecture import parse_architecture
from nnviz.core.features import FeatureMap
from nnviz.core.gradcheck import Interrupted
from nnviz.core.init import RNGS, Rng, make_rng
from nnviz.core.layers import LOSS_LABELS, activation_name
from nnviz.core.metrics import regression_scores
from nnviz.core.network import MAX_HIDDEN_LAYERS, MAX_NEURONS, Network, check_settings
from nnviz.core.optimizers import OPTIMIZERS, make_optimizer
from nnviz.core.schedules import Schedule, as_schedule
from nnviz.core.stopping import EarlyStopping, Stopping, as_stopping
from nnviz.errors import ConfigError

GRADIENTS = ("backprop", "numerical")
_CACHE_ELEMENTS = 8_000_000  # training sets up to this many inputs are converted to floats once
_EPOCH_STAGE_ELEMENTS = 1_000_000  # …and up to this many are shuffled a whole epoch at a time
_FULL = np.empty(0, dtype=np.intp)  # the "order" of a full-batch epoch: no shuffle
HISTORY_LIMIT = 10_000
DIVERGENCE_FACTOR = 10.0
"""A mean epoch loss above this many times chance level (ln K) is a sign of divergence.

Chance level is what an untrained net scores; a loss ten times higher means the
network is confidently wrong nearly everywhere (e.g. learning rate 100 saturating
every unit).  For regression, chance is the MSE of predicting 0 everywhere (the mean
squared target, at least 1: targets near 0 would make any small error "divergent")."""
DIVERGENCE_PATIENCE = 3
"""Epochs in a row above that level before a run is declared diverged (a run that hits
its epoch limit above it is declared at once).  One bad epoch is not enough: RMSprop at
lr 0.05 with batches of 7 spikes to 7× chance in its first 3-batch epoch, then
converges to 95% accuracy."""


def _positive(name: str, value: float) -> None:
    if not (isinstance(value, numbers.Real) and math.isfinite(value) and value > 0):
        raise ConfigError(f"The {name} must be a positive number, not {value!r}.")


def check_learning_rate(lr: float) -> float:
    """``lr`` as a float, or a clear error when it is not a positive finite number."""
    _positive("learning rate", lr)
    return float(lr)


def check_l2(l2: float) -> float:
    """``l2`` as a float, or a clear error when it is negative or not finite."""
    if not (isinstance(l2, numbers.Real) and math.isfinite(l2) and l2 >= 0):
        raise ConfigError(f"L2 regularisation must be a number ≥ 0, not {l2!r}.")
    return float(l2)


@dataclass(frozen=True)
class NetworkConfig:
    """How to build a network; input size and class count come from the dataset."""

    hidden: tuple[int, ...] = (10,)
    activation: str = "relu"
    init: str = "normal"
    init_std: float = 0.01
    bias_init: str = "zero"
    activations: tuple[str, ...] | None = None
    arch: str | None = None  # a layer spec (conv…, see nnviz.core.architecture): not an MLP
    # Feature crosses of 2-D points (see nnviz.core.features), e.g. ("x1^2", "x2^2");
    # empty: the plain inputs x₁, x₂.
    features: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "hidden", tuple(int(h) for h in self.hidden))
        object.__setattr__(self, "features", FeatureMap(self.features).names)  # checked
        if self.arch is not None:
            if not isinstance(self.arch, str):
                raise ConfigError(f"The architecture must be a layer spec, not {self.arch!r}.")
            object.__setattr__(self, "arch", self.arch.strip())
            parse_architecture(self.arch)  # one sentence naming the first bad layer
        if any(h < 1 for h in self.hidden):
            raise ConfigError("Every hidden layer needs at least 1 neuron.")
        if any(h > MAX_NEURONS for h in self.hidden):
            raise ConfigError(f"At most {MAX_NEURONS:,} neurons per layer.")
        if len(self.hidden) > MAX_HIDDEN_LAYERS:
            raise ConfigError(f"At most {MAX_HIDDEN_LAYERS} hidden layers.")
        object.__setattr__(self, "activation", activation_name(self.activation))
        if self.activations is not None:
            acts = tuple(activation_name(a) for a in self.activations)
            object.__setattr__(self, "activations", acts)
            if len(self.activations) != len(self.hidden):
                raise ConfigError("Give one activation per hidden layer.")
        check_settings(
            (self.activation, *(self.activations or ())), self.init, self.init_std, self.bias_init
        )

    @property
    def hidden_activations(self) -> tuple[str, ...]:
        return self.activations or (self.activation,) * len(self.hidden)

    def build(
        self,
        input_size: int,
        n_classes: int,
        *,
        seed: int = 0,
        l2: float = 0.0,
        dtype: np.dtype | type = np.float32,
        loss: str = "cross_entropy",
        rng: Rng | None = None,
    ) -> Network:
        """A freshly initialised network ``input_size → hidden… → n_classes``.

        ``loss="mse"`` makes a regression net; ``n_classes`` is then its number of
        outputs (the dataset's ``n_outputs`` and ``loss`` say which).  ``rng`` (e.g. the
        book's generator, already past the data) wins over ``seed``.
        """
        return Network(
            [input_size, *self.hidden, n_classes],
            activations=self.hidden_activations,
            init=self.init,
            init_std=self.init_std,
            bias_init=self.bias_init,
            seed=seed,
            rng=rng,
            dtype=dtype,
            l2=l2,
            loss=loss,
        )


@dataclass(frozen=True)
class TrainConfig:
    """Optimizer and schedule settings; ``batch_size=None`` means full batch.

    ``schedule`` scales ``learning_rate`` epoch by epoch (see :mod:`nnviz.core.schedules`);
    it may be given as a :class:`~nnviz.core.schedules.Schedule`, a spec such as
    ``"warmup:5+cosine"`` or the dict a session file holds.  ``stopping`` holds the
    rules that end a run early (:mod:`nnviz.core.stopping`; a Stopping or a dict).
    ``rng`` is ``"modern"`` or ``"book"`` (:data:`~nnviz.core.init.RNGS`): the book's
    legacy generator draws the data, the initial weights and the shuffles from one
    stream, in float64, and shuffles as the books' code does (``x = x[permutation]``
    every epoch, so each epoch's order builds on the last).
    """

    learning_rate: float = 0.1
    optimizer: str = "sgd"
    momentum: float = 0.9
    batch_size: int | None = 32
    epochs: int | None = None
    l2: float = 0.0
    seed: int = 0
    gradient: str = "backprop"
    schedule: Schedule = field(default_factory=Schedule)
    stopping: Stopping = field(default_factory=Stopping)
    rng: str = "modern"

    def __post_init__(self) -> None:
        check_learning_rate(self.learning_rate)
        if self.rng not in RNGS:
            raise ConfigError(f"The random generator must be 'modern' or 'book', not {self.rng!r}.")
        object.__setattr__(self, "schedule", as_schedule(self.schedule))
        object.__setattr__(self, "stopping", as_stopping(self.stopping))
        if self.schedule.needs_epoch_limit and self.epochs is None:
            raise ConfigError("A cosine schedule needs an epoch limit.")
        check_l2(self.l2)
        if self.optimizer not in OPTIMIZERS:
            raise ConfigError(
                f"Unknown optimizer {self.optimizer!r}; choose one of {', '.join(OPTIMIZERS)}."
            )
        if not (math.isfinite(self.momentum) and 0 <= self.momentum < 1):
            raise ConfigError("Momentum must be at least 0 and below 1.")
        if self.batch_size is not None and int(self.batch_size) < 1:
            raise ConfigError("The batch size must be at least 1 (or full batch).")
        if self.epochs is not None and int(self.epochs) < 0:
            raise ConfigError("The number of epochs must be 0 or more.")
        if self.gradient not in GRADIENTS:
            raise ConfigError("The gradient method must be 'backprop' or 'numerical'.")
        if (
            isinstance(self.seed, bool)
            or not isinstance(self.seed, numbers.Integral)
            or self.seed < 0
        ):
            raise ConfigError(f"The seed must be a whole number ≥ 0, not {self.seed!r}.")


class TrainState(str, Enum):
    """Where a trainer stands: it can train (``ready``), or it has stopped for good."""

    READY = "ready"
    DONE = "done"  # the epoch limit was reached
    DIVERGED = "diverged"
    STOPPED = "stopped"  # a stopping rule ended the run; ``Trainer.message`` says which


@dataclass(frozen=True)
class EpochRecord:
    """Metrics of one finished epoch (test values are NaN without a test split).

    A regression run has NaN accuracies and fills the RMSE and R² fields instead,
    measured on the whole split at the end of the epoch (its losses are MSE).
    """

    epoch: int
    iteration: int
    train_loss: float
    train_accuracy: float
    test_loss: float
    test_accuracy: float
    train_rmse: float = math.nan
    train_r2: float = math.nan
    test_rmse: float = math.nan
    test_r2: float = math.nan
    learning_rate: float = math.nan  # the rate the epoch ended with (schedules change it)


@dataclass
class StepReport:
    """What one call of :meth:`Trainer.step` did."""

    batch_losses: np.ndarray
    epochs: list[EpochRecord] = field(default_factory=list)
    state: TrainState = TrainState.READY
    batches: int = 0


class Trainer:
    """Trains ``network`` on ``data`` with mini-batches, one chunk at a time.

    Parameters
    ----------
    network
        The model; its parameters are updated in place.
    data
        A :class:`~nnviz.data.datasets.Dataset` (anything with ``x_train``,
        ``y_train``, ``x_test``, ``y_test`` and ``features``).
    config
        Optimizer, batch size, epoch limit, L2, seed and gradient method.
    rng
        The generator of the shuffles; by default ``config.rng``'s kind seeded with
        ``config.seed`` (the book's generator continues the data's and the weights'
        stream: see :func:`nnviz.app.config.build_trainer`).
    """

    def __init__(self, network: Network, data, config: TrainConfig, rng: Rng | None = None) -> None:
        if network.input_size != data.n_features:
            raise ConfigError(
                f"The network takes {network.input_size} inputs but the data has "
                f"{data.n_features} features."
            )
        data_regresses = getattr(data, "is_regression", False)
        if data_regresses != network.is_regression:
            task = "regression" if data_regresses else "classification"
            raise ConfigError(
                f"{getattr(data, 'key', 'The data')} is a {task} set but the network has "
                f"a {LOSS_LABELS[network.loss_kind]} output."
            )
        if network.n_classes < data.n_classes:
            raise ConfigError(
                f"The network has {network.n_classes} outputs but the data has "
                f"{data.n_classes} classes."
            )
        if len(data.y_train) == 0:
            raise ConfigError("There is no training data.")
        if config.stopping.needs_test and not data.has_test:
            raise ConfigError(
                "The stopping rules watch the test split, but this data has none; set a test share."
            )
        self.network = network
        self.data = data
        self.config = config
        network.l2 = config.l2
        self.optimizer = make_optimizer(config.optimizer, config.learning_rate, config.momentum)
        self._base_lr = float(config.learning_rate)
        self._scheduled = not config.schedule.is_constant
        self.rng = rng if rng is not None else make_rng(config.rng, config.seed)
        self._book = config.rng == "book"
        self._set_training_data(data.x_train, data.y_train)
        self._order: np.ndarray | None = None
        self._pos = 0
        self.epoch = 0
        self.iteration = 0
        self.samples_seen = 0
        self.train_seconds = 0.0
        # Asked during a numerical-gradient step; True abandons the step (see step()).
        self.interrupt: Callable[[], bool] | None = None
        # (parameters done, total) while a numerical-gradient step runs, else None.
        self.step_progress: tuple[int, int] | None = None
        # Numerical mode: the largest relative error of the last step's central differences
        # against backprop on the same batch (norm-wise per array, as the tutorial reports).
        self.gradient_check: float | None = None
        self.state = TrainState.READY if config.epochs != 0 else TrainState.DONE
        self.message = ""
        # The most recent epochs (bounded: a long run must not grow memory forever).
        self.history: deque[EpochRecord] = deque(maxlen=HISTORY_LIMIT)
        self._epoch_loss_sum = 0.0
        self._epoch_batches = 0
        self._epoch_correct = 0
        self._epoch_seen = 0
        self._high_epochs = 0  # epochs in a row with a loss far above chance
        self._apply_schedule()
        stop = config.stopping
        if network.is_regression and (stop.train_accuracy or stop.test_accuracy) is not None:
            raise ConfigError("A regression run has no accuracy to stop at; give a loss target.")
        self._targets = stop if stop.active else None  # skips the check when no rule is set
        self._early = EarlyStopping(stop.patience, stop.restore_best) if stop.patience else None

    # ------------------------------------------------------------------ live changes
    @property
    def loss_label(self) -> str:
        """What the loss curve is called: "cross-entropy" or "MSE"."""
        return LOSS_LABELS[self.network.loss_kind]

    @property
    def learning_rate(self) -> float:
        """The rate the next batch uses: the base rate times the schedule's factor."""
        return self.optimizer.lr

    @property
    def base_learning_rate(self) -> float:
        """The rate the schedule scales (the configured one, or the last live change)."""
        return self._base_lr

    def set_learning_rate(self, lr: float) -> None:
        """Change the base learning rate; the next batch uses it, scaled by the schedule."""
        self._base_lr = check_learning_rate(lr)
        self._apply_schedule()

    def _apply_schedule(self) -> None:
        """The optimizer's rate for the current epoch (once per epoch, not per batch)."""
        schedule = self.config.schedule
        if schedule.is_constant:
            self.optimizer.lr = self._base_lr
            return
        self.optimizer.lr = self._base_lr * schedule.factor(self.epoch, self.config.epochs)

    def set_l2(self, l2: float) -> None:
        """Change the L2 strength; the next batch uses it."""
        self.network.l2 = check_l2(l2)

    @property
    def epoch_progress(self) -> float:
        """Fraction of the current epoch done (0 at an epoch boundary)."""
        return self._pos / self.n_train if self._order is not None else 0.0

    def replace_training_data(self, x: np.ndarray, y: np.ndarray | None = None) -> None:
        """Train on other rows from the next batch on, e.g. a fresh augmented copy each epoch.

        Parameters
        ----------
        x
            Training inputs with the same features as before (uint8 images or floats);
            the trainer keeps a reference and never writes to it.
        y
            Their labels; ``None`` keeps the current labels (``x`` must then have as
            many rows as before).

        Raises
        ------
        ConfigError
            When the shapes or labels do not fit the network, or when the number of
            rows changes in the middle of an epoch.
        """
        x = np.asarray(x)
        y = self._target_values if y is None else np.asarray(y)
        if x.ndim != 2 or x.shape[1] != self.network.input_size:
            raise ConfigError(
                f"The new training data must have {self.network.input_size} features per row."
            )
        if len(y) != len(x) or len(y) == 0:
            raise ConfigError("The new training data needs one label per row and at least one row.")
        y = self._checked_labels(y)
        if len(y) != self.n_train and self._order is not None and self._pos:
            raise ConfigError("The number of training rows can only change between epochs.")
        if dataclasses.is_dataclass(self.data):
            self.data = dataclasses.replace(self.data, x_train=x, y_train=y)
        else:
            self.data = copy.copy(self.data)
            self.data.x_train, self.data.y_train = x, y
        self._set_training_data(x, y)

    def replace_data(self, data) -> None:
        """Train and test on edited ``data`` (painted points) from the next batch on.

        The weights, the optimizer's state and the counters are kept; the epoch in
        progress starts over on the new rows (its batches so far still count in its
        mean loss), so the number of rows may change at any time.

        Raises
        ------
        ConfigError
            When ``data`` does not fit the network (features, task, classes) or has no
            training rows.
        """
        net = self.network
        if data.n_features != net.input_size:
            raise ConfigError(f"The edited data must have {net.input_size} features per row.")
        if getattr(data, "is_regression", False) != net.is_regression:
            raise ConfigError("The edited data must be of the same task as the network.")
        if net.n_classes < data.n_classes:
            raise ConfigError(f"The network has only {net.n_classes} classes.")
        if len(data.y_train) == 0:
            raise ConfigError("Keep at least one training point.")
        if self.config.stopping.needs_test and not data.has_test:
            raise ConfigError(
                "The stopping rules watch the test split; keep at least one test point."
            )
        self._order = None
        self._pos = 0
        self.data = data
        self._set_training_data(data.x_train, data.y_train)

    # ------------------------------------------------------------------ training
    def _set_training_data(self, x: np.ndarray, y: np.ndarray) -> None:
        """Training arrays and the preallocated buffers batches are gathered into."""
        net = self.network
        config = self.config
        self._x = x
        self._y = self._checked_labels(y)
        self.n_train = n = len(self._y)
        self.batch_size = n if config.batch_size is None else min(int(config.batch_size), n)
        self.full_batch = self.batch_size >= n
        d, dt = net.input_size, net.dtype
        self._target_values = self._y
        eye = np.eye(net.n_classes, dtype=dt)
        if net.is_regression:
            # Batches are staged by row number: the "labels" are 0…n−1 and the lookup
            # table is the targets, so the one-hot gather below gathers each row's
            # targets, which the fused step takes in the one-hot slot.
            self._target_values, eye = self._y, self._y.reshape(n, -1)
            self._y = np.arange(n, dtype=np.int64)
        self._chance = (
            max(float(np.mean(np.square(eye, dtype=np.float64))), 1.0)
            if net.is_regression
            else math.log(max(net.n_classes, 2))
        )
        # Small sets are converted to floats once (with the bias column the fused step
        # wants); large image sets stay uint8 and are converted batch by batch.
        cache = None
        if n * d <= _CACHE_ELEMENTS:
            cache = net.with_bias_column(self.data.features(x))
        self._cache = cache
        self._onehot = np.take(eye, self._y, axis=0)
        # Staging buffers: rows of the current epoch in shuffled order, gathered with
        # np.take(out=) so no batch allocates.  Small sets stage a whole epoch at once
        # (one call per epoch instead of several per batch); large ones one batch.
        self._whole_epoch = cache is not None and n * (d + 1) <= _EPOCH_STAGE_ELEMENTS
        rows = n if self._whole_epoch or self.full_batch else self.batch_size
        self._xs = np.ones((rows, d + 1), dtype=dt)
        self._ts = np.empty(rows, dtype=np.int64)
        self._ohs = np.empty((rows, net.n_classes), dtype=dt)
        self._u8 = np.empty((rows, d), np.uint8) if cache is None and x.dtype == np.uint8 else None
        self._eye = eye
        self._book_order = np.arange(n)  # the book's data order (x = x[idx] every epoch)
        if self.full_batch and cache is not None:
            whole = (cache, self._y, self._onehot)
            self._batches = [whole]
        else:
            bs = self.batch_size
            self._batches = [
                (self._xs[a : a + bs], self._ts[a : a + bs], self._ohs[a : a + bs])
                for a in range(0, rows, bs)
            ]
        self._staged = False

    def _checked_labels(self, y: np.ndarray) -> np.ndarray:
        """``y`` as int64, refused when a label has no output (the fused step gathers by
        label without bounds checks, so this is checked once, here)."""
        if self.network.is_regression:
            return self._checked_targets(y)
        y = np.asarray(y, dtype=np.int64)
        k = self.network.n_classes
        if len(y) and (y.min() < 0 or y.max() >= k):
            raise ConfigError(f"Labels must be 0 to {k - 1}.")
        return y

    def _checked_targets(self, y: np.ndarray) -> np.ndarray:
        """Regression targets as finite floats in the network's dtype, one row per output."""
        net = self.network
        y = np.asarray(y, dtype=np.float64)
        if y.ndim > 2 or (y.ndim == 2 and y.shape[1] != net.n_outputs) or y.ndim == 0:
            raise ConfigError(f"Regression targets must be {net.n_outputs} number(s) per row.")
        if y.ndim == 1 and net.n_outputs != 1:
            raise ConfigError(f"Regression targets must be {net.n_outputs} number(s) per row.")
        if not np.all(np.isfinite(y)):
            raise ConfigError("Regression targets must be finite numbers.")
        return y.astype(net.dtype)

    def _stage(self, idx: np.ndarray) -> None:
        """Gather the rows ``idx`` (in that order) into the staging buffers."""
        m = len(idx)
        xs = self._xs[:m]
        if self._cache is not None:
            np.take(self._cache, idx, axis=0, out=xs, mode="clip")
        elif self._u8 is not None:
            u8 = self._u8[:m]
            np.take(self._x, idx, axis=0, out=u8, mode="clip")
            np.divide(u8, np.float32(255), out=xs[:, :-1])  # as Dataset.features: x / 255
        else:
            xs[:, :-1] = self.data.features(self._x[idx])
        ts = self._ts[:m]
        np.take(self._y, idx, out=ts, mode="clip")
        np.take(self._eye, ts, axis=0, out=self._ohs[:m], mode="clip")

    def _next_batch(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The next batch as views of preallocated buffers: inputs with a 1s column, labels, one-hot."""
        if self._order is None:  # a new epoch
            self._pos = 0
            self._staged = False
            if self.full_batch:
                self._order = _FULL
            elif self._book:
                self._book_order = self._order = self._book_order[
                    self.rng.permutation(self.n_train)
                ]
            else:
                self._order = self.rng.permutation(self.n_train)
        pos = self._pos
        bs = self.batch_size
        if self.full_batch:
            self._pos = self.n_train
            if self._cache is None:
                self._stage(np.arange(self.n_train))
            return self._batches[0]
        if self._whole_epoch:
            if not self._staged:
                self._stage(self._order)
                self._staged = True
            self._pos = min(pos + bs, self.n_train)
            return self._batches[pos // bs]
        idx = self._order[pos : pos + bs]
        self._pos = pos + len(idx)
        self._stage(idx)
        m = len(idx)
        return (self._xs[:m], self._ts[:m], self._ohs[:m]) if m < bs else self._batches[0]

    def _numerical_batch(self, xa: np.ndarray, t: np.ndarray, onehot=None) -> tuple[float, int]:
        """Loss and central-difference gradients (into ``network.grads``): slow, for teaching."""
        net = self.network
        x = xa[:, :-1]
        if net.is_regression:
            t = onehot  # the staged targets (see _set_training_data)
        loss = net.loss(x, t)
        if not math.isfinite(loss):
            return loss, 0
        correct = 0 if net.is_regression else int(np.count_nonzero(net.last_layer.y.argmax(1) == t))
        try:
            _, grads = net.numerical_gradient(
                x, t, abort=self.interrupt, progress=self._step_progressed
            )
        finally:
            self.step_progress = None
        self.gradient_check = self._check_against_backprop(x, t, grads)
        for key, g in grads.items():
            net.grads[key][...] = g
        return loss, correct

    def _check_against_backprop(self, x: np.ndarray, t: np.ndarray, numerical) -> float:
        """The step's numerical gradients against backprop on the same batch, in float64
        (one backward pass: nothing beside the step's thousands of forward passes)."""
        from nnviz.core.gradcheck import gradient_relative_error

        net = self.network
        ref = net if net.dtype == np.float64 else net.astype(np.float64)
        _, backprop = ref.gradient(np.asarray(x, dtype=np.float64), t)
        return gradient_relative_error(numerical, backprop)

    def _step_progressed(self, done: int, total: int) -> None:
        self.step_progress = (done, total)

    def _epoch_ended(self) -> EpochRecord:
        self.epoch += 1
        self._order = None
        self._pos = 0
        test_loss = test_acc = float("nan")
        if self.data.has_test:
            test_loss, test_acc = self.network.evaluate(self.data.x_test, self.data.y_test)
        rec = EpochRecord(
            epoch=self.epoch,
            iteration=self.iteration,
            train_loss=self._epoch_loss_sum / max(self._epoch_batches, 1),
            train_accuracy=self._epoch_correct / max(self._epoch_seen, 1),
            test_loss=test_loss,
            test_accuracy=test_acc,
            learning_rate=self.optimizer.lr,
        )
        if self.network.is_regression:
            rec = self._with_regression_scores(rec)
        if self._scheduled:  # (a constant schedule costs nothing per epoch)
            self._apply_schedule()  # the next epoch's rate
        self._epoch_loss_sum = 0.0
        self._epoch_batches = self._epoch_correct = self._epoch_seen = 0
        self.history.append(rec)
        chance = self._chance
        self._high_epochs = (
            self._high_epochs + 1 if rec.train_loss > DIVERGENCE_FACTOR * chance else 0
        )
        at_limit = self.config.epochs is not None and self.epoch >= self.config.epochs
        if self._high_epochs >= DIVERGENCE_PATIENCE or (self._high_epochs and at_limit):
            self._diverged(
                self.epoch - self._high_epochs + 1,
                f"the mean loss rose to {rec.train_loss:.3g}, chance is {chance:.3g}",
            )
        elif self._targets is not None and self._stop_rule_met(rec):
            self.state = TrainState.STOPPED
        elif at_limit:
            self.state = TrainState.DONE
        return rec

    def _with_regression_scores(self, rec: EpochRecord) -> EpochRecord:
        """``rec`` with RMSE and R² of both splits (whole-split passes: regression sets are small)."""
        net = self.network
        train = regression_scores(net.scores(self.data.x_train), self._target_values)
        test = regression_scores(net.scores(self.data.x_test), self.data.y_test)
        return dataclasses.replace(
            rec,
            train_accuracy=math.nan,
            test_accuracy=math.nan,
            train_rmse=train.rmse,
            train_r2=train.r2,
            test_rmse=test.rmse,
            test_r2=test.r2,
        )

    def _stop_rule_met(self, rec: EpochRecord) -> bool:
        """Check the stopping rules after an epoch; sets :attr:`message` when one is met."""
        why = self._targets.target_reached(rec)
        if why is None and self._early is not None and self._early.update(rec, self.network):
            why = self._early.stop(self.network)
        if why is not None:
            self.message = why
        return why is not None

    def _diverged(self, epoch: int, why: str) -> None:
        self.state = TrainState.DIVERGED
        self.message = f"Training diverged at epoch {epoch} ({why}) — lower the learning rate."

    # A diverging run overflows float32; the loss check in the loop reports that in one
    # sentence, so NumPy's overflow warnings would only be noise on stderr.
    @np.errstate(over="ignore", invalid="ignore")
    def step(
        self,
        max_batches: int | None = None,
        max_seconds: float | None = None,
        max_epochs: int | None = None,
    ) -> StepReport:
        """Train until a budget runs out, the epoch limit is reached or the loss diverges.

        Parameters
        ----------
        max_batches
            Stop after this many mini-batches.
        max_seconds
            Stop after about this much wall time (checked after every batch).
        max_epochs
            Stop after this many epochs have finished.

        Returns
        -------
        StepReport
            Every batch loss of this call, the epochs finished, and the state.
        """
        losses: list[float] = []
        epochs: list[EpochRecord] = []
        if self.state is not TrainState.READY:
            return StepReport(np.empty(0, np.float32), epochs, self.state)
        start = time.perf_counter()
        deadline = None if max_seconds is None else start + max_seconds
        net = self.network
        numerical = self.config.gradient == "numerical"
        gradient = self._numerical_batch if numerical else net.fused_gradient
        update, params, grads = self.optimizer.update, net.params, net.grads
        next_batch, counted = self._next_batch, self._counted
        clock = time.perf_counter
        # The hot loop: for tiny batches (Playground: 10 points, a 2-4-2-2 net) the
        # Python and NumPy call overhead per step is the whole cost, so it stays lean.
        while True:
            pos = self._pos
            xb, tb, ob = next_batch()
            try:
                loss, correct = gradient(xb, tb, ob)
            except Interrupted:  # a numerical step abandoned on request: redo it next time
                self._pos = pos
                break
            if not math.isfinite(loss):
                self._diverged(self.epoch + 1, f"the loss became {loss}")
                break
            update(params, grads)
            losses.append(loss)
            rec = counted(loss, len(tb), correct)
            if rec is not None:
                epochs.append(rec)
                if self.state is not TrainState.READY:
                    break
                if max_epochs is not None and len(epochs) >= max_epochs:
                    break
            if max_batches is not None and len(losses) >= max_batches:
                break
            if deadline is not None and clock() >= deadline:
                break
        self.train_seconds += clock() - start
        return StepReport(np.asarray(losses, dtype=np.float32), epochs, self.state, len(losses))

    def _counted(self, loss: float, n: int, correct: int) -> EpochRecord | None:
        """Count one trained batch of ``n`` rows; the epoch's record when it was the last."""
        self.iteration += 1
        self.samples_seen += n
        self._epoch_loss_sum += loss
        self._epoch_batches += 1
        self._epoch_seen += n
        self._epoch_correct += correct
        return self._epoch_ended() if self._pos >= self.n_train else None

    def step_with(
        self, update: Callable[[np.ndarray, np.ndarray], tuple[float, int]]
    ) -> StepReport:
        """Train the next mini-batch — the one :meth:`step` would take — with ``update``.

        ``update(x, t)`` gets the batch's inputs and its labels (regression: its
        targets, one row per sample), changes the network's parameters itself (e.g. the
        glass box's plain SGD step, laid open) and returns the batch loss and how many
        rows it classified right.  The batch counts as an iteration of the run, so
        training goes on from there as if :meth:`step` had taken it.
        """
        if self.state is not TrainState.READY:
            return StepReport(np.empty(0, np.float32), [], self.state)
        start = time.perf_counter()
        xb, tb, ob = self._next_batch()
        x = np.array(xb[:, :-1])
        t = np.array(ob if self.network.is_regression else tb)
        loss, correct = update(x, t)
        rec = self._counted(loss, len(t), correct)
        self.train_seconds += time.perf_counter() - start
        losses = np.array([loss], dtype=np.float32)
        return StepReport(losses, [] if rec is None else [rec], self.state, 1)

    def run_epoch(self) -> StepReport:
        """Finish the current epoch (or train one whole epoch from a boundary)."""
        return self.step(max_epochs=1)

    def run(self, epochs: int, callback=None) -> list[EpochRecord]:
        """Train ``epochs`` more epochs (or until divergence); ``callback(record)`` after each."""
        done: list[EpochRecord] = []
        while len(done) < epochs and self.state is TrainState.READY:
            report = self.step(max_epochs=min(epochs - len(done), 64))
            for rec in report.epochs:
                done.append(rec)
                if callback is not None:
                    callback(rec)
        return done

    # ------------------------------------------------------------------ results
    @property
    def samples_per_second(self) -> float:
        return self.samples_seen / self.train_seconds if self.train_seconds > 0 else 0.0

    def evaluate(self, split: str = "train") -> tuple[float, float]:
        """Mean cross-entropy and accuracy (regression: MSE and R²) on a whole split."""
        x, y = self.data.split(split)
        return self.network.evaluate(x, y)

    def __repr__(self) -> str:
        return (
            f"Trainer({self.network!r}, epoch={self.epoch}, iteration={self.iteration}, "
            f"state={self.state.value})"
        )
