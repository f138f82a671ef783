"""Sales figures per queue that one replication keeps: handoffs, touches, SLA, decisions, rounds."""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from .sales import SalesTeam
from .sales_teams import SalesTeams

ROUND_KEYS = ("1", "2", "3", "4+")
COUNTS = ("handoffs", "first_touches", "sla_due", "sla_breaches", "accepted", "rejected", "lost_to_slow_response",
          "recycled", "disqualified", "queue_stalled", "in_queue_at_horizon")


def hours_label(hours: float) -> str:
    return f"{hours * 60:g} min" if hours < 1 else f"{hours:g} h"


def band_labels(team: SalesTeam) -> tuple[str, ...]:
    """One label per response-time row: "≤ 5 min" ... and the last row, which covers every longer wait too."""
    within = team.response_within.tolist()
    if not within:
        return ("any time",)
    if len(within) == 1:
        return ("any time",)
    return tuple(f"≤ {hours_label(h)}" for h in within[:-1]) + (f"> {hours_label(within[-2])}",)


class SalesTally:
    """Counters per queue, in the order of ``teams``."""

    def __init__(self, teams: SalesTeams):
        self.teams = teams
        n = len(teams)
        self.counts = [dict.fromkeys(COUNTS, 0) for _ in range(n)]
        self.waits: list[list[np.ndarray]] = [[] for _ in range(n)]
        self.reasons: list[dict[str, int]] = [defaultdict(int) for _ in range(n)]
        self.labels = [band_labels(team) for team in teams.teams]
        self.by_band = [np.zeros(len(labels), dtype=np.int64) for labels in self.labels]
        self.rounds = [np.zeros(len(ROUND_KEYS), dtype=np.int64) for _ in range(n)]
        self.recycled_leads: set[int] = set()

    def add(self, k: int, name: str, count: int) -> None:
        self.counts[k][name] += int(count)

    def handoffs(self, k: int, rounds: np.ndarray) -> None:
        self.add(k, "handoffs", len(rounds))
        self.rounds[k] += np.bincount(np.minimum(rounds.astype(np.int64), len(ROUND_KEYS) - 1),
                                      minlength=len(ROUND_KEYS))

    def decided(self, k: int, accepted: np.ndarray, band: np.ndarray, reasons: np.ndarray) -> None:
        self.by_band[k] += np.bincount(band[accepted], minlength=len(self.labels[k]))[: len(self.labels[k])]
        team = self.teams.teams[k]
        for r, count in enumerate(np.bincount(reasons[~accepted], minlength=len(team.reasons))):
            if count:
                self.reasons[k][team.reasons[r]] += int(count)

    def figures(self, horizon: float) -> tuple[dict, dict]:
        """(figures per queue, accepted by response-time band over every queue)."""
        queues: dict[str, dict] = {}
        bands: dict[str, int] = defaultdict(int)
        for k, (name, team) in enumerate(zip(self.teams.names, self.teams.teams, strict=True)):
            c = self.counts[k]
            waits = np.concatenate(self.waits[k]) if self.waits[k] else np.zeros(0)
            accepted_by_band = {label: int(v) for label, v in zip(self.labels[k], self.by_band[k], strict=True)}
            for label, v in accepted_by_band.items():
                bands[label] += v
            queues[name] = {
                **c, "sla_breach_rate": c["sla_breaches"] / c["sla_due"] if c["sla_due"] else 0.0,
                "rep_utilisation": team.utilisation(horizon),
                "mean_wait_hours": float(waits.mean() * 24) if len(waits) else None,
                "median_wait_hours": float(np.median(waits) * 24) if len(waits) else None,
                "accepted_if_reached_at_once": c["accepted"] + c["lost_to_slow_response"],
                "rejection_reasons": {r: self.reasons[k].get(r, 0) for r in team.reasons},
                "accepted_by_response": accepted_by_band,
                "handoffs_by_round": {key: int(v) for key, v in zip(ROUND_KEYS, self.rounds[k], strict=True)},
            }
        return queues, dict(bands)
