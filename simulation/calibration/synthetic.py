"""Synthetic lead histories from known parameters, for tests and demos: what calibration should recover."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from types import SimpleNamespace

import numpy as np

from sequences import Document
from sequences.scenario import Behaviour, Rates, RatesOverride

from .entries import fit_scorer
from .export_rows import SyntheticLead

FIRST_NAMES = ("Ana", "Ben", "Chloe", "Dev", "Eli", "Fay", "Gus", "Hana")
LAST_NAMES = ("Okafor", "Lindqvist", "Moreau", "Tanaka", "Reyes", "Novak")


@dataclass
class Truth:
    """The known parameters of a synthetic history (rates per lead unless named otherwise)."""

    start: datetime = datetime(2025, 1, 6)  # a Monday
    weeks: int = 26
    weekly: dict[str, float] = field(default_factory=lambda: {"Patient engagement guide": 300.0,
                                                               "Scheduling and EHR integration webinar": 120.0})
    mix: dict[str, dict[str, float]] = field(default_factory=lambda: {
        "role": {"clinical_leadership": 0.3, "operations": 0.35, "it": 0.15, "executive": 0.1, "procurement": 0.1},
        "care_setting": {"hospital_system": 0.4, "ambulatory_group": 0.35, "payer": 0.1, "digital_health": 0.15},
        "facility_size": {"small": 0.3, "mid": 0.35, "large": 0.25, "enterprise": 0.1},
        "source": {"content_download": 0.5, "webinar": 0.3, "paid": 0.1, "organic": 0.1},
    })
    p_mql: float = 0.4
    days_to_mql: float = 6.0  # exponential mean
    p_sql: dict[str, float] = field(default_factory=lambda: {"clinical_leadership": 0.3, "operations": 0.25,
                                                              "it": 0.2, "executive": 0.15, "procurement": 0.1})
    days_to_sql: float = 8.0
    accept: tuple[tuple[float, float], ...] = ((0.0, 0.45), (30.0, 0.75))  # (fit_min, p) as in the scenario
    reasons: dict[str, float] = field(default_factory=lambda: {"poor_fit": 0.5, "no_evaluation_plan": 0.3,
                                                                "wrong_contact": 0.2})
    outreach_median_hours: float = 14.0
    outreach_sigma: float = 0.8  # of the log-normal
    behaviour: Behaviour = field(default_factory=lambda: Behaviour(
        default=Rates(open=0.35, click_given_open=0.2, hand_raise=0.05, unsubscribe=0.01),
        overrides=(RatesOverride(role="clinical_leadership", open=0.45),
                   RatesOverride(topic="integration", click_given_open=0.35))))
    emails_per_lead: int = 4
    topics: tuple[str, ...] = ("patient_engagement", "integration", "scheduling", "roi")

    def accept_probability(self, fit: float) -> float:
        return max((p for m, p in self.accept if fit >= m), default=0.0)


def _pick(rng: np.random.Generator, shares: dict[str, float], n: int) -> list[str]:
    keys = list(shares)
    probs = np.array([shares[k] for k in keys], dtype=float)
    return [keys[i] for i in rng.choice(len(keys), size=n, p=probs / probs.sum())]


def generate(truth: Truth, document: Document, seed: int = 0) -> tuple[list[SyntheticLead], list[tuple]]:
    """Leads and events drawn from ``truth``; nothing after the end of the period is recorded (censoring)."""
    rng = np.random.default_rng(seed)
    end = truth.start + timedelta(weeks=truth.weeks)
    fit_of = fit_scorer(document)
    leads: list[SyntheticLead] = []
    for week in range(truth.weeks):
        for offer in sorted(truth.weekly):
            n = int(rng.poisson(truth.weekly[offer]))
            offsets = np.sort(rng.uniform(0, 7, n))
            attrs = {name: _pick(rng, shares, n) for name, shares in truth.mix.items()}
            for i in range(n):
                created = truth.start + timedelta(days=7 * week + float(offsets[i]))
                lead = SyntheticLead(f"L{len(leads) + 1:07d}", created, attrs["role"][i], attrs["care_setting"][i],
                                     attrs["facility_size"][i], attrs["source"][i], offer,
                                     title_index=int(rng.integers(0, 8)))
                lead.person = _person(rng, len(leads))
                _funnel(lead, truth, rng, end, fit_of)
                leads.append(lead)
    return leads, _events(leads, truth, rng, end)


def _person(rng: np.random.Generator, i: int) -> dict[str, str]:
    first, last = FIRST_NAMES[i % len(FIRST_NAMES)], LAST_NAMES[int(rng.integers(0, len(LAST_NAMES)))]
    return {"first": first, "last": last, "email": f"{first.lower()}.{last.lower()}{i}@example.org",
            "phone": f"+1 617 555 {i % 10000:04d}", "ip": f"10.0.{i % 250}.{i % 200 + 1}",
            "notes": f"Met {first} at HIMSS, wants a call"}


def _later(start: datetime, days: float, end: datetime) -> datetime | None:
    moment = start + timedelta(days=days)
    return moment if moment < end else None


def _funnel(lead: SyntheticLead, truth: Truth, rng: np.random.Generator, end: datetime, fit_of) -> None:
    if rng.random() >= truth.p_mql:
        return
    lead.mql = _later(lead.created, rng.exponential(truth.days_to_mql), end)
    if lead.mql is None or rng.random() >= truth.p_sql.get(lead.role, 0.0):
        return
    lead.sql = _later(lead.mql, rng.exponential(truth.days_to_sql), end)
    if lead.sql is None:
        return
    hours = truth.outreach_median_hours * float(np.exp(truth.outreach_sigma * rng.standard_normal()))
    lead.first_outreach = _later(lead.sql, hours / 24, end)
    if lead.first_outreach is None:
        return
    decided = _later(lead.first_outreach, float(rng.uniform(0.5, 3)), end)
    fit = fit_of(SimpleNamespace(role=lead.role, care_setting=lead.care_setting, facility_size=lead.facility_size,
                                 source=lead.source, offer=None))
    accepted = rng.random() < truth.accept_probability(fit)
    reason = _pick(rng, truth.reasons, 1)[0]
    if decided is not None:
        if accepted:
            lead.accepted = decided
        else:
            lead.rejected, lead.reason = decided, reason


def _events(leads: list[SyntheticLead], truth: Truth, rng: np.random.Generator, end: datetime) -> list[tuple]:
    events: list[tuple] = []
    hand_raises = ("form", "demo", "reply")
    for lead in leads:
        for k in range(truth.emails_per_lead):
            sent = _later(lead.created, 1 + 3 * k + float(rng.uniform(0, 1)), end)
            if sent is None:
                break
            topic = truth.topics[int(rng.integers(0, len(truth.topics)))]
            rates = truth.behaviour.rates(lead.role, topic)
            events.append((lead.lead_id, sent, "delivered", topic))
            if rng.random() >= rates.open:
                continue
            events.append((lead.lead_id, sent + timedelta(hours=2), "open", topic))
            if rng.random() < rates.click_given_open:
                events.append((lead.lead_id, sent + timedelta(hours=3), "click", topic))
            if rng.random() < rates.hand_raise:
                kind = hand_raises[int(rng.integers(0, 3))]
                events.append((lead.lead_id, sent + timedelta(hours=5), kind, topic))
            if rng.random() < rates.unsubscribe:
                events.append((lead.lead_id, sent + timedelta(hours=6), "unsubscribe", topic))
                break
    return events


def main(argv: list[str] | None = None) -> None:
    """``python -m simulation.calibration.synthetic OUT_DIR [WEEKS] [LEADS_PER_WEEK]``: demo or benchmark files;
    ``... --world SEED OUT_DIR [--volume LEADS_PER_WEEK]``: the messy HubSpot export of a world drawn at random
    (``worlds.py``)."""
    import argparse
    from pathlib import Path

    from sequences import load_document

    from .export_rows import write_events, write_leads

    parser = argparse.ArgumentParser(
        prog="python -m simulation.calibration.synthetic",
        description="Synthetic CRM histories from known parameters: the demo's leads and events, or (--world) the "
                    "messy HubSpot contacts export of a team drawn at random.")
    parser.add_argument("out", metavar="OUT_DIR", help="folder to write leads.csv (and events.csv) into")
    parser.add_argument("weeks", nargs="?", type=int, default=26, help="weeks of leads (demo files; default 26)")
    parser.add_argument("per_week", nargs="?", type=float, default=420.0, metavar="LEADS_PER_WEEK",
                        help="leads a week (demo files; default 420)")
    parser.add_argument("--world", type=int, metavar="SEED", help="draw a world at random with this seed")
    parser.add_argument("--volume", type=float, metavar="LEADS_PER_WEEK",
                        help="with --world: the world's leads a week (default: drawn, 150-500)")
    args = parser.parse_args(argv)
    if args.weeks < 1 or args.per_week <= 0 or (args.volume is not None and args.volume <= 0):
        parser.error("weeks and leads a week must be positive")
    example = Path(__file__).resolve().parents[2] / "assets" / "examples" / "patient_engagement.nurture.yaml"
    out = Path(args.out)
    if args.world is not None:
        from .worlds import draw_world, generate_world, write_export

        world = draw_world(args.world)
        if args.volume is not None:
            world.at_volume(args.volume)
        rows = generate_world(world, load_document(example))
        out.mkdir(parents=True, exist_ok=True)
        write_export(out / "leads.csv", rows, world.export_style)
        print(f"{len(rows)} leads of world {args.world} written to {out}")
        return
    truth = Truth(weeks=args.weeks, weekly={"Patient engagement guide": args.per_week * 5 / 7,
                                            "Scheduling and EHR integration webinar": args.per_week * 2 / 7})
    leads, events = generate(truth, load_document(example), seed=1)
    out.mkdir(parents=True, exist_ok=True)
    write_leads(out / "leads.csv", leads)
    write_events(out / "events.csv", events)
    print(f"{len(leads)} leads and {len(events)} events written to {out}")


if __name__ == "__main__":
    main()
