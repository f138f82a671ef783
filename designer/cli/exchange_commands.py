"""Export to and import from automation tools: ``nurture export`` and ``nurture import``. No Qt."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from sequences import DocumentError, load_document
from sequences.exchange import export_document, import_file
from sequences.storage import atomic_write

from .writing import write_new

LOAD_FAILED = 2


class Target(StrEnum):
    hubspot = "hubspot"
    mautic = "mautic"
    mautic_export = "mautic-export"
    dittofeed = "dittofeed"
    csv = "csv"
    mermaid = "mermaid"
    blueprint = "blueprint"


class Source(StrEnum):
    hubspot = "hubspot"
    mautic = "mautic"
    dittofeed = "dittofeed"


def export_command(
    file: Path = typer.Argument(..., metavar="FILE", help="The document to export (.nurture.yaml or .json)."),
    to: Target = typer.Option(..., "--to", help="Target tool or format."),
    out: Path = typer.Option(..., "--out", help="Where to write (a .pdf path gives the blueprint as PDF)."),
    force: bool = typer.Option(False, "--force", help="Write even when the lint finds an error."),
) -> None:
    """Export FILE for a tool, printing what the target cannot carry (the capability lint).

    Exit code 0 when written, 1 when a lint error prevents a faithful export (write anyway with --force),
    2 when FILE cannot be loaded or OUT cannot be written.
    """
    try:
        document = load_document(file)
    except DocumentError as exc:
        typer.echo(exc.message, err=True)
        raise typer.Exit(LOAD_FAILED) from None
    result = export_document(document, to.value, pdf=out.suffix.lower() == ".pdf")
    for warning in result.warnings:
        typer.echo(f"{file}: {warning.describe()}", err=True)
    if result.has_errors and not force:
        typer.echo(f"{file}: not written: a faithful {to.value} export is impossible (use --force to write"
                   " it anyway)", err=True)
        raise typer.Exit(1)
    try:
        atomic_write(out, result.data(), keep_backup=False)
    except OSError as exc:
        typer.echo(f"{out}: cannot write: {exc.strerror or exc}", err=True)
        raise typer.Exit(LOAD_FAILED) from None
    typer.echo(f"wrote {out} ({to.value}, {len(result.warnings)} lint warning"
               f"{'' if len(result.warnings) == 1 else 's'})")


def import_command(
    file: Path = typer.Argument(..., metavar="FILE", help="The tool's definition file (JSON)."),
    source: Source = typer.Option(..., "--from", help="Which tool the file comes from."),
    out: Path = typer.Option(..., "--out", help="The document to write (.nurture.yaml or .json)."),
    force: bool = typer.Option(False, "--force", help="Write OUT even while it is open in a designer window."),
) -> None:
    """Import a HubSpot v4 flow, a Mautic campaign (REST body or export file) or a Dittofeed journey.

    Steps this product does not model become placeholder nodes and are listed. Exit code 0 when written,
    2 when FILE cannot be read or is not a definition of that tool, 3 while another program holds OUT.
    """
    try:
        result = import_file(file, source.value)
    except DocumentError as exc:
        typer.echo(exc.message, err=True)
        raise typer.Exit(LOAD_FAILED) from None
    for warning in result.warnings:
        typer.echo(f"{file}: {warning.describe()}", err=True)
    try:
        write_new(out, result.document, force=force, program="nurture import")
    except OSError as exc:
        typer.echo(f"{out}: cannot write: {exc.strerror or exc}", err=True)
        raise typer.Exit(LOAD_FAILED) from None
    nodes = len(result.document.sequence.nodes)
    typer.echo(f"wrote {out} ({nodes} steps from {source.value})")


def register(app: typer.Typer) -> None:
    """Add ``export`` and ``import`` to ``app``."""
    app.command("export")(export_command)
    app.command("import")(import_command)
