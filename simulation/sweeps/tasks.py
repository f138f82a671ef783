"""The work one sweep task does, as a top-level function of plain data so any executor can ship it."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from sequences.document import Document
from sequences.scenario import Scenario

from ..checks import SimulationRefused, problems
from ..compiled import compile_model
from ..engine import Engine
from ..leads import CohortCache
from ..runner import run_replication
from .worker_memory import keep_freed_memory

DAYS_PER_MONTH = 365.25 / 12
# A worker's points share their cohorts (the same keyed draws): each replication's is drawn once.
_COHORTS = CohortCache(max_leads=5_000_000)
# The engine's name for the 90th percentile of the sales-queue wait, when it reports one.
QUEUE_P90_KEYS = ("queue_wait_p90_hours", "p90_queue_wait_hours")


@lru_cache(maxsize=4)
def _document(text: str) -> Document:
    # Every task of a sweep carries the same document; validate it once per worker process.
    return Document.model_validate(json.loads(text))


def screen_task(task: dict[str, Any]) -> dict[str, Any]:
    """One small replication of a nurture setting: the figures the queue screen scales up."""
    keep_freed_memory()
    document = _document(task["document"])
    scenario = Scenario.model_validate(task["scenario"])
    figures = run_replication(document, scenario, task["seed"], 0, task["leads"], cohorts=_COHORTS, detail=False)
    totals = figures["totals"]
    decided = (totals["accepted"] or 0) + (totals["rejected"] or 0)
    return {
        "arrived": totals["arrived"],
        "mqls": totals["mqls"],
        "sql_handoffs": totals["sql_handoffs"],
        "acceptance_rate": totals["accepted"] / decided if decided else 0.0,
        "median_days_to_sql": figures["time_to_sql"].get("p50"),
    }


def simulate_task(task: dict[str, Any]) -> dict[str, list[float]]:
    """All replications of one point, exactly as ``simulate`` runs its scenario: one value per replication.

    The document is not changed, so adopting the point as a scenario and simulating it runs the same model.
    """
    keep_freed_memory()
    document = _document(task["document"])
    scenario = Scenario.model_validate(task["scenario"])
    found = problems(document, scenario)
    if found:
        raise SimulationRefused(found)
    # The same replications simulate() runs, without aggregating daily series the sweep never reads.
    compiled = compile_model(document, scenario)  # once for the point: every replication runs the same model
    runs = [Engine(compiled, task["seed"], r, task["leads"], cohorts=_COHORTS, detail=False).run()
            for r in range(task["replications"])]
    return replicate_figures(runs, scenario.horizon_days)


def replicate_figures(runs: list[dict[str, Any]], horizon_days: float) -> dict[str, list[float]]:
    """The sweep's figures of each replication (NaN where a replication has none)."""
    months = horizon_days / DAYS_PER_MONTH
    nan = float("nan")

    def rate(totals: dict[str, Any]) -> float:
        decided = (totals["accepted"] or 0) + (totals["rejected"] or 0)
        return (totals["accepted"] or 0) / decided if decided else 0.0

    def number(value: Any) -> float:
        return nan if value is None else float(value)

    out: dict[str, list[float]] = {
        "accepted_per_month": [(r["totals"]["accepted"] or 0) / months for r in runs],
        "sql_per_month": [(r["totals"]["sql_handoffs"] or 0) / months for r in runs],
        "mql_per_month": [(r["totals"]["mqls"] or 0) / months for r in runs],
        "sla_breach_rate": [number(r["totals"]["sla_breach_rate"]) for r in runs],
        "rep_utilisation": [number(r["totals"]["rep_utilisation"]) for r in runs],
        "acceptance_rate": [rate(r["totals"]) for r in runs],
        "median_days_to_sql": [number(r["time_to_sql"].get("p50")) for r in runs],
    }
    key = next((k for k in QUEUE_P90_KEYS if k in runs[0]["totals"]), None)
    if key is not None:
        out["queue_wait_p90_hours"] = [number(r["totals"][key]) for r in runs]
    return out
