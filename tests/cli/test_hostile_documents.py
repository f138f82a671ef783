"""Documents that used to crash the loader or the engine get a message naming the file, the place and
the problem, through the real `nurture` commands."""

from __future__ import annotations

import json

import pytest

import simulation.capacity as capacity
from designer.cli.main import app
from sequences import load_document, save_document

from .cli_fixtures import EXAMPLE, runner


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def _no_traceback(result) -> str:
    text = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert "Traceback" not in text and "please report" not in text
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), result.exception
    return text


def _variant(tmp_path, name: str, **arrival) -> str:
    doc = load_document(EXAMPLE)
    scenario = doc.scenarios[0]
    first = scenario.cohort.arrivals[0].model_copy(update=arrival)
    scenario = scenario.model_copy(update={"cohort": scenario.cohort.model_copy(update={"arrivals": (first,)})})
    path = tmp_path / f"{name}.nurture.yaml"
    save_document(doc.model_copy(update={"scenarios": (scenario,)}), path)
    return str(path)


@pytest.mark.parametrize("tag, value", [("bool", "maybe"), ("int", "lots"), ("float", "x1"), ("null", "nothing")])
def test_a_typed_tag_on_a_value_of_another_type_names_the_line(tmp_path, tag, value):
    text = EXAMPLE.read_text().replace("horizon_days:", f"horizon_days: !!{tag} {value}\n    x_horizon:", 1)
    path = tmp_path / "tagged.nurture.yaml"
    path.write_text(text)
    result = run("validate", path)
    assert result.exit_code != 0
    out = _no_traceback(result)
    line = text.splitlines().index(next(x for x in text.splitlines() if f"!!{tag}" in x)) + 1
    assert f"tagged.nurture.yaml:{line}:" in out and f"!!{tag}" in out


def test_a_json_integer_of_thousands_of_digits_is_refused_with_its_line(tmp_path):
    path = tmp_path / "big.nurture.json"
    path.write_text('{\n "schema_version": 1,\n "name": ' + "9" * 5000 + "\n}")
    result = run("validate", path)
    assert result.exit_code != 0
    out = _no_traceback(result)
    assert "big.nurture.json:3:" in out and "5,000 digits" in out and len(out) < 600


def test_a_yaml_integer_of_thousands_of_digits_is_refused(tmp_path):
    path = tmp_path / "big.nurture.yaml"
    path.write_text(EXAMPLE.read_text().replace("horizon_days: 180", "horizon_days: " + "7" * 5000, 1))
    out = _no_traceback(result := run("validate", path))
    assert result.exit_code != 0 and "digits" in out and len(out) < 600


def test_a_huge_id_is_not_echoed_in_full(tmp_path):
    path = tmp_path / "long.nurture.yaml"
    path.write_text(EXAMPLE.read_text().replace("{id: handoff,", "{id: " + "h" * 9000 + ",", 1))
    result = run("validate", path)
    out = _no_traceback(result)
    assert result.exit_code != 0 and "characters left out" in out and len(out) < 2000


def test_a_business_day_wait_shorter_than_a_day_is_a_finding_not_a_crash(tmp_path):
    doc = load_document(EXAMPLE)
    nodes = tuple(n.model_copy(update={"days": 0.3}) if n.id == "wait_bd" else n for n in doc.sequence.nodes)
    path = tmp_path / "bd.nurture.yaml"
    save_document(doc.model_copy(update={"sequence": doc.sequence.model_copy(update={"nodes": nodes})}), path)
    assert "wait-business-fraction" not in run("validate", path).output  # the message is in words, not a code
    result = run("simulate", path, "--replications", "1", "--leads", "500")
    out = _no_traceback(result)
    assert result.exit_code != 0 and "wait_bd" in out and "whole days" in out


@pytest.mark.parametrize("arrival, words", [
    ({"leads_per_week": 1e308}, "unbounded number of leads"),
    ({"leads_per_week": None, "weeks": None, "leads": 10**12}, "1,000,000,000,000 leads"),
])
def test_cohorts_no_machine_can_hold_are_refused_before_the_run(tmp_path, arrival, words):
    path = _variant(tmp_path, "huge", **arrival)
    result = run("simulate", path, "--replications", "1")
    out = _no_traceback(result)
    assert result.exit_code != 0 and words in out and "current thresholds" in out


def test_a_run_larger_than_the_memory_available_is_refused_with_the_estimate(tmp_path, monkeypatch):
    monkeypatch.setattr(capacity, "available_bytes", lambda: 1.0 * 2**30)  # a machine with 1 GiB free
    path = _variant(tmp_path, "big", leads_per_week=400_000, weeks=25)  # ten million leads
    result = run("simulate", path, "--replications", "1")
    out = _no_traceback(result)
    assert result.exit_code != 0
    assert "10,000,000 leads needs about 2.0 GiB" in out and "1.0 GiB available" in out


def test_arrivals_beyond_the_horizon_are_announced_and_the_run_still_works(tmp_path):
    path = _variant(tmp_path, "long", leads_per_week=20, weeks=100_000)
    validated = run("validate", path)
    assert "leads due after the horizon are not simulated" in validated.output
    out = tmp_path / "result.json"
    result = run("simulate", path, "--replications", "1", "--json", out)
    _no_traceback(result)
    assert result.exit_code == 0
    figures = json.loads(out.read_text())
    assert 0 < figures["totals"]["arrived"]["mean"] <= 20 * 180 / 7 * 1.2
