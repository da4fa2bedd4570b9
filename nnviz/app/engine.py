"""The training engine: a Qt-free loop that owns the dataset, network and trainer.

The engine runs in its own thread or process (see :mod:`nnviz.gui.engine_thread`);
everything else talks to it only through :meth:`Engine.post` (a lock-protected
command mailbox, callable from any thread) and hears from it only through its
events (:class:`~nnviz.app.events.Event`): ``reset_done(ResetInfo)``,
``snapshot_ready(Snapshot)``, ``failed(template, args)``, ``saved(path)`` and
``pinged(token)``.  :meth:`Engine.iterate` runs one turn of the loop, so tests can
drive it synchronously; :meth:`Engine.run` loops until :meth:`Engine.request_stop`.

Back-pressure: a snapshot is emitted at most every ``FRAME_INTERVAL`` seconds
*and* only after the receiver has called :meth:`Engine.frame_consumed` for the
previous one.  Every batch loss and epoch record since the last snapshot travels
with the next, so a slow window skips redraws, never data.

Barrier: ``post("ping", token)`` is answered by ``pinged(token)`` once every
command queued before it has run — what tests wait on instead of sleeping.
"""

from __future__ import annotations

import threading
import time
import traceback
from collections import deque
from collections.abc import Callable
from dataclasses import replace

import numpy as np

from nnviz.app.config import DataRequest, SessionConfig, build_trainer, with_crosses
from nnviz.app.events import Event
from nnviz.app.labs.activations import ActivationSnapshot, network_histograms
from nnviz.app.session_file import SessionFile, model_to_bytes, save_session
from nnviz.app.snapshot import (
    EditState,
    GlassBoxReply,
    ResetInfo,
    Snapshot,
    ViewOptions,
    frozen,
)
from nnviz.core.boundary import (
    BoundaryGrid,
    CurveGrid,
    colorize,
    colorize_values,
    data_extent,
    fit_aspect,
)
from nnviz.core.colors import diverging_colorize
from nnviz.core.edits import WeightEditor
from nnviz.core.features import FeatureMap
from nnviz.core.glassbox import MAX_GLASS_BOX_WIDTH, computational_graph, glass_box_step
from nnviz.core.layered import LayerNetwork, feature_maps, first_layer_filters
from nnviz.core.metrics import confusion_matrix
from nnviz.core.modelio import Model, check_fits, save_model
from nnviz.core.network import Network
from nnviz.core.trainer import EpochRecord, TrainConfig, Trainer, TrainState
from nnviz.core.warp import HiddenWarp, hidden_warp
from nnviz.data.datasets import Dataset
from nnviz.errors import NnvizError

TR_CONTEXT = "session"  # the translation context of the messages below (N_)


def N_(text: str) -> str:
    """Mark ``text`` for translation; the window translates it when shown."""
    return text


FRAME_INTERVAL = (
    1 / 33
)  # seconds between snapshots: at most ~33 per second, so ≥ 30 reach the screen
CHUNK_SECONDS = 0.015  # training time between looks at the mailbox
PREDICTION_INTERVAL = 0.2  # seconds between gallery/test-set predictions
BOUNDARY_SHARE = 0.1  # the decision map takes at most this share of the time while training
GALLERY_POOL = 10_000  # test digits whose predictions (and confusion matrix) travel with snapshots
NEURON_MAP_RESOLUTION = 40  # cells per side of each neuron's small map
CURVE_POINTS = 400  # x values of a 1-D regression's fitted curve
HISTOGRAM_BINS = 40
ACTIVATION_SAMPLES = 1000  # training rows whose hidden activations the histograms count


class Engine:
    """The training loop; owns the dataset, network and trainer (see the module docstring)."""

    def __init__(self, describe_dataset: Callable[[Dataset], Dataset] = lambda ds: ds) -> None:
        # What reset_done tells of the dataset (a window in another process gets less).
        self.describe_dataset = describe_dataset
        self.network_built: Callable[[object], None] | None = None  # told of each network
        self.blas = None  # a nnviz.app.blas.BlasTuner in the engine's own process
        self.snapshot_ready = Event("snapshot_ready")
        self.reset_done = Event("reset_done")
        self.failed = Event("failed")  # (message template, format arguments)
        self.saved = Event("saved")
        self.pinged = Event("pinged")
        self.finished = Event("finished")
        self._lock = threading.Lock()
        self._commands: deque[tuple] = deque()
        self._wake = threading.Event()
        self._stop = False
        self._frame_in_flight = False
        self._pings: list[object] = []
        # Owned by the worker thread from here on.
        self.trainer: Trainer | None = None
        self.config: SessionConfig | None = None
        self._dataset_cache: tuple[tuple[DataRequest, str], Dataset] | None = None
        self._generation = 0
        self._training = False
        self._state = "idle"
        self._view = ViewOptions()
        self._grid: BoundaryGrid | None = None
        self._small_grid: BoundaryGrid | None = None
        self._curve: CurveGrid | None = None  # 1-D regression
        self._value_range: tuple[float, float] | None = None  # regression colours
        self._gallery_index = np.empty(0, dtype=np.int64)
        self._pending_losses: list[np.ndarray] = []
        self._pending_epochs: list[EpochRecord] = []
        self._dirty = False
        self._force = False
        self._starting = False  # Train was just pressed: train before the next frame
        self._last_emit = 0.0
        self._last_predict = -1.0
        self._predict_cost = 0.0  # seconds the last gallery prediction took
        self._last_boundary = -1.0
        self._boundary_cost = 0.0  # seconds the last decision map took
        self._map_weights: np.ndarray | None = None  # the weights the last map was drawn of
        self._map_key: tuple = ()  # … and the generation and view options it was drawn for
        self._gallery_probs: np.ndarray | None = None
        self._confusion: np.ndarray | None = None
        self._activation_rows = np.empty(0, dtype=np.int64)
        self._activation_hists: ActivationSnapshot | None = None
        self._last_activations = -1.0
        self._editor: WeightEditor | None = None  # hand edits of an MLP's weights
        self._edit_state: EditState | None = None
        self._warp_points = np.empty((0, 2), dtype=np.float32)  # plain 2-D inputs, train+test
        self._glass_batch: tuple | None = None  # (float64 copy before the step, x, t, lr, …)
        self._glass_reply: GlassBoxReply | None = None  # until a snapshot carries it
        self._glass_steps = 0

    # ---------------------------------------------------------------- any-thread API
    def post(self, *command) -> None:
        """Queue a command for the worker loop (callable from any thread)."""
        with self._lock:
            self._commands.append(command)
        self._wake.set()

    def request_stop(self) -> None:
        self._stop = True
        self._wake.set()

    def frame_consumed(self) -> None:
        self._frame_in_flight = False
        self._wake.set()

    # ---------------------------------------------------------------- worker loop
    def run(self) -> None:
        """The worker loop: commands, a chunk of training, maybe a snapshot; sleep when idle."""
        try:
            while not self._stop:
                self._wake.clear()
                self.iterate()
                if not self._training and not self._stop:
                    self._wake.wait()
        finally:
            self.finished.emit()

    def iterate(self) -> None:
        """One turn of the loop: commands, a chunk of training, maybe a snapshot."""
        try:
            self._iterate()
        except Exception as e:  # a bug must not kill the engine: report it, pause
            traceback.print_exc()
            self._training = False
            self._set_state("paused")
            self.failed.emit(
                N_("Internal error in the training thread: {0}: {1}"), (type(e).__name__, str(e))
            )

    @property
    def busy(self) -> bool:
        """True while commands wait or training runs (the loop has work without being woken)."""
        return self._training or bool(self._commands)

    def _iterate(self) -> None:
        self._handle_commands()
        if self._stop:
            return
        if self._force and not self._starting:
            # Show a new state before a (possibly long) training chunk. Not when Train was
            # just pressed: the window shows that itself, and a frame here would make the
            # run's first results wait for the window to draw it (a short tutorial's whole
            # run fits in one chunk: its one frame says "done").
            self._maybe_emit()
        if self._training:
            self._train_chunk()
        self._starting = False
        self._maybe_emit()
        while self._pings:
            self.pinged.emit(self._pings.pop(0))

    def _handle_commands(self) -> None:
        while True:
            with self._lock:
                if not self._commands:
                    return
                name, *args = self._commands.popleft()
            try:
                getattr(self, f"_cmd_{name}")(*args)
            except NnvizError as e:
                self.failed.emit(str(e), ())
            except MemoryError:
                self.failed.emit(
                    N_("Not enough memory for these settings; try a smaller network or dataset."),
                    (),
                )

    def _set_state(self, state: str) -> None:
        self._state = state
        self._force = True

    def _cmd_reset(self, config: SessionConfig, model: Model | None = None) -> None:
        """Build ``config`` (with ``model``'s weights, if given); on any error nothing changes."""
        dataset = with_crosses(self._load(config.data, config.train.rng), config.network)
        if model is None:
            self._start(config, dataset, build_trainer(config, data=dataset))
        else:
            self._start_with_model(config, dataset, model)

    def _load(self, request: DataRequest, rng: str = "modern") -> Dataset:
        key = (request, rng)
        if self._dataset_cache is not None and self._dataset_cache[0] == key:
            return self._dataset_cache[1]
        dataset = request.load(rng)
        self._dataset_cache = (key, dataset)
        return dataset

    def _start(
        self, config: SessionConfig, dataset: Dataset, trainer: Trainer, pretrained: bool = False
    ) -> None:
        trainer.interrupt = self._should_interrupt
        if self.network_built is not None:
            self.network_built(trainer.network)
        if self.blas is not None:
            rows = trainer.config.batch_size or len(dataset.y_train)
            self.blas.start(trainer.network.param_count, rows)
        self.trainer = trainer
        self.config = config
        self._generation += 1
        self._training = False
        self._pending_losses.clear()
        self._pending_epochs.clear()
        self._gallery_probs = self._confusion = None
        self._last_predict = -1.0
        self._value_range = _value_range(dataset) if dataset.is_regression else None
        extent = self._make_grids(dataset)
        n_pool = len(dataset.y_test) if dataset.has_test else len(dataset.y_train)
        self._gallery_index = idx = np.arange(min(GALLERY_POOL, n_pool))
        # The same rows every frame (seeded): the histograms change only because the net does.
        n_train = len(dataset.y_train)
        rows = np.random.default_rng(0).permutation(n_train)[:ACTIVATION_SAMPLES]
        self._activation_rows = np.sort(rows)
        self._activation_hists, self._last_activations = None, -1.0
        net = trainer.network
        self._editor = WeightEditor(net) if isinstance(net, Network) else None
        self._edit_state = None
        self._glass_batch = self._glass_reply = None
        self._glass_steps = 0
        if dataset.is_points:
            self._warp_points = np.concatenate([dataset.inputs("train"), dataset.inputs("test")])
        images = labels = None
        if dataset.kind == "images":
            x, y = (
                (dataset.x_test, dataset.y_test)
                if dataset.has_test
                else (dataset.x_train, dataset.y_train)
            )
            images, labels = frozen(x[idx]), frozen(np.asarray(y)[idx])
        self.reset_done.emit(
            ResetInfo(
                generation=self._generation,
                dataset=self.describe_dataset(dataset),
                sizes=_sizes(net),
                param_count=net.param_count,
                description=_description(net),
                weight_layers=len(_weight_keys(net)),
                config=config,
                extent=extent,
                gallery_index=frozen(idx.copy()),
                gallery_images=images,
                gallery_labels=labels,
                pretrained=pretrained,
                value_range=self._value_range,
                input_maps=self._input_maps(dataset),
            )
        )
        self._set_state("idle")
        self._dirty = True

    def _features(self, dataset: Dataset) -> tuple[int, int]:
        """The two input columns the 2-D views show (a table's chosen pair; else x and y)."""
        i, j = self._view.features
        d = dataset.n_features
        return (i, j) if dataset.is_table and i != j and max(i, j) < d else (0, 1)

    def _make_grids(self, dataset: Dataset) -> tuple[float, float, float, float] | None:
        """The boundary grids of ``dataset`` (none for images); the extent of its points.

        A table's grids are slices through two chosen features, the others held at
        their training means (0 after standardisation).
        """
        self._grid = self._small_grid = self._curve = None
        if dataset.kind == "curve":
            return self._make_curve(dataset)
        if not (dataset.is_points or dataset.is_table):
            return None
        features = self._features(dataset)
        # the plane of the plain inputs (a crossed set's network inputs are φ(x))
        x = np.concatenate([dataset.inputs("train"), dataset.inputs("test")])[:, features]
        extent = self._data_extent = data_extent(x)
        crosses = dataset.feature_crosses
        shape = {
            "features": features,
            "n_features": 2 if crosses else dataset.n_features,
            "crosses": crosses or None,
        }
        self._grid = BoundaryGrid(
            fit_aspect(extent, self._view.aspect), self._view.resolution, **shape
        )
        self._small_grid = BoundaryGrid(extent, NEURON_MAP_RESOLUTION, **shape)
        return extent

    def _make_curve(self, dataset: Dataset) -> tuple[float, float, float, float]:
        """The x values of a 1-D regression's curve; the extent (x and y) its view shows."""
        x = np.concatenate([dataset.x_train, dataset.x_test])[:, 0]
        y = np.concatenate([dataset.y_train, dataset.y_test]).ravel()
        xmin, xmax, ymin, ymax = (float(v) for v in (x.min(), x.max(), y.min(), y.max()))
        xpad = max((xmax - xmin) * 0.1, 1.0)
        ypad = max((ymax - ymin) * 0.25, 1.0)
        extent = (xmin - xpad, xmax + xpad, ymin - ypad, ymax + ypad)
        self._curve = CurveGrid(extent[0], extent[1], CURVE_POINTS)
        return extent

    def _cmd_data(self, data: Dataset) -> None:
        """Train on edited data (painted points) from the next batch on, the weights kept.

        A Reset with the same data settings keeps the edited data (it replaces the
        loaded data in the cache).
        """
        if self.trainer is None or self.config is None:
            return
        self.trainer.replace_data(data)  # raises, changing nothing, when it does not fit
        self._dataset_cache = ((self.config.data, self.config.train.rng), data)
        self._dirty = self._force = True

    def _input_maps(self, dataset: Dataset) -> np.ndarray | None:
        """Each network input over the plane, ``(inputs, r, r)``: 2-D points only."""
        if not dataset.is_points or self._small_grid is None:
            return None
        maps = self._small_grid.input_maps()
        return frozen(np.ascontiguousarray(maps.transpose(2, 0, 1)))

    def _cmd_model(self, model: Model) -> None:
        """Replace the network with a loaded model (kept on the current dataset if it fits)."""
        if self.trainer is None or self.config is None:
            raise NnvizError(N_("Load a dataset before opening a model."))
        self._start_with_model(self.config, self.trainer.data, model)

    def _start_with_model(self, config: SessionConfig, ds: Dataset, model: Model) -> None:
        ds = self._model_inputs(ds, model)
        check_fits(model, ds.n_features, ds.n_classes, ds.key)  # raises before anything changes
        net = model.network
        net.l2 = config.train.l2
        if isinstance(net, Network):
            acts = tuple(net.activation_names)
            mixed = len(set(acts)) > 1
            net_cfg = replace(
                config.network,
                hidden=tuple(net.hidden_sizes),
                # per-layer activations name every layer: the Activation row stays as it was
                activation=acts[0] if acts and not mixed else config.network.activation,
                activations=acts if mixed else None,
                arch=None,
                features=ds.feature_crosses,
            )
        else:  # a layered (convolutional) network: the panels show its layer spec
            net_cfg = replace(
                config.network, arch=net.arch.text or "none", features=ds.feature_crosses
            )
        config = replace(config, network=net_cfg)
        self._start(config, ds, Trainer(net, ds, config.train), pretrained=True)

    @staticmethod
    def _model_inputs(ds: Dataset, model: Model) -> Dataset:
        """``ds`` with the inputs ``model`` was trained on: its feature crosses, or the plain
        points (a model that records no crosses takes x₁, x₂ as they are)."""
        if ds.is_points and ds.inputs().shape[1] == 2:
            return ds.with_feature_crosses(model.crosses)
        if model.crosses:
            raise NnvizError(
                N_("This model takes feature crosses of 2-D points: open it on 2-D point data.")
            )
        return ds

    def _cmd_continue(self, train: TrainConfig) -> None:
        """Go on training the current weights as a new run with ``train`` (e.g. no epoch limit)."""
        if self.trainer is None or self.config is None:
            return
        net = self.trainer.network
        config = replace(self.config, train=train)
        self._start(config, self.trainer.data, Trainer(net, self.trainer.data, train), True)

    def _cmd_train(self, on: bool) -> None:
        if self.trainer is None:
            return
        if on and self.trainer.state is TrainState.READY:
            self._training = True
            self._starting = True
            self._set_state("training")
        elif on:  # finished (epoch limit, stopping rule, diverged): say so again, train nothing
            self._force = True
        elif not on and self._training:
            self._training = False
            self._set_state("paused")

    def _cmd_step(self) -> None:
        if self.trainer is None:
            return
        self._training = False
        if self.trainer.state is TrainState.READY:
            self._absorb(self.trainer.run_epoch())
        self._after_training()
        if self._state in ("training", "idle"):
            self._set_state("paused")
        self._force = True

    def _cmd_lr(self, lr: float) -> None:
        if self.trainer is not None:
            self.trainer.set_learning_rate(lr)
            self.config = replace(self.config, train=replace(self.config.train, learning_rate=lr))
            self._force = True

    def _cmd_l2(self, l2: float) -> None:
        if self.trainer is not None:
            self.trainer.set_l2(l2)
            self.config = replace(self.config, train=replace(self.config.train, l2=l2))

    # ---------------------------------------------------------------- hand edits
    def _cmd_edit_weight(self, key: str, index: tuple, value: float, merge: bool = False) -> None:
        """Set one weight or bias (``"W2"``, ``(i, j)``); ``merge``: one undo step per drag."""
        self._edited(self._weight_editor().set(key, index, value, merge=merge))

    def _cmd_undo_edit(self) -> None:
        edit = self._weight_editor().undo()
        if edit is not None:
            self._edited(replace(edit, old=edit.new, new=edit.old))

    def _cmd_redo_edit(self) -> None:
        edit = self._weight_editor().redo()
        if edit is not None:
            self._edited(edit)

    def _weight_editor(self) -> WeightEditor:
        if self._editor is None:
            raise NnvizError(N_("Only a fully connected network's weights can be edited."))
        return self._editor

    def _edited(self, edit) -> None:
        """After an edit: the losses with the new weight, and a frame at once."""
        t, editor = self.trainer, self._editor
        test_loss = t.evaluate("test")[0] if t.data.has_test else float("nan")
        count = self._edit_state.count + 1 if self._edit_state is not None else 1
        self._edit_state = EditState(
            count, edit, editor.can_undo, editor.can_redo, t.evaluate("train")[0], test_loss
        )
        self._dirty = self._force = True

    # ---------------------------------------------------------------- the glass box
    def _cmd_glass_box(self, sample: int = 0) -> None:
        """Train the next mini-batch laid open (plain SGD): every number of ``sample``.

        The step is the run's next iteration on the engine's own network; the numbers
        (:class:`~nnviz.core.glassbox.GlassBoxStep`) travel with the next snapshot.
        """
        t = self.trainer
        if t is None:
            return
        net = t.network
        if not self._glass_box_fits(net):
            return
        if t.state is not TrainState.READY:
            raise NnvizError(N_("This run has ended; press Reset to step through a new one."))
        self._training = False
        lr = t.learning_rate
        before = net.astype(np.float64)  # the weights the step starts from

        def update(x: np.ndarray, target: np.ndarray) -> tuple[float, int]:
            correct = 0
            if not net.is_regression:
                correct = int(np.count_nonzero(net.predict_proba(x).argmax(axis=1) == target))
            self._glass_batch = (before, x, target, lr, t.iteration)
            row = min(max(int(sample), 0), len(x) - 1)
            box = glass_box_step(net, x, target, sample=row, learning_rate=lr, apply=True)
            self._glass_reply = self._glass_box_reply(box)
            return box.loss, correct

        self._glass_steps += 1
        self._absorb(t.step_with(update))
        self._after_training()
        if self._state in ("training", "idle"):
            self._set_state("paused")
        self._force = True

    def _cmd_glass_box_sample(self, sample: int) -> None:
        """The last glass-box batch's numbers for another of its samples (weights before the step)."""
        if self._glass_batch is None:
            return
        before, x, target, lr, _ = self._glass_batch
        row = min(max(int(sample), 0), len(x) - 1)
        box = glass_box_step(before, x, target, sample=row, learning_rate=lr)
        self._glass_reply = self._glass_box_reply(box)
        self._dirty = self._force = True

    def _glass_box_reply(self, box) -> GlassBoxReply:
        """``box`` with the computational graph of its sample (weights before the step)."""
        before, x, target, _, iteration = self._glass_batch
        graph = None
        if not before.is_regression:
            graph = computational_graph(before, x, target, sample=box.sample)
        optimizer = self.trainer.config.optimizer
        return GlassBoxReply(box, graph, self._glass_steps, iteration, optimizer)

    def _glass_box_fits(self, net) -> bool:
        """A fully connected network of at most MAX_GLASS_BOX_WIDTH units a layer (else say so)."""
        if isinstance(net, Network) and max(net.sizes) <= MAX_GLASS_BOX_WIDTH:
            return True
        self.failed.emit(
            N_("The glass box shows fully connected networks of at most {0} units a layer."),
            (MAX_GLASS_BOX_WIDTH,),
        )
        return False

    def _cmd_ping(self, token: object) -> None:
        """The barrier: answered at the end of this turn, after any snapshot it sends."""
        self._pings.append(token)

    def _cmd_view(self, view: ViewOptions) -> None:
        old, self._view = self._view, view
        if self._grid is not None and (
            view.resolution != self._grid.resolution
            or view.aspect != old.aspect
            or view.features != old.features
        ):
            self._make_grids(self.trainer.data)
        self._dirty = self._force = True

    def _cmd_save(self, path: str, meta: dict) -> None:
        if self.trainer is None:
            raise NnvizError(N_("There is no model to save yet."))
        kwargs = self._model_meta()
        kwargs["meta"].update(meta)
        save_model(path, self.trainer.network, **kwargs)
        self.saved.emit(path)

    def _cmd_export_code(self, path: str) -> None:
        """Write the trained network as a standalone NumPy script (File → Export as Python)."""
        if self.trainer is None:
            raise NnvizError(N_("There is no model to save yet."))
        from nnviz.core.export_code import export_trained

        export_trained(path, self.trainer.network, self.trainer.data)  # crosses included
        self.saved.emit(path)

    def _model_meta(self) -> dict:
        ds = self.trainer.data
        return {
            "class_names": ds.class_names,
            "input_shape": ds.image_shape or (ds.n_features,),
            "meta": {
                "dataset": ds.key,
                "network_config": self.config.network,
                "train_config": self.config.train,
                "epoch": self.trainer.epoch,
            },
        }

    def _cmd_export_session(self, path: str, with_weights: bool) -> None:
        if self.trainer is None:
            raise NnvizError(N_("There is no session to save yet."))
        blob = model_to_bytes(self.trainer.network, **self._model_meta()) if with_weights else None
        save_session(path, SessionFile(self.config, epoch=self.trainer.epoch, model_npz=blob))
        self.saved.emit(path)

    # ---------------------------------------------------------------- training
    def _absorb(self, report) -> None:
        if report.batches:
            self._pending_losses.append(report.batch_losses)
        self._pending_epochs.extend(report.epochs)
        self._dirty = True

    def _should_interrupt(self) -> bool:
        """During a (slow) numerical-gradient step: is a pause, a command or a stop waiting?

        Asked every 32 parameters; a frame due meanwhile leaves with the step's progress.
        """
        if self._stop or self._commands:
            return True
        due = time.perf_counter() - self._last_emit >= FRAME_INTERVAL
        if self._training and due and not self._frame_in_flight:
            self._dirty = True
            self._maybe_emit()
        return False

    def _train_chunk(self) -> None:
        budget = CHUNK_SECONDS
        if self._starting:
            budget = FRAME_INTERVAL  # the first frame after Train: one frame's time from now
        elif not self._frame_in_flight:
            # End the chunk when the next frame is due, so frames leave on time (~30/s).
            due = self._last_emit + FRAME_INTERVAL - time.perf_counter()
            budget = min(budget, max(due, 0.001))
        seen, start = self.trainer.samples_seen, time.perf_counter()
        self._absorb(self.trainer.step(max_seconds=budget))
        if self.blas is not None:
            self.blas.trained(self.trainer.samples_seen - seen, time.perf_counter() - start)
        self._after_training()

    def _after_training(self) -> None:
        state = self.trainer.state
        if state is TrainState.READY:
            return
        self._training = False
        self._set_state(state.value)  # done, diverged or stopped (by a stopping rule)

    # ---------------------------------------------------------------- snapshots
    def _maybe_emit(self) -> None:
        if self.trainer is None or self._frame_in_flight or not (self._dirty or self._force):
            return
        now = time.perf_counter()
        if not self._force and now - self._last_emit < FRAME_INTERVAL:
            if self._training:
                return
            # Idle with data still to show: wait out the frame interval, then emit.
            time.sleep(max(0.0, FRAME_INTERVAL - (now - self._last_emit)))
        self._emit_snapshot()

    def _boundary_due(self) -> bool:
        """A new decision map for this frame? Always when paused or after a change; while
        training at most every BOUNDARY_SHARE⁻¹ times its cost (~23 a second for the
        spiral's 4 ms map), so drawing it never takes more than a tenth of training's
        time; the view keeps the last map in between."""
        if self._force or not self._training:
            return True
        wait = max(FRAME_INTERVAL, self._boundary_cost / BOUNDARY_SHARE)
        return time.perf_counter() - self._last_boundary >= wait

    def _map_is_current(self, net) -> bool:
        """The view already has the map of these very weights with these view options
        (e.g. Train pressed after a pause: the frame that says "training" needs none)."""
        flat = getattr(net.params, "flat", None)
        seen = self._map_weights
        return (
            flat is not None
            and seen is not None
            and self._map_key == (self._generation, self._view)
            and flat.shape == seen.shape
            and np.array_equal(flat, seen)
        )

    def _remember_map(self, net) -> None:
        flat = getattr(net.params, "flat", None)
        self._map_weights = None if flat is None else flat.copy()
        self._map_key = (self._generation, self._view)

    def _focus(self, net) -> tuple[int, int] | None:
        """The neuron the boundary view shows, when the network has it."""
        focus = self._view.focus
        if (
            focus is not None
            and isinstance(net, Network)
            and focus[0] < len(net.hidden_sizes)
            and focus[1] < net.hidden_sizes[focus[0]]
        ):
            return focus
        return None

    def _boundary_image(self, net) -> tuple[np.ndarray, np.ndarray | None]:
        """Class regions, the prediction (regression) or the activation of the focused
        neuron as an RGB image; and the predicted values of a regression (else None)."""
        focus = self._focus(net)
        if focus is not None:
            layer, k = focus
            values = net.activations(self._grid.points)[layer][:, k]
            r = self._grid.resolution
            return diverging_colorize(values.reshape(r, r)), None
        background = (32, 32, 36) if self._view.dark else (255, 255, 255)
        if net.is_regression:
            values = np.ascontiguousarray(self._grid.outputs(net)[..., 0])
            return colorize_values(values, *self._value_range, background=background), values
        probs = self._grid.probabilities(net)
        return colorize(probs, discretize=self._view.discretize, background=background), None

    def _activations(self, net, now: float) -> ActivationSnapshot | None:
        """Hidden-activation histograms on fixed training rows, at most every 0.2 s."""
        if not isinstance(net, Network) or not net.hidden_sizes:
            return None  # layered networks: no activation histograms yet
        if (
            self._force
            or self._activation_hists is None
            or (now - self._last_activations >= PREDICTION_INTERVAL)
        ):
            x_train = self.trainer.data.x_train
            # Rows the data still has (the trainer's training rows can change, e.g. painted).
            x = x_train[self._activation_rows[self._activation_rows < len(x_train)]]
            snap = network_histograms(net, x, iteration=self.trainer.iteration)
            for a in (snap.counts, snap.edges, snap.below, snap.above, snap.mean, snap.std):
                frozen(a)
            self._activation_hists, self._last_activations = snap, now
        return self._activation_hists

    def _feature_maps(self, net: LayerNetwork) -> tuple[tuple | None, int | None]:
        """Every layer's output for the digit the feature-maps view asks for (~1 ms a digit)."""
        view = self._view
        if view.feature_pixels is not None:
            x, digit = np.frombuffer(view.feature_pixels, dtype=np.float32), None
        elif view.feature_digit is not None and len(self._gallery_index):
            digit = min(max(view.feature_digit, 0), len(self._gallery_index) - 1)
            ds = self.trainer.data
            pool = ds.x_test if ds.has_test else ds.x_train
            x = pool[self._gallery_index[digit]]
        else:
            return None, None
        if x.size != net.input_size:
            return None, None
        maps = tuple((m.name, frozen(m.values)) for m in feature_maps(net, x))
        return maps, digit

    def _warp(self, net) -> HiddenWarp | None:
        """The input grid and the points in the plane of two neurons of a hidden layer."""
        ds = self.trainer.data
        if not (isinstance(net, Network) and net.hidden_sizes and ds.is_points):
            return None
        layer, i, j = self._view.warp
        layer = min(max(layer, 0), len(net.hidden_sizes) - 1)
        top = net.hidden_sizes[layer] - 1
        i, j = min(max(i, 0), top), min(max(j, 0), top)
        with np.errstate(all="ignore"):  # a diverged net's NaN are drawn as gaps
            warp = hidden_warp(
                net,
                self._warp_points,
                self._data_extent,
                layer=layer,
                neurons=(i, j),
                crosses=FeatureMap(ds.feature_crosses) if ds.feature_crosses else None,
            )
        for a in (*warp.lines, warp.points):
            frozen(a)
        return warp

    def _emit_snapshot(self) -> None:
        trainer = self.trainer
        net = trainer.network
        view = self._view
        boundary = neuron_maps = values = None
        if self._grid is not None:
            if view.boundary and self._boundary_due() and not self._map_is_current(net):
                start = time.perf_counter()
                boundary, values = (
                    None if a is None else frozen(a) for a in self._boundary_image(net)
                )
                self._last_boundary = time.perf_counter()
                self._boundary_cost = self._last_boundary - start
                self._remember_map(net)
            if view.neurons and isinstance(net, Network) and net.hidden_sizes:
                acts = net.activations(self._small_grid.points)
                r = NEURON_MAP_RESOLUTION
                neuron_maps = tuple(
                    frozen(np.ascontiguousarray(a.T.reshape(-1, r, r))) for a in acts
                )
        weight_hists = grad_norms = None
        if view.stats:
            keys = _weight_keys(net)  # dense matrices and conv kernels alike
            weight_hists = tuple(
                tuple(frozen(v) for v in np.histogram(net.params[k], bins=HISTOGRAM_BINS))
                for k in keys
            )
            # float64: a diverged net's float32 gradients would overflow the sum of squares
            grad_norms = frozen(
                np.array([float(np.linalg.norm(net.grads[k].astype(np.float64))) for k in keys])
            )
        filters = maps = digit = None
        if isinstance(net, LayerNetwork):
            if view.filters and net.is_convolutional:
                filters = frozen(first_layer_filters(net))
            maps, digit = self._feature_maps(net)
        now = time.perf_counter()
        activation_hists = self._activations(net, now) if view.activations else None
        curve_x = curve_y = units = None
        if self._curve is not None and view.curve:
            curve_x = frozen(self._curve.xs.copy())
            curve_y = frozen(np.ascontiguousarray(self._curve.outputs(net)[:, 0]))
            if view.units and isinstance(net, Network) and net.hidden_sizes:
                acts = net.activations(self._curve.points)
                units = tuple(frozen(np.ascontiguousarray(a.T)) for a in acts)
        if (
            self._grid is None
            and self._curve is None
            and view.gallery
            and (
                self._force
                or self._gallery_probs is None
                # a convnet's predictions of the pool take ~1 s: at most a tenth of the time
                or now - self._last_predict >= max(PREDICTION_INTERVAL, 10 * self._predict_cost)
            )
        ):
            ds = trainer.data
            x = ds.x_test if ds.has_test else ds.x_train
            self._gallery_probs = frozen(net.predict_proba(x[self._gallery_index]))
            y = ds.y_test if ds.has_test else ds.y_train
            self._confusion = frozen(
                confusion_matrix(
                    y[self._gallery_index], self._gallery_probs.argmax(axis=1), ds.n_classes
                )
            )
            self._last_predict = time.perf_counter()
            self._predict_cost = self._last_predict - now
        losses = (
            np.concatenate(self._pending_losses)
            if self._pending_losses
            else np.empty(0, np.float32)
        )
        warp = self._warp(net) if view.warp is not None else None
        params = None
        if self._view.want_params:
            params = {k: frozen(v.copy()) for k, v in net.params.items()}
        snap = Snapshot(
            generation=self._generation,
            state=self._state,
            message=trainer.message,
            epoch=trainer.epoch,
            iteration=trainer.iteration,
            samples_seen=trainer.samples_seen,
            train_seconds=trainer.train_seconds,
            samples_per_second=trainer.samples_per_second,
            learning_rate=trainer.learning_rate,
            batch_losses=frozen(losses),
            epochs=tuple(self._pending_epochs),
            boundary=boundary,
            boundary_extent=self._grid.extent if self._grid is not None else None,
            boundary_focus=self._focus(net) if self._grid is not None else None,
            boundary_features=self._grid.features if self._grid is not None else None,
            gallery_probs=self._gallery_probs,
            confusion=self._confusion,
            params=params,
            neuron_maps=neuron_maps,
            weight_hists=weight_hists,
            grad_norms=grad_norms,
            step_progress=trainer.step_progress,
            gradient_check=trainer.gradient_check,
            activation_hists=activation_hists,
            filters=filters,
            feature_maps=maps,
            feature_digit=digit,
            data_edited=_painted(trainer.data),
            boundary_values=values,
            curve_x=curve_x,
            curve_y=curve_y,
            unit_curves=units,
            edits=self._edit_state,
            warp=warp,
            glass_box=self._glass_reply,
        )
        self._glass_reply = None  # sent once
        self._pending_losses.clear()
        self._pending_epochs.clear()
        self._dirty = self._force = False
        self._frame_in_flight = True
        self._last_emit = time.perf_counter()
        self.snapshot_ready.emit(snap)


def _value_range(dataset: Dataset) -> tuple[float, float]:
    """The colour range of regression targets: symmetric around 0 (Playground's ±1 for its sets)."""
    y = np.concatenate([dataset.y_train.ravel(), dataset.y_test.ravel()])
    m = float(np.max(np.abs(y))) if len(y) else 1.0
    return (-m, m) if m > 0 else (-1.0, 1.0)


def _painted(data: Dataset) -> bool:
    """True for data edited by hand (painted points)."""
    return (data.raw or data).source == "painted"


def _weight_keys(net) -> list[str]:
    """``W1 … Wn``: the weight matrices (and conv kernels) of any network, first first."""
    n = 0
    while f"W{n + 1}" in net.params:
        n += 1
    return [f"W{i}" for i in range(1, n + 1)]


def _sizes(net) -> tuple[int, ...]:
    """Layer widths of an MLP; input and output only for a layered (conv) network."""
    return tuple(net.sizes) if isinstance(net, Network) else (net.input_size, net.n_classes)


def _description(net) -> str:
    """The network in one line for the status bar."""
    return "-".join(map(str, net.sizes)) if isinstance(net, Network) else net.description
