"""How far to trust a calibration: the grades held against forecasts whose error is known, and the verdict as
``nurture backtest --rolling`` prints and writes it."""

from __future__ import annotations

import json
import math
import shlex

import numpy as np
import pytest
from typer.testing import CliRunner

from designer.cli.main import app
from simulation.calibration.trust import cut_totals, verdict, verdict_lines, within_noise
from simulation.calibration.worlds import draw_world, generate_world, write_export


def _cuts(forecasts: list[float], actuals: list[float]) -> list[dict]:
    """Cuts whose 12 weeks forecast and actual total these (spread evenly over the weeks)."""
    return [{"cut": f"cut {i}", "series": {m: {"predicted": [f / 12] * 12, "actual": [a / 12] * 12}
                                           for m in ("mql", "sql", "accepted")}}
            for i, (f, a) in enumerate(zip(forecasts, actuals, strict=True))]


def _graded(forecast: float, actuals: list[float], inside: int = 34) -> str:
    weekly = {"wape": 0.1, "inside": inside, "weeks": 36, "noise_floor": 0.1}
    found = verdict({"12": {"sql": weekly}}, [], _cuts([forecast] * len(actuals), actuals))
    return found["grade"]


@pytest.mark.parametrize("weekly", [15.0, 40.0, 140.0])
def test_a_right_forecast_reads_close_and_a_far_one_does_not(weekly):
    rng = np.random.default_rng(int(weekly))
    quarter = 12 * weekly
    right = [_graded(quarter, rng.poisson(quarter, 3).tolist()) for _ in range(2000)]
    # The three cuts together are within the noise in 95% of histories (and each within 10% more often still).
    assert right.count("close") / len(right) >= 0.93 and right.count("not close") / len(right) <= 0.01
    # A forecast 50% high: the weeks show it at any volume.
    far = [_graded(1.5 * quarter, rng.poisson(quarter, 3).tolist()) for _ in range(500)]
    assert far.count("not close") / len(far) >= 0.95


def test_a_forecast_high_at_one_cut_and_low_at_the_next_is_not_close():
    # Pooled over the weeks it would average out; each cut's total shows it (140 a week: the noise is 4.9%).
    weekly = {"wape": 0.1, "inside": 34, "weeks": 36, "noise_floor": 0.06}
    found = verdict({"12": {"mql": weekly}}, [], _cuts([1.15 * 1680, 0.85 * 1680], [1680, 1680]))
    assert found["measures"][0]["grade"] == "usable with care"
    assert [round(t["error"], 2) for t in found["measures"][0]["totals"]] == [0.15, -0.15]


def test_a_steady_shortfall_within_each_cuts_noise_is_caught_by_the_cuts_together():
    # 17 accepted a week, 204 a quarter: each cut 12% short, inside one cut's noise of 13% (95%).
    weekly = {"wape": 0.2, "inside": 34, "weeks": 36, "noise_floor": 0.2}
    found = verdict({"12": {"accepted": weekly}}, [], _cuts([0.88 * 204] * 3, [204] * 3))
    m = found["measures"][0]
    assert all(abs(t["error"]) < t["noise"] for t in m["totals"])
    assert not m["within_noise"] and m["grade"] == "usable with care"
    assert "together more than what a right forecast misses by" in verdict_lines(found, "x.csv")[1]


def test_the_chi_square_bound_is_within_a_few_percent_of_the_tables():
    from simulation.calibration.trust import chi_square_bound

    for k, table in ((1, 3.841), (2, 5.991), (3, 7.815), (4, 9.488), (6, 12.592), (10, 18.307), (26, 38.885)):
        assert chi_square_bound(k) == pytest.approx(table, rel=0.03)
    # At 0.05 / 6, each of six tests sharing a verdict's 5% (the closed-form tails of 1 to 4 degrees, solved).
    for k, table in ((1, 6.960), (2, 9.575), (3, 11.739), (4, 13.695)):
        assert chi_square_bound(k, 0.05 / 6) == pytest.approx(table, rel=0.01)


def test_the_grades_follow_their_rule_and_the_worst_heads_the_verdict():
    def weekly(inside):
        return {"wape": 0.1, "inside": inside, "weeks": 36, "noise_floor": 0.1}

    cuts = _cuts([1000, 1000], [1000, 1000])
    errors = {"4": {}, "12": {"mql": weekly(35), "sql": weekly(29), "accepted": weekly(26)}}
    # Acceptance: 6 points off is within the sampling margin only when both sides' samples are counted (400
    # decisions after the cut, 400 before it: +-6.9 points; the actual's alone: +-4.9).
    found = verdict(errors, [{"actual": 0.5, "predicted": 0.47, "n": 400},
                             {"actual": 0.5, "predicted": 0.44, "n": 400, "n_before": 400},
                             {"actual": 0.5, "predicted": 0.44, "n": 400}], cuts)
    grades = {m["metric"]: m["grade"] for m in found["measures"]}
    # The totals are right everywhere; the band held in 97%, 81% and 72% of weeks.
    assert grades == {"mql": "close", "sql": "usable with care", "accepted": "not close"}
    assert found["grade"] == "not close" and found["horizon_weeks"] == 12
    assert found["acceptance"]["within"] == 2 and found["acceptance"]["mean_difference"] == pytest.approx(-0.05)
    lines = verdict_lines(found, "leads.csv")
    assert lines[0] == "how far to trust a scenario calibrated from leads.csv, 12 weeks ahead: NOT CLOSE"
    assert ("the 12-week total was off by +0%, +0% at the 2 cuts, together within what a right forecast misses by "
            "(up to ±6% at a cut: the weeks' noise)") in lines[2]
    assert "29 of 36 weeks" in lines[2]
    # 25% high on 1,000 a quarter: 6% noise, so more than 20% beyond it at neither cut, yet more than 10%.
    assert verdict({"12": {"sql": weekly(35)}}, [], _cuts([1250, 1250], [1000, 1000]))["grade"] == "usable with care"
    assert verdict({"12": {"sql": weekly(35)}}, [], _cuts([1300, 1000], [1000, 1000]))["grade"] == "not close"


def test_the_rolling_backtest_says_how_far_to_trust_the_calibration(document, example_copy, tmp_path):
    leads = tmp_path / "leads.csv"
    write_export(leads, generate_world(draw_world(7), document))
    out = tmp_path / "rolling.json"
    # nurture calibrate ends with the command that says how far to trust what it wrote; run as printed.
    made = CliRunner().invoke(app, ["calibrate", str(example_copy), "--leads", str(leads), "--scenario",
                                    "from the CRM", "--no-fit-funnel"])
    assert made.exit_code == 0, made.output
    prompt = made.output.splitlines()[-1]
    assert prompt.startswith("how far to trust it: nurture backtest ")
    args = shlex.split(prompt.removeprefix("how far to trust it: nurture "))
    assert args[:2] == ["backtest", str(example_copy)] and "--rolling" in args and args[-1] == "from the CRM"
    result = CliRunner().invoke(app, [*args, "--cuts", "2", "--replications", "6", "--json", str(out)])
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text())
    found = report["verdict"]
    assert found["grade"] in ("close", "usable with care", "not close")
    # The verdict comes first, before the table, and its figures are the table's.
    assert result.stdout.splitlines()[2].endswith(f"12 weeks ahead: {found['grade'].upper()}")
    # Each cut takes seconds: stderr says which is under way.
    assert "nurture backtest: cut 1 of 2 (" in result.stderr and "nurture backtest: cut 2 of 2 (" in result.stderr
    twelve = report["errors"]["12"]
    for m in found["measures"]:
        assert m["wape"] == twelve[m["metric"]]["wape"] and m["inside"] == twelve[m["metric"]]["inside"]
        # Each cut's 12-week totals are the sums of the series the JSON holds.
        for total, cut in zip(m["totals"], report["cuts"], strict=True):
            series = cut["series"][m["metric"]]
            assert total["actual"] == sum(series["actual"]) and total["forecast"] == pytest.approx(
                sum(series["predicted"]), abs=0.05)
            assert total["error"] == pytest.approx((total["forecast"] - total["actual"]) / total["actual"],
                                                   abs=1e-3)
        # How closely the scenario is pinned comes from the whole history: no cut has seen more of it.
        assert m["level_from"] == "whole history" and 0 < m["level_margin"] <= min(t["level"] for t in m["totals"])
        # A cut's margin holds the noise of its weeks (as the replications vary) and its level's uncertainty.
        for total, cut in zip(m["totals"], report["cuts"], strict=True):
            weeks = 1.96 * math.sqrt(cut["series"][m["metric"]]["dispersion"] * total["forecast"])
            level = total["level"] * total["forecast"]
            assert total["noise"] * total["actual"] == pytest.approx(math.hypot(weeks, level), rel=1e-3)
    assert all("the whole history pins the scenario's level" in line for line in result.stdout.splitlines()[3:6])
    worst = max(found["measures"], key=lambda m: ("close", "usable with care", "not close").index(m["grade"]))
    assert found["grade"] == worst["grade"]


def _overlapping(forecasts: list[float], weeks: np.ndarray, level_rel_var: float | list[float]) -> list[dict]:
    """Cuts as the rolling backtest makes them: 4 weeks apart, 12 weeks long (so they share 8), dated, with the
    weekly dispersion and the level's relative variance (one for all cuts, or each cut's) the backtest stores
    beside each series."""
    from datetime import date, timedelta

    each = level_rel_var if isinstance(level_rel_var, list) else [level_rel_var] * len(forecasts)
    return [{"cut": f"cut {i}", "series": {"sql": {
        "week": [(date(2025, 1, 6) + timedelta(weeks=4 * i + k)).isoformat() for k in range(12)],
        "predicted": [f / 12] * 12, "actual": weeks[4 * i:4 * i + 12].tolist(), "dispersion": 1.0,
        "level_rel_var": v}}} for i, (f, v) in enumerate(zip(forecasts, each, strict=True))]


@pytest.mark.parametrize("weekly,first_rel_var", [(17.0, 0.012), (40.0, 0.008), (140.0, 0.004)])
def test_cuts_whose_levels_rest_on_nested_histories_are_read_as_such(weekly, first_rel_var):
    """Each cut's level is estimated from all the history before it: 12, 18 and 24 weeks, each holding the one
    before. Their errors are those of nested samples (the later cut's the smaller, Cov = the smaller variance),
    and a right forecast's cuts are then flagged by the 95% test about 5% of the time; read as fully
    correlated, as before, the cuts' levels could hardly differ and 17-33% were flagged."""
    from simulation.calibration.trust import miss_covariance

    rng = np.random.default_rng(int(weekly))
    history = [12, 18, 24]
    rel_var = [first_rel_var * 12 / n for n in history]
    flagged = old = 0
    for _ in range(2000):
        per_week = rng.normal(0.0, math.sqrt(first_rel_var * 12), 24)
        levels = [12 * weekly * (1 + per_week[:n].mean()) for n in history]
        cuts = _overlapping(levels, rng.poisson(weekly, 20), rel_var)
        totals = cut_totals(cuts, "sql", 12)
        cov = miss_covariance(cuts, "sql", 12)
        flagged += not within_noise(totals, cov)
        # As before: the levels fully correlated, sd_a sd_b, where nested samples give min(v_a, v_b) F_a F_b.
        forecasts = np.array([t["forecast"] for t in totals])
        sd = np.sqrt(rel_var) * forecasts
        fully = cov - np.minimum.outer(rel_var, rel_var) * np.outer(forecasts, forecasts) + np.outer(sd, sd)
        old += not within_noise(totals, fully)
    assert 0.03 <= flagged / 2000 <= 0.08
    assert old / 2000 >= 0.15


@pytest.mark.parametrize("weekly,level_rel_var", [(15.0, 0.002), (40.0, 0.004), (140.0, 0.002)])
def test_a_forecast_as_good_as_the_history_allows_reads_close_on_overlapping_cuts(weekly, level_rel_var):
    # Each history's forecast level is off by what its finite history allows (one error for all cuts: a
    # later cut's history holds the earlier one's); the weeks are Poisson; the cuts share 8 of their 12 weeks.
    rng = np.random.default_rng(int(weekly * 1000 * level_rel_var))
    scores = {"wape": 0.1, "inside": 34, "weeks": 36, "noise_floor": 0.1}
    grades, flagged, naive = [], 0, 0
    for _ in range(1500):
        weeks = rng.poisson(weekly, 20)
        level = 12 * weekly * (1 + rng.normal(0.0, math.sqrt(level_rel_var)))
        found = verdict({"12": {"sql": scores}}, [], _overlapping([level] * 3, weeks, level_rel_var))
        grades.append(found["grade"])
        flagged += not found["measures"][0]["within_noise"]
        # Read as before: Poisson around each forecast alone, the cuts as if apart.
        naive += not within_noise(cut_totals(_overlapping([level] * 3, weeks, 0.0), "sql", 12))
    assert grades.count("close") / len(grades) >= 0.93 and grades.count("not close") / len(grades) <= 0.01
    assert 0.012 <= flagged / len(grades) <= 0.04  # a 97.5% test: one measure's two tests share the 5%
    assert naive / len(grades) >= 0.09  # the level's error and the shared weeks, ignored, flag a right forecast


def test_a_level_the_history_pins_loosely_is_not_called_close_on_its_noise_alone():
    # A 12% shortfall within the noise, on a level the history pins only to +-20% (95%): usable with care; the
    # same within 10% reads close (the totals themselves are near).
    weeks = np.full(20, 40)
    loose = verdict({"12": {"sql": {"wape": 0.1, "inside": 34, "weeks": 36, "noise_floor": 0.1}}}, [],
                    _overlapping([0.88 * 480] * 3, weeks, 0.0104))
    m = loose["measures"][0]
    assert m["within_noise"] and m["grade"] == "usable with care"
    assert "the history pins the level only to ±20%, too loosely to call it close" in verdict_lines(loose, "x")[1]
    near = verdict({"12": {"sql": {"wape": 0.1, "inside": 34, "weeks": 36, "noise_floor": 0.1}}}, [],
                   _overlapping([0.92 * 480] * 3, weeks, 0.0104))
    assert near["grade"] == "close"


def test_how_closely_the_scenario_is_pinned_is_read_from_the_whole_history():
    # The cuts rest on less history than the scenario nurture calibrate writes: a level the first cuts pin only
    # to +-20% may be pinned to +-10% by the whole history; misses within their noise then read close.
    weeks = np.full(20, 40)
    scores = {"12": {"sql": {"wape": 0.1, "inside": 34, "weeks": 36, "noise_floor": 0.1}}}
    cuts = _overlapping([0.88 * 480] * 3, weeks, 0.0104)
    whole = verdict(scores, [], cuts, {"sql": (0.10 / 1.96) ** 2})
    m = whole["measures"][0]
    assert m["grade"] == "close" and m["level_margin"] == pytest.approx(0.10) and m["level_from"] == "whole history"
    assert "the whole history pins the scenario's level to ±10%" in verdict_lines(whole, "x")[1]
    # A whole history as thin as the cuts' still cannot call it close.
    assert verdict(scores, [], cuts, {"sql": 0.0104})["grade"] == "usable with care"


def _three_measures(rng: np.random.Generator, weekly: float, bias: float = 0.0) -> dict:
    """A right (or ``bias``-off) forecast of MQLs, SQLs and accepted over 20 Poisson weeks, SQLs a third of the
    MQLs and accepted half the SQLs (so the measures move together, as a funnel's do), scored as the rolling
    backtest scores them: three cuts sharing weeks, a 95% band around each week's forecast."""
    from simulation.calibration.rolling import score_weeks

    mql = rng.poisson(weekly, 20)
    sql = rng.binomial(mql, 1 / 3)
    weeks = {"mql": mql, "sql": sql, "accepted": rng.binomial(sql, 0.5)}
    means = {"mql": weekly, "sql": weekly / 3, "accepted": weekly / 6}
    cuts, pooled = [], {m: [] for m in weeks}
    for i in range(3):
        series = {}
        for m, actual in weeks.items():
            mu = means[m] * (1 + bias)
            low, high = max(mu - 1.96 * math.sqrt(mu), 0.0), mu + 1.96 * math.sqrt(mu)
            part = actual[4 * i:4 * i + 12].tolist()
            series[m] = {"week": [f"2025-W{4 * i + k:02d}" for k in range(12)], "actual": part,
                         "predicted": [mu] * 12, "low": [low] * 12, "high": [high] * 12, "dispersion": 1.0,
                         "level_rel_var": 0.0}
            pooled[m] += [(a, mu, low, high) for a in part]
        cuts.append({"cut": f"cut {i}", "series": series})
    errors = {"12": {m: score_weeks(rows) for m, rows in pooled.items()}}
    return verdict(errors, [], cuts, dict.fromkeys(weeks, 0.0))


def test_a_right_scenario_reads_close_in_95_percent_of_histories_whatever_the_measures():
    # Three measures, each read by its totals and its band: six tests share the verdict's 5%. Each at 95%, a
    # right scenario read "usable with care" in about one history in five.
    rng = np.random.default_rng(3)
    right = [_three_measures(rng, 120.0)["grade"] for _ in range(1500)]
    assert right.count("close") / len(right) >= 0.95 - 0.012  # 95%, less two standard errors of 1,500 draws
    assert right.count("not close") / len(right) <= 0.01
    # What the shared risk costs: a forecast 15% high at 120 MQLs a week is still caught nearly always (10% high
    # may read close by the rule: every total within 10%).
    high = [_three_measures(rng, 120.0, bias=0.15)["grade"] for _ in range(300)]
    assert high.count("close") / len(high) <= 0.05


def test_a_right_band_misses_as_many_weeks_as_the_chance_says():
    from simulation.calibration.trust import band_misses_chance

    cuts = [{"series": {"sql": {"week": [f"w{4 * i + k}" for k in range(12)], "actual": [0] * 12}}}
            for i in range(3)]
    # 20 weeks, scored by 1, 2, 3, 2 and 1 cuts (4 weeks each): 36 pooled. None missed: certain.
    assert band_misses_chance(cuts, "sql", 12, 0) == pytest.approx(1.0)
    # One week in the middle, missed at all three cuts that score it: 3 pooled misses or more.
    rng = np.random.default_rng(5)
    multiplicity = np.array([1] * 4 + [2] * 4 + [3] * 4 + [2] * 4 + [1] * 4)
    draws = (rng.random((20_000, 20)) < 0.05) @ multiplicity
    for missed in (2, 4, 6, 9):
        assert band_misses_chance(cuts, "sql", 12, missed) == pytest.approx((draws >= missed).mean(), abs=0.006)


@pytest.mark.parametrize("weekly", [40.0, 140.0])
def test_the_fits_own_noise_is_each_cuts_own(weekly):
    """Four cuts resting on 12, 16, 20 and 24 weeks: each level carries its history's error (nested: a later
    cut's history holds an earlier one's) and the behaviour fit's simulation noise, which each cut draws from its
    own trial cohort. Read so, a right forecast is flagged at the test's risk; with the fit's noise taken as
    nested too, the cuts' differences look too large and it is flagged several times as often."""
    from simulation.calibration.trust import miss_covariance

    rng = np.random.default_rng(int(weekly) + 7)
    history, per_week_var, fit_var = [12, 16, 20, 24], 0.004 * 12, 0.0015
    nested_var = [per_week_var / n for n in history]
    flagged = as_nested = 0
    for _ in range(2000):
        per_week = rng.normal(0.0, math.sqrt(per_week_var), 24)
        levels = [12 * weekly * (1 + per_week[:n].mean() + rng.normal(0.0, math.sqrt(fit_var))) for n in history]
        cuts = _overlapping(levels, rng.poisson(weekly, 24), [v + fit_var for v in nested_var])
        for cut in cuts:
            cut["series"]["sql"]["fit_rel_var"] = fit_var
        totals = cut_totals(cuts, "sql", 12)
        flagged += not within_noise(totals, miss_covariance(cuts, "sql", 12))
        for cut in cuts:
            del cut["series"]["sql"]["fit_rel_var"]
        as_nested += not within_noise(totals, miss_covariance(cuts, "sql", 12))
    assert 0.03 <= flagged / 2000 <= 0.075
    assert as_nested / 2000 >= 2 * flagged / 2000
