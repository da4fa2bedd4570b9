"""The benchmark script still runs: one tiny benchmark for about a second (no speeds asserted)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

RUN = Path(__file__).resolve().parents[1] / "benchmarks" / "run.py"


def test_the_benchmark_script_runs_one_tiny_benchmark_and_writes_its_table(tmp_path):
    out = tmp_path / "results.md"
    proc = subprocess.run(
        [sys.executable, str(RUN), "--smoke", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    text = out.read_text(encoding="utf-8")
    assert text == proc.stdout
    assert "## Machine" in text and "## 4. Decision-boundary cost" in text
    assert "| 200×200 |" in text and "| 256×256 |" in text
