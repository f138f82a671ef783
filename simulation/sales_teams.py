"""The scenario's sales queues as teams, built once per replication, with the routing of handoffs to them."""

from __future__ import annotations

import numpy as np

from sequences.nodes import HandoffNode

from .compiled import Compiled
from .keyed_random import KeyedRandom, stream_key
from .predicates import compile_all
from .sales import SalesTeam


def outside_handoffs(per_week: float, horizon: float, rng: KeyedRandom | None,
                     name: str) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray] | None]:
    """Handoffs from programs outside the document: a Poisson stream over the calendar, sorted, and two
    uniforms each for their touch durations; seeded by the replication and the queue's name."""
    if per_week <= 0 or rng is None:
        return np.zeros(0), None
    gen = np.random.default_rng([rng.base, stream_key(name, "outside")])
    count = int(gen.poisson(per_week / 7.0 * horizon))
    return np.sort(gen.uniform(0.0, horizon, count)), (gen.random(count), gen.random(count))


class SalesTeams:
    """Every queue of the scenario in order (the first takes threshold handoffs no rule routes)."""

    def __init__(self, compiled: Compiled, rng: KeyedRandom | None = None, horizon: float | None = None):
        scenario = compiled.scenario
        queues = scenario.sales.team()
        self.names = tuple(queues)
        self.index = {name: k for k, name in enumerate(self.names)}
        holidays = scenario.sales.holiday_days()
        horizon = float(scenario.horizon_days if horizon is None else horizon)
        self.teams: list[SalesTeam] = []
        for name, queue in queues.items():
            outside, u = outside_handoffs(queue.other_handoffs_per_week, horizon, rng, name)
            self.teams.append(SalesTeam(queue, queue.acceptance or scenario.acceptance, queue.sla or scenario.sla,
                                        holidays, outside, u))
        # A handoff node names its queue; a name that is not a queue (validation warns) means the first.
        self.node_queue = [self.index.get(node.queue, 0) if isinstance(node, HandoffNode) else -1
                           for node in compiled.nodes]
        self.rules = [(compile_all(compiled, rule.when), self.index[rule.queue])
                      for rule in scenario.sales.routing if rule.queue in self.index]
        self.reasons = tuple(dict.fromkeys(r for team in self.teams for r in team.reasons))
        self.return_days = min(team.return_days for team in self.teams)

    def __len__(self) -> int:
        return len(self.teams)

    def finish(self, horizon: float) -> None:
        for team in self.teams:
            team.finish(horizon)

    def utilisation(self, horizon: float) -> float:
        """Share of all reps' working hours up to the horizon spent on first touches (outside ones too)."""
        busy, capacity = (sum(x) for x in zip(*(team.busy_hours(horizon) for team in self.teams), strict=True))
        return busy / capacity if capacity > 0 else 0.0
