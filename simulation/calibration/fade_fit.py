"""Fitting how fast interest fades: the tail of the time to MQL that the graph's waits alone cannot give.

A nurture graph sends its emails days apart. With the same engagement at every email, a lead that answers only
a later email becomes an MQL weeks after it arrived, so the engine's time to MQL has a long tail: its p90 comes
out two to four times its median. In a history most MQLs come soon after the lead arrived (new leads answer
the most), and no response lag can pull the late ones in: a lag only delays. The engagement half-life makes a
later email less likely to be opened, which moves MQLs to the first emails; the rates are fitted again at every
half-life tried, so the funnel holds while the tail shortens.

Fading is fitted only where the timing check would flag the tail without it (its interval more than a day above
the observed one), and aims at the top of the observed interval: the least fading that times the history. The
half-life is bisected in log space: each trial refits the rates, then the lags (median and spread), and measures
the p90. A half-life at which some rate is out of reach is too fast. The trial closest to the aim is kept.
"""

from __future__ import annotations

import math

from sequences import Document, Scenario

from .behaviour_fit import Target, compare, simulated_funnel
from .funnel_fit import fit_rates_and_lags
from .stats import Estimate, simulated_quantile_interval

HALF_LIFE_DAYS = (1.0, 64.0)  # fastest and slowest fading tried
STEPS = 5  # a factor of 64 ** (1 / 32), 14%, between the last two half-lives tried
UNFADED = "simulated.days_to_mql.p90_without_fading"
TOLERANCE_DAYS = 1.0  # as the timing check: a p90 whose interval comes within a day of the observed one is met


def with_fade(scenario: Scenario, half_life: float | None) -> Scenario:
    return scenario.model_copy(update={"behaviour": scenario.behaviour.model_copy(
        update={"engagement_half_life_days": half_life})})


def _tail(figures: dict) -> tuple[float | None, float]:
    """A trial's p90 time to MQL and the low end of its 95% interval."""
    quantiles = figures["time_to_mql"]
    value = quantiles.get("p90")
    return value, (simulated_quantile_interval(quantiles, "p90")[0] if value is not None else 0.0)


def fit_fade(document: Document, scenario: Scenario, targets: list[Target], found: dict[str, Estimate], seed: int,
             fitted: list[Estimate], flags: list[str], timed: list[Estimate]
             ) -> tuple[Scenario, list[Estimate], list[str], list[Estimate], list[Estimate]]:
    """``scenario`` (rates and lags already fitted: ``fitted``, ``flags``, ``timed``) with the engagement
    half-life whose time to MQL has the history's p90, the rates and lags refitted there; the same five, the
    last the half-life as an estimate. Unchanged where the tail is not too long, or no half-life keeps the rates."""
    seen = found.get("funnel.days_to_mql.p90")
    none: list[Estimate] = []
    unchanged = scenario, fitted, flags, timed, none
    if seen is None or not seen.n or scenario.behaviour.response_lag_hours is None:
        return unchanged
    unfaded = simulated_funnel(document, scenario, seed, sales=False)
    now, low = _tail(unfaded)
    if now is None or low <= seen.high + TOLERANCE_DAYS:
        return unchanged  # the check would not flag this tail: no fading is asked for
    # The least fading that times the history: the top of the observed interval, not its middle.
    target = seen.high
    base = with_fade(scenario, None)
    best: tuple[float, float, tuple] | None = None  # (days off the observed p90, half-life, the fit)
    lo, hi = math.log(HALF_LIFE_DAYS[0]), math.log(HALF_LIFE_DAYS[1])
    for _step in range(STEPS):
        mid = (lo + hi) / 2
        half_life = round(math.exp(mid), 2)
        trial, trial_fitted, trial_flags, trial_timed = fit_rates_and_lags(document, with_fade(base, half_life),
                                                                           targets, found, seed)
        figures = simulated_funnel(document, trial, seed, sales=False)
        if compare(figures, targets)[1] or any(f.startswith("CANNOT REACH") for f in trial_flags):
            lo = mid  # the rates cannot make up for fading this fast
            continue
        value, _ = _tail(figures)
        if value is None:
            lo = mid
            continue
        if best is None or abs(value - target) < best[0]:
            best = (abs(value - target), half_life, (trial, trial_fitted, trial_flags, trial_timed))
        if value > target:
            hi = mid  # still too long a tail: fade faster
        else:
            lo = mid
    if best is None or best[0] >= abs(now - target):
        return unchanged
    _, half_life, (trial, trial_fitted, trial_flags, trial_timed) = best
    estimate = Estimate("fit.engagement_half_life_days", half_life, half_life, half_life, seen.n, "simulation",
                        f"bisection on the engine (log scale, {STEPS} steps, the rates and lags refitted at each) "
                        "toward the top of the observed time to MQL's p90 interval", "days")
    high = simulated_quantile_interval(unfaded["time_to_mql"], "p90")[1]
    before = Estimate(UNFADED, now, low, high, int(unfaded["time_to_mql"].get("count", 0)),
                      "asymptotic 95% over the simulated cohort", "engine, the rates and lags fitted, no fading",
                      "days")
    return trial, trial_fitted, trial_flags, trial_timed, [estimate, before]


def fade_lines(estimates: list[Estimate]) -> list[str]:
    """The fitted half-life beside the time to MQL's p90 it was fitted to: for the CLI and the wizard."""
    found = {e.name: e for e in estimates}
    fade = found.get("fit.engagement_half_life_days")
    if fade is None:
        return []
    line = f"{fade.value:.1f} days written into behaviour.engagement_half_life_days (a fitted lever, no interval)"
    seen, sim, before = (found.get("funnel.days_to_mql.p90"), found.get("simulated.days_to_mql.p90"),
                         found.get(UNFADED))
    if seen is not None and sim is not None and before is not None:
        line += (f": the time to MQL's p90 is {sim.value:.1f} days ({sim.low:.1f}-{sim.high:.1f}) with it, "
                 f"{before.value:.1f} ({before.low:.1f}-{before.high:.1f}) without, against the observed "
                 f"{seen.value:.1f} ({seen.low:.1f}-{seen.high:.1f})")
    return [line]
