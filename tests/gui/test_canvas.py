"""The digit canvas and its panel, driven with real mouse, pen and key events."""

from __future__ import annotations

import time

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QImage, QInputDevice, QPointingDevice, QTabletEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from nnviz.core.modelio import save_model
from nnviz.core.network import Network
from nnviz.data.digits import centre_of_mass, preprocess_digit
from nnviz.gui.canvas import LOGICAL, DigitCanvas
from nnviz.gui.tabs.draw import THROTTLE_MS, DigitPanel

# Digits as polylines in a unit box (x right, y down); one list per pen stroke.
# A realistic 7: a horizontal bar, then a long diagonal down to the left, in one stroke.
SHAPES = {
    "1": [[(0.55, 0.0), (0.45, 1.0)]],
    "7": [[(0.05, 0.05), (0.95, 0.05), (0.45, 1.0)]],
    "4": [[(0.6, 0.0), (0.05, 0.7), (0.95, 0.7)], [(0.7, 0.3), (0.7, 1.0)]],
}
# Where to draw, as (left, top, width, height) shares of the canvas square.
PLACES = {
    "centred": (0.3, 0.15, 0.4, 0.7),
    "small top-left": (0.05, 0.05, 0.15, 0.25),
    "small bottom-right": (0.78, 0.7, 0.15, 0.25),
}
TINY = (0.05, 0.05, 0.08, 0.12)  # about 30×40 px: the screen pen is nearly as wide


def stroke_points(canvas: DigitCanvas, stroke, box, step: float = 6.0) -> list[QPoint]:
    """Widget positions every ``step`` pixels along a polyline placed in ``box``."""
    sq = canvas.square()
    left, top, w, h = box
    pts = []
    for (ax, ay), (bx, by) in zip(stroke[:-1], stroke[1:], strict=True):
        length = np.hypot((bx - ax) * w, (by - ay) * h) * sq.width()
        for t in np.linspace(0, 1, max(2, int(length / step)), endpoint=False):
            pts.append((ax + (bx - ax) * t, ay + (by - ay) * t))
    pts.append(stroke[-1])
    return [
        QPoint(
            round(sq.left() + (left + x * w) * sq.width()),
            round(sq.top() + (top + y * h) * sq.height()),
        )
        for x, y in pts
    ]


def drag(qtbot, canvas: DigitCanvas, points: list[QPoint], release: bool = True) -> None:
    """Press, move through ``points`` with the button held, release: real mouse events."""
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[0])
    for p in points[1:]:
        qtbot.mouseMove(canvas, p)
    if release:
        qtbot.mouseRelease(
            canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[-1]
        )


def draw(qtbot, canvas: DigitCanvas, digit: str, box=PLACES["centred"]) -> None:
    for stroke in SHAPES[digit]:
        drag(qtbot, canvas, stroke_points(canvas, stroke, box))


@pytest.fixture
def panel(qtbot):
    p = DigitPanel()
    qtbot.addWidget(p)
    p.resize(620, 540)
    p.show()
    qtbot.waitExposed(p)
    return p


def dialogs(widget) -> list[QMessageBox]:
    return [b for b in widget.findChildren(QMessageBox, "errorDialog") if b.isVisible()]


def close_dialogs(widget) -> None:
    for box in dialogs(widget):
        box.close()


def biased_network(sizes, winner: int, activation: str = "relu") -> Network:
    """A network that always predicts ``winner`` (its last bias dominates)."""
    net = Network(sizes, activation, seed=1)
    net.params[f"b{net.n_layers}"][winner] = 50.0
    return net


# ---------------------------------------------------------------------- reading digits
@pytest.mark.parametrize("place", list(PLACES))
@pytest.mark.parametrize("digit", ["1", "7"])
def test_a_digit_drawn_with_the_mouse_is_read(qtbot, panel, digit, place) -> None:
    draw(qtbot, panel.canvas, digit, PLACES[place])
    assert len(panel.canvas.strokes) == len(SHAPES[digit])
    text = panel.prediction_label.text()
    assert text.startswith(digit), f"{digit} drawn {place} read as {text!r}"
    assert panel.probabilities is not None and panel.probabilities.argmax() == int(digit)
    assert panel.probability_plot.heights.argmax() == int(digit)


@pytest.mark.parametrize("digit", ["1", "7"])
def test_the_screen_pen_alone_reads_centred_and_corner_digits(qtbot, panel, digit) -> None:
    """Without stroke normalisation the 1/14 pen still gives readable digits at usual sizes."""
    panel.normalize_stroke = False
    for place in PLACES.values():
        panel.canvas.clear()
        draw(qtbot, panel.canvas, digit, place)
        assert panel.prediction_label.text().startswith(digit), place


def test_a_tiny_seven_is_read_thanks_to_stroke_normalisation(qtbot, panel) -> None:
    draw(qtbot, panel.canvas, "7", TINY)
    assert panel.prediction_label.text().startswith("7")
    # The network saw MNIST-like strokes, not the blob the wide screen pen makes.
    digit = panel.input_view.image()
    assert (digit > 0.5).mean() < 0.2


def test_a_two_stroke_four_is_read(qtbot, panel) -> None:
    draw(qtbot, panel.canvas, "4")
    assert panel.prediction_label.text().startswith("4")


def test_predictions_follow_the_pen_throttled(qtbot, panel) -> None:
    seen = []
    panel.predicted.connect(seen.append)
    points = stroke_points(panel.canvas, SHAPES["1"][0], PLACES["centred"], step=3)
    start = time.monotonic()
    drag(qtbot, panel.canvas, points, release=False)
    elapsed_ms = (time.monotonic() - start) * 1000
    # At most one prediction per THROTTLE_MS while the pen moves, whatever the machine's speed.
    assert len(seen) <= elapsed_ms / THROTTLE_MS + 1 < len(points)
    qtbot.waitUntil(lambda: panel.prediction_label.text().startswith("1"), timeout=2000)
    before = len(seen)
    qtbot.mouseRelease(
        panel.canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[-1]
    )
    assert len(seen) == before + 1  # at once on release
    assert seen[-1].argmax() == 1


# ---------------------------------------------------------------------- empty, clear, undo
def test_an_empty_canvas_predicts_nothing(qtbot, panel) -> None:
    assert panel.canvas.is_empty()
    with qtbot.waitSignal(panel.predicted) as blocker:
        assert panel.predict_now() is None
    assert blocker.args == [None]
    assert panel.prediction_label.text() == "Draw a digit"
    assert panel.probabilities is None
    assert not panel.probability_plot.heights.any()
    assert panel.input_view.image() is None
    assert not panel.clear_button.isEnabled() and not panel.undo_button.isEnabled()


def test_clear_shows_the_hint_again(qtbot, panel) -> None:
    draw(qtbot, panel.canvas, "7")
    assert panel.clear_button.isEnabled()
    qtbot.mouseClick(panel.clear_button, Qt.MouseButton.LeftButton)
    assert panel.canvas.is_empty()
    assert panel.prediction_label.text() == "Draw a digit"
    assert panel.probabilities is None
    assert not panel.probability_plot.heights.any()
    assert panel.input_view.image() is None
    assert panel.canvas.image().max() == 0.0
    qtbot.mouseClick(panel.clear_button, Qt.MouseButton.LeftButton)  # disabled: nothing happens
    panel.canvas.clear()  # and clearing an empty canvas is harmless
    assert panel.predict_now() is None


def test_delete_and_backspace_clear_the_focused_canvas(qtbot, panel) -> None:
    for key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
        draw(qtbot, panel.canvas, "1")
        panel.canvas.setFocus()
        qtbot.keyClick(panel.canvas, key)
        assert panel.canvas.is_empty()
        assert panel.prediction_label.text() == "Draw a digit"


def test_undo_removes_the_last_stroke(qtbot, panel) -> None:
    canvas = panel.canvas
    draw(qtbot, canvas, "4")
    assert len(canvas.strokes) == 2
    first = canvas.strokes[0]
    canvas.setFocus()
    qtbot.keyClick(canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert canvas.strokes == [first]
    assert panel.probabilities is not None  # predicted again from what is left
    qtbot.mouseClick(panel.undo_button, Qt.MouseButton.LeftButton)
    assert canvas.is_empty()
    assert panel.prediction_label.text() == "Draw a digit"
    assert not panel.undo_action.isEnabled()
    canvas.undo()  # nothing left: harmless
    assert canvas.is_empty()


def test_the_undo_action_undoes_a_stroke(qtbot, panel) -> None:
    assert panel.undo_action.objectName() == "undoStrokeAction"
    assert panel.undo_action in panel.actions()
    draw(qtbot, panel.canvas, "4")
    panel.undo_action.trigger()
    assert len(panel.canvas.strokes) == 1
    panel.clear_action.trigger()
    assert panel.canvas.is_empty()


def test_a_click_draws_a_dot(qtbot, panel) -> None:
    qtbot.mouseClick(panel.canvas, Qt.MouseButton.LeftButton, pos=QPoint(150, 150))
    assert len(panel.canvas.strokes) == 1 and len(panel.canvas.strokes[0]) == 1
    assert panel.canvas.image().max() > 0.9
    assert panel.probabilities is not None  # a dot is something to read, not a crash


def test_the_right_button_does_not_draw(qtbot, panel) -> None:
    qtbot.mouseClick(panel.canvas, Qt.MouseButton.RightButton, pos=QPoint(150, 150))
    assert panel.canvas.is_empty()


# ---------------------------------------------------------------------- what the network sees
def test_the_input_view_shows_the_preprocessed_digit(qtbot, panel) -> None:
    draw(qtbot, panel.canvas, "7", PLACES["small bottom-right"])
    digit = panel.input_view.image()
    assert digit.shape == (28, 28) and digit.dtype == np.float32
    cy, cx = centre_of_mass(digit)
    assert abs(cy - 14) < 1 and abs(cx - 14) < 1
    expected = preprocess_digit(panel.canvas.image(pen_width=panel.network_pen_width()))
    np.testing.assert_array_equal(digit, expected)
    panel.normalize_stroke = False
    panel.canvas.undo()
    draw(qtbot, panel.canvas, "7", PLACES["small bottom-right"])
    np.testing.assert_array_equal(panel.input_view.image(), preprocess_digit(panel.canvas.image()))


def test_the_image_does_not_depend_on_the_widget_size(qtbot) -> None:
    images = []
    for side in (200, 450):
        canvas = DigitCanvas()
        qtbot.addWidget(canvas)
        canvas.resize(side, side)
        canvas.show()
        qtbot.waitExposed(canvas)
        draw(qtbot, canvas, "7")
        img = canvas.image()
        assert img.shape == (280, 280) and img.dtype == np.float32
        assert img.min() >= 0.0 and img.max() <= 1.0
        images.append(img)
    assert np.abs(images[0] - images[1]).mean() < 0.02
    # A pen about 1/14 of the side wide: 20 of 280 pixels across a vertical bar.
    assert canvas.pen_width == pytest.approx(LOGICAL / 14)


def test_the_canvas_keeps_a_square_drawing_area(qtbot) -> None:
    canvas = DigitCanvas()
    qtbot.addWidget(canvas)
    canvas.resize(400, 250)
    sq = canvas.square()
    assert sq.width() == sq.height() == 250 and sq.left() == 75
    x, y = canvas.to_logical(QPointF(75 + 125, 125))
    assert (x, y) == pytest.approx((LOGICAL / 2, LOGICAL / 2))


def test_a_pen_draws_with_pressure(qtbot) -> None:
    canvas = DigitCanvas()
    qtbot.addWidget(canvas)
    canvas.resize(280, 280)
    canvas.show()
    qtbot.waitExposed(canvas)
    pen = QPointingDevice(
        "test pen",
        1,
        QInputDevice.DeviceType.Stylus,
        QPointingDevice.PointerType.Pen,
        QInputDevice.Capability.Position | QInputDevice.Capability.Pressure,
        1,
        3,
    )
    finished = []
    canvas.stroke_finished.connect(lambda: finished.append(True))

    def send(kind, y, pressure, buttons) -> bool:
        pos = QPointF(140, y)
        event = QTabletEvent(
            kind, pen, pos, QPointF(canvas.mapToGlobal(pos)), pressure,
            0.0, 0.0, 0.0, 0.0, 0.0,
            Qt.KeyboardModifier.NoModifier, Qt.MouseButton.LeftButton, buttons,
        )  # fmt: skip
        QApplication.sendEvent(canvas, event)
        return event.isAccepted()

    held = Qt.MouseButton.LeftButton
    assert send(QEvent.Type.TabletMove, 30, 0.0, Qt.MouseButton.NoButton)  # hovering: no ink
    assert canvas.is_empty()
    assert send(QEvent.Type.TabletPress, 40, 0.2, held)
    for y in range(50, 240, 10):
        send(QEvent.Type.TabletMove, y, 0.2 + y / 400, held)
    assert send(QEvent.Type.TabletRelease, 240, 0.8, Qt.MouseButton.NoButton)
    assert finished == [True]
    (stroke,) = canvas.strokes
    assert stroke[0][2] == pytest.approx(0.2) and stroke[-1][2] == pytest.approx(0.8)
    img = canvas.image()
    top, bottom = img[60:70].sum(axis=1).mean(), img[210:220].sum(axis=1).mean()
    assert top < bottom  # a light touch draws a thinner line than a firm one


# ---------------------------------------------------------------------- choosing the model
def test_the_builtin_model_is_the_default(qtbot, panel) -> None:
    combo = panel.model_combo
    assert combo.objectName() == "canvasModelCombo"
    assert combo.currentText() == "Built-in digit model"
    keys = [combo.itemData(i) for i in range(combo.count())]
    assert keys == ["builtin", "builtin-cnn", "training", "open"]
    assert not combo.model().item(keys.index("training")).isEnabled()  # nothing trains yet
    assert panel.model_source == "builtin"


def test_a_model_file_can_be_chosen_and_a_bad_one_is_refused(qtbot, panel, tmp_path) -> None:
    good = save_model(tmp_path / "threes.npz", biased_network([784, 10], 3))
    draw(qtbot, panel.canvas, "7")
    assert panel.prediction_label.text().startswith("7")
    assert panel.load_model_file(good)
    assert panel.model_source == "file"
    assert panel.model_combo.currentText() == "File: threes.npz"
    assert panel.prediction_label.text().startswith("3")

    bad = tmp_path / "broken.npz"
    bad.write_bytes(b"not a zip file at all")
    two_d = save_model(tmp_path / "moons.npz", biased_network([2, 8, 2], 1))
    for path in (bad, two_d, tmp_path / "missing.npz"):
        assert not panel.load_model_file(path)
        qtbot.waitUntil(lambda: len(dialogs(panel)) == 1, timeout=2000)
        assert dialogs(panel)[0].text()
        close_dialogs(panel)
        # The previous model is kept.
        assert panel.model_source == "file"
        assert panel.model_combo.currentText() == "File: threes.npz"
        assert panel.prediction_label.text().startswith("3")

    panel.model_combo.setCurrentIndex(panel.model_combo.findData("builtin"))
    assert panel.prediction_label.text().startswith("7")
    panel.model_combo.setCurrentIndex(panel.model_combo.findData("file"))
    assert panel.prediction_label.text().startswith("3")


def test_the_model_file_entry_opens_a_file_dialog(qtbot, panel, tmp_path) -> None:
    path = save_model(tmp_path / "fives.npz", biased_network([784, 10], 5))
    draw(qtbot, panel.canvas, "1")
    combo = panel.model_combo
    combo.setCurrentIndex(combo.findData("open"))
    dialog = panel.findChild(QFileDialog, "modelFileDialog")
    qtbot.waitUntil(dialog.isVisible, timeout=2000)
    assert combo.currentData() == "builtin"  # the model in use stays shown meanwhile
    dialog.selectFile(str(path))
    dialog.accept()
    assert panel.model_source == "file"
    assert panel.prediction_label.text().startswith("5")
    # Cancelling a second time keeps the file model.
    combo.setCurrentIndex(combo.findData("open"))
    qtbot.waitUntil(dialog.isVisible, timeout=2000)
    dialog.reject()
    assert panel.model_source == "file" and combo.currentData() == "file"


def test_the_model_being_trained_reads_the_canvas(qtbot, panel) -> None:
    combo = panel.model_combo
    training = combo.findData("training")
    draw(qtbot, panel.canvas, "1")
    net = biased_network([784, 16, 10], 6, "sigmoid")
    panel.set_training_params(net.copy_params(), "sigmoid", [str(i) for i in range(10)])
    assert combo.model().item(training).isEnabled()
    assert panel.model_source == "builtin"  # offered, not imposed
    combo.setCurrentIndex(training)
    assert panel.model_source == "training"
    assert panel.prediction_label.text().startswith("6")
    reused = panel.reader._net

    # New parameters (the next snapshot) are used for the next prediction, throttled.
    params = net.copy_params()
    params["b2"][:] = 0
    params["b2"][2] = 50.0
    panel.set_training_params(params, ["sigmoid"], None)
    qtbot.waitUntil(lambda: panel.prediction_label.text().startswith("2"), timeout=2000)
    assert panel.reader._net is reused  # same shapes: parameters copied in, no new network

    # A network that cannot read digits (a 2-D dataset) is not offered; back to the built-in.
    panel.set_training_params(biased_network([2, 8, 3], 0).copy_params(), "relu", "abc")
    assert not combo.model().item(training).isEnabled()
    assert panel.model_source == "builtin" and combo.currentData() == "builtin"
    assert panel.prediction_label.text().startswith("1")
    panel.set_training_params(None)
    assert not combo.model().item(training).isEnabled()


def test_widgets_are_named_for_tests_and_screen_readers(panel) -> None:
    for name in (
        "digitCanvas",
        "clearCanvasButton",
        "undoStrokeButton",
        "digitInputView",
        "predictionLabel",
        "probabilityPlot",
        "canvasModelCombo",
    ):
        (widget,) = [w for w in panel.findChildren(object) if w.objectName() == name]
        assert widget.accessibleName(), name
        assert widget.toolTip(), name


def _bright_pixels(widget, rect=None) -> int:
    """Pixels of a widget's rendering (inside ``rect``) that are near white: ink on black."""
    img = widget.grab(rect.toRect()) if rect is not None else widget.grab()
    img = img.toImage().convertToFormat(QImage.Format.Format_Grayscale8)
    ptr = img.constBits()
    rows = np.frombuffer(ptr, np.uint8, img.bytesPerLine() * img.height())
    pixels = rows.reshape(img.height(), img.bytesPerLine())[:, : img.width()]
    return int(np.count_nonzero(pixels > 200))


def test_the_panel_shows_the_ink_and_what_the_network_sees(qtbot, panel, tmp_path) -> None:
    draw(qtbot, panel.canvas, "7")
    assert panel.grab().save(str(tmp_path / "digit_panel.png"))
    assert (
        _bright_pixels(panel.canvas, panel.canvas.square().adjusted(3, 3, -3, -3)) > 300
    )  # the strokes, white on black
    assert _bright_pixels(panel.input_view) > 20  # the 28×28 digit the network reads
    panel.canvas.clear()
    assert panel.grab().save(str(tmp_path / "digit_panel_empty.png"))
    assert _bright_pixels(panel.canvas, panel.canvas.square().adjusted(3, 3, -3, -3)) == 0
    assert _bright_pixels(panel.input_view) == 0


def test_training_params_that_do_not_fit_their_activations_do_not_crash(qtbot, panel) -> None:
    draw(qtbot, panel.canvas, "1")
    params = biased_network([784, 16, 10], 6).copy_params()
    panel.set_training_params(params, ["relu", "relu"])  # two activations for one hidden layer
    panel.model_combo.setCurrentIndex(panel.model_combo.findData("training"))
    assert panel.prediction_label.text() == "No model"
    assert panel.probabilities is None


@pytest.mark.parametrize("digit", ["1", "7"])
def test_the_built_in_convnet_reads_the_canvas_too(qtbot, panel, digit) -> None:
    panel.model_combo.setCurrentIndex(panel.model_combo.findData("builtin-cnn"))
    assert panel.model_source == "builtin-cnn"
    draw(qtbot, panel.canvas, digit)
    assert panel.prediction_label.text().startswith(digit)
    assert panel.probabilities.argmax() == int(digit)
