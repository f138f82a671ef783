"""Fitting the response lags by simulation: the engine's time to MQL and to SQL against the history's.

A lead becomes an MQL (an SQL) at the visit that lifts its score over the bar, one response lag after the
email that made it respond, so the lags move the engine's times: the open and click lags its time to MQL,
the hand-raise lag its time to SQL. Each is fitted by bisection on the trial cohort (common random numbers):
a scale on the lag's median for the median, then an exponent on its p90 / median ratio for the p90. What the
graph's waits and the scoring fix (a lead whose fit alone clears the bar is an MQL at its first response)
cannot be moved; a time out of reach is flagged.
"""

from __future__ import annotations

import math

from sequences import Document, Scenario
from sequences.timing import Lag, ResponseLags

from .behaviour_fit import simulated_funnel
from .stats import Z95, Estimate

STEPS = 6
SLACK_DAYS = 0.5  # the engine's times come in clumps (send windows, waits): a median jumps by fractions of a day
TRIAL_LEADS = 6000  # quantiles need fewer leads than rates: the median's own noise is still under a third of a day
SCALE = (1 / 8, 32.0)  # times the lag's median
# Exponent on the lag's p90 / median: a wide lag only fattens the tail of a time the graph's waits shape, so the
# spread stays near the measured (or default) one and the median does the work.
SPREAD = (0.5, 1.25)
MAX_RATIO = 12.0  # p90 / median at most
MAX_MEDIAN_HOURS = 720.0
# The engine's lag table reaches z = 4.3 (its last of 65,535 bins): that far response stays within ten years, so
# no intent decays over thousands of half-lives.
FAR_HOURS, Z_LAST, Z_P90 = 3650 * 24.0, 4.33, 1.2816
# (lags moved, the trial's figure, the history's estimate, what it is)
STAGES = ((("open", "click"), "time_to_mql", "funnel.days_to_mql", "time to MQL"),
          (("hand_raise",), "time_to_sql", "funnel.days_created_to_sql", "time to SQL"))


def _lags(base: ResponseLags, kinds: tuple[str, ...], scale: float, spread: float) -> ResponseLags:
    update = {}
    for kind in kinds:
        lag = getattr(base, kind)
        median = min(lag.median * scale, MAX_MEDIAN_HOURS)
        widest = min(MAX_RATIO, (FAR_HOURS / median) ** (Z_P90 / Z_LAST))
        ratio = min(max((lag.p90 / lag.median) ** spread, 1.05), widest)
        update[kind] = Lag(median=round(median, 4), p90=round(median * ratio, 4))
    return base.model_copy(update=update)


def _with(scenario: Scenario, lags: ResponseLags) -> Scenario:
    return scenario.model_copy(update={"behaviour": scenario.behaviour.model_copy(
        update={"response_lag_hours": lags})})


def fit_timing(document: Document, scenario: Scenario, found: dict[str, Estimate], seed: int,
               spread: bool = True) -> tuple[Scenario, list[Estimate]]:
    """``scenario`` with response lags whose simulated median and p90 time to MQL and to SQL (from arrival)
    match the history's; the scales and spreads as estimates. Stages without observed times are left alone.
    ``spread=False``: the medians only (a touch-up after the rates were fitted again)."""
    lags = scenario.behaviour.response_lag_hours
    if lags is None:  # instant responses: nothing to scale
        return scenario, []
    params = {stage[1]: [1.0, 1.0] for stage in STAGES}
    wanted = {stage[1]: stage for stage in STAGES
              if f"{stage[2]}.median" in found and found[f"{stage[2]}.median"].n > 0}
    if not wanted:
        return scenario, []

    def lags_at(p: dict[str, list[float]]) -> ResponseLags:
        out = lags
        for kinds, figure, _, _ in STAGES:
            out = _lags(out, kinds, *p[figure])
        return out

    def measure(trial: dict[str, list[float]], figure: str, quantile: str) -> float | None:
        figures = simulated_funnel(document, _with(scenario, lags_at(trial)), seed, sales=False, leads=TRIAL_LEADS)
        return figures[figure].get(quantile)

    def bisect(figure: str, which: int, quantile: str, target: float, on: str | None = None,
               bounds: tuple[float, float] | None = None) -> None:
        """Move ``params[figure][which]`` until the trial's ``quantile`` of ``on`` (default: the figure
        itself) equals ``target``; every lever moves its time up."""
        lo, hi = bounds or (SCALE if which == 0 else SPREAD)
        for _step in range(STEPS):
            mid = math.sqrt(lo * hi) if which == 0 else (lo + hi) / 2
            trial = {k: list(v) for k, v in params.items()}
            trial[figure][which] = mid
            value = measure(trial, on or figure, quantile)
            if value is None or value < target:
                lo = mid
            else:
                hi = mid
        params[figure][which] = math.sqrt(lo * hi) if which == 0 else (lo + hi) / 2

    # The time to SQL runs through the time to MQL, and the hand-raise lag also times some MQLs: MQL first,
    # then each median once more, the other stage's lags in place.
    for figure, (_, _, observed, _) in wanted.items():
        bisect(figure, 0, "p50", found[f"{observed}.median"].value)
        if spread and f"{observed}.p90" in found:
            bisect(figure, 1, "p90", found[f"{observed}.p90"].value)
    if spread:  # the time to MQL last: it matters more, and the hand-raise lag moves it too
        for figure, (_, _, observed, _) in reversed(wanted.items()):
            bisect(figure, 0, "p50", found[f"{observed}.median"].value)
    mql = found.get("funnel.days_to_mql.median")
    if mql is not None and len(wanted) == len(STAGES):
        # In the engine a hand-raise often makes the MQL and the SQL in one visit, so a long hand-raise lag
        # (a slow MQL -> SQL in the history) delays MQLs too; when the open and click lags cannot make up
        # for it, the time to MQL wins: the hand-raise lag is shortened until it is right.
        value = measure(params, "time_to_mql", "p50")
        if value is not None and value > mql.high + SLACK_DAYS:
            bisect("time_to_sql", 0, "p50", mql.value, on="time_to_mql", bounds=(SCALE[0], params["time_to_sql"][0]))
    fitted = _with(scenario, lags_at(params))
    source = f"bisection on the engine: a cohort of {TRIAL_LEADS} leads, common random numbers"
    estimates = []
    for figure, (kinds, _, _, what) in wanted.items():
        scale, power = params[figure]
        label = figure.removeprefix("time_to_")
        estimates.append(Estimate(f"fit.lag_scale.{label}", scale, scale, scale, TRIAL_LEADS, "simulation",
                                  f"{source}: the {' and '.join(kinds)} lags' median times this, for the {what}"))
        estimates.append(Estimate(f"fit.lag_spread.{label}", power, power, power, TRIAL_LEADS, "simulation",
                                  f"{source}: the lags' p90 / median raised to this power, for the {what}"))
    return fitted, estimates


def combined(first: list[Estimate], second: list[Estimate]) -> list[Estimate]:
    """The lag fit's scales over both passes (the second multiplies the first's lags)."""
    again = {e.name: e.value for e in second}
    out = []
    for e in first:
        factor = again.get(e.name, 1.0) if e.name.startswith("fit.lag_scale.") else 1.0
        out.append(Estimate(e.name, e.value * factor, e.low * factor, e.high * factor, e.n, e.method, e.source))
    return out


def simulated_quantile_interval(quantiles: dict, which: str) -> tuple[float, float]:
    """95% interval of a simulated quantile (p50 or p90) from the cohort's own quantiles: the asymptotic
    variance q(1 - q) / (n f^2), with the density f read off the neighbouring quantiles."""
    n = int(quantiles.get("count") or 0)
    value = quantiles.get(which)
    if value is None or n == 0:
        return float("nan"), float("nan")
    if which == "p50":
        q, width, mass = 0.5, (quantiles.get("p75") or value) - (quantiles.get("p25") or value), 0.5
    else:
        q, width, mass = 0.9, value - (quantiles.get("p75") or value), 0.15
    if width <= 0:
        return float(value), float(value)
    half = Z95 * math.sqrt(q * (1 - q) / n) * width / mass
    return max(0.0, value - half), value + half
