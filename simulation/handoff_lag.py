"""The handoff lag: days from the moment a lead becomes sales-ready to its handoff (booking the meeting)."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from sequences.timing import Lag

from .keyed_random import KeyedRandom, stream_key
from .send_timing import Lags, normal_quantiles

# Its own purpose key: the lag's luck is the lead's (and its round's), whatever else the scenario draws, so lean
# and full replications, and any slicing of a batch, hand each lead over at the same moment.
STREAM = stream_key("<sales>", "handoff_lag")


@lru_cache(maxsize=32)
def lag_table(lag: Lag) -> np.ndarray:
    """The lag's quantiles in days at the midpoints of the response lags' equal bins: one lookup per draw, built
    once per setting (as the response lags' table) and read-only."""
    z = normal_quantiles((np.arange(Lags.BINS) + 0.5) / Lags.BINS)
    table = (lag.median / 24.0) * np.exp(lag.sigma() * z)
    table.flags.writeable = False
    return table


def handoff_times(lag: Lag, rng: KeyedRandom, who: np.ndarray, rounds: np.ndarray, when: np.ndarray) -> np.ndarray:
    """When each lead reaches sales: ``when`` (it became sales-ready) plus its lag, drawn per lead and round, so
    a lead recycled to nurture and sales-ready again takes a fresh lag."""
    u = rng.uniform(STREAM, who, rounds)
    return when + lag_table(lag).take((u * Lags.BINS).astype(np.intp))
