"""The graph stage of ``kg build`` on N synthetic abstracts (1,000,000 by default), on one machine: time and memory.

Extraction is not run: the abstracts' mentions are drawn from the seed build's distributions (``kg build
../shared/seeds`` with the default model, made under ``.cache/bench/`` when missing). Each synthetic abstract copies
the mention layout of a seed paper drawn at random (its number of sentences, and the sentence and entity of each
mention, so the head's document frequencies stay those of the seeds: "large language models" is in as large a share
of the papers); each mention whose entity is in a single seed paper (the seeds' tail, about a third to a half of the
mentions) is given instead a name drawn at random from a tail vocabulary that grows with N as Heaps' law has it:
T * (N / n)^beta names, T the seeds' tail entities, n the seed papers, beta ``--heaps``. Then
:func:`kg.build.make_graph` (pair counting, weights and significance, the graph and its edge table, Louvain, the
texts of the columns) runs on them as a build runs it, with ``--workers`` processes.

Recorded: seconds of the stage, peak RSS of the process (``ru_maxrss``, its input included) and its RSS before the
stage, the largest forked child's peak, nodes, edges, mentions.

Usage::

    python benchmarks/graph_stage.py [N] [--heaps 0.6] [--workers 2] [--min-papers 1] [--max-edges N] [--max-gb 16]
        [--json benchmarks/results/graph_stage.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_corpus import CACHE, SHARED

DEFAULT_JSON = Path(__file__).resolve().parent / "results" / "graph_stage.json"


@dataclass(frozen=True)
class SeedLayout:
    """What is drawn from: per seed paper, its sentence count and its mentions as (sentence, entity index) arrays;
    the kept entities (id, label, name) and, per entity, how many seed papers mention it."""

    sentences: list[int]
    mention_sentence: list[np.ndarray]
    mention_entity: list[np.ndarray]
    entity_ids: list[str]
    entity_labels: list[str]
    entity_names: list[str]
    entity_papers: np.ndarray


def seed_build(shared: Path = SHARED, root: Path = CACHE) -> Path:
    """The default-model build of the seeds (made once, under ``root``)."""
    out = root / "seed-build-default"
    if not (out / "manifest.json").is_file():
        from kg.build import run_build
        from kg.records import BuildSettings

        run_build([shared / "seeds"], out, BuildSettings(html=False))
    return out


def seed_layout(build: Path) -> SeedLayout:
    """The distributions of a build folder (papers, kept entities, their mentions, sentence counts in the cache)."""
    papers = [json.loads(line)["id"] for line in (build / "papers.jsonl").open(encoding="utf-8")]
    kept = [e for e in map(json.loads, (build / "entities.jsonl").open(encoding="utf-8")) if e["kept"]]
    index = {e["id"]: i for i, e in enumerate(kept)}
    per_paper: dict[str, list[tuple[int, int]]] = defaultdict(list)
    top_sentence: dict[str, int] = defaultdict(int)
    for m in map(json.loads, (build / "mentions.jsonl").open(encoding="utf-8")):
        top_sentence[m["paper_id"]] = max(top_sentence[m["paper_id"]], m["sentence"] + 1)
        if m.get("entity") in index:
            per_paper[m["paper_id"]].append((m["sentence"], index[m["entity"]]))
    counts = _cache_sentence_counts(build)
    sentences = [max(top_sentence[p], counts[i % len(counts)] if counts else 1) for i, p in enumerate(papers)]
    return SeedLayout(
        sentences=sentences,
        mention_sentence=[np.array([s for s, _ in per_paper[p]], dtype=np.int64) for p in papers],
        mention_entity=[np.array([e for _, e in per_paper[p]], dtype=np.int64) for p in papers],
        entity_ids=[e["id"] for e in kept], entity_labels=[e["label"] for e in kept],
        entity_names=[e["name"] for e in kept], entity_papers=np.array([e["papers"] for e in kept], dtype=np.int64))


def _cache_sentence_counts(build: Path) -> list[int]:
    found = []
    for path in sorted((build / ".kg-cache").glob("extract-*.jsonl")):
        found += [len(json.loads(line)["s"]) for line in path.open(encoding="utf-8")]
    return found


@dataclass(frozen=True)
class Drawn:
    """Synthetic mentions as arrays: each one's paper, sentence and entity (an index into ``ids``, ``names`` and
    ``labels``), and each paper's sentence count."""

    n: int
    paper: np.ndarray
    sentence: np.ndarray
    entity: np.ndarray
    sentences: np.ndarray
    ids: list[str]
    names: list[str]
    labels: np.ndarray


def draw(n: int, layout: SeedLayout, *, heaps: float = 0.6, seed: int = 0) -> Drawn:
    """The mentions of ``n`` synthetic abstracts (see the module's docstring)."""
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(layout.sentences), size=n)
    sizes = np.array([layout.mention_entity[i].size for i in range(len(layout.sentences))], dtype=np.int64)[picks]
    paper = np.repeat(np.arange(n, dtype=np.int64), sizes)
    sentence = np.concatenate([layout.mention_sentence[i] for i in picks.tolist()])
    entity = np.concatenate([layout.mention_entity[i] for i in picks.tolist()])
    tail = layout.entity_papers[entity] == 1
    n_head = len(layout.entity_ids)
    seed_tail = int(np.count_nonzero(layout.entity_papers == 1))
    n_tail = max(1, round(seed_tail * (n / len(layout.sentences)) ** heaps))
    entity[tail] = n_head + rng.integers(0, n_tail, size=int(tail.sum()))
    labels = np.array([*layout.entity_labels, *(["METHOD", "DATASET", "TASK"] * (n_tail // 3 + 1))])[:n_head + n_tail]
    ids = [*layout.entity_ids, *(f"{labels[n_head + i].lower()}:tail {i}" for i in range(n_tail))]
    names = [*layout.entity_names, *(f"tail {i}" for i in range(n_tail))]
    return Drawn(n, paper, sentence, entity, np.array(layout.sentences, dtype=np.int64)[picks], ids, names, labels)


def count_edges(drawn: Drawn, parts: int = 16, min_papers: int = 1,
                max_edges: int | None = None) -> tuple[int, int, int]:
    """The co-mention pairs of the drawn mentions, those kept as edges, and the least number of papers of an edge
    (``min_papers``, raised as ``--max-edges`` raises it), counted with the graph stage's own map step
    (:func:`kg.graph.pairs.count_partition`) over arrays: what the graph will hold, known before it is made."""
    from kg.graph import edge_threshold
    from kg.graph.pairs import count_partition, partitions

    keys = len(drawn.ids)
    counted = [count_partition(rows, n_keys=keys, max_evidence=1)
               for rows in partitions(drawn.paper, drawn.sentence, drawn.entity, parts)]
    codes, where = np.unique(np.concatenate([c.codes for c in counted]), return_inverse=True)
    papers = np.bincount(where.ravel(), weights=np.concatenate([c.papers for c in counted]))
    used = edge_threshold(papers.astype(np.int64), papers >= min_papers, min_papers, max_edges)
    return int(codes.size), int(np.count_nonzero(papers >= used)), used


def records(drawn: Drawn) -> tuple[Any, Any, int]:
    """``(Resolved, Extraction, n)``: the drawn mentions as kg's records, what :func:`kg.build.make_graph` takes."""
    from kg.build import Resolved
    from kg.records import Entity, Extraction, Mention

    ids, names, labels, total = drawn.ids, drawn.names, drawn.labels, len(drawn.ids)
    paper_ids = [f"s{i:07d}" for i in range(drawn.n)]
    mentions = tuple(Mention(paper_ids[p], s, 0, 1, names[e], labels[e], "synthetic") for p, s, e in
                     zip(drawn.paper.tolist(), drawn.sentence.tolist(), drawn.entity.tolist(), strict=True))
    assignment = dict(enumerate(ids[e] for e in drawn.entity.tolist()))
    papers = np.bincount(np.unique(drawn.paper * total + drawn.entity) % total, minlength=total)
    counted = np.bincount(drawn.entity, minlength=total)
    entities = [Entity(ids[i], str(labels[i]), names[i].lower(), names[i], (names[i],), int(papers[i]),
                       int(counted[i])) for i in np.flatnonzero(counted).tolist()]
    sentences = {p: tuple((k, k + 1) for k in range(c))
                 for p, c in zip(paper_ids, drawn.sentences.tolist(), strict=True)}
    return Resolved(entities, assignment, [], [], entities, assignment, []), Extraction(mentions, (), sentences, 0), \
        drawn.n


def _available_gb() -> float | None:
    """The memory the machine has available now (Linux ``MemAvailable``), in GB; None where unknown."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return round(int(line.split()[1]) / 2**20, 1)
    except (OSError, ValueError, IndexError):
        return None
    return None


def _rss_mb() -> float:
    try:
        return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return 0.0


class OutOfMemory(Exception):
    """The stage ran out of the memory allowed; carries what was known of the input."""

    def __init__(self, known: dict[str, Any]) -> None:
        super().__init__("out of memory")
        self.known = known


def measure(n: int, *, heaps: float = 0.6, workers: int = 2, seed: int = 0, min_papers: int = 1,
            max_edges: int | None = None, shared: Path = SHARED, root: Path = CACHE,
            build: Path | None = None) -> dict[str, Any]:
    """Synthesize ``n`` abstracts from ``build`` (by default the seeds' default-model build under ``root``) and time
    :func:`kg.build.make_graph` on them, in this process, as ``kg build --min-papers min_papers --max-edges
    max_edges`` would (``max_edges`` None: kg's default; 0: every pair)."""
    from kg import collector
    from kg.build import make_graph
    from kg.records import MAX_EDGES, BuildSettings

    max_edges = MAX_EDGES if max_edges is None else max_edges

    t = time.perf_counter()
    drawn = draw(n, seed_layout(build or seed_build(shared, root)), heaps=heaps, seed=seed)
    pairs, kept, used = count_edges(drawn, min_papers=min_papers, max_edges=max_edges or None)
    known = {"n": n, "heaps": heaps, "workers": workers, "seed": seed, "min_papers": used,
             "asked_min_papers": min_papers, "max_edges": max_edges,
             "mentions": int(drawn.entity.size), "entities": int(np.unique(drawn.entity).size), "pairs": pairs,
             "edges": kept}
    try:
        with collector.paused():
            resolved, extraction, n_papers = records(drawn)
            del drawn
            made_s = time.perf_counter() - t
            before = _rss_mb()
            t = time.perf_counter()
            graphed = make_graph(resolved, extraction, n_papers,
                                 BuildSettings(workers=workers, min_papers=min_papers, max_edges=max_edges))
    except MemoryError as err:
        raise OutOfMemory(known) from err
    stage_s = time.perf_counter() - t
    assert graphed.graph.number_of_edges() == known["edges"]
    return {
        **known, "nodes": graphed.graph.number_of_nodes(),
        "communities": len(graphed.communities.table),
        "synthesize_s": round(made_s, 1), "graph_stage_s": round(stage_s, 1),
        "rss_before_stage_mb": round(before),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "peak_rss_children_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
    }


def _papers_rule(r: dict[str, Any]) -> str:
    """Which pairs are edges: ``"2+ papers"``, and why when ``--max-edges`` raised it."""
    rule = f"{r['min_papers']}+ papers"
    if r["min_papers"] > r.get("asked_min_papers", r["min_papers"]):
        rule += f", raised from {r['asked_min_papers']} by --max-edges {r['max_edges']:,}"
    return rule


def format_result(r: dict[str, Any]) -> str:
    """One paragraph: the stage's time and memory at N."""
    if "failed" in r:
        return (f"Graph stage, {r['n']:,} synthetic abstracts ({r['mentions']:,} mentions, {r['entities']:,} "
                f"entities, {r['pairs']:,} pairs, {r['edges']:,} edges in {_papers_rule(r)}): did not fit "
                f"({r['failed']}; peak RSS {r['peak_rss_mb']} MB when "
                f"it stopped).")
    return (f"Graph stage, {r['n']:,} synthetic abstracts ({r['mentions']:,} mentions, {r['entities']:,} entities): "
            f"{r['pairs']:,} pairs, {r['nodes']:,} nodes, {r['edges']:,} edges (pairs in {_papers_rule(r)}), "
            f"{r['communities']:,} communities in {r['graph_stage_s']} s "
            f"({r['graph_stage_s'] / 60:.1f} min); peak RSS {r['peak_rss_mb']:,} MB (input alone "
            f"{r['rss_before_stage_mb']:,} MB), largest forked child {r['peak_rss_children_mb']:,} MB; "
            f"input made in {r['synthesize_s']} s.")


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: measure, print, write the JSON."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, nargs="?", default=1_000_000, help="synthetic abstracts")
    parser.add_argument("--heaps", type=float, default=0.6, help="Heaps' law exponent of the tail vocabulary")
    parser.add_argument("--workers", type=int, default=2, help="processes (Louvain beside the texts)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--min-papers", type=int, default=1,
                        help="keep the pairs in this many papers or more, as kg build --min-papers does")
    parser.add_argument("--max-edges", type=int, default=None,
                        help="kg build --max-edges (default: kg's, 15 million; 0 keeps every pair)")
    parser.add_argument("--max-gb", type=float, default=16.0,
                        help="address space allowed to the process (RLIMIT_AS; at most the memory available less 1 "
                             "GB): above it the run stops with a MemoryError and says so")
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON)
    args = parser.parse_args(argv)
    import kg

    seed_build()  # before the cap: the embedded database of a fresh seed build reserves terabytes of address space
    free = _available_gb()
    max_gb = min(args.max_gb, free - 1) if free is not None else args.max_gb  # leave the machine's others their own
    cap = int(max_gb * 2**30)
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))  # a MemoryError here, not the kernel's OOM killer elsewhere
    try:
        result = measure(args.n, heaps=args.heaps, workers=args.workers, seed=args.seed,
                         min_papers=args.min_papers, max_edges=args.max_edges)
    except OutOfMemory as err:
        result = {**err.known, "failed": f"MemoryError: more than {max_gb:.1f} GB of address space",
                  "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}
    result["max_gb"] = round(max_gb, 1)
    result["available_gb_at_start"] = free
    result["machine"] = {"python": platform.python_version(), "cpus": os.cpu_count(), "kg_version": kg.__version__}
    print(format_result(result))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"Wrote {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
