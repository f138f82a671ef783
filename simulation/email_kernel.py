"""One email to a batch of leads as one compiled pass: draws, responses, score, thresholds, leaving time.

An email is most of the engine's work (a lead receives ten or more). Written as numpy it is some forty array
passes per batch; compiled with numba it is one pass per lead with everything in registers, several times
faster, and it draws exactly the keyed numbers ``KeyedRandom`` draws (the same SplitMix64 counter hash).
"""

from __future__ import annotations

import numpy as np

from .jit import kernel
from .leads import CLICKED_LAST as _CLICKED
from .leads import HAND_RAISED as _HAND
from .leads import IS_MQL as _MQL
from .leads import OPENED_LAST as _OPENED
from .leads import RAISED_LAST as _RAISED

# Output codes besides a node's own ports (0..k-1): to sales, unsubscribed (the handlers add END).
SALES, UNSUBSCRIBE = -1, -2
_KEEP = 0xFF ^ (_OPENED | _CLICKED | _RAISED)  # a new email forgets the last one's responses
_TO_UNIT = 1.0 / 4294967296.0


@kernel(inline="always")
def _mix(x):
    x ^= x >> np.uint64(30)
    x *= np.uint64(0xBF58476D1CE4E5B9)
    x ^= x >> np.uint64(27)
    x *= np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


@kernel(inline="always")
def keyed_hash(lead, key, rounds):
    """``KeyedRandom._hash`` for one lead: ``key`` is the replication's base xor the stream's key."""
    x = _mix(np.uint64(lead) * np.uint64(0x9E3779B97F4A7C15) + key)
    if rounds != 0:
        x = _mix(x + np.uint64(rounds) * np.uint64(0xD6E8FEB86659FD93))
    return x


@kernel(inline="always")
def _high(x):
    return np.float64(x >> np.uint64(32)) * _TO_UNIT


@kernel(inline="always")
def _low(x):
    return np.float64(x & np.uint64(0xFFFFFFFF)) * _TO_UNIT


@kernel
def keyed_pair(leads, key, rounds):
    """``KeyedRandom.pair``: two uniforms per lead from one hash (``rounds`` empty: every round is 0)."""
    n = len(leads)
    hi, lo = np.empty(n), np.empty(n)
    with_rounds = len(rounds) > 0
    for i in range(n):
        x = keyed_hash(leads[i], key, rounds[i] if with_rounds else 0)
        hi[i] = _high(x)
        lo[i] = _low(x)
    return hi, lo


@kernel
def send_email(idx, sent, rounds, keys, drawn, role, rates, points, lag_table, lag_bins,
               flags, intent, t_ref, fit, resp_t, mql_t, half_life, thresholds, codes, t_out, outcome):
    """Send one email to the leads ``idx`` at times ``sent``; returns the times of the new MQLs.

    ``rounds``: every lead's recycling round (empty while nobody was recycled: all 0); ``keys``: the email,
    response and lag streams' hash keys; ``drawn``: the four uniforms per lead (open,
    click, act, lag) when a scripted lead path supplies them, else empty and they are hashed here.
    ``rates``: per role, open, click, hand-raise and unsubscribe probabilities; ``points``: role * 8 + bits.
    ``thresholds``: SQL total, SQL needs a hand-raise (1/0), MQL fit minimum, MQL total.
    Fills ``codes`` (0 next, SALES, UNSUBSCRIBE), ``t_out`` (the leaving time) and ``outcome`` (0 not
    opened, else bits 1 opened, 2 clicked, 4 raised a hand).
    """
    n = len(idx)
    with_rounds = len(rounds) > 0
    scripted = drawn.shape[1] == n and n > 0
    lags = len(lag_table) > 0
    sql_total, sql_needs_hand, mql_fit, mql_total = thresholds[0], thresholds[1] > 0, thresholds[2], thresholds[3]
    new_mql = np.empty(n)
    m = 0
    for i in range(n):
        lead = idx[i]
        r = role[lead]
        k = rounds[lead] if with_rounds else 0
        t_out[i] = sent[i]
        codes[i] = 0
        if scripted:
            u_open, u_click = drawn[0, i], drawn[1, i]
        else:
            x = keyed_hash(lead, keys[0], k)
            u_open, u_click = _high(x), _low(x)
        f = flags[lead] & _KEEP
        if not u_open < rates[r, 0]:
            flags[lead] = f
            outcome[i] = 0
            continue
        clicked = u_click < rates[r, 1]
        u_act = drawn[2, i] if scripted else _high(keyed_hash(lead, keys[1], k))
        hand = rates[r, 2]
        raised = u_act < hand
        # One uniform decides both, so a lead raising a hand is never also unsubscribing.
        unsub = (not raised) and u_act < hand + rates[r, 3]
        when = sent[i]
        which = (1 if clicked else 0) | (2 if raised else 0)
        if lags:
            u_lag = drawn[3, i] if scripted else _high(keyed_hash(lead, keys[2], k))
            when = when + lag_table[which * lag_bins + np.intp(u_lag * lag_bins)]
            resp_t[lead] = when
        bits = 1 | (which << 1)
        outcome[i] = bits
        held = intent[lead]
        # No intent yet (a first response): nothing to decay, and 0 times the decay is exactly 0.
        value = (held * np.exp2((t_ref[lead] - when) / half_life) if held != 0.0 else 0.0) + points[r * 8 + bits]
        intent[lead] = value
        t_ref[lead] = when
        f |= _OPENED | (_CLICKED if clicked else 0) | ((_RAISED | _HAND) if raised else 0)
        if unsub:
            flags[lead] = f
            codes[i] = UNSUBSCRIBE
            t_out[i] = when
            continue
        # Only a response moves the score, so only a responder can cross a threshold (decay never rises).
        total = value + fit[lead]
        sql = total >= sql_total and (not sql_needs_hand or (f & _HAND) != 0)
        mql = fit[lead] >= mql_fit and total >= mql_total
        if (mql or sql) and (f & _MQL) == 0:
            # An SQL is an MQL too, from the same moment, whatever its fit.
            f |= _MQL
            mql_t[lead] = min(mql_t[lead], when)
            new_mql[m] = when
            m += 1
        flags[lead] = f
        if sql:
            codes[i] = SALES
            t_out[i] = when
    return new_mql[:m]
