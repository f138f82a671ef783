"""Builds a Document from an imported graph: unique ids, placeholder nodes with findings, layout."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, cast

from pydantic import ValidationError

from ..document import Document, Sequence
from ..errors import DocumentError
from ..export_mapping import ExportMappings, TargetMapping
from ..nodes import NODE_CLASSES, Edge, Node
from .layout import layered_layout
from .lint import LintWarning
from .mapping import slug


@dataclass
class ImportResult:
    document: Document
    warnings: list[LintWarning] = field(default_factory=list)


class DocumentBuilder:
    def __init__(self, source: str, file: str):
        self.source = source
        self.file = file
        self.nodes: dict[str, dict[str, Any]] = {}
        self.edges: list[tuple[str, str, str]] = []
        self._ports: set[tuple[str, str]] = set()
        self._next_suffix: dict[str, int] = {}
        self.layout: dict[str, tuple[float, float]] = {}
        self.warnings: list[LintWarning] = []
        self.mapping: dict[str, dict[str, str]] = {"emails": {}, "segments": {}, "properties": {}}

    def new_id(self, hint: str, kind: str) -> str:
        base = slug(hint, kind) if hint else kind
        candidate, n = base, self._next_suffix.get(base, 2)
        while candidate in self.nodes:
            candidate, n = f"{base}_{n}", n + 1
        self._next_suffix[base] = n
        return candidate

    def add(self, kind: str, hint: str = "", **fields: Any) -> str:
        node_id = self.new_id(hint, kind)
        self.nodes[node_id] = {"id": node_id, "kind": kind, **{k: v for k, v in fields.items() if v is not None}}
        return node_id

    def placeholder(self, what: str, place: str, ports: int = 1) -> str:
        """A stand-in for a step this product does not model: a 0-point score (or a two-way wait)."""
        title = f"{self.source}: {what} (not modelled)"[:200]
        self.warn("unknown-step", f"{place}: {what} is not modelled here; imported as a placeholder")
        if ports == 2:
            return self.add("wait", "unknown", title=title, mode="until_event", event="click", days=1)
        return self.add("score", "unknown", title=title, points=0)

    def connect(self, from_id: str, port: str, to_id: str) -> None:
        if (from_id, port) in self._ports:
            return
        self._ports.add((from_id, port))
        self.edges.append((from_id, port, to_id))

    def warn(self, code: str, message: str, node: str | None = None) -> None:
        self.warnings.append(LintWarning("warning", self.source.lower(), code, message, node))

    def build(self, name: str, description: str = "") -> ImportResult:
        nodes = list(self.nodes.values())
        if not nodes:
            raise DocumentError("the file holds no steps to import", file=self.file)
        edges = [Edge.model_validate({"from": f, "port": p, "to": t}) for f, p, t in self.edges]
        roots = [n["id"] for n in nodes if n["kind"] == "entry"]
        layout = dict(self.layout) if len(self.layout) == len(nodes) else layered_layout(
            [n["id"] for n in nodes], [(f, t) for f, _, t in self.edges], roots)
        target = self.source.lower()
        ids = TargetMapping(emails=self.mapping["emails"], segments=self.mapping["segments"],
                            properties=self.mapping["properties"])
        mapping = ExportMappings().model_copy(update={target: ids}) \
            if target in ("hubspot", "mautic", "dittofeed") else ExportMappings()
        try:
            # Each kind's class is one member of the ``Node`` union.
            typed = cast("list[Node]", [NODE_CLASSES[n["kind"]].model_validate(n) for n in nodes])
            document = Document(name=(name or "Imported sequence")[:300], description=description[:10_000],
                                sequence=Sequence(nodes=tuple(typed), edges=tuple(edges)),
                                layout=layout, exports=mapping)
        except ValidationError as exc:
            first = exc.errors(include_url=False)[0]
            where = ".".join(str(p) for p in first["loc"])
            raise DocumentError(f"the imported steps do not form a valid sequence: {first['msg']} ({where})",
                                file=self.file) from None
        return ImportResult(document, self.warnings)
