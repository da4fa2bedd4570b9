"""The tutorial banner: what the loaded tutorial teaches, and its figure next to yours."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QToolButton

from nnviz.app.model import AppModel, TutorialLine
from nnviz.app.tutorials import Tutorial
from nnviz.gui.i18n import N_, language, translator, tutorials_tr

tr = translator("tutorial_banner")

SHORT_NAMES = {
    "dlfs2-spiral": "DLFS2",
    "dlfs-mnist-inference": "DLFS",
    "cs231n-linear": "CS231n",
    "cs231n-2layer": "CS231n",
    "fcneuron-digits": "FCNeuron",
    "numerical-gradient": N_("R tutorial"),
    "circle-crosses": N_("Lesson"),
}
METRIC_NAMES = {"train_accuracy": N_("train accuracy"), "test_accuracy": N_("test accuracy")}


class TutorialBanner(QFrame):
    """Title, source and description of a tutorial, and a live "published vs you" line."""

    closed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("tutorialBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(tr("Tutorial"))
        grid = QGridLayout(self)
        grid.setContentsMargins(10, 6, 6, 6)
        self.title = QLabel()
        self.title.setObjectName("tutorialTitle")
        f = self.title.font()
        f.setBold(True)
        f.setPointSizeF(f.pointSizeF() * 1.15)
        self.title.setFont(f)
        self.title.setWordWrap(True)  # long titles must not widen the window
        self.description = QLabel()
        self.description.setObjectName("tutorialDescription")
        self.description.setWordWrap(True)
        self.description.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.line = QLabel()
        self.line.setObjectName("tutorialLine")
        self.line.setAccessibleName(tr("Published result and yours"))
        lf = self.line.font()
        lf.setBold(True)
        lf.setPointSizeF(lf.pointSizeF() * 1.15)
        self.line.setFont(lf)
        close = QToolButton()
        close.setText("×")
        close.setObjectName("closeTutorialButton")
        close.setAccessibleName(tr("Close the tutorial"))
        close.setToolTip(tr("Hide the tutorial banner (the settings stay)"))
        close.clicked.connect(self._close)
        grid.addWidget(self.title, 0, 0)
        grid.addWidget(close, 0, 1, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.description, 1, 0, 1, 2)
        grid.addWidget(self.line, 2, 0, 1, 2)
        self.tutorial: Tutorial | None = None
        self._model: AppModel | None = None

    def show_tutorial(self, tut: Tutorial, language: str = "en") -> None:
        self.tutorial = tut
        self.title.setText(tr("{0} — {1}").format(tutorials_tr(tut.title), tut.source))
        self.description.setText(tut.description_ko if language == "ko" else tut.description_en)
        self._press_train(tut)
        self.setVisible(True)

    def _press_train(self, tut: Tutorial) -> None:
        """The line before the run has a figure: "press Train", or "training…" while its
        first epoch runs (the numerical-gradient tutorial's step takes minutes)."""
        metric = tut.live_metric
        published = tut.published.get(metric)
        short = tr(SHORT_NAMES.get(tut.name, tut.name))
        rerun = [k for k in ("loss", *METRIC_NAMES) if tut.origin(k) == "re-run"]
        snap = self._model.last_snapshot if self._model is not None else None
        you = (
            tr("training…") if snap is not None and snap.state == "training" else tr("press Train")
        )
        if rerun:
            # The source prints no such figures: say they come from running its code.
            figures = " / ".join(_figure(k, tut.published[k]) for k in rerun)
            self.line.setText(
                tr("{0} source code, re-run: {1} · you: {2}").format(short, figures, you)
            )
        else:
            self.line.setText(
                tr("{0}: {1} {2} · you: {3}").format(
                    short,
                    tr(METRIC_NAMES[metric]),
                    f"{published:.1%}" if published is not None else "—",
                    you,
                )
            )

    def connect_model(self, model: AppModel) -> None:
        """Follow the application model's tutorial and its published-vs-you line."""
        self._model = model
        model.tutorial_changed.connect(self._tutorial_changed)
        model.tutorial_line_changed.connect(self.show_line)

    def _tutorial_changed(self, tut: Tutorial | None) -> None:
        if tut is None:
            self.tutorial = None
            self.setVisible(False)
        else:
            self.show_tutorial(tut, language())

    def show_line(self, line: TutorialLine) -> None:
        """``CS231n: 98.0% · you: 97.6% at epoch 8,120``."""
        tut = self.tutorial
        if tut is None:
            return
        if line.measured is None:
            self._press_train(tut)
            return
        short = tr(SHORT_NAMES.get(tut.name, tut.name))
        rerun = line.origin == "re-run"
        pub = "—" if line.published is None else _figure(line.metric, line.published, rerun)
        template = (
            tr("{0} source code, re-run: {1} · you: {2} at epoch {3}")
            if rerun
            else tr("{0}: {1} · you: {2} at epoch {3}")
        )
        self.line.setText(template.format(short, pub, f"{line.measured:.1%}", f"{line.epoch:,}"))

    def _close(self) -> None:
        self.setVisible(False)
        self.closed.emit()
        if self._model is not None:
            self._model.set_tutorial(None)


def _figure(key: str, value: float, exact: bool = True) -> str:
    """A figure as the banner shows it: a loss to 4 places, an accuracy in percent
    (to 2 places when ``exact``: a re-run figure is the source's own number)."""
    if "accuracy" in key:
        return f"{value:.2%}" if exact else f"{value:.1%}"
    return f"{value:.4f}"
