"""``nurture report``: a forecast report of one scenario or a comparison, written as HTML or PDF."""

from __future__ import annotations

from pathlib import Path

import typer

from simulation import SimulationRefused, compare, simulate

from .sim_commands import load_or_exit, refused

SUFFIXES = (".html", ".htm", ".pdf")


def report_command(
    file: Path = typer.Argument(..., help="A .nurture.yaml or .json document."),
    out: Path = typer.Option(..., "--out", "-o", help="The report to write: report.html or report.pdf."),
    scenarios: list[str] = typer.Option([], "--scenario", "-s",
                                        help="Scenario(s) to report; two or more are compared (default: all)."),
    seed: int | None = typer.Option(None, "--seed", min=0, help="Random seed (default: the first scenario's)."),
    replications: int | None = typer.Option(None, "--replications", "-r", min=1, max=10_000),
    leads: int | None = typer.Option(None, "--leads", min=1, help="Rescale each cohort to this many leads."),
    workers: int = typer.Option(1, "--workers", min=1, help="Processes for replications (same result)."),
) -> None:
    """Simulate and write a report: what was simulated, the assumptions, the figures, the stall points."""
    if out.suffix.lower() not in SUFFIXES:
        typer.echo(f"error: {out}: the report is written as .html or .pdf (got '{out.suffix or 'no suffix'}')",
                   err=True)
        raise typer.Exit(2)
    if not out.parent.is_dir():
        typer.echo(f"error: {out}: the folder {out.parent} does not exist", err=True)
        raise typer.Exit(2)
    document = load_or_exit(file)
    names = list(scenarios) or [s.name for s in document.scenarios]
    if not names:
        typer.echo(f"{file}: the document has no scenarios to report on", err=True)
        raise typer.Exit(1)
    try:
        if len(names) == 1:
            run = simulate(document, names[0], seed, replications=replications, leads=leads, workers=workers)
        else:
            paired = max(replications, 2) if replications is not None else None
            run = compare(document, names, seed, replications=paired, leads=leads, workers=workers)
    except SimulationRefused as exc:
        raise refused(file, exc) from None
    from designer.forecast.report_export import ReportError, write_report  # Qt only when a PDF is asked for

    try:
        written = write_report(document, run, out)
    except ReportError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    what = f"scenario '{names[0]}'" if len(names) == 1 else f"{len(names)} scenarios compared"
    typer.echo(f"Wrote {written} ({what})")


def register(app: typer.Typer) -> None:
    """Add ``report`` to ``app``."""
    app.command("report")(report_command)
