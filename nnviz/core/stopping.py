"""Stopping rules: stop at a target loss or accuracy, or when the test loss stops improving.

Every rule is checked once per epoch, on the numbers the curves show: the epoch's
:class:`~nnviz.core.trainer.EpochRecord` (the mean training loss and accuracy over
the epoch's batches, and the test loss and accuracy after it).  Early stopping
watches the test loss: when it has not gone below its best for ``patience`` epochs
in a row, training stops, and with ``restore_best`` the network gets back the
weights it had at the end of its best epoch.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass, fields

import numpy as np

from nnviz.core.settings import from_dict
from nnviz.errors import ConfigError

_NAMES = {
    "train_loss": "training loss",
    "test_loss": "test loss",
    "train_accuracy": "training accuracy",
    "test_accuracy": "test accuracy",
}


def _target(name: str, value, upper: float | None) -> float | None:
    if value is None:
        return None
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isfinite(value)
    if not ok or value < 0 or (upper is not None and value > upper):
        bound = f"between 0 and {upper:g}" if upper is not None else "≥ 0"
        raise ConfigError(f"The target {_NAMES[name]} must be a number {bound}, not {value!r}.")
    return float(value)


@dataclass(frozen=True)
class Stopping:
    """When to stop before the epoch limit (every field ``None``/off: never).

    Parameters
    ----------
    train_loss, test_loss
        Stop once the epoch's loss is at or below this.
    train_accuracy, test_accuracy
        Stop once the epoch's accuracy (a fraction, 0–1) is at or above this.
    patience
        Early stopping: stop when the test loss has not improved for this many epochs.
    restore_best
        With ``patience``: put back the weights of the epoch with the lowest test loss.
    """

    train_loss: float | None = None
    test_loss: float | None = None
    train_accuracy: float | None = None
    test_accuracy: float | None = None
    patience: int | None = None
    restore_best: bool = False

    def __post_init__(self) -> None:
        for name in ("train_loss", "test_loss"):
            object.__setattr__(self, name, _target(name, getattr(self, name), None))
        for name in ("train_accuracy", "test_accuracy"):
            object.__setattr__(self, name, _target(name, getattr(self, name), 1.0))
        p = self.patience
        if p is not None and (isinstance(p, bool) or not isinstance(p, numbers.Integral) or p < 1):
            raise ConfigError(f"The patience must be a whole number ≥ 1 epochs, not {p!r}.")
        if not isinstance(self.restore_best, bool):
            raise ConfigError("Restoring the best weights is either on or off (true or false).")
        if self.restore_best and p is None:
            raise ConfigError("Restoring the best weights needs early stopping (a patience).")

    @property
    def active(self) -> bool:
        """True when any rule is set."""
        return any(getattr(self, f.name) not in (None, False) for f in fields(self))

    @property
    def needs_test(self) -> bool:
        """True when a rule watches the test split."""
        return self.test_loss is not None or self.test_accuracy is not None or bool(self.patience)

    def target_reached(self, rec) -> str | None:
        """Why ``rec`` (an EpochRecord) meets a target, in one sentence; else ``None``."""
        for name in ("train_loss", "test_loss"):
            target, value = getattr(self, name), getattr(rec, name)
            if target is not None and value <= target:
                return (
                    f"Stopped at epoch {rec.epoch}: the {_NAMES[name]} reached "
                    f"{value:.4g} (target {target:g})."
                )
        for name in ("train_accuracy", "test_accuracy"):
            target, value = getattr(self, name), getattr(rec, name)
            if target is not None and value >= target:
                return (
                    f"Stopped at epoch {rec.epoch}: the {_NAMES[name]} reached "
                    f"{value:.2%} (target {target:.2%})."
                )
        return None


def as_stopping(value) -> Stopping:
    """``value`` as Stopping: a Stopping, ``None`` (no rule) or a dict (a session file)."""
    if value is None:
        return Stopping()
    if isinstance(value, Stopping):
        return value
    if isinstance(value, dict):
        return from_dict(Stopping, value, "stopping rules")
    raise ConfigError(f"The stopping rules must be settings, not {value!r}.")


class EarlyStopping:
    """Tracks the best test loss; says when ``patience`` epochs passed without a new best."""

    def __init__(self, patience: int, keep_best: bool) -> None:
        self.patience = patience
        self.keep_best = keep_best
        self.best_loss = math.inf
        self.best_epoch = 0
        self.best_params: dict[str, np.ndarray] | None = None
        self.waited = 0

    def update(self, rec, network) -> bool:
        """Note one finished epoch; True when training should stop."""
        if rec.test_loss < self.best_loss:  # NaN never improves
            self.best_loss, self.best_epoch, self.waited = rec.test_loss, rec.epoch, 0
            if self.keep_best:
                if self.best_params is None:
                    self.best_params = network.copy_params()
                else:
                    for k, p in network.params.items():
                        np.copyto(self.best_params[k], p)
            return False
        self.waited += 1
        return self.waited >= self.patience

    def stop(self, network) -> str:
        """Restore the best weights (when kept) and say why training stopped."""
        why = f"Stopped: test loss has not improved for {self.waited} epochs"
        if self.best_params is None:
            return f"{why} (best {self.best_loss:.4g} at epoch {self.best_epoch})."
        network.set_params(self.best_params)
        return f"{why}; restored the weights of epoch {self.best_epoch}."
