"""Document commands: validate, new, templates, format and schema. None of them imports Qt."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from assets.examples import list_templates, template_path
from sequences import GENERATOR, Document, DocumentError, dump_document, read_document
from sequences.storage import atomic_write
from sequences.validation import Finding, validate

from .writing import update_document, write_new

LOAD_FAILED = 2


def _load(path: Path) -> tuple[Document, Any]:
    """Reads a document; every failure becomes a DocumentError naming the file, never a traceback."""
    try:
        return read_document(path)
    except DocumentError:
        raise
    except Exception as exc:  # noqa: BLE001 - a loader bug must still reach the user as one clear line
        raise DocumentError(f"could not be read ({type(exc).__name__}: {exc}); please report this",
                            file=str(path)) from None


def format_finding(file: str, finding: Finding) -> str:
    return f"{file}: {finding.severity} {finding.place}: {finding.message}"


def validate_command(
    files: list[Path] = typer.Argument(..., metavar="FILE...", help="Documents to check (.nurture.yaml or .json)."),
    strict: bool = typer.Option(False, "--strict", help="Fail on warnings too, not only on errors."),
) -> None:
    """Check documents and print each finding as `FILE: SEVERITY PLACE: message`.

    Exit code 0 when no file has errors, 1 when one has, 2 when a file cannot be loaded.
    """
    failed = unreadable = False
    for path in files:
        try:
            document, _ = _load(path)
        except DocumentError as exc:
            typer.echo(exc.message, err=True)
            unreadable = True
            continue
        findings = validate(document)
        if not findings:
            typer.echo(f"{path}: no problems found")
        for finding in findings:
            typer.echo(format_finding(str(path), finding))
        failing = ("error", "warning") if strict else ("error",)
        failed = failed or any(f.severity in failing for f in findings)
    if unreadable:
        raise typer.Exit(LOAD_FAILED)
    if failed:
        raise typer.Exit(1)


def new_command(
    out: Path = typer.Argument(..., metavar="OUT", help="The file to create (.nurture.yaml, or .json)."),
    template: str = typer.Option("empty", "--template", "-t", metavar="NAME",
                                 help="Template to start from (see `nurture templates`)."),
    name: str | None = typer.Option(None, "--name", help="Name of the new sequence."),
    force: bool = typer.Option(False, "--force", help="Replace OUT if it exists, even while a window has it open."),
) -> None:
    """Create a new document from a template."""
    try:
        source = template_path(template)
    except KeyError as exc:
        typer.echo(f"nurture new: {exc.args[0]}", err=True)
        raise typer.Exit(LOAD_FAILED) from None
    if name is not None and not 0 < len(name.strip()) <= 300:
        typer.echo("nurture new: --name must be 1 to 300 characters", err=True)
        raise typer.Exit(LOAD_FAILED)
    if out.exists() and not force:
        typer.echo(f"{out}: already exists; use --force to replace it", err=True)
        raise typer.Exit(1)
    try:
        if name is None and out.suffix.lower() != ".json":
            # A byte copy: the comments come along.
            write_new(out, data=source.read_bytes(), force=force, program="nurture new", replace=force)
        else:
            document, tree = _load(source)
            if name is not None:
                document = Document.model_validate({**document.model_dump(by_alias=True), "name": name})
            write_new(out, document, force=force, program="nurture new", template=tree, replace=force)
    except FileExistsError:
        typer.echo(f"{out}: already exists; use --force to replace it", err=True)
        raise typer.Exit(1) from None
    except (OSError, ValueError) as exc:
        typer.echo(f"{out}: cannot write the file: {getattr(exc, 'strerror', None) or exc}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"{out}: created from template '{template}'")


def templates_command() -> None:
    """List the templates `nurture new --template NAME` can start from."""
    templates = list_templates()
    width = max(len(t.name) for t in templates)
    for item in templates:
        typer.echo(f"{item.name.ljust(width)}  {item.title}")


def format_command(
    files: list[Path] = typer.Argument(..., metavar="FILE...", help="Documents to normalise in place."),
    check: bool = typer.Option(False, "--check", help="Only report files that would change (exit 1 if any)."),
    force: bool = typer.Option(False, "--force", help="Write even while a file is open in a designer window."),
) -> None:
    """Normalise documents (key order, spacing, defaults) and save them atomically, keeping comments.

    The previous version is kept beside each file as FILE.bak. Each file is written under its lock
    (exit 3 while another program holds it; --force writes anyway).
    """
    changed = unreadable = False
    for path in files:
        try:
            document, tree = _load(path)
            before = path.read_text(encoding="utf-8-sig")
        except (DocumentError, OSError) as exc:
            typer.echo(exc.message if isinstance(exc, DocumentError) else f"{path}: {exc}", err=True)
            unreadable = True
            continue
        fmt = "json" if path.suffix.lower() == ".json" else "yaml"
        after = dump_document(document.model_copy(update={"generator": GENERATOR}), tree, fmt, normalise=True)
        if after == before:
            typer.echo(f"{path}: already formatted")
            continue
        changed = True
        if check:
            typer.echo(f"{path}: would be reformatted")
            continue
        try:
            # Under the lock on the file as it is now; unchanged work of another writer is kept.
            update_document(path, lambda fresh: fresh, force=force, program="nurture format", normalise=True)
        except DocumentError as exc:
            typer.echo(exc.message, err=True)
            unreadable = True
            continue
        except OSError as exc:
            typer.echo(f"{path}: cannot write the file: {exc.strerror or exc}", err=True)
            unreadable = True
            continue
        typer.echo(f"{path}: formatted")
    if unreadable:
        raise typer.Exit(LOAD_FAILED)
    if check and changed:
        raise typer.Exit(1)


def schema_command(
    out: Path | None = typer.Option(None, "--out", "-o", help="Write the schema to this file instead."),
) -> None:
    """Print the JSON Schema of a document (for editors and other tools)."""
    schema = Document.model_json_schema(by_alias=True)
    schema["title"] = "Nurture Studio document"
    text = json.dumps(schema, indent=2, sort_keys=True) + "\n"
    if out is None:
        typer.echo(text, nl=False)
    else:
        atomic_write(out, text.encode("utf-8"), keep_backup=False)


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command("validate")(validate_command)
    app.command("new")(new_command)
    app.command("templates")(templates_command)
    app.command("format")(format_command)
    app.command("schema")(schema_command)
