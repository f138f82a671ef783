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
from .sales_kernel import COUNTS, DAILY, serve_fifo
from .sales_rules import (
    decide,
    first_outreach,
    goes_back,
    pickup_draws,
    recycle_node,
    reset_for_nurture,
    return_node,
    touch_draws,
)
from .sales_tally import SalesTally
from .sales_teams import SalesTeams
from .tally import ACCEPTED, COMPLETED, DISQUALIFIED, RECYCLING, SUMMED, Tally

Batch = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]  # lead indices, handoff times, SLA days, queues
_NO_DAYS = np.zeros((len(DAILY), 0), dtype=np.int64)
_NO_PICKUP = np.zeros(0)


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
        if self.handoff_log is not None:
            self.handoff_log.add(k, t, sla, leads.fit[idx])
        if team.one_pass(float(t[-1])):
            self._serve_in_one_pass(k, team, idx, t, sla)
            return
        counts.handoffs(k, leads.rounds[idx])
        u = touch_draws(self.rng, self.compiled, team, leads, idx)
        pickup = pickup_draws(self.rng, self.compiled, team, leads, idx)
        out = first_outreach(team, t, sla, self.horizon, self.queue_days, leads.fit[idx], u, pickup)
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

    def _serve_in_one_pass(self, k: int, team: SalesTeam, idx: np.ndarray, t: np.ndarray, sla: np.ndarray) -> None:
        """``_serve_queue`` for the usual queue, compiled (``sales_kernel``): the same figures."""
        leads, tally, counts = self.leads, self.tally, self.sales_tally
        n, clock, policy = len(idx), team.clock, team.policy
        tallied = np.zeros(COUNTS, dtype=np.int64)
        daily = np.zeros((len(DAILY), tally.days), dtype=np.int64) if tally.detail else _NO_DAYS
        by_reason = np.zeros(len(team.reasons), dtype=np.int64)
        starts, touches, waits, back_t = np.empty(n), np.empty(n), np.empty(n), np.empty(n)
        back_who = np.empty(n, dtype=np.int64)
        free = np.array(team.free, dtype=np.float64)
        key = np.uint64(self.rng.base ^ self.compiled.stream(-1, "decision"))
        # The pickups drawn as the numpy way draws them, so that both ways give the same figures to the bit.
        pickup = pickup_draws(self.rng, self.compiled, team, leads, idx)
        touched, recycled = serve_fifo(
            idx, t, sla, leads.fit, leads.rounds, free, float(team.service_hours),
            _NO_PICKUP if pickup is None else pickup, clock.works, clock.before,
            float(clock.start), float(clock.end), float(clock.week_hours), clock.open_before, clock.open_days,
            team.business, self.horizon, self.queue_days, float(tally.days), key, team.band_floor, team.band_accept,
            team.response_within, team.response_factor_of, team.reason_cum, team.no_response, team.recycles,
            -1 if policy.max_rounds is None else policy.max_rounds, team.return_days, leads.state, ACCEPTED,
            DISQUALIFIED, tallied, daily, counts.by_band[k], by_reason, counts.rounds[k], starts, touches, waits,
            back_who, back_t)
        team.free[:] = sorted(free.tolist())  # as fifo_starts leaves them
        team.busy.append((starts, team.service_hours))
        due, breaches, stalled, _, accepted, lost, *per_day = tallied.tolist()
        counts.add(k, "handoffs", n)
        tally.breach_due += due
        counts.add(k, "sla_due", due)
        counts.add(k, "sla_breaches", breaches)
        tally.queue_stalled += stalled
        counts.add(k, "queue_stalled", stalled)
        self.ledger["queue_at_horizon"] += n - touched
        counts.add(k, "in_queue_at_horizon", n - touched)
        if tally.detail:
            for name, row in zip(DAILY, daily, strict=True):
                tally.daily[name] += row
            tally.touch_days.append(np.floor(touches[:touched]))
        else:
            for name, count in zip(DAILY, per_day, strict=True):
                if name in SUMMED:
                    tally.sums[name] += count
        if not touched:
            return
        wait = waits[:touched]
        tally.waits.append(wait)
        counts.add(k, "first_touches", touched)
        counts.waits[k].append(wait)
        rejected = touched - accepted
        counts.add(k, "accepted", accepted)
        counts.add(k, "lost_to_slow_response", lost)
        counts.add(k, "rejected", rejected)
        for reason, count in zip(team.reasons, by_reason.tolist(), strict=True):
            tally.reasons[reason] += count
            if count:
                counts.reasons[k][reason] += count
        self.ledger["terminal"] += accepted + rejected - recycled
        counts.add(k, "disqualified", rejected - recycled)
        if not recycled:
            return
        who = back_who[:recycled]
        counts.add(k, "recycled", recycled)
        counts.recycled_leads.update(who.tolist())
        self._recycle(team, who, back_t[:recycled])

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
