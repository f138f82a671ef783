"""Scoring and scenario rules: each with a document that triggers it and a near miss that does not."""

from __future__ import annotations

import pytest

from tests.sequences.doc_builders import base, codes, findings, rule_case, scenario


def _edit(path: str, value):
    """Sets ``scenarios.0.sales.reps``-style paths (digits index lists)."""
    def edit(d):
        *parents, last = path.split(".")
        target = d
        for part in parents:
            target = target[int(part)] if part.isdigit() else target.setdefault(part, {})
        if value is _DELETE:
            target.pop(last)
        else:
            target[int(last) if last.isdigit() else last] = value
    return edit


_DELETE = object()
S = "scenarios.0"


def _two_thresholds(mql, sql):
    return _edit(f"{S}.thresholds", {"mql": {"total": mql}, "sql": {"total": sql}})


def _no_roles_and_no_references(d):
    d["audience"]["roles"] = []
    d["scoring"]["fit"] = []
    scenario(d)["mix"] = {}
    scenario(d)["behaviour"] = {}
    d["sequence"]["nodes"][3]["outputs"] = [{"label": "ops", "when": [{"field": "total", "op": "gt", "value": 1}]},
                                            {"label": "else"}]


def _only_roles(roles):
    def edit(d):
        _no_roles_and_no_references(d)
        d["audience"]["roles"] = roles
    return edit


RULES = [
    ("sql-below-mql", _edit("scoring.sql.total", 30), _edit("scoring.sql.total", 40), None),
    ("sql-below-mql", _two_thresholds(60, 50), _two_thresholds(50, 60), "today"),
    ("mql-fit-unreachable", _edit("scoring.mql.fit_min", 21), _edit("scoring.mql.fit_min", 20), None),
    ("no-scenarios", _edit("scenarios", []), _edit(f"{S}.name", "other"), None),
    ("no-arrivals", _edit(f"{S}.cohort.arrivals", []), _edit(f"{S}.cohort.arrivals", [{"entry": "start", "leads": 5}]),
     "today"),
    ("arrival-unknown-node", _edit(f"{S}.cohort.arrivals.0.entry", "nowhere"),
     _edit(f"{S}.cohort.arrivals.0.entry", "start"), "today"),
    ("arrival-not-entry", _edit(f"{S}.cohort.arrivals.0.entry", "welcome"),
     _edit(f"{S}.cohort.arrivals.0.start_day", 10), "today"),
    ("arrival-after-horizon", _edit(f"{S}.cohort.arrivals.0.start_day", 180),
     _edit(f"{S}.cohort.arrivals.0.start_day", 179), "today"),
    ("no-leads", _edit(f"{S}.cohort.arrivals.0.leads_per_week", 0),
     _edit(f"{S}.cohort.arrivals.0.leads_per_week", 0.5), "today"),
    ("unknown-segment", _edit(f"{S}.mix.region", {"east": 1}), _edit(f"{S}.mix.facility_size", {"small": 1}),
     "today"),
    ("unknown-segment", _edit(f"{S}.mix.care_setting", {"spa": 1}), _edit(f"{S}.mix.care_setting", {"payer": 1}),
     "today"),
    ("unknown-role", _edit(f"{S}.mix.role", {"operations": 0.5, "nurse": 0.5}),
     _edit(f"{S}.mix.role", {"operations": 0.5, "executive": 0.5}), "today"),
    ("unknown-source", _edit(f"{S}.mix.source", {"radio": 1}), _edit(f"{S}.mix.source", {"paid": 1}), "today"),
    ("unknown-offer", _edit(f"{S}.mix.offer", {"ebook": 1}), _edit(f"{S}.mix.offer", {"guide": 1}), "today"),
    ("mix-not-1", _edit(f"{S}.mix.role", {"operations": 0.6, "it": 0.3}),
     _edit(f"{S}.mix.role", {"operations": 0.7, "it": 0.2, "executive": 0.1}), "today"),
    ("mix-negative", _edit(f"{S}.mix.role", {"operations": 1.2, "it": -0.2}),
     _edit(f"{S}.mix.role", {"operations": 1.0, "it": 0.0}), "today"),
    ("unknown-role", _edit(f"{S}.behaviour.overrides.0.role", "nurse"),
     _edit(f"{S}.behaviour.overrides.0.role", "it"), "today"),
    ("unknown-topic", _edit(f"{S}.behaviour.overrides.0.topic", "golf"),
     _edit(f"{S}.behaviour.overrides.0.topic", "roi"), "today"),
    ("override-for-everyone", _edit(f"{S}.behaviour.overrides.0.role", _DELETE),
     _edit(f"{S}.behaviour.overrides.0.topic", "roi"), "today"),
    ("override-duplicate",
     _edit(f"{S}.behaviour.overrides", [{"role": "it", "open": 0.1}, {"role": "it", "open": 0.2}]),
     _edit(f"{S}.behaviour.overrides", [{"role": "it", "open": 0.1}, {"role": "it", "topic": "roi", "open": 0.2}]),
     "today"),
    ("no-sales-capacity", _edit(f"{S}.sales", {"reps": 0}), _edit(f"{S}.sales", {"reps": 1}), "today"),
    ("no-sales-capacity", _edit(f"{S}.sales", {"first_touches_per_rep_per_day": 0}),
     _edit(f"{S}.sales", {"first_touches_per_rep_per_day": 0.5}), "today"),
    ("no-sales-capacity", _edit(f"{S}.sales", {"working_days": []}), _edit(f"{S}.sales", {"working_days": ["sat"]}),
     "today"),
    ("rejection-reasons-not-1", _edit(f"{S}.acceptance", {"rejection_reasons": {"poor_fit": 0.5, "timing": 0.4}}),
     _edit(f"{S}.acceptance", {"rejection_reasons": {"poor_fit": 0.6, "timing": 0.4}}), "today"),
    ("rejection-reasons-negative", _edit(f"{S}.acceptance", {"rejection_reasons": {"poor_fit": 1.5, "timing": -0.5}}),
     _edit(f"{S}.acceptance", {"rejection_reasons": {}}), "today"),
    ("never-accepted", _edit(f"{S}.acceptance", {"by_fit_band": []}),
     _edit(f"{S}.acceptance", {"by_fit_band": [{"fit_min": 0, "accept": 0.1}]}), "today"),
    ("recycle-unknown-node", _edit(f"{S}.acceptance", {"recycle_to": "limbo"}),
     _edit(f"{S}.acceptance", {"recycle_to": "welcome"}), "today"),
    ("recycle-ignored", _edit(f"{S}.acceptance", {"recycle_to": "welcome", "after_rejection": "disqualify"}),
     _edit(f"{S}.acceptance", {"after_rejection": "disqualify"}), "today"),
    ("layout-unknown-node", _edit("layout", {"gone": [1, 2], "start": [0, 0]}), _edit("layout", {"start": [0, 0]}),
     None),
    ("no-roles", _only_roles([]), _only_roles(["operations"]), None),
]


@pytest.mark.parametrize(("code", "trigger", "near_miss", "where"), RULES,
                         ids=[f"{r[0]}-{i}" for i, r in enumerate(RULES)])
def test_scenario_rule(code, trigger, near_miss, where):
    hits, broken, fine = rule_case(code, trigger, near_miss)
    assert len(hits) >= 1, codes(broken)
    assert all(f.scenario == where and f.node is None for f in hits)
    if where is not None:
        assert all(f"'{where}'" in f.message for f in hits)
    assert code not in codes(fine), [f.message for f in findings(fine)]


def test_zero_reps_is_only_a_warning_without_a_handoff():
    d = base()
    scenario(d)["sales"] = {"reps": 0}
    d["sequence"]["nodes"] = [n for n in d["sequence"]["nodes"] if n["id"] != "handoff"]
    d["sequence"]["edges"] = [e for e in d["sequence"]["edges"] if "handoff" not in (e["from"], e["to"])]
    d["sequence"]["edges"].append({"from": "by_role", "port": "ops", "to": "sql"})
    hit = next(f for f in findings(d) if f.code == "no-sales-capacity")
    assert hit.severity == "warning"
    d = base()
    scenario(d)["sales"] = {"reps": 0}
    assert next(f for f in findings(d) if f.code == "no-sales-capacity").severity == "error"


def test_effective_thresholds_are_checked_per_scenario_only_when_overridden():
    d = base()
    d["scoring"]["sql"]["total"] = 30  # document-level problem, reported once, not once per scenario
    d["scenarios"].append({**scenario(d), "name": "strict", "thresholds": {"sql": {"total": 90}}})
    hits = [f for f in findings(d) if f.code == "sql-below-mql"]
    assert [(f.scenario, f.severity) for f in hits] == [(None, "error")]


def test_mix_message_gives_the_sum_and_the_attribute():
    d = base()
    scenario(d)["mix"]["facility_size"] = {"small": 0.5, "large": 0.25}
    hit = next(f for f in findings(d) if f.code == "mix-not-1")
    assert hit.message.startswith("The facility size mix of scenario 'today' adds up to 0.75, not 1")
