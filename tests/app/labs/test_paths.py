"""Optimizer-paths lab: the surfaces' gradients, and paths made by the training optimizers."""

from __future__ import annotations

import math

import numpy as np
import pytest

from nnviz.app.labs.paths import (
    BOOK_STEPS,
    PATH_OPTIMIZERS,
    OptimizerPaths,
    run_optimizer_paths,
)
from nnviz.app.labs.surfaces import BOOK_RATES, SURFACES, contour_grid, contour_levels
from nnviz.core.gradcheck import relative_error
from nnviz.core.optimizers import OPTIMIZERS
from nnviz.errors import ConfigError


# ---------------------------------------------------------------------- surfaces
@pytest.mark.parametrize("name", list(SURFACES))
def test_gradient_matches_central_differences(name):
    surf = SURFACES[name]
    rng = np.random.default_rng(1)
    (x0, x1), (y0, y1) = surf.xlim, surf.ylim
    x = rng.uniform(x0, x1, 50)
    y = rng.uniform(y0, y1, 50)
    h = 1e-6
    num_x = (surf.value(x + h, y) - surf.value(x - h, y)) / (2 * h)
    num_y = (surf.value(x, y + h) - surf.value(x, y - h)) / (2 * h)
    gx, gy = surf.gradient(x, y)
    assert relative_error(gx, num_x) < 1e-6
    assert relative_error(gy, num_y) < 1e-6


@pytest.mark.parametrize("name", list(SURFACES))
def test_minima_are_stationary_and_lowest_on_the_grid(name):
    surf = SURFACES[name]
    _, _, z = contour_grid(surf, 301)
    for mx, my in surf.minima:
        gx, gy = surf.gradient(np.float64(mx), np.float64(my))
        assert abs(gx) < 1e-9 and abs(gy) < 1e-9
        assert surf.value(mx, my) <= z.min() + 1e-9


def test_contour_grid_is_row_major_with_rows_along_y():
    surf = SURFACES["book"]
    xs, ys, z = contour_grid(surf, 5, xlim=(0, 4), ylim=(-2, 2))
    assert z.shape == (5, 5)
    assert z[0, 4] == surf.value(4.0, -2.0) == 16 / 20 + 4
    assert z[2, 0] == 0.0
    levels = contour_levels(surf, z, 7)
    assert len(levels) == 7 and np.all(np.diff(levels) > 0)


def test_log_levels_put_lines_near_the_valley_floor():
    surf = SURFACES["rosenbrock"]
    _, _, z = contour_grid(surf, 100)
    levels = contour_levels(surf, z, 20)
    # Half the lines within 0.1% of the range above the floor: the banana shows.
    assert np.sum(levels - z.min() < 1e-3 * (z.max() - z.min())) >= 10


def test_contour_grid_needs_two_points():
    with pytest.raises(ConfigError, match="at least 2"):
        contour_grid(SURFACES["book"], 1)


# ---------------------------------------------------------------------- paths
def direct_book_path(name: str, lr: float, steps: int) -> list[tuple[float, float]]:
    """The book's loop written against nnviz's optimizer classes directly."""
    opt = OPTIMIZERS[name](lr)
    params = {"x": np.array([-7.0]), "y": np.array([2.0])}
    seen = []
    for _ in range(steps):
        seen.append((params["x"][0], params["y"][0]))
        gx, gy = params["x"] / 10.0, 2.0 * params["y"]
        opt.update(params, {"x": gx, "y": gy})
    seen.append((params["x"][0], params["y"][0]))
    return seen


@pytest.mark.parametrize("name", PATH_OPTIMIZERS)
def test_thirty_step_end_points_equal_a_direct_call_of_the_optimizer_classes(name):
    lab = OptimizerPaths()
    lab.step(BOOK_STEPS)
    want = direct_book_path(name, BOOK_RATES[name], BOOK_STEPS)
    assert lab.position(name) == want[-1]  # exactly: the same class, the same arithmetic
    np.testing.assert_array_equal(lab.path(name), np.array(want))


def book_port(name: str, lr: float, steps: int) -> np.ndarray:
    """``optimizer_compare_naive.py`` with the book's own update rules on Python floats."""
    p = {"x": -7.0, "y": 2.0}
    state: dict = {"v": {"x": 0.0, "y": 0.0}, "h": {"x": 0.0, "y": 0.0}, "m": {"x": 0.0, "y": 0.0}}
    out = []
    for it in range(1, steps + 1):
        out.append((p["x"], p["y"]))
        g = {"x": p["x"] / 10.0, "y": 2.0 * p["y"]}
        for k in "xy":
            if name == "sgd":
                p[k] -= lr * g[k]
            elif name == "momentum":
                state["v"][k] = 0.9 * state["v"][k] - lr * g[k]
                p[k] += state["v"][k]
            elif name == "adagrad":
                state["h"][k] += g[k] * g[k]
                p[k] -= lr * g[k] / (math.sqrt(state["h"][k]) + 1e-7)
            else:  # adam
                lr_t = lr * math.sqrt(1.0 - 0.999**it) / (1.0 - 0.9**it)
                state["m"][k] += (1 - 0.9) * (g[k] - state["m"][k])
                state["v"][k] += (1 - 0.999) * (g[k] ** 2 - state["v"][k])
                p[k] -= lr_t * state["m"][k] / (math.sqrt(state["v"][k]) + 1e-7)
    return np.array(out)


@pytest.mark.parametrize("name", ["sgd", "momentum", "adagrad", "adam"])
def test_book_positions_match_the_books_script(name):
    r = run_optimizer_paths()
    got = np.array(r["details"]["positions"][name])
    assert got.shape == (BOOK_STEPS, 2)
    np.testing.assert_allclose(got, book_port(name, BOOK_RATES[name], BOOK_STEPS), rtol=1e-12)


def test_headless_run_reproduces_figure_6_8_in_numbers():
    r = run_optimizer_paths()
    assert r["reproduced"] is True, r["measured"]
    assert r["measured"]["sgd_zigzags"] == 29  # every step crosses the valley floor
    assert r["measured"]["adagrad_no_zigzag"] == 0
    d = r["details"]
    assert set(d["positions"]) == set(PATH_OPTIMIZERS)
    assert d["positions"]["sgd"][0] == [-7.0, 2.0]
    assert d["rates"]["sgd"] == 0.95 and d["rates"]["adam"] == 0.3


def test_other_surfaces_report_paths_but_no_book_claims():
    r = run_optimizer_paths(surface="saddle", steps=300)
    assert r["published"] == {} and r["reproduced"] is True
    # Every optimizer escapes the saddle at (0, 0) to one of the two minima.
    assert max(r["details"]["end_distance_to_minimum"].values()) < 0.05


@pytest.mark.parametrize("name", list(SURFACES))
def test_default_rates_do_not_diverge_from_the_default_start(name):
    lab = OptimizerPaths(name)
    lab.step(1000)
    assert not any(lab.diverged.values())
    for opt in PATH_OPTIMIZERS:
        assert lab.path(opt).shape == (1001, 2)


# ---------------------------------------------------------------------- live control
def test_a_rate_change_replays_that_path_only():
    lab = OptimizerPaths()
    lab.step(10)
    before = lab.paths()
    lab.set_rate("sgd", 0.5)
    fresh = OptimizerPaths(rates={"sgd": 0.5})
    fresh.step(10)
    np.testing.assert_array_equal(lab.path("sgd"), fresh.path("sgd"))
    assert not np.array_equal(lab.path("sgd"), before["sgd"])
    np.testing.assert_array_equal(lab.path("adam"), before["adam"])


def test_a_live_rate_change_continues_from_where_the_path_is():
    lab = OptimizerPaths()
    lab.step(5)
    head = lab.path("sgd")
    lab.set_rate("sgd", 0.1, replay=False)
    lab.step(1)
    path = lab.path("sgd")
    np.testing.assert_array_equal(path[:6], head)
    x, y = head[-1]
    assert tuple(path[-1]) == pytest.approx((x - 0.1 * x / 10, y - 0.1 * 2 * y))


def test_moving_the_start_redoes_every_path_to_the_same_step():
    lab = OptimizerPaths()
    lab.step(7)
    lab.set_start(3.0, -1.0)
    for name in PATH_OPTIMIZERS:
        path = lab.path(name)
        assert len(path) == 8 and tuple(path[0]) == (3.0, -1.0)


def test_reset_and_surface_switch():
    lab = OptimizerPaths(rates={"adam": 0.01})
    lab.step(3)
    lab.reset()
    assert lab.steps == 0 and lab.path("adam").tolist() == [[-7.0, 2.0]]
    lab.set_surface("beale")
    assert lab.start == SURFACES["beale"].start
    assert lab.rate("adam") == SURFACES["beale"].rates["adam"]


def test_a_diverging_optimizer_stops_at_its_last_finite_point_without_warnings():
    lab = OptimizerPaths(rates={"sgd": 2.0})  # y ← −3y: escapes geometrically
    lab.step(100)
    assert lab.diverged["sgd"] and not lab.diverged["adam"]
    path = lab.path("sgd")
    assert np.isfinite(path).all() and len(path) < 101
    assert len(lab.path("adam")) == 101


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"surface": "bowl"}, "Unknown surface"),
        ({"optimizers": ["lbfgs"]}, "Unknown optimizer"),
        ({"rates": {"sgd": -1.0}}, "learning rate"),
        ({"rates": {"sgd": 0.1}, "optimizers": ["adam"]}, "not one of"),
        ({"start": (math.nan, 0.0)}, "finite point"),
    ],
)
def test_bad_settings_are_one_sentence_errors(kwargs, fragment):
    with pytest.raises(ConfigError, match=fragment):
        OptimizerPaths(**kwargs)
