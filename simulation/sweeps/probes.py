"""Marginal values around the recommendation: one more rep, one hour off the SLA, on the same draws."""

from __future__ import annotations

import math
from typing import Any

from sequences.document import Document
from sequences.economics import Economics
from sequences.scenario import Scenario

from ..result import Estimate
from .knobs import KNOBS
from .ranking import difference
from .result import SweepPoint


def probe_settings(document: Document, base: Scenario, settings: dict[str, float]) -> list[dict[str, Any]]:
    """The recommendation with one more rep, and with the SLA one hour shorter (where that is possible)."""
    reps = settings.get("reps", KNOBS["reps"].get(document, base))
    sla = settings.get("sla_hours", KNOBS["sla_hours"].get(document, base))
    out = [{"key": "reps", "label": f"One more rep ({reps + 1:g} reps)", "settings": {**settings, "reps": reps + 1},
            "rep_change": 1}]
    if sla > 1:
        out.append({"key": "sla_hours", "label": f"One hour off the SLA ({sla - 1:g} h)",
                    "settings": {**settings, "sla_hours": sla - 1}, "rep_change": 0})
    return out


def _paired(a: list[float], b: list[float]) -> Estimate:
    found = difference([x - y for x, y in zip(a, b, strict=False) if not (math.isnan(x) or math.isnan(y))])
    return found if found is not None else Estimate(None, None, None)


def marginals(probes: list[dict[str, Any]], runs: dict[int, dict[str, list[float]]], best: SweepPoint,
              economics: Economics | None, replications: int) -> list[dict[str, Any]]:
    """Each probe against the recommendation, replication by replication (common random numbers)."""
    assert best.replicates is not None
    out = []
    value = economics.sql_value() if economics else None
    for i, probe in enumerate(probes):
        figures = runs.get(i)
        if figures is None:
            continue
        accepted = _paired(figures["accepted_per_month"], best.replicates["accepted_per_month"])
        breach = _paired(figures["sla_breach_rate"], best.replicates["sla_breach_rate"])
        row: dict[str, Any] = {
            "key": probe["key"], "label": probe["label"], "settings": probe["settings"], "replications": replications,
            "accepted": {"mean": accepted.mean, "low": accepted.low, "high": accepted.high},
            "breach": breach.mean,
        }
        if value is not None and accepted.mean is not None:
            row["value"] = accepted.mean * value
            row["value_low"] = (accepted.low or 0.0) * value
            row["value_high"] = (accepted.high or 0.0) * value
        if economics is not None:
            row["cost"] = probe["rep_change"] * economics.rep_cost_per_month
        out.append(row)
    return out
