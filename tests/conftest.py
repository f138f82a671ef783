"""Every test run keeps its hands off the user's real settings and state, subprocesses included."""

from __future__ import annotations

import os
import tempfile

# Set before anything imports Qt: QSettings and platformdirs read these, and child processes inherit them.
_SANDBOX = tempfile.mkdtemp(prefix="nurture-tests-")
os.environ["XDG_CONFIG_HOME"] = os.path.join(_SANDBOX, "config")
os.environ.setdefault("NURTURE_STATE_DIR", os.path.join(_SANDBOX, "state"))
