"""The handoff lag fit: a history whose SQLs follow their MQLs by days gets a lag that reproduces it."""

from __future__ import annotations

import pytest

from sequences.timing import Lag
from simulation.calibration.behaviour_fit import simulated_funnel
from simulation.calibration.handoff_fit import fit_handoff_lag, with_handoff_lag
from simulation.calibration.stats import Estimate, simulated_quantile_interval

TRUE_LAG = Lag(median=72, p90=300)


def _observed(figures: dict) -> dict[str, Estimate]:
    """The world's time from arrival to SQL as a history's estimates, with their 95% intervals."""
    q = figures["time_to_sql"]
    out = {}
    for key, label in (("p50", "median"), ("p90", "p90")):
        low, high = simulated_quantile_interval(q, key)
        out[f"funnel.days_created_to_sql.{label}"] = Estimate(f"funnel.days_created_to_sql.{label}", q[key], low,
                                                              high, q["count"], "asymptotic 95%", "the world")
    return out


def test_the_fit_recovers_a_known_lag_on_a_world_made_by_the_engine(document):
    # The world: the example with a known handoff lag and other luck than the fit's trials.
    base = document.scenarios[0]
    world = simulated_funnel(document, with_handoff_lag(base, TRUE_LAG), seed=97, sales=False)
    found = _observed(world)
    fitted, estimates = fit_handoff_lag(document, base, found, seed=base.seed)
    lag = fitted.behaviour.handoff_lag_hours
    by_name = {e.name: e for e in estimates}
    assert lag is not None and by_name["fit.handoff_lag.median"].value == lag.median
    # A day of lag moves the median time to SQL by well under a day (many SQLs are late anyway), so the lag is
    # known only within its interval: the truth lies inside it, and the fit near it.
    for q in ("median", "p90"):
        est = by_name[f"fit.handoff_lag.{q}"]
        assert est.low < getattr(TRUE_LAG, q) < est.high and est.unit == "hours"
    assert lag.median == pytest.approx(TRUE_LAG.median, rel=0.4)
    assert lag.p90 == pytest.approx(TRUE_LAG.p90, rel=0.35)
    # Reproduced: the fitted scenario's time to SQL against the world's.
    again = simulated_funnel(document, fitted, seed=base.seed, sales=False)["time_to_sql"]
    assert again["p50"] == pytest.approx(world["time_to_sql"]["p50"], abs=0.6)
    assert again["p90"] == pytest.approx(world["time_to_sql"]["p90"], abs=1.5)


def test_the_touch_up_after_a_refit_keeps_the_p90_of_the_time_to_sql(document):
    from simulation.calibration.timing_fit import fit_timing

    # A history whose SQLs come a week later than the scenario's at the median, with a narrow tail; the scenario
    # arrives with a wide handoff lag from an earlier pass (as it does after the rates are fitted again).
    base = document.scenarios[0]
    world = simulated_funnel(document, with_handoff_lag(base, Lag(median=200, p90=320)), seed=97, sales=False)
    found = _observed(world)
    earlier = with_handoff_lag(base, Lag(median=30, p90=240))
    touched, _ = fit_timing(document, earlier, found, base.seed, spread=False)
    again = simulated_funnel(document, touched, seed=base.seed, sales=False)["time_to_sql"]
    # Its median alone refitted at the old ratio of 8, the lag's p90 would stretch to weeks and the time's p90
    # with it.
    assert again["p50"] == pytest.approx(world["time_to_sql"]["p50"], abs=0.6)
    assert again["p90"] == pytest.approx(world["time_to_sql"]["p90"], abs=1.5)


def test_no_sql_dates_no_lag(document):
    base = document.scenarios[0]
    fitted, estimates = fit_handoff_lag(document, base, {}, seed=base.seed)
    assert fitted is base and estimates == []


def test_a_lever_the_measure_hardly_follows_is_read_at_its_bound_not_overflowed():
    from simulation.calibration.handoff_fit import lever_at

    # The p90 moved by 0.02 days between ratios 3.5 and 6.5: an observed 29.9 lies far beyond, at the bound
    # (the straight line would ask exp() for a number no float holds).
    flat = [(3.55, 16.1959), (6.53, 16.2178), (8.85, 16.2280)]
    assert lever_at(flat, 29.88, (1.05, 12.0)) == pytest.approx(12.0)
    assert lever_at(flat, 2.0, (1.05, 12.0)) == pytest.approx(1.05)
    # Between two trials the line is read as before: log lever linear in the measure.
    assert lever_at([(2.0, 10.0), (8.0, 14.0)], 12.0, (1.05, 12.0)) == pytest.approx(4.0)
