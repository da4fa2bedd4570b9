"""The tutorials nnviz reproduces: their settings, their published figures, and a runner.

Each :class:`Tutorial` is plain data (no Qt): the dataset and its parameters, the
:class:`~nnviz.core.trainer.NetworkConfig` and :class:`~nnviz.core.trainer.TrainConfig`
the write-up used, the figures it published and how close nnviz must come to them.
:func:`run_tutorial` really runs one with nnviz's own ``load_dataset``, ``Network``,
``Trainer`` and model files, and compares.

Tolerances
----------
Every tutorial published the figures of *one* run, on random data and random
initial weights of its own.  A faithful re-implementation with other random draws
does not land on the same numbers, so a tolerance has to cover the run-to-run
spread of the tutorial's own procedure — and no more.  The rule used here: **three
standard deviations of the figure across nnviz runs that redraw the data (or the
test split) and the initial weights, rounded up to the next 0.01.**  Measured with
nnviz (mean ± standard deviation):

=================  ======  ======================  ==================  =========
tutorial           draws   accuracy                loss                tolerance
=================  ======  ======================  ==================  =========
dlfs2-spiral       100     96.7% ± 1.1 (train)     0.114 ± 0.014       ±0.04, ±0.05
cs231n-linear      300     52.4% ± 1.4 (train)     0.758 ± 0.012       ±0.05, ±0.04
cs231n-2layer      40      98.5% ± 0.6 (train)     0.246 ± 0.006       ±0.02, ±0.02
fcneuron-digits    40      91.8% ± 1.8 (test)      —                   ±0.06
=================  ======  ======================  ==================  =========

CS231n's linear run (49%, 0.786) sits in the low tail of that spread (1st
percentile of accuracy); nnviz's default draw gives 53.3% / 0.747, inside the
bounds.  FCNeuron's 94.4% sits in the high tail (the 180 held-out digits make a
test accuracy move by several points from one split to the next).

``dlfs-mnist-inference`` has no randomness: on the official 10,000-digit MNIST
test set nnviz's forward pass must give the book's 93.52% to its last printed
digit (the tolerance then is ±0.00005).  On any other set of MNIST digits (e.g. the
8,000 training digits in ``../shared/data/mnist-10k``, which has no t10k files)
the figure differs by sampling alone; ±0.03 is three standard errors of the
difference between 1,000 digits and the 10,000 of the official set
(``3·sqrt(p(1−p)(1/1000 + 1/10000))`` = 0.024 at p = 0.9352).

``numerical-gradient`` publishes bounds, not values: the gradients must agree with
backpropagation to a relative error of at most 1e-6 (float64, central differences
with h = 1e-5 agree to about 1e-9; a wrong gradient is off by 1e-2 or more), and
numerical gradients must be at least 1,000× slower ("thousands of times", the
write-up's point; the theory says about 2P/3 ≈ 26,000× for P = 39,760 parameters).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import numpy as np

from nnviz.core.gradcheck import relative_error
from nnviz.core.network import Network
from nnviz.core.optimizers import make_optimizer
from nnviz.core.trainer import NetworkConfig, TrainConfig, Trainer, TrainState
from nnviz.errors import ConfigError, DataError, ModelError, NnvizError

Progress = Callable[[int, int, str], None]
"""``progress(done, total, text)``: called now and then while a tutorial runs."""

METRICS = ("train_accuracy", "test_accuracy")
BOUNDS = ("at_most", "at_least")
WEIGHTS_FILE = "sample_weight.pkl"
OFFICIAL_TEST_DIGITS = 10_000
OFFICIAL_TEST_TOLERANCE = 0.00005
"""Half the last printed digit of 93.52%: the tolerance on the official MNIST test set."""

GRADCHECK_BATCH = 10
"""Digits per numerical step in :func:`run_tutorial` (the tutorial's batch is 100).

A numerical step costs 2 forward passes per parameter whatever the batch, so
the speed ratio barely depends on it; a small batch keeps two steps well under a
minute.  The time of one step at the tutorial's batch of 100 is estimated from
the measured cost of a forward pass at that batch."""
GRADCHECK_STEPS = 2
BACKPROP_TIMING_SECONDS = 0.2
"""Backprop steps are repeated for at least this long so their timing is not noise."""


@dataclass(frozen=True)
class Tutorial:
    """One tutorial nnviz reproduces.

    Parameters
    ----------
    name
        Registry key (``nnviz tutorial run NAME``).
    title, source
        What it is called, and the book or course (with chapter) it comes from.
    description_en, description_ko
        One paragraph each on what the tutorial teaches.
    dataset, dataset_params
        A key of :data:`nnviz.data.datasets.DATASETS` and the keyword arguments of
        :func:`~nnviz.data.datasets.load_dataset` that pin the tutorial's data.
    network, train
        The network and the training settings; ``train.epochs`` counts iterations
        for full-batch tutorials, and is 0 when the tutorial only runs inference.
    published
        The figures the tutorial published, keyed like the measured ones
        (``train_accuracy``, ``test_accuracy``, ``loss``, …).
    tolerance
        Per key: how far the measured figure may be from the published one.
    bounds
        Keys whose published figure is a bound: ``"at_most"`` or ``"at_least"``
        (their tolerance is 0).
    live_metric
        Accuracy the app shows live: ``"train_accuracy"`` or ``"test_accuracy"``.
    loss_every, loss_averaged
        How the tutorial reports its loss: every ``loss_every`` iterations, either
        the mean over those iterations (``loss_averaged``, DLFS2's plot) or the
        loss of that one iteration (CS231n's printout).
    boundary
        True when the tutorial draws the decision boundary (2-D data).
    weights
        File name of published weights the tutorial evaluates, if any.
    """

    name: str
    title: str
    source: str
    description_en: str
    description_ko: str
    dataset: str
    dataset_params: dict
    network: NetworkConfig
    train: TrainConfig
    published: dict
    tolerance: dict
    bounds: dict = field(default_factory=dict)
    live_metric: str = "train_accuracy"
    loss_every: int = 1
    loss_averaged: bool = False
    boundary: bool = False
    weights: str | None = None

    def __post_init__(self) -> None:
        from nnviz.data.datasets import DATASETS

        for name in ("dataset_params", "published", "tolerance", "bounds"):
            object.__setattr__(self, name, dict(getattr(self, name)))
        if self.dataset not in DATASETS:
            raise ConfigError(f"Tutorial {self.name!r} names an unknown dataset {self.dataset!r}.")
        if set(self.tolerance) != set(self.published):
            raise ConfigError(f"Tutorial {self.name!r} needs one tolerance per published figure.")
        if not set(self.bounds) <= set(self.published) or not all(
            b in BOUNDS for b in self.bounds.values()
        ):
            raise ConfigError(f"Tutorial {self.name!r} has a bound that is not a published figure.")
        if any(not (math.isfinite(t) and t >= 0) for t in self.tolerance.values()):
            raise ConfigError(f"Tutorial {self.name!r} has a negative tolerance.")
        if self.live_metric not in METRICS:
            raise ConfigError(f"The live metric must be one of {', '.join(METRICS)}.")
        if self.loss_every < 1:
            raise ConfigError("The loss is reported every 1 or more iterations.")

    @property
    def trains(self) -> bool:
        """False for a tutorial that only runs inference with published weights."""
        return self.train.epochs != 0

    @property
    def gradient(self) -> str:
        """``"backprop"``, ``"numerical"``, or ``"none"`` when nothing is trained."""
        return self.train.gradient if self.trains else "none"

    @property
    def loss_plot_window(self) -> int:
        """Iterations averaged per point of the loss plot (10 for DLFS2, else 1)."""
        return self.loss_every if self.loss_averaged else 1

    def to_dict(self) -> dict:
        """Every field as plain JSON-ready data (configs become dicts)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, d: Mapping) -> Tutorial:
        """The inverse of :meth:`to_dict` (also accepts the JSON-decoded form)."""
        d = dict(d)
        d["network"] = NetworkConfig(**d["network"])
        d["train"] = TrainConfig(**d["train"])
        return cls(**d)


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
    network: Network | None = field(default=None, repr=False, compare=False)

    @property
    def within(self) -> dict[str, bool]:
        """Per figure: does the measured value meet the published one?"""
        return {
            k: _meets(self.published[k], self.measured[k], self.tolerance[k], self.bounds.get(k))
            for k in self.published
        }

    def to_dict(self) -> dict:
        """JSON-ready: name, published, measured, reproduced, tolerance, bounds, within, details."""
        return {
            "name": self.name,
            "published": dict(self.published),
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


# ---------------------------------------------------------------------- the registry
_SPIRAL = {"samples": 100, "noise": 0.2, "classes": 3}
_CS231N_TRAIN = TrainConfig(learning_rate=1.0, optimizer="sgd", batch_size=None, l2=1e-3)

TUTORIALS: dict[str, Tutorial] = {
    t.name: t
    for t in [
        Tutorial(
            name="dlfs2-spiral",
            title="Two-layer net on the spiral",
            source="Deep Learning from Scratch 2 (밑바닥부터 시작하는 딥러닝 2), ch. 1.4",
            description_en=(
                "A two-layer network with 10 sigmoid hidden units learns the three-arm "
                "spiral by mini-batch SGD (batch 30, learning rate 1.0, 300 epochs). It shows "
                "what one hidden layer buys over a straight line: the decision boundary bends "
                "around the arms, the loss averaged over every 10 iterations falls to about "
                "0.1, and training accuracy climbs to about 96%."
            ),
            description_ko=(
                "시그모이드 은닉 뉴런 10개를 가진 2층 신경망이 미니배치 SGD(배치 30, 학습률 "
                "1.0, 300 에폭)로 세 갈래 나선 데이터를 학습합니다. 은닉층 하나가 직선 분류와 "
                "무엇이 다른지 보여 줍니다. 결정 경계가 나선 팔을 따라 휘어지고, 10회 반복마다 "
                "평균한 손실은 약 0.1까지 떨어지며, 학습 정확도는 약 96%까지 오릅니다."
            ),
            dataset="spiral",
            dataset_params={**_SPIRAL, "seed": 7777},
            network=NetworkConfig(hidden=(10,), activation="sigmoid", init_std=0.01),
            train=TrainConfig(learning_rate=1.0, optimizer="sgd", batch_size=30, epochs=300),
            published={"train_accuracy": 0.96, "loss": 0.117},
            tolerance={"train_accuracy": 0.04, "loss": 0.05},
            loss_every=10,
            loss_averaged=True,
            boundary=True,
        ),
        Tutorial(
            name="dlfs-mnist-inference",
            title="MNIST inference with the book's weights",
            source="Deep Learning from Scratch (밑바닥부터 시작하는 딥러닝), ch. 3.6",
            description_en=(
                "No training at all: the book's published weights (sample_weight.pkl) for a "
                "784-50-100-10 sigmoid network classify the MNIST test digits by forward "
                "propagation alone, 100 images per batch. It shows that a trained network is "
                "just arrays of weights and biases, how an image becomes 784 inputs scaled to "
                "[0, 1], and how the largest softmax output becomes the prediction: 93.52% of "
                "the 10,000 test digits are right."
            ),
            description_ko=(
                "학습은 하지 않습니다. 책에서 제공하는 학습된 가중치(sample_weight.pkl)로 "
                "784-50-100-10 시그모이드 신경망을 만들고, 순전파만으로 MNIST 테스트 숫자를 "
                "100장씩 배치로 분류합니다. 학습된 신경망은 결국 가중치와 편향 배열이라는 것, "
                "이미지를 0~1로 정규화한 784개의 입력으로 바꾸는 방법, 소프트맥스 출력이 가장 큰 "
                "클래스를 예측으로 삼는 추론 과정을 배웁니다. 테스트 숫자 10,000개 중 93.52%를 "
                "맞힙니다."
            ),
            dataset="mnist",
            dataset_params={},
            network=NetworkConfig(hidden=(50, 100), activation="sigmoid"),
            train=TrainConfig(batch_size=100, epochs=0),
            published={"test_accuracy": 0.9352},
            tolerance={"test_accuracy": 0.03},
            live_metric="test_accuracy",
            weights=WEIGHTS_FILE,
        ),
        Tutorial(
            name="cs231n-linear",
            title="Linear softmax classifier on the spiral",
            source="Stanford CS231n, Minimal Neural Network Case Study (linear classifier)",
            description_en=(
                "A linear softmax classifier trained on the spiral with full-batch gradient "
                "descent (learning rate 1.0, L2 1e-3, 200 iterations). Its straight-line "
                "decision boundaries cannot follow the arms, so it stops near 49% training "
                "accuracy (loss 0.786): the motivation for adding a hidden layer."
            ),
            description_ko=(
                "나선 데이터에 선형 소프트맥스 분류기를 전체 배치 경사 하강법(학습률 1.0, L2 "
                "1e-3, 200회 반복)으로 학습합니다. 직선 결정 경계로는 나선 팔을 따라갈 수 없어 "
                "학습 정확도가 약 49%(손실 0.786)에 머무릅니다. 은닉층이 왜 필요한지 보여 주는 "
                "출발점입니다."
            ),
            dataset="spiral-cs231n",
            dataset_params={**_SPIRAL, "seed": 0},
            network=NetworkConfig(hidden=(), init_std=0.01),
            train=replace(_CS231N_TRAIN, epochs=200),
            published={"train_accuracy": 0.49, "loss": 0.786},
            tolerance={"train_accuracy": 0.05, "loss": 0.04},
            loss_every=10,
            boundary=True,
        ),
        Tutorial(
            name="cs231n-2layer",
            title="Two-layer ReLU net on the spiral",
            source="Stanford CS231n, Minimal Neural Network Case Study (training a neural network)",
            description_en=(
                "The same spiral and training loop as the linear classifier, with one hidden "
                "layer of 100 ReLU units and 10,000 iterations. Backpropagation through the "
                "ReLU layer is the only new piece of code, and the decision boundary now wraps "
                "around the arms: about 98% training accuracy (loss 0.245)."
            ),
            description_ko=(
                "선형 분류기와 같은 나선 데이터와 학습 루프에 ReLU 뉴런 100개짜리 은닉층 하나를 "
                "더하고 10,000회 반복합니다. 새로 필요한 코드는 ReLU 층을 통과하는 역전파뿐이며, "
                "결정 경계가 나선 팔을 감싸게 되어 학습 정확도 약 98%(손실 0.245)에 이릅니다."
            ),
            dataset="spiral-cs231n",
            dataset_params={**_SPIRAL, "seed": 0},
            network=NetworkConfig(hidden=(100,), activation="relu", init_std=0.01),
            train=replace(_CS231N_TRAIN, epochs=10_000),
            published={"train_accuracy": 0.98, "loss": 0.245},
            tolerance={"train_accuracy": 0.02, "loss": 0.02},
            loss_every=1000,
            boundary=True,
        ),
        Tutorial(
            name="fcneuron-digits",
            title="FCNeuron two-layer net on 8×8 digits",
            source="FCNeuron two-layer network tutorial (NumPy), on scikit-learn's digits",
            description_en=(
                "A two-layer fully connected 'FCNeuron' network (64-100-10, sigmoid) on "
                "scikit-learn's 8×8 handwritten digits. Weights and biases are both drawn "
                "uniformly in ±1/√fan_in, and full-batch gradient descent runs for 1,000 "
                "iterations at learning rate 0.1. It shows a small network generalising to the "
                "10% of digits held out for testing: 94.4% test accuracy."
            ),
            description_ko=(
                "scikit-learn의 8×8 손글씨 숫자 데이터에 2층 완전연결 'FCNeuron' 신경망"
                "(64-100-10, 시그모이드)을 학습합니다. 가중치와 편향을 모두 ±1/√fan_in 범위의 "
                "균등분포로 초기화하고, 학습률 0.1의 전체 배치 경사 하강법을 1,000회 반복합니다. "
                "작은 신경망이 테스트용으로 떼어 둔 10%의 숫자에도 일반화되어 테스트 정확도 "
                "94.4%를 얻는 과정을 보여 줍니다."
            ),
            dataset="digits",
            dataset_params={"test_ratio": 0.1, "seed": 0},
            network=NetworkConfig(
                hidden=(100,), activation="sigmoid", init="uniform", bias_init="same"
            ),
            train=TrainConfig(learning_rate=0.1, optimizer="sgd", batch_size=None, epochs=1000),
            published={"test_accuracy": 0.944},
            tolerance={"test_accuracy": 0.06},
            live_metric="test_accuracy",
        ),
        Tutorial(
            name="numerical-gradient",
            title="Training with numerical gradients",
            source="Deep Learning from Scratch (밑바닥부터 시작하는 딥러닝), ch. 4.5, in R",
            description_en=(
                "The book's two-layer MNIST network (784-50-10, sigmoid, batch 100, learning "
                "rate 0.1) written in R and trained with numerical gradients: each of the "
                "39,760 parameters is nudged up and down to estimate its gradient by central "
                "differences. The gradients agree with backpropagation, but one step costs "
                "79,520 forward passes instead of one forward and one backward pass, thousands "
                "of times slower: the reason backpropagation matters."
            ),
            description_ko=(
                "책의 MNIST 2층 신경망(784-50-10, 시그모이드, 배치 100, 학습률 0.1)을 R로 "
                "구현하고 수치 미분으로 기울기를 구해 학습합니다. 매개변수 39,760개를 하나씩 "
                "조금 올리고 내려 중앙 차분으로 기울기를 추정합니다. 이렇게 구한 기울기는 "
                "오차역전파의 기울기와 일치하지만, 한 단계에 순전파가 79,520번 필요해 순전파와 "
                "역전파를 한 번씩 하는 오차역전파보다 수천 배 느립니다. 오차역전파가 왜 중요한지 "
                "보여 줍니다."
            ),
            dataset="mnist",
            dataset_params={},
            network=NetworkConfig(hidden=(50,), activation="sigmoid", init_std=0.01),
            # No epoch limit: one epoch of 60,000 digits takes hours with numerical gradients.
            train=TrainConfig(
                learning_rate=0.1,
                optimizer="sgd",
                batch_size=100,
                epochs=None,
                gradient="numerical",
            ),
            published={"max_relative_error": 1e-6, "speedup": 1000.0},
            tolerance={"max_relative_error": 0.0, "speedup": 0.0},
            bounds={"max_relative_error": "at_most", "speedup": "at_least"},
        ),
    ]
}
"""Every tutorial, by name."""


def tutorial(name: str) -> Tutorial:
    """The registry entry ``name``, or a clear error listing the names."""
    try:
        return TUTORIALS[name]
    except KeyError:
        raise ConfigError(
            f"Unknown tutorial {name!r}; choose one of {', '.join(TUTORIALS)}."
        ) from None


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


def _run_training(tut: Tutorial, data_dir, report: Progress):
    if tut.dataset == "digits":
        try:
            import sklearn  # noqa: F401
        except ImportError:
            raise DataError(
                f'The {tut.name} tutorial needs scikit-learn: pip install "nnviz[digits]".'
            ) from None
    from nnviz.data.datasets import load_dataset

    data = load_dataset(tut.dataset, data_dir=data_dir, **tut.dataset_params)
    cfg = tut.train
    net = tut.network.build(data.n_features, data.n_classes, seed=cfg.seed, l2=cfg.l2)
    trainer = Trainer(net, data, cfg)
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
    }
    for key in tut.published:
        if key == "train_accuracy":
            measured[key] = trainer.evaluate("train")[1]
        elif key == "test_accuracy":
            measured[key] = trainer.evaluate("test")[1]
        elif key == "loss":
            measured[key], details["loss_reported"] = reported_loss(
                losses, tut.loss_every, tut.loss_averaged
            )
        else:
            raise RuntimeError(f"{tut.name}: nothing measures {key!r}")
    if tut.loss_averaged:
        n = (len(losses) // tut.loss_every) * tut.loss_every
        curve = losses[:n].reshape(-1, tut.loss_every).mean(axis=1, dtype=np.float64)
        details[f"loss_per_{tut.loss_every}_iterations"] = [round(float(v), 5) for v in curve]
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
def gradient_relative_error(a: Mapping[str, np.ndarray], b: Mapping[str, np.ndarray]) -> float:
    """Largest ``‖a−b‖ / (‖a‖+‖b‖)`` over the parameter arrays (0 where both are zero).

    Norm-wise per array rather than element-wise: an element-wise relative error
    is dominated by gradients near zero (a weight from a pixel that is almost
    always dark), where float64 rounding alone makes it 1e-3.
    """
    worst = 0.0
    for key in a:
        x = np.asarray(a[key], dtype=np.float64)
        y = np.asarray(b[key], dtype=np.float64)
        den = np.linalg.norm(x) + np.linalg.norm(y)
        if den > 0:
            worst = max(worst, float(np.linalg.norm(x - y) / den))
    return worst


def _mean_seconds(fn: Callable[..., object], *args, min_seconds: float) -> float:
    """Mean wall time of ``fn(*args)``, repeated for at least ``min_seconds``."""
    n, start = 0, time.perf_counter()
    while True:
        fn(*args)
        n += 1
        elapsed = time.perf_counter() - start
        if elapsed >= min_seconds:
            return elapsed / n


def _run_numerical_gradient(tut: Tutorial, data_dir, report: Progress):
    from nnviz.data.datasets import load_dataset

    data = load_dataset(tut.dataset, data_dir=data_dir, **tut.dataset_params)
    cfg = tut.train
    net = tut.network.build(data.n_features, data.n_classes, seed=cfg.seed, dtype=np.float64)
    optimizer = make_optimizer(cfg.optimizer, cfg.learning_rate, cfg.momentum)
    rng = np.random.default_rng(cfg.seed)
    n_params = net.param_count
    y_all = np.asarray(data.y_train, dtype=np.int64)

    def batch(size: int) -> tuple[np.ndarray, np.ndarray]:
        idx = rng.choice(len(y_all), size=min(size, len(y_all)), replace=False)
        return data.features(data.x_train[idx]).astype(np.float64), y_all[idx]

    # Cost of one forward pass (with the loss) at the tutorial's own batch size, to
    # estimate what one of its numerical steps costs.
    x100, t100 = batch(cfg.batch_size)
    forward_100 = _mean_seconds(net.loss, x100, t100, min_seconds=BACKPROP_TIMING_SECONDS)
    backprop_100 = _mean_seconds(net.gradient, x100, t100, min_seconds=BACKPROP_TIMING_SECONDS)

    worst = worst_elementwise = 0.0
    numerical_seconds = backprop_seconds = 0.0
    samples = 0
    losses = []
    for step in range(GRADCHECK_STEPS):
        report(step, GRADCHECK_STEPS, f"numerical step {step + 1}/{GRADCHECK_STEPS}")
        x, t = batch(GRADCHECK_BATCH)
        backprop_seconds += _mean_seconds(net.gradient, x, t, min_seconds=BACKPROP_TIMING_SECONDS)
        _, grads = net.gradient(x, t)
        backprop = {k: g.copy() for k, g in grads.items()}
        start = time.perf_counter()
        loss, numerical = net.numerical_gradient(x, t)
        numerical_seconds += time.perf_counter() - start
        samples += len(t)
        losses.append(loss)
        worst = max(worst, gradient_relative_error(numerical, backprop))
        worst_elementwise = max(
            worst_elementwise, max(relative_error(numerical[k], backprop[k]) for k in backprop)
        )
        # Train with the numerical gradient, as the tutorial does.
        optimizer.update(net.params, numerical)
    report(GRADCHECK_STEPS, GRADCHECK_STEPS, "done")

    backprop_rate = samples / backprop_seconds
    numerical_rate = samples / numerical_seconds
    measured = {"max_relative_error": worst, "speedup": backprop_rate / numerical_rate}
    details = {
        "network": "-".join(map(str, net.sizes)),
        "parameters": n_params,
        "forward_passes_per_step": 2 * n_params,  # plus one for the loss itself
        "dtype": "float64",
        "h": 1e-5,
        "steps": GRADCHECK_STEPS,
        "batch_size": GRADCHECK_BATCH,
        "losses": losses,
        "numerical_seconds_per_step": numerical_seconds / GRADCHECK_STEPS,
        "backprop_seconds_per_step": backprop_seconds / GRADCHECK_STEPS,
        "numerical_samples_per_second": numerical_rate,
        "backprop_samples_per_second": backprop_rate,
        "elementwise_max_relative_error": worst_elementwise,
        "estimated_numerical_seconds_per_step_at_batch_100": forward_100 * (2 * n_params + 1),
        "backprop_seconds_per_step_at_batch_100": backprop_100,
        "speed_measurement": (
            f"{GRADCHECK_STEPS} steps of {GRADCHECK_BATCH} digits from the same initial weights: "
            "numerical gradient vs backprop gradient (repeated for timing) at the same weights, "
            "the update (the same for both) left out; the batch-100 figure is the measured "
            "time of one forward pass × the forward passes of one numerical step"
        ),
    }
    return measured, details, dict(tut.tolerance), net
