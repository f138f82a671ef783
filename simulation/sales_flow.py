"""Handoffs through the sales queues: time-ordered slices, first touches, decisions and recycling (part of Engine)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .compiled import Compiled
from .handlers import Handlers
from .keyed_random import KeyedRandom
from .leads import Leads
from .queue_preview import HandoffLog
from .sales import SalesTeam
from .sales_rules import decide, first_outreach, goes_back, recycle_node, reset_for_nurture, return_node, touch_draws
from .sales_tally import SalesTally
from .sales_teams import SalesTeams
from .tally import ACCEPTED, COMPLETED, DISQUALIFIED, RECYCLING, Tally

Batch = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]  # lead indices, handoff times, SLA days, queues


class SalesFlow:
    """Mixed into ``Engine``: everything that happens to a lead from its handoff on."""

    # Engine sets these; declared here so that the mixin type-checks on its own.
    compiled: Compiled
    leads: Leads
    rng: KeyedRandom
    handlers: Handlers
    sales: SalesTeams
    sales_tally: SalesTally
    tally: Tally
    horizon: float
    queue_days: float
    reentry_days: float
    inbox: list[dict[int, list]]
    pending_sales: list[Batch]
    ledger: dict[str, int]
    _run_window: Callable[..., None]
    _push: Callable[[int, np.ndarray, np.ndarray], None]
    _terminal: Callable[[np.ndarray, np.ndarray, int], None]
    handoff_log: HandoffLog | None = None  # the live preview asks for every handoff
    fifo_only: bool = False  # every queue serves first in, first out

    def _serve_window(self, w: int, idx: np.ndarray, t: np.ndarray, sla: np.ndarray, queue: np.ndarray) -> None:
        """Serve a window's handoffs in time order, a slice at a time; a slice starting at t0 ends before
        t0 + the shortest return delay, so leads it recycles can only hand off again after it."""
        order = np.lexsort((idx, t))
        idx, t, sla, queue = idx[order], t[order], sla[order], queue[order]
        while len(idx):
            cut = int(np.searchsorted(t, self._slice_end(float(t[0])), side="left"))
            self._serve(idx[:cut], t[:cut], sla[:cut], queue[:cut])
            idx, t, sla, queue = idx[cut:], t[cut:], sla[cut:], queue[cut:]
            if any(w in box for box in self.inbox):
                self._run_window(w, ahead=False)  # the leads back in this window: later ones wait for theirs
                more = self._take_handoffs()
                if len(more[0]):
                    idx, t, sla, queue = (np.concatenate([a, b])
                                          for a, b in zip((idx, t, sla, queue), more, strict=True))
                    order = np.lexsort((idx, t))
                    idx, t, sla, queue = idx[order], t[order], sla[order], queue[order]

    def _slice_end(self, t0: float) -> float:
        """Where a slice starting at ``t0`` must end: before any lead it recycles can hand off again.

        A lead returns to nurture the return delay after its first touch, and no touch of the slice comes
        before the earliest moment a rep could take its first lead. With first-in-first-out queues a
        lead's touch never depends on later handoffs, so the slice may run to that moment plus the delay:
        handoffs that wait overnight for the reps are served together. (A queue by fit would let a later,
        fitter lead go first: there the slice keeps to ``t0`` plus the delay.)
        """
        end = t0 + self.reentry_days
        if self.fifo_only:
            end = max(end, min(team.earliest_touch(t0) for team in self.sales.teams) + self.reentry_days)
        return end

    def _take_handoffs(self) -> Batch:
        if not self.pending_sales:
            return (np.zeros(0, dtype=np.int64), np.zeros(0), np.zeros(0), np.zeros(0, dtype=np.int64))
        parts = self.pending_sales
        self.pending_sales = []
        idx, t, sla, queue = (np.concatenate([p[k] for p in parts]) for k in range(4))
        return idx, t, sla, queue

    # -- the sales queues ------------------------------------------------------------------------------
    def _serve(self, idx: np.ndarray, t: np.ndarray, sla: np.ndarray, queue: np.ndarray) -> None:
        if not len(idx):
            return
        leads, tally = self.leads, self.tally
        tally.count("sql_handoffs", t)
        if tally.detail:
            tally.handoff_days.append(np.floor(t))
        leads.sql_t[idx] = np.minimum(leads.sql_t[idx], t)
        leads.done_t[idx] = np.minimum(leads.done_t[idx], t)
        if len(self.sales) == 1:
            self._serve_queue(0, idx, t, sla)
            return
        for k in np.unique(queue).tolist():
            pos = (queue == k).nonzero()[0]
            self._serve_queue(k, idx.take(pos), t.take(pos), sla.take(pos))

    def _serve_queue(self, k: int, idx: np.ndarray, t: np.ndarray, sla: np.ndarray) -> None:
        leads, tally, counts = self.leads, self.tally, self.sales_tally
        team = self.sales.teams[k]
        counts.handoffs(k, leads.rounds[idx])
        if self.handoff_log is not None:
            self.handoff_log.add(k, t, sla, leads.fit[idx])
        u = touch_draws(self.rng, self.compiled, team, leads, idx)
        out = first_outreach(team, t, sla, self.horizon, self.queue_days, leads.fit[idx], u)
        due, breaches = int(np.count_nonzero(out.due)), int(np.count_nonzero(out.breached))
        tally.breach_due += due
        tally.count("sla_breaches", out.deadline[out.breached])
        counts.add(k, "sla_due", due)
        counts.add(k, "sla_breaches", breaches)
        touched = out.touched
        stalled = int(np.count_nonzero(out.queue_stalled))
        tally.queue_stalled += stalled
        counts.add(k, "queue_stalled", stalled)
        waiting = int(np.count_nonzero(~touched))
        self.ledger["queue_at_horizon"] += waiting
        counts.add(k, "in_queue_at_horizon", waiting)
        idx, t, touch, wait = idx[touched], t[touched], out.touch[touched], out.wait[touched]
        if not len(idx):
            return
        tally.count("first_touches", touch)
        if tally.detail:
            tally.touch_days.append(np.floor(touch))
        tally.waits.append(wait)
        counts.add(k, "first_touches", len(idx))
        counts.waits[k].append(wait)
        decision = decide(self.rng, self.compiled, team, leads, idx, wait)
        accepted = decision.accepted
        counts.decided(k, accepted, decision.band, decision.reason)
        counts.add(k, "accepted", int(np.count_nonzero(accepted)))
        counts.add(k, "lost_to_slow_response", int(np.count_nonzero(decision.lost)))
        tally.count("accepted", touch[accepted])
        leads.state[idx[accepted]] = ACCEPTED
        self.ledger["terminal"] += int(np.count_nonzero(accepted))
        rejected = ~accepted
        who, when, reasons = idx[rejected], touch[rejected], decision.reason[rejected]
        tally.count("rejected", when)
        counts.add(k, "rejected", len(who))
        for r, count in enumerate(np.bincount(reasons, minlength=len(team.reasons))):
            tally.reasons[team.reasons[r]] += int(count)
        back = goes_back(team, leads, who, reasons)
        out_of_nurture = who[~back]
        leads.state[out_of_nurture] = DISQUALIFIED
        self.ledger["terminal"] += len(out_of_nurture)
        counts.add(k, "disqualified", len(out_of_nurture))
        who, when = who[back], when[back]
        if not len(who):
            return
        tally.count("recycled", when)
        counts.add(k, "recycled", len(who))
        counts.recycled_leads.update(who.tolist())
        self._recycle(team, who, when + team.return_days)

    def _recycle(self, team: SalesTeam, idx: np.ndarray, back: np.ndarray) -> None:
        """Marketing resets the lead's status (and intent, unless kept) and returns it to nurture."""
        leads = self.leads
        leads.state[idx] = RECYCLING
        reset_for_nurture(self.handlers, leads, idx, back, team.policy.keep_intent)
        now = back < self.horizon
        self.ledger["recycling_at_horizon"] += int(np.count_nonzero(~now))
        idx, back = idx[now], back[now]
        leads.state[idx] = 0
        target = recycle_node(self.compiled, team)
        if target is not None:
            self._push(target, idx, back)
            return
        entries = leads.entry[idx]
        for entry in np.unique(entries).tolist():
            sel = entries == entry
            nxt = return_node(self.compiled, entry, team)
            if nxt is None:
                self._terminal(idx[sel], back[sel], COMPLETED)
            else:
                self._push(nxt, idx[sel], back[sel])
