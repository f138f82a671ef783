"""A funnel target out of reach because the MQL fit minimum shuts a role out: the flag names the cause, in the
calibration's flags, the scenario's description and ``nurture calibrate``'s output."""

from __future__ import annotations

import shutil
from pathlib import Path

from typer.testing import CliRunner

from designer.cli.main import app
from sequences import load_document
from simulation.calibration import calibrate
from simulation.calibration.worlds import draw_world, generate_world, write_export

MULTI = Path(__file__).resolve().parents[2] / "assets" / "examples" / "multi_location_scheduling.nurture.yaml"


def _export(document, tmp_path: Path) -> Path:
    leads = tmp_path / "leads.csv"
    write_export(leads, generate_world(draw_world(101), document))
    return leads


def test_a_role_the_fit_minimum_shuts_out_is_named_with_the_share_it_lets_through(document, tmp_path):
    # A team whose IT and procurement leads reach MQL (the world's own scoring lets them), calibrated against the
    # multi-location example, whose fit rules give IT 10 points and procurement none under an MQL fit minimum of 25.
    leads = _export(document, tmp_path)
    multi = load_document(MULTI)
    found = calibrate(multi, leads, name="from the CRM", fit_funnel=False)
    it_leads = sum(n for (role, _), n in found.counts.fit_by_role.items() if role == "it")
    flag = next(f for f in found.flags if f.startswith("CANNOT REACH lead->MQL for it:"))
    observed = next(e for e in found.estimates if e.name == "funnel.lead_to_mql.it")
    assert (f"why: only 0.0% of the history's {it_leads:,} it leads have a fit of at least 25 (the MQL fit minimum)"
            in flag)
    assert f"yet {100 * observed.value:.1f}% did" in flag
    # The description a planner reads in the scenario carries the cause too.
    assert "it: the engine gives" in found.scenario.description or "for it:" in found.scenario.description
    assert "why: only 0.0% of the history's" in found.scenario.description
    # A role the fit minimum lets through in full is short for other reasons: no cause is claimed for it.
    assert not any(f.startswith("CANNOT REACH") and "for operations" in f and "why:" in f for f in found.flags)


def test_the_scoring_that_made_the_history_gets_no_such_cause(document, tmp_path):
    found = calibrate(document, _export(document, tmp_path), name="from the CRM", fit_funnel=False)
    assert not any("why: only" in f for f in found.flags)


def test_nurture_calibrate_prints_the_cause(document, tmp_path):
    plan = tmp_path / "multi.nurture.yaml"
    shutil.copy(MULTI, plan)
    result = CliRunner().invoke(app, ["calibrate", str(plan), "--leads", str(_export(document, tmp_path)),
                                      "--scenario", "from the CRM", "--no-fit-funnel"])
    assert result.exit_code == 0, result.output
    line = next(line for line in result.output.splitlines() if "CANNOT REACH lead->MQL for procurement" in line)
    assert "have a fit of at least 25 (the MQL fit minimum)" in line and "scoring.fit" in line
