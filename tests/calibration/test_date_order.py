"""Slashed dates read in the order their file writes them: a UK or EU account exports 05/03/2025 for 5 March
throughout, and a date read by itself would be May 3 (the reader used to take each date alone: every day up to
the 12th of a day/month export was moved to another month)."""

from __future__ import annotations

import csv
import json
import re
from datetime import datetime
from pathlib import Path

from typer.testing import CliRunner

from designer.cli.main import app
from simulation.calibration.calibrate import read_history

ISO = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$")


def _rewrite(source: Path, target: Path, fmt: str, only_rows: slice | None = None) -> int:
    """``source`` with every ISO date written as ``fmt`` (in ``only_rows`` of the data rows, if given); the
    number of dates rewritten."""
    with source.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    changed = 0
    chosen = set(range(len(rows) - 1)[only_rows]) if only_rows is not None else None
    for i, row in enumerate(rows[1:]):
        if chosen is not None and i not in chosen:
            continue
        for k, cell in enumerate(row):
            if ISO.match(cell):
                row[k] = datetime.fromisoformat(cell).strftime(fmt)
                changed += 1
    with target.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return changed


def _counts(document, leads: Path, events: Path | None = None):
    history, counts = read_history(document, leads, events)
    figures = {m: counts.series(m) for m in ("mql", "sql", "accepted", "rejected")}
    figures["created"] = sorted(counts.created.items())
    figures["days_to_mql"] = sorted(counts.days_to_mql)
    return history, figures


def test_a_day_month_export_reads_as_its_iso_original(document, history, tmp_path):
    leads, events, _ = history
    _, original = _counts(document, leads, events)
    uk_leads, uk_events = tmp_path / "uk_leads.csv", tmp_path / "uk_events.csv"
    assert _rewrite(leads, uk_leads, "%d/%m/%Y %H:%M") > 1000
    assert _rewrite(events, uk_events, "%d/%m/%Y %H:%M:%S") > 1000
    imported, uk = _counts(document, uk_leads, uk_events)
    assert uk == original
    assert imported.lead_report.rows_used == imported.lead_report.rows_read
    assert any(n.startswith("dates read as day/month (31/01/2025):") for n in imported.lead_report.notes)
    assert any(n.startswith("dates read as day/month") for n in imported.event_report.notes)
    # A US export is read as before, with nothing to note.
    us_leads = tmp_path / "us_leads.csv"
    _rewrite(leads, us_leads, "%m/%d/%Y %I:%M %p")
    imported, us = _counts(document, us_leads)
    assert us == _counts(document, leads)[1] and imported.lead_report.notes == []


def test_a_file_with_both_orders_says_so(document, history, tmp_path):
    leads, _, _ = history
    mixed, half = tmp_path / "mixed.csv", tmp_path / "half.csv"
    _rewrite(leads, half, "%d/%m/%Y", slice(0, 2000))
    _rewrite(half, mixed, "%m/%d/%Y", slice(2000, None))
    imported, _ = _counts(document, mixed)
    assert any(n.startswith("dates in both orders:") and "check the export's date format" in n
               for n in imported.lead_report.notes)


def test_calibrate_prints_the_order_it_read(example_copy, history, tmp_path):
    leads, _, _ = history
    uk = tmp_path / "uk.csv"
    _rewrite(leads, uk, "%d/%m/%Y %H:%M")
    report = tmp_path / "report.json"
    result = CliRunner().invoke(app, ["calibrate", str(example_copy), "--leads", str(uk), "--scenario", "UK",
                                      "--dry-run", "--json", str(report)])
    assert result.exit_code == 0, result.output
    assert "dates read as day/month (31/01/2025)" in result.output
    assert json.loads(report.read_text())["import"]["leads"]["notes"][0].startswith("dates read as day/month")


def test_the_order_is_read_from_the_first_rows_so_a_preview_does_not_read_a_large_file_whole(document, history,
                                                                                              tmp_path, monkeypatch):
    # The wizard previews a file's first leads on the GUI thread: the order is settled from its first rows.
    import sequences.history.importer as importer

    leads, _, _ = history
    uk = tmp_path / "uk.csv"
    _rewrite(leads, uk, "%d/%m/%Y %H:%M")
    monkeypatch.setattr(importer, "ORDER_ROWS", 50)
    imported, uk_counts = _counts(document, uk)
    assert uk_counts == _counts(document, leads)[1]  # the first 50 rows settle it for the whole file
    assert imported.lead_report.notes[0].endswith("and none only as month/day in its first 50 rows")


def test_a_world_reads_the_same_in_every_export_style(document, tmp_path):
    # The benchmark's worlds are exported as HubSpot's API writes them or as a US or UK team's Excel saves a UI
    # export (slashed dates in the account's order, lifecycle-stage labels): only the text differs.
    from simulation.calibration.worlds import EXPORT_STYLES, draw_world, generate_world, write_export

    rows = generate_world(draw_world(11), document)
    read = {}
    for style in EXPORT_STYLES:
        path = tmp_path / f"{style}.csv"
        write_export(path, rows, style)
        read[style] = _counts(document, path)[1]
    assert read["us_excel"] == read["api"] and read["uk_excel"] == read["api"]
    assert "Marketing Qualified Lead" in (tmp_path / "uk_excel.csv").read_text()
