"""Decision-boundary grids through two chosen features of a table (the others at their mean)."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz.core.boundary import BoundaryGrid
from nnviz.core.network import Network


def test_a_2d_grid_is_the_plane_itself():
    grid = BoundaryGrid((-1, 1, -2, 2), 4)
    assert grid.points.shape == (16, 2) and grid.points.dtype == np.float32
    np.testing.assert_allclose(
        grid.points[:4], [[-0.75, -1.5], [-0.25, -1.5], [0.25, -1.5], [0.75, -1.5]]
    )
    np.testing.assert_allclose(grid.points[::4, 1], [-1.5, -0.5, 0.5, 1.5])


def test_a_table_slice_varies_two_features_and_holds_the_others():
    net = Network([4, 6, 3], "tanh", init="xavier", bias_init="same", seed=1)
    base = np.array([0.5, 0.0, -1.0, 2.0], np.float32)
    grid = BoundaryGrid((-3, 3, -3, 3), 5, features=(2, 0), n_features=4, base=base)
    plane = BoundaryGrid((-3, 3, -3, 3), 5).points
    rows = np.tile(base, (25, 1))
    rows[:, 2], rows[:, 0] = plane[:, 0], plane[:, 1]
    np.testing.assert_array_equal(grid.points, rows)
    expected = net.predict_proba(rows).reshape(5, 5, 3)
    np.testing.assert_allclose(grid.probabilities(net), expected, rtol=1e-5, atol=1e-7)
    # Without a base the other features sit at 0, the training mean of standardised data.
    centred = BoundaryGrid((-3, 3, -3, 3), 5, features=(1, 3), n_features=4)
    assert (centred.points[:, [0, 2]] == 0).all()


@pytest.mark.parametrize("features", [(1, 1), (0, 4), (-1, 2)])
def test_features_must_be_two_distinct_columns(features):
    with pytest.raises(ValueError, match="two columns of 4"):
        BoundaryGrid((-1, 1, -1, 1), 4, features=features, n_features=4)
