"""Round trips through real files: comments and key order survive edits, saves are stable, JSON and v0 load."""

from __future__ import annotations

import os
import shutil
import stat

import pytest

from assets.examples import example_paths, list_templates
from sequences import GENERATOR, Document, dump_document, load_document, parse_document, read_document, save_document
from sequences.nodes import EmailNode, ExitNode
from sequences.scenario import Sales
from sequences.storage import backup_path


@pytest.fixture
def example(tmp_path):
    path = tmp_path / "pe.nurture.yaml"
    shutil.copy(list_templates()[1].path, path)
    return path


def test_comments_survive_load_edit_save(example):
    original = example.read_text()
    comments = [line.strip() for line in original.splitlines() if "#" in line]
    document, tree = read_document(example)
    nodes = [n.model_copy(update={"subject": "Your guide is here"}) if n.id == "welcome" else n
             for n in document.sequence.nodes]
    nodes.append(EmailNode(id="late_tip", kind="email", subject="One more idea", topic="roi"))
    scenario = document.scenarios[1].model_copy(update={"sales": Sales(reps=6)})
    edited = document.model_copy(update={
        "sequence": document.sequence.model_copy(update={"nodes": tuple(nodes)}),
        "scenarios": (document.scenarios[0], scenario),
    })
    save_document(edited, example, tree)
    text = example.read_text()
    for comment in comments:
        assert comment.split("#", 1)[1] in text
    assert "subject: Your guide is here" in text and "Your guide, and three workflows" not in text
    assert "- {id: late_tip, kind: email, subject: One more idea, topic: roi}" in text
    assert "sales: {reps: 6, first_touches_per_rep_per_day: 12}" in text
    assert load_document(example) == edited.model_copy(update={"generator": GENERATOR})
    assert backup_path(example).read_text() == original


def test_the_users_key_order_is_kept_and_new_keys_go_where_the_model_puts_them(tmp_path):
    path = tmp_path / "mine.nurture.yaml"
    path.write_text("# top note\nname: Mine\nsequence:\n  nodes:\n    - {kind: exit, id: done, title: End}  # last\n")
    document, tree = read_document(path)
    done = document.sequence.nodes[0]
    assert isinstance(done, ExitNode)
    edited = document.model_copy(update={"description": "Added later", "sequence": document.sequence.model_copy(
        update={"nodes": (done.model_copy(update={"title": "The end"}),)})})
    save_document(edited, path, tree)
    assert path.read_text() == (
        "# top note\n"
        "schema_version: 2\n"
        "name: Mine\n"
        "generator: nurture-studio 0.1.0\n"
        "description: Added later\n"
        "sequence:\n"
        "  nodes:\n"
        "    - {kind: exit, id: done, title: The end} # last\n"
    )


def test_a_default_the_user_wrote_stays_written(tmp_path):
    path = tmp_path / "d.nurture.yaml"
    path.write_text("name: D\nscoring:\n  decay_half_life_days: 30   # the default, on purpose\n")
    document, tree = read_document(path)
    save_document(document, path, tree)
    assert "  decay_half_life_days: 30   # the default, on purpose\n" in path.read_text()


@pytest.mark.parametrize("path", example_paths(), ids=lambda p: p.name)
def test_examples_are_stored_as_saved_and_saving_twice_gives_identical_bytes(path, tmp_path):
    copy = tmp_path / path.name
    shutil.copy(path, copy)
    document, tree = read_document(copy)
    save_document(document, copy, tree)
    assert copy.read_bytes() == path.read_bytes()
    document, tree = read_document(copy)
    save_document(document, copy, tree)
    assert copy.read_bytes() == path.read_bytes()
    fresh = tmp_path / "fresh.nurture.yaml"
    save_document(document, fresh)
    first = fresh.read_bytes()
    save_document(load_document(fresh), fresh, read_document(fresh)[1])
    assert fresh.read_bytes() == first


@pytest.mark.parametrize("path", example_paths(), ids=lambda p: p.name)
def test_json_is_accepted_and_equal_to_the_yaml(path, tmp_path):
    document = load_document(path)
    json_path = tmp_path / "same.json"
    save_document(document, json_path)
    assert json_path.read_text().startswith('{\n  "schema_version": 2,\n  "name": ')
    assert load_document(json_path) == document


def test_a_schema_version_0_file_is_migrated(tmp_path):
    path = tmp_path / "old.nurture.yaml"
    path.write_text(
        "# written by the 0.x preview\n"
        "schema_version: 0\n"
        "name: Old\n"
        "sequence:\n"
        "  nodes: [{id: start, kind: entry}, {id: done, kind: exit}]\n"
        "  edges: [{from: start, to: done}]\n"
        "simulations:   # the old word for scenarios\n"
        "  - {name: base, cohort: {arrivals: [{entry: start, leads: 10}]}}\n"
        "positions: {start: [0, 0], done: [200, 0]}\n"
    )
    document, tree = read_document(path)
    assert document.schema_version == 2
    assert [s.name for s in document.scenarios] == ["base"]
    assert document.layout == {"start": (0.0, 0.0), "done": (200.0, 0.0)}
    save_document(document, path, tree)
    text = path.read_text()
    assert "schema_version: 2\n" in text and "simulations" not in text and "positions" not in text
    assert text.startswith("# written by the 0.x preview\n")
    assert load_document(path) == document.model_copy(update={"generator": GENERATOR})


def test_a_failed_save_leaves_the_file_as_it_was(example, monkeypatch):
    before = example.read_bytes()
    document = load_document(example)

    def crash(*args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="disk full"):
        save_document(document.model_copy(update={"name": "Changed"}), example)
    assert example.read_bytes() == before
    assert [p.name for p in example.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_a_new_file_gets_the_usual_permissions(tmp_path):
    mask = os.umask(0o022)
    try:
        path = tmp_path / "new.nurture.yaml"
        save_document(Document(), path)
    finally:
        os.umask(mask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_text_that_yaml_would_fold_survives():
    tricky = "line\u2028sep\x85next\r\nend  "
    document = Document(name="Tricky", description=tricky)
    assert parse_document(dump_document(document))[0].description == tricky
