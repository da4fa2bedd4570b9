"""The app icon, and a launcher in the desktop's application menu (freedesktop.org).

``nnviz --install-desktop`` writes ``nnviz.desktop`` into the user's applications folder
and the icon into the user's ``hicolor`` icon theme; ``--uninstall-desktop`` removes
those same files.  Both follow the XDG base directory spec (``$XDG_DATA_HOME``, default
``~/.local/share``), so nothing needs root.  No Qt import: the icons are copied as bytes.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from nnviz.errors import ConfigError

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

__all__ = [
    "APP_ID",
    "ICON_SIZES",
    "data_home",
    "desktop_entry",
    "exec_command",
    "icon_png",
    "icon_svg",
    "install_desktop",
    "installed_paths",
    "uninstall_desktop",
]

#: The name of the launcher, the icon and the X11 window class (``WM_CLASS``, which Qt
#: takes from the application name) and the Wayland app id (the desktop file name).
APP_ID = "nnviz"

#: Pixel sizes of the PNG renders in ``resources/icons`` (``scripts/render_icons.py``).
ICON_SIZES: tuple[int, ...] = (16, 32, 48, 64, 128, 256)

#: Marks a launcher written by ``--install-desktop``: uninstalling leaves any other alone.
_MARKER = "X-nnviz-Installed-By=nnviz --install-desktop"


def _icons() -> Traversable:
    """The shipped icon folder (``nnviz.resources/icons``)."""
    return resources.files("nnviz.resources").joinpath("icons")


def icon_svg() -> Traversable:
    """The scalable app icon, ``nnviz.svg``."""
    return _icons().joinpath(f"{APP_ID}.svg")


def icon_png(size: int) -> Traversable:
    """The app icon rendered at ``size``×``size`` pixels (one of :data:`ICON_SIZES`)."""
    if size not in ICON_SIZES:
        raise ValueError(f"no {size} px icon (sizes: {ICON_SIZES})")
    return _icons().joinpath(f"{APP_ID}-{size}.png")


def data_home(env: Mapping[str, str] | None = None, home: Path | None = None) -> Path:
    """``$XDG_DATA_HOME``, or ``~/.local/share`` when unset or relative (as the spec says)."""
    env = os.environ if env is None else env
    xdg = env.get("XDG_DATA_HOME", "")
    if xdg and Path(xdg).is_absolute():
        return Path(xdg)
    return (Path.home() if home is None else home) / ".local" / "share"


def installed_paths(root: Path) -> dict[str, Path]:
    """Where each file goes under the data folder ``root``: ``"desktop"``, ``"svg"``, ``"16"``…"""
    hicolor = root / "icons" / "hicolor"
    paths = {"desktop": root / "applications" / f"{APP_ID}.desktop"}
    paths["svg"] = hicolor / "scalable" / "apps" / f"{APP_ID}.svg"
    for size in ICON_SIZES:
        paths[str(size)] = hicolor / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
    return paths


def exec_command(argv0: str | None = None, python: str | None = None) -> list[str]:
    """How the launcher starts this nnviz: its ``nnviz`` script, else ``python -m nnviz``.

    ``argv0`` (default ``sys.argv[0]``) is the script when nnviz was started as
    ``nnviz``; under ``python -m nnviz`` it is ``__main__.py`` and ``python``
    (default ``sys.executable``) is used instead.  Paths are made absolute but
    symlinks are kept: a virtual environment's ``python`` must stay the venv's.
    """
    argv0 = sys.argv[0] if argv0 is None else argv0
    script = Path(argv0)
    if script.name == APP_ID and script.is_file():
        return [str(script.absolute())]
    return [str(Path(python or sys.executable).absolute()), "-m", APP_ID]


def _quote_exec_arg(arg: str) -> str:
    """One ``Exec`` argument, quoted as the Desktop Entry spec requires."""
    if arg and not any(c in arg for c in " \t\n\"'\\><~|&;$*?#()`"):
        return arg
    inner = "".join("\\" + c if c in '"`$\\' else c for c in arg)
    # The Exec value is itself a string value, where a backslash is written twice.
    return '"' + inner.replace("\\", "\\\\") + '"'


def desktop_entry(command: Sequence[str]) -> str:
    """The text of ``nnviz.desktop`` starting ``command`` (see :func:`exec_command`)."""
    if any("\n" in a or "%" in a for a in command):
        raise ConfigError(
            "The path of nnviz contains a newline or '%', which a launcher cannot run."
        )
    return "\n".join(
        [
            "[Desktop Entry]",
            "Type=Application",
            "Version=1.4",
            "Name=nnviz",
            "GenericName=Neural network visualiser",
            "GenericName[ko]=신경망 시각화",
            "Comment=Watch a neural network learn",
            "Comment[ko]=신경망이 학습하는 모습을 봅니다",
            f"Exec={' '.join(_quote_exec_arg(a) for a in command)}",
            f"Icon={APP_ID}",
            "Terminal=false",
            "Categories=Education;Science;ArtificialIntelligence;",
            "Keywords=neural network;deep learning;MNIST;NumPy;",
            "StartupNotify=true",
            f"StartupWMClass={APP_ID}",
            _MARKER,
            "",
        ]
    )


def install_desktop(
    root: Path | None = None,
    command: Sequence[str] | None = None,
) -> list[Path]:
    """Write the launcher and the icons under ``root`` (default :func:`data_home`).

    Returns
    -------
    list of pathlib.Path
        Every file written, the launcher first. Existing files of the same names are
        replaced (installing twice, or after moving nnviz, updates the launcher).

    Raises
    ------
    ConfigError
        If a folder cannot be created or a file cannot be written.
    """
    paths = installed_paths(data_home() if root is None else root)
    contents: dict[str, bytes] = {
        "desktop": desktop_entry(exec_command() if command is None else command).encode(),
        "svg": icon_svg().read_bytes(),
    }
    contents.update({str(size): icon_png(size).read_bytes() for size in ICON_SIZES})
    written = []
    for key, data in contents.items():
        path = paths[key]
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        except OSError as e:
            raise ConfigError(f"Could not write {path}: {e.strerror or e}.") from None
        written.append(path)
    return written


def uninstall_desktop(root: Path | None = None) -> list[Path]:
    """Remove what :func:`install_desktop` wrote under ``root``; returns the files removed.

    A ``nnviz.desktop`` that ``--install-desktop`` did not write (no marker line) is
    left alone, and so are the icons then; folders are kept (other apps share them).
    """
    paths = installed_paths(data_home() if root is None else root)
    entry = paths["desktop"]
    if entry.is_file() and _MARKER not in entry.read_text(encoding="utf-8", errors="replace"):
        raise ConfigError(f"{entry} was not written by nnviz --install-desktop; remove it by hand.")
    removed = []
    for path in paths.values():
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        except OSError as e:
            raise ConfigError(f"Could not remove {path}: {e.strerror or e}.") from None
        removed.append(path)
    return removed
