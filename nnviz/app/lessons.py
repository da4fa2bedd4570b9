"""Lessons: short guided experiments (Qt-free definitions the Tutorials menu lists).

A lesson differs from a tutorial (:mod:`nnviz.core.tutorials`): it reproduces no
published figure, it shows one idea by contrast — the same network trained twice,
once with the setting that makes the point and once without — and says what to
look for.  :func:`run_lesson` runs either side headless (the tests use it).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from nnviz.app.config import DataRequest, SessionConfig, build_trainer
from nnviz.core.features import FeatureMap
from nnviz.core.trainer import NetworkConfig, TrainConfig
from nnviz.errors import ConfigError


@dataclass(frozen=True)
class Lesson:
    """One guided experiment.

    Parameters
    ----------
    name
        Registry key.
    title_en, title_ko, text_en, text_ko
        Menu title and what the learner should do and look for, in English and Korean.
    dataset, dataset_params
        A dataset key and ``load_dataset`` keyword arguments.
    crosses
        The feature crosses of the run that makes the point.
    contrast_crosses
        The run without them (the one that fails).
    network, train
        Network and training settings of both runs.
    expect
        ``{"test_accuracy": 0.95}``: the least figure the point-making run reaches
        (the tests hold the lesson to it).
    """

    name: str
    title_en: str
    title_ko: str
    text_en: str
    text_ko: str
    dataset: str
    dataset_params: dict
    crosses: FeatureMap
    contrast_crosses: FeatureMap
    network: NetworkConfig
    train: TrainConfig
    expect: dict = field(default_factory=dict)


@dataclass(frozen=True)
class LessonResult:
    """What one run of a lesson measured."""

    crosses: tuple[str, ...]
    train_accuracy: float
    test_accuracy: float
    epochs: int


LESSONS: dict[str, Lesson] = {
    lesson.name: lesson
    for lesson in [
        Lesson(
            name="feature-cross-circle",
            title_en="Feature crosses: a linear model separates the circle",
            title_ko="특성 교차: 선형 모델로 원 데이터 분리하기",
            text_en=(
                "A network without hidden layers draws a straight boundary, so with the "
                "inputs x₁ and x₂ it cannot separate a disc from the ring around it. Give "
                "it x₁² and x₂² instead: the boundary x₁² + x₂² = r² is linear in those "
                "inputs, and the same linear model now separates the classes."
            ),
            text_ko=(
                "은닉층이 없는 신경망은 직선 경계만 그릴 수 있어서, 입력이 x₁과 x₂뿐이면 "
                "원판과 그 바깥 고리를 나누지 못합니다. 입력을 x₁²와 x₂²로 바꾸면 경계 "
                "x₁² + x₂² = r²이 이 입력들에 대해 선형이 되어, 같은 선형 모델로 두 클래스를 "
                "나눌 수 있습니다."
            ),
            dataset="circle",
            dataset_params={},
            crosses=FeatureMap(("x1^2", "x2^2")),
            contrast_crosses=FeatureMap(("x1", "x2")),
            network=NetworkConfig(hidden=()),
            train=TrainConfig(learning_rate=0.1, batch_size=10, epochs=50, seed=0),
            expect={"test_accuracy": 0.95},
        ),
    ]
}


def lesson(name: str) -> Lesson:
    """The lesson ``name``, or a one-sentence error listing the names."""
    try:
        return LESSONS[name]
    except KeyError:
        raise ConfigError(f"Unknown lesson {name!r}; choose one of {', '.join(LESSONS)}.") from None


def run_lesson(name: str, *, contrast: bool = False) -> LessonResult:
    """Train the lesson's network headless (``contrast=True``: the run without the point)."""
    from nnviz.data.datasets import load_dataset

    les = lesson(name)
    fmap = les.contrast_crosses if contrast else les.crosses
    data = load_dataset(les.dataset, **les.dataset_params).with_feature_crosses(fmap)
    config = SessionConfig(
        data=DataRequest(key=les.dataset, **les.dataset_params),
        network=les.network,
        train=les.train,
    )
    trainer = build_trainer(config, data=data)
    trainer.run(les.train.epochs)
    _, train_acc = trainer.evaluate("train")
    _, test_acc = trainer.evaluate("test")
    return LessonResult(fmap.names, train_acc, test_acc, trainer.epoch)
