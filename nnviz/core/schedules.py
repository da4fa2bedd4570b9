"""Learning-rate schedules: a factor per epoch that scales the user's base rate.

A schedule never stores a rate, only a factor: the trainer multiplies its *base*
rate (``TrainConfig.learning_rate``, or whatever the user set live since) by
``schedule.factor(epoch, epochs)`` at the start of every epoch.  So a live change
of the learning rate in the app changes the base, and the schedule keeps its shape
around it: halving the rate mid-run halves every later rate of the decay.

The rate is constant within an epoch (epoch-wise, as CS231n's step decay and the
book's ``lr_decay`` do): no per-batch cost, and every rate can be worked out by
hand.  With a warm-up of ``W`` epochs, epoch ``e`` (counted from 0) trains at

    (e + 1) / W                       for e < W, then the main schedule at e − W:
    constant   1
    step       γ ** ((e − W) // N)    (× γ every N epochs)
    exp        γ ** (e − W)           (× γ per epoch)
    cosine     f + (1 − f)·(1 + cos(π·(e − W)/T))/2,  T = epochs − W, clamped at e − W = T

where ``f`` is the floor (a fraction of the base rate) and ``epochs`` is the run's
epoch limit (PyTorch's ``CosineAnnealingLR`` with ``T_max = T``).

The command line and session files name a schedule with a short text
(:func:`parse_schedule`, :attr:`Schedule.spec`)::

    constant          cosine            cosine:0.01       (floor 1% of the base rate)
    step:30:0.5       exp:0.99          warmup:5+cosine   warmup:3+step:10:0.1
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

from nnviz.core.settings import from_dict
from nnviz.errors import ConfigError

KINDS = ("constant", "step", "exp", "cosine")
GRAMMAR = (
    "constant, step:EPOCHS:FACTOR, exp:FACTOR, cosine[:FLOOR], each optionally after warmup:EPOCHS+"
)


def _whole(name: str, value, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise ConfigError(
            f"The schedule's {name} must be a whole number ≥ {minimum}, not {value!r}."
        )
    return int(value)


def _fraction(name: str, value, *, low_open: bool) -> float:
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isfinite(value)
    if not ok or not ((value > 0 if low_open else value >= 0) and value <= 1):
        bound = "above 0" if low_open else "at least 0"
        raise ConfigError(
            f"The schedule's {name} must be a number {bound} and at most 1, not {value!r}."
        )
    return float(value)


@dataclass(frozen=True)
class Schedule:
    """A learning-rate schedule: the factor applied to the base rate in each epoch.

    Parameters
    ----------
    kind
        ``"constant"``, ``"step"``, ``"exp"`` or ``"cosine"``.
    step_epochs
        ``step``: the rate is multiplied by ``gamma`` every this many epochs.
    gamma
        ``step`` and ``exp``: the factor (0 < gamma ≤ 1).
    floor
        ``cosine``: the last rate as a fraction of the base rate (0 ≤ floor ≤ 1).
    warmup_epochs
        Epochs of linear warm-up (``1/W, 2/W, …, 1``) before the main schedule starts.
    """

    kind: str = "constant"
    step_epochs: int = 30
    gamma: float = 0.5
    floor: float = 0.0
    warmup_epochs: int = 0

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ConfigError(f"Unknown schedule {self.kind!r}; choose one of {', '.join(KINDS)}.")
        object.__setattr__(self, "step_epochs", _whole("step length", self.step_epochs, 1))
        object.__setattr__(self, "warmup_epochs", _whole("warm-up", self.warmup_epochs, 0))
        object.__setattr__(self, "gamma", _fraction("factor", self.gamma, low_open=True))
        object.__setattr__(self, "floor", _fraction("floor", self.floor, low_open=False))

    @property
    def needs_epoch_limit(self) -> bool:
        """True for cosine, which anneals over the run's epoch limit."""
        return self.kind == "cosine"

    @property
    def is_constant(self) -> bool:
        return self.kind == "constant" and self.warmup_epochs == 0

    def factor(self, epoch: int, epochs: int | None = None) -> float:
        """The factor of epoch ``epoch`` (counted from 0) in a run of ``epochs`` epochs."""
        w = self.warmup_epochs
        if epoch < w:
            return (epoch + 1) / w
        e = epoch - w
        if self.kind == "step":
            return self.gamma ** (e // self.step_epochs)
        if self.kind == "exp":
            # ** of a float underflows quietly to 0.0 (no warning, unlike NumPy).
            return self.gamma**e
        if self.kind == "cosine":
            if epochs is None:
                raise ConfigError("A cosine schedule needs an epoch limit.")
            span = epochs - w
            if span <= 0:
                return 1.0
            e = min(e, span)
            return self.floor + (1 - self.floor) * 0.5 * (1 + math.cos(math.pi * e / span))
        return 1.0

    @property
    def spec(self) -> str:
        """The schedule in the command line's grammar, e.g. ``"warmup:5+cosine"``."""
        main = {
            "constant": "constant",
            "step": f"step:{self.step_epochs}:{self.gamma:g}",
            "exp": f"exp:{self.gamma:g}",
            "cosine": f"cosine:{self.floor:g}" if self.floor else "cosine",
        }[self.kind]
        return f"warmup:{self.warmup_epochs}+{main}" if self.warmup_epochs else main

    def __str__(self) -> str:
        return self.spec


def _number(text: str, what: str, spec: str, kind=float):
    try:
        return kind(text)
    except ValueError:
        raise ConfigError(
            f"Bad schedule {spec!r}: {what} must be a number, not {text!r} ({GRAMMAR})."
        ) from None


def parse_schedule(spec: str) -> Schedule:
    """A :class:`Schedule` from the command line's grammar (see the module docstring).

    Raises
    ------
    ConfigError
        With one sentence naming the grammar when ``spec`` does not follow it.
    """
    text = spec.strip().lower().replace(" ", "")
    warmup = 0
    if text.startswith("warmup:"):
        head, plus, text = text.partition("+")
        warmup = _number(head[len("warmup:") :], "the warm-up", spec, int)
        if not plus:
            text = "constant"  # "warmup:5" alone: ramp up, then hold the base rate
    parts = text.split(":")
    kind, args = parts[0], parts[1:]
    arity = {"constant": (0,), "step": (2,), "exp": (1,), "cosine": (0, 1)}
    if kind not in arity or len(args) not in arity[kind]:
        raise ConfigError(f"Bad schedule {spec!r}; write {GRAMMAR}.")
    fields: dict = {"kind": kind, "warmup_epochs": warmup}
    if kind == "step":
        fields["step_epochs"] = _number(args[0], "the step length", spec, int)
        fields["gamma"] = _number(args[1], "the factor", spec)
    elif kind == "exp":
        fields["gamma"] = _number(args[0], "the factor", spec)
    elif kind == "cosine" and args:
        fields["floor"] = _number(args[0], "the floor", spec)
    return Schedule(**fields)


def as_schedule(value) -> Schedule:
    """``value`` as a Schedule: a Schedule, a spec string, or a dict (a session file)."""
    if isinstance(value, Schedule):
        return value
    if isinstance(value, str):
        return parse_schedule(value)
    if isinstance(value, dict):
        return from_dict(Schedule, value, "schedule settings")
    raise ConfigError(f"The schedule must be a text such as 'cosine', not {value!r}.")
