"""A batch's leads grouped by the way they leave a node and the window they arrive in next, in one pass."""

from __future__ import annotations

import numpy as np

from .jit import kernel

BEYOND = -(1 << 30)  # the group of leads whose stay ends after the horizon (whatever their way out)


@kernel
def by_way_and_window(codes, t, lowest, window, inv_window, horizon):
    """A stable counting sort of the batch by (output code, window of ``t``), leads beyond ``horizon`` first.

    ``window`` >= 0 says every lead stays in that window (nobody spent time at the node). Returns the
    permutation (empty when there is one group: the batch stays as it is) and one row per non-empty group:
    code (``BEYOND`` for the leads past the horizon), window, start, end. Within a group leads keep their
    order, and groups come in (code, window) order, so routing group by group appends exactly what routing
    code by code, then window by window, did.
    """
    n = len(codes)
    slot = np.empty(n, np.int64)
    w_lo, w_hi, c_lo, c_hi, beyond = np.int64(1) << 62, np.int64(-1), np.int64(127), np.int64(lowest), 0
    for i in range(n):
        if t[i] >= horizon:
            slot[i] = -1
            beyond += 1
            continue
        w = np.int64(window) if window >= 0 else np.int64(t[i] * inv_window)
        slot[i] = w
        w_lo = min(w_lo, w)
        w_hi = max(w_hi, w)
        c = np.int64(codes[i])
        c_lo = min(c_lo, c)
        c_hi = max(c_hi, c)
    if n and not beyond and w_lo == w_hi and c_lo == c_hi:
        # One group (the usual case: everyone leaves one way within one window): the batch as it is.
        rows = np.empty((1, 4), np.int64)
        rows[0, 0], rows[0, 1], rows[0, 2], rows[0, 3] = c_lo, w_lo, 0, n
        return np.empty(0, np.int64), rows
    span = w_hi - w_lo + 1 if w_hi >= 0 else 1
    keys = 1 + (c_hi - lowest + 1) * span
    count = np.zeros(keys + 1, np.int64)
    for i in range(n):
        k = 0 if slot[i] < 0 else 1 + (np.int64(codes[i]) - lowest) * span + (slot[i] - w_lo)
        slot[i] = k
        count[k + 1] += 1
    groups = 0
    for k in range(keys):
        if count[k + 1]:
            groups += 1
        count[k + 1] += count[k]
    rows = np.empty((groups, 4), np.int64)
    g = 0
    for k in range(keys):
        if count[k + 1] > count[k]:
            if k == 0:
                rows[g, 0], rows[g, 1] = BEYOND, -1
            else:
                rows[g, 0], rows[g, 1] = lowest + (k - 1) // span, w_lo + (k - 1) % span
            rows[g, 2], rows[g, 3] = count[k], count[k + 1]
            g += 1
    order = np.empty(n, np.int64)
    for i in range(n):
        k = slot[i]
        order[count[k]] = i
        count[k] += 1
    return order, rows
