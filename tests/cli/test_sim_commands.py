"""``nurture simulate``, ``compare`` and ``demo`` through the real entry point."""

from __future__ import annotations

import json
import subprocess

from designer.cli.main import app

from .cli_fixtures import EXAMPLE, NURTURE, SCENARIOS, runner


def test_simulate_prints_the_summary_and_writes_json_and_csv(tmp_path):
    out = tmp_path / "result.json"
    result = runner.invoke(app, ["simulate", str(EXAMPLE), "--scenario", SCENARIOS[1], "--replications", "2",
                                 "--leads", "3000", "--json", str(out), "--csv", str(tmp_path / "csv")])
    assert result.exit_code == 0, result.output
    for words in ("Leads (each lead counted once)", "Handoffs to sales", "Weekly handoffs", "SLA breach rate",
                  "Top stall points", SCENARIOS[1]):
        assert words in result.output
    data = json.loads(out.read_text())
    assert data["scenario"] == SCENARIOS[1] and data["replications"] == 2
    assert data["totals"]["arrived"]["mean"] > 2900
    daily = (tmp_path / "csv" / "daily.csv").read_text().splitlines()
    assert daily[0].startswith("day,arrivals_mean") and len(daily) == 181
    assert "sql_handoffs_pred_low,sql_handoffs_pred_high" in daily[0]  # the expected range for one day
    assert (tmp_path / "csv" / "nodes.csv").read_text().count("wait_click") >= 4


def test_same_seed_gives_the_same_json(tmp_path):
    outputs = []
    for name in ("a.json", "b.json"):
        args = ["simulate", str(EXAMPLE), "--seed", "5", "-r", "2", "--leads", "1500", "--json", str(tmp_path / name)]
        assert runner.invoke(app, args).exit_code == 0
        outputs.append((tmp_path / name).read_text())
    assert outputs[0] == outputs[1]


def test_compare_shows_scenarios_side_by_side_with_paired_differences():
    result = runner.invoke(app, ["compare", str(EXAMPLE), "--scenario", SCENARIOS[0], "--scenario", SCENARIOS[1],
                                 "-r", "3", "--leads", "3000"])
    assert result.exit_code == 0, result.output
    assert f"{SCENARIOS[1]} minus {SCENARIOS[0]}" in result.output
    line = next(row for row in result.output.splitlines() if row.strip().startswith("SQL leads") and "[" in row)
    assert line.split()[2].startswith("-")  # the stricter SQL bar hands off fewer leads


def test_demo_writes_result_and_a_self_contained_report_without_a_display(tmp_path):
    out = tmp_path / "demo"
    env = {"PATH": "/usr/bin:/bin", "QT_QPA_PLATFORM": ""}
    done = subprocess.run([str(NURTURE), "demo", str(EXAMPLE), "--out", str(out), "--replications", "2"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert str(out / "report.html") in done.stdout
    report = (out / "report.html").read_text()
    assert "<svg" in report and SCENARIOS[1] in report
    # Self-contained: the only URLs are the SVG namespace, which is a name, not a download.
    assert "http" not in report.replace("http-equiv", "").replace("xmlns='http://www.w3.org/2000/svg'", "")
    data = json.loads((out / "result.json").read_text())
    assert [r["scenario"] for r in data["results"]] == list(SCENARIOS)
    assert SCENARIOS[1] in data["differences"]


def test_demo_writes_the_same_full_report_as_nurture_report(tmp_path):
    """One report renderer: the demo's report.html is `nurture report`'s, with assumptions and breakdowns."""
    demo = runner.invoke(app, ["demo", str(EXAMPLE), "--out", str(tmp_path / "demo"), "-r", "2"])
    assert demo.exit_code == 0, demo.output
    report = runner.invoke(app, ["report", str(EXAMPLE), "--out", str(tmp_path / "report.html"), "-r", "2"])
    assert report.exit_code == 0, report.output
    html = (tmp_path / "demo" / "report.html").read_text(encoding="utf-8")
    assert html == (tmp_path / "report.html").read_text(encoding="utf-8")
    for words in ("MQL threshold", "Sales team", SCENARIOS[0], SCENARIOS[1]):
        assert words in html


def test_an_impossible_scenario_lists_findings_and_exits_1(tmp_path):
    text = EXAMPLE.read_text().replace("sales: {reps: 4, first_touches_per_rep_per_day: 12}",
                                       "sales: {reps: 0, first_touches_per_rep_per_day: 12}")
    path = tmp_path / "no_team.nurture.yaml"
    path.write_text(text)
    result = runner.invoke(app, ["simulate", str(path)])
    assert result.exit_code == 1
    assert "no capacity" in result.output and "Traceback" not in result.output
    unknown = runner.invoke(app, ["simulate", str(EXAMPLE), "--scenario", "nope"])
    assert unknown.exit_code == 1 and "no scenario named 'nope'" in unknown.output


def test_a_file_that_cannot_be_loaded_exits_2(tmp_path):
    path = tmp_path / "broken.nurture.yaml"
    path.write_text("name: [unclosed\n")
    for command in (["simulate", str(path)], ["compare", str(path), "-s", "a", "-s", "b"],
                    ["demo", str(path), "--out", str(tmp_path / "o")]):
        result = runner.invoke(app, command)
        assert result.exit_code == 2, result.output
        assert "broken.nurture.yaml" in result.output and "Traceback" not in result.output
    missing = runner.invoke(app, ["simulate", str(tmp_path / "nowhere.yaml")])
    assert missing.exit_code == 2


def test_an_output_that_cannot_be_written_is_a_message_not_a_traceback(tmp_path):
    blocker = tmp_path / "a_file"
    blocker.write_text("")
    result = runner.invoke(app, ["simulate", str(EXAMPLE), "-r", "1", "--leads", "200",
                                 "--json", str(blocker / "result.json")])
    assert result.exit_code == 1
    assert "cannot write" in result.output and "Traceback" not in result.output
