"""How a sweep worker's C library keeps freed memory: Dask's setting costs a third of each point."""

from __future__ import annotations

import ctypes
import os
import sys
from functools import lru_cache

# glibc's mallopt parameters.
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
MMAP_THRESHOLD = 32 << 20  # glibc's own upper bound for it on 64-bit systems
TRIM_THRESHOLD = 256 << 20


@lru_cache(maxsize=1)
def keep_freed_memory() -> bool:
    """Let this worker reuse the memory its last replication freed (True if the setting was changed).

    Dask starts its workers with ``MALLOC_TRIM_THRESHOLD_=65536`` so that freed memory goes back to the
    system at once. Setting it also pins glibc's mmap threshold at 128 KiB: every array of a batch is then
    mapped, faulted in page by page and unmapped again, which made a point take a third longer than in a
    local pool worker. A worker that sees the variable maps only arrays over 32 MiB and trims only above
    256 MiB, as glibc would have chosen on its own. Elsewhere (a local pool, macOS, Windows) nothing changes.
    """
    if not sys.platform.startswith("linux") or "MALLOC_TRIM_THRESHOLD_" not in os.environ:
        return False
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return False  # not glibc (e.g. musl): its allocator has no such setting
    return bool(libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(libc.mallopt(M_TRIM_THRESHOLD,
                                                                                       TRIM_THRESHOLD))
