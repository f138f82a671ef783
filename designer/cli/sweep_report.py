"""What ``nurture sweep`` prints: the question, the best points, the recommendation and its reasons."""

from __future__ import annotations

import typer

from sequences.sweep import METRIC_WORDS, PERCENT_METRICS, SWEEP_METRICS, SWEEP_PARAMETERS, show_figure
from simulation.sweeps.adopt import Agreement, summary
from simulation.sweeps.explain import edge_words, marginal_words, signed
from simulation.sweeps.points import point_name
from simulation.sweeps.result import SweepResult

COLUMNS = ("accepted_per_month", "sql_per_month", "sla_breach_rate", "rep_utilisation")
MARK = "*"  # beside every count figure when the sweep ran on another cohort than the scenario's own


def cell(result: SweepResult, point, metric: str) -> str:
    est = point.estimate(metric)
    value = point.figure(metric)
    text = show_figure(metric, value, result.currency)
    if est is not None and est.low is not None and est.high is not None and est.low != est.high:
        text += "±" + show_figure(metric, (est.high - est.low) / 2, result.currency)
    if result.cohort_note and metric not in PERCENT_METRICS:
        text += MARK
    return text


def print_sweep(result: SweepResult, top: int = 15) -> None:
    echo = typer.echo
    state = "" if result.complete else " (cancelled: finished points only)"
    echo(f"Sweep '{result.sweep}' on scenario '{result.base_scenario}' — {len(result.points)} points, "
         f"{result.executor}{state}")
    echo(f"Question: {result.goal}")
    cohort = (f"{MARK} every count is {result.cohort_note}" if result.cohort_note
              else f"on the scenario's own cohort of {result.leads:,.0f} leads")
    echo(f"Figures: means, ± half the 95% interval where simulated ({result.replications} replications); {cohort}")
    for warning in result.warnings:
        echo(f"Note: {warning}")
    metric = result.objective
    sign = -1 if result.direction == "maximise" else 1
    ranked = sorted(result.points, key=lambda p: (not p.feasible, sign * p.figure(metric)))
    columns = list(dict.fromkeys([metric, *COLUMNS]))
    echo(f"\n{'#':>4}  {'setting':<58}" + "".join(f"{SWEEP_METRICS[c][:18]:>20}" for c in columns) + "  basis")
    for point in ranked[:top]:
        basis = "simulated" if point.simulated else "screened"
        mark = " " if point.feasible else "✗"
        echo(f"{point.index:>4}{mark} {point_name(point.settings)[:58]:<58}"
             + "".join(cell(result, point, c).rjust(20) for c in columns) + f"  {basis}")
    infeasible = sum(1 for p in result.points if not p.feasible)
    if infeasible:
        echo(f"✗ {infeasible} point(s) break a limit; they are listed, not hidden (see --json for every reason).")
    echo(f"\nPareto front (accepted SQLs vs SLA breaches vs rep load): points {', '.join(map(str, result.pareto))}")
    echo(f"\n{result.reason}")
    for words in marginal_words(result.marginals, result.currency):
        echo(f"  {words}")
    for words in edge_words(result.edges):
        echo(f"Edge: {words}")
    if any(e["suggested"] is not None for e in result.edges):
        echo("  (run again with --extend-axes to save the longer axes in the sweep and look past the edge)")
    money = result.currency
    if result.sensitivity:
        echo(f"Sensitivity around it (simulated against simulated on the same draws; change in "
             f"{METRIC_WORDS[metric]}, 95% interval):")
        for row in result.sensitivity:
            echo(f"  {SWEEP_PARAMETERS[row['parameter']]} {row['value']:g}: {signed(metric, row['change'], money)} "
                 f"[{signed(metric, row['low'], money)}, {signed(metric, row['high'], money)}]"
                 f"{'' if row['feasible'] else ' (breaks a limit)'}")
    if result.screen_agreement:
        a = result.screen_agreement
        echo(f"Screen check: {int(a['points'])} simulated points, mean relative error "
             f"{100 * a['mean_relative_error']:.1f}% on {SWEEP_METRICS[metric]}")


def print_agreement(scenario: str, rows: list[Agreement]) -> None:
    typer.echo(f"\nSimulated the adopted scenario '{scenario}' on its own seed and replications:")
    for row in rows:
        typer.echo(f"  {row.words()}")
    typer.echo(summary(rows))
