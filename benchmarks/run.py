"""nnviz benchmarks: one entry point, a table on stdout, results in benchmarks/results.md.

    python benchmarks/run.py                  # everything (about 5 minutes on 2 cores)
    python benchmarks/run.py --quick          # shorter runs, fewer repeats
    python benchmarks/run.py --only trainer boundary
    python benchmarks/run.py --profile toy    # pyinstrument profile of one benchmark
    python benchmarks/run.py --smoke --out /tmp/r.md   # ~1 s, for the smoke test

Sections: ``trainer`` (throughput vs PyTorch and a book-style NumPy loop), ``toy``
(Playground's default problem, headless and in the GUI), ``gui`` (timer lateness
and view refreshes while training), ``boundary`` (grid evaluations per second),
``startup`` (window shown, peak memory with full-size MNIST).  Figures on a shared
machine are noisy: every comparison runs its contenders interleaved, round after
round, and reports medians of the rounds and the median of the per-round ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _reexec_with_threads() -> None:
    """``--threads N``: BLAS and OpenMP thread counts are read at import, so start over."""
    argv = sys.argv[1:]
    if "--threads" not in argv or os.environ.get("NNVIZ_BENCH_THREADS"):
        return
    n = argv[argv.index("--threads") + 1]
    env = dict(os.environ, NNVIZ_BENCH_THREADS=n, OPENBLAS_NUM_THREADS=n, OMP_NUM_THREADS=n)
    os.execve(sys.executable, [sys.executable, __file__, *argv], env)


_reexec_with_threads()

import numpy as np  # noqa: E402

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import common  # noqa: E402
import reference  # noqa: E402
from common import fmt, median, say, table, times  # noqa: E402

SECTIONS = ("trainer", "toy", "gui", "boundary", "startup")
TRAINER_CASES = [
    # (label, sizes, activation, batch, lr)
    ("784-100-10 ReLU, batch 100", [784, 100, 10], "relu", 100, 0.1),
    ("784-512-10 ReLU, batch 128", [784, 512, 10], "relu", 128, 0.1),
    ("784-50-100-10 sigmoid, batch 100 (the book's)", [784, 50, 100, 10], "sigmoid", 100, 0.1),
]


# ---------------------------------------------------------------------- 1. trainer throughput
def nnviz_loop(sizes, activation, x, y, *, lr, batch_size, seconds, data=None, init="he"):
    """nnviz's own Trainer; returns ``(samples, epochs, seconds, params0)`` like the references."""
    from nnviz.core.trainer import NetworkConfig, TrainConfig, Trainer
    from nnviz.data.datasets import Dataset

    if data is None:
        data = Dataset(
            key="bench",
            kind="images",
            x_train=x,
            y_train=y,
            x_test=np.empty((0, x.shape[1]), x.dtype),
            y_test=np.empty(0, np.int64),
            class_names=tuple(str(i) for i in range(sizes[-1])),
        )
    net = NetworkConfig(hidden=tuple(sizes[1:-1]), activation=activation, init=init).build(
        sizes[0], sizes[-1]
    )
    tr = Trainer(net, data, TrainConfig(learning_rate=lr, batch_size=batch_size, seed=0))
    start = time.perf_counter()
    report = tr.step(max_seconds=seconds)
    while report.epochs == [] and tr.epoch == 0 and time.perf_counter() - start < seconds:
        report = tr.step(max_seconds=seconds)
    return tr.samples_seen, tr.epoch, time.perf_counter() - start


def initial_params(sizes, activation, init="he"):
    from nnviz.core.network import Network

    return Network(sizes, activation, init=init, seed=0).copy_params()


def interleaved(contenders: dict, rounds: int) -> dict[str, list[float]]:
    """Run each contender once per round, in turn; rates per round (samples or epochs /s)."""
    rates: dict[str, list[float]] = {name: [] for name in contenders}
    for r in range(rounds):
        for name, fn in contenders.items():
            rates[name].append(fn())
        say(
            f"    round {r + 1}/{rounds}: "
            + ", ".join(f"{k} {v[-1]:,.0f}" for k, v in rates.items())
        )
    return rates


def ratios(rates: dict[str, list[float]], a: str, b: str) -> float:
    if a not in rates or b not in rates:
        return float("nan")
    return median([x / y for x, y in zip(rates[a], rates[b], strict=True)])


def bench_trainer(args) -> dict:
    x_u8, y, source = common.mnist_shaped()
    x = x_u8.astype(np.float32) / np.float32(255)  # the references get floats up front
    threads = common.blas_threads()
    has_torch = False if args.no_torch else reference.configure_torch(threads)
    results = {"source": source, "cases": [], "torch_threads": threads}
    for label, sizes, act, batch, lr in TRAINER_CASES:
        say(f"  trainer: {label}")
        params = initial_params(sizes, act)
        kw = dict(lr=lr, batch_size=batch, seconds=args.seconds)

        def run_nnviz(sizes=sizes, act=act, kw=kw):
            s, _, t = nnviz_loop(sizes, act, x_u8, y, **kw)
            return s / t

        def run_numpy(params=params, act=act, kw=kw):
            s, _, t = reference.numpy_loop(params, act, x, y, **kw)
            return s / t

        def run_torch(params=params, act=act, kw=kw):
            s, _, t = reference.torch_loop(params, act, x, y, **kw)
            return s / t

        contenders = {"nnviz": run_nnviz, "numpy": run_numpy}
        if has_torch:
            contenders["torch"] = run_torch
        for fn in contenders.values():  # warm-up: imports, BLAS threads, first allocations
            fn()
        rates = interleaved(contenders, args.rounds)
        results["cases"].append(
            {
                "label": label,
                "rates": rates,
                "nnviz": median(rates["nnviz"]),
                "numpy": median(rates["numpy"]),
                "torch": median(rates["torch"]) if has_torch else None,
                "vs_torch": ratios(rates, "nnviz", "torch"),
                # The least disturbed round of each: what a quiet machine shows.
                "best_vs_torch": max(rates["nnviz"]) / max(rates["torch"]) if has_torch else None,
                "best_vs_numpy": max(rates["nnviz"]) / max(rates["numpy"]),
                "vs_numpy": ratios(rates, "nnviz", "numpy"),
                "numpy_vs_torch": ratios(rates, "numpy", "torch"),
            }
        )
    return results


# ---------------------------------------------------------------------- 2. toy problem
def playground():
    """TensorFlow Playground's default problem: circle, 250 training points, [4, 2] tanh, batch 10."""
    from nnviz.data.datasets import load_dataset

    data = load_dataset("circle")
    return data, [2, 4, 2, 2], "tanh", 10, 0.03


def bench_toy(args) -> dict:
    data, sizes, act, batch, lr = playground()
    params = initial_params(sizes, act, init="xavier")
    kw = dict(lr=lr, batch_size=batch, seconds=args.seconds)
    x, y = data.x_train, data.y_train

    def run_nnviz():
        _, e, t = nnviz_loop(sizes, act, None, None, data=data, init="xavier", **kw)
        return e / t

    def run_numpy():
        _, e, t = reference.numpy_loop(
            params, act, x, y, x_test=data.x_test, t_test=data.y_test, **kw
        )
        return e / t

    say("  toy: headless epochs/s")
    run_nnviz(), run_numpy()
    rates = interleaved({"nnviz": run_nnviz, "numpy": run_numpy}, args.rounds)
    out = {
        "headless": median(rates["nnviz"]),
        "numpy": median(rates["numpy"]),
        "vs_numpy": ratios(rates, "nnviz", "numpy"),
        "rates": rates,
    }
    if not args.no_gui:
        say("  toy: inside the GUI")
        runs = [gui_probe("train", "circle", str(args.gui_seconds)) for _ in range(args.gui_rounds)]
        out["gui_runs"] = runs
        out["gui"] = median([r.get("epochs_per_s", float("nan")) for r in runs])
        out["gui_refreshes"] = median([r.get("refreshes_per_s", float("nan")) for r in runs])
        out["gui_p99"] = median([r.get("timer_p99_ms", float("nan")) for r in runs])
    return out


# ---------------------------------------------------------------------- 3. GUI responsiveness
def gui_probe(*probe_args: str, timeout: float = 180) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    t0 = time.time()
    args = [a if a != "T0" else repr(t0) for a in probe_args]
    proc = subprocess.run(
        [sys.executable, str(HERE / "gui_probe.py"), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        cwd=str(HERE.parent),
    )
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if proc.returncode != 0 or not lines:
        say(f"    gui probe {probe_args} failed ({proc.returncode}): {proc.stderr[-800:]}")
        return {}
    return json.loads(lines[-1])


def full_mnist_folder(tmp: Path) -> tuple[Path, str]:
    x, y, source = common.mnist_shaped(60_000)
    folder = tmp / "mnist-60k"
    common.write_idx(folder, x, y)
    return folder, source


def bench_gui(args, tmp: Path) -> dict:
    out: dict = {}
    folder_10k = tmp / "mnist-10k"
    x, y, _ = common.mnist_shaped()
    common.write_idx(folder_10k, x, y)
    for name, extra in (("spiral", []), ("mnist", ["--data-dir", str(folder_10k)])):
        say(f"  gui: training {name}")
        runs = [
            gui_probe("train", name, str(args.gui_seconds), *extra) for _ in range(args.gui_rounds)
        ]
        out[name] = {
            "runs": runs,
            **{
                k: median([r.get(k, float("nan")) for r in runs])
                for k in (
                    "timer_p50_ms",
                    "timer_p99_ms",
                    "timer_max_ms",
                    "refreshes_per_s",
                    "epochs_per_s",
                    "samples_per_s",
                    "train_fraction",
                )
            },
        }
    return out


# ---------------------------------------------------------------------- 4. decision boundary
def bench_boundary(args) -> dict:
    from nnviz.core.boundary import BoundaryGrid, colorize
    from nnviz.core.network import Network
    from nnviz.data.datasets import load_dataset

    data = load_dataset("spiral")
    net = Network([2, 8, 8, 8, 3], "tanh", init="xavier", seed=0)
    params = net.copy_params()
    out = {}
    for res in (200, 256):
        grid = BoundaryGrid((-1.2, 1.2, -1.2, 1.2), res)

        def ours(grid=grid):
            return colorize(grid.probabilities(net))

        def naive(grid=grid, res=res):
            return reference.naive_boundary(params, "tanh", grid.points, res)

        rates = interleaved(
            {
                "nnviz": lambda f=ours: per_second(f, args.boundary_seconds),
                "naive": lambda f=naive: per_second(f, args.boundary_seconds),
            },
            args.rounds,
        )
        out[res] = {
            "nnviz": median(rates["nnviz"]),
            "naive": median(rates["naive"]),
            "vs_naive": ratios(rates, "nnviz", "naive"),
        }
    out["classes"] = data.n_classes
    return out


def per_second(fn, seconds: float) -> float:
    fn()
    n, start = 0, time.perf_counter()
    while True:
        fn()
        n += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return n / elapsed


# ---------------------------------------------------------------------- 5. start-up and memory
def bench_startup(args, tmp: Path) -> dict:
    say("  startup: window shown")
    runs = [gui_probe("startup", "T0") for _ in range(args.startup_rounds)]
    out = {
        "runs": runs,
        "shown_s": median([r.get("shown_s", float("nan")) for r in runs]),
        "first_frame_s": median([r.get("first_frame_s", float("nan")) for r in runs]),
        "idle_rss_mb": median([r.get("peak_rss_mb", float("nan")) for r in runs]),
    }
    if not args.no_memory:
        say("  startup: peak memory with full-size MNIST-shaped data, training in the GUI")
        folder, source = full_mnist_folder(tmp)
        r = gui_probe("train", "mnist", str(args.gui_seconds), "--data-dir", str(folder))
        out["mnist60k_gui"] = r
        out["mnist60k_source"] = source
        say("  startup: the same headless (Trainer only, no Qt)")
        cmd = [sys.executable, __file__, "--headless-memory", str(folder), "--seconds", "5"]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        try:
            out["mnist60k_headless_rss_mb"] = float(proc.stdout.strip().splitlines()[-1])
        except (ValueError, IndexError):
            say(proc.stderr[-800:])
    return out


# ---------------------------------------------------------------------- report
def report(info: dict, res: dict, args) -> str:
    blas = info["blas"]
    lines = [
        "# nnviz benchmarks",
        "",
        f"Written by `python benchmarks/run.py{' ' + ' '.join(args.argv) if args.argv else ''}` "
        f"on {info['date']}. Medians of {args.rounds} interleaved rounds "
        f"({args.seconds:g} s each) unless stated; ratios are medians of per-round ratios.",
        "",
        "## Machine",
        "",
        f"- CPU: {info['cpu']}, {info['cores']} cores; {info['os']}",
        f"- Python {info['python']}, NumPy {info['numpy']} with {blas.get('name')} "
        f"{blas.get('version') or ''} (kernel {blas.get('kernel', '?')}, "
        f"{blas.get('threads')} threads; OPENBLAS_CORETYPE={info['openblas_coretype']}); "
        f"float32 GEMM 1024³ peak {info['gemm_gflops']:.0f} GFLOP/s",
        f"- PyTorch: {info['torch'] or 'not installed (comparisons skipped)'}"
        + (
            f", CPU, `torch.set_num_threads({info['blas'].get('threads')})` = NumPy's BLAS threads"
            if info["torch"]
            else ""
        ),
        f"- PySide6 {info['PySide6']}, pyqtgraph {info['pyqtgraph']}",
        f"- Load average before / after: {info['load_before']} / {info.get('load_after', '?')}",
        "",
    ]
    if "trainer" in res:
        t = res["trainer"]
        lines += [
            "## 1. Trainer throughput (samples/s, training loop only)",
            "",
            f"Data: {t['source']}, no test split. Same architecture, initial weights, batch "
            "size, plain SGD and data for all three; each reports the batch loss and "
            "correct count per batch, as the Trainer does. The last column divides the best "
            "round of each contender (the one least disturbed by other load on the machine).",
            "",
            table(
                [
                    "network",
                    "nnviz",
                    "NumPy (book-style)",
                    "PyTorch CPU",
                    "nnviz / PyTorch",
                    "nnviz / NumPy",
                    "NumPy / PyTorch",
                    "best rounds: nnviz / PyTorch, nnviz / NumPy",
                ],
                [
                    [
                        c["label"],
                        fmt(c["nnviz"]),
                        fmt(c["numpy"]),
                        fmt(c["torch"]),
                        times(c["vs_torch"]),
                        times(c["vs_numpy"]),
                        times(c["numpy_vs_torch"]),
                        f"{times(c['best_vs_torch'])}, {times(c['best_vs_numpy'])}",
                    ]
                    for c in t["cases"]
                ],
            ),
            "",
        ]
    if "toy" in res:
        t = res["toy"]
        rows = [
            ["headless, nnviz Trainer", fmt(t["headless"]), fmt(t["headless"] / 60, 1) + "×"],
            ["headless, book-style NumPy loop", fmt(t["numpy"]), fmt(t["numpy"] / 60, 1) + "×"],
        ]
        if "gui" in t:
            rows.append(
                [
                    "inside the GUI, boundary drawn (200×200)",
                    fmt(t["gui"]),
                    fmt(t["gui"] / 60, 1) + "×",
                ]
            )
        lines += [
            "## 2. Toy problem: TensorFlow Playground's default",
            "",
            "Circle, 250 training + 250 test points, 2-4-2-2 tanh (Xavier), SGD lr 0.03, "
            "batch 10; test loss and accuracy after every epoch (as Playground shows them).",
            "",
            table(["", "epochs/s", "vs Playground's 60/s cap"], rows),
            "",
            f"nnviz / book-style NumPy headless: {fmt(t['vs_numpy'], 2)}×."
            + (
                f" In the GUI: {fmt(t.get('gui_refreshes'), 1)} boundary redraws/s, "
                f"timer lateness p99 {fmt(t.get('gui_p99'), 1)} ms "
                f"(medians of {args.gui_rounds} runs of {args.gui_seconds:g} s)."
                if "gui" in t
                else ""
            ),
            "",
        ]
    if "gui" in res:
        g = res["gui"]
        lines += [
            "## 3. GUI responsiveness while training at full speed",
            "",
            "Window shown (offscreen platform), a 10 ms `QTimer` (precise) on the GUI thread; "
            f"medians of {args.gui_rounds} runs of {args.gui_seconds:g} s.",
            "",
            table(
                [
                    "training",
                    "timer lateness p50 (ms)",
                    "p99 (ms)",
                    "max (ms)",
                    "view refreshes/s",
                    "epochs/s",
                    "samples/s",
                    "share of wall time training",
                ],
                [
                    [
                        {
                            "spiral": "spiral (first-start default: 2-8-8-3 tanh, batch 10)",
                            "mnist": "MNIST-10k (784-100-10 ReLU, batch 100)",
                        }[k],
                        fmt(v["timer_p50_ms"], 1),
                        fmt(v["timer_p99_ms"], 1),
                        fmt(v["timer_max_ms"], 1),
                        fmt(v["refreshes_per_s"], 1),
                        fmt(v["epochs_per_s"], 1),
                        fmt(v["samples_per_s"]),
                        fmt(v["train_fraction"] * 100) + "%",
                    ]
                    for k, v in g.items()
                ],
            ),
            "",
        ]
    if "boundary" in res:
        b = res["boundary"]
        lines += [
            "## 4. Decision-boundary cost",
            "",
            "Grid probabilities plus colouring (what the worker does per frame) for a "
            f"2-8-8-8-{b['classes']} tanh network; the naive version is a plain forward "
            "pass, softmax and colouring.",
            "",
            table(
                ["grid", "nnviz evaluations/s", "naive NumPy evaluations/s", "nnviz / naive"],
                [
                    [
                        f"{r}×{r}",
                        fmt(b[r]["nnviz"]),
                        fmt(b[r]["naive"]),
                        fmt(b[r]["vs_naive"], 1) + "×",
                    ]
                    for r in (200, 256)
                ],
            ),
            "",
        ]
    if "startup" in res:
        s = res["startup"]
        rows = [
            ["process start → window shown", fmt(s["shown_s"], 2) + " s"],
            ["process start → first decision boundary drawn", fmt(s["first_frame_s"], 2) + " s"],
            ["peak RSS at start-up (spiral)", fmt(s["idle_rss_mb"]) + " MB"],
        ]
        if "mnist60k_gui" in s:
            rows += [
                [
                    "peak RSS, GUI training full-size MNIST (60,000×784 uint8)",
                    fmt(s["mnist60k_gui"].get("peak_rss_mb")) + " MB",
                ],
                [
                    "peak RSS, headless Trainer on the same data",
                    fmt(s.get("mnist60k_headless_rss_mb")) + " MB",
                ],
            ]
        lines += [
            "## 5. Start-up and memory",
            "",
            f"Medians of {args.startup_rounds} cold starts (a fresh settings file each)."
            + (f" Full-size data: {s['mnist60k_source']}." if "mnist60k_source" in s else ""),
            "",
            table(["", ""], rows),
            "",
        ]
    return "\n".join(lines)


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--only", nargs="+", choices=SECTIONS, help="run only these sections")
    p.add_argument("--quick", action="store_true", help="shorter runs, fewer rounds")
    p.add_argument("--smoke", action="store_true", help="one tiny benchmark for about a second")
    # Many short rounds: on a shared machine a burst of load then hits all contenders of a
    # round alike, and the median of per-round ratios shrugs it off.
    p.add_argument("--rounds", type=int, default=11)
    p.add_argument("--seconds", type=float, default=1.0, help="per contender and round")
    p.add_argument("--threads", type=int, help="BLAS/OpenMP threads for NumPy and PyTorch")
    p.add_argument("--no-torch", action="store_true")
    p.add_argument("--no-gui", action="store_true")
    p.add_argument("--no-memory", action="store_true")
    p.add_argument("--profile", choices=("toy", "mnist", "gui-toy", "gui-mnist"))
    p.add_argument("--out", type=Path, default=HERE / "results.md")
    p.add_argument("--headless-memory", metavar="DIR", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    args.argv = argv
    args.gui_seconds, args.gui_rounds, args.startup_rounds, args.boundary_seconds = 5.0, 3, 5, 1.0
    if args.quick:
        args.rounds, args.seconds = 5, 0.5
        args.gui_seconds, args.gui_rounds, args.startup_rounds = 3.0, 1, 3
    if args.smoke:
        args.only, args.rounds, args.seconds, args.boundary_seconds = ["boundary"], 1, 0.2, 0.2
        args.no_gui = args.no_torch = args.no_memory = True
    return args


def headless_memory(folder: str, seconds: float) -> int:
    """Print the peak RSS (MB) of loading MNIST-shaped files and training on them headless."""
    from nnviz.data.datasets import load_dataset

    data = load_dataset("mnist", data_dir=folder)
    nnviz_loop(
        [784, 100, 10], "relu", None, None, data=data, lr=0.1, batch_size=100, seconds=seconds
    )
    print(common.peak_rss_mb())
    return 0


def profile(args) -> int:
    """Write a pyinstrument profile of one benchmark to benchmarks/profiles/."""
    folder = HERE / "profiles"
    folder.mkdir(exist_ok=True)
    path = folder / f"{args.profile}.txt"
    if args.profile.startswith("gui-"):
        with tempfile.TemporaryDirectory() as tmp:
            extra = []
            name = "circle"
            if args.profile == "gui-mnist":
                x, y, _ = common.mnist_shaped()
                common.write_idx(Path(tmp), x, y)
                extra, name = ["--data-dir", tmp], "mnist"
            r = gui_probe("train", name, str(args.gui_seconds), "--profile", str(path), *extra)
        say(json.dumps(r))
    else:
        from pyinstrument import Profiler

        prof = Profiler(interval=0.0002)
        if args.profile == "toy":
            data, sizes, act, batch, lr = playground()
            prof.start()
            nnviz_loop(
                sizes,
                act,
                None,
                None,
                data=data,
                init="xavier",
                lr=lr,
                batch_size=batch,
                seconds=args.seconds,
            )
        else:
            x, y, _ = common.mnist_shaped()
            prof.start()
            nnviz_loop([784, 100, 10], "relu", x, y, lr=0.1, batch_size=100, seconds=args.seconds)
        prof.stop()
        path.write_text(prof.output_text(unicode=True, color=False), encoding="utf-8")
    say(f"Profile written to {path}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.headless_memory:
        return headless_memory(args.headless_memory, args.seconds)
    if args.profile:
        return profile(args)
    sections = args.only or list(SECTIONS)
    if args.no_gui:
        sections = [s for s in sections if s not in ("gui", "startup")]
    say("Machine facts…")
    info = common.machine(with_torch=not args.no_torch)
    res: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for name in sections:
            say(f"[{name}]")
            if name == "trainer":
                res[name] = bench_trainer(args)
            elif name == "toy":
                res[name] = bench_toy(args)
            elif name == "gui":
                res[name] = bench_gui(args, tmp)
            elif name == "boundary":
                res[name] = bench_boundary(args)
            elif name == "startup":
                res[name] = bench_startup(args, tmp)
    info["load_after"] = common.load_average()
    text = report(info, res, args)
    print(text)
    args.out.write_text(text + "\n", encoding="utf-8")
    raw = args.out.with_suffix(".json")
    if not args.smoke:
        raw.write_text(json.dumps({"machine": info, "results": res}, indent=1, default=str))
    say(f"Wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
