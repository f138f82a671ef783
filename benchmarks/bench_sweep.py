"""Sweep throughput: screened points per minute and simulated points per minute (100k leads x 10
replications) on the local process pool and on a Dask LocalCluster, side by side in one run.

Run: .venv/bin/python benchmarks/bench_sweep.py [--sim-points N] [--rounds R] [--model benchmark|example]
Targets (2 cores): >= 3,000 screened points/minute; >= 200 simulated points/minute at 100k x 10 on the local
pool; Dask LocalCluster within 20% of the local pool.

The simulated stage is timed as run_sweep runs it (the same tasks, the same executor call), on the engine
benchmark's model (10 emails, 180 days, 5 reps) by default; ``--model example`` uses the richer
patient-engagement example (about 1.6x the work per lead). The local pool and Dask take turns, round by round,
so a machine shared with other work slows both alike: read the ratio of each round, not only the totals.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from assets.examples import template_path
from sequences import load_document
from sequences.sweep import Sweep
from simulation.sweeps.executors import DaskExecutor, LocalPoolExecutor
from simulation.sweeps.points import apply_point, expand
from simulation.sweeps.runner import run_sweep
from simulation.sweeps.tasks import simulate_task


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


def simulated_tasks(points: int, model: str) -> list[dict]:
    """The tasks run_sweep's simulated stage sends: ``points`` SQL thresholds at 100k leads x 10 replications."""
    if model == "example":
        document = load_document(template_path("patient-engagement"))
    else:
        sys.path.insert(0, str(Path(__file__).parent))
        from bench_engine import benchmark_document

        document = benchmark_document()
    base = document.scenarios[0]
    sweep = Sweep.model_validate({"name": "simulate", "base_scenario": base.name,
                                  "axes": [{"parameter": "sql_total", "low": 60, "high": 110, "steps": points}],
                                  "replications": 10, "leads": 100_000})
    text = json.dumps(document.model_dump(mode="json", by_alias=True), sort_keys=True)
    return [{"document": text, "scenario": apply_point(document, base, p).model_dump(mode="json"),
             "seed": sweep.seed, "replications": sweep.replications, "leads": sweep.leads} for p in expand(sweep)]


def timed_simulation(executor, tasks: list[dict]) -> float:
    start = time.perf_counter()
    done = sum(1 for _ in executor.run(simulate_task, tasks, lambda: False))
    assert done == len(tasks)
    return 60 * done / (time.perf_counter() - start)


def timed_screen(executor, document) -> float:
    start = time.perf_counter()
    result = run_sweep(document, "screen", executor)
    return 60 * len(result.points) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sim-points", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--model", choices=("benchmark", "example"), default="benchmark")
    args = parser.parse_args()
    workers = os.cpu_count() or 1
    document = load_document(template_path("patient-engagement"))
    document = document.model_copy(update={"sweeps": (screen_sweep(),)})
    tasks = simulated_tasks(args.sim_points, args.model)
    print(f"screen: the patient-engagement example, 5 axes, 1,296 points; simulate: {len(tasks)} points at 100k "
          f"leads x 10 replications on the {args.model} model; {workers} workers each; load average "
          f"{os.getloadavg()[0]:.1f} on {workers} cores (a shared machine makes absolute figures noisy)")
    pool = LocalPoolExecutor(workers)
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        Client = LocalCluster = None  # noqa: N806 - the optional extra is missing
        print("  (dask not installed: the local pool only)")
    cluster = client = dask = None
    if LocalCluster is not None:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
        dask = DaskExecutor(client=client)
    try:
        # Warm up: start processes, import, compile, read the document and draw the cohorts. A whole round, so
        # that every worker has run points (Dask may give the first few to one worker).
        for executor in filter(None, (pool, dask)):
            timed_simulation(executor, tasks)
        print(f"{'round':<7}{'local pool screened/min':>25}{'Dask screened/min':>20}"
              f"{'local pool simulated/min':>27}{'Dask simulated/min':>21}{'Dask / pool':>13}")
        ratios = []
        for round_ in range(1, args.rounds + 1):
            pool_sim = timed_simulation(pool, tasks)
            dask_sim = timed_simulation(dask, tasks) if dask else float("nan")
            pool_screen = timed_screen(pool, document)
            dask_screen = timed_screen(dask, document) if dask else float("nan")
            ratios.append(dask_sim / pool_sim)
            print(f"{round_:<7}{pool_screen:>25,.0f}{dask_screen:>20,.0f}{pool_sim:>27.1f}{dask_sim:>21.1f}"
                  f"{dask_sim / pool_sim:>13.2f}")
        print(f"Dask / local pool on simulated points: {min(ratios):.2f}–{max(ratios):.2f} (target >= 0.80)")
    finally:
        pool.close()
        if client is not None:
            client.close()
            cluster.close()


if __name__ == "__main__":
    main()
