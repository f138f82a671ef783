"""Graph rules, on the networkx graph derived from the sequence: entries, reachability, dead ends, loops."""

from __future__ import annotations

import networkx as nx

from .document import Sequence
from .nodes import TERMINAL_KINDS, BranchNode, NodeBase
from .validation_findings import Finding, cap, listed, named


def graph_findings(sequence: Sequence) -> list[Finding]:
    if not sequence.nodes:
        return [Finding("error", "no-entry", "The sequence is empty: add an entry node where leads come in.")]
    graph = sequence.graph()
    findings: list[Finding] = []
    findings += _entries(sequence, graph)
    findings += _branches(sequence)
    findings += _exits(sequence, graph)
    findings += _closed_loops(sequence, graph)
    findings += _loops_without_wait(sequence, graph)
    return findings


def _entries(sequence: Sequence, graph: nx.MultiDiGraph) -> list[Finding]:
    entries = [n.id for n in sequence.nodes if n.kind == "entry"]
    if not entries:
        return [Finding("error", "no-entry", "The sequence has no entry node, so no lead can ever start it: "
                        "add an entry (lead-magnet download, webinar, form or demo request).")]
    reached = set(entries)
    for entry in entries:
        reached |= nx.descendants(graph, entry)
    findings = []
    for node in sequence.nodes:
        if node.id not in reached:
            findings.append(Finding("warning", "unreachable",
                                    f"No lead can reach {named(node)}: no path leads to it from an entry.",
                                    node=node.id))
        elif node.kind == "entry" and graph.in_degree(node.id) > 0:
            findings.append(Finding("warning", "edge-into-entry",
                                    f"{cap(named(node))} has incoming connections; leads that follow them "
                                    "start the sequence again as if they had just arrived.", node=node.id))
    return findings


def _branches(sequence: Sequence) -> list[Finding]:
    findings = []
    for node in sequence.nodes:
        if isinstance(node, BranchNode) and not node.has_else():
            findings.append(Finding("error", "branch-without-else",
                                    f"{cap(named(node))} has no 'else' output: leads that match none of its "
                                    "conditions would have nowhere to go.", node=node.id))
    return findings


def _exits(sequence: Sequence, graph: nx.MultiDiGraph) -> list[Finding]:
    """Dead ends (no way out at all) and single outputs left unconnected."""
    findings = []
    for node in sequence.nodes:
        if node.kind in TERMINAL_KINDS:
            continue
        used = {port for _, _, port in graph.out_edges(node.id, keys=True)}
        if not used:
            findings.append(Finding("error", "dead-end",
                                    f"{cap(named(node))} leads nowhere: connect it to a next step, or end the "
                                    "path with an exit, goal or handoff.", node=node.id))
            continue
        for port in node.ports():
            if port not in used:
                findings.append(Finding("error", "open-output",
                                        f"Output '{port}' of {named(node)} is not connected: leads that take "
                                        "it would have nowhere to go.", node=node.id))
    return findings


def _closed_loops(sequence: Sequence, graph: nx.MultiDiGraph) -> list[Finding]:
    """A group of nodes that leads can enter but never leave, and that holds no end (no way out)."""
    order = {n.id: i for i, n in enumerate(sequence.nodes)}
    by_id = {n.id: n for n in sequence.nodes}
    condensed = nx.condensation(graph)
    findings = []
    for component in condensed.nodes:
        if condensed.out_degree(component) > 0:
            continue
        members = sorted(condensed.nodes[component]["members"], key=order.__getitem__)
        if len(members) == 1 and not graph.has_edge(members[0], members[0]):
            continue  # a single node without a way out is a dead end, reported above
        nodes = [by_id[m] for m in members]
        if any(n.kind in TERMINAL_KINDS or _open_ports(n, graph) for n in nodes):
            continue
        findings.append(Finding("error", "loop-without-exit",
                                f"Leads that reach {listed(members)} go round in a loop forever: give one of "
                                "these steps a way out to an exit, goal or handoff.", node=members[0]))
    return findings


def _loops_without_wait(sequence: Sequence, graph: nx.MultiDiGraph) -> list[Finding]:
    """Cycles that pass through no wait would send a lead round them endlessly in the same instant."""
    order = {n.id: i for i, n in enumerate(sequence.nodes)}
    instant = graph.subgraph(n.id for n in sequence.nodes if n.kind != "wait")
    findings = []
    components = [sorted(c, key=order.__getitem__) for c in nx.strongly_connected_components(instant)]
    for members in sorted(components, key=lambda c: order[c[0]]):
        if len(members) == 1 and not instant.has_edge(members[0], members[0]):
            continue
        findings.append(Finding("error", "loop-without-wait",
                                f"The loop through {listed(members)} has no wait in it: leads would go round "
                                "it endlessly in the same moment. Add a wait inside the loop.",
                                node=members[0]))
    return findings


def _open_ports(node: NodeBase, graph: nx.MultiDiGraph) -> bool:
    used = {port for _, _, port in graph.out_edges(node.id, keys=True)}
    return any(port not in used for port in node.ports())
