"""The note saved in a calibrated scenario's description: where every number came from."""

from __future__ import annotations

from datetime import timedelta

from .counts import HistoryCounts
from .reach_why import CAUSE
from .stats import Estimate, _fmt

MAX_CHARS = 9_000  # the model caps a string at 10,000 characters


SECTION_ORDER = ("arrivals", "mix", "sales", "sla", "funnel", "fit", "behaviour")


def _group_lines(estimates: list[Estimate]) -> list[str]:
    """Per section (arrivals, mix...) its source and method once, then one line per group of estimates
    (``mix.role``, ``behaviour.it.integration``...), each value with its 95% interval and sample size."""
    sections: dict[str, dict[str, list[Estimate]]] = {}
    for est in estimates:
        group, _, _ = est.name.rpartition(".")
        sections.setdefault(est.name.split(".")[0], {}).setdefault(group, []).append(est)
    lines = []
    for section in sorted(sections, key=lambda s: SECTION_ORDER.index(s) if s in SECTION_ORDER else 99):
        groups = sections[section]
        first = next(iter(groups.values()))[0]
        lines.append(f"{section} (from {first.source}; {first.method}):")
        for group, items in groups.items():
            values = ", ".join(
                f"{e.name.rpartition('.')[2]} {_fmt(e.value)} ({_fmt(e.low)}-{_fmt(e.high)}, n={e.n}"
                + (f"; {'; '.join(e.flags)}" if e.flags else "") + ")" for e in items)
            unit = f" [{items[0].unit}]" if items[0].unit else ""
            own = f" (from {items[0].source})" if items[0].source != first.source else ""
            lines.append(f"- {group}{unit}{own}: {values}")
    return lines


def provenance_note(counts: HistoryCounts, estimates: list[Estimate], flags: list[str], sources: dict[str, str],
                    columns: dict[str, str], block_weeks: int) -> str:
    end = counts.start + timedelta(days=7 * counts.weeks - 1)
    events = f" and {sources['events']}" if sources.get("events") else ""
    head = [
        f"Calibrated from {sources['leads']}{events}: {counts.leads} leads, {counts.start.date()} to "
        f"{end.date()} ({counts.weeks} weeks). Day 0 of the scenario is {counts.start.date()}.",
        "Columns: " + ", ".join(f"{field} <- '{header}'" for field, header in columns.items()
                                if field != "lead_id") + " (lead ids only as keyed hashes).",
        f"Arrivals: weekly created counts per entry (offer matched to the entry's offer), in blocks of "
        f"{block_weeks} weeks. Mix: shares of leads. Behaviour: events per delivered email and given open, "
        "by role and topic. Acceptance: accepted / decided handoffs by fit band (fit from the document's "
        "fit rules); rejection reasons: shares of rejected leads with a reason.",
        (f"Behaviour by role (engagement, hand-raise) and, where needed, the MQL threshold: fitted by simulation "
         f"so the funnel converts as observed, and the response and handoff lags so the times to MQL and to SQL "
         f"do (fit.*; simulated.* beside the observed). Kept from "
         f"'{sources['base']}': SQL threshold, fit minimum, the sales team's size and pace (its working days, hours "
         "and pickup come from the first touches where they show them), SLA, stall rules, replications and seed."
         if sources.get("fitted") else
         f"Kept from '{sources['base']}': thresholds, the sales team's size and pace, SLA, stall rules, replications "
         "and seed; "
         "the funnel and outreach figures below are for checking them (run `nurture backtest`)."),
        "Estimates:",
    ]
    # The per-role simulated rates are in the report; the note keeps the overall ones (the flags name any
    # role out of reach), so a document with many calibrated scenarios stays quick to save.
    # Figures for fields this scenario does not have (weekday pattern, speed to lead, lags) are in the report.
    shown = [e for e in estimates if not (e.name.startswith("simulated.") and e.name.count(".") > 1
                                          and not e.name.startswith("simulated.days_to"))
             and not e.name.startswith(("arrivals.pattern", "arrivals.dispersion", "acceptance.by_response_time",
                                        "behaviour.response_lag_hours"))]
    out_of_reach = [f.split(":")[0].removeprefix("CANNOT REACH ") + ":" + f.split(":")[1].split(": the graph")[0]
                    + (f" (why: {f.split(CAUSE, 1)[1]})" if CAUSE in f else "")
                    for f in flags if f.startswith("CANNOT REACH")]
    out_of_reach = [f.replace(" the engine gives ", " engine ").replace(" against the observed ", " vs observed ")
                    for f in out_of_reach]
    # The targets out of reach before the estimates: the warning that heads the description points to them, and
    # a long note is cut at its end.
    reach = (["CANNOT REACH (the graph or the scoring holds leads back, or lets too many through): "
              + "; ".join(out_of_reach)] if out_of_reach else [])
    lines = head[:-1] + reach + head[-1:] + _group_lines(shown)
    others = [flag for flag in flags if not flag.startswith("CANNOT REACH")]
    if others:
        lines.append("Flags:")
        lines.extend(f"- {flag}" for flag in others)
    note = ""
    for i, line in enumerate(lines):
        if len(note) + len(line) + 1 > MAX_CHARS:
            note += f"... and {len(lines) - i} more lines in the calibration report (nurture calibrate --json).\n"
            break
        note += line + "\n"
    return note.rstrip("\n")
