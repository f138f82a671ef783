"""Layered auto-layout of the sequence graph (igraph's Sugiyama layout), top to bottom or left to right; no Qt."""

from __future__ import annotations

import random

import igraph
import networkx as nx

from sequences import Document
from sequences.graph_tools import acyclic

from .canvas.node_facts import CARD_WIDTH, card_height

DIRECTIONS = ("down", "right")
COLUMN_GAP = 60.0  # between cards side by side
LAYER_GAP = 80.0  # between layers: room for the routed connections and their labels
GRID = 20.0
_RANDOM = random.Random(0)
igraph.set_random_number_generator(_RANDOM)


def _layers(dag: nx.DiGraph) -> dict[str, int]:
    """Longest path from the entries: entries on top, every step below the one that feeds it."""
    layer: dict[str, int] = {}
    for node in nx.topological_sort(dag):
        preds = [layer[p] for p in dag.predecessors(node)]
        layer[node] = max(preds) + 1 if preds else 0
    return layer


def _sugiyama(graph: nx.DiGraph, layer: dict[str, int], order: list[str]) -> dict[str, float]:
    """igraph orders each layer to cut crossings and places nodes (long edges keep a free lane).

    Long edges get their in-between points here, so igraph only sees edges between neighbouring layers:
    its own handling of long edges with given layers corrupts memory (igraph 1.0: a crash after a few
    hundred layouts of a graph with a long edge). Its random tie-breaks draw from a stream seeded per
    layout, so the same document always gets the same drawing."""
    index = {n: i for i, n in enumerate(order)}
    layers = [layer[n] for n in order]
    edges: list[tuple[int, int]] = []
    for a, b in graph.edges:
        previous = index[a]
        for k in range(layer[a] + 1, layer[b]):
            layers.append(k)
            edges.append((previous, len(layers) - 1))
            previous = len(layers) - 1
        edges.append((previous, index[b]))
    g = igraph.Graph(n=len(layers), edges=edges, directed=True)
    _RANDOM.seed(0)
    result = g.layout_sugiyama(layers=layers, hgap=1, vgap=1, maxiter=100)
    coords = result[0] if isinstance(result, tuple) else result
    return {n: float(coords[i][0]) for n, i in index.items()}


def layered_positions(document: Document, only: set[str] | None = None,
                      direction: str = "down") -> dict[str, tuple[float, float]]:
    """Positions (top-left, scene units) for every node, layered from the entries down (or rightwards).

    With ``only``, the other nodes keep their places and the new ones go below (or right of) them.
    """
    sequence = document.sequence
    ids = [n.id for n in sequence.nodes]
    subset = set(ids) if only is None else set(only) & set(ids)
    graph: nx.DiGraph = nx.DiGraph()
    graph.add_nodes_from(n for n in ids if n in subset)
    graph.add_edges_from((e.from_, e.to) for e in sequence.edges
                         if e.from_ in subset and e.to in subset and e.from_ != e.to)
    if not graph:
        return {}
    roots = [n.id for n in sequence.nodes if n.id in subset and n.kind == "entry"]
    roots += [n for n in graph.nodes if graph.in_degree(n) == 0 and n not in roots]
    dag = acyclic(graph, roots)
    layer = _layers(dag)
    order = [n for n in ids if n in subset]
    across = _sugiyama(dag, layer, order)
    heights = {n.id: card_height(n, direction=direction) for n in sequence.nodes if n.id in subset}
    down = direction == "down"
    # Along the flow: each layer as deep as its deepest card. Across: igraph's lanes, never overlapping.
    depth = [0.0] * (max(layer.values()) + 1)
    for node, k in layer.items():
        depth[k] = max(depth[k], heights[node] if down else CARD_WIDTH)
    starts, at = [], 0.0
    for d in depth:
        starts.append(at)
        at += d + (LAYER_GAP if down else LAYER_GAP + 60.0)
    lane = CARD_WIDTH + COLUMN_GAP if down else 150.0
    positions: dict[str, tuple[float, float]] = {}
    for k in range(len(depth)):
        row = sorted((n for n in order if layer[n] == k), key=lambda n: across[n])
        edge = -1e9
        for node in row:
            size = CARD_WIDTH if down else heights[node]
            place = _snap(max(across[node] * lane, edge))
            edge = place + size + (COLUMN_GAP if down else 40.0)
            positions[node] = (place, starts[k]) if down else (starts[k], place)
    if only is not None:
        kept = [p for k, p in document.layout.items() if k not in subset]
        if kept:
            shift = max(p[1] for p in kept) + 300.0 if down else max(p[0] for p in kept) + 400.0
            positions = {n: (x, y + shift) if down else (x + shift, y) for n, (x, y) in positions.items()}
    left = min(p[0] for p in positions.values())
    top = min(p[1] for p in positions.values())
    if only is None:  # the drawing starts at the origin
        positions = {n: (_snap(x - left), _snap(y - top)) for n, (x, y) in positions.items()}
    return positions


def _snap(value: float) -> float:
    return round(value / GRID) * GRID


def missing_layout(document: Document) -> set[str]:
    return {n.id for n in document.sequence.nodes if n.id not in document.layout}


def with_layout(document: Document, direction: str = "down") -> Document:
    """The document with a position for every node: all laid out if it had none, else new ones below."""
    missing = missing_layout(document)
    if not missing:
        return document
    only = None if len(missing) == len(document.sequence.nodes) else missing
    layout = dict(document.layout) if only else {}
    layout.update(layered_positions(document, only, direction))
    return document.model_copy(update={"layout": layout})
