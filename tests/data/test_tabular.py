"""Tabular data: CSV tables with named columns, text labels, training-split standardisation."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from nnviz.data.datasets import DATASETS, load_dataset
from nnviz.data.tabular import read_table_csv
from nnviz.errors import ConfigError, DataError

FLOWERS = """\
petal,species,sepal
1.4,setosa,5.1
4.7,versicolor,7.0
5.1,virginica,6.3
1.3,setosa,4.9
4.5,versicolor,6.4
6.0,virginica,5.8
1.5,setosa,4.7
4.9,versicolor,6.9
5.9,virginica,7.1
1.7,setosa,5.0
"""


def write(tmp_path: Path, text: str, name: str = "t.csv") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_columns_are_read_by_name_and_text_labels_become_class_names(tmp_path):
    t = read_table_csv(write(tmp_path, FLOWERS), label="species")
    assert t.feature_names == ("petal", "sepal") and t.label == "species"
    assert t.class_names == ("setosa", "versicolor", "virginica")
    assert t.y.tolist() == [0, 1, 2, 0, 1, 2, 0, 1, 2, 0]
    np.testing.assert_array_equal(t.x[:2], [[1.4, 5.1], [4.7, 7.0]])


def test_the_last_column_is_the_label_by_default_and_numbers_sort_as_numbers(tmp_path):
    t = read_table_csv(write(tmp_path, "a,b,grade\n1,2,10\n3,4,9\n5,6,10\n7,8,2\n"))
    assert t.label == "grade" and t.feature_names == ("a", "b")
    assert t.class_names == ("2", "9", "10")
    assert t.y.tolist() == [2, 1, 2, 0]


def test_features_are_standardised_with_the_training_split_only(tmp_path):
    rng = np.random.default_rng(0)
    raw = rng.normal([100.0, -5.0], [20.0, 0.1], size=(200, 2))
    labels = np.where(raw[:, 0] > 100, "big", "small")
    lines = ["w,h,size"] + [
        f"{a!r},{b!r},{c}" for (a, b), c in zip(raw.tolist(), labels, strict=True)
    ]
    path = write(tmp_path, "\n".join(lines) + "\n")
    d = load_dataset("table", path=path, test_ratio=0.25, seed=3)
    assert (len(d.y_train), len(d.y_test)) == (150, 50)
    assert d.x_train.dtype == np.float32 and d.is_table
    np.testing.assert_allclose(d.x_train.mean(axis=0), 0, atol=1e-6)
    np.testing.assert_allclose(d.x_train.std(axis=0), 1, rtol=1e-5)
    # The test split uses the training split's statistics (its own mean is not 0).
    order = np.random.default_rng(3).permutation(200)
    train_rows, test_rows = np.sort(order[:150]), np.sort(order[150:])
    mean, std = raw[train_rows].mean(axis=0), raw[train_rows].std(axis=0)
    np.testing.assert_array_equal(d.x_test, ((raw[test_rows] - mean) / std).astype(np.float32))
    assert d.standardisation == {
        "feature_names": ["w", "h"],
        "label": "size",
        "mean": mean.tolist(),
        "std": std.tolist(),
    }
    assert d.feature_names == ("w", "h") and d.class_names == ("big", "small")
    again = load_dataset("table", path=path, test_ratio=0.25, seed=3)
    np.testing.assert_array_equal(again.x_test, d.x_test)
    other = load_dataset("table", path=path, test_ratio=0.25, seed=4)
    assert not np.array_equal(other.y_test, d.y_test)


def test_a_constant_feature_is_centred_not_divided_by_zero(tmp_path):
    d = load_dataset("table", path=write(tmp_path, "a,b,c\n1,5,x\n2,5,y\n3,5,x\n"), test_ratio=0)
    np.testing.assert_array_equal(d.x_train[:, 1], 0)


ROW = "row 3"  # the header is row 1


@pytest.mark.parametrize(
    ("text", "fragments"),
    [
        ("", ["is empty"]),
        ("\n \n", ["is empty"]),
        ("1,2,3\n4,5,6\n", ["no header row"]),
        ("a,b,c\n1,2,x\n3,oops,y\n", [ROW, "column 'b'", "'oops', not a number"]),
        ("a,b,c\n1,2,x\n3,,y\n", [ROW, "column 'b'", "missing"]),
        ("a,b,c\n1,2,x\n3,4,\n", [ROW, "label (column 'c') is missing"]),
        ("a,b,c\n1,2,x\n3,nan,y\n", [ROW, "column 'b'", "NaN and infinite"]),
        ("a,b,c\n1,2,x\n-inf,4,y\n", [ROW, "column 'a'", "NaN and infinite"]),
        ("a,b,c\n1,2,x\n3,1e400,y\n", [ROW, "column 'b'", "NaN and infinite"]),
        ("a,b,c\n1,2,x\n3,1e31,y\n", [ROW, "column 'b'", "too large"]),
        ("a,b,c\n1,2,x\n3,4,x\n", ["only one class", "'x'"]),
        ("a,b,c\n1,2,x\n3,4\n", [ROW, "expected 3 columns", "found 2"]),
        ("a,b,c\n1,2,x\n", ["at least 2 rows"]),
        ("label\nx\ny\n", ["at least one feature column"]),
        ("a,,c\n1,2,x\n3,4,y\n", ["column 2", "no name"]),
        ("a,a,c\n1,2,x\n3,4,y\n", ["'a' twice"]),
    ],
)
def test_bad_files_are_one_sentence_naming_row_and_column(tmp_path, text, fragments):
    with pytest.raises(DataError) as e:
        read_table_csv(write(tmp_path, text))
    message = str(e.value)
    assert "\n" not in message and message.startswith("t.csv") and message.endswith((".", "?"))
    for fragment in fragments:
        assert fragment in message, message


def test_an_unknown_label_column_lists_the_columns(tmp_path):
    with pytest.raises(DataError, match=r"no column 'kind' \(columns: petal, species, sepal\)"):
        read_table_csv(write(tmp_path, FLOWERS), label="kind")


def test_too_many_labels_suggest_the_wrong_label_column(tmp_path):
    rows = "\n".join(f"{i},{i * 0.5}" for i in range(150))
    with pytest.raises(DataError, match="150 different labels in column 'b'.*label column"):
        read_table_csv(write(tmp_path, f"a,b\n{rows}\n"))


def test_table_needs_a_file_and_only_table_takes_a_label(tmp_path):
    with pytest.raises(DataError, match="Choose a CSV"):
        load_dataset("table")
    with pytest.raises(ConfigError, match="only table"):
        load_dataset("iris", label="species")


@pytest.mark.parametrize(
    ("key", "shape", "classes"),
    [("iris", (150, 4), 3), ("wine", (178, 13), 3), ("breast-cancer", (569, 30), 2)],
)
def test_scikit_learns_tables(key, shape, classes):
    pytest.importorskip("sklearn")
    d = load_dataset(key)
    assert len(d.y_train) + len(d.y_test) == shape[0] and d.n_features == shape[1]
    assert d.n_classes == classes and len(d.feature_names) == shape[1]
    assert len(d.y_test) == round(0.2 * shape[0]) and DATASETS[key].is_table
    np.testing.assert_allclose(d.x_train.mean(axis=0), 0, atol=1e-5)


def test_scikit_learns_tables_without_scikit_learn_are_one_sentence(monkeypatch):
    monkeypatch.setitem(sys.modules, "sklearn.datasets", None)  # import fails
    with pytest.raises(DataError, match=r"wine dataset comes with scikit-learn: pip install"):
        load_dataset("wine")
