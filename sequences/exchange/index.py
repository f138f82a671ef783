"""Constant-time lookups of nodes and out-edges of a (frozen) sequence, shared by the exporters."""

from __future__ import annotations

from collections import OrderedDict

from ..document import Document, Sequence
from ..nodes import Edge, NodeBase

_CACHE: OrderedDict[int, tuple[Sequence, SequenceIndex]] = OrderedDict()


class SequenceIndex:
    """The Sequence methods the exporters use, without a scan per call (documents hold up to 5,000 nodes)."""

    def __init__(self, sequence: Sequence):
        self.nodes = sequence.nodes
        self.edges = sequence.edges
        self._by_id = {n.id: n for n in sequence.nodes}
        self._out: dict[str, list[Edge]] = {}
        for edge in sequence.edges:
            self._out.setdefault(edge.from_, []).append(edge)

    def node(self, node_id: str) -> NodeBase:
        return self._by_id[node_id]

    def find(self, node_id: str | None) -> NodeBase | None:
        return self._by_id.get(node_id) if node_id is not None else None

    def out_edges(self, node_id: str) -> tuple[Edge, ...]:
        return tuple(self._out.get(node_id, ()))


def indexed(document: Document) -> SequenceIndex:
    """The index of ``document.sequence``; frozen models make caching by identity safe."""
    sequence = document.sequence
    hit = _CACHE.get(id(sequence))
    if hit is not None and hit[0] is sequence:
        return hit[1]
    index = SequenceIndex(sequence)
    _CACHE[id(sequence)] = (sequence, index)  # the strong reference keeps the id from being reused
    while len(_CACHE) > 8:
        _CACHE.popitem(last=False)
    return index
