"""Engine vs a plain per-lead SimPy reference on the benchmark model: speed, memory and agreement.

Run: .venv/bin/python benchmarks/bench_engine.py [--leads 1000000] [--reference-leads 100000] [--big-leads 10000000]

The 1M-lead replication runs side by side without and with the timing model (Poisson arrivals with a
weekday pattern, send windows, response lags); a 10M-lead run in a fresh process reports its time and
peak RSS.
"""

from __future__ import annotations

import argparse
import math
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

from sequences.document import Document
from simulation.runner import run_replication

TOPICS = ["patient_engagement", "roi", "scheduling", "integration", "case_study", "implementation", "security",
          "compliance", "integration", "implementation"]


TIMING = {
    # Leads live a working week: arrivals by weekday and daytime, a Poisson count each week, emails in a
    # send window, responses after lognormal lags.
    "pattern": {"weekdays": {"mon": 1.1, "tue": 1.2, "wed": 1.2, "thu": 1.1, "fri": 0.9, "sat": 0.25, "sun": 0.25},
                "hours": {"start": 7, "end": 21}},
    "sending": {"days": ["mon", "tue", "wed", "thu", "fri"], "hours": {"start": 8, "end": 17}},
    "response_lag_hours": {"open": {"median": 3, "p90": 30}, "click": {"median": 4, "p90": 36},
                           "hand_raise": {"median": 24, "p90": 120}},
}


def benchmark_document(reps: int = 5, timing: bool = False) -> Document:
    """The benchmark model; ``timing`` turns on Poisson arrivals with a weekday pattern, send windows and
    response lags (off: exact arrivals around the clock, instant responses, as the per-lead reference)."""
    nodes = [
        {"id": "guide", "kind": "entry", "trigger": "lead_magnet", "offer": "guide"},
        {"id": "webinar", "kind": "entry", "trigger": "webinar", "offer": "webinar"},
    ]
    edges = [{"from": "guide", "to": "e1"}, {"from": "webinar", "to": "e1"}]
    for k in range(1, 11):
        topic = TOPICS[k - 1] if TOPICS[k - 1] != "case_study" else "product"
        nodes.append({"id": f"e{k}", "kind": "email", "subject": f"Email {k}", "topic": topic,
                      "cta": "book_demo" if k >= 8 else "read"})
        wait = ({"id": f"w{k}", "kind": "wait", "mode": "until_event", "event": "click", "days": 7} if k == 5
                else {"id": f"w{k}", "kind": "wait", "mode": "business_days" if k % 2 else "days", "days": 4})
        nodes.append(wait)
        edges.append({"from": f"e{k}", "to": f"w{k}"})
    ports = {5: ("event", "timeout")}
    for k in range(1, 10):
        for port in ports.get(k, ("next",)):
            target = f"e{k + 1}" if k != 2 else "by_role"
            if k == 5 and port == "event":
                target = "engaged"
            edges.append({"from": f"w{k}", "port": port, "to": target})
    nodes += [
        {"id": "by_role", "kind": "branch", "outputs": [
            {"label": "clinical",
             "when": [{"field": "role", "op": "in", "value": ["clinical_leadership", "operations"]}]},
            {"label": "else"}]},
        {"id": "engaged", "kind": "branch", "outputs": [
            {"label": "hot", "when": [{"field": "total", "op": "gte", "value": 50}]}, {"label": "else"}]},
        {"id": "bonus", "kind": "score", "points": 10},
        {"id": "handoff", "kind": "handoff", "sla_hours": 24},
        {"id": "done", "kind": "exit", "reason": "completed"},
    ]
    edges += [
        {"from": "by_role", "port": "clinical", "to": "e3"}, {"from": "by_role", "port": "else", "to": "e3"},
        {"from": "engaged", "port": "hot", "to": "bonus"}, {"from": "engaged", "port": "else", "to": "e6"},
        {"from": "bonus", "to": "e6"}, {"from": "w10", "to": "handoff_check"},
        {"from": "handoff_check", "port": "raised", "to": "handoff"},
        {"from": "handoff_check", "port": "else", "to": "done"},
    ]
    nodes.append({"id": "handoff_check", "kind": "branch", "outputs": [
        {"label": "raised", "when": [{"field": "hand_raised", "op": "eq", "value": True}]}, {"label": "else"}]})
    return Document.model_validate({
        "name": "Benchmark: ten emails, 180 days, five reps",
        "audience": {"offers": [{"id": "guide", "name": "Guide", "topic": "patient_engagement"},
                                {"id": "webinar", "name": "Webinar", "topic": "integration"}]},
        "scoring": {
            "fit": [{"field": "role", "op": "in", "value": ["clinical_leadership", "operations"], "points": 20},
                    {"field": "care_setting", "op": "eq", "value": "hospital_system", "points": 15}],
            "intent": [{"event": "open", "points": 1}, {"event": "click", "points": 5},
                       {"event": "click", "topic": "integration", "points": 15}, {"event": "hand_raise", "points": 40}],
            "decay_half_life_days": 30, "mql": {"fit_min": 20, "total": 45},
            "sql": {"total": 85, "require_hand_raise": True}},
        "sequence": {"nodes": nodes, "edges": edges},
        "scenarios": [{
            "name": "benchmark",
            "cohort": {"arrivals": [dict(rule, **({"variability": "poisson", "pattern": TIMING["pattern"]} if timing
                                                  else {"variability": "exact"}))
                                    for rule in ({"entry": "guide", "leads_per_week": 28000, "weeks": 26},
                                                 {"entry": "webinar", "leads_per_week": 10462, "weeks": 26})]},
            **({"sending": TIMING["sending"]} if timing else {}),
            "mix": {"role": {"clinical_leadership": 0.3, "operations": 0.3, "it": 0.2, "executive": 0.2},
                    "care_setting": {"hospital_system": 0.5, "ambulatory_group": 0.5}},
            "behaviour": {"default": {"open": 0.3, "click_given_open": 0.2, "hand_raise": 0.004,
                                      "unsubscribe": 0.01},
                          "overrides": [{"topic": "integration", "hand_raise": 0.01}],
                          "response_lag_hours": TIMING["response_lag_hours"] if timing else None},
            "sales": {"reps": reps, "first_touches_per_rep_per_day": 120},
            # The version-1 sales model: the per-lead reference implements it, and it is the baseline
            # the three-queue case is timed against.
            "sla": {"first_outreach_hours": 24, "clock": "calendar"},
            "acceptance": {"by_response_time": [], "after_rejection": "recycle",
                           "recycle": {"cooldown_days": 0, "max_rounds": None}},
            "horizon_days": 180, "replications": 10, "seed": 11}],
    })


def three_queue_document(reps: int = 5) -> Document:
    """The benchmark model with an SDR, an AE and a partner queue, routed by role and care setting, business-
    hours SLAs, the default speed-to-lead curve, recycling by reason, fit priority and outside load."""
    doc = benchmark_document(reps)
    base = doc.scenarios[0]
    queues = {
        "sdr": {"reps": reps, "first_touches_per_rep_per_day": 120, "other_handoffs_per_week": 500,
                "sla": {"first_outreach_hours": 4}},
        "ae": {"reps": 2, "first_touches_per_rep_per_day": 60, "priority": "fit", "sla": {"first_outreach_hours": 8}},
        "partners": {"reps": 2, "first_touches_per_rep_per_day": 80, "touch_cv": 0.5},
    }
    routing = [{"when": [{"field": "role", "op": "eq", "value": "executive"}], "queue": "ae"},
               {"when": [{"field": "care_setting", "op": "eq", "value": "ambulatory_group"}], "queue": "partners"}]
    scenario = base.model_validate({**base.model_dump(exclude={"sales", "sla", "acceptance"}),
                                    "name": "three queues", "sales": {"queues": queues, "routing": routing}})
    # Hand-raisers leave by three handoffs: executives to the AEs, ambulatory groups to partners, the rest SDRs.
    raised = {"field": "hand_raised", "op": "eq", "value": True}
    data = doc.model_dump(mode="json", by_alias=True, exclude={"scenarios"})
    for node in data["sequence"]["nodes"]:
        if node["id"] == "handoff_check":
            node["outputs"] = [
                {"label": "exec", "when": [raised, {"field": "role", "op": "eq", "value": "executive"}]},
                {"label": "ambulatory", "when": [raised, {"field": "care_setting", "op": "eq",
                                                          "value": "ambulatory_group"}]},
                *node["outputs"]]
        if node["id"] == "handoff":
            node.update(queue="sdr", sla_hours=4)
    data["sequence"]["nodes"] += [{"id": "to_ae", "kind": "handoff", "queue": "ae", "sla_hours": 8},
                                  {"id": "to_partners", "kind": "handoff", "queue": "partners", "sla_hours": 24}]
    data["sequence"]["edges"] += [{"from": "handoff_check", "port": "exec", "to": "to_ae"},
                                  {"from": "handoff_check", "port": "ambulatory", "to": "to_partners"}]
    return Document.model_validate({**data, "scenarios": [scenario.model_dump(mode="json")]})


def engine_figures(doc, scenario, seed: int, replication: int, leads: int) -> dict:
    figures = run_replication(doc, scenario, seed, replication, leads)
    totals = figures["totals"]
    return {"sql_handoffs": totals["sql_handoffs"], "mean_days_to_sql": figures["time_to_sql"]["mean"],
            "sla_breach_rate": totals["sla_breach_rate"], "arrived": totals["arrived"]}


def fresh_process_rss(leads: int, timing: bool = False) -> tuple[float, float, float]:
    """(RSS before the run, peak RSS) in MiB of a new interpreter that runs one replication, and its CPU
    seconds.

    Read from /proc (VmHWM), not getrusage: Linux carries the parent's high-water mark across exec.
    """
    code = (f"import sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); "
            "from bench_engine import benchmark_document, high_water; "
            "from simulation.runner import run_replication; "
            f"import time; d = benchmark_document(timing={timing}); s = d.scenarios[0]; b = high_water(); "
            f"c = time.process_time(); run_replication(d, s, s.seed, 0, {leads}); "
            "print(b, high_water(), time.process_time() - c)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    base, peak, cpu = (float(v) for v in out.split())
    return base, peak, cpu


def high_water() -> float:
    """Peak resident memory of this process so far, in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def t_quantile(p: float, df: int) -> float:
    """Student t quantile by the Cornish-Fisher expansion around the normal one (ample for df >= 5)."""
    z = statistics.NormalDist().inv_cdf(p)
    return z + (z**3 + z) / (4 * df) + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * df**2)


def timed(fn, *args):
    wall, cpu = time.perf_counter(), time.process_time()
    value = fn(*args)
    return value, time.perf_counter() - wall, time.process_time() - cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--leads", type=int, default=1_000_000)
    parser.add_argument("--reference-leads", type=int, default=100_000)
    parser.add_argument("--replications", type=int, default=10, help="engine replications for the agreement test")
    parser.add_argument("--reference-runs", type=int, default=2)
    parser.add_argument("--big-leads", type=int, default=10_000_000, help="leads of the one big run (0: skip)")
    args = parser.parse_args()
    doc = benchmark_document()
    sc = doc.scenarios[0]
    from per_lead_reference import reference_run  # beside this file: the script's folder is on sys.path

    print(f"Benchmark model: {doc.name}; {len(doc.sequence.nodes)} nodes, horizon {sc.horizon_days:g} days")
    timed_doc = benchmark_document(timing=True)
    timed_sc = timed_doc.scenarios[0]
    run_replication(doc, sc, 1, 0, 10_000)  # warm imports and caches
    run_replication(timed_doc, timed_sc, 1, 0, 10_000)
    cpu_times, walls, timing_cpu = [], [], []
    for r in range(5):
        # Interleaved, so that a busy machine slows both alike.
        _, wall, cpu = timed(run_replication, doc, sc, sc.seed, r, args.leads)
        walls.append(wall)
        cpu_times.append(cpu)
        timing_cpu.append(timed(run_replication, timed_doc, timed_sc, timed_sc.seed, r, args.leads)[2])
    cpu, best, wall = statistics.median(cpu_times), min(cpu_times), statistics.median(walls)
    print(f"\nEngine, {args.leads:,} leads, one replication: {cpu:.3f} s CPU median, {best:.3f} s best of 5 "
          f"({wall:.3f} s wall median), {args.leads / cpu:,.0f} leads/s")
    t_cpu = statistics.median(timing_cpu)
    print(f"Same with Poisson arrivals by weekday, send windows and response lags: {t_cpu:.3f} s CPU median, "
          f"{min(timing_cpu):.3f} s best of 5: {t_cpu / cpu:.2f}x the run without them (median), "
          f"{min(timing_cpu) / best:.2f}x (best)")
    tracemalloc.start()
    run_replication(doc, sc, sc.seed, 0, args.leads)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    base, rss, _ = fresh_process_rss(args.leads)
    print(f"Engine peak memory at {args.leads:,} leads: {peak / 2**20:.0f} MiB allocated by the run; a fresh "
          f"process peaks at {rss:.0f} MiB RSS ({base:.0f} MiB of it the interpreter and libraries)")
    if args.big_leads:
        base, rss, big_cpu = fresh_process_rss(args.big_leads, timing=True)
        print(f"{args.big_leads:,} leads in one replication (timing model on): {big_cpu:.1f} s CPU, peak RSS "
              f"{rss:,.0f} MiB ({base:.0f} MiB of it the interpreter and libraries)")

    three = three_queue_document()
    t_sc = three.scenarios[0]
    single_cpu, three_cpu = [], []
    for r in range(3):  # side by side, interleaved, so that machine load hits both alike
        single_cpu.append(timed(run_replication, doc, sc, sc.seed, r, args.leads)[2])
        three_cpu.append(timed(run_replication, three, t_sc, t_sc.seed, r, args.leads)[2])
    s_med, t_med = statistics.median(single_cpu), statistics.median(three_cpu)
    print(f"Three queues (routing, business-hours SLAs, default curve, recycling by reason, fit priority, outside"
          f" load), {args.leads:,} leads: {t_med:.3f} s CPU median of 3 vs {s_med:.3f} s single queue side by side:"
          f" {t_med / s_med:.2f}x")

    e_cpu = statistics.median(timed(run_replication, doc, sc, sc.seed, r, args.reference_leads)[2] for r in range(3))
    reference, _, r_cpu = timed(reference_run, doc, sc, 1001, args.reference_leads)
    print(f"\nAt {args.reference_leads:,} leads: engine {e_cpu:.3f} s CPU (median of 3), per-lead SimPy "
          f"reference {r_cpu:.1f} s CPU ({args.reference_leads / r_cpu:,.0f} leads/s)")
    print(f"Speed-up at {args.reference_leads:,} leads: {r_cpu / e_cpu:,.0f}x;"
          f" engine at {args.leads:,} vs reference at {args.reference_leads:,} (leads/s): "
          f"{(args.leads / cpu) / (args.reference_leads / r_cpu):,.0f}x")

    print(f"\nAgreement at {args.reference_leads:,} leads: engine {args.replications} replications vs reference"
          f" {args.reference_runs} runs (independent random streams)")
    engine = [engine_figures(doc, sc, sc.seed, r, args.reference_leads) for r in range(args.replications)]
    refs = [reference] + [reference_run(doc, sc, 1001 + k, args.reference_leads)
                          for k in range(1, args.reference_runs)]
    ok = True
    metrics = ("sql_handoffs", "mean_days_to_sql", "sla_breach_rate")
    checks = len(metrics) * len(refs)
    # Prediction intervals for one more run (where an independent, correct run should land), Bonferroni-
    # widened so that all checks together hold with 95% probability when the engines agree.
    factor = t_quantile(1 - 0.05 / (2 * checks), args.replications - 1)
    print(f"  test: each reference run inside the engine's prediction interval, family-wise 95% "
          f"({checks} checks, t = {factor:.2f})")
    for metric in metrics:
        xs = [e[metric] for e in engine]
        mean, sd = statistics.fmean(xs), statistics.stdev(xs)
        half = factor * sd * math.sqrt(1 + 1 / len(xs))
        for k, ref in enumerate(refs):
            inside = abs(ref[metric] - mean) <= half
            ok &= inside
            print(f"  {metric:<18} engine {mean:10.4f} ± {half:.4f}   reference run {k + 1}: {ref[metric]:10.4f}"
                  f"   {'agrees' if inside else 'DISAGREES'}")
    print("\nAgreement test:", "PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
