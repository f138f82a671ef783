"""A layered left-to-right layout for imported graphs that arrive without positions."""

from __future__ import annotations

import networkx as nx

COLUMN = 240.0
ROW = 130.0


def _back_edges(graph: nx.DiGraph, starts: list[str]) -> set[tuple[str, str]]:
    """Edges that close a loop in a depth-first walk from the starts (iterative: no recursion limit)."""
    state: dict[str, int] = {}  # 1 on the walk's stack, 2 finished
    back: set[tuple[str, str]] = set()
    for start in starts:
        if start in state:
            continue
        state[start] = 1
        stack = [(start, iter(graph.successors(start)))]
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                stack.pop()
            elif state.get(child) == 1:
                back.add((node, child))
            elif child not in state:
                state[child] = 1
                stack.append((child, iter(graph.successors(child))))
    return back


def layered_layout(nodes: list[str], edges: list[tuple[str, str]], roots: list[str]) -> dict[str, tuple[float, float]]:
    """Longest-path layers over the graph with loops cut; each layer's nodes centred in a column."""
    graph = nx.DiGraph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from(edges)
    back = _back_edges(graph, [r for r in roots if r in graph] + list(nodes))
    dag = nx.DiGraph()
    dag.add_nodes_from(nodes)
    dag.add_edges_from(e for e in graph.edges if e not in back and e[0] != e[1])
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
