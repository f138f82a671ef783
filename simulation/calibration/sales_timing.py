"""Speed to lead from history: acceptance by time to first touch, as issue 12's ``acceptance.by_response_time``."""

from __future__ import annotations

import math

from .counts import HistoryCounts
from .stats import Z95, Estimate, quantile, quantile_interval

ROWS = (1.0, 4.0, 24.0, 168.0)  # within hours; the last row also takes every later first touch


def response_curve(counts: HistoryCounts, min_n: int) -> tuple[list[Estimate], list[dict], list[str]]:
    """Acceptance in each response-time band relative to the fastest band (Katz log interval of the ratio)."""
    bands = [[0, 0] for _ in ROWS]
    for (hours, accepted), n in counts.by_response.items():
        i = next((k for k, limit in enumerate(ROWS) if hours <= limit), len(ROWS) - 1)
        bands[i][0] += n * accepted
        bands[i][1] += n
    # The fastest band with enough decisions is the reference (factor 1): a team that never calls back
    # within the hour cannot say how much faster calls would gain.
    ref = next((k for k, (a, n) in enumerate(bands) if n >= max(min_n, 100) and a > 0), None)
    if ref is None or sum(b[1] for b in bands) < 2 * min_n:
        return [], [], ["speed to lead: too few decided handoffs with a first-touch time to estimate acceptance "
                        "by response time"]
    a0, n0 = bands[ref]
    p0 = a0 / n0
    estimates: list[Estimate] = []
    rows: list[dict] = [{"within_hours": ROWS[ref], "factor": 1.0}]
    for k, (limit, (a, n)) in enumerate(zip(ROWS, bands, strict=True)):
        if k <= ref or n == 0:
            continue
        ratio = (a / n) / p0
        if a > 0:
            se = math.sqrt(max(1 / a - 1 / n + 1 / a0 - 1 / n0, 0.0))
            low, high = ratio * math.exp(-Z95 * se), ratio * math.exp(Z95 * se)
        else:
            low, high = 0.0, float("nan")
        est = Estimate(f"acceptance.by_response_time.within_{limit:g}h", ratio, low, high, n,
                       f"ratio of acceptance to the band within {ROWS[ref]:g}h, Katz log 95%",
                       "decided handoffs by hours from SQL date to first outreach", "x")
        if n < min_n:
            est.flags.append(f"thin: n={n} < {min_n}")
        estimates.append(est)
        rows.append({"within_hours": limit, "factor": round(ratio, 4)})
    flags = []
    if len(rows) >= 2 and all(e.high < 1 for e in estimates[-1:]):
        flags.append(f"speed to lead: handoffs first touched after {ROWS[-2]:g} hours are accepted "
                     f"{100 * (1 - estimates[-1].value):.0f}% less often than those touched within {ROWS[ref]:g}h")
    return estimates, rows, flags


def lag_estimates(counts: HistoryCounts, min_n: int) -> tuple[list[Estimate], dict]:
    """Response lags (median, p90 hours from delivery), as issue 13's ``behaviour.response_lag_hours``."""
    estimates: list[Estimate] = []
    values: dict[str, dict[str, float]] = {}
    for kind, lags in counts.lags.items():
        ordered = sorted(lags)
        if len(ordered) < min_n:
            continue
        values[kind] = {}
        for q, label in ((0.5, "median"), (0.9, "p90")):
            low, high = quantile_interval(ordered, q)
            value = quantile(ordered, q)
            estimates.append(Estimate(f"behaviour.response_lag_hours.{kind}.{label}", value, low, high,
                                      len(ordered), "order-statistic 95%",
                                      "events: hours from the lead's last delivered email", "hours"))
            values[kind][label] = round(value, 3)
    return estimates, values
