"""The labs registry and `nnviz tutorial list|run` for labs: names, options, JSON, errors."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from nnviz.app.labs import LABS, Lab, format_result, lab
from nnviz.app.labs.mnist_races import run_init_race, run_optimizer_race
from nnviz.errors import ConfigError
from tests.data.mnist_fixtures import write_idx_dataset
from tests.test_cli import assert_one_line_error, run, run_json

NAMES = [
    "optimizer-paths",
    "init-activations",
    "optimizer-race-mnist",
    "init-race-mnist",
    "batch-norm",
    "overfitting",
    "hyperparameter-search",
]
"""Scripts depend on these names (the issue's list, in the book's order)."""


def test_registry_names_and_descriptions():
    assert list(LABS) == NAMES
    for entry in LABS.values():
        assert isinstance(entry, Lab)
        assert entry.title and entry.source.startswith("Deep Learning from Scratch")
        assert len(entry.description_en) > 100
        assert any("\uac00" <= ch <= "\ud7a3" for ch in entry.description_ko)  # Hangul
    with pytest.raises(ConfigError, match="Unknown lab 'dropout'"):
        lab("dropout")


def test_run_refuses_options_the_lab_does_not_take():
    with pytest.raises(ConfigError, match="no iterations setting"):
        LABS["optimizer-paths"].run(iterations=10)
    # None means "the default": what the CLI passes for options it was not given.
    r = LABS["optimizer-paths"].run(steps=5, iterations=None)
    assert r["name"] == "optimizer-paths" and r["details"]["steps"] == 5


def test_format_result_shows_each_statement_and_the_verdict():
    text = format_result(LABS["optimizer-paths"].run())
    assert "✓ SGD zig-zags across the valley" in text
    assert "measured 29 (y changes sign at ≥ 20 of 29 steps)" in text
    assert text.endswith("Reproduced: yes (the book's statements, measured).")


@pytest.fixture
def idx_digits(tmp_path):
    write_idx_dataset(tmp_path, n_train=300, n_test=60)
    return tmp_path


def test_mnist_races_run_short_with_the_books_contenders(idx_digits):
    seen = []
    opt = LABS["optimizer-race-mnist"].run(
        data_dir=idx_digits, iterations=5, progress=lambda *a: seen.append(a)
    )
    assert seen[-1] == (5, 5, "iteration 5")
    init = LABS["init-race-mnist"].run(data_dir=idx_digits, iterations=5)  # one BLAS thread too
    assert [c["label"] for c in opt["details"]["contenders"]] == [
        "sgd",
        "momentum",
        "adagrad",
        "adam",
    ]
    assert [c["label"] for c in init["details"]["contenders"]] == ["std 0.01", "Xavier", "He"]
    for r in (opt, init):
        assert r["details"]["iterations"] == 5 and r["details"]["batch_size"] == 128
        assert all(c["iterations"] == 5 for c in r["details"]["contenders"])
        assert set(r["measured"]) == set(r["published"]) == set(r["within"])
        json.dumps(r, allow_nan=False)
    # He with SGD at 0.01 is the optimizer race's SGD: same network, weights, batches.
    assert init["details"]["contenders"][2]["loss"] == opt["details"]["contenders"][0]["loss"]


@pytest.mark.slow
@pytest.mark.parametrize("runner", [run_optimizer_race, run_init_race])
def test_the_books_mnist_comparisons_hold_at_2000_iterations(mnist10k, runner):
    r = runner(data_dir=mnist10k)
    assert r["reproduced"] is True, r["measured"]


# ---------------------------------------------------------------------- the CLI
def test_tutorial_list_names_the_labs(capsys):
    code, out, err = run(capsys, "tutorial", "list")
    assert code == 0, err
    names = [line.split()[0] for line in out.splitlines() if line and not line[0].isspace()]
    assert names[-len(NAMES) :] == NAMES
    assert "lab · needs mnist · takes --data-dir, --iterations, --seed" in out
    r = run_json(capsys, "tutorial", "list")
    assert [entry["name"] for entry in r["labs"]] == NAMES
    assert r["labs"][0]["options"] == ["surface", "steps"]


def test_tutorial_run_optimizer_paths_json_reports_thirty_positions_each(capsys):
    r = run_json(capsys, "tutorial", "run", "optimizer-paths")
    assert r["reproduced"] is True
    positions = r["details"]["positions"]
    assert set(positions) == {"sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"}
    assert all(len(p) == 30 and p[0] == [-7.0, 2.0] for p in positions.values())


def test_tutorial_run_passes_lab_settings(capsys, idx_digits):
    r = run_json(
        capsys,
        "tutorial",
        "run",
        "init-race-mnist",
        "--data-dir",
        str(idx_digits),
        "--iterations",
        "3",
        "--seed",
        "2",
    )
    assert r["details"]["iterations"] == 3 and r["details"]["seed"] == 2
    r = run_json(
        capsys, "tutorial", "run", "optimizer-paths", "--surface", "saddle", "--steps", "4"
    )
    assert r["details"]["surface"] == "saddle" and len(r["details"]["positions"]["adam"]) == 4


def test_tutorial_run_batch_norm_and_overfitting_take_their_settings(capsys, idx_digits):
    where = ["--data-dir", str(idx_digits)]
    r = run_json(
        capsys, "tutorial", "run", "batch-norm", *where, "--scales", "2", "--epochs", "1",
        "--samples", "200",
    )  # fmt: skip
    d = r["details"]
    assert d["train_samples"] == 200 and [c["scale"] for c in d["cells"]] == [1.0, 1e-4]
    r = run_json(
        capsys, "tutorial", "run", "overfitting", *where, "--epochs", "1", "--samples", "100"
    )
    assert r["details"]["train_samples"] == 100 and len(r["details"]["final"]) == 3


@pytest.mark.parametrize(
    ("argv", "fragments"),
    [
        (["optimizer-paths", "--trials", "3"], ["no trials setting"]),
        (["optimizer-paths", "--surface", "bowl"], ["Unknown surface 'bowl'"]),
        (["init-activations", "--weights", "w.pkl"], ["takes no weights file"]),
        (["cs231n-linear", "--iterations", "5"], ["--iterations is a setting of the labs"]),
        (["optimizer-race-mnist", "--iterations", "0"], ["must be at least 1"]),
        (["overfitting", "--scales", "3"], ["no scales setting"]),
        (["batch-norm", "--scales", "65"], ["1 to 64 weight scales"]),
        (["dropout"], ["Unknown tutorial 'dropout'", "cs231n-linear", "optimizer-paths"]),
    ],
)
def test_lab_mistakes_are_one_line_errors(capsys, argv, fragments):
    code, out, err = run(capsys, "tutorial", "run", *argv)
    assert_one_line_error(code, out, err, *fragments)


def test_a_missing_mnist_is_a_one_line_error(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    empty = tmp_path / "empty"
    empty.mkdir()
    code, out, err = run(
        capsys, "tutorial", "run", "optimizer-race-mnist", "--data-dir", str(empty)
    )
    assert_one_line_error(code, out, err, "MNIST")


def test_labs_import_without_qt():
    code = textwrap.dedent(
        """
        import importlib, json, pkgutil, sys
        import nnviz.app.labs as labs
        for info in pkgutil.iter_modules(labs.__path__, labs.__name__ + "."):
            importlib.import_module(info.name)
        qt = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6", "pyqtgraph"))
        print(json.dumps({"qt": qt, "n": len(labs.LABS)}))
        """
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout.strip().splitlines()[-1]) == {"qt": [], "n": len(NAMES)}
