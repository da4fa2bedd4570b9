"""The check before the window opens: a missing X11 library gives one apt line, exit 2."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from nnviz import platform_check
from nnviz.cli import main
from nnviz.platform_check import (
    XCB_LIBRARIES,
    DisplayLibrariesMissing,
    check_xcb_libraries,
    install_hint,
    missing_libraries,
    xcb_is_first_choice,
)

# What `ldd libqxcb.so` printed on a Debian 12 without libxcb-icccm4 and libxcb-keysyms1
# (abridged); the missing pair shows up twice, once per library that links to it.
LDD_OUTPUT = """\
\tlinux-vdso.so.1 (0x00007ffd4a3f2000)
\tlibQt6XcbQpa.so.6 => /venv/PySide6/Qt/lib/libQt6XcbQpa.so.6 (0x00007f938a04f000)
\tlibxkbcommon-x11.so.0 => /lib/x86_64-linux-gnu/libxkbcommon-x11.so.0 (0x00007f9389f6c000)
\tlibxcb-cursor.so.0 => /lib/x86_64-linux-gnu/libxcb-cursor.so.0 (0x00007f9389f65000)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\t/lib64/ld-linux-x86-64.so.2 (0x00007f31f8606000)
"""

X11 = {"DISPLAY": ":0"}


def fake_ldd(folder: Path, output: str) -> str:
    """An executable that prints ``output`` like ``ldd`` would."""
    (folder / "ldd.out").write_text(output)
    script = folder / "ldd"
    script.write_text(f"#!/bin/sh\ncat '{folder / 'ldd.out'}'\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return str(script)


def fake_plugin(folder: Path) -> dict[str, str]:
    """An X11 environment whose platform plugin folder holds a stand-in libqxcb.so."""
    plugins = folder / "platforms"
    plugins.mkdir()
    (plugins / "libqxcb.so").write_bytes(b"\x7fELF")
    return {**X11, "QT_QPA_PLATFORM_PLUGIN_PATH": str(plugins)}


def loader_without(*absent: str):
    """A stand-in for ctypes.CDLL that cannot open ``absent``."""

    def load(name: str) -> object:
        if name in absent:
            raise OSError(f"{name}: cannot open shared object file")
        return object()

    return load


# --- when the check applies ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("env", "platform", "expected"),
    [
        (X11, "linux", True),
        ({}, "linux", False),  # no display at all: another problem, Qt says so
        ({**X11, "WAYLAND_DISPLAY": "wayland-0"}, "linux", False),
        ({**X11, "XDG_SESSION_TYPE": "wayland"}, "linux", False),
        ({**X11, "XDG_SESSION_TYPE": "x11"}, "linux", True),
        ({**X11, "QT_QPA_PLATFORM": "offscreen"}, "linux", False),
        ({**X11, "QT_QPA_PLATFORM": "xcb"}, "linux", True),
        ({**X11, "QT_QPA_PLATFORM": "xcb:nograb;wayland"}, "linux", True),
        ({**X11, "QT_QPA_PLATFORM": "wayland;xcb"}, "linux", False),
        ({**X11, "WAYLAND_DISPLAY": "w", "QT_QPA_PLATFORM": "xcb"}, "linux", True),
        (X11, "darwin", False),
        (X11, "win32", False),
    ],
)
def test_xcb_is_checked_only_when_qt_will_try_it_first(env, platform, expected):
    assert xcb_is_first_choice(env, platform) is expected


# --- finding what is missing ---------------------------------------------------------------


def test_ldd_report_gives_each_missing_library_once(tmp_path):
    ldd = fake_ldd(tmp_path, LDD_OUTPUT)
    assert missing_libraries(tmp_path / "libqxcb.so", ldd=ldd) == [
        "libxcb-icccm.so.4",
        "libxcb-keysyms.so.1",
    ]


def test_nothing_missing_when_ldd_finds_everything(tmp_path):
    ldd = fake_ldd(tmp_path, LDD_OUTPUT.replace("not found", "/lib/x.so (0x1)"))
    assert missing_libraries(tmp_path / "libqxcb.so", ldd=ldd) == []


def test_without_ldd_the_known_libraries_are_loaded_one_by_one(tmp_path):
    load = loader_without("libxcb-cursor.so.0", "libxkbcommon-x11.so.0")
    missing = missing_libraries(tmp_path / "libqxcb.so", ldd=str(tmp_path / "no-ldd"), load=load)
    assert missing == ["libxcb-cursor.so.0", "libxkbcommon-x11.so.0"]


def test_the_fallback_list_covers_the_libraries_of_the_issue():
    for name in ("libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1"):
        assert name in XCB_LIBRARIES
    assert "libxkbcommon-x11.so.0" in XCB_LIBRARIES


def test_this_machines_plugin_is_found():
    plugin = platform_check.find_xcb_plugin({})
    if plugin is None:
        pytest.skip("this PySide6 has no xcb plugin")
    assert plugin.name == "libqxcb.so" and plugin.is_file()


# --- the sentence ----------------------------------------------------------------------------


def test_hint_names_the_exact_apt_line():
    hint = install_hint(["libxcb-cursor.so.0", "libxcb-icccm.so.4"], has_apt=True)
    assert "`sudo apt install libxcb-cursor0 libxcb-icccm4`" in hint
    assert "libxcb-cursor.so.0 and libxcb-icccm.so.4" in hint
    assert "\n" not in hint and hint.count(". ") == 0 and hint.endswith(".")


def test_hint_lists_one_package_per_library_family_once():
    hint = install_hint(["libglib-2.0.so.0", "libgthread-2.0.so.0"], has_apt=True)
    assert "`sudo apt install libglib2.0-0`" in hint


def test_hint_without_apt_or_for_an_unknown_library_names_the_files():
    for hint in (
        install_hint(["libxcb-icccm.so.4"], has_apt=False),
        install_hint(["libxcb-icccm.so.4", "libwhatever.so.3"], has_apt=True),
    ):
        assert "apt" not in hint
        assert "libxcb-icccm.so.4" in hint and "package manager" in hint


def test_check_raises_with_the_apt_line(tmp_path):
    env = fake_plugin(tmp_path)
    with pytest.raises(
        DisplayLibrariesMissing, match=r"sudo apt install libxcb-icccm4 libxcb-keysyms1"
    ):
        check_xcb_libraries(env, "linux", ldd=fake_ldd(tmp_path, LDD_OUTPUT), has_apt=True)


def test_check_passes_when_everything_loads(tmp_path):
    env = fake_plugin(tmp_path)
    check_xcb_libraries(env, "linux", ldd=str(tmp_path / "no-ldd"), load=loader_without())


def test_check_is_skipped_on_wayland_even_with_missing_libraries(tmp_path):
    env = {**fake_plugin(tmp_path), "WAYLAND_DISPLAY": "wayland-0"}
    check_xcb_libraries(env, "linux", ldd=fake_ldd(tmp_path, LDD_OUTPUT))


# --- the command line --------------------------------------------------------------------


def test_nnviz_prints_one_line_and_exits_2_before_any_window(tmp_path, monkeypatch, capsys):
    for name in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY", "XDG_SESSION_TYPE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in fake_plugin(tmp_path).items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(platform_check.sys, "platform", "linux")
    monkeypatch.setattr(platform_check.shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(
        platform_check, "missing_libraries", lambda plugin, **kw: ["libxcb-cursor.so.0"]
    )
    import nnviz.gui.app

    def no_window(*args, **kwargs):
        raise AssertionError("the window must not open")

    monkeypatch.setattr(nnviz.gui.app, "run_app", no_window)
    code = main([])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.splitlines() == [
        "nnviz: The desktop app cannot open a window because Qt's X11 plugin needs "
        "libxcb-cursor.so.0, which this system does not have: run "
        "`sudo apt install libxcb-cursor0` and start nnviz again."
    ]
