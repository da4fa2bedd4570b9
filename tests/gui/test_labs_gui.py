"""The Labs menu and the lab windows, driven through their real widgets."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt

from nnviz.app.labs import LABS
from nnviz.app.labs.activations import init_experiment
from nnviz.app.labs.paths import OptimizerPaths
from nnviz.gui.labs import LAB_VIEWS, LabWindow
from nnviz.gui.labs.init_activations import InitActivationsView
from nnviz.gui.labs.optimizer_paths import OptimizerPathsView
from tests.gui.helpers import make_window


def test_labs_menu_opens_every_lab_once(qtbot, tmp_path):
    w = make_window(qtbot, tmp_path)
    menu = next(a.menu() for a in w.menuBar().actions() if a.text() == "&Labs")
    assert [a.data() for a in menu.actions()] == list(LABS)
    assert [a.text() for a in menu.actions()] == [lab.title for lab in LABS.values()]
    for name, act in w.menus.lab_actions.items():
        act.trigger()
        win = w.menus.labs.windows[name]
        qtbot.waitExposed(win)
        assert LABS[name].title in win.windowTitle()
        assert LABS[name].description_en in win.description.text()
        if name not in LAB_VIEWS:  # no live view yet: says how to run it headless
            assert f"nnviz tutorial run {name} --json" in win.view.text()
    first = w.menus.labs.windows["optimizer-paths"]
    w.menus.lab_actions["optimizer-paths"].trigger()  # again: the same window, raised
    assert w.menus.labs.windows["optimizer-paths"] is first
    assert isinstance(first.view, OptimizerPathsView)


def _paths_view(qtbot) -> OptimizerPathsView:
    view = OptimizerPathsView()
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.show()
    qtbot.waitExposed(view)
    return view


def _click_at(qtbot, view: OptimizerPathsView, x: float, y: float) -> None:
    """Left-click the plot where the data point (x, y) is drawn."""
    vb = view.plot.getPlotItem().vb
    pos = view.plot.mapFromScene(vb.mapViewToScene(QPointF(x, y)))
    qtbot.mouseClick(view.plot.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def _pixel_size(view: OptimizerPathsView) -> float:
    (x0, x1), (y0, y1) = view.plot.getPlotItem().vb.viewRange()
    vb = view.plot.getPlotItem().vb.sceneBoundingRect()
    return max((x1 - x0) / vb.width(), (y1 - y0) / vb.height())


def test_click_moves_the_start_and_30_steps_end_where_the_optimizers_do(qtbot):
    view = _paths_view(qtbot)
    assert view.lab.start == (-7.0, 2.0)
    _click_at(qtbot, view, -4.0, 3.0)
    px = _pixel_size(view)
    sx, sy = view.lab.start
    assert abs(sx - -4.0) <= px and abs(sy - 3.0) <= px
    assert view.start_marker.data["x"][0] == pytest.approx(sx)
    for _ in range(30):
        qtbot.mouseClick(view.step_button, Qt.MouseButton.LeftButton)
    assert view.status.text().startswith("Step 30 of 30")
    direct = OptimizerPaths(start=(sx, sy))
    direct.step(30)
    drawn = view.end_points()
    for name in direct.optimizers:
        assert drawn[name] == pytest.approx(direct.position(name), abs=1e-12)
        x, _ = view.curves[name].getData()
        assert len(x) == 31  # the start and 30 steps, every one drawn


def test_play_stops_at_the_last_step_and_pause_holds(qtbot):
    view = _paths_view(qtbot)
    view.steps.setValue(4)
    view.speed.setValue(60)
    qtbot.mouseClick(view.play, Qt.MouseButton.LeftButton)
    assert view.play.text() == "Pause"
    qtbot.waitUntil(lambda: not view.play.isChecked(), timeout=5000)
    assert view.lab.steps == 4 and view.play.text() == "Play"
    assert not view.timer.isActive()
    qtbot.mouseClick(view.reset_button, Qt.MouseButton.LeftButton)
    assert view.lab.steps == 0
    assert len(view.curves["adam"].getData()[0]) == 1


def test_surface_picker_and_live_rates_redraw_the_paths(qtbot):
    view = _paths_view(qtbot)
    view.run_to(30)
    box = view.rate_boxes["sgd"]
    box.setValue(0.1)  # a slow SGD: it no longer reaches the valley floor's far side
    direct = OptimizerPaths(rates={"sgd": 0.1})
    direct.step(30)
    assert view.end_points()["sgd"] == pytest.approx(direct.position("sgd"))
    assert view.end_points()["adam"] == pytest.approx(direct.position("adam"))
    view.surface_combo.setCurrentIndex(view.surface_combo.findData("rosenbrock"))
    assert view.lab.start == (-1.5, 2.0) and view.lab.steps == 0
    assert box.value() == pytest.approx(0.0005)  # the surface's own rates are shown
    assert view.plot.getPlotItem().titleLabel.text == "(1 − x)² + 100 (y − x²)²"
    assert view.contours and all(len(c.getData()[0]) for c in view.contours)
    view.run_to(50)
    direct = OptimizerPaths("rosenbrock")
    direct.step(50)
    for name in direct.optimizers:
        assert view.end_points()[name] == pytest.approx(direct.position(name))


def test_contour_lines_lie_on_their_level(qtbot):
    from nnviz.app.labs.surfaces import surface
    from nnviz.gui.labs.optimizer_paths import contour_lines

    s = surface("book")
    xs, ys = np.linspace(-10, 10, 201), np.linspace(-5, 5, 101)
    z = s.value(*np.meshgrid(xs, ys))
    pts = contour_lines(xs, ys, z, 4.0)
    pts = pts[np.isfinite(pts[:, 0])]
    assert len(pts) > 50
    np.testing.assert_allclose(s.value(pts[:, 0], pts[:, 1]), 4.0, atol=0.05)


def test_init_activations_pickers_show_the_books_histograms(qtbot):
    view = InitActivationsView()
    qtbot.addWidget(view)
    view.show()
    assert len(view.row.bars) == 5
    view.choose("std-0.01", "sigmoid")
    expected, _ = init_experiment("std-0.01", "sigmoid")
    for i, bar in enumerate(view.row.bars):
        edges, counts = bar.getData()
        np.testing.assert_array_equal(counts, expected.counts[i])
        # std 0.01: every layer collapses onto 0.5 (the book's figure 6-11)
        peak = int(np.argmax(counts))
        assert edges[peak] <= 0.5 <= edges[peak + 1]
    view.choose("he", "relu")
    expected, _ = init_experiment("he", "relu")
    np.testing.assert_array_equal(view.row.bars[4].getData()[1], expected.counts[4])
    assert view.row.plots[0].getAxis("bottom").labelText.startswith("mean ")


def test_lab_window_without_a_view_says_how_to_run_it(qtbot, monkeypatch):
    import nnviz.gui.labs as labs

    monkeypatch.delitem(labs.LAB_VIEWS, "hyperparameter-search")
    win = LabWindow("hyperparameter-search")
    qtbot.addWidget(win)
    assert "nnviz tutorial run hyperparameter-search --json" in win.view.text()


def _small_race(iterations: int = 60):
    from nnviz.app.labs.race import Contender, Race
    from nnviz.core.trainer import NetworkConfig, TrainConfig
    from nnviz.data.datasets import load_dataset

    net = NetworkConfig(hidden=(8,), activation="tanh", init="xavier")
    contenders = [
        Contender("", net, TrainConfig(learning_rate=lr, optimizer=opt, batch_size=10))
        for opt, lr in (("sgd", 0.1), ("adam", 0.01), ("momentum", 0.1))
    ]
    return Race(load_dataset("spiral"), contenders, iterations=iterations)


def test_race_view_steps_trains_and_resets_every_contender(qtbot):
    from nnviz.gui.labs.race_view import RaceView

    view = RaceView(_small_race)
    qtbot.addWidget(view)
    view.show()
    assert view.race is None  # nothing loaded until the race is started
    qtbot.mouseClick(view.step_button, Qt.MouseButton.LeftButton)
    race = view.race
    assert race.iteration == 16
    # the legend names what differs (the labels are empty)
    assert view.legend_texts() == race.legend()
    assert all("sgd" in t or "adam" in t or "momentum" in t for t in view.legend_texts())
    for curve, lane in zip(view.curves, race.lanes, strict=True):
        np.testing.assert_array_equal(curve.getData()[1], lane.smoothed_losses())
        assert len(lane.losses) == 16
    qtbot.mouseClick(view.play, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view.play.isChecked(), timeout=20_000)  # ran to the end
    assert race.iteration == 60 and race.finished
    assert view.status.text().startswith("Iteration 60 of 60")
    assert all(len(c.getData()[1]) == 60 for c in view.curves)
    qtbot.mouseClick(view.reset_button, Qt.MouseButton.LeftButton)
    assert race.iteration == 0
    assert all(c.getData()[1] is None or len(c.getData()[1]) == 0 for c in view.curves)


def test_race_view_says_why_it_cannot_start(qtbot):
    from nnviz.errors import DataError
    from nnviz.gui.labs.race_view import RaceView

    def missing():
        raise DataError("MNIST is not in /nowhere.")

    view = RaceView(missing)
    qtbot.addWidget(view)
    qtbot.mouseClick(view.play, Qt.MouseButton.LeftButton)
    assert not view.play.isChecked() and view.status.text() == "MNIST is not in /nowhere."


@pytest.mark.slow  # loads 8,000 MNIST digits: seconds on a loaded machine
def test_mnist_optimizer_race_window_races_the_books_four(qtbot, mnist10k):
    win = LabWindow("optimizer-race-mnist", data_dir=str(mnist10k))
    qtbot.addWidget(win)
    qtbot.mouseClick(win.view.step_button, Qt.MouseButton.LeftButton)
    assert win.view.legend_texts() == ["sgd", "momentum", "adagrad", "adam"]
    assert win.view.race.iteration == 16
    assert win.view.status.text().startswith("Iteration 16 of 2,000")


def test_search_view_scatters_every_trial_coloured_by_validation_accuracy(qtbot):
    from nnviz.app.labs.search import validation_split
    from nnviz.data.datasets import load_dataset
    from nnviz.gui.labs.search_view import SearchView, accuracy_brushes

    view = SearchView(lambda: validation_split(load_dataset("spiral"), samples=100))
    qtbot.addWidget(view)
    view.trials.setValue(9)  # two races: eight trials, then one
    view.epochs.setValue(1)
    qtbot.mouseClick(view.play, Qt.MouseButton.LeftButton)
    assert not view.trials.isEnabled()  # the settings hold for the search under way
    qtbot.waitUntil(lambda: not view.play.isChecked(), timeout=30_000)
    s = view.search
    assert s.finished and len(s.results) == 9
    assert len(view.waiting.getData()[0] if view.waiting.getData()[0] is not None else []) == 0
    x, y = view.done.getData()
    # log axes: the scatter holds log10 of the drawn values
    np.testing.assert_allclose(10**x, [r.trial.learning_rate for r in s.results])
    np.testing.assert_allclose(10**y, [r.trial.weight_decay for r in s.results])
    acc = np.array([r.final_validation_accuracy for r in s.results])
    drawn = [b.color().name() for b in view.done.opts["symbolBrush"]]
    assert drawn == [b.color().name() for b in accuracy_brushes(acc)]
    best = s.ranked()[0]
    assert f"{100 * best.final_validation_accuracy:.1f}% validation" in view.status.text()
    assert view.status.text().startswith("9 of 9 trials")
    qtbot.mouseClick(view.reset_button, Qt.MouseButton.LeftButton)
    assert view.search is None and view.trials.isEnabled()


def test_closing_a_lab_window_pauses_it(qtbot):
    win = LabWindow("optimizer-paths")
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    qtbot.mouseClick(win.view.play, Qt.MouseButton.LeftButton)
    assert win.view.timer.isActive()
    win.close()
    assert not win.view.timer.isActive() and not win.view.play.isChecked()
