"""What dividing uint8 pixels by 255 (as the books do) costs against multiplying by 1/255.

    OPENBLAS_NUM_THREADS=1 python benchmarks/pixel_scaling.py

Measured side by side, round after round (median of the per-round ratios): the two
ways of turning a staged batch of 100 MNIST digits into float32, and that cost as a
share of one fused training step of the book's 784-50-10 sigmoid network.  Only
training sets too large to convert once (over 8 million inputs) pay it per batch.
"""

from __future__ import annotations

import statistics
import time

import numpy as np

from nnviz.core.network import Network

ROUNDS = 7
REPEATS = 2000


def _mean_us(fn) -> float:
    """Mean wall time of ``fn()`` in microseconds over REPEATS calls."""
    start = time.perf_counter()
    for _ in range(REPEATS):
        fn()
    return (time.perf_counter() - start) / REPEATS * 1e6


def main() -> None:
    rng = np.random.default_rng(0)
    u8 = rng.integers(0, 256, (100, 784), dtype=np.uint8)
    out = np.ones((100, 785), np.float32)
    net = Network([784, 50, 10], "sigmoid")
    xa = net.with_bias_column(u8)
    t = rng.integers(0, 10, 100)

    def multiply():
        np.multiply(u8, np.float32(1 / 255), out=out[:, :-1])

    def divide():
        np.divide(u8, np.float32(255), out=out[:, :-1])

    def step():
        net.fused_gradient(xa, t)

    ratios, shares, rows = [], [], []
    for _ in range(ROUNDS):
        m, d, s = _mean_us(multiply), _mean_us(divide), _mean_us(step)
        ratios.append(d / m)
        shares.append((d - m) / s)
        rows.append((m, d, s))
    m, d, s = (statistics.median(r[i] for r in rows) for i in range(3))
    print(f"multiply by 1/255: {m:.1f} µs · divide by 255: {d:.1f} µs per batch of 100 digits")
    print(f"divide / multiply: {statistics.median(ratios):.2f}× (median of {ROUNDS} rounds)")
    print(f"extra cost per fused step ({s:.0f} µs): {statistics.median(shares):.1%}")


if __name__ == "__main__":
    main()
