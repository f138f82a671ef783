"""Sweep throughput: screened points per minute and simulated points per minute (100k leads x 10
replications), serially, on the local process pool and on a Dask LocalCluster.

Run: .venv/bin/python benchmarks/bench_sweep.py [--sim-points N]
Targets (2 cores): >= 3,000 screened points/minute, >= 100 simulated points/minute at 100k x 10.
"""

from __future__ import annotations

import argparse
import os
import time

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


def simulate_sweep(points: int) -> Sweep:
    return Sweep.model_validate({
        "name": "simulate", "base_scenario": "current thresholds",
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
    parser.add_argument("--sim-points", type=int, default=4)
    args = parser.parse_args()
    document = load_document(template_path("patient-engagement"))
    screen, simulate = screen_sweep(), simulate_sweep(args.sim_points)
    document = document.model_copy(update={"sweeps": (screen, simulate)})
    print(f"screen: {len(document.sweeps[0].axes)} axes; simulate: {args.sim_points} points at 100k leads x 10")
    for name, make, _ in executors():
        executor = make()
        try:
            start = time.perf_counter()
            result = run_sweep(document, "screen", executor)
            screen_s = time.perf_counter() - start
            start = time.perf_counter()
            simulated = run_sweep(document, "simulate", executor)
            sim_s = time.perf_counter() - start
        finally:
            executor.close()
        screened = len(result.points)
        sims = sum(1 for p in simulated.points if p.simulated)
        print(f"{name:<28} screened {screened:>5} points in {screen_s:6.2f} s = {60 * screened / screen_s:8.0f}/min"
              f"   simulated {sims} points in {sim_s:6.2f} s = {60 * sims / sim_s:6.1f}/min")


if __name__ == "__main__":
    main()
