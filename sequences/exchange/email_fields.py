"""An email's subject, topic, content type and call to action as text a tool keeps in a description field,
and back; and the lint for tools that have no such field."""

from __future__ import annotations

import re
from typing import Any

from ..nodes import EmailNode

LABELS = (("subject", "Subject"), ("topic", "Topic"), ("content_type", "Content type"), ("cta", "Call to action"))
_LINE = re.compile(r"^(Subject|Topic|Content type|Call to action): (.*)$")
DEFAULTS = {"content_type": "guide", "cta": "read"}


def describe(node: EmailNode) -> str:
    """``Subject: …`` lines for the fields the email sets (defaults are left out)."""
    lines = []
    for field, label in LABELS:
        value = getattr(node, field)
        if value and value != DEFAULTS.get(field):
            lines.append(f"{label}: {' '.join(str(value).split())}")
    return "\n".join(lines)


def parse(text: str) -> dict[str, Any]:
    """The email fields a description written by ``describe`` holds; other lines are ignored."""
    by_label = {label: field for field, label in LABELS}
    found: dict[str, Any] = {}
    for line in str(text or "").splitlines():
        match = _LINE.match(line.strip())
        if match and match.group(2):
            found[by_label[match.group(1)]] = match.group(2)
    return found


def lost(node: EmailNode) -> list[str]:
    """Names of the fields set on ``node`` that a tool without a description field drops."""
    return [label.lower() for field, label in LABELS if getattr(node, field) and
            getattr(node, field) != DEFAULTS.get(field)]
