"""A lean replication (a sweep's) keeps less as it runs, and reports exactly what a full one reports."""

from __future__ import annotations

import pytest

from assets.examples import example_paths
from sequences import load_document
from simulation.compiled import compile_model
from simulation.engine import Engine
from simulation.runner import run_replication

EXAMPLES = sorted(example_paths())


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name.split(".")[0])
def test_a_lean_replication_reports_what_a_full_one_does(path):
    document = load_document(path)
    for scenario in document.scenarios:
        full = run_replication(document, scenario, 11, 1, leads=4000)
        lean = run_replication(document, scenario, 11, 1, leads=4000, detail=False)
        assert full["totals"]["sql_handoffs"] > 0, scenario.name
        assert set(lean) == {"totals", "time_to_mql", "time_to_sql", "rejection_reasons", "queues",
                             "response_bands"}
        assert lean == {key: full[key] for key in lean}, scenario.name


def test_a_lean_engine_has_no_detail_to_give():
    document = load_document(EXAMPLES[0])
    engine = Engine(compile_model(document, document.scenarios[0]), 1, 0, 500, detail=False)
    with pytest.raises(ValueError, match="lean tally"):
        engine.run(detail=True)
