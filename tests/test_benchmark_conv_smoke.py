"""The convnet benchmark script still runs (nnviz alone, a fraction of a second; no speed asserted)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

CONV = Path(__file__).resolve().parents[1] / "benchmarks" / "conv.py"


def test_the_convnet_benchmark_runs_and_prints_its_table():
    proc = subprocess.run(
        [sys.executable, str(CONV), "--no-torch", "--rounds", "1", "--seconds", "0.3"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "## Convolutional network: SimpleConvNet training" in proc.stdout
    row = proc.stdout.split("| nnviz samples/s |")[1].splitlines()[2]
    assert float(row.split("|")[1].replace(",", "")) > 0  # nnviz's samples/s
