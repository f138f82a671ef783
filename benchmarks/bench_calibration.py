"""Calibration against known truth: worlds drawn at random, their messy HubSpot exports, what comes back.

Run: nice .venv/bin/python benchmarks/bench_calibration.py [--seeds 101 102 103 104 105] [--cuts 3] [--reps 20]
     [--volume LEADS_PER_WEEK] [--quiet] [--dump FOLDER]
For every world it prints, per parameter, the truth, the estimate and its 95% interval, and the rolling-origin
backtest (weekly MAPE, WAPE and band coverage for MQLs, SQLs and accepted at 4, 8 and 12 weeks ahead); then,
12 weeks ahead, each WAPE as the noise floor (sqrt(2 / (pi mu)) for a weekly count of mean mu: what even a
forecaster who knew the true mean scores on average) plus the excess, and the ORACLE: the WAPE of forecasting the
world's true weekly mean for the same weeks (above the floor: the luck of those weeks; the method above the
oracle: the method's own error), the forecast level against the true level, the bias by weeks after the cut,
and per target a verdict: reachable at the world's volume or not, met or not, and why. Also the acceptance's
error against its binomial standard error, and the fitted time to MQL and SQL beside the observed. Each world's
trust verdict (as nurture backtest --rolling grades it) is printed beside the ORACLE's verdict on the same weeks:
where a forecaster who knew the true weekly means reads "usable with care" too, the weeks strayed.
Targets (issue 14): truth inside the 95% interval in >= 90% of cases; acceptance within +-3 points;
12 weeks ahead weekly SQL WAPE <= 15% and MQL WAPE <= 10%, >= 85% of weeks inside the 95% band.
Seeds 1, 2, 5, 7 and 11 were used while the method was built, 101-105 while its forecasts were improved,
201-205 to check; 301-305 were run once, after the forecasts' last change. 401-405 and 501-505 are new with the
handoff lag's fit (401-403 were calibrated a few times while it was built; 501-505 only measured).
"""

from __future__ import annotations

import argparse
import math
import tempfile
import time
from pathlib import Path

from assets.examples import template_path
from sequences import load_document
from simulation.calibration import calibrate
from simulation.calibration.behaviour_fit import comparison_lines
from simulation.calibration.handoff_fit import handoff_lines
from simulation.calibration.rolling import rolling_backtest, score_weeks
from simulation.calibration.trust import verdict as trust_verdict
from simulation.calibration.worlds import draw_world, generate_world, write_export


def one_world(seed: int, cuts: int, reps: int, folder: Path, document, quiet: bool,
              volume: float | None = None, timing_at_cuts: bool = False, dump: Path | None = None) -> dict:
    world = draw_world(seed)
    if volume is not None:  # the same world at another volume (leads a week, all entries)
        world.at_volume(volume)
    rows = generate_world(world, document)
    leads = folder / f"world{seed}.csv"
    write_export(leads, rows, world.export_style)
    started = time.perf_counter()
    found = calibrate(document, leads, name=f"world {seed}", fit_funnel=True)
    calibrated = time.perf_counter() - started
    estimates = {e.name: e for e in found.estimates}
    truth = world.truth()
    curve = found.pending.get("acceptance.by_response_time")
    if curve:
        truth |= world.response_truth(curve[0]["within_hours"])
    checked = []
    for name, value in sorted(truth.items()):
        est = estimates.get(name)
        if est is None:
            continue
        inside = est.low <= value <= est.high
        checked.append((name, value, est, inside))
    print(f"\nworld {seed}: {len(rows)} leads over {world.weeks} weeks (+{world.tail_weeks} weeks of later stage "
          f"dates), {sum(world.weekly.values()):.0f} leads/week, exported as {world.export_style}, calibrated in "
          f"{calibrated:.1f} s")
    if not quiet:
        print(f"  {'parameter':<44} {'truth':>8} {'estimate':>9}  95% interval")
        for name, value, est, inside in checked:
            print(f"  {name:<44} {value:8.3f} {est.value:9.3f}  [{est.low:.3f}, {est.high:.3f}]"
                  f"{'' if inside else '  <- outside'}")
    covered = sum(c[3] for c in checked)
    accept_error = estimates["sales.accept"].value - truth["sales.accept"]
    unreachable = [f for f in found.flags if f.startswith("CANNOT REACH")]
    accepted = estimates["sales.accept"].value
    print(f"  truth inside its interval: {covered} of {len(checked)}; acceptance {100 * accepted:.1f}% "
          f"vs truth {100 * truth['sales.accept']:.1f}% ({100 * accept_error:+.1f} points); "
          f"targets out of reach after the fit: {len(unreachable)}")
    decided = estimates["sales.accept"].n
    se = math.sqrt(accepted * (1 - accepted) / max(decided, 1))
    simulated = estimates.get("simulated.accept")
    print(f"    acceptance from {decided} decisions: standard error {100 * se:.1f} points, so +-3 points holds in 95% "
          f"of histories only from {accept_needed(accepted):.0f} decisions; the error is {accept_error / se:+.1f} "
          "standard errors" + (f"; the scenario's engine gives {100 * simulated.value:.1f}% ("
                                f"{100 * (simulated.value - truth['sales.accept']):+.1f} points)" if simulated else ""))
    team = found.scenario.sales
    hours_right = (tuple(team.working_days) == world.working_days
                   and (team.working_hours.start, team.working_hours.end) == world.working_hours)
    sla = next((e for e in found.estimates if e.name.startswith("sla.breach_rate@")), None)
    sim_sla = next((e for e in found.estimates if e.name.startswith("simulated.sla.breach_rate@")), None)
    sla_agrees = sla is not None and sim_sla is not None and sim_sla.low <= sla.high and sla.low <= sim_sla.high
    touch = estimates.get("sales.first_outreach_hours.median")
    sim_touch = estimates.get("simulated.first_outreach_hours.median")
    scale = estimates.get("fit.pickup_scale")
    print(f"    sales team: truth {','.join(world.working_days)} {world.working_hours[0]}-{world.working_hours[1]}, "
          f"written {','.join(team.working_days)} {team.working_hours.start:g}-{team.working_hours.end:g}"
          f"{'' if hours_right else '  <- differs'}; pickup median truth {world.pickup_median_hours:.2f}, written "
          f"{team.pickup.median if team.pickup else 'none'} working hours"
          + (f"; SLA breaches: history {100 * sla.value:.1f}% ({100 * sla.low:.1f}-{100 * sla.high:.1f}), the "
             f"scenario's engine {100 * sim_sla.value:.1f}% ({100 * sim_sla.low:.1f}-{100 * sim_sla.high:.1f})"
             f"{'' if sla_agrees else '  <- apart'}" if sla is not None and sim_sla is not None else "")
          + (f"; median hours to first touch: history {touch.value:.1f} ({touch.low:.1f}-{touch.high:.1f}), the "
             f"engine {sim_touch.value:.1f}" if touch is not None and sim_touch is not None else "")
          + (f"; the pickup scaled by {scale.value:.2f} to match it" if scale is not None else ""))
    timing = [line for line in comparison_lines(found.estimates) if line.startswith("days_to")]
    print("    time (days), observed vs simulated by the fitted lags: " + "; ".join(
        " ".join(line.replace(" days", "").split()) for line in timing))
    for line in handoff_lines(found.estimates):
        print("    handoff lag, " + " ".join(line.split()))
    started = time.perf_counter()
    rolling = rolling_backtest(document, leads, cuts=cuts, replications=reps, fit_timing=timing_at_cuts)
    print(f"  rolling origin, {len(rolling.cuts)} cuts x {reps} replications ({time.perf_counter() - started:.0f} s):")
    for horizon, metrics in rolling.errors.items():
        print("   " + f"{horizon:>3} weeks: " + "; ".join(
            f"{m} MAPE {100 * (e['mape'] or 0):.1f}% WAPE {100 * (e['wape'] or 0):.1f}% in band "
            f"{100 * (e['coverage'] or 0):.0f}%" for m, e in metrics.items()))
    twelve = rolling.errors["12"]
    floors = {}
    for metric in ("mql", "sql", "accepted"):
        actual = [a for cut in rolling.cuts for a in cut["series"][metric]["actual"][:12]]
        floors[metric] = noise_floor(sum(actual) / max(len(actual), 1))
    print("    12 weeks ahead: weekly WAPE = noise floor + excess (the floor: what a forecaster who knew the "
          "true weekly mean mu scores, sqrt(2 / (pi mu)))")
    true = true_levels(world)
    levels, oracles, verdicts = {}, {}, {}
    for metric, target in (("mql", 0.10), ("sql", 0.15), ("accepted", None)):
        wape, floor = twelve[metric]["wape"] or 0.0, floors[metric]
        predicted = [p for cut in rolling.cuts for p in cut["series"][metric]["predicted"][:12]]
        actual = [a for cut in rolling.cuts for a in cut["series"][metric]["actual"][:12]]
        levels[metric] = sum(predicted) / max(len(predicted), 1) / true[metric] - 1
        oracles[metric] = oracle_wape(actual, true[metric])
        mean = sum(actual) / max(len(actual), 1)
        print(f"      {metric:<9} mu {mean:6.1f}/week  WAPE {100 * wape:5.1f}% = floor {100 * floor:5.1f}% + "
              f"excess {100 * (wape - floor):+5.1f}; oracle {100 * oracles[metric]:5.1f}%, method - oracle "
              f"{100 * (wape - oracles[metric]):+5.1f}")
        print(f"                true level {true[metric]:6.1f}/week: forecast {100 * levels[metric]:+5.1f}%, "
              f"the actual weeks {100 * (mean / true[metric] - 1):+5.1f}%; by weeks after the cut (1-4, 5-8, 9-12) "
              "forecast - actual: " + ", ".join(f"{100 * b:+.1f}%" for b in bias_by_block(rolling.cuts, metric)))
        if target is not None:
            verdicts[metric] = verdict(wape, floor, oracles[metric], target)
            print(f"                target {100 * target:.0f}% (needs mu >= {needed(target):.0f} a week): "
                  f"{verdicts[metric]}")
    trust = rolling.verdict
    oracle_trust = oracle_verdict(rolling.cuts, true)
    mine = scenario_errors(world, estimates)
    readings = {m["metric"]: m for m in trust.get("measures", [])}
    print(f"    trust verdict: {trust.get('grade')} ("
          + "; ".join(f"{k} {m['grade']}, 12-week totals off by "
                      + "/".join(f"{100 * t['error']:+.0f}%" for t in m["totals"])
                      + f" (noise up to {100 * max(t['noise'] for t in m['totals']):.0f}%; the level pinned to "
                        f"±{100 * m['level_margin']:.0f}% by the whole history, "
                        f"±{100 * max(t['level'] for t in m['totals']):.0f}% at the thinnest cut), "
                        "the forecast's true level "
                        f"error {100 * levels[k]:+.1f}%, the calibrated scenario's per lead "
                        f"{100 * mine[k]:+.1f}%" for k, m in readings.items()) + ")")
    print(f"    the oracle's verdict on the same weeks: {oracle_trust.get('grade')} ("
          + "; ".join(f"{m['metric']} {m['grade']}" for m in oracle_trust.get("measures", [])) + ")")
    if dump is not None:
        import json
        (dump / f"world{seed}.json").write_text(json.dumps({"true": true, "rolling": rolling.to_json(),
                                                            "scenario": mine, "level": levels}, default=str))
    timing_off = [e.name for e in found.estimates if e.name.startswith("simulated.days_to") and e.flags]
    return {"seed": seed, "decided": decided, "accept_needed": accept_needed(accepted), "timing_off": timing_off,
            "mql_floor": floors["mql"], "sql_floor": floors["sql"], "accepted_floor": floors["accepted"],
            "checked": len(checked), "covered": covered, "accept_error": accept_error,
            "hours_right": hours_right, "sla_agrees": sla_agrees,
            "touch_agrees": touch is not None and sim_touch is not None and touch.low <= sim_touch.value <= touch.high,
            "mql_wape": twelve["mql"]["wape"], "sql_wape": twelve["sql"]["wape"],
            "accepted_wape": twelve["accepted"]["wape"],
            "inside": twelve["mql"]["inside"] + twelve["sql"]["inside"],
            "weeks": twelve["mql"]["weeks"] + twelve["sql"]["weeks"], "unreachable": len(unreachable),
            "accepted_inside": twelve["accepted"]["inside"], "accepted_weeks": twelve["accepted"]["weeks"],
            **{f"{m}_level": v for m, v in levels.items()}, **{f"{m}_scenario": v for m, v in mine.items()},
            **{f"{m}_oracle": v for m, v in oracles.items()},
            **{f"{m}_verdict": v for m, v in verdicts.items()}, "grade": trust.get("grade"),
            **{f"{k}_grade": m["grade"] for k, m in readings.items()}, "oracle_grade": oracle_trust.get("grade"),
            **{f"{m['metric']}_oracle_grade": m["grade"] for m in oracle_trust.get("measures", [])},
            "acceptance_cuts": rolling.acceptance}


def true_levels(world) -> dict[str, float]:
    """The world's true weekly MQLs, SQLs and accepted SQLs in its steady state, from its drawn parameters."""
    total = sum(world.weekly.values())
    share = world.mix["role"]
    mql = sum(total * share[r] * world.effective[f"funnel.lead_to_mql.{r}"] for r in share)
    sql = sum(total * share[r] * world.effective[f"funnel.lead_to_mql.{r}"] * world.p_sql[r] for r in share)
    return {"mql": mql, "sql": sql, "accepted": sql * world.effective["sales.accept"]}


def scenario_errors(world, estimates: dict) -> dict[str, float]:
    """The calibrated scenario's own error per lead, what the verdict grades: the engine's rates on the fit's trial
    cohort (lead -> MQL, and on to SQL and accepted) against the world's. The cuts' forecasts rest on less history
    than the scenario, so their level error is not the scenario's."""
    share, e = world.mix["role"], world.effective
    mql = sum(share[r] * e[f"funnel.lead_to_mql.{r}"] for r in share)
    sql = sum(share[r] * e[f"funnel.lead_to_mql.{r}"] * world.p_sql[r] for r in share)
    rates = [estimates[f"simulated.{k}"].value if f"simulated.{k}" in estimates else math.nan
             for k in ("lead_to_mql", "mql_to_sql", "accept")]
    return {"mql": rates[0] / mql - 1, "sql": rates[0] * rates[1] / sql - 1,
            "accepted": rates[0] * rates[1] * rates[2] / (sql * e["sales.accept"]) - 1}


def oracle_verdict(cuts: list[dict], true: dict[str, float]) -> dict:
    """The trust verdict a forecaster who knew the world's true weekly means would get on the same weeks: each week
    forecast at its true mean, with a Poisson 95% band (the world's weekly counts are Poisson) and no level
    uncertainty. Where even it reads "usable with care", the weeks that happened strayed from the truth; the
    method is graded fairly when it reads close about as often as the oracle does."""
    oracle_cuts, pooled = [], {m: [] for m in true}
    for cut in cuts:
        series = {}
        for metric, s in cut["series"].items():
            n, mu = len(s["actual"]), true[metric]
            half = 1.959964 * math.sqrt(mu)
            series[metric] = {"week": s["week"], "actual": s["actual"], "predicted": [mu] * n,
                              "low": [max(mu - half, 0.0)] * n, "high": [mu + half] * n, "dispersion": 1.0,
                              "level_rel_var": 0.0}
            pooled[metric] += [(a, mu, max(mu - half, 0.0), mu + half) for a in s["actual"][:12]]
        oracle_cuts.append({**cut, "series": series})
    errors = {"12": {m: score_weeks(rows) for m, rows in pooled.items() if rows}}
    return trust_verdict(errors, [], oracle_cuts, {m: 0.0 for m in true})


def oracle_wape(actual: list[int], level: float) -> float:
    """The WAPE of the oracle: a forecaster who knew the world's true weekly mean and forecast it for every week.
    What it scores above the floor is the luck of the weeks that happened; what the method scores above the
    oracle is the method's own error."""
    return sum(abs(a - level) for a in actual) / max(sum(actual), 1)


def bias_by_block(cuts: list[dict], metric: str) -> list[float]:
    """Forecast minus actual over weeks 1-4, 5-8 and 9-12 after the cut, pooled over the cuts, relative to the
    actual: a forecast that drifts away from the actuals with the distance from the cut shows here."""
    out = []
    for lo in (0, 4, 8):
        pred = sum(p for c in cuts for p in c["series"][metric]["predicted"][lo:lo + 4])
        act = sum(a for c in cuts for a in c["series"][metric]["actual"][lo:lo + 4])
        out.append(pred / act - 1 if act else float("nan"))
    return out


def verdict(wape: float, floor: float, oracle: float, target: float) -> str:
    """Whether the target is within reach at the world's volume, and whether the method reaches it; a miss is
    put down to the weeks that happened (the oracle misses too) and/or the method (over 2 points above it)."""
    reach = ("reachable at this volume" if floor <= target else
             "NOT reachable at this volume (the floor is above it)")
    if wape <= target:
        return f"{reach}; met"
    causes = []
    if oracle > target:
        causes.append(f"the weeks that happened (the oracle scores {100 * oracle:.1f}%)")
    if wape - oracle > 0.02 or oracle <= target:
        causes.append(f"the method ({100 * (wape - oracle):+.1f} points over the oracle)")
    return f"{reach}; missed: " + " and ".join(causes)


def noise_floor(mean: float) -> float:
    """E|X - mu| / mu for a Poisson count of mean mu (normal approximation): no forecast of a weekly count
    beats it on average, however well the rates are known."""
    return math.sqrt(2 / (math.pi * mean)) if mean > 0 else float("nan")


def accept_needed(p: float, points: float = 0.03) -> float:
    """Decisions at which the observed acceptance's 95% interval is +-``points``: the binomial floor of the
    acceptance target (the truth is the acceptance the team would show over infinitely many handoffs)."""
    return (1.959964 / points) ** 2 * p * (1 - p)


def needed(target: float) -> float:
    """The weekly mean at which the noise floor equals ``target``."""
    return 2 / (math.pi * target**2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[101, 102, 103, 104, 105])
    parser.add_argument("--cuts", type=int, default=3)
    parser.add_argument("--reps", type=int, default=20)
    parser.add_argument("--quiet", action="store_true", help="Only the summary per world.")
    parser.add_argument("--volume", type=float, default=None,
                        help="Leads a week for every world (default: drawn, 150-500).")
    parser.add_argument("--dump", type=Path, default=None,
                        help="A folder to write each world's rolling backtest and true levels into (JSON).")
    parser.add_argument("--timing-at-cuts", action="store_true",
                        help="Fit the response lags, handoff lag and fading at every cut too (nurture calibrate does; "
                             "the backtest does not).")
    args = parser.parse_args()
    document = load_document(template_path("patient-engagement"))
    with tempfile.TemporaryDirectory() as folder:
        results = [one_world(s, args.cuts, args.reps, Path(folder), document, args.quiet, args.volume,
                             args.timing_at_cuts, args.dump)
                   for s in args.seeds]
    checked = sum(r["checked"] for r in results)
    covered = sum(r["covered"] for r in results)
    worst_accept = max(abs(r["accept_error"]) for r in results)
    print(f"\nsummary over {len(results)} worlds (target in brackets):")
    print(f"  parameters whose truth is inside the 95% interval: {covered} of {checked} "
          f"({100 * covered / checked:.1f}%) [>= 90%]")
    print(f"  acceptance error, worst world: {100 * worst_accept:.1f} points [<= 3]; worlds whose observed acceptance "
          f"rests on too few decisions for +-3 points at 95%: "
          f"{', '.join(str(r['seed']) for r in results if r['decided'] < r['accept_needed']) or 'none'}")
    print(f"  sales team's working days and hours written as the world's: {sum(r['hours_right'] for r in results)} "
          f"of {len(results)}; SLA breach rate of the calibrated scenario's engine within the history's interval "
          f"(the intervals meet): {sum(r['sla_agrees'] for r in results)} of {len(results)}; its median time to "
          f"first touch inside the history's interval: {sum(r['touch_agrees'] for r in results)} of {len(results)}")
    for key, label, target in (("mql_wape", "MQL", 10), ("sql_wape", "SQL", 15), ("accepted_wape", "accepted", None)):
        values = [100 * r[key] for r in results]
        floor = [100 * r[key.replace("wape", "floor")] for r in results]
        excess = [v - f for v, f in zip(values, floor, strict=True)]
        met = "" if target is None else f" [<= {target}%; met in {sum(v <= target for v in values)} of {len(values)}]"
        oracle = [100 * r[key.replace("wape", "oracle")] for r in results]
        print(f"  12 weeks ahead, weekly {label} WAPE: mean {sum(values) / len(values):.1f}%, worst "
              f"{max(values):.1f}%{met}; noise floor mean {sum(floor) / len(floor):.1f}%, excess mean "
              f"{sum(excess) / len(excess):+.1f} points; oracle mean {sum(oracle) / len(oracle):.1f}%, method - "
              f"oracle mean {sum(v - o for v, o in zip(values, oracle, strict=True)) / len(values):+.1f} points")
        if target is not None:
            kind = key.split("_")[0]
            for r in results:
                print(f"    world {r['seed']}: {r[kind + '_verdict']}")
        if target is not None:
            below = [r for r, f in zip(results, floor, strict=True) if f > target]
            if below:
                print(f"    the {label} target is below the noise floor in {len(below)} of {len(results)} worlds "
                      f"(fewer than {needed(target / 100):.0f} {label}s a week): no forecast can meet it there")
    inside, weeks = sum(r["inside"] for r in results), sum(r["weeks"] for r in results)
    print(f"  12 weeks ahead, MQL and SQL weeks inside the 95% band: {inside} of {weeks} ({100 * inside / weeks:.0f}%) "
          "[>= 85%; a true 95% band: 90-97%]")
    print("  12 weeks ahead, forecast level against the true weekly mean (the method's own error, without the luck "
          "of the weeks that happened): " + "; ".join(
              f"{m} mean {100 * sum(r[m + '_level'] for r in results) / len(results):+.1f}%, mean absolute "
              f"{100 * sum(abs(r[m + '_level']) for r in results) / len(results):.1f}%"
              for m in ("mql", "sql", "accepted")))
    inside, weeks = sum(r["accepted_inside"] for r in results), sum(r["accepted_weeks"] for r in results)
    print(f"  12 weeks ahead, accepted weeks inside the 95% band: {inside} of {weeks} ({100 * inside / weeks:.0f}%)")
    print(f"  funnel targets out of reach after the fit: {sum(r['unreachable'] for r in results)}")
    grades = [r["grade"] for r in results]
    measures = ("mql", "sql", "accepted")
    print("  trust verdict (nurture backtest --rolling): " + ", ".join(
        f"{g} {grades.count(g)}" for g in ("close", "usable with care", "not close")) + " worlds")
    oracle = [r["oracle_grade"] for r in results]
    print("  the oracle's verdict on the same weeks (it knows the true weekly means; where it reads usable with care "
          "the weeks strayed): " + ", ".join(f"{g} {oracle.count(g)}" for g in ("close", "usable with care",
                                                                                 "not close")) + " worlds; both close "
          f"{sum(g == 'close' and o == 'close' for g, o in zip(grades, oracle, strict=True))}, the method alone "
          f"{sum(g == 'close' and o != 'close' for g, o in zip(grades, oracle, strict=True))}, the oracle alone "
          f"{sum(g != 'close' and o == 'close' for g, o in zip(grades, oracle, strict=True))}")
    # Only a synthetic world knows the truth: how the grades stand against the true errors. The verdict is about
    # the scenario calibrated on the whole history; the cuts' forecasts rest on less of it.
    bands = (("under 5%", 0.0, 0.05), ("5-10%", 0.05, 0.10), ("10-20%", 0.10, 0.20), ("over 20%", 0.20, 9.0))
    for key, what in (("_scenario", "the calibrated scenario's true error per lead"),
                      ("_level", "the cuts' forecasts' true level error")):
        for label, lo, hi in bands:
            graded = [r[m + "_grade"] for r in results for m in measures if lo <= abs(r[m + key]) < hi]
            if graded:
                print(f"    measures where {what} is {label}: {len(graded)}, graded " + ", ".join(
                    f"{g} {graded.count(g)}" for g in ("close", "usable with care", "not close")))
    after = [a for r in results for a in r["acceptance_cuts"] if a["actual"] is not None and a["predicted"] is not None]
    if after:
        gaps = [100 * (a["predicted"] - a["actual"]) for a in after]
        margins = [196 * math.sqrt(a["actual"] * (1 - a["actual"]) * (1 / a["n"] + 1 / (a["n_before"] or math.inf)))
                   for a in after]
        print(f"  acceptance after the cuts, predicted - actual: mean {sum(gaps) / len(gaps):+.1f} points, mean "
              f"absolute {sum(map(abs, gaps)) / len(gaps):.1f}; within 3 points in {sum(abs(g) <= 3 for g in gaps)} of "
              f"{len(gaps)} cuts, within the 95% sampling margin of the two (mean +-"
              f"{sum(margins) / len(margins):.1f}) in {sum(abs(g) <= m for g, m in zip(gaps, margins, strict=True))}")
    for q in ("mql.median", "mql.p90", "sql.median", "sql.p90"):
        off = [r["seed"] for r in results if f"simulated.days_to_{q}" in r["timing_off"]]
        print(f"  time to {q.replace('.', ' ')} (SQL: from creation) within a day of the observed interval: "
              f"{len(results) - len(off)} of {len(results)} worlds" + (f" (not: {off})" if off else ""))


if __name__ == "__main__":
    main()
