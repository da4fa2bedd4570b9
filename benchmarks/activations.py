"""What each activation costs in the fused training step, as a ratio to ReLU; and old vs new code.

    python benchmarks/activations.py                       # every activation vs ReLU
    python benchmarks/activations.py --baseline /tmp/old   # this tree vs an older one

``--baseline DIR`` takes a folder holding an older ``nnviz`` package, e.g. made with
``git archive <rev> nnviz | tar -x -C /tmp/old``; both trees then run the same
fused-step loops in alternating subprocesses, round after round, and the median of
the per-round ratios is reported (old/new > 1: the new code is slower).  Run with
``OPENBLAS_NUM_THREADS=1`` on a shared machine: a 2-thread GEMM halves whenever
another process takes a core.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from common import load_average, median, table  # noqa: E402

CASES = [  # (label, sizes, activation, batch)
    ("784-100-10 ReLU, batch 100", [784, 100, 10], "relu", 100),
    ("784-50-100-10 sigmoid, batch 100", [784, 50, 100, 10], "sigmoid", 100),
    ("2-8-8-2 tanh, batch 10", [2, 8, 8, 2], "tanh", 10),
]


def steps_per_second(sizes: list[int], activation: str, batch: int, seconds: float) -> float:
    """Fused gradient + SGD update steps per second on random data."""
    import numpy as np

    from nnviz.core.network import Network
    from nnviz.core.optimizers import make_optimizer

    rng = np.random.default_rng(0)
    net = Network(sizes, activation, init="he")
    xa = net.with_bias_column(rng.random((batch, sizes[0]), dtype=np.float32))
    t = rng.integers(0, sizes[-1], batch)
    opt = make_optimizer("sgd", 0.01)
    n, start = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - start) < seconds:
        for _ in range(10):
            net.fused_gradient(xa, t)
            opt.update(net.params, net.grads)
        n += 10
    return n / elapsed


def child(root: str, seconds: float) -> None:
    """In a subprocess: the CASES with the nnviz package found in ``root``; JSON on stdout."""
    sys.path.insert(0, root)
    import nnviz

    assert Path(nnviz.__file__).resolve().is_relative_to(Path(root).resolve()), nnviz.__file__
    print(json.dumps([steps_per_second(s, a, b, seconds) for _, s, a, b in CASES]))


def versus_baseline(baseline: Path, rounds: int, seconds: float) -> None:
    ratios: list[list[float]] = [[] for _ in CASES]
    for _ in range(rounds):
        runs = {}
        for name, root in (("old", baseline), ("new", REPO)):
            out = subprocess.run(
                [sys.executable, __file__, "--child", str(root), "--seconds", str(seconds)],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            runs[name] = json.loads(out)
        for i, (old, new) in enumerate(zip(runs["old"], runs["new"], strict=True)):
            ratios[i].append(old / new)
    rows = [
        [label, f"{median(r):.3f}", f"{min(r):.2f}–{max(r):.2f}"]
        for (label, *_), r in zip(CASES, ratios, strict=True)
    ]
    print(table(["fused step", "old/new (median)", "rounds"], rows))


def versus_relu(rounds: int, seconds: float) -> None:
    from nnviz.core.layers import ACTIVATIONS

    rates = {a: [] for a in ACTIVATIONS}
    for _ in range(rounds):
        for a in ACTIVATIONS:  # interleaved: a load spike hits every activation alike
            rates[a].append(steps_per_second([784, 100, 10], a, 100, seconds))
    rows = []
    for a, r in rates.items():
        ratio = median([x / y for x, y in zip(r, rates["relu"], strict=True)])
        rows.append([a, f"{median(r):,.0f}", f"{ratio:.2f}×"])
    print(table(["activation (784-100-10, batch 100)", "steps/s", "speed vs ReLU"], rows))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--baseline", type=Path, help="a folder holding an older nnviz package")
    p.add_argument("--rounds", type=int, default=7)
    p.add_argument("--seconds", type=float, default=0.5, help="per contender and round")
    p.add_argument("--child", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        child(args.child, args.seconds)
        return
    print(f"load average before: {load_average()}")
    if args.baseline:
        versus_baseline(args.baseline, args.rounds, args.seconds)
    else:
        sys.path.insert(0, str(REPO))
        versus_relu(args.rounds, args.seconds)
    print(f"load average after: {load_average()}")


if __name__ == "__main__":
    main()
