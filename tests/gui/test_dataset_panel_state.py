"""The dataset panel shows what the loaded data really has, and greys out what does not apply.

Issue 14, item 10: "Classes" read 2 for a 3-class CSV, and "Noise" stayed editable for MNIST.
"""

from __future__ import annotations

from tests.gui.helpers import WAIT_MS, make_window, select_dataset, settle


def _write_three_class_csv(path) -> None:
    rows = ["x,y,label"]
    for k in range(3):
        rows += [f"{k + 0.1 * i:.2f},{k - 0.1 * i:.2f},{k}" for i in range(10)]
    path.write_text("\n".join(rows) + "\n", encoding="ascii")


def test_classes_shows_a_csv_files_real_class_count(qtbot, tmp_path, monkeypatch):
    path = tmp_path / "three.csv"
    _write_three_class_csv(path)
    w = make_window(qtbot, tmp_path)
    panel = w.dataset_panel
    select_dataset(qtbot, w, "xor")  # a two-class set first: the spin box reads 2
    assert panel.classes.value() == 2
    panel.combo.setCurrentIndex(panel.combo.findData("csv"))
    monkeypatch.setattr(w.files, "ask_path", lambda *a, **k: str(path))
    assert panel.choose_points.isVisibleTo(w)
    panel.choose_points.click()
    qtbot.waitUntil(
        lambda: w.model.info is not None and w.model.info.dataset.key == "csv", timeout=WAIT_MS
    )
    generation = w.model.generation
    assert w.model.info.dataset.n_classes == 3
    assert panel.classes.value() == 3
    assert panel.classes.text() == "3"
    assert not panel.classes.isEnabled()  # the file decides it, not the spin box
    assert not panel.noise.isEnabled()
    settle(qtbot, w)
    assert w.model.generation == generation  # showing the count asked for no new data


def test_noise_and_regenerate_apply_only_to_generated_points(qtbot, tmp_path):
    w = make_window(qtbot, tmp_path)
    panel = w.dataset_panel
    assert panel.noise.isEnabled() and panel.regenerate.isEnabled()  # the spiral
    for key in ("mnist", "fashion-mnist", "digits"):
        panel.combo.setCurrentIndex(panel.combo.findData(key))
        assert not panel.noise.isEnabled(), key
        assert not panel.regenerate.isEnabled(), key
        assert panel.samples.isEnabled(), key  # how many training images to use
    select_dataset(qtbot, w, "moons")
    assert panel.noise.isEnabled() and panel.regenerate.isEnabled()
