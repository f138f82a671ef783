"""How far to trust a calibration: the own-error reading held against forecasts whose error is known, and the
verdict as ``nurture backtest --rolling`` prints and writes it."""

from __future__ import annotations

import json
import shlex

import numpy as np
import pytest
from typer.testing import CliRunner

from designer.cli.main import app
from simulation.calibration.trust import own_error, verdict, verdict_lines
from simulation.calibration.worlds import draw_world, generate_world, write_export


def _reading(actual: np.ndarray, forecast: np.ndarray) -> float:
    return own_error(float(np.mean((forecast - actual) ** 2)), float(actual.mean()), float(np.mean(forecast - actual)))


@pytest.mark.parametrize("mu", [12.0, 40.0, 150.0])
@pytest.mark.parametrize("bias", [-0.15, -0.05, 0.0, 0.1])
def test_a_steady_error_is_read_back_whatever_the_weekly_level(mu, bias):
    rng = np.random.default_rng(int(mu * 100 + bias * 1000) % 2**32)
    actual = rng.poisson(mu, 20_000).astype(float)
    reading = _reading(actual, np.full(actual.size, mu * (1 + bias)))
    # The reading is off by the noise in the mean squared error: 3 standard errors of it ((b mu - D)^2 for a
    # Poisson deviation D has variance 4 b^2 mu^3 + mu + 2 mu^2), under the root beside the error itself.
    noise = 3 * ((4 * bias**2 * mu**3 + mu + 2 * mu**2) / actual.size) ** 0.5
    slack = ((bias * mu) ** 2 + noise) ** 0.5 / mu - abs(bias)
    assert reading == pytest.approx(abs(bias), abs=slack)


def test_a_forecast_that_misses_week_by_week_is_read_by_its_spread():
    rng = np.random.default_rng(5)
    mu = np.full(4000, 60.0)
    actual = rng.poisson(mu).astype(float)
    forecast = mu * (1 + rng.normal(0, 0.12, mu.size))  # right on average, off by 12% a week
    assert _reading(actual, forecast) == pytest.approx(0.12, abs=0.015)


def test_the_verdict_is_the_worst_grade_and_each_grade_follows_its_rule():
    def figures(mu, own, inside, weeks=36, mse_se=0.0):
        return {"wape": 0.1, "mean_actual": mu, "mse": mu + (own * mu) ** 2, "bias": 0.0, "inside": inside,
                "weeks": weeks, "noise_floor": (2 / (np.pi * mu)) ** 0.5, "mse_se": mse_se, "distinct_weeks": 20}

    errors = {"4": {}, "12": {"mql": figures(100, 0.04, 35), "sql": figures(30, 0.15, 34),
                              "accepted": figures(15, 0.05, 26)}}
    # Acceptance: 6 points off is within the sampling margin only when both sides' samples are counted (400
    # decisions after the cut, 400 before it: +-6.9 points; the actual's alone: +-4.9).
    found = verdict(errors, [{"actual": 0.5, "predicted": 0.47, "n": 400},
                             {"actual": 0.5, "predicted": 0.44, "n": 400, "n_before": 400},
                             {"actual": 0.5, "predicted": 0.44, "n": 400}])
    grades = {m["metric"]: m["grade"] for m in found["measures"]}
    # sql: own error 15% (over 10%); accepted: 26 of 36 weeks in band (72%, under 75%).
    assert grades == {"mql": "close", "sql": "usable with care", "accepted": "not close"}
    assert found["grade"] == "not close" and found["horizon_weeks"] == 12
    assert found["acceptance"]["within"] == 2 and found["acceptance"]["mean_difference"] == pytest.approx(-0.05)
    lines = verdict_lines(found, "leads.csv")
    assert lines[0] == "how far to trust a scenario calibrated from leads.csv, 12 weeks ahead: NOT CLOSE"
    assert "about 15% of a week's level (95% interval 15-15%, 20 weeks)" in lines[2] and "34 of 36 weeks" in lines[2]
    # A 25% reading is "not close" only where the weeks show it: its interval wholly above 20%.
    sure = {"12": {"sql": figures(30, 0.25, 34, mse_se=3.0)}}
    unsure = {"12": {"sql": figures(30, 0.25, 34, mse_se=12.0)}}
    assert verdict(sure, [])["measures"][0]["own_error_low"] > 0.2 and verdict(sure, [])["grade"] == "not close"
    assert verdict(unsure, [])["measures"][0]["own_error_low"] < 0.2
    assert verdict(unsure, [])["grade"] == "usable with care"


def test_the_rolling_backtest_says_how_far_to_trust_the_calibration(document, example_copy, tmp_path):
    leads = tmp_path / "leads.csv"
    write_export(leads, generate_world(draw_world(7), document))
    out = tmp_path / "rolling.json"
    # nurture calibrate ends with the command that says how far to trust what it wrote; run as printed.
    made = CliRunner().invoke(app, ["calibrate", str(example_copy), "--leads", str(leads), "--scenario",
                                    "from the CRM", "--no-fit-funnel"])
    assert made.exit_code == 0, made.output
    prompt = made.output.splitlines()[-1]
    assert prompt.startswith("how far to trust it: nurture backtest ")
    args = shlex.split(prompt.removeprefix("how far to trust it: nurture "))
    assert args[:2] == ["backtest", str(example_copy)] and "--rolling" in args and args[-1] == "from the CRM"
    result = CliRunner().invoke(app, [*args, "--cuts", "2", "--replications", "6", "--json", str(out)])
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text())
    found = report["verdict"]
    assert found["grade"] in ("close", "usable with care", "not close")
    # The verdict comes first, before the table, and its figures are the table's.
    assert result.output.splitlines()[2].endswith(f"12 weeks ahead: {found['grade'].upper()}")
    twelve = report["errors"]["12"]
    for m in found["measures"]:
        assert m["wape"] == twelve[m["metric"]]["wape"] and m["inside"] == twelve[m["metric"]]["inside"]
        weeks = [(a, p) for cut in report["cuts"] for a, p in zip(cut["series"][m["metric"]]["actual"],
                                                                  cut["series"][m["metric"]]["predicted"],
                                                                  strict=True)]
        actual, predicted = np.array(weeks, float).T
        assert m["own_error"] == pytest.approx(_reading(actual, predicted), abs=1e-3)
    worst = max(found["measures"], key=lambda m: ("close", "usable with care", "not close").index(m["grade"]))
    assert found["grade"] == worst["grade"]
