"""The funnel adds up: SQL <= MQL with drawn handoffs, per-node ledgers, the reconciliation line in the CLI."""

from __future__ import annotations

from designer.cli.main import app
from simulation import simulate

from ..cli.cli_fixtures import EXAMPLE, runner
from .sim_docs import chain_graph, document, scenario


def test_a_drawn_handoff_counts_the_lead_as_mql_at_that_moment():
    nodes, edges = chain_graph()  # thresholds out of reach: only the drawn handoff sends leads to sales
    result = simulate(document(nodes, edges, [scenario(replications=2)]))
    totals = result.totals
    assert totals["sql_leads"].mean > 100
    assert totals["mqls"].mean == totals["sql_leads"].mean  # nobody crosses a threshold: MQL = sent
    assert sum(result.daily["mqls"]["mean"]) == totals["mqls"].mean


def test_every_node_and_the_funnel_reconcile_in_the_means():
    nodes, edges = chain_graph()
    result = simulate(document(nodes, edges, [scenario(replications=3, horizon_days=20)]))
    t = result.totals
    assert t["arrived"].mean == t["ended"].mean + t["stalled"].mean + t["moving"].mean
    for node in result.nodes.values():
        parts = sum(e.mean for e in node["left"].values()) + node["stalled_now"].mean + node["in_flight"].mean
        assert abs(node["entered"].mean - parts) < 1e-9


def test_the_cli_separates_lead_and_event_figures_and_prints_the_reconciliation_line():
    result = runner.invoke(app, ["simulate", str(EXAMPLE), "-r", "2", "--leads", "3000"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Leads (each lead counted once)" in out and "Events (a lead can count more than once)" in out
    line = next(x for x in out.splitlines() if x.strip().startswith("Reconciliation"))
    assert "3,000 in = " in line and " out + " in line and " stalled + " in line and " in flight" in line
