"""Train the shipped digit model ``builtin:digits`` (``resources/digits.npz``) with nnviz itself.

The model reads digits drawn on the canvas or photographed, after
``nnviz.data.digits.preprocess_digit`` has made them MNIST-style.  Drawn digits
are never quite MNIST: off by a pixel or two, tilted, a little larger or
smaller, written with a thicker or thinner pen.  So every epoch trains on a
fresh randomly warped copy of the training digits (``augment_digits``).

The data is ``../shared/data/mnist-10k`` (8,000 real MNIST digits) unless
``--data-dir`` names another MNIST folder.  Without t10k files the last 12.5%
of the digits (1,000 of 8,000) are the held-out set: they are never trained
on, and only used to report the accuracy saved in the model's metadata.
``--validation N`` instead carves a validation set off the end of the training
digits, for choosing settings without looking at the held-out set.

    python scripts/train_builtin_digits.py                 # writes resources/digits.npz
    python scripts/train_builtin_digits.py --validation 1000 --out /tmp/try.npz
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import sys
import time
from pathlib import Path

import numpy as np

from nnviz.core.modelio import save_model
from nnviz.core.trainer import NetworkConfig, TrainConfig, Trainer
from nnviz.data.datasets import Dataset, load_dataset
from nnviz.data.digits import augment_digits, preprocess_digit

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "mnist-10k"
DEFAULT_OUT = REPO / "resources" / "digits.npz"
EVAL_SEED = 20_240_601
"""Seed of the augmented copy of the held-out set, fixed so runs compare."""


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data-dir", type=Path, default=DEFAULT_DATA, help="MNIST folder (IDX files)")
    p.add_argument("--out", type=Path, default=DEFAULT_OUT, help="model file to write")
    p.add_argument("--hidden", default="256,128", help="hidden layer widths, e.g. 256,128")
    p.add_argument("--optimizer", default="adam")
    p.add_argument("--lr", type=float, default=2e-3, help="initial learning rate")
    p.add_argument("--lr-final", type=float, default=0.02, help="final LR as a share of --lr")
    p.add_argument("--momentum", type=float, default=0.9)
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--epochs", type=int, default=60)
    p.add_argument("--l2", type=float, default=1e-4)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--max-shift", type=float, default=2.0)
    p.add_argument("--max-rotate", type=float, default=15.0, help="degrees")
    p.add_argument("--scale-min", type=float, default=0.85)
    p.add_argument("--scale-max", type=float, default=1.15)
    p.add_argument("--thickness-fraction", type=float, default=0.3)
    p.add_argument(
        "--clean-fraction",
        type=float,
        default=0.2,
        help="share of each epoch's digits left unaugmented",
    )
    p.add_argument("--no-augment", action="store_true", help="train on the clean digits only")
    p.add_argument(
        "--validation",
        type=int,
        default=0,
        help="hold this many training digits out for tuning; the held-out set is not reported",
    )
    p.add_argument("--quiet", action="store_true")
    return p.parse_args(argv)


def cosine_lr(lr: float, final_share: float, epoch: int, epochs: int) -> float:
    """Learning rate of ``epoch`` (0-based): cosine decay from ``lr`` to ``lr·final_share``."""
    t = epoch / max(epochs - 1, 1)
    return lr * (final_share + (1 - final_share) * 0.5 * (1 + math.cos(math.pi * t)))


def augmented_epoch(clean: np.ndarray, rng: np.random.Generator, settings: dict) -> np.ndarray:
    """One epoch's training digits: all warped except a random ``clean_fraction``."""
    out = augment_digits(
        clean,
        rng,
        max_shift=settings["max_shift"],
        max_rotate_deg=settings["max_rotate_deg"],
        scale_range=tuple(settings["scale_range"]),
        thickness=settings["thickness"],
        thickness_fraction=settings["thickness_fraction"],
    )
    keep = rng.random(len(clean)) < settings["clean_fraction"]
    out[keep] = clean[keep]
    return out


def redrawn(x: np.ndarray) -> np.ndarray:
    """Digits passed through ``preprocess_digit``, as a drawing on the canvas would be."""
    out = np.zeros((len(x), 784), dtype=np.float32)
    for i, img in enumerate(x):
        d = preprocess_digit(img.reshape(28, 28) / np.float32(255))
        if d is not None:
            out[i] = d.ravel()
    return out


def display_path(path: Path) -> str:
    """``path`` relative to the repository when it lies near it (no local absolute paths)."""
    path = path.resolve()
    try:
        path.relative_to(REPO.parent.resolve())
    except ValueError:
        return path.name
    return Path(os.path.relpath(path, REPO)).as_posix()


def training_split(data: Dataset, validation: int):
    """``(x_train, y_train, x_eval, y_eval, eval_name)``: the held-out split, or ``validation``
    digits carved off the end of the training digits."""
    x_train, y_train = data.x_train, data.y_train
    if not validation:
        return x_train, y_train, data.x_test, data.y_test, "held-out"
    if not 0 < validation < len(y_train):
        sys.exit("--validation must be between 1 and the number of training digits.")
    return (
        x_train[:-validation],
        y_train[:-validation],
        x_train[-validation:],
        y_train[-validation:],
        "validation",
    )


def training_only(data: Dataset, x_train: np.ndarray, y_train: np.ndarray) -> Dataset:
    """The training digits alone: the trainer never sees the evaluation set."""
    return Dataset(
        key="mnist",
        kind="images",
        x_train=np.ascontiguousarray(x_train),
        y_train=y_train,
        x_test=np.empty((0, 784), dtype=np.uint8),
        y_test=np.empty(0, dtype=np.int64),
        class_names=data.class_names,
        image_shape=(28, 28),
        source=data.source,
    )


def evaluation_figures(net, x_eval, y_eval, eval_name: str, say) -> dict:
    """Accuracy on the evaluation digits: clean, augmented, and augmented then redrawn."""
    eval_aug = augment_digits(x_eval, np.random.default_rng(EVAL_SEED))
    loss, acc = net.evaluate(x_eval, y_eval)
    _, acc_aug = net.evaluate(eval_aug, y_eval)
    _, acc_redrawn = net.evaluate(redrawn(eval_aug), y_eval)
    say(
        f"{eval_name.capitalize()} accuracy: clean {acc:.2%} (loss {loss:.4f}), augmented "
        f"{acc_aug:.2%}, augmented then preprocessed like a drawing {acc_redrawn:.2%}."
    )
    return {
        "heldout_accuracy": round(acc, 4),
        "heldout_loss": round(loss, 4),
        "heldout_accuracy_augmented": round(acc_aug, 4),
        "heldout_accuracy_augmented_preprocessed": round(acc_redrawn, 4),
        "augmented_eval_seed": EVAL_SEED,
    }


def shipped_meta(data, args, n_train: int, n_heldout: int, figures: dict) -> dict:
    """The metadata every shipped digit model carries: its data, held-out figures, date, seed."""
    return {
        "data": {
            "dataset": "mnist",
            "path": display_path(args.data_dir),
            "train_samples": int(n_train),
            "heldout_samples": int(n_heldout),
            "heldout": (
                "the t10k files"
                if data.params.get("test_ratio") is None
                else f"the last {data.params['test_ratio']:.1%} of the training files"
            ),
            "licence": "MNIST: Yann LeCun and Corinna Cortes, CC BY-SA 3.0",
        },
        **figures,
        "date": dt.datetime.now(dt.timezone.utc).date().isoformat(),
        "seed": args.seed,
    }


def save_shipped(out: Path, net, meta: dict, say) -> Path:
    """Save a shipped model (28×28 input) and say where and how large."""
    path = save_model(out, net, input_shape=(28, 28), meta=meta)
    say(f"Saved {path} ({path.stat().st_size / 1024:.0f} KiB).")
    return path


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    say = (lambda *a: None) if args.quiet else (lambda *a: print(*a, flush=True))
    t_start = time.perf_counter()

    data = load_dataset("mnist", data_dir=args.data_dir)
    x_train, y_train, x_eval, y_eval, eval_name = training_split(data, args.validation)
    y_held = data.y_test
    say(
        f"Data: {len(y_train):,} training digits, {len(y_eval):,} {eval_name} digits "
        f"from {data.source}."
    )

    settings = {
        "max_shift": args.max_shift,
        "max_rotate_deg": args.max_rotate,
        "scale_range": [args.scale_min, args.scale_max],
        "thickness": args.thickness_fraction > 0,
        "thickness_fraction": args.thickness_fraction,
        "clean_fraction": args.clean_fraction,
    }
    train_set = training_only(data, x_train, y_train)
    clean = train_set.x_train
    hidden = tuple(int(h) for h in args.hidden.split(","))
    net_config = NetworkConfig(hidden=hidden, activation="relu", init="he")
    train_config = TrainConfig(
        learning_rate=args.lr,
        optimizer=args.optimizer,
        momentum=args.momentum,
        batch_size=args.batch_size,
        epochs=args.epochs,
        l2=args.l2,
        seed=args.seed,
    )
    net = net_config.build(784, 10, seed=args.seed, l2=args.l2, dtype=np.float32)
    trainer = Trainer(net, train_set, train_config)
    aug_rng = np.random.default_rng([args.seed, 1])  # its own stream: init/shuffle unaffected
    say(f"Training {net!r} ({net.param_count:,} parameters) for {args.epochs} epochs.")

    for epoch in range(args.epochs):
        trainer.set_learning_rate(cosine_lr(args.lr, args.lr_final, epoch, args.epochs))
        if not args.no_augment:
            trainer.replace_training_data(augmented_epoch(clean, aug_rng, settings))
        report = trainer.step(max_epochs=1)
        if report.state.value == "diverged":
            sys.exit(trainer.message)
        rec = report.epochs[-1]
        if not args.quiet and (epoch % 5 == 4 or epoch == args.epochs - 1):
            _, acc = net.evaluate(x_eval, y_eval)
            say(
                f"epoch {rec.epoch:3d}  lr {trainer.learning_rate:.2e}  loss {rec.train_loss:.4f}  "
                f"train acc {rec.train_accuracy:.2%}  {eval_name} acc {acc:.2%}  "
                f"({time.perf_counter() - t_start:.0f} s)"
            )
    train_seconds = trainer.train_seconds
    wall_seconds = time.perf_counter() - t_start  # with data loading and augmentation

    figures = evaluation_figures(net, x_eval, y_eval, eval_name, say)
    say(f"Training took {train_seconds:.1f} s ({time.perf_counter() - t_start:.1f} s in all).")
    if args.validation:
        say("Validation run: no model written.")
        return 0

    meta = {
        "name": "digits",
        "description": (
            "Reads MNIST-style 28×28 digits (bright on dark); trained with augmentation "
            "so that digits drawn on the canvas, after preprocess_digit, are read well."
        ),
        "architecture": {
            "sizes": net.sizes,
            "activation": "relu",
            "init": net_config.init,
            "dtype": "float32",
            "parameters": net.param_count,
        },
        "training": {
            "optimizer": args.optimizer,
            "learning_rate": args.lr,
            "schedule": f"cosine per epoch to {args.lr_final:g}×",
            "momentum": args.momentum if args.optimizer in ("momentum", "nesterov") else None,
            "batch_size": args.batch_size,
            "epochs": args.epochs,
            "l2": args.l2,
            "seed": args.seed,
            "train_seconds": round(train_seconds, 1),
            "wall_seconds": round(wall_seconds, 1),
            "script": "scripts/train_builtin_digits.py",
        },
        "augmentation": None if args.no_augment else settings,
        **shipped_meta(data, args, len(y_train), len(y_held), figures),
    }
    save_shipped(args.out, net, meta, say)
    return 0


if __name__ == "__main__":
    sys.exit(main())
