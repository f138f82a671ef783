"""Qt runs offscreen; every test gets its own state dir and settings; a helper drives the window."""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"

import pytest  # noqa: E402

from .files_fixtures import (
    example,  # noqa: E402, F401 - a fixture of the test_files_* modules
    isolate,  # noqa: E402
)


@pytest.fixture(autouse=True)
def _isolated_state(tmp_path, monkeypatch):
    """Autosaves, locks and preferences go to tmp_path, never to the user's real ones."""
    isolate(tmp_path, monkeypatch)
