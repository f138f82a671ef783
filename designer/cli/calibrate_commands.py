"""Calibration commands: ``nurture calibrate`` (a scenario from CRM history) and ``nurture backtest``."""

from __future__ import annotations

import json
import shlex
from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer

from sequences import Document, DocumentError, read_document
from sequences.history import ColumnMapping, HistoryError

from .writing import refuse_if_open, update_document

BAD_INPUT = 2


def _fail(message: str) -> typer.Exit:
    typer.echo(message, err=True)
    return typer.Exit(BAD_INPUT)


def _load(path: Path) -> tuple[Document, Any]:
    try:
        return read_document(path)
    except DocumentError as exc:
        raise _fail(exc.message) from None


def _mapping(path: Path | None) -> ColumnMapping | None:
    if path is None:
        return None
    try:
        return ColumnMapping.load(path)
    except HistoryError as exc:
        raise _fail(exc.message) from None


def _write_json(path: Path, data: dict) -> None:
    try:
        path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    except OSError as exc:
        raise _fail(f"{path}: cannot write ({exc.strerror or exc})") from None


def calibrate_command(
    file: Path = typer.Argument(..., metavar="FILE", help="The document to add the scenario to."),
    leads: Path = typer.Option(..., "--leads", help="Lead-history CSV export (HubSpot or Salesforce)."),
    events: Path | None = typer.Option(None, "--events", help="Engagement-events CSV (opens, clicks, forms...)."),
    scenario: str = typer.Option(..., "--scenario", help="Name of the scenario to create."),
    mapping: Path | None = typer.Option(None, "--mapping", help="Column mapping JSON (see --save-mapping)."),
    base: str | None = typer.Option(None, "--base", help="Scenario to take unestimated settings from "
                                                         "(default: the document's first)."),
    replace: bool = typer.Option(False, "--replace", help="Replace a scenario of the same name."),
    fit_funnel: bool = typer.Option(True, "--fit-funnel/--no-fit-funnel", help="Fit behaviour by role (engagement, "
                                    "hand-raise; the MQL threshold if needed) by simulation so the funnel "
                                    "converts as the history did."),
    fit_timing: bool = typer.Option(True, "--fit-timing/--no-fit-timing", help="With --fit-funnel: also fit the "
                                    "response lags so the time to MQL and to SQL (median, p90) match the history "
                                    "(a few seconds more)."),
    min_cell: int = typer.Option(30, "--min-cell", min=1, help="Smallest sample a rate is estimated from; "
                                                                "thinner cells are pooled and flagged."),
    save_mapping: Path | None = typer.Option(None, "--save-mapping", help="Write the mapping used, to edit."),
    json_out: Path | None = typer.Option(None, "--json", help="Write the full calibration report as JSON."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Print the estimates; do not change FILE."),
    force: bool = typer.Option(False, "--force", help="Write even while FILE is open in a designer window."),
) -> None:
    """Estimate a scenario from CRM lead history and add it to FILE (atomic save, FILE.bak kept).

    FILE is written under its lock, re-read first, so work saved meanwhile by another command is kept.
    Exit code 2 on a file that cannot be used (the message names the file, row and column), 3 while
    another program holds FILE (--force writes anyway).
    """
    from simulation.calibration import add_scenario, calibrate

    if not dry_run:
        refuse_if_open(file, force)
    document, _ = _load(file)
    try:
        if base is not None:
            document.scenario(base)
        if not replace and any(s.name == scenario for s in document.scenarios):
            raise _fail(f"{file}: already has a scenario named {scenario!r}; use --replace or another name")
        result = calibrate(document, leads, events, name=scenario, mapping=_mapping(mapping), base=base,
                           min_n=min_cell, fit_funnel=fit_funnel, fit_timing=fit_timing)
        # Fails here, before the long report, when the name is taken.
        add_scenario(document, result.scenario, replace=replace, sources=result.new_sources)
    except HistoryError as exc:
        raise _fail(exc.message) from None
    except (KeyError, ValueError) as exc:
        raise _fail(f"{file}: {exc.args[0] if exc.args else exc}") from None
    for line in _calibration_lines(result):
        typer.echo(line)
    if save_mapping is not None:
        result.mapping.save(save_mapping)
        typer.echo(f"mapping written to {save_mapping}")
    if json_out is not None:
        _write_json(json_out, result.to_json())
    if dry_run:
        typer.echo(f"dry run: {file} not changed")
        return

    def add_to(fresh: Document) -> Document:
        # The file as it is now: another command may have added its scenario since we read it.
        try:
            return add_scenario(fresh, result.scenario, replace=replace, sources=result.new_sources)
        except ValueError as exc:
            raise _fail(f"{file}: {exc.args[0] if exc.args else exc}; use --replace or another name") from None

    try:
        update_document(file, add_to, force=force, program="nurture calibrate")
    except DocumentError as exc:
        raise _fail(exc.message) from None
    except OSError as exc:
        raise _fail(f"{file}: cannot save ({exc.strerror or exc})") from None
    typer.echo(f"scenario {scenario!r} written to {file} (previous version kept as {file.name}.bak)")
    # The loop the calibration is for: the scenario is worth what it forecasts.
    mapped = f" --mapping {shlex.quote(str(mapping))}" if mapping is not None else ""
    typer.echo(f"how far to trust it: nurture backtest {shlex.quote(str(file))} --leads {shlex.quote(str(leads))}"
               f"{mapped} --rolling --scenario {shlex.quote(scenario)}")


def _calibration_lines(result) -> list[str]:
    counts = result.counts
    lines = [f"history: {counts.leads} leads, {counts.weeks} weeks from {counts.start.date()}", "", "import:"]
    lines += ["  " + line for line in result.lead_report.lines()]
    if result.event_report is not None:
        lines += ["  " + line for line in result.event_report.lines()]
    lines += ["", "privacy:"] + ["  " + line for line in result.privacy.lines()]
    lines += ["", "estimates (value, 95% interval, sample size):"]
    lines += ["  " + est.line() for est in result.estimates]
    from simulation.calibration.behaviour_fit import comparison_lines

    # The team's speed (SLA breaches, time to first touch) is shown with the team below.
    compared = [line for line in comparison_lines(result.estimates) if not line.startswith(("sla.", "first_outreach"))]
    if compared:
        lines += ["", "funnel, observed (95% interval) vs simulated by the scenario (95% interval):"]
        lines += ["  " + line for line in compared]
    from simulation.calibration.handoff_fit import handoff_lines

    lagged = handoff_lines(result.estimates)
    if lagged:
        lines += ["", "handoff lag (sales-ready -> handed to sales: booking the meeting), fitted, 95% intervals:"]
        lines += ["  " + line for line in lagged]
    from simulation.calibration.fade_fit import fade_lines

    faded = fade_lines(result.estimates)
    if faded:
        lines += ["", "interest half-life (a lead's chance to open halves every so many days after it arrives):"]
        lines += ["  " + line for line in faded]
    from simulation.calibration.team_hours import team_lines

    lines += ["", "sales team, written into the scenario, and its speed against the history's (95% intervals):"]
    lines += ["  " + line for line in team_lines(result.scenario, result.estimates, result.flags)]
    from simulation.calibration.acceptance_fit import response_lines

    written = response_lines(result.scenario.acceptance, result.estimates)
    if written:
        lines += ["", "speed to lead, written into the scenario:"] + ["  " + line for line in written]
    if result.pending:
        # Fields of the sales-model and timing issues: estimated and reported, not yet in the scenario.
        lines += ["", "estimated for fields this scenario does not have yet (JSON: pending_fields):"]
        lines += [f"  {key}: {json.dumps(value, separators=(', ', ': '))[:300]}"
                  for key, value in result.pending.items()]
    if result.flags:
        lines += ["", "flags:"] + [f"  - {flag}" for flag in result.flags]
    return lines + [""]


def backtest_command(
    file: Path = typer.Argument(..., metavar="FILE", help="The document holding the scenario."),
    scenario: str | None = typer.Option(None, "--scenario", help="The (calibrated) scenario to test; with "
                                        "--rolling, the scenario to take unestimated settings from."),
    leads: Path = typer.Option(..., "--leads", help="Lead-history CSV with what really happened."),
    rolling: bool = typer.Option(False, "--rolling", help="Rolling origin: calibrate on the weeks before each "
                                 "cut, forecast the next 4, 8 and 12 weeks, score MAPE, WAPE and band coverage, and "
                                 "say how far to trust the calibration (close, usable with care, not close)."),
    cuts: int = typer.Option(4, "--cuts", min=1, max=26, help="With --rolling: how many cuts, 4 weeks apart."),
    mapping: Path | None = typer.Option(None, "--mapping", help="Column mapping JSON."),
    holdout_weeks: int = typer.Option(0, "--holdout-weeks", min=0,
                                      help="Score only the last N weeks (0: the whole history)."),
    arrivals: str = typer.Option("actual", "--arrivals",
                                 help="'actual': feed the observed weekly arrivals; 'scenario': the scenario's."),
    replications: int | None = typer.Option(None, "--replications", min=2,
                                            help="Default: the scenario's replications (at least 2)."),
    seed: int | None = typer.Option(None, "--seed", min=0, help="Default: the scenario's seed."),
    json_out: Path | None = typer.Option(None, "--json", help="Write the backtest result as JSON."),
) -> None:
    """Simulate the historical period with the scenario and compare with what happened.

    Prints weekly MQLs and SQL handoffs (predicted with a 95% interval, and actual), the acceptance and
    SLA breach rates, and the error figures: weekly MAPE and how often the actual fell inside the interval.
    """
    from simulation.calibration.backtest import backtest

    if arrivals not in ("actual", "scenario"):
        raise _fail(f"--arrivals must be 'actual' or 'scenario', not {arrivals!r}")
    document, _ = _load(file)
    if rolling:
        _rolling(file, document, leads, mapping, scenario, cuts, replications, seed, json_out)
        return
    if scenario is None:
        raise _fail("--scenario is required (or use --rolling, which calibrates at every cut)")
    _report(file, f"scenario {scenario!r}: ", json_out,
            lambda: backtest(document, document.scenario(scenario), leads, mapping=_mapping(mapping),
                             holdout_weeks=holdout_weeks, arrivals=arrivals, replications=replications, seed=seed))


def _report(file: Path, where: str, json_out: Path | None, run: Callable[[], Any]) -> None:
    """Run a backtest, word its failures (the history, an unknown scenario, the backtest itself) and print
    its lines, and its JSON when asked."""
    from simulation.calibration.backtest import BacktestError

    try:
        result = run()
    except HistoryError as exc:
        raise _fail(exc.message) from None
    except KeyError as exc:
        raise _fail(f"{file}: {exc.args[0] if exc.args else exc}") from None
    except BacktestError as exc:
        raise _fail(f"{file}: {where}{exc}") from None
    for line in result.lines():
        typer.echo(line)
    if json_out is not None:
        _write_json(json_out, result.to_json())


def _rolling(file: Path, document, leads: Path, mapping: Path | None, base: str | None, cuts: int,
             replications: int | None, seed: int | None, json_out: Path | None) -> None:
    from simulation.calibration.rolling import rolling_backtest

    def run():
        if base is not None:
            document.scenario(base)  # an unknown name is said before any work
        # Each cut is a calibration with its behaviour fit (seconds each): say which is under way, on stderr.
        return rolling_backtest(document, leads, mapping=_mapping(mapping), cuts=cuts, base=base,
                                replications=replications or 20, seed=1 if seed is None else seed,
                                progress=lambda message, *_: typer.echo(f"nurture backtest: {message}…", err=True))

    _report(file, "", json_out, run)


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command("calibrate")(calibrate_command)
    app.command("backtest")(backtest_command)
