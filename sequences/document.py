"""The document: a versioned envelope holding audience, scoring, the sequence graph, scenarios and layout."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from pydantic import Field, model_validator

from .audience import Audience
from .base import Model
from .export_mapping import ExportMappings
from .nodes import Edge, Node, NodeBase
from .scenario import Scenario
from .scoring import Scoring
from .sweep import Sweep

if TYPE_CHECKING:
    import networkx as nx

SCHEMA_VERSION = 2
GENERATOR = "nurture-studio 0.1.0"
MAX_NODES = 5_000
T = TypeVar("T", Scenario, Sweep)


class Sequence(Model):
    nodes: tuple[Node, ...] = ()
    edges: tuple[Edge, ...] = ()

    @model_validator(mode="after")
    def _integrity(self) -> Sequence:
        if len(self.nodes) > MAX_NODES:
            raise ValueError(f"{len(self.nodes)} nodes is more than the {MAX_NODES} a sequence may hold")
        ids = [n.id for n in self.nodes]
        seen: set[str] = set()
        for i, node_id in enumerate(ids):
            if node_id in seen:
                raise ValueError(f"node id '{node_id}' is used more than once (nodes[{i}])")
            seen.add(node_id)
        by_id = {n.id: n for n in self.nodes}
        keys: set[tuple[str, str]] = set()
        for i, edge in enumerate(self.edges):
            where = f"edges[{i}] ({edge.from_} -> {edge.to})"
            if edge.from_ not in by_id:
                raise ValueError(f"{where} starts at node '{edge.from_}', which does not exist")
            if edge.to not in by_id:
                raise ValueError(f"{where} goes to node '{edge.to}', which does not exist")
            ports = by_id[edge.from_].ports()
            if edge.port not in ports:
                have = ", ".join(ports) if ports else "none"
                raise ValueError(
                    f"{where} leaves from port '{edge.port}', but node '{edge.from_}' has ports: {have}"
                )
            if edge.key in keys:
                raise ValueError(f"{where}: port '{edge.port}' of '{edge.from_}' already has an edge")
            keys.add(edge.key)
        return self

    def node(self, node_id: str) -> NodeBase:
        for node in self.nodes:
            if node.id == node_id:
                return node
        raise KeyError(node_id)

    def find(self, node_id: str) -> NodeBase | None:
        return next((n for n in self.nodes if n.id == node_id), None)

    def out_edges(self, node_id: str) -> tuple[Edge, ...]:
        return tuple(e for e in self.edges if e.from_ == node_id)

    def graph(self) -> nx.MultiDiGraph:
        """The graph derived from the model (never stored): node attr ``node``, edge attr ``port``."""
        import networkx as nx

        graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
        for node in self.nodes:
            graph.add_node(node.id, node=node)
        for edge in self.edges:
            graph.add_edge(edge.from_, edge.to, key=edge.port, port=edge.port)
        return graph


class Document(Model):
    schema_version: int = SCHEMA_VERSION
    name: str = Field(default="Untitled sequence", min_length=1, max_length=300)
    description: str = ""
    generator: str = GENERATOR
    audience: Audience = Audience()
    scoring: Scoring = Scoring()
    sequence: Sequence = Sequence()
    scenarios: tuple[Scenario, ...] = ()
    sweeps: tuple[Sweep, ...] = ()
    layout: dict[str, tuple[float, float]] = Field(default_factory=dict)
    exports: ExportMappings = ExportMappings()

    @model_validator(mode="after")
    def _unique_scenarios(self) -> Document:
        names = [s.name for s in self.scenarios]
        dup = sorted({n for n in names if names.count(n) > 1})
        if dup:
            raise ValueError(f"scenario name {', '.join(repr(d) for d in dup)} is used more than once")
        sweeps = [s.name for s in self.sweeps]
        if len(set(sweeps)) != len(sweeps):
            raise ValueError("two sweeps have the same name")
        for sweep in self.sweeps:
            if sweep.base_scenario not in names:
                raise ValueError(
                    f"sweep {sweep.name!r} is based on scenario {sweep.base_scenario!r}, which does not exist"
                )
        return self

    def sweep(self, name: str | None = None) -> Sweep:
        """The named sweep, or the first one when no name is given."""
        return _named(self.sweeps, name, "sweep", "the document defines no sweeps")

    def scenario(self, name: str | None = None) -> Scenario:
        """The named scenario, or the first one when no name is given."""
        return _named(self.scenarios, name, "scenario", "the document has no scenarios")


def _named(items: tuple[T, ...], name: str | None, what: str, none: str) -> T:
    """The item called ``name`` (the first when ``name`` is None); a KeyError that lists the names otherwise."""
    if not items:
        raise KeyError(none)
    if name is None:
        return items[0]
    for item in items:
        if item.name == name:
            return item
    known = ", ".join(repr(i.name) for i in items)
    raise KeyError(f"no {what} named {name!r} (the document has {known})")
