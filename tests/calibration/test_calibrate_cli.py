"""``nurture calibrate`` and ``nurture backtest`` through the real entry point."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from designer.cli.main import app
from sequences import load_document
from sequences.validation import validate


def _run(*args: str):
    return CliRunner().invoke(app, [str(a) for a in args])


def test_calibrate_writes_the_scenario_atomically_with_a_backup(example_copy, history, tmp_path):
    leads, events, _ = history
    before = example_copy.read_text(encoding="utf-8")
    result = _run("calibrate", example_copy, "--leads", leads, "--events", events, "--scenario", "from CRM",
                  "--no-fit-timing", "--json", tmp_path / "report.json")
    assert result.exit_code == 0, result.output
    out = result.output
    for text in ("estimates (value, 95% interval, sample size):", "mix.role.clinical_leadership",
                 "n=", "privacy:", "dropped:", "Email (personal data (email address), never read)",
                 "Create Date -> created", "flags:", "written to"):
        assert text in out, text
    document = load_document(example_copy)
    scenario = document.scenario("from CRM")
    assert scenario.cohort.arrivals and scenario.mix["role"]
    assert [f for f in validate(document) if f.severity == "error"] == []
    assert (example_copy.parent / (example_copy.name + ".bak")).read_text(encoding="utf-8") == before
    assert "# Patient-engagement guide" in example_copy.read_text(encoding="utf-8")  # comments kept
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["scenario"]["name"] == "from CRM" and report["estimates"]


def test_a_second_calibration_under_the_same_name_needs_replace(example_copy, history):
    leads = history[0]
    # Naming is all this test is about: the funnel fit (tested below) is left out to keep it quick.
    quick = ("--no-fit-funnel",)
    assert _run("calibrate", example_copy, "--leads", leads, "--scenario", "twice", *quick).exit_code == 0
    again = _run("calibrate", example_copy, "--leads", leads, "--scenario", "twice", *quick)
    assert again.exit_code == 2 and "already has a scenario named 'twice'" in again.output
    assert _run("calibrate", example_copy, "--leads", leads, "--scenario", "twice", "--replace",
                *quick).exit_code == 0
    assert [s.name for s in load_document(example_copy).scenarios].count("twice") == 1


def test_dry_run_and_mapping_file(example_copy, history, tmp_path):
    before = example_copy.read_text(encoding="utf-8")
    mapping = tmp_path / "mapping.json"
    result = _run("calibrate", example_copy, "--leads", history[0], "--scenario", "x", "--dry-run",
                  "--save-mapping", mapping, "--no-fit-funnel")  # the mapping is the point, not the fit
    assert result.exit_code == 0 and "not changed" in result.output
    assert example_copy.read_text(encoding="utf-8") == before
    data = json.loads(mapping.read_text(encoding="utf-8"))
    data["leads"]["source"] = ""
    mapping.write_text(json.dumps(data), encoding="utf-8")
    edited = _run("calibrate", example_copy, "--leads", history[0], "--scenario", "x", "--mapping", mapping,
                  "--dry-run", "--no-fit-funnel")
    assert edited.exit_code == 0 and "mix.source: no column mapped" in edited.output


def test_fit_funnel_fits_behaviour_by_role(example_copy, history, tmp_path):
    result = _run("calibrate", example_copy, "--leads", history[0], "--scenario", "fitted", "--fit-funnel",
                  "--json", tmp_path / "report.json")
    assert result.exit_code == 0, result.output
    assert "fit.hand_raise.operations" in result.output and "simulated.mql_to_sql.operations" in result.output
    table = result.output.split("vs simulated by the scenario (95% interval):")[1].split("flags:")[0]
    row = next(line for line in table.splitlines() if line.strip().startswith("mql_to_sql.operations "))
    assert "observed" in row and "simulated" in row and "out of reach" not in row
    # The old synthetic history gives procurement leads, whose fit rarely clears the document's MQL fit
    # minimum, a 40% MQL rate: out of reach of this graph, and said so; every other target is reached.
    assert [line for line in result.output.splitlines() if "CANNOT REACH" in line and "procurement" not in line] == []
    scenario = load_document(example_copy).scenario("fitted")
    fitted = [o for o in scenario.behaviour.overrides if o.role == "operations" and o.topic is None]
    assert fitted and fitted[0].hand_raise is not None
    # The timing: the example's lags make SQLs in about 5 days where the history took 11; the fitted lags
    # give the median time to MQL and to SQL within a day of the observed interval, said with intervals.
    estimates = {e["name"]: e for e in json.loads((tmp_path / "report.json").read_text())["estimates"]}
    for simulated, observed in (("simulated.days_to_mql.median", "funnel.days_to_mql.median"),
                                ("simulated.days_to_sql.median", "funnel.days_created_to_sql.median"),
                                ("simulated.days_to_sql.p90", "funnel.days_created_to_sql.p90")):
        sim, obs = estimates[simulated], estimates[observed]
        assert sim["low"] < sim["value"] < sim["high"]
        assert obs["low"] - 1 <= sim["value"] <= obs["high"] + 1, (sim, obs)
    for q in ("median", "p90"):
        row = next(line for line in table.splitlines() if line.strip().startswith(f"days_to_sql.{q}"))
        assert "timing differs" not in row and row.count("(") == 2
    # The SQLs follow their MQLs by days (exponential, mean 8): the handoff lag, written into the scenario, with
    # its interval, and shown beside the history's MQL -> SQL gap.
    lag, written = estimates["fit.handoff_lag.median"], scenario.behaviour.handoff_lag_hours
    assert lag["unit"] == "hours" and lag["low"] < lag["value"] < lag["high"] and lag["value"] > 24
    assert written.median == pytest.approx(lag["value"], abs=1e-3)
    assert written.p90 == pytest.approx(estimates["fit.handoff_lag.p90"]["value"], abs=1e-3)
    shown = result.output.split("handoff lag (sales-ready -> handed to sales")[1].split("\n\n")[0]
    assert "observed MQL -> SQL" in shown and f"({written.median:.0f} hours)" in shown


def test_a_scenario_that_cannot_reach_the_history_says_so(example_copy, history):
    result = _run("calibrate", example_copy, "--leads", history[0], "--scenario", "unfitted",
                  "--base", "stricter thresholds, one more rep", "--no-fit-funnel")
    assert result.exit_code == 0, result.output
    assert "CANNOT REACH MQL->SQL" in result.output
    description = load_document(example_copy).scenario("unfitted").description
    assert description.startswith("WARNING: this scenario does not reproduce the observed funnel")


def test_backtest_prints_the_comparison(example_copy, history, tmp_path):
    leads = history[0]
    assert _run("calibrate", example_copy, "--leads", leads, "--scenario", "cal", "--no-fit-funnel").exit_code == 0
    result = _run("backtest", example_copy, "--scenario", "cal", "--leads", leads, "--holdout-weeks", "6",
                  "--replications", "3", "--json", tmp_path / "bt.json")
    assert result.exit_code == 0, result.output
    for text in ("weekly MQLs", "weekly SQL handoffs", "MAPE", "inside the 95% interval", "acceptance rate",
                 "SLA breach rate", "scored on the last 6 weeks"):
        assert text in result.output, text
    # The scenario was calibrated on these weeks: the output says so and where to look instead.
    assert "note: in-sample" in result.output and "nurture backtest --rolling" in result.output
    assert "note: SLA breaches, actual and predicted, are counted in calendar hours" in result.output
    data = json.loads((tmp_path / "bt.json").read_text(encoding="utf-8"))
    assert data["errors"]["mql"]["weeks"] == 6 and data["replications"] == 3


@pytest.mark.parametrize("args, message", [
    (["calibrate", "{doc}", "--leads", "{missing}", "--scenario", "x"], "no such file"),
    (["calibrate", "{doc}", "--leads", "{bad}", "--scenario", "x"], "no column found for required field"),
    (["calibrate", "{doc}", "--leads", "{leads}", "--scenario", "x", "--base", "nope"], "no scenario named 'nope'"),
    (["calibrate", "{doc}", "--leads", "{leads}", "--scenario", "x", "--mapping", "{bad}"], "not valid JSON"),
    (["calibrate", "{broken}", "--leads", "{leads}", "--scenario", "x"], "broken.nurture.yaml"),
    (["backtest", "{doc}", "--scenario", "nope", "--leads", "{leads}"], "no scenario named 'nope'"),
    (["backtest", "{doc}", "--scenario", "current thresholds", "--leads", "{leads}", "--arrivals", "guess"],
     "--arrivals must be"),
    (["backtest", "{doc}", "--scenario", "current thresholds", "--leads", "{leads}", "--holdout-weeks", "99"],
     "leaves nothing before it"),
])
def test_bad_input_exits_2_with_a_message_and_no_traceback(example_copy, history, tmp_path, args, message):
    bad = tmp_path / "bad.csv"
    bad.write_text("Name;Email\nAna;a@x.test\n", encoding="utf-8")
    broken = tmp_path / "broken.nurture.yaml"
    broken.write_text("schema_version: 1\nscenarios: [\n", encoding="utf-8")
    values = {"doc": example_copy, "missing": tmp_path / "missing.csv", "bad": bad, "leads": history[0],
              "broken": broken}
    result = _run(*[a.format(**values) for a in args])
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception, SystemExit)
