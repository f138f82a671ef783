"""``simulate``: replications of the engine, serially or in a process pool, with progress and cancel."""

from __future__ import annotations

import concurrent.futures as futures
import multiprocessing
import time
from collections.abc import Callable

from sequences.document import Document
from sequences.scenario import Scenario
from sequences.validation import Finding

from .capacity import memory_problem
from .checks import SimulationRefused, problems
from .compiled import compile_model
from .engine import Engine
from .leads import CohortCache
from .result import SimulationResult

POLL_SECONDS = 0.1


class Cancelled(Exception):
    """The caller's ``cancel()`` returned True; no result is produced."""


def resolve(document: Document, scenario: Scenario | str | None) -> Scenario:
    """The scenario itself, the one with that name, or the first; an unknown name is refused."""
    if isinstance(scenario, Scenario):
        return scenario
    try:
        return document.scenario(scenario)
    except KeyError as exc:
        raise SimulationRefused([Finding("error", "sim.no_scenario", str(exc.args[0]))]) from None


def run_replication(document: Document, scenario: Scenario, seed: int, replication: int,
                    leads: int | None = None, tick: Callable[[int], None] | None = None,
                    cohorts: CohortCache | None = None, detail: bool = True, handoffs_only: bool = False) -> dict:
    """Figures of one replication (plain data); the same arguments always give the same figures.

    ``cohorts`` lends the cohorts already drawn for other scenarios of the same document (a sweep);
    ``detail=False`` keeps only the totals and times (see ``Engine.run``); ``handoffs_only`` leaves the sales
    team out (see ``Engine``)."""
    return Engine(compile_model(document, scenario), seed, replication, leads, tick, cohorts,
                  handoffs_only, detail).run()


def simulate(document: Document, scenario: Scenario | str | None = None, seed: int | None = None, *,
             replications: int | None = None, leads: int | None = None,
             progress: Callable[[int, int], None] | None = None, cancel: Callable[[], bool] | None = None,
             workers: int = 1) -> SimulationResult:
    """Run ``replications`` (default: the scenario's) of ``scenario`` and aggregate them.

    ``seed`` defaults to the scenario's; ``leads`` scales the cohort so that that many leads arrive within the horizon.
    ``progress(done, total)`` and ``cancel()`` are called at least every ~0.1 s of work; ``cancel``
    returning True raises ``Cancelled``. ``workers`` > 1 runs replications in processes; the result is
    identical to a serial run.
    """
    scenario = resolve(document, scenario)
    found = problems(document, scenario)
    if found:
        raise SimulationRefused(found)
    seed = scenario.seed if seed is None else int(seed)
    count = scenario.replications if replications is None else int(replications)
    if count < 1:
        raise ValueError("replications must be at least 1")
    if leads is not None and leads < 1:
        raise ValueError("leads must be at least 1")
    memory = memory_problem(scenario, leads, workers if count > 1 else 1)
    if memory is not None:
        raise SimulationRefused([memory])
    windows = Engine.window_count(scenario)
    watch = _Watch(progress, cancel, count * windows)
    if workers > 1 and count > 1:
        runs = _parallel(document, scenario, seed, count, leads, workers, watch, windows)
    else:
        compiled = compile_model(document, scenario)
        runs = []
        for r in range(count):
            runs.append(Engine(compiled, seed, r, leads, _ticker(watch, r * windows)).run())
            watch.at((r + 1) * windows, force=True)
    return SimulationResult.from_runs(runs, document=document.name, scenario=scenario.name, seed=seed,
                                      leads=leads, horizon_days=scenario.horizon_days)


def _ticker(watch: _Watch, offset: int) -> Callable[[int], None]:
    return lambda window: watch.at(offset + window)


class _Watch:
    def __init__(self, progress, cancel, total: int):
        self.progress, self.cancel, self.total = progress, cancel, total
        self.last = 0.0

    def at(self, done: int, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self.last < POLL_SECONDS:
            return
        self.last = now
        if self.cancel is not None and self.cancel():
            raise Cancelled("the simulation was cancelled")
        if self.progress is not None:
            self.progress(min(done, self.total), self.total)


def _parallel(document, scenario, seed, count, leads, workers, watch: _Watch, windows: int) -> list[dict]:
    # Spawned, not forked: the GUI calls this from a thread, and forking a threaded Qt process is unsafe.
    context = multiprocessing.get_context("spawn")
    with futures.ProcessPoolExecutor(max_workers=min(workers, count), mp_context=context) as pool:
        jobs = {pool.submit(run_replication, document, scenario, seed, r, leads): r for r in range(count)}
        runs: dict[int, dict] = {}
        try:
            pending = set(jobs)
            while pending:
                done, pending = futures.wait(pending, timeout=POLL_SECONDS, return_when=futures.FIRST_COMPLETED)
                for job in done:
                    runs[jobs[job]] = job.result()
                watch.at(len(runs) * windows, force=True)
        except BaseException:
            for job in jobs:
                job.cancel()
            raise
    return [runs[r] for r in range(count)]
