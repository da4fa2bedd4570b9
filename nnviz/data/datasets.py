"""The dataset registry: every dataset nnviz knows, its defaults, and ``load_dataset``."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from nnviz.core.init import RNGS
from nnviz.data.synthetic import GENERATORS, REGRESSION_GENERATORS
from nnviz.errors import ConfigError, DataError


@dataclass(frozen=True)
class DatasetSpec:
    """What the registry knows of one dataset: its key, kind and default parameters.

    ``classes`` is ``None`` when the class count is fixed by the data; the
    ``max_classes`` bound applies to 2-D sets whose generator takes a class count.
    ``task`` is ``"classification"`` or ``"regression"`` (float targets, no classes;
    ``samples`` then counts all points, not points per class).
    """

    key: str
    title: str
    kind: str  # "points" (2-D), "curve" (1-D inputs), "images" or "table" (named features)
    description: str
    samples: int | None = None
    noise: float | None = None
    classes: int | None = None
    max_classes: int = 2
    test_ratio: float | None = 0.0
    seed: int = 0
    task: str = "classification"

    @property
    def is_points(self) -> bool:
        return self.kind == "points"

    @property
    def is_regression(self) -> bool:
        return self.task == "regression"

    @property
    def is_table(self) -> bool:
        return self.kind == "table"

    @property
    def needs_files(self) -> bool:
        return self.key in ("mnist", "fashion-mnist")

    @property
    def needs_path(self) -> bool:
        """True for datasets read from one file the user names (``path=``)."""
        return self.key in ("csv", "reg-csv", "table")

    @property
    def needs_sklearn(self) -> bool:
        """True for the sets that come with scikit-learn."""
        return self.key in SKLEARN_SETS or self.key == "digits"


def sklearn_available() -> bool:
    """scikit-learn can be imported (looked up, not imported: that takes a second)."""
    import importlib.util

    return importlib.util.find_spec("sklearn") is not None


DATASETS: dict[str, DatasetSpec] = {
    s.key: s
    for s in [
        DatasetSpec(
            "spiral",
            "Spiral (Deep Learning from Scratch 2)",
            "points",
            "Three interleaved spiral arms; the DLFS2 ch01 tutorial's generator.",
            samples=100,
            noise=0.2,
            classes=3,
            max_classes=8,
            seed=7777,
        ),
        DatasetSpec(
            "spiral-cs231n",
            "Spiral (CS231n case study)",
            "points",
            "CS231n's spiral: not linearly separable, a linear classifier reaches about 49%.",
            samples=100,
            noise=0.2,
            classes=3,
            max_classes=8,
            seed=0,
        ),
        DatasetSpec(
            "circle",
            "Circle (Playground)",
            "points",
            "TensorFlow Playground's default problem: a disc inside a ring.",
            samples=250,
            noise=0.0,
            classes=2,
            max_classes=4,
            test_ratio=0.5,
            seed=0,
        ),
        DatasetSpec(
            "xor",
            "Exclusive or (Playground)",
            "points",
            "TensorFlow Playground's XOR quadrants.",
            samples=250,
            noise=0.0,
            test_ratio=0.5,
            seed=0,
        ),
        DatasetSpec(
            "gauss",
            "Gaussian blobs (Playground)",
            "points",
            "Two Gaussian clusters (more on a circle); linearly separable at low noise.",
            samples=250,
            noise=0.0,
            classes=2,
            max_classes=8,
            test_ratio=0.5,
            seed=0,
        ),
        DatasetSpec(
            "moons",
            "Two moons",
            "points",
            "Two interleaving half circles (scikit-learn's make_moons).",
            samples=250,
            noise=0.1,
            test_ratio=0.5,
            seed=0,
        ),
        DatasetSpec(
            "reg-plane",
            "Plane (Playground regression)",
            "points",
            "TensorFlow Playground's tilted plane: the target is (x₁ + x₂)/10.",
            samples=1200,
            noise=0.0,
            test_ratio=0.5,
            seed=0,
            task="regression",
        ),
        DatasetSpec(
            "reg-gauss",
            "Gaussian bumps (Playground regression)",
            "points",
            "TensorFlow Playground's six ±1 bumps on a 3 × 2 grid, 0 between them.",
            samples=1200,
            noise=0.0,
            test_ratio=0.5,
            seed=0,
            task="regression",
        ),
        DatasetSpec(
            "reg-1d",
            "1-D regression (ConvNetJS)",
            "curve",
            "ConvNetJS's 1-D regression demo: 20 points of x·sin x for x in ±5.",
            samples=20,
            noise=0.0,
            test_ratio=0.0,
            seed=0,
            task="regression",
        ),
        DatasetSpec(
            "csv",
            "Your own points (CSV)",
            "points",
            "2-D points from a CSV file of x,y,label rows (File → Open points CSV…).",
            test_ratio=0.2,
            max_classes=8,
            seed=0,
        ),
        DatasetSpec(
            "reg-csv",
            "Your own regression points (CSV)",
            "points",
            "2-D points with a number to predict: x,y,target rows (saved painted data).",
            test_ratio=0.2,
            seed=0,
            task="regression",
        ),
        DatasetSpec(
            "table",
            "Your own table (CSV)",
            "table",
            "Any numeric feature columns and a label column from a CSV file with a header row.",
            test_ratio=0.2,
            seed=0,
        ),
        DatasetSpec(
            "iris",
            "Iris (scikit-learn)",
            "table",
            "Fisher's 150 irises: 4 measurements, 3 species.",
            test_ratio=0.2,
            seed=0,
        ),
        DatasetSpec(
            "wine",
            "Wine (scikit-learn)",
            "table",
            "178 Italian wines: 13 chemical measurements, 3 cultivars.",
            test_ratio=0.2,
            seed=0,
        ),
        DatasetSpec(
            "breast-cancer",
            "Breast cancer (scikit-learn)",
            "table",
            "569 Wisconsin tumour samples: 30 cell-nucleus features, malignant or benign.",
            test_ratio=0.2,
            seed=0,
        ),
        DatasetSpec(
            "mnist",
            "MNIST digits",
            "images",
            "Handwritten digits 0–9, 28×28 grey (LeCun & Cortes, CC BY-SA 3.0).",
            test_ratio=None,
        ),
        DatasetSpec(
            "fashion-mnist",
            "Fashion-MNIST",
            "images",
            "Zalando's clothing images, 10 classes, 28×28 grey (MIT licence).",
            test_ratio=None,
        ),
        DatasetSpec(
            "digits",
            "8×8 digits (scikit-learn)",
            "images",
            'scikit-learn\'s 1,797 8×8 digits; needs scikit-learn (pip install "nnviz[digits]").',
            test_ratio=0.1,
            seed=0,
        ),
    ]
}

SKLEARN_SETS = {"iris": "load_iris", "wine": "load_wine", "breast-cancer": "load_breast_cancer"}
"""Tabular sets shipped with scikit-learn: key → loader function in sklearn.datasets."""

FASHION_CLASSES = (
    "T-shirt/top",
    "Trouser",
    "Pullover",
    "Dress",
    "Coat",
    "Sandal",
    "Shirt",
    "Sneaker",
    "Bag",
    "Ankle boot",
)
HOLDOUT_WITHOUT_TEST_FILES = 0.125
"""Share of the training files held out as the test split when a folder has no t10k files."""


@dataclass
class Dataset:
    """Loaded data: train/test arrays plus what the views need to show them.

    Images are kept as uint8 in memory and scaled to [0, 1] per batch by
    :meth:`features`; 2-D points are float32.

    A regression set (``task="regression"``) has float32 targets ``y`` of shape
    ``(N,)`` (one output) and no classes: ``class_names`` is empty, so
    ``n_classes`` is 0, and :attr:`n_outputs` (1) sizes the network's output.
    Its ``kind`` still says how inputs are drawn: ``"points"`` (2-D, a heatmap of
    the prediction) or ``"curve"`` (1-D, a fitted curve).

    With feature crosses (:meth:`with_feature_crosses`), ``x_train``/``x_test`` hold the
    network inputs ``φ(x)`` and :attr:`raw` the dataset of the plain 2-D points
    (draw and paint on ``raw``, train on this one).
    """

    key: str
    kind: str
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    class_names: tuple[str, ...]
    image_shape: tuple[int, int] | None = None
    source: str = "generated"
    params: dict = field(default_factory=dict)
    task: str = "classification"
    raw: Dataset | None = None
    feature_crosses: tuple[str, ...] = ()
    feature_names: tuple[str, ...] | None = None  # tables: the column of each feature
    # rng="book": the legacy generator's state after it drew the data, so that the initial
    # weights and the shuffles continue the same stream (as the books' code does)
    book_state: tuple | None = field(default=None, repr=False, compare=False)

    @property
    def is_table(self) -> bool:
        return self.kind == "table"

    @property
    def standardisation(self) -> dict | None:
        """A table's feature names, label column and training-split mean and std (JSON-ready).

        What a saved model needs so that new raw rows can be fed to it (an exported
        script applies ``(x - mean) / std``); ``None`` for other kinds of data.
        """
        if not self.is_table:
            return None
        keys = ("feature_names", "label", "mean", "std")
        return {k: self.params.get(k) for k in keys}

    @property
    def n_features(self) -> int:
        return int(self.x_train.shape[1])

    @property
    def n_classes(self) -> int:
        return len(self.class_names)

    @property
    def is_regression(self) -> bool:
        return self.task == "regression"

    @property
    def n_outputs(self) -> int:
        """Network outputs this data needs: its classes, or its target columns."""
        if not self.is_regression:
            return self.n_classes
        return 1 if self.y_train.ndim == 1 else int(self.y_train.shape[1])

    @property
    def loss(self) -> str:
        """The network loss kind for this data: ``"cross_entropy"`` or ``"mse"``."""
        return "mse" if self.is_regression else "cross_entropy"

    def inputs(self, split: str = "train") -> np.ndarray:
        """The plain inputs of a split, before any feature crosses (what views draw)."""
        return (self if self.raw is None else self.raw).split(split)[0]

    def with_feature_crosses(self, names) -> Dataset:
        """This 2-D point data with inputs mapped through feature crosses (see core.features).

        ``names`` is a sequence of feature names or a
        :class:`~nnviz.core.features.FeatureMap`; empty means the plain inputs.

        Raises
        ------
        ConfigError
            For an unknown name, or data that is not 2-D points.
        """
        from dataclasses import replace

        from nnviz.core.features import FeatureMap

        fmap = names if isinstance(names, FeatureMap) else FeatureMap(tuple(names))
        base = self if self.raw is None else self.raw
        if not fmap.names:
            return base
        if base.kind != "points" or base.n_features != 2:
            raise ConfigError("Feature crosses need 2-D point data.")
        return replace(
            base,
            x_train=fmap(base.x_train),
            x_test=fmap(base.x_test),
            raw=base,
            feature_crosses=fmap.names,
        )

    @property
    def has_test(self) -> bool:
        return len(self.y_test) > 0

    @property
    def is_points(self) -> bool:
        return self.kind == "points"

    def features(self, x: np.ndarray) -> np.ndarray:
        """Float32 network input for rows of ``x_train``/``x_test`` (uint8 divided by 255).

        Float64 rows (points drawn by the book RNG) stay float64: a float64 network
        trains on them unrounded, a float32 one converts them itself.
        """
        if x.dtype == np.float64:
            return x
        if x.dtype == np.uint8:
            return np.divide(x, np.float32(255), dtype=np.float32)  # the books' x / 255
        return x.astype(np.float32, copy=False)

    def split(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """``(x, y)`` of ``"train"`` or ``"test"``."""
        if name == "train":
            return self.x_train, self.y_train
        if name == "test":
            return self.x_test, self.y_test
        raise ConfigError(f"Unknown split {name!r}; choose train or test.")

    def __repr__(self) -> str:
        what = "targets" if self.is_regression else "classes"
        n = self.n_outputs if self.is_regression else self.n_classes
        return (
            f"Dataset({self.key!r}, train={len(self.y_train)}, test={len(self.y_test)}, "
            f"features={self.n_features}, {what}={n})"
        )


def dataset_spec(key: str) -> DatasetSpec:
    """The registry entry for ``key``, or a clear error listing the known keys."""
    try:
        return DATASETS[key]
    except KeyError:
        raise ConfigError(
            f"Unknown dataset {key!r}; choose one of {', '.join(DATASETS)}."
        ) from None


def _check_ratio(ratio: float) -> float:
    if not (0.0 <= ratio < 1.0) or math.isnan(ratio):
        raise ConfigError("The test ratio must be at least 0 and below 1.")
    return float(ratio)


def _holdout(x, y, ratio: float, rng: np.random.Generator | None):
    """Split off ``ratio`` of the rows as a test set (shuffled when ``rng`` is given)."""
    n = len(y)
    n_test = int(round(n * ratio))
    if ratio > 0 and n_test == 0 and n > 1:
        n_test = 1
    idx = rng.permutation(n) if rng is not None else np.arange(n)
    train, test = idx[: n - n_test], idx[n - n_test :]
    if rng is not None:
        train, test = np.sort(train), np.sort(test)
    return x[train], y[train], x[test], y[test]


def load_dataset(
    key: str,
    *,
    data_dir: str | Path | None = None,
    samples: int | None = None,
    noise: float | None = None,
    classes: int | None = None,
    test_ratio: float | None = None,
    seed: int | None = None,
    path: str | Path | None = None,
    label: str | None = None,
    rng: str = "modern",
) -> Dataset:
    """Generate or load the dataset ``key``.

    Parameters
    ----------
    key
        A key of :data:`DATASETS`.
    data_dir
        Folder to look in first for MNIST-family files.
    samples
        2-D sets: points per class.  Image sets: use only the first ``samples``
        training images.
    noise, classes, seed
        Generator parameters of the 2-D sets (defaults from the registry).
    test_ratio
        Share of the data held out for testing.  Image sets with t10k files use
        those instead; without them the last 12.5% of the training files is held
        out unless a ratio is given.
    path
        The CSV file of the ``csv`` dataset (x,y,label rows) or of the ``table``
        dataset (a header row, numeric features and a label column).
    label
        ``table``: the label column's name (default: the last column).
    rng
        ``"modern"`` (``numpy.random.default_rng(seed)``) or ``"book"``: the 2-D sets
        are drawn in float64 by a legacy ``numpy.random.RandomState(seed)``, as
        ``np.random.seed(seed)`` and ``np.random.randn`` in the books' code, and the
        generator's state afterwards is kept in :attr:`Dataset.book_state`.

    Raises
    ------
    ConfigError
        For an unknown key or a value out of range.
    DataError
        When files are missing or malformed.
    """
    spec = dataset_spec(key)
    if samples is not None and samples < 1:
        raise ConfigError("The number of samples must be at least 1.")
    if test_ratio is not None:
        _check_ratio(test_ratio)
    if label is not None and key != "table":
        raise ConfigError(f"{spec.title} has no label column to choose; only table does.")
    if spec.is_table:
        if samples is not None or noise is not None or classes is not None:
            raise ConfigError(f"{spec.title} has no samples, noise or class-count setting.")
        return _load_table(spec, path, label, test_ratio, seed)
    if spec.needs_path:
        return _load_points_csv(spec, path, test_ratio, seed)
    if rng not in RNGS:
        raise ConfigError(f"The random generator must be one of {', '.join(RNGS)}, not {rng!r}.")
    if spec.is_regression:
        return _load_regression(spec, samples, noise, classes, test_ratio, seed)
    if spec.is_points:
        return _load_points(spec, samples, noise, classes, test_ratio, seed, rng == "book")
    if noise is not None or classes is not None:
        raise ConfigError(f"{spec.title} has no noise or class-count setting.")
    if key == "digits":
        return _load_sklearn_digits(spec, samples, test_ratio, seed)
    return _load_mnist_family(spec, data_dir, samples, test_ratio)


def _generator_settings(spec, samples, noise, test_ratio, seed):
    """``(samples, noise, test ratio, seed)`` of a generated set: given values or the registry's."""
    n = spec.samples if samples is None else int(samples)
    noise = spec.noise if noise is None else float(noise)
    seed = spec.seed if seed is None else int(seed)
    ratio = spec.test_ratio if test_ratio is None else test_ratio
    if not (0 <= noise <= 10) or math.isnan(noise):
        raise ConfigError("Noise must be between 0 and 10.")
    return n, noise, ratio, seed


def _load_points(spec, samples, noise, classes, test_ratio, seed, book=False) -> Dataset:
    n, noise, ratio, seed = _generator_settings(spec, samples, noise, test_ratio, seed)
    k = spec.classes if classes is None else int(classes)
    k = 2 if k is None else k
    if classes is not None and spec.classes is None and k != 2:
        raise ConfigError(f"{spec.title} always has 2 classes.")
    if not 2 <= k <= spec.max_classes:
        raise ConfigError(f"{spec.title} supports 2 to {spec.max_classes} classes.")
    if n > 1_000_000:
        raise ConfigError("At most 1,000,000 points per class.")
    if book:
        rng = np.random.RandomState(seed)
        x, y = GENERATORS[spec.key](n, noise, k, rng, dtype=np.float64)
        # (the books keep every point in order: no draw for a split that holds none)
        x_tr, y_tr, x_te, y_te = _holdout(x, y, ratio, rng if ratio > 0 else None)
    else:
        rng = np.random.default_rng(seed)
        x, y = GENERATORS[spec.key](n, noise, k, rng)
        x_tr, y_tr, x_te, y_te = _holdout(x, y, ratio, rng)
    return Dataset(
        book_state=rng.get_state() if book else None,
        key=spec.key,
        kind="points",
        x_train=x_tr,
        y_train=y_tr,
        x_test=x_te,
        y_test=y_te,
        class_names=tuple(str(i) for i in range(k)),
        params={"samples": n, "noise": noise, "classes": k, "seed": seed, "test_ratio": ratio},
    )


def _load_regression(spec, samples, noise, classes, test_ratio, seed) -> Dataset:
    if classes is not None:
        raise ConfigError(f"{spec.title} is a regression set: it has no classes.")
    n, noise, ratio, seed = _generator_settings(spec, samples, noise, test_ratio, seed)
    if n > 1_000_000:
        raise ConfigError("At most 1,000,000 points.")
    rng = np.random.default_rng(seed)
    x, y = REGRESSION_GENERATORS[spec.key](n, noise, rng)
    x_tr, y_tr, x_te, y_te = _holdout(x, y, ratio, rng)
    return Dataset(
        key=spec.key,
        kind=spec.kind,
        x_train=x_tr,
        y_train=y_tr,
        x_test=x_te,
        y_test=y_te,
        class_names=(),
        params={"samples": n, "noise": noise, "seed": seed, "test_ratio": ratio},
        task="regression",
    )


def _load_points_csv(spec, path, test_ratio, seed) -> Dataset:
    from nnviz.data.points_csv import read_points_csv

    regression = spec.is_regression
    if not path:
        columns = "x,y,target" if regression else "x,y,label"
        raise DataError(f"Choose a CSV file of {columns} rows for your own points.")
    x, y, is_test = read_points_csv(path, regression=regression)
    seed = spec.seed if seed is None else int(seed)
    ratio = spec.test_ratio if test_ratio is None else test_ratio
    if is_test is not None:  # the file's own split column wins over any ratio
        x_tr, y_tr, x_te, y_te = x[~is_test], y[~is_test], x[is_test], y[is_test]
        ratio = float(is_test.mean())
    else:
        x_tr, y_tr, x_te, y_te = _holdout(x, y, ratio, np.random.default_rng(seed))
    if len(y_tr) == 0:
        raise DataError(f"{Path(path).name} has no training rows.")
    k = 0 if regression else int(y.max()) + 1
    return Dataset(
        key=spec.key,
        kind="points",
        x_train=x_tr,
        y_train=y_tr,
        x_test=x_te,
        y_test=y_te,
        class_names=tuple(str(i) for i in range(k)),
        source=str(path),
        params={"path": str(path), "seed": seed, "test_ratio": ratio},
        task=spec.task,
    )


def _sklearn_table(key: str):
    """``(x, y, feature_names, class_names)`` of one of scikit-learn's tabular sets."""
    import importlib

    try:
        loader = getattr(importlib.import_module("sklearn.datasets"), SKLEARN_SETS[key])
    except ImportError:
        raise DataError(
            f'The {key} dataset comes with scikit-learn: pip install "nnviz[digits]".'
        ) from None
    bunch = loader()
    names = tuple(str(n) for n in bunch.feature_names)
    return bunch.data.astype(np.float64), bunch.target.astype(np.int64), names, bunch.target_names


def _load_table(spec, path, label, test_ratio, seed) -> Dataset:
    from nnviz.data.tabular import read_table_csv, standardise

    if spec.key == "table":
        if not path:
            raise DataError("Choose a CSV file with a header row, feature columns and a label.")
        t = read_table_csv(path, label)
        x, y, features, classes, label = t.x, t.y, t.feature_names, t.class_names, t.label
        source = str(path)
    else:
        x, y, features, classes = _sklearn_table(spec.key)
        classes, label, source = tuple(str(c) for c in classes), "target", "scikit-learn"
    seed = spec.seed if seed is None else int(seed)
    ratio = spec.test_ratio if test_ratio is None else test_ratio
    x_tr, y_tr, x_te, y_te = _holdout(x, y, ratio, np.random.default_rng(seed))
    (x_tr, x_te), mean, std = standardise(x_tr, x_te)
    params = {"seed": seed, "test_ratio": ratio, "label": label, "feature_names": list(features)}
    if spec.key == "table":
        params["path"] = str(path)
    params.update(mean=mean.tolist(), std=std.tolist())
    return Dataset(
        key=spec.key,
        kind="table",
        x_train=x_tr,
        y_train=y_tr,
        x_test=x_te,
        y_test=y_te,
        class_names=classes,
        source=source,
        params=params,
        feature_names=tuple(features),
    )


def _load_sklearn_digits(spec, samples, test_ratio, seed) -> Dataset:
    try:
        from sklearn.datasets import load_digits
    except ImportError:
        raise DataError('The 8×8 digits need scikit-learn: pip install "nnviz[digits]".') from None
    bunch = load_digits()
    x = (bunch.data / 16.0).astype(np.float32)
    y = bunch.target.astype(np.int64)
    if samples is not None:
        x, y = x[:samples], y[:samples]
    seed = spec.seed if seed is None else int(seed)
    ratio = spec.test_ratio if test_ratio is None else test_ratio
    x_tr, y_tr, x_te, y_te = _holdout(x, y, ratio, np.random.default_rng(seed))
    return Dataset(
        key="digits",
        kind="images",
        x_train=x_tr,
        y_train=y_tr,
        x_test=x_te,
        y_test=y_te,
        class_names=tuple(str(i) for i in range(10)),
        image_shape=(8, 8),
        source="scikit-learn",
        params={"seed": seed, "test_ratio": ratio},
    )


def _load_mnist_family(spec, data_dir, samples, test_ratio) -> Dataset:
    from nnviz.data.locate import candidate_dirs, describe_missing, load_location, locate

    loc = locate(spec.key, data_dir)
    if loc is None:
        raise DataError(describe_missing(spec.key, candidate_dirs(spec.key, data_dir)))
    arrays = load_location(loc)
    x_tr, y_tr = arrays.x_train, arrays.y_train
    if samples is not None:
        x_tr, y_tr = x_tr[:samples], y_tr[:samples]
    if arrays.x_test is not None and test_ratio is None:
        x_te, y_te = arrays.x_test, arrays.y_test
        ratio = None
    else:
        ratio = HOLDOUT_WITHOUT_TEST_FILES if test_ratio is None else test_ratio
        x_tr, y_tr, x_te, y_te = _holdout(x_tr, y_tr, ratio, None)
    names = FASHION_CLASSES if spec.key == "fashion-mnist" else tuple(str(i) for i in range(10))
    return Dataset(
        key=spec.key,
        kind="images",
        x_train=x_tr,
        y_train=y_tr,
        x_test=x_te,
        y_test=y_te,
        class_names=names,
        image_shape=tuple(arrays.image_shape),
        source=str(loc.path),
        params={"test_ratio": ratio, "samples": samples},
    )
