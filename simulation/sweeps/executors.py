"""Where sweep points run: serially, on a local process pool (all cores) or on a Dask cluster.

Every task is plain data with its own seed, so any point can be reproduced alone and the results are
identical bit for bit whichever executor ran them.
"""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from typing import Any, Protocol

Task = dict[str, Any]
Worker = Callable[[Task], dict[str, Any]]
Results = Iterator[tuple[int, dict]]


class Executor(Protocol):
    name: str

    def run(self, fn: Worker, tasks: Sequence[Task], cancel: Callable[[], bool]) -> Results:
        """Yield ``(task index, result)`` as tasks finish; stop early (keeping what finished) on cancel."""
        ...

    def close(self) -> None: ...


class SerialExecutor:
    name = "serial"

    def run(self, fn: Worker, tasks: Sequence[Task], cancel: Callable[[], bool]) -> Results:
        for index, task in enumerate(tasks):
            if cancel():
                return
            yield index, fn(task)

    def close(self) -> None:
        pass


def _quiet_worker() -> None:
    # Ctrl+C belongs to the parent, which cancels cleanly and keeps finished points.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # The workers take every core the designer's window leaves idle, and yield to it when it has work: its
    # event loop keeps its turn while a sweep runs (Windows has no nice: there the workers run as they are).
    with contextlib.suppress(AttributeError, OSError):
        os.nice(5)


class LocalPoolExecutor:
    """A process pool on this machine; by default one worker per core."""

    name = "local pool"

    def __init__(self, workers: int | None = None):
        self.workers = max(1, workers or os.cpu_count() or 1)
        self._pool: ProcessPoolExecutor | None = None

    def run(self, fn: Worker, tasks: Sequence[Task], cancel: Callable[[], bool]) -> Results:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=self.workers, initializer=_quiet_worker)
        futures = {self._pool.submit(fn, task): index for index, task in enumerate(tasks)}
        pending = set(futures)
        try:
            while pending:
                done, pending = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
                for future in done:
                    yield futures[future], future.result()
                if cancel():
                    return
        finally:
            for future in pending:
                future.cancel()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


class DaskExecutor:
    """Sends each point to a Dask distributed scheduler (``tcp://host:8786``) or a given client."""

    name = "dask"

    def __init__(self, address: str | None = None, client: Any = None):
        try:
            from distributed import Client
        except ImportError as exc:  # the optional extra is not installed
            raise RuntimeError(
                "running on a Dask cluster needs the dask extra: pip install 'nurture-studio[dask]'"
            ) from exc
        self._own = client is None
        self.client = client if client is not None else Client(address, timeout="10s")

    def run(self, fn: Worker, tasks: Sequence[Task], cancel: Callable[[], bool]) -> Results:
        from distributed import as_completed

        futures = [self.client.submit(fn, task, pure=False) for task in tasks]
        index_of = {future.key: i for i, future in enumerate(futures)}
        finished = as_completed(futures)
        try:
            for future in finished:
                yield index_of[future.key], future.result()
                if cancel():
                    return
        finally:
            self.client.cancel([f for f in futures if not f.done()])

    def close(self) -> None:
        if self._own:
            self.client.close()


def make_executor(workers: int | None = None, scheduler: str | None = None) -> Executor:
    """``scheduler`` (or DASK_SCHEDULER_ADDRESS) selects Dask; ``workers == 1`` runs serially."""
    address = scheduler or os.environ.get("DASK_SCHEDULER_ADDRESS")
    if address:
        return DaskExecutor(address)
    if workers == 1:
        return SerialExecutor()
    return LocalPoolExecutor(workers)
