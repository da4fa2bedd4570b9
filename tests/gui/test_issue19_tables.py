"""Tables in the window: the dataset combo, your own CSV with a label column, feature slices."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtWidgets import QMessageBox

from nnviz.core.boundary import BoundaryGrid, class_color, colorize
from nnviz.core.modelio import load_model
from nnviz.data.datasets import DATASETS
from tests.gui.helpers import WAIT_MS, make_window, select_dataset, settle, step_epochs


def _visible_tabs(w) -> set[str]:
    return {k for k, t in w.tabs.items() if w.main_tabs.isTabVisible(w.main_tabs.indexOf(t.widget))}


def test_the_combo_lists_tables_and_regression_sets(qtbot, tmp_path):
    w = make_window(qtbot, tmp_path)
    combo = w.dataset_panel.combo
    keys = {combo.itemData(i) for i in range(combo.count())}
    assert {"table", "iris", "wine", "breast-cancer"} <= keys
    # the regression sets joined with their views (issue 18)
    assert {k for k in DATASETS if DATASETS[k].is_regression} <= keys
    assert combo.itemText(combo.findData("iris")) == "Iris (scikit-learn)"


@pytest.mark.parametrize("installed", [True, False])
def test_scikit_learns_sets_are_greyed_out_without_it(qtbot, tmp_path, monkeypatch, installed):
    """Listed and usable with scikit-learn; without it greyed out, saying what to install."""
    import nnviz.gui.panels

    monkeypatch.setattr(nnviz.gui.panels, "sklearn_available", lambda: installed)
    w = make_window(qtbot, tmp_path)
    combo = w.dataset_panel.combo
    model = combo.model()
    for key in ("iris", "wine", "breast-cancer", "digits"):
        item = model.item(combo.findData(key))
        assert item.isEnabled() is installed, key
        assert ("scikit-learn" in item.toolTip()) is not installed
    for key in ("spiral", "table", "mnist", "csv"):
        assert model.item(combo.findData(key)).isEnabled(), key


def test_iris_boundary_is_a_slice_through_two_chosen_features(qtbot, tmp_path):
    pytest.importorskip("sklearn")
    w = make_window(qtbot, tmp_path)
    select_dataset(qtbot, w, "iris")
    ds = w.model.info.dataset
    assert ds.kind == "table" and ds.n_features == 4
    # the 2-D views and the graph work as for any set; the image views do not apply
    assert _visible_tabs(w) == {
        "boundary", "network", "glass_box", "layers", "activations", "draw", "feature_maps"
    }  # fmt: skip
    assert w.current_tab().key == "boundary"
    tab = w.tab("boundary")
    picker = tab.picker
    assert picker.isVisible()
    names = [picker.x.itemText(i) for i in range(picker.x.count())]
    assert names == list(ds.feature_names) and names[2] == "petal length (cm)"
    assert picker.features == (0, 1)
    step_epochs(qtbot, w, 3)
    picker.x.setCurrentIndex(2)
    picker.y.setCurrentIndex(3)
    settle(qtbot, w)
    qtbot.waitUntil(lambda: w.model.last_snapshot.boundary_features == (2, 3), timeout=WAIT_MS)
    snap = w.model.last_snapshot
    # the points are drawn on petal length and width, the axes named after them
    pos = np.column_stack(tab.view.train_points.getData())
    np.testing.assert_array_equal(pos, ds.x_train[:, [2, 3]])
    assert tab.view.getPlotItem().getAxis("bottom").labelText == "petal length (cm)"
    assert tab.view.getPlotItem().getAxis("left").labelText == "petal width (cm)"
    # the map: the network on a grid over those two, the others held at their means (0)
    path = tmp_path / "iris.npz"
    with qtbot.waitSignal(w.engine.saved, timeout=WAIT_MS):
        w.files.save_model(str(path))
    r = snap.boundary.shape[0]
    grid = BoundaryGrid(snap.boundary_extent, r, features=(2, 3), n_features=4)
    assert np.all(grid.points[:, [0, 1]] == 0)
    expected = colorize(grid.probabilities(load_model(path).network))
    np.testing.assert_array_equal(snap.boundary, expected)
    # the same column on both axes is no plane: the pair swaps
    picker.x.setCurrentIndex(3)
    assert picker.features == (3, 2)


def test_own_table_with_a_label_column_chosen_by_name(qtbot, tmp_path, monkeypatch):
    csv = tmp_path / "flowers.csv"
    rng = np.random.default_rng(0)
    rows = ["kind,width,height,depth"]
    for i in range(60):
        k = i % 3
        a, b, c = rng.normal(k, 0.3, 3)
        rows.append(f"{['small', 'medium', 'large'][k]},{a:.3f},{b:.3f},{c:.3f}")
    csv.write_text("\n".join(rows) + "\n", encoding="utf-8")
    w = make_window(qtbot, tmp_path)
    panel = w.dataset_panel
    panel.combo.setCurrentIndex(panel.combo.findData("table"))
    assert panel.label_combo.isVisible() and panel.choose_points.isVisible()
    assert "header row" in w.state_label.text()  # "Choose a CSV file with a header row, …"
    monkeypatch.setattr(w.files, "ask_path", lambda *a, **k: str(csv))
    before = w.model.generation
    panel.choose_points.click()
    # the header's columns are offered; the text column is suggested as the label
    labels = [panel.label_combo.itemText(i) for i in range(panel.label_combo.count())]
    assert labels == ["kind", "width", "height", "depth"]
    assert panel.label_combo.currentText() == "kind"
    qtbot.waitUntil(lambda: w.model.generation > before, timeout=WAIT_MS)
    settle(qtbot, w)
    ds = w.model.info.dataset
    assert set(ds.class_names) == {"small", "medium", "large"}
    assert ds.feature_names == ("width", "height", "depth")
    assert w.session_config().data.label == "kind"
    assert panel.classes.value() == 3


def test_a_tables_text_labels_are_shown_by_name_in_the_views(qtbot, tmp_path, monkeypatch):
    csv = tmp_path / "fruit.csv"
    rng = np.random.default_rng(1)
    rows = ["weight,diameter,kind"]
    for i in range(60):
        k = i % 3
        a, b = rng.normal((150, 7), (5, 0.3)) * (1 + k)
        rows.append(f"{a:.2f},{b:.3f},{['apple', 'banana', 'cherry & co'][k]}")
    csv.write_text("\n".join(rows) + "\n", encoding="utf-8")
    w = make_window(qtbot, tmp_path)
    legend = w.tab("boundary").view.legend
    assert not legend.isVisible()  # the spiral's classes are only numbers
    panel = w.dataset_panel
    panel.combo.setCurrentIndex(panel.combo.findData("table"))
    monkeypatch.setattr(w.files, "ask_path", lambda *a, **k: str(csv))
    before = w.model.generation
    panel.choose_points.click()
    qtbot.waitUntil(lambda: w.model.generation > before, timeout=WAIT_MS)
    settle(qtbot, w)
    # the map's colours are named: each class's swatch in its colour, then its label text
    assert legend.isVisible()
    text = legend.text()
    for k, name in enumerate(["apple", "banana", "cherry &amp; co"]):
        r, g, b = class_color(k)
        assert f'#{r:02x}{g:02x}{b:02x}">\u25a0</span>&nbsp;{name}' in text
    view = w.tab("boundary").view
    assert legend.geometry().right() <= view.width()  # in the view's top-right corner
    # the network graph names its outputs by class too
    w.show_tab("network")
    graph = w.view("network")
    outputs = graph._layout()[-1]
    assert [graph.describe(r.center()) for r in outputs] == [
        "output: class apple", "output: class banana", "output: class cherry & co"
    ]  # fmt: skip
    select_dataset(qtbot, w, "spiral")
    assert not legend.isVisible()


def test_a_bad_table_is_one_sentence_in_a_dialog_and_the_data_in_use_stays(
    qtbot, tmp_path, monkeypatch
):
    csv = tmp_path / "bad.csv"
    csv.write_text("a,b,label\n1,2,x\n3,oops,y\n5,6,x\n", encoding="utf-8")
    w = make_window(qtbot, tmp_path)
    key = w.model.info.dataset.key
    w.dataset_panel.combo.setCurrentIndex(w.dataset_panel.combo.findData("table"))
    monkeypatch.setattr(w.files, "ask_path", lambda *a, **k: str(csv))
    w.dataset_panel.choose_points.click()
    qtbot.waitUntil(lambda: w.findChild(QMessageBox, "errorDialog") is not None, timeout=WAIT_MS)
    text = w.findChild(QMessageBox, "errorDialog").text()
    assert text == "bad.csv, row 3, column 'b': the value is 'oops', not a number."
    settle(qtbot, w)
    assert w.model.info.dataset.key == key


def test_points_csv_and_table_keep_their_own_files(qtbot, tmp_path, monkeypatch):
    points = tmp_path / "points.csv"
    points.write_text("0,0,0\n1,1,1\n0,1,0\n1,0,1\n", encoding="utf-8")
    w = make_window(qtbot, tmp_path)
    w.files.open_points(str(points))
    qtbot.waitUntil(lambda: w.model.info.dataset.key == "csv", timeout=WAIT_MS)
    panel = w.dataset_panel
    panel.combo.setCurrentIndex(panel.combo.findData("table"))
    assert panel.points_label.text() == "No file chosen yet."
    assert panel.label_combo.count() == 0
    panel.combo.setCurrentIndex(panel.combo.findData("csv"))
    assert panel.points_label.text() == "points.csv"


def test_iris_in_the_engine_process_and_exported_as_python(qtbot, tmp_path, monkeypatch):
    pytest.importorskip("sklearn")
    from sklearn.datasets import load_iris

    from tests.core.test_export_code import run_script
    from tests.gui.test_issue19_export import export_from_menu

    w = make_window(qtbot, tmp_path, engine="process")
    select_dataset(qtbot, w, "iris")
    ds = w.model.info.dataset  # sent whole to the window: its points are drawn
    assert len(w.view("boundary").train_points.data) == len(ds.y_train) == 120
    step_epochs(qtbot, w, 5)
    script = tmp_path / "iris_net.py"
    export_from_menu(qtbot, w, monkeypatch, script)
    iris = load_iris()
    np.savez(tmp_path / "iris.npz", x=iris.data, y=iris.target)  # raw measurements
    _, predicted, _ = run_script(script, tmp_path / "iris.npz")
    with qtbot.waitSignal(w.engine.saved, timeout=WAIT_MS):
        w.files.save_model(str(tmp_path / "iris.npz.model.npz"))
    net = load_model(tmp_path / "iris.npz.model.npz").network
    stats = ds.standardisation
    x = ((iris.data - stats["mean"]) / stats["std"]).astype(np.float32)
    np.testing.assert_array_equal(predicted, net.predict(x))


def test_network_graph_of_a_30_feature_table(qtbot, tmp_path):
    pytest.importorskip("sklearn")
    w = make_window(qtbot, tmp_path)
    select_dataset(qtbot, w, "breast-cancer")
    w.show_tab("network")
    step_epochs(qtbot, w, 1)
    qtbot.waitUntil(lambda: w.model.last_snapshot.neuron_maps is not None, timeout=WAIT_MS)
    snap = w.model.last_snapshot
    assert w.model.info.sizes == (30, 8, 8, 2)
    # every hidden neuron's map: a slice through the two picked features
    assert [m.shape for m in snap.neuron_maps] == [(8, 40, 40), (8, 40, 40)]
    assert snap.params["W1"].shape == (30, 8)
    graph = w.view("network")
    first_input = graph._layout()[0][0].center()
    assert graph.describe(first_input) == "input mean radius"  # the column, by name
    assert _visible_tabs(w) == {
        "boundary", "network", "glass_box", "layers", "activations", "draw", "feature_maps"
    }  # fmt: skip


def test_a_table_session_opens_as_saved(qtbot, tmp_path):
    pytest.importorskip("sklearn")
    w = make_window(qtbot, tmp_path)
    select_dataset(qtbot, w, "wine")
    from tests.gui.test_issue19_panel import choose_settings

    p = w.network_panel
    choose_settings(p, epochs=30, schedule="cosine", patience=4, layer=0, activation="softplus")
    before = w.model.generation
    w.controls.reset.click()
    qtbot.waitUntil(lambda: w.model.generation > before, timeout=WAIT_MS)
    saved = w.model.info.config
    path = tmp_path / "wine.json"
    with qtbot.waitSignal(w.engine.saved, timeout=WAIT_MS):
        w.files.save_session(str(path))
    select_dataset(qtbot, w, "iris")  # (the spiral has no test split for early stopping)
    p.schedule.text.setText("constant")
    assert w.files.open_session(str(path))
    qtbot.waitUntil(lambda: w.model.info.dataset.key == "wine", timeout=WAIT_MS)
    assert w.model.info.config == saved
    assert p.schedule.text.text() == "cosine" and p.stopping.patience.value() == 4
    assert w.dataset_panel.combo.currentData() == "wine"
