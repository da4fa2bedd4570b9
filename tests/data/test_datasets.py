"""The dataset registry: defaults, splits, validation and the MNIST family."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from nnviz.data.datasets import (
    DATASETS,
    FASHION_CLASSES,
    HOLDOUT_WITHOUT_TEST_FILES,
    dataset_spec,
    load_dataset,
)
from nnviz.data.synthetic import GENERATORS, REGRESSION_GENERATORS
from nnviz.errors import ConfigError, DataError
from tests.data.mnist_fixtures import write_idx_dataset

POINT_SETS = [
    k for k, s in DATASETS.items() if s.is_points and not s.needs_path and not s.is_regression
]


def sorted_rows(x: np.ndarray) -> np.ndarray:
    return x[np.lexsort(x.T[::-1])]


# ---------------------------------------------------------------------- 2-D sets
def test_every_generator_is_registered_and_every_point_set_has_a_generator():
    assert set(POINT_SETS) == set(GENERATORS)
    generated = {k for k, s in DATASETS.items() if s.is_regression and not s.needs_path}
    assert generated == set(REGRESSION_GENERATORS)


@pytest.mark.parametrize(
    ("key", "n_train", "n_test", "n_classes"),
    [
        ("spiral", 300, 0, 3),
        ("spiral-cs231n", 300, 0, 3),
        ("circle", 250, 250, 2),
        ("xor", 250, 250, 2),
        ("gauss", 250, 250, 2),
        ("moons", 250, 250, 2),
    ],
)
def test_point_set_defaults(key, n_train, n_test, n_classes):
    d = load_dataset(key)
    assert (len(d.y_train), len(d.y_test), d.n_classes) == (n_train, n_test, n_classes)
    assert d.n_features == 2 and d.is_points and d.kind == "points"
    assert d.x_train.dtype == np.float32 and d.y_train.dtype == np.int64
    assert d.has_test == (n_test > 0)
    assert d.class_names == tuple(str(i) for i in range(n_classes))


@pytest.mark.parametrize("key", POINT_SETS)
def test_point_sets_are_reproducible_and_the_seed_matters(key):
    a, b = load_dataset(key), load_dataset(key)
    c = load_dataset(key, seed=DATASETS[key].seed + 1)
    np.testing.assert_array_equal(a.x_train, b.x_train)
    np.testing.assert_array_equal(a.y_test, b.y_test)
    assert not np.array_equal(a.x_train, c.x_train)


def test_the_spirals_use_their_tutorials_seeds_and_generators():
    for key, generator in (("spiral", "spiral"), ("spiral-cs231n", "spiral-cs231n")):
        spec = DATASETS[key]
        x, y = GENERATORS[generator](100, 0.2, 3, np.random.default_rng(spec.seed))
        d = load_dataset(key)
        np.testing.assert_array_equal(d.x_train, x)
        np.testing.assert_array_equal(d.y_train, y)


def test_the_test_split_is_held_out_from_the_same_points():
    d = load_dataset("circle", test_ratio=0.3, samples=100)
    spec = DATASETS["circle"]
    x, _ = GENERATORS["circle"](100, spec.noise, 2, np.random.default_rng(spec.seed))
    assert (len(d.y_train), len(d.y_test)) == (140, 60)
    both = np.concatenate([d.x_train, d.x_test])
    np.testing.assert_array_equal(sorted_rows(both), sorted_rows(x))


def test_generator_settings_reach_the_generator():
    d = load_dataset("spiral", samples=20, classes=5, noise=0.0, test_ratio=0.2)
    assert d.n_classes == 5
    assert len(d.y_train) + len(d.y_test) == 100 and len(d.y_test) == 20
    assert d.params == {"samples": 20, "noise": 0.0, "classes": 5, "seed": 7777, "test_ratio": 0.2}


@pytest.mark.parametrize(
    ("key", "kwargs", "fragment"),
    [
        ("imagenet", {}, "spiral"),
        ("spiral", {"samples": 0}, "samples"),
        ("spiral", {"noise": -0.1}, "Noise"),
        ("spiral", {"noise": 11}, "Noise"),
        ("spiral", {"noise": float("nan")}, "Noise"),
        ("spiral", {"classes": 9}, "2 to 8"),
        ("spiral", {"classes": 1}, "2 to 8"),
        ("xor", {"classes": 3}, "always has 2 classes"),
        ("moons", {"classes": 3}, "always has 2 classes"),
        ("circle", {"test_ratio": 1.0}, "test ratio"),
        ("circle", {"test_ratio": -0.1}, "test ratio"),
        ("circle", {"test_ratio": float("nan")}, "test ratio"),
        ("spiral", {"samples": 2_000_000}, "1,000,000"),
        ("mnist", {"noise": 0.1}, "no noise"),
    ],
)
def test_bad_settings_are_config_errors(key, kwargs, fragment):
    with pytest.raises(ConfigError, match=fragment):
        load_dataset(key, **kwargs)


def test_unknown_dataset_lists_the_known_ones():
    with pytest.raises(ConfigError) as err:
        dataset_spec("cifar10")
    for key in DATASETS:
        assert key in str(err.value)


def test_split_and_features():
    d = load_dataset("moons")
    x, y = d.split("test")
    assert x is d.x_test and y is d.y_test
    assert d.features(d.x_train) is d.x_train  # float32 already: no copy
    with pytest.raises(ConfigError, match="train or test"):
        d.split("validation")


# ---------------------------------------------------------------------- MNIST family
def test_mnist_without_test_files_holds_out_the_last_eighth(tmp_path):
    arrays = write_idx_dataset(tmp_path / "m", n_train=16, n_test=None)
    x, y = arrays["train_images"].reshape(16, 784), arrays["train_labels"]
    d = load_dataset("mnist", data_dir=tmp_path / "m")
    n_test = round(16 * HOLDOUT_WITHOUT_TEST_FILES)
    assert n_test == 2
    np.testing.assert_array_equal(d.x_train, x[:-n_test])
    np.testing.assert_array_equal(d.x_test, x[-n_test:])
    np.testing.assert_array_equal(d.y_test, y[-n_test:])
    assert d.x_train.dtype == np.uint8 and d.n_features == 784
    assert d.image_shape == (28, 28) and d.kind == "images" and not d.is_points
    assert d.class_names == tuple("0123456789")
    assert str(tmp_path / "m") in d.source


def test_mnist_uses_t10k_files_when_present(tmp_path):
    arrays = write_idx_dataset(tmp_path / "m", n_train=20, n_test=6)
    d = load_dataset("mnist", data_dir=tmp_path / "m")
    assert (len(d.y_train), len(d.y_test)) == (20, 6)
    np.testing.assert_array_equal(d.x_train, arrays["train_images"].reshape(20, 784))
    np.testing.assert_array_equal(d.y_test, arrays["test_labels"])


def test_mnist_samples_and_test_ratio(tmp_path):
    arrays = write_idx_dataset(tmp_path / "m", n_train=20, n_test=6)
    d = load_dataset("mnist", data_dir=tmp_path / "m", samples=8)
    np.testing.assert_array_equal(d.x_train, arrays["train_images"].reshape(20, 784)[:8])
    assert len(d.y_test) == 6
    d = load_dataset("mnist", data_dir=tmp_path / "m", test_ratio=0.25)
    assert (len(d.y_train), len(d.y_test)) == (15, 5)  # an explicit ratio splits the train files


def test_image_features_are_float32_in_0_1(tmp_path):
    write_idx_dataset(tmp_path / "m", n_train=4, n_test=None)
    d = load_dataset("mnist", data_dir=tmp_path / "m")
    f = d.features(d.x_train)
    assert f.dtype == np.float32
    np.testing.assert_allclose(f, d.x_train / 255.0, rtol=1e-6)


def test_fashion_mnist_has_clothing_class_names(tmp_path):
    write_idx_dataset(tmp_path / "f", n_train=8, n_test=None)
    d = load_dataset("fashion-mnist", data_dir=tmp_path / "f")
    assert d.class_names == FASHION_CLASSES and d.class_names[9] == "Ankle boot"


def test_nnviz_data_environment_variable_is_searched(tmp_path, monkeypatch):
    write_idx_dataset(tmp_path / "env", n_train=8, n_test=None)
    monkeypatch.setenv("NNVIZ_DATA", str(tmp_path / "env"))
    assert len(load_dataset("mnist").y_train) == 7


def test_missing_mnist_says_where_it_looked(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    (tmp_path / "empty").mkdir()
    with pytest.raises(DataError) as err:
        load_dataset("mnist", data_dir=tmp_path / "empty")
    message = str(err.value)
    assert "MNIST was not found" in message and str(tmp_path / "empty") in message
    assert "nnviz data download mnist" in message


def test_real_mnist_10k(mnist10k):
    d = load_dataset("mnist", data_dir=mnist10k)
    assert (len(d.y_train), len(d.y_test)) == (7000, 1000)
    assert d.x_train.shape == (7000, 784) and d.x_train.dtype == np.uint8
    assert set(np.unique(d.y_train)) == set(range(10))
    # MNIST is bright on dark: most pixels are background 0.
    assert np.mean(d.x_train == 0) > 0.7


def test_sklearn_digits_without_scikit_learn_is_a_data_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "sklearn", None)
    monkeypatch.setitem(sys.modules, "sklearn.datasets", None)
    with pytest.raises(DataError, match="scikit-learn"):
        load_dataset("digits")


def test_sklearn_digits():
    pytest.importorskip("sklearn")
    d = load_dataset("digits")
    assert len(d.y_train) + len(d.y_test) == 1797
    assert d.n_features == 64 and d.image_shape == (8, 8)
    assert d.x_train.max() <= 1.0
