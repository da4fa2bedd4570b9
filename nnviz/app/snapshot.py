"""What the training engine sends to the application model: plain, read-only data.

A :class:`ResetInfo` once per Reset, then :class:`Snapshot` frames; the views receive
only these (arrays marked read-only), never the engine's own objects.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from nnviz.app.config import SessionConfig
from nnviz.core.edits import WeightEdit
from nnviz.core.glassbox import ComputationalGraph, GlassBoxStep
from nnviz.core.trainer import EpochRecord
from nnviz.core.warp import HiddenWarp
from nnviz.data.datasets import Dataset

if TYPE_CHECKING:
    from nnviz.app.labs.activations import ActivationSnapshot


@dataclass(frozen=True)
class ViewOptions:
    """How the worker renders per-frame views."""

    resolution: int = 200
    discretize: bool = False
    want_params: bool = False  # copy the parameters into every snapshot (weights views, canvas)
    neurons: bool = False  # per-neuron activation maps for the network graph (2-D sets)
    focus: tuple[int, int] | None = None  # (hidden layer, neuron) shown in the boundary view
    stats: bool = False  # weight histograms and gradient norms per layer
    dark: bool = False  # dark appearance: class colours over a dark background
    aspect: float | None = None  # width / height of the boundary view: the map fills it
    # Per-frame work only for what is on screen (a full-batch tutorial's epoch is one tiny
    # step: work per frame must not grow with what the window could show):
    boundary: bool = True  # the decision map (2-D sets)
    gallery: bool = True  # predictions for the test digits and the confusion matrix
    activations: bool = False  # per-hidden-layer activation histograms (the activations tab)
    features: tuple[int, int] = (0, 1)  # tables: the two columns the 2-D views slice through
    filters: bool = False  # the first conv layer's kernels (the filters view)
    feature_digit: int | None = None  # feature maps of this gallery digit (conv nets) …
    feature_pixels: bytes | None = None  # … or of this drawn digit (float32 pixels; wins)
    curve: bool = False  # 1-D regression: the fitted curve (the curve tab)
    units: bool = False  # … and every hidden unit's curve
    warp: tuple[int, int, int] | None = None  # (hidden layer, neuron, neuron): the warp view


@dataclass(frozen=True)
class ResetInfo:
    """Sent once per Reset: the dataset and network the following snapshots belong to."""

    generation: int
    dataset: Dataset
    sizes: tuple[int, ...]
    param_count: int
    config: SessionConfig
    extent: tuple[float, float, float, float] | None
    gallery_index: np.ndarray  # rows of the test split (or train) shown in the gallery
    gallery_images: np.ndarray | None = None  # those rows' images (image sets)
    gallery_labels: np.ndarray | None = None  # and their labels
    pretrained: bool = False  # the weights came from a file: its predictions mean something
    description: str = ""  # the network in one line: "784-100-10" or "conv:30x5x5,…,fc:10"
    weight_layers: int = 0  # how many weight matrices or kernels (W1 … Wn)
    # regression: the targets' colour range (fixed for the run: the colour bar's levels)
    value_range: tuple[float, float] | None = None
    # 2-D points: each network input (x₁, x₂, x₁², …) over the plane, (inputs, r, r)
    input_maps: np.ndarray | None = None

    @property
    def layered(self) -> bool:
        """True for a network built from a layer spec (conv …), not a plain MLP."""
        return self.config.network.arch is not None

    @property
    def convolutional(self) -> bool:
        """True when the network has conv or pool layers (it has filters and feature maps)."""
        from nnviz.core.architecture import parse_architecture

        arch = self.config.network.arch
        return arch is not None and parse_architecture(arch).is_convolutional


def light_dataset(ds: Dataset) -> Dataset:
    """``ds`` without its image arrays (what a window in another process needs of it).

    Views of an image set draw only the gallery (sent with :class:`ResetInfo`) and read
    the split sizes from the labels; 2-D point sets are small and sent whole.
    """
    if ds.kind in ("points", "curve", "table"):  # small, and their points are drawn
        return ds
    empty = np.empty((0, ds.n_features), dtype=ds.x_train.dtype)
    return replace(ds, x_train=empty, x_test=empty)


@dataclass(frozen=True)
class Snapshot:
    """A read-only picture of the training state, with everything new since the last one."""

    generation: int
    state: str  # idle | training | paused | done | diverged | stopped
    message: str
    epoch: int
    iteration: int
    samples_seen: int
    train_seconds: float
    samples_per_second: float
    learning_rate: float
    batch_losses: np.ndarray
    epochs: tuple[EpochRecord, ...]
    boundary: np.ndarray | None = None  # RGB uint8 (res, res, 3)
    boundary_extent: tuple[float, float, float, float] | None = None  # what it covers
    boundary_focus: tuple[int, int] | None = None  # the neuron it shows, None: the classes
    boundary_features: tuple[int, int] | None = None  # tables: the columns on its x and y axes
    gallery_probs: np.ndarray | None = None  # (len(gallery_index), classes)
    params: dict[str, np.ndarray] | None = None
    neuron_maps: tuple[np.ndarray, ...] | None = None  # per hidden layer: (neurons, r, r)
    weight_hists: tuple[tuple[np.ndarray, np.ndarray], ...] | None = None  # (counts, edges)
    grad_norms: np.ndarray | None = None  # ‖∂L/∂W‖ per layer, last batch
    confusion: np.ndarray | None = None  # (classes, classes) counts over the gallery pool
    # (parameters done, total) while a numerical-gradient step is under way, else None
    step_progress: tuple[int, int] | None = None
    # numerical mode: the last step's relative error against backprop on its batch
    gradient_check: float | None = None
    activation_hists: ActivationSnapshot | None = None  # hidden activations on fixed train rows
    filters: np.ndarray | None = None  # the first conv layer's kernels (F, C, kh, kw)
    feature_maps: tuple[tuple[str, np.ndarray], ...] | None = None  # (layer, (C,H,W) or (D,))
    feature_digit: int | None = None  # the gallery digit they belong to (None: the drawn one)
    data_edited: bool = False  # the network trains on painted (edited) data
    # 2-D regression: the prediction on the boundary grid (res, res) float32; ``boundary``
    # then holds the same values coloured over ResetInfo.value_range
    boundary_values: np.ndarray | None = None
    # 1-D regression: the fitted curve at curve_x, and each hidden layer's unit curves
    curve_x: np.ndarray | None = None  # (n,)
    curve_y: np.ndarray | None = None  # (n,)
    unit_curves: tuple[np.ndarray, ...] | None = None  # per hidden layer: (units, n)
    edits: EditState | None = None  # the hand edits of the weights since the Reset
    warp: HiddenWarp | None = None  # the grid and the data in two hidden neurons' plane
    glass_box: GlassBoxReply | None = None  # a glass-box step, sent once (after the request)


@dataclass(frozen=True)
class EditState:
    """The hand edits of the weights (Playground's "edit a weight") after the last one.

    ``count`` grows with every edit, undo and redo; ``last`` is what the last one did
    (an undo's ``new`` is the value put back); the losses are of the whole splits with
    the edited weights (NaN without a test split).
    """

    count: int
    last: WeightEdit
    can_undo: bool
    can_redo: bool
    train_loss: float
    test_loss: float


@dataclass(frozen=True)
class GlassBoxReply:
    """One glass-box step of the engine's real network (see :mod:`nnviz.core.glassbox`).

    ``step`` holds every number of the chosen sample before the update (which the
    engine applied); ``graph`` is the computational graph of that sample (None for an
    MSE network: the graph shows SoftmaxWithLoss); ``number`` counts the glass-box
    steps since the Reset (a new sample of the same batch keeps the number);
    ``iteration`` is the run's iteration this batch was; ``optimizer`` the run's own
    (the glass box steps with plain SGD whatever it is).
    """

    step: GlassBoxStep
    graph: ComputationalGraph | None
    number: int
    iteration: int
    optimizer: str


def frozen(a: np.ndarray) -> np.ndarray:
    """``a`` marked read-only (snapshots are shared with the views, never written)."""
    a.flags.writeable = False
    return a
