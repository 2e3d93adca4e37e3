"""kg/export/folder.py: write_build writes the corpus files whether or not the graph comes, the graph's files when
it does, and names the writers that fail."""

import json

import networkx as nx
import pytest

from kg.buildcheck import write_manifest
from kg.buildio import load_build
from kg.errors import BuildError
from kg.export.folder import FILES, Contents, PageOptions, write_build
from kg.graph import comention_graph
from kg.records import Extraction, Mention, Paper
from kg.resolve import resolve

CORPUS_FILES = ["papers.jsonl", "mentions.jsonl", "entities.jsonl", "neo4j/papers.csv", "neo4j/mentions.csv", "aliases.tsv",
                "merges.tsv"]
GRAPH_FILES = ["graph.graphml", "graph.json", "graph.gexf", "vosviewer.json", "thesaurus.txt", "neo4j/entities.csv",
               "neo4j/co_mentions.csv", "graph.lbug"]


def _contents() -> Contents:
    papers = [Paper("p1", "One", "We use BERT. BERT on SQuAD.", date="2024-01-02"), Paper("p2", "Two", "SQuAD and BERT."),
              Paper("p3", "Three", "Nothing here.")]
    mentions = (Mention("p1", 0, 7, 11, "BERT", "METHOD", "r"), Mention("p1", 1, 13, 17, "BERT", "METHOD", "r"),
                Mention("p1", 1, 21, 26, "SQuAD", "DATASET", "r"), Mention("p2", 0, 0, 5, "SQuAD", "DATASET", "r"),
                Mention("p2", 0, 10, 14, "BERT", "METHOD", "r"), Mention("p3", 0, 0, 7, "Nothing", "TASK", "r"))
    extraction = Extraction(mentions, (), {"p1": ((0, 12), (13, 27)), "p2": ((0, 15),), "p3": ((0, 13),)}, 12)
    found = resolve(mentions[:5])  # the last mention is no entity's
    entities, assignment = found.entities, found.assignment
    return Contents(papers, extraction, entities, assignment, [], entities, assignment)


def _graph(contents: Contents):
    graph, table = comention_graph(contents.entities, contents.extraction.mentions, contents.assignment, n_papers=3,
                                   n_sentences=4)
    nx.set_node_attributes(graph, 0, "community")
    return graph, table, {0: "BERT, SQuAD"}


def _rows(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("workers", [1, 2])
def test_the_corpus_files_are_written_though_the_graph_never_comes(tmp_path, workers):
    contents = _contents()
    with write_build(tmp_path, contents, workers=workers):
        pass
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()) == sorted(CORPUS_FILES)
    papers = _rows(tmp_path / "papers.jsonl")
    assert [r["id"] for r in papers] == ["p1", "p2", "p3"] and papers[0]["sentences"] == [[0, 12], [13, 27]]
    assert papers[0]["date"] == "2024-01-02"
    mentions = _rows(tmp_path / "mentions.jsonl")
    assert [r["entity"] for r in mentions] == [contents.assignment.get(i) for i in range(6)]
    assert mentions[5]["entity"] is None and mentions[0]["entity"] == "method:bert"
    assert [r["id"] for r in _rows(tmp_path / "entities.jsonl")] == [e.id for e in contents.entities]


def test_the_corpus_files_are_finished_when_the_block_fails(tmp_path):
    with pytest.raises(RuntimeError, match="graph stage failed"), write_build(tmp_path, _contents()):
        raise RuntimeError("graph stage failed")
    assert all((tmp_path / name).is_file() for name in CORPUS_FILES)
    assert not (tmp_path / "graph.json").exists()


@pytest.mark.parametrize(("html", "workers"), [(False, 1), (True, 2)])
def test_the_graph_half_writes_every_graph_file(tmp_path, html, workers):
    contents = _contents()
    graph, table, labels = _graph(contents)
    with write_build(tmp_path, contents, page=PageOptions(html=html), workers=workers) as write_graph:
        write_graph(graph, table, labels)
    for name in (*CORPUS_FILES, *GRAPH_FILES):
        assert (tmp_path / name).is_file(), name
    assert (tmp_path / FILES["html"]).is_file() is html
    manifest = write_manifest(tmp_path, {})  # run_build writes the manifest (after write_build, in its staging folder)
    assert sorted(json.loads(manifest.read_text())["contents"]) == sorted(
        [*CORPUS_FILES, *GRAPH_FILES, *([FILES["html"]] if html else [])])
    loaded = load_build(tmp_path)  # a folder load_build reads back
    assert list(loaded.graph.edges) == list(graph.edges)
    assert loaded.graph.edges["method:bert", "dataset:squad"]["papers"] == 2


def test_a_writer_that_fails_is_named_and_the_others_finish(tmp_path):
    contents = _contents()
    graph, table, labels = _graph(contents)
    (tmp_path / "graph.gexf").mkdir()  # no file can be written there
    with pytest.raises(BuildError, match=r"could not write .*graph\.gexf"), \
            write_build(tmp_path, contents, page=PageOptions(html=False)) as write_graph:
        write_graph(graph, table, labels)
    for name in (*CORPUS_FILES, *GRAPH_FILES):
        if name != "graph.gexf":
            assert (tmp_path / name).is_file(), name
