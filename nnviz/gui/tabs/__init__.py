"""The main view's tabs: one module each, registered here in display order.

A new view is a module with a :class:`~nnviz.gui.tabs.base.Tab` subclass and one line below.
"""

from __future__ import annotations

from nnviz.gui.tabs.activations import ActivationsTab
from nnviz.gui.tabs.base import Tab
from nnviz.gui.tabs.boundary import BoundaryTab
from nnviz.gui.tabs.confusion import ConfusionTab
from nnviz.gui.tabs.digits import DigitsTab
from nnviz.gui.tabs.draw import DrawTab
from nnviz.gui.tabs.feature_maps import FeatureMapsTab
from nnviz.gui.tabs.filters import FiltersTab
from nnviz.gui.tabs.fit_curve import CurveTab
from nnviz.gui.tabs.glassbox import GlassBoxTab
from nnviz.gui.tabs.layers import LayersTab
from nnviz.gui.tabs.network import NetworkTab
from nnviz.gui.tabs.warp import WarpTab
from nnviz.gui.tabs.weights import WeightsTab

TABS: tuple[type[Tab], ...] = (
    BoundaryTab,
    CurveTab,
    DigitsTab,
    NetworkTab,
    WarpTab,
    GlassBoxTab,
    ConfusionTab,
    WeightsTab,
    FiltersTab,
    FeatureMapsTab,
    LayersTab,
    ActivationsTab,
    DrawTab,
)
"""Every tab class, in the order the tabs appear."""
