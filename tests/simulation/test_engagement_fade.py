"""Engagement that fades with a lead's age, against its closed form: an email opened with probability
open * 2 ** (-age / half-life), the age counted from each lead's own arrival (or its return to nurture when
recycled)."""

from __future__ import annotations

import math

import pytest

from simulation import simulate
from simulation.runner import run_replication

from .sim_docs import document, scenario

# An open makes the lead an MQL, so the MQL share is the open probability at the email.
SCORING = {"intent": [{"event": "open", "points": 50}], "mql": {"total": 40}, "sql": {"total": 1e9}}
OPENS = {"open": 0.8, "click_given_open": 0.0, "hand_raise": 0.0, "unsubscribe": 0.0}
LEADS = 40_000


def faded_world(wait_days: float, half_life: float | None, arrivals: dict | None = None):
    nodes = [{"id": "start", "kind": "entry"}, {"id": "pause", "kind": "wait", "days": wait_days},
             {"id": "mail", "kind": "email", "topic": "roi"}, {"id": "done", "kind": "exit"}]
    edges = [{"from": "start", "to": "pause"}, {"from": "pause", "to": "mail"}, {"from": "mail", "to": "done"}]
    sc = scenario(cohort={"arrivals": [arrivals or {"entry": "start", "leads": LEADS}]}, horizon_days=120,
                  behaviour={"default": OPENS, "response_lag_hours": None, "engagement_half_life_days": half_life})
    return document(nodes, edges, [sc], SCORING)


def mql_share(doc, detail: bool) -> float:
    figures = run_replication(doc, doc.scenarios[0], 5, 0, detail=detail)
    return figures["totals"]["mqls"] / figures["totals"]["arrived"]


@pytest.mark.parametrize("detail", [True, False], ids=["full", "lean"])
@pytest.mark.parametrize(("wait_days", "half_life"), [(3.0, 2.0), (6.0, 6.0), (0.0, 1.5), (10.0, 40.0)])
def test_the_open_rate_halves_every_half_life_after_arrival(detail, wait_days, half_life):
    expected = 0.8 * 2 ** (-wait_days / half_life)
    se = math.sqrt(expected * (1 - expected) / LEADS)
    assert mql_share(faded_world(wait_days, half_life), detail) == pytest.approx(expected, abs=4 * se)


@pytest.mark.parametrize("detail", [True, False], ids=["full", "lean"])
def test_the_age_counts_from_each_leads_own_arrival_not_from_the_start(detail):
    # Leads arriving over ten weeks all meet the email four days after their own arrival.
    spread = {"entry": "start", "leads_per_week": LEADS / 10, "weeks": 10, "variability": "exact"}
    expected = 0.8 * 2 ** (-4 / 3)
    se = math.sqrt(expected * (1 - expected) / LEADS)
    assert mql_share(faded_world(4.0, 3.0, spread), detail) == pytest.approx(expected, abs=4 * se)


def test_without_a_half_life_the_last_email_is_answered_like_the_first():
    assert mql_share(faded_world(30.0, None), False) == pytest.approx(0.8, abs=0.01)


def test_a_slower_fade_never_loses_an_open_on_common_random_numbers():
    # The same uniforms at every half-life: a lead that opens under fast fading opens under slower fading.
    shares = [mql_share(faded_world(5.0, h), False) for h in (1.0, 2.0, 4.0, 8.0, None)]
    assert shares == sorted(shares) and shares[0] < 0.05 < 0.75 < shares[-1]


def test_the_half_life_is_saved_and_read_back_from_a_file_and_a_bad_one_is_refused(tmp_path):
    from pydantic import ValidationError

    from sequences import load_document, save_document

    save_document(faded_world(3.0, 2.5), tmp_path / "faded.nurture.yaml")
    doc = load_document(tmp_path / "faded.nurture.yaml")
    assert doc.scenarios[0].behaviour.engagement_half_life_days == 2.5
    with pytest.raises(ValidationError, match="engagement_half_life_days"):
        faded_world(3.0, 0.0)
    assert simulate(doc, replications=2).totals["mqls"].mean > 0


@pytest.mark.parametrize("detail", [True, False], ids=["full", "lean"])
def test_a_recycled_lead_fades_from_its_return_to_nurture_not_from_its_first_arrival(detail):
    # Every lead hands off on arrival and is rejected; marketing recycles it 20 days later to a 2-day wait and
    # an email whose open makes it an SQL again. Counted from its return, the email is opened with
    # 0.8 * 2 ** (-2 / 5) (61%); from its first arrival it would be 22 days and more (under 3%).
    nodes = [{"id": "start", "kind": "entry"}, {"id": "handoff", "kind": "handoff"},
             {"id": "pause", "kind": "wait", "days": 2.0}, {"id": "mail", "kind": "email", "topic": "roi"},
             {"id": "done", "kind": "exit"}]
    edges = [{"from": "start", "to": "handoff"}, {"from": "pause", "to": "mail"}, {"from": "mail", "to": "done"}]
    acceptance = {"by_fit_band": [{"fit_min": 0, "accept": 0.0}], "by_response_time": [],
                  "after_rejection": "recycle", "recycle": {"cooldown_days": 20, "max_rounds": 1, "to": "pause"}}
    sc = scenario(modern=True, cohort={"arrivals": [{"entry": "start", "leads": LEADS}]}, horizon_days=120,
                  acceptance=acceptance, sales={"reps": 50, "first_touches_per_rep_per_day": 100},
                  behaviour={"default": OPENS, "response_lag_hours": None, "engagement_half_life_days": 5.0})
    doc = document(nodes, edges, [sc], {**SCORING, "sql": {"total": 40}})
    totals = run_replication(doc, doc.scenarios[0], 5, 0, detail=detail)["totals"]
    assert totals["recycled"] == LEADS
    expected = 0.8 * 2 ** (-2 / 5)
    se = math.sqrt(expected * (1 - expected) / LEADS)
    assert (totals["sql_handoffs"] - LEADS) / LEADS == pytest.approx(expected, abs=4 * se)
