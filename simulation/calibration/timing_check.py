"""Observed against simulated time to MQL and to SQL (median, p90), each with its 95% interval."""

from __future__ import annotations

from .stats import Estimate, simulated_quantile_interval


def timing_estimates(figures: dict, observed: dict[str, Estimate], fitted: bool = True
                     ) -> tuple[list[Estimate], list[str]]:
    """The simulated cohort's days from arrival to MQL and to SQL (median, p90) beside the history's, and a
    flag for every one whose interval does not meet the observed interval (with a day's slack: whole days)."""
    out, flags = [], []
    for sim, obs in (("time_to_mql", "funnel.days_to_mql"), ("time_to_sql", "funnel.days_created_to_sql")):
        quantiles = figures.get(sim, {})
        for q, label in (("p50", "median"), ("p90", "p90")):
            seen = observed.get(f"{obs}.{label}")
            value = quantiles.get(q)
            if value is None or seen is None:
                continue
            low, high = simulated_quantile_interval(quantiles, q)
            est = Estimate(f"simulated.{sim.replace('time_to', 'days_to')}.{label}", float(value), low, high,
                           int(quantiles.get("count", 0)), "asymptotic 95% over the simulated cohort",
                           f"engine; observed {seen.value:.1f} ({seen.low:.1f}-{seen.high:.1f}) days", "days")
            if high < seen.low - 1 or low > seen.high + 1:
                what = f"{'time to MQL' if sim == 'time_to_mql' else 'time to SQL'} ({label})"
                if fitted and sim == "time_to_mql" and value > seen.value:
                    why = ("out of reach of the response lags and of fading interest: the graph's waits set when the "
                           "later emails go out, a lead whose fit clears the bar is an MQL at its first response, and "
                           "interest fading any faster (behaviour.engagement_half_life_days) would leave some role "
                           "short of its lead -> MQL rate, which the fit keeps")
                elif fitted and sim == "time_to_mql":
                    why = ("out of reach of the response lags: the graph's last emails end the tail of late MQLs, "
                           "and a wider spread of the lags hardly moves it")
                elif fitted and value > seen.value:
                    why = ("out of reach of the handoff lag, which can only delay SQLs: the engine's leads are "
                           "sales-ready later than the history's SQLs even when handed over at once (the graph's "
                           "waits set when the later emails go out)")
                elif fitted:
                    why = ("out of reach of the handoff lag (behaviour.handoff_lag_hours, fitted up to "
                           "half a year at the median)")
                else:
                    why = "the response lags were not fitted (calibrate without --no-fit-funnel)"
                est.flags.append("timing differs from the history")
                flags.append(f"timing: {what} is {value:.1f} days in the engine ({low:.1f}-{high:.1f}) against "
                             f"{seen.value:.1f} ({seen.low:.1f}-{seen.high:.1f}) in the history: {why}")
            out.append(est)
    return out, flags
