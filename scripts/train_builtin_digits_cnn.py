"""Train the shipped convnet digit model ``builtin:digits-cnn`` (``resources/digits-cnn.npz``).

A small convolutional network (two conv/batch-norm/ReLU/pool blocks, one hidden
fully connected layer with dropout) trained by nnviz itself on the shared
MNIST digits.  With only 7,000 training digits, data is the limit, so every
epoch trains on a fresh distorted copy of them: the random affine warps and
stroke-width changes of ``augment_digits`` (as for ``builtin:digits``), and for a
share of the digits an elastic distortion (Simard, Steinkraus & Platt 2003:
a random displacement field smoothed by a Gaussian).

The last 1,000 of the 8,000 digits (the held-out split of ``load_dataset``) are
never trained on; they are only used to report the accuracy saved in the
model's metadata.  Every random choice comes from ``--seed``: the same seed
gives the same model (given the same NumPy and BLAS).

    OPENBLAS_NUM_THREADS=1 python scripts/train_builtin_digits_cnn.py
    python scripts/train_builtin_digits_cnn.py --validation 1000 --out /tmp/try.npz
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from train_builtin_digits import (  # noqa: E402 - the MLP script's helpers
    DEFAULT_DATA,
    REPO,
    cosine_lr,
    evaluation_figures,
    save_shipped,
    shipped_meta,
    training_only,
    training_split,
)

from nnviz.core.layered import LayerNetwork  # noqa: E402
from nnviz.core.trainer import TrainConfig, Trainer  # noqa: E402
from nnviz.data.datasets import load_dataset  # noqa: E402
from nnviz.data.digits import augment_digits  # noqa: E402

DEFAULT_OUT = REPO / "resources" / "digits-cnn.npz"
ARCH = "conv:32x5x5/p2,bn,relu,pool:2,conv:64x5x5/p2,bn,relu,pool:2,fc:100,relu,dropout:0.3"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data-dir", type=Path, default=DEFAULT_DATA, help="MNIST folder (IDX files)")
    p.add_argument("--out", type=Path, default=DEFAULT_OUT, help="model file to write")
    p.add_argument("--arch", default=ARCH, help="architecture spec (see nnviz.core.architecture)")
    p.add_argument("--lr", type=float, default=2e-3, help="initial Adam learning rate")
    p.add_argument("--lr-final", type=float, default=0.02, help="final LR as a share of --lr")
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--epochs", type=int, default=30)
    p.add_argument("--l2", type=float, default=1e-4)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--max-shift", type=float, default=2.0)
    p.add_argument("--max-rotate", type=float, default=12.0, help="degrees")
    p.add_argument("--scale-min", type=float, default=0.88)
    p.add_argument("--scale-max", type=float, default=1.12)
    p.add_argument("--thickness-fraction", type=float, default=0.3)
    p.add_argument("--elastic-fraction", type=float, default=0.5)
    p.add_argument("--elastic-alpha", type=float, default=34.0, help="displacement scale, pixels")
    p.add_argument("--elastic-sigma", type=float, default=5.0, help="smoothing, pixels")
    p.add_argument("--clean-fraction", type=float, default=0.15)
    p.add_argument("--validation", type=int, default=0, help="tune on this many training digits")
    p.add_argument("--quiet", action="store_true")
    return p.parse_args(argv)


def _gaussian_matrix(size: int, sigma: float) -> np.ndarray:
    """``(size, size)`` matrix that blurs a 1-D signal with a Gaussian (zero outside)."""
    d = np.arange(size)[:, None] - np.arange(size)[None, :]
    return np.exp(-0.5 * (d / sigma) ** 2) / (sigma * np.sqrt(2 * np.pi))


def elastic_distort(
    images: np.ndarray, rng: np.random.Generator, alpha: float, sigma: float
) -> np.ndarray:
    """Elastic distortions of ``(n, 784)`` uint8 digits (Simard et al. 2003), bilinear sampling."""
    n = len(images)
    g = _gaussian_matrix(28, sigma)
    fields = rng.uniform(-1, 1, (2, n, 28, 28))
    dy, dx = (alpha * (g @ f @ g.T) for f in fields)  # separable Gaussian blur of each field
    yy, xx = np.mgrid[0:28, 0:28].astype(np.float64)
    src_y = np.clip(yy + dy, -1.0, 28.0)
    src_x = np.clip(xx + dx, -1.0, 28.0)
    pad, side = 2, 32
    padded = np.zeros((n, side, side), np.float32)
    padded[:, pad:-pad, pad:-pad] = images.reshape(n, 28, 28)
    padded = padded.reshape(n, -1)
    y0, x0 = np.floor(src_y), np.floor(src_x)
    wy, wx = (src_y - y0).astype(np.float32), (src_x - x0).astype(np.float32)
    i00 = ((y0.astype(np.intp) + pad) * side + x0.astype(np.intp) + pad).reshape(n, -1)
    a00, a01, a10, a11 = (
        np.take_along_axis(padded, i00 + o, axis=1).reshape(n, 28, 28)
        for o in (0, 1, side, side + 1)
    )
    top = a00 + wx * (a01 - a00)
    out = top + wy * (a10 + wx * (a11 - a10) - top)
    return np.clip(np.rint(out), 0, 255).astype(np.uint8).reshape(n, 784)


def distorted_epoch(clean: np.ndarray, rng: np.random.Generator, args) -> np.ndarray:
    """One epoch's training digits: affine-warped, a share elastically distorted, some clean."""
    out = augment_digits(
        clean,
        rng,
        max_shift=args.max_shift,
        max_rotate_deg=args.max_rotate,
        scale_range=(args.scale_min, args.scale_max),
        thickness=args.thickness_fraction > 0,
        thickness_fraction=args.thickness_fraction,
    )
    el = rng.random(len(clean)) < args.elastic_fraction
    if el.any():
        out[el] = elastic_distort(out[el], rng, args.elastic_alpha, args.elastic_sigma)
    keep = rng.random(len(clean)) < args.clean_fraction
    out[keep] = clean[keep]
    return out


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    say = (lambda *a: None) if args.quiet else (lambda *a: print(*a, flush=True))
    t_start = time.perf_counter()
    data = load_dataset("mnist", data_dir=args.data_dir)
    x_train, y_train, x_eval, y_eval, eval_name = training_split(data, args.validation)
    say(f"Data: {len(y_train):,} training digits, {len(y_eval):,} {eval_name} digits.")
    train_set = training_only(data, x_train, y_train)
    clean = train_set.x_train
    net = LayerNetwork(args.arch, (28, 28), 10, init="he", seed=args.seed, l2=args.l2)
    config = TrainConfig(
        learning_rate=args.lr,
        optimizer="adam",
        batch_size=args.batch_size,
        epochs=args.epochs,
        l2=args.l2,
        seed=args.seed,
    )
    trainer = Trainer(net, train_set, config)
    aug_rng = np.random.default_rng([args.seed, 2])  # its own stream: init/shuffle unaffected
    say(f"Training {net!r} ({net.param_count:,} parameters) for {args.epochs} epochs.")
    for epoch in range(args.epochs):
        trainer.set_learning_rate(cosine_lr(args.lr, args.lr_final, epoch, args.epochs))
        trainer.replace_training_data(distorted_epoch(clean, aug_rng, args))
        report = trainer.step(max_epochs=1)
        if report.state.value == "diverged":
            sys.exit(trainer.message)
        rec = report.epochs[-1]
        extra = ""
        if args.validation and (epoch % 5 == 4 or epoch == args.epochs - 1):
            extra = f"  validation acc {net.evaluate(x_eval, y_eval)[1]:.2%}"
        say(
            f"epoch {rec.epoch:3d}  lr {trainer.learning_rate:.2e}  loss {rec.train_loss:.4f}  "
            f"train acc {rec.train_accuracy:.2%}{extra}  ({time.perf_counter() - t_start:.0f} s)"
        )
    train_seconds = trainer.train_seconds
    wall_seconds = time.perf_counter() - t_start
    figures = evaluation_figures(net, x_eval, y_eval, eval_name, say)
    if args.validation:
        say("Validation run: no model written.")
        return 0
    meta = {
        "name": "digits-cnn",
        "description": (
            "A convolutional network reading MNIST-style 28×28 digits (bright on dark); "
            "trained with affine and elastic distortions so that drawn digits are read well."
        ),
        "architecture": {
            "layers": net.arch.text,
            "description": net.description,
            "init": "he",
            "dtype": "float32",
            "parameters": net.param_count,
        },
        "training": {
            "optimizer": "adam",
            "learning_rate": args.lr,
            "schedule": f"cosine per epoch to {args.lr_final:g}×",
            "batch_size": args.batch_size,
            "epochs": args.epochs,
            "l2": args.l2,
            "seed": args.seed,
            "train_seconds": round(train_seconds, 1),
            "wall_seconds": round(wall_seconds, 1),
            "script": "scripts/train_builtin_digits_cnn.py",
        },
        "augmentation": {
            "max_shift": args.max_shift,
            "max_rotate_deg": args.max_rotate,
            "scale_range": [args.scale_min, args.scale_max],
            "thickness_fraction": args.thickness_fraction,
            "elastic_fraction": args.elastic_fraction,
            "elastic_alpha": args.elastic_alpha,
            "elastic_sigma": args.elastic_sigma,
            "clean_fraction": args.clean_fraction,
        },
        **shipped_meta(data, args, len(y_train), len(y_eval), figures),
    }
    save_shipped(args.out, net, meta, say)
    return 0


if __name__ == "__main__":
    sys.exit(main())
