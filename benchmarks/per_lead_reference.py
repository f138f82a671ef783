"""A plain per-lead SimPy model with the engine's semantics (one process per lead): the benchmark's baseline."""

from __future__ import annotations

import math
import random

import numpy as np
import simpy

from sequences.conditions import Condition
from sequences.document import Document
from sequences.nodes import ELSE
from sequences.scenario import Scenario
from simulation.clock import add_business_days
from simulation.compiled import compile_model
from simulation.handlers import RESPONSE_LAG_DAYS
from simulation.keyed_random import KeyedRandom
from simulation.leads import Leads
from simulation.sales import SalesTeam
from simulation.sales_rules import reentry_days, sla_hours


class Lead:
    __slots__ = ("i", "role", "fit", "intent", "t_ref", "opens", "clicks", "emails", "topics", "last", "raised",
                 "mql", "sql_t", "entry")

    def __init__(self, i: int, role: int, fit: float, entry: int, t: float):
        self.i, self.role, self.fit, self.entry = i, role, fit, entry
        self.intent, self.t_ref, self.opens, self.clicks, self.emails = 0.0, t, 0, 0, 0
        self.topics: set[str] = set()
        self.last: set[str] = set()
        self.raised, self.mql, self.sql_t = False, False, math.inf


def reference_run(document: Document, scenario: Scenario, seed: int, leads: int | None = None) -> dict:
    """One replication, one SimPy process per lead; returns SQL handoffs, time-to-SQL and breach figures."""
    c = compile_model(document, scenario)
    cohort = Leads(c, KeyedRandom(seed, 0), leads)
    rng = random.Random(seed)
    env = simpy.Environment()
    team = SalesTeam(scenario.sales, scenario.acceptance)
    reps = simpy.Resource(env, capacity=max(team.reps, 1))
    scoring, horizon = c.scoring, scenario.horizon_days
    half = scoring.decay_half_life_days
    roles = c.vocab["role"]
    handoffs: list[tuple[float, float, float]] = []  # (handoff time, first touch or inf, sla days)
    sla_default = scenario.sla.first_outreach_hours / 24.0
    reentry = reentry_days(scenario)
    work = lambda t: float(team.clock.to_work(np.array([t]))[0])  # noqa: E731
    calendar = lambda w: float(team.clock.to_calendar(np.array([w]))[0])  # noqa: E731

    def attribute(lead: Lead, name: str) -> str | None:
        code = int(cohort.attrs[name][lead.i]) if name in cohort.attrs else -1
        return c.vocab[name][code] if code >= 0 else None

    def holds(lead: Lead, cond: Condition, now: float) -> bool:
        intent = lead.intent * 2 ** ((lead.t_ref - now) / half)
        numbers = {"fit": lead.fit, "intent": intent, "total": intent + lead.fit, "opens": lead.opens,
                   "clicks": lead.clicks, "emails_received": lead.emails}
        flags = {"opened_last": "open" in lead.last, "clicked_last": "click" in lead.last,
                 "hand_raised": lead.raised, "is_mql": lead.mql}
        op, value = cond.op, cond.value
        if cond.field in numbers:
            x = numbers[cond.field]
            return {"eq": x == value, "ne": x != value, "gt": x > value, "gte": x >= value, "lt": x < value,
                    "lte": x <= value}.get(op, False)
        if cond.field in flags:
            return flags[cond.field] == value if op == "eq" else flags[cond.field] != value
        if cond.field == "clicked_topic":
            return bool(lead.topics & set(cond.values())) == (op in ("eq", "in"))
        got = attribute(lead, cond.field)
        inside = got is not None and got in cond.values()
        return inside if op in ("eq", "in") else (not inside if op in ("ne", "not_in") else False)

    def crossed(lead: Lead, now: float) -> bool:
        total = lead.intent + lead.fit
        sql = total >= scoring.sql.total and (lead.raised or not scoring.sql.require_hand_raise)
        if not lead.mql and (sql or (lead.fit >= scoring.mql.fit_min and total >= scoring.mql.total)):
            lead.mql = True
        return sql

    def add(lead: Lead, now: float, points: float) -> None:
        lead.intent = lead.intent * 2 ** ((lead.t_ref - now) / half) + points
        lead.t_ref = now

    def journey(lead: Lead, start: int, at: float):
        yield env.timeout(max(0.0, at - env.now))
        node_index = start
        while node_index is not None:
            node, port = c.nodes[node_index], "next"
            now = env.now
            if node.kind == "entry":
                add(lead, now, scoring.entry_points.get(node.trigger, 0.0))
                if crossed(lead, now):
                    break
            elif node.kind == "email":
                t = c.emails[node_index]
                r = lead.role
                opened = rng.random() < t.open[r]
                clicked = opened and rng.random() < t.click[r]
                u = rng.random() if opened else 1.0
                raised = u < t.hand_raise[r]
                unsub = not raised and u < t.hand_raise[r] + t.unsubscribe[r]
                points = opened * t.points_open[r] + clicked * t.points_click[r] + raised * t.points_hand_raise[r]
                add(lead, now, points)
                lead.last = {e for e, did in (("open", opened), ("click", clicked), ("hand_raise", raised)) if did}
                lead.raised |= raised
                lead.opens += opened
                lead.clicks += clicked
                lead.emails += 1
                if clicked and int(t.topic_bit[r]):
                    lead.topics.add(c.topics[int(t.topic_bit[r]).bit_length() - 1])
                if unsub:
                    return
                if crossed(lead, now):
                    break
            elif node.kind == "wait":
                if node.mode == "days":
                    yield env.timeout(node.days)
                elif node.mode == "business_days":
                    yield env.timeout(float(add_business_days(np.array([now]), node.days)[0]) - now)
                else:
                    lag = rng.expovariate(1.0 / RESPONSE_LAG_DAYS)
                    hit = node.event in lead.last and lag <= node.days
                    port = "event" if hit else "timeout"
                    yield env.timeout(lag if hit else node.days)
            elif node.kind == "branch":
                port = next((o.label for o in node.outputs if o.label != ELSE
                             and all(holds(lead, cond, now) for cond in o.when)), ELSE)
            elif node.kind == "split":
                total = sum(o.percent for o in node.outputs) or 1.0
                u, port = rng.random() * total, node.outputs[-1].label
                for o in node.outputs:
                    if u < o.percent:
                        port = o.label
                        break
                    u -= o.percent
            elif node.kind == "score":
                if node.score == "fit":
                    lead.fit += node.points
                add(lead, now, node.points if node.score == "intent" else 0.0)
                if crossed(lead, now):
                    break
            elif node.kind == "handoff":
                yield from sales(lead, sla_hours(c, node_index) / 24.0)
                return
            else:
                return
            node_index = c.targets[node_index].get(port)
        else:
            return
        yield from sales(lead, sla_default)

    def release(request, after: float):
        yield env.timeout(after)
        reps.release(request)

    def sales(lead: Lead, sla: float):
        handed = env.now
        lead.sql_t = min(lead.sql_t, handed)
        record = [handed, math.inf, sla]
        handoffs.append(record)
        request = reps.request()
        yield request
        start = work(env.now)
        record[1] = calendar(start)
        env.process(release(request, max(0.0, calendar(start + team.service_hours) - env.now)))
        yield env.timeout(max(0.0, record[1] - env.now))
        if rng.random() < team.accept_probability(np.array([lead.fit]))[0]:
            return
        if scenario.acceptance.after_rejection == "recycle":
            back = record[1] + reentry
            lead.intent, lead.t_ref, lead.raised, lead.mql, lead.last = 0.0, back, False, False, set()
            target = c.index.get(scenario.acceptance.recycle_to or "", c.targets[lead.entry].get("next"))
            if target is not None:
                env.process(journey(lead, target, back))

    people = []
    for i in range(cohort.n):
        if cohort.arrival[i] < horizon:
            lead = Lead(i, int(cohort.attrs["role"][i]), float(cohort.fit[i]), int(cohort.entry[i]),
                        float(cohort.arrival[i]))
            people.append(lead)
            env.process(journey(lead, int(cohort.entry[i]), float(cohort.arrival[i])))
    env.run(until=horizon)
    sql_days = [lead.sql_t - cohort.arrival[lead.i] for lead in people if lead.sql_t < math.inf]
    due = [(h, t, s) for h, t, s in handoffs if h + s < horizon]
    breaches = sum(1 for h, t, s in due if t > h + s)
    return {"arrived": len(people), "sql_leads": len(sql_days), "sql_handoffs": len(handoffs),
            "mean_days_to_sql": float(np.mean(sql_days)) if sql_days else None,
            "sla_breach_rate": breaches / len(due) if due else 0.0, "roles": roles}
