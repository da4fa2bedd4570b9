"""Translation: every user-visible string goes through Qt's translation system.

Each GUI module defines ``tr = translator("<context>")`` and wraps its strings in
``tr("...")``; tables translated later, at display time, mark their strings with
``N_("...")`` (same context as the module's ``tr``).  Dataset and tutorial titles
live in Qt-free code and are translated in the contexts ``"datasets"`` and
``"tutorials"`` (:data:`datasets_tr`, :data:`tutorials_tr`).
``scripts/update_translations.py`` collects all of them into the ``.ts`` sources
under ``resources/i18n``, compiled to ``.qm`` files shipped with nnviz.

The language is, in order: ``nnviz --lang``, ``$NNVIZ_LANG``, the choice saved
from View → Language, then the system locale.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from importlib import resources

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

LANGUAGES = {"en": "English", "ko": "한국어"}
_current = "en"
_installed: list[QTranslator] = []


def translator(context: str) -> Callable[[str], str]:
    """A ``tr(text)`` function translating in ``context``."""

    def tr(text: str) -> str:
        return QCoreApplication.translate(context, text)

    tr.context = context  # type: ignore[attr-defined]
    return tr


def N_(text: str) -> str:
    """Mark ``text`` for translation without translating it now (``tr(text)`` later)."""
    return text


datasets_tr = translator("datasets")
"""Translates a dataset's title or description (from :data:`nnviz.data.datasets.DATASETS`)."""
tutorials_tr = translator("tutorials")
"""Translates a tutorial's title (from :data:`nnviz.app.tutorials.TUTORIALS`)."""


def language() -> str:
    """The language the interface uses now (``"en"`` or ``"ko"``)."""
    return _current


def resolve_language(cli: str | None = None, settings: QSettings | None = None) -> str:
    """Pick the interface language: --lang, NNVIZ_LANG, saved choice, system locale."""
    for candidate in (cli, os.environ.get("NNVIZ_LANG")):
        if candidate:
            code = candidate.strip().lower()[:2]
            if code in LANGUAGES:
                return code
    if settings is not None:
        saved = settings.value("view/language")
        if saved in LANGUAGES:
            return saved
    return "ko" if QLocale.system().name().lower().startswith("ko") else "en"


def install_translator(app: QCoreApplication, lang: str) -> bool:
    """Load nnviz's (and Qt's own) translations for ``lang``; English needs none.

    Returns False when the translation file is missing (the interface stays English).
    """
    global _current
    for t in _installed:
        app.removeTranslator(t)
    _installed.clear()
    _current = "en"
    if lang == "en":
        return True
    ours = QTranslator(app)
    res = resources.files("nnviz.resources").joinpath("i18n", f"nnviz_{lang}.qm")
    with resources.as_file(res) as path:
        if not (path.is_file() and ours.load(str(path))):
            return False
    app.installTranslator(ours)
    _installed.append(ours)
    qt = QTranslator(app)  # Qt's own dialogs (OK/Cancel, file dialogs)
    if qt.load(f"qtbase_{lang}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        _installed.append(qt)
    _current = lang
    return True
