"""Shared helpers of the benchmarks: machine facts, medians, data, tables."""

from __future__ import annotations

import datetime as dt
import os
import platform
import statistics
import struct
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
SHARED_MNIST = REPO.parent / "shared" / "data" / "mnist-10k"


def median(values) -> float:
    values = [v for v in values if v == v]
    return statistics.median(values) if values else float("nan")


def blas_info() -> dict:
    """NumPy's BLAS library, kernel and thread count (threadpoolctl when installed)."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        cfg = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        return {"name": cfg.get("name", "?"), "version": cfg.get("version", "?"), "threads": None}
    for pool in threadpool_info():
        if pool["user_api"] == "blas":
            return {
                "name": pool["internal_api"],
                "version": pool.get("version"),
                "kernel": pool.get("architecture"),
                "threads": pool["num_threads"],
            }
    return {"name": "?", "threads": None}


def blas_threads() -> int:
    return blas_info().get("threads") or os.cpu_count() or 1


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "?"


def peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM), MB.

    Not ``getrusage``'s ``ru_maxrss``: Linux carries that over from the parent
    through fork and exec, so a child of a big benchmark process would report the
    parent's peak.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load_average() -> str:
    try:
        return " ".join(f"{v:.2f}" for v in os.getloadavg())
    except OSError:
        return "?"


def gemm_gflops(n: int = 1024, repeats: int = 7) -> float:
    """Best float32 GEMM rate of NumPy's BLAS, GFLOP/s."""
    import time

    a = np.random.default_rng(0).random((n, n), dtype=np.float32)
    c = np.empty_like(a)
    np.dot(a, a, out=c)
    best = float("inf")
    for _ in range(repeats):
        t = time.perf_counter()
        np.dot(a, a, out=c)
        best = min(best, time.perf_counter() - t)
    return 2 * n**3 / best / 1e9


def machine(with_torch: bool = True) -> dict:
    """Everything results.md states about where and with what it ran."""
    info = {
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "numpy": np.__version__,
        "blas": blas_info(),
        "openblas_coretype": os.environ.get("OPENBLAS_CORETYPE", "(unset)"),
        "gemm_gflops": gemm_gflops(),
        "load_before": load_average(),
    }
    info["torch"] = None
    if with_torch:
        try:
            import torch

            info["torch"] = torch.__version__
        except ImportError:
            pass
    for mod in ("PySide6", "pyqtgraph"):
        try:
            info[mod] = __import__(mod).__version__
        except ImportError:
            info[mod] = None
    return info


# ---------------------------------------------------------------------- data
def mnist_shaped(n: int | None = None, seed: int = 0) -> tuple[np.ndarray, np.ndarray, str]:
    """``(x uint8 (n, 784), y, source)``: the shared MNIST-10k digits, else random ones.

    With ``n`` larger than what the folder holds, its digits are repeated (tiled).
    """
    if (SHARED_MNIST / "train-images-idx3-ubyte.gz").is_file():
        from nnviz.data.datasets import load_dataset

        d = load_dataset("mnist", data_dir=SHARED_MNIST, test_ratio=0.0)
        x, y, source = d.x_train, d.y_train, "MNIST-10k (8,000 real digits)"
    else:
        rng = np.random.default_rng(seed)
        x = rng.integers(0, 256, size=(8000, 784), dtype=np.uint8)
        y = rng.integers(0, 10, size=8000)
        source = "random uint8 (the shared MNIST-10k folder is absent)"
    if n is not None and n != len(y):
        reps = -(-n // len(y))
        x, y = np.tile(x, (reps, 1))[:n], np.tile(y, reps)[:n]
        source += f", tiled to {n:,}"
    return np.ascontiguousarray(x), np.asarray(y, dtype=np.int64), source


def write_idx(folder: Path, x: np.ndarray, y: np.ndarray) -> None:
    """Write ``x`` (n, 784) uint8 and labels as gzip-free IDX training files into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    n = len(y)
    with open(folder / "train-images-idx3-ubyte", "wb") as f:
        f.write(struct.pack(">IIII", 0x803, n, 28, 28))
        f.write(np.ascontiguousarray(x, dtype=np.uint8).tobytes())
    with open(folder / "train-labels-idx1-ubyte", "wb") as f:
        f.write(struct.pack(">II", 0x801, n))
        f.write(np.asarray(y, dtype=np.uint8).tobytes())


# ---------------------------------------------------------------------- output
def table(headers: list[str], rows: list[list]) -> str:
    """A GitHub-flavoured Markdown table."""
    out = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(out)


def fmt(v, digits: int = 0) -> str:
    if v is None or v != v:
        return "–"
    if isinstance(v, str):
        return v
    return f"{v:,.{digits}f}"


def times(v) -> str:
    """A ratio as ``1.23×`` (``–`` when it could not be measured)."""
    return "–" if v is None or v != v else f"{v:.2f}×"


def say(*args) -> None:
    print(*args, file=sys.stderr, flush=True)
