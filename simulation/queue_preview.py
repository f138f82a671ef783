"""The live preview's sales figures: a sample run's handoffs, scaled to full volume, played through the real teams."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .compiled import Compiled
from .keyed_random import KeyedRandom, stream_key
from .sales_rules import first_outreach
from .sales_teams import SalesTeams


@dataclass
class HandoffLog:
    """Every handoff of a run, as the sales queues received it (the engine fills it when asked to)."""

    queue: list[np.ndarray] = field(default_factory=list)
    t: list[np.ndarray] = field(default_factory=list)
    sla: list[np.ndarray] = field(default_factory=list)
    fit: list[np.ndarray] = field(default_factory=list)

    def add(self, queue: int, t: np.ndarray, sla: np.ndarray, fit: np.ndarray) -> None:
        self.queue.append(np.full(len(t), queue))
        self.t.append(t)
        self.sla.append(sla)
        self.fit.append(fit)


@dataclass
class PlayedQueues:
    """Breach rate and utilisation of the full-volume stream, in total and per queue."""

    sla_breach_rate: float
    rep_utilisation: float
    queues: dict[str, dict[str, float]]


def play(compiled: Compiled, log: HandoffLog, scale: float, spacing: float, seed: int) -> PlayedQueues:
    """Each sampled handoff stands for ``scale`` handoffs: copies spread over the ``spacing`` (days) one
    sampled lead stood for, served in time order by the scenario's own teams (one heap operation each)."""
    horizon = float(compiled.scenario.horizon_days)
    teams = SalesTeams(compiled, KeyedRandom(seed, 0))
    queue_days = compiled.scenario.stall.queue_days
    if log.t:
        queue, t, sla, fit = (np.concatenate(part) for part in (log.queue, log.t, log.sla, log.fit))
    else:
        queue = np.zeros(0, dtype=np.int64)
        t = sla = fit = np.zeros(0)
    rng = np.random.default_rng([seed, stream_key("<preview>", "copies")])
    # Whole copies for the integer part of the scale, one more with the probability of the rest.
    copies = np.floor(scale) + (rng.random(len(t)) < scale - np.floor(scale))
    pick = np.repeat(np.arange(len(t)), copies.astype(np.int64))
    offset = rng.random(len(pick)) * spacing if scale > 1 else np.zeros(len(pick))
    queue, t, sla, fit = queue[pick], t[pick] + offset, sla[pick], fit[pick]
    keep = t < horizon
    queue, t, sla, fit = queue[keep], t[keep], sla[keep], fit[keep]
    due_all = breached_all = 0
    figures: dict[str, dict[str, float]] = {}
    for k, (name, team) in enumerate(zip(teams.names, teams.teams, strict=True)):
        sel = (queue == k).nonzero()[0]
        order = sel[np.argsort(t[sel], kind="stable")]
        due = breached = 0
        if len(order):
            # The pickups drawn for these copies (the sampled leads' own keyed draws are not at hand here).
            u = (rng.random(len(order)), rng.random(len(order))) if team.pickup_median > 0 else None
            out = first_outreach(team, t[order], sla[order], horizon, queue_days, fit[order],
                                 pickup=team.pickup_hours(u))
            due, breached = int(np.count_nonzero(out.due)), int(np.count_nonzero(out.breached))
        team.finish(horizon)
        due_all += due
        breached_all += breached
        figures[name] = {"handoffs": float(len(order)), "sla_breach_rate": breached / due if due else 0.0,
                         "rep_utilisation": team.utilisation(horizon)}
    return PlayedQueues(breached_all / due_all if due_all else 0.0, teams.utilisation(horizon), figures)
