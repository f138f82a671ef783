"""Branches, splits and score nodes as tables a walk reads: a lead walks through them as ``Handlers`` moves a batch.

``predicates.compile_condition`` tests a batch with numpy; these tables let the compiled walk test one lead at its
own moment with the same comparisons, so a lean replication walks a lead from its first email to its handoff or
exit in one go instead of stopping at every branch.
"""

from __future__ import annotations

import numpy as np

from sequences.conditions import ENGAGEMENT_FIELDS, FLAG_FIELDS, SCORE_FIELDS, Condition
from sequences.nodes import ELSE, BranchNode, ScoreNode, SplitNode

from .compiled import Compiled, code_lookup, topic_mask
from .predicates import FLAG_BITS, is_number

# What a condition reads (column KIND of ``conds``; ROW: an attribute's row in ``attrs``; START and COUNT: its
# numbers for ``in``, or an attribute's table).
NEVER, FIT, INTENT, TOTAL, OPENS, CLICKS, EMAILS, FLAG, TOPIC, ATTRIBUTE = range(10)
# How it compares (column OP): a number (``value``), membership in ``numbers``; for flags, topics and attributes
# HOLDS / FAILS say whether a hit or a miss passes.
NO_OP, EQ, NE, GT, GTE, LT, LTE, IN, NOT_IN = range(9)
HOLDS, FAILS = 1, 2
KIND, OP, ROW, START, COUNT = range(5)
# A branch that no output takes and that has no "else" (column REST of ``branch``).
NO_MATCH = -1
_COMPARE = {"eq": EQ, "ne": NE, "gt": GT, "gte": GTE, "lt": LT, "lte": LTE}
_NUMERIC = {"fit": FIT, "intent": INTENT, "total": TOTAL, "opens": OPENS, "clicks": CLICKS, "emails_received": EMAILS}
assert set(_NUMERIC) == set(SCORE_FIELDS + ENGAGEMENT_FIELDS)


class BranchTables:
    """Per node (``branch``: first output, outputs, the code when none holds), per output (``outs``: port,
    first condition, conditions), per condition (``conds``, ``value``, ``mask``; ``numbers`` for ``in``;
    ``tables`` of attribute codes, the unset code last), the lead attributes conditions read (``fields``, rows
    of ``attrs``), split shares (``cum``) and score points (``points``: fit, intent, 1 if the fit changes)."""

    def __init__(self, compiled: Compiled):
        n = len(compiled.nodes)
        self.branch = np.zeros((n, 3), dtype=np.int64)
        outs: list[tuple[int, int, int]] = []
        conds: list[list[int]] = []
        values: list[float] = []
        masks: list[int] = []
        numbers: list[float] = []
        tables: list[np.ndarray] = []
        fields: list[str] = []
        widest = max((len(node.outputs) for node in compiled.nodes if isinstance(node, SplitNode)), default=1)
        self.cum = np.zeros((n, widest))
        self.points = np.zeros((n, 3))
        for i, node in enumerate(compiled.nodes):
            if isinstance(node, BranchNode):
                labels = node.ports()
                self.branch[i] = (len(outs), 0, labels.index(ELSE) if ELSE in labels else NO_MATCH)
                for k, output in enumerate(node.outputs):
                    if output.label == ELSE:
                        continue
                    outs.append((k, len(conds), len(output.when)))
                    for condition in output.when:
                        kind, op, row, value, mask, more, table = _encode(compiled, condition, fields)
                        if table is not None:  # an attribute: its row in ``attrs``, its table's in ``tables``
                            conds.append([kind, op, row, len(tables), 0])
                            tables.append(table)
                        else:
                            conds.append([kind, op, row, len(numbers), len(more)])
                            numbers.extend(more)
                        values.append(value)
                        masks.append(mask)
                self.branch[i, 1] = len(outs) - self.branch[i, 0]
            elif isinstance(node, SplitNode):
                # Handlers.split's shares, computed the same way.
                weights = np.array([o.percent for o in node.outputs], dtype=np.float64)
                if weights.sum() <= 0:
                    weights = np.ones(len(weights))
                cum = np.cumsum(weights / weights.sum())
                self.cum[i, : len(cum)] = cum
                self.branch[i, 1] = len(cum)
            elif isinstance(node, ScoreNode):
                self.points[i] = (node.points, 0.0, 1.0) if node.score == "fit" else (0.0, node.points, 0.0)
        self.outs = np.array(outs, dtype=np.int64).reshape(-1, 3)
        self.conds = np.array(conds, dtype=np.int64).reshape(-1, 5)
        self.value = np.array(values, dtype=np.float64)
        self.mask = np.array(masks, dtype=np.uint64)
        self.numbers = np.array(numbers, dtype=np.float64)
        widest_table = max((len(t) for t in tables), default=1)
        self.tables = np.zeros((len(tables), widest_table), dtype=np.bool_)
        self.table_len = np.array([len(t) for t in tables], dtype=np.int64)
        for k, table in enumerate(tables):
            self.tables[k, : len(table)] = table
        self.fields = tuple(fields)

    def as_tuple(self, attributes: dict[str, np.ndarray] | None = None) -> tuple:
        """What the walk kernel takes, in its order, with the leads' ``attributes`` the conditions read stacked
        as ``attrs`` (None: without them, for a single step, which reads no branch)."""
        attrs = (np.stack([attributes[f] for f in self.fields]).astype(np.int16, copy=False)
                 if self.fields and attributes is not None else np.zeros((0, 0), dtype=np.int16))
        return (self.branch, self.outs, self.conds, self.value, self.mask, self.numbers, self.tables, self.table_len,
                attrs, self.cum, self.points)


def _encode(compiled: Compiled, condition: Condition, fields: list[str]):
    """(kind, op, row, value, mask, numbers, attribute table or None) of one condition, as
    ``predicates.compile_condition`` reads it."""
    field, op, value = condition.field, condition.op, condition.value
    if field in _NUMERIC:
        if op in _COMPARE and isinstance(value, int | float) and not isinstance(value, bool):
            return _NUMERIC[field], _COMPARE[op], 0, float(value), 0, [], None
        if op in ("in", "not_in") and isinstance(value, tuple):
            more = [float(v) for v in value if is_number(v)]
            return _NUMERIC[field], IN if op == "in" else NOT_IN, 0, 0.0, 0, more, None
        return NEVER, NO_OP, 0, 0.0, 0, [], None
    if field in FLAG_FIELDS:
        want = bool(value) if op == "eq" else not bool(value)
        return FLAG, HOLDS if want else FAILS, 0, 0.0, FLAG_BITS[field], [], None
    if field == "clicked_topic":
        return TOPIC, HOLDS if op in ("eq", "in") else FAILS, 0, 0.0, int(topic_mask(compiled, condition)), [], None
    if field in compiled.vocab:
        if op not in ("eq", "in", "ne", "not_in"):
            return NEVER, NO_OP, 0, 0.0, 0, [], None
        if field not in fields:
            fields.append(field)
        return (ATTRIBUTE, HOLDS if op in ("eq", "in") else FAILS, fields.index(field), 0.0, 0, [],
                code_lookup(compiled, condition))
    return NEVER, NO_OP, 0, 0.0, 0, [], None  # Handlers has already refused an unknown field
