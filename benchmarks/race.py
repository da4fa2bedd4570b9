"""Race mode throughput: a 4-way race against the same 4 runs one after another.

    python benchmarks/race.py                 # 7 interleaved rounds of 2 s per contender
    python benchmarks/race.py --quick         # 3 rounds of 1 s
    python benchmarks/race.py --write         # also replace the "Race mode" section of results.md

Both sides train the same four configurations (the book's optimizer race: SGD,
Momentum, AdaGrad, Adam) on the same data with the same batch size: the race
steps all four together (``nnviz.app.labs.race.Race``: each contender in turn on a
block of shared batches); the reference runs four ``Trainer`` objects one after
another, each for a quarter of the time.  Figures are total samples per second (summed over the four); the
ratio is the median of the per-round ratios.  The target: the race is not slower.

A third side steps the same race as a lab window does, in ticks of
``TICK_SECONDS`` (the GUI thread's events run between ticks), and reports what
that costs and the longest tick, i.e. the longest the window waits.  BLAS uses one
thread throughout, as the labs do (``nnviz.app.blas.one_blas_thread``).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import common  # noqa: E402
from common import fmt, median, say, table, times  # noqa: E402

from nnviz.app.blas import one_blas_thread  # noqa: E402
from nnviz.app.labs.race import Contender, Race  # noqa: E402
from nnviz.core.trainer import NetworkConfig, TrainConfig, Trainer  # noqa: E402
from nnviz.data.datasets import Dataset, load_dataset  # noqa: E402
from nnviz.gui.labs.playback import TICK_SECONDS  # noqa: E402  (a constant: no window made)

BOOK_RATES = (("sgd", 0.01), ("momentum", 0.01), ("adagrad", 0.01), ("adam", 0.001))
SECTION = "## 6. Race mode"


def cases():
    """(label, dataset, network config, batch size)."""
    x, y, source = common.mnist_shaped()
    mnist = Dataset("mnist", "images", x, y, x[:0], y[:0], tuple("0123456789"), (28, 28))
    spiral = load_dataset("spiral")
    return [
        (
            f"784-100-100-100-100-10 ReLU (He), batch 128 — the book's MNIST race; {source}",
            mnist,
            NetworkConfig(hidden=(100,) * 4, activation="relu", init="he"),
            128,
        ),
        (
            "2-8-8-3 tanh (Xavier), batch 10 — spiral, 300 points",
            spiral,
            NetworkConfig(hidden=(8, 8), activation="tanh", init="xavier"),
            10,
        ),
    ]


def contenders(net: NetworkConfig, batch: int) -> list[Contender]:
    return [
        Contender(name, net, TrainConfig(learning_rate=lr, optimizer=name, batch_size=batch))
        for name, lr in BOOK_RATES
    ]


def bench_case(data, net, batch, rounds: int, seconds: float) -> dict:
    cs = contenders(net, batch)
    race = Race(data, cs)
    ticked = Race(data, cs)  # the same race, stepped as a lab window steps it
    trainers = [
        Trainer(c.network.build(data.n_features, data.n_classes, seed=0), data, c.train) for c in cs
    ]
    race.step(max_batches=3)  # warm up: buffers allocated, BLAS threads awake
    ticked.step(max_batches=3)
    for t in trainers:
        t.step(max_batches=3)

    def timed(fn, count) -> tuple[float, float]:
        """Samples per wall second and per CPU second of this process while ``fn`` runs."""
        seen = count()
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        return (count() - seen) / wall, (count() - seen) / cpu

    def run_race():
        return timed(
            lambda: race.step(max_seconds=seconds),
            lambda: sum(lane.samples_seen for lane in race.lanes),
        )

    def run_one_after_another():
        def go():
            for t in trainers:
                t.step(max_seconds=seconds / len(trainers))

        return timed(go, lambda: sum(t.samples_seen for t in trainers))

    ticks: list[float] = []

    def run_ticks():
        def go():
            end = time.perf_counter() + seconds
            while time.perf_counter() < end:
                t = time.perf_counter()
                ticked.step(max_seconds=TICK_SECONDS)
                ticks.append(time.perf_counter() - t)

        return timed(go, lambda: sum(lane.samples_seen for lane in ticked.lanes))

    rates: dict[str, list[tuple[float, float]]] = {"race": [], "sequential": [], "ticks": []}
    sides = [("race", run_race), ("sequential", run_one_after_another), ("ticks", run_ticks)]
    for r in range(rounds):
        # Rotate which goes first, so a change of load hits all alike.
        for name, fn in sides[r % 3 :] + sides[: r % 3]:
            rates[name].append(fn())
        say(
            f"    round {r + 1}/{rounds}: race {rates['race'][-1][0]:,.0f}, "
            f"one after another {rates['sequential'][-1][0]:,.0f}, "
            f"in ticks {rates['ticks'][-1][0]:,.0f} samples/s "
            f"(per CPU second {rates['race'][-1][1]:,.0f}, {rates['sequential'][-1][1]:,.0f})"
        )

    def ratio(k: int, side: str = "race") -> float:
        return median([a[k] / b[k] for a, b in zip(rates[side], rates["sequential"], strict=True)])

    def held(arrays) -> float:
        """MB of training data converted to floats and kept (one copy per Trainer)."""
        return sum(a.nbytes for a in arrays if a is not None) / 2**20

    return {
        "race_mb": held([race._source.cache]),
        "sequential_mb": held([t._cache for t in trainers]),
        "race": median([v[0] for v in rates["race"]]),
        "sequential": median([v[0] for v in rates["sequential"]]),
        "ratio": ratio(0),
        "cpu_ratio": ratio(1),
        "tick_ratio": ratio(0, "ticks"),
        "tick_median_ms": 1000 * median(ticks),
        "tick_max_ms": 1000 * max(ticks),
        "best_ratio": max(v[0] for v in rates["race"]) / max(v[0] for v in rates["sequential"]),
        "rounds": rates,
    }


def report(results: list[tuple[str, dict]], info: dict, rounds: int, seconds: float) -> str:
    rows = [
        [
            label,
            fmt(r["race"]),
            fmt(r["sequential"]),
            times(r["ratio"]),
            times(r["best_ratio"]),
            times(r["cpu_ratio"]),
            f"{r['race_mb']:,.2f} / {r['sequential_mb']:,.2f}",
            times(r["tick_ratio"]),
            f"{r['tick_median_ms']:.0f} / {r['tick_max_ms']:.0f}",
        ]
        for label, r in results
    ]
    return "\n".join(
        [
            SECTION,
            "",
            f"Written by `python benchmarks/race.py --write` on {info['date']}; load average "
            f"before / after: {info['load_before']} / {common.load_average()}; NumPy's BLAS "
            f"with {common.blas_threads()} thread(s). Four contenders "
            "(SGD 0.01, Momentum 0.01, AdaGrad 0.01, Adam 0.001) on the same data and batch "
            "size, the same initial weights: the race steps all four (each in turn on a "
            "block of up to 16 shared batches); the reference runs four "
            f"`Trainer`s one after another, each for a quarter of the time. {rounds} "
            f"interleaved rounds of {seconds:g} s per side; total samples/s over the four "
            "contenders (medians of the rounds), the ratio is the median of per-round "
            "ratios; the last column divides samples per CPU second of this process "
            "instead (with one BLAS thread it leaves out the time other processes took "
            "the core). Target: the race is not slower (ratio ≥ 1.00×). The last two "
            f"columns step the race as a lab window does, in ticks of {TICK_SECONDS * 1000:.0f} "
            "ms with the window's events between them: its samples/s against the four runs "
            "one after another, and the median and longest tick (how long the window waits "
            "at most).",
            "",
            table(
                [
                    "networks and data",
                    "4-way race",
                    "4 runs one after another",
                    "race / one after another",
                    "best rounds",
                    "per CPU second",
                    "float data held, MB: race / one after another",
                    f"race in {TICK_SECONDS * 1000:.0f} ms ticks / one after another",
                    "tick, ms: median / longest",
                ],
                rows,
            ),
            "",
        ]
    )


def write_section(text: str, path: Path) -> None:
    """Replace (or append) the race section of ``results.md``; the rest is left as it is."""
    old = path.read_text(encoding="utf-8") if path.is_file() else ""
    pattern = re.compile(rf"^{re.escape(SECTION)}\n.*?(?=^## |\Z)", re.S | re.M)
    new = (
        pattern.sub(lambda m: text + "\n", old)
        if pattern.search(old)
        else (old.rstrip("\n") + "\n\n" + text)
    )
    path.write_text(new, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--rounds", type=int, default=7)
    p.add_argument("--seconds", type=float, default=2.0, help="seconds per side and round")
    p.add_argument("--quick", action="store_true", help="3 rounds of 1 s")
    p.add_argument("--write", action="store_true", help="update benchmarks/results.md")
    p.add_argument("--out", type=Path, default=HERE / "results.md")
    args = p.parse_args(argv)
    if args.quick:
        args.rounds, args.seconds = 3, 1.0
    info = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "load_before": common.load_average(),
    }
    results = []
    with one_blas_thread():  # as the labs train
        for label, data, net, batch in cases():
            say(f"  {label}")
            results.append((label, bench_case(data, net, batch, args.rounds, args.seconds)))
        text = report(results, info, args.rounds, args.seconds)  # BLAS threads as measured
    print(text)
    if args.write:
        write_section(text, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
