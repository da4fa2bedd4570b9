"""The batch-norm lab: the book's grid of weight scales, batch norm against none."""

from __future__ import annotations

import json

import numpy as np
import pytest

from nnviz.app.labs import LABS
from nnviz.app.labs.batch_norm import (
    BATCH_NORM,
    PLAIN,
    BatchNormGrid,
    Cell,
    cell_contenders,
    weight_scales,
)
from nnviz.app.labs.common import first_rows, layer_spec
from nnviz.app.labs.race import Race, build_network
from nnviz.core.layered import LayerNetwork
from nnviz.core.regularization import BatchNormalization
from nnviz.data.datasets import load_dataset
from nnviz.errors import ConfigError
from tests.data.mnist_fixtures import write_idx_dataset


def test_the_books_scales_and_network():
    np.testing.assert_allclose(weight_scales(), np.logspace(0, -4, num=16))
    assert weight_scales(4)[0] == 1.0 and weight_scales(4)[-1] == pytest.approx(1e-4)
    with pytest.raises(ConfigError, match="1 to 64 weight scales"):
        weight_scales(0)
    bn, plain = cell_contenders(0.01)
    assert (bn.label, plain.label) == (BATCH_NORM, PLAIN)
    assert bn.network.arch == ",".join(["fc:100,bn,relu"] * 5)
    assert plain.network.arch == ",".join(["fc:100,relu"] * 5)
    assert layer_spec(2, dropout=0.2) == "fc:100,relu,dropout:0.2,fc:100,relu,dropout:0.2"
    for c in (bn, plain):
        assert (c.network.init, c.network.init_std) == ("normal", 0.01)
        t = c.train
        assert (t.optimizer, t.learning_rate, t.batch_size) == ("sgd", 0.01, 100)


def test_both_networks_of_a_cell_start_from_the_same_weights():
    bn, plain = (build_network(c.network, 784, 10, seed=3, l2=0.0) for c in cell_contenders(0.05))
    assert isinstance(bn, LayerNetwork) and isinstance(plain, LayerNetwork)
    assert sum(isinstance(layer, BatchNormalization) for layer in bn.layers) == 5
    weights = [k for k in plain.params if k.startswith("W")]
    assert len(weights) == 6
    for k in weights:
        np.testing.assert_array_equal(bn.params[k], plain.params[k], err_msg=k)
    assert 0.045 < float(np.std(plain.params["W2"])) < 0.055


def test_training_accuracy_is_measured_over_every_row_in_inference_mode():
    data = first_rows(load_dataset("spiral"), 150, test=False)
    race = Race(data, cell_contenders(0.1, 2), epochs=2, evaluate_train=True)
    race.step()
    assert not data.has_test
    for lane in race.lanes:
        assert [r.epoch for r in lane.history] == [1, 2]
        loss, acc = lane.network.evaluate(data.x_train, data.y_train)
        assert lane.history[-1].train_accuracy == acc and lane.history[-1].train_loss == loss


def test_the_grid_trains_cell_by_cell_and_keeps_only_curves():
    data = first_rows(load_dataset("spiral"), 200, test=False)
    grid = BatchNormGrid(data, scales=3, epochs=2)
    assert grid.step_epoch() == [] and grid.current == 0 and grid.epoch == 1
    bn, plain = grid.curves(0)
    assert len(bn) == len(plain) == 1
    assert grid.step_epoch() == [0]  # the second epoch ends the first cell
    assert grid.race is None and len(grid.cells) == 1
    assert [len(c) for c in grid.curves(1)] == [0, 0]
    done = grid.step()
    assert done == [1, 2] and grid.finished and grid.step() == []
    for i, cell in enumerate(grid.cells):
        assert cell.scale == pytest.approx(weight_scales(3)[i])
        assert len(cell.batch_norm) == 2
        np.testing.assert_array_equal(grid.curves(i)[0], cell.batch_norm)
    grid.reset()
    assert grid.cells == [] and grid.current == 0


def test_a_cell_counts_a_diverged_run_as_learning_nothing():
    cell = Cell(1.0, (0.3, 0.5), (), "done", "diverged", 2)
    assert cell.final("plain") is None and cell.mean("plain") == 0.0
    assert cell.batch_norm_wins and not cell.plain_stalls  # batch norm ended at 50%, not above
    stuck = Cell(1e-3, (0.6, 0.9), (0.11, 0.11), "done", "done", 2)
    assert stuck.batch_norm_wins and stuck.plain_stalls
    close = Cell(0.3, (0.5, 0.6), (0.6, 0.7), "done", "done", 2)
    assert not close.batch_norm_wins
    d = close.to_dict()
    assert d["plain"]["final_accuracy"] == 0.7 and d["batch_norm"]["mean_accuracy"] == 0.55


def test_headless_run_reports_every_cell(tmp_path):
    write_idx_dataset(tmp_path, n_train=300, n_test=60)
    seen = []
    r = LABS["batch-norm"].run(
        data_dir=tmp_path, scales=2, epochs=2, progress=lambda *a: seen.append(a)
    )
    assert seen[-1][:2] == (4, 4)
    d = r["details"]
    assert d["train_samples"] == 300 and d["epochs"] == 2 and len(d["cells"]) == 2
    assert d["cells"][0]["scale"] == 1.0
    assert len(d["cells"][1]["batch_norm"]["accuracy"]) == 2
    assert set(r["measured"]) == {"batch_norm_learns_faster", "plain_stalls_when_badly_scaled"}
    assert r["measured"]["batch_norm_learns_faster"] == d["batch_norm_wins"]
    json.dumps(r, allow_nan=False)


def test_batch_norm_wins_most_cells_of_a_small_grid_on_real_digits(mnist10k):
    """4 scales (1, 0.046, 0.0022, 0.0001), 5 epochs (3 s): batch norm learns faster in at
    least 3 cells; from std 0.046 the plain network does not learn while batch norm does."""
    r = LABS["batch-norm"].run(data_dir=mnist10k, scales=4, epochs=5)
    d = r["details"]
    assert d["batch_norm_wins"] >= 3, [c["batch_norm_wins"] for c in d["cells"]]
    small = d["cells"][1]
    assert small["plain"]["final_accuracy"] < 0.2 < 0.5 < small["batch_norm"]["final_accuracy"]
    assert d["cells"][0]["plain"]["state"] == "diverged"  # std 1 through 5 ReLU layers
    assert r["reproduced"] is True


@pytest.mark.slow
def test_the_books_grid_holds(mnist10k):
    r = LABS["batch-norm"].run(data_dir=mnist10k)
    assert r["reproduced"] is True, r["measured"]
    assert r["details"]["batch_norm_wins"] >= 12
