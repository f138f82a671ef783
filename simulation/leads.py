"""Lead state as numpy arrays (one slot per lead) and the cohort that fills them: arrivals, mix, fit."""

from __future__ import annotations

import json

import numpy as np

from sequences.conditions import Condition
from sequences.nodes import EntryNode

from .arrivals import arrival_times, blocks
from .arrivals import counts as block_counts
from .compiled import TRIGGER_SOURCE, Compiled, code_lookup
from .decay import decayed
from .keyed_random import KeyedRandom, bucket, stream_key

# Flag bits: the last email's responses, the sticky hand-raise, and the current MQL status.
OPENED_LAST, CLICKED_LAST, RAISED_LAST, HAND_RAISED, IS_MQL = 1, 2, 4, 8, 16
LAST_MASK = np.uint8(OPENED_LAST | CLICKED_LAST | RAISED_LAST)


class Leads:
    """Every lead of one replication. Index = arrival order, which also keys its random draws."""

    def __init__(self, compiled: Compiled, rng: KeyedRandom, leads: int | None = None,
                 cohorts: CohortCache | None = None):
        key = None if cohorts is None else cohorts.key(compiled, rng, leads)
        drawn = None if key is None or cohorts is None else cohorts.get(key)
        if drawn is None:
            self._draw_cohort(compiled, rng, leads)
            if key is not None and cohorts is not None:
                cohorts.put(key, compiled.document, self)
        else:
            self.n, self.arrival, self.entry, self.attrs, fit = drawn
            self.fit = fit.copy()  # score nodes add fit points: each run needs its own
        n = self.n
        self.intent = np.zeros(n, dtype=np.float64)
        self.t_ref = self.arrival.copy()
        # Since when each lead's interest fades (engagement_half_life_days): its arrival, until marketing
        # recycles it (``sales_rules.reset_for_nurture``); shared with ``arrival`` until then.
        self.engaged_since = self.arrival
        self.flags = np.zeros(n, dtype=np.uint8)
        # np.zeros only touches memory where written: untracked counts cost nothing.
        # Opens, clicks and emails received as rows of one array, which a compiled walk updates in one go.
        self.counts = np.zeros((3, n), dtype=np.int32)
        self.opens, self.clicks, self.emails = self.counts
        self.topics = np.zeros(n, dtype=np.uint64)
        self.rounds = np.zeros(n, dtype=np.uint16)
        self.resp_t = np.zeros(n)  # when the lead answered its last email (read only with response lags)
        self.mql_t = np.full(n, np.inf)
        self.sql_t = np.full(n, np.inf)
        self.done_t = np.full(n, np.inf)
        self.state = np.zeros(n, dtype=np.int8)

    def _draw_cohort(self, compiled: Compiled, rng: KeyedRandom, leads: int | None) -> None:
        """Who arrives when, where, with which attributes and fit: the draws every run of a scenario shares."""
        scenario = compiled.scenario
        rules = scenario.cohort.arrivals
        # Only leads arriving within the horizon are built: later ones could never be counted.
        parts = blocks(rules, float(scenario.horizon_days))
        counts = block_counts(rules, parts, rng, leads)
        self.n = n = int(counts.sum())
        # One keyed hash per lead gives its role draw and its place in its week.
        self._u_role, jitter = rng.pair(stream_key("<lead>"), np.arange(n))
        self.arrival = arrival_times(rules, parts, counts, jitter)
        del jitter
        entries = np.array([compiled.index.get(rules[b.rule].entry, -1) for b in parts], dtype=np.int32)
        self.entry = np.repeat(entries, counts)
        self.attrs = self._draw_attributes(compiled, rng)
        del self._u_role
        self.fit = self._fit(compiled)

    def _draw_attributes(self, compiled: Compiled, rng: KeyedRandom) -> dict[str, np.ndarray]:
        everyone = np.arange(self.n)
        mix = compiled.scenario.mix
        attrs: dict[str, np.ndarray] = {}
        for attribute, values in compiled.vocab.items():
            if attribute == "offer":
                continue
            probs = compiled.mix_weights(attribute)
            if probs is None or probs.sum() <= 0:
                attrs[attribute] = np.full(self.n, -1, dtype=np.int16)
                continue
            cum = np.cumsum(probs / probs.sum())
            u = self._u_role if attribute == "role" else rng.uniform(stream_key("<mix>", attribute), everyone)
            attrs[attribute] = np.minimum(bucket(cum, u), len(values) - 1).astype(np.int16)
        entries = [compiled.nodes[i] if i >= 0 else None for i in range(len(compiled.nodes))]
        offer = np.full(len(entries) + 1, -1, dtype=np.int16)
        source = np.full(len(entries) + 1, -1, dtype=np.int16)
        for i, node in enumerate(entries):
            if isinstance(node, EntryNode):
                offer[i] = compiled.code("offer", node.offer) if node.offer else -1
                source[i] = compiled.code("source", TRIGGER_SOURCE[node.trigger])
        attrs["offer"] = offer[self.entry]
        if "source" not in mix:
            attrs["source"] = source[self.entry]
        return attrs

    def _fit(self, compiled: Compiled) -> np.ndarray:
        fit = np.zeros(self.n, dtype=np.float64)
        for rule in compiled.scoring.fit:
            codes = self.attrs.get(rule.field)
            if codes is None or rule.op not in ("eq", "ne", "in", "not_in"):
                continue
            value = tuple(rule.value) if isinstance(rule.value, tuple) else rule.value
            cond = Condition(field=rule.field, op=rule.op, value=value)
            hit = code_lookup(compiled, cond)[codes]
            if rule.op in ("ne", "not_in"):
                hit = ~hit & (codes >= 0)
            fit += np.where(hit, rule.points, 0.0)
        return fit

    def intent_at(self, idx: np.ndarray, t: np.ndarray, half_life: float) -> np.ndarray:
        """Intent in closed form: the value at its last change, halved every ``half_life`` days since."""
        return decayed(self.intent, self.t_ref, idx, np.broadcast_to(t, idx.shape), half_life)

    def add_intent(self, idx: np.ndarray, t: np.ndarray, points: np.ndarray | float,
                   half_life: float) -> np.ndarray:
        intent = self.intent_at(idx, t, half_life) + points
        self.intent[idx] = intent
        self.t_ref[idx] = t
        return intent


class CohortCache:
    """The cohorts of recent runs, for a sweep: its points differ in thresholds and team, never in who
    arrives, so each replication's cohort (the same keyed draws at every point) is drawn once per process.

    A cached cohort's arrays are shared read-only between runs; only ``fit`` is copied (score nodes change it).
    """

    def __init__(self, max_leads: int = 20_000_000):
        self.max_leads = max_leads
        self.entries: dict[tuple, tuple] = {}

    @staticmethod
    def key(compiled: Compiled, rng: KeyedRandom, leads: int | None) -> tuple | None:
        if type(rng) is not KeyedRandom:
            return None  # scripted draws (the lead path) are never shared
        scenario = compiled.scenario
        # Everything the cohort's draws read: the document (by identity; the entry keeps it alive), the
        # arrivals, the mix, the horizon, the fit rules, the seed and replication, the cohort size.
        return (id(compiled.document), scenario.cohort.model_dump_json(), json.dumps(scenario.mix, sort_keys=True,
                default=str), float(scenario.horizon_days), repr(compiled.scoring.fit), rng.base, leads)

    def get(self, key: tuple) -> tuple | None:
        entry = self.entries.get(key)
        return None if entry is None else entry[1:]

    def put(self, key: tuple, document: object, leads: Leads) -> None:
        if leads.n > self.max_leads:
            return
        while self.entries and sum(e[1] for e in self.entries.values()) + leads.n > self.max_leads:
            del self.entries[next(iter(self.entries))]  # the oldest first
        for array in (leads.arrival, leads.entry, *leads.attrs.values()):
            array.flags.writeable = False
        self.entries[key] = (document, leads.n, leads.arrival, leads.entry, leads.attrs,
                             leads.fit.copy())
