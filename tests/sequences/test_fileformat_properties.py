"""Property tests: generated documents survive save and load exactly; hostile input only ever gives DocumentError."""

from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from sequences import GENERATOR, Document, DocumentError, dump_document, parse_document, save_document
from sequences.fileformat import document_data, read_document
from sequences.roundtrip import to_commented
from tests.sequences.doc_builders import base
from tests.sequences.strategies import documents

FAST = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@settings(FAST, max_examples=20)
@given(documents())
def test_yaml_round_trip_is_exact_and_a_second_save_is_identical(document):
    text = dump_document(document)
    loaded, tree = parse_document(text, "generated.nurture.yaml")
    assert loaded == document
    assert dump_document(loaded, tree) == text


@settings(FAST, max_examples=15)
@given(documents(), documents(), st.booleans())
def test_saving_over_another_files_tree_writes_exactly_the_new_document(before, after, normalise):
    # The merge that keeps a user's comments must never let the old file leak into the new content.
    _, tree = parse_document(dump_document(before))
    text = dump_document(after, tree, normalise=normalise)
    loaded, tree = parse_document(text)
    assert loaded == after
    assert dump_document(after, tree, normalise=normalise) == text


@settings(FAST, max_examples=30)
@given(documents())
def test_json_round_trip_is_exact(document):
    text = dump_document(document, fmt="json")
    assert parse_document(text, "generated.json", fmt="json")[0] == document
    assert dump_document(parse_document(text, fmt="json")[0], fmt="json") == text


@settings(FAST, max_examples=10)
@given(documents(), st.sampled_from(["doc.nurture.yaml", "doc.json"]))
def test_files_load_what_was_saved_and_saving_twice_gives_identical_bytes(document, name):
    document = document.model_copy(update={"generator": GENERATOR})
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        save_document(document, path)
        first = path.read_bytes()
        loaded, tree = read_document(path)
        assert loaded == document
        save_document(loaded, path, tree)
        assert path.read_bytes() == first


# A small valid file to break: every kind of YAML syntax a mutation may hit is in it.
SEED_TEXT = dump_document(Document.model_validate(base()))
YAML_CHARS = st.sampled_from(list(":{}[]-,&*!|>'\"#%@`?\\ \t\n\r") + list("ax0._") + ["\x00", "\x85", "é", "\ufeff"])
YAML_SNIPPETS = st.text(YAML_CHARS, max_size=6) | st.sampled_from(
    ["&a ", "*a", "!!python/object:os.system ", "!custom ", "<<: *a", "\n  - ", ": ", "{", "[", "'", "nodes",
     "kind", "id", "from", "to", "999999999999999999999", ".inf", "-.nan", "null", "~", "true", "0x1F"])


def _expect_only_document_error(text, fmt="yaml"):
    try:
        document, _ = parse_document(text, "mutated", fmt)
    except DocumentError as exc:
        assert exc.file == "mutated" and exc.problem
        assert str(exc).startswith("mutated")
    else:
        assert isinstance(document, Document)


@settings(FAST, max_examples=300)
@given(st.lists(st.tuples(st.integers(0, len(SEED_TEXT)), st.integers(0, 12), YAML_SNIPPETS), min_size=1,
                max_size=4))
def test_mutated_yaml_gives_a_document_or_a_document_error(edits):
    text = SEED_TEXT
    for at, cut, insert in edits:
        at = min(at, len(text))
        text = text[:at] + insert + text[at + cut:]
    _expect_only_document_error(text)


@settings(FAST, max_examples=400)
@given(st.binary(max_size=200) | st.text(YAML_CHARS, max_size=120).map(str.encode))
def test_random_bytes_give_a_document_or_a_document_error(raw):
    with tempfile.TemporaryDirectory() as folder:
        for name in ("random.nurture.yaml", "random.json"):
            path = Path(folder) / name
            path.write_bytes(raw)
            try:
                read_document(path)
            except DocumentError as exc:
                assert exc.file == str(path)


JUNK = st.recursive(
    st.none() | st.booleans() | st.integers(-10**20, 10**20) | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)
SEED_DATA = document_data(Document.model_validate(base()))


def _paths(value, prefix=()):
    yield prefix
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        yield from _paths(item, (*prefix, key))


PATHS = list(_paths(SEED_DATA))[1:]


def _mutate(edits):
    data = json.loads(json.dumps(SEED_DATA))
    for index, action, junk in edits:
        *parents, last = PATHS[index % len(PATHS)]
        target = data
        try:
            for part in parents:
                target = target[part]
            if action == "replace":
                target[last] = junk
            elif action == "delete":
                del target[last]
            elif isinstance(target, dict):
                target[f"extra_{last}"] = junk
        except (KeyError, IndexError, TypeError):
            continue  # an earlier edit removed this place
    return data


EDITS = st.lists(st.tuples(st.integers(0, 10**6), st.sampled_from(["replace", "delete", "add"]), JUNK), min_size=1,
                 max_size=3)


@settings(FAST, max_examples=500)
@given(EDITS)
def test_mutated_json_structure_gives_a_document_or_a_document_error(edits):
    _expect_only_document_error(json.dumps(_mutate(edits)), "json")


@settings(FAST, max_examples=40)
@given(EDITS)
def test_mutated_yaml_structure_gives_a_document_or_a_document_error(edits):
    buffer = io.StringIO()
    YAML(typ="rt", pure=True).dump(to_commented(_mutate(edits), 0), buffer)
    _expect_only_document_error(buffer.getvalue())


def test_the_seed_file_itself_loads():
    assert parse_document(SEED_TEXT)[0] == Document.model_validate(base())
