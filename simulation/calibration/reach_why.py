"""Why a funnel target is out of reach, where the history itself can say: the MQL fit minimum.

A lead becomes an MQL only once its fit reaches the scoring's ``mql.fit_min``, whatever it does. A role whose
leads mostly score under it by the document's fit rules can reach MQL in the engine at most as often as its
leads clear that bar, however the behaviour is fitted. When the history shows more of that role's leads reaching
MQL than clear the bar, no behaviour reaches the observed rate, and the cause is the scoring, not the graph: the
flag says so, with the share the fit rules let through, so the analyst knows which rule to look at.
"""

from __future__ import annotations

from sequences import Document, Scenario

from .counts import HistoryCounts
from .stats import Estimate

CAUSE = "; why: "


def fit_ceiling(counts: HistoryCounts, role: str | None, fit_min: float) -> tuple[float, int] | None:
    """The share of the history's leads (of ``role``, or all) whose fit reaches ``fit_min``, and their number."""
    tally = [(fit, n) for (r, fit), n in counts.fit_by_role.items() if role is None or r == role]
    total = sum(n for _, n in tally)
    if not total:
        return None
    return sum(n for fit, n in tally if fit >= fit_min) / total, total


def explain_out_of_reach(flags: list[str], counts: HistoryCounts, document: Document, scenario: Scenario,
                         estimates: list[Estimate]) -> list[str]:
    """``flags`` with the fit minimum named as the cause of every lead -> MQL target the engine falls short of
    where the history's leads of that role reach MQL more often than their fit lets them."""
    fit_min = scenario.effective_scoring(document.scoring).mql.fit_min
    found = {e.name: e for e in estimates}
    out = []
    for flag in flags:
        head = "CANNOT REACH lead->MQL"
        if not flag.startswith(head) or CAUSE in flag:
            out.append(flag)
            continue
        rest = flag[len(head):].split(":", 1)[0]
        role = rest.removeprefix(" for ").strip() or None
        observed = found.get("funnel.lead_to_mql" + (f".{role}" if role else ""))
        ceiling = fit_ceiling(counts, role, fit_min)
        if observed is None or ceiling is None or ceiling[0] >= observed.low:
            out.append(flag)
            continue
        share, n = ceiling
        who = f"{role} leads" if role else "leads"
        out.append(f"{flag}{CAUSE}only {100 * share:.1f}% of the history's {n:,} {who} have a fit of at least "
                   f"{fit_min:g} (the MQL fit minimum) by the document's fit rules, so no more can become MQLs, "
                   f"yet {100 * observed.value:.1f}% did: the fit rules or the MQL fit minimum hold them back "
                   "(scoring.fit, thresholds.mql.fit_min)")
    return out
