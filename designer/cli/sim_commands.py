"""``nurture simulate``, ``compare`` and ``demo``: forecasts on the command line, no display needed."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import typer

from sequences import Document, DocumentError, load_document
from simulation import (
    Comparison,
    ConservationError,
    SimulationError,
    SimulationRefused,
    SimulationResult,
    compare,
    simulate,
)
from simulation.checks import describe
from simulation.export_csv import write_csv
from simulation.forecast_report import render_forecast_report
from simulation.narrative import narrative
from simulation.sales_summary import SALES_COMPARED, band_rows, queue_means, queue_table
from simulation.summary import (
    COMPARED,
    FUNNEL,
    estimate,
    funnel_rows,
    funnel_sections,
    is_rate,
    number,
    reconciliation,
    time_rows,
    weekly_rows,
)

SHOW_PROGRESS_AFTER = 1.0
MAX_WEEK_LINES = 27
T = TypeVar("T")


class _Progress:
    """A progress bar on stderr, shown only once a run has taken longer than a second."""

    def __init__(self, label: str):
        self.label, self.start, self.bar, self.shown = label, time.monotonic(), None, 0

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            if time.monotonic() - self.start < SHOW_PROGRESS_AFTER:
                return
            self.bar = typer.progressbar(length=total, label=self.label, file=sys.stderr, show_eta=True)
            self.bar.__enter__()
        self.bar.update(done - self.shown)
        self.shown = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            typer.echo("", err=True)


def load_or_exit(path: Path) -> Document:
    """Load a document; a failure becomes the loader's message and exit code 2."""
    try:
        return load_document(path)
    except DocumentError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None


def refused(path: Path, exc: SimulationRefused) -> typer.Exit:
    """Print why the engine refused to run and return the exit (code 1) to raise."""
    typer.echo(f"{path}: cannot simulate, the document or scenario has errors:", err=True)
    for finding in exc.findings:
        typer.echo(f"  - {describe(finding)}", err=True)
    return typer.Exit(1)


@contextmanager
def _writing(path: Path):
    """Turn a failed write (no such folder, no permission, disk full) into a message and exit code 1."""
    try:
        yield
    except OSError as exc:
        typer.echo(f"error: cannot write {path}: {exc.strerror or exc}", err=True)
        raise typer.Exit(1) from None


def _failed(path: Path, exc: Exception) -> typer.Exit:
    # An engine fault is a bug, but the user still gets a sentence, not a traceback.
    typer.echo(f"{path}: the simulation could not finish: {exc}", err=True)
    return typer.Exit(1)


def _run(path: Path, label: str, run: Callable[[_Progress], T]) -> T:
    """Call ``run`` with a progress bar; a refused or failed simulation becomes a message and exit code 1."""
    bar = _Progress(label)
    try:
        return run(bar)
    except SimulationRefused as exc:
        raise refused(path, exc) from None
    except (SimulationError, ConservationError) as exc:
        raise _failed(path, exc) from None
    finally:
        bar.close()


def print_summary(result: SimulationResult) -> None:
    echo = typer.echo
    echo(f"{result.document} — scenario '{result.scenario}'")
    echo(f"seed {result.seed}, {result.replications} replication(s), {result.horizon_days:g} days;"
         " means with 95% confidence intervals")
    for title, rows in funnel_sections(result):
        echo(f"\n{title}")
        for label, value in rows:
            echo(f"  {label:<32} {value}")
    echo("\nRates")
    for label, value in funnel_rows(result)[len(FUNNEL):]:
        echo(f"  {label:<32} {value}")
    echo(f"\n{reconciliation(result)}")
    rows = weekly_rows(result)
    # Long horizons: a few weeks a line, so the table stays about half a year long.
    group = max(1, -(-len(rows) // MAX_WEEK_LINES))
    if group == 1:
        echo("\nWeekly handoffs to sales: mean [95% CI of the mean] and the expected range for one week"
             " (95% prediction interval: where a single week should land)")
        low, high = result.weekly("sql_handoffs", "low"), result.weekly("sql_handoffs", "high")
        p_low, p_high = result.weekly("sql_handoffs", "pred_low"), result.weekly("sql_handoffs", "pred_high")
    else:
        echo(f"\nWeekly handoffs to sales (mean, {group}-week totals)")
    top = max((sum(r[1] for r in rows[i:i + group]) for i in range(0, len(rows), group)), default=0.0) or 1.0
    for i in range(0, len(rows), group):
        value = sum(r[1] for r in rows[i:i + group])
        label = f"week {i + 1:>3}" if group == 1 else f"weeks {i + 1}-{min(i + group, len(rows))}"
        ranges = ""
        if group == 1:
            ranges = (f" [{number(low[i])}, {number(high[i])}]  range for one week"
                      f" {number(p_low[i])}-{number(p_high[i])}")
        echo(f"  {label:<12} {value:>8.1f}{ranges:<44} {'#' * round(30 * value / top)}")
    breach = estimate(result.sla_breach_rate, percent=True)
    echo(f"\nSLA breach rate: {breach} of handoffs whose first-outreach deadline fell in the horizon")
    print_sales(result)
    echo("\nDays from arrival       p25   median      p90")
    for label, p25, p50, p90 in time_rows(result):
        echo(f"  {label:<18} {p25:>7} {p50:>8} {p90:>8}")
    stalls = result.stall_points()
    echo("\nTop stall points" + ("" if stalls else ": none"))
    for place, count in stalls:
        echo(f"  {result.place(place):<40} {number(count)} leads")


def print_sales(result: SimulationResult) -> None:
    """Every sales figure per queue (means with 95% intervals), then accepted SQLs by response time."""
    names, rows = queue_table(result)
    if not names:
        return
    width = max(24, *(len(cell) + 2 for _, cells in rows for cell in cells), *(len(n) + 2 for n in names))
    typer.echo("\nSales queues (mean [95% interval])")
    typer.echo(f"  {'':<24}" + "".join(f"{n:>{width}}" for n in names))
    for label, cells in rows:
        typer.echo(f"  {label:<24}" + "".join(f"{c:>{width}}" for c in cells))
    typer.echo("\nAccepted SQLs by time to first touch")
    for label, value in band_rows(result):
        typer.echo(f"  {label:<32} {value}")


def print_comparison(comparison: Comparison) -> None:
    names = [r.scenario for r in comparison.results]
    width = max(18, *(len(n) + 2 for n in names))
    typer.echo(f"Compared on seed {comparison.results[0].seed}, {comparison.results[0].replications} paired"
               f" replication(s); differences against '{comparison.baseline}' with 95% intervals\n")
    header = f"{'':<30}" + "".join(f"{n:>{width}}" for n in names)
    typer.echo(header)
    compared = COMPARED + tuple(f for f in SALES_COMPARED if f[0] in comparison.results[0].totals)
    for key, label in compared:
        row = f"{label:<30}" + "".join(f"{number(r.totals[key].mean, is_rate(key)):>{width}}"
                                        for r in comparison.results)
        typer.echo(row)
    queues = list(dict.fromkeys(q for r in comparison.results for q in r.queues))
    if len(queues) > 1:
        for queue in queues:
            for key, label, rate in (("accepted", "accepted", False), ("sla_breach_rate", "SLA breach rate", True),
                                     ("rep_utilisation", "utilisation", True)):
                cells = [queue_means(r, key, rate).get(queue, "-") for r in comparison.results]
                typer.echo(f"{queue + ': ' + label:<30}" + "".join(f"{c:>{width}}" for c in cells))
    for name, diffs in comparison.differences.items():
        typer.echo(f"\n{name} minus {comparison.baseline}")
        for key, label in compared:
            typer.echo(f"  {label:<30} {estimate(diffs[key], is_rate(key), signed=True)}")
    sentences = narrative(comparison)
    if sentences:
        typer.echo("\nIn plain words")
        for lines in sentences.values():
            for line in lines:
                typer.echo(f"  {line}")


def simulate_command(
    file: Path = typer.Argument(..., help="A .nurture.yaml or .json document."),
    scenario: str | None = typer.Option(None, "--scenario", "-s", help="Scenario name (default: the first)."),
    seed: int | None = typer.Option(None, "--seed", min=0, help="Random seed (default: the scenario's)."),
    replications: int | None = typer.Option(None, "--replications", "-r", min=1, max=10_000),
    leads: int | None = typer.Option(None, "--leads", min=1, help="This many leads arrive within the horizon."),
    workers: int = typer.Option(1, "--workers", min=1, help="Processes for replications (same result)."),
    json_out: Path | None = typer.Option(None, "--json", help="Write the result object as JSON here."),
    csv_dir: Path | None = typer.Option(None, "--csv", help="Write totals, daily and node CSV files here."),
) -> None:
    """Simulate one scenario and print the funnel, weekly handoffs, SLA breaches and stall points."""
    document = load_or_exit(file)
    result = _run(file, "Simulating", lambda bar: simulate(
        document, scenario, seed, replications=replications, leads=leads, progress=bar, workers=workers))
    print_summary(result)
    if json_out is not None:
        with _writing(json_out):
            json_out.write_text(result.to_json(), encoding="utf-8")
        typer.echo(f"\nWrote the result to {json_out}")
    if csv_dir is not None:
        with _writing(csv_dir):
            write_csv(result, csv_dir)
        typer.echo(f"Wrote totals.csv, daily.csv and nodes.csv to {csv_dir}")


def compare_command(
    file: Path = typer.Argument(..., help="A .nurture.yaml or .json document."),
    scenarios: list[str] = typer.Option(..., "--scenario", "-s", help="Two or more scenario names."),
    seed: int | None = typer.Option(None, "--seed", min=0),
    replications: int | None = typer.Option(None, "--replications", "-r", min=2, max=10_000),
    leads: int | None = typer.Option(None, "--leads", min=1),
    workers: int = typer.Option(1, "--workers", min=1),
    json_out: Path | None = typer.Option(None, "--json", help="Write the comparison as JSON here."),
) -> None:
    """Compare scenarios side by side on common random numbers, with paired differences."""
    document = load_or_exit(file)
    if len(scenarios) < 2:
        typer.echo("error: name at least two scenarios with --scenario", err=True)
        raise typer.Exit(1)
    comparison = _run(file, "Comparing", lambda bar: compare(
        document, scenarios, seed, replications=replications, leads=leads, progress=bar, workers=workers))
    print_comparison(comparison)
    if json_out is not None:
        with _writing(json_out):
            json_out.write_text(json.dumps(comparison.to_dict(), indent=1, allow_nan=False), encoding="utf-8")


def demo_command(
    file: Path = typer.Argument(..., help="A .nurture.yaml or .json document."),
    out: Path = typer.Option(Path("demo-report"), "--out", "-o", help="Directory for result.json and report.html."),
    replications: int | None = typer.Option(None, "--replications", "-r", min=2, max=10_000),
) -> None:
    """Run every scenario of FILE, write result.json and the forecast report (as `nurture report`) as report.html."""
    document = load_or_exit(file)
    if not document.scenarios:
        typer.echo(f"{file}: the document has no scenarios to run", err=True)
        raise typer.Exit(1)
    comparison = _run(file, "Simulating every scenario", lambda bar: compare(
        document, [s.name for s in document.scenarios], replications=replications, progress=bar))
    with _writing(out):
        out.mkdir(parents=True, exist_ok=True)
        (out / "result.json").write_text(json.dumps({"document": document.name, **comparison.to_dict()},
                                                    indent=1, allow_nan=False), encoding="utf-8")
        (out / "report.html").write_text(render_forecast_report(document, comparison)[0], encoding="utf-8")
    for result in comparison.results:
        typer.echo(f"{result.scenario}: {number(result.totals['sql_handoffs'].mean)} handoffs, SLA breach rate "
                   f"{number(result.sla_breach_rate.mean, percent=True)}")
    typer.echo(f"Wrote {out / 'result.json'}")
    typer.echo(f"Wrote {out / 'report.html'}")


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command("simulate")(simulate_command)
    app.command("compare")(compare_command)
    app.command("demo")(demo_command)
