"""What the CLI tests share: a runner, the installed ``nurture`` entry point and the example document."""

from __future__ import annotations

import sys
from pathlib import Path

from typer.testing import CliRunner

runner = CliRunner()
NURTURE = Path(sys.executable).with_name("nurture")
EXAMPLE = Path(__file__).parents[2] / "assets" / "examples" / "patient_engagement.nurture.yaml"
SCENARIOS = ("current thresholds", "stricter thresholds, one more rep")
