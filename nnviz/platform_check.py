"""Before the window opens: can Qt's X11 (xcb) platform plugin load on this machine?

On a fresh Debian or Ubuntu desktop PySide6's wheel runs, but its xcb plugin needs a
few system libraries (``libxcb-cursor0``, ``libxcb-icccm4``, ``libxcb-keysyms1``, …)
that are not installed by default.  Qt then aborts with "Could not load the Qt platform
plugin xcb" and, from Qt 6.5 on, blames ``libxcb-cursor0`` whichever library is
actually missing.  This module finds the plugin, lists the shared libraries it cannot
find (``ldd``, or loading a known list with ``ctypes`` where ``ldd`` is absent) and
turns them into one sentence with the exact ``apt install`` line.  No Qt import.
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from nnviz.errors import NnvizError

__all__ = [
    "DEBIAN_PACKAGES",
    "XCB_LIBRARIES",
    "DisplayLibrariesMissing",
    "check_xcb_libraries",
    "find_xcb_plugin",
    "install_hint",
    "missing_libraries",
    "xcb_is_first_choice",
]

#: What the xcb plugin links to outside the wheel (``ldd libqxcb.so`` of PySide6 6.11,
#: matching Qt's "Qt for X11 Requirements" page) → the Debian/Ubuntu package shipping it.
_XCB_PACKAGES: dict[str, str] = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb.so.1": "libxcb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
}

#: What else Qt's GUI libraries link to, for the ``ldd`` report on minimal systems.
_OTHER_PACKAGES: dict[str, str] = {
    "libxcb-glx.so.0": "libxcb-glx0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-xinput.so.0": "libxcb-xinput0",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libOpenGL.so.0": "libopengl0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
}

#: Shared library → the Debian/Ubuntu package that ships it.
DEBIAN_PACKAGES: dict[str, str] = {**_XCB_PACKAGES, **_OTHER_PACKAGES}

#: The xcb plugin's own libraries, tried one by one when there is no ``ldd``.
XCB_LIBRARIES: tuple[str, ...] = tuple(_XCB_PACKAGES)

_PLUGIN = Path("Qt") / "plugins" / "platforms" / "libqxcb.so"


class DisplayLibrariesMissing(NnvizError):
    """System libraries the desktop app's X11 plugin needs are not installed."""


def xcb_is_first_choice(env: Mapping[str, str] | None = None, platform: str | None = None) -> bool:
    """True when Qt will try the xcb plugin first (Qt ≥ 6.5's choice on Linux).

    ``QT_QPA_PLATFORM`` decides when set (its first entry of a ``;`` list);
    otherwise a Wayland session (``WAYLAND_DISPLAY`` or ``XDG_SESSION_TYPE=wayland``)
    comes first, then xcb when ``DISPLAY`` is set.  Without ``DISPLAY`` Qt fails for
    another reason (no display at all), which this check does not diagnose.
    """
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    if not platform.startswith("linux"):
        return False
    chosen = env.get("QT_QPA_PLATFORM", "").strip()
    if chosen:
        first = chosen.split(";")[0].split(":")[0].strip()
        return first == "xcb" and bool(env.get("DISPLAY"))
    if env.get("WAYLAND_DISPLAY") or env.get("XDG_SESSION_TYPE") == "wayland":
        return False
    return bool(env.get("DISPLAY"))


def find_xcb_plugin(env: Mapping[str, str] | None = None) -> Path | None:
    """The xcb plugin Qt will load: in ``QT_QPA_PLATFORM_PLUGIN_PATH`` or PySide6's wheel."""
    env = os.environ if env is None else env
    override = env.get("QT_QPA_PLATFORM_PLUGIN_PATH")
    if override:
        candidate = Path(override) / "libqxcb.so"
        return candidate if candidate.is_file() else None
    # find_spec does not import PySide6 (nothing of Qt is loaded here).
    spec = importlib.util.find_spec("PySide6")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        candidate = Path(folder) / _PLUGIN
        if candidate.is_file():
            return candidate
    return None


def _ldd_missing(plugin: Path, ldd: str) -> list[str]:
    """Libraries ``ldd`` reports as "not found" for ``plugin``, in order, without repeats."""
    out = subprocess.run(
        [ldd, str(plugin)], capture_output=True, text=True, timeout=20, check=False
    ).stdout
    missing: list[str] = []
    for line in out.splitlines():
        name, sep, where = line.strip().partition("=>")
        if sep and where.strip() == "not found" and name.strip() not in missing:
            missing.append(name.strip())
    return missing


def _load_missing(names: Sequence[str], load: Callable[[str], object]) -> list[str]:
    """The libraries of ``names`` the dynamic loader cannot open."""
    missing = []
    for name in names:
        try:
            load(name)
        except OSError:
            missing.append(name)
    return missing


def missing_libraries(
    plugin: Path,
    *,
    ldd: str | None = None,
    load: Callable[[str], object] | None = None,
) -> list[str]:
    """Shared libraries ``plugin`` needs that cannot be found on this machine.

    Parameters
    ----------
    plugin
        The platform plugin (``libqxcb.so``).
    ldd
        Path of ``ldd`` (default: found on ``PATH``). It lists every missing library
        of the plugin and of what it links to, as the real loader would resolve them.
    load
        Opens one library by name, raising ``OSError`` when it cannot (default
        ``ctypes.CDLL``); used on :data:`XCB_LIBRARIES` only when there is no ``ldd``.

    Returns
    -------
    list of str
        Library names such as ``"libxcb-icccm.so.4"``; empty when all were found.
    """
    ldd = ldd or shutil.which("ldd")
    if ldd:
        try:
            return _ldd_missing(plugin, ldd)
        except (OSError, subprocess.SubprocessError):
            pass  # a broken ldd: fall back to loading the known list
    return _load_missing(XCB_LIBRARIES, load or ctypes.CDLL)


def install_hint(missing: Sequence[str], has_apt: bool | None = None) -> str:
    """One sentence naming the missing libraries and how to install them.

    With ``apt`` (Debian, Ubuntu and their derivatives) the sentence carries the exact
    ``sudo apt install …`` line; elsewhere it names the libraries to look for.
    """
    has_apt = shutil.which("apt-get") is not None if has_apt is None else has_apt
    names = missing[0] if len(missing) == 1 else f"{', '.join(missing[:-1])} and {missing[-1]}"
    packages = list(dict.fromkeys(DEBIAN_PACKAGES[m] for m in missing if m in DEBIAN_PACKAGES))
    unknown = [m for m in missing if m not in DEBIAN_PACKAGES]
    head = (
        f"The desktop app cannot open a window because Qt's X11 plugin needs {names}, "
        "which this system does not have"
    )
    if has_apt and packages and not unknown:
        return f"{head}: run `sudo apt install {' '.join(packages)}` and start nnviz again."
    return f"{head}: install the missing libraries with your package manager and start nnviz again."


def check_xcb_libraries(
    env: Mapping[str, str] | None = None,
    platform: str | None = None,
    *,
    ldd: str | None = None,
    load: Callable[[str], object] | None = None,
    has_apt: bool | None = None,
) -> None:
    """Raise :class:`DisplayLibrariesMissing` when Qt is about to fail to load xcb.

    Does nothing when Qt will not pick xcb first (Wayland, ``offscreen``, macOS,
    Windows, no ``DISPLAY``) or when the plugin cannot be found (Qt reports that).

    Raises
    ------
    DisplayLibrariesMissing
        With one sentence naming the ``sudo apt install …`` line.
    """
    if not xcb_is_first_choice(env, platform):
        return
    plugin = find_xcb_plugin(env)
    if plugin is None:
        return
    missing = missing_libraries(plugin, ldd=ldd, load=load)
    if missing:
        raise DisplayLibrariesMissing(install_hint(missing, has_apt))
