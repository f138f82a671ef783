"""Report charts as self-contained SVG strings (pure Python): lines with bands and horizontal bars."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from html import escape

PALETTE = ("#2f6db5", "#d9822b", "#3a9b5c", "#b5452f", "#7a4fb5", "#5f6b73")
AXIS, MUTED, FONT = "#99a3ab", "#5f6b73", "font-family='Helvetica, Arial, sans-serif'"


@dataclass
class Series:
    name: str
    values: list[float]
    low: list[float] | None = None
    high: list[float] | None = None
    colour: str = PALETTE[0]
    dashed: bool = False


@dataclass
class Chart:
    """An SVG document plus the numbers it draws, so reports can list them beside the picture."""

    name: str
    title: str
    svg: str
    width: int
    height: int
    legend: list[tuple[str, str]] = field(default_factory=list)


def _nice_scale(peak: float, divisions: int = 5) -> tuple[float, float]:
    """(top, step) of an axis from 0 with round tick values: 1, 2, 2.5 or 5 times a power of ten."""
    if peak <= 0:
        return 1.0, 0.25
    raw = peak / divisions
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    return step * math.ceil(peak / step - 1e-9), step


def _fmt(value: float) -> str:
    if abs(value) >= 10 or value == int(value):
        return f"{value:,.0f}"
    return f"{value:.2f}".rstrip("0").rstrip(".")


def line_chart(name: str, title: str, series: list[Series], x_label: str, y_label: str,
               width: int = 640, height: int = 240) -> Chart:
    """Lines over a shared x axis (1-based: week or day numbers), each with an optional band."""
    left, right, top_pad, bottom = 56, 16, 16, 36
    count = max((len(s.values) for s in series), default=0)
    peak = max([max(s.high or s.values, default=0.0) for s in series] + [0.0])
    top, step = _nice_scale(peak)
    plot_w, plot_h = width - left - right, height - top_pad - bottom

    def xy(k: int, value: float) -> str:
        x = left + plot_w * (k / max(count - 1, 1))
        y = top_pad + plot_h * (1 - max(0.0, value) / top)
        return f"{x:.1f},{y:.1f}"

    parts = [f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' "
             f"viewBox='0 0 {width} {height}' role='img' aria-label='{escape(title)}'>",
             f"<rect width='{width}' height='{height}' fill='white'/>"]
    for i in range(round(top / step) + 1):
        value = step * i
        y = top_pad + plot_h * (1 - value / top)
        parts.append(f"<line x1='{left}' y1='{y:.1f}' x2='{width - right}' y2='{y:.1f}' stroke='#e6eaee'/>")
        parts.append(f"<text x='{left - 6}' y='{y + 4:.1f}' font-size='11' text-anchor='end' fill='{MUTED}' "
                     f"{FONT}>{_fmt(value)}</text>")
    for k in _ticks(count):
        x = left + plot_w * (k / max(count - 1, 1))
        parts.append(f"<text x='{x:.1f}' y='{height - bottom + 16}' font-size='11' text-anchor='middle' "
                     f"fill='{MUTED}' {FONT}>{k + 1}</text>")
    parts.append(f"<line x1='{left}' y1='{top_pad + plot_h}' x2='{width - right}' y2='{top_pad + plot_h}' "
                 f"stroke='{AXIS}'/>")
    parts.append(f"<text x='{left + plot_w / 2:.1f}' y='{height - 4}' font-size='11' text-anchor='middle' "
                 f"fill='{MUTED}' {FONT}>{escape(x_label)}</text>")
    parts.append(f"<text x='12' y='{top_pad + plot_h / 2:.1f}' font-size='11' text-anchor='middle' fill='{MUTED}' "
                 f"transform='rotate(-90 12 {top_pad + plot_h / 2:.1f})' {FONT}>{escape(y_label)}</text>")
    for s in series:
        if s.low is not None and s.high is not None and count:
            outline = [xy(k, v) for k, v in enumerate(s.high)] + [xy(k, v) for k, v in reversed(
                list(enumerate(s.low)))]
            parts.append(f"<polygon points='{' '.join(outline)}' fill='{s.colour}' fill-opacity='0.18' "
                         "stroke='none'/>")
        dash = " stroke-dasharray='6 4'" if s.dashed else ""
        parts.append(f"<polyline fill='none' stroke='{s.colour}' stroke-width='2'{dash} "
                     f"points='{' '.join(xy(k, v) for k, v in enumerate(s.values))}'/>")
    parts.append("</svg>")
    return Chart(name, title, "".join(parts), width, height, [(s.name, s.colour) for s in series])


def _ticks(count: int) -> list[int]:
    if count <= 1:
        return [0] if count else []
    step = max(1, round(count / 8))
    ticks = list(range(0, count, step))
    if count - 1 - ticks[-1] >= step / 2:
        ticks.append(count - 1)
    return ticks


def bar_chart(name: str, title: str, bars: list[tuple[str, float, float | None, float | None]],
              width: int = 640, bar_height: int = 22, percent: bool = False, colour: str = PALETTE[0],
              log: bool = False) -> Chart:
    """Horizontal bars (label, value, low, high) with the interval as a whisker and the value printed.

    ``log`` draws lengths on a log scale, so a funnel's SQL bars are not slivers beside its arrivals."""
    label_w, value_w, gap = 190, 110, 8
    height = max(1, len(bars)) * (bar_height + gap) + gap
    peak = max([max(v, h if h is not None else v) for _, v, _, h in bars] + [0.0])
    top, _ = _nice_scale(peak)
    plot_w = width - label_w - value_w

    def x(value: float) -> float:
        if log:
            return label_w + plot_w * math.log10(1 + max(0.0, value)) / math.log10(1 + max(peak, 1.0))
        return label_w + plot_w * max(0.0, value) / top

    parts = [f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' "
             f"viewBox='0 0 {width} {height}' role='img' aria-label='{escape(title)}'>",
             f"<rect width='{width}' height='{height}' fill='white'/>"]
    for i, (label, value, low, high) in enumerate(bars):
        y = gap + i * (bar_height + gap)
        mid = y + bar_height / 2
        parts.append(f"<text x='{label_w - 8}' y='{mid + 4:.1f}' font-size='12' text-anchor='end' fill='#1d2329' "
                     f"{FONT}>{escape(label)}</text>")
        parts.append(f"<rect x='{label_w}' y='{y}' width='{x(value) - label_w:.1f}' height='{bar_height}' "
                     f"fill='{colour}' fill-opacity='0.85'/>")
        if low is not None and high is not None and high > low:
            parts.append(f"<line x1='{x(low):.1f}' y1='{mid:.1f}' x2='{x(high):.1f}' y2='{mid:.1f}' "
                         "stroke='#1d2329' stroke-width='1.5'/>")
        text = f"{100 * value:.1f}%" if percent else _fmt(value)
        parts.append(f"<text x='{width - value_w + 8}' y='{mid + 4:.1f}' font-size='12' fill='#1d2329' "
                     f"{FONT}>{text}</text>")
    parts.append("</svg>")
    return Chart(name, title, "".join(parts), width, height)
