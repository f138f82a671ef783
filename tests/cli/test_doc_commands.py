"""The document commands, driven through the real `nurture` entry point."""

from __future__ import annotations

import json
import subprocess

import pytest

from assets.examples import list_templates, template_path
from designer.cli.main import app
from sequences import load_document
from sequences.validation import validate

from .cli_fixtures import NURTURE, runner

BROKEN = """\
schema_version: 1
name: Broken follow-up
sequence:
  nodes:
    - {id: start, kind: entry, trigger: form}
    - {id: hello, kind: email, title: Hello, topic: roi}
    - {id: ab, kind: split, outputs: [{label: a, percent: 70}, {label: b, percent: 20}]}
    - {id: done, kind: exit}
  edges:
    - {from: start, to: hello}
    - {from: hello, to: ab}
    - {from: ab, port: a, to: done}
    - {from: ab, port: b, to: done}
scenarios:
  - name: today
    cohort: {arrivals: [{entry: start, leads: 100}]}
    mix: {role: {it: 0.5, operations: 0.4}}
"""


def run(*args: str):
    return runner.invoke(app, [str(a) for a in args])


def test_validate_passes_every_example(tmp_path):
    paths = [t.path for t in list_templates()]
    result = run("validate", *paths)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [f"{p}: no problems found" for p in paths]


def test_validate_prints_each_finding_and_exits_1_on_errors(tmp_path):
    path = tmp_path / "broken.nurture.yaml"
    path.write_text(BROKEN)
    result = run("validate", path)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines == [
        f"{path}: error hello: Email 'Hello' (hello) has no subject line: write the subject leads will see.",
        f"{path}: error ab: The percentages of split 'ab' add up to 90%, not 100%.",
        f"{path}: error scenario 'today': The role mix of scenario 'today' adds up to 0.9, not 1: the shares of all "
        "values must add up to 1 (100%).",
    ]


def test_warnings_alone_pass_unless_strict(tmp_path):
    path = tmp_path / "warn.nurture.yaml"
    path.write_text(BROKEN.replace("title: Hello,", "subject: Hi,").replace("percent: 20", "percent: 30")
                    .replace("operations: 0.4", "operations: 0.5").replace("trigger: form", "trigger: lead_magnet"))
    result = run("validate", path)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"{path}: warning start: Entry 'start' is a lead-magnet download but names no offer: say which guide, "
        "checklist or webinar brings these leads in."]
    assert run("validate", "--strict", path).exit_code == 1


def test_validate_exits_2_with_the_loader_message_when_a_file_cannot_be_loaded(tmp_path):
    good = template_path("empty")
    bad = tmp_path / "bad.nurture.yaml"
    bad.write_text("name: x\nsequence:\n  nodes:\n    - {id: a, kind: teleport}\n")
    missing = tmp_path / "missing.nurture.yaml"
    result = run("validate", bad, good, missing)
    assert result.exit_code == 2
    assert f"{good}: no problems found" in result.stdout
    assert f"{bad}:4: at sequence.nodes[0] ('a'): unknown node kind 'teleport' (kinds: entry, email" in result.stderr
    assert f"{missing}: cannot read the file: No such file or directory" in result.stderr
    assert "Traceback" not in result.output


def test_new_from_each_template_validates_and_keeps_the_comments(tmp_path):
    for template in list_templates():
        out = tmp_path / f"{template.name}.nurture.yaml"
        result = run("new", "--template", template.name, out)
        assert result.exit_code == 0, result.output
        assert out.read_text() == template.path.read_text()
        assert run("validate", out).exit_code == 0


def test_new_can_rename_and_write_json(tmp_path):
    out = tmp_path / "copy.json"
    result = run("new", "-t", "billing-demo", "--name", "Q3 billing push", out)
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert data["name"] == "Q3 billing push"
    copy, original = load_document(out), load_document(template_path("billing-demo"))
    assert copy.sequence == original.sequence and copy.scenarios == original.scenarios


def test_new_refuses_unknown_templates_and_existing_files(tmp_path):
    result = run("new", "--template", "nope", tmp_path / "x.nurture.yaml")
    assert result.exit_code == 2
    assert "no template named 'nope' (templates: empty, patient-engagement" in result.stderr
    out = tmp_path / "mine.nurture.yaml"
    out.write_text("keep me")
    result = run("new", out)
    assert result.exit_code == 1 and "already exists; use --force" in result.stderr
    assert out.read_text() == "keep me"
    assert run("new", "--force", out).exit_code == 0
    assert load_document(out).name == "New nurture sequence"


def test_templates_lists_names_and_titles():
    result = run("templates")
    assert result.exit_code == 0
    names = [line.split()[0] for line in result.stdout.splitlines()]
    assert names == ["empty", "patient-engagement", "billing-demo", "multi-location-scheduling"]
    assert "Billing and coding demo-request follow-up" in result.stdout


def test_format_normalises_keeps_comments_and_is_idempotent(tmp_path):
    path = tmp_path / "messy.nurture.yaml"
    path.write_text(
        "# my notes\n"
        "name:   Messy   # the name\n"
        "sequence:\n"
        "  edges: [{to: done, from: start}]\n"
        "  nodes:\n"
        "  - {kind: entry, id: start, trigger: form}\n"
        "  - {kind: exit, id: done}\n"
        "scenarios: [{name: s, cohort: {arrivals: [{entry: start, leads: 5.0}]}}]\n"
    )
    result = run("format", path)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{path}: formatted\n"
    text = path.read_text()
    lines = text.splitlines()
    assert lines[:2] == ["# my notes", "schema_version: 2"]
    assert lines[2].startswith("name: Messy ") and lines[2].endswith("# the name")
    assert lines[3:] == [
        "generator: nurture-studio 0.1.0",
        "sequence:",
        "  nodes:",
        "    - {id: start, kind: entry, trigger: form}",
        "    - {id: done, kind: exit}",
        "  edges: [{from: start, to: done}]",
        "scenarios: [{name: s, cohort: {arrivals: [{entry: start, leads: 5}]}}]",
    ]
    assert path.with_name(path.name + ".bak").exists()
    assert run("format", "--check", path).stdout == f"{path}: already formatted\n"
    assert path.read_text() == text


def test_format_check_reports_without_writing(tmp_path):
    path = tmp_path / "doc.json"
    path.write_text('{"name": "J", "schema_version": 1}')
    result = run("format", "--check", path)
    assert result.exit_code == 1 and result.stdout == f"{path}: would be reformatted\n"
    assert path.read_text() == '{"name": "J", "schema_version": 1}'
    assert run("format", path).exit_code == 0
    assert json.loads(path.read_text())["generator"].startswith("nurture-studio")


def test_format_refuses_a_broken_file_untouched(tmp_path):
    path = tmp_path / "bad.nurture.yaml"
    path.write_text("name: [unclosed\n")
    result = run("format", path)
    assert result.exit_code == 2 and "not valid YAML" in result.stderr
    assert path.read_text() == "name: [unclosed\n"


def test_schema_describes_the_document(tmp_path):
    result = run("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["title"] == "Nurture Studio document"
    sequence = json.dumps(schema["$defs"]["Sequence"])
    node_kinds = {ref.rsplit("/", 1)[-1] for ref in sequence.split('"') if ref.startswith("#/$defs/")}
    assert {"EntryNode", "EmailNode", "WaitNode", "BranchNode", "SplitNode", "HandoffNode"} <= node_kinds
    out = tmp_path / "schema.json"
    assert run("schema", "--out", out).exit_code == 0
    assert json.loads(out.read_text()) == schema


@pytest.mark.skipif(not NURTURE.exists(), reason="the console script is installed by `make test`")
def test_the_installed_console_script(tmp_path):
    out = tmp_path / "new.nurture.yaml"
    created = subprocess.run([NURTURE, "new", "-t", "patient-engagement", out], capture_output=True, text=True,
                             timeout=60)
    assert created.returncode == 0, created.stderr
    out.write_text(out.read_text().replace("sla_hours: 24}", "sla_hours: 0}"))
    checked = subprocess.run([NURTURE, "validate", out], capture_output=True, text=True, timeout=60)
    assert checked.returncode == 1
    assert f"{out}: error handoff: Handoff 'Hand to sales' (handoff) has an SLA of 0 hours" in checked.stdout
    assert checked.stderr == ""
    findings = validate(load_document(out))
    assert [f.code for f in findings] == ["handoff-without-sla"]
