"""Rolling-origin backtest through ``nurture backtest --rolling --json`` on a world drawn at random."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from typer.testing import CliRunner

from designer.cli.main import app
from sequences.history import LeadRecord
from simulation.calibration.censor import censor_lead
from simulation.calibration.worlds import draw_world, generate_world, write_export


def test_rolling_backtest_scores_every_horizon(document, example_copy, tmp_path):
    leads = tmp_path / "leads.csv"
    write_export(leads, generate_world(draw_world(7), document))
    out = tmp_path / "rolling.json"
    result = CliRunner().invoke(app, ["backtest", str(example_copy), "--leads", str(leads), "--rolling",
                                      "--cuts", "2", "--replications", "6", "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert "12wk  sql" in result.output and "WAPE" in result.output and "floor" in result.output
    report = json.loads(out.read_text())
    assert set(report["errors"]) == {"4", "8", "12"}
    assert len(report["cuts"]) == 2
    twelve = report["errors"]["12"]
    assert twelve["mql"]["weeks"] == 24 and twelve["mql"]["wape"] < 0.15
    assert twelve["mql"]["coverage"] >= 0.75 and twelve["sql"]["coverage"] >= 0.75
    # The floor is sqrt(2 / (pi mu)) of the pooled actual weekly mean.
    sql_weeks = [a for cut in report["cuts"] for a in cut["series"]["sql"]["actual"]]
    assert twelve["sql"]["noise_floor"] == pytest.approx((2 / (3.14159265 * sum(sql_weeks) / len(sql_weeks))) ** 0.5)
    series = report["cuts"][0]["series"]["sql"]
    assert len(series["actual"]) == len(series["predicted"]) == len(series["low"]) == 12
    assert all(lo <= p <= hi for lo, p, hi in zip(series["low"], series["predicted"], series["high"], strict=True))


def test_a_cut_forgets_what_happened_after_it():
    lead = LeadRecord(key=1, row=2, created=datetime(2025, 3, 3), stage="sql", mql=datetime(2025, 3, 5),
                      sql=datetime(2025, 3, 20), status="rejected", reason="poor_fit")
    before = censor_lead(lead, datetime(2025, 3, 10))
    assert before.sql is None and before.stage == "mql" and before.status is None and before.outcome is None
    assert before.mql == lead.mql and not before.handed_off
    assert censor_lead(lead, datetime(2025, 3, 1)) is None
    assert censor_lead(lead, datetime(2025, 4, 1)) == lead


def test_rolling_needs_enough_history(document, example_copy, tmp_path):
    world = draw_world(7)
    world.weeks = 20  # 12 weeks to calibrate on and 12 to forecast do not fit
    leads = tmp_path / "short.csv"
    write_export(leads, generate_world(world, document))
    result = CliRunner().invoke(app, ["backtest", str(example_copy), "--leads", str(leads), "--rolling"])
    assert result.exit_code == 2 and "too short for a rolling-origin backtest" in result.output
