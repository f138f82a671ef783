"""Bad lead files: each gets a clear message naming the file, row and column, or a summary of skipped rows."""

from __future__ import annotations

import tracemalloc

import pytest

from sequences.history import ColumnMapping, HistoryError, HistoryImport


def write_csv(path, text: str):
    path.write_text(text, encoding="utf-8")
    return path

GOOD = ("Record ID,Email,Create Date,Job Title,Became a Marketing Qualified Lead Date\n"
        "1,a@x.test,2025-01-06 09:00,CMIO,2025-01-08\n"
        "2,b@x.test,01/07/2025,Director of IT,\n")


def _read(path, mapping=None):
    imported = HistoryImport(path, mapping=mapping)
    return imported, list(imported.leads())


@pytest.mark.parametrize("delimiter", [";", "\t", "|"])
def test_the_delimiter_is_sniffed(tmp_path, delimiter):
    path = write_csv(tmp_path / "leads.csv", GOOD.replace(",", delimiter))
    imported, records = _read(path)
    assert imported.leads_file.delimiter == delimiter
    assert [r.role for r in records] == ["clinical_leadership", "it"]


def test_a_single_column_file_is_refused_with_the_reason(tmp_path):
    path = write_csv(tmp_path / "leads.csv", "Record ID Create Date Job Title\n1 2025-01-06 CMIO\n")
    with pytest.raises(HistoryError) as caught:
        HistoryImport(path)
    assert caught.value.row == 1 and "leads.csv" in str(caught.value)
    assert "comma-, semicolon-, tab- or pipe-separated" in str(caught.value)


def test_missing_required_columns_are_named(tmp_path):
    path = write_csv(tmp_path / "leads.csv", "Record ID,Job Title\n1,CMIO\n")
    with pytest.raises(HistoryError) as caught:
        HistoryImport(path)
    message = str(caught.value)
    assert "'created'" in message and "'Create Date'" in message and "'Job Title'" in message
    assert "--mapping" in message


def test_a_mapping_naming_an_absent_column_is_refused(tmp_path):
    path = write_csv(tmp_path / "leads.csv", GOOD)
    with pytest.raises(HistoryError, match="'Signup Date', which is not in the file"):
        HistoryImport(path, mapping=ColumnMapping(leads={"created": "Signup Date"}))


def test_unparseable_dates_skip_the_row_or_the_value_and_say_where(tmp_path):
    path = write_csv(tmp_path / "leads.csv", GOOD + "3,c@x.test,31/31/2025,CISO,\n4,d@x.test,2025-01-09,CISO,soon\n")
    imported, records = _read(path)
    assert [r.role for r in records] == ["clinical_leadership", "it", "privacy_security"]
    assert records[-1].mql is None
    report = imported.lead_report
    assert report.rows_read == 4 and report.rows_used == 3 and report.rows_skipped == 1
    text = "\n".join(report.lines())
    assert "row 4, column 'Create Date'" in text and "'31/31/2025' is not a real date" in text
    assert "row 5, column 'Became a Marketing Qualified Lead Date'" in text and "left empty" in text


def test_duplicate_ids_keep_the_first_row(tmp_path):
    path = write_csv(tmp_path / "leads.csv", GOOD + "1,e@x.test,2025-02-01,CEO,\n")
    imported, records = _read(path)
    assert len(records) == 2 and records[0].role == "clinical_leadership"
    text = "\n".join(imported.lead_report.lines())
    assert "1 x duplicate lead id" in text and "row 4, column 'Record ID': the same lead id as row 2" in text


def test_short_rows_empty_ids_and_malformed_rows_are_counted(tmp_path):
    body = GOOD + "5\n,f@x.test,2025-01-10,CEO,\n" + '6,g@x.test,"2025-01-11,CEO\n'
    imported, records = _read(write_csv(tmp_path / "leads.csv", body))
    assert len(records) == 2
    skipped = imported.lead_report.skipped
    assert skipped["row shorter than the header"] == 1 and skipped["no lead id"] == 1
    assert imported.lead_report.rows_skipped == imported.lead_report.rows_read - 2


@pytest.mark.parametrize("content, problem", [
    ("", "the file is empty"),
    ("\x00\x01\x02binary", "not a text CSV file"),
])
def test_empty_and_binary_files(tmp_path, content, problem):
    with pytest.raises(HistoryError, match=problem):
        HistoryImport(write_csv(tmp_path / "leads.csv", content))


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(HistoryError, match="nope.csv: no such file"):
        HistoryImport(tmp_path / "nope.csv")


def test_events_of_unknown_leads_and_unknown_types_are_skipped(tmp_path):
    leads = write_csv(tmp_path / "leads.csv", GOOD)
    events = write_csv(tmp_path / "events.csv", "Record ID,Timestamp,Event Type,Topic\n1,2025-01-07,EMAIL_OPEN,EHR\n"
                       "99,2025-01-07,EMAIL_OPEN,EHR\n2,2025-01-07,FAXED,EHR\n2,yesterday,EMAIL_CLICK,EHR\n")
    imported = HistoryImport(leads, events)
    list(imported.leads())
    records = list(imported.events())
    assert [(r.event, r.topic) for r in records] == [("open", "integration")]
    skipped = imported.event_report.skipped
    assert skipped["lead not in the leads file"] == 1 and skipped["unknown event type"] == 1
    assert skipped["unreadable 'Timestamp'"] == 1


def test_a_wide_file_streams_in_memory_far_below_its_size(tmp_path):
    """Rows are never held: memory grows with the number of leads (the keyed-hash index that finds
    duplicates, about a hundred bytes a lead), not with the width of the rows."""
    path = tmp_path / "big.csv"
    note = "x" * 1000
    with path.open("w", encoding="utf-8") as handle:
        handle.write("Record ID,Create Date,Job Title,Notes\n")
        for i in range(25_000):
            handle.write(f"{i},2025-01-{1 + i % 28:02d} 10:00,CMIO,{note}\n")
    size = path.stat().st_size
    imported = HistoryImport(path)
    tracemalloc.start()
    count = sum(1 for _ in imported.leads())
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert count == 25_000
    assert peak < 160 * count + 1_000_000, peak
    assert peak < size / 4, (peak, size)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252", "utf-16"])
def test_excel_encodings_are_read(tmp_path, encoding):
    path = tmp_path / "leads.csv"
    path.write_bytes(GOOD.replace("CMIO", "Médical Director").encode(encoding))
    imported, records = _read(path)
    assert imported.mapping.active("leads")["lead_id"] == "Record ID"  # no BOM glued to the first header
    assert [r.role for r in records] == ["clinical_leadership", "it"]
