"""Mautic's own rules for campaigns, in our words: the id remapping its campaign import runs on an export
file (mautic/mautic CampaignImportExportSubscriber + CampaignEventImportExportSubscriber) and what its
builder and API refuse (CampaignApiController sources.notempty, jump targets, email decision sources)."""

from __future__ import annotations

import uuid
from typing import Any

NEW_CAMPAIGN = 501  # the id the importing Mautic gives the campaign
EMAIL_DECISIONS = ("email.open", "email.click", "email.reply")  # connectionRestrictions source: email.send


def sub_dependencies(dependencies: list[Any], entity: str) -> list[dict[str, Any]]:
    """getSubDependencies(): the first group holding ``entity``; PHP's return type demands an array."""
    for group in dependencies:
        if isinstance(group, dict) and entity in group:
            found = group[entity]
            assert isinstance(found, list), f"getSubDependencies(): {entity} is {type(found).__name__}, not array"
            return found
    return []


def simulate_import(payload: list[dict[str, Any]]) -> dict[str, Any]:
    """What Mautic stores after importing ``payload``: events with their campaign, parents, channel ids and
    jump targets remapped, and the campaign's contact sources. Raises AssertionError where Mautic fails."""
    assert isinstance(payload, list) and len(payload) == 1
    data = payload[0]
    campaign = data["campaign"][0]
    uuid.UUID(campaign["uuid"])
    assert isinstance(campaign["id"], int)
    campaign_map = {campaign["id"]: NEW_CAMPAIGN}
    dependencies = data["dependencies"]
    for group in dependencies:  # updateDependencies() walks group -> items -> dependency
        for items in group.values():
            assert isinstance(items, list), "every dependency group holds arrays"
            for item in items:
                if "campaign" in item and item["campaign"] in campaign_map:
                    item["campaign"] = campaign_map[item["campaign"]]
    events = data["campaign_event"]
    event_deps = sub_dependencies(dependencies, "campaign_event")
    for event in events:  # updateEvents(): strict === on the ids
        for dep in event_deps:
            if event["id"] == dep["campaign_event"] and type(event["id"]) is type(dep["campaign_event"]):
                event["campaign_id"] = dep["campaign"]
                channel = event.get("channel")
                if channel and channel in dep:
                    event["channel_id"] = dep[channel]
                    props = event["properties"]
                    for holder in (props, props.get("properties", {})):
                        if holder.get(channel) is not None:
                            holder[channel] = dep[channel]
    event_map = {int(e["id"]): 1000 + i for i, e in enumerate(events)}  # addEntityIdMap((int) id, new id)
    stored = {}
    for event in events:
        uuid.UUID(event["uuid"])
        parent = event_map.get(int(event["parent_id"])) if event.get("parent_id") is not None else None
        jump = None
        if event["type"] == "campaign.jump_to_event":
            jump = event_map.get(int(event["properties"]["jumpToEvent"]))
        stored[event_map[int(event["id"])]] = {**event, "campaign_id": event["campaign_id"], "parent": parent,
                                               "jump": jump}
    sources = {key: [item[key] for item in sub_dependencies(dependencies, key) if "campaign" in item]
               for key in ("lists", "forms")}
    for ids in sources.values():
        assert all(isinstance(i, int) for i in ids), "insertCampaign*Xref(int, int) under strict_types"
    canvas = campaign["canvas_settings"]
    nodes = [event_map.get(n["id"], n["id"]) if isinstance(n["id"], int) else n["id"] for n in canvas["nodes"]]
    return {"events": stored, "sources": sources, "canvas_nodes": nodes}


def check_imported(imported: dict[str, Any]) -> list[str]:
    """Problems Mautic would have running the imported campaign."""
    problems = []
    events = imported["events"]
    for event in events.values():
        if event["campaign_id"] != NEW_CAMPAIGN:
            problems.append(f"event {event['name']!r} attaches to campaign {event['campaign_id']}")
        if event["parent_id"] is not None and event["parent"] is None:
            problems.append(f"event {event['name']!r} loses its parent")
        if event["type"] == "campaign.jump_to_event" and event["jump"] not in events:
            problems.append(f"jump {event['name']!r} leads nowhere")
        if event["type"] == "email.send" and not event["properties"].get("email"):
            problems.append(f"email.send {event['name']!r} has no email")
    problems += tree_problems({k: (e["type"], e["event_type"], e["parent"], e["jump"]) for k, e in events.items()})
    if not any(imported["sources"].values()):
        problems.append("the campaign has no contact source")
    for key in events:
        if key not in imported["canvas_nodes"]:
            problems.append(f"event {key} is not on the canvas")
    return problems


def tree_problems(events: dict[Any, tuple[str, str, Any, Any]]) -> list[str]:
    """Builder rules: no jump into a decision; open/click decisions only right after an email.send."""
    problems = []
    for key, (type_, _event_type, parent, jump) in events.items():
        if jump is not None and events[jump][1] == "decision":
            problems.append(f"event {key} jumps into decision {jump}")
        if type_ in EMAIL_DECISIONS and (parent is None or events[parent][0] != "email.send"):
            problems.append(f"decision {key} ({type_}) does not follow an email.send")
    return problems


def rest_problems(body: dict[str, Any]) -> list[str]:
    """What CampaignApiController refuses (HTTP 400) or the builder never offers, in a REST body."""
    problems = []
    if not body["events"]:
        problems.append("mautic.campaign.form.events.notempty")
    if not body.get("lists") and not body.get("forms"):
        problems.append("mautic.campaign.form.sources.notempty")
    for source in ("lists", "forms"):
        if any(not isinstance(s.get("id"), int | str) or not str(s["id"]).isdigit() for s in body.get(source, [])):
            problems.append(f"{source} ids must be Mautic's numbers")
    by_id = {e["id"]: e for e in body["events"]}
    problems += tree_problems({e["id"]: (e["type"], e["eventType"], e["parent"],
                                         e["properties"].get("jumpToEvent")) for e in body["events"]})
    for event in body["events"]:
        if event["type"] == "email.send" and not event["properties"].get("email"):
            problems.append(f"email.send {event['name']!r} has no email")
        if event["parent"] is not None and event["parent"] not in by_id:
            problems.append(f"event {event['id']} has a missing parent")
    return problems
