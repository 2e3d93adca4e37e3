"""The build folder: every file of a build, written by the writers of :mod:`kg.export` side by side.

:func:`write_build` owns the writers and their processes. The files that do not need the graph (papers, mentions,
entities, the corpus half of the Neo4j CSVs) are started at once, beside whatever the caller does next (a build
makes its graph meanwhile); the graph's files are written when the caller hands the graph over.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from kg.export.embedded import DB_FILE, SentenceTexts, Tables, tables, write_database
from kg.export.files import (
    neo4j_corpus_rows,
    neo4j_graph_rows,
    write_jsonl,
    write_neo4j_csv,
    write_node_link_json,
)
from kg.export.gexf import write_gexf
from kg.export.graphml import write_graphml
from kg.export.html import papers_by_entity, write_html
from kg.export.parallel import Task, run_tasks, start_tasks
from kg.export.review import write_review
from kg.export.vosviewer import write_thesaurus, write_vosviewer_json
from kg.graph.edgetable import EdgeTable
from kg.records import Alias, Candidate, Entity, Extraction, Paper

#: The files of a build folder, as ``manifest.json`` lists them (besides ``neo4j_import``).
FILES = {"papers": "papers.jsonl", "mentions": "mentions.jsonl", "entities": "entities.jsonl",
         "graphml": "graph.graphml", "node_link_json": "graph.json", "html": "graph.html", "gexf": "graph.gexf",
         "vosviewer": "vosviewer.json", "thesaurus": "thesaurus.txt", "aliases": "aliases.tsv", "merges": "merges.tsv",
         "neo4j_csv": "neo4j/", "db": DB_FILE}


@dataclass(frozen=True)
class Contents:
    """What a build folder is written from: the corpus, what extraction found, and what resolution decided.

    ``entities`` and ``assignment`` hold every entity and each mention's entity (``entities.jsonl``,
    ``mentions.jsonl``); ``graph_entities`` and ``graph_assignment`` what the graph, the page and Neo4j show;
    ``thesaurus`` their aliases as VOSviewer thesaurus rows; ``aliases`` and ``candidates`` the alias table and the
    merges not made (``aliases.tsv``, ``merges.tsv``).
    """

    papers: Sequence[Paper]
    extraction: Extraction
    entities: Sequence[Entity]
    assignment: dict[int, str]
    thesaurus: Sequence[tuple[str, str]]
    graph_entities: Sequence[Entity]
    graph_assignment: dict[int, str]
    aliases: Sequence[Alias] = ()
    candidates: Sequence[Candidate] = ()


@dataclass(frozen=True)
class PageOptions:
    """How the HTML page is made (``html=False``: no page)."""

    html: bool = True
    max_nodes: int | None = 2000
    max_edges: int | None = 10000
    seed: int = 0
    title: str = ""


def _then(task: Task, checkpoint: Callable[[str], None]) -> Task:
    """``task``, then ``checkpoint("wrote:<its name>")`` (where the fault-injection tests stop a build)."""

    def run() -> None:
        task.run()
        checkpoint(f"wrote:{task.name}")

    return Task(task.name, run, task.cost)


def _nothing(point: str) -> None:
    """No checkpoint."""


@contextmanager
def write_build(out: Path, contents: Contents, *, page: PageOptions = PageOptions(), workers: int = 1,
                checkpoint: Callable[[str], None] = _nothing, db: bool = True,
                ) -> Iterator[Callable[[nx.Graph, EdgeTable, Mapping[str, str]], None]]:
    """Write the build folder ``out``: the corpus files at once, the graph's files with the function it yields.

    The yielded function takes the co-mention graph (its nodes carrying ``community``), the graph's
    :class:`~kg.graph.edgetable.EdgeTable` and the communities' labels, and writes ``graph.graphml``,
    ``graph.json``, ``graph.gexf``, ``vosviewer.json``, ``thesaurus.txt``, the graph half of ``neo4j/``,
    ``graph.html`` and (with ``db``) the embedded database ``graph.lbug``; with
    ``workers > 1`` the writers share that many processes. On leaving, every writer has finished (or its error is
    raised). ``checkpoint`` is called with ``wrote:<writer>`` after each writer (in the writer's process).

    ``out`` is written as it is: :func:`kg.build.run_build` gives the staging folder of its transaction
    (:mod:`kg.transaction`), so every file written here is part of the swap and listed in the manifest.
    """
    extraction, assignment = contents.extraction, contents.assignment
    early = start_tasks([_then(task, checkpoint) for task in [
        Task("papers.jsonl", lambda: write_jsonl(out / FILES["papers"], (
            {**p.to_dict(), "sentences": extraction.sentences.get(p.id, [])} for p in contents.papers))),
        Task("mentions.jsonl", lambda: write_jsonl(out / FILES["mentions"], (
            {**m.to_dict(), "entity": assignment.get(i)} for i, m in enumerate(extraction.mentions)))),
        Task("entities.jsonl", lambda: write_jsonl(out / FILES["entities"], (e.to_dict() for e in contents.entities))),
        Task("neo4j/ (papers, mentions)", lambda: write_neo4j_csv(
            neo4j_corpus_rows(contents.papers, extraction.mentions, contents.graph_assignment), out / "neo4j")),
        Task("aliases.tsv, merges.tsv", lambda: write_review(out, contents.aliases, contents.candidates)),
    ]], workers=workers)

    def write_graph(graph: nx.Graph, table: EdgeTable, cluster_labels: Mapping[str, str]) -> None:
        write_thesaurus(contents.thesaurus, out / FILES["thesaurus"])
        run_tasks([_then(task, checkpoint) for task in graph_tasks(out, contents, graph, table, cluster_labels, page,
                                                                      db=db)],
                  workers=workers)

    try:
        yield write_graph
    finally:
        early.finish()


def graph_tasks(out: Path, contents: Contents, graph: nx.Graph, table: EdgeTable,
                cluster_labels: Mapping[str, str], page: PageOptions, *, db: bool = True) -> list[Task]:
    """The writers of the graph's files, with their relative costs as measured at 100,000 abstracts."""
    tasks = [
        Task("graph.graphml", lambda: write_graphml(graph, out / FILES["graphml"], edges=table), 7),
        Task("graph.json", lambda: write_node_link_json(graph, out / FILES["node_link_json"], edges=table), 8),
        Task("graph.gexf", lambda: write_gexf(graph, out / FILES["gexf"], edges=table), 9),
        Task("vosviewer.json", lambda: write_vosviewer_json(graph, out / FILES["vosviewer"],
                                                            cluster_labels=cluster_labels, edges=table), 3),
        Task("neo4j/ (entities, co_mentions)", lambda: write_neo4j_csv(
            neo4j_graph_rows(contents.graph_entities, graph, edges=table), out / "neo4j"), 7),
    ]
    if db:  # the embedded database: the rows of the Neo4j push (kg.export.embedded)
        tasks.append(Task(DB_FILE, lambda: write_database(out / DB_FILE, database_tables(contents, graph, table)), 5))
    if page.html:  # the page is one more writer: it runs beside the others
        tasks.append(Task("graph.html", lambda: write_html(
            graph, out / FILES["html"], papers={p.id: p for p in contents.papers},
            sentences=contents.extraction.sentences,
            node_papers=papers_by_entity(contents.extraction.mentions, contents.graph_assignment),
            title=page.title or f"{out.resolve().name} · co-mention graph", max_nodes=page.max_nodes, max_edges=page.max_edges,
            seed=page.seed, edges=table), 6))
    return tasks


def database_tables(contents: Contents, graph: nx.Graph, table: EdgeTable | None) -> Tables:
    """The embedded database's tables: what ``kg neo4j push`` would push of this build."""
    papers = {p.id: p for p in contents.papers}
    return tables(contents.papers, contents.graph_entities, contents.extraction.mentions, contents.graph_assignment,
                  SentenceTexts(papers, contents.extraction.sentences), graph, table)
