"""Leads walking runs of emails and timed waits, lead by lead, as one compiled loop.

An email is most of the engine's work (a lead receives ten or more). Written as numpy it is some forty array
passes per batch; compiled, it is one pass per lead with everything in registers, and it draws exactly the
keyed numbers ``KeyedRandom`` draws (the same SplitMix64 counter hash).

Nurture treats every lead on its own: only the sales queues couple leads, and they are served window by
window from the handoffs' own times. So in a lean replication a lead walks its whole run of emails and
waits at once, however many windows that spans, and leaves it by the way (and at the time) node-by-node
batches would have given; the engine's batches (``one_step``) take one email at a time. The arithmetic is
the handlers' own, in the same order: the same times, draws and scores either way.

The email is written out in the loop, not called: numba counts references to every array handed to a
function, even an inlined one, and those counts cost ten times the email itself.
"""

from __future__ import annotations

import numpy as np

from .decay import decay
from .hash_kernel import high, keyed_hash, low
from .jit import kernel
from .leads import CLICKED_LAST as _CLICKED
from .leads import HAND_RAISED as _HAND
from .leads import IS_MQL as _MQL
from .leads import OPENED_LAST as _OPENED
from .leads import RAISED_LAST as _RAISED

# Conditions as ``walk_branches`` encodes them: what they read and how they compare.
from .walk_branches import ATTRIBUTE as _ATTRIBUTE
from .walk_branches import CLICKS as _CLICKS
from .walk_branches import EMAILS as _EMAILS
from .walk_branches import EQ as _EQ
from .walk_branches import FIT as _FIT
from .walk_branches import FLAG as _FLAG
from .walk_branches import GT as _GT
from .walk_branches import GTE as _GTE
from .walk_branches import HOLDS as _HOLDS
from .walk_branches import IN as _IN
from .walk_branches import LT as _LT
from .walk_branches import LTE as _LTE
from .walk_branches import NE as _NE
from .walk_branches import NEVER as _NEVER
from .walk_branches import NO_MATCH as _NO_MATCH
from .walk_branches import NOT_IN as _NOT_IN
from .walk_branches import OPENS as _OPENS
from .walk_branches import TOPIC as _TOPIC
from .walk_branches import TOTAL as _TOTAL

# Output codes besides a node's own ports (0..k-1): to sales, unsubscribed (the handlers add END).
SALES, UNSUBSCRIBE = -1, -2
_KEEP = 0xFF ^ (_OPENED | _CLICKED | _RAISED)  # a new email forgets the last one's responses
# What each node is to a walk: not part of one, an email, a wait of calendar days, a wait of business days,
# a wait until the response to the last email (its time the lead's response lag, or a drawn one), a branch, a
# split, a score change (``walk_branches`` holds their tables).
OFF, EMAIL, DAYS, BUSINESS_DAYS, EVENT, BRANCH, SPLIT, SCORE = range(8)
# How a lead leaves its walk, in the key ``node * stride + how``: unsubscribed, to sales, by the last node's
# first port, still at the node when the horizon comes (the time given is then its arrival there), paused on
# arriving at the node after MAX_STEPS steps (it goes back to the engine's inbox: a loop of emails and waits
# of no time never ends, and the engine's own guard names it), by an event wait's second port (timeout), at a
# branch no output takes, or by port ``how - BY_PORT`` of a branch or split.
UNSUBSCRIBES, HANDS_OFF, GOES_ON, STAYS, PAUSES, TIMES_OUT, ENDS, BY_PORT = range(8)
MAX_STEPS = 1_000
RESPONSE_LAG_DAYS = 1.0  # mean lag (days) of the response a wait-until-event listens for, without response lags


@kernel(inline="always")
def next_open(t, node, opens, closes, spells):
    """``SendClock.next_open`` for one time (the node's row of ``opens`` and ``closes``): the same operations
    in the same order."""
    week = np.floor(t * (1.0 / 7.0)) * 7.0
    pos = t - week
    k = 0
    for j in range(spells):
        if pos >= closes[node, j]:
            k += 1
    wait = opens[node, k] - pos
    if not wait >= 0.0:
        wait = 0.0
    return wait + t


@kernel
def walk(idx, t, one_step, drawn, kind, succ, timeout, event_bit, days, offsets, fraction, windowed, opens, closes,
         spells, keys,
         rates, points, topic_bit, lag_table, lag_bins, rounds, role, flags, intent, t_ref, fit, resp_t, mql_t,
         counts, topics, half_life, thresholds, horizon, out_key, out_t, out_mql, stride, port_to, branch, outs, conds,
         cond_value, mask, numbers, tables, table_len, attrs, cum, score_points, fade, arrival):
    """Walk each lead ``idx[i]`` from the node it is at (given in ``out_key[i]``, at ``t[i]``) down ``succ``
    (an event wait's timeout: down ``timeout``) while the nodes are emails or waits; ``one_step``: one node
    only, and ``out_key`` gets the output code (0, SALES or UNSUBSCRIBE; an event wait's port) and ``out_t``
    the leaving time, whatever the horizon.

    Else fills ``out_key`` (node * stride + how the lead leaves) and ``out_t`` (when; for STAYS its arrival at
    that node). ``out_mql``: when the lead became an MQL on the way (infinity if it did not).
    ``drawn``: the four uniforms per lead (open, click, act, lag) when a scripted lead path supplies them,
    else empty and they are hashed here. ``rates``: per email and role, open, click, hand-raise and
    unsubscribe probabilities (``fade`` > 0: the open probability halves every ``fade`` days after the lead's
    ``arrival``: its arrival, or its return to nurture when recycled); ``points``: per email, role * 8 +
    outcome bits. ``thresholds``: SQL total, SQL needs a hand-raise (1/0), MQL fit minimum, MQL total.
    ``counts`` (opens, clicks, emails received) and ``topics`` are kept when not empty, as a branch reading
    them needs. ``port_to``: per branch or split, the walk node each port leads to (-1: the walk ends
    there); the rest are ``walk_branches.BranchTables``.
    Returns how many leads paused without their time having moved: a loop of no time, which never ends.
    """
    n = len(idx)
    with_rounds = len(rounds) > 0
    scripted = drawn.shape[1] == n and n > 0
    counting, topical, lags = counts.shape[1] > 0, len(topics) > 0, len(lag_table) > 0
    sql_total, sql_needs_hand, mql_fit, mql_total = thresholds[0], thresholds[1] > 0, thresholds[2], thresholds[3]
    stuck = 0
    for i in range(n):
        lead = idx[i]
        node = out_key[i]  # the caller puts each lead's starting node here
        at = t[i]
        k = rounds[lead] if with_rounds else 0
        r = role[lead]
        out_mql[i] = np.inf
        how = STAYS
        for _ in range(MAX_STEPS):
            what = kind[node]
            code = 0
            if what == EMAIL:
                sent = next_open(at, node, opens, closes, spells[node]) if windowed[node] else at
                leave = sent
                if scripted:
                    u_open, u_click = drawn[0, i], drawn[1, i]
                else:
                    x = keyed_hash(lead, keys[node, 0], k)
                    u_open, u_click = high(x), low(x)
                f = flags[lead] & _KEEP
                if counting:
                    counts[2, lead] += 1
                opens_at = rates[node, r, 0]
                if fade > 0.0:
                    opens_at *= np.exp2((arrival[lead] - sent) / fade)
                if u_open < opens_at:
                    clicked = u_click < rates[node, r, 1]
                    u_act = drawn[2, i] if scripted else high(keyed_hash(lead, keys[node, 1], k))
                    hand = rates[node, r, 2]
                    raised = u_act < hand
                    # One uniform decides both, so a lead raising a hand is never also unsubscribing.
                    unsub = (not raised) and u_act < hand + rates[node, r, 3]
                    when = sent
                    which = (1 if clicked else 0) | (2 if raised else 0)
                    if lags:
                        u_lag = drawn[3, i] if scripted else high(keyed_hash(lead, keys[node, 2], k))
                        when = when + lag_table[which * lag_bins + np.intp(u_lag * lag_bins)]
                        resp_t[lead] = when
                    held = intent[lead]
                    # No intent yet (a first response): nothing to decay, and 0 times the decay is exactly 0.
                    value = decay(held, t_ref[lead], when, half_life) + points[node, r * 8 + (1 | (which << 1))]
                    intent[lead] = value
                    t_ref[lead] = when
                    f |= _OPENED | (_CLICKED if clicked else 0) | ((_RAISED | _HAND) if raised else 0)
                    if counting:
                        counts[0, lead] += 1
                        counts[1, lead] += 1 if clicked else 0
                    if topical and clicked:
                        topics[lead] |= topic_bit[node, r]
                    if unsub:
                        code, leave = UNSUBSCRIBE, when
                    else:
                        # Only a response moves the score, so only a responder crosses a threshold.
                        total = value + fit[lead]
                        sql = total >= sql_total and (not sql_needs_hand or (f & _HAND) != 0)
                        mql = fit[lead] >= mql_fit and total >= mql_total
                        if (mql or sql) and (f & _MQL) == 0:
                            # An SQL is an MQL too, from the same moment, whatever its fit.
                            f |= _MQL
                            mql_t[lead] = min(mql_t[lead], when)
                            out_mql[i] = when
                        if sql:
                            code, leave = SALES, when
                flags[lead] = f
            elif what in (BRANCH, SPLIT):
                # ``Handlers.branch`` and ``Handlers.split`` for one lead: no time passes.
                if what == BRANCH:
                    code = branch[node, 2]
                    for o in range(branch[node, 0], branch[node, 0] + branch[node, 1]):
                        held_all = True
                        for c in range(outs[o, 1], outs[o, 1] + outs[o, 2]):
                            sort, op = conds[c, 0], conds[c, 1]
                            if sort == _ATTRIBUTE:
                                a, row = attrs[conds[c, 2], lead], conds[c, 3]
                                hit = tables[row, a if a >= 0 else table_len[row] - 1] == (op == _HOLDS)
                            elif sort == _FLAG:
                                hit = ((flags[lead] & mask[c]) != 0) == (op == _HOLDS)
                            elif sort == _TOPIC:
                                hit = ((topics[lead] & mask[c]) != 0) == (op == _HOLDS)
                            elif sort == _NEVER:
                                hit = False
                            else:
                                if sort == _FIT:
                                    v = fit[lead]
                                elif sort in (_OPENS, _CLICKS, _EMAILS):
                                    v = np.float64(counts[sort - _OPENS, lead])
                                else:
                                    held = intent[lead]
                                    v = decay(held, t_ref[lead], at, half_life)
                                    if sort == _TOTAL:
                                        v = v + fit[lead]
                                bound = cond_value[c]
                                if op == _EQ:
                                    hit = v == bound
                                elif op == _NE:
                                    hit = v != bound
                                elif op == _GT:
                                    hit = v > bound
                                elif op == _GTE:
                                    hit = v >= bound
                                elif op == _LT:
                                    hit = v < bound
                                elif op == _LTE:
                                    hit = v <= bound
                                elif op in (_IN, _NOT_IN):
                                    found = False
                                    for j in range(conds[c, 3], conds[c, 3] + conds[c, 4]):
                                        if v == numbers[j]:
                                            found = True
                                    hit = found == (op == _IN)
                                else:
                                    hit = False
                            if not hit:
                                held_all = False
                                break
                        if held_all:
                            code = outs[o, 0]
                            break
                else:
                    u = high(keyed_hash(lead, keys[node, 0], k))
                    shares = branch[node, 1]
                    code = 0
                    for j in range(shares):
                        if u >= cum[node, j]:
                            code += 1
                    code = min(code, shares - 1)
                if code == _NO_MATCH:
                    how = ENDS
                    break
                if port_to[node, code] < 0:
                    how = BY_PORT + code
                    break
                node = port_to[node, code]
                continue
            elif what == SCORE:
                # ``Handlers.score`` for one lead: the points, then the thresholds they may cross.
                if score_points[node, 2] != 0.0:
                    fit[lead] += score_points[node, 0]
                held = intent[lead]
                value_now = decay(held, t_ref[lead], at, half_life) + score_points[node, 1]
                intent[lead] = value_now
                t_ref[lead] = at
                f = flags[lead]
                total = value_now + fit[lead]
                sql = total >= sql_total and (not sql_needs_hand or (f & _HAND) != 0)
                mql = fit[lead] >= mql_fit and total >= mql_total
                if (mql or sql) and (f & _MQL) == 0:
                    flags[lead] = f | _MQL
                    mql_t[lead] = min(mql_t[lead], at)
                    out_mql[i] = at
                if sql:
                    how = HANDS_OFF
                    break
                if succ[node] < 0:
                    how = GOES_ON
                    break
                node = succ[node]
                continue
            elif what == DAYS:
                leave = at + days[node]
            elif what == BUSINESS_DAYS:
                leave = at + (offsets[node, np.int64(np.floor(at)) % 7] + fraction[node])
            elif lags:
                # The event happens when the lead answered the last email (its response lag), never before now.
                answered = max(resp_t[lead], at)
                if (flags[lead] & event_bit[node]) != 0 and answered <= at + days[node]:
                    leave = answered
                else:
                    code, leave = 1, at + days[node]
            else:
                # Without response lags (``response_lag_hours: null``) the wait draws an exponential lag of
                # RESPONSE_LAG_DAYS (one day) from its own stream.
                u_lag = drawn[3, i] if scripted else high(keyed_hash(lead, keys[node, 2], k))
                lag = -RESPONSE_LAG_DAYS * np.log1p(-u_lag)
                if (flags[lead] & event_bit[node]) != 0 and lag <= days[node]:
                    leave = at + lag
                else:
                    code, leave = 1, at + days[node]
            if one_step:
                how, at = code, leave
                break
            if leave >= horizon:
                how = STAYS
                break
            at = leave
            if code == 1:  # an event wait's timeout
                if timeout[node] < 0:
                    how = TIMES_OUT
                    break
                node = timeout[node]
                continue
            if code != 0:
                how = UNSUBSCRIBES if code == UNSUBSCRIBE else HANDS_OFF
                break
            if succ[node] < 0:
                how = GOES_ON
                break
            node = succ[node]
        else:
            how = PAUSES
            stuck += 1 if at == t[i] else 0
        out_key[i] = how if one_step else node * stride + how
        out_t[i] = at
    return stuck
