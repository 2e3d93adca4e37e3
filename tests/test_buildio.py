"""kg/buildio.py: load_build reads a build folder back, and names the file and line of what it cannot read."""

import json
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from kg.buildcheck import read_manifest, write_manifest
from kg.buildio import load_build, read_review
from kg.corpus import read_corpus
from kg.errors import BuildError, IncompleteBuild
from kg.sample import sample_paths


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _copy(sample_build, tmp_path: Path) -> Path:
    """A copy of the session's sample build folder, to break."""
    return Path(shutil.copytree(sample_build.folder, tmp_path / "build"))


def _set_line(path: Path, number: int, text: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[number - 1] = text
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _swap_first_lines(path: Path) -> None:
    first, second, *rest = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join([second, first, *rest]), encoding="utf-8")


def _reseal(folder: Path) -> None:
    """List the folder's files anew in its manifest: a build whose files are malformed but as the manifest says."""
    write_manifest(folder, read_manifest(folder))


def test_load_build_round_trips_the_records(sample_build):
    b = sample_build
    assert list(b.papers.values()) == list(read_corpus(sample_paths()).papers)  # the papers as they were read
    papers = _rows(b.folder / "papers.jsonl")
    assert [p.to_dict() for p in b.papers.values()] == [{k: v for k, v in r.items() if k != "sentences"} for r in papers]
    assert {pid: [list(span) for span in spans] for pid, spans in b.sentences.items()} == {
        r["id"]: r["sentences"] for r in papers}
    mentions = _rows(b.folder / "mentions.jsonl")
    assert len(b.mentions) == len(mentions) > 0
    assert [m.to_dict() for m in b.mentions] == [{k: v for k, v in r.items() if k != "entity"} for r in mentions]
    assert b.assignment == {i: r["entity"] for i, r in enumerate(mentions) if r["entity"]}
    assert [e.to_dict() for e in b.entities.values()] == _rows(b.folder / "entities.jsonl")
    assert Counter(b.assignment.values()) == {e.id: e.mentions for e in b.entities.values()}
    assert set(b.graph.nodes) == {eid for eid, e in b.entities.items() if e.kept}
    counts = b.manifest["counts"]
    assert (counts["papers"], counts["nodes"], counts["edges"]) == (len(b.papers), b.graph.number_of_nodes(),
                                                                    b.graph.number_of_edges())


def test_sentence_text(sample_build):
    b = sample_build
    for m in b.mentions[:50]:
        assert m.text in b.sentence_text(m.paper_id, m.sentence)
    m = b.mentions[0]
    assert b.sentence_text(m.paper_id, len(b.sentences[m.paper_id])) == ""
    assert b.sentence_text(m.paper_id, -1) == "" and b.sentence_text("no such paper", 0) == ""


def test_blank_lines_are_fine(sample_build, tmp_path):
    folder = _copy(sample_build, tmp_path)
    path = folder / "mentions.jsonl"
    path.write_text("\n" + path.read_text(encoding="utf-8").replace("\n", "\n\n"), encoding="utf-8")
    _reseal(folder)
    b = load_build(folder)
    assert b.mentions == sample_build.mentions and b.assignment == sample_build.assignment
    assert b.manifest["counts"] == sample_build.manifest["counts"]


def test_a_folder_without_manifest_is_no_build(sample_build, tmp_path):
    folder = _copy(sample_build, tmp_path)
    (folder / "manifest.json").unlink()
    for read in (load_build, read_review):
        with pytest.raises(IncompleteBuild, match=r"not one complete build \(no manifest\.json"):
            read(folder)


@pytest.mark.parametrize(("change", "why"), [
    (lambda f: (f / "graph.json").write_text('{"nodes": [], "links": []}'), r"graph\.json has \d+ bytes"),
    (lambda f: _swap_first_lines(f / "papers.jsonl"), r"papers\.jsonl differs .*SHA-256"),  # same size
    (lambda f: (f / "neo4j" / "co_mentions.csv").write_bytes(
        (f / "neo4j" / "co_mentions.csv").read_bytes()[::-1]), r"neo4j/co_mentions\.csv differs .*SHA-256"),
    (lambda f: (f / "manifest.json").write_text("{"), "not a kg manifest"),
    (lambda f: (f / "manifest.json").write_text('{"counts": {}}'), "lists no file hashes"),
])
def test_a_folder_that_is_not_the_build_its_manifest_lists_is_refused(sample_build, tmp_path, change, why):
    folder = _copy(sample_build, tmp_path)
    change(folder)
    with pytest.raises(IncompleteBuild) as info:
        load_build(folder)
    assert str(info.value).startswith(f"{folder}: not one complete build (") and "\n" not in str(info.value)
    assert re.search(why, str(info.value))


@pytest.mark.parametrize("name", ["papers.jsonl", "mentions.jsonl", "entities.jsonl", "graph.json"])
def test_a_missing_file_is_named(sample_build, tmp_path, name):
    folder = _copy(sample_build, tmp_path)
    (folder / name).unlink()
    with pytest.raises(IncompleteBuild, match=re.escape(f"{folder}: not one complete build ({name} is missing")):
        load_build(folder)
    _reseal(folder)  # a build whose manifest does not list the file: still named
    with pytest.raises(BuildError, match=re.escape(f"{folder / name}: missing")):
        load_build(folder)


def test_a_missing_folder_is_named(tmp_path):
    with pytest.raises(BuildError, match="no such build folder"):
        load_build(tmp_path / "nothing")


@pytest.mark.parametrize(("name", "line", "text", "match"), [
    ("papers.jsonl", 2, '{"id": "p", "title": "T"', "2: not JSON"),
    ("mentions.jsonl", 3, "not json at all", "3: not JSON"),
    ("entities.jsonl", 1, "[1, 2]", "1: expected a JSON object"),
    ("papers.jsonl", 3, '{"id": "p", "title": "T", "pages": 7}', "3: not a paper record"),  # no abstract
    ("mentions.jsonl", 2, '{"paper_id": "p", "sentence": 0, "entity": null}', "2: not a mention record"),
    ("entities.jsonl", 2, '{"id": "method:x", "label": "METHOD"}', "2: not an entity record"),
])
def test_a_bad_line_names_file_and_line(sample_build, tmp_path, name, line, text, match):
    folder = _copy(sample_build, tmp_path)
    _set_line(folder / name, line, text)
    _reseal(folder)
    with pytest.raises(BuildError) as info:
        load_build(folder)
    assert str(info.value).startswith(f"{folder / name}:{line}: ")
    assert match in str(info.value)


@pytest.mark.parametrize("text", ['{"nodes": [', '{"links": []}', '{"nodes": {}, "links": []}', '[]',
                                  '{"nodes": [1], "links": []}', '{"nodes": [{}], "links": []}',
                                  '{"nodes": [{"id": "a"}], "links": [{"source": "a"}]}', '"nodes"'])
def test_a_graph_that_is_not_node_link_is_named(sample_build, tmp_path, text):
    folder = _copy(sample_build, tmp_path)
    (folder / "graph.json").write_text(text, encoding="utf-8")
    _reseal(folder)
    with pytest.raises(BuildError, match=r"graph\.json: not a node-link graph") as info:
        load_build(folder)
    assert "\n" not in str(info.value)
