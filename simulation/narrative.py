"""Plain-language sentences about a comparison: "18% fewer SQLs (±3%), SLA breaches fall from 22% to 6%"."""

from __future__ import annotations

from .compare import Comparison
from .result import Estimate

# Counts are described as a relative change against the baseline; rates as "from x% to y%".
COUNTS: tuple[tuple[str, str], ...] = (
    ("mqls", "MQLs"), ("sql_leads", "SQLs"), ("sql_handoffs", "handoffs to sales"),
    ("accepted", "leads accepted by sales"), ("rejected", "leads rejected by sales"),
    ("sla_breaches", "SLA breaches"), ("queue_stalled", "leads stalled in the sales queue"),
    ("node_stalled", "leads stalled in nurture"), ("unsubscribed", "unsubscribes"),
)
RATES: tuple[tuple[str, str], ...] = (
    ("sla_breach_rate", "SLA breaches"), ("rep_utilisation", "rep utilisation"),
    ("conversion", "lead-to-SQL conversion"),
)
HEADLINE = ("sql_leads", "sla_breach_rate")


def _percent(value: float) -> str:
    # Small rates keep a decimal so "0.4%" does not read as "0%"; "6.0%" still reads "6%".
    if 0 < abs(value) < 0.095:
        return f"{100 * value:.1f}".removesuffix(".0") + "%"
    return f"{100 * value:.0f}%"


def count_phrase(label: str, base: Estimate, diff: Estimate) -> str:
    """"18% fewer SQLs (±3%)"; "no clear change in SQLs (+1% ±4%)" when the interval straddles zero."""
    if base.mean is None or diff.mean is None:
        return f"{label}: not enough data"
    if base.mean == 0:
        if diff.mean == 0:
            return f"no {label} in either"
        return f"{diff.mean:+,.0f} {label} (none before)"
    relative = diff.mean / base.mean
    half = (diff.high - diff.low) / 2 / abs(base.mean) if diff.low is not None and diff.high is not None else 0.0
    spread = f" (±{_percent(half)})" if half > 0 else ""
    if diff.low is not None and diff.high is not None and diff.low <= 0 <= diff.high and half > 0:
        return f"no clear change in {label} ({100 * relative:+.0f}% ±{_percent(half)})"
    if round(100 * relative) == 0:
        return f"about the same {label}{spread}"
    word = "more" if relative > 0 else "fewer"
    return f"{_percent(abs(relative))} {word} {label}{spread}"


def rate_phrase(label: str, base: Estimate, other: Estimate, diff: Estimate | None = None) -> str:
    """"SLA breaches fall from 22% to 6%"; "... 5% vs 6% (no clear change)" when the interval straddles zero."""
    if base.mean is None or other.mean is None:
        return f"{label}: not enough data"
    before, after = _percent(base.mean), _percent(other.mean)
    plural = label.endswith("es")  # "SLA breaches fall", "rep utilisation falls"
    if before == after:
        return f"{label} stay{'' if plural else 's'} at about {after}"
    if diff is not None and diff.low is not None and diff.high is not None and diff.low < diff.high \
            and diff.low <= 0 <= diff.high:
        return f"{label} {before} vs {after} (no clear change)"
    verb = "rise" if other.mean > base.mean else "fall"
    return f"{label} {verb}{'' if plural else 's'} from {before} to {after}"


def metric_lines(comparison: Comparison, name: str) -> list[tuple[str, str]]:
    """(figure, sentence) for every described figure of scenario ``name`` against the baseline."""
    base = comparison.result(comparison.baseline)
    other = comparison.result(name)
    diffs = comparison.differences.get(name, {})
    lines = []
    for figure, label in COUNTS:
        if figure in base.totals and figure in diffs:
            lines.append((figure, _capital(count_phrase(label, base.totals[figure], diffs[figure]))))
    for figure, label in RATES:
        if figure in base.totals:
            lines.append((figure, _capital(rate_phrase(label, base.totals[figure], other.totals[figure],
                                                       diffs.get(figure)))))
    return lines


def headline(comparison: Comparison, name: str) -> str:
    """One sentence for a scenario: its name, then what happens to SQLs and to SLA breaches."""
    base = comparison.result(comparison.baseline)
    other = comparison.result(name)
    diffs = comparison.differences.get(name, {})
    parts = [count_phrase("SQLs", base.totals["sql_leads"], diffs["sql_leads"]),
             rate_phrase("SLA breaches", base.totals["sla_breach_rate"], other.totals["sla_breach_rate"],
                         diffs.get("sla_breach_rate"))]
    return f"{_capital(name)}: {', '.join(parts)}"


def narrative(comparison: Comparison) -> dict[str, list[str]]:
    """For every scenario but the baseline: the headline first, then one line per figure."""
    return {r.scenario: [headline(comparison, r.scenario)] + [text for _, text in metric_lines(comparison,
                                                                                                r.scenario)]
            for r in comparison.results if r.scenario != comparison.baseline}


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
