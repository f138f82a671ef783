"""Runs of emails and timed waits that a lean replication walks lead by lead in one compiled loop."""

from __future__ import annotations

import numpy as np

from sequences.nodes import BranchNode, EmailNode, ScoreNode, SplitNode, WaitNode

from .clock import business_day_offsets
from .compiled import Compiled
from .leads import CLICKED_LAST, OPENED_LAST, RAISED_LAST, Leads
from .send_timing import Lags, SendClock
from .walk_branches import BranchTables
from .walk_kernel import BRANCH, BUSINESS_DAYS, BY_PORT, DAYS, EMAIL, EVENT, OFF, SCORE, SPLIT, walk

_NO_ROUNDS = np.zeros(0, dtype=np.uint16)
NOT_DRAWN = np.zeros((4, 0))
EVENT_BITS = {"open": OPENED_LAST, "click": CLICKED_LAST, "hand_raise": RAISED_LAST}


class Walks:
    """Per node: what it is to a walk, the next node of the walk (-1: the walk ends there) and its settings.

    ``base``: the replication's hash base (None: the draws are scripted); ``send``: the emails' send clocks;
    ``counts``/``topics``: keep the leads' counters and clicked topics (a branch reads them).
    """

    def __init__(self, compiled: Compiled, leads: Leads, base: int | None, send: dict[int, SendClock],
                 role: np.ndarray, lag_table: np.ndarray, half_life: float, thresholds: np.ndarray,
                 counts: bool, topics: bool, fade: float | None = None):
        n = len(compiled.nodes)
        self.leads, self.role, self.lag_table = leads, role, lag_table
        self.half_life, self.thresholds = half_life, thresholds
        self.fade = float(fade or 0.0)  # the engagement half-life in days (0: engagement does not fade)
        self.recycled = False  # once a lead is recycled, the draws are keyed by round too
        self.hashed = base is not None  # the walk draws its own numbers (else only one step, from ``drawn``)
        # The counters as rows of one array the kernel updates in place (empty: not kept).
        self.counts = leads.counts if counts else np.zeros((3, 0), dtype=np.int32)
        self.topics = leads.topics if topics else np.zeros(0, dtype=np.uint64)
        self.kind = np.full(n, OFF, dtype=np.int64)
        for i, node in enumerate(compiled.nodes):
            if isinstance(node, EmailNode):
                self.kind[i] = EMAIL
            elif isinstance(node, WaitNode) and node.mode in ("days", "business_days"):
                self.kind[i] = DAYS if node.mode == "days" else BUSINESS_DAYS
            elif isinstance(node, WaitNode):
                # With response lags the response's time is the lead's own; without, the wait draws one.
                self.kind[i] = EVENT
            elif isinstance(node, BranchNode | SplitNode | ScoreNode):
                self.kind[i] = {"branch": BRANCH, "split": SPLIT, "score": SCORE}[node.kind]
        # The next node of the walk by the first port, and by an event wait's timeout (-1: the walk ends).
        self.succ, self.timeout = np.full(n, -1, dtype=np.int64), np.full(n, -1, dtype=np.int64)
        for i in np.flatnonzero(self.kind != OFF).tolist():
            for k, nxt in enumerate((self.succ, self.timeout)[: len(compiled.ports[i])]):
                target = compiled.targets[i].get(compiled.ports[i][k])
                if target is not None and self.kind[target] != OFF:
                    nxt[i] = target
        # A branch's or split's port k leads to the walk node ``port_to[node, k]`` (-1: the walk ends there).
        widest = max((len(ports) for ports in compiled.ports), default=1)
        self.port_to = np.full((n, widest), -1, dtype=np.int64)
        for i in np.flatnonzero((self.kind == BRANCH) | (self.kind == SPLIT)).tolist():
            for k, port in enumerate(compiled.ports[i]):
                target = compiled.targets[i].get(port)
                if target is not None and self.kind[target] != OFF:
                    self.port_to[i, k] = target
        self.stride = BY_PORT + widest  # the ways out of a walk, per node
        # The tables with the leads' attributes stacked for the conditions: built once a walk needs them (a
        # full replication only steps through emails and event waits, and its 1M-lead peak is the memory target).
        tables = BranchTables(compiled)
        self._no_tables = tables.as_tuple()
        self._tables: tuple | None = None
        self._branches = tables
        self.event_bit = np.zeros(n, dtype=np.uint8)
        self.days = np.zeros(n)
        self.offsets = np.zeros((n, 7))
        self.fraction = np.zeros(n)
        roles = max((len(table.rates) for table in compiled.emails.values()), default=0)
        self.rates = np.zeros((n, roles, 4))
        self.points = np.zeros((n, roles * 8))
        self.keys = np.zeros((n, 3), dtype=np.uint64)
        self.topic_bit = np.zeros((n, roles), dtype=np.uint64)
        self.windowed = np.zeros(n, dtype=np.bool_)
        self.opens, self.closes, self.spells = np.zeros((n, 8)), np.zeros((n, 7)), np.zeros(n, dtype=np.int64)
        for i, node in enumerate(compiled.nodes):
            if isinstance(node, WaitNode) and self.kind[i] != OFF:
                self.days[i] = node.days
                if self.kind[i] == EVENT:
                    self.event_bit[i] = EVENT_BITS[node.awaited()]
                    if base is not None:
                        self.keys[i, 2] = base ^ compiled.stream(i, "lag")  # without response lags, the drawn one
                if node.mode == "business_days":
                    self.offsets[i] = business_day_offsets(node.days)
                    self.fraction[i] = float(node.days) - int(node.days)
            elif isinstance(node, EmailNode):
                table = compiled.emails[i]
                self.rates[i, : len(table.rates)] = table.rates
                self.points[i, : len(table.points)] = table.points
                self.topic_bit[i, : len(table.topic_bit)] = table.topic_bit
                if base is not None:
                    self.keys[i] = [base ^ compiled.stream(i, purpose) for purpose in ("email", "act", "lag")]
                if (clock := send.get(i)) is not None:
                    self.windowed[i] = True
                    self.opens[i, : len(clock.opens)] = clock.opens
                    self.closes[i, : len(clock.closes)] = clock.closes
                    self.spells[i] = len(clock.closes)
            elif isinstance(node, SplitNode) and base is not None:
                self.keys[i, 0] = base ^ compiled.stream(i, "split")  # Handlers.split's draw


    def starts(self, node: int) -> bool:
        """A walk starts at every email, wait, branch, split and score node."""
        return bool(self.kind[node] != OFF)

    def run(self, node: int, idx: np.ndarray, t: np.ndarray, horizon: float) -> tuple[np.ndarray, np.ndarray, int]:
        """(node * stride + how each lead leaves its walk, when, leads caught in a loop of no time)."""
        key, when, _mql, stuck = self._walk(node, idx, t, False, NOT_DRAWN, horizon)
        return key, when, stuck

    def step(self, node: int, idx: np.ndarray, t: np.ndarray,
             drawn: np.ndarray = NOT_DRAWN) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """One email (at node ``node``) to the batch: (output code, leaving time, the new MQLs' times)."""
        codes, t_out, mql_at, _stuck = self._walk(node, idx, t, True, drawn, np.inf)
        return codes.astype(np.int8), t_out, mql_at[mql_at < np.inf]

    def _walk(self, node: int, idx: np.ndarray, t: np.ndarray, one_step: bool, drawn: np.ndarray,
              horizon: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
        leads = self.leads
        key = np.full(len(idx), node, dtype=np.int64)
        when, mql_at = np.empty(len(idx)), np.empty(len(idx))
        stuck = walk(idx, t, one_step, drawn, self.kind, self.succ, self.timeout, self.event_bit, self.days,
                     self.offsets, self.fraction, self.windowed, self.opens, self.closes, self.spells, self.keys,
                     self.rates, self.points, self.topic_bit, self.lag_table, Lags.BINS,
                     leads.rounds if self.recycled else _NO_ROUNDS, self.role, leads.flags, leads.intent,
                     leads.t_ref, leads.fit, leads.resp_t, leads.mql_t, self.counts, self.topics, self.half_life,
                     self.thresholds, horizon, key, when, mql_at, self.stride, self.port_to,
                     *(self._no_tables if one_step else self._branch_tables()), self.fade, leads.engaged_since)
        return key, when, mql_at, int(stuck)

    def _branch_tables(self) -> tuple:
        if self._tables is None:
            self._tables = self._branches.as_tuple(self.leads.attrs)
        return self._tables

    @property
    def ways(self) -> int:
        return self.stride * len(self.kind)
