"""The scale benchmark and its corpus generator (benchmarks/bench_corpus.py, benchmarks/scale.py), on a small corpus."""

from __future__ import annotations

import json
import shutil
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from paths import ROOT, SHARED

BENCHMARKS = ROOT / "benchmarks"

if not (SHARED / "seeds").is_dir() or not (SHARED / "data" / "scirex").is_dir():
    pytest.skip("../shared (seeds and data/scirex) not present", allow_module_level=True)

sys.path.insert(0, str(BENCHMARKS))
import bench_corpus  # noqa: E402
import scale  # noqa: E402

N = 200
SMOKE_N = 1000  # the benchmark's smallest size, built end to end


@pytest.fixture(scope="module")
def pool() -> bench_corpus.SourcePool:
    return bench_corpus.load_pool(SHARED)


def _rows(folder: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for f in sorted(folder.glob("part-*.jsonl")) for line in f.read_text().splitlines()]


def test_generate_is_deterministic_and_split(tmp_path: Path, pool: bench_corpus.SourcePool) -> None:
    a = bench_corpus.generate(N, tmp_path / "a", seed=7, files=64, pool=pool)
    b = bench_corpus.generate(N, tmp_path / "b", seed=7, files=64, pool=pool)
    c = bench_corpus.generate(N, tmp_path / "c", seed=8, files=64, pool=pool)
    assert [f.name for f in a.files] == ["part-00000.jsonl", "part-00001.jsonl", "part-00002.jsonl",
                                         "part-00003.jsonl"]
    assert [f.read_bytes() for f in a.files] == [f.read_bytes() for f in b.files]
    assert _rows(a.folder) != _rows(c.folder)
    rows = _rows(a.folder)
    assert len(rows) == N and all(set(r) == {"id", "title", "abstract", "date"} for r in rows)
    assert len({r["id"] for r in rows}) == len({r["title"] for r in rows}) == N
    again = bench_corpus.generate(N, tmp_path / "a", seed=7, files=64, pool=pool)
    assert again.reused and again.files == a.files


def test_dates_within_the_year(pool: bench_corpus.SourcePool) -> None:
    days = [date.fromisoformat(p.date) for p in bench_corpus.synthesize(N, pool, start="2024-03-01")]
    assert min(days) >= date(2024, 3, 1) and max(days) < date(2025, 3, 1)
    assert len({d.month for d in days}) == 12  # spread over the year, not bunched


def test_sentences_are_real(pool: bench_corpus.SourcePool) -> None:
    real = pool.sentences()
    papers = list(bench_corpus.synthesize(N, pool, seed=3))
    for paper in papers:
        assert bench_corpus.MIN_SENTENCES <= len(paper.sentences) <= bench_corpus.MAX_SENTENCES
        assert len(set(paper.sentences)) == len(paper.sentences)
        assert all(s in real for s in paper.sentences)
        assert paper.abstract == " ".join(paper.sentences)


def test_topical_structure(pool: bench_corpus.SourcePool) -> None:
    """Most sentences of an abstract come from its first sentence's document or that document's neighbours."""
    home = {s: i for i, d in enumerate(pool.documents) for s in d.sentences}
    near = total = 0
    for paper in bench_corpus.synthesize(N, pool, seed=1):
        topic = home[paper.sentences[0]]
        related = {topic, *pool.neighbours[topic]}
        near += sum(home[s] in related for s in paper.sentences[1:])
        total += len(paper.sentences) - 1
    assert near / total > 0.75


def test_grow_adds_new_papers(tmp_path: Path, pool: bench_corpus.SourcePool) -> None:
    made = bench_corpus.generate(N, tmp_path / "c", pool=pool)
    extra = bench_corpus.grow(made.folder, 0.05, pool=pool)
    assert extra.parent != made.folder
    rows = [json.loads(line) for line in extra.read_text().splitlines()]
    assert len(rows) == 10
    assert {r["id"] for r in rows}.isdisjoint(r["id"] for r in _rows(made.folder))


def test_benchmark_report(tmp_path: Path, pool: bench_corpus.SourcePool) -> None:
    report = scale.run_benchmark([SMOKE_N], ["rules"], workers=1, corpus_root=tmp_path, build_root=tmp_path, pool=pool,
                                 shared=SHARED, html=False)
    json.dumps(report)  # serialisable as written by --json
    assert {"benchmark", "created", "machine", "settings", "runs", "scaling", "dominant", "notes"} <= set(report)
    (run,) = report["runs"]
    assert (run["n"], run["model"], run["corpus"]["papers"]) == (SMOKE_N, "rules", SMOKE_N)
    build = run["build"]
    assert {"read", "extract", "resolve", "graph", "write"} <= set(build["seconds"])
    assert all(v >= 0 for v in build["seconds"].values())
    assert build["papers"] == SMOKE_N and build["words"] > 20 * SMOKE_N
    assert build["peak_rss_mb"] > 50 and build["words_per_s_per_worker"] > 0
    assert build["peak_pss_tree_mb"] is None or 10 < build["peak_pss_tree_mb"] < 4 * build["peak_rss_mb"]
    assert build["wall_s"] >= build["run_build_s"] >= 0
    assert set(build["rss_by_stage_mb"]) <= set(build["seconds"])
    assert all(0 <= mb <= build["peak_rss_mb"] + 1 for mb in build["rss_by_stage_mb"].values())
    assert report["dominant"][0]["stage"] in build["seconds"]
    inc = run["incremental"]
    assert (inc["added"], inc["extracted"], inc["reused"]) == (10, 10, SMOKE_N)
    assert "Dominant stage" in scale.format_report(report)


def test_scaling_ratios() -> None:
    def run(n: int, extract: float, graph: float) -> dict[str, Any]:
        return {"n": n, "model": "rules", "build": {"seconds": {"extract": extract, "graph": graph},
                                                    "stages_s": extract + graph, "peak_rss_mb": 100.0}}

    (row,) = scale.scaling([run(1000, 1.0, 0.5), run(10000, 10.0, 50.0)])
    assert row["stages"] == {"extract": 1.0, "graph": 10.0}
    assert row["peak_rss"] == 0.1
    assert scale.dominant([run(1000, 1.0, 0.5), run(10000, 10.0, 50.0)])[0]["stage"] == "graph"


def test_extract_speed_smoke(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import extract_speed

    out = tmp_path / "speed.json"
    assert extract_speed.main(["--model", "rules", "--scirex-words", "3000", "--repeats", "1", "--json", str(out)]) == 0
    result = json.loads(out.read_text())["results"]["rules"]
    assert result["seeds"]["texts"] > 100 and result["scirex"]["words"] >= 3000
    assert result["seeds"]["words_per_s"] > 0 and result["components"][-1] == "kg_entity_resolver"
    assert "rules" in capsys.readouterr().out


def test_graph_stage_on_a_few_synthetic_abstracts(seed_build: Any) -> None:
    import graph_stage

    folder, built = seed_build
    result = graph_stage.measure(300, workers=1, build=folder)  # it checks the graph's edges against the count
    assert result["n"] == 300 and result["nodes"] > 0 and result["edges"] > 0
    assert 0 < result["rss_before_stage_mb"] <= result["peak_rss_mb"]
    assert result["entities"] >= result["nodes"]
    assert result["mentions"] > 300 * sum(built.mentions.values()) / built.papers / 2  # about the seeds' density
    assert "did not fit" not in graph_stage.format_result(result)
    kept = graph_stage.measure(300, workers=1, build=folder, min_papers=2)  # the filter before any edge is made
    assert kept["pairs"] == result["pairs"] == result["edges"] > kept["edges"] > 0
    budget = graph_stage.measure(300, workers=1, build=folder, max_edges=kept["edges"])  # --max-edges raises it
    assert (budget["edges"], budget["min_papers"], budget["asked_min_papers"]) == (kept["edges"], 2, 1)
    assert f"2+ papers, raised from 1 by --max-edges {kept['edges']:,}" in graph_stage.format_result(budget)


def test_a_build_folder_the_benchmark_made_is_reset_after_a_build_replaced_it(tmp_path: Path) -> None:
    folder = tmp_path / "build-10-rules"
    scale._reset_build_folder(folder)
    shutil.rmtree(folder)  # a build commits by putting its staging folder in the place of the old one
    folder.mkdir()
    (folder / "papers.jsonl").write_text("{}\n")
    scale._reset_build_folder(folder)  # still the benchmark's own: emptied, not refused
    assert list(folder.iterdir()) == []
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep")
    with pytest.raises(RuntimeError, match="not made by this benchmark"):
        scale._reset_build_folder(foreign)
    assert (foreign / "notes.txt").read_text() == "keep"
