"""The history's first touches read on the scenario's SLA clock, and a team that does not work when the history's
did is named by the calibration."""

from __future__ import annotations

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


def test_calibrate_names_a_team_that_does_not_work_when_the_historys_did(document, example_copy, tmp_path):
    # The drawn world's team calls back round the clock, weekends too; the example's works Mon-Fri 9-17.
    leads = tmp_path / "leads.csv"
    write_export(leads, generate_world(draw_world(7), document))
    result = CliRunner().invoke(app, ["calibrate", str(example_copy), "--leads", str(leads), "--scenario", "crm",
                                      "--no-fit-funnel", "--dry-run"])
    assert result.exit_code == 0, result.output
    row = next(line for line in result.output.splitlines() if line.strip().startswith("sla.breach_rate@24h "))
    observed = float(row.split()[1])
    flag = next(line for line in result.output.splitlines() if "sales speed:" in line)
    assert "misses the 24-hour SLA (calendar hours)" in flag and "outside its working days and hours" in flag
    assert f"against {100 * observed:.1f}%" in flag
    shown = next(line for line in result.output.splitlines() if line.strip().startswith("sla.breach_rate@24h") and
                 "observed" in line)
    assert shown.endswith("<- team differs")
    share = next(line for line in result.output.splitlines() if "sales.first_touches_off_hours" in line)
    assert float(share.split()[1]) == pytest.approx(1 - 5 / 7 * 8 / 24, abs=0.05)  # round the clock
    # And says which days and hours the history's team works, as the fields to set.
    hours = next(line for line in result.output.splitlines() if "sales hours:" in line)
    assert "show a team at work on mon, tue, wed, thu, fri, sat, sun" in hours
    assert "sales.working_days: [mon, tue, wed, thu, fri, sat, sun]" in hours


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
