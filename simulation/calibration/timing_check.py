"""Observed against simulated time to MQL and to SQL: timing is not fitted on this branch, only reported."""

from __future__ import annotations

from .stats import Estimate


def timing_estimates(figures: dict, observed: dict[str, Estimate]) -> list[Estimate]:
    """The simulated cohort's days from arrival to MQL and to SQL (median, p90) beside the history's."""
    out = []
    for sim, obs in (("time_to_mql", "funnel.days_to_mql"), ("time_to_sql", "funnel.days_created_to_sql")):
        quantiles = figures.get(sim, {})
        for q, label in (("p50", "median"), ("p90", "p90")):
            seen = observed.get(f"{obs}.{label}")
            value = quantiles.get(q)
            if value is None or seen is None:
                continue
            est = Estimate(f"simulated.{sim.replace('time_to', 'days_to')}.{label}", float(value), float(value),
                           float(value), int(quantiles.get("count", 0)), "simulated cohort (whole days)",
                           f"engine; observed {seen.value:.1f} ({seen.low:.1f}-{seen.high:.1f}) days", "days")
            if not seen.low - 1 <= value <= seen.high + 1:
                est.flags.append("timing differs from the history: the engine's timing comes from the graph's waits "
                                 "(response lags arrive with the timing issue)")
            out.append(est)
    return out
