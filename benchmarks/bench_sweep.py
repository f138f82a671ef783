"""Sweep throughput: screened points per minute and simulated points per minute (100k leads x 10
replications), serially, on the local process pool and on a Dask LocalCluster.

Run: .venv/bin/python benchmarks/bench_sweep.py [--sim-points N] [--model benchmark|example]
Targets (2 cores): >= 3,000 screened points/minute, >= 100 simulated points/minute at 100k x 10.
The simulated stage runs on the engine benchmark's model (10 emails, 180 days, 5 reps) by default;
``--model example`` uses the richer patient-engagement example instead (about 1.6x the work per lead).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from assets.examples import template_path
from sequences import load_document
from sequences.sweep import Sweep
from simulation.sweeps.executors import DaskExecutor, LocalPoolExecutor, SerialExecutor
from simulation.sweeps.runner import run_sweep


def screen_sweep() -> Sweep:
    return Sweep.model_validate({
        "name": "screen", "base_scenario": "current thresholds",
        "axes": [{"parameter": "mql_total", "values": [35, 45, 55]},
                 {"parameter": "sql_total", "low": 60, "high": 110, "steps": 6},
                 {"parameter": "reps", "values": [3, 4, 5, 6, 7, 8]},
                 {"parameter": "first_touches_per_rep_per_day", "values": [8, 12, 16]},
                 {"parameter": "sla_hours", "values": [8, 24, 48, 72]}],
        "simulate_top": 0, "simulate_check": 0,
    })


def simulate_sweep(points: int, base: str) -> Sweep:
    return Sweep.model_validate({
        "name": "simulate", "base_scenario": base,
        "axes": [{"parameter": "sql_total", "low": 60, "high": 110, "steps": points}],
        "replications": 10, "leads": 100_000, "simulate_top": points, "simulate_check": 0,
    })


def executors():
    yield "serial", SerialExecutor, None
    yield f"local pool ({os.cpu_count()} workers)", LocalPoolExecutor, None
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        print("  (dask not installed: skipping LocalCluster)")
        return
    cluster = LocalCluster(n_workers=os.cpu_count(), threads_per_worker=1, processes=True, dashboard_address=None)
    client = Client(cluster)
    try:
        yield "Dask LocalCluster", lambda: DaskExecutor(client=client), None
    finally:
        client.close()
        cluster.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sim-points", type=int, default=8)
    parser.add_argument("--model", choices=("benchmark", "example"), default="benchmark")
    args = parser.parse_args()
    document = load_document(template_path("patient-engagement"))
    screen = screen_sweep()
    document = document.model_copy(update={"sweeps": (screen,)})
    if args.model == "example":
        sim_document = document.model_copy(update={"sweeps": (simulate_sweep(args.sim_points, "current thresholds"),)})
    else:
        sys.path.insert(0, str(Path(__file__).parent))
        from bench_engine import benchmark_document

        model = benchmark_document()
        sim_document = model.model_copy(update={"sweeps": (simulate_sweep(args.sim_points, model.scenarios[0].name),)})
    print(f"screen: the patient-engagement example, {len(screen.axes)} axes; simulate: {args.sim_points} points"
          f" at 100k leads x 10 replications on the {args.model} model")
    for name, make, _ in executors():
        executor = make()
        try:
            start = time.perf_counter()
            result = run_sweep(document, "screen", executor)
            screen_s = time.perf_counter() - start
            # The simulated stage alone: the whole sweep minus its own (tiny) screening stage.
            sim_sweep = sim_document.sweeps[0]
            start = time.perf_counter()
            run_sweep(sim_document, sim_sweep.model_copy(update={"simulate_top": 0}), executor)
            sim_screen_s = time.perf_counter() - start
            start = time.perf_counter()
            simulated = run_sweep(sim_document, "simulate", executor)
            sim_s = time.perf_counter() - start - sim_screen_s
        finally:
            executor.close()
        screened = len(result.points)
        sims = sum(1 for p in simulated.points if p.simulated)
        print(f"{name:<28} screened {screened:>5} points in {screen_s:6.2f} s = {60 * screened / screen_s:8.0f}/min"
              f"   simulated {sims} points in {sim_s:6.2f} s = {60 * sims / sim_s:6.1f}/min")


if __name__ == "__main__":
    main()
