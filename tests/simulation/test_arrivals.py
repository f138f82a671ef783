"""Arrival shape: Poisson or exact weekly counts, weekday/hour patterns, weekly factors, the horizon cut."""

from __future__ import annotations

import json

import numpy as np

from designer.cli.main import app
from sequences import load_document
from simulation.runner import run_replication, simulate

from ..cli.cli_fixtures import EXAMPLE, runner
from .sim_docs import document, scenario

NODES = [{"id": "start", "kind": "entry"}, {"id": "done", "kind": "exit"}]
EDGES = [{"from": "start", "to": "done"}]


def arrivals_world(rule: dict, horizon: float = 3640.0, **extra):
    return document(NODES, EDGES, [scenario(cohort={"arrivals": [{"entry": "start", **rule}]},
                                            horizon_days=horizon, replications=1, **extra)])


def weekly_arrivals(doc, seed: int = 3, replication: int = 0, leads: int | None = None) -> np.ndarray:
    daily = np.array(run_replication(doc, doc.scenarios[0], seed, replication, leads)["daily"]["arrivals"])
    return daily[: len(daily) // 7 * 7].reshape(-1, 7).sum(axis=1)


def test_poisson_weeks_vary_as_much_as_their_mean():
    weeks = weekly_arrivals(arrivals_world({"leads_per_week": 400, "weeks": 520}))
    assert len(weeks) == 520
    # Poisson: variance equals the mean; 520 weeks put the ratio within about ±0.19 (3 standard errors).
    assert abs(weeks.mean() - 400) < 3 * np.sqrt(400 / 520)
    assert 0.81 < weeks.var(ddof=1) / weeks.mean() < 1.19


def test_exact_weeks_give_the_weekly_figure_every_week():
    weeks = weekly_arrivals(arrivals_world({"leads_per_week": 400, "weeks": 52, "variability": "exact"}, 364))
    assert weeks.tolist() == [400] * 52


def test_a_pattern_puts_leads_on_its_weekdays_and_hours():
    doc = arrivals_world({"leads_per_week": 700, "weeks": 8, "variability": "exact", "pattern": {
        "weekdays": {"mon": 2, "tue": 1, "wed": 1, "thu": 1, "fri": 1}, "hours": {"start": 9, "end": 17}}}, 56)
    daily = np.array(run_replication(doc, doc.scenarios[0], 1, 0)["daily"]["arrivals"]).reshape(8, 7)
    assert (daily[:, 5:] == 0).all()  # nobody on weekends
    # One lead per equal share of the week: each day holds its share to within a lead either side.
    assert (abs(daily[:, 0] - 700 * 2 / 6) <= 1.5).all() and (abs(daily[:, 1:5] - 700 / 6) <= 1.5).all()
    sim = simulate(doc, replications=1)
    assert sim.totals["arrived"].mean == 5600


def test_arrival_hours_stay_inside_the_pattern():
    from simulation.compiled import compile_model
    from simulation.keyed_random import KeyedRandom
    from simulation.leads import Leads

    doc = arrivals_world({"leads_per_week": 5000, "weeks": 4, "pattern": {"hours": {"start": 8, "end": 12}}}, 28)
    leads = Leads(compile_model(doc, doc.scenarios[0]), KeyedRandom(1, 0))
    hours = (leads.arrival % 1.0) * 24
    assert hours.min() >= 8 and hours.max() < 12
    assert (np.diff(leads.arrival) >= 0).all()  # index order is arrival order


def test_weekly_factors_scale_their_weeks():
    doc = arrivals_world({"leads_per_week": 100, "weeks": 4, "variability": "exact",
                          "weekly_factors": [1, 3, 0]}, 28)
    assert weekly_arrivals(doc).tolist() == [100, 300, 0, 100]


def test_arrivals_after_the_horizon_are_never_built():
    from simulation.compiled import compile_model
    from simulation.keyed_random import KeyedRandom
    from simulation.leads import Leads

    doc = arrivals_world({"leads_per_week": 1000, "weeks": 520, "variability": "exact"}, 70)
    leads = Leads(compile_model(doc, doc.scenarios[0]), KeyedRandom(1, 0))
    assert leads.n == 10_000 and leads.arrival.max() < 70


def test_leads_gives_that_many_arrivals_within_the_horizon(tmp_path):
    out = tmp_path / "r.json"
    result = runner.invoke(app, ["simulate", str(EXAMPLE), "-r", "2", "--leads", "10800", "--json", str(out)])
    assert result.exit_code == 0, result.output
    arrived = json.loads(out.read_text())["totals"]["arrived"]
    assert arrived["mean"] == arrived["low"] == arrived["high"] == 10800


def test_new_rules_are_poisson_and_version_1_files_keep_exact_arrivals(tmp_path):
    doc = arrivals_world({"leads_per_week": 10, "weeks": 1})
    assert doc.scenarios[0].cohort.arrivals[0].variability == "poisson"
    old = tmp_path / "old.nurture.yaml"
    old.write_text("schema_version: 1\nname: Old\nsequence:\n"
                   "  nodes: [{id: start, kind: entry}, {id: done, kind: exit}]\n"
                   "  edges: [{from: start, to: done}]\n"
                   "scenarios:\n  - {name: base, cohort: {arrivals: [{entry: start, leads_per_week: 10, weeks: 2}]}}\n")
    loaded = load_document(old)
    assert loaded.schema_version == 2
    assert loaded.scenarios[0].cohort.arrivals[0].variability == "exact"
