"""Handoffs through the sales team: FIFO slices, first touches, decisions and recycling (part of Engine)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .compiled import Compiled
from .handlers import Handlers
from .keyed_random import KeyedRandom
from .leads import Leads
from .sales import SalesTeam
from .sales_rules import decide, first_outreach, recycle_node, reset_for_nurture, return_node
from .tally import ACCEPTED, COMPLETED, DISQUALIFIED, RECYCLING, Tally

Batch = tuple[np.ndarray, np.ndarray, np.ndarray]  # lead indices, handoff times, SLA days


class SalesFlow:
    """Mixed into ``Engine``: everything that happens to a lead from its handoff on."""

    # Engine sets these; declared here so that the mixin type-checks on its own.
    compiled: Compiled
    leads: Leads
    rng: KeyedRandom
    handlers: Handlers
    sales: SalesTeam
    tally: Tally
    horizon: float
    queue_days: float
    recycle: bool
    reentry_days: float
    inbox: list[dict[int, list]]
    pending_sales: list[Batch]
    ledger: dict[str, int]
    _run_window: Callable[[int], None]
    _push: Callable[[int, np.ndarray, np.ndarray], None]
    _terminal: Callable[[np.ndarray, np.ndarray, int], None]

    def _serve_window(self, w: int, idx: np.ndarray, t: np.ndarray, sla: np.ndarray) -> None:
        """Serve a window's handoffs in time order, a slice at a time; a slice starting at t0 ends before
        t0 + the return delay, so leads it recycles can only hand off again after it."""
        order = np.lexsort((idx, t))
        idx, t, sla = idx[order], t[order], sla[order]
        while len(idx):
            cut = int(np.searchsorted(t, t[0] + self.reentry_days, side="left"))
            self._serve(idx[:cut], t[:cut], sla[:cut])
            idx, t, sla = idx[cut:], t[cut:], sla[cut:]
            if any(w in box for box in self.inbox):
                self._run_window(w)
                more = self._take_handoffs()
                if len(more[0]):
                    idx, t, sla = (np.concatenate([a, b]) for a, b in zip((idx, t, sla), more, strict=True))
                    order = np.lexsort((idx, t))
                    idx, t, sla = idx[order], t[order], sla[order]

    def _take_handoffs(self) -> Batch:
        if not self.pending_sales:
            return (np.zeros(0, dtype=np.int64), np.zeros(0), np.zeros(0))
        parts = self.pending_sales
        self.pending_sales = []
        idx, t, sla = (np.concatenate([p[k] for p in parts]) for k in range(3))
        return idx, t, sla

    # -- the sales team --------------------------------------------------------------------------------
    def _serve(self, idx: np.ndarray, t: np.ndarray, sla: np.ndarray) -> None:
        if not len(idx):
            return
        leads, tally, sales = self.leads, self.tally, self.sales
        tally.count("sql_handoffs", t)
        tally.handoff_days.append(np.floor(t))
        leads.sql_t[idx] = np.minimum(leads.sql_t[idx], t)
        leads.done_t[idx] = np.minimum(leads.done_t[idx], t)
        out = first_outreach(sales, t, sla, self.horizon, self.queue_days)
        tally.breach_due += int(np.count_nonzero(out.due))
        tally.count("sla_breaches", out.deadline[out.breached])
        touched = out.touched
        tally.queue_stalled += int(np.count_nonzero(out.queue_stalled))
        self.ledger["queue_at_horizon"] += int(np.count_nonzero(~touched))
        idx, t, touch = idx[touched], t[touched], out.touch[touched]
        if not len(idx):
            return
        tally.count("first_touches", touch)
        tally.touch_days.append(np.floor(touch))
        tally.waits.append(out.wait[touched])
        accepted, reasons = decide(self.rng, self.compiled, sales, leads, idx)
        tally.count("accepted", touch[accepted])
        leads.state[idx[accepted]] = ACCEPTED
        self.ledger["terminal"] += int(np.count_nonzero(accepted))
        rejected = ~accepted
        who, when = idx[rejected], touch[rejected]
        tally.count("rejected", when)
        for k, count in enumerate(np.bincount(reasons[rejected], minlength=len(sales.reasons))):
            tally.reasons[sales.reasons[k]] += int(count)
        if not self.recycle:
            leads.state[who] = DISQUALIFIED
            self.ledger["terminal"] += len(who)
            return
        tally.count("recycled", when)
        self._recycle(who, when + self.reentry_days)

    def _recycle(self, idx: np.ndarray, back: np.ndarray) -> None:
        """Marketing resets the lead's intent and status and returns it to nurture."""
        leads = self.leads
        leads.state[idx] = RECYCLING
        reset_for_nurture(self.handlers, leads, idx, back)
        now = back < self.horizon
        self.ledger["recycling_at_horizon"] += int(np.count_nonzero(~now))
        idx, back = idx[now], back[now]
        leads.state[idx] = 0
        target = recycle_node(self.compiled)
        if target is not None:
            self._push(target, idx, back)
            return
        entries = leads.entry[idx]
        for entry in np.unique(entries).tolist():
            sel = entries == entry
            nxt = return_node(self.compiled, entry)
            if nxt is None:
                self._terminal(idx[sel], back[sel], COMPLETED)
            else:
                self._push(nxt, idx[sel], back[sel])
