"""Streaming import of a lead-history export and its optional events file into pseudonymous records."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from .csvfile import CsvFile
from .dates import DateFormatError, parse_date, slashed_order
from .errors import HistoryError
from .mapping import ColumnMapping
from .privacy import PrivacySummary, Pseudonymiser
from .records import EventRecord, LeadRecord
from .report import ImportReport
from .rules import STATUS_DECISIONS, facility_band, looks_personal, numeric_range, safe_id

_LEAD_DATES = ("mql_date", "sql_date", "accepted_date", "rejected_date", "first_outreach")
_LEAD_CATEGORIES = ("care_setting", "facility_size", "source", "offer", "sales_team")
_STAGE_ORDER = ("lead", "mql", "sql", "accepted", "rejected")


# The rows read for the order of a file's slashed dates: in a few thousand, dates past the 12th prove it; the
# wizard's preview of the first rows waits for this read on the GUI thread, so a large file is not read whole.
ORDER_ROWS = 20_000


class HistoryImport:
    """Open both files, settle the mapping, then stream ``leads()`` and ``events()``.

    Only the mapped (allowlisted) columns are copied out of a row; the row itself is dropped at once.
    Duplicate ids are found through their keyed hash, so memory grows with the number of leads
    (about a hundred bytes each), never with the width of the rows.
    """

    def __init__(self, leads: str | Path, events: str | Path | None = None, mapping: ColumnMapping | None = None):
        self.leads_file = CsvFile(leads)
        self.events_file = CsvFile(events) if events is not None else None
        base = mapping or ColumnMapping()
        self.mapping = base.completed(self.leads_file.headers,
                                      self.events_file.headers if self.events_file else None)
        self.mapping.check("leads", self.leads_file.headers, self.leads_file.name)
        if self.events_file is not None:
            self.mapping.check("events", self.events_file.headers, self.events_file.name)
        self.privacy = PrivacySummary()
        self.privacy.note_file(self.leads_file.name, self.leads_file.headers, self.mapping.active("leads"))
        if self.events_file is not None:
            self.privacy.note_file(self.events_file.name, self.events_file.headers, self.mapping.active("events"))
        self.lead_report = ImportReport(self.leads_file.name)
        self.event_report = ImportReport(self.events_file.name) if self.events_file else None
        self._hash = Pseudonymiser()
        self._seen: dict[int, int] = {}
        self._categories: dict[tuple[str, str], str] = {}
        self._leads_done = False
        self._orders: dict[str, str | None] = {}  # per file: its slashed dates' order, once settled

    # -- values ------------------------------------------------------------------------------------
    def _text(self, fields: list[str], index: int | None) -> str:
        if index is None or index >= len(fields):
            return ""
        return fields[index].strip()

    def _category(self, name: str, text: str) -> str | None:
        if not text:
            return None
        key = (name, text)
        hit = self._categories.get(key)
        if hit is None:
            if name == "facility_size" and numeric_range(text) is not None:
                hit = self._classify(name, text)  # "201-1000" is a size range, not a phone number
            elif looks_personal(text):  # never cached: personal data is not kept, not even as a cache key
                self.privacy.redacted_values += 1
                return "other"
            else:
                hit = self._classify(name, text)
            if len(self._categories) < 100_000:  # values repeat a lot; the cap keeps memory bounded
                self._categories[key] = hit
        return hit

    def _classify(self, name: str, text: str) -> str:
        if name == "sales_team":  # a name, matched to the scenario's queues later: kept as an id-like slug
            return safe_id(text)
        if name == "facility_size":
            band = facility_band(text)
            if band is not None:
                return band
        return self.mapping.rules[name].match(text)

    def _settle_order(self, csv_file: CsvFile, report: ImportReport, columns: list[str]) -> None:
        """Read the file's date ``columns`` (its first ``ORDER_ROWS`` rows) once for the order of its slashed
        dates: day/month where some date proves it (31/01/2025) and none proves month/day, and the other way
        round. The order is noted in the report; a file with both is read date by date, and says so."""
        if csv_file.name in self._orders:
            return
        index = [csv_file.headers.index(c) for c in columns if c in csv_file.headers]
        proof: dict[str, int] = {"dmy": 0, "mdy": 0}
        where = ""
        for n, (_row, fields) in enumerate(csv_file.rows([])):
            if n >= ORDER_ROWS:
                where = f" in its first {ORDER_ROWS:,} rows"
                break
            for i in index:
                if i < len(fields) and (order := slashed_order(fields[i])) is not None:
                    proof[order] += 1
        order = None
        if proof["dmy"] and not proof["mdy"]:
            order = "dmy"
            report.notes.append(f"dates read as day/month (31/01/2025): {proof['dmy']} dates in "
                                f"{', '.join(repr(c) for c in columns if c in csv_file.headers)} can only be read "
                                f"that way, and none only as month/day{where}")
        elif proof["dmy"] and proof["mdy"]:
            report.notes.append(f"dates in both orders{where}: {proof['dmy']} can only be day/month "
                                f"(31/01/2025), "
                                f"{proof['mdy']} only month/day (01/31/2025); each is read by itself, and one "
                                "that could be either as month/day: check the export's date format")
        self._orders[csv_file.name] = order

    def _date(self, report: ImportReport, text: str, row: int, column: str, required: bool) -> datetime | None:
        if not text:
            return None
        try:
            moment = parse_date(text, self._orders.get(report.file))
            if not 1990 <= moment.year <= 2100:
                raise DateFormatError(f"{text[:40]!r} is outside the years 1990 to 2100")
            return moment
        except DateFormatError as exc:
            hidden = "the value is not a date (value hidden)"
            # A personal-looking value is never quoted; one with letters (it could be a name) only once it
            # is common (see ImportReport); digits and separators alone (31/31/2025) cannot name anyone.
            if looks_personal(text):
                detail, value = hidden, None
            else:
                detail, value = str(exc), (text if any(c.isalpha() for c in text) else None)
            if required:
                report.skip(f"unreadable {column!r}", row, column, detail, value, hidden)
            else:
                report.warn(f"unreadable {column!r} (left empty)", row, column, detail, value, hidden)
            return None

    # -- leads -------------------------------------------------------------------------------------
    def leads(self) -> Iterator[LeadRecord]:
        """Every usable lead, in file order; problems go to ``lead_report``."""
        csv_file, report = self.leads_file, self.lead_report
        mapping = self.mapping.active("leads")
        index = {name: csv_file.headers.index(header) for name, header in mapping.items()}
        col = {name: header for name, header in mapping.items()}
        self._seen.clear()
        report.clear()
        self._settle_order(csv_file, report, [col[n] for n in ("created", *_LEAD_DATES) if n in col])
        width = len(csv_file.headers)
        for row, fields in self._rows(csv_file, report):
            if len(fields) < width and any(i >= len(fields) for i in (index["lead_id"], index["created"])):
                report.skip("row shorter than the header", row, None,
                            f"{len(fields)} fields where the header has {width}")
                continue
            raw_id = self._text(fields, index["lead_id"])
            if not raw_id:
                report.skip("no lead id", row, col["lead_id"], "the lead id is empty")
                continue
            key = self._hash(raw_id)
            first = self._seen.get(key)
            if first is not None:
                report.skip("duplicate lead id", row, col["lead_id"], f"the same lead id as row {first}")
                continue
            created = self._date(report, self._text(fields, index["created"]), row, col["created"], True)
            if created is None:
                if not self._text(fields, index["created"]):
                    report.skip("no created date", row, col["created"], "the created date is empty")
                continue
            self._seen[key] = row
            record = self._lead(fields, index, col, key, row, created)
            report.rows_used += 1
            yield record
        self._leads_done = True

    def _lead(self, fields: list[str], index: dict[str, int], col: dict[str, str], key: int, row: int,
              created: datetime) -> LeadRecord:
        width = len(fields)
        text = {name: fields[i].strip() if i < width else "" for name, i in index.items()}
        role = None
        for name in ("role", "title"):
            if text.get(name):
                role = self.mapping.rules[name].match(text[name])
                if role != "unknown":
                    break
        dates = {name: self._date(self.lead_report, text.get(name, ""), row, col.get(name, name), False)
                 for name in _LEAD_DATES}
        stage = self.mapping.rules["lifecycle_stage"].match(text["lifecycle_stage"]) \
            if text.get("lifecycle_stage") else "lead"
        if stage not in _STAGE_ORDER:
            stage = "lead"
        status = None
        if text.get("lead_status"):
            said = self.mapping.rules["lead_status"].match(text["lead_status"])
            status = STATUS_DECISIONS.get(said, said if said in ("working", "open") else "open")
        reason = None
        if text.get("rejection_reason"):
            reason = self.mapping.rules["rejection_reason"].match(text["rejection_reason"])
        elif status == "rejected" and text.get("lead_status"):
            # "Bad timing" is itself the reason; "Unqualified" says nothing about why.
            said = self.mapping.rules["lead_status"].match(text["lead_status"])
            reason = "no_evaluation_plan" if said == "bad_timing" else None
        return LeadRecord(
            key=key, row=row, created=created, role=role or "unknown",
            **{name: self._category(name, text.get(name, "")) for name in _LEAD_CATEGORIES},
            stage=stage, mql=dates["mql_date"], sql=dates["sql_date"], accepted=dates["accepted_date"],
            rejected=dates["rejected_date"], reason=reason, first_outreach=dates["first_outreach"], status=status,
        )

    def _rows(self, csv_file: CsvFile, report: ImportReport) -> Iterator[tuple[int, list[str]]]:
        """The file's rows, each counted in ``report``; malformed rows are counted and skipped there."""
        parse_errors: list[tuple[int, str]] = []
        for row, fields in csv_file.rows(parse_errors):
            self._flush(report, parse_errors)
            report.rows_read += 1
            yield row, fields
        self._flush(report, parse_errors)

    @staticmethod
    def _flush(report: ImportReport, parse_errors: list[tuple[int, str]]) -> None:
        for row, detail in parse_errors:
            report.rows_read += 1
            report.skip("malformed CSV row", row, None, detail)
        parse_errors.clear()

    # -- events ------------------------------------------------------------------------------------
    def events(self) -> Iterator[EventRecord]:
        """Every usable event of a known lead; needs ``leads()`` to have been read through first."""
        if self.events_file is None or self.event_report is None:
            return
        if not self._leads_done:
            raise HistoryError("read the leads before the events (events are joined to leads)")
        csv_file, report = self.events_file, self.event_report
        mapping = self.mapping.active("events")
        index = {name: csv_file.headers.index(header) for name, header in mapping.items()}
        col = dict(mapping)
        rules = self.mapping.rules
        self._settle_order(csv_file, report, [col["timestamp"]])
        for row, fields in self._rows(csv_file, report):
            raw_id = self._text(fields, index["lead_id"])
            if not raw_id:
                report.skip("no lead id", row, col["lead_id"], "the lead id is empty")
                continue
            key = self._hash(raw_id)
            if key not in self._seen:
                report.skip("lead not in the leads file", row, col["lead_id"], "no lead with this id was imported")
                continue
            text = self._text(fields, index["timestamp"])
            at = self._date(report, text, row, col["timestamp"], True)
            if at is None:
                if not text:
                    report.skip("no timestamp", row, col["timestamp"], "the timestamp is empty")
                continue
            kind_text = self._text(fields, index["event"])
            kind = rules["event"].match(kind_text) if kind_text else "other"
            if kind == "other":
                known = "is not one of open, click, page visit, form, webinar, demo, reply, delivered, unsubscribe"
                hidden = f"event type {'(empty)' if not kind_text else '(value hidden)'} {known}"
                value = kind_text if kind_text and not looks_personal(kind_text) else None
                detail = f"event type {kind_text[:40]!r} {known}" if value is not None else hidden
                report.skip("unknown event type", row, col["event"], detail, value, hidden)
                continue
            topic = self._category("topic", self._text(fields, index.get("topic")))
            report.rows_used += 1
            yield EventRecord(key=key, row=row, at=at, event=kind, topic=topic)
