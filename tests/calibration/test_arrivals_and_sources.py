"""Arrivals from created dates only (with their weekday shape); sources kept distinct; size ranges as ranges."""

from __future__ import annotations

import csv
from datetime import datetime, timedelta

import pytest
from typer.testing import CliRunner

from designer.cli.main import app
from sequences import load_document
from sequences.history import HistoryImport
from simulation.calibration import calibrate

# Leads a week by weekday (Monday first): 50 a week, most early in the week, none at the weekend.
WEEKDAY = (20, 10, 10, 5, 5, 0, 0)
SOURCES = ("Organic Search", "Direct Traffic", "Email Marketing", "Paid Social", "Referrals")
SIZES = ("201-1000", "51-200", "1,000+", "11-50")


def write_history(path, weeks=20, tail_weeks=8):
    """``weeks`` of creation, then ``tail_weeks`` more in which only MQL dates are written."""
    start = datetime(2025, 1, 6, 9)  # a Monday
    rows, n = [], 0
    for week in range(weeks):
        for day, count in enumerate(WEEKDAY):
            for k in range(count):
                created = start + timedelta(days=7 * week + day, minutes=7 * k)
                mql = created + timedelta(days=10 + 5 * (n % 9)) if n % 3 == 0 else None
                rows.append([f"C{n:05d}", created.strftime("%Y-%m-%d %H:%M"), SOURCES[n % len(SOURCES)],
                             SIZES[n % len(SIZES)], "marketingqualifiedlead" if mql else "lead",
                             mql.strftime("%Y-%m-%d %H:%M") if mql else "", "Hospital"])
                n += 1
    with open(path, "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["Record ID", "Create Date", "Original Source", "Number of Employees", "Lifecycle Stage",
                      "Became a Marketing Qualified Lead Date", "Industry"])
        out.writerows(rows)
    return path


def test_headline_rate_counts_only_the_weeks_leads_were_created(document, tmp_path):
    found = calibrate(document, write_history(tmp_path / "leads.csv"), name="x")
    assert found.counts.weeks > 20  # the MQL dates run on after creation stopped
    rate = sum(e.value for e in found.estimates if e.name.endswith(".leads_per_week"))
    assert rate == pytest.approx(50, abs=0.01)
    shape = {e.name.rsplit(".", 1)[1]: e for e in found.estimates if e.name.startswith("arrivals.pattern.")}
    assert shape["mon"].value == pytest.approx(7 * 20 / 50)
    assert shape["sat"].value == 0 and shape["mon"].low < 2.8 < shape["mon"].high
    assert found.pending["cohort.arrivals[]"]["pattern"]["weekdays"]["tue"] == pytest.approx(1.4)


def test_sources_stay_distinct_and_join_the_vocabulary(document, tmp_path, example_copy):
    leads = write_history(tmp_path / "leads.csv")
    found = calibrate(document, leads, name="x")
    assert set(found.scenario.mix["source"]) == {"organic", "direct_traffic", "email_marketing", "paid_social",
                                                 "referrals"}
    assert found.scenario.mix["source"]["direct_traffic"] == pytest.approx(0.2, abs=0.01)
    result = CliRunner().invoke(app, ["calibrate", str(example_copy), "--leads", str(leads), "--scenario", "cal",
                                      "--no-fit-timing"])
    assert result.exit_code == 0, result.output
    assert "cohort.arrivals[]: {\"pattern\": {\"weekdays\": {\"mon\": 2.8" in result.output
    saved = load_document(example_copy)
    assert {"direct_traffic", "email_marketing"} <= set(saved.audience.sources)
    assert set(saved.scenario("cal").mix["source"]) <= set(saved.audience.sources)


def test_employee_ranges_are_sizes_not_phone_numbers(tmp_path):
    imported = HistoryImport(write_history(tmp_path / "leads.csv", weeks=2))
    sizes = [r.facility_size for r in imported.leads()]
    assert set(sizes) == {"large", "mid", "small"}
    assert sizes[:4] == ["large", "mid", "large", "small"]  # 201-1000, 51-200 (its midpoint), 1,000+, 11-50
    assert imported.privacy.redacted_values == 0


def test_a_rare_source_label_is_never_added_nor_echoed(document, tmp_path, example_copy):
    leads = write_history(tmp_path / "leads.csv", weeks=4)
    text = leads.read_text(encoding="utf-8").splitlines()
    # Two leads whose source cell holds a person's name: rarer than 5 leads, so never shown by value.
    text[1] = text[1].replace("Organic Search", "Jane Roe Referral")
    text[2] = text[2].replace("Direct Traffic", "Jane Roe Referral")
    leads.write_text("\n".join(text) + "\n", encoding="utf-8")
    out = tmp_path / "report.json"
    result = CliRunner().invoke(app, ["calibrate", str(example_copy), "--leads", str(leads), "--scenario", "cal",
                                      "--no-fit-timing", "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert "jane" not in result.output.lower() and "jane" not in out.read_text().lower()
    saved = example_copy.read_text(encoding="utf-8").lower()
    assert "jane" not in saved and "email_marketing" in saved
    assert "other (1 value)" in result.output
