"""The history's first touches read on the scenario's SLA clock, and a team that does not work when the history's
did is named by the calibration."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from typer.testing import CliRunner

from designer.cli.main import app
from sequences.sales_model import Sla
from simulation.calibration.counts import HistoryCounts, days_between, monday, week_of
from simulation.calibration.sla_clock import late_touches, off_hours_share
from simulation.calibration.worlds import draw_world, generate_world, write_export


def _counts(*touches: tuple[datetime, datetime]) -> HistoryCounts:
    counts = HistoryCounts()
    for sql, touch in touches:
        counts.outreach_day.append(days_between(monday(0), sql))
        counts.outreach_hours.append(days_between(sql, touch) * 24)
        counts.outreach_week.append(week_of(sql))
    counts.first_week, counts.last_week = min(counts.outreach_week), max(counts.outreach_week)
    return counts


def test_a_weekend_wait_is_late_in_calendar_hours_and_not_in_working_hours(document):
    base = document.scenarios[0]
    # Friday 16:00 -> Monday 10:00: 66 calendar hours, 2 working hours (Mon-Fri 9-17).
    # Tuesday 10:00 -> Thursday 12:00: 50 calendar hours, 18 working hours.
    # Monday 9:00 -> Thursday 11:00: 74 calendar hours, 26 working hours.
    counts = _counts((datetime(2025, 3, 7, 16), datetime(2025, 3, 10, 10)),
                     (datetime(2025, 3, 11, 10), datetime(2025, 3, 13, 12)),
                     (datetime(2025, 3, 10, 9), datetime(2025, 3, 13, 11)))
    calendar = base.model_copy(update={"sla": Sla(first_outreach_hours=24, clock="calendar")})
    business = base.model_copy(update={"sla": Sla(first_outreach_hours=24, clock="business")})
    assert late_touches(counts, calendar).tolist() == [True, True, True]
    assert late_touches(counts, business).tolist() == [False, False, True]
    # By the week of the handoff: the Friday's in the first week, the other two in the next.
    touched, late = counts.breaches(late_touches(counts, business))
    assert touched == [1, 2] and late == [0, 1]


def test_first_touches_outside_the_teams_days_and_hours_are_counted(document):
    base = document.scenarios[0]
    # Monday 10:00 and Wednesday 16:59 are inside Mon-Fri 9-17; Saturday noon and Tuesday 20:00 are not.
    counts = _counts((datetime(2025, 3, 10, 9), datetime(2025, 3, 10, 10)),
                     (datetime(2025, 3, 12, 9), datetime(2025, 3, 12, 16, 59)),
                     (datetime(2025, 3, 14, 9), datetime(2025, 3, 15, 12)),
                     (datetime(2025, 3, 11, 9), datetime(2025, 3, 11, 20)))
    assert off_hours_share(counts, base) == (2, 4)


def test_calibrate_writes_the_historys_team_hours_and_pickup(document, example_copy, tmp_path):
    """The drawn world's reps work Mon-Fri 7-16 and get to a lead a median 0.99 working hours after its handoff
    (p90 3.6); the example's team works 9-17 and touches at once. The calibrated scenario works as the
    history's team did, and the engine then breaches the SLA as often as the history."""
    from sequences import load_document

    world = draw_world(7)
    assert world.working_days == ("mon", "tue", "wed", "thu", "fri") and world.working_hours == (7, 16)
    leads = tmp_path / "leads.csv"
    write_export(leads, generate_world(world, document))
    result = CliRunner().invoke(app, ["calibrate", str(example_copy), "--leads", str(leads), "--scenario", "crm",
                                      "--no-fit-funnel"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    hours = next(line for line in lines if "sales hours:" in line)
    assert "written from the history's first touches: mon, tue, wed, thu, fri, 7-16" in hours
    truth = world.truth()
    for which in ("median", "p90"):
        row = next(line for line in lines if line.strip().startswith(f"sales.pickup_hours.{which} "))
        low, high = (float(v) for v in re.search(r"working hours \(([\d.]+)-([\d.]+)\)", row).groups())
        assert low <= truth[f"sales.pickup_hours.{which}"] <= high, row
    team = load_document(example_copy).scenario("crm").sales
    assert team.working_days == world.working_days and (team.working_hours.start, team.working_hours.end) == (7, 16)
    assert team.pickup is not None and team.pickup.median == pytest.approx(world.pickup_median_hours, rel=0.15)
    assert (team.reps, team.first_touches_per_rep_per_day) == (document.scenarios[0].sales.reps,
                                                                document.scenarios[0].sales.first_touches_per_rep_per_day)
    shown = next(line for line in lines if line.strip().startswith("sla.breach_rate@24h") and "observed" in line)
    assert "team differs" not in shown and not any("sales speed:" in line for line in lines)
    team = lines[lines.index("sales team, written into the scenario, and its speed against the history's (95% "
                             "intervals):") + 1]
    assert "at work mon, tue, wed, thu, fri 7-16; a rep first touches a lead a median" in team


def test_calibrate_names_a_team_too_small_for_the_historys_speed(document, example_copy, tmp_path):
    """The hours and pickup are written, but not the team's size: a base team of one rep making two first
    touches a day falls behind, misses the SLA far more often than the history's team, and is named."""
    from sequences import load_document, save_document

    base = load_document(example_copy)
    first = base.scenarios[0]
    slow = first.model_copy(update={"sales": first.sales.model_copy(update={
        "reps": 1, "first_touches_per_rep_per_day": 2.0})})
    save_document(base.model_copy(update={"scenarios": (slow, *base.scenarios[1:])}), example_copy)
    leads = tmp_path / "leads.csv"
    write_export(leads, generate_world(draw_world(7), document))
    result = CliRunner().invoke(app, ["calibrate", str(example_copy), "--leads", str(leads), "--scenario", "crm",
                                      "--no-fit-funnel", "--dry-run"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    observed = float(next(line for line in lines if line.strip().startswith("sla.breach_rate@24h ")).split()[1])
    flag = next(line for line in lines if "sales speed:" in line)
    assert "misses the 24-hour SLA (calendar hours)" in flag and f"against {100 * observed:.1f}%" in flag
    assert "keeps the base scenario's reps and first touches a day" in flag and "1 reps" in flag
    shown = next(line for line in lines if line.strip().startswith("sla.breach_rate@24h") and "observed" in line)
    assert shown.endswith("<- team differs")


def test_the_teams_holidays_are_not_working_hours(document):
    from datetime import date

    base = document.scenarios[0]
    # Friday 16:00 -> Tuesday 10:00 is 10 working hours of a Mon-Fri 9-17 team, 2 when Monday is a holiday.
    # A first touch on that Monday at 11:00 is then off hours.
    counts = _counts((datetime(2025, 3, 7, 16), datetime(2025, 3, 11, 10)),
                     (datetime(2025, 3, 7, 16), datetime(2025, 3, 10, 11)))
    sla = Sla(first_outreach_hours=8, clock="business")
    working = base.model_copy(update={"sla": sla})
    off = base.model_copy(update={"sla": sla, "sales": base.sales.model_copy(update={
        "holidays": (date(2025, 3, 10),), "start_date": date(2025, 1, 6)})})
    assert late_touches(counts, working).tolist() == [True, False]
    assert late_touches(counts, off).tolist() == [False, False]
    assert off_hours_share(counts, working) == (0, 2) and off_hours_share(counts, off) == (1, 2)


def test_the_historys_first_touches_show_the_teams_days_and_hours(document):
    import numpy as np

    from simulation.calibration.sla_clock import schedule_flag, touch_schedule

    # A team that calls back on weekdays between 8:00 and 18:00: every handoff is touched at its next such moment
    # plus up to two hours, a few stragglers in the evening.
    rng = np.random.default_rng(5)
    touches = []
    for k in range(600):
        sql = datetime(2025, 3, 3) + np.timedelta64(int(rng.integers(0, 60 * 24 * 56)), "m").item()
        touch = sql + np.timedelta64(int(rng.integers(5, 120)), "m").item()
        while touch.weekday() >= 5 or not 8 <= touch.hour < 18:
            touch = touch.replace(minute=0) + np.timedelta64(60, "m").item()
        if k % 40 == 0:
            touch = touch.replace(hour=19)  # an evening call now and then
        touches.append((sql, touch))
    counts = _counts(*touches)
    days, start, end, share = touch_schedule(counts)
    assert days == ("mon", "tue", "wed", "thu", "fri") and (start, end) == (8, 18) and 0.95 <= share < 1
    base = document.scenarios[0]  # Mon-Fri 9-17
    flag = schedule_flag(counts, base)[0]
    assert "on mon, tue, wed, thu, fri, 8-18" in flag and "sales.working_hours: {start: 8, end: 18}" in flag
    same = base.model_copy(update={"sales": base.sales.model_copy(update={
        "working_hours": base.sales.working_hours.model_copy(update={"start": 8, "end": 18})})})
    assert schedule_flag(counts, same) == []
    assert touch_schedule(_counts(*touches[:50])) is None  # too few touches to tell


def _weekday_team(n: int = 600, seed: int = 5) -> tuple[list[tuple[datetime, datetime]], list[int]]:
    """Handoffs at any hour; reps at work on weekdays 8:00-18:00 touch each 5-120 minutes of their working time
    after its handoff (or after they start, for a handoff out of hours). The (handoff, touch) pairs, and the
    working minutes drawn."""
    import numpy as np

    rng = np.random.default_rng(seed)
    out, minutes = [], []
    for _ in range(n):
        sql = datetime(2025, 3, 3) + np.timedelta64(int(rng.integers(0, 60 * 24 * 56)), "m").item()
        left = int(rng.integers(5, 120))
        minutes.append(left)
        touch = sql
        while left > 0:
            touch = touch + np.timedelta64(1, "m").item()
            if touch.weekday() < 5 and 8 <= touch.hour < 18:
                left -= 1
        out.append((sql, touch))
    return out, minutes


def test_the_teams_hours_and_pickup_are_read_from_its_first_touches_and_written(document):
    import numpy as np

    from simulation.calibration.team_hours import team_estimates

    base = document.scenarios[0]  # Mon-Fri 9-17, no pickup
    touches, minutes = _weekday_team()
    scenario, estimates, lines = team_estimates(_counts(*touches), base, 30)
    sales = scenario.sales
    assert sales.working_days == ("mon", "tue", "wed", "thu", "fri")
    assert (sales.working_hours.start, sales.working_hours.end) == (8, 18)
    # Each pickup is read back to the minute, so the estimates are the drawn working minutes' own quantiles.
    median, p90 = (e for e in estimates if e.name.startswith("sales.pickup_hours."))
    drawn = np.array(minutes) / 60
    assert median.value == pytest.approx(np.quantile(drawn, 0.5), abs=1 / 60)
    assert p90.value == pytest.approx(np.quantile(drawn, 0.9), abs=1 / 60)
    assert median.low <= 62 / 60 <= median.high + 0.1  # the population's median, 62 minutes, near the interval
    assert sales.pickup is not None and sales.pickup.median == pytest.approx(median.value, abs=1e-3)
    kept = (base.sales.reps, base.sales.first_touches_per_rep_per_day)
    assert (sales.reps, sales.first_touches_per_rep_per_day) == kept
    assert lines[0].startswith("sales hours: written from the history's first touches: mon, tue, wed, thu, fri, 8-18")
    assert lines[1].startswith("sales pickup: read from the history")


def test_dates_without_a_time_of_day_write_no_pickup_and_no_hours_they_cannot_show(document):
    from simulation.calibration.team_hours import team_estimates

    base = document.scenarios[0]
    touches, _ = _weekday_team()
    # Handoff dates without their time (an export of dates only): the hours still show, the pickup cannot.
    dated = [(sql.replace(hour=0, minute=0), touch) for sql, touch in touches]
    scenario, estimates, lines = team_estimates(_counts(*dated), base, 30)
    assert (scenario.sales.working_hours.start, scenario.sales.working_hours.end) == (8, 18)
    assert scenario.sales.pickup is None and estimates == []
    assert "handoff dates carry no time of day" in lines[-1]
    # First-outreach dates without their time: every touch at midnight shows no working hours at all.
    undated = [(sql, touch.replace(hour=0, minute=0)) for sql, touch in touches]
    scenario, estimates, lines = team_estimates(_counts(*undated), base, 30)
    assert scenario is base and estimates == [] and "first-outreach dates carry no time of day" in lines[0]


def test_the_behaviour_fit_scales_the_pickup_to_the_historys_time_to_first_touch(document, tmp_path):
    """The pickup read from the history is its whole delay to a first touch; in the engine the team's queue and
    its own times of handoff come with it. The fit scales the pickup until the engine's median time to first
    touch is inside the history's interval, and says by how much."""
    from simulation.calibration import calibrate

    leads = tmp_path / "leads.csv"
    write_export(leads, generate_world(draw_world(7), document))
    found = calibrate(document, leads, name="fitted", fit_funnel=True, fit_timing=False)
    estimates = {e.name: e for e in found.estimates}
    scale, read = estimates["fit.pickup_scale"].value, estimates["sales.pickup_hours.median"].value
    assert scale != 1.0 and found.scenario.sales.pickup.median == pytest.approx(read * scale, abs=0.002)
    observed, simulated = (estimates[f"{kind}first_outreach_hours.median"] for kind in ("sales.", "simulated."))
    assert observed.low <= simulated.value <= observed.high
    assert any(f.startswith(f"sales pickup: scaled by {scale:.2f}") for f in found.flags)
