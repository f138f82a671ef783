"""How each sweep setting is read from a scenario and written into one: the only place that knows paths.

A knob works on the scenario's data (a plain dict whose ``thresholds`` already hold the effective scoring),
so a new scenario setting slots in as one entry here and one label in ``sequences.sweep.SWEEP_PARAMETERS``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sequences.document import Document
from sequences.scenario import Scenario

Data = dict[str, Any]


@dataclass(frozen=True)
class Knob:
    get: Callable[[Document, Scenario], float]
    put: Callable[[Data, float], None]
    integer: bool = False
    lowest: float | None = None  # below this the setting means nothing (extending an axis stops here)
    highest: float | None = None


def _scoring(document: Document, scenario: Scenario):
    return scenario.effective_scoring(document.scoring)


def _put(*path: str, cast: Callable[[float], Any] = float) -> Callable[[Data, float], None]:
    def put(data: Data, value: float) -> None:
        node = data
        for key in path[:-1]:
            node = node.setdefault(key, {})
        node[path[-1]] = cast(value)
    return put


def _first_team(scenario: Scenario):
    """The queue threshold handoffs go to when no rule routes them: the flat team, or the first queue."""
    return next(iter(scenario.sales.team().values()))


def _sla_hours(scenario: Scenario) -> float:
    team = _first_team(scenario)
    return (team.sla or scenario.sla).first_outreach_hours


def _put_team(name: str, cast: Callable[[float], Any] = float) -> Callable[[Data, float], None]:
    """Writes a team setting into the first queue when the scenario has queues, else into the flat team."""
    def put(data: Data, value: float) -> None:
        queues = (data.get("sales") or {}).get("queues")
        target = next(iter(queues.values())) if queues else data.setdefault("sales", {})
        target[name] = cast(value)
    return put


def _put_sla(data: Data, value: float) -> None:
    queues = (data.get("sales") or {}).get("queues")
    first = next(iter(queues.values())) if queues else None
    if first is not None and first.get("sla") is not None:
        first["sla"]["first_outreach_hours"] = float(value)
    else:
        data.setdefault("sla", {})["first_outreach_hours"] = float(value)


def _scale_arrivals(data: Data, value: float) -> None:
    for arrival in data["cohort"]["arrivals"]:
        if arrival.get("leads_per_week") is not None:
            arrival["leads_per_week"] *= value
        if arrival.get("leads") is not None:
            arrival["leads"] = int(round(arrival["leads"] * value))


KNOBS: dict[str, Knob] = {
    "mql_fit_min": Knob(lambda d, s: _scoring(d, s).mql.fit_min, _put("thresholds", "mql", "fit_min")),
    "mql_total": Knob(lambda d, s: _scoring(d, s).mql.total, _put("thresholds", "mql", "total")),
    "sql_total": Knob(lambda d, s: _scoring(d, s).sql.total, _put("thresholds", "sql", "total")),
    "require_hand_raise": Knob(lambda d, s: float(_scoring(d, s).sql.require_hand_raise),
                               _put("thresholds", "sql", "require_hand_raise", cast=bool), lowest=0, highest=1),
    "decay_half_life_days": Knob(lambda d, s: _scoring(d, s).decay_half_life_days,
                                 _put("thresholds", "decay_half_life_days"), lowest=0.5),
    # Team settings act on the first queue (the one threshold handoffs go to, usually the SDRs).
    "reps": Knob(lambda d, s: float(_first_team(s).reps), _put_team("reps", cast=lambda v: int(round(v))),
                 integer=True, lowest=1),
    "first_touches_per_rep_per_day": Knob(lambda d, s: _first_team(s).first_touches_per_rep_per_day,
                                          _put_team("first_touches_per_rep_per_day"), lowest=1),
    "sla_hours": Knob(lambda d, s: _sla_hours(s), _put_sla, lowest=1),
    "arrival_scale": Knob(lambda d, s: 1.0, _scale_arrivals, lowest=0.05),
}


def team_size(scenario: Scenario) -> int:
    """The reps a scenario pays for, in every queue (the economics' cost and "one more rep" read this)."""
    return sum(team.reps for team in scenario.sales.team().values())


def sla_pinned_by_nodes(document: Document) -> list[str]:
    """Handoff nodes with their own SLA: theirs wins over the scenario's, so an SLA axis cannot reach them."""
    return [f"'{n.title or n.id}' ({n.sla_hours:g} h)" for n in document.sequence.nodes
            if n.kind == "handoff" and getattr(n, "sla_hours", None) is not None]
