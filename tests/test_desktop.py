"""``nnviz --install-desktop``: a valid launcher and the icons in the user's folders, and back."""

from __future__ import annotations

import configparser
import shutil
import subprocess
from pathlib import Path

import pytest

from nnviz.cli import main
from nnviz.desktop import (
    ICON_SIZES,
    data_home,
    desktop_entry,
    exec_command,
    icon_png,
    icon_svg,
    install_desktop,
    installed_paths,
    uninstall_desktop,
)
from nnviz.errors import ConfigError

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def read_entry(path: Path) -> dict[str, str]:
    """The ``[Desktop Entry]`` group of a .desktop file as a dict (keys case-sensitive)."""
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment, method-assign]
    parser.read(path, encoding="utf-8")
    return dict(parser["Desktop Entry"])


def validate(path: Path) -> None:
    """Run desktop-file-validate on ``path`` when it is installed (Debian: desktop-file-utils)."""
    tool = shutil.which("desktop-file-validate")
    if tool is None:
        pytest.skip("desktop-file-validate is not installed")
    proc = subprocess.run([tool, str(path)], capture_output=True, text=True, timeout=30)
    errors = [line for line in proc.stdout.splitlines() if ": error:" in line]
    assert proc.returncode == 0 and not errors, proc.stdout + proc.stderr


@pytest.fixture
def data(tmp_path, monkeypatch) -> Path:
    """``$XDG_DATA_HOME`` pointed into the test's folder."""
    root = tmp_path / "share"
    monkeypatch.setenv("XDG_DATA_HOME", str(root))
    return root


# --- the shipped icons -----------------------------------------------------------------------


def test_every_icon_size_is_shipped_as_png_and_svg():
    assert icon_svg().read_bytes().lstrip().startswith(b"<?xml")
    for size in ICON_SIZES:
        data = icon_png(size).read_bytes()
        assert data.startswith(PNG_MAGIC)
        # IHDR holds width and height as big-endian 32-bit numbers at bytes 16..24.
        assert int.from_bytes(data[16:20], "big") == size
        assert int.from_bytes(data[20:24], "big") == size
    with pytest.raises(ValueError):
        icon_png(20)


# --- where things go ---------------------------------------------------------------------------


def test_data_home_follows_xdg_and_ignores_a_relative_one(tmp_path):
    assert data_home({"XDG_DATA_HOME": str(tmp_path)}, tmp_path / "h") == tmp_path
    assert data_home({"XDG_DATA_HOME": "rel"}, tmp_path / "h") == tmp_path / "h/.local/share"
    assert data_home({}, tmp_path / "h") == tmp_path / "h/.local/share"


def test_exec_is_the_running_nnviz_script_else_python_dash_m(tmp_path, monkeypatch):
    script = tmp_path / "bin" / "nnviz"
    script.parent.mkdir()
    script.write_text("#!/bin/sh\n")
    monkeypatch.chdir(tmp_path)
    assert exec_command("bin/nnviz") == [str(script)]
    main_py = "/somewhere/nnviz/__main__.py"
    assert exec_command(main_py, "venv/bin/python") == [
        str(tmp_path / "venv/bin/python"),
        "-m",
        "nnviz",
    ]


# --- install, validate, uninstall ----------------------------------------------------------------


def test_install_writes_a_valid_launcher_and_the_icons(data):
    written = install_desktop(data, ["/opt/nnviz/bin/nnviz"])
    paths = installed_paths(data)
    assert written == list(paths.values())
    assert paths["desktop"] == data / "applications" / "nnviz.desktop"
    entry = read_entry(paths["desktop"])
    assert entry["Type"] == "Application"
    assert entry["Name"] == "nnviz" and entry["Comment"]
    assert entry["Exec"] == "/opt/nnviz/bin/nnviz"
    assert entry["Icon"] == "nnviz" and entry["StartupWMClass"] == "nnviz"
    assert entry["Terminal"] == "false"
    assert entry["Categories"].startswith("Education;Science;")
    assert (data / "icons/hicolor/scalable/apps/nnviz.svg").read_bytes() == icon_svg().read_bytes()
    for size in ICON_SIZES:
        png = data / f"icons/hicolor/{size}x{size}/apps/nnviz.png"
        assert png.read_bytes() == icon_png(size).read_bytes()
    validate(paths["desktop"])


def test_exec_quotes_paths_with_spaces_and_shell_characters(data):
    command = ["/home/a b/my $env/bin/python", "-m", "nnviz"]
    install_desktop(data, command)
    entry_path = installed_paths(data)["desktop"]
    # Spec: quote the argument, backslash-escape " ` $ \ inside, then double every
    # backslash because Exec is itself an escaped string value.
    assert read_entry(entry_path)["Exec"] == '"/home/a b/my \\\\$env/bin/python" -m nnviz'
    validate(entry_path)


def test_a_path_a_launcher_cannot_express_is_refused():
    with pytest.raises(ConfigError, match="cannot run"):
        desktop_entry(["/home/100%/bin/nnviz"])


def test_uninstall_removes_exactly_what_install_wrote(data):
    others = [data / "applications/other.desktop", data / "icons/hicolor/32x32/apps/other.png"]
    for path in others:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("someone else's")
    written = install_desktop(data, ["/usr/bin/nnviz"])
    assert sorted(uninstall_desktop(data)) == sorted(written)
    assert not any(p.exists() for p in written)
    assert all(p.read_text() == "someone else's" for p in others)
    assert (data / "icons/hicolor/16x16/apps").is_dir()  # shared folders stay
    assert uninstall_desktop(data) == []  # a second time: nothing left to remove


def test_uninstall_leaves_a_launcher_it_did_not_write(data):
    entry = installed_paths(data)["desktop"]
    entry.parent.mkdir(parents=True)
    entry.write_text("[Desktop Entry]\nType=Application\nName=nnviz\nExec=nnviz\n")
    with pytest.raises(ConfigError, match="not written by nnviz"):
        uninstall_desktop(data)
    assert entry.is_file()


def test_install_into_an_unwritable_place_is_one_sentence(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(ConfigError, match="Could not write"):
        install_desktop(blocker, ["/usr/bin/nnviz"])


# --- the command line ------------------------------------------------------------------------


def test_cli_install_then_uninstall(data, capsys):
    assert main(["--install-desktop"]) == 0
    out = capsys.readouterr().out
    entry = data / "applications" / "nnviz.desktop"
    assert str(entry) in out
    assert read_entry(entry)["Exec"]
    assert len(list((data / "icons").rglob("nnviz.*"))) == len(ICON_SIZES) + 1
    assert main(["--uninstall-desktop"]) == 0
    assert "Removed 8 files" in capsys.readouterr().out
    assert not entry.exists() and not list((data / "icons").rglob("nnviz.*"))


def test_cli_install_and_uninstall_together_is_a_usage_error(data, capsys):
    assert main(["--install-desktop", "--uninstall-desktop"]) == 2
    assert "not allowed with" in capsys.readouterr().err
    assert not data.exists()
