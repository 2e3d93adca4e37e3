"""The Neo4j graph model as Cypher text and parameter rows.

Graph model::

    (:Paper {id, title, date?, url?, year?, authors?, venue?, doi?, arxiv_id?, ids?})
        -[:MENTIONS {count, sentences, evidence}]->
    (:Entity:Method|:Entity:Dataset|:Entity:Task {id, key, name, aliases, papers, mentions, community?, pwc_id?,
                                                  pwc_name?, pwc_area?, ...})
        -[:CO_MENTIONED {papers, sentences, evidence, weight?, npmi?, ...}]->   (one per unordered pair,
    (:Entity)                                                                    stored from smaller to larger id)

Every statement is fixed text: data travels only in the ``$rows`` parameter, and the only identifiers that are
formatted into the text (node labels) come from :data:`ENTITY_LABELS` and are checked again by
:func:`identifier`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import networkx as nx

from kg.errors import Messages, SettingError
from kg.records import Entity, Mention, Paper

#: kg label -> Neo4j node label (a whitelist: never taken from data).
ENTITY_LABELS: dict[str, str] = {"METHOD": "Method", "DATASET": "Dataset", "TASK": "Task"}
#: Relationship types kg writes.
REL_TYPES: tuple[str, ...] = ("MENTIONS", "CO_MENTIONED")
#: Evidence sentences stored on a MENTIONS relationship, and their maximum length in characters.
MENTION_EVIDENCE = 3
EVIDENCE_CHARS = 400

_IDENTIFIER = re.compile(r"[A-Z][A-Za-z_]*\Z")

CONSTRAINTS: tuple[str, ...] = (
    "CREATE CONSTRAINT kg_paper_id IF NOT EXISTS FOR (n:Paper) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT kg_entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE",
)

MERGE_PAPERS = "UNWIND $rows AS row MERGE (p:Paper {id: row.id}) SET p += row.props"
MERGE_MENTIONS = (
    "UNWIND $rows AS row "
    "MATCH (p:Paper {id: row.paper}) MATCH (e:Entity {id: row.entity}) "
    "MERGE (p)-[r:MENTIONS]->(e) SET r += row.props"
)
MERGE_CO_MENTIONS = (
    "UNWIND $rows AS row "
    "MATCH (a:Entity {id: row.a}) MATCH (b:Entity {id: row.b}) "
    "MERGE (a)-[r:CO_MENTIONED]->(b) SET r += row.props"
)


def identifier(name: str) -> str:
    """Check that ``name`` is a whitelisted label or relationship type; return it.

    >>> identifier("Method")
    'Method'
    >>> identifier("Method) DETACH DELETE (n")
    Traceback (most recent call last):
    ...
    kg.errors.SettingError: not a kg label or relationship type: 'Method) DETACH DELETE (n'
    """
    if not (_IDENTIFIER.match(name) and (name in ENTITY_LABELS.values() or name in REL_TYPES or name == "Paper")):
        raise SettingError(Messages.NOT_AN_IDENTIFIER.format(name=name))
    return name


def merge_entities(label: str) -> str:
    """The MERGE statement for entities of one kg label (``"METHOD"`` -> ``:Entity:Method``).

    >>> merge_entities("DATASET")
    'UNWIND $rows AS row MERGE (n:Entity:Dataset {id: row.id}) SET n += row.props'
    """
    neo_label = identifier(ENTITY_LABELS[label])
    return f"UNWIND $rows AS row MERGE (n:Entity:{neo_label} {{id: row.id}}) SET n += row.props"


def clean_props(props: Mapping[str, Any]) -> dict[str, Any]:
    """Properties Neo4j can store: ``None``, NaN and empty strings dropped, tuples to lists.

    >>> clean_props({"a": None, "b": float("nan"), "c": (1, 2), "d": "", "e": "x", "f": 2.5})
    {'c': [1, 2], 'e': 'x', 'f': 2.5}
    """
    out: dict[str, Any] = {}
    for key, value in props.items():
        if value is None or value == "" or (isinstance(value, float) and not math.isfinite(value)):
            continue
        if isinstance(value, tuple | list):
            value = list(value)
        elif hasattr(value, "item"):  # numpy scalars
            value = value.item()
        out[str(key)] = value
    return out


def paper_rows(papers: Sequence[Paper]) -> list[dict[str, Any]]:
    """``{id, props}`` rows for :data:`MERGE_PAPERS`."""
    return [{"id": p.id, "props": clean_props(paper_props(p))} for p in papers]


def paper_props(paper: Paper) -> dict[str, Any]:
    """A paper's properties: title, date, url and the metadata its source gave (authors as a list, ids as
    ``source:id`` strings).

    >>> sorted(clean_props(paper_props(Paper("p", "T", "A", year=2021, authors=("A B",), ids=(("s2", "x"),)))))
    ['authors', 'ids', 'title', 'year']
    """
    return {"title": paper.title, "date": paper.date, "url": paper.url, "year": paper.year,
            "authors": list(paper.authors) or None, "venue": paper.venue, "doi": paper.doi,
            "arxiv_id": paper.arxiv_id, "ids": [f"{k}:{v}" for k, v in paper.ids] or None}


def entity_rows(entities: Sequence[Entity], graph: nx.Graph | None = None) -> dict[str, list[dict[str, Any]]]:
    """Rows per kg label for :func:`merge_entities`; scalar node attributes of ``graph`` (community, centralities)
    are added to the properties."""
    rows: dict[str, list[dict[str, Any]]] = {label: [] for label in ENTITY_LABELS}
    for e in entities:
        props: dict[str, Any] = {"key": e.key, "name": e.name, "aliases": list(e.aliases), "papers": e.papers,
                                 "mentions": e.mentions, "pwc_id": e.pwc_id, "pwc_name": e.pwc_name,
                                 "pwc_area": e.pwc_area}
        if graph is not None and e.id in graph:
            for key, value in graph.nodes[e.id].items():
                if key not in props and key != "label" and isinstance(value, int | float | str):
                    props[key] = value
        rows[e.label].append({"id": e.id, "props": clean_props(props)})
    return rows


def mention_rows(mentions: Sequence[Mention], assignment: Mapping[int, str],
                 sentence_text: Mapping[tuple[str, int], str] | None = None) -> list[dict[str, Any]]:
    """One row per (paper, entity): mention count, sorted sentence indices and up to :data:`MENTION_EVIDENCE`
    evidence sentences (when ``sentence_text`` gives them)."""
    where: dict[tuple[str, str], list[int]] = {}
    for index, m in enumerate(mentions):
        entity = assignment.get(index)
        if entity is not None:
            where.setdefault((m.paper_id, entity), []).append(m.sentence)
    rows = []
    for (paper, entity), sentences in sorted(where.items()):
        distinct = sorted(set(sentences))
        evidence = [sentence_text.get((paper, s), "")[:EVIDENCE_CHARS] for s in distinct[:MENTION_EVIDENCE]] \
            if sentence_text else []
        rows.append({"paper": paper, "entity": entity, "props": clean_props(
            {"count": len(sentences), "sentences": distinct, "evidence": [t for t in evidence if t] or None})})
    return rows


def co_mention_rows(graph: nx.Graph) -> list[dict[str, Any]]:
    """One row per edge, endpoints ordered (``a < b``) so that a pair is always stored the same way; every scalar
    edge attribute becomes a property and ``evidence`` a list of ``"paper#sentence"`` strings."""
    rows = []
    for u, v, data in graph.edges(data=True):
        a, b = (u, v) if u <= v else (v, u)
        props: dict[str, Any] = {k: val for k, val in data.items()
                                 if isinstance(val, int | float | str) and k != "evidence"}
        evidence = data.get("evidence") or ""
        props["evidence"] = evidence.split("|") if isinstance(evidence, str) and evidence else None
        rows.append({"a": a, "b": b, "props": clean_props(props)})
    rows.sort(key=lambda r: (r["a"], r["b"]))
    return rows


def batches(rows: Sequence[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    """Consecutive slices of ``rows`` of at most ``size`` rows.

    >>> [len(b) for b in batches([{}] * 5, 2)]
    [2, 2, 1]
    """
    if size < 1:
        raise SettingError(Messages.BAD_BATCH_SIZE)
    for start in range(0, len(rows), size):
        yield list(rows[start:start + size])
