"""Hostile and broken files: each gets its own clear message naming the file, the line and the place."""

from __future__ import annotations

import pytest

from sequences import DocumentError, load_document, parse_document, yaml_guard
from sequences.fileformat import MAX_BYTES

NODES = "name: x\nsequence:\n  nodes:\n"


def problem(text: str, fmt: str = "yaml") -> DocumentError:
    with pytest.raises(DocumentError) as caught:
        parse_document(text, "lead.nurture.yaml", fmt)
    return caught.value


def test_a_file_over_5_mib_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "huge.nurture.yaml"
    path.write_bytes(b"name: x\n" + b"#" * MAX_BYTES)
    with pytest.raises(DocumentError) as caught:
        load_document(path)
    assert str(caught.value) == f"{path}: the file is 5.0 MiB; documents may be at most 5 MiB"


def test_a_huge_comment_or_value_is_refused_without_scanning_it_slowly():
    err = problem("name: x\n# " + "x" * (MAX_BYTES - 20) + "\n")
    assert str(err) == "lead.nurture.yaml:2: this line holds a comment longer than 10000 characters"
    err = problem("name: x\ndescription: '" + "x" * 200_000 + "'\n")
    assert str(err) == "lead.nurture.yaml:2: a value here is 200000 characters long; text fields hold at most 10000"


def test_a_flood_of_values_is_refused(monkeypatch):
    # The real cap (200,000 events, over twice the largest sequence) takes seconds to reach: test a small one.
    monkeypatch.setattr(yaml_guard, "MAX_EVENTS", 1_000)
    err = problem("name: x\nlayout: [" + "1," * 1_001 + "]\n")
    assert err.problem == "the file holds far more values than any document needs"


def test_non_utf8_names_the_line_and_byte(tmp_path):
    path = tmp_path / "latin1.nurture.yaml"
    path.write_bytes("name: x\ndescription: caf\u00e9\n".encode("latin-1"))
    with pytest.raises(DocumentError) as caught:
        load_document(path)
    assert str(caught.value) == f"{path}:2: the file is not UTF-8 text (byte 24)"


def test_a_missing_file_says_so(tmp_path):
    with pytest.raises(DocumentError, match="cannot read the file: No such file or directory"):
        load_document(tmp_path / "nope.nurture.yaml")


def test_anchors_and_aliases_are_refused():
    assert str(problem("a: &x [1]\nb: *x\n")) == "lead.nurture.yaml:1: YAML anchors (&x) are not allowed in documents"
    assert str(problem("name: x\nb: *x\n")) == "lead.nurture.yaml:2: YAML aliases (*x) are not allowed in documents"


def test_an_alias_bomb_is_refused_at_once():
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 30)]
    err = problem("\n".join(lines))
    assert "YAML anchors (&a0) are not allowed" in err.problem and err.line == 1


@pytest.mark.parametrize("opening", ["[", "{a: "])
def test_deep_nesting_is_refused(opening):
    closing = "]" if opening == "[" else "}"
    err = problem("name: x\nsequence: " + opening * 60 + "1" + closing * 60 + "\n")
    assert str(err) == "lead.nurture.yaml:2: the file nests deeper than 40 levels"


def test_very_deep_nesting_never_overflows_the_stack():
    assert "nests deeper than 40 levels" in str(problem("[" * 20_000))
    assert "nests deeper than 40 levels" in str(problem("[" * 20_000, "json"))


def test_wrong_types_name_the_field_and_what_was_found():
    assert str(problem("name: Foo\nscenarios: 5\n")) == "lead.nurture.yaml:2: at scenarios: should be a list, not 5"
    err = problem(NODES + "    - {id: w, kind: wait, days: soon}\n")
    assert (err.line, err.path) == (4, "sequence.nodes[0] ('w').days")
    assert err.problem == "Input should be a valid number, unable to parse string as a number"


def test_unknown_fields_are_named():
    err = problem(NODES + "    - {id: a, kind: entry}\n    - {id: b, kind: exit, colour: red}\n")
    assert str(err) == "lead.nurture.yaml:5: at sequence.nodes[1] ('b').colour: unknown field 'colour'"


def test_unknown_node_kinds_list_the_kinds():
    err = problem(NODES + "    - {id: a, kind: teleport}\n")
    assert str(err) == ("lead.nurture.yaml:4: at sequence.nodes[0] ('a'): unknown node kind 'teleport' (kinds: entry, "
                        "email, wait, branch, split, score, handoff, goal, exit)")
    assert problem(NODES + "    - {id: a}\n").problem.startswith("a node needs a kind (entry, email,")


def test_edges_to_missing_nodes_point_at_the_edge():
    err = problem(NODES + "    - {id: a, kind: branch, outputs: [{label: x}, {label: else}]}\n"
                  "    - {id: a2, kind: exit}\n  edges:\n    - {from: a, port: x, to: a2}\n"
                  "    - {from: a, port: else, to: zzz}\n")
    assert str(err).startswith("lead.nurture.yaml:8: at sequence.edges[1]: the edge (a -> zzz) goes to node 'zzz', "
                               "which does not exist")


def test_edges_from_a_port_the_node_lacks():
    err = problem(NODES + "    - {id: a, kind: exit}\n  edges:\n    - {from: a, port: yes_path, to: a}\n")
    assert err.line == 6 and "leaves from port 'yes_path', but node 'a' has ports: none" in err.problem


def test_duplicate_ids_point_at_the_second_one():
    err = problem(NODES + "    - {id: a, kind: entry}\n    - {id: b, kind: exit}\n    - {id: a, kind: exit}\n")
    assert str(err) == "lead.nurture.yaml:6: at sequence.nodes[2] ('a'): node id 'a' is used more than once"


def test_duplicate_keys_are_refused():
    assert str(problem("name: x\nname: y\n")) == (
        'lead.nurture.yaml:2: not valid YAML: found duplicate key "name" with value "y" (original value: "x")')
    assert str(problem('{"name": "a", "name": "b"}', "json")) == (
        "lead.nurture.yaml: key 'name' appears twice in one object")


def test_a_newer_schema_version_is_refused_with_advice():
    err = problem("# saved by a newer release\nschema_version: 7\nname: x\n")
    assert str(err) == ("lead.nurture.yaml:2: at schema_version: this file has schema_version 7, but this version of "
                        "Nurture Studio reads up to 2: open it with a newer Nurture Studio")
    assert "must be a whole number, not 'one'" in str(problem("schema_version: one\n"))


@pytest.mark.parametrize("tag", ["!!python/object:os.system", "!custom", "!!binary", "!!set", "!!omap"])
def test_custom_tags_are_refused(tag):
    err = problem(f"name: x\ndescription: {tag} x\n")
    assert err.line == 2 and err.problem.startswith("YAML tag ")
    assert err.problem.endswith(" is not allowed in documents")


def test_syntax_errors_give_the_line():
    assert str(problem("name: x\n\tb: 1\n")) == (
        "lead.nurture.yaml:2: not valid YAML: found character '\\t' that cannot start any token")
    assert str(problem('{"name": }', "json")) == "lead.nurture.yaml:1: not valid JSON: Expecting value (column 10)"


@pytest.mark.parametrize(("text", "shape"), [("", "empty"), ("- a\n", "a list"), ("42\n", "a single int")])
def test_a_document_must_be_a_mapping(text, shape):
    assert problem(text).problem == f"a document must be a mapping of keys to values, but this file is {shape}"


def test_non_finite_numbers_are_refused():
    err = problem("name: x\nscenarios:\n  - {name: s, horizon_days: .inf}\n")
    assert (err.line, err.path) == (3, "scenarios[0] ('s').horizon_days")
    assert err.problem == "Input should be a finite number"
