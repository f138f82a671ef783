"""Export and import times on a large sequence (every target, every importer) — no timed unit tests.

Run: .venv/bin/python benchmarks/bench_exchange.py [--steps 4990]
"""

from __future__ import annotations

import argparse
import json
import time

from sequences import Document, Sequence
from sequences.exchange import TARGETS, export_document
from sequences.exchange.dittofeed_import import import_dittofeed_data
from sequences.exchange.hubspot_import import import_hubspot_data
from sequences.exchange.mautic_import import import_mautic_data
from sequences.nodes import NODE_CLASSES, Edge

ROLE_TEST = [{"field": "role", "op": "eq", "value": "it"}]


def large_document(steps: int) -> Document:
    """Email, wait, two-way branch, repeated; the branch's 'a' output continues, 'else' rejoins later."""
    nodes = [NODE_CLASSES["entry"](id="start", kind="entry")]
    edges = []
    previous, port = "start", "next"
    for i in range(steps):
        kind = ("email", "wait", "branch")[i % 3]
        data = {"id": f"n{i}", "kind": kind, "subject": f"Step {i}"} if kind == "email" else \
            {"id": f"n{i}", "kind": kind, "days": 2} if kind == "wait" else \
            {"id": f"n{i}", "kind": kind, "outputs": [{"label": "a", "when": ROLE_TEST}, {"label": "else"}]}
        nodes.append(NODE_CLASSES[kind].model_validate(data))
        edges.append(Edge.model_validate({"from": previous, "port": port, "to": f"n{i}"}))
        if kind == "branch" and i + 4 < steps:
            edges.append(Edge.model_validate({"from": f"n{i}", "port": "else", "to": f"n{i + 4}"}))
        previous, port = f"n{i}", "a" if kind == "branch" else "next"
    return Document(sequence=Sequence(nodes=tuple(nodes), edges=tuple(edges)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--steps", type=int, default=4990)
    args = parser.parse_args()
    document = large_document(args.steps)
    print(f"{len(document.sequence.nodes)} nodes, {len(document.sequence.edges)} edges")
    for target in TARGETS:
        start = time.perf_counter()
        result = export_document(document, target)
        print(f"export {target:14s} {time.perf_counter() - start:6.2f} s  {len(result.text) / 1e6:6.2f} MB")
    for name, importer in (("hubspot", import_hubspot_data), ("mautic", import_mautic_data),
                           ("dittofeed", import_dittofeed_data)):
        data = json.loads(export_document(document, name).text)
        start = time.perf_counter()
        imported = importer(data, f"{name}.json").document
        print(f"import {name:14s} {time.perf_counter() - start:6.2f} s  {len(imported.sequence.nodes)} nodes")


if __name__ == "__main__":
    main()
