"""Incremental builds: unchanged abstracts come from the cache; new ones, or a new model, are extracted."""

import json

from reference import database_content

import kg.build
from kg.build import run_build
from kg.records import BuildSettings
from kg.sample import sample_paths


def _lines(path):
    return path.read_text(encoding="utf-8").splitlines()


def test_rebuild_reuses_cache_and_gives_the_same_files(tmp_path):
    out = tmp_path / "out"
    first = run_build(sample_paths(), out, BuildSettings(html=False))
    assert (first.extracted, first.reused) == (33, 0)
    before = {name: _lines(out / name) for name in ("mentions.jsonl", "entities.jsonl", "papers.jsonl")}
    graph_before = json.loads((out / "graph.json").read_text())
    again = run_build(sample_paths(), out, BuildSettings(html=False))
    assert (again.extracted, again.reused) == (0, 33)
    assert {name: _lines(out / name) for name in before} == before
    assert json.loads((out / "graph.json").read_text()) == graph_before
    assert "load_model" not in again.seconds  # nothing to extract: the model is not even loaded


def test_new_papers_only_are_extracted(tmp_path):
    out = tmp_path / "out"
    run_build(sample_paths(), out, BuildSettings(html=False))
    extra = tmp_path / "extra.jsonl"
    extra.write_text(json.dumps({"title": "A new paper on graph transformers",
                                 "abstract": "We train a Graph Transformer on the Cora dataset for node classification."})
                     + "\n" + json.dumps({"title": "Another new paper", "abstract": "We study image classification."})
                     + "\n", encoding="utf-8")
    grown = run_build([*sample_paths(), extra], out, BuildSettings(html=False))
    assert (grown.extracted, grown.reused, grown.papers) == (2, 33, 35)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["counts"]["extracted"] == 2 and manifest["counts"]["reused_from_cache"] == 33
    mentions = [json.loads(line) for line in _lines(out / "mentions.jsonl")]
    assert any(m["text"] == "Cora" for m in mentions)


def test_new_model_invalidates_cache(tmp_path, monkeypatch):
    out = tmp_path / "out"
    run_build(sample_paths(), out, BuildSettings(html=False))
    (old,) = (out / ".kg-cache").glob("extract-*.jsonl")
    monkeypatch.setattr(kg.build, "model_fingerprint", lambda model: "f" * 64)
    rebuilt = run_build(sample_paths(), out, BuildSettings(html=False))
    assert (rebuilt.extracted, rebuilt.reused) == (33, 0)
    assert not old.exists() and len(list((out / ".kg-cache").glob("extract-*.jsonl"))) == 1


def test_damaged_cache_line_is_extracted_again(tmp_path):
    out = tmp_path / "out"
    run_build(sample_paths(), out, BuildSettings(html=False))
    (path,) = (out / ".kg-cache").glob("extract-*.jsonl")
    lines = _lines(path)
    path.write_text("\n".join(["{not json", *lines[1:]]) + "\n", encoding="utf-8")
    rebuilt = run_build(sample_paths(), out, BuildSettings(html=False))
    assert (rebuilt.extracted, rebuilt.reused) == (1, 32)


def test_no_cache_extracts_everything(tmp_path):
    out = tmp_path / "out"
    run_build(sample_paths(), out, BuildSettings(html=False))
    again = run_build(sample_paths(), out, BuildSettings(html=False, cache=False))
    assert (again.extracted, again.reused) == (33, 0)


def test_two_workers_give_the_same_build(tmp_path):
    one = run_build(sample_paths(), tmp_path / "one", BuildSettings(html=False, cache=False))
    two = run_build(sample_paths(), tmp_path / "two", BuildSettings(html=False, cache=False, workers=2))
    assert (one.mentions, one.entities, one.edges) == (two.mentions, two.entities, two.edges)
    assert _lines(tmp_path / "one" / "mentions.jsonl") == _lines(tmp_path / "two" / "mentions.jsonl")
    # With two workers the files are written by two processes: every file the same, byte for byte.
    files = sorted(p.relative_to(tmp_path / "one") for p in (tmp_path / "one").rglob("*")
                   if p.is_file() and p.name != "manifest.json" and ".kg-cache" not in p.parts)
    assert len(files) >= 12
    for name in files:
        if name.name == "graph.lbug":  # LadybugDB writes a random database id into its header: compare the content
            assert database_content(tmp_path / "one") == database_content(tmp_path / "two")
            continue
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name
