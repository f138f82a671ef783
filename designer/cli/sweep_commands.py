"""``nurture sweep``: the threshold landscape on this machine or a Dask cluster, and its recommendation."""

from __future__ import annotations

import json
import math
import signal
import sys
import threading
from pathlib import Path

import typer

from sequences import Document, DocumentError, read_document
from sequences.sweep import SWEEP_METRICS, SWEEP_PARAMETERS
from simulation import SimulationRefused
from simulation.sweeps.executors import make_executor
from simulation.sweeps.points import apply_point, point_name
from simulation.sweeps.result import SweepResult
from simulation.sweeps.runner import run_sweep

from .writing import refuse_if_open, update_document

PERCENT = {"sla_breach_rate", "rep_utilisation", "acceptance_rate"}


def _show(metric: str, value: float | None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    return f"{100 * value:.1f}%" if metric in PERCENT else f"{value:.1f}"


def print_sweep(result: SweepResult, top: int = 15) -> None:
    echo = typer.echo
    state = "" if result.complete else " (cancelled: finished points only)"
    echo(f"Sweep '{result.sweep}' on scenario '{result.base_scenario}' — {len(result.points)} points, "
         f"{result.executor}{state}")
    metric = result.objective
    sign = -1 if result.direction == "maximise" else 1
    ranked = sorted(result.points, key=lambda p: (not p.feasible, sign * p.figure(metric)))
    columns = ["accepted_per_month", "sql_per_month", "sla_breach_rate", "rep_utilisation"]
    echo(f"\n{'#':>4}  {'setting':<58}" + "".join(f"{SWEEP_METRICS[c][:14]:>16}" for c in columns) + "  basis")
    for point in ranked[:top]:
        basis = "simulated" if point.simulated else "screen"
        cells = []
        for c in columns:
            est = point.simulated.get(c) if point.simulated else None
            if est is not None and est.low is not None and est.low != est.high:
                cells.append(f"{_show(c, est.mean)}±{_show(c, (est.high - est.low) / 2)}".rjust(16))
            else:
                cells.append(_show(c, point.figure(c)).rjust(16))
        mark = " " if point.feasible else "✗"
        echo(f"{point.index:>4}{mark} {point_name(point.settings)[:58]:<58}" + "".join(cells) + f"  {basis}")
    echo(f"\nPareto front (accepted SQLs vs SLA breaches vs rep load): points {', '.join(map(str, result.pareto))}")
    echo(f"\n{result.reason}")
    if result.sensitivity:
        echo("Sensitivity around it:")
        for row in result.sensitivity:
            echo(f"  {SWEEP_PARAMETERS[row['parameter']]} {row['value']:g}: {SWEEP_METRICS[metric]} "
                 f"{row['change']:+.1f}{'' if row['feasible'] else ' (breaks a constraint)'}")
    if result.screen_agreement:
        a = result.screen_agreement
        echo(f"Screen check: {int(a['points'])} simulated points, mean relative error "
             f"{100 * a['mean_relative_error']:.1f}% on {SWEEP_METRICS[metric]}")


def sweep(
    file: Path = typer.Argument(..., help="The document that defines the sweep."),
    sweep_name: str = typer.Option(None, "--sweep", help="Which sweep (default: the first)."),
    workers: int = typer.Option(None, "--workers", help="Local worker processes (default: all cores; 1 = serial)."),
    scheduler: str = typer.Option(None, "--scheduler", help="Dask scheduler, e.g. tcp://host:8786 "
                                  "(or set DASK_SCHEDULER_ADDRESS)."),
    json_out: Path = typer.Option(None, "--json", help="Write every point and the recommendation as JSON."),
    adopt: str = typer.Option(None, "--adopt", help="Add a point to FILE as a scenario: 'best' or its number."),
    force: bool = typer.Option(False, "--force", help="With --adopt: write even while FILE is open in a window."),
) -> None:
    """Sweep thresholds, decay and team size; recommend the setting that best meets the constraints.

    With --adopt, FILE is written under its lock on a fresh read (exit 3 while another program holds it).
    """
    if adopt is not None:
        refuse_if_open(file, force)
    try:
        document, _ = read_document(file)
        chosen = document.sweep(sweep_name)
    except DocumentError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    except KeyError as exc:
        typer.echo(f"error: {file}: {exc.args[0]}", err=True)
        raise typer.Exit(2) from None
    try:
        executor = make_executor(workers, scheduler)
    except (RuntimeError, OSError) as exc:
        typer.echo(f"error: cannot reach the Dask scheduler: {exc}", err=True)
        raise typer.Exit(2) from None
    stop = threading.Event()
    bars: dict[str, object] = {}

    def progress(stage: str, done: int, total: int) -> None:
        if stage not in bars:
            for bar in bars.values():
                bar.__exit__(None, None, None)
            label = "screening" if stage == "screen" else "simulating"
            what = "nurture settings" if stage == "screen" else "points in full"
            typer.echo(f"{label} {total} {what}", err=True)
            bars[stage] = typer.progressbar(length=total, label=label, file=sys.stderr)
            bars[stage].__enter__()
        bars[stage].update(1)

    def interrupted(_signum, _frame) -> None:
        # Ctrl+C asks the runner to stop between points; what finished is still shown and written.
        stop.set()
        typer.echo("\ncancelling: keeping the points that finished…", err=True)

    previous = signal.signal(signal.SIGINT, interrupted)
    typer.echo(f"sweep '{chosen.name}': {executor.name}; Ctrl+C stops and keeps the finished points", err=True)
    try:
        result = run_sweep(document, chosen, executor, progress=progress, cancel=stop.is_set)
    except SimulationRefused as exc:
        typer.echo(f"{file}: cannot run the sweep: {exc}", err=True)
        raise typer.Exit(1) from None
    except ValueError as exc:
        typer.echo(f"{file}: sweep '{chosen.name}' has an impossible point: {exc}", err=True)
        raise typer.Exit(1) from None
    finally:
        signal.signal(signal.SIGINT, previous)
        for bar in bars.values():
            bar.__exit__(None, None, None)
        executor.close()
    print_sweep(result)
    if json_out is not None:
        json_out.write_text(json.dumps(result.to_json(), indent=1, allow_nan=True) + "\n", encoding="utf-8")
        typer.echo(f"wrote {json_out}")
    if stop.is_set():
        raise typer.Exit(130)
    if adopt is not None:
        _adopt(file, document, chosen, result, adopt, force)


def _adopt(file, document, chosen, result: SweepResult, which: str, force: bool) -> None:
    index = result.recommended if which == "best" else int(which) if which.isdigit() else None
    point = next((p for p in result.points if p.index == index), None)
    if point is None:
        typer.echo(f"error: no point {which!r} to adopt", err=True)
        raise typer.Exit(2)
    scenario = apply_point(document, document.scenario(chosen.base_scenario), point.settings)

    def add_to(fresh: Document) -> Document | None:
        # The file as it is now, so a scenario added meanwhile by someone else is kept.
        if any(s.name == scenario.name for s in fresh.scenarios):
            return None
        return fresh.model_copy(update={"scenarios": (*fresh.scenarios, scenario)})

    try:
        saved = update_document(file, add_to, force=force, program="nurture sweep")
    except DocumentError as exc:
        typer.echo(f"error: {exc.message}", err=True)
        raise typer.Exit(2) from None
    except OSError as exc:
        typer.echo(f"error: {file}: cannot save ({exc.strerror or exc})", err=True)
        raise typer.Exit(2) from None
    if saved is None:
        typer.echo(f"scenario '{scenario.name}' is already in {file}")
        return
    typer.echo(f"added scenario '{scenario.name}' to {file}")


def register(app: typer.Typer) -> None:
    app.command("sweep")(sweep)
