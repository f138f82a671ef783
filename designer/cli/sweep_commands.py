"""``nurture sweep``: the threshold landscape on this machine or a Dask cluster, and its recommendation."""

from __future__ import annotations

import json
import signal
import sys
import threading
from pathlib import Path

import typer

from sequences import Document, DocumentError, read_document
from simulation import SimulationRefused
from simulation.sweeps.adopt import adopted_scenario, check_adoption
from simulation.sweeps.executors import make_executor
from simulation.sweeps.explain import extend_axes
from simulation.sweeps.result import SweepResult
from simulation.sweeps.runner import SweepProblem, run_sweep

from .sweep_report import print_agreement, print_sweep
from .writing import refuse_if_open, update_document


def sweep(
    file: Path = typer.Argument(..., help="The document that defines the sweep."),
    sweep_name: str = typer.Option(None, "--sweep", help="Which sweep (default: the first)."),
    workers: int = typer.Option(None, "--workers", help="Local worker processes (default: all cores; 1 = serial)."),
    scheduler: str = typer.Option(None, "--scheduler", help="Dask scheduler, e.g. tcp://host:8786 "
                                  "(or set DASK_SCHEDULER_ADDRESS)."),
    json_out: Path = typer.Option(None, "--json", help="Write every point and the recommendation as JSON."),
    adopt: str = typer.Option(None, "--adopt", help="Add a point to FILE as a scenario: 'best' or its number."),
    extend: bool = typer.Option(False, "--extend-axes", help="When the recommendation sits on the edge of an "
                                "axis, save the sweep with that axis one step longer (run again to look past it)."),
    force: bool = typer.Option(False, "--force", help="With --adopt: write even while FILE is open in a window."),
) -> None:
    """Sweep thresholds, decay and team size; recommend the setting that best meets the constraints.

    With --adopt, the point becomes a scenario with a description taken from the sweep, and that scenario is
    simulated at once so its figures can be set beside the sweep's. FILE is written under its lock on a fresh
    read (exit 3 while another program holds it).
    """
    if adopt is not None or extend:
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
    bars: list = []
    stages = {"screen": ("screening", "nurture settings"), "simulate": ("simulating", "points in full"),
              "check": ("checking", "neighbours of the recommendation"),
              "probe": ("probing", "changes: one more rep, one hour off the SLA")}

    def progress(stage: str, done: int, total: int) -> None:
        if done == 1 or not bars:
            for bar in bars:
                bar.__exit__(None, None, None)
            bars.clear()
            label, what = stages.get(stage, (stage, "points"))
            typer.echo(f"{label} {total} {what}", err=True)
            bars.append(typer.progressbar(length=total, label=label, file=sys.stderr))
            bars[0].__enter__()
        bars[0].update(1)

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
    except SweepProblem as exc:
        typer.echo(f"{file}: {exc}", err=True)
        raise typer.Exit(2) from None
    except ValueError as exc:
        typer.echo(f"{file}: sweep '{chosen.name}' has an impossible point: {exc}", err=True)
        raise typer.Exit(1) from None
    finally:
        signal.signal(signal.SIGINT, previous)
        for bar in bars:
            bar.__exit__(None, None, None)
        executor.close()
    print_sweep(result)
    if json_out is not None:
        json_out.write_text(json.dumps(result.to_json(), indent=1, allow_nan=True) + "\n", encoding="utf-8")
        typer.echo(f"wrote {json_out}")
    if stop.is_set():
        raise typer.Exit(130)
    if extend:
        _extend(file, chosen, result, force)
    if adopt is not None:
        _adopt(file, document, result, adopt, force)


def _extend(file: Path, chosen, result: SweepResult, force: bool) -> None:
    if not any(e["suggested"] is not None for e in result.edges):
        typer.echo("The recommendation is inside every axis: nothing to extend.")
        return
    longer = extend_axes(chosen, result.edges)

    def replace(fresh: Document) -> Document | None:
        sweeps = tuple(longer if s.name == chosen.name else s for s in fresh.sweeps)
        return None if sweeps == fresh.sweeps else fresh.model_copy(update={"sweeps": sweeps})

    _save(file, replace, force)
    typer.echo(f"saved sweep '{chosen.name}' with longer axes in {file}: run it again to look past the edge")


def _adopt(file: Path, document: Document, result: SweepResult, which: str, force: bool) -> None:
    index = result.recommended if which == "best" else int(which) if which.isdigit() else None
    if result.point(index) is None:
        typer.echo(f"error: no point {which!r} to adopt", err=True)
        raise typer.Exit(2)
    scenario = adopted_scenario(document, result, index)  # type: ignore[arg-type]

    def add_to(fresh: Document) -> Document | None:
        # The file as it is now, so a scenario added meanwhile by someone else is kept.
        if any(s.name == scenario.name for s in fresh.scenarios):
            return None
        return fresh.model_copy(update={"scenarios": (*fresh.scenarios, scenario)})

    saved = _save(file, add_to, force)
    if saved is None:
        typer.echo(f"scenario '{scenario.name}' is already in {file}")
    else:
        typer.echo(f"added scenario '{scenario.name}' to {file}")
    try:
        rows = check_adoption(document, scenario, result, index)  # type: ignore[arg-type]
    except SimulationRefused as exc:
        typer.echo(f"{file}: the adopted scenario cannot be simulated: {exc}", err=True)
        raise typer.Exit(1) from None
    print_agreement(scenario.name, rows)


def _save(file: Path, change, force: bool):
    try:
        saved = update_document(file, change, force=force, program="nurture sweep")
    except DocumentError as exc:
        typer.echo(f"error: {exc.message}", err=True)
        raise typer.Exit(2) from None
    except OSError as exc:
        typer.echo(f"error: {file}: cannot save ({exc.strerror or exc})", err=True)
        raise typer.Exit(2) from None
    return saved


def register(app: typer.Typer) -> None:
    app.command("sweep")(sweep)
