"""Speed-to-lead and recycling by reason: the response curve, no_response, bounded rounds against closed forms."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sequences import Document
from sequences.fileformat import parse_document
from sequences.sales_model import DEFAULT_RESPONSE_CURVE, Acceptance, Sales
from simulation import simulate
from simulation.sales import SalesTeam, fifo_starts

from .sim_docs import document, scenario

DEMO_TO_SALES = ([{"id": "start", "kind": "entry", "trigger": "demo_request"}, {"id": "h", "kind": "handoff"}],
                 [{"from": "start", "to": "h"}])
IDLE = {"reps": 500, "first_touches_per_rep_per_day": 40}


def _one_off(day: float, acceptance: dict, leads: int = 3000, **more) -> Document:
    sc = scenario(modern=True, cohort={"arrivals": [{"entry": "start", "leads": leads, "start_day": day}]},
                  sales=IDLE, acceptance=acceptance, **{"horizon_days": 60, "replications": 1, **more})
    return document(*DEMO_TO_SALES, [sc])


CURVE = [{"within_hours": 1, "factor": 1.0}, {"within_hours": 1000, "factor": 0.0}]


def test_leads_reached_at_once_keep_the_fit_bands_acceptance_and_late_ones_are_lost_to_no_response():
    bands = [{"fit_min": 0, "accept": 0.8}]
    tuesday_10am = 1 + 10 / 24
    fast = simulate(_one_off(tuesday_10am, {"by_fit_band": bands, "by_response_time": CURVE,
                                            "after_rejection": "disqualify"}))
    saturday = 5.5
    slow = simulate(_one_off(saturday, {"by_fit_band": bands, "by_response_time": CURVE,
                                        "after_rejection": "disqualify"}))
    assert fast.totals["sqls_lost_to_slow_response"].mean == 0
    assert fast.totals["accepted"].mean == pytest.approx(0.8 * 3000, abs=4 * math.sqrt(3000 * 0.16))
    assert fast.response_bands["≤ 1 h"].mean == fast.totals["accepted"].mean
    assert fast.response_bands["> 1 h"].mean == 0
    assert slow.totals["accepted"].mean == 0
    # The same leads decide on the same draws: what the fast team accepted, the slow one lost.
    assert slow.totals["sqls_lost_to_slow_response"].mean == fast.totals["accepted"].mean
    assert slow.totals["accepted_if_reached_at_once"].mean == fast.totals["accepted"].mean
    assert slow.rejection_reasons["no_response"].mean == slow.totals["sqls_lost_to_slow_response"].mean


@pytest.mark.parametrize("max_rounds", [0, 1, 3])
def test_bounded_recycling_follows_the_geometric_closed_form(max_rounds):
    """Every rejection recycles straight back to the handoff; a lead hands off at most max_rounds + 1 times."""
    p, n = 0.3, 3000
    acceptance = {"by_fit_band": [{"fit_min": 0, "accept": p}], "by_response_time": [],
                  "after_rejection": "recycle", "recycle": {"cooldown_days": 2, "max_rounds": max_rounds}}
    result = simulate(_one_off(1.4, acceptance, leads=n, horizon_days=120))
    totals, q = result.totals, 1 - p
    sd = math.sqrt(n * (1 - q ** (max_rounds + 1)) * q ** (max_rounds + 1))
    assert totals["sql_leads"].mean == n  # unique SQL leads, however many rounds
    assert totals["accepted"].mean == pytest.approx(n * (1 - q ** (max_rounds + 1)), abs=4 * sd)
    assert totals["disqualified"].mean == n - totals["accepted"].mean
    expected_handoffs = n * sum(q ** k for k in range(max_rounds + 1))
    assert totals["sql_handoffs"].mean == pytest.approx(expected_handoffs, rel=0.05)
    assert totals["recycled"].mean == totals["sql_handoffs"].mean - n
    rounds = result.queues["sales"]["handoffs_by_round"]
    assert rounds["1"].mean == n and sum(r.mean for r in rounds.values()) == totals["sql_handoffs"].mean
    assert totals["recycled_leads"].mean == (rounds["2"].mean if max_rounds else 0)


def test_each_reason_has_its_own_follow_up():
    acceptance = {"by_fit_band": [{"fit_min": 0, "accept": 0}], "by_response_time": [],
                  "rejection_reasons": {"poor_fit": 0.5, "no_evaluation_plan": 0.5},
                  "after_rejection": {"poor_fit": "disqualify", "no_evaluation_plan": "recycle"},
                  "recycle": {"cooldown_days": 1, "max_rounds": 1, "keep_intent": True}}
    result = simulate(_one_off(1.4, acceptance, leads=2000))
    reasons, totals = result.rejection_reasons, result.totals
    # Round one: half recycled (no evaluation plan); round two: everyone disqualified (no rounds left).
    assert totals["recycled"].mean == pytest.approx(reasons["no_evaluation_plan"].mean * 2 / 3, rel=0.1)
    assert totals["disqualified"].mean == 2000
    assert totals["sql_handoffs"].mean == 2000 + totals["recycled"].mean


def test_version_1_files_keep_their_calendar_sla_and_unbounded_recycling():
    text = ("schema_version: 1\nname: Old\nsequence:\n  nodes: [{id: start, kind: entry}, {id: done, kind: exit}]\n"
            "  edges: [{from: start, to: done}]\n"
            "scenarios:\n  - {name: base, acceptance: {after_rejection: disqualify, recycle_to: done}}\n"
            "  - {name: other, sla: {first_outreach_hours: 8}}\n")
    document_v1, _ = parse_document(text)
    assert document_v1.schema_version == 2
    for sc in document_v1.scenarios:
        assert sc.sla.clock == "calendar" and sc.acceptance.by_response_time == ()
        assert sc.acceptance.recycle.max_rounds is None and sc.acceptance.recycle.cooldown_days == 0
    base, other = document_v1.scenarios
    assert base.acceptance.recycle.to == "done" and not base.acceptance.recycles_any()
    assert other.acceptance.recycles_any() and other.sla.first_outreach_hours == 8
    new, _ = parse_document("name: New\nscenarios: [{name: s}]\n")
    assert new.scenarios[0].sla.clock == "business"
    assert new.scenarios[0].acceptance.by_response_time == DEFAULT_RESPONSE_CURVE


def test_the_default_curve_slopes_down_from_one():
    factors = [b.factor for b in DEFAULT_RESPONSE_CURVE]
    assert factors[0] == 1.0 and factors == sorted(factors, reverse=True) and factors[-1] > 0.3
    acceptance = Acceptance()
    assert acceptance.response_factor(0.05) == 1.0 and acceptance.response_factor(100) == factors[-1]


def test_variable_touches_wait_as_pollaczek_khinchine_says():
    """M/G/1 with lognormal touches (cv 1): E[W] = rho E[S] (1 + cv^2) / (2 (1 - rho))."""
    team = SalesTeam(Sales(reps=1, first_touches_per_rep_per_day=8, touch_cv=1.0), Acceptance())
    rho, n = 0.7, 200_000
    rng = np.random.default_rng(4)
    arrivals = np.cumsum(rng.exponential(team.service_hours / rho, n))
    service = team.durations((rng.random(n), rng.random(n)), n)
    assert np.mean(service) == pytest.approx(team.service_hours, rel=0.02)
    assert np.std(service) == pytest.approx(team.service_hours, rel=0.05)
    waits = fifo_starts(arrivals, service, 1) - arrivals
    expected = rho * team.service_hours * 2 / (2 * (1 - rho))
    assert float(np.mean(waits[n // 10:])) == pytest.approx(expected, rel=0.08)

