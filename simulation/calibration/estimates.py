"""Estimates from the history counts: mixes, funnel conversion and delays, acceptance, outreach, arrivals."""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter

import numpy as np

from sequences import Document, Scenario

from .counts import HistoryCounts
from .sla_clock import clock_label, late_touches, off_hours_share, queue_teams, schedule_flag
from .stats import Estimate, poisson_interval, proportion, quantile, quantile_interval, shares

MISSING = ("(empty)", "unknown", "other")
_ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]{0,63}$")  # a value that can become a vocabulary entry


def mix_estimates(counts: HistoryCounts, document: Document, attr: str, column: str, min_n: int,
                  extend: bool = False) -> tuple[dict[str, float], list[Estimate], list[str], tuple[str, ...]]:
    """Shares of each value the document's audience knows; other values are left out and flagged, or, with
    ``extend``, kept as new entries of the vocabulary (returned last) so that distinct values stay distinct."""
    allowed = set(document.audience.attribute_values().get(attr, ()))
    counter = counts.mix[attr]
    flags: list[str] = []
    added: tuple[str, ...] = ()
    if extend:
        added = tuple(sorted(v for v in counter if v not in allowed and v not in MISSING and _ID.match(v)))
        allowed |= set(added)
        if added:
            flags.append(f"{attr}: {len(added)} value{'s' * (len(added) != 1)} added to the document's "
                         f"vocabulary rather than merged: {', '.join(added)}")
    known = {value: n for value, n in counter.items() if value in allowed}
    total = sum(known.values())
    missing = sum(n for value, n in counter.items() if value in MISSING)
    foreign = {v: n for v, n in counter.items() if v not in allowed and v not in MISSING}
    if missing:
        flags.append(f"{attr}: {missing} leads without a usable value were left out of the mix")
    if foreign:
        top = ", ".join(f"{v}: {n} lead{'s' * (n != 1)}" for v, n in sorted(foreign.items(), key=lambda kv: -kv[1])[:5])
        flags.append(f"{attr}: values not in the document's audience left out: {top}")
    estimates = [proportion(f"mix.{attr}.{value}", n, total, f"{column}, share of {total} leads", min_n=0)
                 for value, n in sorted(known.items())]
    for est in estimates:
        if est.value * total < 5:
            est.flags.append("thin cell: fewer than 5 leads")
    return shares(known), estimates, flags, added


def _mature(counter: Counter, last_week: int) -> Counter:
    """Totals by role over the weeks that ended at least ``last_week`` ago (cohorts old enough to judge)."""
    out: Counter = Counter()
    for (role, week), n in counter.items():
        if week <= last_week:
            out[role] += n
    return out


MIN_SEEN = 0.5  # a young cohort counts once at least half its conversions should have been seen


def seen_shares(delays, weeks, last_week: int, mature: int) -> dict[int, float]:
    """Per cohort week younger than ``mature`` weeks: the share of its eventual conversions already seen by the
    end of ``last_week``, from the delays of the cohorts at least ``mature`` weeks old (all of theirs are in),
    a cohort's leads taken as spread evenly over its week."""
    old = sorted(d for d, w in zip(delays, weeks, strict=True) if w <= last_week - mature)
    if len(old) < 100:
        return {}
    out = {}
    for age in range(mature):
        # Days from each day of the cohort's week (its middle) to the end of the history.
        left = [7 * (age + 1) - day - 0.5 for day in range(7)]
        out[last_week - age] = sum(bisect.bisect_right(old, d) for d in left) / (7 * len(old))
    return out


def _completed(cohorts: Counter, converted: Counter, cutoff: int, seen: dict[int, float]
               ) -> tuple[Counter, Counter]:
    """Per role, the conversions and the cohort sizes they come from: the mature cohorts whole, the young ones
    whose share already seen is at least ``MIN_SEEN`` weighted by it (their conversions still to come are not
    counted against them)."""
    size, done = _mature(cohorts, cutoff), _mature(converted, cutoff)
    weighted: dict[str, float] = {}
    for (role, week), n in cohorts.items():
        if week > cutoff and seen.get(week, 0.0) >= MIN_SEEN:
            weighted[role] = weighted.get(role, 0.0) + n * seen[week]
            done[role] += converted.get((role, week), 0)
    for role, share in weighted.items():
        size[role] += round(share)
    return size, done


def maturity_weeks(delays, default: int) -> int:
    """Weeks after which a cohort has (nearly) all its conversions: the 99th percentile of the observed
    delays, in whole weeks, plus the cohort's own week; ``default`` when too few delays to tell. A fast
    funnel then keeps more recent cohorts (a smaller error), a slow one waits longer (no bias)."""
    if len(delays) < 100:
        return default
    return min(12, max(2, math.ceil(quantile(sorted(delays), 0.99) / 7) + 1))


def funnel_estimates(counts: HistoryCounts, min_n: int, roles: tuple[str, ...], mature_weeks: int
                     ) -> tuple[list[Estimate], list[str]]:
    out: list[Estimate] = []
    flags: list[str] = []
    cutoffs = []
    last = counts.last_week or 0
    for delays, weeks_of in ((counts.days_to_mql, counts.days_to_mql_week),
                             (counts.days_to_sql, counts.days_to_sql_week)):
        weeks = maturity_weeks(delays, mature_weeks)
        cutoff = last - weeks
        if cutoff < (counts.first_week or 0):
            cutoff = last
            flags.append(f"funnel: the history is shorter than {weeks} weeks, so recent leads (whose outcome "
                         "is not known yet) pull the conversion rates down")
        cutoffs.append((cutoff, weeks, seen_shares(delays, weeks_of, last, weeks) if cutoff < last else {}))
    flags.append(f"funnel: lead -> MQL counts leads created up to {cutoffs[0][1]} weeks, MQL -> SQL counts MQLs made "
                 f"up to {cutoffs[1][1]} weeks before the end of the history (99% of the observed delays are "
                 "shorter) in full; younger cohorts count by the share of their conversions already seen (from "
                 "the older cohorts' delays), once that share is at least half")
    leads, lead_mqls = _completed(counts.created, counts.created_mql, cutoffs[0][0], cutoffs[0][2])
    mqls, sqls = _completed(counts.mql, counts.mql_sql, cutoffs[1][0], cutoffs[1][2])
    out.append(proportion("funnel.lead_to_mql", sum(lead_mqls.values()), sum(leads.values()),
                          "leads with an MQL date", min_n))
    out.append(proportion("funnel.mql_to_sql", sum(sqls.values()), sum(mqls.values()), "MQLs with an SQL date",
                          min_n))
    for role in sorted(leads):
        if role in roles and leads[role] >= min_n:
            out.append(proportion(f"funnel.lead_to_mql.{role}", lead_mqls[role], leads[role], "leads of this role",
                                  min_n))
    pooled = []
    for role in sorted(mqls):
        if role not in roles:
            continue
        if mqls[role] < min_n:
            pooled.append(f"{role} (n={mqls[role]})")
            continue
        out.append(proportion(f"funnel.mql_to_sql.{role}", sqls[role], mqls[role], "MQLs of this role", min_n))
    if pooled:
        flags.append(f"MQL->SQL by role: thin roles pooled into the overall rate: {', '.join(pooled)}")
    if counts.sql_without_mql:
        flags.append(f"{counts.sql_without_mql} SQLs had no MQL date; they are left out of the MQL -> SQL delay")
    for name, values, what in (("funnel.days_to_mql", counts.days_to_mql, "creation to MQL"),
                               ("funnel.days_to_sql", counts.days_to_sql, "MQL to SQL"),
                               ("funnel.days_created_to_sql", counts.days_created_to_sql, "creation to SQL")):
        out.extend(delay_estimates(name, sorted(values), what, "days", min_n))
    for what, n in sorted(counts.out_of_order.items()):
        flags.append(f"{n} leads with {what}: left out of the delays")
    return out, flags


def delay_estimates(name: str, values: list[float], what: str, unit: str, min_n: int) -> list[Estimate]:
    out = []
    for q, label in ((0.5, "median"), (0.9, "p90")):
        low, high = quantile_interval(values, q)
        est = Estimate(f"{name}.{label}", quantile(values, q), low, high, len(values),
                       "order-statistic 95%", what, unit)
        if len(values) < min_n:
            est.flags.append(f"thin: n={len(values)} < {min_n}")
        out.append(est)
    return out


def acceptance_estimates(counts: HistoryCounts, band_mins: list[float], min_n: int
                         ) -> tuple[list[tuple[float, float]], list[Estimate], list[str]]:
    """Acceptance per fit band; a band with fewer than ``min_n`` decided leads merges into the band below."""
    mins = sorted(set(band_mins)) or [0.0]
    tally: dict[float, list[int]] = {m: [0, 0] for m in mins}
    for (fit, outcome), n in counts.decided.items():
        band = max((m for m in mins if fit >= m), default=mins[0])
        tally[band][0] += n * (outcome == "accepted")
        tally[band][1] += n
    flags: list[str] = []
    merged: list[list] = []
    for m in mins:
        accepted, decided = tally[m]
        if merged and (decided < min_n or merged[-1][2] < min_n):
            flags.append(f"acceptance: fit band >= {m:g} (n={decided}) pooled with the band below")
            merged[-1][1] += accepted
            merged[-1][2] += decided
        else:
            merged.append([m, accepted, decided])
    bands: list[tuple[float, float]] = []
    out: list[Estimate] = []
    for m, accepted, decided in merged:
        est = proportion(f"sales.accept.fit>={m:g}", accepted, decided,
                         "handed-off leads with an accepted/rejected outcome, fit from the document's fit rules",
                         min_n)
        out.append(est)
        if decided:
            bands.append((m, round(accepted / decided, 4)))
    if not bands:
        flags.append("acceptance: no accepted or rejected handoffs in the history; kept the base scenario's")
    return bands, out, flags


def reason_estimates(counts: HistoryCounts, min_n: int) -> tuple[dict[str, float], list[Estimate]]:
    given = Counter({r: n for r, n in counts.reasons.items() if r != "(none given)"})
    total = sum(given.values())
    out = [proportion(f"sales.rejection.{r}", n, total, "rejected leads with a reason", min_n)
           for r, n in sorted(given.items())]
    return shares(dict(given)), out


def outreach_estimates(counts: HistoryCounts, scenario: Scenario, min_n: int, queues: np.ndarray | None = None
                       ) -> tuple[list[Estimate], list[str]]:
    """Time to first outreach, the SLA breach rate on ``scenario``'s SLA clock, and the share of first touches
    outside its team's working days and hours. With ``queues`` (each touch's queue,
    ``queue_touches.touch_queues``): each touch on its own queue's SLA and clock, and each queue's time to first
    outreach too."""
    hours = sorted(counts.outreach_hours)
    out = delay_estimates("sales.first_outreach_hours", hours, "SQL date to first outreach", "hours", min_n)
    if queues is not None:
        every = np.asarray(counts.outreach_hours, dtype=np.float64)
        for (mask, _), name in zip(queue_teams(scenario, queues), scenario.sales.queues, strict=True):
            mine = np.sort(every[mask])
            if len(mine):
                out += delay_estimates(f"sales.queues.{name}.first_outreach_hours", mine.tolist(),
                                       f"SQL date to first outreach, touches of queue {name}", "hours", min_n)
    sla_hours = scenario.sla.first_outreach_hours
    clock = "each queue's own SLA and clock" if queues is not None else clock_label(scenario)
    out.append(proportion(f"sla.breach_rate@{sla_hours:g}h", int(late_touches(counts, scenario, queues).sum()),
                          len(hours), f"handoffs whose first outreach came later than the SLA, in {clock}", min_n))
    off, n = off_hours_share(counts, scenario, queues)
    if n:
        out.append(proportion("sales.first_touches_off_hours", off, n, "first touches outside the working days and "
                              "hours of the scenario's team" + ("s (each touch's queue's)" if queues is not None
                                                                 else ""), min_n))
    flags = [] if queues is not None else schedule_flag(counts, scenario)
    if counts.handoffs_without_outreach:
        flags.append(f"{counts.handoffs_without_outreach} handoffs have no first-outreach date")
    return out, flags


def arrival_estimate(entry: str, total: int, weeks: float, source: str, min_n: int) -> Estimate:
    """Leads a week over the span of the created dates (never over stage dates that came later)."""
    weeks = max(weeks, 1 / 7)
    low, high = poisson_interval(total)
    est = Estimate(f"arrivals.{entry}.leads_per_week", total / weeks, low / weeks, high / weeks, total,
                   f"Poisson 95% over {weeks:.1f} weeks of created dates", source, "leads/week")
    if total < min_n:
        est.flags.append(f"thin: {total} leads")
    return est
