"""What every lab is made of: the book's statements measured and checked, its data, its layers."""

from __future__ import annotations

import dataclasses
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


def N_(text: str) -> str:
    """Mark a label for translation: the lab windows translate it in the ``labs`` context
    (a module using it sets ``TR_CONTEXT = "labs"`` for scripts/update_translations.py)."""
    return text


def load_mnist(data_dir=None):
    """MNIST from ``data_dir`` or the usual places (one-sentence DataError when missing)."""
    from nnviz.data.datasets import load_dataset

    return load_dataset("mnist", data_dir=data_dir)


def first_rows(data, samples: int, *, test: bool = True):
    """``data`` with only its first ``samples`` training rows (the book's ``x_train[:N]``).

    ``test=False`` also drops the test split (a lab that measures only training
    accuracy need not evaluate it after every epoch).
    """
    if int(samples) < 1:
        raise ConfigError("The number of training samples must be at least 1.")
    n = min(int(samples), len(data.y_train))
    keep = slice(None) if test else slice(0, 0)
    return dataclasses.replace(
        data,
        x_train=data.x_train[:n],
        y_train=data.y_train[:n],
        x_test=data.x_test[keep],
        y_test=data.y_test[keep],
        params={**data.params, "first_training_rows": n},
    )


def layer_spec(layers: int, width: int = 100, *, batch_norm: bool = False, dropout: float = 0.0):
    """The book's ``MultiLayerNetExtend`` hidden layers as a layer spec: per layer
    ``Affine → [BatchNorm →] ReLU [→ Dropout]``, e.g. ``fc:100,bn,relu,fc:100,bn,relu``."""
    unit = [f"fc:{width}"] + (["bn"] if batch_norm else []) + ["relu"]
    if dropout:
        unit.append(f"dropout:{dropout:g}")
    return ",".join(",".join(unit) for _ in range(layers))
