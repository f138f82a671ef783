"""Calibration: a lead history in, a new scenario out, with every estimate, its interval and its source."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pydantic import ValidationError

from sequences import Document, Scenario
from sequences.history import ColumnMapping, HistoryError, HistoryImport, ImportReport, PrivacySummary
from sequences.scenario import Acceptance, Arrival, Behaviour, Cohort, FitBand
from sequences.timing import ArrivalPattern, Lag, ResponseLags

from .acceptance_fit import with_response_curve
from .arrival_blocks import arrival_blocks
from .arrival_shape import shape_estimates
from .behaviour import behaviour_estimates
from .cancelling import cancellable
from .censor import censored_events, censored_leads
from .counts import HistoryCounts, count_history
from .decisions import decision_estimates
from .entries import EntryMatcher, fit_scorer
from .estimates import (
    acceptance_estimates,
    funnel_estimates,
    mix_estimates,
    outreach_estimates,
    reason_estimates,
)
from .provenance import provenance_note
from .queue_touches import touch_queues
from .rare import fold_rare, folded_flags, known_values
from .reach_why import explain_out_of_reach
from .sales_timing import lag_estimates, response_curve
from .stats import Estimate
from .team_hours import team_estimates

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
    pending: dict = field(default_factory=dict)
    new_sources: tuple[str, ...] = ()

    def to_json(self) -> dict:
        return {
            "scenario": self.scenario.model_dump(mode="json", by_alias=True),
            "period": {"start": self.counts.start.date().isoformat(), "weeks": self.counts.weeks},
            "estimates": [e.to_json() for e in self.estimates],
            "flags": list(self.flags),
            "import": {"leads": self.lead_report.to_json(),
                       "events": self.event_report.to_json() if self.event_report else None},
            "privacy": self.privacy.to_json(),
            "pending_fields": self.pending,
            "new_sources": list(self.new_sources),
        }


def base_scenario(document: Document, base: str | None) -> Scenario:
    """The named scenario, the document's first, or the defaults when it has none."""
    if base is not None:
        return document.scenario(base)
    return document.scenarios[0] if document.scenarios else Scenario(name="defaults")


def read_history(document: Document, leads: str | Path, events: str | Path | None = None,
                 mapping: ColumnMapping | None = None, until: datetime | None = None
                 ) -> tuple[HistoryImport, HistoryCounts]:
    """Import and count in one streaming pass (raises ``HistoryError`` on a file it cannot use);
    ``until``: the history as it was known then (later leads and dates left out). Within
    ``cancelling.cancellable`` it stops when asked, every 10,000 rows."""
    history = HistoryImport(leads, events, mapping)
    counts = count_history(censored_leads(history.leads(), until),
                           censored_events(history.events if events is not None else None, until),
                           fit_scorer(document))
    fold_rare(counts, known_values(document, history.mapping))  # before anything can echo a rare value
    return history, counts


def calibrate(document: Document, leads: str | Path, events: str | Path | None = None, *, name: str,
              mapping: ColumnMapping | None = None, base: str | None = None, min_n: int = 30,
              block_weeks: int = 4, mature_weeks: int = 6, cancel: Callable[[], bool] | None = None,
              fit_funnel: bool = False, until: datetime | None = None, fit_timing: bool = True,
              progress: Callable[..., None] | None = None) -> Calibration:
    """Estimate a scenario named ``name`` from the history; unestimated parts come from ``base``.
    ``fit_funnel`` also fits behaviour by role to the observed conversion (by simulation).
    ``cancel()`` returning True stops it with ``CalibrationCancelled``, while it reads or fits. ``until``: calibrate on
    the history as it was known on that day (the rolling-origin backtest's cuts). ``fit_timing`` (with
    ``fit_funnel``) also fits the response lags to the observed time to MQL and to SQL. ``progress(message)``
    hears where it is: the rows read, every 10,000, and each trial run of the fit."""
    with cancellable(cancel, progress):  # the reading and every trial run of the fit ask them
        return _calibrate(document, leads, events, name=name, mapping=mapping, base=base, min_n=min_n,
                          block_weeks=block_weeks, mature_weeks=mature_weeks, fit_funnel=fit_funnel, until=until,
                          fit_timing=fit_timing)


def _calibrate(document: Document, leads: str | Path, events: str | Path | None, *, name: str,
               mapping: ColumnMapping | None, base: str | None, min_n: int, block_weeks: int, mature_weeks: int,
               fit_funnel: bool, until: datetime | None, fit_timing: bool) -> Calibration:
    history, counts = read_history(document, leads, events, mapping, until)
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
    pending: dict = {}  # estimates reported beside the scenario; those the engine reads are written into it

    matcher = EntryMatcher(document)
    arrivals, arrival_est = arrival_blocks(counts, matcher, block_weeks, min_n, Path(leads).name)
    estimates += arrival_est
    flags += matcher.flags()
    est, shape, more = shape_estimates(counts, min_n)
    estimates += est
    flags += more
    pending["cohort.arrivals[]"] = shape
    if not matcher.entries:
        flags.append("arrivals: the document has no entry node, so the scenario has no arrivals")

    mix: dict[str, dict[str, float]] = {}
    new_sources: tuple[str, ...] = ()
    for attr, col_field in MIX_COLUMNS.items():
        column = lead_cols.get(col_field) or lead_cols.get(attr)
        if column is None:
            flags.append(f"mix.{attr}: no column mapped; kept the base scenario's")
            if attr in start.mix:
                mix[attr] = dict(start.mix[attr])
            continue
        shares, est, more, added = mix_estimates(counts, document, attr, f"column '{column}'", min_n,
                                                 extend=attr == "source")
        new_sources += added
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
    est, more = decision_estimates(counts, history.leads_file.headers, lead_cols, min_n)
    estimates += est
    flags += more
    bands, est, more = acceptance_estimates(counts, [b.fit_min for b in start.acceptance.by_fit_band], min_n)
    estimates += est
    flags += more
    reasons, est = reason_estimates(counts, min_n)
    estimates += est
    # The team's hours and pickup first: the history's SLA breaches are read on the clock the scenario will have.
    queues, more = touch_queues(counts, start)  # which queue made each first touch, where the export says
    flags += more
    teamed, est, more = team_estimates(counts, start, min_n, queues)
    estimates += est
    flags += more
    est, more = outreach_estimates(counts, teamed, min_n, queues)
    estimates += est
    flags += more
    est, lags = lag_estimates(counts, min_n)
    estimates += est
    if lags:
        pending["behaviour.response_lag_hours"] = lags
    est, curve, more = response_curve(counts, min_n)
    estimates += est
    flags += more
    if curve:
        pending["acceptance.by_response_time"] = curve

    arrivals = [with_weekdays(a, shape) for a in arrivals]
    behaviour = with_lags(behaviour, lags)
    acceptance = Acceptance(
        by_fit_band=tuple(FitBand(fit_min=m, accept=a) for m, a in bands) or start.acceptance.by_fit_band,
        rejection_reasons=reasons or dict(start.acceptance.rejection_reasons),
        after_rejection=start.acceptance.after_rejection, recycle=start.acceptance.recycle,
        by_response_time=start.acceptance.by_response_time,
    )
    thin = {float(e.name.split("within_")[1].rstrip("h")) for e in estimates
            if e.name.startswith("acceptance.by_response_time.") and any(f.startswith("thin") for f in e.flags)}
    acceptance, est, more = with_response_curve(acceptance, counts, curve, thin)
    estimates += est
    flags += more
    sources = {"leads": Path(leads).name, "events": Path(events).name if events else "", "base": start.name}
    draft = start.model_copy(update={
        "name": name, "cohort": Cohort(arrivals=tuple(arrivals)), "mix": mix, "behaviour": behaviour,
        "acceptance": acceptance, "horizon_days": float(max(counts.weeks, 1) * 7), "sales": teamed.sales,
    })
    draft, sources["fitted"] = _fit_funnel(with_sources(document, new_sources), draft, estimates, flags, fit_funnel,
                                           fit_timing)
    flags[:] = explain_out_of_reach(flags, counts, document, draft, estimates)
    description = provenance_note(counts, estimates, flags, sources, lead_cols, block_weeks)
    unreachable = [f for f in flags if f.startswith("CANNOT REACH")]
    if unreachable:
        # Said first, where anyone who opens the scenario reads it.
        description = (f"WARNING: this scenario does not reproduce the observed funnel ({len(unreachable)} "
                       "target(s) out of reach, listed below); its forecasts will be off.\n\n" + description)
    try:
        scenario = Scenario.model_validate({**draft.model_dump(), "description": description})
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(part) for part in first["loc"])
        raise HistoryError(f"the estimated scenario is not valid at {where}: {first['msg']}",
                           file=history.leads_file.name) from None
    return Calibration(scenario, estimates, flags, counts, history.lead_report, history.event_report,
                       history.privacy, history.mapping, sources, pending, new_sources)


def _fit_funnel(document: Document, draft: Scenario, estimates: list[Estimate], flags: list[str],
                fit: bool, timing: bool = True) -> tuple[Scenario, str]:
    """With ``fit``: the draft with per-role behaviour fitted to the observed funnel. Either way the
    simulated funnel is compared with the observed one, and every target out of reach is flagged."""
    from simulation import SimulationError
    from simulation.checks import SimulationRefused, describe, problems

    from .acceptance_fit import match_acceptance
    from .behaviour_fit import Target, compare, simulated_funnel
    from .fade_fit import fit_fade
    from .funnel_fit import compared_again, fit_rates_and_lags
    from .sla_clock import sla_comparison
    from .team_hours import fit_pickup
    from .timing_check import timing_estimates

    found = {e.name: e for e in estimates}
    overall = Target(None, found.get("funnel.lead_to_mql"), found.get("funnel.mql_to_sql"))
    if overall.lead_to_mql is None or overall.lead_to_mql.n == 0:
        flags.append("funnel: the history has no leads old enough to judge conversion; behaviour kept")
        return draft, ""
    targets = [overall] + [Target(r, found.get(f"funnel.lead_to_mql.{r}"), found.get(f"funnel.mql_to_sql.{r}"))
                           for r in document.audience.roles
                           if f"funnel.lead_to_mql.{r}" in found or f"funnel.mql_to_sql.{r}" in found]
    trouble = problems(document, draft)
    if trouble:
        flags.append("funnel check skipped: " + "; ".join(describe(f) for f in trouble))
        return draft, ""
    try:
        if fit:
            draft, fitted, more, timed = fit_rates_and_lags(document, draft, targets, found, draft.seed, timing)
            if timing:  # a tail of late MQLs the graph's waits give and the history does not show
                draft, fitted, more, timed, faded = fit_fade(document, draft, targets, found, draft.seed, fitted, more,
                                                             timed)
                timed += faded
            figures = simulated_funnel(document, draft, draft.seed)
            # Shown as the written scenario gives them: the lags and fading were fitted after the rates.
            fitted, more = compared_again(figures, targets, fitted, more)
            fitted += timed
            # The pickup before the acceptance: how fast the team touches leads moves their speed-to-lead factors.
            draft, figures, picked, flagged = fit_pickup(document, draft, figures, found, draft.seed)
            fitted, more = fitted + picked, more + flagged
            draft, figures, accepted, flagged = match_acceptance(document, draft, figures, found, draft.seed)
            fitted, more = fitted + accepted, more + flagged
        else:
            figures = simulated_funnel(document, draft, draft.seed)
            fitted, more = compare(figures, targets)
            if more:
                more.append("funnel: the behaviour was not fitted (calibrate without --no-fit-funnel, or tick the "
                            "wizard's fit box)")
    except (SimulationError, SimulationRefused) as exc:
        flags.append(f"funnel check skipped: {exc}")
        return draft, ""
    estimates.extend(fitted)
    times, late = timing_estimates(figures, found, fitted=fit and timing)
    estimates.extend(times)
    sla, slow = sla_comparison(figures, found, draft)
    estimates.extend(sla)
    flags.extend(more + late + slow)
    return draft, "yes" if fit else ""


def with_sources(document: Document, sources: tuple[str, ...]) -> Document:
    """The document with ``sources`` added to its audience (the calibrated scenario's mix may name them)."""
    known = tuple(document.audience.sources)
    extra = tuple(s for s in sources if s not in known)
    if not extra:
        return document
    audience = document.audience.model_copy(update={"sources": known + extra})
    return document.model_copy(update={"audience": audience})


def add_scenario(document: Document, scenario: Scenario, replace: bool = False,
                 sources: tuple[str, ...] = ()) -> Document:
    """The document with ``scenario`` appended (or replacing, in place, the one of the same name when asked)
    and ``sources`` (values the calibration kept distinct) added to the audience's vocabulary."""
    names = [s.name for s in document.scenarios]
    if scenario.name in names and not replace:
        raise ValueError(f"the document already has a scenario named {scenario.name!r}")
    scenarios = [scenario if s.name == scenario.name else s for s in document.scenarios]
    if scenario.name not in names:
        scenarios.append(scenario)
    data = document.model_dump(by_alias=True)
    known = tuple(document.audience.sources)
    data["audience"]["sources"] = known + tuple(s for s in sources if s not in known)
    return Document.model_validate({**data, "scenarios": [s.model_dump(by_alias=True) for s in scenarios]})


def with_weekdays(arrival: Arrival, shape: dict) -> Arrival:
    """The arrival rule with the weekday pattern of the created dates (Poisson weeks, the engine's default)."""
    weekdays = shape.get("pattern", {}).get("weekdays") if shape else None
    if not weekdays or arrival.leads is not None or sum(weekdays.values()) <= 0:
        return arrival
    return arrival.model_copy(update={"pattern": ArrivalPattern(weekdays=weekdays)})


def with_lags(behaviour: Behaviour, lags: dict) -> Behaviour:
    """The behaviour with the response lags measured in the events file, where a kind has both quantiles."""
    if not lags:
        return behaviour
    current = behaviour.response_lag_hours or ResponseLags()
    update = {kind: Lag(median=v["median"], p90=v["p90"]) for kind, v in lags.items()
              if kind in ResponseLags.model_fields and 0 < v.get("median", 0) < v.get("p90", 0)}
    return behaviour.model_copy(update={"response_lag_hours": current.model_copy(update=update)})
