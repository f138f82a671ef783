"""The interest half-life fit: a history whose MQLs come soon after arrival gets a fading that reproduces it."""

from __future__ import annotations

from simulation.calibration.behaviour_fit import Target, simulated_funnel
from simulation.calibration.fade_fit import fade_lines, fit_fade, with_fade
from simulation.calibration.stats import Estimate, proportion, simulated_quantile_interval

TRUE_HALF_LIFE = 4.0


def _observed(figures: dict) -> tuple[dict[str, Estimate], list[Target]]:
    """The world's time to MQL and its funnel as a history's estimates, with their 95% intervals."""
    q = figures["time_to_mql"]
    found = {}
    for key, label in (("p50", "median"), ("p90", "p90")):
        low, high = simulated_quantile_interval(q, key)
        found[f"funnel.days_to_mql.{label}"] = Estimate(f"funnel.days_to_mql.{label}", q[key], low, high,
                                                        q["count"], "asymptotic 95%", "the world", "days")
    t = figures["totals"]
    rates = (proportion("funnel.lead_to_mql", t["mqls"], t["arrived"], "the world", 30),
             proportion("funnel.mql_to_sql", t["sql_leads"], t["mqls"], "the world", 30))
    found |= {e.name: e for e in rates}
    return found, [Target(None, *rates)]


def test_a_fading_the_rates_cannot_make_up_for_is_never_kept(document):
    # The example scores a lead whose fit clears the bar as an MQL at its first answer, so its time to MQL is 0
    # for most and a faster fading makes fewer MQLs than any engagement can restore: no half-life is written.
    base = document.scenarios[0]
    world = simulated_funnel(document, with_fade(base, TRUE_HALF_LIFE), seed=97, sales=False)
    found, targets = _observed(world)
    without = simulated_funnel(document, base, seed=base.seed, sales=False)["time_to_mql"]["p90"]
    assert without > found["funnel.days_to_mql.p90"].high + 1  # the graph alone gives too long a tail
    fitted, _rates, _flags, _lags, faded = fit_fade(document, base, targets, found, base.seed, [], [], [])
    assert fitted is base and faded == []


def test_a_history_the_graph_already_times_gets_no_fading(document):
    base = document.scenarios[0]
    found, targets = _observed(simulated_funnel(document, base, seed=97, sales=False))
    fitted, _rates, _flags, _lags, faded = fit_fade(document, base, targets, found, base.seed, [], [], [])
    assert fitted is base and faded == []
    assert fade_lines(faded) == []
