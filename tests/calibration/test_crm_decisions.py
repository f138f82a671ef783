"""Sales decisions as HubSpot and Salesforce record them: in the lead status, often without a date."""

from __future__ import annotations

import csv
import json

import pytest
from typer.testing import CliRunner

from designer.cli.main import app
from sequences.history import ColumnMapping, HistoryImport
from simulation.calibration import calibrate

DATES = ("Sales Accepted Date", "Sales Rejected Date")


def status_only(source, target, header="Lead Status", accepted="Open deal", rejected="Unqualified"):
    """The history with its decision dates dropped and the decision written only in a lead-status column."""
    with open(source, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    columns = [c for c in rows[0] if c not in DATES] + [header]
    with open(target, "w", newline="", encoding="utf-8") as handle:
        out = csv.DictWriter(handle, columns)
        out.writeheader()
        for row in rows:
            status = rejected if row["Sales Rejected Date"] else accepted if row["Sales Accepted Date"] else "New"
            out.writerow({**{c: row[c] for c in columns if c != header}, header: status})
    return target


def accept(calibration) -> float:
    return next(e.value for e in calibration.estimates if e.name == "sales.accept")


def test_lead_status_decisions_without_dates_give_the_true_acceptance(document, history, tmp_path):
    leads_csv = history[0]
    dated = calibrate(document, leads_csv, name="dated")
    for header in ("Lead Status", "hs_lead_status"):
        plain = status_only(leads_csv, tmp_path / f"{header}.csv", header)
        assert HistoryImport(plain).mapping.active("leads")["lead_status"] == header
        found = calibrate(document, plain, name="status")
        assert accept(found) == pytest.approx(accept(dated), abs=1e-9)
        assert 0.3 < accept(found) < 0.9
        assert any("have no date" in flag for flag in found.flags)
        assert not any("WARNING" in flag for flag in found.flags)


def test_salesforce_status_values_are_decisions(document, history, tmp_path):
    plain = status_only(history[0], tmp_path / "sf.csv", "Status", "Closed - Converted", "Closed - Not Converted")
    assert 0.3 < accept(calibrate(document, plain, name="sf")) < 0.9


def test_all_accepted_on_many_handoffs_warns_and_names_the_columns(document, history, tmp_path):
    plain = status_only(history[0], tmp_path / "plain.csv")
    mapping = ColumnMapping(leads={"lead_status": ""})  # as if the status column were not read
    found = calibrate(document, plain, name="blind", mapping=mapping)
    warning = [f for f in found.flags if f.startswith("WARNING acceptance")]
    assert accept(found) == 1.0  # the lifecycle stage alone shows only the accepted ones, as in the issue
    assert warning and "may hold them: 'Lead Status'" in warning[0]


def test_backtest_counts_rejections_without_a_date(document, history, tmp_path, example_copy):
    plain = status_only(history[0], tmp_path / "plain.csv")
    out = tmp_path / "bt.json"
    result = CliRunner().invoke(app, ["backtest", str(example_copy), "--scenario", "current thresholds",
                                      "--leads", str(plain), "--replications", "2", "--json", str(out)])
    assert result.exit_code == 0, result.output
    actual = json.loads(out.read_text())["rates"]["acceptance"]["actual"]
    assert 0.3 < actual < 0.9


def test_status_values_as_crms_spell_them_read_as_decisions():
    # HubSpot's default Lead Status values, the newer lead object's, and Salesforce's, in the case they come in.
    rules = ColumnMapping().rules["lead_status"]
    expected = {"New": "open", "Open": "open", "In progress": "accepted", "Open Deal": "accepted",
                "UNQUALIFIED": "rejected", "Attempted to Contact": "working", "Connected": "accepted",
                "Bad Timing": "bad_timing", "Attempting": "working", "Qualified": "accepted",
                "Disqualified": "rejected", "Open - Not Contacted": "open", "Working - Contacted": "working",
                "Closed - Converted": "accepted", "Closed - Not Converted": "rejected", "Nurture": "rejected",
                "Nurturing": "rejected", "Recycling": "rejected"}
    assert {value: rules.match(value) for value in expected} == expected
