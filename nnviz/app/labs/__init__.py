"""The Deep Learning from Scratch ch. 6 labs: a registry of headless runners (no Qt).

Each :class:`Lab` names a runner that returns JSON-ready figures: the book's
statements (``published``), what nnviz measured (``measured``), the criterion
that turns each statement into a check (``criteria``), whether it holds
(``within``, ``reproduced``) and the data a view draws (``details``).
``nnviz tutorial run NAME --json`` prints exactly that; the GUI's lab views
(built elsewhere) drive the same modules step by step:
:class:`~nnviz.app.labs.paths.OptimizerPaths`,
:func:`~nnviz.app.labs.activations.network_histograms`,
:class:`~nnviz.app.labs.race.Race`,
:class:`~nnviz.app.labs.batch_norm.BatchNormGrid`,
:func:`~nnviz.app.labs.overfitting.overfitting_race` and
:class:`~nnviz.app.labs.search.HyperparameterSearch`.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field

from nnviz.app.blas import one_blas_thread
from nnviz.app.labs.activations import run_init_activations
from nnviz.app.labs.batch_norm import run_batch_norm
from nnviz.app.labs.common import lookup
from nnviz.app.labs.mnist_races import run_init_race, run_optimizer_race
from nnviz.app.labs.overfitting import run_overfitting
from nnviz.app.labs.paths import run_optimizer_paths
from nnviz.app.labs.search import run_hyperparameter_search
from nnviz.errors import ConfigError

_SOURCE = "Deep Learning from Scratch (밑바닥부터 시작하는 딥러닝), ch. 6"


def _takes(fn: Callable, name: str) -> bool:
    """True when ``fn`` accepts the keyword ``name`` (by name or through ``**kwargs``)."""
    params = inspect.signature(fn).parameters.values()
    return any(p.name == name or p.kind is p.VAR_KEYWORD for p in params)


@dataclass(frozen=True)
class Lab:
    """One lab: what it is, in two languages, and its headless runner.

    Parameters
    ----------
    name
        Registry key (``nnviz tutorial run NAME``); scripts depend on it.
    title, source
        What it is called, and the book chapter and script it reproduces.
    description_en, description_ko
        One paragraph each on what it teaches.
    runner
        ``runner(**options) -> dict`` (see :meth:`run`).
    options
        The keyword options the runner takes (``iterations``, ``data_dir``, …).
    needs
        Data it needs beyond NumPy (``"mnist"``) or ``""``.
    """

    name: str
    title: str
    source: str
    description_en: str
    description_ko: str
    runner: Callable[..., dict] = field(repr=False, compare=False)
    options: tuple[str, ...] = ()
    needs: str = ""

    def run(self, *, progress=None, **options) -> dict:
        """Run headless; ``None`` options are left at their defaults.

        ``progress(done, total, text)`` is called now and then by the labs that take
        a while (the MNIST races, the search).

        Returns
        -------
        dict
            ``name``, ``title``, ``source``, ``published`` (the book's statements),
            ``measured``, ``criteria``, ``within``, ``reproduced`` and ``details``.
        """
        given = {k: v for k, v in options.items() if v is not None}
        unknown = sorted(set(given) - set(self.options))
        if unknown:
            takes = ", ".join(self.options) or "no options"
            raise ConfigError(
                f"The {self.name} lab has no {unknown[0].replace('_', '-')} setting (it takes "
                f"{takes.replace('_', '-')})."
            )
        if progress is not None and _takes(self.runner, "progress"):
            given["progress"] = progress
        with one_blas_thread():  # small products: more threads spin instead of working
            result = self.runner(**given)
        return {"name": self.name, "title": self.title, "source": self.source, **result}

    def to_dict(self) -> dict:
        """JSON-ready description (the runner left out)."""
        return {
            "name": self.name,
            "title": self.title,
            "source": self.source,
            "description_en": self.description_en,
            "description_ko": self.description_ko,
            "options": list(self.options),
            "needs": self.needs,
        }


LABS: dict[str, Lab] = {
    lab.name: lab
    for lab in [
        Lab(
            name="optimizer-paths",
            title="Optimizer paths",
            source=f"{_SOURCE}.1 (optimizer_compare_naive.py)",
            description_en=(
                "SGD, Momentum, Nesterov, AdaGrad, RMSprop and Adam start at (−7, 2) on "
                "f(x, y) = x²/20 + y² and take 30 steps each at the book's learning rates. SGD "
                "zig-zags across the long valley, Momentum rolls past the minimum and back, "
                "AdaGrad's steps shrink as it goes, Adam combines both. The same optimizer "
                "classes train the networks; pick Rosenbrock, a saddle or Beale to see them "
                "struggle elsewhere."
            ),
            description_ko=(
                "SGD, 모멘텀, 네스테로프, AdaGrad, RMSprop, Adam이 f(x, y) = x²/20 + y²의 "
                "(−7, 2)에서 출발해 책의 학습률로 30걸음씩 움직입니다. SGD는 길쭉한 골짜기를 "
                "가로지르며 지그재그로 움직이고, 모멘텀은 최솟값을 지나쳤다가 되돌아오며, "
                "AdaGrad는 갈수록 보폭이 줄고, Adam은 두 가지 장점을 합칩니다. 신경망을 학습시키는 "
                "것과 같은 옵티마이저 클래스를 씁니다. 로젠브록, 안장점, 빌 함수에서도 비교해 "
                "보세요."
            ),
            runner=run_optimizer_paths,
            options=("surface", "steps"),
        ),
        Lab(
            name="init-activations",
            title="Activations by initialisation",
            source=f"{_SOURCE}.2 (weight_init_activation_histogram.py)",
            description_en=(
                "1,000 random inputs pass through 5 layers of 100 units; one histogram per "
                "layer shows where the activations land. With weights of std 1, sigmoid "
                "outputs pile up at 0 and 1 and gradients vanish; with std 0.01 they all "
                "collapse onto 0.5; Xavier keeps them spread out, and He does the same for "
                "ReLU. The same histograms can follow your own network while it trains."
            ),
            description_ko=(
                "무작위 입력 1,000개가 뉴런 100개짜리 층 5개를 지나갑니다. 층마다 히스토그램으로 "
                "활성화 값의 분포를 봅니다. 표준편차 1로 초기화하면 시그모이드 출력이 0과 1에 "
                "몰려 기울기가 사라지고, 0.01이면 모두 0.5로 모여 표현력이 없어집니다. Xavier "
                "초깃값은 고르게 퍼뜨리고, ReLU에는 He 초깃값이 같은 일을 합니다. 학습 중인 내 "
                "신경망의 히스토그램도 같은 방식으로 볼 수 있습니다."
            ),
            runner=run_init_activations,
            options=("seed", "samples"),
        ),
        Lab(
            name="optimizer-race-mnist",
            title="Optimizers on MNIST (a race)",
            source=f"{_SOURCE}.1 (optimizer_compare_mnist.py)",
            description_en=(
                "SGD, Momentum, AdaGrad and Adam race on MNIST: the same 5-layer ReLU "
                "network (4 hidden layers of 100), the same initial weights, the same "
                "mini-batches of 128, 2,000 iterations, the smoothed loss of each drawn as "
                "they go. As in the book, the three adaptive or momentum methods pull "
                "ahead of plain SGD."
            ),
            description_ko=(
                "SGD, 모멘텀, AdaGrad, Adam이 MNIST에서 경주합니다. 같은 5층 ReLU 신경망(뉴런 "
                "100개짜리 은닉층 4개), 같은 초기 가중치, 같은 128개짜리 미니배치로 2,000번 "
                "반복하며 각자의 평활화한 손실을 함께 그립니다. 책에서처럼 나머지 세 방법이 "
                "SGD보다 빨리 학습합니다."
            ),
            runner=run_optimizer_race,
            options=("data_dir", "iterations", "seed"),
            needs="mnist",
        ),
        Lab(
            name="init-race-mnist",
            title="Initialisations on MNIST (a race)",
            source=f"{_SOURCE}.2 (weight_init_compare.py)",
            description_en=(
                "Weights of std 0.01, Xavier and He race on MNIST with SGD: the same "
                "network, mini-batches and random draws, only their scale differs. As in "
                "the book, std 0.01 does not learn at all in 2,000 iterations (the loss "
                "stays at ln 10 ≈ 2.30), while He and Xavier learn quickly, He a little "
                "faster."
            ),
            description_ko=(
                "표준편차 0.01, Xavier, He 초깃값이 SGD로 MNIST에서 경주합니다. 신경망, "
                "미니배치, 난수는 모두 같고 가중치의 크기만 다릅니다. 책에서처럼 표준편차 "
                "0.01은 2,000번 반복해도 전혀 학습하지 못하고(손실이 ln 10 ≈ 2.30에 머묾), He와 "
                "Xavier는 빠르게 학습하며 He가 조금 더 빠릅니다."
            ),
            runner=run_init_race,
            options=("data_dir", "iterations", "seed"),
            needs="mnist",
        ),
        Lab(
            name="batch-norm",
            title="Batch normalisation",
            source=f"{_SOURCE}.3 (batch_norm_test.py)",
            description_en=(
                "Two networks of 5 hidden layers of 100 ReLU units learn 1,000 training "
                "digits, one with a batch-normalisation layer after each affine layer, one "
                "without, from 16 initial weight scales (std 1 down to 0.0001): one small "
                "plot per scale with both training accuracies, epoch by epoch. Batch norm "
                "learns faster in almost every cell, and it learns even where a badly scaled "
                "start leaves the plain network stuck at chance."
            ),
            description_ko=(
                "은닉층 5개(뉴런 100개, ReLU)짜리 신경망 두 개가 학습 데이터 1,000개를 "
                "학습합니다. 하나는 어파인 계층마다 배치 정규화 계층을 두고, 다른 하나는 두지 "
                "않습니다. 가중치 초깃값의 표준편차 16가지(1부터 0.0001까지)마다 작은 그래프 "
                "하나에 두 신경망의 훈련 정확도를 에폭마다 그립니다. 거의 모든 칸에서 배치 "
                "정규화가 더 빨리 학습하고, 초깃값이 나빠 배치 정규화 없는 신경망이 전혀 "
                "학습하지 못하는 곳에서도 학습합니다."
            ),
            runner=run_batch_norm,
            options=("data_dir", "epochs", "scales", "samples", "seed"),
            needs="mnist",
        ),
        Lab(
            name="overfitting",
            title="Overfitting, weight decay and dropout",
            source=f"{_SOURCE}.4 (overfit_weight_decay.py, overfit_dropout.py)",
            description_en=(
                "A network of 6 hidden layers of 100 ReLU units learns only 300 training "
                "digits for 200 epochs: its training accuracy reaches 100% while its test "
                "accuracy stays far below — it overfits. The same network with weight decay "
                "(λ = 0.1) or with dropout (20% of each layer's outputs dropped while "
                "training) races beside it on the same mini-batches; both narrow the gap "
                "between the training (solid) and test (dashed) curves."
            ),
            description_ko=(
                "은닉층 6개(뉴런 100개, ReLU)짜리 신경망이 학습 데이터 300개만으로 200 에폭 "
                "학습합니다. 훈련 정확도는 100%에 이르지만 시험 정확도는 한참 아래에 머뭅니다. "
                "오버피팅입니다. 같은 신경망에 가중치 감소(λ = 0.1)나 드롭아웃(학습 중 각 층 "
                "출력의 20%를 버림)을 적용해 같은 미니배치로 나란히 학습시키면, 둘 다 훈련(실선)과 "
                "시험(점선) 정확도의 차이를 줄입니다."
            ),
            runner=run_overfitting,
            options=("data_dir", "epochs", "samples", "seed"),
            needs="mnist",
        ),
        Lab(
            name="hyperparameter-search",
            title="Hyperparameter search",
            source=f"{_SOURCE}.5 (hyperparameter_optimization.py)",
            description_en=(
                "Random search over the learning rate (10⁻⁶ to 10⁻²) and weight decay "
                "(10⁻⁸ to 10⁻⁴), drawn log-uniformly as in the book, on 500 training digits "
                "of which 20% are held out for validation — never the test set. Each trial "
                "trains a 6-hidden-layer ReLU network; the trials are ranked by validation "
                "accuracy, and the best show where good learning rates lie."
            ),
            description_ko=(
                "책에서처럼 학습률(10⁻⁶~10⁻²)과 가중치 감소 계수(10⁻⁸~10⁻⁴)를 로그 균등 분포에서 "
                "무작위로 뽑아 탐색합니다. 학습 데이터 500개 중 20%를 검증용으로 떼어 내며, "
                "시험 데이터는 절대 쓰지 않습니다. 시행마다 은닉층 6개의 ReLU 신경망을 학습시키고 "
                "검증 정확도로 순위를 매기면, 좋은 학습률이 어디에 있는지 보입니다."
            ),
            runner=run_hyperparameter_search,
            options=("data_dir", "trials", "epochs", "seed"),
            needs="mnist",
        ),
    ]
}
"""Lab name → :class:`Lab`, in the book's order (the Labs menu and ``tutorial list`` follow it)."""


def lab(name: str) -> Lab:
    """The registry entry ``name``, or a clear error listing the names."""
    return lookup(LABS, name, "lab")


def format_result(result: dict) -> str:
    """A lab's result as the CLI prints it: one line per statement, then a verdict."""
    lines = [f"{result['name']}: {result['title']} ({result['source']})"]
    for key, statement in result["published"].items():
        value = result["measured"][key]
        shown = f"{value:.3g}" if isinstance(value, float) else str(value)
        mark = "✓" if result["within"][key] else "✗"
        lines.append(f"  {mark} {statement}")
        lines.append(f"      measured {shown} ({result['criteria'][key]})")
    verdict = "yes" if result["reproduced"] else "no"
    lines.append(f"Reproduced: {verdict} (the book's statements, measured).")
    return "\n".join(lines)


__all__ = ["LABS", "Lab", "format_result", "lab"]
