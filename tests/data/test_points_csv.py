"""Your own 2-D points: strict CSV reading, the csv dataset, and the export round trip."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnviz.data.datasets import load_dataset
from nnviz.data.points_csv import is_points_export, read_points_csv, write_points_csv
from nnviz.errors import DataError


def test_reads_rows_with_and_without_header(tmp_path):
    p = tmp_path / "a.csv"
    p.write_text("x,y,label\n0.5,1,0\n-1,2.5,1\n\n3,4,1\n", encoding="utf-8")
    x, y, test = read_points_csv(p)
    np.testing.assert_allclose(x, [[0.5, 1], [-1, 2.5], [3, 4]])
    assert y.tolist() == [0, 1, 1]
    assert test is None
    p.write_text("0,0,1\n1,1,0\n", encoding="utf-8")
    assert read_points_csv(p)[1].tolist() == [1, 0]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "fewer than 2 points"),
        ("x,y,label\n", "fewer than 2 points"),
        ("1,2\n", "x,y,label"),
        ("1,2,0\n1,2,0,train,5\n", "columns"),
        ("1,2,0\nfoo,2,1\n", "line 2: x and y must be numbers"),
        ("1,2,0\nnan,2,1\n", "finite"),
        ("1,2,0\ninf,2,1\n", "finite"),
        ("1,2,0\n1,2,1.5\n", "whole number"),
        ("1,2,0\n1,2,9\n", "labels must be 0 to 7"),
        ("1,2,0\n1,2,-1\n", "labels must be 0 to 7"),
        ("1,2,0\n1,2,0\n", "at least 2 classes; all have label 0"),
        ("1,2,3\n1,2,3\n", "at least 2 classes; all have label 3"),
        ("1,2,0,train\n1,2,1,valid\n", "split must be train or test"),
    ],
)
def test_bad_files_give_one_clear_sentence(tmp_path, text, message):
    p = tmp_path / "bad.csv"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match=message):
        read_points_csv(p)


def test_binary_garbage_and_folders_are_refused(tmp_path):
    p = tmp_path / "bin.csv"
    p.write_bytes(bytes(range(256)) * 10)
    with pytest.raises(DataError):
        read_points_csv(p)
    with pytest.raises(DataError):
        read_points_csv(tmp_path)
    with pytest.raises(DataError):
        read_points_csv(tmp_path / "missing.csv")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789.,-\n abcnife+", max_size=300))
def test_fuzz_only_data_or_data_error(tmp_path_factory, text):
    p = tmp_path_factory.mktemp("fuzz") / "f.csv"
    p.write_text(text, encoding="utf-8")
    try:
        x, y, _ = read_points_csv(p)
    except DataError:
        return
    assert x.shape == (len(y), 2) and np.isfinite(x).all() and y.min() == 0


def test_export_then_load_round_trip_keeps_the_split(tmp_path):
    d = load_dataset("moons", seed=3)
    out = tmp_path / "moons.csv"
    n = write_points_csv(out, {"train": (d.x_train, d.y_train), "test": (d.x_test, d.y_test)})
    assert n == len(d.y_train) + len(d.y_test)
    e = load_dataset("csv", path=out)
    np.testing.assert_allclose(e.x_train, d.x_train, atol=1e-6)
    np.testing.assert_allclose(e.x_test, d.x_test, atol=1e-6)
    assert e.y_train.tolist() == d.y_train.tolist()
    assert e.n_classes == 2 and e.is_points


def test_csv_dataset_without_split_column_uses_the_test_ratio(tmp_path):
    p = tmp_path / "p.csv"
    rows = "\n".join(f"{i},{i % 7},{i % 3}" for i in range(100))
    p.write_text(rows + "\n", encoding="utf-8")
    d = load_dataset("csv", path=p, test_ratio=0.25, seed=1)
    assert (len(d.y_train), len(d.y_test)) == (75, 25)
    assert d.n_classes == 3
    with pytest.raises(DataError, match="Choose a CSV file"):
        load_dataset("csv")


def test_a_class_painted_away_keeps_the_other_classes_numbers(tmp_path):
    """Labels 0 and 2 (every point of class 1 deleted): classes 0, 1, 2, class 1 empty."""
    p = tmp_path / "painted.csv"
    x = np.float32([[0, 0], [1, 1], [2, 2], [3, 3]])
    write_points_csv(p, {"train": (x[:3], np.array([0, 2, 2])), "test": (x[3:], np.array([0]))})
    points, labels, test = read_points_csv(p)
    assert labels.tolist() == [0, 2, 2, 0] and test.tolist() == [False] * 3 + [True]
    ds = load_dataset("csv", path=p)
    assert ds.class_names == ("0", "1", "2") and ds.y_train.tolist() == [0, 2, 2]
    write_points_csv(tmp_path / "again.csv", {s: ds.split(s) for s in ("train", "test")})
    assert (tmp_path / "again.csv").read_text() == p.read_text()  # the labels round-trip


def test_only_nnviz_points_exports_are_recognised_as_points(tmp_path):
    p = tmp_path / "a.csv"
    write_points_csv(p, {"train": (np.float32([[0, 0]]), np.array([1]))})
    assert is_points_export(p)
    for text in ("x,y,label\n0,0,1\n", "a,b,label,split\n", "\xff\xfe"):
        p.write_text(text, encoding="latin-1")
        assert not is_points_export(p)
    assert not is_points_export(tmp_path / "missing.csv")
