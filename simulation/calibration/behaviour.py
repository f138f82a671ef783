"""Open, click, hand-raise and unsubscribe rates by role and topic from engagement events."""

from __future__ import annotations

from collections import Counter

from sequences.scenario import Behaviour, Rates, RatesOverride

from .counts import HAND_RAISE, HistoryCounts
from .stats import Estimate, proportion

# rate -> (events counted, denominator events); the engine's rates are per delivered email and
# "given open", so that is what is estimated.
RATES: dict[str, tuple[frozenset[str], str]] = {
    "open": (frozenset({"open"}), "delivered"),
    "click_given_open": (frozenset({"click"}), "open"),
    "hand_raise": (HAND_RAISE, "open"),
    "unsubscribe": (frozenset({"unsubscribe"}), "open"),
}


def _cells(counts: HistoryCounts) -> dict[tuple[str | None, str | None], Counter]:
    """Event counts for every level of detail: all, by role, by topic, by role and topic."""
    cells: dict[tuple[str | None, str | None], Counter] = {}
    for (role, topic, event), n in counts.events.items():
        for key in {(None, None), (role, None), (None, topic), (role, topic)}:
            cells.setdefault(key, Counter())[event] += n
    return cells


def behaviour_estimates(counts: HistoryCounts, base: Behaviour, roles: tuple[str, ...], topics: tuple[str, ...],
                        min_n: int, source: str) -> tuple[Behaviour, list[Estimate], list[str]]:
    """The base behaviour with every rate the events support replaced; thin cells fall back to the
    less specific rate (role and topic -> role or topic -> all), as the engine's lookup does."""
    if not counts.events:
        return base, [], ["behaviour: no engagement events; rates kept from the base scenario"]
    cells = _cells(counts)
    estimates: list[Estimate] = []
    flags: list[str] = []
    pooled: list[str] = []
    default = base.default.model_dump()
    overrides: list[RatesOverride] = []
    for (role, topic), tally in sorted(cells.items(), key=lambda kv: (kv[0][0] or "", kv[0][1] or "")):
        if role is not None and role not in roles or topic is not None and topic not in topics:
            continue
        where = "all" if role is None and topic is None else ".".join(x for x in (role, topic) if x)
        values: dict[str, float] = {}
        for rate, (kinds, denom_kind) in RATES.items():
            denom = tally.get(denom_kind, 0)
            k = min(sum(tally.get(kind, 0) for kind in kinds), denom)
            if denom == 0:
                continue
            est = proportion(f"behaviour.{where}.{rate}", k, denom, f"{source}: opens per delivered email; "
                             "clicks, hand-raises (form, demo, reply) and unsubscribes per open", min_n)
            if denom < min_n:
                if (role, topic) != (None, None):
                    pooled.append(f"{where}.{rate} (n={denom})")
                    est.flags.append("pooled: less specific rate used")
                    estimates.append(est)
                    continue
            estimates.append(est)
            values[rate] = round(est.value, 4)
        if (role, topic) == (None, None):
            default.update(values)
        elif values:
            overrides.append(RatesOverride(role=role, topic=topic, **values))
    if "delivered" not in {event for (_, _, event) in counts.events}:
        flags.append("behaviour: no delivered/sent events, so open rates are kept from the base scenario")
    if pooled:
        shown = ", ".join(pooled[:8]) + (f" and {len(pooled) - 8} more" if len(pooled) > 8 else "")
        flags.append(f"behaviour: thin cells pooled: {shown}")
    return Behaviour(default=Rates(**default), overrides=tuple(overrides)), estimates, flags
