"""The ``nnviz`` command: the desktop app with no arguments, everything headless otherwise.

Exit status: 0 success, 2 for anything the user can fix (one sentence on
stderr), 1 for an internal error.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from nnviz import __version__
from nnviz.errors import ConfigError, NnvizError

EXIT_USER_ERROR = 2
EXIT_INTERNAL_ERROR = 1
NUMERICAL_WARN_PARAMS = 5_000
"""Above this many parameters ``train --gradient numerical`` warns about the cost of a step."""


class UserError(NnvizError):
    """A command-line mistake (bad argument value)."""


class _Parser(argparse.ArgumentParser):
    """argparse that reports a bad argument in one line and exits 2."""

    def error(self, message: str):  # type: ignore[override]
        raise UserError(f"{self.prog}: {message}")


# ---------------------------------------------------------------------- argument types
def _int_at_least(minimum: int):
    """An argparse type: a whole number ≥ ``minimum``."""

    def parse(text: str) -> int:
        try:
            v = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
        if v < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}, got {v}")
        return v

    return parse


_positive_int = _int_at_least(1)
_nonneg_int = _int_at_least(0)


def _finite_float(text: str) -> float:
    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not math.isfinite(v):
        raise argparse.ArgumentTypeError(f"expected a finite number, got {text!r}")
    return v


def parse_hidden(text: str) -> tuple[int, ...]:
    """``"100"`` → (100,), ``"50,100"`` → (50, 100), ``"none"`` → ()."""
    text = text.strip().lower()
    if text in ("none", "", "0"):
        return ()
    try:
        sizes = tuple(int(p) for p in text.replace(" ", "").split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected layer sizes like 100 or 50,100 or none, got {text!r}"
        ) from None
    if any(s < 1 for s in sizes):
        raise argparse.ArgumentTypeError("every hidden layer needs at least 1 neuron")
    return sizes


def parse_activation(text: str) -> str:
    """An activation name (``swish`` is read as ``silu``)."""
    from nnviz.core.layers import ACTIVATIONS, activation_name

    try:
        return activation_name(text.strip().lower())
    except ConfigError:
        raise argparse.ArgumentTypeError(
            f"unknown activation {text!r}; choose one of {', '.join(ACTIVATIONS)}"
        ) from None


def parse_activations(text: str) -> tuple[str, ...]:
    """``"relu,tanh"`` → ("relu", "tanh"): one activation per hidden layer."""
    return tuple(parse_activation(p) for p in text.split(","))


def _schedule(text: str):
    """A learning-rate schedule spec (see nnviz.core.schedules)."""
    from nnviz.core.schedules import parse_schedule

    try:
        return parse_schedule(text)
    except ConfigError as e:
        raise argparse.ArgumentTypeError(str(e).rstrip(".")) from None


def _stop_target(what: str):
    """An argparse type for ``--stop-at-…``: ``X`` (training split) or ``test:X``."""

    def parse(text: str) -> tuple[str, float]:
        split, _, value = text.strip().lower().rpartition(":")
        split = split or "train"
        percent = value.endswith("%")
        try:
            v = float(value.rstrip("%"))
        except ValueError:
            v = math.nan
        if split not in ("train", "test") or not math.isfinite(v):
            raise argparse.ArgumentTypeError(
                f"expected a {what} such as 0.05 or test:0.05, got {text!r}"
            )
        return split, v / 100 if percent else v

    return parse


def parse_batch(text: str) -> int | None:
    """``"full"`` → None (full batch), otherwise a positive integer."""
    if text.strip().lower() == "full":
        return None
    try:
        return _positive_int(text)
    except argparse.ArgumentTypeError:
        raise argparse.ArgumentTypeError(
            f"expected a batch size ≥ 1 or 'full', got {text!r}"
        ) from None


def _parse_features(text: str):
    """``--features x1,x1^2`` → a FeatureMap (an unknown name is one sentence, exit 2)."""
    from nnviz.core.features import FeatureMap

    try:
        return FeatureMap.parse(text)
    except ConfigError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


# ---------------------------------------------------------------------- parser
def build_parser() -> argparse.ArgumentParser:
    from nnviz.core.init import INITS
    from nnviz.core.layers import ACTIVATIONS
    from nnviz.core.optimizers import OPTIMIZERS
    from nnviz.data.datasets import DATASETS

    p = _Parser(
        prog="nnviz",
        description="Watch a neural network learn. With no command, opens the desktop app.",
    )
    p.add_argument("--version", action="version", version=f"nnviz {__version__}")
    p.add_argument("--debug", action="store_true", help="show a traceback on errors")
    p.add_argument("--session", metavar="FILE", help="open the app with a saved session")
    p.add_argument("--tutorial", metavar="NAME", help="open the app with a tutorial loaded")
    p.add_argument("--lang", choices=["en", "ko"], help="interface language (default: system)")
    launcher = p.add_mutually_exclusive_group()
    launcher.add_argument(
        "--install-desktop",
        action="store_true",
        help="add nnviz and its icon to the desktop's application menu, then exit",
    )
    launcher.add_argument(
        "--uninstall-desktop", action="store_true", help="remove what --install-desktop wrote"
    )
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    common = _Parser(add_help=False)
    common.add_argument(
        "--debug", action="store_true", default=argparse.SUPPRESS, help="show a traceback on errors"
    )

    def data_options(sp, *, generators: bool) -> None:
        sp.add_argument(
            "--dataset",
            required=not generators,  # train can take it from --config instead
            choices=list(DATASETS),
            metavar="NAME",
            help=f"one of: {', '.join(DATASETS)}",
        )
        sp.add_argument("--data-dir", metavar="DIR", help="folder holding MNIST-family files")
        if generators:
            sp.add_argument(
                "--samples",
                type=_positive_int,
                metavar="N",
                help="2-D sets: points per class; images: first N training images",
            )
            sp.add_argument("--noise", type=_finite_float, metavar="X")
            sp.add_argument("--classes", type=_positive_int, metavar="K")
            sp.add_argument("--test-ratio", type=_finite_float, metavar="R")
            sp.add_argument(
                "--points",
                metavar="FILE",
                help="CSV of x,y,label rows for --dataset csv (x,y,target for reg-csv)",
            )
            sp.add_argument(
                "--data-csv",
                metavar="FILE",
                help="your own table: a CSV with a header row, numeric features and a label "
                "column (--dataset table)",
            )
            sp.add_argument(
                "--label",
                metavar="COLUMN",
                help="the label column of --data-csv (default: the last column)",
            )

    t = sub.add_parser("train", help="train a network headless", parents=[common])
    data_options(t, generators=True)
    t.add_argument(
        "--hidden",
        type=parse_hidden,
        default=(100,),
        metavar="SIZES",
        help="hidden layer sizes: 100 | 50,100 | none (default 100)",
    )
    t.add_argument(
        "--activation",
        type=parse_activation,
        default="relu",
        metavar="NAME",
        help=f"activation of every hidden layer: {', '.join(ACTIVATIONS)} (swish = silu)",
    )
    t.add_argument(
        "--activations",
        type=parse_activations,
        metavar="A,B,…",
        help="one activation per hidden layer, e.g. relu,tanh (overrides --activation)",
    )
    t.add_argument(
        "--arch",
        metavar="SPEC",
        help="a layered network instead of --hidden: conv (the book's SimpleConvNet) or e.g. "
        "conv:30x5x5,relu,pool:2,fc:100,relu (see README)",
    )
    t.add_argument("--init", choices=list(INITS), default="normal")
    t.add_argument("--init-std", type=_finite_float, default=0.01, metavar="S")
    t.add_argument("--optimizer", choices=list(OPTIMIZERS), default="sgd")
    t.add_argument("--lr", type=_finite_float, default=0.1, metavar="X")
    t.add_argument("--momentum", type=_finite_float, default=0.9, metavar="X")
    t.add_argument("--batch-size", type=parse_batch, default=32, metavar="N|full")
    t.add_argument(
        "--epochs",
        type=_nonneg_int,
        default=None,
        metavar="N",
        help="epochs to train (default 100, or the session's)",
    )
    t.add_argument("--l2", type=_finite_float, default=0.0, metavar="X")
    t.add_argument(
        "--features",
        type=_parse_features,
        default=None,
        metavar="LIST",
        help="2-D sets: network inputs from x1,x2,x1^2,x2^2,x1x2,sin_x1,sin_x2 (any subset)",
    )
    t.add_argument(
        "--schedule",
        type=_schedule,
        default="constant",
        metavar="SPEC",
        help="learning-rate schedule: constant | step:EPOCHS:FACTOR | exp:FACTOR | "
        "cosine[:FLOOR], optionally after warmup:EPOCHS+ (e.g. warmup:5+cosine)",
    )
    t.add_argument("--seed", type=_nonneg_int, default=0, metavar="N")
    t.add_argument(
        "--stop-at-loss",
        type=_stop_target("loss"),
        metavar="[test:]X",
        help="stop once the epoch's training (or test:) loss is at most X",
    )
    t.add_argument(
        "--stop-at-accuracy",
        type=_stop_target("accuracy"),
        metavar="[test:]X",
        help="stop once the epoch's training (or test:) accuracy is at least X (0.95 or 95%%)",
    )
    t.add_argument(
        "--patience",
        type=_positive_int,
        metavar="N",
        help="early stopping: stop when the test loss has not improved for N epochs",
    )
    t.add_argument(
        "--restore-best",
        action="store_true",
        help="with --patience: end with the weights of the epoch with the lowest test loss",
    )
    t.add_argument(
        "--gradient",
        choices=["backprop", "numerical"],
        default="backprop",
        help="how gradients are computed (numerical: tiny nets only, very slow)",
    )
    t.add_argument(
        "--config", metavar="FILE", help="take every setting from a session file saved by the app"
    )
    t.add_argument("--save", metavar="MODEL.npz", help="save the trained model")
    t.add_argument("--json", action="store_true", help="print one JSON object as the last line")

    e = sub.add_parser("eval", help="evaluate a model on a dataset", parents=[common])
    e.add_argument("model", metavar="MODEL", help="model.npz, book weights .pkl, or builtin:NAME")
    data_options(e, generators=False)
    e.add_argument("--split", choices=["train", "test"], default="test")
    e.add_argument(
        "--activation",
        choices=list(ACTIVATIONS),
        help="activation of a book .pkl (default sigmoid)",
    )
    e.add_argument("--json", action="store_true")

    pr = sub.add_parser("predict", help="predict the digit in an image file", parents=[common])
    pr.add_argument("model", metavar="MODEL")
    pr.add_argument("image", metavar="IMAGE")
    pr.add_argument("--activation", choices=list(ACTIVATIONS))
    pr.add_argument("--json", action="store_true")

    x = sub.add_parser(
        "export", help="write a model as a standalone NumPy script", parents=[common]
    )
    x.add_argument("model", metavar="MODEL", help="model.npz, book weights .pkl, or builtin:NAME")
    x.add_argument("--python", required=True, metavar="OUT.py", help="the script to write")
    x.add_argument(
        "--weights",
        choices=["auto", "embed", "npz"],
        default="auto",
        help="embed the weights in the script, or write OUT_weights.npz beside it "
        "(auto: embed up to 2,000 parameters)",
    )
    x.add_argument("--activation", choices=list(ACTIVATIONS), help="activation of a book .pkl")

    d = sub.add_parser("data", help="list, locate or download datasets", parents=[common])
    dsub = d.add_subparsers(
        dest="data_command", metavar="ACTION", parser_class=_Parser, required=True
    )
    dsub.add_parser("list", help="every dataset and where its files are")
    dl = dsub.add_parser("download", help="download MNIST or Fashion-MNIST into the cache")
    dl.add_argument("name", choices=["mnist", "fashion-mnist"])
    dp = dsub.add_parser("path", help="print where a dataset's files were found")
    dp.add_argument("name", choices=["mnist", "fashion-mnist"])
    for sp in (dl, dp):
        sp.add_argument("--data-dir", metavar="DIR")

    tu = sub.add_parser(
        "tutorial", help="list the tutorials nnviz reproduces, or run one", parents=[common]
    )
    tsub = tu.add_subparsers(
        dest="tutorial_command", metavar="ACTION", parser_class=_Parser, required=True
    )
    tl = tsub.add_parser("list", help="every tutorial and its published figures", parents=[common])
    tl.add_argument("--json", action="store_true", help="print one JSON object as the last line")
    tr = tsub.add_parser(
        "run", help="run a tutorial and compare with its published figures", parents=[common]
    )
    tr.add_argument("name", metavar="NAME", help="a tutorial name (see `nnviz tutorial list`)")
    tr.add_argument("--data-dir", metavar="DIR", help="folder holding MNIST-family files")
    tr.add_argument(
        "--weights", metavar="FILE", help="the book's sample_weight.pkl (dlfs-mnist-inference)"
    )
    tr.add_argument("--json", action="store_true", help="print one JSON object as the last line")
    _lab_options(tr)
    return p


# ---------------------------------------------------------------------- labs (nnviz.app.labs)
LAB_OPTIONS = ("surface", "steps", "iterations", "trials", "epochs", "seed", "samples", "scales")


def _lab_options(tr) -> None:
    """The settings of the ch. 6 labs on ``nnviz tutorial run`` (each lab takes some)."""
    tr.add_argument(
        "--surface", metavar="NAME", help="optimizer-paths: book|rosenbrock|saddle|beale"
    )
    for name, what in (
        ("steps", "optimizer-paths: steps per optimizer (30)"),
        ("iterations", "MNIST races: iterations (2,000)"),
        ("trials", "hyperparameter-search: trials (100)"),
        (
            "epochs",
            "hyperparameter-search: epochs per trial (50); batch-norm (20), overfitting (200)",
        ),
        (
            "samples",
            "init-activations: random inputs (1,000); batch-norm, overfitting: training "
            "digits (1,000, 300)",
        ),
        ("scales", "batch-norm: weight scales from 1 down to 0.0001 (16)"),
    ):
        tr.add_argument(f"--{name}", type=_positive_int, metavar="N", help=what)
    tr.add_argument("--seed", type=_nonneg_int, metavar="N", help="labs: random seed (0)")


def _run_lab(args) -> int:
    """``nnviz tutorial run LAB``: the lab's statements measured, as a table or JSON."""
    from nnviz.app.labs import format_result, lab

    if args.weights:
        raise ConfigError(f"The {args.name} lab takes no weights file.")
    options = {k: getattr(args, k) for k in LAB_OPTIONS}
    if args.data_dir is not None:
        options["data_dir"] = args.data_dir
    bar = _Progress(1, enabled=not args.json)

    def progress(done: int, total: int, text: str) -> None:
        bar.total = max(total, 1)
        bar.update(done, text, force=done >= total)

    result = lab(args.name).run(progress=progress, **options)
    bar.close()
    if args.json:
        _emit_json(result)
    else:
        print(format_result(result))
    return 0


# ---------------------------------------------------------------------- output helpers
def _emit_json(obj: dict) -> None:
    print(json.dumps(obj, default=_jsonable, allow_nan=False))


def _jsonable(v):
    if hasattr(v, "item"):
        return v.item()
    raise TypeError(type(v).__name__)


def _nan_to_none(v: float) -> float | None:
    return None if v is None or not math.isfinite(v) else float(v)


class _Progress:
    """A one-line progress bar on stderr (only when stderr is a terminal)."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.total = max(total, 1)
        self.enabled = enabled and sys.stderr.isatty()
        self._last = 0.0

    def update(self, done: int, text: str, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self._last < 0.1:
            return
        self._last = now
        width = 30
        filled = int(width * done / self.total)
        bar = "█" * filled + "·" * (width - filled)
        sys.stderr.write(f"\r{bar} {text}\x1b[K")
        sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")


# ---------------------------------------------------------------------- commands
DEFAULT_EPOCHS = 100


def _per_layer_activations(args) -> tuple[str, ...] | None:
    """``--activations`` checked against ``--hidden``: one name per hidden layer."""
    acts = args.activations
    if acts is not None and len(acts) != len(args.hidden):
        raise UserError(
            f"nnviz train: --activations names {len(acts)} activation(s) but --hidden has "
            f"{len(args.hidden)} hidden layer(s); give one per layer."
        )
    return acts


def _stopping(args):
    """The stopping rules of ``--stop-at-loss``, ``--stop-at-accuracy``, ``--patience``."""
    from nnviz.core.stopping import Stopping

    if args.restore_best and args.patience is None:
        raise UserError("nnviz train: --restore-best needs --patience N (early stopping).")
    targets = {}
    for flag, name in ((args.stop_at_loss, "loss"), (args.stop_at_accuracy, "accuracy")):
        if flag is not None:
            split, value = flag
            targets[f"{split}_{name}"] = value
    return Stopping(**targets, patience=args.patience, restore_best=args.restore_best)


def _train_setup(args):
    """The session config and epoch count for ``nnviz train`` (from flags or ``--config``)."""
    from dataclasses import replace

    from nnviz.app.config import DataRequest, SessionConfig
    from nnviz.app.session_file import load_session
    from nnviz.core.trainer import NetworkConfig, TrainConfig

    if args.config:
        sess = load_session(args.config)
        config = sess.config
        if args.data_dir:
            config = replace(config, data=replace(config.data, data_dir=args.data_dir))
        epochs = args.epochs
        if epochs is None:
            epochs = config.train.epochs or sess.epoch or DEFAULT_EPOCHS
        if args.features is not None:  # the flag wins over the session's inputs
            config = replace(config, network=replace(config.network, features=args.features.names))
        return replace(config, train=replace(config.train, epochs=epochs)), epochs
    if args.data_csv is not None:
        if args.dataset not in (None, "table"):
            raise UserError("nnviz train: --data-csv reads your own table; leave out --dataset.")
        from nnviz.data.points_csv import is_points_export

        if args.label in (None, "label") and is_points_export(args.data_csv):
            # points exported from the app: class numbers in "label", the split in "split"
            args.dataset, args.points = "csv", args.data_csv
        else:
            args.dataset = "table"
    elif args.label is not None:
        raise UserError("nnviz train: --label names a column of --data-csv FILE.")
    if args.dataset is None:
        raise UserError("nnviz train: give --dataset NAME (or --config FILE).")
    epochs = DEFAULT_EPOCHS if args.epochs is None else args.epochs
    config = SessionConfig(
        data=DataRequest(
            key=args.dataset,
            data_dir=args.data_dir,
            samples=args.samples,
            noise=args.noise,
            classes=args.classes,
            test_ratio=args.test_ratio,
            path=args.data_csv if args.dataset == "table" else args.points,
        ),
        network=NetworkConfig(
            hidden=args.hidden,
            activation=args.activation,
            activations=_per_layer_activations(args),
            init=args.init,
            init_std=args.init_std,
            features=args.features.names if args.features is not None else (),
        ),
        train=TrainConfig(
            learning_rate=args.lr,
            optimizer=args.optimizer,
            momentum=args.momentum,
            batch_size=args.batch_size,
            epochs=epochs,
            l2=args.l2,
            seed=args.seed,
            gradient=args.gradient,
            schedule=args.schedule,
            stopping=_stopping(args),
        ),
    )
    return config, epochs


def _table_with_label(args, request):
    """``--data-csv`` read with its ``--label`` column (a session's data request has no label)."""
    if getattr(args, "label", None) is None or request.key != "table":
        return None
    from nnviz.data.datasets import load_dataset

    return load_dataset("table", path=request.path, label=args.label, test_ratio=request.test_ratio)


def _train_data(args, config):
    """The data of ``nnviz train``: a table read with its ``--label``, or the session's,
    with ``--features`` crosses applied."""
    data = _table_with_label(args, config.data) or config.data.load()
    features = getattr(args, "features", None)
    return data.with_feature_crosses(features) if features else data


def _regression_result(trainer) -> dict:
    """MSE, RMSE and R² of both splits for ``train --json`` (accuracies do not apply)."""
    from nnviz.core.metrics import regression_scores

    out: dict = {"train_accuracy": None, "test_accuracy": None}
    for split in ("train", "test"):
        x, y = trainer.data.split(split)
        s = regression_scores(trainer.network.scores(x), y)
        out.update(
            {f"{split}_mse": s.mse, f"{split}_rmse": s.rmse, f"{split}_r2": s.r2}
            if len(y)
            else {f"{split}_mse": None, f"{split}_rmse": None, f"{split}_r2": None}
        )
    out["test_loss"] = out["test_mse"]
    return {k: _nan_to_none(v) for k, v in out.items()}


def cmd_train(args) -> int:
    from nnviz.app.config import build_trainer
    from nnviz.core.trainer import TrainState

    config, epochs = _train_setup(args)
    args.epochs, args.dataset, args.gradient = epochs, config.data.key, config.train.gradient
    net_cfg, cfg = config.network, config.train
    data = _train_data(args, config)
    trainer = _layered_trainer(config, args) if args.arch else build_trainer(config, data=data)
    net, data = trainer.network, trainer.data
    passes = 2 * net.param_count if args.gradient == "numerical" else None
    if passes is not None and net.param_count > NUMERICAL_WARN_PARAMS:
        print(
            "nnviz: warning: numerical gradients cost 2 forward passes per parameter: "
            f"{passes:,} per step.",
            file=sys.stderr,
        )
    bar = _Progress(args.epochs, enabled=not args.json)

    def show(rec) -> None:
        if data.is_regression:
            score = f"RMSE {rec.train_rmse:.4f}  R² {rec.train_r2:.3f}"
        else:
            test = f"  test acc {rec.test_accuracy:.1%}" if math.isfinite(rec.test_accuracy) else ""
            score = f"acc {rec.train_accuracy:.1%}{test}"
        bar.update(
            rec.epoch,
            f"epoch {rec.epoch}/{args.epochs}  {trainer.loss_label} {rec.train_loss:.4f}  {score}",
            force=rec.epoch == args.epochs,
        )

    trainer.run(args.epochs, callback=show)
    bar.close()
    if trainer.state is TrainState.DIVERGED:
        raise NnvizError(trainer.message)
    stopped = trainer.message if trainer.state is TrainState.STOPPED else None
    final_loss = trainer.history[-1].train_loss if trainer.history else float("nan")
    _, train_acc = trainer.evaluate("train")
    test_loss, test_acc = trainer.evaluate("test") if data.has_test else (math.nan, math.nan)
    result = {
        "dataset": args.dataset,
        "epochs": trainer.epoch,
        "iterations": trainer.iteration,
        "final_train_loss": _nan_to_none(final_loss),
        "train_accuracy": _nan_to_none(train_acc),
        "test_accuracy": _nan_to_none(test_acc),
        "test_loss": _nan_to_none(test_loss),
        "seconds": round(trainer.train_seconds, 4),
        "samples_per_second": round(trainer.samples_per_second, 1),
        "network": net.description if args.arch else "-".join(map(str, net.sizes)),
        "gradient": args.gradient,
        "schedule": cfg.schedule.spec,
        "final_learning_rate": trainer.history[-1].learning_rate if trainer.history else None,
        "stopped": stopped,
        "loss": trainer.loss_label,
    }
    if data.feature_crosses:
        result["features"] = list(data.feature_crosses)
    if data.is_regression:
        result.update(_regression_result(trainer))
        train_acc, test_acc = math.nan, math.nan
    if passes is not None:
        result["forward_passes_per_step"] = passes
    if data.is_table:
        result["features"] = list(data.feature_names)
        result["classes"] = list(data.class_names)
    if args.save:
        from nnviz.core.modelio import save_model

        save_model(
            args.save,
            net,
            class_names=data.class_names,
            input_shape=data.image_shape or (data.n_features,),
            meta={
                "dataset": args.dataset,
                "network_config": {
                    "layers": net.arch.text,
                    "init": args.init,
                    "features": list(data.feature_crosses),
                }
                if args.arch
                else net_cfg,
                "train_config": cfg,
                "metrics": {
                    k: result[k] for k in ("final_train_loss", "train_accuracy", "test_accuracy")
                },
                "tabular": data.standardisation,  # feature columns and scaling, for export
            },
        )
        result["saved"] = str(args.save)
    if args.json:
        _emit_json(result)
    elif data.is_regression:
        test = (
            f", test RMSE {result['test_rmse']:.4f}, R² {result['test_r2']:.3f}"
            if data.has_test and result["test_r2"] is not None
            else ""
        )
        print(
            f"Trained {result['network']} on {args.dataset} for {trainer.epoch} epochs in "
            f"{trainer.train_seconds:.2f} s: final MSE {final_loss:.4f}, train RMSE "
            f"{result['train_rmse']:.4f}, R² {result['train_r2'] or math.nan:.3f}{test}."
        )
        if args.save:
            print(f"Saved the model to {args.save}.")
    else:
        test = f", test accuracy {test_acc:.2%}" if data.has_test else ""
        cost = f"; numerical gradients, {passes:,} forward passes per step" if passes else ""
        print(
            f"Trained {result['network']} on {args.dataset} for {trainer.epoch} epochs in "
            f"{trainer.train_seconds:.2f} s ({trainer.samples_per_second:,.0f} samples/s{cost}): "
            f"final loss {final_loss:.4f}, train accuracy {train_acc:.2%}{test}."
        )
        if stopped:
            print(stopped)
        if args.save:
            print(f"Saved the model to {args.save}.")
    return 0


def _layered_trainer(config, args):
    """The trainer of ``nnviz train --arch SPEC``: a LayerNetwork on the session's data."""
    from dataclasses import replace

    from nnviz.app.config import build_trainer

    if args.config:
        raise UserError("nnviz train: give --arch or --config, not both.")
    config = replace(config, network=replace(config.network, arch=args.arch))
    return build_trainer(config, data=_train_data(args, config))


def cmd_eval(args) -> int:
    from nnviz.core.modelio import check_fits, resolve_model
    from nnviz.data.datasets import load_dataset

    model = resolve_model(args.model, args.activation)
    data = load_dataset(args.dataset, data_dir=args.data_dir)
    if data.is_regression != model.network.is_regression:
        raise ConfigError(
            f"{args.model} and {args.dataset} do not match: one is for regression, "
            "the other for classification."
        )
    if model.crosses:
        if not (data.is_points and data.n_features == 2):
            raise ConfigError(
                f"{args.model} takes feature crosses of 2-D points "
                f"({', '.join(model.crosses.labels)}), and {args.dataset} is not 2-D point data."
            )
        data = data.with_feature_crosses(model.crosses)  # what the network trained on
    check_fits(model, data.n_features, data.n_classes, args.dataset)
    x, y = data.split(args.split)
    if len(y) == 0:
        raise ConfigError(f"{args.dataset} has no {args.split} split.")
    if data.is_regression:
        from nnviz.core.metrics import regression_scores

        sc = regression_scores(model.network.scores(x), y)
        figures = {"loss": "MSE", "mse": sc.mse, "rmse": sc.rmse, "r2": _nan_to_none(sc.r2)}
        text = f"MSE {sc.mse:.4f}, RMSE {sc.rmse:.4f}, R² {sc.r2:.3f}"
    else:
        loss, acc = model.network.evaluate(x, y)
        figures = {"accuracy": acc, "loss": loss}
        text = f"accuracy {acc:.2%}, loss {loss:.4f}"
    result = {
        "dataset": args.dataset,
        "split": args.split,
        "samples": int(len(y)),
        **figures,
        "model": str(args.model),
    }
    if model.crosses:
        result["features"] = list(model.crosses.names)
    if args.json:
        _emit_json(result)
    else:
        print(f"{args.model} on {args.dataset} ({args.split}, {len(y):,} samples): {text}.")
    return 0


def cmd_predict(args) -> int:
    from nnviz.core.modelio import resolve_model
    from nnviz.data.digits import preprocess_digit
    from nnviz.imageio import read_grayscale

    model = resolve_model(args.model, args.activation)
    if not model.is_digit_model:
        raise ConfigError(
            f"{args.model} is not a digit model (it must take 784 inputs and predict 10 classes)."
        )
    gray = read_grayscale(args.image)
    digit = preprocess_digit(gray, invert="auto")
    if digit is None:
        raise ConfigError(f"{args.image} has no ink to read: the image is blank.")
    probs = model.network.predict_proba(digit.reshape(1, -1))[0]
    order = probs.argsort()[::-1]
    label = model.class_names[order[0]]
    if args.json:
        _emit_json(
            {
                "image": args.image,
                "prediction": label,
                "probability": float(probs[order[0]]),
                "probabilities": [float(p) for p in probs],
                "top3": [[model.class_names[i], float(probs[i])] for i in order[:3]],
            }
        )
    else:
        top = ", ".join(f"{model.class_names[i]} {probs[i]:.1%}" for i in order[1:3])
        print(f"{label} · {probs[order[0]]:.1%}  (then {top})")
    return 0


def cmd_export(args) -> int:
    from nnviz.core.export_code import export_model_python
    from nnviz.core.modelio import resolve_model

    model = resolve_model(args.model, args.activation)
    written = export_model_python(args.python, model, weights=args.weights)
    print(f"Wrote {' and '.join(map(str, written))}; run: python {written[0]} DATA.csv")
    return 0


def cmd_data(args) -> int:
    from nnviz.data import locate as loc_mod
    from nnviz.data.datasets import DATASETS

    if args.data_command == "list":
        for key, spec in DATASETS.items():
            if spec.needs_files:
                found = loc_mod.locate(key)
                where = str(found.path) if found else "not found (nnviz data download " + key + ")"
            elif spec.needs_path:
                where = "your own CSV file"
            elif spec.needs_sklearn:
                try:
                    import sklearn  # noqa: F401

                    where = "scikit-learn"
                except ImportError:
                    where = 'needs scikit-learn (pip install "nnviz[digits]")'
            else:
                where = "generated"
            print(f"{key:15} {spec.title:40} {where}")
        return 0
    if args.data_command == "path":
        found = loc_mod.locate(args.name, args.data_dir)
        if found is None:
            raise NnvizError(
                loc_mod.describe_missing(
                    args.name, loc_mod.candidate_dirs(args.name, args.data_dir)
                )
            )
        print(found.path)
        return 0
    from nnviz.data.download import download

    bar = _Progress(1, enabled=True)

    def progress(done: int, total: int) -> None:
        bar.total = max(total, 1)
        bar.update(done, f"{done / 1e6:.1f} / {total / 1e6:.1f} MB")

    dest = Path(args.data_dir) / args.name if args.data_dir else None
    path = download(args.name, dest, progress=progress)
    bar.close()
    print(f"Downloaded {args.name} to {path}.")
    return 0


def _format_figure(key: str, value: float) -> str:
    """A published or measured figure as people read it (accuracies in percent)."""
    if "accuracy" in key:
        return f"{value:.2%}"
    if key == "speedup":
        return f"{value:,.0f}×"
    if value != 0 and abs(value) < 1e-3:
        return f"{value:.1e}"
    return f"{value:.4f}"


def _format_tolerance(key: str, tolerance: float, bound: str | None) -> str:
    if bound == "at_most":
        return "at most"
    if bound == "at_least":
        return "at least"
    if "accuracy" in key:
        return f"±{tolerance * 100:g} points"
    return f"±{tolerance:g}"


def _format_detail(value) -> str:
    if isinstance(value, float):
        return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.4g}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    if isinstance(value, dict):
        return ", ".join(f"{k} {v}" for k, v in value.items())
    return str(value)


def _network_summary(t) -> str:
    hidden = ",".join(map(str, t.network.hidden)) or "none"
    acts = f" {t.network.activation}" if t.network.hidden else ""
    if t.network.features:
        hidden = f"{hidden} · inputs {','.join(t.network.features)}"
    batch = "full batch" if t.train.batch_size is None else f"batch {t.train.batch_size}"
    if not t.trains:
        return f"hidden {hidden}{acts} · inference only ({batch}) with {t.weights}"
    length = "until stopped" if t.train.epochs is None else f"{t.train.epochs:,} epochs"
    l2 = f" · L2 {t.train.l2:g}" if t.train.l2 else ""
    return (
        f"hidden {hidden}{acts} · init {t.network.init} · {t.train.optimizer} lr "
        f"{t.train.learning_rate:g} · {batch} · {length}{l2} · {t.gradient} gradients"
    )


def cmd_tutorial(args) -> int:
    from nnviz.app import convnet_tutorial
    from nnviz.app.labs import LABS
    from nnviz.app.tutorial_runner import run_tutorial
    from nnviz.app.tutorials import TUTORIALS, tutorial

    if args.tutorial_command == "list":
        if args.json:
            _emit_json(
                {
                    "tutorials": [
                        {
                            **t.to_dict(),
                            "gradient": t.gradient,
                            "loss_plot_window": t.loss_plot_window,
                        }
                        for t in TUTORIALS.values()
                    ],
                    "labs": [lab.to_dict() for lab in LABS.values()],
                }
            )
            return 0
        for t in TUTORIALS.values():
            groups = []
            for origin, label in LIST_ORIGIN_TEXT.items():
                figures = ", ".join(
                    f"{k.replace('_', ' ')} {_format_figure(k, v)}"
                    for k, v in t.published.items()
                    if t.origin(k) == origin
                )
                if figures:
                    groups.append(f"{label}: {figures}")
            print(f"{t.name:22} {t.title} — {t.source}")
            print(f"{'':22} {t.dataset} · {_network_summary(t)}")
            print(f"{'':22} {' · '.join(groups)}")
        for lab in LABS.values():
            print(f"{lab.name:22} {lab.title} — {lab.source}")
            takes = ", ".join(f"--{o.replace('_', '-')}" for o in lab.options)
            print(f"{'':22} lab · needs {lab.needs or 'nothing'} · takes {takes}")
        return 0

    if args.name in LABS:
        return _run_lab(args)
    if args.name not in TUTORIALS and args.name != convnet_tutorial.NAME:
        names = ", ".join([*TUTORIALS, convnet_tutorial.NAME, *LABS])
        raise ConfigError(f"Unknown tutorial {args.name!r}; choose one of {names}.")
    given = [f"--{k}" for k in LAB_OPTIONS if getattr(args, k) is not None]
    if given:
        raise ConfigError(f"{given[0]} is a setting of the labs, not of the {args.name} tutorial.")
    bar = _Progress(1, enabled=not args.json)

    def progress(done: int, total: int, text: str) -> None:
        bar.total = max(total, 1)
        bar.update(done, text, force=done >= total)

    t, result = _run_convnet_tutorial(args, progress)
    if t is None:
        t = tutorial(args.name)  # an unknown name is a one-line error listing the names
        result = run_tutorial(
            t.name, data_dir=args.data_dir, weights=args.weights, progress=progress
        )
    bar.close()
    if args.json:
        _emit_json(result.to_dict())
        return 0
    print(f"{t.name}: {t.title} ({t.source})")
    rows = [("figure", "published", "measured", "tolerance", "", "from")]
    for key, ok in result.within.items():
        rows.append(
            (
                key,
                _format_figure(key, result.published[key]),
                _format_figure(key, result.measured[key]),
                _format_tolerance(key, result.tolerance[key], result.bounds.get(key)),
                "✓" if ok else "✗",
                ORIGIN_TEXT[result.origins.get(key, "quote")],
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    for r in rows:
        print(
            f"  {r[0]:<{widths[0]}}  {r[1]:>{widths[1]}}  {r[2]:>{widths[2]}}  "
            f"{r[3]:<{widths[3]}}  {r[4]:<{widths[4]}}  {r[5]}".rstrip()
        )
    verdict = "yes" if result.reproduced else "no"
    print(f"Reproduced: {verdict} (published vs measured, within the tolerance).")
    for row in result.details.get("source_losses", []):
        nnviz = "—" if row["nnviz"] is None else f"{row['nnviz']:.4f}"
        print(
            f"  loss at iteration {row['iteration']:,}: source {row['source']:.4f}, nnviz {nnviz}"
        )
    for key, value in result.details.items():
        if not isinstance(value, list):
            print(f"  {key.replace('_', ' ')}: {_format_detail(value)}")
    return 0


ORIGIN_TEXT = {
    "quote": "printed by the source",
    "re-run": "source code, re-run",
    "check": "nnviz's own check",
}
"""The table's "from" column: where each published figure comes from."""
LIST_ORIGIN_TEXT = {"quote": "published", "re-run": "source code, re-run", "check": "nnviz checks"}
"""``tutorial list``: the label of each group of figures."""


def _desktop_launcher(install: bool) -> int:
    """``--install-desktop`` / ``--uninstall-desktop``: write or remove the menu entry."""
    from nnviz.desktop import data_home, install_desktop, uninstall_desktop

    root = data_home()
    if install:
        written = install_desktop(root)
        print(f"Wrote {written[0]} and {len(written) - 1} icon files (PNG sizes and SVG) under")
        print(f"{root / 'icons' / 'hicolor'}; nnviz is in the application menu (Education).")
        return 0
    removed = uninstall_desktop(root)
    print(
        f"Removed {len(removed)} files under {root}."
        if removed
        else f"Nothing to remove: no nnviz launcher under {root}."
    )
    return 0


def _run_convnet_tutorial(args, progress):
    """``(tutorial, result)`` for the convnet tutorial, ``(None, None)`` for any other name."""
    from nnviz.app import convnet_tutorial

    if args.name != convnet_tutorial.NAME:
        return None, None
    if args.weights is not None:
        raise ConfigError(f"The {args.name} tutorial trains its own weights; drop --weights.")
    result = convnet_tutorial.run_simple_convnet(args.data_dir, progress=progress)
    return convnet_tutorial.SIMPLE_CONVNET_TUTORIAL, result


def cmd_app(args) -> int:
    if args.install_desktop or args.uninstall_desktop:
        return _desktop_launcher(args.install_desktop)
    if args.tutorial:
        from nnviz.app.tutorials import tutorial

        tutorial(args.tutorial)  # an unknown name: one sentence listing the names, exit 2
    if args.session:
        from nnviz.app.session_file import load_session

        load_session(args.session)  # a missing or broken file: one sentence, exit 2
    from nnviz.platform_check import check_xcb_libraries

    # Qt aborts the process when its X11 plugin cannot load: name the apt line instead.
    check_xcb_libraries()
    try:
        from nnviz.gui.app import run_app
    except ImportError as e:
        raise NnvizError(f"The desktop app could not start: {e}.") from None
    return run_app(sys.argv[:1], session=args.session, tutorial=args.tutorial, lang=args.lang)


COMMANDS = {
    "train": cmd_train,
    "eval": cmd_eval,
    "predict": cmd_predict,
    "export": cmd_export,
    "data": cmd_data,
    "tutorial": cmd_tutorial,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv or os.environ.get("NNVIZ_DEBUG") == "1"
    try:
        args = build_parser().parse_args(argv)
        if getattr(args, "command", None) is None:
            return cmd_app(args)
        return COMMANDS[args.command](args)
    except NnvizError as e:
        if debug:
            raise
        print(f"nnviz: {e}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print("nnviz: interrupted.", file=sys.stderr)
        return 130
    except Exception as e:  # an internal error: say so briefly, trace only with --debug
        if debug:
            raise
        print(
            f"nnviz: internal error: {type(e).__name__}: {e} (run with --debug for details)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL_ERROR
