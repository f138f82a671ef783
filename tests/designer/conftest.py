"""Qt runs offscreen; every test gets its own state dir and settings; a helper drives the window."""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"

import pytest  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402


@pytest.fixture(autouse=True)
def _isolated_state(tmp_path, monkeypatch):
    """Autosaves, locks and preferences go to tmp_path, never to the user's real ones."""
    monkeypatch.setenv("NURTURE_STATE_DIR", str(tmp_path / "state"))
    for fmt in (QSettings.Format.IniFormat, QSettings.Format.NativeFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(tmp_path / "settings"))
