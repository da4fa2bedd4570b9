"""The fused training step with an MSE head: did the softmax path keep its speed?

Times ``Network.fused_gradient`` on the DLFS2 spiral (300 points, 2-8-8-3 tanh)
side by side, in interleaved rounds:

* **softmax, this tree vs a git revision** — the same network and batches through
  this tree's ``network.py`` and the one at ``--against`` (default: the commit the
  regression branch started from); the ratio is old time / new time (1.0 = no cost).
* **MSE vs softmax** — this tree's MSE head on reg-plane-like targets against its
  softmax head, same shapes.

    python benchmarks/fused_mse.py [--against REV] [--rounds 7] [--steps 2000]
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import REPO, median  # noqa: E402
from nnviz.core.network import Network  # noqa: E402
from nnviz.data.datasets import load_dataset  # noqa: E402

BASE = "52e414d"


def old_network_class(rev: str):
    """``Network`` as defined in ``nnviz/core/network.py`` at ``rev`` (imported from a temp file)."""
    src = subprocess.run(
        ["git", "show", f"{rev}:nnviz/core/network.py"],
        cwd=REPO,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    path = Path(tempfile.mkdtemp()) / "old_network.py"
    path.write_text(src)
    spec = importlib.util.spec_from_file_location("old_network", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.Network


def per_step(fn, steps: int) -> float:
    """Seconds per call of ``fn()`` over ``steps`` calls."""
    start = time.perf_counter()
    for _ in range(steps):
        fn()
    return (time.perf_counter() - start) / steps


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--against", default=BASE)
    p.add_argument("--rounds", type=int, default=7)
    p.add_argument("--steps", type=int, default=2000)
    args = p.parse_args(argv)
    data = load_dataset("spiral")
    sizes = [2, 8, 8, 3]
    new = Network(sizes, "tanh", init="xavier")
    old = old_network_class(args.against)(sizes, "tanh", init="xavier")
    mse = Network([2, 8, 8, 1], "tanh", init="xavier", loss="mse")
    rows = []
    rng = random.Random(0)
    for batch in (10, 300):
        xa = new.with_bias_column(data.x_train[:batch])
        t = data.y_train[:batch]
        oh = np.eye(3, dtype=np.float32)[t]
        target = ((data.x_train[:batch, 0] + data.x_train[:batch, 1]) / 10).reshape(-1, 1)
        calls = {
            "old": partial(old.fused_gradient, xa, t, oh),
            "new": partial(new.fused_gradient, xa, t, oh),
            "mse": partial(mse.fused_gradient, xa, t, target),
        }
        timings = {k: [] for k in calls}
        order = list(calls)
        for _ in range(args.rounds):  # interleaved, in a new order each round: load drifts
            rng.shuffle(order)  # hit all three alike
            for k in order:
                timings[k].append(per_step(calls[k], args.steps))
        m = {k: median(v) for k, v in timings.items()}
        ratio = median([o / n for o, n in zip(timings["old"], timings["new"], strict=True)])
        mse_ratio = median([e / n for e, n in zip(timings["mse"], timings["new"], strict=True)])
        rows.append((batch, m["old"], m["new"], ratio, m["mse"], mse_ratio))
    print(
        f"fused_gradient on the spiral, 2-8-8-3 tanh: medians of {args.rounds} rounds "
        "(ratios: median of the per-round ratios)"
    )
    print("| batch | old softmax µs | new softmax µs | old/new | MSE µs | MSE/softmax |")
    print("|---:|---:|---:|---:|---:|---:|")
    for batch, o, n, ratio, e, mse_ratio in rows:
        print(
            f"| {batch} | {o * 1e6:.1f} | {n * 1e6:.1f} | {ratio:.3f} | {e * 1e6:.1f} "
            f"| {mse_ratio:.2f} |"
        )


if __name__ == "__main__":
    main()
