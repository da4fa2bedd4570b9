"""Race mode: up to eight configurations trained side by side on the same mini-batches.

Every contender sees the same data, in the same shuffled order, from the same
initial weights where the shapes allow (every network is drawn from the same
seed, so two networks of one shape start identical and two initialisation
schemes start from the same random draws, scaled differently).  One
:class:`Race` steps them all together in chunks, as the app's worker steps a
:class:`~nnviz.core.trainer.Trainer`: pause, step and reset act on all; one
contender can be removed, or duplicated with a change.

Each batch is gathered once and given to every contender, so a race is not
slower than running its contenders one after another (``benchmarks/race.py``).
A contender's run is exactly the run :class:`~nnviz.core.trainer.Trainer` makes
of the same configuration: the same batch order (a permutation per epoch from
``default_rng(seed)``), the same fused step, the same divergence rule.
"""

from __future__ import annotations

import dataclasses
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from nnviz.core.network import Network
from nnviz.core.optimizers import Optimizer, make_optimizer
from nnviz.core.trainer import (
    _CACHE_ELEMENTS,
    DIVERGENCE_FACTOR,
    DIVERGENCE_PATIENCE,
    EpochRecord,
    NetworkConfig,
    TrainConfig,
    TrainState,
)
from nnviz.errors import ConfigError

MAX_CONTENDERS = 8
SMOOTH_WINDOW = 11
MAX_BLOCK = 16
"""Most batches a contender trains on before the next contender's turn."""
SHARED_BLOCK_BYTES = 512 * 1024
"""A block of batches up to this size is gathered once for all contenders (see _BatchStream)."""


# ---------------------------------------------------------------------- the book's smoothing
def smooth_curve(x: Sequence[float] | np.ndarray) -> np.ndarray:
    """The book's ``smooth_curve`` (``common/util.py``): an 11-point Kaiser window (β = 2).

    The ends are padded with mirrored values, so the result is as long as ``x``.
    Series shorter than the window are returned as they are (the book's padding
    needs 11 points).
    """
    x = np.asarray(x, dtype=np.float64)
    n = SMOOTH_WINDOW
    if len(x) < n:
        return x.copy()
    s = np.r_[x[n - 1 : 0 : -1], x, x[-1:-n:-1]]
    w = np.kaiser(n, 2)
    y = np.convolve(w / w.sum(), s, mode="valid")
    return y[5 : len(y) - 5]


# ---------------------------------------------------------------------- contenders
@dataclass(frozen=True)
class Contender:
    """One configuration in a race: how to build its network and how to train it."""

    label: str
    network: NetworkConfig
    train: TrainConfig

    def to_dict(self) -> dict:
        """JSON-ready: the label and both configs as dicts (``hidden`` as a list)."""
        return {
            "label": self.label,
            "network": _jsonable(dataclasses.asdict(self.network)),
            "train": _jsonable(dataclasses.asdict(self.train)),
        }


def _jsonable(d: dict) -> dict:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in d.items()}


NetworkBuilder = Callable[..., Network]


def build_network(
    config: NetworkConfig, input_size: int, n_classes: int, *, seed: int, l2: float
) -> Network:
    """The one place the labs build a network from a config.

    Labs and races take a ``build`` argument defaulting to this function; a
    network with other layers (batch normalisation, dropout) plugs in there.
    The race needs of the result what :class:`~nnviz.core.network.Network` has:
    ``fused_gradient``, ``with_bias_column``, ``params``/``grads``, ``evaluate``,
    ``n_classes`` and an ``l2`` attribute.
    """
    if config.arch is not None:
        from nnviz.core.layered import LayerNetwork

        return LayerNetwork(
            config.arch,
            (input_size,),
            n_classes,
            init=config.init,
            init_std=config.init_std,
            seed=seed,
            l2=l2,
        )
    return config.build(input_size, n_classes, seed=seed, l2=l2)


_SHORT = {
    "learning_rate": "lr",
    "init_std": "std",
    "l2": "λ",
    "optimizer": "",
    "activation": "",
}


_LEGEND_FIRST = ("optimizer", "init", "activation")


def _describe(name: str, value) -> str:
    if isinstance(value, tuple):
        value = ",".join(map(str, value)) or "none"
    elif isinstance(value, float):
        value = f"{value:g}"
    key = _SHORT.get(name, name.replace("_", " "))
    return f"{key} {value}".strip()


def differences(contenders: Sequence[Contender]) -> list[str]:
    """Per contender, the settings in which the contenders differ (a legend's text)."""
    if len(contenders) < 2:
        return ["" for _ in contenders]
    parts: list[list[tuple[int, str]]] = [[] for _ in contenders]
    for attr in ("network", "train"):
        cfgs = [getattr(c, attr) for c in contenders]
        for f in dataclasses.fields(cfgs[0]):
            values = [getattr(c, f.name) for c in cfgs]
            if any(v != values[0] for v in values):
                rank = _LEGEND_FIRST.index(f.name) if f.name in _LEGEND_FIRST else 99
                for p, v in zip(parts, values, strict=True):
                    p.append((rank, _describe(f.name, v)))
    return [", ".join(text for _, text in sorted(p, key=lambda r: r[0])) for p in parts]


# ---------------------------------------------------------------------- shared batches
class _Source:
    """The training rows every contender reads, converted to floats once when small."""

    def __init__(self, data, net: Network) -> None:
        x, y = data.x_train, np.asarray(data.y_train, dtype=np.int64)
        self.data = data
        self.n, self.d = len(y), net.input_size
        self.dtype = net.dtype
        self.k = net.n_classes
        self.x, self.y = x, y
        # The same rule and the same conversion as Trainer: the inputs are bit for bit
        # those a solo run sees.
        self.cache = None
        if self.n * self.d <= _CACHE_ELEMENTS:
            self.cache = net.with_bias_column(data.features(x))
        self.eye = np.eye(self.k, dtype=self.dtype)
        self.onehot = np.take(self.eye, y, axis=0) if self.cache is not None else None


class _BatchStream:
    """Mini-batches in :class:`~nnviz.core.trainer.Trainer`'s order, a block at a time.

    ``block(m)`` takes the next ``m`` batches; each contender then trains on all
    of them before the next contender's turn, so its weights and optimizer state
    stay in cache.  Small batches (2-D points, 8×8 digits) are gathered once per
    block for every contender.  Large ones (MNIST) are gathered by each contender
    right before its step, as the Trainer does: measured, a 784-input network runs
    5–9% slower on a batch gathered a block earlier (no longer in cache) than on
    one gathered just before, which costs more than the gather saves.
    """

    def __init__(self, src: _Source, batch_size: int | None, seed: int) -> None:
        self.src = src
        self.rng = np.random.default_rng(seed)
        self.bs = src.n if batch_size is None else min(int(batch_size), src.n)
        self.full = self.bs >= src.n
        self.per_epoch = -(-src.n // self.bs)
        self.order: np.ndarray | None = None
        self.pos = 0
        self.iteration = 0
        self.epoch = 0
        # A full batch of cached rows is the cache itself (no copy), as in the Trainer.
        self.zero_copy = self.full and src.cache is not None
        row_bytes = (src.d + 1) * src.dtype.itemsize
        self.shared = not self.zero_copy and self.bs * row_bytes * MAX_BLOCK <= SHARED_BLOCK_BYTES
        rows = 0 if self.zero_copy else self.bs * (MAX_BLOCK if self.shared else 1)
        self.xs = np.ones((rows, src.d + 1), dtype=src.dtype)
        self.ts = np.empty(rows, dtype=np.int64)
        self.ohs = np.empty((rows, src.k), dtype=src.dtype)
        self._whole = (src.cache, src.y, src.onehot)

    def left_in_epoch(self) -> int:
        """Batches until the current epoch ends."""
        return self.per_epoch if self.order is None else -(-(self.src.n - self.pos) // self.bs)

    def _gather(self, idx: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Rows ``idx`` (in that order) into the front of the buffers: inputs with 1s, labels,
        one-hot."""
        src = self.src
        m = len(idx)
        xs, ts, ohs = self.xs[:m], self.ts[:m], self.ohs[:m]
        if src.cache is not None:
            np.take(src.cache, idx, axis=0, out=xs, mode="clip")
        elif src.x.dtype == np.uint8:
            np.divide(src.x[idx], np.float32(255), out=xs[:, :-1])  # as the trainer: x / 255
        else:
            xs[:, :-1] = src.data.features(src.x[idx])
        np.take(src.y, idx, out=ts, mode="clip")
        np.take(src.eye, ts, axis=0, out=ohs, mode="clip")
        return xs, ts, ohs

    def _whole_batch(self, _key) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        return self._whole

    def block(self, m: int) -> tuple[list[tuple[object, bool]], Callable]:
        """The next ``m`` batches as ``(key, ends_an_epoch)`` pairs, and ``fetch(key)`` giving
        a batch's inputs with 1s, labels and one-hot rows (views of reused buffers, valid
        until the next ``fetch`` or ``block``)."""
        src = self.src
        spans = []
        for _ in range(max(1, m)):
            if self.order is None:
                self.pos = 0
                # A full batch is not shuffled, and draws nothing from the generator.
                self.order = np.arange(src.n) if self.full else self.rng.permutation(src.n)
            a = self.pos
            self.pos = min(a + self.bs, src.n)
            ended = self.pos >= src.n
            spans.append((self.order[a : self.pos], ended))
            self.iteration += 1
            if ended:
                self.order = None
                self.epoch += 1
        if self.zero_copy:
            return spans, self._whole_batch
        if not self.shared:
            return spans, self._gather
        idx = np.concatenate([i for i, _ in spans]) if len(spans) > 1 else spans[0][0]
        xs, ts, ohs = self._gather(idx)
        views = []
        start = 0
        for i, _ in spans:
            end = start + len(i)
            views.append((xs[start:end], ts[start:end], ohs[start:end]))
            start = end
        return [(k, ended) for k, (_, ended) in enumerate(spans)], views.__getitem__


# ---------------------------------------------------------------------- lanes
class Lane:
    """One contender in a race: its network, optimizer, losses and per-epoch records.

    Attributes
    ----------
    losses
        The loss of every mini-batch so far, float32 (a view; copy to keep).
    history
        One :class:`~nnviz.core.trainer.EpochRecord` per finished epoch; test
        figures are on the data's test split (a validation split in a search).
    state
        ``ready``, ``done`` (the race's limit was reached) or ``diverged``.
    """

    def __init__(self, contender: Contender, network: Network, optimizer: Optimizer) -> None:
        self.contender = contender
        self.network = network
        self.optimizer = optimizer
        self._losses = np.empty(1024, dtype=np.float32)
        self.iteration = 0
        self.epoch = 0
        self.samples_seen = 0
        self.history: list[EpochRecord] = []
        self.state = TrainState.READY
        self.message = ""
        self.stream: _BatchStream | None = None  # own batches while catching up with the race
        self._loss_sum = 0.0
        self._batches = self._correct = self._seen = 0
        self._high_epochs = 0
        self.evaluate_train = False  # True: train figures over the whole split, as the book

    @property
    def label(self) -> str:
        return self.contender.label

    @property
    def losses(self) -> np.ndarray:
        return self._losses[: self.iteration]

    def smoothed_losses(self) -> np.ndarray:
        """:func:`smooth_curve` of :attr:`losses`, as the book plots them."""
        return smooth_curve(self.losses)

    def train(
        self,
        batches: list[tuple[object, bool]],
        fetch: Callable,
        data,
        iteration_limit: int | None,
        epoch_limit: int | None,
    ) -> list[EpochRecord]:
        """Train on ``batches`` (``(key, ends_an_epoch)``; ``fetch(key)`` gives the inputs
        with 1s, labels and one-hot rows) until they run out or this contender stops;
        returns the epochs finished.

        The hot loop of a race, as lean as the Trainer's: locals only, one fused step
        and one optimizer update per batch.
        """
        net = self.network
        gradient, update = net.fused_gradient, self.optimizer.update
        params, grads = net.params, net.grads
        it = self.iteration
        if it + len(batches) > len(self._losses):
            grown = np.empty(2 * (it + len(batches)), dtype=np.float32)
            grown[:it] = self._losses[:it]
            self._losses = grown
        losses = self._losses
        records: list[EpochRecord] = []
        # The epoch's running sums, added to in the Trainer's order (float sums are
        # order-sensitive, and the records must equal a solo run's).
        loss_sum, nb, seen, correct_sum = self._loss_sum, self._batches, self._seen, self._correct
        total = self.samples_seen
        for key, ended in batches:
            xb, tb, ob = fetch(key)
            loss, correct = gradient(xb, tb, ob)
            if not math.isfinite(loss):
                self._keep(it, total, loss_sum, nb, seen, correct_sum)
                self._diverged(f"the loss became {loss}")
                return records
            update(params, grads)
            losses[it] = loss
            it += 1
            n = len(tb)
            total += n
            loss_sum += loss
            nb += 1
            seen += n
            correct_sum += correct
            if ended:
                self._keep(it, total, loss_sum, nb, seen, correct_sum)
                records.append(self.end_epoch(data, epoch_limit))  # resets the sums
                loss_sum, nb, seen, correct_sum = 0.0, 0, 0, 0
                if self.state is not TrainState.READY:
                    return records
            if iteration_limit is not None and it >= iteration_limit:
                self.state = TrainState.DONE
                break
        self._keep(it, total, loss_sum, nb, seen, correct_sum)
        return records

    def _keep(self, it: int, total: int, loss_sum: float, nb: int, seen: int, correct: int) -> None:
        """Store the hot loop's counters back."""
        self.iteration, self.samples_seen = it, total
        self._loss_sum, self._batches, self._seen, self._correct = loss_sum, nb, seen, correct

    def end_epoch(self, data, epoch_limit: int | None) -> EpochRecord:
        """Record a finished epoch (test figures on ``data``'s test split); the Trainer's rule
        for divergence: a mean loss ten times chance for three epochs in a row."""
        self.epoch += 1
        test_loss = test_acc = float("nan")
        if data.has_test:
            test_loss, test_acc = self.network.evaluate(data.x_test, data.y_test)
        train_loss = self._loss_sum / max(self._batches, 1)
        train_acc = self._correct / max(self._seen, 1)
        if self.evaluate_train:
            # The book's network.accuracy(x_train, t_train): inference mode (running batch-norm
            # statistics, no dropout) over every training row, after the epoch.
            train_loss, train_acc = self.network.evaluate(data.x_train, data.y_train)
        rec = EpochRecord(
            epoch=self.epoch,
            iteration=self.iteration,
            train_loss=train_loss,
            train_accuracy=train_acc,
            test_loss=test_loss,
            test_accuracy=test_acc,
            learning_rate=self.optimizer.lr,
        )
        self._loss_sum = 0.0
        self._batches = self._correct = self._seen = 0
        self.history.append(rec)
        chance = math.log(max(self.network.n_classes, 2))
        high = rec.train_loss > DIVERGENCE_FACTOR * chance
        self._high_epochs = self._high_epochs + 1 if high else 0
        at_limit = epoch_limit is not None and self.epoch >= epoch_limit
        if self._high_epochs >= DIVERGENCE_PATIENCE or (self._high_epochs and at_limit):
            self._diverged(f"the mean loss rose to {rec.train_loss:.3g}, chance is {chance:.3g}")
        elif at_limit:
            self.state = TrainState.DONE
        return rec

    def _diverged(self, why: str) -> None:
        self.state = TrainState.DIVERGED
        self.message = f"{self.label} diverged at iteration {self.iteration + 1} ({why})."

    def summary(self) -> dict:
        """JSON-ready figures of this contender now."""
        last = self.history[-1] if self.history else None
        smooth = self.smoothed_losses()
        return {
            **self.contender.to_dict(),
            "state": self.state.value,
            "iterations": self.iteration,
            "epochs": self.epoch,
            "final_loss": _finite(self.losses[-1]) if self.iteration else None,
            "final_smoothed_loss": _finite(smooth[-1]) if len(smooth) else None,
            "train_accuracy": _finite(last.train_accuracy) if last else None,
            "test_accuracy": _finite(last.test_accuracy) if last else None,
            "message": self.message,
        }

    def __repr__(self) -> str:
        return f"Lane({self.label!r}, iteration={self.iteration}, state={self.state.value})"


def _finite(v) -> float | None:
    v = float(v)
    return v if math.isfinite(v) else None


@dataclass
class RaceReport:
    """What one :meth:`Race.step` did: each lane's new batch losses and finished epochs."""

    losses: dict[int, np.ndarray] = field(default_factory=dict)
    epochs: dict[int, list[EpochRecord]] = field(default_factory=dict)
    batches: int = 0
    finished: bool = False


# ---------------------------------------------------------------------- the race
class Race:
    """Contenders trained side by side, one mini-batch at a time each, in lockstep.

    Parameters
    ----------
    data
        A :class:`~nnviz.data.datasets.Dataset` (train rows are trained on; the test
        split, if any, is evaluated after every epoch).
    contenders
        One to :data:`MAX_CONTENDERS` configurations.  They must share one batch
        size (they share the batches); each one's ``train.seed`` is set to ``seed``.
    seed
        Seeds every network's initial weights and the batch order.
    iterations, epochs
        Stop every contender after this many mini-batches or epochs (``None``: no limit).
    build
        Makes each network (see :func:`build_network`).
    evaluate_train
        After every epoch, measure the training figures over the whole training split
        in inference mode (the book's ``network.accuracy(x_train, t_train)``) instead
        of the running mean of the epoch's mini-batches.
    """

    def __init__(
        self,
        data,
        contenders: Sequence[Contender],
        *,
        seed: int = 0,
        iterations: int | None = None,
        epochs: int | None = None,
        build: NetworkBuilder = build_network,
        evaluate_train: bool = False,
    ) -> None:
        if not contenders:
            raise ConfigError("A race needs at least one contender.")
        if len(contenders) > MAX_CONTENDERS:
            raise ConfigError(f"A race has at most {MAX_CONTENDERS} contenders.")
        if len(data.y_train) == 0:
            raise ConfigError("There is no training data.")
        for name, limit in (("iterations", iterations), ("epochs", epochs)):
            if limit is not None and int(limit) < 1:
                raise ConfigError(f"The number of {name} must be at least 1.")
        self.data = data
        self.seed = int(seed)
        self.iterations = None if iterations is None else int(iterations)
        self.epochs = None if epochs is None else int(epochs)
        self.build = build
        self.evaluate_train = bool(evaluate_train)
        self.batch_size = contenders[0].train.batch_size
        self._source: _Source | None = None
        self.lanes: list[Lane] = []
        for c in contenders:
            self.lanes.append(self._new_lane(c))
        self._stream = _BatchStream(self._source, self.batch_size, self.seed)
        self.train_seconds = 0.0
        self._block = 1

    # ------------------------------------------------------------------ lanes
    def _checked(self, c: Contender) -> Contender:
        if c.train.batch_size != self.batch_size:
            raise ConfigError(
                "Every contender in a race uses one batch size (they train on the same "
                f"batches): {self.batch_size or 'full'}, not {c.train.batch_size or 'full'}."
            )
        if c.train.gradient != "backprop":
            raise ConfigError("Races train with backpropagation only.")
        return dataclasses.replace(c, train=dataclasses.replace(c.train, seed=self.seed))

    def _new_lane(self, c: Contender) -> Lane:
        c = self._checked(c)
        data = self.data
        net = self.build(c.network, data.n_features, data.n_classes, seed=self.seed, l2=c.train.l2)
        if net.input_size != data.n_features or net.n_classes < data.n_classes:
            raise ConfigError(f"{c.label}: the network does not fit the data.")
        if self._source is None:
            self._source = _Source(data, net)
        elif net.n_classes != self._source.k or net.dtype != self._source.dtype:
            raise ConfigError("Every contender in a race needs the same outputs and float type.")
        opt = make_optimizer(c.train.optimizer, c.train.learning_rate, c.train.momentum)
        lane = Lane(c, net, opt)
        lane.evaluate_train = self.evaluate_train
        return lane

    @property
    def contenders(self) -> list[Contender]:
        return [lane.contender for lane in self.lanes]

    @property
    def iteration(self) -> int:
        """Mini-batches every caught-up contender has trained on."""
        return self._stream.iteration

    @property
    def epoch(self) -> int:
        return max((lane.epoch for lane in self.lanes if lane.stream is None), default=0)

    @property
    def left_in_epoch(self) -> int:
        """Mini-batches until the race's current epoch ends (what one epoch's Step trains)."""
        return self._stream.left_in_epoch()

    @property
    def finished(self) -> bool:
        """True when no contender can train any more (limit reached or diverged)."""
        return all(lane.state is not TrainState.READY for lane in self.lanes)

    def add(self, contender: Contender) -> int:
        """Add a contender; it replays the race's batches from the start to catch up.

        Returns its index.  Until it has caught up, the others wait (see :meth:`step`).
        """
        if len(self.lanes) >= MAX_CONTENDERS:
            raise ConfigError(f"A race has at most {MAX_CONTENDERS} contenders.")
        lane = self._new_lane(contender)
        if self.iteration:
            lane.stream = _BatchStream(self._source, self.batch_size, self.seed)
        self.lanes.append(lane)
        return len(self.lanes) - 1

    def remove(self, index: int) -> Contender:
        """Take contender ``index`` out of the race (at least one stays)."""
        self._lane(index)
        if len(self.lanes) == 1:
            raise ConfigError("A race needs at least one contender.")
        return self.lanes.pop(index).contender

    def duplicate(self, index: int, label: str | None = None, **changes) -> int:
        """Add a copy of contender ``index`` with ``changes`` to its configs.

        ``changes`` are fields of :class:`~nnviz.core.trainer.NetworkConfig` or
        :class:`~nnviz.core.trainer.TrainConfig` (``learning_rate=0.01``,
        ``optimizer="adam"``, ``init="he"``, …).  The copy starts from the same
        initial weights and replays the same batches, as if it had raced from the
        start.  Returns its index.
        """
        c = self._lane(index).contender
        net_fields = {f.name for f in dataclasses.fields(NetworkConfig)}
        train_fields = {f.name for f in dataclasses.fields(TrainConfig)}
        unknown = set(changes) - net_fields - train_fields
        if unknown:
            raise ConfigError(f"A contender has no setting {sorted(unknown)[0]!r}.")
        net = dataclasses.replace(
            c.network, **{k: v for k, v in changes.items() if k in net_fields}
        )
        train = dataclasses.replace(
            c.train, **{k: v for k, v in changes.items() if k in train_fields}
        )
        if label is None:
            label = ", ".join(_describe(k, v) for k, v in changes.items()) or f"{c.label} (copy)"
        return self.add(Contender(label, net, train))

    def _lane(self, index: int) -> Lane:
        if not 0 <= index < len(self.lanes):
            raise ConfigError(f"There is no contender {index}; the race has {len(self.lanes)}.")
        return self.lanes[index]

    def reset(self) -> None:
        """Every contender back to its initial weights and fresh optimizer; batch 0."""
        contenders = self.contenders
        self.lanes = [self._new_lane(c) for c in contenders]
        self._stream = _BatchStream(self._source, self.batch_size, self.seed)
        self.train_seconds = 0.0

    def legend(self) -> list[str]:
        """Per contender: its label, and what differs from the others when the label is empty."""
        diffs = differences(self.contenders)
        return [lane.label or d for lane, d in zip(self.lanes, diffs, strict=True)]

    # ------------------------------------------------------------------ training
    def _train_block(self, lanes: list[tuple[int, Lane]], block, report: RaceReport) -> None:
        """Train each of ``lanes`` (index, lane) on a block from :meth:`_BatchStream.block`."""
        spans, fetch = block
        for i, lane in lanes:
            records = lane.train(spans, fetch, self.data, self.iterations, self.epochs)
            if records:
                report.epochs.setdefault(i, []).extend(records)

    def _block_size(self, stream: _BatchStream, budget: int | None) -> int:
        """Batches in the next block: the adaptive size, cut at the limits and ``budget``."""
        m = self._block
        if budget is not None:
            m = min(m, budget)
        if self.iterations is not None:
            m = min(m, self.iterations - stream.iteration)
        if self.epochs is not None:
            left = (self.epochs - stream.epoch - 1) * stream.per_epoch + stream.left_in_epoch()
            m = min(m, left)
        return max(m, 1)

    def _adapt(self, took: float, target: float) -> None:
        """Grow blocks while they take under half of ``target`` seconds, shrink them above it."""
        if took < target / 2:
            self._block = min(self._block * 2, MAX_BLOCK)
        elif took > target:
            self._block = max(self._block // 2, 1)

    # A diverging contender overflows float32; its state says so in one sentence.
    @np.errstate(over="ignore", invalid="ignore")
    def step(self, max_batches: int | None = None, max_seconds: float | None = None) -> RaceReport:
        """Train every contender until a budget runs out or the race is finished.

        Parameters
        ----------
        max_batches
            Advance the race by at most this many mini-batches (each contender
            trains on each of them).
        max_seconds
            Stop after about this much wall time: after every block of batches,
            unless one more block as long as the last one still fits (blocks are
            sized to take at most half of it; at least one block is trained).

        Notes
        -----
        Each contender trains on a block of up to :data:`MAX_BLOCK` batches before
        the next one's turn.  Blocks of 16 run as fast as separate runs; smaller
        ones cost cache misses when contenders switch (measured on the book's
        MNIST race, 4 contenders, per CPU second: block 8 −4%, 4 −7%, 1 −13%).
        A ``max_seconds`` below about 2 × 16 × contenders × one step's time (MNIST:
        0.15 s for 4 contenders) makes blocks smaller; the app should give races
        that much time per chunk when it can.

        Returns
        -------
        RaceReport
            Every new batch loss and finished epoch, per contender index.
        """
        report = RaceReport()
        target = math.inf if max_seconds is None else max_seconds / 2
        start = clock = time.perf_counter()
        before = [lane.iteration for lane in self.lanes]
        while not self.finished:
            lagging = [(i, x) for i, x in enumerate(self.lanes) if x.stream is not None]
            if lagging:
                self._catch_up(lagging, report)
            else:
                budget = None if max_batches is None else max_batches - report.batches
                if budget is not None and budget <= 0:
                    break
                m = self._block_size(self._stream, budget)
                ready = [(i, x) for i, x in enumerate(self.lanes) if x.state is TrainState.READY]
                self._train_block(ready, self._stream.block(m), report)
                report.batches += m
            now = time.perf_counter()
            took = now - clock
            self._adapt(took, target)
            clock = now
            # Stop when another block like the last would not end in time: a window
            # stepping the race waits at most about max_seconds (not max_seconds + a block).
            if max_seconds is not None and now - start + took >= max_seconds:
                break
        self.train_seconds += time.perf_counter() - start
        for i, (lane, b) in enumerate(zip(self.lanes, before, strict=True)):
            report.losses[i] = lane.losses[b:].copy()
        report.finished = self.finished
        return report

    def _catch_up(self, lagging: list[tuple[int, Lane]], report: RaceReport) -> None:
        """One block for each contender still replaying the race's earlier batches."""
        for i, lane in lagging:
            behind = self.iteration - lane.stream.iteration
            if lane.state is TrainState.READY and behind > 0:
                m = self._block_size(lane.stream, behind)
                self._train_block([(i, lane)], lane.stream.block(m), report)
            if lane.state is not TrainState.READY or lane.stream.iteration >= self.iteration:
                lane.stream = None  # caught up: it takes the race's batches from now on

    def run(self, progress: Callable[[int, int, str], None] | None = None) -> None:
        """Train until every contender has reached the limit (``iterations`` or ``epochs``);
        ``progress(done, total, text)`` is called after every chunk of about 0.25 s."""
        if self.iterations is None and self.epochs is None:
            raise ConfigError("A race run to the end needs an iteration or epoch limit.")
        while not self.finished:
            self.step(max_seconds=0.25)
            if progress is not None:
                if self.iterations is not None:
                    progress(self.iteration, self.iterations, f"iteration {self.iteration:,}")
                else:
                    progress(self.epoch, self.epochs, f"epoch {self.epoch:,}")

    @property
    def samples_per_second(self) -> float:
        """Samples trained per second, summed over the contenders."""
        seen = sum(lane.samples_seen for lane in self.lanes)
        return seen / self.train_seconds if self.train_seconds > 0 else 0.0

    def results(self, curves: bool = True) -> dict:
        """JSON-ready: every contender's configs and figures (with its curves when asked)."""
        out = []
        for lane, legend in zip(self.lanes, self.legend(), strict=True):
            entry = {**lane.summary(), "legend": legend}
            if curves:
                entry["loss"] = [float(v) for v in lane.losses]
                entry["smoothed_loss"] = [float(v) for v in lane.smoothed_losses()]
                entry["epochs_history"] = [dataclasses.asdict(r) for r in lane.history]
                for rec in entry["epochs_history"]:
                    for k, v in rec.items():
                        rec[k] = _finite(v) if isinstance(v, float) else v
            out.append(entry)
        return {
            "seed": self.seed,
            "batch_size": self.batch_size,
            "iterations": self.iteration,
            "contenders": out,
        }

    def __repr__(self) -> str:
        return f"Race({len(self.lanes)} contenders, iteration={self.iteration})"
