"""What ``nurture sweep`` prints: the question, the best points, the recommendation and its reasons."""

from __future__ import annotations

import typer

from sequences.sweep import PERCENT_METRICS, SWEEP_METRICS, show_figure, show_spread
from simulation.sweeps.adopt import Agreement, summary
from simulation.sweeps.explain import edge_words
from simulation.sweeps.points import point_name
from simulation.sweeps.reading import header_lines, recommendation_lines
from simulation.sweeps.result import SweepResult

COLUMNS = ("accepted_per_month", "sql_per_month", "sla_breach_rate", "rep_utilisation")
MARK = "*"  # beside every count figure when the sweep ran on another cohort than the scenario's own


def cell(result: SweepResult, point, metric: str) -> str:
    est = point.estimate(metric)
    value = point.figure(metric)
    text = (show_spread(metric, value, est.low, est.high, result.currency, gap="") if est is not None
            else show_figure(metric, value, result.currency))
    if result.cohort_note and metric not in PERCENT_METRICS:
        text += MARK
    return text


def print_sweep(result: SweepResult, top: int = 15) -> None:
    echo = typer.echo
    state = "" if result.complete else " (cancelled: finished points only)"
    echo(f"Sweep '{result.sweep}' on scenario '{result.base_scenario}' — {len(result.points)} points, "
         f"{result.executor}{state}")
    for line in header_lines(result):
        echo(line.replace("every count is", f"{MARK} every count is"))
    metric = result.objective
    sign = -1 if result.direction == "maximise" else 1
    # Simulated points first: the recommendation is chosen among them, and a screened figure (the queue screen's
    # estimate) ranked above a simulated one would read as a better setting passed over.
    ranked = sorted(result.points, key=lambda p: (not p.feasible, not p.simulated, sign * p.figure(metric)))
    columns = list(dict.fromkeys([metric, *COLUMNS]))
    widths = [max(len(SWEEP_METRICS[c]), 20) + 2 for c in columns]
    echo(f"\n{'#':>4}  {'setting':<58}" + "".join(f"{SWEEP_METRICS[c]:>{w}}" for c, w in zip(columns, widths,
                                                                                             strict=True)) + "  basis")
    for point in ranked[:top]:
        basis = "simulated" if point.simulated else "screened"
        mark = "★" if point.index == result.recommended else " " if point.feasible else "✗"
        # Two spaces before every figure however long it is: a clipped interval reads "24.2% (0.0%–55.7%)".
        echo(f"{point.index:>4}{mark} {point_name(point.settings)[:58]:<58}"
             + "".join(("  " + cell(result, point, c)).rjust(w) for c, w in zip(columns, widths, strict=True))
             + f"  {basis}")
    echo("★ the recommendation. Simulated points come first (the recommendation is chosen among them), then screened "
         "ones by their screened figure.")
    infeasible = sum(1 for p in result.points if not p.feasible)
    if infeasible:
        echo(f"✗ {infeasible} point(s) break a limit; they are listed, not hidden (see --json for every reason).")
    echo(f"\nPareto front (accepted SQLs vs SLA breaches vs rep load): points {', '.join(map(str, result.pareto))}")
    echo("")
    for line in recommendation_lines(result):
        echo(line)
        if line.startswith("Edge:") and line == f"Edge: {edge_words(result.edges)[-1]}" and any(
                e["suggested"] is not None for e in result.edges):
            echo("  (run again with --extend-axes to save the longer axes in the sweep and look past the edge)")
    if result.screen_agreement:
        a = result.screen_agreement
        echo(f"Screen check: {int(a['points'])} simulated points, mean relative error "
             f"{100 * a['mean_relative_error']:.1f}% on {SWEEP_METRICS[metric]}")


def print_agreement(scenario: str, rows: list[Agreement]) -> None:
    typer.echo(f"\nSimulated the adopted scenario '{scenario}' on its own seed and replications:")
    for row in rows:
        typer.echo(f"  {row.words()}")
    typer.echo(summary(rows))
