"""The places outside the graph that name a node by id, rewritten for a rename (plain data, no Qt)."""

from __future__ import annotations

from typing import Any

from sequences import Document
from sequences.export_mapping import TargetMapping

# Only these fields name nodes: a topic, a threshold or an offer that happens to share the id does not.
#   scenarios[i].cohort.arrivals[j].entry    the entry leads arrive at
#   scenarios[i].acceptance.recycle_to       where rejected leads are recycled to
#   exports.<target>.emails keys             the email node an asset id belongs to
#   exports.<target>.segments keys           "<kind>:<node>" or "branch:<node>:<label>"
# (Edges and the layout are rewritten by the rename command itself; sweeps name no nodes.)
EXPORT_TARGETS = ("hubspot", "mautic", "dittofeed")


def _renamed_key(key: str, old: str, new: str) -> str:
    parts = key.split(":")
    if len(parts) >= 2 and parts[1] == old:
        parts[1] = new
    return ":".join(parts)


def renamed_fields(document: Document, old: str, new: str) -> dict[str, Any]:
    """Top-level field -> its value with every reference to node ``old`` renamed ``new`` (only changed fields)."""
    changed: dict[str, Any] = {}
    scenarios = []
    for scenario in document.scenarios:
        arrivals = tuple(a.model_copy(update={"entry": new}) if a.entry == old else a
                         for a in scenario.cohort.arrivals)
        update: dict[str, Any] = {}
        if arrivals != scenario.cohort.arrivals:
            update["cohort"] = scenario.cohort.model_copy(update={"arrivals": arrivals})
        if scenario.acceptance.recycle.to == old:
            update["acceptance"] = _recycling_to(scenario.acceptance, new)
        queues = {name: q.model_copy(update={"acceptance": _recycling_to(q.acceptance, new)})
                  if q.acceptance is not None and q.acceptance.recycle.to == old else q
                  for name, q in scenario.sales.queues.items()}
        if queues != scenario.sales.queues:
            update["sales"] = scenario.sales.model_copy(update={"queues": queues})
        scenarios.append(scenario.model_copy(update=update) if update else scenario)
    if tuple(scenarios) != document.scenarios:
        changed["scenarios"] = tuple(scenarios)
    targets: dict[str, TargetMapping] = {}
    for target in EXPORT_TARGETS:
        mapping: TargetMapping = getattr(document.exports, target)
        emails = {(new if key == old else key): value for key, value in mapping.emails.items()}
        segments = {_renamed_key(key, old, new): value for key, value in mapping.segments.items()}
        if emails != mapping.emails or segments != mapping.segments:
            targets[target] = mapping.model_copy(update={"emails": emails, "segments": segments})
    if targets:
        changed["exports"] = document.exports.model_copy(update=targets)
    return changed


def _recycling_to(acceptance: Any, node: str) -> Any:
    return acceptance.model_copy(update={"recycle": acceptance.recycle.model_copy(update={"to": node})})
