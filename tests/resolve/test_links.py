"""Links to the Papers with Code taxonomy: by key, name or aliases, one entry or none (invented names, and the
shipped list for a few well-known entries)."""

from __future__ import annotations

import json

from kg.records import Entity
from kg.resolve.links import Link, find_link, link_entities, link_table

QUILL = Link("method/quillnet", "QuillNet", "Computer Vision")
INK = Link("task/ink-segmentation", "Ink Segmentation", "Computer Vision")
QUANTUM = Link("method/quantum-nets", "Quantum Nets", "General")
TABLE = {("METHOD", "quillnet"): QUILL, ("METHOD", "quill network"): QUILL, ("TASK", "ink segmentation"): INK,
         ("METHOD", "qn"): QUANTUM, ("METHOD", "quantum net"): QUANTUM}


def _entity(label: str, key: str, name: str, aliases: tuple[str, ...] = ()) -> Entity:
    return Entity(f"{label.lower()}:{key}", label, key, name, aliases, 2, 3)


def test_an_entity_links_by_its_key_name_or_aliases():
    assert find_link(_entity("METHOD", "quillnet", "QuillNet"), TABLE) == QUILL
    assert find_link(_entity("TASK", "segmenting ink", "segmenting ink", ("Ink Segmentation",)), TABLE) == INK


def test_the_key_wins_over_aliases_that_name_another_entry():
    # "QN" is another entry's name; the entity's own key decides
    assert find_link(_entity("METHOD", "quill network", "quill networks", ("QN",)), TABLE) == QUILL


def test_a_short_form_among_the_aliases_links_nothing():
    # the corpus's "QN" is a quill network; the list's QN is another thing with that short form
    assert find_link(_entity("METHOD", "quiet normalisation", "quiet normalisation", ("QN",)), TABLE) is None


def test_aliases_naming_two_entries_link_to_neither():
    entity = _entity("METHOD", "quill qn hybrid", "Quill-QN hybrid", ("QuillNet", "Quantum Nets"))
    assert find_link(entity, TABLE) is None


def test_a_link_keeps_to_its_label():
    assert find_link(_entity("TASK", "quillnet", "QuillNet"), TABLE) is None


def test_link_entities_fills_the_fields_and_leaves_the_rest():
    linked, alone = link_entities([_entity("TASK", "semantic segmentation", "Semantic segmentation"),
                                   _entity("TASK", "quill polishing", "quill polishing")])
    assert (linked.pwc_id, linked.pwc_name, linked.pwc_area) == ("task/semantic-segmentation",
                                                                 "Semantic Segmentation", "Computer Vision")
    assert (alone.pwc_id, alone.pwc_name, alone.pwc_area) == ("", "", "")
    assert linked.key == "semantic segmentation" and linked.label == "TASK"  # a link merges and moves nothing


def test_the_shipped_list_compares_names_as_resolution_does():
    table = link_table()
    assert table["METHOD", "bert"].id == "method/bert"
    assert table["TASK", "semantic segmentation"].name == "Semantic Segmentation"
    # the list's "object-detection" and "Object Detection" are one entry under the name written with spaces
    assert table["TASK", "object detection"] == Link("task/object-detection", "Object Detection", "Computer Vision")


def test_a_build_carries_links_into_its_files(sample_build):
    folder = sample_build.folder
    entities = [json.loads(line) for line in (folder / "entities.jsonl").read_text(encoding="utf-8").splitlines()]
    linked = [e for e in entities if e["pwc_name"]]
    assert linked and all({"pwc_id", "pwc_name", "pwc_area"} <= set(e) for e in entities)
    graph = json.loads((folder / "graph.json").read_text(encoding="utf-8"))
    nodes = {n["id"]: n for n in graph["nodes"]}
    shown = [e for e in linked if e["id"] in nodes]
    assert shown and all(nodes[e["id"]]["pwc_name"] == e["pwc_name"] for e in shown)
    header = (folder / "neo4j" / "entities.csv").read_text(encoding="utf-8").splitlines()[0]
    assert '"pwc_id","pwc_name","pwc_area"' in header
