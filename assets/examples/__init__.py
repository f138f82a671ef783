"""Example documents that double as the templates behind ``nurture new`` and "New from template"."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Template:
    name: str
    title: str
    path: Path


# Listed in the order a menu shows them: the blank start first, then the worked examples.
_TEMPLATES: tuple[tuple[str, str, str], ...] = (
    ("empty", "Empty sequence (an entry and an exit)", "empty.nurture.yaml"),
    ("patient-engagement", "Patient-engagement guide and EHR webinar follow-up", "patient_engagement.nurture.yaml"),
    ("billing-demo", "Billing and coding demo-request follow-up", "billing_demo.nurture.yaml"),
    ("multi-location-scheduling", "Multi-location scheduling webinar nurture",
     "multi_location_scheduling.nurture.yaml"),
)


def list_templates() -> list[Template]:
    return [Template(name, title, HERE / file) for name, title, file in _TEMPLATES]


def template_path(name: str) -> Path:
    """The file of the named template; a KeyError lists the names there are."""
    for template in list_templates():
        if template.name == name:
            return template.path
    known = ", ".join(t.name for t in list_templates())
    raise KeyError(f"no template named {name!r} (templates: {known})")


def example_paths() -> list[Path]:
    """Every example document shipped with the product (the templates that are not blank)."""
    return [t.path for t in list_templates() if t.name != "empty"]
