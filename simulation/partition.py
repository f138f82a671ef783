"""A batch's leads grouped by the way they leave a node and the window they arrive in next, in one pass."""

from __future__ import annotations

import numpy as np

from .jit import kernel

BEYOND = -(1 << 30)  # the group of leads whose stay ends after the horizon (whatever their way out)


@kernel
def by_way_and_window(codes, t, who, lowest, ways, window, windows, inv_window, horizon, with_order=True):
    """A stable counting sort of the batch by (output code, window of ``t``), leads beyond ``horizon`` first.

    Codes run from ``lowest`` over ``ways`` values; windows from 0 to ``windows`` - 1 (every time before the
    horizon falls in one). ``window`` >= 0 says every lead stays in that window (nobody spent time at the
    node). Returns the permutation, ``who`` and ``t`` in its order (all three empty when there is one group:
    the batch stays as it is; gathering while scattering spares two passes over the batch) and one row per
    non-empty group: code (``BEYOND`` for the leads past the horizon), window, start, end. Within a group
    leads keep their order, and groups come in (code, window) order, so routing group by group appends
    exactly what routing code by code, then window by window, did. ``with_order=False``: the permutation comes
    back empty (a caller that needs only the gathered leads spares a third of the writes).
    """
    n = len(codes)
    keys = 1 + ways * windows
    slot = np.empty(n, np.int64)
    count = np.zeros(keys + 1, np.int64)
    # Neighbours mostly share a key: counting runs in a register spares a chain of increments to one slot.
    run_key, run = np.int64(0), np.int64(0)
    for i in range(n):
        if t[i] >= horizon:
            k = np.int64(0)
        else:
            w = window if window >= 0 else np.int64(t[i] * inv_window)
            k = 1 + (np.int64(codes[i]) - lowest) * windows + w
        slot[i] = k
        if k == run_key:
            run += 1
        else:
            count[run_key + 1] += run
            run_key, run = k, np.int64(1)
    count[run_key + 1] += run
    if n == 0 or count[slot[0] + 1] == n:
        # One group (the usual case: everyone leaves one way within one window): the batch as it is.
        rows = np.empty((1 if n else 0, 4), np.int64)
        if n:
            k = slot[0]
            rows[0, 0] = BEYOND if k == 0 else lowest + (k - 1) // windows
            rows[0, 1] = -1 if k == 0 else (k - 1) % windows
            rows[0, 2], rows[0, 3] = 0, n
        return np.empty(0, np.int64), rows, who[:0], t[:0]
    groups = 0
    for key in range(keys):
        if count[key + 1]:
            groups += 1
        count[key + 1] += count[key]
    rows = np.empty((groups, 4), np.int64)
    g = 0
    for key in range(keys):
        if count[key + 1] > count[key]:
            rows[g, 0] = BEYOND if key == 0 else lowest + (key - 1) // windows
            rows[g, 1] = -1 if key == 0 else (key - 1) % windows
            rows[g, 2], rows[g, 3] = count[key], count[key + 1]
            g += 1
    order = np.empty(n if with_order else 0, np.int64)
    who_out, t_out = np.empty_like(who), np.empty_like(t)
    run_key, at = slot[0], count[slot[0]]
    for i in range(n):
        k = slot[i]
        if k != run_key:
            count[run_key] = at
            run_key, at = k, count[k]
        if with_order:
            order[at] = i
        who_out[at] = who[i]
        t_out[at] = t[i]
        at += 1
    return order, rows, who_out, t_out
