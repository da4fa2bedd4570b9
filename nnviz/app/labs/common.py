"""What every lab's result is made of: the book's statements, measured and checked."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeVar

from nnviz.errors import ConfigError

T = TypeVar("T")


@dataclass(frozen=True)
class Claim:
    """One statement of the book turned into a check.

    Parameters
    ----------
    key
        Name of the figure in the result (``sgd_zigzags``).
    statement
        What the book says (the ``published`` column).
    criterion
        How nnviz turns the statement into a number and a bound.
    measured
        The number nnviz measured.
    holds
        Whether ``measured`` meets the criterion.
    """

    key: str
    statement: str
    criterion: str
    measured: float
    holds: bool


def lab_result(claims: list[Claim], details: dict) -> dict:
    """A lab's JSON-ready result: ``published``, ``measured``, ``criteria``, ``within``,
    ``reproduced`` (every claim holds) and ``details``."""
    measured = {c.key: c.measured for c in claims}
    for key, v in measured.items():
        if isinstance(v, float) and not math.isfinite(v):
            measured[key] = None  # JSON has no inf/NaN; a missing figure fails its claim
    return {
        "published": {c.key: c.statement for c in claims},
        "measured": measured,
        "criteria": {c.key: c.criterion for c in claims},
        "within": {c.key: bool(c.holds) for c in claims},
        "reproduced": all(c.holds for c in claims),
        "details": details,
    }


def lookup(registry: Mapping[str, T], key: str, what: str) -> T:
    """``registry[key]``, or a one-sentence error naming the choices."""
    try:
        return registry[key]
    except KeyError:
        raise ConfigError(f"Unknown {what} {key!r}; choose one of {', '.join(registry)}.") from None
