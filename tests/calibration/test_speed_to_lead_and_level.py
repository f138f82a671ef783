"""The speed-to-lead curve written into the calibrated scenario, and the arrival level a rolling forecast uses."""

from __future__ import annotations

import csv
import json

import pytest
from typer.testing import CliRunner

from designer.cli.main import app
from sequences import load_document
from simulation.calibration.worlds import draw_world, generate_world, write_export


@pytest.fixture(scope="module")
def world_leads(tmp_path_factory, document):
    leads = tmp_path_factory.mktemp("world") / "leads.csv"
    write_export(leads, generate_world(draw_world(7), document))
    return leads


def test_calibrate_writes_the_response_curve_and_keeps_overall_acceptance(example_copy, world_leads, tmp_path):
    out = tmp_path / "report.json"
    result = CliRunner().invoke(app, ["calibrate", str(example_copy), "--leads", str(world_leads), "--scenario",
                                      "crm", "--no-fit-timing", "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert "speed to lead, written into the scenario:" in result.output
    assert "acceptance.by_response_time: within 1h x1.00" in result.output
    scenario = load_document(example_copy).scenario("crm")
    curve = scenario.acceptance.by_response_time
    assert curve[0].factor == 1.0 and len(curve) >= 2 and all(b.factor < 1 for b in curve[1:])
    found = {e["name"]: e for e in json.loads(out.read_text())["estimates"]}
    mean_factor = found["acceptance.response_mean_factor"]["value"]
    scale = found["fit.acceptance_scale"]["value"]
    assert 0.5 < mean_factor < 1 and 0.8 < scale < 1.2
    # Each band is the observed acceptance at the reference speed (the observed one over the mean factor),
    # times the scale that matches the engine's mix of fit and its team's speed.
    for band in scenario.acceptance.by_fit_band:
        observed = found[f"sales.accept.fit>={band.fit_min:g}"]["value"]
        assert band.accept == pytest.approx(min(1.0, observed / mean_factor * scale), abs=2e-3)
    simulated = found["simulated.accept"]
    assert simulated["low"] <= found["sales.accept"]["value"] <= simulated["high"]
    assert "accept" in result.output.split("funnel, observed")[1]  # beside the observed, in the fit report


def _thinned(source, target, before: str) -> None:
    """The export with every other lead created before ``before`` left out: arrivals stepped up at that date."""
    with open(source, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    kept = [r for i, r in enumerate(rows) if r["Create Date"] >= before or i % 2]
    with open(target, "w", newline="", encoding="utf-8") as handle:
        out = csv.DictWriter(handle, list(rows[0]))
        out.writeheader()
        out.writerows(kept)


def test_the_forecast_level_uses_every_week_unless_the_level_moved(example_copy, world_leads, tmp_path):
    def levels(leads) -> list[tuple[int, int]]:
        out = tmp_path / "rolling.json"
        result = CliRunner().invoke(app, ["backtest", str(example_copy), "--leads", str(leads), "--rolling",
                                          "--cuts", "2", "--replications", "4", "--json", str(out)])
        assert result.exit_code == 0, result.output
        return [(c["cut_week"], c["level_weeks"]) for c in json.loads(out.read_text())["cuts"]]

    steady = levels(world_leads)
    assert all(level >= cut - 2 for cut, level in steady)  # a steady history: (nearly) every whole week
    stepped = tmp_path / "stepped.csv"
    _thinned(world_leads, stepped, "2025-03-17")  # week 10 of the world
    assert all(12 <= level <= cut - 9 for cut, level in levels(stepped))  # only the weeks after the step
