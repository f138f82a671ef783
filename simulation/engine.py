"""One replication: SimPy is the clock and runs the sales team; leads move through nodes in batches."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import simpy

from sequences.nodes import ExitNode, HandoffNode

from .compiled import Compiled
from .handlers import END, Handlers
from .keyed_random import KeyedRandom
from .leads import CohortCache, Leads
from .routing import Routing, SimulationError
from .sales_flow import SalesFlow
from .sales_rules import reentry_days
from .sales_tally import SalesTally
from .sales_teams import SalesTeams
from .tally import IN_FLIGHT, NOT_ARRIVED, STATES, Tally

MAX_PASSES = 10_000
WINDOW_DAYS = 14.0  # any length gives the same result; longer windows mean fewer, bigger batches
# Bigger batches move in slices of this many leads: each lead's draws are keyed, so slicing never changes a
# figure, and a 10M-lead cohort arriving in one week needs a fifth of the working memory.
MAX_BATCH = 1 << 21


class ConservationError(AssertionError):
    """Leads were created or lost: arrived != terminal + in flight."""


class Engine(SalesFlow, Routing):
    """Leads at one node in one window (two weeks) move as one batch, each at its own exact time.

    After nurture has moved every lead of a window, the sales team serves the window's handoffs in FIFO
    order, in slices shorter than the delay before a rejected lead returns to nurture; a returning lead
    is moved on at once and its new handoffs join the queue before the slice they belong to is served.
    Batching changes the cost, never the result.
    """

    def __init__(self, compiled: Compiled, seed: int, replication: int, leads: int | None = None,
                 tick: Callable[[int], None] | None = None, cohorts: CohortCache | None = None,
                 handoffs_only: bool = False, detail: bool = True):
        scenario = compiled.scenario
        self.compiled = compiled
        self.rng = KeyedRandom(seed, replication)
        self.leads = Leads(compiled, self.rng, leads, cohorts)
        self.horizon = float(scenario.horizon_days)
        self.stall_days = scenario.stall.days_without_progress
        self.queue_days = scenario.stall.queue_days
        self.reentry_days = reentry_days(scenario)
        self.window = WINDOW_DAYS
        self.kinds = [node.kind for node in compiled.nodes]
        # Leads sent to a "completed" exit finish nurture at the node that sends them: MQLs stall there.
        self.completes = [isinstance(node, ExitNode) and node.reason == "completed" for node in compiled.nodes]
        self.inv_window = 1.0 / WINDOW_DAYS
        self.windows = self.window_count(scenario)
        # Output codes of each node: END, UNSUBSCRIBE, SALES and its ports (the routing kernel counts them).
        self.ways = [len(ports) - END for ports in compiled.ports]
        self.tally = Tally(len(compiled.nodes), self.horizon, detail)
        self.sales = SalesTeams(compiled, self.rng)
        self.fifo_only = not any(team.by_fit for team in self.sales.teams)
        self.sales_tally = SalesTally(self.sales)
        self.handlers = Handlers(compiled, self.leads, self.rng, lambda t: self.tally.count("mqls", t))
        # Leads walk runs of emails and waits one by one in a lean replication: its figures need no per-node batch.
        self.walks = self.handlers.walks if not detail and self.handlers.walks.hashed else None
        n = len(compiled.nodes)
        self.inbox: list[dict[int, list]] = [{} for _ in range(n)]
        self.beyond: list[list[tuple[np.ndarray, np.ndarray]]] = [[] for _ in range(n)]
        self.pending_sales: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
        # Handoffs at a response moment in a later window wait for it, so sales serves each window in order.
        self.later_sales: dict[int, list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]] = {}
        # A handoff node's own SLA (NaN: none, its queue's applies) and each queue's.
        self.sla_days = [node.sla_hours / 24.0 if isinstance(node, HandoffNode) and node.sla_hours is not None
                         else math.nan for node in compiled.nodes]
        self.queue_sla_days = np.array([team.sla.first_outreach_hours / 24.0 for team in self.sales.teams])
        self.tick = tick or (lambda w: None)
        # No sales team at all: handoffs are counted and stay queued. For fits that read the funnel only up to
        # SQL in a scenario where sales decisions never send a lead back to nurture.
        self.handoffs_only = handoffs_only
        self.entered_system = 0
        self.ledger = {"terminal": 0, "queue_at_horizon": 0, "recycling_at_horizon": 0}

    @staticmethod
    def window_count(scenario) -> int:
        return max(1, math.ceil(scenario.horizon_days / WINDOW_DAYS))

    # -- running ---------------------------------------------------------------------------------------
    def run(self, detail: bool | None = None) -> dict:
        """The replication's figures; ``detail=False`` leaves out the per-node, per-day and per-attribute
        ones (a sweep reads only the totals and times). An engine made with ``detail=False`` keeps only
        what the totals need as it runs, and reports those."""
        if detail is None:
            detail = self.tally.detail
        leads = self.leads
        late = leads.arrival >= self.horizon
        leads.state[late] = NOT_ARRIVED
        for node in np.unique(leads.entry[~late]):
            idx = np.flatnonzero((leads.entry == node) & ~late)
            if node < 0:
                raise SimulationError("an arrival names an entry node that is not in the sequence")
            self._push(int(node), idx, leads.arrival[idx])
        self.entered_system = int(np.count_nonzero(~late))
        env = simpy.Environment()
        handoffs = simpy.Store(env)
        env.process(self._nurture(env, handoffs))
        env.process(self._sales_team(handoffs))
        env.run()
        by_state = self._check_conservation(final=True)
        self.sales.finish(self.horizon)
        figures = self.tally.figures(self, detail, by_state)
        figures["queues"], figures["response_bands"] = self.sales_tally.figures(self.horizon)
        totals, queues = figures["totals"], figures["queues"].values()
        totals["sqls_lost_to_slow_response"] = sum(q["lost_to_slow_response"] for q in queues)
        totals["accepted_if_reached_at_once"] = totals["accepted"] + totals["sqls_lost_to_slow_response"]
        totals["recycled_leads"] = len(self.sales_tally.recycled_leads)
        return figures

    def _nurture(self, env: simpy.Environment, handoffs: simpy.Store):
        for w in range(self.windows):
            self._run_window(w)
            self.pending_sales += self.later_sales.pop(w, [])
            yield handoffs.put(self._take_handoffs())
            self.tick(w + 1)
            yield env.timeout(self.window)
        yield handoffs.put(None)

    def _sales_team(self, handoffs: simpy.Store):
        w = 0
        while True:
            batch = yield handoffs.get()
            if batch is None:
                return
            if self.handoffs_only:
                self._count_handoffs(*batch)
            else:
                self._serve_window(w, *batch)
            self._check_conservation()
            w += 1

    def _count_handoffs(self, idx: np.ndarray, t: np.ndarray, sla: np.ndarray, queue: np.ndarray) -> None:
        """``handoffs_only``: each handoff counts (the lead is an SQL from that moment) and waits in its queue."""
        if len(idx):
            self.tally.count("sql_handoffs", t)
            self.leads.sql_t[idx] = np.minimum(self.leads.sql_t[idx], t)
            self.leads.done_t[idx] = np.minimum(self.leads.done_t[idx], t)
            self.ledger["queue_at_horizon"] += len(idx)

    def _run_window(self, w: int, ahead: bool = True) -> None:
        """Move every lead waiting in window ``w`` through its nodes until none is left in it.

        A lean replication (``ahead``, unless the caller needs window ``w`` alone: sales between slices)
        moves every window's leads from ``w`` on at once (each at its own time): nurture
        treats each lead on its own, handoffs still reach sales in their own windows, so running ahead
        changes no figure and spares a batch per node and window. A loop of waits then takes as many passes
        as it has rounds before the horizon: the guard names a loop only when ``MAX_PASSES`` passes brought no
        lead's time forward."""
        order, inbox, process, tick = self.compiled.order, self.inbox, self._process, self.tick
        ahead = ahead and self.walks is not None
        earliest = -math.inf
        for passes in range(1, MAX_PASSES * MAX_PASSES):
            busy = False
            for node in order:
                box = inbox[node]
                if ahead:
                    chunks = [c for k in sorted(box) for c in box.pop(k)] if box else None
                else:
                    chunks = box.pop(w, None)
                if chunks:
                    busy = True
                    if len(chunks) > 1:
                        idx, t = np.concatenate([c[0] for c in chunks]), np.concatenate([c[1] for c in chunks])
                    else:
                        idx, t = chunks[0]
                    del chunks
                    if len(idx) <= MAX_BATCH:
                        process(node, idx, t, w)
                    else:
                        for a in range(0, len(idx), MAX_BATCH):
                            process(node, idx[a:a + MAX_BATCH], t[a:a + MAX_BATCH], w)
                    del idx, t
                    tick(w)
            if not busy:
                return
            if passes % MAX_PASSES == 0:
                now = min((float(c[1].min()) for box in inbox for k, cs in box.items() if ahead or k == w
                           for c in cs), default=math.inf)
                if not ahead or now <= earliest:
                    break
                earliest = now
        stuck = [self.compiled.nodes[i].id for i, box in enumerate(self.inbox) if box and (ahead or w in box)]
        raise SimulationError(f"leads loop without ever waiting through {', '.join(stuck)}")

    def _push(self, node: int, idx: np.ndarray, t: np.ndarray, window: int | None = None) -> None:
        """Queue leads at ``node`` under the window of each one's time; ``window`` says all share it."""
        if not len(idx):
            return
        box = self.inbox[node]
        if window is not None:
            box.setdefault(window, []).append((idx, t))
            return
        # The batch's extremes settle most batches without a per-lead mask: nobody beyond the horizon,
        # everyone in one window (truncation is monotonic, so the extremes' windows are min and max).
        t_lo, t_hi = float(t.min()), float(t.max())
        if t_hi >= self.horizon:
            late = t >= self.horizon
            self.beyond[node].append((idx[late], t[late]))
            idx, t = idx[~late], t[~late]
            if not len(idx):
                return
            t_hi = float(t.max())
        lo, hi = int(t_lo * self.inv_window), int(t_hi * self.inv_window)
        if lo == hi:
            box.setdefault(lo, []).append((idx, t))
            return
        w = (t * self.inv_window).astype(np.int64)
        if hi - lo <= 16:
            for k in range(lo, hi + 1):
                pos = (w == k).nonzero()[0]  # positions, then takes: cheaper than two boolean indexes
                if len(pos):
                    box.setdefault(k, []).append((idx.take(pos), t.take(pos)))
        else:
            order = np.argsort(w, kind="stable")
            idx, t, w = idx[order], t[order], w[order]
            cuts = np.flatnonzero(np.diff(w)) + 1
            for a, b in zip(np.r_[0, cuts], np.r_[cuts, len(w)], strict=True):
                box.setdefault(int(w[a]), []).append((idx[a:b], t[a:b]))

    def _check_conservation(self, final: bool = False) -> dict[str, int]:
        """arrived = terminal + in flight, from the ledger kept by each move, and at the end from the states
        (which it returns: leads in each state)."""
        waiting = sum(len(c[0]) for box in self.inbox for chunks in box.values() for c in chunks)
        waiting += sum(len(c[0]) for chunks in self.beyond for c in chunks)
        waiting += sum(len(p[0]) for p in self.pending_sales)
        waiting += sum(len(p[0]) for parts in self.later_sales.values() for p in parts)
        held = waiting + self.ledger["queue_at_horizon"] + self.ledger["recycling_at_horizon"]
        if self.entered_system != self.ledger["terminal"] + held:
            raise ConservationError(f"{self.entered_system} leads arrived, but {self.ledger['terminal']} ended"
                                    f" and {held} are in flight")
        if final:
            state = self.leads.state
            counts = Tally.state_counts(state)
            in_flight = sum(counts[STATES[s]] for s in IN_FLIGHT)
            ended = sum(counts.values()) - counts["not_arrived"] - in_flight
            if ended != self.ledger["terminal"] or in_flight != held or counts["in_nurture"] != waiting:
                raise ConservationError(f"{self.entered_system} leads arrived but the states hold {counts}"
                                        f" while {waiting} wait at nodes")
            return counts
        return {}
