"""Seeded mutations of real definitions: every importer answers with a DocumentError or a document, never a crash."""

from __future__ import annotations

import copy
import json
import random

import pytest
from exchange_graphs import EXAMPLES, SAMPLES

from sequences import DocumentError, load_document
from sequences.exchange import export_document
from sequences.exchange.dittofeed_import import import_dittofeed_data
from sequences.exchange.hubspot_import import import_hubspot_data
from sequences.exchange.mautic_import import import_mautic_data

IMPORTERS = {"hubspot": import_hubspot_data, "mautic": import_mautic_data, "dittofeed": import_dittofeed_data}
VALUES = [None, 0, -1, 1e308, "", "x", "ExitNode", [], {}, True, "1", "new1", [1], {"id": "1"}]


def _seeds() -> list[tuple[str, object]]:
    seeds = [(p.parent.name, json.loads(p.read_text())) for p in sorted(SAMPLES.rglob("*.json"))]
    document = load_document(next(p for p in EXAMPLES if p.name.startswith("patient")))
    for target in ("hubspot", "mautic", "mautic-export", "dittofeed"):
        seeds.append((target.split("-")[0], json.loads(export_document(document, target).text)))
    return seeds


def _places(value, path=()):
    yield path
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, child in items:
        yield from _places(child, (*path, key))


@pytest.mark.parametrize("seed", range(4))
def test_mutated_definitions_never_crash(seed):
    rng = random.Random(seed)
    seeds = _seeds()
    for _ in range(150):
        source, data = rng.choice(seeds)
        data = copy.deepcopy(data)
        places = [p for p in _places(data) if p]
        for _ in range(rng.randint(1, 3)):
            *parents, last = rng.choice(places)
            try:
                holder = data
                for key in parents:
                    holder = holder[key]
                if isinstance(holder, dict) and rng.random() < 0.3:
                    del holder[last]
                else:
                    holder[last] = rng.choice(VALUES)
            except (KeyError, IndexError, TypeError):
                continue  # an earlier mutation removed this place
        try:
            result = IMPORTERS[source](data, "mutated.json")
        except DocumentError as exc:
            assert str(exc).startswith("mutated.json")
        else:
            assert result.document.sequence.nodes
