"""A self-contained HTML report of one or more scenario results (jinja2 template, inline SVG charts)."""

from __future__ import annotations

from importlib import resources

import jinja2

from .compare import Comparison
from .summary import COMPARED, estimate, funnel_rows, is_rate, time_rows

PALETTE = ("#2f6db5", "#d9822b", "#3a9b5c", "#b5452f", "#7a4fb5", "#5f6b73")


def _chart(comparison: Comparison, width: int = 720, height: int = 220) -> dict:
    series = [r.weekly("sql_handoffs") for r in comparison.results]
    weeks = max((len(s) for s in series), default=1)
    top = max((max(s, default=0.0) for s in series), default=0.0) or 1.0
    pad = 30

    def point(k: int, value: float) -> str:
        x = pad + (width - 2 * pad) * (k / max(weeks - 1, 1))
        y = height - pad - (height - 2 * pad) * value / top
        return f"{x:.1f},{y:.1f}"

    lines = [{"name": r.scenario, "colour": PALETTE[i % len(PALETTE)],
              "points": " ".join(point(k, v) for k, v in enumerate(s))}
             for i, (r, s) in enumerate(zip(comparison.results, series, strict=True))]
    return {"width": width, "height": height, "pad": pad, "top": top, "weeks": weeks, "lines": lines}


def render_report(comparison: Comparison, document_name: str) -> str:
    template_text = resources.files("assets").joinpath("templates/report.html.j2").read_text("utf-8")
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    differences = []
    for name, diffs in comparison.differences.items():
        differences.append({"name": name, "rows": [(label, estimate(diffs[key], is_rate(key), signed=True))
                                                   for key, label in COMPARED]})
    scenarios = []
    for result in comparison.results:
        scenarios.append({"name": result.scenario, "replications": result.replications, "seed": result.seed,
                          "horizon": result.horizon_days, "funnel": funnel_rows(result),
                          "times": time_rows(result),
                          "stalls": [(result.place(p), n) for p, n in result.stall_points()],
                          "weekly": [round(v, 1) for v in result.weekly("sql_handoffs")]})
    return env.from_string(template_text).render(
        document=document_name, baseline=comparison.baseline, scenarios=scenarios, differences=differences,
        chart=_chart(comparison))
