"""Fitting the MQL and SQL thresholds so the simulated funnel converts as the history did.

The engine turns behaviour into MQLs and SQLs through the graph and the scoring thresholds, so the
observed lead -> MQL and MQL -> SQL rates are matched by simulating: one cohort, common random numbers
(the same seed for every trial), and a bisection on each threshold — raising a threshold never adds
MQLs or SQLs, so the simulated rate falls as the threshold rises. The thresholds whose simulated rate
lies inside the observed 95% interval give the fitted threshold's interval.
"""

from __future__ import annotations

from collections.abc import Callable

from sequences import Document, Scenario
from sequences.scenario import Arrival, Cohort
from sequences.scoring import MqlThreshold, SqlThreshold, ThresholdOverride

from .stats import Estimate

TRIAL_LEADS = 4000
STEPS = 9


def _trial_scenario(scenario: Scenario, horizon_days: float) -> Scenario:
    """One cohort arriving on day 0, split over the entries as the scenario's arrivals are."""
    totals: dict[str, float] = {}
    for rule in scenario.cohort.arrivals:
        totals[rule.entry] = totals.get(rule.entry, 0.0) + rule.total()
    whole = sum(totals.values()) or 1.0
    arrivals = tuple(Arrival(entry=e, leads=max(1, round(TRIAL_LEADS * n / whole))) for e, n in sorted(totals.items())
                     if n > 0)
    return scenario.model_copy(update={"cohort": Cohort(arrivals=arrivals), "horizon_days": horizon_days})


def _bisect(rate: Callable[[float], float], target: float, lo: float, hi: float) -> float:
    """The threshold in [lo, hi] where the falling ``rate`` crosses ``target``."""
    for _ in range(STEPS):
        mid = (lo + hi) / 2
        if rate(mid) > target:
            lo = mid
        else:
            hi = mid
    return round((lo + hi) / 2, 1)


def fit_thresholds(document: Document, scenario: Scenario, lead_to_mql: Estimate, mql_to_sql: Estimate,
                   horizon_days: float, seed: int = 1) -> tuple[Scenario, list[Estimate], list[str]]:
    """``scenario`` with MQL and SQL totals that reproduce the observed rates (fit minimum and the
    hand-raise rule are kept); the fitted thresholds as estimates; flags for targets out of reach."""
    from simulation import run_replication

    scoring = scenario.effective_scoring(document.scoring)
    trial = _trial_scenario(scenario, horizon_days)
    cache: dict[tuple[float, float], tuple[float, float]] = {}

    def rates(mql_total: float, sql_total: float) -> tuple[float, float]:
        key = (mql_total, sql_total)
        if key not in cache:
            candidate = trial.model_copy(update={"thresholds": ThresholdOverride(
                mql=MqlThreshold(fit_min=scoring.mql.fit_min, total=mql_total),
                sql=SqlThreshold(total=max(sql_total, mql_total), require_hand_raise=scoring.sql.require_hand_raise),
                decay_half_life_days=scoring.decay_half_life_days)})
            totals = run_replication(document, candidate, seed, 0)["totals"]
            mqls = totals["mqls"]
            cache[key] = (mqls / max(totals["arrived"], 1), totals["sql_leads"] / mqls if mqls else 0.0)
        return cache[key]

    flags: list[str] = []
    top = max(4 * scoring.sql.total, 4 * scoring.mql.total, 200.0)
    sql_now = scoring.sql.total
    mql_rate = lambda x: rates(x, max(sql_now, x))[0]  # noqa: E731
    mql_total = _bisect(mql_rate, lead_to_mql.value, 0.0, top)
    mql_band = (_bisect(mql_rate, lead_to_mql.high, 0.0, top), _bisect(mql_rate, lead_to_mql.low, 0.0, top))
    sql_rate = lambda x: rates(mql_total, x)[1]  # noqa: E731
    if sql_rate(mql_total) < mql_to_sql.low:
        flags.append(f"funnel fit: even an SQL threshold equal to the MQL threshold converts only "
                     f"{100 * sql_rate(mql_total):.1f}% of MQLs, below the observed "
                     f"{100 * mql_to_sql.value:.1f}%: the graph or the hand-raise rates hold leads back")
        sql_total, sql_band = mql_total, (mql_total, mql_total)
    else:
        sql_total = max(mql_total, _bisect(sql_rate, mql_to_sql.value, mql_total, top))
        sql_band = (_bisect(sql_rate, mql_to_sql.high, mql_total, top), _bisect(sql_rate, mql_to_sql.low, mql_total,
                                                                               top))
    fitted = scenario.model_copy(update={"thresholds": ThresholdOverride(
        mql=MqlThreshold(fit_min=scoring.mql.fit_min, total=mql_total),
        sql=SqlThreshold(total=sql_total, require_hand_raise=scoring.sql.require_hand_raise),
        decay_half_life_days=scenario.thresholds.decay_half_life_days if scenario.thresholds else None)})
    got = rates(mql_total, sql_total)
    source = (f"simulated cohort of {TRIAL_LEADS} leads over {horizon_days:g} days matched to the observed "
              f"rates; interval: thresholds whose simulated rate is inside the observed 95% interval")
    estimates = [
        Estimate("fit.mql_total", mql_total, min(mql_band), max(mql_band), lead_to_mql.n, "bisection on the engine",
                 source, "points", [f"simulated lead->MQL {got[0]:.3f} vs observed {lead_to_mql.value:.3f}"]),
        Estimate("fit.sql_total", sql_total, min(sql_band), max(sql_band), mql_to_sql.n, "bisection on the engine",
                 source, "points", [f"simulated MQL->SQL {got[1]:.3f} vs observed {mql_to_sql.value:.3f}"]),
    ]
    if abs(got[0] - lead_to_mql.value) > lead_to_mql.high - lead_to_mql.low:
        flags.append(f"funnel fit: the closest MQL threshold gives lead->MQL {100 * got[0]:.1f}%, not the "
                     f"observed {100 * lead_to_mql.value:.1f}%")
    return fitted, estimates, flags
