"""Conversion rates from cohorts too young to have converted in full: counted by the share of their
conversions already seen, taken from the delays of the old cohorts."""

from __future__ import annotations

from array import array

import pytest

from simulation.calibration.counts import HistoryCounts
from simulation.calibration.estimates import MIN_SEEN, funnel_estimates, seen_shares

LAST = 100  # the history's last week
MATURE = 3  # weeks: every delay below is under 2 weeks


def _history(young: dict[int, int]) -> HistoryCounts:
    """MQL cohorts of 100 a week for 20 weeks, 30 of each old cohort converted after 0-14 days (evenly);
    ``young``: SQLs seen so far in the cohorts 0, 1 and 2 weeks old."""
    counts = HistoryCounts(first_week=LAST - 19, last_week=LAST)
    delays, weeks = array("d"), array("l")
    for week in range(LAST - 19, LAST + 1):
        counts.mql[("it", week)] = 100
        counts.created[("it", week)] = 100
        counts.created_mql[("it", week)] = 100
        age = LAST - week
        counts.mql_sql[("it", week)] = young.get(age, 30) if age < MATURE else 30
        if age >= MATURE:
            for k in range(30):
                delays.append(14 * (k + 0.5) / 30)
                weeks.append(week)
    counts.days_to_sql, counts.days_to_sql_week = delays, weeks
    counts.days_to_mql, counts.days_to_mql_week = array("d", delays), array("l", weeks)
    return counts


def test_the_share_seen_is_the_old_cohorts_delay_distribution_at_the_young_cohorts_age():
    counts = _history({})
    shares = seen_shares(counts.days_to_sql, counts.days_to_sql_week, LAST, MATURE)
    # Delays even over 0-14 days: a cohort's leads spread over its week have 0.5-6.5 days (mean 3.5) left
    # when it is the last week, 7.5-13.5 (mean 10.5) a week later, all 14 after two weeks.
    assert shares[LAST] == pytest.approx(3.5 / 14, abs=0.01)
    assert shares[LAST - 1] == pytest.approx(10.5 / 14, abs=0.01)
    assert shares[LAST - 2] == pytest.approx(1.0)
    assert set(shares) == {LAST, LAST - 1, LAST - 2}


def test_young_cohorts_count_by_their_share_seen_and_the_rate_stays_unbiased():
    # The young cohorts converted at the same 30% so far as their share seen says: 30 * 0.25, 30 * 0.75, 30.
    counts = _history({0: 8, 1: 22, 2: 30})
    found = {e.name: e for e in funnel_estimates(counts, 30, ("it",), MATURE)[0]}
    rate = found["funnel.mql_to_sql"]
    # 17 old weeks whole, plus the weeks 1 and 2 weeks old (shares 0.75 and 1); the newest (0.25) is left out.
    assert 0.25 < MIN_SEEN < 0.75
    assert rate.n == 17 * 100 + 75 + 100
    assert rate.value == pytest.approx((17 * 30 + 22 + 30) / rate.n)
    assert rate.value == pytest.approx(0.30, abs=0.003)
    # Counting them in full instead would have pulled the rate down.
    assert (17 * 30 + 22 + 30) / (19 * 100) < 0.296


def test_too_few_old_delays_leave_the_young_cohorts_out():
    counts = _history({0: 8, 1: 22, 2: 30})
    counts.days_to_sql, counts.days_to_sql_week = array("d", counts.days_to_sql[:90]), array(
        "l", counts.days_to_sql_week[:90])
    assert seen_shares(counts.days_to_sql, counts.days_to_sql_week, LAST, MATURE) == {}
    found = {e.name: e for e in funnel_estimates(counts, 30, ("it",), MATURE)[0]}
    assert found["funnel.mql_to_sql"].n == 17 * 100  # the mature cohorts only, as before
