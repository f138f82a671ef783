"""What happens to a lead from its handoff on, as the engine and Test a Lead both apply it: one copy of the rules."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sequences.nodes import HandoffNode
from sequences.scenario import Scenario

from .compiled import Compiled
from .handlers import Handlers
from .keyed_random import KeyedRandom
from .leads import HAND_RAISED, IS_MQL, LAST_MASK, Leads
from .sales import SalesTeam

# Recycling clears the last email's responses, the hand-raise and MQL status; the other flags stay.
NURTURE_RESET = np.uint8(~(LAST_MASK | np.uint8(HAND_RAISED | IS_MQL)) & 0xFF)


def reentry_days(scenario: Scenario) -> float:
    """Days from a rejection to the lead's return to nurture: marketing's status update, at least an hour."""
    return max(scenario.sla.status_update_hours, 1.0) / 24.0


def sla_hours(compiled: Compiled, node: int) -> float:
    """First-outreach SLA of a handoff from ``node``: the handoff node's own, else the scenario's."""
    obj = compiled.nodes[node]
    if isinstance(obj, HandoffNode) and obj.sla_hours is not None:
        return obj.sla_hours
    return compiled.scenario.sla.first_outreach_hours


def recycles(scenario: Scenario) -> bool:
    """A rejected lead goes back to nurture (True) or is disqualified."""
    return scenario.acceptance.after_rejection == "recycle"


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


def first_outreach(team: SalesTeam, t: np.ndarray, sla_days: np.ndarray, horizon: float,
                   queue_days: float) -> Outreach:
    """Serve handoffs ``t`` (sorted, FIFO) by ``team`` and judge each against its SLA and the queue stall rule."""
    touch = team.first_touch(t)
    deadline = t + sla_days
    due = deadline < horizon
    touched = touch < horizon
    wait = touch - t
    # A lead still waiting at the horizon has waited until then.
    stalled = np.where(touched, wait, horizon - t) >= queue_days
    return Outreach(touch, deadline, due, due & (touch > deadline), touched, wait, stalled)


def decide(rng: KeyedRandom, compiled: Compiled, team: SalesTeam, leads: Leads,
           idx: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sales' decision at first touch: (accepted, index into ``team.reasons`` that applies if rejected).

    The draw is keyed by lead and recycling round, so a lead decides alike wherever it is simulated.
    """
    u_accept, u_reason = rng.pair(compiled.stream(-1, "decision"), idx, leads.rounds[idx])
    return u_accept < team.accept_probability(leads.fit[idx]), team.reason(u_reason)


def reset_for_nurture(handlers: Handlers, leads: Leads, idx: np.ndarray, back: np.ndarray) -> None:
    """Marketing recycles the leads: intent and status cleared as of ``back``, a new round of draws."""
    handlers.recycled = True  # from now on draws are keyed by round too
    leads.intent[idx] = 0.0
    leads.t_ref[idx] = back
    leads.flags[idx] &= NURTURE_RESET
    leads.rounds[idx] += 1


def recycle_node(compiled: Compiled) -> int | None:
    """The node every recycled lead returns to (the scenario's ``recycle_to``), or None: each to its entry's next."""
    target = compiled.index.get(compiled.scenario.acceptance.recycle_to or "", -1)
    return target if target >= 0 else None


def return_node(compiled: Compiled, entry: int) -> int | None:
    """Where a recycled lead that came in at ``entry`` resumes nurture; None if its entry leads nowhere."""
    target = recycle_node(compiled)
    return target if target is not None else compiled.targets[entry].get("next")
