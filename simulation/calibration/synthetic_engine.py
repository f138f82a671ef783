"""A synthetic history that is one replication of the engine itself: the data a correct model would see.

The engine reports daily counts, not leads, so the leads are rebuilt from them: each day's arrivals,
MQLs, SQL handoffs, first touches and decisions are given to leads in a way the counts allow (first
touches in handoff order, as the FIFO sales queue serves them). Every weekly figure of the history
equals the engine's, which is what a backtest compares.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np

from sequences import Document, Scenario

from .export_rows import SyntheticLead
from .synthetic import _person, _pick

MQL_DAYS, SQL_DAYS = 5.0, 14.0  # typical lead age at MQL and at SQL in the example sequences


def _entry_labels(document: Document) -> dict[str, str]:
    labels = {}
    for node in document.sequence.nodes:
        if node.kind == "entry":
            offer = document.audience.offer(node.offer) if node.offer else None
            labels[node.id] = offer.name if offer is not None else node.id
    return labels


def _daily_weights(scenario: Scenario, days: int) -> dict[str, np.ndarray]:
    weights: dict[str, np.ndarray] = {}
    for rule in scenario.cohort.arrivals:
        w = weights.setdefault(rule.entry, np.zeros(days))
        if rule.leads is not None:
            w[min(int(rule.start_day), days - 1)] += rule.leads
        else:
            lo, hi = int(rule.start_day), min(days, int(np.ceil(rule.start_day + 7 * (rule.weeks or 0))))
            w[lo:hi] += (rule.leads_per_week or 0) / 7
    return weights


def history_from_engine(document: Document, scenario: Scenario, seed: int = 0,
                        start: datetime = datetime(2025, 1, 6)) -> list[SyntheticLead]:
    """Leads whose daily counts are those of replication 0 of ``scenario`` with ``seed`` (day 0 = ``start``,
    a Monday)."""
    from simulation import run_replication

    daily = {k: np.asarray(v, dtype=int) for k, v in run_replication(document, scenario, seed, 0)["daily"].items()}
    days = len(daily["arrivals"])
    rng = np.random.default_rng(seed)
    labels = _entry_labels(document)
    weights = _daily_weights(scenario, days)
    entries = sorted(weights)
    reasons = dict(scenario.acceptance.rejection_reasons) or {"other": 1.0}
    leads: list[SyntheticLead] = []
    waiting_mql: list[int] = []
    waiting_sql: list[int] = []
    queue: list[int] = []
    for day in range(days):
        base = start + timedelta(days=day)
        w = np.array([weights[e][day] for e in entries]) if entries else np.zeros(0)
        for _ in range(int(daily["arrivals"][day])):
            entry = entries[int(rng.choice(len(entries), p=w / w.sum()))] if w.sum() > 0 else entries[0]
            attrs = {name: _pick(rng, shares, 1)[0] if shares else "" for name, shares in scenario.mix.items()}
            lead = SyntheticLead(f"E{len(leads) + 1:07d}", base + timedelta(hours=float(rng.uniform(0, 12))),
                                 attrs.get("role", ""), attrs.get("care_setting", ""), attrs.get("facility_size", ""),
                                 attrs.get("source", ""), labels.get(entry, entry), title_index=int(rng.integers(8)))
            lead.person = _person(rng, len(leads))
            waiting_mql.append(len(leads))
            leads.append(lead)
        _promote(leads, waiting_mql, waiting_sql, int(daily["mqls"][day]), "mql", base, rng, MQL_DAYS)
        handed = _promote(leads, waiting_sql, [], int(daily["sql_handoffs"][day]), "sql", base, rng, SQL_DAYS,
                          fallback=waiting_mql)
        queue.extend(sorted(handed, key=lambda i: leads[i].sql or base))  # handed leads all have an SQL date
        touched = queue[: int(daily["first_touches"][day])]
        del queue[: len(touched)]
        for i in touched:
            opening = base + timedelta(hours=9 + float(rng.uniform(0, 8)))
            leads[i].first_outreach = max(opening, (leads[i].sql or opening) + timedelta(minutes=5))
        accepted = set(rng.choice(len(touched), size=min(int(daily["accepted"][day]), len(touched)),
                                  replace=False).tolist()) if touched else set()
        for k, i in enumerate(touched):
            if k in accepted:
                leads[i].accepted = leads[i].first_outreach
            else:
                leads[i].rejected, leads[i].reason = leads[i].first_outreach, _pick(rng, reasons, 1)[0]
    return leads


def _promote(leads: list[SyntheticLead], pool: list[int], into: list[int], count: int, stage: str,
             base: datetime, rng: np.random.Generator, scale_days: float,
             fallback: list[int] | None = None) -> list[int]:
    """Move ``count`` leads of ``pool`` (then of ``fallback``) to ``stage`` on this day, recent ones
    likelier (weight ``exp(-age / scale_days)``): in the engine leads qualify within weeks of arriving."""
    chosen: list[int] = []
    for source in (pool, fallback or []):
        take = min(count - len(chosen), len(source))
        if take <= 0:
            continue
        age = np.array([(base - leads[i].created).total_seconds() / 86400 for i in source])
        weights = np.exp(-np.maximum(age, 0) / scale_days) + 1e-12
        picks = sorted(rng.choice(len(source), size=take, replace=False, p=weights / weights.sum()).tolist(),
                       reverse=True)
        chosen += [source.pop(p) for p in picks]
    for i in chosen:
        lead = leads[i]
        earliest = max(filter(None, (lead.created, lead.mql)))
        moment = max(base + timedelta(hours=float(rng.uniform(12, 24))), earliest + timedelta(minutes=1))
        setattr(lead, stage, moment)
        into.append(i)
    return chosen


def censored(leads: list[SyntheticLead], until: datetime) -> list[SyntheticLead]:
    """The history as it looked at ``until``: later leads gone, later stage dates not yet known."""
    out = []
    for lead in leads:
        if lead.created >= until:
            continue
        copy = SyntheticLead(**{k: getattr(lead, k) for k in lead.__dataclass_fields__})
        for name in ("mql", "sql", "accepted", "rejected", "first_outreach"):
            if getattr(copy, name) is not None and getattr(copy, name) >= until:
                setattr(copy, name, None)
        if copy.rejected is None:
            copy.reason = None
        out.append(copy)
    return out
