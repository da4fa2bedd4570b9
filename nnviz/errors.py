"""Errors a user can cause and fix; each carries one clear sentence."""

from __future__ import annotations


class NnvizError(Exception):
    """A problem the user can fix (bad file, bad value, no data); ``str()`` is one sentence."""


class ConfigError(NnvizError, ValueError):
    """A setting is out of range or unknown."""


class DataError(NnvizError):
    """A dataset is missing, unreadable or malformed."""


class DownloadError(DataError):
    """A dataset could not be downloaded from any mirror.

    ``details`` says what each mirror did, with full addresses and system error
    numbers (for a "Details" button, not the sentence); ``offline`` is True when no
    mirror could even be reached.
    """

    def __init__(self, message: str, details: str = "", *, offline: bool = False) -> None:
        super().__init__(message)
        self.details = details
        self.offline = offline


class DownloadCancelled(DownloadError):
    """The user cancelled a download."""


class ModelError(NnvizError):
    """A model file is missing, unreadable, unsafe or does not fit the data."""
