"""Loops written as rounds for Dittofeed, whose journeys must be acyclic: each pass round a loop becomes its
own copy of the steps (``<id>__round2``…), and the last round leaves at the exit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .lint import Lint

EXIT = "ExitNode"
ROUNDS = 3  # passes round a loop that are written out; leads going round again leave at the exit
SUFFIX = "__round"


def children(node: dict[str, Any]) -> list[str]:
    refs: list[str] = []
    for key in ("child", "timeoutChild"):
        if key in node:
            refs.append(node[key])
    variant = node.get("variant", {})
    refs.extend(variant[k] for k in ("trueChild", "falseChild") if k in variant)
    refs.extend(c["id"] for c in node.get("segmentChildren", []) + node.get("children", []))
    return refs


def retarget(node: dict[str, Any], change: Callable[[str], str]) -> dict[str, Any]:
    """A copy of ``node`` with every child reference passed through ``change``."""
    out = {**node}
    for key in ("child", "timeoutChild"):
        if key in out:
            out[key] = change(out[key])
    if isinstance(out.get("variant"), dict) and "trueChild" in out["variant"]:
        out["variant"] = {**out["variant"], "trueChild": change(out["variant"]["trueChild"]),
                          "falseChild": change(out["variant"]["falseChild"])}
    for key in ("segmentChildren", "children"):
        if key in out:
            out[key] = [{**c, "id": change(c["id"])} for c in out[key]]
    return out


def back_edges(nodes: dict[str, dict[str, Any]], start: str) -> set[tuple[str, str]]:
    """Edges into a step still on the depth-first path: without them the journey is acyclic."""
    found: set[tuple[str, str]] = set()
    state: dict[str, int] = {}  # 1 on the path, 2 done
    stack: list[tuple[str, list[str]]] = []
    if start in nodes:
        state[start] = 1
        stack.append((start, [c for c in children(nodes[start]) if c in nodes]))
    while stack:
        node_id, todo = stack[-1]
        if not todo:
            state[node_id] = 2
            stack.pop()
            continue
        child = todo.pop(0)
        if state.get(child) == 1:
            found.add((node_id, child))
        elif child not in state:
            state[child] = 1
            stack.append((child, [c for c in children(nodes[child]) if c in nodes]))
    return found


def unroll(body: list[dict[str, Any]], start: str, lint: Lint, entry: str) -> list[dict[str, Any]]:
    """``body`` without loops: ROUNDS copies of the steps a loop repeats, the last one ending at the exit."""
    nodes = {n["id"]: n for n in body}
    back = back_edges(nodes, start)
    if not back:
        return body
    again = {v for _, v in back}
    repeated: set[str] = set()
    todo = list(again)
    while todo:  # what a lead passes again after going round: reachable without the back edges
        node_id = todo.pop()
        if node_id in repeated or node_id not in nodes:
            continue
        repeated.add(node_id)
        todo.extend(c for c in children(nodes[node_id]) if (node_id, c) not in back)

    def name(node_id: str, round_: int) -> str:
        return node_id if round_ == 1 else f"{node_id}{SUFFIX}{round_}"

    out = []
    for round_ in range(1, ROUNDS + 1):
        for node in body:
            if round_ > 1 and node["id"] not in repeated:
                continue
            src = node["id"]

            def change(target: str, src: str = src, round_: int = round_) -> str:
                if (src, target) in back:
                    return name(target, round_ + 1) if round_ < ROUNDS else EXIT
                return name(target, round_) if round_ > 1 and target in repeated else target

            out.append({**retarget(node, change), "id": name(src, round_)})
    loops = ", ".join(sorted(f"{u} -> {v}" for u, v in back))
    lint.warn("loop-unrolled", f"Dittofeed journeys cannot loop (its buildHeritageMap never returns on a cycle):"
              f" the journey from '{entry}' goes round ({loops}) {ROUNDS} times, as copies of the steps named"
              f" '<id>{SUFFIX}2'…; leads that would go round again leave at the exit", entry)
    return out
