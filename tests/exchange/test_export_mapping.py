"""The per-target id mapping lives in the document; defaults keep existing files byte-identical."""

from __future__ import annotations

from exchange_graphs import EXAMPLES

from sequences import load_document, read_document, save_document
from sequences.export_mapping import ExportMappings, TargetMapping


def test_existing_files_save_byte_identical(tmp_path):
    for path in EXAMPLES:
        document, tree = read_document(path)
        out = tmp_path / path.name
        save_document(document, out, tree)
        assert out.read_bytes() == path.read_bytes()


def test_mapping_round_trips_through_the_file(tmp_path):
    document = load_document(EXAMPLES[0])
    mapping = ExportMappings(hubspot=TargetMapping(emails={"welcome": "123"}, properties={"role": "jobrole"}),
                             dittofeed=TargetMapping(segments={"entry:guide": "seg-1"}))
    out = tmp_path / "mapped.nurture.yaml"
    save_document(document.model_copy(update={"exports": mapping}), out)
    assert "exports:" in out.read_text()
    assert load_document(out).exports == mapping
    assert load_document(out).exports.for_target("mautic-export") == TargetMapping()
