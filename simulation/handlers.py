"""What each node kind does to a batch of leads: returns an output code and a leaving time per lead."""

from __future__ import annotations

from typing import cast

import numpy as np

from sequences.nodes import ELSE, BranchNode, EmailNode, EntryNode, ScoreNode, SplitNode, WaitNode

from .clock import add_business_days
from .compiled import Compiled
from .keyed_random import KeyedRandom, bucket
from .leads import HAND_RAISED, IS_MQL, Leads
from .predicates import compile_all
from .send_timing import Lags, SendClock
from .walk_kernel import RESPONSE_LAG_DAYS as RESPONSE_LAG_DAYS  # analytic and the lead path read it here
from .walk_kernel import SALES
from .walk_kernel import UNSUBSCRIBE as UNSUBSCRIBE  # the engine reads every output code here
from .walks import NOT_DRAWN, Walks

# Output codes besides the node's own ports (0..k-1): to sales and unsubscribed (from the email), ended.
END = -3


class Handlers:
    """One method per node kind: given a node, its batch (lead indices, each lead's time of arrival
    there) it updates the leads' state and returns each lead's output code and leaving time; a handler
    returns the very ``t`` it was given when nobody spends time at the node."""

    def __init__(self, compiled: Compiled, leads: Leads, rng: KeyedRandom, on_mql):
        self.c = compiled
        self.leads = leads
        self.rng = rng
        self.on_mql = on_mql
        scoring = compiled.scoring
        self.half_life = scoring.decay_half_life_days
        self.mql = scoring.mql
        self.sql = scoring.sql
        # The thresholds as plain floats, read once: every batch compares against them.
        self.sql_total, self.sql_needs_hand = float(self.sql.total), bool(self.sql.require_hand_raise)
        self.mql_fit, self.mql_total = float(self.mql.fit_min), float(self.mql.total)
        fields = {c.field for node in compiled.nodes if isinstance(node, BranchNode) for o in node.outputs
                  for c in o.when}
        fields |= {c.field for rule in compiled.scenario.sales.routing for c in rule.when}  # routing reads them too
        # Counting costs a scatter per email per lead: only keep what some branch reads.
        self.track_counts = bool(fields & {"opens", "clicks", "emails_received"})
        self.track_topics = "clicked_topic" in fields
        # Each lead's role code (int16): the email kernel looks its rates up by it, and a narrow array keeps
        # more of the cohort in cache than index-sized ints would.
        self.role = leads.attrs.get("role")
        self.branch_tests = {}
        for i, node in enumerate(compiled.nodes):
            if isinstance(node, BranchNode):
                self.branch_tests[i] = [(k, compile_all(compiled, o.when)) for k, o in enumerate(node.outputs)
                                        if o.label != ELSE]
        self.by_kind = {"entry": self.entry, "email": self.email, "wait": self.wait, "branch": self.branch,
                        "split": self.split, "score": self.score, "handoff": self.handoff,
                        "goal": self.end, "exit": self.end}
        self.dispatch = [self.by_kind[node.kind] for node in compiled.nodes]
        scenario = compiled.scenario
        lags = scenario.behaviour.response_lag_hours
        self.lags = Lags(lags) if lags is not None else None
        self.lag_table = self.lags.table if self.lags is not None else np.zeros(0)
        self.threshold_values = np.array([self.sql_total, float(self.sql_needs_hand), self.mql_fit, self.mql_total])
        self.send: dict[int, SendClock] = {}
        for i, node in enumerate(compiled.nodes):
            window = (node.sending or scenario.sending) if isinstance(node, EmailNode) else None
            if window is not None and not (clock := SendClock(window)).always:
                self.send[i] = clock
        # Emails (and, in a lean replication, whole runs of emails and waits) go through the compiled walk.
        keyed = type(rng) is KeyedRandom
        self.walks = Walks(compiled, leads, rng.base if keyed else None, self.send, self.role, self.lag_table,
                           self.half_life, self.threshold_values, self.track_counts, self.track_topics,
                           scenario.behaviour.engagement_half_life_days)

    @property
    def recycled(self) -> bool:
        """Some lead was recycled: from then on every draw is keyed by the lead's round too."""
        return self.walks.recycled

    @recycled.setter
    def recycled(self, value: bool) -> None:
        self.walks.recycled = value

    def run(self, node: int, idx: np.ndarray, t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return self.dispatch[node](node, idx, t)

    def thresholds(self, idx: np.ndarray, t: np.ndarray, eligible: np.ndarray | None = None,
                   intent: np.ndarray | None = None, flags: np.ndarray | None = None) -> np.ndarray:
        """MQL and SQL crossings just after a score change (decay alone never crosses upwards).

        ``intent`` and ``flags`` are the batch's current values when the caller already has them.
        """
        leads = self.leads
        fit = leads.fit.take(idx)
        total = (leads.intent.take(idx) if intent is None else intent) + fit
        flags = leads.flags.take(idx) if flags is None else flags
        sql = total >= self.sql_total
        if self.sql_needs_hand:
            sql &= (flags & HAND_RAISED) != 0
        mql = fit >= self.mql_fit
        mql &= total >= self.mql_total
        if eligible is not None:
            sql &= eligible
            mql &= eligible
        # An SQL is an MQL too, from the same moment, whatever its fit.
        new = ((mql | sql) & ((flags & IS_MQL) == 0)).nonzero()[0]
        if len(new):
            self._mark_mql(idx.take(new), t.take(new))
        return sql

    def _mark_mql(self, who: np.ndarray, when: np.ndarray) -> None:
        leads = self.leads
        leads.flags[who] |= np.uint8(IS_MQL)
        leads.mql_t[who] = np.minimum(leads.mql_t.take(who), when)
        self.on_mql(when)

    def _rounds(self, idx: np.ndarray) -> np.ndarray | None:
        # Until a lead is recycled every round is 0, and a draw without rounds is the same draw.
        return self.leads.rounds.take(idx) if self.recycled else None

    def entry(self, node: int, idx: np.ndarray, t: np.ndarray):
        entry = cast(EntryNode, self.c.nodes[node])  # dispatched by kind: each handler gets its own
        intent = self.leads.add_intent(idx, t, self.c.scoring.entry_points.get(entry.trigger, 0.0), self.half_life)
        codes = np.zeros(len(idx), dtype=np.int8)
        codes[self.thresholds(idx, t, intent=intent)] = SALES
        return codes, t

    def email(self, node: int, idx: np.ndarray, t: np.ndarray):
        """Sent at the send window's next opening; responses (and the scores and thresholds they move) come
        a response lag after delivery. The lead moves on when the email is sent; a lead the response makes
        an SQL, or that unsubscribes, leaves at the moment of its response."""
        assert self.role is not None, "every audience has roles, so every lead has one"
        codes, t_out, new_mql = self.walks.step(node, idx, t, self._drawn(node, idx))
        if len(new_mql):
            self.on_mql(new_mql)
        if node not in self.send and (self.lags is None or not codes.any()):
            return codes, t  # nobody spent time here: the engine skips the dwell and the window split
        return codes, t_out

    def _drawn(self, node: int, idx: np.ndarray) -> np.ndarray:
        """The email's four uniforms per lead from the rng itself when it is scripted (the lead path);
        otherwise none, and the compiled email hashes the very same keyed draws."""
        if type(self.rng) is KeyedRandom:
            return NOT_DRAWN  # hashed in the walk itself
        rng, stream, rounds = self.rng, self.c.stream, self._rounds(idx)
        u_open, u_click = rng.pair(stream(node, "email"), idx, rounds)
        return np.vstack([u_open, u_click, rng.uniform(stream(node, "act"), idx, rounds),
                          rng.uniform(stream(node, "lag"), idx, rounds)])

    def wait(self, node: int, idx: np.ndarray, t: np.ndarray):
        wait = cast(WaitNode, self.c.nodes[node])
        codes = np.zeros(len(idx), dtype=np.int8)
        if wait.mode == "days":
            return codes, t + wait.days
        if wait.mode == "business_days":
            return codes, add_business_days(t, wait.days)
        # The event happens when the lead answered the last email (its response lag; without response lags, a
        # drawn one): one step of a walk, so a batch and a walk give the same times.
        drawn = NOT_DRAWN
        if self.lags is None and type(self.rng) is not KeyedRandom:  # a scripted lead path gives its own lag
            drawn = np.zeros((4, len(idx)))
            drawn[3] = self.rng.uniform(self.c.stream(node, "lag"), idx, self._rounds(idx))
        codes, t_out, _ = self.walks.step(node, idx, t, drawn)
        return codes, t_out

    def branch(self, node: int, idx: np.ndarray, t: np.ndarray):
        branch = cast(BranchNode, self.c.nodes[node])
        labels = branch.ports()
        rest = labels.index(ELSE) if ELSE in labels else END
        codes = np.full(len(idx), rest, dtype=np.int8)
        open_ = np.ones(len(idx), dtype=bool)
        for k, test in self.branch_tests[node]:
            hit = open_ & test(self.leads, idx, t)
            codes[hit] = k
            open_ &= ~hit
        return codes, t

    def split(self, node: int, idx: np.ndarray, t: np.ndarray):
        split = cast(SplitNode, self.c.nodes[node])
        weights = np.array([o.percent for o in split.outputs], dtype=np.float64)
        if weights.sum() <= 0:
            weights = np.ones(len(weights))
        cum = np.cumsum(weights / weights.sum())
        u = self.rng.uniform(self.c.stream(node, "split"), idx, self._rounds(idx))
        codes = np.minimum(bucket(cum, u), len(weights) - 1).astype(np.int8)
        return codes, t

    def score(self, node: int, idx: np.ndarray, t: np.ndarray):
        score = cast(ScoreNode, self.c.nodes[node])
        if score.score == "fit":
            self.leads.fit[idx] += score.points
        intent = self.leads.add_intent(idx, t, score.points if score.score == "intent" else 0.0, self.half_life)
        codes = np.zeros(len(idx), dtype=np.int8)
        codes[self.thresholds(idx, t, intent=intent)] = SALES
        return codes, t

    def handoff(self, node: int, idx: np.ndarray, t: np.ndarray):
        # A drawn handoff sends the lead to sales whatever its score: it counts as an MQL from that
        # moment, so that every SQL is an MQL too (SQL <= MQL in every figure).
        new = ((self.leads.flags.take(idx) & np.uint8(IS_MQL)) == 0).nonzero()[0]
        if len(new):
            self._mark_mql(idx.take(new), t.take(new))
        return np.full(len(idx), SALES, dtype=np.int8), t

    def end(self, node: int, idx: np.ndarray, t: np.ndarray):
        return np.full(len(idx), END, dtype=np.int8), t
