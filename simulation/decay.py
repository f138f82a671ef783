"""Intent's decay, compiled: one implementation for every place that reads a lead's intent at a moment.

numpy's ``exp2`` over an array may take a vectorised path whose last bit differs from the C library's (it
does on a CPU with AVX-512), while compiled code calls the C library. A walk (compiled) and a batch (numpy)
would then see intents a bit apart; with both here they see the same bits, on any CPU.
"""

from __future__ import annotations

import numpy as np

from .jit import kernel


@kernel(inline="always")
def decay(held, since, t, half_life):
    """Intent ``held`` since ``since``, halved every ``half_life`` days up to ``t``; none stays none."""
    return held * np.exp2((since - t) / half_life) if held != 0.0 else 0.0


@kernel
def decayed(intent, t_ref, idx, t, half_life):
    """``decay`` for the leads ``idx`` at their moments ``t``."""
    out = np.empty(len(idx))
    for i in range(len(idx)):
        out[i] = decay(intent[idx[i]], t_ref[idx[i]], t[i], half_life)
    return out
