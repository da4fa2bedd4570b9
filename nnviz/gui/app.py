"""Creating the QApplication (names, translator, style) and running the window."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtGui import QGuiApplication, QIcon, QPixmap
from PySide6.QtWidgets import QApplication

from nnviz import __version__
from nnviz.desktop import APP_ID, ICON_SIZES, icon_png
from nnviz.gui.i18n import install_translator, resolve_language
from nnviz.gui.threads import collect_garbage_on_gui_thread


def application_icon() -> QIcon:
    """The nnviz icon, one hand-checked render per size (Qt scales between them)."""
    icon = QIcon()
    for size in ICON_SIZES:
        pixmap = QPixmap()
        # From bytes, so the icon is found even when the package is zipped.
        if pixmap.loadFromData(icon_png(size).read_bytes(), "PNG"):
            icon.addPixmap(pixmap)
    return icon


def make_application(argv: Sequence[str] | None = None, lang: str | None = None) -> QApplication:
    """The app's QApplication: organisation/app names, icon, translator and the Fusion style.

    Returns the existing instance when there is one (tests create it first); the
    translator is (re)installed either way.  ``lang`` (``"en"``/``"ko"``) overrides
    ``$NNVIZ_LANG``, the saved choice and the system locale.
    """
    QCoreApplication.setOrganizationName("nnviz")
    QCoreApplication.setOrganizationDomain("nnviz.invalid")
    QCoreApplication.setApplicationName("nnviz")
    QCoreApplication.setApplicationVersion(__version__)
    # Wayland compositors find the launcher (and its icon) by this name; on X11 the
    # window class is the application name, matching the launcher's StartupWMClass.
    QGuiApplication.setDesktopFileName(APP_ID)
    app = QApplication.instance()
    if app is None:
        app = QApplication(list(argv if argv is not None else sys.argv[:1]))
        app.setStyle("Fusion")
        app.setWindowIcon(application_icon())
    install_translator(app, resolve_language(lang, QSettings()))
    # The trainer holds the GIL in short bursts; a shorter switch interval lets the
    # GUI thread take it back sooner, so redraws and input stay smooth.
    sys.setswitchinterval(0.001)
    collect_garbage_on_gui_thread()
    return app


def run_app(
    argv: Sequence[str] | None = None,
    *,
    session: str | None = None,
    tutorial: str | None = None,
    lang: str | None = None,
) -> int:
    """Open the main window (optionally with a session file or a tutorial) and run it."""
    app = make_application(argv, lang)
    from nnviz.gui.main_window import MainWindow

    window = MainWindow()
    window.show()
    if session:
        window.files.open_session(session)
    if tutorial:
        window.menus.load_tutorial(tutorial)
    quit_on_ctrl_c(window)
    return app.exec()


def quit_on_ctrl_c(window) -> None:
    """Ctrl+C in the terminal, or SIGTERM (``kill``, a session ending), closes the window
    properly: settings saved, the engine stopped and its shared memory freed.

    Python runs signal handlers only between bytecodes, so a timer lets it look now and
    then while Qt's event loop waits.
    """
    import signal

    from PySide6.QtCore import QTimer

    signal.signal(signal.SIGINT, lambda *_: window.close())
    signal.signal(signal.SIGTERM, lambda *_: window.close())
    timer = QTimer(window)
    timer.setInterval(200)
    timer.timeout.connect(lambda: None)
    timer.start()
