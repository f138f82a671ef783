"""Lint results of an export (what a target cannot carry or changes) and the capability lint per target."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ..document import Document
from ..nodes import BranchNode, EmailNode, EntryNode, ExitNode, GoalNode, HandoffNode, ScoreNode, SplitNode, WaitNode
from .email_fields import lost
from .index import indexed

Severity = Literal["error", "warning", "info"]
TOOL_TARGETS: tuple[str, ...] = ("hubspot", "mautic", "mautic-export", "dittofeed")
TARGET_LABELS: dict[str, str] = {
    "hubspot": "HubSpot", "mautic": "Mautic", "mautic-export": "Mautic", "dittofeed": "Dittofeed",
    "csv": "CSV schedule", "mermaid": "Mermaid", "blueprint": "Blueprint",
}


@dataclass(frozen=True)
class LintWarning:
    """One thing the target cannot carry (warning), changes (warning/info) or cannot express at all (error)."""

    severity: Severity
    target: str
    code: str
    message: str
    node: str | None = None
    key: str | None = None  # for a missing id: the mapping key to fill (``welcome``, ``entry:guide``)

    @property
    def table(self) -> str | None:
        """Which mapping table a missing id belongs in."""
        if self.key is None:
            return None
        return "segments" if ":" in self.key else "emails"

    def describe(self) -> str:
        where = f" [{self.node}]" if self.node else ""
        return f"{self.severity}: {TARGET_LABELS.get(self.target, self.target)}: {self.message}{where}"


@dataclass
class ExportResult:
    target: str
    text: str
    warnings: list[LintWarning] = field(default_factory=list)
    suffix: str = ".json"
    binary: bytes | None = None  # set for formats that are not text (the PDF blueprint)

    def data(self) -> bytes:
        return self.binary if self.binary is not None else self.text.encode("utf-8")

    @property
    def has_errors(self) -> bool:
        return any(w.severity == "error" for w in self.warnings)


class Lint:
    """Collects warnings for one target while an exporter runs."""

    def __init__(self, target: str):
        self.target = target
        self.items: list[LintWarning] = []
        self._seen: set[LintWarning] = set()

    def add(self, severity: Severity, code: str, message: str, node: str | None = None,
            key: str | None = None) -> None:
        item = LintWarning(severity, self.target, code, message, node, key)
        if item not in self._seen:
            self._seen.add(item)
            self.items.append(item)

    def warn(self, code: str, message: str, node: str | None = None) -> None:
        self.add("warning", code, message, node)

    def error(self, code: str, message: str, node: str | None = None) -> None:
        self.add("error", code, message, node)

    def missing_id(self, kind: str, key: str, node: str | None, refused: bool = False, why: str = "") -> None:
        """A missing id the tool refuses (or cannot run) is an error; one it accepts changes behaviour."""
        label = TARGET_LABELS[self.target]
        table = "emails" if ":" not in key else "segments"
        why = why or (f"{label} refuses the definition without it" if refused else "")
        self.add("error" if refused else "warning", "missing-id", f"no {label} {kind} id for '{key}'"
                 f"{': ' + why if why else ''}; set exports.{_key(self.target)}.{table}['{key}']", node, key)

    def sorted(self) -> list[LintWarning]:
        order = {"error": 0, "warning": 1, "info": 2}
        return sorted(self.items, key=lambda w: order[w.severity])


def required_ids(document: Document, export) -> list[LintWarning]:
    """Every asset id the target needs (mapped or not): the missing-id warnings of an export with no ids."""
    from ..export_mapping import ExportMappings

    bare = document.model_copy(update={"exports": ExportMappings()})
    return [w for w in export(bare).warnings if w.code == "missing-id"]


def _key(target: str) -> str:
    return "mautic" if target.startswith("mautic") else target


def capability_lint(document: Document, target: str) -> Lint:
    """What the target cannot carry or changes, before any output is written."""
    lint = Lint(target)
    if target not in TOOL_TARGETS:
        return lint
    label = TARGET_LABELS[target]
    nodes = document.sequence.nodes
    entries = [n for n in nodes if isinstance(n, EntryNode)]
    if not entries:
        lint.error("no-entry", f"{label} needs a start: the sequence has no entry node")
    first_steps = {tuple(sorted(e.to for e in indexed(document).out_edges(n.id))) for n in entries}
    if target == "hubspot" and len(first_steps) > 1:
        lint.warn("entry-router", "a HubSpot workflow has one start action: it starts with a branch on the"
                  " contact's most recent conversion (recent_conversion_event_name) that sends each entry's"
                  " leads to its own first step; map each entry to its form (entry:<id>)")
    if document.scenarios:
        names = ", ".join(s.name for s in document.scenarios)
        lint.warn("scenarios", f"{label} gets the sequence only: the {len(document.scenarios)} scenario"
                  f"{'s' if len(document.scenarios) != 1 else ''} ({names}), the scoring weights and the"
                  " thresholds stay in this document (import with --into it to keep them)")
    for node in nodes:
        _node_lint(lint, label, node)
        if isinstance(node, EmailNode) and target in ("hubspot", "dittofeed") and lost(node):
            where = "the HubSpot email" if target == "hubspot" else "the Dittofeed template"
            lint.warn("email-fields", f"{', '.join(lost(node))} are not carried ({label} keeps them in {where},"
                      " not in the workflow): a re-import leaves them empty", node.id)
    return lint


def _node_lint(lint: Lint, label: str, node) -> None:  # noqa: C901 - one table of cases
    target = lint.target
    if isinstance(node, EmailNode) and node.variants:
        roles = ", ".join(v.role for v in node.variants)
        lint.warn("variants", f"per-role variants ({roles}) are not carried: the base email is sent to every"
                  " role; build the variants as smart/dynamic content in the email", node.id)
    if isinstance(node, WaitNode):
        if node.days > 3650:
            lint.error("wait-too-long", f"a wait of {node.days:g} days is longer than any tool allows (10 years)",
                       node.id)
        if node.mode == "business_days":
            lint.warn("business-days", f"waits are in calendar days: {node.days:g} business days become"
                      f" {_calendar(node.days):g} calendar days", node.id)
        if node.mode == "until_event" and target == "hubspot":
            which = "a submission of any form (map wait:<id> to a form to narrow it)" \
                if node.event == "hand_raise" else f"a {node.event} of any marketing email, not only the one before"
            lint.warn("wait-event", f"wait for a {node.event} becomes HubSpot's delay until an event (0-29, at most"
                      f" {node.days:g} days) and a branch on whether it happened; it counts {which}", node.id)
        if node.mode == "until_event" and target == "dittofeed":
            lint.warn("wait-event", f"wait for a {node.event} becomes a wait for a segment of leads who did it"
                      f" (wait:{node.id}); the journey does not say which event, so a re-import reads a click",
                      node.id)
    if isinstance(node, BranchNode):
        if target.startswith("mautic") and len(node.outputs) > 2:
            lint.warn("n-way", f"the {len(node.outputs)}-way branch becomes a chain of yes/no conditions",
                      node.id)
        if target == "dittofeed":
            lint.warn("branch-segments", "each branch output becomes a segment split: its conditions must"
                      " be a Dittofeed segment", node.id)
    if isinstance(node, SplitNode):
        if target.startswith("mautic"):
            lint.warn("ab-split", "A/B split not supported, exported as a condition on a random"
                      " field (nurture_random, 0-99)", node.id)
        if target == "hubspot":
            lint.warn("ab-split", "A/B split exported as a branch on property nurture_ab_bucket: fill it"
                      " randomly with the shares " + ", ".join(f"{o.label} {o.percent:g}%" for o in node.outputs),
                      node.id)
    if isinstance(node, ScoreNode):
        if target == "dittofeed":
            lint.warn("score-segment", f"score change becomes a segment ({node.points:+g} {node.score}"
                      " is dropped from the journey; express it in the threshold segments)", node.id)
        if target == "hubspot":
            lint.warn("score-property", f"score change {node.points:+g} becomes an increment of the number"
                      f" property nurture_{node.score}_adjustment (HubSpot's own score cannot be set by a"
                      " workflow): add that property to the HubSpot score", node.id)
        if target.startswith("mautic") and node.score == "fit":
            lint.warn("score-fit", "Mautic has one points total: the fit change is added to it", node.id)
    if isinstance(node, HandoffNode) and target != "hubspot" and node.sla_hours is not None:
        how = "a webhook message" if target == "dittofeed" else "an email to the sales user"
        lint.warn("sla", f"the handoff becomes {how}; the {node.sla_hours:g}-hour SLA is not enforced", node.id)
    if isinstance(node, GoalNode | ExitNode) and target == "dittofeed":
        lint.warn("exit", f"{node.kind} '{node.label()}' becomes the journey's single exit", node.id)


def _calendar(business_days: float) -> float:
    return round(business_days * 7 / 5, 2)
