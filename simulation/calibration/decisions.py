"""Sales decisions in the history: overall acceptance, and a warning when rejections seem to be missing."""

from __future__ import annotations

import re

from sequences.history import personal_reason

from .counts import HistoryCounts
from .stats import Estimate, proportion

# Headers under which CRMs keep sales decisions: a rejection may hide in one the mapping does not read.
_DECISION_HEADER = re.compile(r"status|reason|reject|unqualif|disqualif|lost|recycl|outcome|disposition|"
                              r"\bsal\b|accepted|stage", re.IGNORECASE)
ALL_ACCEPTED = 0.99  # acceptance at or above this on many handoffs is almost never real
MANY = 50


def decision_columns(headers: list[str], mapped: dict[str, str]) -> list[str]:
    """Columns of the file that may hold a sales decision and that the mapping does not read."""
    used = set(mapped.values())
    return [h for h in headers if h not in used and _DECISION_HEADER.search(h) and personal_reason(h) is None]


def decision_estimates(counts: HistoryCounts, headers: list[str], mapped: dict[str, str], min_n: int
                       ) -> tuple[list[Estimate], list[str]]:
    accepted = sum(n for (_, outcome), n in counts.decided.items() if outcome == "accepted")
    decided = sum(counts.decided.values())
    est = proportion("sales.accept", accepted, decided, "handed-off leads with a decision (a date, the lead "
                     "status or the lifecycle stage)", min_n)
    flags: list[str] = []
    undated = sum(counts.undated_decisions.values())
    if undated:
        flags.append(f"decisions: {undated} of {decided} decisions have no date (taken from "
                     f"{'the lead status' if 'lead_status' in mapped else 'the lifecycle stage'}); they are "
                     "counted, in the week of their handoff")
    for stage, n in sorted(counts.imputed.items()):
        if stage in ("mql", "sql"):
            flags.append(f"dates: {n} {stage.upper()}s have no date of their own (the stage or a later date shows "
                         "them); the weekly figures place them at the median delay")
    if counts.undecided_handoffs:
        flags.append(f"decisions: {counts.undecided_handoffs} handoffs have no decision yet (left out of acceptance)")
    if counts.rejected_without_handoff:
        flags.append(f"decisions: {counts.rejected_without_handoff} leads are marked rejected but were never handed "
                     "to sales (no SQL date or stage); not counted as sales rejections")
    if decided >= MANY and accepted >= ALL_ACCEPTED * decided:
        columns = decision_columns(headers, mapped)
        where = (f"columns that may hold them: {', '.join(repr(c) for c in columns)}" if columns
                 else "no other column of the file looks like a decision; check how your team records them")
        flags.append(f"WARNING acceptance is {100 * accepted / decided:.1f}% on {decided} handoffs: sales teams "
                     f"reject 20-50% of handoffs, so rejections are probably recorded where the mapping does "
                     f"not read them ({where}). Map the lead status (HubSpot 'Lead Status' = Unqualified, "
                     "Salesforce 'Status' = Closed - Not Converted) or a rejection date")
        est.flags.append("suspect: no rejections found")
    return [est], flags
