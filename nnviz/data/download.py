"""Downloading MNIST and Fashion-MNIST into nnviz's cache, verified by size and SHA-256.

Each file streams into ``<name>.part`` next to its final place and is renamed
only once its size and checksum match, so a file under its final name is always
complete and verified. Mirrors are tried in order; a stalled server times out.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import http.client
import os
import re
import socket
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit
from urllib.request import Request, urlopen

from nnviz import __version__
from nnviz.data.idx import _reason
from nnviz.data.locate import DATASETS, cache_dir, check_dataset_name
from nnviz.errors import DownloadCancelled, DownloadError

CHUNK = 64 * 1024
MIN_BYTES_PER_SECOND = 1024
"""A mirror slower than this over a whole ``timeout`` window counts as stalled (one that
trickles a byte now and then never lets the socket time out)."""

try:  # POSIX: a download holds a lock on its .part file (see _lock_part)
    import fcntl
except ImportError:  # Windows: an open file cannot be replaced anyway
    fcntl = None


@dataclass(frozen=True)
class RemoteFile:
    """One file of a dataset: its name on the mirrors, its size in bytes and its SHA-256."""

    name: str
    size: int
    sha256: str

    def __post_init__(self) -> None:
        """Reject names that are not plain file names and malformed checksums."""
        if not self.name or Path(self.name).name != self.name or self.name in (".", ".."):
            raise ValueError(f"not a plain file name: {self.name!r}")
        if self.size < 0:
            raise ValueError(f"negative size for {self.name}")
        if not re.fullmatch(r"[0-9a-f]{64}", self.sha256):
            raise ValueError(f"not a lowercase hex SHA-256 for {self.name}: {self.sha256!r}")


#: Base URLs of each dataset, tried in order.
MIRRORS: dict[str, tuple[str, ...]] = {
    "mnist": (
        "https://ossci-datasets.s3.amazonaws.com/mnist/",
        "https://storage.googleapis.com/cvdf-datasets/mnist/",
    ),
    "fashion-mnist": ("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",),
}

#: The files of each dataset with their sizes and SHA-256 checksums.
FILES: dict[str, tuple[RemoteFile, ...]] = {
    "mnist": (
        RemoteFile(
            "train-images-idx3-ubyte.gz",
            9912422,
            "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
        ),
        RemoteFile(
            "train-labels-idx1-ubyte.gz",
            28881,
            "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
        ),
        RemoteFile(
            "t10k-images-idx3-ubyte.gz",
            1648877,
            "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
        ),
        RemoteFile(
            "t10k-labels-idx1-ubyte.gz",
            4542,
            "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
        ),
    ),
    "fashion-mnist": (
        RemoteFile(
            "train-images-idx3-ubyte.gz",
            26421880,
            "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84",
        ),
        RemoteFile(
            "train-labels-idx1-ubyte.gz",
            29515,
            "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845",
        ),
        RemoteFile(
            "t10k-images-idx3-ubyte.gz",
            4422102,
            "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073",
        ),
        RemoteFile(
            "t10k-labels-idx1-ubyte.gz",
            5148,
            "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5",
        ),
    ),
}

ProgressCallback = Callable[[int, int], None]


def download(
    name: str,
    dest: str | os.PathLike[str] | None = None,
    *,
    mirrors: Sequence[str] | None = None,
    files: Sequence[RemoteFile] | None = None,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
    timeout: float = 20.0,
) -> Path:
    """Download a dataset's files into ``dest``, skipping those already there and verified.

    Parameters
    ----------
    name
        ``"mnist"`` or ``"fashion-mnist"``.
    dest
        Destination folder (created if needed); default ``cache_dir() / name``,
        where :func:`nnviz.data.locate.locate` looks.
    mirrors
        Base URLs to try in order (default ``MIRRORS[name]``).
    files
        The files to fetch (default ``FILES[name]``).
    progress
        Called as ``progress(done_bytes, total_bytes)`` over all files; ``done``
        never decreases and ends at ``total``. Called from this thread.
    cancel
        Checked between chunks; once set, the download stops with
        :class:`~nnviz.errors.DownloadCancelled` and leaves no partial file.
    timeout
        Seconds a mirror may stay silent (connecting or mid-file) before it is
        given up.

    Returns
    -------
    pathlib.Path
        The destination folder.

    Raises
    ------
    DataError
        If ``name`` is not a known dataset.
    DownloadError
        If a file could not be fetched from any mirror (one sentence listing what
        each mirror did), or could not be written to disk.
    DownloadCancelled
        If ``cancel`` was set.
    """
    check_dataset_name(name)
    mirrors = tuple(MIRRORS[name] if mirrors is None else mirrors)
    files = tuple(FILES[name] if files is None else files)
    folder = cache_dir() / name if dest is None else Path(dest).expanduser()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise DownloadError(
            f"Could not create the folder {folder}: {_reason(e.strerror or e)}."
        ) from None
    meter = _Progress(progress, sum(f.size for f in files))
    todo = []
    for remote in files:
        if is_verified(folder / remote.name, remote):
            meter.done += remote.size
        else:
            todo.append(remote)
    meter.show()
    # A folder counts as holding the dataset once its train images and labels are there
    # (see locate.py), so those come last: an interrupted download never leaves a folder
    # that passes for the dataset without its test files.
    todo.sort(key=lambda r: r.name.startswith(("train-", "train.")))
    for remote in todo:
        _fetch(name, remote, folder, mirrors, timeout, cancel, meter)
        meter.done += remote.size
        meter.show()
    return folder


def is_verified(path: Path, remote: RemoteFile) -> bool:
    """True when ``path`` exists with ``remote``'s exact size and SHA-256.

    Parameters
    ----------
    path
        A local file.
    remote
        What it should be.

    Returns
    -------
    bool
        False when it is missing, unreadable, or differs.
    """
    try:
        if not path.is_file() or path.stat().st_size != remote.size:
            return False
        digest = hashlib.sha256()
        with open(path, "rb") as f:
            while chunk := f.read(1024 * 1024):
                digest.update(chunk)
    except OSError:
        return False
    return digest.hexdigest() == remote.sha256


class _Progress:
    """Reports bytes done over all files, never going backwards when a mirror is retried."""

    def __init__(self, callback: ProgressCallback | None, total: int) -> None:
        self.callback = callback
        self.total = total
        self.done = 0  # bytes of files finished
        self.shown = -1

    def show(self, current: int = 0) -> None:
        """Report ``done + current`` if it is more than was reported before."""
        value = min(self.done + current, self.total)
        if value > self.shown:
            self.shown = value
            if self.callback is not None:
                self.callback(value, self.total)


class _MirrorFailed(Exception):
    """One mirror could not deliver one file; ``str()`` says what it did.

    ``unreachable`` is True when no connection could be made at all (no route, no
    name resolution, refused, timed out while connecting): the mark of being offline.
    """

    def __init__(self, what: str, *, unreachable: bool = False) -> None:
        super().__init__(what)
        self.unreachable = unreachable


#: Connection failures that mean "this machine cannot reach the internet" more often than
#: "this mirror is down" (a refused connection included: firewalls and captive networks).
_UNREACHABLE_ERRNOS = {
    errno.ENETUNREACH,
    errno.EHOSTUNREACH,
    errno.ENETDOWN,
    errno.ECONNREFUSED,
    errno.ETIMEDOUT,
}


def _fetch(
    name: str,
    remote: RemoteFile,
    folder: Path,
    mirrors: tuple[str, ...],
    timeout: float,
    cancel: threading.Event | None,
    meter: _Progress,
) -> None:
    """Fetch one file from the first mirror that delivers it intact."""
    failures: list[tuple[str, str, _MirrorFailed]] = []
    for base in mirrors:
        url = base.rstrip("/") + "/" + remote.name
        try:
            _fetch_from(url, remote, folder, timeout, cancel, meter)
            return
        except _MirrorFailed as e:
            failures.append((base, url, e))
    details = "\n".join(f"{url}: {e}" for _, url, e in failures)
    if failures and all(e.unreachable for _, _, e in failures):
        title = DATASETS.get(name, name)
        raise DownloadError(
            f"No internet connection: nnviz could not reach the {title} mirrors.",
            details,
            offline=True,
        )
    what = ", ".join(f"{_mirror_label(b)} {e}" for b, _, e in failures) or "no mirrors were given"
    raise DownloadError(f"Could not download {remote.name}: {what}.", details)


def _fetch_from(
    url: str,
    remote: RemoteFile,
    folder: Path,
    timeout: float,
    cancel: threading.Event | None,
    meter: _Progress,
) -> None:
    """Stream ``url`` into ``<name>.part``, verify it, then move it into place."""
    _check_cancel(cancel, remote)
    part = folder / f"{remote.name}.part"
    lock = None
    try:
        with _open_cancellable(url, timeout, cancel, remote) as response:
            length = response.headers.get("Content-Length")
            if length is not None and length.strip().isdigit() and int(length) != remote.size:
                raise _MirrorFailed(f"offered {int(length):,} bytes instead of {remote.size:,}")
            lock = _lock_part(part)
            try:
                out = open(part, "wb")  # noqa: SIM115 - closed by the with below
            except OSError as e:
                raise _disk_error(part, e) from None
            with out, _interrupt_on_cancel(response, cancel):
                try:
                    _stream(response, out, part, remote, cancel, meter, timeout)
                except _MirrorFailed:
                    _check_cancel(cancel, remote)  # a cancelled read is a cancel, not a failure
                    raise
        _check_cancel(cancel, remote)
        try:
            # Still holding the lock: no other download can truncate the file in between.
            os.replace(part, folder / remote.name)
        except OSError as e:
            raise _disk_error(folder / remote.name, e) from None
    finally:
        if lock is not None:
            # If even this fails, the .part name still never passes for a complete file.
            with contextlib.suppress(OSError):
                part.unlink(missing_ok=True)
            if lock >= 0:
                os.close(lock)


def _lock_part(part: Path) -> int:
    """Take the ``.part`` file for this download; another live download keeps it.

    Two downloads into one folder (the app and ``nnviz data download``, say) would
    otherwise share ``<name>.part``: the second truncates what the first is writing,
    and the first renames a file with a hole into place.  The lock (``flock``) dies
    with its process, so a ``.part`` left by a crash is simply overwritten.  Returns
    the lock's descriptor, or -1 where there are no such locks.
    """
    if fcntl is None:
        return -1
    try:
        fd = os.open(part, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as e:
        raise _disk_error(part, e) from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        raise DownloadError(
            f"Another download is already writing {part}; wait for it to finish."
        ) from None
    return fd


@contextlib.contextmanager
def _interrupt_on_cancel(response: http.client.HTTPResponse, cancel: threading.Event | None):
    """While the body is read, shut the connection down as soon as ``cancel`` is set.

    A read from a stalled server blocks until the socket timeout; shutting the
    socket down (through a duplicate of its descriptor, so only public APIs are
    used) makes that read return at once, so cancelling is always prompt.
    """
    if cancel is None:
        yield
        return
    try:
        sock = socket.socket(fileno=os.dup(response.fileno()))
    except (OSError, AttributeError, ValueError):  # no socket to watch (already closed)
        yield
        return
    finished = threading.Event()

    def watch() -> None:
        while not finished.is_set():
            if cancel.wait(0.05):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                return

    watcher = threading.Thread(target=watch, name="nnviz-download-cancel", daemon=True)
    watcher.start()
    try:
        yield
    finally:
        finished.set()
        watcher.join()
        sock.close()


def _open_cancellable(
    url: str, timeout: float, cancel: threading.Event | None, remote: RemoteFile
) -> http.client.HTTPResponse:
    """:func:`_open_url`, given up at once when ``cancel`` is set.

    Resolving the name, connecting and waiting for the headers all block inside
    ``urlopen`` for up to ``timeout`` (a stalled connection made Cancel take ~17 s).
    The opening runs on a helper thread; a cancel returns at once, and the helper
    closes whatever it gets later.
    """
    if cancel is None:
        return _open_url(url, timeout)
    result: list = []
    lock = threading.Lock()
    done = threading.Event()
    abandoned = False

    def run() -> None:
        try:
            got = _open_url(url, timeout)
        except BaseException as e:  # noqa: BLE001 - handed to the waiting thread
            got = e
        with lock:
            if abandoned and not isinstance(got, BaseException):
                got.close()
            result.append(got)
            done.set()

    threading.Thread(target=run, name="nnviz-download-open", daemon=True).start()
    while not done.wait(0.05):
        if cancel.is_set():
            with lock:
                if not done.is_set():
                    abandoned = True
                    _check_cancel(cancel, remote)
    got = result[0]
    if isinstance(got, BaseException):
        raise got
    return got


def _open_url(url: str, timeout: float) -> http.client.HTTPResponse:
    """Open ``url`` with a socket timeout, turning failures into ``_MirrorFailed``."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise _MirrorFailed("is not an http(s) address")
    request = Request(url, headers={"User-Agent": f"nnviz/{__version__}"})
    try:
        return urlopen(request, timeout=timeout)
    except HTTPError as e:
        e.close()
        raise _MirrorFailed(f"answered {e.code}") from None
    except URLError as e:
        reason = e.reason
        if isinstance(reason, TimeoutError):
            raise _MirrorFailed("timed out", unreachable=True) from None
        unreachable = isinstance(reason, socket.gaierror) or (
            isinstance(reason, OSError) and reason.errno in _UNREACHABLE_ERRNOS
        )
        raise _MirrorFailed(
            f"could not be reached ({_reason(reason)})", unreachable=unreachable
        ) from None
    except TimeoutError:
        raise _MirrorFailed("timed out") from None
    except (OSError, http.client.HTTPException, ValueError) as e:
        raise _MirrorFailed(f"failed ({_reason(e)})") from None


def _stream(
    response: http.client.HTTPResponse,
    out: BinaryIO,
    part: Path,
    remote: RemoteFile,
    cancel: threading.Event | None,
    meter: _Progress,
    timeout: float = 20.0,
) -> None:
    """Copy the response into ``out`` chunk by chunk, then check size and SHA-256."""
    digest = hashlib.sha256()
    got = 0
    window_start, window_got = time.monotonic(), 0
    while True:
        _check_cancel(cancel, remote)
        try:
            # Ask for one byte more than expected at the end, to notice extra data.
            # read1 returns what has arrived, so a trickling mirror is noticed below
            # (read would wait for the whole chunk, a byte at a time).
            chunk = response.read1(min(CHUNK, remote.size + 1 - got))
        except TimeoutError:
            raise _MirrorFailed(f"timed out after {got:,} of {remote.size:,} bytes") from None
        except http.client.IncompleteRead:
            raise _MirrorFailed(
                f"closed the connection after {got:,} of {remote.size:,} bytes"
            ) from None
        except (OSError, http.client.HTTPException) as e:
            raise _MirrorFailed(f"failed after {got:,} bytes ({_reason(e)})") from None
        if not chunk:
            break
        got += len(chunk)
        if got > remote.size:
            raise _MirrorFailed(f"sent more than the expected {remote.size:,} bytes")
        digest.update(chunk)
        try:
            _write_chunk(out, chunk)
        except OSError as e:
            raise _disk_error(part, e) from None
        meter.show(got)
        now = time.monotonic()
        if now - window_start >= timeout:
            rate = (got - window_got) / (now - window_start)
            if rate < MIN_BYTES_PER_SECOND:
                raise _MirrorFailed(
                    f"slowed to {rate:,.0f} bytes/s after {got:,} of {remote.size:,} bytes"
                )
            window_start, window_got = now, got
    if got < remote.size:
        raise _MirrorFailed(f"closed the connection after {got:,} of {remote.size:,} bytes")
    if digest.hexdigest() != remote.sha256:
        raise _MirrorFailed("sent a file with the wrong SHA-256 checksum")
    try:
        out.flush()
        os.fsync(out.fileno())
    except OSError as e:
        raise _disk_error(part, e) from None


def _write_chunk(out: BinaryIO, chunk: bytes) -> None:
    """Write one chunk to the ``.part`` file (a seam for simulating a full disk in tests)."""
    out.write(chunk)


def _check_cancel(cancel: threading.Event | None, remote: RemoteFile) -> None:
    """Raise DownloadCancelled once ``cancel`` is set."""
    if cancel is not None and cancel.is_set():
        raise DownloadCancelled(f"The download of {remote.name} was cancelled.")


def _disk_error(path: Path, e: OSError) -> DownloadError:
    """A DownloadError for a failed write or rename of ``path``."""
    return DownloadError(f"Could not write {path}: {_reason(e.strerror or e)}.")


def _mirror_label(base: str) -> str:
    """A mirror's host and path, for messages: 'storage.googleapis.com/cvdf-datasets/mnist'."""
    parts = urlsplit(base)
    return (parts.netloc + parts.path).rstrip("/") or base
