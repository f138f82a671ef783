"""Counter-based random draws keyed by (seed, replication, stream, lead, round) for common random numbers."""

from __future__ import annotations

import zlib

import numpy as np

_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_GOLD = np.uint64(0x9E3779B97F4A7C15)
_ROUND = np.uint64(0xD6E8FEB86659FD93)
_S30, _S27, _S31 = np.uint64(30), np.uint64(27), np.uint64(31)
_TO_UNIT = 1.0 / 4294967296.0
_MASK64 = (1 << 64) - 1
_LITTLE = np.little_endian


def _mix(x: np.ndarray) -> np.ndarray:
    """SplitMix64's finaliser, in place: a bijection on uint64 with full avalanche."""
    shifted = x >> _S30  # one scratch array for the three shifts
    x ^= shifted
    x *= _M1
    x ^= np.right_shift(x, _S27, out=shifted)
    x *= _M2
    x ^= np.right_shift(x, _S31, out=shifted)
    return x


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
    counter (seed, replication, stream, lead, round) with SplitMix64 is the vectorised equivalent.
    """

    def __init__(self, seed: int, replication: int):
        self.base = _mix_int(_mix_int(int(seed)) ^ ((int(replication) + 1) * 0x9E3779B97F4A7C15))

    def _hash(self, stream: int, leads: np.ndarray, rounds: np.ndarray | None) -> np.ndarray:
        x = (leads if leads.dtype == np.uint64 else leads.astype(np.int64, copy=False).view(np.uint64)) * _GOLD
        x += np.uint64(self.base ^ stream)
        _mix(x)
        if rounds is not None:
            # Leads on their first round (nearly all) skip this mix; the draw still depends only on the key.
            again = rounds.nonzero()[0]
            if len(again):
                y = x[again] + rounds[again].astype(np.uint64) * _ROUND
                x[again] = _mix(y)
        return x

    def pair(self, stream: int, leads: np.ndarray, rounds: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Two independent uniforms in [0, 1) per lead (32 bits each)."""
        # Split through a uint32 view: converting uint64 to float is ten times slower in numpy.
        halves = self._hash(stream, leads, rounds).view(np.uint32)
        hi, lo = (halves[1::2], halves[0::2]) if _LITTLE else (halves[0::2], halves[1::2])
        # uint32 times a float computes in float64 directly (exact conversion): no intermediate copy.
        return np.multiply(hi, _TO_UNIT), np.multiply(lo, _TO_UNIT)

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
