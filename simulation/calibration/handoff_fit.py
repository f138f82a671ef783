"""Fitting the handoff lag by simulation: the engine's time to SQL against the history's, the MQLs untouched.

In the engine a lead is sales-ready at the visit that lifts its score over the SQL bar, often the visit that made
it an MQL; in a CRM the SQL date follows the MQL by the days the lead takes to book a meeting and an SDR to
qualify it. The handoff lag (``behaviour.handoff_lag_hours``) is that gap: it delays the handoff and nothing
else, so it is fitted after the response lags, to the history's time from creation to SQL (median, then p90,
then the median again). It can only delay SQLs: an engine whose leads are sales-ready later than the
history's SQLs even without it is flagged by the timing check.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from sequences import Document, Scenario
from sequences.timing import Lag

from .behaviour_fit import TRIAL_LEADS as FUNNEL_TRIAL_LEADS
from .behaviour_fit import simulated_funnel
from .stats import Estimate, simulated_quantile_interval

STEPS = 7
# The behaviour fit's cohort (16,000 leads, some 25 ms a trial without the sales team): the times the fit reaches
# are those the check reports, and its SQLs are enough for a p90.
TRIAL_LEADS = FUNNEL_TRIAL_LEADS
MIN_HOURS = 0.25  # a quarter of an hour: as good as none
MAX_HOURS = 24 * 180.0
RATIO = (1.05, 12.0)  # the lag's p90 / median
ROUNDS = 2


def with_handoff_lag(scenario: Scenario, lag: Lag | None) -> Scenario:
    return scenario.model_copy(update={"behaviour": scenario.behaviour.model_copy(
        update={"handoff_lag_hours": lag})})


def _lag(median: float, ratio: float) -> Lag:
    return Lag(median=round(median, 4), p90=round(median * ratio, 4))


def bisect(measure: Callable[[float], float | None], target: float, bounds: tuple[float, float],
           steps: int = STEPS) -> tuple[float, list[tuple[float, float]]]:
    """The lever (searched on a log scale in ``bounds``) at which ``measure``, rising with it, meets ``target``,
    and the trials made on the way: (lever, measured)."""
    lo, hi = bounds
    trials = []
    for _step in range(steps):
        mid = math.sqrt(lo * hi)
        value = measure(mid)
        if value is not None:
            trials.append((mid, value))
        if value is None or value < target:
            lo = mid
        else:
            hi = mid
    return math.sqrt(lo * hi), trials


def lever_at(trials: list[tuple[float, float]], value: float, bounds: tuple[float, float]) -> float:
    """The lever whose measure is ``value``, read off the line (log lever against measure) through the two trials
    closest to it, within ``bounds``: how far the lever may move while its measure stays in the target's interval."""
    if len(trials) < 2:
        return bounds[0] if not trials or value < trials[0][1] else bounds[1]
    (x0, y0), (x1, y1) = sorted(sorted(trials, key=lambda p: abs(p[1] - value))[:2])
    if y1 <= y0:
        return bounds[0] if value < y0 else bounds[1]
    # Clamped in log space: where the measure hardly moves with the lever, the line runs far past the bounds
    # (and past what exp can hold).
    log_x = math.log(x0) + (value - y0) / (y1 - y0) * (math.log(x1) - math.log(x0))
    return math.exp(min(max(log_x, math.log(bounds[0])), math.log(bounds[1])))


def fit_handoff_lag(document: Document, scenario: Scenario, found: dict[str, Estimate], seed: int
                    ) -> tuple[Scenario, list[Estimate]]:
    """``scenario`` with the handoff lag whose simulated median (and, where observed, p90) time from arrival to
    SQL matches the history's creation -> SQL; the lag's median and p90 as estimates, their intervals the lags
    whose simulated time falls within the observed time's 95% interval. No SQL dates: the scenario as it is."""
    median_seen = found.get("funnel.days_created_to_sql.median")
    if median_seen is None or median_seen.n == 0:
        return scenario, []
    p90_seen = found.get("funnel.days_created_to_sql.p90")
    current = scenario.behaviour.handoff_lag_hours
    gap = found.get("funnel.days_to_sql.p90")  # MQL -> SQL: the widest the lag's spread need start from
    ratio = current.p90 / current.median if current is not None else (
        min(max(gap.value / max(found["funnel.days_to_sql.median"].value, 1e-3), RATIO[0]), RATIO[1])
        if gap is not None and gap.n and "funnel.days_to_sql.median" in found else 3.0)
    bounds = (MIN_HOURS, min(MAX_HOURS, max(48.0, 2 * 24 * median_seen.value)))

    def measure(median: float, r: float, quantile: str) -> float | None:
        figures = simulated_funnel(document, with_handoff_lag(scenario, _lag(median, r)), seed, sales=False,
                                   leads=TRIAL_LEADS)
        return figures["time_to_sql"].get(quantile)

    def median_at(r: float) -> Callable[[float], float | None]:
        return lambda m: measure(m, r, "p50")

    def p90_at(m: float) -> Callable[[float], float | None]:
        return lambda r: measure(m, r, "p90")

    median, trials = bisect(median_at(ratio), median_seen.value, bounds)
    spread_trials: list[tuple[float, float]] = []
    if p90_seen is not None and not p90_seen.n:
        p90_seen = None
    for _round in range(ROUNDS if p90_seen is not None else 0):
        # The lag's spread moves the time's median too, and its median the time's p90: in turns.
        assert p90_seen is not None
        ratio, spread_trials = bisect(p90_at(median), p90_seen.value, RATIO)
        median, trials = bisect(median_at(ratio), median_seen.value, bounds)
    lag = _lag(median, ratio)
    fitted = with_handoff_lag(scenario, lag)
    reached = simulated_funnel(document, fitted, seed, sales=False, leads=TRIAL_LEADS)["time_to_sql"]
    source = (f"bisection on the engine: a cohort of {TRIAL_LEADS} leads, common random numbers; the interval: the "
              "lags whose simulated time from arrival to SQL falls within the observed one's 95% interval, widened "
              "by the trial cohort's own noise")

    def within(seen: Estimate, quantile: str, trials: list[tuple[float, float]], bounds: tuple[float, float]
               ) -> tuple[float, float]:
        # The observed time's noise and the trial's (its quantile is one cohort's), in quadrature.
        low, high = simulated_quantile_interval(reached, quantile)
        sim = (high - low) / 2 if math.isfinite(high - low) else 0.0
        down = math.hypot(seen.value - seen.low, sim)
        up = math.hypot(seen.high - seen.value, sim)
        return lever_at(trials, seen.value - down, bounds), lever_at(trials, seen.value + up, bounds)

    low, high = within(median_seen, "p50", trials, bounds)
    out = [Estimate("fit.handoff_lag.median", lag.median, min(low, lag.median), max(high, lag.median),
                    median_seen.n, "simulation", f"{source} (median {median_seen.value:.1f} days from creation to "
                    "SQL)", "hours")]
    if p90_seen is not None:
        r_low, r_high = within(p90_seen, "p90", spread_trials, RATIO)
        out.append(Estimate("fit.handoff_lag.p90", lag.p90, min(lag.median * r_low, lag.p90),
                            max(lag.median * r_high, lag.p90), p90_seen.n, "simulation",
                            f"{source} (p90 {p90_seen.value:.1f} days from creation to SQL)", "hours"))
    return fitted, out


def handoff_lines(estimates: list[Estimate]) -> list[str]:
    """The fitted handoff lag beside the history's MQL -> SQL gap and the time to SQL, observed and simulated,
    each with its 95% interval: for the CLI and the wizard."""
    found = {e.name: e for e in estimates}
    lines = []
    for q in ("median", "p90"):
        lag = found.get(f"fit.handoff_lag.{q}")
        if lag is None:
            continue
        line = (f"{q:<6} {lag.value / 24:5.1f} days ({lag.low / 24:.1f}-{lag.high / 24:.1f}) written into "
                f"behaviour.handoff_lag_hours ({lag.value:.0f} hours)")
        gap, seen, sim = (found.get(f"funnel.days_to_sql.{q}"), found.get(f"funnel.days_created_to_sql.{q}"),
                          found.get(f"simulated.days_to_sql.{q}"))
        if gap is not None:
            line += f"; observed MQL -> SQL {gap.value:.1f} days ({gap.low:.1f}-{gap.high:.1f})"
        if seen is not None and sim is not None:
            line += (f"; creation -> SQL observed {seen.value:.1f} ({seen.low:.1f}-{seen.high:.1f}), simulated "
                     f"{sim.value:.1f} ({sim.low:.1f}-{sim.high:.1f})")
        lines.append(line)
    return lines
