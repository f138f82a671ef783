"""Which sales queue made each of the history's first touches: the export's team column, matched to the
scenario's queues by name.

A scenario with several queues (SDRs and account executives, a team per region) has a team each with its own
days, hours and pickup; one schedule read from all the touches together would be nobody's. CRMs record the team
that works a lead (HubSpot Team, a Salesforce queue), so where the export has that column, each touch is put with
the queue of the same name ("SDR Team" is queue ``sdr``: the words team and queue are left out of both sides),
and each queue's hours and pickup are read from its own touches. A team that is no queue is counted and, when
at least ``MIN_NAMED`` touches carry it, named, so a mapping that does not match is seen.
"""

from __future__ import annotations

import numpy as np

from sequences import Scenario

from .counts import HistoryCounts

MIN_NAMED = 5  # a team name carried by fewer touches is counted but never echoed (it may be free text)
_FILLER = {"team", "queue", "sales"}


def _key(name: str) -> str:
    words = [w for w in name.lower().replace("-", "_").split("_") if w]
    kept = [w for w in words if w not in _FILLER]
    return "_".join(kept or words)


def touch_queues(counts: HistoryCounts, scenario: Scenario) -> tuple[np.ndarray | None, list[str]]:
    """Each first touch's queue index (in the order of ``scenario.sales.queues``; -1 where its team is no queue
    or the export names none), and a line saying how the touches matched. ``None`` when the scenario has one
    team or no touch matched."""
    names = list(scenario.sales.queues)
    if not names:
        return None, []
    touches = np.asarray(counts.outreach_team, dtype=np.int64)
    if not len(touches):
        return None, []
    if not counts.teams or not np.any(touches >= 0):
        return None, ["sales hours: the scenario has several queues, and the export names no team for its first "
                      "touches (map a team column such as 'HubSpot Team' to sales_team), so each queue keeps its "
                      "working days, hours and pickup"]
    by_key = {_key(q): k for k, q in enumerate(names)}
    teams = list(counts.teams)  # in index order
    to_queue = np.array([by_key.get(_key(team), -1) for team in teams], dtype=np.int64)
    queues = np.where(touches >= 0, to_queue[np.maximum(touches, 0)], -1)
    per_queue = ", ".join(f"{q} {int(np.count_nonzero(queues == k)):,}" for k, q in enumerate(names))
    seen = np.bincount(touches[touches >= 0], minlength=len(teams))
    strays = [(teams[t], int(seen[t])) for t in range(len(teams)) if to_queue[t] < 0 and seen[t]]
    named = [f"{team} ({n:,})" for team, n in sorted(strays, key=lambda x: -x[1]) if n >= MIN_NAMED]
    unnamed = sum(n for _, n in strays if n < MIN_NAMED)
    matched = int(np.count_nonzero(queues >= 0))
    line = (f"sales teams: {matched:,} of {len(queues):,} first touches put with the scenario's queues by the "
            f"export's team ({per_queue})")
    if named or unnamed:
        line += ("; teams that are no queue, their touches left with the first queue as unrouted handoffs: "
                 + ", ".join(named + ([f"{unnamed:,} touches of rarer teams"] if unnamed else [])))
    if not matched:
        return None, [line + "; no team is a queue, so each queue keeps its working days, hours and pickup "
                      f"(the queues: {', '.join(names)})"]
    return queues, [line]
