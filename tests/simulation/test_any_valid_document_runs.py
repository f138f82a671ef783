"""Any document that passes validation runs: ``simulate`` returns a result, never a traceback."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from simulation import simulate
from simulation.checks import problems

from .sim_docs import document, scenario

ROLES = ["clinical_leadership", "it", "operations"]
TOPICS = ["roi", "integration", "security"]
small = st.floats(0.01, 60, allow_nan=False)


@st.composite
def _step(draw, index: int) -> dict[str, Any]:
    node_id = f"n{index}"
    kind = draw(st.sampled_from(["email", "wait", "wait_bd", "wait_event", "score", "split", "branch"]))
    if kind == "email":
        return {"id": node_id, "kind": "email", "topic": draw(st.sampled_from(TOPICS))}
    if kind == "wait":
        return {"id": node_id, "kind": "wait", "days": draw(small)}
    if kind == "wait_bd":
        return {"id": node_id, "kind": "wait", "mode": "business_days",
                "days": draw(st.integers(1, 30) | small)}
    if kind == "wait_event":
        return {"id": node_id, "kind": "wait", "mode": "until_event", "days": draw(small),
                "event": draw(st.sampled_from(["open", "click", "hand_raise"]))}
    if kind == "score":
        return {"id": node_id, "kind": "score", "points": draw(st.floats(-50, 50))}
    if kind == "split":
        a = draw(st.integers(0, 100))
        return {"id": node_id, "kind": "split", "outputs": [{"label": "a", "percent": a},
                                                           {"label": "b", "percent": 100 - a}]}
    return {"id": node_id, "kind": "branch", "outputs": [
        {"label": "pick", "when": [{"field": "role", "op": "eq", "value": draw(st.sampled_from(ROLES))}]},
        {"label": "else"}]}


def _ports(node: dict[str, Any]) -> list[str]:
    if node["kind"] in ("split", "branch"):
        return [o["label"] for o in node["outputs"]]
    if node.get("mode") == "until_event":
        return ["event", "timeout"]
    return ["next"]


@st.composite
def valid_documents(draw):
    steps = [draw(_step(i)) for i in range(draw(st.integers(0, 6)))]
    last = draw(st.sampled_from(["handoff", "exit", "goal"]))
    nodes = [{"id": "start", "kind": "entry"}, *steps, {"id": "end", "kind": last}, {"id": "out", "kind": "exit"}]
    edges = [{"from": "start", "to": nodes[1]["id"]}]
    for i, node in enumerate(steps, start=1):
        for n, port in enumerate(_ports(node)):
            # The first port goes on down the spine; the others jump ahead or leave.
            target = nodes[i + 1]["id"] if n == 0 else draw(st.sampled_from([x["id"] for x in nodes[i + 1:]]))
            edges.append({"from": node["id"], "port": port, "to": target})
    weekly = draw(st.booleans())
    arrival = ({"entry": "start", "leads_per_week": draw(st.floats(0.5, 400)), "weeks": draw(st.floats(0.1, 60)),
                "start_day": draw(st.floats(0, 30))} if weekly
               else {"entry": "start", "leads": draw(st.integers(1, 1500)), "start_day": draw(st.floats(0, 30))})
    start = draw(st.floats(0, 20))
    recycle = draw(st.booleans())
    weights = [draw(st.floats(0.01, 1)) for _ in ROLES]
    sc = scenario(
        cohort={"arrivals": [arrival]},
        mix={"role": {r: w / sum(weights) for r, w in zip(ROLES, weights, strict=True)}},
        behaviour={"default": {k: draw(st.floats(0, 1)) for k in ("open", "click_given_open", "hand_raise",
                                                                     "unsubscribe")}},
        sales={"reps": draw(st.integers(1, 20)), "first_touches_per_rep_per_day": draw(st.floats(0.5, 60)),
               "working_days": draw(st.lists(st.sampled_from(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]),
                                             min_size=1, max_size=7, unique=True)),
               "working_hours": {"start": start, "end": draw(st.floats(start + 0.5, 24))}},
        sla={"first_outreach_hours": draw(st.floats(0.1, 500)), "status_update_hours": draw(st.floats(0.1, 500))},
        acceptance={"after_rejection": "recycle" if recycle else "disqualify",
                    **({"recycle_to": draw(st.sampled_from([n["id"] for n in nodes[1:-2]] or ["end"]))}
                       if recycle else {})},
        stall={"days_without_progress": draw(st.floats(0.1, 100)), "queue_days": draw(st.floats(0.1, 30))},
        horizon_days=draw(st.floats(1, 400)), replications=draw(st.integers(1, 2)), seed=draw(st.integers(0, 99)))
    mql = draw(st.floats(0, 100))
    scoring = {"intent": [{"event": "click", "points": draw(st.floats(0, 40))},
                          {"event": "hand_raise", "points": draw(st.floats(0, 60))}],
               "decay_half_life_days": draw(st.floats(0.5, 90)),
               "mql": {"total": mql}, "sql": {"total": mql + draw(st.floats(0, 100)),
                                             "require_hand_raise": draw(st.booleans())}}
    return document(nodes, edges, [sc], scoring=scoring)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(doc=valid_documents())
def test_every_document_that_passes_validation_simulates(doc):
    assume(not problems(doc, doc.scenarios[0]))
    result = simulate(doc)
    totals = result.totals
    assert totals["arrived"].mean >= 0
    assert result.replications == doc.scenarios[0].replications
