"""Handoffs through the sales team: FIFO slices, first touches, decisions and recycling (part of Engine)."""

from __future__ import annotations

import numpy as np

from .leads import HAND_RAISED, IS_MQL, LAST_MASK
from .tally import ACCEPTED, COMPLETED, DISQUALIFIED, RECYCLING

_RESET = np.uint8(~(LAST_MASK | np.uint8(HAND_RAISED | IS_MQL)) & 0xFF)


class SalesFlow:
    """Mixed into ``Engine``: everything that happens to a lead from its handoff on."""

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

    def _take_handoffs(self):
        if not self.pending_sales:
            return (np.zeros(0, dtype=np.int64), np.zeros(0), np.zeros(0))
        parts = self.pending_sales
        self.pending_sales = []
        return tuple(np.concatenate([p[k] for p in parts]) for k in range(3))

    # -- the sales team --------------------------------------------------------------------------------
    def _serve(self, idx: np.ndarray, t: np.ndarray, sla: np.ndarray) -> None:
        if not len(idx):
            return
        leads, tally, sales = self.leads, self.tally, self.sales
        tally.count("sql_handoffs", t)
        tally.handoff_days.append(np.floor(t))
        leads.sql_t[idx] = np.minimum(leads.sql_t[idx], t)
        leads.done_t[idx] = np.minimum(leads.done_t[idx], t)
        touch = sales.first_touch(t)
        deadline = t + sla
        due = deadline < self.horizon
        tally.breach_due += int(np.count_nonzero(due))
        tally.count("sla_breaches", deadline[due & (touch > deadline)])
        touched = touch < self.horizon
        wait = touch - t
        tally.queue_stalled += int(np.count_nonzero(np.where(touched, wait, self.horizon - t) >= self.queue_days))
        self.ledger["queue_at_horizon"] += int(np.count_nonzero(~touched))
        idx, t, touch = idx[touched], t[touched], touch[touched]
        if not len(idx):
            return
        tally.count("first_touches", touch)
        tally.touch_days.append(np.floor(touch))
        tally.waits.append(wait[touched])
        u_accept, u_reason = self.rng.pair(self.compiled.stream(-1, "decision"), idx, leads.rounds[idx])
        accepted = u_accept < sales.accept_probability(leads.fit[idx])
        tally.count("accepted", touch[accepted])
        leads.state[idx[accepted]] = ACCEPTED
        self.ledger["terminal"] += int(np.count_nonzero(accepted))
        rejected = ~accepted
        who, when = idx[rejected], touch[rejected]
        tally.count("rejected", when)
        for k, count in enumerate(np.bincount(sales.reason(u_reason[rejected]), minlength=len(sales.reasons))):
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
        self.handlers.recycled = True
        leads.state[idx] = RECYCLING
        leads.intent[idx] = 0.0
        leads.t_ref[idx] = back
        leads.flags[idx] &= _RESET
        leads.rounds[idx] += 1
        now = back < self.horizon
        self.ledger["recycling_at_horizon"] += int(np.count_nonzero(~now))
        idx, back = idx[now], back[now]
        leads.state[idx] = 0
        target = self.compiled.index.get(self.compiled.scenario.acceptance.recycle_to or "", -1)
        if target >= 0:
            self._push(target, idx, back)
            return
        entries = leads.entry[idx]
        for entry in np.unique(entries).tolist():
            sel = entries == entry
            nxt = self.compiled.targets[entry].get("next")
            if nxt is None:
                self._terminal(idx[sel], back[sel], COMPLETED)
            else:
                self._push(nxt, idx[sel], back[sel])
