"""Import a Dittofeed journey definition (or a journey resource holding one) into a Document."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .builder import DocumentBuilder, ImportResult
from .reader import Reader, as_dict, read_json

EXIT = "ExitNode"
_CHAIN = re.compile(r"^(.*) \[([A-Za-z_][A-Za-z0-9_.-]*)(?:/([A-Za-z_][A-Za-z0-9_.-]*))?\]$")
_SLA = re.compile(r"\(SLA ([0-9.]+) h\)")
_ROUND = re.compile(r"^(.*)__round[0-9]+$")


def import_dittofeed(path: str | Path) -> ImportResult:
    return import_dittofeed_data(read_json(path), str(path))


def import_dittofeed_data(data: Any, file: str) -> ImportResult:
    r = Reader(file)
    if isinstance(data, list):  # our export of a document with several entries: one journey per entry
        journeys = [r.obj(item, f"[{i}]") for i, item in enumerate(data)]
        if not journeys:
            raise r.fail("the list holds no journeys", "")
        definitions = [(r.obj(j.get("definition"), f"[{i}].definition"), f"[{i}].definition.")
                       for i, j in enumerate(journeys)]
        name = r.text(journeys[0].get("name"), "[0].name", "Imported Dittofeed journeys").split(" (")[0]
        return _Importer(r, definitions).run(name)
    root = r.obj(data, "")
    name = "Imported Dittofeed journey"
    if "definition" in root and "entryNode" not in root:
        name = r.text(root.get("name"), "name", name)
        root, prefix = r.obj(root["definition"], "definition"), "definition."
    else:
        prefix = ""
    if "entryNode" not in root:
        raise r.fail("this is not a Dittofeed journey definition: there is no 'entryNode'", "")
    return _Importer(r, [(root, prefix)]).run(name)


class _Importer:
    def __init__(self, r: Reader, definitions: list[tuple[dict, str]]):
        self.r, self.definitions = r, definitions
        self.b = DocumentBuilder("Dittofeed", r.file)
        self.raw: dict[str, tuple[str, dict]] = {}
        self.node_of: dict[str, str] = {}
        self.exit: str | None = None
        self.chain_of: dict[str, list[str]] = {}
        self.alias: dict[str, str] = {}  # a loop's later rounds (<id>__roundN) -> the step itself

    def run(self, name: str) -> ImportResult:
        for definition, prefix in self.definitions:
            self.read_nodes(definition, prefix)
        for node_id in list(self.raw):
            match = _ROUND.match(node_id)
            if match and match.group(1) in self.raw:
                self.alias[node_id] = match.group(1)
                del self.raw[node_id]
        if self.alias:
            self.b.warn("rounds", f"{len(self.alias)} steps named '<id>__roundN' are later rounds of a loop"
                        " written out for Dittofeed: they are imported as the loop itself")
        self.find_chains()
        for node_id, (where, node) in self.raw.items():
            if node_id not in self.node_of:
                self.node_of[node_id] = self.make(node_id, where, node)
        for node_id, (where, node) in self.raw.items():
            if self.chain_of.get(node_id) is not None or node_id not in self.member_heads:
                self.connect(node_id, where, node)
        for definition, prefix in self.definitions:
            self.entry(definition, prefix)
        return self.b.build(name)

    def read_nodes(self, definition: dict, prefix: str) -> None:
        seen: set[str] = set()
        for i, raw in enumerate(self.r.arr(definition.get("nodes", []), f"{prefix}nodes")):
            where = f"{prefix}nodes[{i}]"
            node = self.r.obj(raw, where)
            node_id = self.r.key(node.get("id"), f"{where}.id")
            if node_id in seen or node_id == EXIT:
                raise self.r.fail(f"node id '{node_id}' is used more than once", f"{where}.id")
            seen.add(node_id)
            if "variant" in node:
                self.r.obj(node["variant"], f"{where} ('{node_id}').variant")
            if node_id in self.raw and self.raw[node_id][1] != node:
                raise self.r.fail(f"node id '{node_id}' is a different step in another journey", f"{where}.id")
            self.raw.setdefault(node_id, (f"{where} ('{node_id}')", node))
        self.r.obj(definition.get("exitNode", {"type": EXIT}), f"{prefix}exitNode")

    def find_chains(self) -> None:
        """Splits named 'Title [label]' whose false child is the next of the same title form one branch."""
        self.member_heads: set[str] = set()  # every split: heads are connected, chain tails are not
        splits = {i: n for i, (_, n) in self.raw.items() if n.get("type") == "SegmentSplitNode"}
        tails: set[str] = set()
        for node in splits.values():
            prefix, nxt = _prefix(node), _variant(node).get("falseChild")
            if prefix and isinstance(nxt, str) and nxt in splits and _prefix(splits[nxt]) == prefix:
                tails.add(nxt)
        for node_id, node in splits.items():
            self.member_heads.add(node_id)
            if node_id in tails:
                continue
            chain = [node_id]
            while _prefix(node):
                nxt = _variant(splits[chain[-1]]).get("falseChild")
                if not (isinstance(nxt, str) and nxt in tails and nxt not in chain
                        and _prefix(splits[nxt]) == _prefix(node)):
                    break
                chain.append(nxt)
            self.chain_of[node_id] = chain

    def ref(self, value: Any, where: str) -> str | None:
        target = self.r.key(value, where)
        target = self.alias.get(target, target)
        if target == EXIT:
            if self.exit is None:
                self.exit = self.b.add("exit", "exit", title="Exit", reason="completed")
            return self.exit
        if target not in self.raw:
            raise self.r.fail(f"refers to node '{target}', which does not exist", where)
        return self.node_of[target]

    def make(self, node_id: str, where: str, node: dict) -> str:  # noqa: C901 - one case per node type
        kind = node.get("type")
        title = self.r.text(node.get("name"), f"{where}.name") or None
        variant = as_dict(node.get("variant"))
        if kind == "MessageNode":
            channel = variant.get("type")
            template = variant.get("templateId")
            if channel == "Email":
                new = self.b.add("email", node_id, title=title)
            elif channel == "Webhook" and (title or "").startswith("Handoff"):
                sla = _SLA.search(title or "")
                new = self.b.add("handoff", node_id, title=_SLA.sub("", title or "").removeprefix("Handoff: ")
                                 .strip() or None, sla_hours=float(sla.group(1)) if sla else None)
            else:
                return self.b.placeholder(f"{channel or 'unknown'} message", where)
            if template:
                self.b.mapping["emails"][new] = str(template)
            return new
        if kind == "DelayNode":
            if variant.get("type") != "Second":
                new = self.b.add("wait", node_id, days=1, title=f"Dittofeed: delay by {variant.get('type')}"
                                 " (not modelled)")
                self.b.warn("unknown-step", f"{where}: a {variant.get('type')} delay is imported as 1 day")
                return new
            seconds = self.r.number(variant.get("seconds"), f"{where}.variant.seconds")
            return self.b.add("wait", node_id, days=round(seconds / 86400, 4), title=title)
        if kind == "WaitForNode":
            seconds = self.r.number(node.get("timeoutSeconds"), f"{where}.timeoutSeconds")
            new = self.b.add("wait", node_id, mode="until_event", event="click", days=round(seconds / 86400, 4),
                             title=title)
            children = self.r.arr(node.get("segmentChildren", []), f"{where}.segmentChildren")
            segment = children[0].get("segmentId") if children and isinstance(children[0], dict) else None
            if segment:
                self.b.mapping["segments"][f"wait:{new}"] = str(segment)
            self.b.warn("wait-segment", f"{where}: waits for leads to enter segment '{segment or '?'}'; imported"
                        " as a wait for a click (set the event the segment stands for)", new)
            return new
        if kind == "RandomCohortNode":
            children = self.r.arr(node.get("children", []), f"{where}.children")
            outs: list[dict[str, Any]] = []
            for i, raw in enumerate(children):
                child = self.r.obj(raw, f"{where}.children[{i}]")
                label = re.sub(r"[^A-Za-z0-9_]+", "_", str(child.get("name") or f"cohort_{i + 1}")).strip("_")
                label = label if re.match(r"[A-Za-z_]", label or "") else f"cohort_{i + 1}"
                if any(o["label"] == label for o in outs):
                    label = f"{label}_{i + 1}"
                outs.append({"label": label, "percent": self.r.number(child.get("percent"),
                                                                      f"{where}.children[{i}].percent")})
            return self.b.add("split", node_id, title=title, outputs=outs or [{"label": "a", "percent": 100}])
        if kind == "SegmentSplitNode":
            chain = self.chain_of.get(node_id, [node_id])
            heads = [self.raw[c][1] for c in chain]
            labels = [(_chain(h).group(2) if _prefix(h) else "in_segment") for h in heads]
            last = _chain(heads[-1]).group(3) if _prefix(heads[-1]) else "else"
            outs = [{"label": lab, "when": [{"field": "segment", "op": "eq",
                                             "value": str(_variant(h).get("segment"))}]}
                    for lab, h in zip(labels, heads, strict=True)]
            outs.append({"label": last or "else"} if (last or "else") == "else" else {"label": last, "when": []})
            new = self.b.add("branch", _prefix(heads[0]) or node_id, title=_prefix(heads[0]) or title,
                             outputs=outs)
            for c, lab, h in zip(chain, labels, heads, strict=True):
                self.node_of[c] = new
                segment = _variant(h).get("segment")
                if segment:
                    self.b.mapping["segments"][f"branch:{new}:{lab}"] = str(segment)
            return new
        return self.b.placeholder(f"node type {kind}", where)

    def connect(self, node_id: str, where: str, node: dict) -> None:
        new = self.node_of[node_id]
        kind = self.b.nodes[new]["kind"]
        if node.get("type") == "SegmentSplitNode":
            chain = self.chain_of.get(node_id, [node_id])
            outs = self.b.nodes[new]["outputs"]
            for out, member in zip(outs, chain, strict=False):
                mwhere, mnode = self.raw[member]
                self._edge(new, out["label"], _variant(mnode).get("trueChild"),
                           f"{mwhere}.variant.trueChild")
            mwhere, mnode = self.raw[chain[-1]]
            self._edge(new, outs[-1]["label"], _variant(mnode).get("falseChild"),
                       f"{mwhere}.variant.falseChild")
        elif node.get("type") == "WaitForNode":
            children = self.r.arr(node.get("segmentChildren", []), f"{where}.segmentChildren")
            if len(children) > 1:
                self.b.warn("segments", f"{where}: only the first of {len(children)} segments is waited for")
            if children:
                self._edge(new, "event", self.r.obj(children[0], f"{where}.segmentChildren[0]").get("id"),
                           f"{where}.segmentChildren[0].id")
            self._edge(new, "timeout", node.get("timeoutChild"), f"{where}.timeoutChild")
        elif node.get("type") == "RandomCohortNode" and kind == "split":
            for out, raw in zip(self.b.nodes[new]["outputs"], node.get("children", []), strict=False):
                self._edge(new, out["label"], raw.get("id") if isinstance(raw, dict) else None,
                           f"{where}.children")
        elif "child" in node and kind not in ("goal", "exit"):
            port = "event" if self.b.nodes[new].get("mode") == "until_event" else "next"
            self._edge(new, port, node.get("child"), f"{where}.child")

    def _edge(self, new: str, port: str, value: Any, where: str) -> None:
        target = self.ref(value, where)
        if target is not None:
            self.b.connect(new, port, target)

    def entry(self, definition: dict, prefix: str) -> None:
        where = f"{prefix}entryNode"
        node = self.r.obj(definition["entryNode"], where)
        event = node.get("type") == "EventEntryNode"
        name = self.r.text(node.get("event"), f"{where}.event") if event else ""
        new = self.b.add("entry", "entry", trigger="form" if event else "lead_magnet",
                         title=f"Event {name}" if event else "Segment entry")
        if event and name:
            # An event name is not a segment id: it is kept under its own key and written back as an event
            # entry, so nothing is lost (the entry's title names the event).
            self.b.mapping["segments"][f"event:{new}"] = name
        elif node.get("segment"):
            self.b.mapping["segments"][f"entry:{new}"] = str(node["segment"])
        self._edge(new, "next", node.get("child"), f"{where}.child")


def _variant(node: dict) -> dict:
    return node["variant"] if isinstance(node.get("variant"), dict) else {}


def _chain(node: dict) -> re.Match[str]:
    """The parts of the name of a node known to be in a chain (``_prefix`` found one)."""
    match = _CHAIN.match(str(node.get("name")))
    if match is None:
        raise ValueError(f"{node.get('name')!r} is not the name of a chained split")
    return match


def _prefix(node: dict) -> str | None:
    match = _CHAIN.match(str(node.get("name") or ""))
    return match.group(1) if match else None
