"""Shared fixtures: the example document and synthetic histories written once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from sequences import Document, load_document
from simulation.calibration.export_rows import write_events, write_leads
from simulation.calibration.synthetic import Truth, generate

EXAMPLE = Path(__file__).resolve().parents[2] / "assets" / "examples" / "patient_engagement.nurture.yaml"


@pytest.fixture(scope="session")
def document() -> Document:
    return load_document(EXAMPLE)


@pytest.fixture(scope="session")
def truth() -> Truth:
    # Half the default volume keeps the suite fast; the intervals widen accordingly.
    return Truth(weekly={"Patient engagement guide": 150.0, "Scheduling and EHR integration webinar": 60.0})


@pytest.fixture(scope="session")
def history(tmp_path_factory, document, truth):
    """A HubSpot-style leads file and an events file drawn from ``truth`` (seed 3), plus the leads."""
    folder = tmp_path_factory.mktemp("history")
    leads, events = generate(truth, document, seed=3)
    write_leads(folder / "leads.csv", leads)
    write_events(folder / "events.csv", events)
    return folder / "leads.csv", folder / "events.csv", leads


@pytest.fixture
def example_copy(tmp_path) -> Path:
    target = tmp_path / "plan.nurture.yaml"
    target.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    return target

