"""The free-text canary: a value typed by fewer than five leads is echoed nowhere; a common one still is."""

from __future__ import annotations

import csv
import json

from typer.testing import CliRunner

from designer.cli.main import app
from sequences import load_document
from simulation.calibration import calibrate

CANARY = "Quentin Zarkovian"  # a person's name typed into free-text columns of three leads
WORDS = ("quentin", "zarkovian")
COMMON = "Veterinary Network"  # free text too, but held by six leads: it may be shown


def _write_history(history, tmp_path):
    """The synthetic files with the care-setting column renamed Industry (as Salesforce exports it) and
    the canary planted in Industry, source, offer, a date, a rejection reason and an event type."""
    with history[0].open(encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    col = {name: i for i, name in enumerate(header)}
    header[col["Care Setting"]] = "Industry"
    rejected = [r for r in rows if r[col["Sales Rejected Date"]]]
    for row in rows[10:13]:
        row[col["Care Setting"]] = CANARY
    for row in rows[20:26]:
        row[col["Care Setting"]] = COMMON
    for row in rows[30:32]:
        row[col["Original Source"]] = f"Referral from {CANARY}"
    for row in rows[40:42]:
        row[col["First Conversion"]] = f"{CANARY} intro"
    rows[50][col["Became a Marketing Qualified Lead Date"]] = CANARY
    for row in rejected[:2]:
        row[col["Rejection Reason"]] = f"{CANARY} said no"
    leads = tmp_path / "leads.csv"
    with leads.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])
    events = tmp_path / "events.csv"
    lead_id = rows[0][col["Record ID"]]
    events.write_text(history[1].read_text(encoding="utf-8")
                      + f"{lead_id},2025-02-03 10:00:00,{CANARY},integration\n", encoding="utf-8")
    # Rejection reasons no rule knows become their own ids (fallback ""), so free text can reach them.
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps({"rules": {"rejection_reason": {"rules": [
        {"pattern": "poor fit|too small", "value": "poor_fit"},
        {"pattern": "no evaluation", "value": "no_evaluation_plan"},
        {"pattern": "wrong contact", "value": "wrong_contact"}], "fallback": ""}}}), encoding="utf-8")
    return leads, events, mapping


def _assert_clean(text: str, where: str) -> None:
    for word in WORDS:
        assert word not in text.lower(), f"{word!r} leaked into {where}"


def test_rare_free_text_is_echoed_nowhere_but_common_values_are(example_copy, history, tmp_path):
    leads, events, mapping = _write_history(history, tmp_path)
    report = tmp_path / "report.json"
    result = CliRunner().invoke(app, ["calibrate", str(example_copy), "--leads", str(leads), "--events",
                                      str(events), "--mapping", str(mapping), "--scenario", "from CRM",
                                      "--no-fit-timing", "--json", str(report)])
    assert result.exit_code == 0, result.output
    out = result.output + (result.stderr or "")
    written = example_copy.read_text(encoding="utf-8")
    reported = report.read_text(encoding="utf-8")
    _assert_clean(written, "the document")  # its rejection reasons and description would carry the canary
    assert "other" in load_document(example_copy).scenario("from CRM").acceptance.rejection_reasons
    for text, where in ((out, "the console"), (reported, "the --json report")):
        _assert_clean(text, where)
        assert "veterinary_network: 6 leads" in text, where  # common: shown, so the check is not vacuous
        assert "care_setting: 1 value seen in fewer than 5 leads each (3 leads) counted as 'other (1 value)'" \
            in text, where
        assert "pooled into entry 'guide': other (1 value)" in text, where  # the canary offer, not named
    assert "value hidden" in out  # the unreadable date and the unknown event type are placed, not quoted


def test_the_calibration_object_the_wizard_shows_is_clean(document, history, tmp_path):
    """The GUI wizard prints the same object's reports, flags and estimates."""
    from sequences.history import ColumnMapping

    leads, events, mapping = _write_history(history, tmp_path)
    result = calibrate(document, leads, events, name="canary", mapping=ColumnMapping.load(mapping))
    shown = "\n".join(result.lead_report.lines() + result.event_report.lines() + result.flags
                      + [e.line() for e in result.estimates])
    _assert_clean(shown + json.dumps(result.to_json()), "the wizard's report")
    assert "other" in result.scenario.acceptance.rejection_reasons  # the canary reason, folded
    assert not any(k.startswith("other (") for mix in result.scenario.mix.values() for k in mix)


def test_an_unreadable_value_is_quoted_only_once_five_rows_hold_it(tmp_path):
    from sequences.history import HistoryImport

    rows = [f"{i},2025-01-06,{'not yet' if i < 6 else CANARY}" for i in range(8)]
    leads = tmp_path / "leads.csv"
    leads.write_text("Record ID,Create Date,MQL Date\n" + "\n".join(rows) + "\n", encoding="utf-8")
    imported = HistoryImport(leads)
    assert len(list(imported.leads())) == 8
    text = "\n".join(imported.lead_report.lines()) + json.dumps(imported.lead_report.to_json())
    _assert_clean(text, "the import report")
    assert "cannot read 'not yet' as a date" in text  # six rows hold it
    rows[0] = f"0,2025-01-06,{CANARY}"
    leads.write_text("Record ID,Create Date,MQL Date\n" + "\n".join(rows[:1] + rows[6:]) + "\n", encoding="utf-8")
    again = HistoryImport(leads)
    list(again.leads())
    assert "the value is not a date (value hidden)" in "\n".join(again.lead_report.lines())
