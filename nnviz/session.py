"""Session settings (no Qt): what to load, what to build, how to train — and session files.

A session file is JSON::

    {"format": "nnviz-session", "version": 1,
     "config": {"data": {...}, "network": {...}, "train": {...}},
     "progress": {"epoch": 120},                  # how far the saving run got
     "model": "<base64 of an nnviz .npz>"}        # optional: the trained weights

The GUI writes it (File → Save session…); ``nnviz --session FILE`` opens it in the
app and ``nnviz train --config FILE`` runs the same settings headless.  Training
is deterministic for a seed, so the same epochs give the same numbers either way.
"""

from __future__ import annotations

import base64
import json
import math
import numbers
import os
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from nnviz.core.trainer import NetworkConfig, TrainConfig
from nnviz.data.datasets import DATASETS, Dataset, load_dataset
from nnviz.errors import ConfigError, NnvizError

SESSION_FORMAT = "nnviz-session"
SESSION_VERSION = 1
MAX_SESSION_BYTES = 256 * 1024 * 1024


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

    def load(self) -> Dataset:
        """Generate or read the data (raises NnvizError subclasses with one sentence)."""
        return load_dataset(
            self.key,
            data_dir=self.data_dir,
            samples=self.samples,
            noise=self.noise,
            classes=self.classes,
            test_ratio=self.test_ratio,
            seed=self.seed,
            path=self.path,
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


@dataclass
class SessionFile:
    """What a session file holds."""

    config: SessionConfig
    epoch: int = 0
    model_npz: bytes | None = None  # an nnviz model file's bytes


def save_session(path: str | Path, session: SessionFile) -> Path:
    """Write ``session`` as JSON atomically (temp file + rename)."""
    path = Path(path)
    obj = {
        "format": SESSION_FORMAT,
        "version": SESSION_VERSION,
        "config": config_to_json(session.config),
        "progress": {"epoch": int(session.epoch)},
    }
    if session.model_npz is not None:
        obj["model"] = base64.b64encode(session.model_npz).decode("ascii")
    text = json.dumps(obj, indent=2)
    from nnviz.core.modelio import _atomic_write

    try:
        # As models are saved: fsync'd before the rename, normal permissions, and no
        # temporary file left behind when writing fails (e.g. a full disk).
        _atomic_write(path, lambda f: f.write(text.encode("utf-8")))
    except OSError as e:
        raise NnvizError(f"Could not save the session to {path}: {e.strerror or e}.") from None
    return path


def load_session(path: str | Path) -> SessionFile:
    """Read a session file written by :func:`save_session` (validated, no code run)."""
    path = Path(path)
    if not path.is_file():
        raise NnvizError(f"The session file {path} does not exist or is not a file.")
    try:
        if path.stat().st_size > MAX_SESSION_BYTES:
            raise NnvizError(f"{path.name} is too large to be a session file.")
        obj = json.loads(path.read_text(encoding="utf-8"))
    except PermissionError:
        raise NnvizError(f"{path} cannot be read: permission denied.") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise NnvizError(f"{path.name} is not a readable nnviz session (JSON) file.") from None
    if not isinstance(obj, dict) or obj.get("format") != SESSION_FORMAT:
        raise NnvizError(f"{path.name} is not an nnviz session file.")
    version = obj.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise NnvizError(f"{path.name} is not a valid nnviz session: its version is {version!r}.")
    if version > SESSION_VERSION:
        raise NnvizError(
            f"{path.name} was saved by a newer nnviz (session format {version}); please update nnviz."
        )
    config = config_from_json(obj.get("config") or {})
    progress = obj.get("progress")
    epoch = progress.get("epoch", 0) if isinstance(progress, dict) else 0
    model = obj.get("model")
    try:
        model_npz = base64.b64decode(model, validate=True) if model else None
    except (ValueError, TypeError):
        raise NnvizError(f"{path.name} holds weights that are not valid base64.") from None
    return SessionFile(
        config=config, epoch=int(epoch) if isinstance(epoch, int) else 0, model_npz=model_npz
    )


def model_from_bytes(data: bytes, name: str = "the session"):
    """Load an nnviz model from ``.npz`` bytes (e.g. the weights inside a session)."""
    from nnviz.core.modelio import model_from_npz_bytes

    # Messages name the session ("s.json (weights) is not a readable nnviz model"),
    # not a temporary file the user never saw.
    return model_from_npz_bytes(data, f"{name} (weights)", name)


def model_to_bytes(network, **kwargs) -> bytes:
    """An nnviz model file's bytes for ``network`` (same format as Save model)."""
    from nnviz.core.modelio import save_model

    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "model.npz"
        save_model(p, network, **kwargs)
        return p.read_bytes()


_SHORT_NAMES = {
    "key": "data",
    "samples": "samples",
    "noise": "noise",
    "classes": "classes",
    "test_ratio": "test share",
    "seed": "seed",
    "path": "file",
    "data_dir": "folder",
    "hidden": "hidden",
    "activation": "activation",
    "activations": "activations",
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
}


def _fmt(value) -> str:
    if value is None:
        return "default"
    if isinstance(value, tuple):
        return ",".join(map(str, value)) or "none"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def describe_changes(old: SessionConfig, new: SessionConfig) -> str:
    """What differs from ``old`` to ``new``, e.g. ``"lr 0.1 → 1, hidden 8,8 → 16"``.

    Used as the legend of an earlier run kept for comparison; ``""`` when nothing changed.
    """
    parts = []
    for section in ("data", "network", "train"):
        a, b = asdict(getattr(old, section)), asdict(getattr(new, section))
        for key, before in a.items():
            after = b[key]
            if before != after:
                name = (
                    "seed" if key == "seed" and section == "train" else _SHORT_NAMES.get(key, key)
                )
                if section == "data" and key == "seed":
                    name = "data seed"
                parts.append(f"{name} {_fmt(before)} → {_fmt(after)}")
    return ", ".join(parts)


def build_trainer(config: SessionConfig, model=None, data: Dataset | None = None):
    """The trainer for ``config``: what the app's Reset and ``nnviz train --config`` build.

    ``model`` (an nnviz Model, e.g. a session's saved weights) replaces the fresh
    network; ``data`` is the already loaded dataset of ``config.data``, if at hand.
    """
    from nnviz.core.modelio import check_fits
    from nnviz.core.trainer import Trainer

    data = config.data.load() if data is None else data
    if model is not None:
        check_fits(model, data.n_features, data.n_classes, data.key)
        net = model.network
    else:
        net = config.network.build(
            data.n_features, data.n_classes, seed=config.train.seed, l2=config.train.l2
        )
    return Trainer(net, data, config.train)
