"""Collect nnviz's translatable strings into resources/i18n/nnviz_<lang>.ts and compile the .qm.

    python scripts/update_translations.py            # update the .ts, compile the .qm
    python scripts/update_translations.py --check    # exit 1 if a string lacks a translation

Sources of strings:

* every ``NAME("...")`` call in ``nnviz/gui/*.py`` where ``NAME = translator("<context>")``
  (usually ``tr``), and ``QCoreApplication.translate("<context>", "...")``;
* ``N_("...")`` markers (tables translated when shown), in the module's ``tr`` context;
* dataset titles and descriptions (:data:`nnviz.data.datasets.DATASETS`, context
  ``datasets``) and tutorial titles (:data:`nnviz.app.tutorials.TUTORIALS`, context
  ``tutorials``): Qt-free code, so they are read from the registries.

The .ts keeps every existing translation; new sources are added as
``type="unfinished"`` and sources that left the code are marked ``type="vanished"``
(``--drop-vanished`` removes them).  The .qm is compiled with Qt's ``lrelease``
(PySide6's ``pyside6-lrelease``).
"""

from __future__ import annotations

import argparse
import ast
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

REPO = Path(__file__).resolve().parents[1]
GUI = REPO / "nnviz" / "gui"
APP = REPO / "nnviz" / "app"
I18N = REPO / "resources" / "i18n"
LANGUAGES = {"ko": "ko_KR"}
PLACEHOLDER = re.compile(r"\{\d+\}")
ACCELERATOR = re.compile(r"&(?!&)\w")


@dataclass
class Message:
    """One source string of one context, where the code uses it, and its translation."""

    source: str
    locations: list[str] = field(default_factory=list)
    translation: str = ""
    kind: str = "unfinished"  # "" (finished), "unfinished" or "vanished"


class ExtractError(Exception):
    """A string the script cannot extract (an f-string or a variable where a literal must be)."""


def _call_name(node: ast.Call) -> str:
    f = node.func
    if isinstance(f, ast.Name):
        return f.id
    if isinstance(f, ast.Attribute):
        return f.attr
    return ""


def _literal(node: ast.AST) -> str | None:
    """The text of a string literal (implicit concatenation is already joined by ast)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def extract_module(path: Path) -> tuple[list[tuple[str, str, str]], list[str]]:
    """``(context, source, location)`` of every translatable literal in ``path``, and errors."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    rel = path.relative_to(REPO).as_posix()
    translators: dict[str, str] = {}
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Call)
            and _call_name(node.value) == "translator"
            and node.value.args
        ):
            context = _literal(node.value.args[0])
            for target in node.targets:
                if isinstance(target, ast.Name) and context is not None:
                    translators[target.id] = context
        elif (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "TR_CONTEXT" for t in node.targets)
            and _literal(node.value) is not None
        ):
            # Qt-free modules (nnviz/app) mark strings with N_ and name their context so.
            translators["tr"] = _literal(node.value)
    default = translators.get("tr")
    found: list[tuple[str, str, str]] = []
    errors: list[str] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name = _call_name(node)
        where = f"{rel}:{node.lineno}"
        if isinstance(node.func, ast.Name) and name in translators:
            context, arg = translators[name], node.args[0]
        elif name == "N_":
            if default is None:
                errors.append(
                    f"{where}: N_() in a module without tr = translator(...) or TR_CONTEXT"
                )
                continue
            context, arg = default, node.args[0]
        elif name == "translate" and len(node.args) >= 2 and _literal(node.args[0]) is not None:
            context, arg = _literal(node.args[0]), node.args[1]
        else:
            continue
        if isinstance(arg, ast.JoinedStr):
            errors.append(
                f"{where}: an f-string cannot be translated; use tr('… {{0}} …').format()"
            )
            continue
        text = _literal(arg)
        if text is None:
            if name == "N_":
                errors.append(f"{where}: N_() needs a string literal")
            continue  # tr(variable): the variable's strings are marked where they are made
        found.append((context, text, where))
    return found, errors


def extract_registries() -> list[tuple[str, str, str]]:
    """Dataset titles and descriptions, tutorial titles (Qt-free code: read from the registries)."""
    sys.path.insert(0, str(REPO))
    from nnviz.app.labs import LABS
    from nnviz.app.tutorials import TUTORIALS
    from nnviz.data.datasets import DATASETS

    found = []
    for key, spec in DATASETS.items():
        found.append(("datasets", spec.title, f"nnviz/data/datasets.py:{key}"))
        found.append(("datasets", spec.description, f"nnviz/data/datasets.py:{key}"))
    for key, tut in TUTORIALS.items():
        found.append(("tutorials", tut.title, f"nnviz/app/tutorials.py:{key}"))
    for key, spec in LABS.items():
        found.append(("labs", spec.title, f"nnviz/app/labs/__init__.py:{key}"))
    return found


def extract() -> tuple[dict[str, dict[str, Message]], list[str]]:
    """Every translatable string of the app, by context (in order of first use)."""
    contexts: dict[str, dict[str, Message]] = {}
    errors: list[str] = []
    items: list[tuple[str, str, str]] = []
    for path in sorted([*GUI.rglob("*.py"), *APP.rglob("*.py")]):
        found, errs = extract_module(path)
        items += sorted(found, key=lambda t: int(t[2].rsplit(":", 1)[1]))
        errors += errs
    items += extract_registries()
    for context, source, where in items:
        msg = contexts.setdefault(context, {}).setdefault(source, Message(source))
        msg.locations.append(where)
    return contexts, errors


# ---------------------------------------------------------------------- the .ts file
def read_ts(path: Path) -> dict[str, dict[str, Message]]:
    """Contexts → sources → messages of an existing .ts file (empty if there is none)."""
    if not path.is_file():
        return {}
    out: dict[str, dict[str, Message]] = {}
    for ctx in ET.parse(path).getroot().iter("context"):
        name = ctx.findtext("name", "")
        msgs = out.setdefault(name, {})
        for m in ctx.iter("message"):
            source = m.findtext("source", "")
            t = m.find("translation")
            text = (t.text or "") if t is not None else ""
            kind = t.get("type", "") if t is not None else "unfinished"
            msgs[source] = Message(source, translation=text, kind=kind)
    return out


def merge(
    code: dict[str, dict[str, Message]], old: dict[str, dict[str, Message]], drop_vanished: bool
) -> dict[str, dict[str, Message]]:
    """The code's strings with the old translations; old strings the code lost are vanished."""
    merged: dict[str, dict[str, Message]] = {}
    # A string that moved to another context (code moved between modules) keeps its
    # reviewed translation.
    reviewed = {
        src: m for ctx in old.values() for src, m in ctx.items() if m.translation and not m.kind
    }
    for context in sorted(set(code) | set(old)):
        out = merged.setdefault(context, {})
        previous = old.get(context, {})
        for source, msg in code.get(context, {}).items():
            before = previous.get(source)
            if before is not None and before.translation:
                msg.translation = before.translation
                # A string that comes back keeps its reviewed translation.
                msg.kind = "" if before.kind in ("", "vanished", "obsolete") else before.kind
            elif source in reviewed:
                msg.translation, msg.kind = reviewed[source].translation, ""
            out[source] = msg
        if not drop_vanished:  # kept, so a string that comes back has its translation
            for source, before in previous.items():
                if source not in out and before.translation:
                    before.kind = "vanished"
                    out[source] = before
        if not out:
            del merged[context]
    return merged


def write_ts(path: Path, contexts: dict[str, dict[str, Message]], language: str) -> None:
    """Write a Qt Linguist TS 2.1 file (no line numbers, so diffs show only real changes)."""
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        "<!DOCTYPE TS>",
        f'<TS version="2.1" language="{language}" sourcelanguage="en_US">',
    ]
    for context, msgs in contexts.items():
        lines += ["<context>", f"    <name>{escape(context)}</name>"]
        for msg in msgs.values():
            lines.append("    <message>")
            for file in sorted({loc.rpartition(":")[0] for loc in msg.locations}):
                rel = os.path.relpath(REPO / file, path.parent).replace(os.sep, "/")
                lines.append(f'        <location filename="{escape(rel)}"/>')
            lines.append(f"        <source>{escape(msg.source)}</source>")
            kind = f' type="{msg.kind}"' if msg.kind else ""
            lines.append(f"        <translation{kind}>{escape(msg.translation)}</translation>")
            lines.append("    </message>")
        lines.append("</context>")
    lines.append("</TS>")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# ---------------------------------------------------------------------- checks
def problems(code: dict[str, dict[str, Message]], ts: dict[str, dict[str, Message]]) -> list[str]:
    """Strings of the code without a finished translation, and translations that break them."""
    out = []
    for context, msgs in code.items():
        for source in msgs:
            msg = ts.get(context, {}).get(source)
            label = f"[{context}] {source!r}"
            if msg is None:
                out.append(f"{label}: not in the .ts (run scripts/update_translations.py)")
            elif not msg.translation or msg.kind in ("unfinished", "vanished", "obsolete"):
                out.append(f"{label}: no finished translation")
            else:
                out += [f"{label}: {p}" for p in translation_problems(source, msg.translation)]
    return out


def translation_problems(source: str, translation: str) -> list[str]:
    """Placeholders ({0}, {1}, …) and keyboard accelerators (&F) the translation must keep."""
    out = []
    if Counter(PLACEHOLDER.findall(source)) != Counter(PLACEHOLDER.findall(translation)):
        out.append(
            f"placeholders {sorted(PLACEHOLDER.findall(source))} became "
            f"{sorted(PLACEHOLDER.findall(translation))} in {translation!r}"
        )
    if ACCELERATOR.search(source) and not ACCELERATOR.search(translation):
        out.append(f"the keyboard accelerator (&) is missing in {translation!r}")
    return out


def qm_problems(qm: Path, ts: dict[str, dict[str, Message]]) -> list[str]:
    """Finished translations of the .ts that the compiled .qm does not give back."""
    from PySide6.QtCore import QTranslator

    translator = QTranslator()
    if not qm.is_file() or not translator.load(str(qm)):
        return ["missing or unreadable: run scripts/update_translations.py"]
    return [
        f"[{context}] {source!r} is not compiled in: run scripts/update_translations.py"
        for context, msgs in ts.items()
        for source, msg in msgs.items()
        if msg.kind == ""
        and msg.translation
        and translator.translate(context, source) != msg.translation
    ]


# ---------------------------------------------------------------------- lrelease
def find_lrelease() -> str:
    """Qt's lrelease: PySide6's entry point beside this Python, on PATH, or in the package."""
    exe = Path(sys.executable).parent
    for name in ("pyside6-lrelease", "pyside6-lrelease.exe"):
        if (exe / name).is_file():
            return str(exe / name)
    found = shutil.which("pyside6-lrelease") or shutil.which("lrelease")
    if found:
        return found
    try:
        import PySide6

        for name in ("lrelease", "lrelease.exe"):
            candidate = Path(PySide6.__file__).parent / name
            if candidate.is_file():
                return str(candidate)
    except ImportError:
        pass
    raise SystemExit("lrelease not found: install PySide6 (pip install PySide6-Essentials)")


def compile_qm(ts: Path, qm: Path) -> None:
    result = subprocess.run(
        [find_lrelease(), "-silent", "-nounfinished", str(ts), "-qm", str(qm)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0 or not qm.is_file():
        raise SystemExit(f"lrelease failed on {ts}:\n{result.stdout}{result.stderr}")


# ---------------------------------------------------------------------- main
def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument(
        "--check",
        action="store_true",
        help="change nothing; exit 1 when a string has no finished translation, a translation "
        "loses a placeholder or accelerator, or the .qm is not compiled from the .ts",
    )
    p.add_argument("--drop-vanished", action="store_true", help="remove strings the code lost")
    p.add_argument("--lang", choices=sorted(LANGUAGES), action="append")
    args = p.parse_args(argv)

    code, errors = extract()
    for e in errors:
        print(f"error: {e}", file=sys.stderr)
    failed = bool(errors)
    counts = ", ".join(f"{c} {len(m)}" for c, m in sorted(code.items()))
    for lang in args.lang or sorted(LANGUAGES):
        ts_path = I18N / f"nnviz_{lang}.ts"
        qm_path = I18N / f"nnviz_{lang}.qm"
        if args.check:
            found = problems(code, read_ts(ts_path))
            for problem in found:
                print(f"{ts_path.name}: {problem}", file=sys.stderr)
            failed |= bool(found)
            stale = qm_problems(qm_path, read_ts(ts_path))
            for problem in stale:
                print(f"{qm_path.name}: {problem}", file=sys.stderr)
            failed |= bool(stale)
            continue
        merged = merge(code, read_ts(ts_path), args.drop_vanished)
        write_ts(ts_path, merged, LANGUAGES[lang])
        compile_qm(ts_path, qm_path)
        todo = problems(code, merged)
        print(f"{ts_path.relative_to(REPO)}: {counts}; {len(todo)} to translate")
        for problem in todo:
            print(f"  {problem}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
