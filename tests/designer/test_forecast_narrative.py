"""The plain-language comparison sentences (simulation.narrative), from figures a planner would recognise."""

from __future__ import annotations

from sequences import load_document
from simulation import compare
from simulation.narrative import count_phrase, headline, narrative, rate_phrase
from simulation.result import Estimate

from .files_fixtures import EXAMPLE


def test_counts_read_as_a_relative_change_with_its_interval():
    assert count_phrase("SQLs", Estimate(100, 90, 110), Estimate(-18, -21, -15)) == "18% fewer SQLs (±3%)"
    assert count_phrase("MQLs", Estimate(200, 190, 210), Estimate(50, 50, 50)) == "25% more MQLs"
    assert count_phrase("SQLs", Estimate(100, 90, 110), Estimate(2, -3, 7)) == "no clear change in SQLs (+2% ±5%)"
    assert count_phrase("SLA breaches", Estimate(0, 0, 0), Estimate(0, 0, 0)) == "no SLA breaches in either"
    assert count_phrase("SLA breaches", Estimate(0, 0, 0), Estimate(4, 2, 6)) == "+4 SLA breaches (none before)"
    assert count_phrase("SQLs", Estimate(None, None, None), Estimate(None, None, None)) == "SQLs: not enough data"


def test_rates_read_from_before_to_after():
    assert rate_phrase("SLA breaches", Estimate(0.22, 0.2, 0.24), Estimate(0.06, 0.05, 0.07),
                       Estimate(-0.16, -0.18, -0.14)) == "SLA breaches fall from 22% to 6%"
    assert rate_phrase("rep utilisation", Estimate(0.5, 0.5, 0.5), Estimate(0.8, 0.8, 0.8)) == (
        "rep utilisation rises from 50% to 80%")
    assert rate_phrase("rep utilisation", Estimate(0.004, 0, 0.01), Estimate(0.012, 0, 0.02)) == (
        "rep utilisation rises from 0.4% to 1.2%")
    assert rate_phrase("SLA breaches", Estimate(0.2, 0.1, 0.3), Estimate(0.18, 0.1, 0.3),
                       Estimate(-0.02, -0.08, 0.04)) == "SLA breaches 20% vs 18% (no clear change)"
    assert rate_phrase("SLA breaches", Estimate(0.201, 0, 1), Estimate(0.199, 0, 1)) == "SLA breaches stay at about 20%"


def test_a_comparison_gets_a_headline_and_one_line_per_figure():
    document = load_document(EXAMPLE)
    names = [s.name for s in document.scenarios]
    comparison = compare(document, names, replications=4, leads=3000)
    story = narrative(comparison)
    assert list(story) == names[1:]
    lines = story[names[1]]
    assert lines[0] == headline(comparison, names[1])
    assert lines[0].startswith("Stricter thresholds, one more rep: ") and "SQLs" in lines[0]
    sqls = comparison.differences[names[1]]["sql_leads"].mean / comparison.result(names[0]).totals["sql_leads"].mean
    assert f"{abs(100 * sqls):.0f}% {'fewer' if sqls < 0 else 'more'} SQLs" in lines[0]
    assert any(line.startswith("SLA breaches") for line in lines[1:])
    assert len(lines) == 1 + 12
