"""Validation of a document into findings (severity, place, message). Rules are filled in by issue 2."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .document import Document

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Finding:
    severity: Severity
    code: str
    message: str
    node: str | None = None
    scenario: str | None = None


def validate(document: Document) -> list[Finding]:
    """Every finding for the document, errors first, in a stable order."""
    return []


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == "error" for f in findings)
