"""Each MNIST-family set keeps its own folder, and a folder of the other set is refused.

Issue 14: one shared folder setting made "MNIST digits" show Fashion-MNIST clothes
labelled 0–9 after a restart. These tests choose folders with the real button (the
folder dialog answered by a stub), restart with the same settings file, and check what
the window shows: class names, the gallery's pixels, the error dialog's sentence.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QMessageBox

from nnviz.app.config import DataRequest
from nnviz.data.datasets import FASHION_CLASSES
from nnviz.data.identify import identify_images
from nnviz.data.locate import DEBIAN_FASHION_DIR
from nnviz.gui.main_window import MainWindow
from tests.data.mnist_fixtures import write_idx_dataset
from tests.gui import helpers
from tests.gui.helpers import WAIT_MS, make_window, select_dataset, settle

DIGIT_NAMES = tuple(str(i) for i in range(10))


def _choose_folder(qtbot, w, monkeypatch, folder: Path) -> None:
    """Click "Choose folder…" and pick ``folder`` in the (stubbed) folder dialog."""
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
    panel = w.dataset_panel
    assert panel.choose_folder.isVisibleTo(w)
    panel.choose_folder.click()


def _wait_loaded(qtbot, w, key: str, folder: Path) -> None:
    qtbot.waitUntil(
        lambda: (
            w.model.info is not None
            and w.model.info.dataset.key == key
            and w.model.info.dataset.source == str(folder)
            and w.model.last_snapshot is not None
            and w.model.last_snapshot.generation == w.model.generation
        ),
        timeout=WAIT_MS,
    )


def _shows(w, key: str) -> None:
    """The gallery shows ``key``'s pictures under ``key``'s class names."""
    gallery = w.view("digits")
    assert w.model.info.dataset.class_names == (
        FASHION_CLASSES if key == "fashion-mnist" else DIGIT_NAMES
    )
    first = gallery.tooltip_text(gallery.shown[0])
    names = FASHION_CLASSES if key == "fashion-mnist" else DIGIT_NAMES
    assert first.split("true: ")[1] in names
    shown = gallery._pixels[gallery.shown]
    assert len(shown) >= 50
    assert identify_images(shown) == key  # what is on screen: strokes or filled shapes


def _error_text(w) -> str:
    box = w.findChild(QMessageBox, "errorDialog")
    return box.text() if box is not None else ""


def _folders(tmp_path: Path) -> tuple[Path, Path]:
    digits, clothes = tmp_path / "my-digits", tmp_path / "my-clothes"
    write_idx_dataset(digits, 200, 64, style="digits")
    write_idx_dataset(clothes, 200, 64, style="clothes", seed=5)
    return digits, clothes


def _each_set_keeps_its_folder(qtbot, tmp_path, monkeypatch, digits: Path, clothes: Path):
    w = make_window(qtbot, tmp_path)
    w.dataset_panel.combo.setCurrentIndex(w.dataset_panel.combo.findData("mnist"))
    _choose_folder(qtbot, w, monkeypatch, digits)
    _wait_loaded(qtbot, w, "mnist", digits)
    _shows(w, "mnist")
    # Fashion-MNIST gets a folder of its own; MNIST's is untouched.
    w.dataset_panel.combo.setCurrentIndex(w.dataset_panel.combo.findData("fashion-mnist"))
    _choose_folder(qtbot, w, monkeypatch, clothes)
    _wait_loaded(qtbot, w, "fashion-mnist", clothes)
    _shows(w, "fashion-mnist")
    assert w.dataset_panel.data_dir_for("mnist") == str(digits)
    w.close()
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    assert settings.value("data/dirs/mnist") == str(digits)
    assert settings.value("data/dirs/fashion-mnist") == str(clothes)
    # A restart shows each set from its own folder.
    w2 = make_window(qtbot, tmp_path)
    _wait_loaded(qtbot, w2, "fashion-mnist", clothes)
    _shows(w2, "fashion-mnist")
    select_dataset(qtbot, w2, "mnist")
    _wait_loaded(qtbot, w2, "mnist", digits)
    _shows(w2, "mnist")
    return w2


def test_each_set_keeps_its_own_folder_across_a_restart(qtbot, tmp_path, monkeypatch):
    digits, clothes = _folders(tmp_path)
    _each_set_keeps_its_folder(qtbot, tmp_path, monkeypatch, digits, clothes)


def test_real_mnist_and_fashion_keep_their_folders(qtbot, tmp_path, monkeypatch, mnist10k):
    if not (DEBIAN_FASHION_DIR / "train-images-idx3-ubyte.gz").is_file():
        pytest.skip("Fashion-MNIST is not installed in /usr/share/datasets/fashion-mnist")
    w2 = _each_set_keeps_its_folder(qtbot, tmp_path, monkeypatch, mnist10k, DEBIAN_FASHION_DIR)
    # and the real Fashion folder is refused for MNIST
    gen = w2.model.generation
    _choose_folder(qtbot, w2, monkeypatch, DEBIAN_FASHION_DIR)
    assert _error_text(w2) == "This folder holds Fashion-MNIST, not MNIST digits."
    settle(qtbot, w2)
    assert w2.model.generation == gen


def test_a_folder_of_the_other_set_is_refused(qtbot, tmp_path, monkeypatch):
    digits, clothes = _folders(tmp_path)
    w = make_window(qtbot, tmp_path)
    w.dataset_panel.combo.setCurrentIndex(w.dataset_panel.combo.findData("mnist"))
    _choose_folder(qtbot, w, monkeypatch, digits)
    _wait_loaded(qtbot, w, "mnist", digits)
    gen = w.model.generation
    _choose_folder(qtbot, w, monkeypatch, clothes)
    sentence = "This folder holds Fashion-MNIST, not MNIST digits."
    assert _error_text(w) == sentence
    assert sentence in w.state_label.text()
    settle(qtbot, w)
    assert w.model.generation == gen  # nothing was rebuilt: the digits stay
    assert w.dataset_panel.key == "mnist"
    assert w.dataset_panel.data_dir_for("mnist") == str(digits)
    _shows(w, "mnist")
    # and the other way round
    select_dataset(qtbot, w, "spiral")
    w.findChild(QMessageBox, "errorDialog").close()
    w.dataset_panel.combo.setCurrentIndex(w.dataset_panel.combo.findData("fashion-mnist"))
    _choose_folder(qtbot, w, monkeypatch, digits)
    qtbot.waitUntil(
        lambda: _error_text(w) == "This folder holds MNIST digits, not Fashion-MNIST.",
        timeout=WAIT_MS,
    )
    assert w.dataset_panel.data_dir_for("fashion-mnist") is None


def _old_settings(tmp_path: Path, folder: Path, key: str) -> None:
    """A settings file as versions before issue 14 wrote it: one data/dir for both sets."""
    s = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    s.setValue("version", 1)
    s.setValue("data/dir", str(folder))
    config = {
        "data": {"key": key, "data_dir": str(folder)},
        "network": {"hidden": [16], "activation": "relu", "init": "he"},
        "train": {"learning_rate": 0.1, "batch_size": 32},
    }
    s.setValue("session/config", json.dumps(config))
    s.sync()


def test_the_old_shared_folder_goes_only_to_the_set_it_holds(qtbot, tmp_path):
    # The reported state: the old folder holds clothes, and the last run was "MNIST digits".
    digits, clothes = _folders(tmp_path)
    _old_settings(tmp_path, clothes, "mnist")
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(settings)  # not make_window: nothing can be built until a set is chosen
    qtbot.addWidget(w)
    helpers.LIVE.append(w)
    assert w.dataset_panel.data_dir_for("fashion-mnist") == str(clothes)
    assert w.dataset_panel.data_dir_for("mnist") is None
    assert settings.value("data/dirs/fashion-mnist") == str(clothes)
    assert settings.value("data/dirs/mnist") is None
    assert settings.value("data/dir") is None  # migrated once
    # MNIST is not loaded from the clothes folder: it is simply not found here.
    assert w.dataset_panel.key == "mnist"
    assert "not found" in w.dataset_panel.location.text()
    assert w.model.info is None or w.model.info.dataset.key != "mnist"
    select_dataset(qtbot, w, "fashion-mnist")
    _wait_loaded(qtbot, w, "fashion-mnist", clothes)
    _shows(w, "fashion-mnist")


def test_an_old_folder_of_digits_goes_to_mnist(qtbot, tmp_path):
    digits, _ = _folders(tmp_path)
    _old_settings(tmp_path, digits, "mnist")
    w = make_window(qtbot, tmp_path)
    _wait_loaded(qtbot, w, "mnist", digits)
    _shows(w, "mnist")
    assert w.dataset_panel.data_dir_for("fashion-mnist") is None


def test_a_session_naming_the_other_sets_folder_does_not_move_it_in(qtbot, tmp_path):
    digits, clothes = _folders(tmp_path)
    w = make_window(qtbot, tmp_path)
    panel = w.dataset_panel
    panel.set_request(DataRequest(key="mnist", data_dir=str(clothes)))
    assert panel.data_dir_for("mnist") is None
    panel.set_request(DataRequest(key="mnist", data_dir=str(digits)))
    assert panel.data_dir_for("mnist") == str(digits)


def test_a_chosen_folder_is_kept_when_the_window_never_closed_cleanly(qtbot, tmp_path, monkeypatch):
    # The first session chose MNIST's folder and was killed: no "version" was written, and
    # the next start forgot the folder ("MNIST digits not found").
    digits, _ = _folders(tmp_path)
    s = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    s.setValue("data/dirs/mnist", str(digits))  # what choosing the folder writes at once
    s.sync()
    w = MainWindow(s)
    qtbot.addWidget(w)
    helpers.LIVE.append(w)
    assert w.dataset_panel.data_dir_for("mnist") == str(digits)
    select_dataset(qtbot, w, "mnist")
    _wait_loaded(qtbot, w, "mnist", digits)
    _shows(w, "mnist")
