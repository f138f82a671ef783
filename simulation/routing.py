"""Where the leads of a batch go when they leave a node: on to the next, to sales, out (part of Engine)."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from sequences.nodes import ExitNode, WaitNode

from .compiled import Compiled
from .handlers import END, SALES, UNSUBSCRIBE, Handlers
from .handoff_lag import handoff_times
from .keyed_random import KeyedRandom
from .leads import IS_MQL, Leads
from .partition import BEYOND, by_way_and_window
from .sales_rules import route
from .sales_teams import SalesTeams
from .tally import COMPLETED, EXIT_STATES, GOAL, IN_QUEUE, UNSUBSCRIBED, Tally
from .walk_kernel import BY_PORT, ENDS, HANDS_OFF, PAUSES, STAYS, TIMES_OUT, UNSUBSCRIBES
from .walks import Walks

Parts = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]  # lead indices, handoff times, SLA days, queues


class SimulationError(RuntimeError):
    """The model cannot be run as given (e.g. a loop of nodes that never waits)."""


class Routing:
    """Mixed into ``Engine``: a batch through its node (or its leads down their walks), then each group of
    leads on its way, in the window it arrives in."""

    # Engine sets these; declared here so that the mixin type-checks on its own.
    compiled: Compiled
    rng: KeyedRandom
    leads: Leads
    handlers: Handlers
    sales: SalesTeams
    tally: Tally
    walks: Walks | None
    kinds: list[str]
    completes: list[bool]
    ways: list[int]
    horizon: float
    stall_days: float
    windows: int
    inv_window: float
    beyond: list[list[tuple[np.ndarray, np.ndarray]]]
    pending_sales: list[Parts]
    later_sales: dict[int, list[Parts]]
    sla_days: list[float]
    queue_sla_days: np.ndarray
    ledger: dict[str, int]
    _push: Callable[..., None]

    # -- one batch at one node -------------------------------------------------------------------------
    def _process(self, node: int, idx: np.ndarray, t: np.ndarray, window: int) -> None:
        if self.walks is not None and self.walks.starts(node):
            self._walk(node, idx, t, window)
            return
        tally = self.tally
        tally.entered[node] += len(idx)
        if self.kinds[node] == "entry":
            tally.count("arrivals", t)
        codes, t_out = self.handlers.run(node, idx, t)
        moved = t_out is not t
        if moved:
            # One look at the latest leaving time spares the per-lead horizon mask in most windows.
            stay = t_out >= self.horizon if float(t_out.max()) >= self.horizon else None
            self._dwell(node, t, t_out, stay)
        elif not codes.any():
            # Everyone leaves by the first port within this window (most entries and branches): no sorting.
            self._leave(node, 0, idx, t, window, window)
            return
        order, groups, who_all, when_all = by_way_and_window(
            codes, t_out, idx, END, self.ways[node], -1 if moved else window, self.windows, self.inv_window,
            self.horizon if moved else math.inf, moved)  # the order gives the times of those past the horizon
        if len(groups) == 1:
            who_all, when_all = idx, t_out
        # else every group is a slice of the sorted batch: cheaper than a mask and two takes per way out
        for code, w, a, b in groups.tolist():
            if code == BEYOND:
                # Still here at the horizon: kept with the time it came, for the in-flight and stall counts.
                self.beyond[node].append((who_all[a:b], t if len(groups) == 1 else t.take(order[a:b])))
            else:
                self._leave(node, code, who_all[a:b], when_all[a:b], window, w)

    def _walk(self, node: int, idx: np.ndarray, t: np.ndarray, window: int) -> None:
        """The leads walk on from ``node`` through emails and waits, each as far as it goes, and leave there."""
        walks = self.handlers.walks  # ``self.walks`` when walking
        keys, when, stuck = walks.run(node, idx, t, self.horizon)
        if stuck:
            # Name the nodes where the loop held them (a walk can start well before it).
            paused = sorted({int(k) // walks.stride for k in np.unique(keys) if k % walks.stride == PAUSES})
            names = ", ".join(self.compiled.nodes[i].id for i in paused) or self.compiled.nodes[node].id
            raise SimulationError(f"leads loop without ever waiting through {names}")
        # Grouped by the way out only: a walk's leads leave over many windows, and a lean replication runs
        # ahead, so a group waits whole in the window of its earliest lead (a lead moved before its own
        # window changes no figure) instead of being split window by window.
        _, groups, who_all, when_all = by_way_and_window(keys, when, idx, 0, walks.ways, 0, 1, self.inv_window,
                                                         math.inf, False)
        if len(groups) == 1:
            who_all, when_all = idx, when
        for key, _w, a, b in groups.tolist():
            at, how = divmod(key, walks.stride)
            who, t_at = who_all[a:b], when_all[a:b]
            if how == STAYS:
                self.beyond[at].append((who, t_at))
                continue
            first = int(float(t_at.min()) * self.inv_window)
            if how == PAUSES:
                self._push(at, who, t_at, first)
            else:
                code = how - BY_PORT if how >= BY_PORT else {UNSUBSCRIBES: UNSUBSCRIBE, HANDS_OFF: SALES,
                                                                 TIMES_OUT: 1, ENDS: END}.get(how, 0)
                self._leave(at, code, who, t_at, window, first)

    def _leave(self, node: int, code: int, who: np.ndarray, when: np.ndarray, window: int,
               arrives: int | None = None) -> None:
        """Leads leaving ``node`` by output ``code`` at ``when`` (all within window ``arrives``, if given),
        during the engine's ``window``."""
        tally = self.tally
        if code >= 0:
            port = self.compiled.ports[node][code]
            tally.left[node][port] += len(who)
            target = self.compiled.targets[node].get(port)
            if target is None:
                self._stalled_mqls(node, who, when)
                self._terminal(who, when, COMPLETED)
            else:
                if self.completes[target]:
                    self._stalled_mqls(node, who, when)
                self._push(target, who, when, arrives)
        elif code == SALES:
            lag = self.compiled.scenario.behaviour.handoff_lag_hours
            if lag is not None:
                # Sales-ready now, with sales after the handoff lag; a lead whose lag runs past the horizon is
                # still in flight here (at its handoff moment, so never a stall: the lag is a planned stay).
                when = handoff_times(lag, self.rng, who, self.leads.rounds[who], when)
                if float(when.max()) >= self.horizon:
                    late = when >= self.horizon
                    self.beyond[node].append((who[late], when[late]))
                    who, when = who[~late], when[~late]
                    if not len(who):
                        return
            handoff = self.compiled.nodes[node].kind == "handoff"
            tally.left[node]["next" if handoff else "sales"] += len(who)
            if handoff and (goal := self.compiled.targets[node].get("next")) is not None:
                # The lead is with sales now; the node after the handoff (usually the SQL goal) shows it.
                tally.entered[goal] += len(who)
                tally.left[goal]["sales"] += len(who)
            queue = route(self.sales, node, self.leads, who, when)
            own = self.sla_days[node]
            sla = self.queue_sla_days[queue] if math.isnan(own) else np.full(len(who), own)
            self._to_sales(who, when, sla, queue, window)
            self.leads.state[who] = IN_QUEUE
        elif code == UNSUBSCRIBE:
            tally.left[node]["unsubscribed"] += len(who)
            tally.count("unsubscribed", when)
            self._terminal(who, when, UNSUBSCRIBED)
        elif code == END:
            node_obj = self.compiled.nodes[node]
            if node_obj.kind == "branch":
                tally.left[node]["no_match"] += len(who)
                state = COMPLETED
                self._stalled_mqls(node, who, when)
            else:
                # Goals and exits never stall: a lead that ends there has arrived, not stopped.
                tally.left[node]["ended"] += len(who)
                state = EXIT_STATES[node_obj.reason] if isinstance(node_obj, ExitNode) else GOAL
            self._terminal(who, when, state)

    def _to_sales(self, who: np.ndarray, when: np.ndarray, sla: np.ndarray, queue: np.ndarray,
                  window: int) -> None:
        k = (when * self.inv_window).astype(np.int64)
        if int(k.max()) <= window:
            self.pending_sales.append((who, when, sla, queue))
            return
        for w in np.unique(k).tolist():
            pick = k == w
            part = (who[pick], when[pick], sla[pick], queue[pick])
            if w <= window:
                self.pending_sales.append(part)
            else:
                self.later_sales.setdefault(w, []).append(part)

    def _stalled_mqls(self, node: int, idx: np.ndarray, t: np.ndarray) -> None:
        """An MQL that finishes nurture without reaching SQL makes no more progress: once the stall period
        has passed (within the horizon) it counts as stalled where it ended."""
        mql = (self.leads.flags[idx] & np.uint8(IS_MQL)) != 0
        stalled = int(np.count_nonzero(mql & (t + self.stall_days <= self.horizon)))
        self.tally.stalled[node] += stalled
        self.tally.mql_stalls += stalled

    def _dwell(self, node: int, t: np.ndarray, t_out: np.ndarray, stay: np.ndarray | None) -> None:
        """Dwell of the leads that leave within the horizon (``stay`` marks the others, None if none).

        Time at a node is planned time (a wait, an email held for its send window or, for a lead that
        answers it, until its response): a planned stay stalls a lead only beyond the plan plus the stall
        period, and the engine releases every lead when its plan is over, so no stay here is a stall.
        """
        if not self.tally.detail:
            return  # dwell is a per-node figure
        node_obj = self.compiled.nodes[node]
        if isinstance(node_obj, WaitNode) and node_obj.mode == "days":
            # Everyone waits the same: no need to look at each lead.
            n = len(t_out) - (0 if stay is None else int(np.count_nonzero(stay)))
            self.tally.add_same_dwell(node, float(node_obj.days), n)
            return
        dwell = t_out - t
        if stay is not None:
            dwell = dwell[~stay]
        self.tally.add_dwell(node, dwell)

    def _terminal(self, idx: np.ndarray, t: np.ndarray, state: int) -> None:
        self.ledger["terminal"] += len(idx)
        self.leads.state[idx] = state
        self.leads.done_t[idx] = np.minimum(self.leads.done_t[idx], t)
