"""Rolling-origin backtest: calibrate on the weeks before a cut, forecast the next 4, 8 and 12, repeat.

Each cut sees only the history as it was known on the cut's Monday (``censor``). The forecast simulates
from the first week with the leads created up to the cut (exact counts) and the arrival level after it
(``forecast_window``), so leads still in flight at the cut are carried on by the engine itself.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from sequences import Document
from sequences.history import ColumnMapping
from sequences.scenario import Cohort

from .arrival_shape import whole_weeks
from .backtest import BacktestError
from .calibrate import calibrate, read_history, with_sources
from .cancelling import cancellable, stop_point
from .counts import HistoryCounts, monday
from .forecast_window import fit_noise, forecast_arrivals, forecast_band, level_uncertainty, week_dispersion
from .stats import Estimate
from .trust import verdict, verdict_lines

HORIZONS = (4, 8, 12)
METRICS = {"mql": "mqls", "sql": "sql_handoffs", "accepted": "accepted"}


@dataclass
class RollingResult:
    leads_file: str
    cuts: list[dict] = field(default_factory=list)  # per cut: its week, series, the calibration's flags
    errors: dict[str, dict[str, dict[str, float | int | None]]] = field(default_factory=dict)  # horizon -> metric
    acceptance: list[dict] = field(default_factory=list)
    verdict: dict = field(default_factory=dict)  # trust.verdict: how far to trust the calibration
    replications: int = 0
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"kind": "rolling-origin backtest", "leads_file": self.leads_file, "replications": self.replications,
                "horizons_weeks": list(HORIZONS), "errors": self.errors, "acceptance": self.acceptance,
                "cuts": self.cuts, "notes": self.notes, "verdict": self.verdict,
                "band": "95% prediction interval for one week: the replications' spread (Poisson arrivals "
                        "after the cut, every lead's path) and the uncertainty of the estimated level"}

    def lines(self) -> list[str]:
        out = [f"rolling-origin backtest on {self.leads_file}: {len(self.cuts)} cuts "
               f"({', '.join(c['cut'] for c in self.cuts)}), {self.replications} replications each", ""]
        verdict = verdict_lines(self.verdict, self.leads_file)
        if verdict:
            out += [*verdict, ""]
        out.append("horizon  metric     MAPE    WAPE   floor   inside the 95% band   (weekly, pooled over the cuts)")
        for horizon, metrics in self.errors.items():
            for metric, e in metrics.items():
                mape = "n/a" if e["mape"] is None else f"{100 * e['mape']:5.1f}%"
                wape = "n/a" if e["wape"] is None else f"{100 * e['wape']:5.1f}%"
                floor = "n/a" if e["noise_floor"] is None else f"{100 * e['noise_floor']:5.1f}%"
                out.append(f"{horizon:>5}wk  {metric:<9} {mape}  {wape}  {floor}   {e['inside']} of {e['weeks']} weeks "
                           f"({100 * (e['coverage'] or 0):.0f}%)")
        out.append("")
        for a in self.acceptance:
            out.append(f"acceptance after cut {a['cut']}: actual {_pct(a['actual'])} (n={a['n']}), "
                       f"predicted {_pct(a['predicted'])}")
        out.append("floor: the WAPE a forecaster who knew the true weekly mean mu would score, sqrt(2 / (pi mu)) for "
                   "Poisson-like counts; no forecast beats it on average, so a WAPE near it is as close as it gets")
        out.extend(f"note: {n}" for n in self.notes)
        return out


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f}%"


def choose_cuts(counts: HistoryCounts, cuts: int, horizon: int, min_train: int) -> list[int]:
    """Cut weeks (from the first week) 4 weeks apart, the last leaving ``horizon`` weeks of arrivals after it."""
    whole = [w - (counts.first_week or 0) for w in whole_weeks(counts)]
    if not whole:
        return []
    last = whole[-1] + 1 - horizon
    return sorted(c for c in (last - 4 * k for k in range(cuts)) if c >= min_train)


def rolling_backtest(document: Document, leads: str | Path, *, mapping: ColumnMapping | None = None,
                     cuts: int = 4, replications: int = 20, seed: int = 1, base: str | None = None,
                     min_train_weeks: int = 12, fit_funnel: bool = True, fit_timing: bool = False,
                     progress: Callable[..., None] | None = None,
                     cancel: Callable[[], bool] | None = None) -> RollingResult:
    """Calibrate at each cut, forecast the weeks after it and score them. ``progress(message, done, total)``
    hears of each cut as it starts (``total`` is None while the history is read: the cuts are chosen from it);
    ``cancel()`` returning True stops the run with ``CalibrationCancelled`` within one trial simulation (well
    under a second)."""
    with cancellable(cancel):
        return _rolling(document, leads, mapping=mapping, cuts=cuts, replications=replications, seed=seed,
                        base=base, min_train_weeks=min_train_weeks, fit_funnel=fit_funnel, fit_timing=fit_timing,
                        progress=progress or (lambda *_: None))


def _rolling(document: Document, leads: str | Path, *, mapping: ColumnMapping | None, cuts: int, replications: int,
             seed: int, base: str | None, min_train_weeks: int, fit_funnel: bool, fit_timing: bool,
             progress: Callable[..., None]) -> RollingResult:
    from simulation import SimulationError, run_replication
    from simulation.checks import describe, problems

    progress("reading the history", 0, None)  # how many steps follow is known only once it is read
    _, full = read_history(document, leads, None, mapping)
    horizon = max(HORIZONS)
    chosen = choose_cuts(full, cuts, horizon, min_train_weeks)
    if not chosen:
        raise BacktestError(f"the history is too short for a rolling-origin backtest: it needs {min_train_weeks} "
                            f"weeks to calibrate on and {horizon} more weeks of arrivals after the cut")
    result = RollingResult(Path(leads).name, replications=replications)
    result.notes.append("each cut is calibrated on the history as known on its Monday (behaviour fitted by "
                        "simulation); after the cut the arrivals are drawn at the level of the recent weeks (all "
                        "the weeks before the cut whose level is the same), so volume is forecast too")
    result.notes.append("rejected handoffs are not recycled in the forecast: a CRM's SQL date is a lead's first")
    result.notes.append("the response lags are not fitted at the cuts (weekly counts simulated from the first week "
                        "hardly move with them); nurture calibrate fits them")
    pooled: dict[int, dict[str, list]] = {h: {m: [] for m in METRICS} for h in HORIZONS}
    first = full.first_week or 0
    for done, cut in enumerate(chosen):
        until = monday(first + cut)
        progress(f"cut {done + 1} of {len(chosen)} ({until.date()}): calibrating and forecasting", done,
                 len(chosen) + 1)  # the last step reads the whole history
        # By default the response lags (and fading) are not fitted at a cut: the weekly counts of a forecast
        # simulated from the first week hardly move with them, and the fit costs up to a minute a cut
        # (benchmarks/bench_calibration.py --timing-at-cuts measures both).
        cal = calibrate(document, leads, name=f"cut {until.date()}", mapping=mapping, base=base, until=until,
                        fit_funnel=fit_funnel, fit_timing=fit_timing)
        doc = with_sources(document, cal.new_sources)
        weeks = cut + horizon
        acceptance = cal.scenario.acceptance.disqualifying()
        weekdays = (cal.pending.get("cohort.arrivals[]") or {}).get("pattern", {}).get("weekdays")
        rules, level_weeks, level_leads = forecast_arrivals(cal.counts, doc, cut, weeks, weekdays)
        found_est = {e.name: e for e in cal.estimates}
        dispersion = found_est["arrivals.dispersion"].value if "arrivals.dispersion" in found_est else 1.0
        rel_var = level_uncertainty(cal.estimates, level_leads, dispersion)
        own = fit_noise(cal.estimates)
        replay = cal.scenario.model_copy(update={
            "cohort": Cohort(arrivals=tuple(rules)),
            "horizon_days": 7.0 * weeks, "acceptance": acceptance})
        found = problems(doc, replay)
        if found:
            raise BacktestError("cannot simulate the calibrated scenario: " + "; ".join(describe(f) for f in found))
        try:
            runs = []
            for r in range(replications):
                stop_point()
                runs.append(run_replication(doc, replay, seed, r)["daily"])
        except SimulationError as exc:
            raise BacktestError(f"the simulation failed: {exc}") from None
        series: dict[str, dict] = {}
        entry = {"cut": until.date().isoformat(), "cut_week": cut, "level_weeks": level_weeks,
                 "flags": [f for f in cal.flags if f.startswith(("CANNOT", "WARNING"))], "series": series}
        for metric, daily in METRICS.items():
            weekly = np.array([np.pad(np.asarray(run[daily], float)[:7 * weeks], (0, max(0, 7 * weeks -
                              len(run[daily]))))[:7 * weeks].reshape(weeks, 7).sum(axis=1) for run in runs])
            phi = week_dispersion(weekly[:, cut:])
            mean, low, high = forecast_band(weekly[:, cut:], rel_var[metric], phi)
            actual = full.series(metric)[cut:weeks]
            actual += [0] * (horizon - len(actual))
            series[metric] = {
                "week": [monday(first + w).date().isoformat() for w in range(cut, weeks)], "actual": actual,
                "predicted": [round(float(v), 2) for v in mean], "low": [round(float(v), 2) for v in low],
                "high": [round(float(v), 2) for v in high],
                # What a right forecast's totals miss by (trust.py): the weeks' own randomness, and the
                # relative variance of the level the history's estimates pin down.
                "dispersion": round(phi, 4), "level_rel_var": round(rel_var[metric], 6),
                # Of it, the fit's own simulation noise: apart from one cut to the next (trust.miss_covariance).
                "fit_rel_var": round(own[metric], 6)}
            for h in HORIZONS:
                pooled[h][metric] += list(zip(actual[:h], mean[:h], low[:h], high[:h], strict=True))
        result.acceptance.append(_acceptance(full, runs, cut, weeks, until.date().isoformat(),
                                             found_est.get("sales.accept")))
        result.cuts.append(entry)
    for h in HORIZONS:
        result.errors[str(h)] = {m: score_weeks(rows) for m, rows in pooled[h].items()}
    progress("reading the whole history's estimates", len(chosen), len(chosen) + 1)
    level = scenario_level(document, leads, mapping, base, cal.estimates, horizon)
    result.verdict = verdict(result.errors, result.acceptance, result.cuts, level)
    return result


def scenario_level(document: Document, leads: str | Path, mapping: ColumnMapping | None, base: str | None,
                   fitted: list[Estimate], horizon: int) -> dict[str, float]:
    """The relative variance of each measure's level in a scenario calibrated on the WHOLE history (what
    ``nurture calibrate`` writes): the cuts test the method on less history than the scenario rests on, so
    how closely the scenario is pinned is read from the whole history's estimates. Only the estimates are
    read (no behaviour fit); the fit's own simulation noise is the last cut's (``fitted``): the same trial
    cohort."""
    whole = calibrate(document, leads, name="whole history", mapping=mapping, base=base, fit_funnel=False)
    found = {e.name: e for e in whole.estimates}
    dispersion = found["arrivals.dispersion"].value if "arrivals.dispersion" in found else 1.0
    whole_span = whole_weeks(whole.counts)
    # The level a forecast made after the last whole week would take: every week of the history is before it.
    after = (whole_span[-1] - (whole.counts.first_week or 0) + 1) if whole_span else 0
    _, _, level_leads = forecast_arrivals(whole.counts, with_sources(document, whole.new_sources), after,
                                          after + horizon, None)
    simulated = [e for e in fitted if e.name.startswith("simulated.")]
    return level_uncertainty([e for e in whole.estimates if not e.name.startswith("simulated.")] + simulated,
                             level_leads, dispersion)


def score_weeks(rows: list[tuple]) -> dict[str, float | int | None]:
    """Pooled weekly scores of (actual, forecast, band low, band high) rows: weeks, inside the band, MAPE, WAPE,
    bias and the Poisson noise floor of the mean actual."""
    actual = np.array([r[0] for r in rows], float)
    mean = np.array([r[1] for r in rows], float)
    inside = sum(int(lo <= a <= hi) for a, _, lo, hi in rows)
    nonzero = actual > 0
    return {"weeks": len(rows), "inside": inside, "coverage": inside / len(rows) if rows else None,
            "mape": float(np.mean(np.abs(mean[nonzero] - actual[nonzero]) / actual[nonzero])) if nonzero.any()
            else None,
            "wape": float(np.abs(mean - actual).sum() / actual.sum()) if actual.sum() > 0 else None,
            "bias": float(np.mean(mean - actual)) if rows else None,
            "noise_floor": math.sqrt(2 / (math.pi * actual.mean())) if rows and actual.sum() > 0 else None}


def _acceptance(full: HistoryCounts, runs: list[dict], cut: int, weeks: int, label: str,
                known: Estimate | None = None) -> dict:
    """Acceptance after the cut, actual and predicted; ``known``: the acceptance the cut's calibration read from
    the decisions before it (its sample size bounds how sure the prediction can be)."""
    acc, rej = sum(full.series("accepted")[cut:weeks]), sum(full.series("rejected")[cut:weeks])
    sims = [(float(np.sum(r["accepted"][7 * cut:7 * weeks])), float(np.sum(r["rejected"][7 * cut:7 * weeks])))
            for r in runs]
    rates = [a / (a + r) for a, r in sims if a + r > 0]
    return {"cut": label, "actual": acc / (acc + rej) if acc + rej else None, "n": acc + rej,
            "predicted": float(np.mean(rates)) if rates else None,
            "n_before": known.n if known is not None else None}
