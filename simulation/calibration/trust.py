"""How far to trust a calibrated scenario: the rolling-origin backtest read as one verdict per weekly measure.

A weekly count is noisy. Even a forecaster who knew each week's true mean mu scores a WAPE of about
sqrt(2 / (pi mu)) on Poisson-like counts (the noise floor), so a WAPE alone does not say how good a forecast is.
What an analyst can defend is the forecast's own error beyond that noise. For a count X with mean mu and variance
mu forecast at f, E (f - X)^2 = (f - mu)^2 + mu: the mean squared error less the mean count estimates the forecast's
own squared error, whose root, as a share of the mean count, is the own error read here. The steady part of it
(the mean signed error, the bias) is an error at least that large on its own, so the point is never read below
it. Its 95% interval comes from the squared errors' own scatter over the distinct weeks they rest on (cuts share
weeks). On a few weeks of small counts that interval is wide: a perfect forecast of 13 SQLs a week, scored on 20
weeks, reads anywhere from 0% to about 20%. So the grades ask for evidence both ways: "close" needs the point
within the close bound, "not close" needs the interval's low end past the usable bound (or a band that fails
to hold); anything between is "usable with care".
"""

from __future__ import annotations

import math

# The forecast's own error (share of a week's level) and the 95% band's coverage for each verdict. "close": a
# WAPE of 10% on 100 MQLs a week (a noise floor of 8%) is an own error of about 6.5%; 10% leaves room for the
# reading's own noise.
CLOSE = (0.10, 0.85)
USABLE = (0.20, 0.75)
LABELS = {"mql": "MQLs", "sql": "SQL handoffs", "accepted": "accepted by sales"}


def own_error(mse: float, mean_actual: float, bias: float = 0.0) -> float:
    """The forecast's own error as a share of the mean weekly count: the root of the mean squared error less
    the Poisson noise (the mean count), and never below the mean error ``bias`` (counts)."""
    if mean_actual <= 0:
        return 0.0
    return max(math.sqrt(max(mse - mean_actual, 0.0)), abs(bias)) / mean_actual


def own_error_interval(mse: float, mse_se: float, mean_actual: float) -> tuple[float, float]:
    """The 95% interval of ``own_error``: the mean squared error moved by 1.96 of its standard errors."""
    if mean_actual <= 0:
        return 0.0, 0.0
    low, high = (math.sqrt(max(mse + z * mse_se - mean_actual, 0.0)) / mean_actual for z in (-1.96, 1.96))
    return low, high


def _grade(error: float, low: float, coverage: float) -> str:
    if error <= CLOSE[0] and coverage >= CLOSE[1]:
        return "close"
    if low > USABLE[0] or coverage < USABLE[1]:
        return "not close"
    return "usable with care"


def measure_verdict(metric: str, figures: dict) -> dict | None:
    """One weekly measure's reading at one horizon (``figures`` as the rolling backtest scores them)."""
    wape, mean, mse, bias = (figures.get(k) for k in ("wape", "mean_actual", "mse", "bias"))
    if wape is None or not mean or mse is None or not figures.get("weeks"):
        return None
    error = own_error(mse, mean, bias or 0.0)
    low, high = own_error_interval(mse, figures.get("mse_se") or 0.0, mean)
    low, high = min(low, error), max(high, error)
    coverage = figures["inside"] / figures["weeks"]
    return {"metric": metric, "grade": _grade(error, low, coverage), "own_error": round(error, 4),
            "own_error_low": round(low, 4), "own_error_high": round(high, 4),
            "distinct_weeks": figures.get("distinct_weeks"),
            "wape": wape, "noise_floor": figures.get("noise_floor"), "coverage": coverage,
            "inside": figures["inside"], "weeks": figures["weeks"], "mean_actual": mean,
            "relative_bias": None if bias is None else bias / mean}


def acceptance_verdict(rows: list[dict]) -> dict | None:
    """Predicted against actual acceptance after each cut, beside the sampling margin of their difference."""
    usable = [r for r in rows if r.get("actual") is not None and r.get("predicted") is not None and r.get("n")]
    if not usable:
        return None
    diffs = [r["predicted"] - r["actual"] for r in usable]
    # Both sides are samples: the decisions after the cut, and those before it that the prediction rests on.
    margins = [1.96 * math.sqrt(max(r["actual"] * (1 - r["actual"]), 1e-9)
                                * (1 / r["n"] + (1 / r["n_before"] if r.get("n_before") else 0.0))) for r in usable]
    within = sum(abs(d) <= max(0.03, m) for d, m in zip(diffs, margins, strict=True))
    return {"mean_difference": sum(diffs) / len(diffs), "cuts": len(usable), "within": within,
            "margin": sum(margins) / len(margins)}


def verdict(errors: dict[str, dict[str, dict]], acceptance: list[dict]) -> dict:
    """The verdict at the longest horizon scored: per measure, the overall grade (the worst: a plan rests on
    all three, and the tool recommends by leads accepted), and the acceptance after the cuts."""
    if not errors:
        return {}
    horizon = max(errors, key=int)
    measures = [m for m in (measure_verdict(k, errors[horizon][k]) for k in LABELS if k in errors[horizon]) if m]
    order = ("close", "usable with care", "not close")
    headline = [m["grade"] for m in measures]
    return {"horizon_weeks": int(horizon), "grade": max(headline, key=order.index) if headline else None,
            "measures": measures, "acceptance": acceptance_verdict(acceptance),
            "rule": f"close: the forecast's own error (beyond the week-to-week noise) read at most {CLOSE[0]:.0%} "
                    f"of a week's level and the 95% band holding in at least {CLOSE[1]:.0%} of weeks; not close: "
                    f"the error's 95% interval wholly above {USABLE[0]:.0%}, or the band holding in under "
                    f"{USABLE[1]:.0%}; otherwise usable with care"}


def measure_sentence(m: dict) -> str:
    """One measure's figures behind its grade."""
    low, high = 100 * m["own_error_low"], 100 * m["own_error_high"]
    span = f" (95% interval {low:.0f}-{high:.0f}%, {m['distinct_weeks']} weeks)"
    own = ("no error beyond the weekly noise" if m["own_error"] == 0 else
           f"the forecast's own error is about {100 * m['own_error']:.0f}% of a week's level") + span
    bias = m["relative_bias"]
    lean = "" if bias is None else f"; forecasts ran {abs(100 * bias):.0f}% {'high' if bias > 0 else 'low'} on average"
    return (f"weekly WAPE {100 * m['wape']:.1f}% against a noise floor of {100 * m['noise_floor']:.1f}% (about "
            f"{m['mean_actual']:.0f} a week): {own}{lean}; the 95% band held in {m['inside']} of {m['weeks']} weeks")


def acceptance_sentence(acc: dict) -> str:
    return (f"predicted {100 * acc['mean_difference']:+.1f} points against the actual on average over {acc['cuts']} "
            f"cuts; within 3 points or the 95% sampling margin of the two (±{100 * acc['margin']:.1f}) in "
            f"{acc['within']} of {acc['cuts']}")


def headline(found: dict, leads_file: str) -> str:
    return (f"how far to trust a scenario calibrated from {leads_file}, {found['horizon_weeks']} weeks ahead: "
            f"{found['grade'].upper()}")


def verdict_lines(found: dict, leads_file: str) -> list[str]:
    """The verdict as a RevOps analyst reads it in a terminal: the grade first, then the figures behind it."""
    if not found or found.get("grade") is None:
        return []
    out = [headline(found, leads_file)]
    out += [f"  {LABELS[m['metric']]:<18} {m['grade']:<17} {measure_sentence(m)}" for m in found["measures"]]
    if found.get("acceptance"):
        out.append(f"  {'acceptance':<18} {'':<17} {acceptance_sentence(found['acceptance'])}")
    out.append(f"  rule: {found['rule']}")
    return out
