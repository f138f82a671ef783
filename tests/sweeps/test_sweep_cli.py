"""``nurture sweep`` through its real entry point: table, JSON, adopting a point, bad input."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from assets.examples import template_path
from designer.cli.main import app
from sequences import load_document, read_document, save_document

from .conftest import small_sweep

runner = CliRunner()


def _file(tmp_path):
    document, tree = read_document(template_path("patient-engagement"))
    document = document.model_copy(update={"sweeps": (small_sweep(),)})
    path = tmp_path / "doc.nurture.yaml"
    save_document(document, path, tree)
    return path


def test_sweep_prints_recommendation_and_writes_json(tmp_path):
    path = _file(tmp_path)
    out = tmp_path / "sweep.json"
    result = runner.invoke(app, ["sweep", str(path), "--sweep", "small", "--workers", "1", "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert "Recommended:" in result.output
    data = json.loads(out.read_text())
    assert len(data["points"]) == 6
    assert data["recommended"] in [p["index"] for p in data["points"]]


def test_adopt_best_adds_the_scenario_to_the_file(tmp_path):
    path = _file(tmp_path)
    before = load_document(path)
    result = runner.invoke(app, ["sweep", str(path), "--workers", "1", "--adopt", "best"])
    assert result.exit_code == 0, result.output
    after = load_document(path)
    assert len(after.scenarios) == len(before.scenarios) + 1
    assert after.scenarios[-1].name.startswith("current thresholds — ")
    assert (tmp_path / "doc.nurture.yaml.bak").exists()


def test_unknown_sweep_and_broken_file_exit_2(tmp_path):
    path = _file(tmp_path)
    result = runner.invoke(app, ["sweep", str(path), "--sweep", "nope"])
    assert result.exit_code == 2
    assert "no sweep named 'nope'" in result.output
    broken = tmp_path / "broken.nurture.yaml"
    broken.write_text("sequence: [\n")
    result = runner.invoke(app, ["sweep", str(broken)])
    assert result.exit_code == 2
    assert "broken.nurture.yaml" in result.output and "Traceback" not in result.output


def test_ctrl_c_stops_cleanly_and_keeps_the_finished_points(tmp_path):
    import os
    import signal
    import subprocess
    import sys

    document, tree = read_document(template_path("patient-engagement"))
    sweep = small_sweep(axes=[{"parameter": "sql_total", "low": 50, "high": 120, "steps": 15}],
                        simulate_top=15, simulate_check=0, leads=20000, replications=4)
    path = tmp_path / "doc.nurture.yaml"
    save_document(document.model_copy(update={"sweeps": (sweep,)}), path, tree)
    out = tmp_path / "partial.json"
    process = subprocess.Popen(
        [sys.executable, "-m", "designer.cli.main", "sweep", str(path), "--workers", "1", "--json", str(out)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=os.getcwd())
    first = process.stderr.readline()  # the sweep has started
    assert "Ctrl+C" in first
    for line in process.stderr:  # wait until the full simulations have begun, then press Ctrl+C
        if line.startswith("simulating"):
            break
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr
    data = json.loads(out.read_text())
    assert data["complete"] is False
    assert "cancelled" in stdout
