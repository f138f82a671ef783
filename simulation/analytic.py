"""The graph as an absorbing Markov chain (instant conversion, time, visits), the sales-queue check, preview."""

from __future__ import annotations

import functools
import itertools
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sequences.document import Document
from sequences.nodes import ELSE, BranchNode, EmailNode, SplitNode, WaitNode
from sequences.scenario import Scenario

from .checks import SimulationRefused, problems
from .clock import add_business_days
from .compiled import Compiled, compile_model
from .engine import Engine
from .handlers import RESPONSE_LAG_DAYS
from .queue_preview import HandoffLog, play
from .queueing import QueueCheck, erlang_c, sales_queue_check

__all__ = ["ChainResult", "Preview", "QueueCheck", "erlang_c", "markov", "preview", "sales_queue_check",
           "with_thresholds"]

ABSORBING_KINDS = ("handoff", "goal", "exit")
MAX_PROFILES = 4096


@dataclass
class ChainResult:
    """Expected outcomes per lead. ``exact`` is False where the chain had to approximate (notes say why)."""

    conversion: float
    days_to_absorption: float
    absorption: dict[str, float]
    visits: dict[str, float]
    exact: bool
    notes: list[str] = field(default_factory=list)


def _profiles(compiled: Compiled, attributes: list[str]) -> list[tuple[float, dict[str, int]]]:
    """Every combination of the attributes branches test, with its probability under the mix."""
    axes = []
    for attribute in attributes:
        probs = compiled.mix_weights(attribute)
        if probs is None:
            probs = np.zeros(len(compiled.vocab.get(attribute, ())))
        probs = probs / probs.sum() if probs.sum() > 0 else probs
        axes.append([(k, p) for k, p in enumerate(probs) if p > 0] or [(-1, 1.0)])
    out = []
    for combo in itertools.product(*axes):
        out.append((math.prod(p for _, p in combo), {a: k for a, (k, _) in zip(attributes, combo, strict=True)}))
    return out


def _branch_probs(compiled: Compiled, node: BranchNode, profile: dict[str, int], notes: set[str]) -> list[float]:
    probs: list[float | None] = []  # None for the else output: it takes what the others leave
    remaining = 1.0
    for output in node.outputs:
        if output.label == ELSE:
            probs.append(None)
            continue
        p = 1.0
        for cond in output.when:
            if cond.field in profile:
                codes = {compiled.code(cond.field, v) for v in cond.values()}
                hit = profile[cond.field] in codes
                p *= float(hit if cond.op in ("eq", "in") else not hit)
            else:
                notes.add(f"branch '{node.id}' tests {cond.field}, which depends on history: taken as 50%")
                p *= 0.5
        probs.append(remaining * p)
        remaining -= remaining * p
    return [remaining if p is None else p for p in probs]


def _unsub_and_flags(table, role: int) -> tuple[float, dict[str, float]]:
    o, c, h, u = (float(table.open[role]), float(table.click[role]), float(table.hand_raise[role]),
                  float(table.unsubscribe[role]))
    unsub_given_open = max(0.0, min(h + u, 1.0) - h)
    stay = 1.0 - o * unsub_given_open
    if stay <= 0:
        return 1.0, {"open": 0.0, "click": 0.0, "hand_raise": 0.0}
    return 1.0 - stay, {"open": o * (1 - unsub_given_open) / stay, "click": o * c * (1 - unsub_given_open) / stay,
                        "hand_raise": o * h / stay}


@functools.lru_cache(maxsize=64)
def _mean_business_wait(days: float) -> float:
    starts = np.arange(0, 7, 1 / 24)
    return float(np.mean(add_business_days(starts, days) - starts))


def markov(document: Document, scenario: Scenario) -> ChainResult:
    """Conversion (absorption at a handoff: the lead reaches sales, as the engine's ``conversion``),
    expected days to absorption and visits per node, mixed over role and the attributes branches test.

    Exact for graphs of entries, emails, fixed waits, splits, attribute branches and waits for an event
    right after an email, when no score threshold diverts leads (the SQL threshold is out of reach);
    a business-day wait is averaged over the week, exact for arrivals spread evenly over weeks.
    """
    compiled = compile_model(document, scenario)
    nodes = compiled.nodes
    n = len(nodes)
    notes: set[str] = set()
    if scenario.effective_scoring(document.scoring).sql.total < 1e6:
        notes.add("score thresholds can hand leads to sales anywhere; the chain ignores them")
    if scenario.behaviour.engagement_half_life_days is not None:
        notes.add("engagement fades with a lead's age; the chain answers every email at a new lead's rates")
    tested = sorted({c.field for node in nodes if isinstance(node, BranchNode) for o in node.outputs
                     for c in o.when if c.field in compiled.vocab and c.field != "role"})
    profiles = _profiles(compiled, ["role", *tested])[:MAX_PROFILES]
    start = np.zeros(n)
    for arrival in scenario.cohort.arrivals:
        if arrival.entry in compiled.index:
            start[compiled.index[arrival.entry]] += arrival.total()
    start = start / start.sum() if start.sum() > 0 else start
    preds: dict[int, list[str]] = {i: [] for i in range(n)}
    for edge in document.sequence.edges:
        preds[compiled.index[edge.to]].append(edge.from_)
    transient = [i for i in range(n) if nodes[i].kind not in ABSORBING_KINDS]
    pos = {i: k for k, i in enumerate(transient)}
    sinks = [nodes[i].id for i in range(n) if nodes[i].kind in ABSORBING_KINDS] + ["unsubscribed", "dead_end"]
    sink_pos = {s: k for k, s in enumerate(sinks)}
    visits, absorb, days = np.zeros(n), np.zeros(len(sinks)), 0.0
    for weight, profile in profiles:
        moves: list[tuple[int, int, float]] = []  # (from transient, to transient, probability)
        r = np.zeros((len(transient), len(sinks)))
        dwell = np.zeros(len(transient))

        def move(i: int, port: str, p: float, moves=moves, r=r) -> None:
            target = compiled.targets[i].get(port)
            if target is None:
                r[pos[i], sink_pos["dead_end"]] += p
            elif target in pos:
                moves.append((pos[i], pos[target], p))
            else:
                r[pos[i], sink_pos[nodes[target].id]] += p

        for i in transient:
            node = nodes[i]
            if isinstance(node, EmailNode):
                unsub, _ = _unsub_and_flags(compiled.emails[i], profile["role"])
                r[pos[i], sink_pos["unsubscribed"]] += unsub
                move(i, "next", 1.0 - unsub)
            elif isinstance(node, WaitNode):
                if node.mode == "until_event":
                    p_flag = _flag_probability(compiled, preds[i], node.awaited(), profile["role"], notes, node.id)
                    m, big_t = RESPONSE_LAG_DAYS, node.days
                    within = 1.0 - math.exp(-big_t / m)
                    p_event = p_flag * within
                    lag = m - big_t * math.exp(-big_t / m) / within if within > 0 else 0.0
                    dwell[pos[i]] = p_event * lag + (1 - p_event) * big_t
                    move(i, "event", p_event)
                    move(i, "timeout", 1.0 - p_event)
                else:
                    dwell[pos[i]] = node.days if node.mode == "days" else _mean_business_wait(node.days)
                    move(i, "next", 1.0)
            elif isinstance(node, BranchNode):
                for output, p in zip(node.outputs, _branch_probs(compiled, node, profile, notes), strict=True):
                    move(i, output.label, p)
            elif isinstance(node, SplitNode):
                total = sum(o.percent for o in node.outputs) or 1.0
                for share in node.outputs:
                    move(i, share.label, share.percent / total)
            else:
                move(i, "next", 1.0)
        fundamental = _expected_visits(moves, start[transient], notes)
        visits[transient] += weight * fundamental
        absorb += weight * (fundamental @ r)
        days += weight * float(fundamental @ dwell)
    absorption = {s: float(absorb[k]) for k, s in enumerate(sinks)}
    for k, s in enumerate(sinks[:-2]):
        visits[compiled.index[s]] += absorb[k]
        after = compiled.targets[compiled.index[s]].get("next") if nodes[compiled.index[s]].kind == "handoff" else None
        if after is not None:
            visits[after] += absorb[k]  # as the engine counts it: the goal after a handoff shows the SQLs
    converted = sum(p for s, p in absorption.items() if s in compiled.index
                    and nodes[compiled.index[s]].kind == "handoff")
    return ChainResult(conversion=float(converted), days_to_absorption=float(days), absorption=absorption,
                       visits={nodes[i].id: float(visits[i]) for i in range(n)}, exact=not notes,
                       notes=sorted(notes))


DENSE_LIMIT = 400
MAX_STEPS = 100_000


def _expected_visits(moves: list[tuple[int, int, float]], start: np.ndarray, notes: set[str]) -> np.ndarray:
    """Expected visits to each transient state: (I - Q^T)^-1 start, solved directly for small graphs and
    by summing the flow step by step for big ones (exact for graphs without loops)."""
    size = len(start)
    if not moves:
        return start.copy()
    src, dst, prob = (np.array(col) for col in zip(*moves, strict=True))
    if size <= DENSE_LIMIT:
        q = np.zeros((size, size))
        np.add.at(q, (src, dst), prob)
        return np.linalg.solve(np.eye(size) - q.T, start)
    total = np.zeros(size)
    flow: np.ndarray = start.astype(np.float64)
    for _ in range(MAX_STEPS):
        total += flow
        flow = np.bincount(dst, weights=flow[src] * prob, minlength=size)
        if flow.sum() < 1e-12:
            return total
    notes.add("leads can loop for a very long time: visits are cut after 100,000 steps")
    return total


def _flag_probability(compiled: Compiled, preds: list[str], event: str, role: int, notes: set[str],
                      node_id: str) -> float:
    emails = [compiled.index[p] for p in preds if compiled.index[p] in compiled.emails]
    if not emails or len(emails) != len(preds):
        notes.add(f"wait '{node_id}' does not follow an email directly: its event is taken as 50% likely")
        return 0.5
    return float(np.mean([_unsub_and_flags(compiled.emails[e], role)[1][event] for e in emails]))


@dataclass
class Preview:
    """What a threshold slider shows: a one-replication estimate on a small cohort, the chain, the queue."""

    mqls: float
    sql_leads: float
    sql_handoffs: float
    sla_breach_rate: float
    weekly_handoffs: list[float]
    scale: float
    chain: ChainResult
    queue: QueueCheck
    rep_utilisation: float = 0.0
    queues: dict[str, QueueCheck] = field(default_factory=dict)


def with_thresholds(scenario: Scenario, *, mql_total: float | None = None, sql_total: float | None = None,
                    document: Document | None = None) -> Scenario:
    """The scenario with its MQL/SQL totals replaced (what a slider changes)."""
    from sequences.scoring import ThresholdOverride

    base = scenario.effective_scoring(document.scoring) if document is not None else None
    current = scenario.thresholds or ThresholdOverride()
    mql = (current.mql or (base.mql if base else None))
    sql = (current.sql or (base.sql if base else None))
    update: dict[str, Any] = {}
    if mql_total is not None and mql is not None:
        update["mql"] = mql.model_copy(update={"total": float(mql_total)})
    if sql_total is not None and sql is not None:
        update["sql"] = sql.model_copy(update={"total": float(sql_total)})
    return scenario.model_copy(update={"thresholds": current.model_copy(update=update)})


def preview(document: Document, scenario: Scenario, *, max_leads: int = 20_000, seed: int | None = None) -> Preview:
    """Fast estimate for interactive use (~0.1-0.3 s): one replication on at most ``max_leads`` leads
    (scaled back up), whose handoffs, copied to full volume, are then played through the real sales teams
    for the breach rate and utilisation. A document or scenario with errors raises ``SimulationRefused``."""
    found = problems(document, scenario)
    if found:
        raise SimulationRefused(found)
    total = sum(a.total() for a in scenario.cohort.arrivals)
    leads = None if total <= max_leads else max_leads
    scale = 1.0 if leads is None else total / max_leads
    seed = scenario.seed if seed is None else seed
    compiled = compile_model(document, scenario)
    engine = Engine(compiled, seed, 0, leads)
    engine.handoff_log = HandoffLog()
    figures = engine.run()
    # One sampled lead stood for the arrivals of ``scale`` leads: its handoff's copies spread over that span.
    rates = [a.leads_per_week for a in scenario.cohort.arrivals if a.leads_per_week]
    spacing = 7.0 * scale * len(rates) / sum(rates) if rates else 0.0
    played = play(compiled, engine.handoff_log, scale, spacing, seed)
    totals = figures["totals"]
    daily = figures["daily"]["sql_handoffs"]
    weekly = [scale * sum(daily[i:i + 7]) for i in range(0, len(daily), 7)]
    chain = markov(document, scenario)
    days = max(scenario.horizon_days, 1.0)
    checks = {name: sales_queue_check(scenario, q["handoffs"] / days, name) for name, q in played.queues.items()}
    first = next(iter(checks.values()))
    return Preview(mqls=scale * totals["mqls"], sql_leads=scale * totals["sql_leads"],
                   sql_handoffs=scale * totals["sql_handoffs"], sla_breach_rate=played.sla_breach_rate,
                   weekly_handoffs=weekly, scale=scale, chain=chain, queue=first,
                   rep_utilisation=played.rep_utilisation, queues=checks)
