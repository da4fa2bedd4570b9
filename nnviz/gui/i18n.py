"""Translation helpers: every user-visible string goes through Qt's translation system.

Each GUI module defines ``tr = translator("<context>")`` and wraps its strings in
``tr("...")``; ``scripts/update_translations.py`` collects them into the ``.ts``
sources under ``resources/i18n``, compiled to ``.qm`` files shipped with nnviz.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication


def translator(context: str) -> Callable[[str], str]:
    """A ``tr(text)`` function translating in ``context``."""

    def tr(text: str) -> str:
        return QCoreApplication.translate(context, text)

    tr.context = context  # type: ignore[attr-defined]
    return tr
