"""Fitting the lags by simulation: the engine's time to MQL and to SQL against the history's.

A lead becomes an MQL at the visit that lifts its score over the bar, one response lag after the email that made
it respond, so the response lags move the engine's time to MQL. They are fitted by bisection on the trial cohort
(common random numbers): a scale on the open and click lags' medians for the median, then an exponent on their
p90 / median ratio for the p90, then the median again; the same with the hand-raise lag moving part way and in step (a
hand-raise often makes the MQL), and the best of the three is kept.
The time to SQL is then fitted with the handoff lag (``handoff_fit.py``), which moves SQLs and nothing else. What
the graph's waits and the scoring fix (a lead whose fit alone clears the bar is an MQL at its first response)
cannot be moved; a time out of reach is flagged.
"""

from __future__ import annotations

import math

from sequences import Document, Scenario
from sequences.timing import Lag, ResponseLags

from .behaviour_fit import TRIAL_LEADS as FUNNEL_TRIAL_LEADS
from .behaviour_fit import simulated_funnel
from .handoff_fit import fit_handoff_lag, with_handoff_lag
from .stats import Estimate

STEPS = 6
SLACK_DAYS = 0.5  # the engine's times come in clumps (send windows, waits): a median jumps by fractions of a day
# The behaviour fit's cohort: the times the fit reaches are then those the check reports (with lags of days, a
# smaller cohort's shorter span cuts off other late MQLs at its horizon).
TRIAL_LEADS = FUNNEL_TRIAL_LEADS
SCALE = (1 / 8, 32.0)  # times the lag's median
# Exponent on the lags' p90 / median: 0 makes every response come at nearly the same lag, so the graph's waits
# alone spread the times (a history whose late MQLs are few asks for it), 1.25 fattens the tail a little beyond the
# measured (or default) spread; a wider tail hardly moves a time the graph's waits shape.
SPREAD = (0.0, 1.25)
MAX_RATIO = 12.0  # p90 / median at most
MAX_MEDIAN_HOURS = 720.0
# The engine's lag table reaches z = 4.3 (its last of 65,535 bins): that far response stays within ten years, so
# no intent decays over thousands of half-lives.
FAR_HOURS, Z_LAST, Z_P90 = 3650 * 24.0, 4.33, 1.2816
# The open and click lags time most MQLs, but a hand-raise adds the most intent, so it often makes the MQL too: the
# hand-raise lag's median moves by the scale raised to each of these powers (untouched, part way, in step), and the
# fit that misses the history's times by the fewest days is kept.
HAND_POWERS = (0.0, 0.5, 1.0)


def _lags(base: ResponseLags, scale: float, spread: float, hand_power: float = 0.0) -> ResponseLags:
    update = {}
    for kind, factor in (("open", scale), ("click", scale), ("hand_raise", scale ** hand_power)):
        if kind == "hand_raise" and hand_power == 0.0:
            continue
        lag = getattr(base, kind)
        median = min(lag.median * factor, MAX_MEDIAN_HOURS)
        widest = min(MAX_RATIO, (FAR_HOURS / median) ** (Z_P90 / Z_LAST))
        ratio = min(max((lag.p90 / lag.median) ** spread, 1.05), widest)
        update[kind] = Lag(median=round(median, 4), p90=round(median * ratio, 4))
    return base.model_copy(update=update)


def _with(scenario: Scenario, lags: ResponseLags) -> Scenario:
    return scenario.model_copy(update={"behaviour": scenario.behaviour.model_copy(
        update={"response_lag_hours": lags})})


def fit_timing(document: Document, scenario: Scenario, found: dict[str, Estimate], seed: int,
               spread: bool = True) -> tuple[Scenario, list[Estimate]]:
    """``scenario`` with response lags whose simulated median and p90 time to MQL (from arrival) match the
    history's, then a handoff lag for the time to SQL; the levers as estimates. Times without observations are
    left alone. ``spread=False``: the response lags' medians only (a touch-up after the rates were fitted again);
    the handoff lag is refitted whole all the same: its trials are cheap, and a median moved far under a wide
    spread drags the p90 with it (world 101 at 385 leads a week: the touch-up took the median from 55 to 129
    hours at a p90 / median of 6.6, and the time to SQL's p90 from 35.8 days to 48.6)."""
    lags = scenario.behaviour.response_lag_hours
    mql = found.get("funnel.days_to_mql.median")
    estimates: list[Estimate] = []
    if lags is not None and mql is not None and mql.n > 0:  # instant responses: nothing to scale
        # The handoff lag only delays SQLs: the response lags are chosen without it (an SQL the response lags
        # already make later than the history's is one no handoff lag can bring forward), then it is refitted.
        handoff = scenario.behaviour.handoff_lag_hours
        bare = with_handoff_lag(scenario, None)
        p90 = found.get("funnel.days_to_mql.p90") if spread else None
        fits = [_fit_response_lags(document, bare, lags, power, mql, p90, seed) for power in HAND_POWERS]
        power, params, _ = min(fits, key=lambda fit: _miss(fit[2], found))
        scenario = with_handoff_lag(_with(bare, _lags(lags, params[0], params[1], power)), handoff)
        source = f"bisection on the engine: a cohort of {TRIAL_LEADS} leads, common random numbers"
        estimates += [Estimate(f"fit.lag_{name}.{stage}", v, v, v, TRIAL_LEADS, "simulation", f"{source}: {text}")
                      for (name, stage, text), v in zip(
                          (("scale", "mql", "the open and click lags' median times this (the hand-raise lag's times "
                            f"this to the power {power:g}), for the time to MQL"),
                           ("spread", "mql", "their p90 / median raised to this power, for the time to MQL")),
                          params, strict=True)]
    scenario, handoff_estimates = fit_handoff_lag(document, scenario, found, seed)
    return scenario, estimates + handoff_estimates


def _fit_response_lags(document: Document, scenario: Scenario, lags: ResponseLags, power: float,
                       mql: Estimate, p90: Estimate | None, seed: int) -> tuple[float, list[float], dict]:
    """The scale (and with ``p90``, the spread) on the lags (the hand-raise lag's scale to ``power``) that time the
    MQLs as observed, and the trial's figures there."""
    params = [1.0, 1.0]  # the lags' scale and spread

    def run(trial: list[float]) -> dict:
        candidate = _with(scenario, _lags(lags, trial[0], trial[1], power))
        return simulated_funnel(document, candidate, seed, sales=False, leads=TRIAL_LEADS)

    def bisect(which: int, quantile: str, target: float) -> None:
        lo, hi = (SCALE, SPREAD)[which]
        geometric = which == 0
        for _step in range(STEPS):
            mid = math.sqrt(lo * hi) if geometric else (lo + hi) / 2
            trial = list(params)
            trial[which] = mid
            value = run(trial)["time_to_mql"].get(quantile)
            if value is None or value < target:
                lo = mid
            else:
                hi = mid
        params[which] = math.sqrt(lo * hi) if geometric else (lo + hi) / 2

    bisect(0, "p50", mql.value)
    if p90 is not None and p90.n:
        bisect(1, "p90", p90.value)
        bisect(0, "p50", mql.value)  # a narrower or wider lag moves the median a little
    return power, params, run(params)


def _miss(figures: dict, found: dict[str, Estimate]) -> float:
    """Days by which a trial misses the history: the time to MQL (its median counting double), and the time to
    SQL only where the trial's, without a handoff lag, is already later than the history's (no lag can fix that)."""
    out = 0.0
    for figure, observed, later_only in (("time_to_mql", "funnel.days_to_mql", False),
                                         ("time_to_sql", "funnel.days_created_to_sql", True)):
        for q, label, weight in (("p50", "median", 2.0), ("p90", "p90", 1.0)):
            seen, value = found.get(f"{observed}.{label}"), figures[figure].get(q)
            if seen is None or not seen.n or value is None:
                continue
            gap = value - seen.value
            out += weight * (max(gap, 0.0) if later_only else abs(gap))
    return out


def combined(first: list[Estimate], second: list[Estimate]) -> list[Estimate]:
    """The lag fit's levers over both passes: the second multiplies the first's response-lag scale, and its
    handoff lag (refitted whole) replaces the first's."""
    again = {e.name: e for e in second}
    out = []
    for e in first:
        if e.name.startswith("fit.lag_scale."):
            factor = again[e.name].value if e.name in again else 1.0
            e = Estimate(e.name, e.value * factor, e.low * factor, e.high * factor, e.n, e.method, e.source)
        else:
            e = again.get(e.name, e)
        out.append(e)
    return out
