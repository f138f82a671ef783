"""The column mapping: which CSV header feeds which canonical field; auto-detected, editable, saved as JSON."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import HistoryError
from .fields import EVENT_FIELDS, LEAD_FIELDS, Field, personal_reason
from .rules import KeywordRules, default_value_rules


def _norm(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", header.lower())


def detect(headers: list[str], fields: tuple[Field, ...]) -> dict[str, str]:
    """Canonical field -> header, by exact (normalised) alias match, aliases tried in order of preference."""
    by_norm: dict[str, str] = {}
    for header in headers:
        by_norm.setdefault(_norm(header), header)
    found: dict[str, str] = {}
    used: set[str] = set()
    for item in fields:
        for alias in (item.name, *item.aliases):
            match = by_norm.get(_norm(alias))
            if match is not None and match not in used and personal_reason(match) is None:
                found[item.name] = match
                used.add(match)
                break
    return found


@dataclass
class ColumnMapping:
    """Editable: ``leads``/``events`` map canonical field names to headers (``""``: do not read);
    ``rules`` turn each field's text into ids (``title`` -> role, ``rejection_reason`` -> reason...)."""

    leads: dict[str, str] = field(default_factory=dict)
    events: dict[str, str] = field(default_factory=dict)
    rules: dict[str, KeywordRules] = field(default_factory=default_value_rules)

    @property
    def role_rules(self) -> KeywordRules:
        return self.rules["title"]

    @property
    def reason_rules(self) -> KeywordRules:
        return self.rules["rejection_reason"]

    def check(self, which: str, headers: list[str], file: str) -> None:
        """Refuse unknown fields, personal-data columns and required fields missing from the file."""
        fields = LEAD_FIELDS if which == "leads" else EVENT_FIELDS
        mapping = self.active(which)
        known = {f.name: f for f in fields}
        for name, header in mapping.items():
            if name not in known:
                allowed = ", ".join(known)
                raise HistoryError(f"the mapping names field '{name}', which is not one of: {allowed}", file=file)
            reason = personal_reason(header)
            if reason is not None and known[name].kind != "key":
                raise HistoryError(
                    f"column '{header}' looks like {reason}; it may only be used as the hashed lead id, "
                    f"not as '{name}'", file=file)
        missing = [f for f in fields if f.required and f.name not in mapping]
        if missing:
            names = ", ".join(f"'{f.name}' ({', '.join(repr(a) for a in f.aliases[:3])}...)" for f in missing)
            raise HistoryError(f"no column found for required field {names}; the file has columns: "
                               f"{', '.join(repr(h) for h in headers)}. Map them with --mapping", file=file)
        absent = [h for h in mapping.values() if h not in headers]
        if absent:
            raise HistoryError(f"the mapping names column '{absent[0]}', which is not in the file", file=file)

    def active(self, which: str) -> dict[str, str]:
        """Field -> header for the fields actually read (an empty header means "do not read")."""
        mapping = self.leads if which == "leads" else self.events
        return {name: header for name, header in mapping.items() if header}

    def to_json(self) -> dict:
        return {
            "leads": dict(self.leads),
            "events": dict(self.events),
            "rules": {name: rules.to_json() for name, rules in self.rules.items()},
        }

    @classmethod
    def from_json(cls, data: object, file: str | None = None) -> ColumnMapping:
        if not isinstance(data, dict):
            raise HistoryError("a mapping file must be a JSON object with 'leads' and 'events'", file=file)
        unknown = set(data) - {"leads", "events", "rules"}
        if unknown:
            raise HistoryError(f"unknown key '{sorted(unknown)[0]}' in the mapping", file=file)
        for key in ("leads", "events"):
            value = data.get(key, {})
            if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
                raise HistoryError(f"'{key}' must map field names to column headers", file=file)
        mapping = cls(leads=dict(data.get("leads", {})), events=dict(data.get("events", {})))
        rules = data.get("rules", {})
        if not isinstance(rules, dict):
            raise HistoryError("'rules' must map field names to keyword rules", file=file)
        for name, value in rules.items():
            if name not in mapping.rules:
                raise HistoryError(f"'rules' names '{name}', which has no rules (known: "
                                   f"{', '.join(mapping.rules)})", file=file)
            mapping.rules[name] = KeywordRules.from_json(value, f"rules.{name}", file)
        return mapping

    def save(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.to_json(), indent=2) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path) -> ColumnMapping:
        path = Path(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise HistoryError(f"cannot read the mapping: {exc.strerror or exc}", file=str(path)) from None
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise HistoryError(f"the mapping is not valid JSON: {exc}", file=str(path)) from None
        return cls.from_json(data, str(path))

    def completed(self, lead_headers: list[str], event_headers: list[str] | None = None) -> ColumnMapping:
        """This mapping with every field it leaves unset filled by auto-detection."""
        leads = {**detect(lead_headers, LEAD_FIELDS), **self.leads}
        events = dict(self.events)
        if event_headers is not None:
            events = {**detect(event_headers, EVENT_FIELDS), **self.events}
        return ColumnMapping(leads, events, dict(self.rules))
