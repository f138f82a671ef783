"""The forecast report of a run or a comparison: jinja2 HTML with SVG charts, assumptions, figures, stalls."""

from __future__ import annotations

from importlib import resources

import jinja2

from sequences.document import Document
from sequences.scenario import Scenario

from .compare import Comparison
from .narrative import narrative
from .report_charts import PALETTE, Chart, Series, bar_chart, line_chart
from .report_summary import key_figures, node_name, recommendation, three_sentences, value_name, words
from .result import SimulationResult
from .sales_summary import band_rows, queue_table
from .summary import (
    COMPARED,
    FUNNEL,
    estimate,
    funnel_rows,
    is_rate,
    number,
    reconciliation,
    time_rows,
    weekly_range_rows,
)

TEMPLATE = "templates/forecast_report.html.j2"
BREAKDOWN_MEASURES = (("arrived", "Arrived"), ("mqls", "MQLs"), ("sql_leads", "SQLs"), ("accepted", "Accepted"))


def as_comparison(run: SimulationResult | Comparison) -> Comparison:
    """A single run reads like a comparison of one scenario, so one template serves both."""
    if isinstance(run, Comparison):
        return run
    return Comparison(baseline=run.scenario, results=[run], differences={})


def assumptions(document: Document, scenario: Scenario) -> list[tuple[str, str]]:
    """The scenario settings a reader needs to trust the figures, as (setting, value) rows."""
    scoring = scenario.effective_scoring(document.scoring)
    rows = []
    for arrival in scenario.cohort.arrivals:
        shape = (f"{arrival.leads_per_week:g} a week for {arrival.weeks:g} weeks" if arrival.leads is None
                 else f"{arrival.leads} at once")
        rows.append((f"Arrivals at “{node_name(document, arrival.entry)}”",
                     f"{shape}, from day {arrival.start_day:g}"))
    for attribute, weights in scenario.mix.items():
        total = sum(weights.values()) or 1.0
        rows.append((f"{words(attribute)} mix",
                     ", ".join(f"{value_name(document, attribute, k)} {100 * v / total:.0f}%"
                               for k, v in weights.items())))
    rates = scenario.behaviour.default
    rows.append(("Behaviour (default)", f"open {rates.open:.0%}, click {rates.click_given_open:.0%} of opens, "
                 f"hand-raise {rates.hand_raise:.1%}, unsubscribe {rates.unsubscribe:.1%}"))
    if scenario.behaviour.overrides:
        rows.append(("Behaviour overrides", f"{len(scenario.behaviour.overrides)} by role and topic"))
    rows.append(("MQL threshold", f"fit ≥ {scoring.mql.fit_min:g}, total ≥ {scoring.mql.total:g}"))
    hand = " and a hand-raise" if scoring.sql.require_hand_raise else ""
    rows.append(("SQL threshold", f"total ≥ {scoring.sql.total:g}{hand}"))
    rows.append(("Intent decay half-life", f"{scoring.decay_half_life_days:g} days"))
    sales = scenario.sales
    rows.append(("Sales team", f"{sales.reps} reps × {sales.first_touches_per_rep_per_day:g} first touches a day, "
                 f"{', '.join(sales.working_days)}, {sales.working_hours.start:g}–{sales.working_hours.end:g} h"
                 + (f"; a lead touched a median {sales.pickup.median:.3g} (p90 {sales.pickup.p90:.3g}) working hours "
                    "after a rep takes it" if sales.pickup is not None else "")))
    rows.append(("SLA", f"first outreach within {scenario.sla.first_outreach_hours:g} h ({scenario.sla.clock} "
                 "hours)"))
    rows.append(("Stall rules", f"{scenario.stall.days_without_progress:g} days without progress; "
                 f"{scenario.stall.queue_days:g} days in the sales queue"))
    rows.append(("Horizon", f"{scenario.horizon_days:g} days"))
    return rows


def breakdown_tables(result: SimulationResult, document: Document | None = None) -> list[dict]:
    tables = []
    for attribute, values in result.breakdowns.items():
        rows = []
        for value, figures in values.items():
            arrived = figures["arrived"].mean or 0.0
            sqls = figures["sql_leads"].mean or 0.0
            if not arrived:
                continue  # a value no lead has (a role the mix leaves out) is noise in a table for people
            name = value_name(document, attribute, value) if document is not None else words(value)
            rows.append([name] + [number(figures[m].mean) for m, _ in BREAKDOWN_MEASURES]
                        + [number(sqls / arrived, percent=True)])
        tables.append({"title": words(attribute), "rows": rows,
                       "header": [label for _, label in BREAKDOWN_MEASURES] + ["Lead to SQL"]})
    return tables


def run_charts(result: SimulationResult, colour: str = PALETTE[0], index: int = 0) -> list[Chart]:
    slug = f"s{index}-{_slug(result.scenario)}"
    weekly = Series("Handoffs a week", result.weekly("sql_handoffs"), result.weekly("sql_handoffs", "low"),
                    result.weekly("sql_handoffs", "high"), colour)
    funnel = [(label, result.totals[key].mean or 0.0, result.totals[key].low, result.totals[key].high)
              for key, label in FUNNEL[:6]]
    queue = result.daily["queue_length"]
    waiting = Series("Queue length", queue["mean"], queue["low"], queue["high"], PALETTE[1])
    breaches = Series("SLA breaches a week", result.weekly("sla_breaches"), colour=PALETTE[3])
    return [
        line_chart(f"{slug}-weekly", "Weekly SQL handoffs (mean, 95% CI of the mean)", [weekly], "week",
                   "handoffs"),
        bar_chart(f"{slug}-funnel", "Funnel (mean leads, 95% CI of the mean; log scale, so the small stages "
                  "stay visible)", funnel, colour=colour, log=True),
        line_chart(f"{slug}-queue", "Sales queue length (leads waiting each day: mean, 95% CI of the mean)",
                   [waiting], "day", "leads"),
        line_chart(f"{slug}-breaches", "SLA breaches a week (mean)", [breaches], "week", "breaches"),
    ]


def overlay_chart(comparison: Comparison) -> Chart:
    series = [Series(r.scenario, r.weekly("sql_handoffs"), colour=PALETTE[i % len(PALETTE)], dashed=i > 0)
              for i, r in enumerate(comparison.results)]
    # Lower than the other charts: at full height the comparison table's last row went onto a page of its own.
    return line_chart("compare-weekly", "Weekly SQL handoffs by scenario (mean)", series, "week", "handoffs",
                      height=180)


def render_forecast_report(document: Document, run: SimulationResult | Comparison, *,
                           images: bool = False) -> tuple[str, list[Chart]]:
    """The report's HTML and its charts. ``images`` refers to charts as ``<img src="NAME.svg">`` (for
    renderers that cannot draw inline SVG, such as Qt's rich text) instead of inlining them."""
    comparison = as_comparison(run)
    charts: list[Chart] = []
    scenarios = []
    for i, result in enumerate(comparison.results):
        own = run_charts(result, PALETTE[i % len(PALETTE)], i)
        charts += own
        try:
            settings = assumptions(document, document.scenario(result.scenario))
        except KeyError:
            settings = []
        scenarios.append({"name": result.scenario, "replications": result.replications, "seed": result.seed,
                          "leads": result.leads, "horizon": result.horizon_days, "funnel": funnel_rows(result),
                          "times": time_rows(result),
                          "stalls": [(node_name(document, p), number(c)) for p, c in result.stall_points()],
                          "assumptions": settings, "breakdowns": breakdown_tables(result, document), "charts": own,
                          "sentences": three_sentences(document, result), "key_figures": key_figures(result),
                          "week_ranges": any(row["week"] for row in key_figures(result)),
                          # in = out + stalled + in flight, and per week the mean, its 95% CI and the
                          # expected range for one week.
                          "reconciliation": reconciliation(result), "weekly_ranges": weekly_range_rows(result),
                          "queues": queue_table(result), "bands": band_rows(result)})
    compared = None
    if len(comparison.results) > 1:
        overlay = overlay_chart(comparison)
        charts.append(overlay)
        compared = {"chart": overlay, "names": [r.scenario for r in comparison.results],
                    "rows": comparison_rows(comparison), "narrative": narrative(comparison)}
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    template = env.from_string(resources.files("assets").joinpath(TEMPLATE).read_text("utf-8"))
    html = template.render(document=document.name, description=document.description, baseline=comparison.baseline,
                           scenarios=scenarios, compared=compared, images=images,
                           recommendation=recommendation(comparison))
    return html, charts


def comparison_rows(comparison: Comparison) -> list[dict]:
    """Per figure: each scenario's mean, then each scenario's paired difference against the baseline."""
    rows = []
    for key, label in COMPARED:
        rate = is_rate(key)
        rows.append({"label": label,
                     "values": [number(r.totals[key].mean, rate) for r in comparison.results],
                     "differences": [estimate(comparison.differences[r.scenario][key], rate, signed=True)
                                     for r in comparison.results[1:]]})
    return rows


def _slug(name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-") or "scenario"
