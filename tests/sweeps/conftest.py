"""A small sweep on the patient-engagement example, fast enough for every test run."""

from __future__ import annotations

import pytest

from assets.examples import template_path
from sequences import load_document
from sequences.sweep import Sweep


def small_sweep(**changes) -> Sweep:
    data = {
        "name": "small",
        "base_scenario": "current thresholds",
        "axes": [{"parameter": "sql_total", "values": [60, 80, 100]}, {"parameter": "reps", "values": [2, 4]}],
        "replications": 2,
        "leads": 3000,
        "simulate_top": 2,
        "simulate_check": 1,
        "constraints": [{"metric": "rep_utilisation", "op": "lte", "value": 0.85}],
    }
    data.update(changes)
    return Sweep.model_validate(data)


@pytest.fixture
def document():
    base = load_document(template_path("patient-engagement"))
    return base.model_copy(update={"sweeps": (small_sweep(),)})
