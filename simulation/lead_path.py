"""One lead walked through the graph step by step with the engine's own handlers: the "test a lead" view."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import numpy as np

from sequences.document import Document
from sequences.nodes import EntryNode, ExitNode
from sequences.scenario import Arrival, Cohort, Scenario

from . import sales_rules as rules
from .compiled import Compiled, compile_model
from .handlers import END, RESPONSE_LAG_DAYS, SALES, UNSUBSCRIBE, Handlers
from .handoff_lag import STREAM as HANDOFF_LAG
from .handoff_lag import handoff_times
from .keyed_random import KeyedRandom, stream_key
from .leads import CLICKED_LAST, OPENED_LAST, RAISED_LAST, Leads
from .sales_teams import SalesTeams
from .tally import PLANNED

MAX_STEPS = 500


class LeadPathError(ValueError):
    """The persona cannot be walked (unknown entry or role): the message says which and why."""


@dataclass(frozen=True)
class Persona:
    """Who the test lead is. Segments not named are unknown (no fit points); no source: the entry's."""

    entry: str
    role: str
    segments: dict[str, str] = field(default_factory=dict)
    source: str | None = None
    arrival_day: float = 0.0


@dataclass(frozen=True)
class EmailScript:
    """What the scripted lead does with one email (a hand-raise wins over an unsubscribe, as in the engine)."""

    open: bool = False
    click: bool = False
    hand_raise: bool = False
    unsubscribe: bool = False


@dataclass(frozen=True)
class Script:
    """Scripted behaviour by email node id (emails not listed are ignored) and the sales decision."""

    emails: dict[str, EmailScript] = field(default_factory=dict)
    sales: str = "sampled"  # "accept", "reject" or "sampled" (seeded, from the fit bands)


@dataclass
class Step:
    node: str
    kind: str
    label: str
    day_in: float
    day_out: float
    port: str | None
    what: str
    fit: float
    intent: float
    total: float
    events: tuple[str, ...] = ()
    stalled: bool = False


@dataclass
class SalesOutcome:
    handoff_day: float
    sla_hours: float
    first_touch_day: float | None
    breached: bool
    accepted: bool | None
    reason: str | None
    queue_stalled: bool
    queue: str = "sales"
    response_factor: float | None = None  # the speed-to-lead factor of the first touch


@dataclass
class LeadPath:
    persona: Persona
    steps: list[Step]
    end: str
    mql_day: float | None = None
    sql_day: float | None = None
    sales: list[SalesOutcome] = field(default_factory=list)


def moment(day: float, start: date) -> datetime:
    """Engine day ``day`` as a date and time; day 0 is the Monday on or before ``start``."""
    monday = start - timedelta(days=start.weekday())
    return datetime(monday.year, monday.month, monday.day) + timedelta(days=float(day))


class _ScriptedRandom(KeyedRandom):
    """The engine's keyed draws, except that emails, their responses and response lags follow the script."""

    def __init__(self, seed: int, compiled: Compiled, script: Script):
        super().__init__(seed, 0)
        self.fixed: dict[int, tuple[float, float]] = {}
        lag = 1.0 - math.exp(-1.0)  # the mean response lag (RESPONSE_LAG_DAYS)
        for i in compiled.emails:
            node = compiled.nodes[i].id
            act = script.emails.get(node, EmailScript())
            self.fixed[stream_key(node, "email")] = (0.0 if act.open else 1.0, 0.0 if act.click else 1.0)
            self.fixed[stream_key(node, "act")] = (0.0 if act.hand_raise else 0.75 if act.unsubscribe else 1.0, 1.0)
            self.fixed[stream_key(node, "lag")] = (0.5, 0.25)  # the median response lag (z = 0)
        for obj in compiled.nodes:
            if obj.kind == "wait":
                self.fixed[stream_key(obj.id, "lag")] = (lag, lag)
        self.fixed[HANDOFF_LAG] = (0.5, 0.5)  # the median handoff lag
        decision = {"accept": 0.0, "reject": 1.0}.get(script.sales)
        if decision is not None:
            self.fixed[stream_key("<sales>", "decision")] = (decision, 0.5)

    def pair(self, stream: int, leads: np.ndarray, rounds: np.ndarray | None = None):
        if stream in self.fixed:
            a, b = self.fixed[stream]
            return np.full(len(leads), a), np.full(len(leads), b)
        return super().pair(stream, leads, rounds)


def _certain(compiled: Compiled) -> Compiled:
    """Rates that let the scripted draws decide: 0 always happens, 1 never (hand-raise below 0.5, unsub above)."""
    emails = {}
    for i, table in compiled.emails.items():
        one, half = np.ones_like(table.open), np.full_like(table.open, 0.5)
        emails[i] = dataclasses.replace(table, open=one, click=one.copy(), hand_raise=half, unsubscribe=half.copy())
    return dataclasses.replace(compiled, emails=emails, streams={})


def persona_scenario(document: Document, scenario: Scenario, persona: Persona) -> Scenario:
    """The scenario with a cohort of exactly this lead: a one-off arrival and a mix certain of every attribute."""
    entry = document.sequence.find(persona.entry)
    if not isinstance(entry, EntryNode):
        entries = ", ".join(n.id for n in document.sequence.nodes if n.kind == "entry") or "none"
        raise LeadPathError(f"'{persona.entry}' is not an entry node (entries: {entries})")
    if persona.role not in document.audience.roles:
        raise LeadPathError(f"role '{persona.role}' is not one of the audience's roles")
    mix = {"role": {persona.role: 1.0}}
    mix.update({name: {value: 1.0} for name, value in persona.segments.items() if value})
    if persona.source:
        mix["source"] = {persona.source: 1.0}
    arrival = Arrival(entry=persona.entry, leads=1, start_day=max(0.0, persona.arrival_day))
    return scenario.model_copy(update={"cohort": Cohort(arrivals=(arrival,)), "mix": mix})


class _Walker:
    def __init__(self, document: Document, scenario: Scenario, persona: Persona, script: Script | None, seed: int):
        compiled = compile_model(document, persona_scenario(document, scenario, persona))
        if script is not None:
            self.rng: KeyedRandom = _ScriptedRandom(seed, compiled, script)
            compiled = _certain(compiled)
        else:
            self.rng = KeyedRandom(seed, 0)
        self.c, self.scenario = compiled, compiled.scenario
        self.leads = Leads(compiled, self.rng)
        self.idx = np.zeros(1, dtype=np.int64)
        self.mql_days: list[float] = []
        self.handlers = Handlers(compiled, self.leads, self.rng, lambda t: self.mql_days.extend(t.tolist()))
        self.half_life = compiled.scoring.decay_half_life_days
        self.horizon = float(self.scenario.horizon_days)
        self.path = LeadPath(persona, [], "")

    def scores(self, t: float) -> tuple[float, float, float]:
        fit = float(self.leads.fit[0])
        intent = float(self.leads.intent_at(self.idx, np.array([t]), self.half_life)[0])
        return fit, intent, fit + intent

    def walk(self) -> LeadPath:
        if self.leads.n == 0:  # leads arriving after the horizon are never built
            return self._finish("arrives after the horizon: the forecast never sees this lead")
        node, t = int(self.leads.entry[0]), float(self.leads.arrival[0])
        if t >= self.horizon:
            return self._finish("arrives after the horizon: the forecast never sees this lead")
        while len(self.path.steps) < MAX_STEPS:
            if t >= self.horizon:
                return self._finish(f"still in nurture at '{self.c.nodes[node].id}' when the horizon ends")
            nxt = self._step(node, t)
            if isinstance(nxt, str):
                return self._finish(nxt)
            node, t = nxt
        return self._finish(f"stopped after {MAX_STEPS} steps")

    def _finish(self, end: str) -> LeadPath:
        self.path.end = end
        return self.path

    def _step(self, node: int, t: float) -> tuple[int, float] | str:
        obj = self.c.nodes[node]
        mql_before = len(self.mql_days)
        codes, t_out = self.handlers.run(node, self.idx, np.array([t]))
        code, out = int(codes[0]), float(t_out[0])
        events = self._events(obj.kind)
        if len(self.mql_days) > mql_before:
            events.append("MQL")
            if self.path.mql_day is None:
                self.path.mql_day = self.mql_days[-1]
        ports = self.c.ports[node]
        port = ports[code] if code >= 0 else None
        stalled = (obj.kind not in PLANNED and out - t >= self.scenario.stall.days_without_progress
                   and out < self.horizon)
        what = self._describe(obj, port, code, t, out)
        if code == SALES and obj.kind != "handoff":
            # The threshold handoff belongs to the node where the response crossed it, not to a later one.
            what += "; → sales: crossed the SQL threshold here"
        step = Step(obj.id, obj.kind, obj.label(), t, out, port, what,
                    *self.scores(min(out, self.horizon)), stalled=stalled)
        self.path.steps.append(step)
        if out >= self.horizon:
            step.events = tuple(events)
            return f"still waiting at '{obj.id}' when the horizon ends"
        if code == SALES:
            events.append("SQL")
            step.events = tuple(events)
            return self._sales(node, out)
        step.events = tuple(events)
        if code == UNSUBSCRIBE:
            return f"unsubscribed at '{obj.id}'"
        if code == END:
            if isinstance(obj, ExitNode):
                return f"exit '{obj.id}' ({obj.reason})"
            if obj.kind == "goal":
                return f"reached the goal '{obj.id}'"
            return f"no output of '{obj.id}' matched: the journey ends there"
        target = None if port is None else self.c.targets[node].get(port)
        if target is None:
            return f"output '{port}' of '{obj.id}' leads nowhere: the journey is complete"
        return target, out

    def _events(self, kind: str) -> list[str]:
        if kind != "email":
            return []
        flags = int(self.leads.flags[0])
        return [name for bit, name in ((OPENED_LAST, "opened"), (CLICKED_LAST, "clicked"),
                                       (RAISED_LAST, "raised a hand")) if flags & bit]

    def _describe(self, obj, port: str | None, code: int, t: float, out: float) -> str:
        if obj.kind == "email":
            did = self._events("email")
            text = ", ".join(did) if did else "not opened"
            return text + ("; unsubscribed" if code == UNSUBSCRIBE else "")
        if obj.kind == "wait":
            waited = f"waited {out - t:.1f} days"
            return f"{waited} ({port})" if port in ("event", "timeout") else waited
        if obj.kind in ("branch", "split"):
            return f"took '{port}'" if port else "no output matched"
        if obj.kind == "score":
            return f"{obj.points:+g} {obj.score}"
        if obj.kind == "entry":
            return f"arrived ({obj.trigger.replace('_', ' ')})"
        if obj.kind == "handoff":
            return "handed to sales"
        return obj.kind

    def _sales(self, node: int, t: float) -> tuple[int, float] | str:
        """The lead alone in its sales queue, under the engine's rules: first touch, SLA, decision, recycling."""
        lag = self.scenario.behaviour.handoff_lag_hours
        if lag is not None:  # sales-ready now, handed over after the handoff lag (booking the meeting)
            t = float(handoff_times(lag, self.rng, self.idx, self.leads.rounds[self.idx], np.array([t]))[0])
            if t >= self.horizon:
                return "sales-ready, still booking the meeting (the handoff lag) when the horizon ends"
        if self.path.sql_day is None:
            self.path.sql_day = t
        teams = SalesTeams(self.c)
        k = int(rules.route(teams, node, self.leads, self.idx, np.array([t]))[0])
        team = teams.teams[k]
        sla = rules.sla_hours(self.c, node, team)
        u = rules.touch_draws(self.rng, self.c, team, self.leads, self.idx)
        pickup = rules.pickup_draws(self.rng, self.c, team, self.leads, self.idx)  # the engine's own keyed draw
        out = rules.first_outreach(team, np.array([t]), np.array([sla / 24.0]), self.horizon,
                                   self.scenario.stall.queue_days, self.leads.fit[self.idx], u, pickup)
        touch = float(out.touch[0])
        outcome = SalesOutcome(t, sla, None, bool(out.breached[0]), None, None, bool(out.queue_stalled[0]),
                               queue=teams.names[k])
        self.path.sales.append(outcome)
        if not out.touched[0]:
            where = "sales" if len(teams) == 1 else f"'{outcome.queue}'"
            return f"waiting in the {where} queue when the horizon ends"
        outcome.first_touch_day = touch
        decision = rules.decide(self.rng, self.c, team, self.leads, self.idx, out.wait)
        outcome.response_factor = float(decision.factor[0])
        outcome.accepted = bool(decision.accepted[0])
        if outcome.accepted:
            return "accepted by sales" + ("" if len(teams) == 1 else f" ({outcome.queue})")
        outcome.reason = team.reasons[int(decision.reason[0])]
        if not rules.goes_back(team, self.leads, self.idx, decision.reason)[0]:
            return f"rejected by sales ({outcome.reason}) and disqualified"
        return self._recycle(team, touch + team.return_days)

    def _recycle(self, team, back: float) -> tuple[int, float] | str:
        rules.reset_for_nurture(self.handlers, self.leads, self.idx, np.array([back]), team.policy.keep_intent)
        if back >= self.horizon:
            return "rejected by sales; back in nurture after the horizon"
        target = rules.return_node(self.c, int(self.leads.entry[0]), team)
        if target is None:
            return "rejected by sales; the entry leads nowhere to recycle to"
        return target, back


def walk_lead(document: Document, scenario: Scenario, persona: Persona, script: Script | None = None,
              seed: int | None = None) -> LeadPath:
    """The path of one lead: ``script`` decides its responses, or (None) they are drawn from ``seed``."""
    return _Walker(document, scenario, persona, script, scenario.seed if seed is None else seed).walk()


__all__ = ["RESPONSE_LAG_DAYS", "EmailScript", "LeadPath", "LeadPathError", "Persona", "SalesOutcome", "Script",
           "Step", "moment", "persona_scenario", "walk_lead"]
