"""Random worlds: parameters drawn at random, and the messy HubSpot export such a world leaves behind."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property
from types import SimpleNamespace

import numpy as np

from sequences import Document
from sequences.sales_model import TeamFields, WorkingHours

from ..clock import WorkingClock
from .entries import fit_scorer

ROLES = ("clinical_leadership", "operations", "it", "executive", "procurement")
SETTINGS = ("hospital_system", "ambulatory_group", "payer", "digital_health")
SIZE_LABELS = {"small": ("1-10", "11-50"), "mid": ("51-200", "201-500"), "large": ("501-1000", "201-1000"),
               "enterprise": ("1,001-5,000", "5,000+")}
SOURCE_LABELS = {"Organic Search": "organic", "Direct Traffic": "direct_traffic", "Email Marketing": "email_marketing",
                 "Paid Search": "paid", "Paid Social": "paid_social", "Referrals": "referrals",
                 "Social Media": "social_media", "Offline Sources": "offline_sources",
                 "Other Campaigns": "other_campaigns"}
OFFERS = ("Patient engagement guide", "Scheduling and EHR integration webinar")
REASONS = {"poor_fit": "Poor fit", "no_evaluation_plan": "No evaluation plan", "wrong_contact": "Wrong contact"}
# Speed to lead: acceptance multiplied by the factor of the first row whose hours the first touch is within.
RESPONSE_ROWS = (1.0, 4.0, 24.0)
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
PICKUP_SIGMA = 1.0
Z90 = 1.2815515655446004  # the standard normal's 90th percentile


@dataclass(frozen=True)
class Team:
    """One sales team of a world with several (``World.with_teams``): the roles it works (none: every other
    role), its days and hours, and its pickup's median in working hours."""

    roles: tuple[str, ...]
    working_days: tuple[str, ...]
    working_hours: tuple[int, int]
    pickup_median_hours: float

    @cached_property
    def clock(self) -> WorkingClock:
        return WorkingClock(TeamFields(working_days=self.working_days,  # type: ignore[arg-type]
                                       working_hours=WorkingHours(start=self.working_hours[0],
                                                                  end=self.working_hours[1])))


# The queues of the multi-location example that the teams' names match (``queue_touches``: "SDR Team" is sdr).
QUEUE_OF_TEAM = {"AE": "ae", "SDR Team": "sdr"}


@dataclass
class World:
    """The drawn parameters of one synthetic team; the names of ``truth()`` match the calibration's estimates."""

    seed: int
    start: datetime
    weeks: int
    tail_weeks: int
    weekly: dict[str, float]
    weekdays: tuple[float, ...]
    mix: dict[str, dict[str, float]]
    p_mql: dict[str, float]  # per role, of leads whose fit reaches the MQL fit minimum
    mql_days: float  # median creation -> MQL (log-normal, sigma 0.6)
    p_sql: dict[str, float]  # per role, of MQLs
    sql_days: float  # median MQL -> SQL
    accept: tuple[tuple[float, float], ...]  # (fit_min, acceptance at the fastest response)
    response_factors: tuple[float, ...]  # within 1h, 4h, 24h, later
    pickup_median_hours: float  # working hours from handoff to first touch (lognormal, sigma 1)
    reasons: dict[str, float]
    missing_dates: float  # share of MQL and SQL dates left empty (the stage still says how far the lead got)
    recycled: float  # share of rejections marked Recycled, the lifecycle stage put back to lead
    fit_min: float = 20.0
    effective: dict[str, float] = field(default_factory=dict)  # filled by ``generate``: realised truths
    export_style: str = "api"  # how the team's export writes dates and stages (``EXPORT_STYLES``)
    working_days: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri")  # when the reps touch leads
    working_hours: tuple[int, int] = (9, 17)
    # Teams that split the handoffs, as a CRM's team column records them (``with_teams``); none: one team.
    teams: dict[str, Team] = field(default_factory=dict)

    @cached_property
    def clock(self) -> WorkingClock:
        return WorkingClock(TeamFields(working_days=self.working_days,  # type: ignore[arg-type]
                                       working_hours=WorkingHours(start=self.working_hours[0],
                                                                  end=self.working_hours[1])))

    def touched(self, handoff: datetime, working_hours: float, clock: WorkingClock | None = None) -> datetime:
        """The moment ``working_hours`` of the team's working time (on ``clock``, by default the world's team's)
        after ``handoff``."""
        clock = clock or self.clock
        day = (handoff - self.start).total_seconds() / 86_400  # the world starts on a Monday: the clock's day 0
        work = clock.to_work(np.array([day]))[0] + working_hours
        return self.start + timedelta(days=float(clock.to_calendar(np.array([work]))[0]))

    def team_of(self, role: str) -> tuple[str, Team] | None:
        """The team that works a lead of ``role`` (``None`` without teams)."""
        return next(((name, t) for name, t in self.teams.items() if role in t.roles or not t.roles), None)

    def with_teams(self) -> World:
        """The same world with its handoffs split between two teams, as a CRM's team column (HubSpot Team)
        records them: executives and clinical leaders to the account executives ("AE"), every other role to the
        SDRs ("SDR Team"), each with days, hours and a pickup of its own, drawn on a stream of their own (every
        other draw of the world stays as it was)."""
        rng = np.random.default_rng(40_000 + self.seed)
        self.teams = {
            "AE": Team(("executive", "clinical_leadership"), WEEKDAYS[:5],
                       (int(rng.integers(8, 10)), int(rng.integers(16, 19))), float(rng.uniform(3, 10))),
            "SDR Team": Team((), WEEKDAYS[:6] if rng.random() < 0.5 else WEEKDAYS[:5],
                             (int(rng.integers(7, 9)), int(rng.integers(17, 21))), float(rng.uniform(0.3, 2.5))),
        }
        return self

    def at_volume(self, leads_per_week: float) -> World:
        """The same world with ``leads_per_week`` leads a week over all its offers (their split kept)."""
        scale = leads_per_week / sum(self.weekly.values())
        self.weekly = {offer: rate * scale for offer, rate in self.weekly.items()}
        return self

    def response_truth(self, reference_hours: float) -> dict[str, float]:
        """The speed-to-lead factors relative to the band the calibration took as its reference."""
        rows = (*RESPONSE_ROWS, 168.0)
        ref = self.response_factors[rows.index(reference_hours)]
        return {f"acceptance.by_response_time.within_{h:g}h": f / ref
                for h, f in zip(rows, self.response_factors, strict=True) if h > reference_hours}

    def truth(self) -> dict[str, float]:
        out = {f"mix.role.{r}": s for r, s in self.mix["role"].items()}
        out |= {f"mix.source.{SOURCE_LABELS[label]}": s for label, s in self.mix["source"].items()}
        out |= {f"arrivals.pattern.weekdays.{d}": 7 * s for d, s in zip(("mon", "tue", "wed", "thu", "fri", "sat",
                                                                          "sun"), self.weekdays, strict=True)}
        out |= {f"funnel.mql_to_sql.{r}": p for r, p in self.p_sql.items()}
        out["funnel.days_to_mql.median"] = self.mql_days
        out["funnel.days_to_sql.median"] = self.sql_days
        if not self.teams:
            out["sales.pickup_hours.median"] = self.pickup_median_hours
            out["sales.pickup_hours.p90"] = self.pickup_median_hours * math.exp(PICKUP_SIGMA * Z90)
        for name, team in self.teams.items():
            queue = QUEUE_OF_TEAM[name]
            out[f"sales.queues.{queue}.pickup_hours.median"] = team.pickup_median_hours
            out[f"sales.queues.{queue}.pickup_hours.p90"] = team.pickup_median_hours * math.exp(PICKUP_SIGMA * Z90)
        out |= {f"sales.rejection.{r}": s for r, s in self.reasons.items()}
        out |= {f"arrivals.{entry}.leads_per_week": self.weekly[offer] for entry, offer in zip(("guide", "webinar"),
                                                                                               OFFERS, strict=True)}

        return out | self.effective


# How an export writes dates and lifecycle stages: as HubSpot's API does (ISO, internal values), or as a UI export
# saved again by Excel in a US or a UK account (slashed dates in the account's order, the stages' labels). Only the
# text differs: the same world reads the same whatever its style.
EXPORT_STYLES = {"api": None, "us_excel": "%m/%d/%Y %I:%M %p", "uk_excel": "%d/%m/%Y %H:%M"}
STAGE_LABELS = {"lead": "Lead", "marketingqualifiedlead": "Marketing Qualified Lead",
                "salesqualifiedlead": "Sales Qualified Lead", "opportunity": "Opportunity"}


def draw_world(seed: int) -> World:
    """A team drawn at random: volumes, mixes, conversion by role, timing, acceptance, messiness."""
    rng = np.random.default_rng(10_000 + seed)
    # Its own stream, so the style leaves every other draw of the world as it was.
    style = str(np.random.default_rng(20_000 + seed).choice(list(EXPORT_STYLES)))
    total = float(rng.uniform(150, 500))
    guide = float(rng.uniform(0.55, 0.8))
    weekdays = rng.dirichlet([6, 6, 6, 5, 4, 0.7, 0.5])
    labels = list(rng.choice(list(SOURCE_LABELS), size=int(rng.integers(6, 10)), replace=False))
    return World(
        seed=seed, start=datetime(2025, 1, 6), weeks=int(rng.integers(30, 45)), tail_weeks=int(rng.integers(4, 9)),
        weekly={OFFERS[0]: total * guide, OFFERS[1]: total * (1 - guide)}, weekdays=tuple(float(w) for w in weekdays),
        mix={"role": _shares(rng, ROLES, 4), "care_setting": _shares(rng, SETTINGS, 4),
             "facility_size": _shares(rng, tuple(SIZE_LABELS), 4), "source": _shares(rng, tuple(labels), 3)},
        p_mql={r: float(rng.uniform(0.25, 0.65)) for r in ROLES}, mql_days=float(rng.uniform(2, 10)),
        p_sql={r: float(rng.uniform(0.12, 0.4)) for r in ROLES}, sql_days=float(rng.uniform(3, 14)),
        accept=((0.0, float(rng.uniform(0.45, 0.75))), (30.0, float(rng.uniform(0.7, 0.95)))),
        response_factors=(1.0, float(rng.uniform(0.85, 0.97)), float(rng.uniform(0.7, 0.9)),
                          float(rng.uniform(0.5, 0.75))),
        pickup_median_hours=float(rng.uniform(0.5, 8)),
        reasons=_shares(rng, tuple(REASONS), 5), missing_dates=float(rng.uniform(0.02, 0.12)),
        recycled=float(rng.uniform(0.1, 0.4)), export_style=style, **_team_hours(seed))


def _team_hours(seed: int) -> dict:
    """When the team's reps work, on a stream of its own: mostly weekdays in office hours, some Saturdays, a
    few teams every day (half of those round the clock, as a follow-the-sun team)."""
    rng = np.random.default_rng(30_000 + seed)
    kind = rng.random()
    days = WEEKDAYS[:5] if kind < 0.7 else WEEKDAYS[:6] if kind < 0.9 else WEEKDAYS
    hours = (int(rng.integers(7, 10)), int(rng.integers(16, 20)))
    if kind >= 0.95:
        hours = (0, 24)
    return {"working_days": days, "working_hours": hours}


def _shares(rng: np.random.Generator, keys: tuple[str, ...], concentration: float) -> dict[str, float]:
    # Every value keeps at least 3%, so no value is too rare to estimate.
    raw = 0.03 + (1 - 0.03 * len(keys)) * rng.dirichlet([concentration] * len(keys))
    return {k: float(v) for k, v in zip(keys, raw, strict=True)}


def _pick(rng: np.random.Generator, shares: dict[str, float]) -> str:
    keys = list(shares)
    return keys[int(rng.choice(len(keys), p=np.array([shares[k] for k in keys]) / sum(shares.values())))]


def generate_world(world: World, document: Document) -> list[dict[str, str]]:
    """The HubSpot contacts export of ``world`` as rows (header -> cell); also fills ``world.effective``."""
    rng = np.random.default_rng(world.seed)
    fit_of = fit_scorer(document)
    end = world.start + timedelta(weeks=world.weeks + world.tail_weeks)  # the export is taken this late
    rows: list[dict[str, str]] = []
    probs: dict[str, list[float]] = {"sales.accept": [], "sales.accept.fit>=0": [], "sales.accept.fit>=30": []}
    eligible = {r: [0, 0] for r in ROLES}
    for week in range(world.weeks):
        for offer, rate in world.weekly.items():
            for _ in range(int(rng.poisson(rate))):
                day = int(rng.choice(7, p=np.array(world.weekdays)))
                created = world.start + timedelta(days=7 * week + day, hours=float(rng.uniform(7, 19)))
                lead = {name: _pick(rng, shares) for name, shares in world.mix.items()}
                fit = fit_of(SimpleNamespace(role=lead["role"], care_setting=lead["care_setting"], offer=None,  # type: ignore[arg-type]
                                             facility_size=lead["facility_size"], source=None))
                eligible[lead["role"]][0] += 1
                eligible[lead["role"]][1] += fit >= world.fit_min
                rows.append(_lead(world, rng, len(rows), created, offer, lead, fit, end, probs))
    for role, (n, ok) in eligible.items():
        world.effective[f"funnel.lead_to_mql.{role}"] = world.p_mql[role] * ok / max(n, 1)
    for name, values in probs.items():
        if values:
            world.effective[name] = float(np.mean(values))
    return rows


def _when(moment: datetime | None, end: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment is not None and moment < end else ""


def _lead(world: World, rng: np.random.Generator, i: int, created: datetime, offer: str, lead: dict, fit: float,
          end: datetime, probs: dict[str, list[float]]) -> dict[str, str]:
    size = SIZE_LABELS[lead["facility_size"]][int(rng.integers(2))]
    row = {"Record ID": str(100_000 + i), "Email": f"person{i}@example.org",
           "Phone Number": f"+1 617 555 {i % 10_000:04d}",
           "Create Date": _when(created, end), "Job Title": _TITLES[lead["role"]][i % 3],
           "Industry": lead["care_setting"].replace("_", " ").title(), "Number of Employees": size,
           "Original Source": lead["source"], "First Conversion": offer, "Lifecycle Stage": "lead",
           "Lead Status": "New", "Became a Marketing Qualified Lead Date": "", "Became a Sales Qualified Lead Date": "",
           "First Outreach Date": "", "Rejection Reason": ""}
    team = world.team_of(lead["role"])
    if team is not None:  # the team that owns the lead from its creation, as HubSpot's team of the owner
        row["HubSpot Team"] = team[0]
    if fit < world.fit_min or rng.random() >= world.p_mql[lead["role"]]:
        return row
    mql = created + timedelta(days=world.mql_days * math.exp(0.6 * rng.standard_normal()))
    if mql >= end:
        return row
    row["Lifecycle Stage"], row["Became a Marketing Qualified Lead Date"] = "marketingqualifiedlead", _when(mql, end)
    if rng.random() >= world.p_sql[lead["role"]]:
        return _blank(row, rng, world, "Became a Marketing Qualified Lead Date")
    sql = mql + timedelta(days=world.sql_days * math.exp(0.6 * rng.standard_normal()))
    if sql >= end:
        return _blank(row, rng, world, "Became a Marketing Qualified Lead Date")
    row["Lifecycle Stage"], row["Became a Sales Qualified Lead Date"] = "salesqualifiedlead", _when(sql, end)
    # The rep gets to it a pickup of working hours after the handoff, on the team's clock.
    median = team[1].pickup_median_hours if team is not None else world.pickup_median_hours
    pickup = median * math.exp(PICKUP_SIGMA * rng.standard_normal())
    touch = world.touched(sql, pickup, team[1].clock if team is not None else None)
    hours = (touch - sql).total_seconds() / 3600
    row["First Outreach Date"] = _when(touch, end)
    if touch >= end:
        row["Lead Status"] = "Attempted to contact"
        return _blank(row, rng, world, "Became a Marketing Qualified Lead Date")
    band = max((p for m, p in world.accept if fit >= m), default=0.0)
    factor = world.response_factors[sum(hours > h for h in RESPONSE_ROWS)]
    p = band * factor
    probs["sales.accept"].append(p)
    probs["sales.accept.fit>=30" if fit >= 30 else "sales.accept.fit>=0"].append(p)
    if rng.random() < p:
        row["Lifecycle Stage"] = "opportunity" if rng.random() < 0.5 else "salesqualifiedlead"
        row["Lead Status"] = ("Open deal", "In progress", "Connected")[int(rng.integers(3))]
    else:
        reason = _pick(rng, world.reasons)
        row["Lead Status"] = "Bad timing" if reason == "no_evaluation_plan" and rng.random() < 0.5 else "Unqualified"
        row["Rejection Reason"] = REASONS[reason] if rng.random() < 0.8 else ""
        if row["Lead Status"] == "Bad timing":
            row["Rejection Reason"] = ""  # the status says why
        if rng.random() < world.recycled:  # recycled: back to nurture, the stage reset, the SQL date kept
            row["Lifecycle Stage"], row["Lead Status"] = "lead", "Unqualified"
            return _blank(row, rng, world, "Became a Marketing Qualified Lead Date")
    for name in ("Became a Marketing Qualified Lead Date", "Became a Sales Qualified Lead Date"):
        _blank(row, rng, world, name)
    return row


def _blank(row: dict[str, str], rng: np.random.Generator, world: World, column: str) -> dict[str, str]:
    if rng.random() < world.missing_dates:
        row[column] = ""
    return row


_TITLES = {"clinical_leadership": ("CMIO", "Chief Nursing Officer", "Medical Director"),
           "operations": ("Practice Manager", "Director of Patient Access", "Operations Manager"),
           "it": ("CIO", "Director of IT", "Informatics Manager"),
           "executive": ("CEO", "Chief Operating Officer", "President"),
           "procurement": ("Procurement Manager", "Supply Chain Director", "Purchasing Manager")}


def write_export(path, rows: list[dict[str, str]], style: str = "api") -> None:
    """``rows`` as a CSV file, dates and stages written in ``style`` (``EXPORT_STYLES``)."""
    import csv

    dates = EXPORT_STYLES[style]
    if dates is not None:
        def restyled(row: dict[str, str]) -> dict[str, str]:
            out = {k: (datetime.strptime(v, "%Y-%m-%d %H:%M").strftime(dates) if v and k in _DATE_COLUMNS else v)
                   for k, v in row.items()}
            out["Lifecycle Stage"] = STAGE_LABELS.get(row["Lifecycle Stage"], row["Lifecycle Stage"])
            return out
        rows = [restyled(r) for r in rows]
    with open(path, "w", newline="", encoding="utf-8") as handle:
        out = csv.DictWriter(handle, list(rows[0]))
        out.writeheader()
        out.writerows(rows)


_DATE_COLUMNS = frozenset({"Create Date", "Became a Marketing Qualified Lead Date",
                           "Became a Sales Qualified Lead Date", "First Outreach Date"})
