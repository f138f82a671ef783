"""A sweep worker started as Dask starts one keeps its freed memory for the next replication."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

CODE = "from simulation.sweeps.worker_memory import keep_freed_memory; print(keep_freed_memory())"


def _run(env: dict[str, str]) -> str:
    return subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, check=True,
                          env=env).stdout.strip()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's allocator setting")
def test_a_worker_with_dasks_trim_setting_keeps_its_freed_memory():
    dask_like = {**os.environ, "MALLOC_TRIM_THRESHOLD_": "65536"}
    assert _run(dask_like) == "True"
    plain = {k: v for k, v in os.environ.items() if k != "MALLOC_TRIM_THRESHOLD_"}
    assert _run(plain) == "False"  # a local pool worker is left as glibc set it up
