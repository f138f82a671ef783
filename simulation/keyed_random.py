"""Counter-based random draws keyed by (seed, replication, stream, lead, round) for common random numbers."""

from __future__ import annotations

import zlib

import numpy as np

from .hash_kernel import keyed_pair

_MASK64 = (1 << 64) - 1
_NO_ROUNDS = np.zeros(0, dtype=np.uint16)


def _mix_int(x: int) -> int:
    x &= _MASK64
    x ^= x >> 30
    x = (x * 0xBF58476D1CE4E5B9) & _MASK64
    x ^= x >> 27
    x = (x * 0x94D049BB133111EB) & _MASK64
    return x ^ (x >> 31)


def stream_key(*names: str) -> int:
    """A stable 64-bit key for a named stream (a node id and a purpose): same name, same luck."""
    text = "\x1f".join(names).encode("utf-8")
    return _mix_int(zlib.crc32(text) | (zlib.adler32(text) << 32))


class KeyedRandom:
    """Uniform draws that depend only on the key, never on the order or batching of the calls.

    A Philox generator per lead would give the same property at a thousand times the cost; hashing the
    counter (seed, replication, stream, lead, round) with SplitMix64 is the vectorised equivalent
    (``simulation/hash_kernel.py``; a test holds it to the hash spelled out in numpy).
    """

    def __init__(self, seed: int, replication: int):
        self.base = _mix_int(_mix_int(int(seed)) ^ ((int(replication) + 1) * 0x9E3779B97F4A7C15))

    def pair(self, stream: int, leads: np.ndarray, rounds: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Two independent uniforms in [0, 1) per lead (32 bits each): the high and low halves of the hash."""
        # Compiled, one pass: a handful of leads costs a call, not the dozen numpy passes of the hash.
        return keyed_pair(leads.astype(np.int64, copy=False), np.uint64(self.base ^ stream),
                          _NO_ROUNDS if rounds is None else rounds)

    def uniform(self, stream: int, leads: np.ndarray, rounds: np.ndarray | None = None) -> np.ndarray:
        # Through ``pair``: a subclass that scripts draws (the lead path) overrides that one method.
        return self.pair(stream, leads, rounds)[0]


def bucket(cum: np.ndarray, u: np.ndarray) -> np.ndarray:
    """``np.searchsorted(cum, u, side="right")`` for a sorted ``cum``: how many of its values are <= u.

    For a handful of categories a comparison per category is several times faster than a binary
    search per draw, and counts the same.
    """
    if len(cum) > 16 or not len(cum):
        return np.searchsorted(cum, u, side="right")
    out = (u >= cum[0]).astype(np.intp)
    for c in cum[1:]:
        out += u >= c
    return out
