"""A team column (HubSpot Team) puts each first touch with the scenario's queue of the same name, so each queue's
days, hours and pickup are read from its own touches, the history's SLA breaches are counted on each queue's
own SLA and clock, and the pickup is fitted per queue; a team column that matches no queue, or none at all,
changes nothing and says so."""

from __future__ import annotations

import csv
import math
import shutil
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from designer.cli.main import app
from sequences import load_document
from sequences.history import HistoryImport
from simulation.calibration import calibrate
from simulation.calibration.worlds import QUEUE_OF_TEAM, draw_world, generate_world, write_export

MULTI = Path(__file__).resolve().parents[2] / "assets" / "examples" / "multi_location_scheduling.nurture.yaml"
SLA_HOURS = {"sdr": 8.0, "ae": 24.0}  # the multi-location example's queues, both on their working hours


@pytest.fixture(scope="module")
def two_teams(tmp_path_factory, document):
    """World 101's export with its handoffs split between an AE team and an SDR team, as HubSpot Team says."""
    world = draw_world(101).with_teams()
    rows = generate_world(world, document)
    leads = tmp_path_factory.mktemp("teams") / "leads.csv"
    write_export(leads, rows)
    return world, rows, leads


def test_each_queue_is_read_from_its_own_teams_touches(two_teams):
    world, rows, leads = two_teams
    found = calibrate(load_document(MULTI), leads, name="from the CRM", fit_funnel=False)
    queues = found.scenario.sales.queues
    for team_name, team in world.teams.items():
        queue = queues[QUEUE_OF_TEAM[team_name]]
        assert tuple(queue.working_days) == team.working_days
        assert (queue.working_hours.start, queue.working_hours.end) == team.working_hours
    estimates = {e.name: e for e in found.estimates}
    truth = world.truth()
    for name in ("sales.queues.sdr.pickup_hours.median", "sales.queues.ae.pickup_hours.median"):
        assert estimates[name].low <= truth[name] <= estimates[name].high
        assert found.scenario.sales.queues[name.split(".")[2]].pickup.median == pytest.approx(estimates[name].value,
                                                                                             abs=1e-3)
    # Touches with a handoff date to count from (the export lost some SQL dates).
    handed = sum(1 for r in rows if r["First Outreach Date"] and r["Became a Sales Qualified Lead Date"])
    assert any(f.startswith(f"sales teams: {handed:,} of {handed:,} first touches put with the scenario's queues")
               for f in found.flags)
    # The history's SLA breach rate: each touch on its own team's working hours against its queue's SLA,
    # counted here from the export with the world's own clocks.
    late = 0
    for r in rows:
        if not (r["First Outreach Date"] and r["Became a Sales Qualified Lead Date"]):
            continue
        team = world.teams[r["HubSpot Team"]]
        sql, touch = (np.array([(datetime.strptime(r[c], "%Y-%m-%d %H:%M") - world.start).total_seconds() / 86_400])
                      for c in ("Became a Sales Qualified Lead Date", "First Outreach Date"))
        worked = team.clock.to_work(touch)[0] - team.clock.to_work(sql)[0]
        late += worked > SLA_HOURS[QUEUE_OF_TEAM[r["HubSpot Team"]]]
    breach = estimates["sla.breach_rate@8h"]
    assert breach.value * breach.n == pytest.approx(late, abs=1)
    assert "each queue's own SLA and clock" in breach.source


def test_the_pickup_is_fitted_queue_by_queue(two_teams):
    _, _, leads = two_teams
    found = calibrate(load_document(MULTI), leads, name="from the CRM", fit_funnel=True, fit_timing=False)
    estimates = {e.name: e for e in found.estimates}
    for queue in ("sdr", "ae"):
        assert f"fit.queues.{queue}.pickup_scale" in estimates
        # The engine's median time to first touch of each queue sits beside the history's for that queue.
        seen = estimates[f"sales.queues.{queue}.first_outreach_hours.median"]
        assert f"simulated.queues.{queue}.first_outreach_hours.median" in estimates and seen.n > 0
    # AE's base team is idle enough for its pickup alone to set its speed: scaled to the history's median.
    ae = estimates["simulated.queues.ae.first_outreach_hours.median"]
    seen = estimates["sales.queues.ae.first_outreach_hours.median"]
    assert seen.low <= ae.value <= seen.high


def test_a_team_column_that_names_no_queue_changes_nothing_and_says_so(two_teams, tmp_path):
    _, rows, _ = two_teams
    renamed = [{**r, "HubSpot Team": {"AE": "East region", "SDR Team": "West region"}[r["HubSpot Team"]]}
               for r in rows]
    leads = tmp_path / "leads.csv"
    write_export(leads, renamed)
    multi = load_document(MULTI)
    base = next(s for s in multi.scenarios if s.name == "current thresholds")
    found = calibrate(multi, leads, name="from the CRM", fit_funnel=False)
    assert found.scenario.sales.queues == base.sales.queues
    line = next(f for f in found.flags if f.startswith("sales teams:"))
    assert "no team is a queue" in line and "east_region" in line and "(the queues: sdr, ae)" in line


def test_without_a_team_column_the_queues_keep_their_hours(document, tmp_path):
    leads = tmp_path / "leads.csv"
    write_export(leads, generate_world(draw_world(101), document))
    found = calibrate(load_document(MULTI), leads, name="from the CRM", fit_funnel=False)
    assert any("the export names no team for its first touches (map a team column such as 'HubSpot Team'" in f
               for f in found.flags)


def test_team_names_are_kept_as_names_never_as_personal_data_and_rare_ones_are_not_echoed(two_teams, tmp_path):
    _, rows, _ = two_teams
    odd = [dict(r) for r in rows]
    touched = [r for r in odd if r["First Outreach Date"]]
    touched[0]["HubSpot Team"] = "jane.doe@example.org"  # pasted by hand: personal, never kept
    for r in touched[1:4]:
        r["HubSpot Team"] = "Night shift"  # three leads: too few to be named
    leads = tmp_path / "leads.csv"
    with leads.open("w", newline="", encoding="utf-8") as handle:
        out = csv.DictWriter(handle, list(odd[0]))
        out.writeheader()
        out.writerows(odd)
    history = HistoryImport(leads)
    assert history.mapping.active("leads")["sales_team"] == "HubSpot Team"
    found = calibrate(load_document(MULTI), leads, name="from the CRM", fit_funnel=False)
    line = next(f for f in found.flags if f.startswith("sales teams:"))
    assert "jane" not in line and "night" not in line.lower() and "4 touches of rarer teams" in line
    assert "jane" not in found.scenario.description


def test_nurture_calibrate_shows_each_queue(two_teams, tmp_path):
    _, _, leads = two_teams
    plan = tmp_path / "multi.nurture.yaml"
    shutil.copy(MULTI, plan)
    result = CliRunner().invoke(app, ["calibrate", str(plan), "--leads", str(leads), "--scenario", "from the CRM",
                                      "--no-fit-funnel"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "  queue sdr: 3 reps x 12 first touches a day (the base scenario's), at work" in out
    assert "  queue ae: 2 reps x 6 first touches a day (the base scenario's), at work mon, tue, wed, thu, fri" in out
    written = load_document(plan).scenarios[-1]
    assert written.name == "from the CRM" and all(q.pickup is not None for q in written.sales.queues.values())
    assert math.isfinite(written.sales.queues["ae"].pickup.p90)
