"""A run without the sales team (the behaviour fit's search) counts the funnel up to SQL exactly as a full run."""

from __future__ import annotations

from assets.examples import template_path
from sequences import load_document
from simulation.calibration.behaviour_fit import simulated_funnel


def test_leaving_the_sales_team_out_changes_nothing_up_to_sql():
    document = load_document(template_path("billing-demo"))
    scenario = document.scenarios[0]
    full = simulated_funnel(document, scenario, 5)
    funnel = simulated_funnel(document, scenario, 5, sales=False)
    assert full["totals"]["sql_leads"] > 50 and full["totals"]["accepted"] > 0
    assert funnel["totals"]["accepted"] == 0 and funnel["totals"]["first_touches"] == 0  # no team at all
    for key in ("arrived", "mqls", "sql_leads", "sql_handoffs"):
        assert funnel["totals"][key] == full["totals"][key], key
    assert funnel["breakdowns"]["role"] == {
        role: {k: v for k, v in counts.items() if k != "accepted"} | {"accepted": 0}
        for role, counts in full["breakdowns"]["role"].items()}
    assert funnel["time_to_mql"] == full["time_to_mql"] and funnel["time_to_sql"] == full["time_to_sql"]
    # Every lead is still accounted for: the handed-over ones wait in the queue at the horizon.
    assert funnel["totals"]["in_sales_queue"] == funnel["totals"]["sql_handoffs"]
