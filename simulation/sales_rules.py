"""What happens to a lead from its handoff on, as the engine and Test a Lead both apply it: one copy of the rules."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sequences.nodes import HandoffNode
from sequences.sales_model import NO_RESPONSE
from sequences.scenario import Scenario

from .compiled import Compiled
from .handlers import Handlers
from .keyed_random import KeyedRandom
from .leads import HAND_RAISED, IS_MQL, LAST_MASK, Leads
from .sales import SalesTeam
from .sales_teams import SalesTeams

# Recycling clears the last email's responses, the hand-raise and MQL status; the other flags stay.
NURTURE_RESET = np.uint8(~(LAST_MASK | np.uint8(HAND_RAISED | IS_MQL)) & 0xFF)


def reentry_days(scenario: Scenario) -> float:
    """Shortest time from a rejection to a return to nurture over the queues: status update (at least an
    hour) plus cooldown. The engine serves handoffs in slices shorter than this."""
    queues = scenario.sales.team().values()
    return min(max((q.sla or scenario.sla).status_update_hours, 1.0) / 24.0
               + (q.acceptance or scenario.acceptance).recycle.cooldown_days for q in queues)


def recycles(scenario: Scenario) -> bool:
    """Some rejection reason of some queue sends the lead back to nurture."""
    for queue in scenario.sales.team().values():
        acceptance = queue.acceptance or scenario.acceptance
        if any(acceptance.action(r) == "recycle" for r in [*acceptance.rejection_reasons, NO_RESPONSE]):
            return True
    return False


def route(teams: SalesTeams, node: int, leads: Leads, idx: np.ndarray, t: np.ndarray) -> np.ndarray:
    """The queue of each handoff: the handoff node's, else the first routing rule that holds, else the first."""
    if teams.node_queue[node] >= 0:
        return np.full(len(idx), teams.node_queue[node], dtype=np.int64)
    queue = np.zeros(len(idx), dtype=np.int64)
    open_ = np.ones(len(idx), dtype=bool)
    for test, k in teams.rules:
        hit = open_ & test(leads, idx, t)
        queue[hit] = k
        open_ &= ~hit
    return queue


def sla_hours(compiled: Compiled, node: int, team: SalesTeam | None = None) -> float:
    """First-outreach SLA of a handoff from ``node``: the handoff node's own, else its queue's (or scenario's)."""
    obj = compiled.nodes[node]
    if isinstance(obj, HandoffNode) and obj.sla_hours is not None:
        return obj.sla_hours
    return team.sla.first_outreach_hours if team is not None else compiled.scenario.sla.first_outreach_hours


@dataclass(frozen=True)
class Outreach:
    """First touches of handoffs at ``t``: when, whether the SLA was due and broken, whether the queue stalled."""

    touch: np.ndarray
    deadline: np.ndarray
    due: np.ndarray  # the deadline falls within the horizon, so the SLA can be judged
    breached: np.ndarray
    touched: np.ndarray  # the first touch falls within the horizon
    wait: np.ndarray
    queue_stalled: np.ndarray


def first_outreach(team: SalesTeam, t: np.ndarray, sla_days: np.ndarray, horizon: float, queue_days: float,
                   fit: np.ndarray | None = None, u: tuple[np.ndarray, np.ndarray] | None = None,
                   pickup: np.ndarray | None = None) -> Outreach:
    """Serve handoffs ``t`` (sorted) by ``team`` and judge each against its SLA, on the SLA's clock, and
    the queue stall rule. ``fit`` orders a priority queue; ``u`` draws variable touch durations; ``pickup``
    (working hours each) delays each touch after a rep takes the lead."""
    touch, start, arrival = team.serve(t, fit if team.by_fit else None, u)
    if pickup is not None:
        start = start + pickup  # the touch, on the work clock
        touch = team.clock.to_calendar(start)
    if team.business:
        # Business hours: the deadline is the SLA's hours later on the queue's own working clock.
        due_work = arrival + sla_days * 24.0
        deadline = team.clock.to_calendar(due_work)
        late = start > due_work
    else:
        deadline = t + sla_days
        late = touch > deadline
    due = deadline < horizon
    touched = touch < horizon
    wait = touch - t
    # A lead still waiting at the horizon has waited until then.
    stalled = np.where(touched, wait, horizon - t) >= queue_days
    return Outreach(touch, deadline, due, due & late, touched, wait, stalled)


def touch_draws(rng: KeyedRandom, compiled: Compiled, team: SalesTeam, leads: Leads,
                idx: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """Uniforms for variable touch durations, keyed by lead and round (None when touches are fixed)."""
    return rng.pair(compiled.stream(-1, "touch"), idx, leads.rounds[idx]) if team.cv > 0 else None


def pickup_draws(rng: KeyedRandom, compiled: Compiled, team: SalesTeam, leads: Leads,
                 idx: np.ndarray) -> np.ndarray | None:
    """Each handoff's pickup in working hours, keyed by lead and round (None when the team has none)."""
    if team.pickup_median <= 0:
        return None
    return team.pickup_hours(rng.pair(compiled.stream(-1, "pickup"), idx, leads.rounds[idx]))


@dataclass(frozen=True)
class Decision:
    """Sales' decision at first touch; ``reason`` indexes ``team.reasons`` and applies if not accepted."""

    accepted: np.ndarray
    reason: np.ndarray
    factor: np.ndarray  # the speed-to-lead factor of each first touch
    band: np.ndarray  # the response-time row each first touch fell in
    lost: np.ndarray  # would have been accepted at factor 1: lost to slow response (reason no_response)


def decide(rng: KeyedRandom, compiled: Compiled, team: SalesTeam, leads: Leads, idx: np.ndarray,
           wait_days: np.ndarray | None = None) -> Decision:
    """Accept with the fit band's probability times the response-time factor of the wait; a lead the
    fit band would have accepted but the factor did not is rejected with ``no_response``.

    The draw is keyed by lead and recycling round, so a lead decides alike wherever it is simulated.
    """
    u_accept, u_reason = rng.pair(compiled.stream(-1, "decision"), idx, leads.rounds[idx])
    hours = np.zeros(len(idx)) if wait_days is None else wait_days * 24.0
    p = team.accept_probability(leads.fit[idx])
    factor = team.response_factor(hours)
    accepted = u_accept < p * factor
    lost = ~accepted & (u_accept < p)
    reason = team.reason(u_reason)
    reason[lost] = team.no_response
    return Decision(accepted, reason, factor, team.response_band(hours), lost)


def goes_back(team: SalesTeam, leads: Leads, idx: np.ndarray, reason: np.ndarray) -> np.ndarray:
    """Rejected leads that recycle: their reason says so and they have rounds left."""
    back = team.recycles[reason]
    if team.policy.max_rounds is not None:
        back &= leads.rounds[idx] < team.policy.max_rounds
    return back


def reset_for_nurture(handlers: Handlers, leads: Leads, idx: np.ndarray, back: np.ndarray,
                      keep_intent: bool = False) -> None:
    """Marketing recycles the leads: status cleared as of ``back`` (intent too unless kept), a new round of draws."""
    handlers.recycled = True  # from now on draws are keyed by round too
    if not keep_intent:
        leads.intent[idx] = 0.0
        leads.t_ref[idx] = back
    leads.flags[idx] &= NURTURE_RESET
    leads.rounds[idx] += 1
    # Back in nurture the lead is a new start to marketing: its interest fades from its return, as a new
    # lead's does from its arrival (a recycled lead would otherwise come back having faded for its whole age).
    if leads.engaged_since is leads.arrival:
        leads.engaged_since = leads.arrival.copy()
    leads.engaged_since[idx] = back


def recycle_node(compiled: Compiled, team: SalesTeam | None = None) -> int | None:
    """The node every lead recycled by ``team`` returns to (its ``recycle.to``), or None: each to its entry's next."""
    target_id = (team.policy.to if team is not None else compiled.scenario.acceptance.recycle.to) or ""
    target = compiled.index.get(target_id, -1)
    return target if target >= 0 else None


def return_node(compiled: Compiled, entry: int, team: SalesTeam | None = None) -> int | None:
    """Where a recycled lead that came in at ``entry`` resumes nurture; None if its entry leads nowhere."""
    target = recycle_node(compiled, team)
    return target if target is not None else compiled.targets[entry].get("next")
