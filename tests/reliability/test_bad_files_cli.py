"""Every format × every corruption through the real command line: exit 2 and one sentence.

The cases come from :mod:`tests.reliability.bad_files`; each runs ``nnviz.cli.main`` in
this process (as the console script does) and must end with status 2 and exactly one
line on stderr — no traceback, no "internal error" — that names what was wrong.
Points CSVs go through ``train --dataset csv --points``, session files through
``train --config`` and the app's ``--session``.
"""

from __future__ import annotations

import pytest

from nnviz.cli import main
from tests.reliability.bad_files import DATASET_FORMATS, all_cases, good_case

CASES = all_cases()
CLI_FORMATS = (*DATASET_FORMATS, "model-npz", "book-pkl", "points-csv", "session-json")


def argv_for(fmt: str, target) -> list[str]:
    """The command a user would type to read ``target`` of format ``fmt``."""
    if fmt in DATASET_FORMATS:
        return [
            "train", "--dataset", "mnist", "--data-dir", str(target),
            "--hidden", "4", "--epochs", "1", "--batch-size", "8",
        ]  # fmt: skip
    if fmt == "model-npz":
        return ["eval", str(target), "--dataset", "spiral", "--split", "train"]
    if fmt == "book-pkl":
        return [
            "eval", str(target), "--activation", "sigmoid", "--dataset", "spiral",
            "--split", "train",
        ]  # fmt: skip
    if fmt == "points-csv":
        return [
            "train",
            "--dataset",
            "csv",
            "--points",
            str(target),
            "--hidden",
            "4",
            "--epochs",
            "1",
        ]
    if fmt == "session-json":
        return ["train", "--config", str(target), "--epochs", "1"]
    raise ValueError(fmt)


def mentioned(built) -> set[str]:
    """Names a message may use to point at the broken input: the target and what it holds."""
    names = {built.target.name, str(built.target)}
    if built.target.is_dir():
        names |= {p.name for p in built.target.iterdir()}
    return names


def assert_one_sentence(code: int, err: str, built, case, *, names_input: bool = True) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert code == 2, f"{case}: exit {code}, stderr {err!r}"
    assert len(lines) == 1, f"{case}: {err!r}"
    line = lines[0]
    assert "Traceback" not in err and "internal error" not in line, line
    assert line.startswith("nnviz: ") and line.rstrip().endswith((".", ")")), line
    assert len(line) < 500, line
    if not names_input or case.fmt == "session-json":
        pass  # settings errors name the setting, not the file
    elif case.kind == "shapes do not fit the data":
        assert "inputs" in line or "classes" in line, line
    else:
        assert any(n in line for n in mentioned(built)), (
            f"{case}: {line} names nothing of {mentioned(built)}"
        )
    return line


@pytest.mark.parametrize("fmt", CLI_FORMATS)
def test_the_good_input_of_every_format_works(fmt, build, capsys):
    # Control: the cases below fail because of their broken bytes, not their set-up.
    built = build(good_case(fmt))
    code = main(argv_for(fmt, built.target))
    out, err = capsys.readouterr()
    assert code == 0, err
    assert not err.strip()


# ``train --config`` takes a session's settings, not its weights (the app loads those).
WEIGHTS_ONLY = {"weights cut short", "weights not a model", "784-input weights"}


def _cli_reads(case) -> bool:
    return not (case.fmt == "session-json" and case.variant in WEIGHTS_ONLY)


@pytest.mark.parametrize(
    "case", [c for f in CLI_FORMATS for c in CASES[f] if _cli_reads(c)], ids=str
)
def test_a_bad_input_is_exit_2_and_one_sentence(case, build, capsys):
    built = build(case)
    code = main(argv_for(case.fmt, built.target))
    _, err = capsys.readouterr()
    assert_one_sentence(code, err, built, case)


# ---------------------------------------------------------------------- the app's --session
@pytest.mark.parametrize("case", CASES["session-json"], ids=str)
def test_nnviz_session_refuses_a_bad_file_or_leaves_it_to_the_app(case, build, capsys, monkeypatch):
    # ``nnviz --session FILE`` reads the file before the window opens; what only fails when
    # the network is built (e.g. weights that do not fit) is the app's to report, and
    # tests/reliability/test_bad_files_gui.py shows that it does.
    import nnviz.gui.app

    opened = []
    monkeypatch.setattr(nnviz.gui.app, "run_app", lambda *a, **k: opened.append(k) or 0)
    built = build(case)
    code = main(["--session", str(built.target)])
    _, err = capsys.readouterr()
    if opened:
        assert code == 0 and not err.strip()
    else:
        assert_one_sentence(code, err, built, case, names_input=False)


def test_a_session_with_malformed_progress_still_opens(tmp_path):
    # "progress": [1] used to escape as an AttributeError; the epoch is only informative.
    import json

    from nnviz.app.session_file import load_session
    from tests.reliability.bad_files import good_session_obj

    obj = good_session_obj()
    obj["progress"] = [1]
    path = tmp_path / "s.json"
    path.write_text(json.dumps(obj), encoding="utf-8")
    assert load_session(path).epoch == 0


def test_a_model_naming_fewer_classes_than_it_predicts_still_loads(tmp_path, capsys):
    # The app saves a 3-output network used on 2-class data with the data's 2 names
    # (found by the GUI stress test): the third output is named by its index.
    from nnviz.core.modelio import load_model
    from tests.reliability.bad_files import model_arrays, npz_bytes

    path = tmp_path / "m.npz"
    path.write_bytes(npz_bytes(model_arrays(class_names=["a", "b"])))
    assert load_model(path).class_names == ("a", "b", "2")
    assert main(["eval", str(path), "--dataset", "spiral", "--split", "train"]) == 0
