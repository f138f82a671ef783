"""The handoff lag (``behaviour.handoff_lag_hours``): a sales-ready lead reaches sales that much later, and nothing
before the handoff moves."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from designer.cli.main import app
from sequences import load_document
from simulation import run_replication
from simulation.compiled import compile_model
from simulation.engine import Engine

EXAMPLES = Path(__file__).resolve().parents[2] / "assets" / "examples"
EXAMPLE = EXAMPLES / "patient_engagement.nurture.yaml"
LAG = "      handoff_lag_hours: {median: 48, p90: 240}\n"


def with_lag(tmp_path: Path, lag: str = LAG, source: Path = EXAMPLE) -> Path:
    """The example with ``lag`` written into every scenario's behaviour block, as a person would add it."""
    text = source.read_text(encoding="utf-8")
    assert "    behaviour:\n" in text
    out = tmp_path / f"lagged-{source.name}"
    out.write_text(text.replace("    behaviour:\n", "    behaviour:\n" + lag), encoding="utf-8")
    return out


def _engine(path: Path, seed: int = 4) -> Engine:
    document = load_document(path)
    engine = Engine(compile_model(document, document.scenarios[0]), seed, 0)
    engine.run()
    return engine


def test_handoffs_come_later_by_the_lags_quantiles_and_mqls_do_not_move(tmp_path):
    plain, lagged = _engine(EXAMPLE), _engine(with_lag(tmp_path))
    # The lag has its own keyed draws: every lead becomes an MQL, and sales-ready, at the same moment as before.
    np.testing.assert_array_equal(plain.leads.mql_t, lagged.leads.mql_t)
    both = np.isfinite(plain.leads.sql_t) & np.isfinite(lagged.leads.sql_t)
    assert both.sum() > 200
    shift_hours = 24 * (lagged.leads.sql_t[both] - plain.leads.sql_t[both])
    assert shift_hours.min() > 0
    # Lognormal with median 48 h and p90 240 h: each lead's handoff is later by a draw of it.
    assert np.median(shift_hours) == pytest.approx(48, rel=0.12)
    assert np.quantile(shift_hours, 0.9) == pytest.approx(240, rel=0.2)
    # Leads whose lag runs past the horizon are in flight, not lost (the run checks the count of every lead).
    assert np.isfinite(lagged.leads.sql_t).sum() < np.isfinite(plain.leads.sql_t).sum()


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.glob("*.nurture.yaml") if "empty" not in p.name))
def test_lean_and_full_replications_agree_with_a_lag(tmp_path, example):
    document = load_document(with_lag(tmp_path, source=EXAMPLES / example))
    lagged = [s for s in document.scenarios if s.behaviour.handoff_lag_hours is not None]
    assert lagged
    for scenario in lagged:
        full = run_replication(document, scenario, 11, 1, detail=True)
        lean = run_replication(document, scenario, 11, 1, detail=False)
        assert {k: full["totals"][k] for k in lean["totals"]} == lean["totals"]
        assert (full["time_to_sql"], full["time_to_mql"]) == (lean["time_to_sql"], lean["time_to_mql"])


def test_a_lag_longer_than_the_horizon_leaves_the_leads_in_flight(tmp_path):
    plain_doc = load_document(EXAMPLE)
    plain = run_replication(plain_doc, plain_doc.scenarios[0], 2, 0)
    document = load_document(with_lag(tmp_path, "      handoff_lag_hours: {median: 20000, p90: 40000}\n"))
    figures = run_replication(document, document.scenarios[0], 2, 0)
    totals = figures["totals"]
    assert totals["sql_handoffs"] == 0 and totals["sql_leads"] == 0
    assert totals["arrived"] == totals["ended"] + totals["stalled"] + totals["moving"]
    # Each lead waiting for its handoff is in flight at the node where it became sales-ready (mostly the email
    # it answered with a hand-raise): about as many as the plain run hands to sales.
    at_nodes = sum(n["in_flight"] for n in figures["nodes"].values())
    assert at_nodes == totals["moving"]
    assert at_nodes - sum(n["in_flight"] for n in plain["nodes"].values()) >= 0.9 * plain["totals"]["sql_leads"]
    for node in figures["nodes"].values():
        assert node["entered"] == sum(node["left"].values()) + node["stalled_now"] + node["in_flight"]


def test_the_cli_simulates_the_lag_and_refuses_a_bad_one(tmp_path):
    runner = CliRunner()
    out_plain, out_lagged = tmp_path / "plain.json", tmp_path / "lagged.json"
    for path, out in ((EXAMPLE, out_plain), (with_lag(tmp_path), out_lagged)):
        result = runner.invoke(app, ["simulate", str(path), "--replications", "2", "--json", str(out)])
        assert result.exit_code == 0, result.output
    plain, lagged = (json.loads(p.read_text(encoding="utf-8")) for p in (out_plain, out_lagged))
    assert lagged["time_to_mql"]["p50"] == plain["time_to_mql"]["p50"]
    moved = lagged["time_to_sql"]["p50"]["mean"] - plain["time_to_sql"]["p50"]["mean"]
    assert 1.0 < moved < 4.0  # days: the lag's median is two

    bad = with_lag(tmp_path, "      handoff_lag_hours: {median: 48, p90: 24}\n")
    result = runner.invoke(app, ["validate", str(bad)])
    assert result.exit_code == 2
    assert "handoff_lag_hours" in result.stderr and "p90 must be above the median" in result.stderr
    assert "Traceback" not in result.output


def test_test_a_lead_waits_the_lag_before_sales(tmp_path):
    from simulation.lead_path import EmailScript, Persona, Script, persona_scenario, walk_lead

    document = load_document(with_lag(tmp_path))
    scenario = document.scenarios[0]
    persona = Persona(entry="guide", role="clinical_leadership",
                      segments={"care_setting": "hospital_system", "facility_size": "large"})
    script = Script(emails={"integration": EmailScript(open=True, click=True),
                            "needs_form": EmailScript(open=True, hand_raise=True)}, sales="accept")
    path = walk_lead(document, scenario, persona, script)
    # Sales-ready at the form's answer (day 17 08:00, see test_lead_path), handed over a median lag (48 h) later.
    raised = next(s for s in path.steps if s.node == "needs_form")
    assert "SQL" in raised.events and raised.day_out == pytest.approx(17 + 8 / 24)
    assert path.sql_day == pytest.approx(raised.day_out + 2.0)
    assert path.sales[0].handoff_day == pytest.approx(path.sql_day)
    # A sampled walk hands over when the engine does, seed by seed.
    one_lead = persona_scenario(document, scenario, persona)
    handed = 0
    for seed in range(12):
        walked = walk_lead(document, scenario, persona, seed=seed)
        engine_day = run_replication(document, one_lead, seed, 0)["time_to_sql"]["mean"]
        assert (walked.sql_day is None) == (engine_day is None)
        if engine_day is not None:
            handed += 1
            assert walked.sql_day == pytest.approx(engine_day)
    assert handed
