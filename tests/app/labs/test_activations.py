"""Activation histograms: the book's initialisation experiment and any network's layers."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz.app.labs.activations import (
    BINS,
    INIT_SETTINGS,
    ActivationHistory,
    histograms,
    init_experiment,
    network_histograms,
    run_init_activations,
)
from nnviz.core.network import Network
from nnviz.errors import ConfigError


def test_the_books_setup_five_layers_of_one_hundred_thirty_bins_over_0_1():
    snap, outs = init_experiment("std-1", "sigmoid")
    assert snap.layers == 5 and len(outs) == 5
    assert all(o.shape == (1000, 100) for o in outs)
    assert snap.counts.shape == (5, BINS) and snap.edges.shape == (5, BINS + 1)
    np.testing.assert_allclose(snap.edges[0], np.linspace(0, 1, BINS + 1), atol=1e-7)
    # Sigmoid stays inside [0, 1]: every one of the 100,000 values is counted.
    assert (snap.counts.sum(axis=1) == 100_000).all()
    assert (snap.below == 0).all() and (snap.above == 0).all()


def test_histograms_are_numpys_with_out_of_range_values_counted():
    v = np.array([[-2.0, 0.1, 0.5, 0.5, 0.9, 3.0]])
    snap = histograms([v], ["linear"], bins=4, ranges=[(0.0, 1.0)])
    assert snap.counts[0].tolist() == [1, 0, 2, 1]
    assert (snap.below[0], snap.above[0]) == (1, 1)
    assert snap.mean[0] == pytest.approx(v.mean())


@pytest.mark.parametrize(
    ("activation", "lo", "hi"), [("sigmoid", 0, 1), ("tanh", -1, 1), ("relu", 0, None)]
)
def test_default_ranges_follow_the_activation(activation, lo, hi):
    v = np.random.default_rng(0).random((10, 3)) * 5
    snap = histograms([v], [activation])
    assert snap.edges[0, 0] == lo
    assert snap.edges[0, -1] == pytest.approx(v.max() if hi is None else hi)


def test_the_books_statements_hold():
    r = run_init_activations()
    assert r["reproduced"] is True, r["measured"]
    m = r["measured"]
    assert m["sigmoid_std001_collapses"] == 1.0
    assert m["sigmoid_std1_saturates"] > 0.6
    assert len(r["details"]["histograms"]) == len(INIT_SETTINGS) * 3
    layer = r["details"]["histograms"]["he/relu"]["layers"][4]
    assert len(layer["counts"]) == BINS and len(layer["edges"]) == BINS + 1


def test_network_histograms_match_its_own_activations():
    net = Network([4, 6, 5, 3], activations=["tanh", "relu"], init="xavier", seed=2)
    x = np.random.default_rng(1).standard_normal((50, 4)).astype(np.float32)
    snap = network_histograms(net, x, bins=10, iteration=7)
    acts = net.activations(x)
    assert snap.iteration == 7 and snap.layers == 2
    for i, a in enumerate(acts):
        counts, _ = np.histogram(a, bins=snap.edges[i].astype(a.dtype))
        assert snap.counts[i].sum() + snap.below[i] + snap.above[i] == a.size
        assert snap.counts[i].tolist() == counts.tolist()
    assert snap.edges[0, 0] == -1.0 and snap.edges[1, 0] == 0.0


def test_history_stays_bounded_and_covers_the_whole_run():
    net = Network([4, 8, 8, 3], init="he", seed=0)
    x = np.random.default_rng(0).standard_normal((100, 4))
    hist = ActivationHistory(capacity=16)
    recorded = 0
    for it in range(1000):
        if hist.due(it):
            hist.record(network_histograms(net, x, iteration=it))
            recorded += 1
    its = hist.iterations()
    assert len(hist) < 16 and its[0] == 0 and its[-1] >= 1000 - hist.every
    # Thinned at iterations 15, 30, 60, …, 960: the interval doubled 7 times.
    assert hist.every == 128 and recorded > len(hist)
    assert np.all(np.diff(its) > 0)
    # 2 layers × (30 counts + 31 edges + 2) × 4 bytes per snapshot.
    assert hist.nbytes == len(hist) * 2 * (2 * BINS + 3) * 4
    assert hist.at(500).iteration <= 500 < hist.at(500).iteration + 2 * hist.every
    assert hist.at(-5).iteration == 0


def test_empty_history_and_bad_settings_are_one_sentence_errors():
    with pytest.raises(ConfigError, match="No activation histograms"):
        ActivationHistory().at(0)
    with pytest.raises(ConfigError, match="at least 2"):
        ActivationHistory(capacity=1)
    with pytest.raises(ConfigError, match="Unknown initialisation"):
        init_experiment("orthogonal")
    with pytest.raises(ConfigError, match="Unknown activation"):
        init_experiment("he", "mish")
