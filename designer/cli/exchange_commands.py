"""Export to and import from automation tools: ``nurture export`` and ``nurture import``. No Qt."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from sequences import Document, DocumentError, load_document
from sequences.exchange import export_document, import_file
from sequences.exchange.into import import_into
from sequences.exchange.mautic import with_campaign_uuid
from sequences.locking import holder_of
from sequences.storage import atomic_write

from .writing import update_document, write_new

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

    `mautic-export` writes the ZIP Mautic's campaign import page takes (a .json OUT gives the bare JSON) and,
    the first time, stores the campaign's uuid in FILE so re-imports update the same campaign.

    Exit code 0 when written, 1 when a lint error prevents a faithful export (write anyway with --force),
    2 when FILE cannot be loaded or OUT cannot be written.
    """
    try:
        document = load_document(file)
    except DocumentError as exc:
        typer.echo(exc.message, err=True)
        raise typer.Exit(LOAD_FAILED) from None
    if to is Target.mautic_export:
        document = _store_campaign_uuid(file, document)
    result = export_document(document, to.value, pdf=out.suffix.lower() == ".pdf")
    for warning in result.warnings:
        typer.echo(f"{file}: {warning.describe()}", err=True)
    if result.has_errors and not force:
        typer.echo(f"{file}: not written: a faithful {to.value} export is impossible (use --force to write"
                   " it anyway)", err=True)
        raise typer.Exit(1)
    try:
        # The Mautic export is a ZIP for the import page; a .json OUT gives the JSON inside it.
        data = result.text.encode("utf-8") if out.suffix.lower() == ".json" else result.data()
        atomic_write(out, data, keep_backup=False)
    except OSError as exc:
        typer.echo(f"{out}: cannot write: {exc.strerror or exc}", err=True)
        raise typer.Exit(LOAD_FAILED) from None
    typer.echo(f"wrote {out} ({to.value}, {len(result.warnings)} lint warning"
               f"{'' if len(result.warnings) == 1 else 's'})")


def _store_campaign_uuid(file: Path, document: Document) -> Document:
    """Mautic's import finds the campaign by uuid: store a new one in FILE once, so every later export of
    this document updates the same campaign. A window holding FILE keeps it as it is (the lint warns)."""
    if document.exports.mautic.campaign_uuid or holder_of(file) is not None:
        return document
    try:
        update_document(file, with_campaign_uuid, force=False, program="nurture export")
        stored = load_document(file)
    except (DocumentError, OSError):
        return document
    typer.echo(f"{file}: stored Mautic campaign uuid {stored.exports.mautic.campaign_uuid}"
               " (exports.mautic.campaign_uuid)", err=True)
    return stored


def import_command(
    file: Path = typer.Argument(..., metavar="FILE", help="The tool's definition file (JSON)."),
    source: Source = typer.Option(..., "--from", help="Which tool the file comes from."),
    out: Path | None = typer.Option(None, "--out", help="A new document to write (.nurture.yaml or .json)."),
    into: Path | None = typer.Option(None, "--into", help="An existing document whose sequence the import "
                                     "replaces; its scenarios, scoring and export ids are kept."),
    force: bool = typer.Option(False, "--force", help="Write even while the document is open in a designer window."),
) -> None:
    """Import a HubSpot v4 flow, a Mautic campaign (REST body, export file or its ZIP) or a Dittofeed journey.

    Give --out for a new document or --into for an existing one (scenario references that no longer
    resolve are listed). Steps this product does not model become placeholder nodes and are listed. Exit
    code 0 when written, 2 when FILE cannot be read or is not a definition of that tool, 3 while another
    program holds the document.
    """
    if (out is None) == (into is None):
        typer.echo("give either --out (a new document) or --into (an existing one)", err=True)
        raise typer.Exit(LOAD_FAILED)
    try:
        result = import_file(file, source.value)
    except DocumentError as exc:
        typer.echo(exc.message, err=True)
        raise typer.Exit(LOAD_FAILED) from None
    for warning in result.warnings:
        typer.echo(f"{file}: {warning.describe()}", err=True)
    if into is not None:
        _import_into(into, result.document, source.value, force)
        return
    assert out is not None
    try:
        write_new(out, result.document, force=force, program="nurture import")
    except OSError as exc:
        typer.echo(f"{out}: cannot write: {exc.strerror or exc}", err=True)
        raise typer.Exit(LOAD_FAILED) from None
    nodes = len(result.document.sequence.nodes)
    typer.echo(f"wrote {out} ({nodes} steps from {source.value})")


def _import_into(path: Path, imported: Document, source: str, force: bool) -> None:
    """Replace the sequence of the document at ``path`` under its lock, on a fresh read of it."""
    unresolved: list[str] = []

    def change(document: Document) -> Document:
        merged = import_into(document, imported)
        unresolved.extend(merged.unresolved)
        return merged.document

    try:
        update_document(path, change, force=force, program="nurture import")
    except DocumentError as exc:
        typer.echo(exc.message, err=True)
        raise typer.Exit(LOAD_FAILED) from None
    except OSError as exc:
        typer.echo(f"{path}: cannot write: {exc.strerror or exc}", err=True)
        raise typer.Exit(LOAD_FAILED) from None
    for sentence in unresolved:
        typer.echo(f"{path}: warning: no longer resolves: {sentence}", err=True)
    typer.echo(f"wrote {path} ({len(imported.sequence.nodes)} steps from {source}; scenarios, scoring and export"
               f" ids kept{'' if not unresolved else f'; {len(unresolved)} scenario references to fix'})")


def register(app: typer.Typer) -> None:
    """Add ``export`` and ``import`` to ``app``."""
    app.command("export")(export_command)
    app.command("import")(import_command)
