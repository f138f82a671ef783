"""Contact sources of an imported Mautic campaign: one entry per segment or form, with its id."""

from __future__ import annotations

from .mautic_events import MEvent
from .reader import as_list


def add_entries(importer) -> None:
    """One entry per contact source (segment or form, with its id): Mautic starts every first step of
    the campaign for every source, so each entry leads to the first of them."""
    roots = [e for e in importer.c.events.values() if e.parent is None]
    nodes = as_list(importer.c.canvas.get("nodes"))
    connections = as_list(importer.c.canvas.get("connections"))
    kinds = [s for s in ("lists", "forms") if s in importer.c.sources or
             any(isinstance(n, dict) and n.get("id") == s for n in nodes)] or ["lists"]
    wired: dict[str, list[MEvent]] = {}
    for c in connections:
        if isinstance(c, dict) and c.get("sourceId") in kinds and str(c.get("targetId")) in importer.c.events:
            event = importer.c.events[str(c.get("targetId"))]
            if event not in wired.setdefault(c["sourceId"], []):
                wired[c["sourceId"]].append(event)
    everyone = [e for events in wired.values() for e in events] or roots
    firsts_of = {kind: wired.get(kind) or everyone for kind in kinds}
    for kind, firsts in firsts_of.items():
        if len(firsts) > 1:
            importer.b.warn("parallel", f"contact source '{kind}': the campaign starts {len(firsts)} steps at once"
                        f" ({', '.join(repr(e.name or e.type) for e in firsts)}); its entry leads to the"
                        " first, the others are imported unconnected")
    for source in kinds:
        ids = importer.c.sources.get(source) or [None]
        if source not in importer.c.sources:
            importer.b.warn("source-id", f"the {'segment' if source == 'lists' else 'form'} source has no id in"
                        " the file: set it in exports.mautic.segments")
        for index, source_id in enumerate(ids):
            name = "Segment" if source == "lists" else "Form"
            entry = importer.b.add("entry", "segment" if source == "lists" else "form",
                               trigger="lead_magnet" if source == "lists" else "form",
                               title=f"{name} {source_id}" if source_id else name)
            if source_id:
                importer.b.mapping["segments"][f"entry:{entry}"] = source_id
            if firsts_of[source]:
                importer.link(entry, "next", firsts_of[source][:1], f"contact source '{source}' #{index + 1}")
