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
from tests.gui.helpers import WAIT_MS, make_window


def test_labs_menu_opens_every_lab_once(qtbot, tmp_path):
    w = make_window(qtbot, tmp_path)
    menu = next(a.menu() for a in w.menuBar().actions() if a.text() == "&Labs")
    labs = [a for a in menu.actions() if a.data() is not None]
    assert [a.data() for a in labs] == list(LABS)
    assert [a.text() for a in labs] == [lab.title for lab in LABS.values()]
    assert menu.actions()[-1].objectName() == "raceSettingsAction"  # after a separator
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


# ---------------------------------------------------------------------- race: remove, duplicate
def _select(qtbot, view, row: int) -> None:
    """Click contender ``row`` in the race view's list."""
    lst = view.contenders
    rect = lst.visualItemRect(lst.item(row))
    qtbot.mouseClick(lst.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert lst.currentRow() == row


def test_race_view_removes_and_duplicates_contenders(qtbot):
    from nnviz.gui.labs.race_view import RaceView

    view = RaceView(_small_race)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    qtbot.mouseClick(view.step_button, Qt.MouseButton.LeftButton)
    race = view.race
    assert view.contenders.count() == 3
    _select(qtbot, view, 1)  # adam
    qtbot.mouseClick(view.remove_button, Qt.MouseButton.LeftButton)
    assert [lane.contender.train.optimizer for lane in race.lanes] == ["sgd", "momentum"]
    assert view.legend_texts() == race.legend() == ["sgd", "momentum"]
    assert [view.contenders.item(i).text() for i in range(2)] == ["sgd", "momentum"]
    colours = [c.opts["pen"].color().name() for c in view.curves]
    _select(qtbot, view, 0)
    assert view.duplicate_lr.value() == pytest.approx(0.1)  # the selected one's settings
    view.duplicate_lr.setValue(0.3)
    qtbot.mouseClick(view.duplicate_button, Qt.MouseButton.LeftButton)
    assert len(race.lanes) == 3 and view.contenders.currentRow() == 2
    copy = race.lanes[2]
    assert copy.contender.train.learning_rate == 0.3 and copy.contender.train.optimizer == "sgd"
    assert view.legend_texts() == ["sgd, lr 0.1", "momentum, lr 0.1", "sgd, lr 0.3"]
    new = [c.opts["pen"].color().name() for c in view.curves]
    assert new[:2] == colours and new[2] not in colours  # the others keep their colours
    qtbot.mouseClick(view.step_button, Qt.MouseButton.LeftButton)  # it catches up first
    assert copy.iteration == race.iteration == 32
    assert len(view.curves[2].getData()[1]) == 32
    qtbot.mouseClick(view.reset_button, Qt.MouseButton.LeftButton)  # reset acts on all three
    assert [lane.iteration for lane in race.lanes] == [0, 0, 0]
    for row in (2, 1):
        _select(qtbot, view, row)
        qtbot.mouseClick(view.remove_button, Qt.MouseButton.LeftButton)
    assert len(race.lanes) == 1 and not view.remove_button.isEnabled()  # one stays


def test_a_training_race_leaves_the_event_loop_free(qtbot):
    """The race trains in ticks of TICK_SECONDS; a 5 ms timer keeps firing in between."""
    import time

    from PySide6.QtCore import QTimer

    from nnviz.gui.labs.playback import TICK_SECONDS
    from nnviz.gui.labs.race_view import RaceView

    view = RaceView(lambda: _small_race(iterations=1_000_000))
    qtbot.addWidget(view)
    assert view.ensure_race()
    ticks: list[float] = []
    step = view.race.step

    def timed_step(**kw):
        assert kw == {"max_seconds": TICK_SECONDS}
        t = time.perf_counter()
        report = step(**kw)
        ticks.append(time.perf_counter() - t)
        return report

    view.race.step = timed_step
    fired = []
    probe = QTimer()
    probe.setInterval(5)
    probe.timeout.connect(lambda: fired.append(1))
    probe.start()
    qtbot.mouseClick(view.play, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(ticks) >= 10 and len(fired) >= 10, timeout=20_000)
    qtbot.mouseClick(view.play, Qt.MouseButton.LeftButton)
    probe.stop()
    assert not view.timer.isActive() and view.race.iteration > 0
    assert sorted(ticks)[len(ticks) // 2] < 4 * TICK_SECONDS, ticks  # median, on a busy machine


def test_overfitting_race_view_draws_train_and_test_accuracy(qtbot):
    from nnviz.app.labs.common import first_rows
    from nnviz.app.labs.overfitting import overfitting_race
    from nnviz.data.datasets import load_dataset
    from nnviz.gui.labs.race_view import RaceView

    data = first_rows(load_dataset("spiral", test_ratio=0.3), 100)
    view = RaceView(lambda: overfitting_race(data, epochs=3), curves="accuracy")
    qtbot.addWidget(view)
    view.show()
    qtbot.mouseClick(view.play, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view.play.isChecked(), timeout=20_000)
    race = view.race
    assert race.finished and view.legend_texts() == ["plain", "weight decay λ 0.1", "dropout 0.2"]
    for lane, train, test in zip(race.lanes, view.curves, view.test_curves, strict=True):
        x, y = train.getData()
        np.testing.assert_array_equal(x, [1, 2, 3])
        np.testing.assert_array_equal(y, [r.train_accuracy for r in lane.history])
        np.testing.assert_array_equal(test.getData()[1], [r.test_accuracy for r in lane.history])
        assert test.opts["pen"].style() == Qt.PenStyle.DashLine
    assert view.status.text().startswith("Epoch 3 of 3 · training − test accuracy, points: plain")
    _select(qtbot, view, 0)
    view.duplicate_l2.setValue(0.01)
    qtbot.mouseClick(view.duplicate_button, Qt.MouseButton.LeftButton)
    assert view.legend_texts()[-1] == "plain, λ 0.01" and race.lanes[-1].contender.train.l2 == 0.01
    qtbot.mouseClick(view.play, Qt.MouseButton.LeftButton)  # the copy replays its 3 epochs
    qtbot.waitUntil(lambda: not view.play.isChecked(), timeout=20_000)
    assert len(race.lanes[-1].history) == 3


# ---------------------------------------------------------------------- batch norm
def test_batch_norm_view_fills_the_grid_cell_by_cell(qtbot):
    from nnviz.app.labs.batch_norm import weight_scales
    from nnviz.app.labs.common import first_rows
    from nnviz.data.datasets import load_dataset
    from nnviz.gui.labs.batch_norm_view import BatchNormView

    view = BatchNormView(lambda: first_rows(load_dataset("spiral"), 200, test=False), scales=4)
    qtbot.addWidget(view)
    view.show()
    assert len(view.cells.plots) == 4
    view.epochs.setValue(2)
    qtbot.mouseClick(view.step_button, Qt.MouseButton.LeftButton)  # one epoch of cell 1
    assert view.status.text().startswith("Cell 1 of 4 (std 1), epoch 1 of 2")
    assert [len(c.getData()[1]) for c in view.cells.curves[0]] == [1, 1]
    assert view.cells.selected == 0 and not view.epochs.isEnabled()
    qtbot.mouseClick(view.play, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view.play.isChecked(), timeout=30_000)
    grid = view.grid
    assert grid.finished and view.cells.selected is None
    for i, (bn, plain) in enumerate(view.cells.curves):
        np.testing.assert_array_equal(bn.getData()[1], grid.cells[i].batch_norm)
        if grid.cells[i].plain:
            np.testing.assert_array_equal(plain.getData()[1], grid.cells[i].plain)
        title = view.cells.plots[i].titleLabel.text
        assert title.startswith(f"std {weight_scales(4)[i]:.3g}")
    assert view.status.text().startswith("All 4 cells trained · batch norm learnt faster in ")
    qtbot.mouseClick(view.reset_button, Qt.MouseButton.LeftButton)
    assert view.grid is None and view.epochs.isEnabled()
    assert all(len(c.getData()[0] if c.getData()[0] is not None else []) == 0
               for c in view.cells.curves[0])  # fmt: skip


# ---------------------------------------------------------------------- search: grid, open
def test_search_shows_the_best_trials_and_opens_one_as_a_run(qtbot, tmp_path, monkeypatch):
    import nnviz.gui.labs as labs
    from nnviz.app.config import DataRequest
    from nnviz.app.labs.search import validation_split
    from nnviz.data.datasets import load_dataset
    from nnviz.gui.labs.search_view import SearchView

    monkeypatch.setitem(
        labs.LAB_VIEWS,
        "hyperparameter-search",
        lambda _dir: SearchView(
            lambda: validation_split(load_dataset("spiral"), samples=100), DataRequest("spiral")
        ),
    )
    w = make_window(qtbot, tmp_path)
    w.menus.lab_actions["hyperparameter-search"].trigger()
    view = w.menus.labs.windows["hyperparameter-search"].view
    view.trials.setValue(3)
    view.epochs.setValue(2)
    assert not view.open_button.isEnabled()
    qtbot.mouseClick(view.play, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view.play.isChecked(), timeout=30_000)
    ranked = view.search.ranked()
    for k, r in enumerate(ranked):
        val, train = view.best.curves[k]
        np.testing.assert_array_equal(val.getData()[1], r.validation_accuracy)
        np.testing.assert_array_equal(train.getData()[1], r.train_accuracy)
        assert view.best.plots[k].titleLabel.text.startswith(f"Best-{k + 1} (val acc: ")
    assert view.best.curves[3][0].getData()[0] is None or not len(
        view.best.curves[3][0].getData()[0]
    )
    # click the second-best trial's small plot: it is chosen
    cell = view.best.plots[1]
    pos = view.best.graphics.mapFromScene(cell.sceneBoundingRect().center())
    qtbot.mouseClick(view.best.graphics.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    chosen = ranked[1].trial
    assert view.chosen().trial is chosen and view.best.selected == 1
    qtbot.mouseClick(view.open_button, Qt.MouseButton.LeftButton)
    panel = w.network_panel
    assert panel.lr.value() == pytest.approx(chosen.learning_rate, rel=1e-5)
    assert panel.lr.text() == f"{chosen.learning_rate:.6g}" or "e" in f"{chosen.learning_rate:.6g}"
    assert panel.train_config().l2 == pytest.approx(chosen.weight_decay, rel=1e-3)
    assert panel.network_config().hidden == (100,) * 6
    assert w.dataset_panel.key == "spiral"
    # the main window builds the trial's network: 2 → 100×6 → 3
    qtbot.waitUntil(lambda: tuple(w.model.info.sizes) == (2, *(100,) * 6, 3), timeout=WAIT_MS)
    assert w.model.info.config.train.learning_rate == pytest.approx(chosen.learning_rate, rel=1e-5)


def test_race_these_settings_races_the_users_own_configurations(qtbot, tmp_path):
    """Labs → Race these settings: the panel's settings as contenders, same data, same
    initial weights and batches; another optimizer adds a second contender."""
    w = make_window(qtbot, tmp_path)  # the spiral, 2-8-8-3, SGD
    w.network_panel.epochs.setValue(20)
    w.menus.race_action.trigger()
    win = w.menus.labs.own_race
    qtbot.waitExposed(win)
    view = win.view
    assert view.race is not None and len(view.race.lanes) == 1
    assert view.race.lanes[0].contender.network == w.session_config().network
    first_w1 = view.race.lanes[0].network.params["W1"].copy()
    combo = w.network_panel.optimizer
    combo.setCurrentIndex(combo.findData("adam"))
    w.menus.race_action.trigger()
    assert w.menus.labs.own_race is win and len(view.race.lanes) == 2
    assert view.contenders.count() == 2 and view.contenders.currentRow() == 1
    assert sorted(view.legend_texts()) == ["adam", "sgd"]  # what differs
    # the same initial weights for the same shapes
    np.testing.assert_array_equal(view.race.lanes[1].network.params["W1"], first_w1)
    qtbot.mouseClick(view.step_button, Qt.MouseButton.LeftButton)
    assert [lane.iteration for lane in view.race.lanes] == [16, 16]
    assert not np.allclose(view.race.lanes[0].losses, view.race.lanes[1].losses)
    qtbot.mouseClick(view.play, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.race.finished, timeout=WAIT_MS)  # 20 epochs each
    assert all(len(lane.history) == 20 for lane in view.race.lanes)
    # another batch size cannot share the batches: one sentence, the race unchanged
    w.network_panel.batch.setValue(20)
    w.menus.race_action.trigger()
    assert len(view.race.lanes) == 2 and "batch size" in view.status.text()
    # other data: a new race of the settings on it
    w.dataset_panel.combo.setCurrentIndex(w.dataset_panel.combo.findData("moons"))
    w.menus.race_action.trigger()
    assert w.menus.labs.own_race is not win
    assert len(w.menus.labs.own_race.view.race.lanes) == 1
