"""Training in the window vs headless, with the engine on a thread (the earlier design) or
in its own process (the app's default): epochs/s, GUI timer lateness and memory, all
measured side by side in one run, rounds interleaved.

    python benchmarks/engine_paths.py [--rounds 3] [--seconds 5] [--data-dir DIR]
        [--memory-dir DIR] [--out benchmarks/results.md]

Rows: the first-start spiral (boundary shown, and the network graph shown), MNIST
784-100-10 batch 100 (digits shown), and the FCNeuron full-batch tutorial (time to the
end). ``--memory-dir`` names a folder with a full 60,000-image MNIST-format set (e.g.
Debian's Fashion-MNIST) for the peak memory of both processes.  The results replace the
section "Engine in its own process" of ``--out``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

TUTORIALS = ("dlfs2-spiral", "cs231n-linear", "cs231n-2layer", "fcneuron-digits")
"""The tutorials that train (the book-weights one only evaluates; numerical-gradient is timed
by its own tutorial run: one step, minutes)."""
REPEAT = 5
"""Runs of each tutorial per round, in the app (Reset between) and headless: the median."""
BEGIN = "<!-- engine-paths:begin -->"
END = "<!-- engine-paths:end -->"


def probe(*args: str, timeout: float = 900) -> dict:
    proc = subprocess.run(
        [sys.executable, str(HERE / "gui_probe.py"), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if not lines:
        raise RuntimeError(f"gui_probe {args} printed nothing:\n{proc.stderr[-2000:]}")
    return json.loads(lines[-1])


def headless_epochs_per_s(config, seconds: float) -> float:
    from nnviz.app.config import build_trainer

    trainer = build_trainer(config)
    trainer.step(max_seconds=0.5)  # warm-up, as the GUI probe skips its first second
    e0, t0 = trainer.epoch + trainer.epoch_progress, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        trainer.step(max_seconds=0.1)
    return (trainer.epoch + trainer.epoch_progress - e0) / (time.perf_counter() - t0)


def headless_tutorial_seconds(name: str, data_dir) -> float:
    from nnviz.app.config import DataRequest, SessionConfig, build_trainer
    from nnviz.app.tutorials import tutorial

    tut = tutorial(name)
    config = SessionConfig(
        DataRequest(tut.dataset, data_dir=data_dir, **tut.dataset_params), tut.network, tut.train
    )
    times = []
    for _ in range(REPEAT):
        trainer = build_trainer(config)
        t0 = time.perf_counter()
        trainer.run(tut.train.epochs)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def configs(data_dir: str | None):
    from nnviz.app.config import DataRequest, SessionConfig, default_session
    from nnviz.core.trainer import NetworkConfig, TrainConfig

    spiral = default_session()
    mnist = SessionConfig(
        DataRequest(key="mnist", data_dir=data_dir),
        NetworkConfig(hidden=(100,), activation="relu", init="he"),
        TrainConfig(learning_rate=0.1, batch_size=100),
    )
    return spiral, mnist


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--seconds", type=float, default=5.0)
    p.add_argument("--data-dir", default=str(REPO.parent / "shared" / "data" / "mnist-10k"))
    p.add_argument("--memory-dir", help="a full 60,000-image MNIST-format folder")
    p.add_argument("--out", type=Path, default=HERE / "results.md")
    p.add_argument(
        "--runs-json",
        type=Path,
        default=HERE / "engine_paths_runs.json",
        help="every measurement is written here as it comes (report from it: --report-only)",
    )
    p.add_argument("--report-only", action="store_true", help="only rewrite the report")
    args = p.parse_args(argv)
    if args.report_only:
        saved = json.loads(args.runs_json.read_text(encoding="utf-8"))
        text = report(saved["runs"], saved["memory"], args)
        print(text)
        write_section(args.out, text)
        return 0
    secs = str(args.seconds)
    spiral, mnist = configs(args.data_dir)
    runs: dict[str, list] = {}

    memory: dict = {}

    def add(key: str, value) -> None:
        runs.setdefault(key, []).append(value)
        print(f"  {key}: {value}", flush=True)
        save()

    def save() -> None:
        args.runs_json.write_text(json.dumps({"runs": runs, "memory": memory}), encoding="utf-8")

    for r in range(args.rounds):
        print(f"round {r + 1}/{args.rounds}", flush=True)
        add("spiral headless", headless_epochs_per_s(spiral, args.seconds))
        for engine in ("thread", "process"):
            add(f"spiral {engine}", probe("train", "spiral", secs, "--engine", engine))
            add(
                f"spiral {engine} network",
                probe("train", "spiral", secs, "--engine", engine, "--tab", "network"),
            )
        add("mnist headless", headless_epochs_per_s(mnist, args.seconds))
        for engine in ("thread", "process"):
            add(
                f"mnist {engine}",
                probe("train", "mnist", secs, "--data-dir", args.data_dir, "--engine", engine),
            )
        for name in TUTORIALS:
            add(f"{name} headless", headless_tutorial_seconds(name, None))
            for engine in ("thread", "process"):
                add(
                    f"{name} {engine}",
                    probe("tutorial", name, "--engine", engine, "--repeat", str(REPEAT)),
                )
        # Issue 14's "window used for a while": log scale on, the gallery shown, and the
        # timed run the fifth, with four earlier runs overlaid.
        add(
            "fcneuron-digits process used",
            probe("tutorial", "fcneuron-digits", "--engine", "process", "--repeat", "5", "--used"),
        )
    if args.memory_dir:
        for engine in ("thread", "process"):
            memory[engine] = probe(
                "train", "fashion-mnist", secs, "--data-dir", args.memory_dir, "--engine", engine
            )
            print(f"  memory {engine}: {memory[engine]}", flush=True)
            save()
    text = report(runs, memory, args)
    print(text)
    write_section(args.out, text)
    return 0


def med(values) -> float:
    return statistics.median(values)


def report(runs: dict, memory: dict, args) -> str:
    def gui(key: str, field: str) -> float:
        return med([r[field] for r in runs[key]])

    rows = []
    for case, label in (
        ("spiral", "spiral, boundary shown"),
        ("spiral-net", "spiral, network graph"),
    ):
        base = "spiral"
        suffix = " network" if case == "spiral-net" else ""
        h = med(runs[f"{base} headless"])
        for engine in ("thread", "process"):
            k = f"{base} {engine}{suffix}"
            eps = gui(k, "epochs_per_s")
            rows.append(
                f"| {label} | {engine} | {eps:,.0f} | {h:,.0f} | {eps / h:.2f}× | "
                f"{gui(k, 'timer_p50_ms'):.1f} | {gui(k, 'timer_p99_ms'):.1f} |"
            )
    h = med(runs["mnist headless"])
    for engine in ("thread", "process"):
        k = f"mnist {engine}"
        eps = gui(k, "epochs_per_s")
        rows.append(
            f"| MNIST 784-100-10 b100, digits shown | {engine} | {eps:,.2f} | {h:,.2f} | "
            f"{eps / h:.2f}× | {gui(k, 'timer_p50_ms'):.1f} | {gui(k, 'timer_p99_ms'):.1f} |"
        )
    tut_rows = []
    for name in TUTORIALS:
        if f"{name} headless" not in runs:
            continue
        h = med(runs[f"{name} headless"])
        for engine in ("thread", "process"):
            s = gui(f"{name} {engine}", "seconds")
            tut_rows.append(f"| {name} | {engine} | {s:.2f} s | {h:.2f} s | {s / h:.2f}× |")
    if "fcneuron-digits process used" in runs and "fcneuron-digits headless" in runs:
        h = med(runs["fcneuron-digits headless"])
        s = med([r["runs"][-1] for r in runs["fcneuron-digits process used"]])
        tut_rows.append(
            f"| fcneuron-digits, used window (log scale, gallery, 4 earlier runs overlaid) "
            f"| process | {s:.2f} s | {h:.2f} s | {s / h:.2f}× |"
        )
    mem_rows = []
    for engine, r in memory.items():
        child = r.get("engine_peak_rss_mb")
        total = r["peak_rss_mb"] + (child or 0)
        mem_rows.append(
            f"| {engine} | {r['peak_rss_mb']:.0f} MB | "
            f"{'—' if child is None else f'{child:.0f} MB'} | {total:.0f} MB |"
        )
    parts = [
        BEGIN,
        "## Engine in its own process (issue 13)",
        "",
        f"`python benchmarks/engine_paths.py` — {args.rounds} interleaved rounds of "
        f"{args.seconds:g} s each, medians; the same run measures the engine on a thread "
        "(the earlier design), in its own process (the app's default) and the headless "
        "trainer. The 10 ms GUI timer's lateness is measured while training at full speed. "
        "Absolute figures move with the day's load on this shared 2-core machine; the "
        "ratios are the result. Each tutorial runs "
        f"{REPEAT} times per round in the window (Train pressed once the loaded tutorial is "
        "shown, to its last frame; Reset between) and headless (`Trainer.run`): medians.",
        "",
        "| case | engine | GUI epochs/s | headless epochs/s | GUI / headless | timer p50 ms | timer p99 ms |",
        "|---|---|---|---|---|---|---|",
        *rows,
        "",
        "| tutorial | engine | in the app | headless | app / headless |",
        "|---|---|---|---|---|",
        *tut_rows,
    ]
    if mem_rows:
        parts += [
            "",
            "Peak memory while training on the full 60,000-image set "
            f"(`{Path(args.memory_dir).name}`):",
            "",
            "| engine | window process | engine process | together |",
            "|---|---|---|---|",
            *mem_rows,
        ]
    parts.append(END)
    return "\n".join(parts) + "\n"


def write_section(path: Path, text: str) -> None:
    old = path.read_text(encoding="utf-8") if path.is_file() else ""
    if BEGIN in old and END in old:
        a, b = old.index(BEGIN), old.index(END) + len(END) + 1
        new = old[:a] + text + old[b:]
    else:
        new = old.rstrip() + "\n\n" + text
    path.write_text(new, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
