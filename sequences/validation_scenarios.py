"""Scoring thresholds and scenario sanity: arrivals, mixes, behaviour overrides, sales capacity, acceptance."""

from __future__ import annotations

import math

from .document import Document
from .sales_model import TeamFields
from .scenario import Scenario
from .scoring import Scoring
from .validation_findings import TOLERANCE, Finding, Severity, listed, number
from .validation_sales import queue_findings
from .validation_vocab import attribute_values, unknown


def threshold_findings(scoring: Scoring, scenario: str | None = None) -> list[Finding]:
    whose = f"In scenario '{scenario}', the" if scenario else "The"
    findings = []
    if scoring.sql.total < scoring.mql.total:
        findings.append(Finding("error", "sql-below-mql",
                                f"{whose} SQL threshold ({number(scoring.sql.total)} points) is below the MQL "
                                f"threshold ({number(scoring.mql.total)}): a lead must pass MQL before it can be "
                                "sales-ready.", scenario=scenario))
    best_fit = sum(max(rule.points, 0) for rule in scoring.fit)
    if scoring.mql.fit_min > best_fit:
        findings.append(Finding("warning", "mql-fit-unreachable",
                                f"{whose} MQL needs a fit of {number(scoring.mql.fit_min)}, but the fit rules give "
                                f"at most {number(best_fit)} points: no lead can become an MQL.", scenario=scenario))
    return findings


def scenario_findings(document: Document) -> list[Finding]:
    if not document.scenarios:
        return [Finding("warning", "no-scenarios", "The document has no scenario: add one to forecast how leads "
                        "move through the sequence.")]
    findings: list[Finding] = []
    for scenario in document.scenarios:
        if scenario.thresholds is not None:
            findings += threshold_findings(scenario.effective_scoring(document.scoring), scenario.name)
        findings += _arrivals(document, scenario)
        findings += _volume(scenario)
        findings += _mix(document, scenario)
        findings += _behaviour(document, scenario)
        findings += _sales(document, scenario)
        findings += _acceptance(document, scenario)
    return findings


# More leads than any one run can hold in memory (about 200 bytes a lead); the engine's own memory check
# refuses smaller cohorts that do not fit the machine at hand, with its estimate.
MAX_LEADS_PER_RUN = 100_000_000


def _volume(scenario: Scenario) -> list[Finding]:
    name = scenario.name
    findings = []
    total = sum(a.total() for a in scenario.cohort.arrivals)
    if not math.isfinite(total) or total > MAX_LEADS_PER_RUN:
        shown = ("an unbounded number of" if not math.isfinite(total)
                 else f"{total:,.0f}" if total < 1e15 else f"{total:.3g}")
        findings.append(Finding("error", "arrivals-too-many",
                                f"Scenario '{name}' brings in {shown} leads; one run holds at most "
                                f"{MAX_LEADS_PER_RUN:,} (simulate a smaller cohort: the figures scale).",
                                scenario=name))
    for arrival in scenario.cohort.arrivals:
        if arrival.weeks is None or not math.isfinite(arrival.weeks):
            continue
        ends = arrival.start_day + 7 * arrival.weeks
        # A few days' overhang (26 weeks against a 180-day run) is the usual way to write half a year.
        cut = ends - scenario.horizon_days
        if arrival.start_day < scenario.horizon_days and cut > 0.05 * (ends - arrival.start_day):
            findings.append(Finding("warning", "arrivals-beyond-horizon",
                                    f"In scenario '{name}', leads arrive at '{arrival.entry}' until day "
                                    f"{ends:,.0f}, but the run ends on day {number(scenario.horizon_days)}: "
                                    "leads due after the horizon are not simulated.", scenario=name))
    return findings


def _arrivals(document: Document, scenario: Scenario) -> list[Finding]:
    name = scenario.name
    if not scenario.cohort.arrivals:
        return [Finding("error", "no-arrivals", f"Scenario '{name}' has no arrivals: say how many leads come in "
                        "at which entry.", scenario=name)]
    findings = []
    for arrival in scenario.cohort.arrivals:
        node = document.sequence.find(arrival.entry)
        if node is None:
            findings.append(Finding("error", "arrival-unknown-node",
                                    f"Scenario '{name}' sends leads to '{arrival.entry}', which is not a node of the "
                                    "sequence.", scenario=name))
        elif node.kind != "entry":
            findings.append(Finding("error", "arrival-not-entry",
                                    f"Scenario '{name}' sends leads to '{arrival.entry}', which is a {node.kind} "
                                    "node, not an entry.", scenario=name))
        if arrival.start_day >= scenario.horizon_days:
            findings.append(Finding("warning", "arrival-after-horizon",
                                    f"In scenario '{name}', leads arrive at '{arrival.entry}' from day "
                                    f"{number(arrival.start_day)}, after the {number(scenario.horizon_days)}-day "
                                    "horizon ends.", scenario=name))
    if sum(a.total() for a in scenario.cohort.arrivals) <= 0:
        findings.append(Finding("warning", "no-leads", f"Scenario '{name}' brings in no leads at all.",
                                scenario=name))
    return findings


def _mix(document: Document, scenario: Scenario) -> list[Finding]:
    audience = document.audience
    attributes = audience.attribute_values()
    findings = []
    for attribute, shares in scenario.mix.items():
        where = f"The {attribute.replace('_', ' ')} mix of scenario '{scenario.name}'"
        if attribute not in attributes:
            findings.append(Finding("error", "unknown-segment",
                                    f"Scenario '{scenario.name}' has a mix for '{attribute}', which is not a lead "
                                    f"attribute (the audience has {listed(attributes)}).", scenario=scenario.name))
            continue
        findings += attribute_values(attribute, tuple(shares), audience, where, scenario=scenario.name)
        negative = [k for k, v in shares.items() if v < 0]
        if negative:
            findings.append(Finding("error", "mix-negative", f"{where} gives {listed(negative)} a negative share.",
                                    scenario=scenario.name))
        total = sum(shares.values())
        if abs(total - 1) > TOLERANCE:
            findings.append(Finding("error", "mix-not-1", f"{where} adds up to {total:g}, not 1: the shares of "
                                    "all values must add up to 1 (100%).", scenario=scenario.name))
    return findings


def _behaviour(document: Document, scenario: Scenario) -> list[Finding]:
    audience = document.audience
    findings = []
    seen: set[tuple[str | None, str | None]] = set()
    for index, override in enumerate(scenario.behaviour.overrides, start=1):
        where = f"Behaviour override {index} of scenario '{scenario.name}'"
        if override.role is not None and override.role not in audience.roles:
            findings.append(unknown("role", override.role, audience, where, scenario=scenario.name))
        if override.topic is not None and override.topic not in audience.topics:
            findings.append(unknown("topic", override.topic, audience, where, scenario=scenario.name))
        if override.role is None and override.topic is None:
            findings.append(Finding("warning", "override-for-everyone",
                                    f"{where} names neither a role nor a topic, so it applies to every lead: change "
                                    "the default rates instead.", scenario=scenario.name))
        key = (override.role, override.topic)
        if key in seen:
            findings.append(Finding("warning", "override-duplicate",
                                    f"{where} repeats an earlier override for the same role and topic; the later "
                                    "one wins.", scenario=scenario.name))
        seen.add(key)
    return findings


def _sales(document: Document, scenario: Scenario) -> list[Finding]:
    findings = queue_findings(document, scenario)
    for queue_name, sales in scenario.sales.team().items():
        findings += _capacity(document, scenario, queue_name, sales)
    return findings


def _capacity(document: Document, scenario: Scenario, queue_name: str, sales: TeamFields) -> list[Finding]:
    missing = []
    if sales.reps == 0:
        missing.append("no sales reps")
    if sales.first_touches_per_rep_per_day <= 0:
        missing.append("no first touches per rep per day")
    if not sales.working_days:
        missing.append("no working days")
    if not missing:
        return []
    has_handoff = any(n.kind == "handoff" for n in document.sequence.nodes)
    severity: Severity = "error" if has_handoff else "warning"
    return [Finding(severity, "no-sales-capacity",
                    f"Scenario '{scenario.name}' has {' and '.join(missing)}"
                    f"{'' if queue_name == 'sales' else f' in queue {queue_name!r}'}, so no lead handed to "
                    f"{'sales' if queue_name == 'sales' else 'it'} would ever get a first touch.",
                    scenario=scenario.name)]


def _acceptance(document: Document, scenario: Scenario) -> list[Finding]:
    acceptance = scenario.acceptance
    name = scenario.name
    findings = []
    reasons = acceptance.rejection_reasons
    negative = [k for k, v in reasons.items() if v < 0]
    if negative:
        findings.append(Finding("error", "rejection-reasons-negative",
                                f"Scenario '{name}' gives rejection reason {listed(negative)} a negative share.",
                                scenario=name))
    if reasons and abs(sum(reasons.values()) - 1) > TOLERANCE:
        findings.append(Finding("error", "rejection-reasons-not-1",
                                f"The rejection reasons of scenario '{name}' add up to {sum(reasons.values()):g}, "
                                "not 1.", scenario=name))
    if not acceptance.by_fit_band:
        findings.append(Finding("warning", "never-accepted",
                                f"Scenario '{name}' has no acceptance bands, so sales never accepts a lead.",
                                scenario=name))
    if acceptance.recycle.to is not None:
        if document.sequence.find(acceptance.recycle.to) is None:
            findings.append(Finding("error", "recycle-unknown-node",
                                    f"Scenario '{name}' recycles rejected leads to '{acceptance.recycle_to}', which "
                                    "is not a node of the sequence.", scenario=name))
        elif not acceptance.recycles_any():
            findings.append(Finding("warning", "recycle-ignored",
                                    f"Scenario '{name}' disqualifies rejected leads, so its recycle node "
                                    f"'{acceptance.recycle_to}' is never used.", scenario=name))
    return findings
