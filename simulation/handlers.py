"""What each node kind does to a batch of leads: returns an output code and a leaving time per lead."""

from __future__ import annotations

from typing import cast

import numpy as np

from sequences.nodes import ELSE, BranchNode, EmailNode, EntryNode, ScoreNode, SplitNode, WaitNode

from .clock import add_business_days
from .compiled import Compiled
from .keyed_random import KeyedRandom, bucket
from .leads import CLICKED_LAST, HAND_RAISED, IS_MQL, LAST_MASK, OPENED_LAST, RAISED_LAST, Leads
from .predicates import compile_all
from .send_timing import Lags, SendClock

# Output codes besides the node's own ports (0..k-1).
SALES, UNSUBSCRIBE, END = -1, -2, -3
# Mean lag (days) between an email and the response a wait-until-event node listens for.
RESPONSE_LAG_DAYS = 1.0
_OUTCOME_FLAGS = np.array([(OPENED_LAST if k & 1 else 0) | (CLICKED_LAST if k & 2 else 0)
                           | (RAISED_LAST | HAND_RAISED if k & 4 else 0) for k in range(8)], dtype=np.uint8)
_KEEP_ON_EMAIL = np.uint8(~LAST_MASK)  # a new email forgets the last one's responses
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
        # The thresholds as plain floats, read once: every batch compares against them.
        self.sql_total, self.sql_needs_hand = float(self.sql.total), bool(self.sql.require_hand_raise)
        self.mql_fit, self.mql_total = float(self.mql.fit_min), float(self.mql.total)
        fields = {c.field for node in compiled.nodes if isinstance(node, BranchNode) for o in node.outputs
                  for c in o.when}
        fields |= {c.field for rule in compiled.scenario.sales.routing for c in rule.when}  # routing reads them too
        # Counting costs a scatter per email per lead: only keep what some branch reads.
        self.track_counts = bool(fields & {"opens", "clicks", "emails_received"})
        self.track_topics = "clicked_topic" in fields
        self.recycled = False
        # Roles as index-sized ints once per replication: every email looks its rates up by role, and
        # numpy would otherwise convert the int16 codes on each lookup.
        role = leads.attrs.get("role")
        self.role = None if role is None else role.astype(np.intp)
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
        self.send: dict[int, SendClock] = {}
        for i, node in enumerate(compiled.nodes):
            window = (node.sending or scenario.sending) if isinstance(node, EmailNode) else None
            if window is not None and not (clock := SendClock(window)).always:
                self.send[i] = clock

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
        clock = self.send.get(node)
        sent = t if clock is None else clock.next_open(t)
        leads, table = self.leads, self.c.emails[node]
        assert self.role is not None, "every audience has roles, so every lead has one"
        role = self.role.take(idx)
        rounds = self._rounds(idx)
        u_open, u_click = self.rng.pair(self.c.stream(node, "email"), idx, rounds)
        opened = u_open < table.open.take(role)
        flags = leads.flags.take(idx)
        flags &= _KEEP_ON_EMAIL
        codes = np.zeros(len(idx), dtype=np.int8)
        who = opened.nonzero()[0]
        # Only openers can click: the click test is made for them alone unless counts need the full mask.
        clicked = None
        if self.track_counts or self.track_topics:
            clicked = opened & (u_click < table.click.take(role))
        if len(who):
            # Only responses add points or raise hands, so only responders' scores can cross a threshold;
            # the others' intent just keeps decaying in closed form.
            sub, r, when = idx.take(who), role.take(who), sent.take(who)
            clicked_who = clicked.take(who) if clicked is not None else u_click.take(who) < table.click.take(r)
            # One uniform decides both, so a lead raising a hand is never also unsubscribing.
            rounds_who = None if rounds is None else rounds.take(who)
            u_act = self.rng.uniform(self.c.stream(node, "act"), sub, rounds_who)
            hand = table.hand_raise.take(r)
            raised = u_act < hand
            unsub = ~raised & (u_act < hand + table.unsubscribe.take(r))
            if self.lags is not None:
                when = when + self.lags.draw(self.rng, self.c.stream(node, "lag"), sub, rounds_who, clicked_who,
                                             raised)
                leads.resp_t[sub] = when
            # Outcome bits: 1 opened, 2 clicked, 4 raised a hand; points and flags are looked up by them.
            outcome = (clicked_who.view(np.uint8) << np.uint8(1)) | (raised.view(np.uint8) << np.uint8(2))
            outcome |= np.uint8(1)
            intent = leads.add_intent(sub, when, table.points.take(r * 8 + outcome), self.half_life)
            flags_who = flags.take(who) | _OUTCOME_FLAGS.take(outcome)
            flags[who] = flags_who
            leads.flags[idx] = flags
            stay = ~unsub if unsub.any() else None
            to_sales = self.thresholds(sub, when, stay, intent, flags_who)
            codes[who[to_sales]] = SALES
            if stay is not None:
                codes[who[unsub]] = UNSUBSCRIBE
            if self.lags is not None and (to_sales.any() or stay is not None):
                leaving = to_sales if stay is None else to_sales | unsub
                sent = sent.copy()
                sent[who[leaving]] = when[leaving]
        else:
            leads.flags[idx] = flags
        if self.track_counts:
            leads.opens[idx] += opened
            leads.clicks[idx] += clicked
            leads.emails[idx] += 1
        if self.track_topics and clicked is not None and clicked.any():
            c = idx[clicked]
            leads.topics[c] |= table.topic_bit[role[clicked]]
        return codes, sent

    def wait(self, node: int, idx: np.ndarray, t: np.ndarray):
        wait = cast(WaitNode, self.c.nodes[node])
        codes = np.zeros(len(idx), dtype=np.int8)
        if wait.mode == "days":
            return codes, t + wait.days
        if wait.mode == "business_days":
            return codes, add_business_days(t, wait.days)
        bit = np.uint8(_EVENT_BITS[wait.awaited()])
        if self.lags is not None:
            # The event happens when the lead answered the last email (its response lag), never before now.
            at = np.maximum(self.leads.resp_t.take(idx), t)
            event = ((self.leads.flags.take(idx) & bit) != 0) & (at <= t + wait.days)
            codes[~event] = 1
            return codes, np.where(event, at, t + wait.days)
        # Without response lags (``response_lag_hours: null``) the wait draws an exponential one-day lag.
        lag = -RESPONSE_LAG_DAYS * np.log1p(-self.rng.uniform(self.c.stream(node, "lag"), idx, self._rounds(idx)))
        event = ((self.leads.flags[idx] & bit) != 0) & (lag <= wait.days)
        codes[~event] = 1
        return codes, np.where(event, t + lag, t + wait.days)

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
