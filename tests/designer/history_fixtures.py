"""A small synthetic CRM export, so tests can run the real ``nurture calibrate`` on a document."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sequences import load_document
from simulation.calibration.export_rows import write_leads
from simulation.calibration.synthetic import Truth, generate

NURTURE = Path(sys.executable).with_name("nurture")


def write_history(folder: Path, example: Path) -> Path:
    """A HubSpot-style leads CSV drawn (seed 3) for ``example``'s offers: small, so a run takes a moment."""
    truth = Truth(weekly={"Patient engagement guide": 30.0, "Scheduling and EHR integration webinar": 10.0})
    leads, _ = generate(truth, load_document(example), seed=3)
    path = folder / "leads.csv"
    write_leads(path, leads)
    return path


def calibrate(document: Path, leads: Path, scenario: str, *extra: str) -> subprocess.CompletedProcess:
    """The real ``nurture calibrate`` in a process of its own, as a person runs it in a terminal (the quick
    calibration: what these tests watch is the file on disk, not the fit)."""
    return subprocess.run([str(NURTURE), "calibrate", str(document), "--leads", str(leads), "--scenario", scenario,
                           "--no-fit-funnel", *extra], capture_output=True, text=True, timeout=120)
