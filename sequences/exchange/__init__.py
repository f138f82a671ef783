"""Export to and import from the teams' automation tools (HubSpot, Mautic, Dittofeed) and plain formats."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..document import Document
from ..errors import DocumentError
from .blueprint import export_blueprint, export_blueprint_pdf
from .builder import ImportResult
from .csv_schedule import export_csv
from .dittofeed import export_dittofeed
from .dittofeed_import import import_dittofeed
from .hubspot import export_hubspot
from .hubspot_import import import_hubspot
from .lint import TARGET_LABELS, ExportResult, LintWarning, capability_lint
from .mautic import export_mautic, export_mautic_file
from .mautic_import import import_mautic
from .mermaid import export_mermaid

EXPORTERS: dict[str, Callable[[Document], ExportResult]] = {
    "hubspot": export_hubspot, "mautic": export_mautic, "mautic-export": export_mautic_file,
    "dittofeed": export_dittofeed, "csv": export_csv, "mermaid": export_mermaid, "blueprint": export_blueprint,
}
IMPORTERS: dict[str, Callable[[str | Path], ImportResult]] = {
    "hubspot": import_hubspot, "mautic": import_mautic, "dittofeed": import_dittofeed,
}
TARGETS: tuple[str, ...] = tuple(EXPORTERS)
SOURCES: tuple[str, ...] = tuple(IMPORTERS)


def export_document(document: Document, target: str, pdf: bool = False) -> ExportResult:
    """The target's output with its lint; ``pdf`` asks for the blueprint as a PDF."""
    if target not in EXPORTERS:
        raise KeyError(f"unknown export target {target!r}: choose one of {', '.join(TARGETS)}")
    if target == "blueprint" and pdf:
        return export_blueprint_pdf(document)
    return EXPORTERS[target](document)


def import_file(path: str | Path, source: str) -> ImportResult:
    """A Document from a tool's definition file; raises DocumentError naming the file and the place."""
    if source not in IMPORTERS:
        raise KeyError(f"unknown import source {source!r}: choose one of {', '.join(SOURCES)}")
    try:
        return IMPORTERS[source](path)
    except DocumentError:
        raise
    except Exception as exc:  # noqa: BLE001 - an importer bug must still reach the user as one clear line
        raise DocumentError(f"could not be imported as {source} ({type(exc).__name__}: {exc}); please report"
                            " this", file=str(path)) from None


__all__ = [
    "EXPORTERS", "IMPORTERS", "SOURCES", "TARGETS", "TARGET_LABELS", "ExportResult", "ImportResult",
    "LintWarning", "capability_lint", "export_document", "import_file",
]
