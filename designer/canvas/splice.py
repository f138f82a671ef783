"""Putting a new node into the drawing: spliced into a connection (the steps after it move along), or at
free space next to the selection; plain floats, no Qt widgets."""

from __future__ import annotations

from sequences.nodes import ELSE, NodeBase

from ..document import DocumentModel
from .node_facts import CARD_WIDTH, card_height

GAP = 80.0  # between a spliced node and its neighbours along the flow
ROOM = 40.0  # free space kept around a new node
GRID = 20.0


def continuing_port(node: NodeBase) -> str | None:
    """The port a spliced node passes leads on through: ``else`` of a branch, ``timeout`` of an event wait,
    else the first; None for nodes that end the sequence (goal, exit)."""
    ports = node.ports()
    for port in (ELSE, "timeout"):
        if port in ports:
            return port
    return ports[0] if ports else None


def _snap(value: float) -> float:
    return round(value / GRID) * GRID


def splice_positions(model: DocumentModel, node: NodeBase, target: str) -> tuple[tuple[float, float],
                                                                                 dict[str, tuple[float, float]]]:
    """Where a node spliced in before ``target`` goes (the target's place), and the moves that make room:
    the target and everything at or past it along the flow shift by the new card and a gap."""
    tx, ty = model.position(target)
    down = model.direction == "down"
    step = _snap((card_height(node, direction=model.direction) if down else CARD_WIDTH) + GAP)
    moves = {}
    for other, (x, y) in model.document.layout.items():
        if (y >= ty - 1) if down else (x >= tx - 1):
            moves[other] = (x, y + step) if down else (x + step, y)
    return (tx, ty), moves


def _overlaps(model: DocumentModel, x: float, y: float, w: float, h: float) -> bool:
    for node in model.document.sequence.nodes:
        ox, oy = model.position(node.id)
        oh = card_height(node, direction=model.direction)
        if x < ox + CARD_WIDTH + ROOM and ox < x + w + ROOM and y < oy + oh + ROOM and oy < y + h + ROOM:
            return True
    return False


def free_spot(model: DocumentModel, node: NodeBase, near: tuple[float, float],
              after: str | None = None) -> tuple[float, float]:
    """A place for ``node`` where it covers no card: just after ``after`` along the flow if given (the
    selected node), else at ``near``; then further along, then beside, until one is free."""
    down = model.direction == "down"
    h = card_height(node, direction=model.direction)
    if after is not None:
        ax, ay = model.position(after)
        after_node = model.node(after)
        if down:
            near = (ax, ay + card_height(after_node, direction="down") + GAP)
        else:
            near = (ax + CARD_WIDTH + GAP, ay)
    x0, y0 = _snap(near[0]), _snap(near[1])
    for across in range(0, 12):
        for along in range(0, 12):
            offset_along = along * (h + ROOM if down else CARD_WIDTH + ROOM)
            offset_across = across * (CARD_WIDTH + ROOM if down else h + ROOM)
            x, y = (x0 + offset_across, y0 + offset_along) if down else (x0 + offset_along, y0 + offset_across)
            x, y = _snap(x), _snap(y)
            if not _overlaps(model, x, y, CARD_WIDTH, h):
                return (x, y)
    return (x0, y0)
