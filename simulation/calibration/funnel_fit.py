"""The rates by role and the lags fitted together, and the comparison taken again on the scenario as written.

Longer lags let some of the graph's wait-for-event nodes time out, so fitting the lags can move the rates the
behaviour fit had reached: where a rate moved by more than the fit's tolerance, the rates are fitted once more
with the lags in place and the lags' medians touched up. Whatever was fitted last, the observed-vs-simulated
comparison that the CLI, the wizard and the scenario's description show is taken on the final scenario, so every
simulated rate shown is the one the written scenario gives.
"""

from __future__ import annotations

from sequences import Document, Scenario

from .behaviour_fit import Target, compare, fit_behaviour, holds, simulated_funnel
from .stats import Estimate
from .timing_fit import combined, fit_timing


def fit_rates_and_lags(document: Document, scenario: Scenario, targets: list[Target], found: dict[str, Estimate],
                       seed: int, timing: bool = True
                       ) -> tuple[Scenario, list[Estimate], list[str], list[Estimate]]:
    """``scenario`` with the rates by role and (with ``timing``) the response and handoff lags fitted; the rate
    fit's estimates and flags, and the lags' estimates."""
    scenario, fitted, flags = fit_behaviour(document, scenario, targets, seed=seed)
    scenario, timed = fit_timing(document, scenario, found, seed) if timing else (scenario, [])
    if timed and not holds(simulated_funnel(document, scenario, seed, sales=False), fitted, found):
        # The rates once more, the lags now in place, and the medians once more (other rates move which email
        # a lead answers).
        scenario, fitted, flags = fit_behaviour(document, scenario, targets, seed=seed)
        scenario, touched = fit_timing(document, scenario, found, seed, spread=False)
        timed = combined(timed, touched)
    return scenario, fitted, flags, timed


def compared_again(figures: dict, targets: list[Target], fitted: list[Estimate], flags: list[str]
                   ) -> tuple[list[Estimate], list[str]]:
    """``fitted`` and ``flags`` with the simulated rates and the out-of-reach flags taken from ``figures`` (the
    final scenario's trial), in place of those the rate fit saw before the lags and fading were fitted."""
    fresh, reach = compare(figures, targets)
    kept = [e for e in fitted if not (e.name.startswith("simulated.") and e.name.split(".")[1] in
                                      ("lead_to_mql", "mql_to_sql"))]
    return fresh + kept, reach + [f for f in flags if not f.startswith("CANNOT REACH")]
