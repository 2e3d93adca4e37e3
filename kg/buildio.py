"""Reading a build folder back: what ``kg html``, ``kg neo4j push``, the analysis functions and notebooks start from."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from kg.buildcheck import check_build
from kg.errors import BuildError, Messages
from kg.records import Alias, Candidate, Entity, Mention, Paper

_PAPER_FIELDS = ("id", "title", "abstract", "date", "url", "source", "line", "year", "venue", "doi", "arxiv_id")


@dataclass
class Build:
    """A build folder loaded into memory.

    ``sentences`` maps a paper id to the character spans of its abstract's sentences; ``assignment`` maps the
    index of a mention in ``mentions`` to its entity id (mentions that no entity took are absent).
    """

    folder: Path
    papers: dict[str, Paper]
    mentions: list[Mention]
    entities: dict[str, Entity]
    graph: nx.Graph
    manifest: dict[str, Any]
    sentences: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    assignment: dict[int, str] = field(default_factory=dict)

    def shown(self) -> tuple[list[Entity], dict[int, str]]:
        """The entities the graph shows (resolution left the others out) and the mentions' assignment to them: what
        the HTML page and Neo4j are made of."""
        entities = [e for eid, e in self.entities.items() if eid in self.graph]
        return entities, {i: eid for i, eid in self.assignment.items() if eid in self.graph}

    def sentence_text(self, paper_id: str, index: int) -> str:
        """The text of sentence ``index`` of a paper's abstract ("" when unknown)."""
        paper = self.papers.get(paper_id)
        spans = self.sentences.get(paper_id, [])
        if paper is None or not 0 <= index < len(spans):
            return ""
        start, end = spans[index]
        return paper.abstract[start:end]


def _rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    if not path.is_file():
        raise BuildError(Messages.BUILD_FILE_MISSING.format(path=path))
    with open(path, encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as err:
                raise BuildError(Messages.BUILD_LINE_NOT_JSON.format(path=path, line=number, error=err.msg)) from err
            if not isinstance(row, dict):
                raise BuildError(Messages.BUILD_LINE_NOT_OBJECT.format(path=path, line=number))
            yield number, row


def load_build(folder: str | Path) -> Build:
    """Load the papers, mentions, entities, graph and manifest of a build folder, checked first against its
    manifest (:func:`kg.buildcheck.check_build`).

    Raises
    ------
    BuildError
        The folder is missing or not one complete build (:class:`~kg.errors.IncompleteBuild`: no manifest, a file
        missing or not the one the manifest lists), or one of its files is malformed (file and line named).
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise BuildError(Messages.NO_BUILD_FOLDER.format(folder=folder))
    manifest = check_build(folder)
    papers: dict[str, Paper] = {}
    sentences: dict[str, list[tuple[int, int]]] = {}
    path = folder / "papers.jsonl"
    for number, row in _rows(path):
        try:
            fields: dict[str, Any] = {k: row[k] for k in _PAPER_FIELDS if k in row}
            paper = Paper(**fields, also_in=tuple(row.get("also_in") or ()), authors=tuple(row.get("authors") or ()),
                          ids=tuple((str(k), str(v)) for k, v in (row.get("ids") or {}).items()))
        except (TypeError, AttributeError, ValueError) as err:
            raise BuildError(Messages.BAD_BUILD_RECORD.format(path=path, line=number, what="a paper", error=err)) from err
        papers[paper.id] = paper
        sentences[paper.id] = [(int(a), int(b)) for a, b in row.get("sentences") or []]
    mentions: list[Mention] = []
    assignment: dict[int, str] = {}
    path = folder / "mentions.jsonl"
    for number, row in _rows(path):
        entity = row.pop("entity", None)
        try:
            mention = Mention(**row)
        except TypeError as err:
            raise BuildError(Messages.BAD_BUILD_RECORD.format(path=path, line=number, what="a mention", error=err)) from err
        if entity:
            assignment[len(mentions)] = entity
        mentions.append(mention)
    entities: dict[str, Entity] = {}
    path = folder / "entities.jsonl"
    for number, row in _rows(path):
        try:
            entity_record = Entity(**{**row, "aliases": tuple(row.get("aliases") or ())})
        except TypeError as err:
            raise BuildError(Messages.BAD_BUILD_RECORD.format(path=path, line=number, what="an entity", error=err)) from err
        entities[entity_record.id] = entity_record
    graph = _graph(folder / "graph.json")
    return Build(folder=folder, papers=papers, mentions=mentions, entities=entities, graph=graph, manifest=manifest,
                 sentences=sentences, assignment=assignment)


def _graph(path: Path) -> nx.Graph:
    """The node-link graph of ``graph.json``.

    Raises
    ------
    BuildError
        The file is missing or is not a node-link graph (a list of node objects, a list of link objects).
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as err:
        raise BuildError(Messages.BUILD_FILE_MISSING.format(path=path)) from err
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise BuildError(Messages.NOT_NODE_LINK.format(path=path, error=err)) from err
    if not isinstance(data, dict):
        raise BuildError(Messages.NOT_NODE_LINK.format(path=path, error="not a JSON object"))
    for key, needed in (("nodes", ("id",)), ("links", ("source", "target"))):
        items = data.get(key)
        if not isinstance(items, list) or not all(isinstance(i, dict) and all(k in i for k in needed) for i in items):
            raise BuildError(Messages.NOT_NODE_LINK.format(
                path=path, error=f"{key!r} is not a list of objects with {' and '.join(map(repr, needed))}"))
    try:
        return nx.node_link_graph(data, edges="links")
    except (KeyError, TypeError, nx.NetworkXError) as err:
        raise BuildError(Messages.NOT_NODE_LINK.format(path=path, error=err)) from err


def read_review(folder: str | Path) -> tuple[list[Alias], list[Candidate]]:
    """The alias table and the merges not made of a build folder (``aliases.tsv``, ``merges.tsv``); empty lists for
    a build made before kg wrote them.

    Raises
    ------
    BuildError
        Not one complete build (sizes checked against the manifest), or a row without the columns of its header
        (file and line named).
    """
    folder = Path(folder)
    check_build(folder, hashes=False)
    aliases: list[Alias] = []
    candidates: list[Candidate] = []
    for name, width in (("aliases.tsv", 5), ("merges.tsv", 4)):
        path = folder / name
        if not path.is_file():
            continue
        with open(path, encoding="utf-8") as fh:
            for number, line in enumerate(fh, 1):
                fields = line.rstrip("\n").split("\t")
                if number == 1:
                    continue
                if len(fields) != width:
                    raise BuildError(Messages.BAD_REVIEW_ROW.format(path=path, line=number, width=width))
                if width == 5:
                    aliases.append(Alias(fields[0], fields[1], fields[2], fields[3], int(fields[4] or 0)))
                else:
                    candidates.append(Candidate(fields[0], tuple(fields[1].split("|")), fields[2], fields[3]))
    return aliases, candidates
