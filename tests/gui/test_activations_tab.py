"""The activations tab: the user's own network's histograms, live and on a time scrubber."""

from __future__ import annotations

import numpy as np

from nnviz.app.engine import ACTIVATION_SAMPLES
from tests.gui.helpers import make_window, settle


def _step(qtbot, w, times: int) -> None:
    for _ in range(times):
        w.step()
        settle(qtbot, w)


def test_histograms_follow_training_only_while_shown_and_scrub_back(qtbot, tmp_path):
    w = make_window(qtbot, tmp_path)  # the spiral with a 2-8-8-3 tanh network
    view = w.view("activations")
    _step(qtbot, w, 1)
    assert not w.view_options.activations  # another tab is shown: nothing computed
    assert w.model.last_snapshot.activation_hists is None and len(view.history) == 0

    w.show_tab("activations")
    settle(qtbot, w)
    assert w.view_options.activations
    _step(qtbot, w, 3)
    qtbot.waitUntil(lambda: len(view.history) >= 2, timeout=10_000)
    assert len(view.row.bars) == 2  # one histogram per hidden layer
    rows = min(ACTIVATION_SAMPLES, len(w.model.info.dataset.y_train))
    snap = view.shown
    assert snap is w.model.last_snapshot.activation_hists
    for i, bar in enumerate(view.row.bars):
        edges, counts = bar.getData()
        np.testing.assert_array_equal(counts, snap.counts[i])
        assert counts.sum() + snap.below[i] + snap.above[i] == rows * 8  # every value counted
        assert edges[0] == -1.0 and edges[-1] == 1.0  # tanh's range
    assert view.when.text().endswith("(live)")

    first = view.history.snapshots[0]
    view.scrubber.setValue(0)  # back to the first recorded moment
    assert view.shown is first
    np.testing.assert_array_equal(view.row.bars[0].getData()[1], first.counts[0])
    assert view.when.text() == f"iteration {first.iteration:,}"
    _step(qtbot, w, 1)  # while scrubbed back, a new frame is kept but not shown
    assert view.shown is first and not view.live
    view.scrubber.setValue(view.scrubber.maximum())
    assert view.shown is view.history.snapshots[-1] and view.when.text().endswith("(live)")

    w.show_tab("boundary")
    settle(qtbot, w)
    assert not w.view_options.activations
    _step(qtbot, w, 1)
    assert w.model.last_snapshot.activation_hists is None


def test_reset_forgets_the_old_networks_histograms(qtbot, tmp_path):
    w = make_window(qtbot, tmp_path)
    view = w.view("activations")
    w.show_tab("activations")
    _step(qtbot, w, 2)
    qtbot.waitUntil(lambda: len(view.history) >= 1, timeout=10_000)
    before = w.model.generation
    w.reset()
    qtbot.waitUntil(lambda: w.model.generation > before, timeout=10_000)
    settle(qtbot, w)
    assert all(s.iteration == 0 for s in view.history.snapshots)


def test_histograms_cross_from_the_engine_process(qtbot, tmp_path):
    w = make_window(qtbot, tmp_path, engine="process")  # the app's engine: pickled frames
    view = w.view("activations")
    w.show_tab("activations")
    _step(qtbot, w, 2)
    qtbot.waitUntil(lambda: len(view.history) >= 1, timeout=20_000)
    snap = view.shown
    assert not snap.counts.flags.writeable  # read-only, as every snapshot array
    assert snap.counts.shape == (2, 30)
    rows = min(ACTIVATION_SAMPLES, len(w.model.info.dataset.y_train))
    assert [int(c.sum()) for c in snap.counts] == [
        rows * 8 - int(snap.below[i]) - int(snap.above[i]) for i in range(2)
    ]
