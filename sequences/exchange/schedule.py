"""The earliest day each step is reached from an entry, and the branch conditions on that path."""

from __future__ import annotations

import heapq
from dataclasses import dataclass

from ..conditions import describe_all
from ..document import Document
from ..nodes import BranchNode, EntryNode, SplitNode, WaitNode
from .index import indexed
from .mapping import wait_days


@dataclass(frozen=True)
class Reach:
    day: float
    conditions: tuple[str, ...]


def earliest(document: Document) -> dict[str, Reach]:
    """Dijkstra over wait lengths; a wait until an event counts 0 days on 'event' and its timeout otherwise."""
    seq = indexed(document)
    best: dict[str, Reach] = {}
    heap: list[tuple[float, int, str, tuple[str, ...]]] = []
    counter = 0
    for entry in (n for n in seq.nodes if isinstance(n, EntryNode)):
        heapq.heappush(heap, (0.0, counter, entry.id, ()))
        counter += 1
    while heap:
        day, _, node_id, conds = heapq.heappop(heap)
        if node_id in best:
            continue
        best[node_id] = Reach(day, conds)
        node = seq.node(node_id)
        for edge in seq.out_edges(node_id):
            step, extra = 0.0, conds
            if isinstance(node, WaitNode):
                step = 0.0 if edge.port == "event" else wait_days(node)
                if edge.port == "event":
                    extra = (*conds, f"after a {node.event}")
            elif isinstance(node, BranchNode):
                output = next((o for o in node.outputs if o.label == edge.port), None)
                text = "none of the above" if edge.port == "else" else describe_all(output.when if output else ())
                extra = (*conds, f"{node.label()}: {text}")
            elif isinstance(node, SplitNode):
                share = next((o.percent for o in node.outputs if o.label == edge.port), 0)
                extra = (*conds, f"{node.label()}: {edge.port} ({share:g}%)")
            if edge.to not in best:
                heapq.heappush(heap, (day + step, counter, edge.to, extra))
                counter += 1
    return best
