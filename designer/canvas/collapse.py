"""Which steps a collapsed branch hides: those reached only through it, up to where its paths meet again
(a view state, never saved)."""

from __future__ import annotations

import networkx as nx

from sequences import Document


def hidden_steps(document: Document, collapsed: set[str]) -> dict[str, set[str]]:
    """For each collapsed branch or split, the nodes that no entry reaches without passing through it."""
    graph: nx.DiGraph = nx.DiGraph()
    graph.add_nodes_from(n.id for n in document.sequence.nodes)
    graph.add_edges_from((e.from_, e.to) for e in document.sequence.edges)
    entries = [n.id for n in document.sequence.nodes if n.kind == "entry"]
    hidden: dict[str, set[str]] = {}
    for node_id in collapsed:
        if node_id not in graph:
            continue
        without = graph.copy()
        without.remove_node(node_id)
        reached: set[str] = set()
        for entry in entries:
            if entry in without:
                reached |= nx.descendants(without, entry) | {entry}
        hidden[node_id] = nx.descendants(graph, node_id) - reached - {node_id} - _after_merge(graph, node_id)
    return hidden


def _after_merge(graph: nx.DiGraph, branch: str) -> set[str]:
    """The step where all the branch's outputs meet again, and everything after it (they stay visible)."""
    outputs = list(graph.successors(branch))
    if len(outputs) < 2:
        return set()
    common = set.intersection(*({o} | nx.descendants(graph, o) for o in outputs))
    common.discard(branch)
    if not common:
        return set()
    distance = nx.single_source_shortest_path_length(graph, branch)
    merge = min(common, key=lambda n: (distance.get(n, 1 << 30), n))
    return {merge} | nx.descendants(graph, merge)
