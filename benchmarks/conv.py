"""Convolutional training speed: the book's SimpleConvNet in nnviz against PyTorch CPU.

Both train the same network (conv 30×5×5 → ReLU → max-pool 2×2 → Affine 100 →
ReLU → Affine 10) from the same initial weights with Adam (lr 0.001) on batches
of 100 MNIST digits, reading each batch's loss and correct count as nnviz's
Trainer does.  nnviz runs its real ``Trainer.step`` on a ``LayerNetwork``;
PyTorch runs idiomatic eager code (``nn.Sequential``, ``F.cross_entropy``,
``torch.optim.Adam``).  The contenders alternate, round after round, with the
same thread count (``--threads``, default 1: the benchmark machine is shared;
PyTorch trains whole epochs, so its turn lasts at least one epoch); the report gives the median samples/s and the median of per-round ratios.

    python benchmarks/conv.py                  # 5 rounds of 4 s each
    python benchmarks/conv.py --threads 2 --rounds 3 --seconds 3
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--threads", type=int, default=1, help="BLAS and PyTorch threads")
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument(
        "--seconds", type=float, default=4.0, help="training time per contender per round"
    )
    p.add_argument("--batch-size", type=int, default=100)
    p.add_argument("--no-torch", action="store_true")
    p.add_argument("--write", action="store_true", help="append the table to benchmarks/results.md")
    return p.parse_args(argv)


ARGS = parse_args() if __name__ == "__main__" else None
if ARGS is not None:  # BLAS reads its thread count once, when NumPy is first imported
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(ARGS.threads)

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import common  # noqa: E402
import reference  # noqa: E402

from nnviz.core.layered import LayerNetwork  # noqa: E402
from nnviz.core.trainer import TrainConfig, Trainer  # noqa: E402


class _Data:
    """The least a Trainer needs: training images, no test split (nothing evaluated per epoch)."""

    def __init__(self, x: np.ndarray, y: np.ndarray) -> None:
        self.x_train, self.y_train = x, y
        self.x_test, self.y_test = x[:0], y[:0]
        self.n_features, self.n_classes, self.has_test = x.shape[1], 10, False

    def features(self, x: np.ndarray) -> np.ndarray:
        return x.astype(np.float32) / np.float32(255)

    def split(self, name: str):
        return (self.x_train, self.y_train) if name == "train" else (self.x_test, self.y_test)


def nnviz_rate(net: LayerNetwork, x_u8, y, batch: int, seconds: float) -> float:
    """Samples/s of ``Trainer.step`` training ``net`` (a fresh trainer and optimizer)."""
    trainer = Trainer(net, _Data(x_u8, y), TrainConfig(0.001, "adam", batch_size=batch))
    trainer.step(max_batches=2)  # first-batch buffers
    trainer.samples_seen, trainer.train_seconds = 0, 0.0
    trainer.step(max_seconds=seconds)
    return trainer.samples_per_second


def torch_model(net: LayerNetwork):
    """SimpleConvNet in PyTorch with ``net``'s weights."""
    import torch
    from torch import nn

    p = net.params
    model = nn.Sequential(
        nn.Conv2d(1, 30, 5),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(4320, 100),
        nn.ReLU(),
        nn.Linear(100, 10),
    )
    with torch.no_grad():
        model[0].weight.copy_(torch.from_numpy(p["W1"].copy()))
        model[0].bias.copy_(torch.from_numpy(p["b1"].copy()))
        model[4].weight.copy_(torch.from_numpy(np.ascontiguousarray(p["W2"].T)))
        model[4].bias.copy_(torch.from_numpy(p["b2"].copy()))
        model[6].weight.copy_(torch.from_numpy(np.ascontiguousarray(p["W3"].T)))
        model[6].bias.copy_(torch.from_numpy(p["b3"].copy()))
    return model


def torch_rate(model, x: np.ndarray, y, batch: int, seconds: float) -> float:
    """Samples/s of eager PyTorch training (whole epochs, see ``reference.torch_train``)."""
    import torch

    opt = torch.optim.Adam(model.parameters(), lr=0.001)
    xt = torch.from_numpy(x.reshape(-1, 1, 28, 28))
    samples, _, elapsed = reference.torch_train(
        model, opt, xt, y, batch_size=batch, seconds=seconds
    )
    return samples / elapsed


def main(args: argparse.Namespace) -> int:
    x_u8, y, source = common.mnist_shaped()
    x = x_u8.astype(np.float32) / np.float32(255)
    has_torch = False
    if not args.no_torch:
        try:
            import torch

            torch.set_num_threads(args.threads)
            has_torch = True
        except ImportError:
            print("PyTorch is not installed: nnviz alone.", file=sys.stderr)
    info = common.machine(with_torch=has_torch)
    init = LayerNetwork("conv", (28, 28), 10, seed=0)
    rates: dict[str, list[float]] = {"nnviz": [], "torch": []}
    for r in range(args.rounds):
        net = LayerNetwork("conv", (28, 28), 10, seed=0)  # the same start every round
        rates["nnviz"].append(nnviz_rate(net, x_u8, y, args.batch_size, args.seconds))
        if has_torch:
            rates["torch"].append(
                torch_rate(torch_model(init), x, y, args.batch_size, args.seconds)
            )
        common.say(
            f"  round {r + 1}: "
            + ", ".join(f"{k} {v[-1]:,.0f} samples/s" for k, v in rates.items() if v)
        )
    ratio = (
        common.median([a / b for a, b in zip(rates["nnviz"], rates["torch"], strict=True)])
        if has_torch
        else float("nan")
    )
    nnviz_med = common.median(rates["nnviz"])
    torch_med = common.median(rates["torch"]) if has_torch else float("nan")
    lines = [
        "## Convolutional network: SimpleConvNet training (benchmarks/conv.py)",
        "",
        f"{info['date']} · {info['cpu']} ({info['cores']} cores, shared) · NumPy {info['numpy']} "
        f"({info['blas'].get('name')}) · PyTorch {info['torch'] or '—'} · "
        f"{args.threads} thread(s) each · load {info['load_before']} → {common.load_average()}",
        "",
        f"Deep Learning from Scratch's SimpleConvNet (conv 30×5×5, ReLU, max-pool 2×2, "
        f"Affine 100, ReLU, Affine 10), Adam lr 0.001, batch {args.batch_size}, {source}, "
        f"{args.rounds} interleaved rounds of {args.seconds:g} s each; medians.",
        "",
        common.table(
            ["nnviz samples/s", "PyTorch samples/s", "nnviz ÷ PyTorch", "target", "goal"],
            [[common.fmt(nnviz_med), common.fmt(torch_med), f"{ratio:.2f}×", "≥ 0.5×", "1.0×"]],
        ),
        "",
        "Per round (nnviz, PyTorch): "
        + "; ".join(
            f"{a:,.0f} / {b:,.0f}"
            for a, b in zip(
                rates["nnviz"], rates["torch"] or [float("nan")] * args.rounds, strict=True
            )
        ),
        "",
    ]
    report = "\n".join(lines)
    print(report)
    if args.write:
        path = Path(__file__).resolve().parent / "results.md"
        with path.open("a", encoding="utf-8") as f:
            f.write("\n" + report)
    return 0


if __name__ == "__main__":
    sys.exit(main(ARGS))
