"""``kg build``: the stages in order, read -> extract -> resolve -> graph -> write, and the manifest around them."""

from __future__ import annotations

import hashlib
import heapq
import platform
import time
import warnings
from collections import Counter
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import networkx as nx
import numpy as np
import pandas as pd
import spacy

import kg
from kg import collector
from kg.analysis import Communities, communities
from kg.analysis.structure import table_matrix
from kg.buildcheck import write_manifest
from kg.cache import ExtractionCache
from kg.cluster import connect
from kg.corpus import read_corpus
from kg.errors import Messages
from kg.export.files import import_command
from kg.export.folder import FILES, Contents, PageOptions, write_build
from kg.export.parallel import call_beside
from kg.export.xmlgraph import text_columns
from kg.extract import assemble, extract_new, look_up
from kg.graph import EdgeTable, PartitionMap, graph_of, pair_weights
from kg.nlp import load_pipeline, model_fingerprint, pipeline_version
from kg.records import LABELS, Alias, BuildSettings, Candidate, Entity, Extraction, Paper
from kg.resolve import labelled_by_entity, resolve
from kg.resolve.links import link_entities
from kg.resolve.thesaurus import apply_thesaurus, read_thesaurus, thesaurus_rows
from kg.transaction import BuildFolder, Checkpoint, check_locations

#: ``progress(stage, total)`` gives the tick of a stage of ``total`` steps; ``progress(status, 0)`` announces a
#: stage that has no count (a status line, such as "Loading the model 'default'").
ProgressFactory = Callable[[str, int], Callable[[], None]]
#: The settings of ``kg build`` with no options.
DEFAULT_SETTINGS = BuildSettings()
T = TypeVar("T")


@dataclass(frozen=True)
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
    left_out: int = 0
    communities: int = 0
    modularity: float = 0.0
    seconds: dict[str, float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    neo4j_import: str = ""
    inputs: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Resolved:
    """The resolve stage's result: every entity, each mention's entity id by its index, the alias table and the merges
    not made; ``graph_entities`` and ``graph_assignment`` are what the graph is made of (the kept entities, or all
    with ``keep_all``), and ``thesaurus`` their aliases as VOSviewer thesaurus rows."""

    entities: list[Entity]
    assignment: dict[int, str]
    aliases: list[Alias]
    candidates: list[Candidate]
    graph_entities: list[Entity]
    graph_assignment: dict[int, str]
    thesaurus: list[tuple[str, str]]


@dataclass(frozen=True)
class Graphed:
    """The graph stage's result: the graph (nodes with ``community``), its edges as columns, its communities, and
    how many edges there were before filtering and how many of those had ``q <= 0.05``."""

    graph: nx.Graph
    table: EdgeTable
    communities: Communities
    all_edges: int
    significant: int


class Stages:
    """Runs the stages of a build, timing each and collecting the :class:`kg.KGWarning` messages they give; a stage
    run with a ``status`` announces itself first through ``progress(status, 0)``."""

    def __init__(self, progress: ProgressFactory | None = None) -> None:
        self.seconds: dict[str, float] = {}
        self.warnings: list[str] = []
        self.progress = progress

    def run(self, name: str, call: Callable[..., T], *args: Any, paused: bool = False, status: str | None = None,
            **kwargs: Any) -> T:
        """``call(*args, **kwargs)``, its time added to stage ``name``; with ``paused``, the cyclic collector is
        paused meanwhile (stages that make millions of objects and no garbage cycles: see :mod:`kg.collector`)."""
        if status is not None and self.progress is not None:
            self.progress(status, 0)
        start = time.perf_counter()
        with warnings.catch_warnings(record=True) as caught, collector.paused(paused):
            warnings.simplefilter("always", kg.KGWarning)
            try:
                return call(*args, **kwargs)
            finally:
                self.warnings += [str(w.message) for w in caught if issubclass(w.category, kg.KGWarning)]
                self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - start


def _nothing(point: str) -> None:
    """The checkpoint of an ordinary build."""


def run_build(inputs: Sequence[str | Path], out: str | Path, settings: BuildSettings = DEFAULT_SETTINGS, *,
              progress: ProgressFactory | None = None, wait: bool = False,
              checkpoint: Checkpoint | None = None) -> BuildResult:
    """Build a knowledge graph from corpus files into the folder ``out``, as one transaction.

    Writes ``papers.jsonl``, ``mentions.jsonl``, ``entities.jsonl``, ``aliases.tsv``, ``merges.tsv``,
    ``graph.graphml``, ``graph.json``, ``graph.gexf``, ``vosviewer.json``, ``thesaurus.txt``, ``graph.html``,
    ``neo4j/*.csv``, the embedded graph database ``graph.lbug`` (unless ``settings.db`` is off) and
    ``manifest.json`` (last; it lists every file with its size and SHA-256).
    The inputs and ``out`` are checked before any work; then ``out``'s lock is taken (with ``wait``, waited for),
    everything is written into a staging folder beside ``out`` and swapped in whole at the end
    (:mod:`kg.transaction`): ``out`` holds the previous build until the new one is complete.
    With ``settings.cache`` (the default), what the model found in each abstract is kept in ``out/.kg-cache/``
    keyed by content hash and model fingerprint, so a rebuild extracts only new or changed abstracts. Warnings
    about skipped records are collected in the result (and the manifest). ``progress(stage, total)`` gives a
    tick per paper extracted, and ``progress(status, 0)`` announces each long stage; ``checkpoint`` is called at
    each point of :data:`kg.transaction.POINTS` (the fault-injection tests stop builds there).

    Raises
    ------
    KGError
        A missing or unreadable input (file and line named), an unknown model, an output path that is a file,
        inside an input or not writable, or a folder another build holds (:class:`~kg.errors.BuildLocked`).
    """
    out = Path(out)
    point = checkpoint or _nothing
    check_locations(inputs, out)
    thesaurus = read_thesaurus(settings.thesaurus) if settings.thesaurus is not None else None
    point("checked")
    stages = Stages(progress)
    folder = BuildFolder(out, wait=wait, checkpoint=point)
    stages.run("lock", folder.open, status=f"Waiting for the lock of {out}" if wait else None)
    held = ExitStack()  # what the stages open (a Dask cluster) is closed however the build ends
    try:
        result = _stages(inputs, out, folder.staging, settings, thesaurus, stages, point, held)
        stages.run("swap", folder.commit, status=f"Swapping the new build into {out}")
    finally:
        held.close()
        folder.close()
    return replace(result, seconds={k: round(v, 3) for k, v in stages.seconds.items()}, warnings=stages.warnings)


def _stages(inputs: Sequence[str | Path], out: Path, staging: Path, settings: BuildSettings,
            thesaurus: dict[str, str] | None, stages: Stages, point: Checkpoint, held: ExitStack) -> BuildResult:
    """The stages of :func:`run_build`, writing into ``staging`` (the build's files and, last, its manifest); what
    they open (a Dask cluster) goes on ``held``."""
    corpus = stages.run("read", read_corpus, inputs, input_format=settings.input_format,
                        skip_bad_files=settings.skip_bad_files, status=f"Reading {len(inputs)} input path(s)")
    point("read")
    fingerprint = model_fingerprint(settings.model)
    store = ExtractionCache(staging, fingerprint) if settings.cache else None
    cached = stages.run("cache", look_up, corpus.papers, store)
    cluster = held.enter_context(stages.run("cluster", connect, settings.dask, settings.model,
                                            status=f"Connecting to the Dask cluster {settings.dask}")
                                 ) if settings.dask else None
    nlp = stages.run("load_model", load_pipeline, settings.model,
                     status=f"Loading the model {settings.model!r}") if cached.todo and not cluster else None
    tick = stages.progress("extract", len(cached.todo)) if stages.progress and cached.todo else None
    fresh = stages.run("extract", extract_new, cached.todo, nlp, store, batch_size=settings.batch_size,
                       workers=settings.workers, tick=tick,
                       extractor=cluster.extractor(settings.batch_size) if cluster else None,
                       status=f"Extracting {len(cached.todo)} abstract(s) ({len(cached.found)} from the cache)"
                       ) if cached.todo else {}
    point("extracted")
    extraction = stages.run("assemble", assemble, corpus.papers, {**cached.found, **fresh}, paused=True)
    resolved = stages.run("resolve", resolve_corpus, corpus.papers, extraction, thesaurus, keep_all=settings.keep_all,
                          paused=True, status=f"Resolving {len(extraction.mentions)} mentions to entities")
    extraction = replace(extraction, mentions=labelled_by_entity(extraction.mentions, resolved.assignment))
    page = PageOptions(settings.html, settings.html_max_nodes, settings.html_max_edges, settings.seed,
                       title=f"{out.resolve().name} · co-mention graph")
    contents = Contents(corpus.papers, extraction, resolved.entities, resolved.assignment, resolved.thesaurus,
                        resolved.graph_entities, resolved.graph_assignment, resolved.aliases, resolved.candidates)
    with write_build(staging, contents, page=page, workers=settings.workers, checkpoint=point,
                     db=settings.db) as write_graph:
        graphed = stages.run("graph", make_graph, resolved, extraction, len(corpus.papers), settings, paused=True,
                             mapper=cluster, status="Building the co-mention graph and its communities")
        point("graph")
        stages.run("write", write_graph, graphed.graph, graphed.table, graphed.communities.table["label"].to_dict(),
                   status=f"Writing the build files into {staging.name}")
    point("written")
    result = stages.run("summary", summarise, out, corpus.records, contents, graphed, stages.warnings)
    result = replace(result, extracted=len(cached.todo), reused=len(cached.found),
                     seconds={k: round(v, 3) for k, v in stages.seconds.items()}, inputs=corpus.report())
    pipeline = cluster.pipeline if cluster else pipeline_version(nlp) if nlp is not None else None
    stages.run("manifest", _write_manifest, staging, result, corpus.files, _parameters(settings, pipeline, fingerprint),
               extraction.words, status="Listing the files with their SHA-256 in manifest.json")
    point("manifest")
    return result


def resolve_corpus(papers: Sequence[Paper], extraction: Extraction, thesaurus: dict[str, str] | None = None, *,
                   keep_all: bool = False) -> Resolved:
    """The resolve stage: mentions to entities at corpus level, then the user's thesaurus, if any, then the links to
    the Papers with Code taxonomy."""
    found = resolve(extraction.mentions, extraction.definitions, texts={p.id: p.abstract for p in papers})
    entities, assignment = found.entities, found.assignment
    if thesaurus is not None:
        entities, assignment = apply_thesaurus(entities, extraction.mentions, assignment, thesaurus)
    entities = link_entities(entities)
    kept = entities if keep_all else [e for e in entities if e.kept]
    ids = {e.id for e in kept}
    graph_assignment = assignment if keep_all else {i: eid for i, eid in assignment.items() if eid in ids}
    return Resolved(entities, assignment, found.aliases, found.candidates, kept, graph_assignment,
                    thesaurus_rows(kept))


def make_graph(resolved: Resolved, extraction: Extraction, n_papers: int, settings: BuildSettings, *,
               mapper: PartitionMap | None = None) -> Graphed:
    """The graph stage: the weighted co-mention graph, filtered as ``settings`` say, and its communities (pairs
    counted through ``mapper``, a Dask cluster say, when given).

    Pairs are counted and weighed as arrays; the filter (``--min-papers``, ``--max-q``) picks among them before any
    edge is made, so a filtered graph of a large corpus holds only the edges it keeps. More pairs than
    ``--max-edges`` raise ``--min-papers`` until they fit, with a warning that says so. The edges' values live in
    the edge table, which every writer takes them from. Louvain runs in a forked process while this one formats the
    table's texts, each value once, for every writer.
    """
    weighed = pair_weights(resolved.graph_entities, extraction.mentions, resolved.graph_assignment, n_papers,
                           n_sentences=sum(len(s) for s in extraction.sentences.values()), mapper=mapper,
                           min_papers=settings.min_papers, max_q=settings.max_q, max_edges=settings.max_edges or None)
    all_edges, significant = int(weighed.pairs.papers.size), weighed.significant
    if weighed.min_papers > settings.min_papers:
        kept = 0 if weighed.rows is None else int(weighed.rows.size)
        warnings.warn(kg.KGWarning(Messages.EDGE_BUDGET.format(pairs=all_edges, max_edges=settings.max_edges, kept=kept,
                                                               used=weighed.min_papers)), stacklevel=2)
    graph, table = graph_of(resolved.graph_entities, weighed, edge_data=False)
    partition = call_beside(partial(_partition, graph, table, settings.resolution, settings.seed), settings.workers)
    text_columns(table)
    membership, community_table, modularity = partition.result()
    nx.set_node_attributes(graph, membership, "community")
    return Graphed(graph, table, Communities(graph, community_table, modularity), all_edges, significant)


def _partition(graph: nx.Graph, table: EdgeTable, resolution: float, seed: int) -> tuple[dict[str, int], pd.DataFrame,
                                                                                        float]:
    """:func:`~kg.analysis.communities` of ``graph`` (paper counts from the edge table), as what a forked process
    sends back: each node's community, the table of communities and the modularity."""
    with collector.paused():
        nodes = sorted(graph.nodes)
        found = communities(graph, resolution=resolution, seed=seed, copy=False,
                            adjacency=table_matrix(table, nodes, "papers"))
    return dict(found.graph.nodes(data="community")), found.table, found.modularity


def summarise(out: Path, records: int, contents: Contents, graphed: Graphed, messages: list[str]) -> BuildResult:
    """The counts and tops of a build."""
    graph = graphed.graph
    return BuildResult(
        out=out, records=records, papers=len(contents.papers),
        mentions=dict(Counter(m.label for m in contents.extraction.mentions)),
        entities=dict(Counter(e.label for e in contents.graph_entities)),
        left_out=len(contents.entities) - len(contents.graph_entities),
        nodes=graph.number_of_nodes(), edges=graph.number_of_edges(),
        significant_edges=graphed.significant, all_edges=graphed.all_edges,
        communities=len(graphed.communities.table), modularity=round(float(graphed.communities.modularity), 4),
        top_entities=_top_entities(contents.entities), top_pairs=_top_pairs(graph, graphed.table),
        warnings=list(messages), neo4j_import=import_command(out / "neo4j"))


def _parameters(settings: BuildSettings, pipeline: str | None, fingerprint: str) -> dict[str, Any]:
    """The build's parameters, as the manifest records them."""
    thesaurus = settings.thesaurus
    return {"model": settings.model,
            "pipeline": pipeline or "(not loaded: every paper was in the cache)",
            "fingerprint": fingerprint, "batch_size": settings.batch_size, "workers": settings.workers,
            "dask": settings.dask,
            "cache": settings.cache, "min_papers": settings.min_papers, "max_q": settings.max_q,
            "max_edges": settings.max_edges,
            "resolution": settings.resolution, "seed": settings.seed, "keep_all": settings.keep_all,
            "input_format": settings.input_format, "skip_bad_files": settings.skip_bad_files,
            "db": settings.db,
            "thesaurus": {"path": str(thesaurus), "sha256": _sha256(thesaurus)} if thesaurus else None}


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


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


def _write_manifest(folder: Path, result: BuildResult, files: Sequence[Path], params: dict[str, Any],
                    words: int) -> None:
    """Write ``folder/manifest.json``, the build's last file: what went in, how, what came out, and every file of
    the build with its size and SHA-256 (:func:`kg.buildcheck.write_manifest`)."""
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
            "mentions": result.mentions, "entities": result.entities, "entities_left_out": result.left_out,
            "nodes": result.nodes, "edges": result.edges, "edges_before_filter": result.all_edges,
            "edges_q_le_0.05": result.significant_edges, "communities": result.communities,
            "modularity": result.modularity, "warnings": len(result.warnings),
            "records_skipped": sum(result.inputs.get("skipped_records", {}).values()),
            "abstracts_cut": result.inputs.get("abstracts_cut", 0),
            "files_skipped": len(result.inputs.get("skipped_files", [])),
        },
        "corpus": result.inputs,
        "seconds": result.seconds,
        "warnings": result.warnings,
        "files": {**FILES, "neo4j_import": result.neo4j_import},
    }
    write_manifest(folder, manifest)
