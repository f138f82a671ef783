"""Which entry of the sequence a historical lead came in through, and its fit score by the document's rules."""

from __future__ import annotations

from collections.abc import Callable

from sequences import Document
from sequences.history import LeadRecord, safe_id
from sequences.nodes import EntryNode
from sequences.scoring import FitRule

from .counts import HistoryCounts

# A lead's source says which kind of entry it used when its offer names none of the document's offers.
_TRIGGER_OF_SOURCE = {"demo_request": "demo_request", "webinar": "webinar"}


class EntryMatcher:
    """Offer -> entry id: by the entry's offer id or name, the entry's own id or title, then by trigger."""

    def __init__(self, document: Document):
        self.entries = [n for n in document.sequence.nodes if isinstance(n, EntryNode)]
        self._by_name: dict[str, str] = {}
        for entry in self.entries:
            names = [entry.id, entry.title]
            offer = document.audience.offer(entry.offer) if entry.offer else None
            if entry.offer:
                names.append(entry.offer)
            if offer is not None:
                names.append(offer.name)
            for name in names:
                if name:
                    self._by_name.setdefault(safe_id(name), entry.id)
        self.unmatched: dict[str, int] = {}

    @property
    def names(self) -> set[str]:
        """The offer ids that match an entry by name (the document's own words, never a CRM's free text)."""
        return set(self._by_name)

    def __call__(self, offer: str | None, source: str | None, leads: int) -> str | None:
        if not self.entries:
            return None
        if offer and offer in self._by_name:
            return self._by_name[offer]
        trigger = _TRIGGER_OF_SOURCE.get(source or "")
        for entry in self.entries:
            if trigger is not None and entry.trigger == trigger:
                return entry.id
        label = offer or "(no offer)"
        self.unmatched[label] = self.unmatched.get(label, 0) + leads
        return self.entries[0].id

    def flags(self) -> list[str]:
        if not self.unmatched:
            return []
        top = sorted(self.unmatched.items(), key=lambda kv: -kv[1])
        shown = ", ".join(f"{o}: {n} lead{'s' * (n != 1)}" for o, n in top[:5])
        return [f"arrivals: offers matching no entry were pooled into entry '{self.entries[0].id}': {shown}"]


def _holds(rule: FitRule, value: str | None) -> bool:
    if value is None:
        return rule.op in ("ne", "not_in")
    target = rule.value
    if rule.op == "eq":
        return value == target
    if rule.op == "ne":
        return value != target
    if rule.op == "in":
        return isinstance(target, tuple) and value in target
    if rule.op == "not_in":
        return isinstance(target, tuple) and value not in target
    return False  # numeric comparisons need numeric attributes, which the history does not carry


def fit_scorer(document: Document) -> Callable[[LeadRecord], float]:
    """The fit score the engine would give a lead with these attributes (attribute rules only)."""
    rules = [r for r in document.scoring.fit if r.field in _ATTRS]

    def fit(lead: LeadRecord) -> float:
        return float(sum(r.points for r in rules if _holds(r, getattr(lead, r.field))))

    return fit


_ATTRS = ("role", "care_setting", "facility_size", "source", "offer")


def weekly_by_entry(counts: HistoryCounts, document: Document) -> dict[tuple[str, int], int]:
    """Leads created per (entry node, week counted from the history's first), offers and sources matched to
    the document's entries; leads no entry takes are left out."""
    matcher = EntryMatcher(document)
    first = counts.first_week or 0
    weekly: dict[tuple[str, int], int] = {}
    for (offer, source, week), n in sorted(counts.arrivals.items(), key=lambda kv: str(kv[0])):
        entry = matcher(offer, source, n)
        if entry is not None:
            weekly[(entry, week - first)] = weekly.get((entry, week - first), 0) + n
    return weekly
