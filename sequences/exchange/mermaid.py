"""A Mermaid flowchart of the sequence (left to right), with node kinds as shapes and ports as labels."""

from __future__ import annotations

from ..document import Document
from ..nodes import BranchNode, EmailNode, ScoreNode, SplitNode, WaitNode
from .index import indexed
from .lint import ExportResult, Lint
from .mapping import walk_order

_SHAPES = {"entry": ("([", "])"), "email": ("[", "]"), "wait": ("[/", "/]"), "branch": ("{", "}"),
           "split": ("{{", "}}"), "score": ("[[", "]]"), "handoff": ("[(", ")]"), "goal": ("((", "))"),
           "exit": ("(((", ")))")}


def _text(value: str) -> str:
    # Mermaid labels are quoted; quotes and markup characters are written as entities.
    return value.replace("&", "&amp;").replace('"', "#quot;").replace("<", "&lt;").replace(">", "&gt;") \
        .replace("\n", " ")


def _label(node) -> str:
    text = node.label()
    if isinstance(node, EmailNode) and node.subject:
        text += f": {node.subject}"
    elif isinstance(node, WaitNode):
        text += f" ({node.days:g} {'business days' if node.mode == 'business_days' else 'days'}" + \
            (f", until {node.event})" if node.mode == "until_event" else ")")
    elif isinstance(node, ScoreNode):
        text += f" ({node.points:+g} {node.score})"
    return _text(text)


def export_mermaid(document: Document) -> ExportResult:
    seq = indexed(document)
    ids = {node_id: f"n{i}" for i, node_id in enumerate(walk_order(document))}
    lines = ["flowchart LR"]
    for node_id, short in ids.items():
        node = seq.node(node_id)
        left, right = _SHAPES[node.kind]
        lines.append(f'    {short}{left}"{_label(node)}"{right}')
    for edge in seq.edges:
        node = seq.node(edge.from_)
        port = edge.port
        if isinstance(node, BranchNode | SplitNode | WaitNode) and port != "next":
            lines.append(f'    {ids[edge.from_]} -->|"{_text(port)}"| {ids[edge.to]}')
        else:
            lines.append(f"    {ids[edge.from_]} --> {ids[edge.to]}")
    return ExportResult("mermaid", "\n".join(lines) + "\n", Lint("mermaid").sorted(), ".mmd")
