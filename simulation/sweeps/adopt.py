"""Adopting a sweep point: the scenario it becomes (with a description that says where it came from), and a
fresh simulation of that scenario set beside the sweep's figures, so a planner sees that they agree."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sequences.document import Document
from sequences.scenario import Scenario
from sequences.sweep import METRIC_WORDS, SWEEP_METRICS, show_figure

from ..result import Estimate
from ..runner import simulate
from .explain import with_interval
from .knobs import team_size
from .points import apply_point, describe_settings
from .ranking import overlaps
from .result import SweepResult, estimates
from .tasks import replicate_figures
from .value import add_value

COUNT_METRICS = frozenset({"accepted_per_month", "sql_per_month", "mql_per_month", "pipeline_value_per_month",
                           "net_value_per_month", "cost_per_accepted_sql"})


def adopted_scenario(document: Document, result: SweepResult, index: int) -> Scenario:
    """The point as a scenario of its own, named for its settings and described from the sweep."""
    point = result.point(index)
    if point is None:
        raise KeyError(f"the sweep has no point {index}")
    base = document.scenario(result.base_scenario)
    metric = result.objective
    recommended = "the recommended setting" if index == result.recommended else f"point {index}"
    figure = with_interval(metric, point.estimate(metric), point.figure(metric), result.currency)
    basis = (f"mean of {result.replications} replications, 95% interval" if point.estimate(metric) is not None
             else "screened, not simulated")
    lines = [f"Adopted from sweep '{result.sweep}' ({recommended}), starting from scenario '{base.name}': "
             f"{describe_settings(point.settings)}.",
             f"The sweep's question: {result.goal}",
             f"The sweep's figure: {METRIC_WORDS[metric]} {figure} ({basis}"
             f"{', ' + result.cohort_note if result.cohort_note else ''})."]
    if index == result.recommended:
        lines.append(result.reason)
    return apply_point(document, base, point.settings).model_copy(update={"description": "\n".join(lines)})


@dataclass
class Agreement:
    metric: str
    label: str
    sweep: str  # the sweep's figure, as shown
    adopted: str  # the adopted scenario's simulated figure, as shown
    agree: bool | None  # None: not comparable (the sweep ran on another cohort)

    def words(self) -> str:
        verdict = {True: "agree", False: "DIFFER", None: "not comparable: other cohort"}[self.agree]
        return f"{self.label}: sweep {self.sweep} · adopted {self.adopted} — {verdict}"


def check_adoption(document: Document, scenario: Scenario, result: SweepResult, index: int,
                   progress: Callable[[int, int], None] | None = None,
                   cancel: Callable[[], bool] | None = None) -> list[Agreement]:
    """Simulates the adopted scenario as ``nurture simulate`` would (its own seed, replications and cohort)
    and sets each figure beside the sweep's: they agree when the two 95% intervals overlap."""
    point = result.point(index)
    assert point is not None
    run = simulate(document, scenario, progress=progress, cancel=cancel)
    runs: list[dict[str, Any]] = [{"totals": t, "time_to_sql": {}} for t in run.replication_totals]
    figures = add_value(replicate_figures(runs, scenario.horizon_days), team_size(scenario), scenario.economics)
    adopted = estimates(figures)
    wanted = [result.objective, "accepted_per_month", "sla_breach_rate", "rep_utilisation", "acceptance_rate",
              "pipeline_value_per_month", "cost_per_accepted_sql"]
    rows = []
    for metric in dict.fromkeys(wanted):
        mine = adopted.get(metric)
        if mine is None or mine.mean is None or metric not in point.screened and point.estimate(metric) is None:
            continue
        theirs = point.estimate(metric)
        sweep_text = with_interval(metric, theirs, point.figure(metric), result.currency)
        if theirs is None:
            sweep_text += " (screened)"
        agree: bool | None
        if result.cohort_note and metric in COUNT_METRICS:
            agree = None
        elif theirs is None:
            agree = _near(mine, point.figure(metric))
        else:
            agree = overlaps(theirs, mine) or theirs.mean == mine.mean
        rows.append(Agreement(metric, SWEEP_METRICS[metric], sweep_text,
                              with_interval(metric, mine, mine.mean, result.currency)
                              + f" ({run.replications} replications)", agree))
    return rows


def _near(est: Estimate, value: float) -> bool:
    return est.contains(value)


def summary(rows: list[Agreement]) -> str:
    if any(r.agree is False for r in rows):
        return ("The adopted scenario's figures differ from the sweep's beyond their intervals: see the rows "
                "marked DIFFER.")
    if any(r.agree is None for r in rows):
        return "Rates agree; counts are not comparable because the sweep ran on a different cohort."
    return "The adopted scenario reproduces the sweep's figures: every interval overlaps."


__all__ = ["Agreement", "adopted_scenario", "check_adoption", "show_figure", "summary"]
