"""Export as Python: the standalone script predicts exactly what Network.predict does."""

from __future__ import annotations

import ast
import csv
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from nnviz.core.export_code import EMBED_MAX_PARAMS, export_python
from nnviz.core.features import FeatureMap
from nnviz.core.layers import ACTIVATIONS
from nnviz.core.network import Network
from nnviz.core.trainer import TrainConfig, Trainer
from nnviz.data.datasets import Dataset
from nnviz.errors import ModelError


def run_script(script: Path, data: Path, *extra: str) -> tuple[str, np.ndarray, list[str]]:
    """Run an exported script; its stdout, predicted class indices and class names."""
    out = script.with_name("predictions.csv")
    r = subprocess.run(
        [sys.executable, str(script), str(data), "--predictions", str(out), *extra],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=script.parent.parent,  # not beside the script: it must find its weights itself
    )
    assert r.returncode == 0, r.stderr
    with open(out, newline="") as f:
        rows = list(csv.reader(f))[1:]
    return r.stdout, np.array([int(row[0]) for row in rows]), [row[1] for row in rows]


def imports(script: Path) -> set[str]:
    tree = ast.parse(script.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            names.add(node.module.split(".")[0])
    return names


@pytest.fixture(scope="module")
def every_activation_net() -> Network:
    """One hidden layer per activation, trained a little so that it predicts every class."""
    acts = list(ACTIVATIONS)
    rng = np.random.default_rng(0)
    x = (rng.standard_normal((400, 3)) * 3).astype(np.float32)
    t = (x @ rng.standard_normal((3, 4))).argmax(axis=1)
    data = Dataset("toy", "points", x, t, x[:0], t[:0], ("a", "b", "c", "d"))
    net = Network([3, *[6] * len(acts), 4], activations=acts, init="xavier", bias_init="same")
    Trainer(net, data, TrainConfig(optimizer="adam", learning_rate=0.01, epochs=60)).run(60)
    return net


@pytest.mark.parametrize("weights", ["embed", "npz"])
def test_the_script_predicts_exactly_what_the_network_predicts(
    tmp_path, every_activation_net, weights
):
    net = every_activation_net
    rng = np.random.default_rng(0)
    x = (rng.standard_normal((500, 3)) * 3).astype(np.float32)
    expected = net.predict(x)
    assert len(set(expected.tolist())) == 4  # a network that predicts one class proves little
    t = rng.integers(0, 4, size=500)
    np.savez(tmp_path / "data.npz", x=x, y=t)
    folder = tmp_path / "out"
    folder.mkdir()
    names = ("cat", "dog", "émeu", "yak")
    written = export_python(folder / "net.py", net, class_names=names, weights=weights)
    assert [p.name for p in written] == (
        ["net.py"] if weights == "embed" else ["net.py", "net_weights.npz"]
    )
    stdout, predicted, predicted_names = run_script(written[0], tmp_path / "data.npz")
    np.testing.assert_array_equal(predicted, expected)
    assert predicted_names == [names[k] for k in expected]
    correct = int(np.sum(expected == t))
    assert stdout.strip() == f"Accuracy: {correct / 500:.4f} ({correct} of 500 rows)"
    assert imports(written[0]) <= {"argparse", "csv", "sys", "pathlib", "numpy"}


def test_image_models_get_their_weights_beside_and_scale_uint8_pixels(tmp_path):
    net = Network([64, 40, 10], "relu", init="he", bias_init="same", seed=3)
    assert net.param_count > EMBED_MAX_PARAMS
    rng = np.random.default_rng(1)
    x = rng.integers(0, 256, size=(300, 64), dtype=np.uint8)
    np.savez(tmp_path / "digits.npz", x=x, y=rng.integers(0, 10, size=300))
    written = export_python(tmp_path / "digits.py", net)  # auto: too big to embed
    assert written[1].name == "digits_weights.npz"
    _, predicted, _ = run_script(written[0], tmp_path / "digits.npz")
    np.testing.assert_array_equal(predicted, net.predict(x))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_embedded_numbers_and_activations_are_exact(every_activation_net, tmp_path, dtype):
    net = every_activation_net.astype(dtype)
    path = export_python(tmp_path / "m.py", net, weights="embed")[0]
    text = path.read_text(encoding="utf-8")
    script: dict = {"__name__": "exported"}
    exec(compile(text, str(path), "exec"), script)  # defines everything, does not run main()
    rebuilt = script["init_network"]()
    for key, p in net.params.items():
        assert rebuilt[key].dtype == dtype
        np.testing.assert_array_equal(rebuilt[key], p)
    assert "0.000" not in text  # small weights are written as 1.2e-05
    z = np.concatenate([np.linspace(-12, 12, 97), [-1e30, -1e4, -50, 50, 1e4, 1e30]]).astype(dtype)
    for name, cls in ACTIVATIONS.items():
        ours = cls().fn(z)
        theirs = script[name](z)
        assert theirs.dtype == dtype, name
        np.testing.assert_array_equal(theirs, ours, err_msg=name)


def test_a_csv_with_text_labels_is_read_by_column_name(tmp_path):
    net = Network([2, 5, 3], "tanh", init="xavier", bias_init="same", seed=2)
    rng = np.random.default_rng(4)
    x = rng.standard_normal((60, 2))
    mean, std = np.array([10.0, -3.0]), np.array([2.0, 0.5])
    raw = x * std + mean
    names = ("setosa", "versicolor", "virginica")
    labels = rng.integers(0, 3, size=60)
    with open(tmp_path / "flowers.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["species", "width", "note", "length"])  # label first, features by name
        for (a, b), k in zip(raw.tolist(), labels, strict=True):
            w.writerow([names[k], repr(b), "x", repr(a)])
    path = export_python(
        tmp_path / "flowers.py",
        net,
        class_names=names,
        feature_names=["length", "width"],
        label="species",
        mean=mean,
        std=std,
    )[0]
    _, predicted, _ = run_script(path, tmp_path / "flowers.csv")
    standardised = ((raw - mean) / std).astype(np.float32)
    np.testing.assert_array_equal(predicted, net.predict(standardised))


def test_bad_destinations_and_settings_are_model_errors(tmp_path):
    net = Network([2, 3, 2])
    with pytest.raises(ModelError, match="does not exist"):
        export_python(tmp_path / "nope" / "m.py", net)
    with pytest.raises(ModelError, match="folder"):
        export_python(tmp_path, net)
    with pytest.raises(ModelError, match="feature names"):
        export_python(tmp_path / "m.py", net, feature_names=["a"])


def test_export_trained_carries_a_tables_columns_and_scaling(tmp_path):
    pytest.importorskip("sklearn")
    from sklearn.datasets import load_iris

    from nnviz.core.export_code import export_trained
    from nnviz.data.datasets import load_dataset

    data = load_dataset("iris")
    net = Network([4, 8, 3], "relu", init="he", seed=0)
    Trainer(net, data, TrainConfig(learning_rate=0.1, epochs=30)).run(30)
    iris = load_iris()
    with open(tmp_path / "iris.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["species", *reversed(iris.feature_names)])  # columns in another order
        for row, k in zip(iris.data.tolist(), iris.target, strict=True):
            w.writerow([iris.target_names[k], *map(repr, reversed(row))])
    path = export_trained(tmp_path / "iris.py", net, data)[0]
    _, predicted, names = run_script(path, tmp_path / "iris.csv", "--label", "species")
    stats = data.standardisation
    x = ((iris.data - stats["mean"]) / stats["std"]).astype(np.float32)
    np.testing.assert_array_equal(predicted, net.predict(x))
    test_rows = np.sort(np.random.default_rng(0).permutation(150)[120:])  # the seeded split
    np.testing.assert_array_equal(predicted[test_rows], net.predict(data.x_test))
    assert set(names) <= {"setosa", "versicolor", "virginica"}


def test_the_script_reads_as_the_book_does_and_its_help_names_the_label_column(tmp_path):
    net = Network([2, 4, 3], "gelu", init="xavier", seed=1)
    path = export_python(
        tmp_path / "net.py", net, feature_names=["a", "b"], label="species", mean=[0, 0],
        std=[1, 1],
    )[0]  # fmt: skip
    lines = path.read_text(encoding="utf-8").splitlines()
    # two blank lines before every top-level function (PEP 8), as in the book's code
    for i, line in enumerate(lines):
        if line.startswith("def "):
            assert lines[i - 2 : i] == ["", ""] and lines[i - 3] != "", lines[i - 3 : i + 1]
    r = subprocess.run(
        [sys.executable, str(path), "--help"], capture_output=True, text=True, timeout=60
    )
    assert r.returncode == 0 and "(default: species)" in " ".join(r.stdout.split())


# ---------------------------------------------------------------------- feature crosses
ALL_CROSSES = ("x1^2", "sin_x2", "x1", "x1x2", "x2^2", "sin_x1", "x2")  # not in FEATURES' order


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_a_crossed_network_gets_its_features_from_the_points_exactly(tmp_path, dtype):
    fmap = FeatureMap(ALL_CROSSES)
    rng = np.random.default_rng(5)
    x = (rng.standard_normal((600, 2)) * 4).astype(np.float32)
    t = (x[:, 0] ** 2 + np.sin(3 * x[:, 1]) > 4).astype(np.int64) + (x[:, 1] > 2)
    data = Dataset("toy", "points", fmap(x), t, x[:0], t[:0], ("in", "out", "up"))
    net = Network([7, 8, 3], "tanh", init="xavier", seed=1, dtype=dtype)
    Trainer(net, data, TrainConfig(optimizer="adam", learning_rate=0.02, epochs=40)).run(40)
    expected = net.predict(fmap(x))
    assert len(set(expected.tolist())) == 3
    np.savez(tmp_path / "points.npz", x=x, y=t)
    path = export_python(
        tmp_path / "net.py", net, class_names=data.class_names, crosses=fmap.names
    )[0]
    text = path.read_text(encoding="utf-8")
    assert "def features(x):" in text and "x1 * x1,  # x₁²" in text and "N_INPUTS = 2" in text
    assert "Inputs: x₁², sin x₂, x₁, x₁x₂, x₂², sin x₁, x₂, feature crosses" in text
    stdout, predicted, _ = run_script(path, tmp_path / "points.npz")
    np.testing.assert_array_equal(predicted, expected)
    correct = int(np.sum(expected == t))
    assert stdout.strip() == f"Accuracy: {correct / 600:.4f} ({correct} of 600 rows)"
    # a CSV of the points (x, y, label), as nnviz writes painted points
    with open(tmp_path / "points.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["x", "y", "label"])
        for (a, b), k in zip(x.tolist(), t, strict=True):
            w.writerow([repr(a), repr(b), data.class_names[k]])
    _, from_csv, _ = run_script(path, tmp_path / "points.csv")
    np.testing.assert_array_equal(from_csv, expected)


def test_the_scripts_features_are_featuremaps_bit_for_bit(tmp_path):
    fmap = FeatureMap(ALL_CROSSES)
    net = Network([7, 2], seed=0)
    path = export_python(tmp_path / "m.py", net, crosses=fmap.names)[0]
    script: dict = {"__name__": "exported"}
    exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), script)
    rng = np.random.default_rng(2)
    for x in (
        (rng.standard_normal((300, 2)) * 50).astype(np.float32),
        rng.standard_normal((300, 2)) * 1e3,  # float64 points (the book RNG's)
    ):
        ours = fmap(x)
        theirs = script["features"](x)
        assert theirs.dtype == ours.dtype == np.float32
        np.testing.assert_array_equal(theirs, ours)


def test_crosses_that_do_not_fit_the_network_are_model_errors(tmp_path):
    with pytest.raises(ModelError, match="3 feature crosses for a network of 2 inputs"):
        export_python(tmp_path / "m.py", Network([2, 2]), crosses=("x1", "x2", "x1x2"))
    with pytest.raises(ModelError, match="2-D points, not to a table"):
        export_python(
            tmp_path / "m.py", Network([2, 2]), crosses=("x1", "x2"), feature_names=["a", "b"]
        )
