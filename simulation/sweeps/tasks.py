"""The work one sweep task does, as a top-level function of plain data so any executor can ship it."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from sequences.document import Document
from sequences.scenario import Scenario

from ..checks import SimulationRefused, problems
from ..result import Estimate
from ..runner import run_replication

DAYS_PER_MONTH = 365.25 / 12


@lru_cache(maxsize=4)
def _document(text: str) -> Document:
    # Every task of a sweep carries the same document; validate it once per worker process.
    return Document.model_validate(json.loads(text))


def screen_task(task: dict[str, Any]) -> dict[str, Any]:
    """One small replication of a nurture setting: the figures the queue screen scales up."""
    document = _document(task["document"])
    scenario = Scenario.model_validate(task["scenario"])
    figures = run_replication(document, scenario, task["seed"], 0, task["leads"])
    totals = figures["totals"]
    decided = (totals["accepted"] or 0) + (totals["rejected"] or 0)
    return {
        "arrived": totals["arrived"],
        "mqls": totals["mqls"],
        "sql_handoffs": totals["sql_handoffs"],
        "acceptance_rate": totals["accepted"] / decided if decided else 0.0,
        "median_days_to_sql": figures["time_to_sql"].get("p50"),
    }


def simulate_task(task: dict[str, Any]) -> dict[str, Any]:
    """All replications of one point, reduced to the sweep's metrics with 95% intervals."""
    document = _document(task["document"])
    if task.get("sla_hours") is not None:
        document = with_sla(document, float(task["sla_hours"]))
    scenario = Scenario.model_validate(task["scenario"])
    found = problems(document, scenario)
    if found:
        raise SimulationRefused(found)
    # The same replications simulate() runs, without aggregating daily series the sweep never reads.
    runs = [run_replication(document, scenario, task["seed"], r, task["leads"]) for r in range(task["replications"])]
    time_to_sql = {"p50": Estimate.of([run["time_to_sql"].get("p50") for run in runs])}
    return metrics_of([run["totals"] for run in runs], time_to_sql, scenario.horizon_days)


def with_sla(document: Document, hours: float) -> Document:
    """Swept SLA hours apply to every handoff: a handoff node's own SLA would otherwise win."""
    nodes = tuple(n.model_copy(update={"sla_hours": hours}) if n.kind == "handoff" else n
                  for n in document.sequence.nodes)
    return document.model_copy(update={"sequence": document.sequence.model_copy(update={"nodes": nodes})})


def metrics_of(runs: list[dict[str, Any]], time_to_sql: dict[str, Any], horizon_days: float) -> dict[str, Any]:
    months = horizon_days / DAYS_PER_MONTH

    def per_month(key: str) -> list[float]:
        return [(run[key] or 0) / months for run in runs]

    def rate(run: dict[str, Any]) -> float:
        decided = (run["accepted"] or 0) + (run["rejected"] or 0)
        return (run["accepted"] or 0) / decided if decided else 0.0

    out = {
        "accepted_per_month": Estimate.of(per_month("accepted")),
        "sql_per_month": Estimate.of(per_month("sql_handoffs")),
        "mql_per_month": Estimate.of(per_month("mqls")),
        "sla_breach_rate": Estimate.of([run["sla_breach_rate"] for run in runs]),
        "rep_utilisation": Estimate.of([run["rep_utilisation"] for run in runs]),
        "acceptance_rate": Estimate.of([rate(run) for run in runs]),
        "median_days_to_sql": time_to_sql.get("p50"),
    }
    return {k: (None if v is None else {"mean": v.mean, "low": v.low, "high": v.high}) for k, v in out.items()}
