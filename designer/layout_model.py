"""Layered left-to-right auto-layout of the sequence graph: float positions from the model and networkx, no Qt."""

from __future__ import annotations

from collections import defaultdict

import networkx as nx

from sequences import Document
from sequences.graph_tools import acyclic

from .canvas.node_facts import card_height

LAYER_GAP = 320.0
ROW_GAP = 60.0
GRID = 20.0


def _layers(dag: nx.DiGraph) -> dict[str, int]:
    layer: dict[str, int] = {}
    for node in nx.topological_sort(dag):
        preds = [layer[p] for p in dag.predecessors(node)]
        layer[node] = max(preds) + 1 if preds else 0
    return layer


def _centre(dag: nx.DiGraph, node: str, ref: dict[str, int], here: dict[str, int], down: bool) -> float:
    near = dag.predecessors(node) if down else dag.successors(node)
    hits = [ref[m] for m in near if m in ref]
    # Nodes without neighbours in the reference row keep their place.
    return sum(hits) / len(hits) if hits else float(here[node])


def _order(dag: nx.DiGraph, layer: dict[str, int], original: list[str]) -> list[list[str]]:
    """Rows within each layer, ordered by the barycentre of neighbours (a few down/up sweeps)."""
    rows: dict[int, list[str]] = defaultdict(list)
    rank = {n: i for i, n in enumerate(original)}
    for node in sorted(layer, key=lambda n: rank[n]):
        rows[layer[node]].append(node)
    levels = [rows[i] for i in range(max(rows) + 1)] if rows else []
    for sweep in range(4):
        down = sweep % 2 == 0
        indices = range(1, len(levels)) if down else range(len(levels) - 2, -1, -1)
        for i in indices:
            ref = {n: k for k, n in enumerate(levels[i - 1 if down else i + 1])}
            here = {n: k for k, n in enumerate(levels[i])}
            levels[i] = sorted(levels[i], key=lambda n, r=ref, h=here, d=down: _centre(dag, n, r, h, d))
    return levels


def layered_positions(document: Document, only: set[str] | None = None) -> dict[str, tuple[float, float]]:
    """Positions (top-left, scene units) for every node, layered left to right from the entries.

    With ``only``, the other nodes keep their places and the new ones go below them.
    """
    sequence = document.sequence
    graph = nx.DiGraph()
    ids = [n.id for n in sequence.nodes]
    subset = set(ids) if only is None else set(only) & set(ids)
    graph.add_nodes_from(n for n in ids if n in subset)
    graph.add_edges_from((e.from_, e.to) for e in sequence.edges if e.from_ in subset and e.to in subset)
    if not graph:
        return {}
    roots = [n.id for n in sequence.nodes if n.id in subset and n.kind == "entry"]
    roots += [n for n in graph.nodes if graph.in_degree(n) == 0 and n not in roots]
    dag = acyclic(graph, roots)
    levels = _order(dag, _layers(dag), [n for n in ids if n in subset])
    heights = {n.id: card_height(n) for n in sequence.nodes if n.id in subset}
    top = 0.0
    if only is not None:
        kept = [p[1] for k, p in document.layout.items() if k not in subset]
        top = max(kept) + 300.0 if kept else 0.0
    totals = [sum(heights[n] for n in level) + ROW_GAP * (len(level) - 1) for level in levels]
    tallest = max(totals)
    positions: dict[str, tuple[float, float]] = {}
    for x, (level, total) in enumerate(zip(levels, totals, strict=True)):
        y = top + _snap((tallest - total) / 2)  # centre short layers against the tallest one
        for node in level:
            positions[node] = (x * LAYER_GAP, y)
            y += _snap(heights[node] + ROW_GAP)
    return positions


def _snap(value: float) -> float:
    return round(value / GRID) * GRID


def missing_layout(document: Document) -> set[str]:
    return {n.id for n in document.sequence.nodes if n.id not in document.layout}


def with_layout(document: Document) -> Document:
    """The document with a position for every node: all laid out if it had none, else new ones below."""
    missing = missing_layout(document)
    if not missing:
        return document
    only = None if len(missing) == len(document.sequence.nodes) else missing
    layout = dict(document.layout) if only else {}
    layout.update(layered_positions(document, only))
    return document.model_copy(update={"layout": layout})
