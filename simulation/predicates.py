"""Branch conditions compiled to vectorised tests over a batch of leads at their own moments."""

from __future__ import annotations

import operator
from collections.abc import Callable

import numpy as np

from sequences.conditions import ENGAGEMENT_FIELDS, FLAG_FIELDS, SCORE_FIELDS, Condition

from .compiled import Compiled, code_lookup, topic_mask
from .leads import CLICKED_LAST, HAND_RAISED, IS_MQL, OPENED_LAST, Leads

Test = Callable[[Leads, np.ndarray, np.ndarray], np.ndarray]

_COMPARE = {"eq": operator.eq, "ne": operator.ne, "gt": operator.gt, "gte": operator.ge,
            "lt": operator.lt, "lte": operator.le}
FLAG_BITS = {"opened_last": OPENED_LAST, "clicked_last": CLICKED_LAST, "hand_raised": HAND_RAISED,
              "is_mql": IS_MQL}


class UnknownField(ValueError):
    """A condition names a field the engine does not know."""


def compile_condition(compiled: Compiled, condition: Condition) -> Test:
    field, op, value = condition.field, condition.op, condition.value
    half_life = compiled.scoring.decay_half_life_days
    if field in SCORE_FIELDS:
        compare = _numeric(op, value)

        def score(leads: Leads, idx: np.ndarray, t: np.ndarray) -> np.ndarray:
            if field == "fit":
                return compare(leads.fit[idx])
            intent = leads.intent_at(idx, t, half_life)
            return compare(intent if field == "intent" else intent + leads.fit[idx])

        return score
    if field in ENGAGEMENT_FIELDS:
        compare = _numeric(op, value)
        array = {"opens": "opens", "clicks": "clicks", "emails_received": "emails"}[field]
        return lambda leads, idx, t: compare(getattr(leads, array)[idx])
    if field in FLAG_FIELDS:
        bit = np.uint8(FLAG_BITS[field])
        want = bool(value) if op == "eq" else not bool(value)
        return lambda leads, idx, t: ((leads.flags[idx] & bit) != 0) == want
    if field == "clicked_topic":
        mask = topic_mask(compiled, condition)
        hit = op in ("eq", "in")
        return lambda leads, idx, t: ((leads.topics[idx] & mask) != 0) == hit
    if field in compiled.vocab:
        table = code_lookup(compiled, condition)
        if op in ("eq", "in"):
            return lambda leads, idx, t: table[leads.attrs[field][idx]]
        if op in ("ne", "not_in"):
            return lambda leads, idx, t: ~table[leads.attrs[field][idx]]
        return lambda leads, idx, t: np.zeros(len(idx), dtype=bool)
    raise UnknownField(f"the condition field '{field}' is not a lead attribute, score, count or flag")


def _numeric(op: str, value: object) -> Callable[[np.ndarray], np.ndarray]:
    if op in _COMPARE and isinstance(value, int | float) and not isinstance(value, bool):
        fn, number = _COMPARE[op], float(value)
        return lambda values: fn(values, number)
    if op in ("in", "not_in") and isinstance(value, tuple):
        numbers = np.array([float(v) for v in value if is_number(v)])
        inside = op == "in"
        return lambda values: np.isin(values, numbers) == inside
    return lambda values: np.zeros(len(values), dtype=bool)


def is_number(text: object) -> bool:
    try:
        float(str(text))
    except ValueError:
        return False
    return True


def compile_all(compiled: Compiled, conditions: tuple[Condition, ...]) -> Test:
    tests = [compile_condition(compiled, c) for c in conditions]

    def all_hold(leads: Leads, idx: np.ndarray, t: np.ndarray) -> np.ndarray:
        result = np.ones(len(idx), dtype=bool)
        for test in tests:
            result &= test(leads, idx, t)
        return result

    return all_hold
