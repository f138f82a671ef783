"""Whether one run fits in this machine's memory: an estimate made before any lead is built."""

from __future__ import annotations

import os

from sequences.scenario import Scenario
from sequences.validation import Finding

# Peak memory of one replication per lead, measured with benchmarks/bench_engine.py (about 180 MiB RSS at
# one million leads, of which ~60 MiB is the interpreter and its libraries), with room to spare.
BYTES_PER_LEAD = 200
BASE_BYTES = 150 * 2**20
# Leave the rest of the machine something: a run may take at most this share of the memory available.
SHARE_OF_AVAILABLE = 0.8


def leads_in_run(scenario: Scenario, leads: int | None = None) -> float:
    """How many leads one replication builds: those arriving before the horizon, or ``leads`` if given."""
    if leads is not None:
        return float(leads)
    total = 0.0
    for arrival in scenario.cohort.arrivals:
        if arrival.leads is not None:
            total += arrival.leads if arrival.start_day < scenario.horizon_days else 0
            continue
        weeks = float(arrival.weeks or 0)
        inside = min(weeks, max(0.0, (scenario.horizon_days - arrival.start_day) / 7))
        total += float(arrival.leads_per_week or 0) * inside
    return total


def estimated_bytes(scenario: Scenario, leads: int | None = None, workers: int = 1) -> float:
    """Peak resident memory of a run: each worker process holds one replication at a time."""
    return max(1, workers) * (BASE_BYTES + BYTES_PER_LEAD * leads_in_run(scenario, leads))


def available_bytes() -> float | None:
    """Memory the system can give a new process now (Linux MemAvailable), else the physical memory."""
    try:
        with open("/proc/meminfo", encoding="ascii") as info:
            for line in info:
                if line.startswith("MemAvailable:"):
                    return float(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        return float(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES"))
    except (ValueError, OSError, AttributeError):
        return None


def memory_problem(scenario: Scenario, leads: int | None = None, workers: int = 1,
                   available: float | None = None) -> Finding | None:
    """A refusal finding when the run would need more memory than the machine has, else None."""
    need = estimated_bytes(scenario, leads, workers)
    have = available_bytes() if available is None else available
    if have is None or need <= SHARE_OF_AVAILABLE * have:
        return None
    return Finding("error", "sim.memory",
                   f"one replication of {leads_in_run(scenario, leads):,.0f} leads needs about {_size(need)} of "
                   f"memory and this machine has {_size(have)} available: simulate fewer leads (--leads, or a "
                   "smaller cohort; the figures scale) or use a larger machine", scenario=scenario.name)


def _size(value: float) -> str:
    for unit, scale in (("TiB", 2**40), ("GiB", 2**30), ("MiB", 2**20)):
        if value >= scale:
            return f"{value / scale:,.1f} {unit}"
    return f"{value / 2**10:,.0f} KiB"
