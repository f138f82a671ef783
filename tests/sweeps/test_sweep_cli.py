"""``nurture sweep`` through its real entry point: table, JSON, adopting a point, bad input."""

from __future__ import annotations

import json
import re

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
    # The table marks the recommendation, and lists the simulated points before the screened ones.
    rows = [line for line in result.output.splitlines() if line.rstrip().endswith(("simulated", "screened"))]
    marked = [line for line in rows if line[4:5] == "★"]
    assert len(marked) == 1 and int(marked[0][:4]) == json.loads(out.read_text())["recommended"]
    bases = [line.rstrip().rsplit(" ", 1)[-1] for line in rows if line[4:5] != "✗"]
    assert bases == sorted(bases, key=lambda b: b != "simulated")
    data = json.loads(out.read_text())
    assert len(data["points"]) == 6
    # A share's interval is clipped at 0% and 100%: printed as a range then, so that no ± reaches past the clip.
    for value, half in re.findall(r"(\d+\.\d)%±(\d+\.\d)%", result.output):
        assert float(value) - float(half) >= 0 and float(value) + float(half) <= 100
    ranges = re.findall(r"(\d+\.\d)% \((\d+\.\d)%–(\d+\.\d)%\)", result.output)
    assert ranges and all(float(low) <= float(value) <= float(high) for value, low, high in ranges)
    assert any(float(low) == 0.0 for _, low, _ in ranges)  # 2 replications: some interval reaches 0%
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


def test_output_states_the_question_the_cohort_and_marks_rescaled_counts(tmp_path):
    path = _file(tmp_path)  # the small sweep runs on 3,000 leads: every count says so
    result = runner.invoke(app, ["sweep", str(path), "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert "Question: Maximise accepted SQLs a month, subject to rep utilisation ≤ 85.0%." in result.output
    assert "* every count is on a 3,000-lead cohort, not the scenario's own 10,920" in result.output
    rows = [line for line in result.output.splitlines() if "Sales reps" in line and line.rstrip().endswith("simulated")]
    assert rows and all("*" in row for row in rows)


def test_adopt_prints_the_adopted_scenarios_figures_beside_the_sweeps(tmp_path):
    document, tree = read_document(template_path("patient-engagement"))
    sweep = small_sweep(leads=None)
    path = tmp_path / "doc.nurture.yaml"
    save_document(document.model_copy(update={"sweeps": (sweep,)}), path, tree)
    result = runner.invoke(app, ["sweep", str(path), "--workers", "1", "--adopt", "best"])
    assert result.exit_code == 0, result.output
    assert "Simulated the adopted scenario" in result.output
    assert "Accepted SQLs per month: sweep" in result.output and "— agree" in result.output
    assert "The adopted scenario reproduces the sweep's figures" in result.output
    adopted = load_document(path).scenarios[-1]
    assert adopted.description.startswith("Adopted from sweep 'small' (the recommended setting)")


def test_extend_axes_saves_the_longer_axis_in_the_file(tmp_path):
    document, tree = read_document(template_path("patient-engagement"))
    sweep = small_sweep(axes=[{"parameter": "sql_total", "values": [60, 80, 100]}], constraints=[])
    path = tmp_path / "doc.nurture.yaml"
    save_document(document.model_copy(update={"sweeps": (sweep,)}), path, tree)
    result = runner.invoke(app, ["sweep", str(path), "--workers", "1", "--extend-axes"])
    assert result.exit_code == 0, result.output
    assert "Edge: SQL total score 60 is the lowest value tried" in result.output
    assert load_document(path).sweeps[0].axes[0].values == (40.0, 60.0, 80.0, 100.0)


def test_a_money_objective_without_economics_exits_2_with_what_to_add(tmp_path):
    document, tree = read_document(template_path("patient-engagement"))
    base = document.scenarios[0].model_copy(update={"economics": None})
    sweep = small_sweep(objective={"metric": "pipeline_value_per_month"})
    path = tmp_path / "doc.nurture.yaml"
    save_document(document.model_copy(update={"sweeps": (sweep,), "scenarios": (base, *document.scenarios[1:])}),
                  path, tree)
    result = runner.invoke(app, ["sweep", str(path), "--workers", "1"])
    assert result.exit_code == 2
    assert "add economics" in result.output and "Traceback" not in result.output
