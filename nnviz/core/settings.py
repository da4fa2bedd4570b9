"""Rebuilding frozen settings dataclasses from the dicts a session file holds."""

from __future__ import annotations

from dataclasses import fields

from nnviz.errors import ConfigError


def from_dict(cls, value: dict, what: str):
    """``cls(**value)``, with one sentence naming any key ``cls`` does not have."""
    unknown = sorted(map(str, set(value) - {f.name for f in fields(cls)}))
    if unknown:
        raise ConfigError(f"The {what} have unknown keys ({', '.join(unknown)}).")
    return cls(**value)
