"""Dataset downloads off the GUI thread, with progress and cancel."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot

from nnviz.data.download import download
from nnviz.errors import DownloadCancelled, NnvizError
from nnviz.gui.i18n import translator
from nnviz.gui.threads import new_thread

tr = translator("download")


class DownloadWorker(QObject):
    """Runs one download on its own thread; reports progress once per 0.1% step."""

    progressed = Signal(int, int)
    finished = Signal(str)  # the folder holding the files
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, name: str, dest: Path | None, mirrors=None, files=None) -> None:
        super().__init__()  # parentless: it is moved to its thread
        self.name, self.dest = name, dest
        self.mirrors, self.files = mirrors, files
        self.cancel_event = threading.Event()
        self._last = -1

    def _progress(self, done: int, total: int) -> None:
        # At most ~1,000 signals per download, and the latest step is always shown.
        step = 1000 * done // total if total else 0
        if step != self._last:
            self._last = step
            self.progressed.emit(done, total)

    @Slot()
    def run(self) -> None:
        try:
            kwargs = {}
            if self.mirrors is not None:
                kwargs["mirrors"] = self.mirrors
            if self.files is not None:
                kwargs["files"] = self.files
            path = download(
                self.name, self.dest, progress=self._progress, cancel=self.cancel_event, **kwargs
            )
            self.finished.emit(str(path))
        except DownloadCancelled:
            self.cancelled.emit()
        except NnvizError as e:
            self.failed.emit(str(e))
        except Exception as e:  # a bug must not kill the thread silently
            self.failed.emit(tr("The download failed: {0}: {1}.").format(type(e).__name__, e))


class Download(QObject):
    """GUI-side handle: owns the thread; ``cancel()`` and ``shutdown()`` are prompt."""

    def __init__(
        self,
        name: str,
        dest: Path | None = None,
        parent: QObject | None = None,
        mirrors=None,
        files=None,
    ) -> None:
        super().__init__(parent)
        self.worker = DownloadWorker(name, dest, mirrors, files)
        self.thread = new_thread(f"nnviz-download-{name}", self.worker.cancel_event.set)
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.run)
        for sig in (self.worker.finished, self.worker.failed, self.worker.cancelled):
            sig.connect(self.thread.quit)

    def start(self) -> None:
        self.thread.start()

    def cancel(self) -> None:
        self.worker.cancel_event.set()

    def shutdown(self, timeout_ms: int = 30_000) -> bool:
        """Cancel and wait for the thread to end."""
        self.cancel()
        self.thread.quit()
        return self.thread.wait(timeout_ms)


class DownloadController(QObject):
    """The dataset panel's Download and Cancel buttons: one download at a time."""

    @property
    def w(self):
        """The window (Qt's parent pointer: no Python reference cycle with it)."""
        return self.parent()

    def __init__(self, window) -> None:
        super().__init__(window)
        self.download: Download | None = None

    @Slot(str)
    def start(self, name: str, mirrors=None, files=None) -> None:
        if self.download is not None:
            return
        self.download = Download(name, None, self, mirrors=mirrors, files=files)
        worker = self.download.worker
        worker.progressed.connect(self.on_progress)
        worker.finished.connect(self.on_finished)
        worker.failed.connect(self.on_failed)
        worker.cancelled.connect(self.on_cancelled)
        self.w.dataset_panel.show_download(True)
        self.w.show_status(tr("Downloading {0}…").format(name))
        self.download.start()

    @Slot()
    def cancel(self) -> None:
        if self.download is not None:
            self.download.cancel()

    def _end(self) -> None:
        if self.download is not None:
            self.download.thread.quit()
            self.download.thread.wait()
            self.download.deleteLater()
            self.download = None
        self.w.dataset_panel.show_download(False)

    @Slot(int, int)
    def on_progress(self, done: int, total: int) -> None:
        self.w.dataset_panel.show_download(True, done, total)

    @Slot(str)
    def on_finished(self, path: str) -> None:
        self._end()
        self.w.show_status(tr("Downloaded to {0}.").format(path))
        self.w.on_data_requested(self.w.dataset_panel.request())

    @Slot(str)
    def on_failed(self, message: str) -> None:
        self._end()
        self.w.on_failed(message)

    @Slot()
    def on_cancelled(self) -> None:
        self._end()
        self.w.show_status(tr("Download cancelled."))

    def shutdown(self) -> None:
        if self.download is not None:
            self.download.shutdown()
            self.download = None
