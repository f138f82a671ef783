"""``KeyedRandom``'s counter hash (SplitMix64) for compiled code: the very numbers it draws, lead by lead."""

from __future__ import annotations

import numpy as np

from .jit import kernel

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
def high(x):
    return np.float64(x >> np.uint64(32)) * _TO_UNIT


@kernel(inline="always")
def low(x):
    return np.float64(x & np.uint64(0xFFFFFFFF)) * _TO_UNIT


@kernel
def keyed_pair(leads, key, rounds):
    """``KeyedRandom.pair``: two uniforms per lead from one hash (``rounds`` empty: every round is 0)."""
    n = len(leads)
    hi, lo = np.empty(n), np.empty(n)
    with_rounds = len(rounds) > 0
    for i in range(n):
        x = keyed_hash(leads[i], key, rounds[i] if with_rounds else 0)
        hi[i] = high(x)
        lo[i] = low(x)
    return hi, lo
