"""Hypothesis against the table CSV reader: it loads a table or says what is wrong in one sentence.

Two kinds of input: a good file with bytes mutated (broken quoting, cut rows, stray
bytes, invalid UTF-8), and tables drawn cell by cell from texts that trip readers up
(empty cells, NaN, inf, 1e400, huge and tiny numbers, words, quotes).  Either
``load_dataset("table")`` returns finite standardised float32 features with labels
in range, or it raises DataError with one sentence — nothing else escapes.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from nnviz.data.datasets import load_dataset
from nnviz.errors import DataError
from tests.reliability.test_fuzz_loaders import FUZZ, mutated, one_sentence

GOOD = (
    b"sepal,petal,species\n5.1,1.4,setosa\n7.0,4.7,versicolor\n6.3,6.0,virginica\n"
    b"4.9,1.4,setosa\n6.4,4.5,versicolor\n5.8,5.1,virginica\n"
)

CELLS = st.one_of(
    st.sampled_from(
        ["", " ", "nan", "NaN", "inf", "-inf", "1e400", "1e30", "1e31", "-1e-320", "0", "1",
         "2.5", "1_000", "x", "setosa", '"', "1,5", "\u00e9", "0x10", "--1"]
    ),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.text(alphabet="0123456789.-e ab", max_size=6),
)  # fmt: skip


def check_loads_or_one_sentence(path: Path) -> None:
    try:
        d = load_dataset("table", path=path, test_ratio=0.3)
    except DataError as e:
        one_sentence(e)
    else:
        for x in (d.x_train, d.x_test):
            assert x.dtype == np.float32 and np.isfinite(x).all()
            assert x.shape[1] == len(d.feature_names)
        assert d.n_classes >= 2 and len(set(d.class_names)) == d.n_classes
        y = np.concatenate([d.y_train, d.y_test])
        assert y.min() >= 0 and y.max() < d.n_classes


@FUZZ
@given(data=st.data())
def test_fuzz_a_mutated_table(tmp_path: Path, data):
    path = tmp_path / "table.csv"
    path.write_bytes(data.draw(mutated(GOOD)))
    check_loads_or_one_sentence(path)


@FUZZ
@given(
    header=st.lists(st.sampled_from(["a", "b", "c", "", "a b", "1"]), min_size=1, max_size=4),
    rows=st.lists(st.lists(CELLS, min_size=1, max_size=5), max_size=8),
)
def test_fuzz_a_table_cell_by_cell(tmp_path: Path, header, rows):
    lines = [",".join(header)] + [",".join(row) for row in rows]
    path = tmp_path / "cells.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    check_loads_or_one_sentence(path)
