"""benchmarks/race.py still runs: one short round, its section written into a results file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

RACE = Path(__file__).resolve().parents[1] / "benchmarks" / "race.py"


def test_the_race_benchmark_runs_and_replaces_only_its_section(tmp_path):
    out = tmp_path / "results.md"
    out.write_text("# nnviz benchmarks\n\n## 5. Start-up\n\nkept\n\n## 6. Race mode\n\nold\n")
    proc = subprocess.run(
        [
            sys.executable,
            str(RACE),
            "--rounds",
            "1",
            "--seconds",
            "0.05",
            "--write",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# nnviz benchmarks\n\n## 5. Start-up\n\nkept\n\n## 6. Race mode\n")
    assert "old" not in text and text.count("## 6. Race mode") == 1
    assert "| 784-100-100-100-100-10 ReLU (He), batch 128" in text
    assert proc.stdout.strip() in text
