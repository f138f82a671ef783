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
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: "libxcb-cursor.so.0")
    assert platform_check.missing_display_library() is None
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: None)
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert platform_check.missing_display_library() is None
    monkeypatch.delenv("QT_QPA_PLATFORM")
    monkeypatch.delenv("DISPLAY")
    assert platform_check.missing_display_library() is None
