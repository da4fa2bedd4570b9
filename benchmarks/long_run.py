"""Long run: continuous MNIST training in the GUI, resident memory sampled as it goes.

    python benchmarks/long_run.py                       # 10 minutes on ../shared/data/mnist-10k
    python benchmarks/long_run.py --seconds 120 --interval 5
    python benchmarks/long_run.py --data-dir DIR --json results.json

The main window is shown (on Qt's ``offscreen`` platform unless ``QT_QPA_PLATFORM`` is
set) and trains 784-100-10 ReLU, batch 100, lr 0.1, with no epoch limit, for the given
wall time.  Every ``--interval`` seconds it reads ``VmRSS`` from ``/proc/self/status``
and prints a row; at the end a table and the growth after the first minute (the issue's
bar: under 50 MB).  Exit status 0 when the run stayed under the bar and ended cleanly
(no exception, training still running, no QThread left after closing), 1 otherwise.

Not run by CI: it takes as long as you ask.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "mnist-10k"
WARM_UP_SECONDS = 60.0
LIMIT_MB = 50.0


def rss_mb() -> float:
    """Resident set size of this process in MiB (``VmRSS`` of /proc/self/status)."""
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--seconds", type=float, default=600.0, help="training wall time (600)")
    p.add_argument("--interval", type=float, default=10.0, help="seconds between samples (10)")
    p.add_argument("--data-dir", default=str(DEFAULT_DATA), help="folder with MNIST files")
    p.add_argument("--hidden", default="100", help="hidden layer sizes, e.g. 100 or 50,100")
    p.add_argument("--batch-size", type=int, default=100)
    p.add_argument("--lr", type=float, default=0.1)
    p.add_argument("--json", metavar="FILE", help="also write the samples and summary as JSON")
    return p.parse_args(argv)


def summarise(samples: list[dict], warm_up: float = WARM_UP_SECONDS, slack: float = 1.0) -> dict:
    """Growth of RSS after the warm-up: last sample and the peak, relative to the warm-up one.

    The warm-up sample is the first taken at ``warm_up`` seconds or later (``slack``
    absorbs a timer firing a little early).
    """
    after = [s for s in samples if s["t"] >= warm_up - slack]
    base = after[0] if after else samples[-1]
    last = samples[-1]
    peak = max(s["rss_mb"] for s in after or samples)
    return {
        "rss_start_mb": samples[0]["rss_mb"],
        "rss_at_warm_up_mb": base["rss_mb"],
        "warm_up_sample_s": base["t"],
        "rss_end_mb": last["rss_mb"],
        "rss_peak_after_warm_up_mb": peak,
        "growth_after_warm_up_mb": last["rss_mb"] - base["rss_mb"],
        "peak_growth_after_warm_up_mb": peak - base["rss_mb"],
        "epochs": last["epoch"],
        "seconds": last["t"],
    }


def table(samples: list[dict]) -> str:
    rows = ["| t (s) | RSS (MB) | Δ first (MB) | epoch | curve rows | stride | frames |"]
    rows.append("|---:|---:|---:|---:|---:|---:|---:|")
    first = samples[0]["rss_mb"]
    for s in samples:
        rows.append(
            f"| {s['t']:.0f} | {s['rss_mb']:.1f} | {s['rss_mb'] - first:+.1f} | {s['epoch']:,} "
            f"| {s['curve_rows']:,} | {s['curve_stride']} | {s['frames']:,} |"
        )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    data_dir = Path(args.data_dir)
    if not data_dir.is_dir():
        print(f"long_run: no MNIST folder at {data_dir} (pass --data-dir).", file=sys.stderr)
        return 2

    from PySide6.QtCore import QSettings, QTimer

    from nnviz.app.config import DataRequest
    from nnviz.core.trainer import NetworkConfig, TrainConfig
    from nnviz.gui.app import make_application
    from nnviz.gui.threads import running_threads

    app = make_application(["long_run"])
    from nnviz.gui.main_window import MainWindow

    errors: list[str] = []

    def hook(kind, value, tb) -> None:  # an exception in a slot: record it, keep going
        errors.append("".join(traceback.format_exception(kind, value, tb)))
        sys.__excepthook__(kind, value, tb)

    sys.excepthook = hook
    tmp = tempfile.TemporaryDirectory(prefix="nnviz-long-run-")
    settings = QSettings(str(Path(tmp.name) / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(settings)
    w.show()
    hidden = tuple(int(h) for h in args.hidden.split(",") if h.strip())
    w.network_panel.set_configs(
        NetworkConfig(hidden=hidden, activation="relu", init="he"),
        TrainConfig(learning_rate=args.lr, batch_size=args.batch_size),
    )
    w.dataset_panel.set_request(DataRequest(key="mnist", data_dir=str(data_dir)))
    w.files.use_data_folder(str(data_dir))

    samples: list[dict] = []
    state: dict = {"t0": None, "result": 1}

    def sample() -> None:
        snap = w.model.last_snapshot
        s = {
            "t": time.perf_counter() - state["t0"],
            "rss_mb": rss_mb(),
            "epoch": snap.epoch if snap else 0,
            "state": snap.state if snap else "",
            "curve_rows": len(w.curves),
            "curve_stride": w.curves.stride,
            "frames": w.model.frames_drawn,
        }
        samples.append(s)
        print(
            f"t={s['t']:6.0f} s  RSS {s['rss_mb']:7.1f} MB  epoch {s['epoch']:6,}  "
            f"curve rows {s['curve_rows']:6,}  frames {s['frames']:7,}  {s['state']}",
            flush=True,
        )

    def finish() -> None:
        timer.stop()
        sample()
        final_state = samples[-1]["state"]
        w.close()
        leftover = [t.objectName() for t in running_threads()]
        summary = summarise(samples, slack=args.interval / 2)
        summary.update(
            state_at_end=final_state,
            exceptions=len(errors),
            threads_left=leftover,
            data_dir=str(data_dir),
            dataset=f"{len(w.model.info.dataset.y_train):,} train / {len(w.model.info.dataset.y_test):,} test",
            network="-".join(map(str, w.model.info.sizes)),
        )
        print()
        print(table(samples))
        print()
        print(
            f"{summary['network']} on MNIST from {data_dir} ({summary['dataset']}), "
            f"{summary['seconds']:.0f} s, {summary['epochs']:,} epochs."
        )
        print(
            f"RSS: {summary['rss_start_mb']:.1f} MB at the start, "
            f"{summary['rss_at_warm_up_mb']:.1f} MB after {summary['warm_up_sample_s']:.0f} s, "
            f"{summary['rss_end_mb']:.1f} MB at the end (peak after the first minute "
            f"{summary['rss_peak_after_warm_up_mb']:.1f} MB)."
        )
        growth = summary["growth_after_warm_up_mb"]
        ok = (
            growth < LIMIT_MB
            and summary["peak_growth_after_warm_up_mb"] < LIMIT_MB
            and not errors
            and not leftover
            and final_state == "training"
        )
        print(
            f"Growth after the first minute: {growth:+.1f} MB "
            f"(peak {summary['peak_growth_after_warm_up_mb']:+.1f} MB; limit {LIMIT_MB:.0f} MB); "
            f"exceptions {len(errors)}; threads left {len(leftover)}; "
            f"state at the end {final_state!r}: {'PASS' if ok else 'FAIL'}."
        )
        if args.json:
            Path(args.json).write_text(
                json.dumps({"samples": samples, "summary": summary}, indent=2), encoding="utf-8"
            )
        state["result"] = 0 if ok else 1
        app.quit()

    timer = QTimer()
    timer.setInterval(int(args.interval * 1000))
    timer.timeout.connect(sample)

    def start_training() -> None:
        if w.model.info is None or w.model.info.dataset.key != "mnist":
            if not errors and "Error" in w.state_label.text():
                print(f"long_run: {w.state_label.text()}", file=sys.stderr)
                app.quit()
                return
            QTimer.singleShot(50, start_training)  # the reset is not done yet
            return
        w.controls.train.setChecked(True)
        state["t0"] = time.perf_counter()
        sample()
        timer.start()
        QTimer.singleShot(int(args.seconds * 1000), finish)

    QTimer.singleShot(100, start_training)
    app.exec()
    tmp.cleanup()
    return state["result"]


if __name__ == "__main__":
    sys.exit(main())
