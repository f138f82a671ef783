"""Orthogonal routing of a connection around the cards between its ends (plain floats, no Qt)."""

from __future__ import annotations

Point = tuple[float, float]
Rect = tuple[float, float, float, float]  # left, top, width, height

STUB = 20.0  # straight run out of a port and into an input before the first bend
CLEAR = 20.0  # distance kept from the cards a connection passes


def _flip(p: Point) -> Point:
    return (p[1], p[0])


def _flip_rect(r: Rect) -> Rect:
    return (r[1], r[0], r[3], r[2])


def _hits_vertical(x: float, y0: float, y1: float, rects: list[Rect]) -> bool:
    lo, hi = min(y0, y1), max(y0, y1)
    return any(r[0] - 4 < x < r[0] + r[2] + 4 and r[1] - 4 < hi and lo < r[1] + r[3] + 4 for r in rects)


def _hits_horizontal(y: float, x0: float, x1: float, rects: list[Rect]) -> bool:
    lo, hi = min(x0, x1), max(x0, x1)
    return any(r[1] - 4 < y < r[1] + r[3] + 4 and r[0] - 4 < hi and lo < r[0] + r[2] + 4 for r in rects)


def _free_lane(lo: float, hi: float, near: float, rects: list[Rect], fallback: float) -> float:
    """An x whose vertical run from ``lo`` to ``hi`` crosses no card, as near to ``near`` as there is."""
    crossing = [r for r in rects if r[1] < hi and lo < r[1] + r[3]]
    candidates = {near} | {r[0] - CLEAR for r in crossing} | {r[0] + r[2] + CLEAR for r in crossing}
    for x in sorted(candidates, key=lambda x: (abs(x - near), x)):  # nearest first: usually the first is free
        if not _hits_vertical(x, lo, hi, crossing):
            return x
    return fallback


def _route_down(start: Point, end: Point, obstacles: list[Rect], ends: list[Rect]) -> list[Point]:
    sx, sy = start
    ex, ey = end
    out_y, in_y = sy + STUB, ey - STUB
    if in_y >= out_y:
        # Forward: a single bend in the gap above the target (or below the source) when the runs are free.
        for bend in (in_y, out_y):
            if (not _hits_vertical(sx, out_y, bend, obstacles) and not _hits_horizontal(bend, sx, ex, obstacles)
                    and not _hits_vertical(ex, bend, in_y, obstacles)):
                return _clean([start, (sx, bend), (ex, bend), end])
        lane = _free_lane(out_y, in_y, (sx + ex) / 2, obstacles, max(sx, ex))
        return _clean([start, (sx, out_y), (lane, out_y), (lane, in_y), (ex, in_y), end])
    # Backward (a loop to an earlier step): out below the source, up beside every card in the way,
    # and in from above the target.
    everything = obstacles + ends
    span = [r for r in everything if r[1] < out_y and in_y < r[1] + r[3]]
    right = max([r[0] + r[2] for r in span] + [sx, ex]) + CLEAR * 2
    left = min([r[0] for r in span] + [sx, ex]) - CLEAR * 2
    lane = right if abs(right - sx) <= abs(sx - left) else left
    return _clean([start, (sx, out_y), (lane, out_y), (lane, in_y), (ex, in_y), end])


def _clean(points: list[Point]) -> list[Point]:
    """Without repeated points and without middle points of straight runs."""
    out: list[Point] = []
    for p in points:
        if out and abs(out[-1][0] - p[0]) < 0.5 and abs(out[-1][1] - p[1]) < 0.5:
            continue
        if len(out) >= 2:
            a, b = out[-2], out[-1]
            if (abs(a[0] - b[0]) < 0.5 and abs(b[0] - p[0]) < 0.5) or (
                    abs(a[1] - b[1]) < 0.5 and abs(b[1] - p[1]) < 0.5):
                out[-1] = p
                continue
        out.append(p)
    return out


def route(start: Point, end: Point, obstacles: list[Rect], ends: list[Rect] | None = None,
          direction: str = "down") -> list[Point]:
    """Corner points of an orthogonal connection from an output ``start`` to an input ``end``.

    ``obstacles`` are the other cards; ``ends`` the source's and target's own cards (loops go around them).
    Top to bottom, ports leave downwards and inputs are entered from above; left to right, the same turned.
    """
    ends = ends or []
    if direction == "down":
        return _route_down(start, end, obstacles, ends)
    points = _route_down(_flip(start), _flip(end), [_flip_rect(r) for r in obstacles],
                         [_flip_rect(r) for r in ends])
    return [_flip(p) for p in points]
