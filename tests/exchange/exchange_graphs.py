"""Helpers for the exchange tests: the examples, graph structure and what each target is documented to lose."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from sequences import Document, load_document

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "assets" / "examples").glob("*.nurture.yaml"))
SAMPLES = Path(__file__).with_name("samples")


def example(name: str) -> Document:
    return load_document(ROOT / "assets" / "examples" / f"{name}.nurture.yaml")


def structure(document: Document) -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    for node in document.sequence.nodes:
        graph.add_node(node.id, kind=node.kind, plain=node.kind == "wait" and node.mode != "until_event")
    for edge in document.sequence.edges:
        graph.add_edge(edge.from_, edge.to, key=edge.port, port=edge.port)
    return graph


def same_structure(a: nx.MultiDiGraph, b: nx.MultiDiGraph) -> bool:
    return nx.is_isomorphic(
        a, b, node_match=lambda x, y: x["kind"] == y["kind"],
        edge_match=lambda x, y: sorted(e["port"] for e in x.values()) == sorted(e["port"] for e in y.values()))


def reachable_from_first_entry(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    entries = [n for n, d in graph.nodes(data=True) if d["kind"] == "entry"]
    keep = {entries[0]} | nx.descendants(graph, entries[0])
    return graph.subgraph(keep).copy()


def expected_after(target: str, document: Document) -> nx.MultiDiGraph:
    """Our graph as the target keeps it, applying only the losses its lint announces."""
    graph = structure(document)
    if target in ("mautic", "mautic-export"):
        graph = without_plain_waits(_merge_entries_by_source(document, graph))
    if target == "dittofeed":
        graph = _dittofeed(graph, document)
    return graph


def without_plain_waits(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Mautic has no wait step: a wait is the next event's interval, so waits are compared by timing only."""
    graph = graph.copy()
    for node in [n for n, d in graph.nodes(data=True) if d["kind"] == "wait" and d.get("plain")]:
        succ = next(iter(graph.successors(node)), None)
        for u, _, port in list(graph.in_edges(node, keys=True)):
            if succ is not None and u != node:
                graph.add_edge(u, succ, key=port, port=port)
        graph.remove_node(node)
    return graph


def _merge_entries_by_source(document: Document, graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    seen: dict[tuple[str, str], str] = {}
    for node in document.sequence.nodes:
        if node.kind != "entry":
            continue
        source = "lists" if node.trigger == "lead_magnet" else "forms"
        first = next(iter(graph.successors(node.id)), "")
        if (source, first) in seen:
            graph.remove_node(node.id)
        seen[(source, first)] = node.id
    return graph


def _dittofeed(graph: nx.MultiDiGraph, document: Document) -> nx.MultiDiGraph:
    """One journey per entry; score steps vanish; goals, exits and every open output lead to the exit."""
    entries = [n for n, d in graph.nodes(data=True) if d["kind"] == "entry"]
    graph = graph.subgraph(set(entries).union(*(nx.descendants(graph, e) for e in entries))).copy()
    for node in [n for n, d in graph.nodes(data=True) if d["kind"] == "score"]:
        succ = next(iter(graph.successors(node)), None)
        for u, _, port in list(graph.in_edges(node, keys=True)):
            if u != node:
                graph.add_edge(u, succ if succ not in (None, node) else "__open", key=port, port=port)
        graph.remove_node(node)
    graph.add_node("__exit", kind="exit")
    for node in [n for n, d in graph.nodes(data=True) if d["kind"] in ("goal", "exit") and n != "__exit"]:
        for u, _, port in list(graph.in_edges(node, keys=True)):
            graph.add_edge(u, "__exit", key=port, port=port)
        graph.remove_node(node)
    if "__open" in graph:
        for u, _, port in list(graph.in_edges("__open", keys=True)):
            graph.add_edge(u, "__exit", key=port, port=port)
        graph.remove_node("__open")
    for node, data in list(graph.nodes(data=True)):
        if node.startswith("__") or data["kind"] == "entry":
            continue
        model = document.sequence.node(node)
        ports = list(model.ports())
        if model.kind == "branch" and "else" not in ports:
            ports.append("else")
        taken = {k for _, _, k in graph.out_edges(node, keys=True)}
        for port in ports:
            if port not in taken:
                graph.add_edge(node, "__exit", key=port, port=port)
    if graph.in_degree("__exit") == 0:
        graph.remove_node("__exit")
    return graph


def with_ids(document: Document, target: str) -> Document:
    """``document`` with every asset id ``target`` needs filled in (numbers, as Mautic's ids are)."""
    from sequences.exchange import EXPORTERS
    from sequences.exchange.lint import required_ids

    key = "mautic" if target.startswith("mautic") else target
    mapping = document.exports.for_target(key)
    emails, segments = dict(mapping.emails), dict(mapping.segments)
    for number, warning in enumerate(required_ids(document, EXPORTERS[target]), start=11):
        assert warning.key is not None
        value = str(number) if key == "mautic" else f"{key}-id-{number}"
        (segments if warning.table == "segments" else emails).setdefault(warning.key, value)
    updated = mapping.model_copy(update={"emails": emails, "segments": segments})
    return document.model_copy(update={"exports": document.exports.model_copy(update={key: updated})})
