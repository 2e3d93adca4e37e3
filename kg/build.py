"""``kg build``: read, extract, resolve, build the graph and write the build folder."""

from __future__ import annotations

import hashlib
import heapq
import json
import platform
import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
import spacy

import kg
from kg import collector
from kg.analysis import Communities, comention_table, communities, filter_edges
from kg.analysis.structure import table_matrix
from kg.cache import ExtractionCache
from kg.corpus import read_corpus
from kg.errors import BuildError, Messages
from kg.export.files import (
    import_command,
    neo4j_corpus_rows,
    neo4j_graph_rows,
    write_jsonl,
    write_neo4j_csv,
    write_node_link_json,
)
from kg.export.gexf import write_gexf
from kg.export.graphml import write_graphml
from kg.export.html import papers_by_entity, write_html
from kg.export.parallel import Task, call_beside, run_tasks, start_tasks
from kg.export.vosviewer import write_thesaurus, write_vosviewer_json
from kg.export.xmlgraph import text_columns
from kg.extract import Extraction, PaperExtraction, extract_each
from kg.graph.edgetable import EdgeTable, edge_table
from kg.nlp import DEFAULT, load_pipeline, model_fingerprint, pipeline_version
from kg.records import LABELS, Entity
from kg.resolve import resolve
from kg.resolve.thesaurus import apply_thesaurus, read_thesaurus, thesaurus_rows

ProgressFactory = Callable[[str, int], Callable[[], None]]


@dataclass
class BuildResult:
    """Counts and tops of a finished build (also written to ``manifest.json``)."""

    out: Path
    records: int
    papers: int
    mentions: dict[str, int]
    entities: dict[str, int]
    nodes: int
    edges: int
    top_entities: dict[str, list[tuple[str, int]]]
    top_pairs: list[tuple[str, str, int]]
    extracted: int = 0
    reused: int = 0
    significant_edges: int = 0
    all_edges: int = 0
    communities: int = 0
    modularity: float = 0.0
    seconds: dict[str, float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    neo4j_import: str = ""


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_build(inputs: Sequence[str | Path], out: str | Path, *, model: str = DEFAULT, batch_size: int = 64,
              workers: int = 1, html: bool = True, progress: ProgressFactory | None = None,
              min_papers: int = 1, max_q: float | None = None, thesaurus: str | Path | None = None,
              resolution: float = 1.0, seed: int = 0, cache: bool = True, html_max_nodes: int | None = 2000,
              html_max_edges: int | None = 10000) -> BuildResult:
    """Build a knowledge graph from corpus files into the folder ``out``.

    Writes ``papers.jsonl``, ``mentions.jsonl``, ``entities.jsonl``, ``graph.graphml``, ``graph.json``,
    ``graph.gexf``, ``vosviewer.json``, ``thesaurus.txt``, ``graph.html``, ``neo4j/*.csv`` and ``manifest.json``.
    With ``cache`` (the default), what the model found in each abstract is kept in ``out/.kg-cache/`` keyed by
    content hash and model fingerprint, so a rebuild extracts only new or changed abstracts. Warnings about
    skipped records are collected in the result (and the manifest).

    Raises
    ------
    KGError
        Unreadable input (file and line named), an unknown model, or an output path that is not a folder.
    """
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise BuildError(f"{out}: {Messages.OUT_NOT_DIR}")
    if min_papers < 1 or (max_q is not None and not 0 < max_q <= 1) or resolution <= 0:
        raise BuildError("expected --min-papers >= 1, 0 < --max-q <= 1 and --resolution > 0")
    user_thesaurus = read_thesaurus(thesaurus) if thesaurus is not None else None
    seconds: dict[str, float] = {}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", kg.KGWarning)
        t = time.perf_counter()
        corpus = read_corpus(inputs)
        seconds["read"] = time.perf_counter() - t
    messages = [str(w.message) for w in caught if issubclass(w.category, kg.KGWarning)]
    out.mkdir(parents=True, exist_ok=True)

    t = time.perf_counter()
    fingerprint = model_fingerprint(model)
    store = ExtractionCache(out, fingerprint) if cache else None
    hashes = {p.id: p.content_hash for p in corpus.papers}
    first_of: dict[str, str] = {}  # content hash -> the first paper with it: its id goes on the cached mentions
    for paper_id, content in hashes.items():
        first_of.setdefault(content, paper_id)
    found = store.load(first_of) if store else {}
    reused = len(found)
    todo = [p for p in corpus.papers if hashes[p.id] not in found]
    seconds["cache"] = time.perf_counter() - t
    pipeline = "(not loaded: every paper was in the cache)"
    if todo:
        t = time.perf_counter()
        nlp = load_pipeline(model)
        pipeline = pipeline_version(nlp)
        seconds["load_model"] = time.perf_counter() - t
        t = time.perf_counter()
        tick = progress("extract", len(todo)) if progress else None

        def fresh() -> Iterator[tuple[str, PaperExtraction]]:
            for paper_id, paper_found in extract_each(todo, nlp, batch_size=batch_size, n_process=workers):
                found[hashes[paper_id]] = paper_found
                if tick:
                    tick()
                yield hashes[paper_id], paper_found

        if store:  # written as extraction goes: an interrupted build keeps what it extracted
            store.append(fresh())
        else:
            for _ in fresh():
                pass
        seconds["extract"] = time.perf_counter() - t
    t = time.perf_counter()
    if store:
        for stale in store.stale_files():
            stale.unlink()
    extraction = Extraction()
    with collector.paused():
        for paper in corpus.papers:
            paper_found = found[hashes[paper.id]]
            if paper_found.mentions and paper_found.mentions[0].paper_id != paper.id:
                paper_found.mentions = [replace(m, paper_id=paper.id) for m in paper_found.mentions]
            extraction.add(paper.id, paper_found)
    seconds["assemble"] = time.perf_counter() - t

    t = time.perf_counter()
    with collector.paused():  # (see kg.collector)
        entities, assignment = resolve(extraction.mentions, extraction.abbreviations)
    if user_thesaurus is not None:
        entities, assignment = apply_thesaurus(entities, extraction.mentions, assignment, user_thesaurus)
    seconds["resolve"] = time.perf_counter() - t
    # What does not need the graph is written beside the graph stage, which keeps one core busy.
    early = start_tasks([
        Task("papers.jsonl", lambda: write_jsonl(out / "papers.jsonl", (
            {**p.to_dict(), "sentences": extraction.sentences.get(p.id, [])} for p in corpus.papers))),
        Task("mentions.jsonl", lambda: write_jsonl(out / "mentions.jsonl", (
            {**m.to_dict(), "entity": assignment.get(i)} for i, m in enumerate(extraction.mentions)))),
        Task("entities.jsonl", lambda: write_jsonl(out / "entities.jsonl", (e.to_dict() for e in entities))),
        Task("neo4j/ (papers, mentions)", lambda: write_neo4j_csv(
            neo4j_corpus_rows(corpus.papers, extraction.mentions, assignment), out / "neo4j")),
    ], workers=workers)
    try:
        t = time.perf_counter()
        with collector.paused():  # a million and a half edges: nothing in cycles
            # The edges as columns too, which every writer takes them from; the graph's edges keep their attribute
            # dicts only when filter_edges needs them.
            table: EdgeTable | None
            filtered = min_papers > 1 or max_q is not None
            graph, table = comention_table(entities, extraction.mentions, assignment, len(corpus.papers),
                                           n_sentences=sum(len(s) for s in extraction.sentences.values()),
                                           edge_data=filtered)
            all_edges = graph.number_of_edges()
            significant = int(np.count_nonzero(np.asarray(table.column("q_value")) <= 0.05)) if all_edges else 0
            if filtered:
                graph = filter_edges(graph, min_papers=min_papers, max_q=max_q, keep_isolates=True)
                table = edge_table(graph)
        if table is None:  # filter_edges keeps kg's edges alike: never here
            raise BuildError("the co-mention edges could not be put in one table")
        # Louvain keeps one core busy: the texts of the edge table are made beside it.
        partition = call_beside(partial(_partition, graph, table, resolution, seed), workers)
        text_columns(table)  # each value formatted once, for every writer
        membership, community_table, modularity = partition.result()
        nx.set_node_attributes(graph, membership, "community")
        comm = Communities(graph, community_table, modularity)
        seconds["graph"] = time.perf_counter() - t

        t = time.perf_counter()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", kg.KGWarning)
            write_thesaurus(thesaurus_rows(entities), out / "thesaurus.txt")
        messages += [str(w.message) for w in caught if issubclass(w.category, kg.KGWarning)]
        labels = comm.table["label"].to_dict()
        # Relative costs, as measured at 100,000 abstracts; with workers > 1 the writers share that many processes.
        tasks = [
            Task("graph.graphml", lambda: write_graphml(graph, out / "graph.graphml", edges=table), 7),
            Task("graph.json", lambda: write_node_link_json(graph, out / "graph.json", edges=table), 8),
            Task("graph.gexf", lambda: write_gexf(graph, out / "graph.gexf", edges=table), 9),
            Task("vosviewer.json", lambda: write_vosviewer_json(graph, out / "vosviewer.json", cluster_labels=labels,
                                                                edges=table), 3),
            Task("neo4j/ (entities, co_mentions)", lambda: write_neo4j_csv(
                neo4j_graph_rows(entities, graph, edges=table), out / "neo4j"), 7),
        ]
        if html:  # the page is one more writer: it runs beside the others
            tasks.append(Task("graph.html", lambda: write_html(
                graph, out / "graph.html", papers={p.id: p for p in corpus.papers}, sentences=extraction.sentences,
                node_papers=papers_by_entity(extraction.mentions, assignment),
                title=f"{out.resolve().name} · co-mention graph", max_nodes=html_max_nodes,
                max_edges=html_max_edges, seed=seed, edges=table), 6))
        run_tasks(tasks, workers=workers)
    finally:
        early.finish()
    seconds["write"] = time.perf_counter() - t

    t = time.perf_counter()
    result = BuildResult(
        out=out, records=corpus.records, papers=len(corpus.papers),
        mentions=dict(Counter(m.label for m in extraction.mentions)),
        entities=dict(Counter(e.label for e in entities)),
        nodes=graph.number_of_nodes(), edges=graph.number_of_edges(),
        significant_edges=significant, all_edges=all_edges, communities=len(comm.table),
        modularity=round(float(comm.modularity), 4),
        top_entities=_top_entities(entities), top_pairs=_top_pairs(graph, table), warnings=messages,
        neo4j_import=import_command(out / "neo4j"),
    )
    seconds["summary"] = time.perf_counter() - t
    result.seconds = {k: round(v, 3) for k, v in seconds.items()}
    params = {"model": model, "pipeline": pipeline, "fingerprint": fingerprint, "batch_size": batch_size,
              "workers": workers, "cache": cache,
              "min_papers": min_papers, "max_q": max_q, "resolution": resolution, "seed": seed,
              "thesaurus": {"path": str(thesaurus), "sha256": _sha256(Path(thesaurus))} if thesaurus else None}
    result.extracted, result.reused = len(todo), reused
    _write_manifest(result, corpus.files, params, extraction.words)
    return result


def _partition(graph: nx.Graph, table: EdgeTable, resolution: float, seed: int) -> tuple[dict[str, int], pd.DataFrame,
                                                                                        float]:
    """:func:`~kg.analysis.communities` of ``graph`` (paper counts from the edge table), as what a forked process
    sends back: each node's community, the table of communities and the modularity."""
    with collector.paused():
        nodes = sorted(graph.nodes)
        found = communities(graph, resolution=resolution, seed=seed, copy=False,
                            adjacency=table_matrix(table, nodes, "papers"))
    return dict(found.graph.nodes(data="community")), found.table, found.modularity


def _top_entities(entities: Sequence[Entity], n: int = 10) -> dict[str, list[tuple[str, int]]]:
    return {label: [(e.name, e.papers) for e in entities if e.label == label][:n] for label in LABELS}


def _top_pairs(graph: nx.Graph, table: EdgeTable | None, n: int = 10) -> list[tuple[str, str, int]]:
    """The ``n`` pairs in most papers (then most sentences, then by ids), from the table's columns when it has them."""
    if table is None or not len(table):
        ranked = heapq.nsmallest(n, graph.edges(data=True), key=lambda e: (-e[2]["papers"], -e[2]["sentences"],
                                                                           e[0], e[1]))
        return [(graph.nodes[u]["name"], graph.nodes[v]["name"], d["papers"]) for u, v, d in ranked]
    papers, sentences = table.column("papers"), table.column("sentences")
    counts = np.asarray(papers, dtype=np.int64)
    picked: Sequence[int] = range(counts.size)
    if counts.size > n:  # only edges with at least the n-th largest count can be among the first n
        picked = np.flatnonzero(counts >= np.partition(counts, counts.size - n)[counts.size - n]).tolist()
    first = sorted(picked, key=lambda i: (-papers[i], -sentences[i], table.sources[i], table.targets[i]))[:n]
    return [(graph.nodes[table.sources[i]]["name"], graph.nodes[table.targets[i]]["name"], papers[i]) for i in first]


def _write_manifest(result: BuildResult, files: Sequence[Path], params: dict[str, Any], words: int) -> None:
    manifest = {
        "kg_version": kg.__version__,
        "spacy_version": spacy.__version__,
        "python": platform.python_version(),
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "inputs": [{"path": str(f), "sha256": _sha256(f), "bytes": f.stat().st_size} for f in files],
        "parameters": params,
        "counts": {
            "records": result.records, "papers": result.papers, "words": words,
            "extracted": result.extracted, "reused_from_cache": result.reused,
            "mentions": result.mentions, "entities": result.entities,
            "nodes": result.nodes, "edges": result.edges, "edges_before_filter": result.all_edges,
            "edges_q_le_0.05": result.significant_edges, "communities": result.communities,
            "modularity": result.modularity, "warnings": len(result.warnings),
        },
        "seconds": result.seconds,
        "warnings": result.warnings,
        "files": {
            "papers": "papers.jsonl", "mentions": "mentions.jsonl", "entities": "entities.jsonl",
            "graphml": "graph.graphml", "node_link_json": "graph.json", "html": "graph.html",
            "gexf": "graph.gexf", "vosviewer": "vosviewer.json", "thesaurus": "thesaurus.txt",
            "neo4j_csv": "neo4j/", "neo4j_import": result.neo4j_import,
        },
    }
    (result.out / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
