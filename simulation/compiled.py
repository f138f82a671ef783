"""The document and scenario compiled into index arrays and lookup tables the engine reads per batch."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from sequences.conditions import Condition
from sequences.document import Document
from sequences.nodes import EmailNode, EntryNode, NodeBase
from sequences.scenario import Scenario
from sequences.scoring import Scoring

from .keyed_random import stream_key

# Where the entry's trigger says where a lead came from when the scenario's mix does not.
TRIGGER_SOURCE = {"lead_magnet": "content_download", "webinar": "webinar", "demo_request": "demo_request",
                  "form": "organic"}
MAX_TOPICS = 64


@dataclass
class EmailTable:
    """Per-role rates and points of one email (index = role code)."""

    open: np.ndarray
    click: np.ndarray
    hand_raise: np.ndarray
    unsubscribe: np.ndarray
    points_open: np.ndarray
    points_click: np.ndarray
    points_hand_raise: np.ndarray
    topic_bit: np.ndarray
    points: np.ndarray = field(default_factory=lambda: np.zeros(0))
    # Per role: open, click, hand-raise and unsubscribe probabilities, one row each (the compiled email's).
    rates: np.ndarray = field(default_factory=lambda: np.zeros((0, 4)), init=False)

    def __post_init__(self) -> None:
        self.rates = np.ascontiguousarray(np.column_stack([self.open, self.click, self.hand_raise,
                                                           self.unsubscribe]), dtype=np.float64)
        # Points by (role, outcome bits: 1 opened, 2 clicked, 4 raised a hand), flattened as role * 8 + bits.
        bits = np.arange(8)
        self.points = (np.outer(self.points_open, bits & 1) + np.outer(self.points_click, (bits >> 1) & 1)
                       + np.outer(self.points_hand_raise, (bits >> 2) & 1)).ravel()


@dataclass
class Compiled:
    document: Document
    scenario: Scenario
    scoring: Scoring
    nodes: list[NodeBase]
    index: dict[str, int]
    ports: list[tuple[str, ...]]
    targets: list[dict[str, int]]
    order: list[int]
    vocab: dict[str, tuple[str, ...]]
    topics: tuple[str, ...]
    emails: dict[int, EmailTable] = field(default_factory=dict)
    streams: dict[tuple[int, str], int] = field(default_factory=dict)

    def stream(self, node: int, purpose: str) -> int:
        key = (node, purpose)
        if key not in self.streams:
            name = self.nodes[node].id if node >= 0 else "<sales>"
            self.streams[key] = stream_key(name, purpose)
        return self.streams[key]

    def code(self, attribute: str, value: str) -> int:
        values = self.vocab.get(attribute, ())
        return values.index(value) if value in values else -1

    def mix_weights(self, attribute: str) -> np.ndarray | None:
        """Unnormalised weights of the attribute's values under the scenario's mix: even for a role the mix
        leaves out, ``None`` for any other attribute it leaves out."""
        values = self.vocab.get(attribute, ())
        weights = self.scenario.mix.get(attribute)
        if weights:
            return np.array([max(0.0, float(weights.get(v, 0.0))) for v in values])
        if attribute == "role":
            return np.ones(len(values))
        return None


def _vocab(document: Document, scenario: Scenario) -> dict[str, tuple[str, ...]]:
    vocab = {k: tuple(v) for k, v in document.audience.attribute_values().items()}
    # A mix may name values the audience does not list (validation warns); the engine still honours them.
    for attribute, weights in scenario.mix.items():
        known = list(vocab.get(attribute, ()))
        known += [v for v in weights if v not in known]
        vocab[attribute] = tuple(known)
    known_sources = list(vocab.get("source", ()))
    known_sources += [s for s in TRIGGER_SOURCE.values() if s not in known_sources]
    vocab["source"] = tuple(known_sources)
    return vocab


def _order(nodes: list[NodeBase], targets: list[dict[str, int]]) -> list[int]:
    """Depth-first order from the entries so a batch usually reaches a node after all its feeders."""
    seen: set[int] = set()
    post: list[int] = []
    roots = [i for i, n in enumerate(nodes) if isinstance(n, EntryNode)] + list(range(len(nodes)))
    for root in roots:
        if root in seen:
            continue
        stack = [(root, iter(targets[root].values()))]
        seen.add(root)
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                post.append(node)
            elif child not in seen:
                seen.add(child)
                stack.append((child, iter(targets[child].values())))
    return post[::-1]


def _email_table(node: EmailNode, roles: tuple[str, ...], topics: tuple[str, ...], scenario: Scenario,
                 scoring: Scoring) -> EmailTable:
    rows = []
    for role in roles:
        variant = next((v for v in node.variants if v.role == role), None)
        topic = variant.topic if variant is not None and variant.topic else node.topic
        rates = scenario.behaviour.rates(role, topic)
        bit = (1 << topics.index(topic)) if topic in topics and topics.index(topic) < MAX_TOPICS else 0
        rows.append((rates.open, rates.click_given_open, rates.hand_raise, rates.unsubscribe,
                     scoring.intent_points("open", topic), scoring.intent_points("click", topic),
                     scoring.intent_points("hand_raise", topic), bit))
    cols = list(zip(*rows, strict=True)) if rows else [()] * 8
    floats = [np.array(c, dtype=np.float64) for c in cols[:7]]
    return EmailTable(floats[0], floats[1], floats[2], floats[3], floats[4], floats[5], floats[6],
                      topic_bit=np.array(cols[7], dtype=np.uint64))


def compile_model(document: Document, scenario: Scenario) -> Compiled:
    nodes: list[NodeBase] = list(document.sequence.nodes)
    index = {n.id: i for i, n in enumerate(nodes)}
    ports = [n.ports() for n in nodes]
    targets: list[dict[str, int]] = [{} for _ in nodes]
    for edge in document.sequence.edges:
        targets[index[edge.from_]][edge.port] = index[edge.to]
    scoring = scenario.effective_scoring(document.scoring)
    vocab = _vocab(document, scenario)
    if not vocab.get("role"):
        vocab["role"] = ("unknown",)
    topics = tuple(document.audience.topics)
    topics += tuple(sorted({t for n in nodes for t in _topics_of(n) if t not in topics}))
    compiled = Compiled(document, scenario, scoring, nodes, index, ports, targets, _order(nodes, targets),
                        vocab, topics)
    for i, node in enumerate(nodes):
        if isinstance(node, EmailNode):
            compiled.emails[i] = _email_table(node, vocab["role"], topics, scenario, scoring)
    return compiled


def _topics_of(node: NodeBase) -> list[str]:
    if isinstance(node, EmailNode):
        return [t for t in [node.topic, *(v.topic for v in node.variants)] if t]
    return []


def condition_codes(compiled: Compiled, condition: Condition) -> np.ndarray:
    """The attribute codes a categorical condition names (unknown values match nothing)."""
    codes = [compiled.code(condition.field, v) for v in condition.values()]
    return np.array([c for c in codes if c >= 0], dtype=np.int16)


def code_lookup(compiled: Compiled, condition: Condition) -> np.ndarray:
    """A table indexed by attribute code (-1, unset, is the last entry): True where the condition's values
    are; ``table[codes]`` is a faster ``np.isin`` for small vocabularies."""
    values = compiled.vocab.get(condition.field, ())
    table = np.zeros(len(values) + 1, dtype=bool)
    table[condition_codes(compiled, condition)] = True
    return table


def topic_mask(compiled: Compiled, condition: Condition) -> np.uint64:
    mask = 0
    for value in condition.values():
        if value in compiled.topics and compiled.topics.index(value) < MAX_TOPICS:
            mask |= 1 << compiled.topics.index(value)
    return np.uint64(mask)
