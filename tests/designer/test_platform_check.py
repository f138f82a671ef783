"""A Linux desktop without libxcb-cursor gets a sentence and an exit code, not Qt's abort."""

from __future__ import annotations

import ctypes.util
import sys

import pytest

from designer import app, platform_check


@pytest.fixture
def linux_desktop(monkeypatch):
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)


def test_missing_library_is_named_with_the_fix(linux_desktop, monkeypatch, capsys):
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: None)
    assert "libxcb-cursor0" in platform_check.missing_display_library()
    assert app.main(["assets/examples/empty.nurture.yaml"]) == 1
    assert "sudo apt install libxcb-cursor0" in capsys.readouterr().err


def test_present_library_or_other_platforms_pass(linux_desktop, monkeypatch):
    monkeypatch.setattr(platform_check, "missing_libraries", lambda plugin=None: [])
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: "libxcb-cursor.so.0")
    assert platform_check.missing_display_library() is None
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: None)
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert platform_check.missing_display_library() is None
    monkeypatch.delenv("QT_QPA_PLATFORM")
    monkeypatch.delenv("DISPLAY")
    assert platform_check.missing_display_library() is None


def test_every_library_the_plugin_lacks_is_named_with_its_package(linux_desktop, monkeypatch, tmp_path, capsys):
    """A fake ldd reports what a plain desktop lacks; each one is named, with one apt command for all."""
    ldd = tmp_path / "ldd"
    ldd.write_text("#!/bin/sh\n"
                   "echo '\tlibQt6XcbQpa.so.6 => /opt/qt/libQt6XcbQpa.so.6 (0x1)'\n"
                   "echo '\tlibxcb-icccm.so.4 => not found'\n"
                   "echo '\tlibxcb-keysyms.so.1 => not found'\n"
                   "echo '\tlibxkbcommon-x11.so.0 => not found'\n")
    ldd.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: "libxcb-cursor.so.0")
    monkeypatch.setattr(platform_check, "xcb_plugin", lambda: tmp_path / "libqxcb.so")
    text = platform_check.missing_display_library()
    for soname in ("libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libxkbcommon-x11.so.0"):
        assert soname in text
    assert "sudo apt install libxcb-icccm4 libxcb-keysyms1 libxkbcommon-x11-0" in text
    assert app.main(["assets/examples/empty.nurture.yaml"]) == 1
    assert "libxcb-keysyms1" in capsys.readouterr().err


def test_the_real_plugin_is_found_and_read():
    plugin = platform_check.xcb_plugin()
    assert plugin is not None and plugin.name == "libqxcb.so"
    assert isinstance(platform_check.missing_libraries(plugin), list)
