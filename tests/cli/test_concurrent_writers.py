"""Writers of one document at once: real ``nurture`` processes under the lock never lose each other's work."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from designer.cli.main import app
from sequences import read_document
from sequences.locking import COMMAND, DocumentLock, lock_paths

from ..designer.history_fixtures import write_history
from .cli_fixtures import EXAMPLE, NURTURE, runner

HUBSPOT = Path(__file__).parents[1] / "exchange" / "samples" / "hubspot"


@pytest.fixture(scope="module")
def leads(tmp_path_factory) -> Path:
    return write_history(tmp_path_factory.mktemp("history"), EXAMPLE)


@pytest.fixture
def plan(tmp_path) -> Path:
    path = tmp_path / "plan.nurture.yaml"
    shutil.copy(EXAMPLE, path)
    return path


def calibrate(plan: Path, leads: Path, scenario: str, *extra: str) -> subprocess.CompletedProcess:
    # The locks are under test, not the fit: the quick calibration (thresholds and rates only).
    return subprocess.run([str(NURTURE), "calibrate", str(plan), "--leads", str(leads), "--scenario", scenario,
                           "--no-fit-funnel", *extra],
                          capture_output=True, text=True, timeout=120, env=os.environ.copy())


def scenario_names(path: Path) -> list[str]:
    return [s.name for s in read_document(path)[0].scenarios]


@pytest.mark.parametrize("writers", [2, 4])
def test_concurrent_calibrations_all_keep_their_scenario(plan, leads, writers):
    start = scenario_names(plan)
    for round_ in range(3):
        wanted = [f"crm {round_}.{i}" for i in range(writers)]
        with ThreadPoolExecutor(writers) as pool:
            runs = list(pool.map(lambda name: calibrate(plan, leads, name), wanted))
        for run in runs:
            assert run.returncode == 0, run.stderr
            assert "written to" in run.stdout
        start += wanted
        assert sorted(scenario_names(plan)) == sorted(start)  # every run's scenario is in the file
        assert sorted(scenario_names(plan.with_name(plan.name + ".bak"))) != sorted(start)  # one generation back
    assert not [p.name for p in plan.parent.iterdir() if p.name.endswith(".tmp") or p.name.startswith(".~lock")]


def test_a_window_holding_the_file_is_named_and_force_overrides(plan, leads):
    window = DocumentLock(plan)  # a designer window of this process has the file open
    try:
        before = plan.read_bytes()
        refused = calibrate(plan, leads, "from crm")
        assert refused.returncode == 3
        assert f"(process {os.getpid()} on {socket.gethostname()})" in refused.stderr
        assert "nurture-studio" in refused.stderr and "use --force to write anyway" in refused.stderr
        assert plan.read_bytes() == before
        forced = calibrate(plan, leads, "from crm", "--force")
        assert forced.returncode == 0, forced.stderr
        assert "from crm" in scenario_names(plan)
        holder = json.loads(lock_paths(plan)[0].read_text())
        assert holder["kind"] == "window" and holder["pid"] == os.getpid()  # overridden, not taken away
    finally:
        window.release()


def test_another_command_that_keeps_the_lock_is_waited_for_then_refused(plan, leads):
    other = DocumentLock(plan, program="nurture format", kind=COMMAND)
    try:
        refused = calibrate(plan, leads, "from crm")
    finally:
        other.release()
    assert refused.returncode == 3
    assert "another command" in refused.stderr and "nurture format" in refused.stderr
    assert "from crm" not in scenario_names(plan)


def _hubspot_flow() -> Path:
    return next(p for p in sorted(HUBSPOT.iterdir()) if p.suffix == ".json")


@pytest.mark.parametrize("command", [
    ["format", "{plan}"],
    ["sweep", "{plan}", "--adopt", "best", "--workers", "1"],
    ["import", "{flow}", "--from", "hubspot", "--out", "{plan}"],
])
def test_every_writing_command_respects_a_window_lock(plan, command):
    args = [a.format(plan=plan, flow=_hubspot_flow()) for a in command]
    plan.write_text(plan.read_text().replace("schema_version: ", "schema_version:    "))  # for format
    before = plan.read_bytes()
    window = DocumentLock(plan)
    try:
        result = runner.invoke(app, args)
    finally:
        window.release()
    assert result.exit_code == 3, result.output
    assert "is open in" in result.output and "--force" in result.output
    assert plan.read_bytes() == before
