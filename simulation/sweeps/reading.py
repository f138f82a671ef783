"""The whole recommendation as lines of text, the same in the terminal and in the sweep dialog."""

from __future__ import annotations

from sequences.sweep import METRIC_WORDS, SWEEP_PARAMETERS

from .explain import edge_words, marginal_words, signed
from .result import SweepResult


def header_lines(result: SweepResult) -> list[str]:
    """The question, what the figures are and on which cohort, and any caveat."""
    cohort = (f"every count is {result.cohort_note}" if result.cohort_note
              else f"on the scenario's own cohort of {result.leads:,.0f} leads")
    lines = [f"Question: {result.goal}",
             f"Figures: means with 95% intervals where simulated ({result.replications} replications); {cohort}."]
    lines += [f"Note: {warning}" for warning in result.warnings]
    return lines


def recommendation_lines(result: SweepResult) -> list[str]:
    """The reason, the marginal values, the edges and the sensitivity around the recommendation."""
    lines = [result.reason]
    lines += [f"  {words}" for words in marginal_words(result.marginals, result.currency)]
    lines += [f"Edge: {words}" for words in edge_words(result.edges)]
    if result.sensitivity:
        metric = result.objective
        lines.append(f"Sensitivity around it (simulated against simulated on the same draws; change in "
                     f"{METRIC_WORDS[metric]}, 95% interval):")
        for row in result.sensitivity:
            money = result.currency
            lines.append(f"  {SWEEP_PARAMETERS[row['parameter']]} {row['value']:g}: "
                         f"{signed(metric, row['change'], money)} [{signed(metric, row['low'], money)}, "
                         f"{signed(metric, row['high'], money)}]{'' if row['feasible'] else ' (breaks a limit)'}")
    return lines
