"""A layered left-to-right layout for imported graphs that arrive without positions."""

from __future__ import annotations

import networkx as nx

from ..graph_tools import acyclic

COLUMN = 240.0
ROW = 130.0


def layered_layout(nodes: list[str], edges: list[tuple[str, str]], roots: list[str]) -> dict[str, tuple[float, float]]:
    """Longest-path layers over the graph with loops cut; each layer's nodes centred in a column."""
    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from(edges)
    dag = acyclic(graph, roots)
    layer: dict[str, int] = {}
    for node in nx.topological_sort(dag):
        layer[node] = max((layer[p] + 1 for p in dag.predecessors(node)), default=0)
    columns: dict[int, list[str]] = {}
    for node in nodes:
        columns.setdefault(layer[node], []).append(node)
    positions: dict[str, tuple[float, float]] = {}
    for index, members in columns.items():
        offset = (len(members) - 1) * ROW / 2
        for row, node in enumerate(members):
            positions[node] = (index * COLUMN, row * ROW - offset)
    return positions
