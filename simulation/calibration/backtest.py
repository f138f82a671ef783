"""Backtest: simulate the historical period with a scenario and score the forecast against what happened."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from sequences import Document, Scenario
from sequences.history import ColumnMapping
from sequences.scenario import Arrival, Cohort

from .calibrate import read_history
from .cancelling import cancellable, stop_point
from .counts import HistoryCounts, monday
from .entries import weekly_by_entry
from .queue_touches import touch_queues
from .scoring import PredictedSeries, rate_comparison, score_series
from .sla_clock import clock_label, late_touches
from .stats import wilson

STATED = 0.95
# Accepted: the leads sales will work, what the tool recommends by (an undated decision in its handoff week).
METRICS = {"mql": ("mqls", "MQLs"), "sql": ("sql_handoffs", "SQL handoffs"),
           "accepted": ("accepted", "accepted by sales")}


class BacktestError(RuntimeError):
    """The scenario cannot be simulated over the history (the message says why)."""


@dataclass
class BacktestResult:
    scenario: str
    leads_file: str
    start: str
    weeks: int
    scored_from_week: int
    arrivals: str
    replications: int
    seed: int
    series: dict[str, dict[str, list]] = field(default_factory=dict)
    errors: dict[str, dict[str, float | int | None]] = field(default_factory=dict)
    rates: dict[str, dict[str, float | int | None]] = field(default_factory=dict)
    stated_coverage: float = STATED
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {k: getattr(self, k) for k in (
            "scenario", "leads_file", "start", "weeks", "scored_from_week", "arrivals", "replications", "seed",
            "stated_coverage", "series", "errors", "rates", "notes")}

    def lines(self) -> list[str]:
        scored = self.weeks - self.scored_from_week
        out = [f"backtest of {self.scenario!r} against {self.leads_file}: {self.weeks} weeks from {self.start}, "
               f"scored on the last {scored} weeks; arrivals: {self.arrivals}; {self.replications} replications, "
               f"seed {self.seed}", ""]
        for key, (_, label) in METRICS.items():
            s = self.series[key]
            out.append(f"weekly {label}: week of     actual   predicted  95% interval")
            for i in range(self.scored_from_week, self.weeks):
                inside = " " if s["low"][i] <= s["actual"][i] <= s["high"][i] else "*"
                out.append(f"  {s['week'][i]}   {s['actual'][i]:8d}   {s['predicted'][i]:9.1f}  "
                           f"[{s['low'][i]:.1f}, {s['high'][i]:.1f}] {inside}")
            err = self.errors[key]
            mape = "n/a" if err["mape"] is None else f"{100 * err['mape']:.1f}%"
            wape = "n/a" if (w := err.get("wape")) is None else f"{100 * w:.1f}%"
            out.append(f"  WAPE {wape}, MAPE {mape}; actual inside the 95% interval in {err['inside']} of "
                       f"{err['weeks']} weeks "
                       f"({100 * (err['coverage'] or 0):.0f}%, stated {100 * self.stated_coverage:.0f}%)")
            out.append("")
        for key, label in (("acceptance", "acceptance rate"), ("sla_breach", "SLA breach rate")):
            r = self.rates[key]
            if r["actual"] is None or r["predicted"] is None:
                out.append(f"{label}: not enough data (actual n={r['n']})")
                continue
            out.append(f"{label}: actual {_pct(r['actual'])} ({_pct(r['actual_low'], 1)}-"
                       f"{_pct(r['actual_high'])}, n={r['n']}), predicted {_pct(r['predicted'])} "
                       f"({_pct(r['low'], 1)}-{_pct(r['high'])})")
        out.append("(* marks a week whose actual fell outside the interval)")
        out.extend(f"note: {note}" for note in self.notes)
        return out


def actual_arrivals(counts: HistoryCounts, document: Document) -> list[Arrival]:
    """The observed weekly arrivals per entry, as one-week arrival rules (exact counts in the engine)."""
    weekly = weekly_by_entry(counts, document)
    return [Arrival(entry=entry, leads_per_week=n, weeks=1, start_day=7.0 * w, variability="exact")
            for (entry, w), n in sorted(weekly.items(), key=lambda kv: (kv[0][1], kv[0][0]))]


def extended_arrivals(scenario: Scenario, days: float) -> tuple[tuple[Arrival, ...], list[str]]:
    """The scenario's arrivals, each entry's last weekly rule carried on to ``days`` when it stops earlier
    (a scenario calibrated on the first part of a history has no arrivals in the part held out)."""
    rules = list(scenario.cohort.arrivals)
    notes = []
    last: dict[str, Arrival] = {}
    for rule in rules:
        if rule.leads_per_week is not None:
            end = rule.start_day + 7 * float(rule.weeks or 0)
            if rule.entry not in last or end > last[rule.entry].start_day + 7 * float(last[rule.entry].weeks or 0):
                last[rule.entry] = rule
    for entry, rule in sorted(last.items()):
        end = rule.start_day + 7 * float(rule.weeks or 0)
        if end < days:
            rules.append(Arrival(entry=entry, leads_per_week=rule.leads_per_week, weeks=(days - end) / 7,
                                 start_day=end))
            notes.append(f"arrivals at '{entry}' end on day {end:g}; carried on at {rule.leads_per_week:g} a week "
                         f"to day {days:g}")
    return tuple(rules), notes


def _runs(document: Document, scenario: Scenario, seed: int, replications: int) -> list[dict[str, np.ndarray]]:
    """One daily series per replication (the engine's own replication streams), because a forecast
    interval needs the spread of single outcomes, not the interval of their mean that ``simulate`` gives."""
    from simulation import SimulationError, run_replication
    from simulation.checks import describe, problems

    found = problems(document, scenario)
    if found:
        raise BacktestError("cannot simulate: " + "; ".join(describe(f) for f in found))
    runs = []
    for r in range(replications):
        stop_point()
        try:
            figures = run_replication(document, scenario, seed, r)
        except SimulationError as exc:
            raise BacktestError(f"the simulation failed: {exc}") from None
        runs.append({name: np.asarray(figures["daily"][name], dtype=float)
                     for name in ("mqls", "sql_handoffs", "accepted", "rejected", "sla_breaches")})
    return runs


def backtest(document: Document, scenario: Scenario, leads: str | Path, *, mapping: ColumnMapping | None = None,
             holdout_weeks: int = 0, arrivals: str = "actual", replications: int | None = None,
             seed: int | None = None, cancel: Callable[[], bool] | None = None) -> BacktestResult:
    """Simulate the weeks of the history and compare, scoring the last ``holdout_weeks`` (0: all weeks).
    ``cancel()`` returning True stops it with ``CalibrationCancelled``.

    ``arrivals="actual"`` feeds the observed weekly arrivals per entry, so the score is about the funnel
    and the sales team, not about guessing volume; ``"scenario"`` uses the scenario's own arrivals.
    """
    with cancellable(cancel):  # the reading and every replication ask it
        _, counts = read_history(document, leads, None, mapping)
    weeks = counts.weeks
    if weeks == 0:
        raise BacktestError("the history has no usable leads")
    if holdout_weeks >= weeks:
        raise BacktestError(f"--holdout-weeks {holdout_weeks} leaves nothing before it: the history has "
                            f"{weeks} weeks")
    update: dict = {"horizon_days": float(weeks * 7)}
    notes: list[str] = []
    if arrivals == "actual":
        rules = actual_arrivals(counts, document)
        if not rules:
            raise BacktestError("the document has no entry node to feed the observed arrivals into")
        update["cohort"] = Cohort(arrivals=tuple(rules))
    else:
        extended, notes = extended_arrivals(scenario, weeks * 7.0)
        update["cohort"] = Cohort(arrivals=extended)
    # A CRM's SQL date is a lead's first handoff: recycled leads handed off again are not new SQLs there.
    update["acceptance"] = scenario.acceptance.disqualifying()
    replay = scenario.model_copy(update=update)
    reps = max(replications or scenario.replications, 2)
    seed = scenario.seed if seed is None else seed
    with cancellable(cancel):
        runs = _runs(document, replay, seed, reps)
    start = weeks - holdout_weeks if holdout_weeks else 0
    labels = [monday((counts.first_week or 0) + w).date().isoformat() for w in range(weeks)]
    # A scenario calibrated from this history has seen the weeks scored here: a close fit says the model can
    # reproduce them, not that it forecasts. The rolling backtest scores only weeks after each calibration.
    notes.append("in-sample: a scenario calibrated from this history has seen these weeks; how far to trust its "
                 "forecasts: nurture backtest --rolling (calibrates before each cut, scores the weeks after)")
    result = BacktestResult(scenario.name, Path(leads).name, labels[0], weeks, start, arrivals, reps, seed,
                            notes=notes)
    for key, (series_name, _) in METRICS.items():
        predicted = PredictedSeries.from_daily([run[series_name] for run in runs], weeks,
                                               poisson_floor=arrivals == "scenario")
        actual = counts.series(key)
        result.series[key] = {"week": labels, "actual": actual, **predicted.to_json()}
        result.errors[key] = score_series(actual[start:], predicted, start)
    first_day, last_day = 7 * start, 7 * weeks
    acc = [(run["accepted"][first_day:last_day].sum(), run["rejected"][first_day:last_day].sum()) for run in runs]
    acc_actual = (sum(counts.series("accepted")[start:]), sum(counts.series("rejected")[start:]))
    result.rates["acceptance"] = rate_comparison(acc_actual[0], sum(acc_actual), [(a, a + r) for a, r in acc])
    # The history's first touches on the clock the scenario counts its SLA on: the same figure on both sides.
    queues, _ = touch_queues(counts, replay)  # each queue's touches on its own clock, where the export says
    touched, late = counts.breaches(late_touches(counts, replay, queues))
    result.notes.append("SLA breaches, actual and predicted, are counted in "
                        + ("each queue's own SLA and clock" if queues is not None else clock_label(replay)))
    breach = [(run["sla_breaches"][first_day:last_day].sum(), run["sql_handoffs"][first_day:last_day].sum())
              for run in runs]
    result.rates["sla_breach"] = rate_comparison(sum(late[start:]), sum(touched[start:]), breach)
    return result


__all__ = ["BacktestError", "BacktestResult", "actual_arrivals", "backtest", "wilson"]


def _pct(value: float | int | None, bare: int = 0) -> str:
    """A share as a percentage with one decimal ("-" where unknown); ``bare`` leaves out the % sign."""
    if value is None:
        return "-"
    return f"{100 * value:.1f}" + ("" if bare else "%")
