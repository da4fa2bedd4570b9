"""The Korean interface: translations load, the window speaks Korean, every string is translated."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from importlib import resources
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMenu

from nnviz.gui import i18n
from tests.gui.helpers import make_window

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "update_translations.py"
TS = REPO / "resources" / "i18n" / "nnviz_ko.ts"
HANGUL = re.compile("[\uac00-\ud7a3]")
PLACEHOLDER = re.compile(r"\{\d+\}")


@pytest.fixture(scope="module")
def ut():
    """scripts/update_translations.py as a module."""
    spec = importlib.util.spec_from_file_location("update_translations", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def korean(text: str) -> bool:
    """True when ``text`` holds at least one Hangul syllable."""
    return bool(HANGUL.search(text))


@pytest.fixture
def ko(qapp):
    """The app's Korean translator installed for one test; English again afterwards."""
    assert i18n.install_translator(qapp, "ko")
    yield qapp
    i18n.install_translator(qapp, "en")


def test_train_button_is_korean(ko, qtbot, tmp_path):
    w = make_window(qtbot, tmp_path)
    assert korean(w.controls.train.text()), w.controls.train.text()
    assert w.controls.train.text() == "학습"
    assert korean(w.controls.step.text()) and korean(w.controls.reset.text())


def test_menus_and_dataset_panel_are_korean(ko, qtbot, tmp_path):
    w = make_window(qtbot, tmp_path)
    titles = [a.text() for a in w.menuBar().actions()]
    assert titles and all(korean(t) for t in titles), titles
    assert "파일(&F)" in titles  # the accelerator survives translation
    for menu in w.menuBar().findChildren(QMenu):
        for action in menu.actions():
            # Endonyms (English, 한국어) stay as they are in the language menu.
            if not action.isSeparator() and not action.objectName().startswith("language_"):
                assert korean(action.text()), action.text()
    assert korean(w.dataset_panel.title())
    assert korean(w.dataset_panel.combo.currentText())  # dataset titles (context "datasets")
    assert korean(w.dataset_panel.description.text())
    assert korean(
        w.network_panel.activation.itemText(w.network_panel.activation.findData("sigmoid"))
    )
    assert korean(w.state_label.text())  # a state text translated when shown
    assert all(korean(w.main_tabs.tabText(i)) for i in range(w.main_tabs.count()))


def test_tutorial_banner_is_korean(ko, qtbot, tmp_path):
    w = make_window(qtbot, tmp_path)
    assert w.menus.load_tutorial("cs231n-2layer")
    banner = w.tutorial_banner
    assert korean(banner.title.text())
    assert korean(banner.description.text())
    assert banner.description.text() == w.model.tutorial.description_ko
    assert korean(banner.line.text())
    tutorial_menu = w.findChild(
        type(w.menus.tutorial_actions["cs231n-2layer"]), "tutorial:cs231n-2layer"
    )
    assert korean(tutorial_menu.text())


def test_english_stays_english(qapp, qtbot, tmp_path):
    assert i18n.language() == "en"
    w = make_window(qtbot, tmp_path)
    assert w.controls.train.text() == "Train"
    assert not korean(w.dataset_panel.title())


def test_nnviz_lang_makes_make_application_pick_korean(qapp, monkeypatch):
    from nnviz.gui import make_application

    monkeypatch.setenv("NNVIZ_LANG", "ko")
    try:
        assert make_application(["pytest"]) is qapp
        assert i18n.language() == "ko"
        assert korean(QCoreApplication.translate("panels", "Train"))
    finally:
        i18n.install_translator(qapp, "en")
    assert QCoreApplication.translate("panels", "Train") == "Train"


def test_command_line_wins_over_the_environment(monkeypatch):
    monkeypatch.setenv("NNVIZ_LANG", "ko")
    assert i18n.resolve_language() == "ko"
    assert i18n.resolve_language("en") == "en"
    monkeypatch.setenv("NNVIZ_LANG", "en")
    assert i18n.resolve_language("ko") == "ko"
    assert i18n.resolve_language("ko_KR.UTF-8") == "ko"
    monkeypatch.setenv("NNVIZ_LANG", "xx")  # unknown: falls through to the system locale
    assert i18n.resolve_language() in i18n.LANGUAGES


def test_qm_is_found_with_importlib_resources():
    qm = resources.files("nnviz.resources").joinpath("i18n", "nnviz_ko.qm")
    assert qm.is_file()
    assert qm.read_bytes()[:16] == bytes.fromhex("3cb86418caef9c95cd211cbf60a1bddd")  # Qt's magic


def test_every_string_is_translated():
    """A new tr() string without a Korean translation fails here (run the script, translate)."""
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--check"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def _messages():
    root = ET.parse(TS).getroot()
    for ctx in root.iter("context"):
        for m in ctx.iter("message"):
            t = m.find("translation")
            if t.get("type") not in ("vanished", "obsolete"):
                yield ctx.findtext("name"), m.findtext("source"), t.text or ""


def test_translations_keep_the_placeholders():
    checked = 0
    for context, source, translation in _messages():
        assert sorted(PLACEHOLDER.findall(source)) == sorted(PLACEHOLDER.findall(translation)), (
            context,
            source,
            translation,
        )
        checked += 1
    assert checked > 300


def test_ts_header_is_korean():
    root = ET.parse(TS).getroot()
    assert root.tag == "TS" and root.get("version") == "2.1" and root.get("language") == "ko_KR"


def test_check_catches_a_missing_translation(ut, tmp_path):
    """The script's own logic: an untranslated or placeholder-losing string is reported."""
    code = {"panels": {"Train": ut.Message("Train"), "Epoch {0}": ut.Message("Epoch {0}")}}
    ts = {"panels": {"Epoch {0}": ut.Message("Epoch {0}", translation="에폭", kind="")}}
    found = ut.problems(code, ts)
    assert any("'Train'" in p and "not in the .ts" in p for p in found)
    assert any("placeholders" in p for p in found)
    merged = ut.merge(
        code, {"panels": {"Gone": ut.Message("Gone", translation="사라짐", kind="")}}, False
    )
    assert merged["panels"]["Train"].kind == "unfinished"
    assert merged["panels"]["Gone"].kind == "vanished"
    path = tmp_path / "x.ts"
    ut.write_ts(path, merged, "ko_KR")
    again = ut.read_ts(path)
    assert again["panels"]["Gone"].translation == "사라짐"
    assert again["panels"]["Gone"].kind == "vanished"


def test_extraction_handles_quotes_escapes_and_concatenation(ut, tmp_path, monkeypatch):
    src = tmp_path / "mod.py"
    src.write_text(
        "tr = translator('ctx')\n"
        "N_ = lambda s: s\n"
        "TABLE = {'a': N_(\"Table entry\")}\n"
        "tr('single \\'quoted\\'')\n"
        'tr("double \\"quoted\\"\\n")\n'
        'tr("implicit "\n   "concatenation")\n'
        "tr(f'bad {x}')\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(ut, "REPO", tmp_path)
    found, errors = ut.extract_module(src)
    texts = {t for _, t, _ in found}
    assert texts == {
        "Table entry",
        "single 'quoted'",
        'double "quoted"\n',
        "implicit concatenation",
    }
    assert {c for c, _, _ in found} == {"ctx"}
    assert len(errors) == 1 and "f-string" in errors[0]
