"""Fitting behaviour by simulation: per-role engagement and hand-raise rates that reproduce the observed funnel.

The engine turns behaviour into MQLs and SQLs through the graph and the scoring, so the observed lead -> MQL
and MQL -> SQL rates by role are matched by simulating one cohort on common random numbers (the same seed
for every trial, so a higher rate never gives fewer MQLs) and bisecting, for every role at once, an
engagement lever (click given open, then open) for lead -> MQL and the hand-raise rate for MQL -> SQL.
Roles do not interact in the engine's funnel, so one simulation per step serves all roles.
"""

from __future__ import annotations

from dataclasses import dataclass

from sequences import Document, Scenario
from sequences.scenario import Arrival, Behaviour, Cohort, RatesOverride

from ..leads import CohortCache
from .cancelling import trial_run
from .stats import Estimate, wilson

TRIAL_LEADS = 16000  # the fitted rates carry the trial's own noise: about 2.5% on MQL -> SQL at this size
STEPS = 8
ROUNDS = 3
EXTRA_ROUNDS = 3  # further alternations, the MQL threshold fixed, while lead -> MQL is off by more than SETTLED
SETTLED = 0.01
HORIZON_DAYS = 120.0  # after the last trial lead arrives
MAX_TRIAL_WEEKS = 26.0  # a slower history is sped up: well below the team's capacity, the queue waits as long


@dataclass
class Target:
    role: str | None  # None: all roles
    lead_to_mql: Estimate | None
    mql_to_sql: Estimate | None


def _levers(base: Behaviour, engage: dict[str, float], hand: dict[str, float]) -> Behaviour:
    """``base`` with a role override per fitted role: engagement x <= 1 is click given open = x; above 1
    clicks are certain and x - 1 moves the open rate towards 1."""
    kept = [o for o in base.overrides if o.role not in engage or o.topic is not None]
    added = []
    for role, x in sorted(engage.items()):
        rates = base.rates(role, None)
        click = min(x, 1.0)
        opened = rates.open + max(0.0, x - 1.0) * (1 - rates.open)
        added.append(RatesOverride(role=role, open=round(opened, 5), click_given_open=round(click, 5),
                                   hand_raise=round(min(hand[role], 1 - rates.unsubscribe), 5)))
    return base.model_copy(update={"overrides": tuple(kept + added)})  # the response lags are kept


def _trial(scenario: Scenario, leads: int = TRIAL_LEADS) -> Scenario:
    """A cohort of ``TRIAL_LEADS`` arriving at the scenario's own weekly volume (at most ``MAX_TRIAL_WEEKS``),
    split over the entries and spread over the days as its arrivals are: the sales queue then waits as it
    did in the history, and leads meet the send windows as leads arriving every day do. No recycling, so
    every handoff is a first handoff, as a CRM's SQL date is."""
    totals: dict[str, float] = {}
    pattern = None
    end = 7.0
    for rule in scenario.cohort.arrivals:
        totals[rule.entry] = totals.get(rule.entry, 0.0) + rule.total()
        pattern = pattern or rule.pattern
        end = max(end, rule.start_day + 7 * float(rule.weeks or 0))
    whole = sum(totals.values()) or 1.0
    weeks = min(max(1.0, leads / (whole / (end / 7))), MAX_TRIAL_WEEKS)
    arrivals = tuple(Arrival(entry=e, leads_per_week=round(leads * n / whole / weeks, 3), weeks=weeks,
                             variability="exact", pattern=pattern) for e, n in sorted(totals.items()) if n > 0)
    acceptance = scenario.acceptance.disqualifying()
    return scenario.model_copy(update={"cohort": Cohort(arrivals=arrivals), "horizon_days": 7 * weeks + HORIZON_DAYS,
                                       "acceptance": acceptance})


def simulated_funnel(document: Document, scenario: Scenario, seed: int, *, sales: bool = True,
                     leads: int = TRIAL_LEADS) -> dict:
    """The trial cohort's figures: per role (arrived, MQLs, SQLs), and the times to MQL and SQL.

    Every trial of a fit has the same cohort (only behaviour changes), drawn once. The trial's sales decisions
    send nobody back to nurture, so ``sales=False`` (the fit's search, which reads the funnel up to SQL)
    leaves the sales team out: an SQL counts at its handoff, as it does with the team, at a third less work.
    """
    from simulation import run_replication

    trial_run()  # a fit is dozens of these runs: the place a cancelled calibration stops, and says how far
    return run_replication(document, _trial(scenario, leads), seed, 0, cohorts=_TRIAL_COHORTS,
                           handoffs_only=not sales)


_TRIAL_COHORTS = CohortCache(max_leads=200_000)


def _rates(figures: dict, role: str | None) -> tuple[int, int, int]:
    if role is None:
        t = figures["totals"]
        return t["arrived"], t["mqls"], t["sql_leads"]
    r = figures["breakdowns"]["role"].get(role, {"arrived": 0, "mqls": 0, "sql_leads": 0})
    return r["arrived"], r["mqls"], r["sql_leads"]


def fit_behaviour(document: Document, scenario: Scenario, targets: list[Target], seed: int
                  ) -> tuple[Scenario, list[Estimate], list[str]]:
    """``scenario`` with per-role engagement and hand-raise rates that reproduce the targets (roles without a
    target of their own follow the overall one); the levers as estimates; flags for targets out of reach."""
    roles = [r for r in document.audience.roles if scenario.mix.get("role", {}).get(r, 0) > 0]
    by_role = {t.role: t for t in targets}
    overall = by_role.get(None)

    def goal(role: str, which: str) -> float | None:
        target = by_role.get(role) or overall
        est = getattr(target, which) if target is not None else None
        if est is None or est.n == 0:
            est = getattr(overall, which) if overall is not None else None
        return None if est is None or est.n == 0 else est.value

    engage_lo = dict.fromkeys(roles, 0.0)
    engage_hi = dict.fromkeys(roles, 2.0)
    hand_lo = dict.fromkeys(roles, 0.0)
    hand_hi = dict.fromkeys(roles, 0.6)
    engage = {r: scenario.behaviour.rates(r, None).click_given_open for r in roles}
    hand = {r: scenario.behaviour.rates(r, None).hand_raise for r in roles}

    def run_with(base: Scenario, e: dict[str, float], h: dict[str, float]) -> dict:
        candidate = base.model_copy(update={"behaviour": _levers(base.behaviour, e, h)})
        return simulated_funnel(document, candidate, seed, sales=False)

    def run(e: dict[str, float], h: dict[str, float]) -> dict:
        return run_with(scenario, e, h)

    def overshoot(figures: dict) -> float:
        worst = -1.0
        for r in roles:
            arrived, mqls, _ = _rates(figures, r)
            want = goal(r, "lead_to_mql")
            if want is not None and arrived:
                worst = max(worst, mqls / arrived - want)
        return worst

    quiet = dict.fromkeys(roles, 0.0)
    scoring = scenario.effective_scoring(document.scoring)
    floor = scoring.mql.total

    def missed(figures: dict, sign: float) -> float:
        """MQLs over (sign 1) or short of (sign -1) the observed rates, summed over the roles."""
        total = 0.0
        for r in roles:
            arrived, mqls, _ = _rates(figures, r)
            want = goal(r, "lead_to_mql")
            if want is not None:
                total += max(0.0, sign * (mqls - want * arrived))
        return total

    def raise_threshold(scenario: Scenario, floor: float) -> tuple[Scenario, float]:
        # With no engagement at all, leads whose fit alone (or a hand-raise) clears the MQL bar still become
        # MQLs; if that is already more than the history shows, the MQL threshold is raised -- unless the
        # raised bar would leave the other roles, at full engagement, short of more MQLs than it saves (one
        # small role with many hand-raises must not hold every other role back).
        figures = run_with(scenario, quiet, hand)
        if overshoot(figures) <= 0.005:
            return scenario, floor
        excess = missed(figures, 1.0)
        lo_t, hi_t = floor, floor + 120.0
        for _step in range(STEPS):
            mid_t = (lo_t + hi_t) / 2
            if overshoot(run_with(_with_mql_total(scenario, scoring, mid_t), quiet, hand)) > 0:
                lo_t = mid_t
            else:
                hi_t = mid_t
        raised = _with_mql_total(scenario, scoring, round(hi_t, 1))
        if missed(run_with(raised, engage_hi, hand), -1.0) > excess:
            return scenario, floor
        return raised, round(hi_t, 1)

    def bisect(start: dict, lo: dict, hi: dict, simulate_at, target: str, observed) -> dict:
        """Per role, halve the lever's range toward the observed rate; roles without a target keep ``start``."""
        lo, hi = dict(lo), dict(hi)
        for _step in range(STEPS):
            mid = {r: (lo[r] + hi[r]) / 2 for r in roles}
            figures = simulate_at(mid)
            for r in roles:
                want, rate = goal(r, target), observed(figures, r)
                if want is None or rate is None:
                    continue
                (lo if rate < want else hi)[r] = mid[r]
        return {r: (lo[r] + hi[r]) / 2 if goal(r, target) is not None else start[r] for r in roles}

    def lead_to_mql(figures, r):
        arrived, mqls, _ = _rates(figures, r)
        return mqls / arrived if arrived else None

    def mql_to_sql(figures, r):
        # SQLs per MQL the role SHOULD make: the same as per simulated MQL once lead -> MQL is on target, and
        # when it cannot get there (a hand-raise makes MQLs too) the role's SQLs per lead still come out right.
        arrived, mqls, sqls = _rates(figures, r)
        want = goal(r, "lead_to_mql")
        expected = want * arrived if want is not None else mqls
        return sqls / expected if expected else None

    def settled(figures: dict) -> bool:
        for r in roles:
            want, rate = goal(r, "lead_to_mql"), lead_to_mql(figures, r)
            # A role over its rate with no engagement left to take away cannot settle (it is flagged).
            if want is not None and rate is not None and abs(rate - want) > SETTLED and engage[r] > 0.02:
                return False
        return True

    # A hand-raise adds intent too, so fitting MQL -> SQL moves lead -> MQL (much so once the MQL bar was
    # raised): the two bisections alternate, with the threshold fixed after ROUNDS, until lead -> MQL holds.
    for round_ in range(ROUNDS + EXTRA_ROUNDS):
        if round_ < ROUNDS:
            scenario, floor = raise_threshold(scenario, floor)
        engage = bisect(engage, engage_lo, engage_hi, lambda mid, hand=hand: run(mid, hand), "lead_to_mql", lead_to_mql)
        hand = bisect(hand, hand_lo, hand_hi, lambda mid, engage=engage: run(engage, mid), "mql_to_sql", mql_to_sql)
        if round_ >= ROUNDS - 1 and settled(run(engage, hand)):
            break
    else:  # lead -> MQL carries every later figure, so it is the one left exact
        engage = bisect(engage, engage_lo, engage_hi, lambda mid, hand=hand: run(mid, hand), "lead_to_mql", lead_to_mql)
    fitted = scenario.model_copy(update={"behaviour": _levers(scenario.behaviour, engage, hand)})
    figures = simulated_funnel(document, fitted, seed)
    estimates, flags = compare(figures, targets)
    if floor > scoring.mql.total:
        flags.insert(0, f"funnel fit: even without engagement the scoring made more MQLs than the history shows; "
                        f"the MQL total threshold was raised from {scoring.mql.total:g} to {floor:g}")
    source = f"bisection on the engine: a cohort of {TRIAL_LEADS} leads, common random numbers, {ROUNDS} rounds"
    for r in roles:
        estimates.append(Estimate(f"fit.engagement.{r}", engage[r], engage[r], engage[r], TRIAL_LEADS, "simulation",
                                  source + " (<=1: click given open; above: 1 + share of non-openers opening)"))
        estimates.append(Estimate(f"fit.hand_raise.{r}", hand[r], hand[r], hand[r], TRIAL_LEADS, "simulation", source))
    return fitted, estimates, flags


def _with_mql_total(scenario: Scenario, scoring, total: float) -> Scenario:
    from sequences.scoring import MqlThreshold, SqlThreshold, ThresholdOverride

    return scenario.model_copy(update={"thresholds": ThresholdOverride(
        mql=MqlThreshold(fit_min=scoring.mql.fit_min, total=total),
        sql=SqlThreshold(total=scoring.sql.total, require_hand_raise=scoring.sql.require_hand_raise),
        decay_half_life_days=scoring.decay_half_life_days)})


def compare(figures: dict, targets: list[Target]) -> tuple[list[Estimate], list[str]]:
    """Simulated rates beside the observed ones: the simulated rate with its Wilson interval over the trial
    cohort, and a flag for every target whose observed interval the simulated interval does not meet."""
    estimates: list[Estimate] = []
    flags: list[str] = []
    for target in targets:
        arrived, mqls, sqls = _rates(figures, target.role)
        for which, k, n, observed in (("lead_to_mql", mqls, arrived, target.lead_to_mql),
                                      ("mql_to_sql", sqls, mqls, target.mql_to_sql)):
            if observed is None or observed.n == 0:
                continue
            low, high = wilson(k, n)
            name = f"simulated.{which}" + (f".{target.role}" if target.role else "")
            value = k / n if n else float("nan")
            est = Estimate(name, value, low, high, n, "Wilson 95% over the simulated cohort",
                           f"engine, observed {observed.value:.3f} ({observed.low:.3f}-{observed.high:.3f})")
            estimates.append(est)
            if not n or high < observed.low or low > observed.high:
                what = "lead->MQL" if which == "lead_to_mql" else "MQL->SQL"
                who = f" for {target.role}" if target.role else ""
                flags.append(f"CANNOT REACH {what}{who}: the engine gives {100 * value:.1f}% "
                             f"({100 * low:.1f}-{100 * high:.1f}%) against the observed {100 * observed.value:.1f}% "
                             f"({100 * observed.low:.1f}-{100 * observed.high:.1f}%): the graph or the scoring "
                             "holds leads back (or lets too many through); forecasts from this scenario will be off")
                est.flags.append("outside the observed interval")
    return estimates, flags


def holds(figures: dict, fitted: list[Estimate], observed: dict[str, Estimate]) -> bool:
    """Whether ``figures`` still give every fitted rate (``simulated.*`` of the fit): within ``SETTLED`` of it,
    or inside the observed rate's interval (a thin history's wide interval asks for no more)."""
    for e in fitted:
        parts = e.name.split(".")
        if parts[0] != "simulated" or parts[1] not in ("lead_to_mql", "mql_to_sql"):
            continue
        arrived, mqls, sqls = _rates(figures, parts[2] if len(parts) > 2 else None)
        k, n = (mqls, arrived) if parts[1] == "lead_to_mql" else (sqls, mqls)
        seen = observed.get("funnel." + ".".join(parts[1:]))
        if n and abs(k / n - e.value) > SETTLED and (seen is None or not seen.low <= k / n <= seen.high):
            return False
    return True


def _shown(e: Estimate, percent: bool) -> str:
    if percent:
        return f"{100 * e.value:5.1f}% ({100 * e.low:.1f}-{100 * e.high:.1f}%)"
    if e.low == e.high:
        return f"{e.value:5.1f} {e.unit}"
    return f"{e.value:5.1f} {e.unit} ({e.low:.1f}-{e.high:.1f})"


def comparison_lines(estimates: list[Estimate]) -> list[str]:
    """Observed beside simulated for every funnel target, for the CLI and the wizard."""
    found = {e.name: e for e in estimates}
    # One column for the names, as wide as the longest ("queues.<q>.first_outreach_hours.median" can pass 34).
    width = max([34] + [len(n) - len("simulated.") + 1 for n in found if n.startswith("simulated.")])
    lines = []
    for name, sim in found.items():
        if not name.startswith("simulated."):
            continue
        rest = name.removeprefix("simulated.")
        # The engine's time to SQL counts from arrival, so it is set beside creation -> SQL.
        observed = (found.get("funnel." + rest.replace("days_to_sql", "days_created_to_sql"))
                    or found.get("sales." + rest) or found.get(rest))
        if observed is None:
            continue
        percent = sim.unit not in ("days", "hours")
        kind = "team differs" if rest.startswith("sla.") else "out of reach" if percent else "timing differs"
        mark = f"  <- {kind}" if sim.flags else ""
        lines.append(f"{rest:<{width}} observed {_shown(observed, percent)}   simulated {_shown(sim, percent)}{mark}")
    return lines
