"""Session files (no Qt): a run's settings, and optionally its weights, as JSON.

A session file is JSON::

    {"format": "nnviz-session", "version": 1,
     "config": {"data": {...}, "network": {...}, "train": {...}},
     "progress": {"epoch": 120},                  # how far the saving run got
     "model": "<base64 of an nnviz .npz>"}        # optional: the trained weights

The app writes it (File → Save session…); ``nnviz --session FILE`` opens it in the
app and ``nnviz train --config FILE`` runs the same settings headless.  Training
is deterministic for a seed, so the same epochs give the same numbers either way.
"""

from __future__ import annotations

import base64
import json
import tempfile
from dataclasses import dataclass
from pathlib import Path

from nnviz.app.config import SessionConfig, config_from_json, config_to_json
from nnviz.errors import NnvizError

SESSION_FORMAT = "nnviz-session"
SESSION_VERSION = 1
MAX_SESSION_BYTES = 256 * 1024 * 1024


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
