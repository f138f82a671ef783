"""``nurture export`` and ``nurture import`` through the real entry point."""

from __future__ import annotations

import json

import pytest
from exchange_graphs import SAMPLES, example, with_ids
from typer.testing import CliRunner

from designer.cli.main import app
from sequences import load_document, save_document

PATIENT = str(SAMPLES.parents[2] / "assets" / "examples" / "patient_engagement.nurture.yaml")
runner = CliRunner()


def mapped_copy(tmp_path, target: str) -> str:
    """The patient example with every id ``target`` needs, saved in ``tmp_path``."""
    path = tmp_path / "mapped.nurture.yaml"
    save_document(with_ids(example("patient_engagement"), target) if target in (
        "hubspot", "mautic", "mautic-export", "dittofeed") else example("patient_engagement"), path)
    return str(path)


@pytest.mark.parametrize("target,suffix", [("hubspot", ".json"), ("mautic", ".json"), ("mautic-export", ".json"),
                                           ("mautic-export", ".zip"), ("csv", ".csv"), ("mermaid", ".mmd"),
                                           ("blueprint", ".md"), ("blueprint", ".pdf")])
def test_export_writes_the_file_and_prints_the_lint(tmp_path, target, suffix):
    out = tmp_path / f"out{suffix}"
    result = runner.invoke(app, ["export", mapped_copy(tmp_path, target), "--to", target, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.exists() and out.stat().st_size > 100
    assert f"wrote {out}" in result.stdout
    if target in ("hubspot", "mautic"):
        assert "warning:" in result.stderr and "per-role variants" in result.stderr
    if suffix == ".json":
        json.loads(out.read_text())
    if suffix == ".pdf":
        assert out.read_bytes().startswith(b"%PDF")
    if suffix == ".zip":
        assert out.read_bytes().startswith(b"PK")


def test_mautic_export_stores_the_campaign_uuid_once(tmp_path):
    source = mapped_copy(tmp_path, "mautic-export")
    result = runner.invoke(app, ["export", source, "--to", "mautic-export", "--out", str(tmp_path / "a.json")])
    assert result.exit_code == 0, result.output
    stored = load_document(source).exports.mautic.campaign_uuid
    assert stored and f"stored Mautic campaign uuid {stored}" in result.stderr
    assert json.loads((tmp_path / "a.json").read_text())[0]["campaign"][0]["uuid"] == stored
    again = runner.invoke(app, ["export", source, "--to", "mautic-export", "--out", str(tmp_path / "b.json")])
    assert "stored Mautic" not in again.stderr
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()


def test_missing_ids_the_tool_refuses_exit_1(tmp_path):
    out = tmp_path / "campaign.json"
    result = runner.invoke(app, ["export", PATIENT, "--to", "mautic", "--out", str(out)])
    assert result.exit_code == 1 and not out.exists()
    assert "error: Mautic: no Mautic segment id for 'entry:guide'" in result.stderr


def test_lint_error_stops_the_export_unless_forced(tmp_path):
    out = tmp_path / "journey.json"
    result = runner.invoke(app, ["export", PATIENT, "--to", "dittofeed", "--out", str(out)])
    assert result.exit_code == 1
    assert "error: Dittofeed: no Dittofeed segment id for 'entry:guide'" in result.stderr
    assert not out.exists()
    result = runner.invoke(app, ["export", PATIENT, "--to", "dittofeed", "--out", str(out), "--force"])
    assert result.exit_code == 0 and json.loads(out.read_text())[0]["definition"]["entryNode"]["child"] == "welcome"


def test_unloadable_document_exits_2_without_traceback(tmp_path):
    broken = tmp_path / "broken.nurture.yaml"
    broken.write_text("sequence: [unclosed\n")
    result = runner.invoke(app, ["export", str(broken), "--to", "csv", "--out", str(tmp_path / "x.csv")])
    assert result.exit_code == 2
    assert str(broken) in result.stderr and "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_import_writes_a_document_that_loads(tmp_path):
    flow = tmp_path / "flow.json"
    assert runner.invoke(app, ["export", mapped_copy(tmp_path, "hubspot"), "--to", "hubspot", "--out",
                               str(flow)]).exit_code == 0
    out = tmp_path / "imported.nurture.yaml"
    result = runner.invoke(app, ["import", str(flow), "--from", "hubspot", "--out", str(out)])
    assert result.exit_code == 0, result.output
    document = load_document(out)
    assert document.name == example("patient_engagement").name
    assert len(document.sequence.nodes) == len(example("patient_engagement").sequence.nodes)


def test_import_of_a_sample_lists_placeholders(tmp_path):
    out = tmp_path / "mautic.nurture.yaml"
    result = runner.invoke(app, ["import", str(SAMPLES / "mautic/mautic7_export_fixture.json"), "--from", "mautic",
                                 "--out", str(out)])
    assert result.exit_code == 0
    assert "decision 'asset.download' is not modelled here" in result.stderr
    assert load_document(out).name == "test2"


def test_import_of_a_broken_file_exits_2_naming_the_place(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"actions": [{"actionId": "1", "connection": {"nextActionId": "5"}}]}))
    result = runner.invoke(app, ["import", str(bad), "--from", "hubspot", "--out", str(tmp_path / "x.yaml")])
    assert result.exit_code == 2
    assert f"{bad}: at actions[0] (actionId '1').connection.nextActionId: refers to action '5'" in result.stderr
    assert not (tmp_path / "x.yaml").exists()


def test_import_into_keeps_scenarios_scoring_and_ids_and_names_broken_references(tmp_path):
    target = tmp_path / "plan.nurture.yaml"
    document = example("patient_engagement")
    mautic = document.exports.mautic.model_copy(
        update={"emails": {"welcome": "12"}, "campaign_uuid": "b4ddc4d7-149e-4a81-9141-0e03c598627a"})
    ids = document.exports.model_copy(update={"mautic": mautic})
    save_document(document.model_copy(update={"exports": ids}), target)
    journey = SAMPLES / "dittofeed/random_cohort_journey.json"
    result = runner.invoke(app, ["import", str(journey), "--from", "dittofeed", "--into", str(target)])
    assert result.exit_code == 0, result.output
    merged = load_document(target)
    assert merged.scenarios == document.scenarios and merged.scoring == document.scoring
    assert merged.name == document.name
    assert [n.kind for n in merged.sequence.nodes].count("split") == 1  # the journey's sequence
    assert merged.exports.mautic.emails == {"welcome": "12"} and merged.exports.mautic.campaign_uuid
    assert merged.exports.dittofeed.emails  # the journey's template ids were added
    # The scenarios sent leads to 'guide' and 'webinar', which the journey does not have.
    assert "no longer resolves: Scenario" in result.stderr and "'guide'" in result.stderr
    assert "scenario references to fix" in result.stdout


def test_import_needs_exactly_one_of_out_and_into(tmp_path):
    journey = str(SAMPLES / "dittofeed/random_cohort_journey.json")
    assert runner.invoke(app, ["import", journey, "--from", "dittofeed"]).exit_code == 2
    both = ["import", journey, "--from", "dittofeed", "--out", str(tmp_path / "a.yaml"), "--into", PATIENT]
    result = runner.invoke(app, both)
    assert result.exit_code == 2 and "either --out" in result.stderr


def test_the_mautic_zip_imports_as_it_was_exported(tmp_path):
    source = mapped_copy(tmp_path, "mautic-export")
    archive = tmp_path / "campaign.zip"
    assert runner.invoke(app, ["export", source, "--to", "mautic-export", "--out", str(archive)]).exit_code == 0
    out = tmp_path / "back.nurture.yaml"
    result = runner.invoke(app, ["import", str(archive), "--from", "mautic", "--out", str(out)])
    assert result.exit_code == 0, result.output
    # Entries come back one per contact source, with the segment and form ids the export wrote.
    assert sorted(load_document(out).exports.mautic.segments.values()) == \
        sorted(load_document(source).exports.mautic.segments.values())
