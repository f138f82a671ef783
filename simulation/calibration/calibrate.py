"""Calibration: a lead history in, a new scenario out, with every estimate, its interval and its source."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from sequences import Document, Scenario
from sequences.history import ColumnMapping, HistoryError, HistoryImport, ImportReport, PrivacySummary
from sequences.scenario import Acceptance, Arrival, Cohort, FitBand

from .behaviour import behaviour_estimates
from .counts import HistoryCounts, count_history
from .entries import EntryMatcher, fit_scorer
from .estimates import (
    acceptance_estimates,
    arrival_estimate,
    funnel_estimates,
    mix_estimates,
    outreach_estimates,
    reason_estimates,
)
from .provenance import provenance_note
from .rare import fold_rare, folded_flags, known_values
from .stats import Estimate

MAX_DAYS = 3640  # the model's horizon limit is 3650 days
MIX_COLUMNS = {"role": "title", "care_setting": "care_setting", "facility_size": "facility_size", "source": "source"}


@dataclass
class Calibration:
    """What ``calibrate`` found: the scenario, the estimates behind it, flags and the import's reports."""

    scenario: Scenario
    estimates: list[Estimate]
    flags: list[str]
    counts: HistoryCounts
    lead_report: ImportReport
    event_report: ImportReport | None
    privacy: PrivacySummary
    mapping: ColumnMapping
    sources: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {
            "scenario": self.scenario.model_dump(mode="json", by_alias=True),
            "period": {"start": self.counts.start.date().isoformat(), "weeks": self.counts.weeks},
            "estimates": [e.to_json() for e in self.estimates],
            "flags": list(self.flags),
            "import": {"leads": self.lead_report.to_json(),
                       "events": self.event_report.to_json() if self.event_report else None},
            "privacy": self.privacy.to_json(),
        }


def base_scenario(document: Document, base: str | None) -> Scenario:
    """The named scenario, the document's first, or the defaults when it has none."""
    if base is not None:
        return document.scenario(base)
    return document.scenarios[0] if document.scenarios else Scenario(name="defaults")


def read_history(document: Document, leads: str | Path, events: str | Path | None = None,
                 mapping: ColumnMapping | None = None, cancel: Callable[[], bool] | None = None
                 ) -> tuple[HistoryImport, HistoryCounts]:
    """Import and count in one streaming pass (raises ``HistoryError`` on a file it cannot use)."""
    history = HistoryImport(leads, events, mapping)
    counts = count_history(history.leads(), history.events if events is not None else None,
                           fit_scorer(document), cancel)
    fold_rare(counts, known_values(document, history.mapping))  # before anything can echo a rare value
    return history, counts


def calibrate(document: Document, leads: str | Path, events: str | Path | None = None, *, name: str,
              mapping: ColumnMapping | None = None, base: str | None = None, min_n: int = 30,
              block_weeks: int = 4, mature_weeks: int = 6, cancel: Callable[[], bool] | None = None,
              fit_funnel: bool = False) -> Calibration:
    """Estimate a scenario named ``name`` from the history; unestimated parts come from ``base``.
    ``fit_funnel`` also fits the MQL and SQL thresholds to the observed conversion (by simulation).
    ``cancel()`` returning True stops the reading with ``CalibrationCancelled``."""
    history, counts = read_history(document, leads, events, mapping, cancel)
    if counts.weeks * 7 > MAX_DAYS:
        raise HistoryError(f"the history spans {counts.weeks} weeks; a scenario covers at most {MAX_DAYS // 7} "
                           "weeks, so export a shorter period", file=history.leads_file.name)
    if counts.leads == 0:
        raise HistoryError("no usable leads in the file (" + "; ".join(history.lead_report.lines()[1:3]) + ")",
                           file=history.leads_file.name)
    start = base_scenario(document, base)
    lead_cols = history.mapping.active("leads")
    estimates: list[Estimate] = []
    flags: list[str] = folded_flags(counts)

    matcher = EntryMatcher(document)
    arrivals, arrival_est = _arrivals(counts, matcher, block_weeks, min_n, Path(leads).name)
    estimates += arrival_est
    flags += matcher.flags()
    if not matcher.entries:
        flags.append("arrivals: the document has no entry node, so the scenario has no arrivals")

    mix: dict[str, dict[str, float]] = {}
    for attr, col_field in MIX_COLUMNS.items():
        column = lead_cols.get(col_field) or lead_cols.get(attr)
        if column is None:
            flags.append(f"mix.{attr}: no column mapped; kept the base scenario's")
            if attr in start.mix:
                mix[attr] = dict(start.mix[attr])
            continue
        shares, est, more = mix_estimates(counts, document, attr, f"column '{column}'", min_n)
        estimates += est
        flags += more
        if shares:
            mix[attr] = shares

    roles, topics = document.audience.roles, document.audience.topics
    behaviour, est, more = behaviour_estimates(counts, start.behaviour, roles, topics, min_n,
                                               Path(events).name if events else "")
    estimates += est
    flags += more
    est, more = funnel_estimates(counts, min_n, roles, mature_weeks)
    estimates += est
    flags += more
    bands, est, more = acceptance_estimates(counts, [b.fit_min for b in start.acceptance.by_fit_band], min_n)
    estimates += est
    flags += more
    reasons, est = reason_estimates(counts, min_n)
    estimates += est
    est, more = outreach_estimates(counts, start.sla.first_outreach_hours, min_n)
    estimates += est
    flags += more

    acceptance = Acceptance(
        by_fit_band=tuple(FitBand(fit_min=m, accept=a) for m, a in bands) or start.acceptance.by_fit_band,
        rejection_reasons=reasons or dict(start.acceptance.rejection_reasons),
        after_rejection=start.acceptance.after_rejection, recycle=start.acceptance.recycle,
        by_response_time=start.acceptance.by_response_time,
    )
    sources = {"leads": Path(leads).name, "events": Path(events).name if events else "", "base": start.name}
    draft = start.model_copy(update={
        "name": name, "cohort": Cohort(arrivals=tuple(arrivals)), "mix": mix, "behaviour": behaviour,
        "acceptance": acceptance, "horizon_days": float(max(counts.weeks, 1) * 7),
    })
    if fit_funnel:
        draft, sources["fitted"] = _fit_funnel(document, draft, estimates, flags, 7.0 * max(mature_weeks,
                                                                                              counts.weeks // 2))
    description = provenance_note(counts, estimates, flags, sources, lead_cols, block_weeks)
    try:
        scenario = Scenario.model_validate({**draft.model_dump(), "description": description})
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(part) for part in first["loc"])
        raise HistoryError(f"the estimated scenario is not valid at {where}: {first['msg']}",
                           file=history.leads_file.name) from None
    return Calibration(scenario, estimates, flags, counts, history.lead_report, history.event_report,
                       history.privacy, history.mapping, sources)


def _fit_funnel(document: Document, draft: Scenario, estimates: list[Estimate], flags: list[str],
               horizon_days: float) -> tuple[Scenario, str]:
    """The draft with fitted thresholds, or unchanged with a flag saying why the fit was not possible."""
    from simulation import SimulationError
    from simulation.checks import SimulationRefused, describe, problems

    from .funnel_fit import fit_thresholds

    found = {e.name: e for e in estimates}
    targets = found.get("funnel.lead_to_mql"), found.get("funnel.mql_to_sql")
    if any(t is None or t.n == 0 for t in targets):
        flags.append("funnel fit: the history has no MQLs (or no leads old enough to judge); thresholds kept")
        return draft, ""
    trouble = problems(document, draft)
    if trouble:
        flags.append("funnel fit skipped: " + "; ".join(describe(f) for f in trouble))
        return draft, ""
    try:
        fitted, fit_estimates, fit_flags = fit_thresholds(document, draft, targets[0], targets[1], horizon_days,
                                                          seed=draft.seed)
    except (SimulationError, SimulationRefused) as exc:
        flags.append(f"funnel fit skipped: {exc}")
        return draft, ""
    estimates.extend(fit_estimates)
    flags.extend(fit_flags)
    return fitted, "yes"


def _arrivals(counts: HistoryCounts, matcher: EntryMatcher, block_weeks: int, min_n: int, source: str
              ) -> tuple[list[Arrival], list[Estimate]]:
    """Weekly arrivals per entry, kept as blocks of ``block_weeks`` so seasonality survives."""
    weeks = counts.weeks
    first = counts.first_week or 0
    per_entry: dict[str, list[int]] = defaultdict(lambda: [0] * weeks)
    totals: dict[tuple[str | None, str | None], int] = defaultdict(int)
    for (offer, src, _week), n in counts.arrivals.items():
        totals[(offer, src)] += n
    entry_of = {key: matcher(key[0], key[1], n) for key, n in sorted(totals.items(), key=lambda kv: str(kv[0]))}
    for (offer, src, week), n in counts.arrivals.items():
        entry = entry_of[(offer, src)]
        if entry is not None:
            per_entry[entry][week - first] += n
    arrivals: list[Arrival] = []
    estimates: list[Estimate] = []
    for entry in sorted(per_entry):
        weekly = per_entry[entry]
        estimates.append(arrival_estimate(entry, weekly, f"{source}: created dates by offer", min_n))
        for start in range(0, weeks, block_weeks):
            block = weekly[start:start + block_weeks]
            if sum(block):
                arrivals.append(Arrival(entry=entry, leads_per_week=round(sum(block) / len(block), 3),
                                        weeks=len(block), start_day=7.0 * start))
    return arrivals, estimates


def add_scenario(document: Document, scenario: Scenario, replace: bool = False) -> Document:
    """The document with ``scenario`` appended (or replacing, in place, the one of the same name when asked)."""
    names = [s.name for s in document.scenarios]
    if scenario.name in names and not replace:
        raise ValueError(f"the document already has a scenario named {scenario.name!r}")
    scenarios = [scenario if s.name == scenario.name else s for s in document.scenarios]
    if scenario.name not in names:
        scenarios.append(scenario)
    return Document.model_validate({**document.model_dump(by_alias=True),
                                    "scenarios": [s.model_dump(by_alias=True) for s in scenarios]})
