"""Team settings of a sweep act on a scenario with several queues: the first queue, with its own SLA."""

from __future__ import annotations

from pathlib import Path

from sequences import load_document
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
