"""Counts one replication keeps as it runs, and the figures it reports at the end."""

from __future__ import annotations

import math
from collections import defaultdict

import numpy as np

DAILY = ("arrivals", "mqls", "sql_handoffs", "first_touches", "sla_breaches", "accepted", "rejected",
         "recycled", "unsubscribed", "queue_length")
# The daily series the totals sum: all a lean replication (a sweep's, a fit's) keeps of the daily counts.
SUMMED = frozenset({"sql_handoffs", "first_touches", "sla_breaches", "rejected", "recycled"})
DWELL_BINS_PER_DAY = 96
QUANTILES = (("p10", 10), ("p25", 25), ("p50", 50), ("p75", 75), ("p90", 90))

# Kinds where a lead's time is planned (a wait; an email's send window and response lag): never stalls.
PLANNED = frozenset({"wait", "email"})
# Where each lead is; the first three are "in flight".
STATES = ("in_nurture", "in_sales_queue", "awaiting_recycle", "completed", "unsubscribed",
          "exit_disqualified", "exit_recycled", "goal", "accepted", "disqualified")
NOT_ARRIVED = -1
(IN_NURTURE, IN_QUEUE, RECYCLING, COMPLETED, UNSUBSCRIBED, EXIT_DISQUALIFIED, EXIT_RECYCLED, GOAL,
 ACCEPTED, DISQUALIFIED) = range(10)
IN_FLIGHT = (IN_NURTURE, IN_QUEUE, RECYCLING)
EXIT_STATES = {"completed": COMPLETED, "unsubscribed": UNSUBSCRIBED, "disqualified": EXIT_DISQUALIFIED,
               "recycled": EXIT_RECYCLED}


class Tally:
    @staticmethod
    def state_counts(state: np.ndarray) -> dict[str, int]:
        """Leads in each state (and "not_arrived"), by one count over the states instead of one per state."""
        counts = np.bincount(state.astype(np.intp) - NOT_ARRIVED, minlength=len(STATES) + 1).tolist()
        return {"not_arrived": counts[0]} | {name: counts[k + 1] for k, name in enumerate(STATES)}

    def __init__(self, n_nodes: int, horizon: float, detail: bool = True):
        self.days = max(1, math.ceil(horizon))
        # Without detail only the totals are reported: the daily series become sums, dwell goes unrecorded.
        self.detail = detail
        self.sums = dict.fromkeys(SUMMED, 0)
        self.daily = {name: np.zeros(self.days, dtype=np.int64) for name in DAILY if name != "queue_length"}
        self.entered = np.zeros(n_nodes, dtype=np.int64)
        self.stalled = np.zeros(n_nodes, dtype=np.int64)
        self.left: list[dict[str, int]] = [defaultdict(int) for _ in range(n_nodes)]
        self.dwell = [np.zeros(0, dtype=np.int64) for _ in range(n_nodes)]
        self.dwell_range = [(np.inf, -np.inf) for _ in range(n_nodes)]
        self.handoff_days: list[np.ndarray] = []
        self.touch_days: list[np.ndarray] = []
        self.waits: list[np.ndarray] = []
        self.queue_stalled = 0
        self.mql_stalls = 0  # MQLs that finished nurture without reaching SQL, once the stall period passed
        self.breach_due = 0
        self.reasons: dict[str, int] = defaultdict(int)

    def count(self, name: str, t: np.ndarray) -> None:
        if not len(t):
            return
        if self.detail:
            self.daily[name] += np.bincount(t.astype(np.int64), minlength=self.days)[: self.days]
        elif name in SUMMED:
            # The same leads the daily series keeps: whole days from 0 to days - 1 (times are never negative).
            self.sums[name] += int(np.count_nonzero(t < self.days))

    def total(self, name: str) -> int:
        """Everything counted under ``name`` (one of ``SUMMED`` in a lean tally)."""
        return int(self.daily[name].sum()) if self.detail else self.sums[name]

    def add_dwell(self, node: int, dwell: np.ndarray, weight: int = 1) -> None:
        """Dwell times in a 15-minute histogram: a median to the quarter hour without keeping every lead's.
        ``weight`` counts each given dwell that many times."""
        if not len(dwell):
            return
        lo, hi = self.dwell_range[node]
        self.dwell_range[node] = (min(lo, float(dwell.min())), max(hi, float(dwell.max())))
        counts = np.bincount((dwell * DWELL_BINS_PER_DAY).astype(np.int64)) * weight
        have = self.dwell[node]
        if len(counts) > len(have):
            counts[: len(have)] += have
            self.dwell[node] = counts
        else:
            have[: len(counts)] += counts

    def add_same_dwell(self, node: int, days: float, n: int) -> None:
        """``add_dwell`` of ``n`` leads that all stayed ``days``, without building their histogram."""
        if n <= 0:
            return
        lo, hi = self.dwell_range[node]
        self.dwell_range[node] = (min(lo, days), max(hi, days))
        k = int(np.float64(days) * DWELL_BINS_PER_DAY)
        have = self.dwell[node]
        if k >= len(have):
            grown = np.zeros(k + 1, dtype=np.int64)
            grown[: len(have)] = have
            self.dwell[node] = have = grown
        have[k] += n

    def median_dwell(self, node: int) -> float:
        lo, hi = self.dwell_range[node]
        if lo > hi:
            return 0.0
        if lo == hi:
            return lo
        hist = self.dwell[node]
        k = int(np.searchsorted(np.cumsum(hist), (hist.sum() + 1) / 2))
        return float(min(max((k + 0.5) / DWELL_BINS_PER_DAY, lo), hi))

    def figures(self, engine, detail: bool = True, by_state: dict[str, int] | None = None) -> dict:
        """The replication's figures; ``by_state``: the leads in each state, if already counted."""
        leads, horizon, state = engine.leads, engine.horizon, engine.leads.state
        nodes = engine.compiled.nodes
        in_flight_at = np.zeros(len(nodes), dtype=np.int64)
        node_stall_end = np.zeros(len(nodes), dtype=np.int64)
        for i, chunks in enumerate(engine.beyond):
            for _idx, t_in in chunks:
                in_flight_at[i] += len(t_in)
                if nodes[i].kind not in PLANNED:  # a lead still in a planned stay has not outstayed it
                    node_stall_end[i] += int(np.count_nonzero(horizon - t_in >= engine.stall_days))
        by_state = by_state or self.state_counts(state)
        arrived = int(len(state)) - by_state["not_arrived"]
        handoffs = self.total("sql_handoffs")
        breaches = self.total("sla_breaches")
        sql_leads = int(np.count_nonzero(leads.sql_t < np.inf))
        ended = leads.done_t < np.inf
        done = leads.done_t[ended] - leads.arrival[ended]
        waits = np.concatenate(self.waits) if self.waits else np.zeros(0)
        totals = {
            "arrived": arrived, "mqls": int(np.count_nonzero(leads.mql_t < np.inf)), "sql_leads": sql_leads,
            "sql_handoffs": handoffs, "first_touches": self.total("first_touches"),
            "accepted": by_state["accepted"], "rejected": self.total("rejected"),
            "recycled": self.total("recycled"), "disqualified": by_state["disqualified"],
            "unsubscribed": by_state["unsubscribed"], "completed": by_state["completed"],
            "exit_disqualified": by_state["exit_disqualified"], "exit_recycled": by_state["exit_recycled"],
            "goal": by_state["goal"], "in_nurture": by_state["in_nurture"],
            "in_sales_queue": by_state["in_sales_queue"], "awaiting_recycle": by_state["awaiting_recycle"],
            "in_flight": sum(by_state[STATES[k]] for k in IN_FLIGHT),
            # The reconciliation: arrived = ended + stalled + moving, each lead in exactly one of the three.
            "ended": arrived - sum(by_state[STATES[k]] for k in IN_FLIGHT) - self.mql_stalls,
            "stalled": self.mql_stalls + int(node_stall_end.sum()),
            "moving": sum(by_state[STATES[k]] for k in IN_FLIGHT) - int(node_stall_end.sum()),
            "sla_breaches": breaches, "sla_breach_rate": breaches / self.breach_due if self.breach_due else 0.0,
            "queue_stalled": self.queue_stalled,
            "node_stalled": int(self.stalled.sum() + node_stall_end.sum()),
            "rep_utilisation": engine.sales.utilisation(horizon),
            "conversion": sql_leads / arrived if arrived else 0.0,
            "mean_days_to_absorption": float(done.mean()) if len(done) else None,
            "median_queue_wait_hours": float(np.median(waits) * 24) if len(waits) else None,
        }
        figures = {
            "totals": totals,
            "time_to_mql": _quantiles(leads.mql_t - leads.arrival),
            "time_to_sql": _quantiles(leads.sql_t - leads.arrival),
            "rejection_reasons": {r: self.reasons.get(r, 0) for r in engine.sales.reasons},
        }
        if detail:
            if not self.detail:
                raise ValueError("a lean tally has no daily, per-node or per-attribute figures")
            queued = np.cumsum(np.bincount(np.concatenate(self.handoff_days or [np.zeros(0)]).astype(np.int64),
                                           minlength=self.days)[: self.days])
            touched = np.cumsum(np.bincount(np.concatenate(self.touch_days or [np.zeros(0)]).astype(np.int64),
                                            minlength=self.days)[: self.days])
            daily = {name: values.tolist() for name, values in self.daily.items()}
            daily["queue_length"] = (queued - touched).tolist()
            figures |= {"daily": daily, "nodes": self._nodes(engine, in_flight_at, node_stall_end),
                        "breakdowns": _breakdowns(engine)}
        return figures

    def _nodes(self, engine, in_flight_at: np.ndarray, stall_end: np.ndarray) -> dict:
        out = {}
        for i, node in enumerate(engine.compiled.nodes):
            out[node.id] = {
                "kind": node.kind, "title": node.label(), "entered": int(self.entered[i]),
                "left": {port: int(self.left[i].get(port, 0)) for port in _ports(engine, i)},
                # entered = sum(left) + stalled_now + in_flight; "stalled" counts stays that stalled here.
                "stalled": int(self.stalled[i] + stall_end[i]), "stalled_now": int(stall_end[i]),
                "in_flight": int(in_flight_at[i] - stall_end[i]),
                "median_dwell_days": self.median_dwell(i),
            }
        return out


# Ways out besides a node's own ports, by kind: the same keys in every replication, so means are fair.
_EXTRA_WAYS_OUT = {"entry": ("sales",), "email": ("sales", "unsubscribed"), "score": ("sales",),
                   "goal": ("ended", "sales"), "exit": ("ended",)}


def _ports(engine, i: int) -> list[str]:
    node = engine.compiled.nodes[i]
    extra = _EXTRA_WAYS_OUT.get(node.kind, ())
    if node.kind == "branch" and not node.has_else():
        extra = ("no_match",)
    compiled = engine.compiled
    if any(compiled.nodes[j].kind == "handoff" and compiled.targets[j].get("next") == i
           for j in range(len(compiled.nodes))):
        extra = (*extra, "sales")  # leads handed over before it are with sales: they leave it at once
    return list(dict.fromkeys([*compiled.ports[i], *extra]))


def _quantiles(days: np.ndarray) -> dict:
    days = days[np.isfinite(days)]
    if not len(days):
        return {name: None for name, _ in QUANTILES} | {"mean": None, "count": 0}
    values = np.percentile(days, [q for _, q in QUANTILES])
    return {name: float(v) for (name, _), v in zip(QUANTILES, values, strict=True)} | {
        "mean": float(days.mean()), "count": int(len(days))}


def _breakdowns(engine) -> dict:
    leads = engine.leads
    arrived = leads.state != NOT_ARRIVED
    measures = {"arrived": arrived, "mqls": arrived & (leads.mql_t < np.inf),
                "sql_leads": arrived & (leads.sql_t < np.inf), "accepted": leads.state == ACCEPTED}
    out = {}
    for attribute, values in engine.compiled.vocab.items():
        codes = leads.attrs.get(attribute)
        if codes is None:
            continue
        valid = codes >= 0
        if not valid.any():
            continue
        # Usually every lead has a value: then the masks need no narrowing.
        whole = bool(valid.all())
        counts = {m: np.bincount(codes[mask if whole else mask & valid], minlength=len(values))
                  for m, mask in measures.items()}
        out[attribute] = {v: {m: int(counts[m][k]) for m in measures} for k, v in enumerate(values)}
    return out
