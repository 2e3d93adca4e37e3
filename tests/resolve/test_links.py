"""Links to the Papers with Code taxonomy: by key, name or aliases, one entry or none (invented names, and the
shipped list for a few well-known entries)."""

from __future__ import annotations

import json

from kg.records import Entity
from kg.resolve.links import Link, LinkTable, find_link, link_entities, link_table

QUILL = Link("method/quillnet", "QuillNet", "Computer Vision")
INK = Link("task/ink-segmentation", "Ink Segmentation", "Computer Vision")
QUANTUM = Link("method/quantum-nets", "Quantum Nets", "General")
INK_BENCH = Link("task/ink-segmentation-ap", "Ink Segmentation (AP)", "")
DCNN = Link("method/dcnn", "DCNN", "Graphs")  # the list's DCNN: a diffusion-convolutional neural network
EXACT = {("METHOD", "quillnet"): QUILL, ("METHOD", "quill network"): QUILL, ("TASK", "ink segmentation"): INK,
         ("METHOD", "qn"): QUANTUM, ("METHOD", "quantum net"): QUANTUM, ("TASK", "ink segmentation ap"): INK_BENCH,
         ("METHOD", "dcnn"): DCNN, ("METHOD", "diffusion convolutional neural network"): DCNN}
LOOSE = {("TASK", "ink segmentation"): INK_BENCH}  # the variant's key, its bracket dropped, is the plain name's
TABLE = LinkTable(EXACT, LOOSE, {QUILL: frozenset({"quillnet", "quill network"}), INK: frozenset({"ink segmentation"}),
                                 QUANTUM: frozenset({"qn", "quantum net"}), INK_BENCH: frozenset({"ink segmentation ap"}),
                                 DCNN: frozenset({"dcnn", "diffusion convolutional neural network"})})


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


def test_a_name_as_written_wins_over_its_key_without_heads():
    # "Ink Segmentation (AP)" is a leaderboard's entry; the plain name meets the plain task first
    assert find_link(_entity("TASK", "ink segmentation", "Ink segmentation"), TABLE) == INK


def test_a_short_form_the_corpus_writes_out_otherwise_is_the_corpus_s():
    dcnn = _entity("METHOD", "dcnn", "DCNN")
    deep = _entity("METHOD", "deep convolutional neural network", "deep convolutional neural networks")
    assert link_entities([dcnn, deep], TABLE)[0].pwc_id == ""
    diffusion = _entity("METHOD", "diffusion convolutional neural network", "diffusion-convolutional networks")
    assert link_entities([dcnn, diffusion], TABLE)[0].pwc_id == "method/dcnn"
    assert link_entities([dcnn, diffusion, deep], TABLE)[0].pwc_id == ""  # two meanings in the corpus: neither
    assert link_entities([dcnn], TABLE)[0].pwc_id == "method/dcnn"  # nothing in the corpus says otherwise
    # an entry with no full name in the list cannot disagree with the corpus
    qn, quiet = _entity("METHOD", "qn", "QN"), _entity("METHOD", "quiet normalisation", "quiet normalisation")
    assert link_entities([qn, quiet], LinkTable({("METHOD", "qn"): QUANTUM}, {}, {QUANTUM: frozenset({"qn"})}))[0].pwc_id


def test_link_entities_fills_the_fields_and_leaves_the_rest():
    linked, alone = link_entities([_entity("TASK", "semantic segmentation", "Semantic segmentation"),
                                   _entity("TASK", "quill polishing", "quill polishing")])
    assert (linked.pwc_id, linked.pwc_name, linked.pwc_area) == ("task/semantic-segmentation",
                                                                 "Semantic Segmentation", "Computer Vision")
    assert (alone.pwc_id, alone.pwc_name, alone.pwc_area) == ("", "", "")
    assert linked.key == "semantic segmentation" and linked.label == "TASK"  # a link merges and moves nothing


def test_the_shipped_list_compares_names_as_resolution_does():
    table = link_table()
    assert table.exact["METHOD", "bert"].id == "method/bert"
    assert table.exact["TASK", "semantic segmentation"].name == "Semantic Segmentation"
    # the list's "object-detection" and "Object Detection" are one entry under the name written with spaces
    assert table.exact["TASK", "object detection"] == Link("task/object-detection", "Object Detection",
                                                           "Computer Vision")
    # a method's head is part of its name: "Self-Attention Network" is no self-attention
    assert ("METHOD", "self attention") not in table.loose
    # a leaderboard's variant ("Named Entity Recognition (NER)") leaves the plain task its own entry
    assert table.exact["TASK", "named entity recognition"].id == "task/named-entity-recognition"


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
