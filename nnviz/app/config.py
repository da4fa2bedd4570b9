"""Run configuration (no Qt): what to load, what to build, how to train.

A :class:`SessionConfig` is everything a Reset builds from; the app's panels, session
files (:mod:`nnviz.app.session_file`), tutorials and ``nnviz train --config`` all speak it.
"""

from __future__ import annotations

import math
import numbers
import os
from dataclasses import asdict, dataclass, field, fields

import numpy as np

from nnviz.core.trainer import NetworkConfig, TrainConfig
from nnviz.data.datasets import DATASETS, Dataset, load_dataset
from nnviz.errors import ConfigError, NnvizError


@dataclass(frozen=True)
class DataRequest:
    """Which dataset to load and with which parameters (``None`` = the registry default).

    ``path`` names a CSV file of 2-D points for the ``csv`` dataset.
    """

    key: str = "spiral"
    data_dir: str | None = None
    samples: int | None = None
    noise: float | None = None
    classes: int | None = None
    test_ratio: float | None = None
    seed: int | None = None
    path: str | None = None
    label: str | None = None  # the label column of a table (None: the last column)

    def __post_init__(self) -> None:
        if self.key not in DATASETS:
            raise ConfigError(f"Unknown dataset {self.key!r}; choose one of {', '.join(DATASETS)}.")
        # Session files are JSON: a string where a number belongs must be a ConfigError
        # here, not a TypeError deep inside a generator.
        for name in ("samples", "classes", "seed"):
            v = getattr(self, name)
            if v is not None and (
                isinstance(v, bool) or not isinstance(v, numbers.Integral) or v < 0
            ):
                raise ConfigError(f"The data setting {name} must be a whole number ≥ 0, not {v!r}.")
        for name in ("noise", "test_ratio"):
            v = getattr(self, name)
            if v is not None and (
                isinstance(v, bool) or not isinstance(v, numbers.Real) or not math.isfinite(v)
            ):
                raise ConfigError(f"The data setting {name} must be a finite number, not {v!r}.")
        for name in ("data_dir", "path"):
            v = getattr(self, name)
            if v is not None and not isinstance(v, (str, os.PathLike)):
                raise ConfigError(f"The data setting {name} must be a file name, not {v!r}.")
        if self.label is not None and not isinstance(self.label, str):
            raise ConfigError(f"The label column must be a column name, not {self.label!r}.")

    def load(self, rng: str = "modern") -> Dataset:
        """Generate or read the data (raises NnvizError subclasses with one sentence).

        ``rng="book"``: the 2-D sets are drawn by the book's generator (see
        :func:`~nnviz.data.datasets.load_dataset`).
        """
        return load_dataset(
            self.key,
            data_dir=self.data_dir,
            samples=self.samples,
            noise=self.noise,
            classes=self.classes,
            test_ratio=self.test_ratio,
            seed=self.seed,
            path=self.path,
            label=self.label,
            rng=rng,
        )


@dataclass(frozen=True)
class SessionConfig:
    """Everything a Reset builds from: dataset, network and training settings."""

    data: DataRequest = field(default_factory=DataRequest)
    network: NetworkConfig = field(default_factory=NetworkConfig)
    train: TrainConfig = field(default_factory=TrainConfig)


def config_to_json(config: SessionConfig) -> dict:
    """A JSON-ready dict of ``config``."""
    return {
        "data": asdict(config.data),
        "network": asdict(config.network),
        "train": asdict(config.train),
    }


def config_from_json(obj: dict) -> SessionConfig:
    """A validated SessionConfig from :func:`config_to_json` output.

    Raises
    ------
    ConfigError
        When a key is missing or unknown, or a value is out of range.
    """
    try:
        net = dict(obj["network"])
        net["hidden"] = tuple(net["hidden"])
        if net.get("activations") is not None:
            net["activations"] = tuple(net["activations"])
        return SessionConfig(
            data=DataRequest(**obj["data"]),
            network=NetworkConfig(**net),
            train=TrainConfig(**obj["train"]),
        )
    except NnvizError:
        raise
    except (KeyError, TypeError, ValueError) as e:
        raise ConfigError(f"The session settings are incomplete or malformed ({e}).") from None


_SHORT_NAMES = {
    "key": "data",
    "samples": "samples",
    "noise": "noise",
    "classes": "classes",
    "test_ratio": "test share",
    "seed": "seed",
    "path": "file",
    "label": "label column",
    "data_dir": "folder",
    "hidden": "hidden",
    "activation": "activation",
    "activations": "activations",
    "arch": "layers",
    "features": "inputs",
    "init": "init",
    "init_std": "init std",
    "bias_init": "bias init",
    "learning_rate": "lr",
    "optimizer": "optimizer",
    "momentum": "momentum",
    "batch_size": "batch",
    "epochs": "epoch limit",
    "l2": "L2",
    "gradient": "gradient",
    "rng": "RNG",
}


def _fmt(value, key: str = "") -> str:
    if key == "features" and not value:
        return "x1,x2"  # no crosses: the plain inputs
    if value is None:
        return "default"
    if isinstance(value, tuple):
        return ",".join(map(str, value)) or "none"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _settings(config) -> dict:
    """A config's fields by name, nested settings (a schedule, stopping rules) kept whole."""
    return {f.name: getattr(config, f.name) for f in fields(config)}


def describe_changes(old: SessionConfig, new: SessionConfig) -> str:
    """What differs from ``old`` to ``new``, e.g. ``"lr 0.1 → 1, hidden 8,8 → 16"``.

    Used as the legend of an earlier run kept for comparison; ``""`` when nothing changed.
    """
    parts = []
    for section in ("data", "network", "train"):
        a, b = _settings(getattr(old, section)), _settings(getattr(new, section))
        for key, before in a.items():
            after = b[key]
            if before != after:
                name = (
                    "seed" if key == "seed" and section == "train" else _SHORT_NAMES.get(key, key)
                )
                if section == "data" and key == "seed":
                    name = "data seed"
                parts.append(f"{name} {_fmt(before, key)} → {_fmt(after, key)}")
    return ", ".join(parts)


def build_trainer(config: SessionConfig, model=None, data: Dataset | None = None):
    """The trainer for ``config``: what the app's Reset and ``nnviz train --config`` build.

    ``model`` (an nnviz Model, e.g. a session's saved weights) replaces the fresh
    network; ``data`` is the already loaded dataset of ``config.data``, if at hand.
    """
    from nnviz.core.modelio import check_fits
    from nnviz.core.trainer import Trainer

    train = config.train
    data = with_crosses(config.data.load(train.rng) if data is None else data, config.network)
    rng = book_rng(data, train.seed) if train.rng == "book" else None
    if model is not None:
        check_fits(model, data.n_features, data.n_classes, data.key)
        net = model.network
    elif config.network.arch is not None:
        net = build_layered(config, data)
    else:
        # outputs and loss follow the data: a softmax per class, or MSE per target column
        net = config.network.build(
            data.n_features,
            data.n_outputs,
            seed=train.seed,
            l2=train.l2,
            loss=data.loss,
            rng=rng,
            dtype=np.float64 if rng is not None else np.float32,
        )
    return Trainer(net, data, train, rng=rng)


def with_crosses(data: Dataset, network: NetworkConfig) -> Dataset:
    """``data`` with the network's feature crosses as its inputs.

    Without crosses the data is returned as it is (inputs crossed elsewhere, e.g. by
    ``nnviz train --features``, stay crossed).

    Raises
    ------
    ConfigError
        When crosses are asked of data that is not 2-D points.
    """
    return data.with_feature_crosses(network.features) if network.features else data


def book_rng(data: Dataset, seed: int) -> np.random.RandomState:
    """The book's one legacy generator, past the draws of ``data`` when it drew them.

    As in the books' code, ``np.random.seed`` once, then the data, the initial weights
    and the shuffles from the same stream.  Data not drawn by the book RNG (files)
    leaves the stream to start at the weights, seeded with ``seed``.
    """
    rng = np.random.RandomState(seed)
    if data.book_state is not None:
        rng.set_state(data.book_state)
    return rng


def build_layered(config: SessionConfig, data: Dataset):
    """The :class:`~nnviz.core.layered.LayerNetwork` of ``config.network.arch`` on ``data``.

    What the app's Reset and ``nnviz train --arch`` build; raises ConfigError with one
    sentence when the spec does not fit the data (a filter larger than its input, a
    pool that does not divide it, conv layers on 2-D points, a regression set).
    """
    from nnviz.core.layered import LayerNetwork

    if data.is_regression:
        raise ConfigError(
            "Layered networks (--arch) are classifiers; use hidden layers for regression data."
        )
    return LayerNetwork(
        config.network.arch,
        data.image_shape or (data.n_features,),
        data.n_classes,
        init=config.network.init,
        init_std=config.network.init_std,
        seed=config.train.seed,
        l2=config.train.l2,
    )


def default_session() -> SessionConfig:
    """What a first start shows: the spiral with a small tanh network (Playground-like)."""
    return SessionConfig(
        data=DataRequest(key="spiral"),
        network=NetworkConfig(hidden=(8, 8), activation="tanh", init="xavier"),
        train=TrainConfig(learning_rate=0.03, batch_size=10, optimizer="sgd"),
    )
