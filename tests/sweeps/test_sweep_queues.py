"""Team settings of a sweep act on a scenario with several queues: the first queue, with its own SLA."""

from __future__ import annotations

import math
from pathlib import Path
from statistics import NormalDist

from sequences import load_document
from sequences.timing import Lag
from simulation.sweeps.knobs import KNOBS, team_size
from simulation.sweeps.points import apply_point
from simulation.sweeps.screen import queue_figures

BILLING = Path(__file__).parents[2] / "assets" / "examples" / "billing_demo.nurture.yaml"


def test_reps_and_sla_of_a_point_go_to_the_first_queue_and_cost_counts_every_queue():
    doc = load_document(BILLING)
    base = doc.scenario("current thresholds")
    assert list(base.sales.team()) == ["sdr", "ae"]
    assert KNOBS["reps"].get(doc, base) == 3 and KNOBS["sla_hours"].get(doc, base) == 4
    point = apply_point(doc, base, {"reps": 5, "sla_hours": 2})
    teams = point.sales.team()
    assert teams["sdr"].reps == 5 and teams["sdr"].sla.first_outreach_hours == 2
    assert teams["ae"].reps == 1 and teams["ae"].sla.first_outreach_hours == 8  # untouched
    assert team_size(base) == 4 and team_size(point) == 6


def test_the_screen_sees_the_queues_outside_load_and_its_business_clock():
    doc = load_document(BILLING)
    base = doc.scenario("current thresholds")
    busy, breach, _, _ = queue_figures(base, 1.0, seed=3)
    # Three SDRs make 30 first touches a working day (150 a week); 110 outside handoffs a week come too.
    assert abs(busy - (7 + 110) / 150) < 1e-9
    more = apply_point(doc, base, {"reps": 6})
    busy_more, breach_more, _, _ = queue_figures(more, 1.0, seed=3)
    assert busy_more < busy and breach_more < breach
    idle = apply_point(doc, base, {"reps": 40})
    assert queue_figures(idle, 1.0, seed=3)[1] == 0.0  # a business clock with idle reps never breaches


def test_the_screen_sees_the_teams_pickup():
    """Reps who get to a lead 3 working hours (p90 12) after taking it: with idle reps the screen's breaches are
    the pickup's alone (0.395 of leads), and its p90 wait grows with it."""
    doc = load_document(BILLING)
    idle = apply_point(doc, doc.scenario("current thresholds"), {"reps": 40})
    queues = dict(idle.sales.queues)
    late = queues["sdr"].model_copy(update={"pickup": Lag(median=3.0, p90=12.0)})
    slow = idle.model_copy(update={"sales": idle.sales.model_copy(update={"queues": {**queues, "sdr": late}})})
    _, breach, _, wait = queue_figures(idle, 1.0, seed=3)
    _, breach_late, _, wait_late = queue_figures(slow, 1.0, seed=3)
    # Idle reps on a business clock: a 4-hour SLA is missed when the pickup alone exceeds 4 working hours.
    alone = 1 - NormalDist().cdf(math.log(4 / 3) / late.pickup.sigma())
    assert breach == 0.0 and abs(breach_late - alone) < 0.05
    assert wait_late > wait + 10
