"""Graph helpers shared by the layouts: cutting the loops a depth-first walk closes."""

from __future__ import annotations

import networkx as nx


def back_edges(graph: nx.DiGraph, starts: list[str]) -> set[tuple[str, str]]:
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


def acyclic(graph: nx.DiGraph, starts: list[str]) -> nx.DiGraph:
    """The graph without its back edges (walked from ``starts``, then every other node), so layers exist."""
    back = back_edges(graph, [s for s in starts if s in graph] + list(graph.nodes))
    dag: nx.DiGraph[str] = nx.DiGraph()
    dag.add_nodes_from(graph.nodes)
    dag.add_edges_from(e for e in graph.edges if e not in back)
    return dag
