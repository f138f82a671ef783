"""What each node kind does to a batch of leads: returns an output code and a leaving time per lead."""

from __future__ import annotations

import numpy as np

from sequences.nodes import ELSE, BranchNode, EntryNode, ScoreNode, SplitNode, WaitNode

from .clock import add_business_days
from .compiled import Compiled
from .keyed_random import KeyedRandom
from .leads import CLICKED_LAST, HAND_RAISED, IS_MQL, LAST_MASK, OPENED_LAST, RAISED_LAST, Leads
from .predicates import compile_all

# Output codes besides the node's own ports (0..k-1).
SALES, UNSUBSCRIBE, END = -1, -2, -3
# Mean lag (days) between an email and the response a wait-until-event node listens for.
RESPONSE_LAG_DAYS = 1.0
_OUTCOME_FLAGS = np.array([(OPENED_LAST if k & 1 else 0) | (CLICKED_LAST if k & 2 else 0)
                           | (RAISED_LAST | HAND_RAISED if k & 4 else 0) for k in range(8)], dtype=np.uint8)
_EVENT_BITS = {"open": OPENED_LAST, "click": CLICKED_LAST, "hand_raise": RAISED_LAST}


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
        fields = {c.field for node in compiled.nodes if isinstance(node, BranchNode) for o in node.outputs
                  for c in o.when}
        # Counting costs a scatter per email per lead: only keep what some branch reads.
        self.track_counts = bool(fields & {"opens", "clicks", "emails_received"})
        self.track_topics = "clicked_topic" in fields
        self.recycled = False
        self.branch_tests = {}
        for i, node in enumerate(compiled.nodes):
            if isinstance(node, BranchNode):
                self.branch_tests[i] = [(k, compile_all(compiled, o.when)) for k, o in enumerate(node.outputs)
                                        if o.label != ELSE]
        self.by_kind = {"entry": self.entry, "email": self.email, "wait": self.wait, "branch": self.branch,
                        "split": self.split, "score": self.score, "handoff": self.handoff,
                        "goal": self.end, "exit": self.end}

    def run(self, node: int, idx: np.ndarray, t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return self.by_kind[self.c.nodes[node].kind](node, idx, t)

    def thresholds(self, idx: np.ndarray, t: np.ndarray, eligible: np.ndarray | None = None,
                   intent: np.ndarray | None = None, flags: np.ndarray | None = None) -> np.ndarray:
        """MQL and SQL crossings just after a score change (decay alone never crosses upwards).

        ``intent`` and ``flags`` are the batch's current values when the caller already has them.
        """
        leads = self.leads
        fit = leads.fit[idx]
        total = (leads.intent[idx] if intent is None else intent) + fit
        flags = leads.flags[idx] if flags is None else flags
        sql = total >= self.sql.total
        if self.sql.require_hand_raise:
            sql &= (flags & HAND_RAISED) != 0
        mql = (fit >= self.mql.fit_min) & (total >= self.mql.total)
        if eligible is not None:
            sql &= eligible
            mql &= eligible
        # An SQL is an MQL too, from the same moment, whatever its fit.
        new = (mql | sql) & ((flags & IS_MQL) == 0)
        if new.any():
            who = idx[new]
            leads.flags[who] |= np.uint8(IS_MQL)
            leads.mql_t[who] = np.minimum(leads.mql_t[who], t[new])
            self.on_mql(t[new])
        return sql

    def _rounds(self, idx: np.ndarray) -> np.ndarray | None:
        # Until a lead is recycled every round is 0, and a draw without rounds is the same draw.
        return self.leads.rounds[idx] if self.recycled else None

    def entry(self, node: int, idx: np.ndarray, t: np.ndarray):
        entry: EntryNode = self.c.nodes[node]
        intent = self.leads.add_intent(idx, t, self.c.scoring.entry_points.get(entry.trigger, 0.0), self.half_life)
        codes = np.zeros(len(idx), dtype=np.int8)
        codes[self.thresholds(idx, t, intent=intent)] = SALES
        return codes, t

    def email(self, node: int, idx: np.ndarray, t: np.ndarray):
        leads, table = self.leads, self.c.emails[node]
        role = leads.attrs["role"][idx]
        rounds = self._rounds(idx)
        u_open, u_click = self.rng.pair(self.c.stream(node, "email"), idx, rounds)
        opened = u_open < table.open[role]
        clicked = opened & (u_click < table.click[role])
        flags = leads.flags[idx] & ~LAST_MASK
        codes = np.zeros(len(idx), dtype=np.int8)
        who = np.flatnonzero(opened)
        if len(who):
            # Only responses add points or raise hands, so only responders' scores can cross a threshold;
            # the others' intent just keeps decaying in closed form.
            sub, r, when = idx[who], role[who], t[who]
            # One uniform decides both, so a lead raising a hand is never also unsubscribing.
            u_act, _ = self.rng.pair(self.c.stream(node, "act"), sub, None if rounds is None else rounds[who])
            raised = u_act < table.hand_raise[r]
            unsub = ~raised & (u_act < table.hand_raise[r] + table.unsubscribe[r])
            # Outcome bits: 1 opened, 2 clicked, 4 raised a hand; points and flags are looked up by them.
            outcome = (clicked[who].view(np.uint8) << np.uint8(1)) | (raised.view(np.uint8) << np.uint8(2))
            outcome |= np.uint8(1)
            intent = leads.add_intent(sub, when, table.points[r.astype(np.intp) * 8 + outcome], self.half_life)
            flags[who] |= _OUTCOME_FLAGS[outcome]
            leads.flags[idx] = flags
            stay = ~unsub if unsub.any() else None
            codes[who[self.thresholds(sub, when, stay, intent, flags[who])]] = SALES
            if stay is not None:
                codes[who[unsub]] = UNSUBSCRIBE
        else:
            leads.flags[idx] = flags
        if self.track_counts:
            leads.opens[idx] += opened
            leads.clicks[idx] += clicked
            leads.emails[idx] += 1
        if self.track_topics and clicked.any():
            c = idx[clicked]
            leads.topics[c] |= table.topic_bit[role[clicked]]
        return codes, t

    def wait(self, node: int, idx: np.ndarray, t: np.ndarray):
        wait: WaitNode = self.c.nodes[node]
        codes = np.zeros(len(idx), dtype=np.int8)
        if wait.mode == "days":
            return codes, t + wait.days
        if wait.mode == "business_days":
            return codes, add_business_days(t, wait.days)
        bit = np.uint8(_EVENT_BITS[wait.event])
        lag = -RESPONSE_LAG_DAYS * np.log1p(-self.rng.uniform(self.c.stream(node, "lag"), idx, self._rounds(idx)))
        event = ((self.leads.flags[idx] & bit) != 0) & (lag <= wait.days)
        codes[~event] = 1
        return codes, np.where(event, t + lag, t + wait.days)

    def branch(self, node: int, idx: np.ndarray, t: np.ndarray):
        branch: BranchNode = self.c.nodes[node]
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
        split: SplitNode = self.c.nodes[node]
        weights = np.array([o.percent for o in split.outputs], dtype=np.float64)
        if weights.sum() <= 0:
            weights = np.ones(len(weights))
        cum = np.cumsum(weights / weights.sum())
        u = self.rng.uniform(self.c.stream(node, "split"), idx, self._rounds(idx))
        codes = np.minimum(np.searchsorted(cum, u, side="right"), len(weights) - 1).astype(np.int8)
        return codes, t

    def score(self, node: int, idx: np.ndarray, t: np.ndarray):
        score: ScoreNode = self.c.nodes[node]
        if score.score == "fit":
            self.leads.fit[idx] += score.points
        intent = self.leads.add_intent(idx, t, score.points if score.score == "intent" else 0.0, self.half_life)
        codes = np.zeros(len(idx), dtype=np.int8)
        codes[self.thresholds(idx, t, intent=intent)] = SALES
        return codes, t

    def handoff(self, node: int, idx: np.ndarray, t: np.ndarray):
        return np.full(len(idx), SALES, dtype=np.int8), t

    def end(self, node: int, idx: np.ndarray, t: np.ndarray):
        return np.full(len(idx), END, dtype=np.int8), t
