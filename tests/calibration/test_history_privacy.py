"""The privacy canary: personal data planted in the input appears nowhere after the import."""

from __future__ import annotations

import csv
import json
import logging

import pytest
from typer.testing import CliRunner

from designer.cli.main import app
from sequences.history import ColumnMapping, HistoryError, HistoryImport
from simulation.calibration import calibrate

CANARY_EMAIL = "zz.canary.9173@hospital-canary.test"
CANARY_PHONE = "+1 (617) 555-0199"
CANARY_NAME = "Quillon Canarywright"
CANARY_ID = "CANARY-ID-5521"
CANARY_IP = "203.0.113.77"
CANARY_NOTE = "canarynote: call Quillon about the pilot"
CANARIES = (CANARY_EMAIL, CANARY_PHONE, CANARY_NAME, "Quillon", "Canarywright", CANARY_ID, CANARY_IP,
            "canarynote", "555-0199", "hospital-canary")


def _plant(leads_csv, events_csv, tmp_path):
    """Copies of the synthetic files with a canary lead; its email also sits in the offer column and its
    phone number in the care-setting column, where an allowlisted column could otherwise carry them."""
    with leads_csv.open(encoding="utf-8", newline="") as handle:
        cols, *rows = list(csv.reader(handle))
    canary = dict(zip(cols, rows[0], strict=True))
    canary.update({"Record ID": CANARY_ID, "First Name": "Quillon", "Last Name": "Canarywright",
                   "Email": CANARY_EMAIL, "Phone Number": CANARY_PHONE, "IP Address": CANARY_IP,
                   "Notes": CANARY_NOTE, "First Conversion": CANARY_EMAIL, "Care Setting": CANARY_PHONE,
                   "Job Title": f"CMIO ({CANARY_EMAIL})"})
    leads = tmp_path / "leads.csv"
    with leads.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([cols, *rows, [canary[c] for c in cols]])
    events = tmp_path / "events.csv"
    events.write_text(events_csv.read_text(encoding="utf-8")
                      + f"{CANARY_ID},2025-02-03 10:00:00,EMAIL_OPEN,{CANARY_EMAIL}\n", encoding="utf-8")
    return leads, events


def _assert_clean(text: str, where: str) -> None:
    for canary in CANARIES:
        assert canary.lower() not in text.lower(), f"{canary!r} leaked into {where}"


def test_no_personal_data_survives_the_import(document, history, tmp_path, caplog, capsys):
    caplog.set_level(logging.DEBUG)
    leads, events = _plant(history[0], history[1], tmp_path)
    imported = HistoryImport(leads, events)
    records = list(imported.leads())
    event_records = list(imported.events())
    assert len(records) == len(history[2]) + 1
    _assert_clean(repr(records) + repr(event_records), "the in-memory records")
    _assert_clean(repr(vars(imported)), "the import object")
    _assert_clean(repr([vars(rules) for rules in imported.mapping.rules.values()]), "the rules' caches")
    canary = records[-1]
    assert canary.offer == "other" and canary.care_setting == "other"  # replaced, not kept
    assert imported.privacy.redacted_values >= 2
    summary = "\n".join(imported.privacy.lines())
    for column in ("Email", "Phone Number", "First Name", "Last Name", "IP Address", "Notes"):
        assert f"{column} (personal data" in summary
    _assert_clean(summary, "the privacy summary")

    calibration = calibrate(document, leads, events, name="canary check")
    _assert_clean(json.dumps(calibration.to_json()), "the calibration report")
    _assert_clean(calibration.scenario.model_dump_json(), "the scenario")
    out = capsys.readouterr()
    _assert_clean(out.out + out.err + caplog.text, "the captured output and log")


def test_cli_outputs_document_and_report_are_clean(history, example_copy, tmp_path):
    leads, events = _plant(history[0], history[1], tmp_path)
    report, mapping = tmp_path / "report.json", tmp_path / "mapping.json"
    result = CliRunner().invoke(app, ["calibrate", str(example_copy), "--leads", str(leads), "--events", str(events),
                                      "--scenario", "from CRM", "--json", str(report), "--save-mapping", str(mapping),
                                      "--no-fit-timing"])
    assert result.exit_code == 0, result.output
    assert "Email (personal data (email address), never read)" in result.output
    _assert_clean(result.output, "the CLI output")
    for path in (example_copy, report, mapping):
        _assert_clean(path.read_text(encoding="utf-8"), path.name)
    backtest = CliRunner().invoke(app, ["backtest", str(example_copy), "--scenario", "from CRM", "--leads",
                                        str(leads), "--replications", "2"])
    assert backtest.exit_code == 0, backtest.output
    _assert_clean(backtest.output, "the backtest output")


def test_a_personal_column_cannot_be_mapped_onto_a_kept_field(history, tmp_path):
    mapping = ColumnMapping(leads={"role": "Email"})
    with pytest.raises(HistoryError, match="looks like email address"):
        HistoryImport(history[0], mapping=mapping)


def test_a_date_column_holding_emails_never_echoes_them(tmp_path):
    leads = tmp_path / "leads.csv"
    leads.write_text(f"Record ID,Create Date,Became a Marketing Qualified Lead Date\n1,2025-01-06,{CANARY_EMAIL}\n"
                     f"2,{CANARY_EMAIL},\n", encoding="utf-8")
    imported = HistoryImport(leads)
    records = list(imported.leads())
    assert len(records) == 1 and records[0].mql is None
    text = "\n".join(imported.lead_report.lines()) + json.dumps(imported.lead_report.to_json())
    assert "value hidden" in text
    _assert_clean(text, "the import report")
