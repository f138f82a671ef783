"""``nurture sweep`` through its real entry point: table, JSON, adopting a point, bad input."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from assets.examples import template_path
from designer.cli.main import app
from sequences import load_document, read_document, save_document

from .conftest import small_sweep

runner = CliRunner()


def _file(tmp_path):
    document, tree = read_document(template_path("patient-engagement"))
    document = document.model_copy(update={"sweeps": (small_sweep(),)})
    path = tmp_path / "doc.nurture.yaml"
    save_document(document, path, tree)
    return path


def test_sweep_prints_recommendation_and_writes_json(tmp_path):
    path = _file(tmp_path)
    out = tmp_path / "sweep.json"
    result = runner.invoke(app, ["sweep", str(path), "--sweep", "small", "--workers", "1", "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert "Recommended:" in result.output
    data = json.loads(out.read_text())
    assert len(data["points"]) == 6
    assert data["recommended"] in [p["index"] for p in data["points"]]


def test_adopt_best_adds_the_scenario_to_the_file(tmp_path):
    path = _file(tmp_path)
    before = load_document(path)
    result = runner.invoke(app, ["sweep", str(path), "--workers", "1", "--adopt", "best"])
    assert result.exit_code == 0, result.output
    after = load_document(path)
    assert len(after.scenarios) == len(before.scenarios) + 1
    assert after.scenarios[-1].name.startswith("current thresholds — ")
    assert (tmp_path / "doc.nurture.yaml.bak").exists()


def test_unknown_sweep_and_broken_file_exit_2(tmp_path):
    path = _file(tmp_path)
    result = runner.invoke(app, ["sweep", str(path), "--sweep", "nope"])
    assert result.exit_code == 2
    assert "no sweep named 'nope'" in result.output
    broken = tmp_path / "broken.nurture.yaml"
    broken.write_text("sequence: [\n")
    result = runner.invoke(app, ["sweep", str(broken)])
    assert result.exit_code == 2
    assert "broken.nurture.yaml" in result.output and "Traceback" not in result.output
