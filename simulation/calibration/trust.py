"""How far to trust a calibrated scenario: the rolling-origin backtest read as one verdict per measure.

A plan rests on totals (a quarter's SQLs, the accepted leads sales will work), so each measure is judged by its
12-week total at every cut: the forecast's total against what happened. Even a right forecast misses by the
noise of the weeks that happened: if the forecast total F is right, the actual is Poisson-like around it, within
1.96 sqrt(F) of it in 95% of quarters. Pooled weekly errors would hide a forecast 15% high at one cut and 15% low
at the next; a cut's total shows both, and the weekly noise, which no forecast removes, mostly cancels in it.

The cuts are read together: sum (F - A)^2 / F over the cuts is chi-square with one degree of freedom a cut when
the forecast is right, so one test per measure asks whether the misses are more than the noise gives (at 95%),
where a check per cut would flag a right forecast at one cut of three one time in seven, and would miss a steady
12% shortfall that stays within each cut's noise.

Grades: "close" when the misses are within the noise (or every cut's total within 10% of the actual) and the
weekly 95% band holds in at least 85% of weeks; "not close" when some cut's total is off by more than 20% beyond
its noise (the weeks prove an error that large), or the band holds in under 75% of weeks; "usable with care"
between. At 15 SQLs a week (180 in a quarter) one cut's noise is 15%, so an error must pass 20% + 15% at a cut
before the weeks prove it "not close".
"""

from __future__ import annotations

import math

CLOSE = (0.10, 0.85)  # a cut's total within this share of the actual (or the noise); the band's coverage
USABLE = (0.20, 0.75)  # off by more than this beyond the noise, or the band holding less often: not close
LABELS = {"mql": "MQLs", "sql": "SQL handoffs", "accepted": "accepted by sales"}
ORDER = ("close", "usable with care", "not close")
Z95 = 1.6449  # one-sided 95%: the chi-square test's level


def chi_square_95(k: int) -> float:
    """The 95th percentile of chi-square with ``k`` degrees of freedom (Wilson-Hilferty: within 3% from k = 1)."""
    return k * (1 - 2 / (9 * k) + Z95 * math.sqrt(2 / (9 * k))) ** 3


def cut_totals(cuts: list[dict], metric: str, horizon: int) -> list[dict]:
    """Every cut's forecast and actual total over its first ``horizon`` weeks, the relative error and the 95%
    noise margin a right forecast misses by (Poisson around the forecast), both as shares of the actual."""
    out = []
    for cut in cuts:
        series = cut["series"][metric]
        forecast, actual = sum(series["predicted"][:horizon]), sum(series["actual"][:horizon])
        if actual <= 0:
            continue
        out.append({"cut": cut["cut"], "forecast": round(forecast, 1), "actual": actual,
                    "error": (forecast - actual) / actual, "noise": 1.96 * math.sqrt(max(forecast, 0.0)) / actual})
    return out


def within_noise(totals: list[dict]) -> bool:
    """Whether the cuts' misses together are no more than the noise of the weeks gives a right forecast."""
    chi2 = sum((t["forecast"] - t["actual"]) ** 2 / max(t["forecast"], 1e-9) for t in totals)
    return chi2 <= chi_square_95(len(totals))


def _grade(totals: list[dict], quiet: bool, coverage: float) -> str:
    """``quiet``: the misses together within the noise (``within_noise``)."""
    if any(abs(t["error"]) - t["noise"] > USABLE[0] for t in totals) or coverage < USABLE[1]:
        return "not close"
    near = quiet or all(abs(t["error"]) <= CLOSE[0] for t in totals)
    return "close" if near and coverage >= CLOSE[1] else "usable with care"


def measure_verdict(metric: str, figures: dict, cuts: list[dict], horizon: int) -> dict | None:
    """One measure's reading (``figures``: its pooled weekly scores at ``horizon`` as the backtest gives them)."""
    totals = cut_totals(cuts, metric, horizon)
    if figures.get("wape") is None or not figures.get("weeks") or not totals:
        return None
    coverage, quiet = figures["inside"] / figures["weeks"], within_noise(totals)
    return {"metric": metric, "grade": _grade(totals, quiet, coverage), "totals": totals, "horizon_weeks": horizon,
            "within_noise": quiet, "wape": figures["wape"],
            "noise_floor": figures.get("noise_floor"), "coverage": coverage, "inside": figures["inside"],
            "weeks": figures["weeks"]}


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


def verdict(errors: dict[str, dict[str, dict]], acceptance: list[dict], cuts: list[dict]) -> dict:
    """The verdict at the longest horizon scored: per measure, the overall grade (the worst: a plan rests on
    all three, and the tool recommends by leads accepted), and the acceptance after the cuts."""
    if not errors or not cuts:
        return {}
    horizon = max(errors, key=int)
    measures = [m for m in (measure_verdict(k, errors[horizon][k], cuts, int(horizon)) for k in LABELS
                            if k in errors[horizon]) if m]
    grades = [m["grade"] for m in measures]
    return {"horizon_weeks": int(horizon), "grade": max(grades, key=ORDER.index) if grades else None,
            "measures": measures, "acceptance": acceptance_verdict(acceptance),
            "rule": f"close: the cuts' {horizon}-week totals together within the noise of the weeks that happened "
                    f"(chi-square, 95%) or each within {CLOSE[0]:.0%} of the actual, and the weekly 95% band "
                    f"holding in at least {CLOSE[1]:.0%} of weeks; not close: some cut's total off by more than "
                    f"{USABLE[0]:.0%} beyond its noise, or the band holding in under {USABLE[1]:.0%}; otherwise "
                    "usable with care"}


def measure_sentence(m: dict) -> str:
    """One measure's figures behind its grade."""
    errors = ", ".join(f"{100 * t['error']:+.0f}%" for t in m["totals"])
    noise = max(t["noise"] for t in m["totals"])
    together = "within" if m["within_noise"] else "more than"
    return (f"the {m['horizon_weeks']}-week total was off by {errors} at the {len(m['totals'])} cuts, together "
            f"{together} the noise of the weeks gives (up to ±{100 * noise:.0f}% at a cut); weekly WAPE "
            f"{100 * m['wape']:.1f}% against a noise floor of {100 * m['noise_floor']:.1f}%; the 95% band held in "
            f"{m['inside']} of {m['weeks']} weeks")


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
