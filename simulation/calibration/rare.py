"""Free-text values seen in fewer than five leads, folded into one "other (n values)" bucket before any report."""

from __future__ import annotations

from collections import Counter

from sequences import Document
from sequences.history import ColumnMapping
from sequences.history.rules import FACILITY_BANDS

from .counts import MIX_FIELDS, HistoryCounts
from .entries import EntryMatcher

MIN_LEADS = 5  # a value typed by fewer leads than this may identify a person (a name in Industry)
MISSING = frozenset({"(empty)", "(none given)", "unknown", "other"})
# Rule names per counted field: a value a rule gives is the user's own word, not the CRM's text.
_RULES = {"role": ("role", "title"), "care_setting": ("care_setting",), "facility_size": ("facility_size",),
          "source": ("source",), "offer": ("offer",), "reason": ("rejection_reason",)}


def other_label(values: int) -> str:
    return f"other ({values} value{'s' * (values != 1)})"


def known_values(document: Document, mapping: ColumnMapping) -> dict[str, set[str]]:
    """Per field, the values that are never folded: the document's ids, the rules' values, size bands."""
    attrs = document.audience.attribute_values()
    known: dict[str, set[str]] = {}
    for name, rules in _RULES.items():
        values = set(MISSING) | set(attrs.get(name, ()))
        for rule in rules:
            if rule in mapping.rules:
                values |= mapping.rules[rule].values()
        known[name] = values
    known["facility_size"] |= {band for _, band in FACILITY_BANDS} | {"enterprise"}
    known["offer"] |= EntryMatcher(document).names
    for scenario in document.scenarios:
        known["reason"] |= set(scenario.acceptance.rejection_reasons)
    return known


def _rare(counter: Counter, keep: set[str]) -> set[str]:
    return {value for value, n in counter.items() if n < MIN_LEADS and value not in keep}


def fold_rare(counts: HistoryCounts, known: dict[str, set[str]]) -> None:
    """Replace, in place, every rare free-text value by ``other (n values)`` (rejection reasons by ``other``,
    as they become scenario ids); ``counts.folded`` records how many values and leads each field folded."""
    renamed: dict[str, dict[str, str]] = {}
    for name in MIX_FIELDS:
        counter = counts.mix[name]
        rare = _rare(counter, known.get(name, set(MISSING)))
        if not rare:
            continue
        label = other_label(len(rare))
        renamed[name] = dict.fromkeys(rare, label)
        counts.folded[name] = (len(rare), sum(counter[v] for v in rare))
        counts.mix[name] = _relabel(counter, renamed[name])
    if "offer" in renamed or "source" in renamed:
        offers, sources = renamed.get("offer", {}), renamed.get("source", {})
        arrivals: Counter = Counter()
        for (offer, source, week), n in counts.arrivals.items():
            arrivals[(offers.get(offer, offer), sources.get(source, source), week)] += n
        counts.arrivals = arrivals
    rare = _rare(counts.reasons, known.get("reason", set(MISSING)))
    if rare:
        counts.folded["rejection reason"] = (len(rare), sum(counts.reasons[v] for v in rare))
        counts.reasons = _relabel(counts.reasons, dict.fromkeys(rare, "other"))


def _relabel(counter: Counter, names: dict[str, str]) -> Counter:
    out: Counter = Counter()
    for value, n in counter.items():
        out[names.get(value, value)] += n
    return out


def folded_flags(counts: HistoryCounts) -> list[str]:
    return [f"{name}: {values} value{'s' * (values != 1)} seen in fewer than {MIN_LEADS} leads each "
            f"({leads} leads) counted as '{other_label(values) if name != 'rejection reason' else 'other'}' "
            "and never shown: a rare free-text value may identify a person"
            for name, (values, leads) in counts.folded.items()]
