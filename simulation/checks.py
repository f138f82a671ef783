"""Why a document or scenario cannot be simulated: validation errors plus the engine's own checks."""

from __future__ import annotations

import networkx as nx

from sequences.document import Document
from sequences.nodes import EntryNode
from sequences.scenario import Scenario
from sequences.validation import Finding, validate

from .capacity import memory_problem
from .compiled import compile_model
from .predicates import UnknownField, compile_all


class SimulationRefused(ValueError):
    """The document or scenario has errors; ``findings`` lists them."""

    def __init__(self, findings: list[Finding]):
        self.findings = findings
        lines = [f"  - {describe(f)}" for f in findings]
        super().__init__("cannot simulate:\n" + "\n".join(lines))


def describe(finding: Finding) -> str:
    where = []
    if finding.scenario:
        where.append(f"scenario '{finding.scenario}'")
    if finding.node:
        where.append(f"node '{finding.node}'")
    place = f" ({', '.join(where)})" if where else ""
    return f"{finding.severity}{place}: {finding.message}"


def problems(document: Document, scenario: Scenario) -> list[Finding]:
    """Every error that stops ``scenario`` from running, the validator's first. A scenario that is not
    the document's own (e.g. one a slider has just changed) is validated in its place."""
    if scenario not in document.scenarios:
        others = tuple(s for s in document.scenarios if s.name != scenario.name)
        document = document.model_copy(update={"scenarios": (*others, scenario)})
    found = [f for f in validate(document)
             if f.severity == "error" and f.scenario in (None, scenario.name)]
    found += _engine_checks(document, scenario)
    memory = memory_problem(scenario)
    if memory is not None and not found:
        found.append(memory)
    return found


def _error(code: str, message: str, scenario: Scenario, node: str | None = None) -> Finding:
    return Finding("error", code, message, node=node, scenario=scenario.name)


def _engine_checks(document: Document, scenario: Scenario) -> list[Finding]:
    out: list[Finding] = []
    seq = document.sequence
    if not scenario.cohort.arrivals or sum(a.total() for a in scenario.cohort.arrivals) <= 0:
        out.append(_error("sim.no_arrivals", "the scenario brings in no leads (add a cohort arrival)", scenario))
    for arrival in scenario.cohort.arrivals:
        node = seq.find(arrival.entry)
        if not isinstance(node, EntryNode):
            what = "is not an entry node" if node is not None else "does not exist"
            out.append(_error("sim.arrival_entry", f"leads arrive at '{arrival.entry}', which {what}", scenario))
    for attribute, weights in scenario.mix.items():
        if weights and sum(max(0.0, w) for w in weights.values()) <= 0:
            out.append(_error("sim.mix_empty", f"the {attribute} mix has no positive weight", scenario))
    team = scenario.sales.team()
    for name, queue in team.items():
        if queue.reps <= 0 or queue.first_touches_per_rep_per_day <= 0 or not queue.working_days:
            whose = "the sales team" if list(team) == ["sales"] else f"the '{name}' team"
            out.append(_error("sim.no_sales", f"{whose} has no capacity (reps, first touches a day and "
                              "working days must all be above zero)", scenario))
        recycle_to = (queue.acceptance or scenario.acceptance).recycle.to
        if recycle_to and seq.find(recycle_to) is None:
            out.append(_error("sim.recycle_to", f"rejected leads are recycled to '{recycle_to}', which does not "
                              "exist", scenario))
    for rule in scenario.sales.routing:
        if rule.queue not in team:
            out.append(_error("sim.routing_queue", f"a routing rule sends leads to queue '{rule.queue}', which is "
                              f"not one of the queues ({', '.join(team)})", scenario))
    graph: nx.DiGraph = nx.DiGraph()
    graph.add_nodes_from(n.id for n in seq.nodes if n.kind != "wait")
    graph.add_edges_from((e.from_, e.to) for e in seq.edges if e.from_ in graph and e.to in graph)
    for cycle in nx.simple_cycles(graph, length_bound=len(graph)):
        out.append(_error("sim.loop_without_wait", "leads would loop forever without waiting: "
                          + " -> ".join([*cycle, cycle[0]]), scenario, node=cycle[0]))
        break
    compiled = compile_model(document, scenario)
    for node in seq.nodes:
        for output in getattr(node, "outputs", ()):
            try:
                compile_all(compiled, getattr(output, "when", ()))
            except UnknownField as exc:
                out.append(_error("sim.condition_field", str(exc), scenario, node=node.id))
    return out
