"""A slice of one first-in-first-out queue's handoffs, from first touch to decision, as one compiled loop.

A sales slice is a few dozen handoffs; served with numpy it is some seventy array calls, each costing more than
the work on so few leads, and a sweep point serves hundreds of slices. Compiled, it is one pass: the same
arithmetic as ``first_outreach`` and ``decide`` in the same order (the working clock, the reps' free times,
the keyed draws), so the same figures. It covers the usual queue: first in first out, touches of one length,
no holidays, no outside handoffs in the slice; any other goes the numpy way.
"""

from __future__ import annotations

import numpy as np

from .clock import calendar_at, work_at
from .hash_kernel import high, keyed_hash, low
from .jit import kernel
from .sales import take_rep

# Counters per slice (``counts``): the first six as the queue keeps them, then the tally's daily series (times
# before the horizon's last whole day) in the order of ``DAILY``.
SLA_DUE, SLA_BREACHES, QUEUE_STALLED, TOUCHED, ACCEPTS, LOST = range(6)
DAILY = ("sla_breaches", "first_touches", "accepted", "rejected", "recycled")
COUNTS = 6 + len(DAILY)


@kernel
def serve_fifo(idx, t, sla, fit, rounds, free, service, pickup, works, before, start, end, week_hours, open_before,
               open_days, business, horizon, queue_days, days, key, band_floor, band_accept, within, factor_of,
               reason_cum, no_response, recycles, max_rounds, return_days, state, accepted_state, disqualified_state,
               counts, daily, by_band, by_reason, by_round, starts, touches, waits, back_who, back_t):
    """Serve sorted handoffs ``t`` of leads ``idx`` (SLA ``sla`` days each) and decide on each first touch.

    ``pickup`` (working hours per handoff; empty: none) puts each touch that long after its rep takes it.
    Fills ``starts`` (work clock), in order ``touches`` and ``waits`` of the touched leads, ``back_who`` and
    ``back_t`` (when they return to nurture) of the recycled ones; sets ``state`` of the accepted and the
    disqualified leads; adds to ``counts``, ``daily`` (one row per ``DAILY`` series, by day; empty: counted in
    ``counts`` only), ``by_band`` (accepted per response-time row), ``by_reason`` (rejected per reason) and
    ``by_round`` (handoffs per recycling round, the last for every later one). ``free`` holds the reps' free
    times and is updated. Returns (touched, recycled).
    """
    n = len(idx)
    detail = daily.shape[1] > 0
    with_pickup = len(pickup) > 0
    last_band = max(len(within) - 1, 0)
    m = r = 0
    for i in range(n):
        lead = idx[i]
        k = rounds[lead]
        by_round[min(np.int64(k), len(by_round) - 1)] += 1
        # first_outreach: the reps' queue on the working clock, the SLA on its own clock
        arrival = work_at(t[i], works, before, start, end, week_hours)
        begin = take_rep(free, arrival, service)
        starts[i] = begin
        reach = begin + pickup[i] if with_pickup else begin  # the touch on the work clock
        touch = calendar_at(reach, week_hours, open_before, open_days, start)
        if business:
            due_work = arrival + sla[i] * 24.0
            deadline = calendar_at(due_work, week_hours, open_before, open_days, start)
            late = reach > due_work
        else:
            deadline = t[i] + sla[i]
            late = touch > deadline
        touched = touch < horizon
        wait = touch - t[i]
        if deadline < horizon:
            counts[SLA_DUE] += 1
            if late:
                counts[SLA_BREACHES] += 1
                _day(counts, daily, detail, 0, deadline, days)
        if (wait if touched else horizon - t[i]) >= queue_days:
            counts[QUEUE_STALLED] += 1
        if not touched:
            continue
        counts[TOUCHED] += 1
        _day(counts, daily, detail, 1, touch, days)
        touches[m], waits[m] = touch, wait
        m += 1
        # decide: the fit band's acceptance times the speed-to-lead factor, one keyed pair of draws
        x = keyed_hash(lead, key, k)
        u_accept, u_reason = high(x), low(x)
        hours = wait * 24.0
        p = band_accept[np.searchsorted(band_floor, fit[lead], side="right")]
        row = np.searchsorted(within, hours, side="left")
        if u_accept < p * factor_of[row]:
            state[lead] = accepted_state
            counts[ACCEPTS] += 1
            by_band[min(row, last_band)] += 1
            _day(counts, daily, detail, 2, touch, days)
            continue
        if u_accept < p:
            counts[LOST] += 1
            reason = no_response
        else:
            reason = min(np.searchsorted(reason_cum, u_reason, side="right"), len(reason_cum) - 1)
        by_reason[reason] += 1
        _day(counts, daily, detail, 3, touch, days)
        if recycles[reason] and (max_rounds < 0 or k < max_rounds):
            _day(counts, daily, detail, 4, touch, days)
            back_who[r] = lead
            back_t[r] = touch + return_days
            r += 1
        else:
            state[lead] = disqualified_state
    return m, r


@kernel(inline="always")
def _day(counts, daily, detail, series, when, days):
    # The tally's count: by whole day when it keeps daily series, else how many fall before the last day.
    if when < days:
        counts[6 + series] += 1
        if detail:
            daily[series, np.int64(when)] += 1
