"""Migrations between file versions: pure functions dict(v) -> dict(v + 1) run before validation."""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from typing import Any

from .document import SCHEMA_VERSION
from .errors import DocumentError

Migration = Callable[[MutableMapping[str, Any]], MutableMapping[str, Any]]


def _v0_to_v1(data: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    """Pre-release files (0.x) kept the scenarios under ``simulations`` and called layout ``positions``."""
    if "simulations" in data and "scenarios" not in data:
        data["scenarios"] = data.pop("simulations")
    if "positions" in data and "layout" not in data:
        data["layout"] = data.pop("positions")
    data["schema_version"] = 1
    return data


def _v1_timing_defaults(data: MutableMapping[str, Any]) -> None:
    """Version 1 arrivals were exact (the weekly figure every week); version 2 draws Poisson counts unless a
    rule says ``variability: exact``, so older files keep what they had."""
    scenarios = data.get("scenarios")
    for scenario in scenarios if isinstance(scenarios, list) else ():
        cohort = scenario.get("cohort") if isinstance(scenario, dict) else None
        arrivals = cohort.get("arrivals") if isinstance(cohort, dict) else None
        for rule in arrivals if isinstance(arrivals, list) else ():
            if isinstance(rule, dict):
                rule.setdefault("variability", "exact")


def _v1_sales_defaults(data: MutableMapping[str, Any]) -> None:
    """Version 1 scenarios keep how they were forecast: SLAs on the calendar clock, acceptance blind to
    response time, every rejection recycled after the status update, as many times as it happens."""
    scenarios = data.get("scenarios")
    if not isinstance(scenarios, list):
        return
    for scenario in scenarios:
        if not isinstance(scenario, dict):
            continue
        for place in (scenario, *_queues(scenario)):
            sla = place.get("sla", {} if place is scenario else None)
            if isinstance(sla, dict):
                place["sla"] = {**sla, "clock": sla.get("clock", "calendar")}
            acceptance = place.get("acceptance", {} if place is scenario else None)
            if isinstance(acceptance, dict):
                place["acceptance"] = _v1_acceptance(acceptance)


def _queues(scenario: dict) -> list[dict]:
    sales = scenario.get("sales")
    queues = sales.get("queues") if isinstance(sales, dict) else None
    return [q for q in queues.values() if isinstance(q, dict)] if isinstance(queues, dict) else []


def _v1_acceptance(acceptance: dict) -> dict:
    out = dict(acceptance)
    out.setdefault("by_response_time", [])
    out.setdefault("after_rejection", "recycle")
    recycle = {"to": out.pop("recycle_to", None), "cooldown_days": 0, "max_rounds": None, "keep_intent": False}
    out["recycle"] = {**recycle, **out["recycle"]} if isinstance(out.get("recycle"), dict) else recycle
    return out


def _v1_to_v2(data: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    _v1_sales_defaults(data)
    _v1_timing_defaults(data)
    data["schema_version"] = 2
    return data


# MIGRATIONS[v] turns a version-v mapping into a version v+1 mapping.
MIGRATIONS: dict[int, Migration] = {0: _v0_to_v1, 1: _v1_to_v2}


def migrate(data: MutableMapping[str, Any], file: str | None = None) -> MutableMapping[str, Any]:
    version = data.get("schema_version", SCHEMA_VERSION)
    if isinstance(version, bool) or not isinstance(version, int):
        raise DocumentError(f"schema_version must be a whole number, not {version!r}", file=file,
                            path="schema_version")
    if version > SCHEMA_VERSION:
        raise DocumentError(
            f"this file has schema_version {version}, but this version of Nurture Studio reads up to"
            f" {SCHEMA_VERSION}: open it with a newer Nurture Studio",
            file=file, path="schema_version",
        )
    if version < 0:
        raise DocumentError(f"schema_version {version} is not a version", file=file, path="schema_version")
    while version < SCHEMA_VERSION:
        data = MIGRATIONS[version](data)
        version += 1
    return data
