"""The build's embedded graph database (LadybugDB, ``graph.lbug``): the graph model of ``kg neo4j push``, queried
in-process with no server.

LadybugDB gives every node exactly one label, its node table, and every table a fixed schema. So the model is::

    Paper {id, title, date, url}                         node tables; id is the primary key
    Method | Dataset | Task {id, key, name, aliases, papers, mentions, community, pwc_id, pwc_name, pwc_area, ...}
    MENTIONS      Paper -> Method | Dataset | Task      {count, sentences, evidence}
    CO_MENTIONED  Method | Dataset | Task -> Method | Dataset | Task
                  {papers, sentences, evidence, weight, npmi, ...}   (one per pair, from the smaller to the larger id)

Neo4j's ``:Entity`` label, which every Method, Dataset and Task node also carries there, is no table here: a query
matches the three tables at once with ``(e:Method:Dataset:Task)`` (LadybugDB reads several labels as "any of
them"), and ``label(e)`` gives the table's name, where Neo4j needs ``[l IN labels(e) WHERE l <> 'Entity'][0]``.

The rows are the push's own (:mod:`kg.export.cypher`), so both databases hold the same properties; a property the
push leaves out (None, NaN, an empty string) is NULL here, which every query reads the same way. The columns come
from the rows: each property becomes a column of the type its values have. Rows are loaded from pandas frames
with ``COPY`` (no CSV: LadybugDB's CSV sniffing splits quoted fields that hold commas), table by table.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from kg.errors import DatabaseError, Messages
from kg.export import cypher
from kg.graph.edgetable import EdgeTable
from kg.records import Entity, Mention, Paper

#: The database file of a build folder.
DB_FILE = "graph.lbug"
#: The entity node tables, in kg label order (Neo4j's ``:Entity`` is their union).
ENTITY_TABLES: tuple[str, ...] = tuple(cypher.ENTITY_LABELS.values())
_COLUMN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_SCALARS = {bool: "BOOLEAN", int: "INT64", float: "DOUBLE", str: "STRING"}
_FITS: dict[str, set[type]] = {name: {kind} for kind, name in _SCALARS.items()}


@dataclass
class DatabaseSummary:
    """What :func:`write_database` wrote: rows per table and the time taken."""

    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


class SentenceTexts(Mapping[tuple[str, int], str]):
    """``(paper id, sentence index) -> sentence text``, cut from the abstracts when asked (no copy of every
    sentence in memory): the evidence that :func:`kg.export.cypher.mention_rows` puts on MENTIONS."""

    def __init__(self, papers: Mapping[str, Paper], spans: Mapping[str, Sequence[Sequence[int]]]) -> None:
        self._papers, self._spans = papers, spans
        self._len = sum(len(s) for p, s in spans.items() if p in papers)  # asked once per row (truthiness)

    def __getitem__(self, key: tuple[str, int]) -> str:
        text = self.get(key)
        if text is None:
            raise KeyError(key)
        return str(text)

    def get(self, key: tuple[str, int], default: Any = None) -> Any:  # what mention_rows calls, once per evidence
        paper, index = key
        spans = self._spans.get(paper, ())
        if paper not in self._papers or not 0 <= index < len(spans):
            return default
        start, end = spans[index]
        return self._papers[paper].abstract[start:end]

    def __iter__(self) -> Iterator[tuple[str, int]]:
        return ((p, i) for p, spans in self._spans.items() if p in self._papers for i in range(len(spans)))

    def __len__(self) -> int:
        return self._len


def column_type(values: Iterable[Any]) -> str:
    """The LadybugDB type of a property from its values (None ignored): one scalar type, DOUBLE for ints mixed
    with floats, a list type for lists (STRING[] when every list is empty), STRING for anything else.

    >>> column_type([1, None, 2]), column_type([1, 2.5]), column_type([["a"], []]), column_type([[1, 2]])
    ('INT64', 'DOUBLE', 'STRING[]', 'INT64[]')
    """
    if isinstance(values, pd.Series) and values.dtype != object:
        return {"i": "INT64", "f": "DOUBLE", "b": "BOOLEAN"}.get(values.dtype.kind, "STRING")
    values = list(values)
    kinds = set(map(type, values)) - {type(None)}
    if kinds and kinds <= {list, tuple}:
        return _scalar({type(v) for value in values if value for v in value}) + "[]"
    return _scalar(kinds)


def _scalar(kinds: set[type]) -> str:
    if kinds <= {int, float} and float in kinds:
        return "DOUBLE"
    if len(kinds) == 1 and (kind := next(iter(kinds))) in _SCALARS:
        return _SCALARS[kind]
    return "STRING"


def _quoted(name: str) -> str:
    """A property name as a LadybugDB identifier; names that are not plain words are refused (they come from data)."""
    if not _COLUMN.match(name):
        raise DatabaseError(Messages.DB_BAD_PROPERTY.format(name=name))
    return f"`{name}`"


def _frame(rows: Sequence[Mapping[str, Any]], keys: Sequence[str], schema: Mapping[str, str]) -> pd.DataFrame:
    """The rows as a frame with one object column per key (None where a row has no value), values of the column's
    type so that the scan does not guess."""
    return pd.DataFrame({key: _column([row.get(key) for row in rows], schema.get(key, "STRING")) for key in keys},
                        columns=list(keys))


def _column(values: list[Any] | pd.Series, kind: str) -> pd.Series:
    """``values`` as a column of ``kind``: a numpy column as it is when its dtype fits (NaN loads as null);
    otherwise an object column with NaN as None, ints in a DOUBLE column as floats, anything in a STRING column
    as text, and values that already fit kept as they are (no call per value)."""
    if isinstance(values, pd.Series) and values.dtype != object:
        if (kind, values.dtype.kind) in (("INT64", "i"), ("DOUBLE", "f"), ("BOOLEAN", "b")):
            return values.reset_index(drop=True)
        values = values.tolist()
    values = list(values)
    fits = _FITS.get(kind, {list})
    kinds = set(map(type, values)) - {type(None)}
    if not kinds <= fits or (float in kinds and any(v != v for v in values if type(v) is float)) or (
            kind.endswith("[]") and _items_misfit(values, kind[:-2])):
        values = [_cast(v, kind) for v in values]
    return pd.Series(values, dtype=object)


def _items_misfit(values: list[Any], kind: str) -> bool:
    fits = _FITS[kind]
    return not {type(v) for value in values if value for v in value} <= fits


def _cast(value: Any, kind: str) -> Any:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return None
    if kind.endswith("[]"):
        return [_cast(v, kind[:-2]) for v in value]
    if kind == "DOUBLE":
        return float(value)
    if kind == "STRING" and not isinstance(value, str):
        return str(value)
    return value


def _flat(rows: Sequence[Mapping[str, Any]], ends: Sequence[str]) -> list[dict[str, Any]]:
    """Push rows (``{ends..., "props": {...}}``) as flat dicts."""
    return [{**{e: row[e] for e in ends}, **row["props"]} for row in rows]


def _schema(rows: Sequence[Mapping[str, Any]], skip: Sequence[str]) -> dict[str, str]:
    keys: dict[str, None] = {}
    for row in rows:
        keys.update(dict.fromkeys(k for k in row if k not in skip))
    return {k: column_type(row.get(k) for row in rows) for k in keys}


def co_mention_frame(graph: nx.Graph, table: EdgeTable | None = None) -> pd.DataFrame:
    """The rows of :func:`kg.export.cypher.co_mention_rows` as a frame (``a``, ``b``, one column per property; a
    missing value is None, or NaN in a float column), read column by column from the graph's edge table when it is
    given (a build's graph keeps its edge values there). The rows come in the table's order, not sorted."""
    if table is None:
        rows = _flat(cypher.co_mention_rows(graph), ("a", "b"))
        return _frame(rows, ["a", "b", *_schema(rows, ("a", "b"))], _schema(rows, ()))
    sources = np.array(table.sources, dtype=object)
    targets = np.array(table.targets, dtype=object)
    swap = sources > targets
    data: dict[str, Any] = {"a": np.where(swap, targets, sources), "b": np.where(swap, sources, targets)}
    for key, kind, values in zip(table.keys, table.types, table.columns, strict=True):
        if key == "evidence" or kind not in (int, float, str, bool):
            continue
        if kind is float:  # NaN and infinities: no value, as clean_props drops them (NaN loads as null)
            column = np.array(values, dtype=np.float64)
            column[~np.isfinite(column)] = np.nan
            data[key] = column
        elif kind is str:
            data[key] = pd.Series([v or None for v in values], dtype=object)
        else:
            data[key] = np.array(values, dtype=np.int64 if kind is int else bool)
    if "evidence" in table.keys:
        data["evidence"] = pd.Series([v.split("|") if isinstance(v, str) and v else None
                                      for v in table.column("evidence")], dtype=object)
    return pd.DataFrame(data)


def mention_frame(mentions: Sequence[Mention], assignment: Mapping[int, str],
                  sentence_text: Mapping[tuple[str, int], str] | None = None) -> pd.DataFrame:
    """The rows of :func:`kg.export.cypher.mention_rows` as a frame (``paper``, ``entity``, ``count``,
    ``sentences``, ``evidence``; no evidence is None), made without a dict per row; the rows are not sorted."""
    where: dict[tuple[str, str], list[int]] = {}
    for index, entity in assignment.items():
        if 0 <= index < len(mentions) and entity is not None:
            mention = mentions[index]
            where.setdefault((mention.paper_id, entity), []).append(mention.sentence)
    get = sentence_text.get if sentence_text else None
    counts, sentences, evidence = [], [], []
    for (paper, _), found in where.items():
        distinct = sorted(set(found))
        counts.append(len(found))
        sentences.append(distinct)
        texts = [t for t in (get((paper, i), "")[:cypher.EVIDENCE_CHARS] for i in distinct[:cypher.MENTION_EVIDENCE])
                 if t] if get else []
        evidence.append(texts or None)
    return pd.DataFrame({"paper": [p for p, _ in where], "entity": [e for _, e in where],
                         "count": np.array(counts, dtype=np.int64), "sentences": pd.Series(sentences, dtype=object),
                         "evidence": pd.Series(evidence, dtype=object)})


#: Columns every database has, whatever the build's rows hold, so that the cookbook's queries bind on any build
#: (LadybugDB refuses a property its table lacks, where Neo4j returns null); the rows' own types win.
BASE_COLUMNS: dict[str, dict[str, str]] = {
    "Paper": {"title": "STRING", "date": "STRING", "url": "STRING"},
    "Entity": {"key": "STRING", "name": "STRING", "aliases": "STRING[]", "papers": "INT64", "mentions": "INT64",
               "community": "INT64", "pwc_id": "STRING", "pwc_name": "STRING", "pwc_area": "STRING"},
    "MENTIONS": {"count": "INT64", "sentences": "INT64[]", "evidence": "STRING[]"},
    "CO_MENTIONED": {"papers": "INT64", "sentences": "INT64", "weight": "DOUBLE", "npmi": "DOUBLE",
                     "evidence": "STRING[]"},
}


@dataclass
class Tables:
    """The database's rows as frames: node tables by name, relationship frames by ``(type, from table, to table)``,
    and each table's columns with their types (ids and ends aside)."""

    nodes: dict[str, pd.DataFrame]
    rels: dict[tuple[str, str, str], pd.DataFrame]
    schemas: dict[str, dict[str, str]]


def tables(papers: Sequence[Paper], entities: Sequence[Entity], mentions: Sequence[Mention],
           assignment: Mapping[int, str], sentence_text: Mapping[tuple[str, int], str] | None, graph: nx.Graph,
           table: EdgeTable | None = None) -> Tables:
    """The push's rows (:func:`kg.export.bolt.plan`) as LadybugDB tables: entities split by label, relationships
    by the tables of their ends (a relationship to an entity that is not in ``entities`` is left out, as the push's
    ``MATCH`` leaves it out)."""
    paper_rows = _flat(cypher.paper_rows(papers), ("id",))
    schemas = {"Paper": {**BASE_COLUMNS["Paper"], **_schema(paper_rows, ("id",))}}
    nodes = {"Paper": _frame(paper_rows, ["id", *schemas["Paper"]], schemas["Paper"])}
    flat = {cypher.ENTITY_LABELS[label]: _flat(rows, ("id",)) for label, rows in cypher.entity_rows(entities, graph).items()}
    shared = {**BASE_COLUMNS["Entity"], **_schema([r for rows in flat.values() for r in rows], ("id",))}
    for name, rows in flat.items():
        schemas[name] = shared
        nodes[name] = _frame(rows, ["id", *shared], shared)
    table_of = {row["id"]: name for name, rows in flat.items() for row in rows}
    mention = mention_frame(mentions, assignment, sentence_text)
    rels = _split("MENTIONS", mention.rename(columns={"paper": "from", "entity": "to"}), schemas, table_of, "Paper")
    rels.update(_split("CO_MENTIONED", co_mention_frame(graph, table).rename(columns={"a": "from", "b": "to"}),
                       schemas, table_of))
    return Tables(nodes, rels, schemas)


def _split(name: str, frame: pd.DataFrame, schemas: dict[str, dict[str, str]], table_of: Mapping[str, str],
           source: str | None = None) -> dict[tuple[str, str, str], pd.DataFrame]:
    """``frame``'s rows by ``(name, from table, to table)``, with columns ``from``, ``to`` and the properties typed
    as ``schemas[name]`` (set here) says; rows whose ends are unknown are dropped."""
    ends = ["from", "to"]
    if frame.empty:
        frame = pd.DataFrame(columns=ends)
    props = [c for c in frame.columns if c not in ends]
    schema = schemas[name] = {**BASE_COLUMNS[name],
                              **{c: column_type(frame[c]) for c in props if frame[c].notna().any()}}
    typed = {end: frame[end].reset_index(drop=True) for end in ends}
    for column, kind in schema.items():
        typed[column] = _column(frame[column] if column in frame else [None] * len(frame), kind)
    frame = pd.DataFrame(typed)
    starts = frame["from"].map(table_of) if source is None else pd.Series(source, index=frame.index)
    stops = frame["to"].map(table_of)
    return {(name, str(a), str(b)): part.reset_index(drop=True)
            for (a, b), part in frame.groupby([starts, stops], sort=True)}


def write_database(path: Path, data: Tables, *, threads: int = 0) -> DatabaseSummary:
    """Create the database file ``path`` (replacing any database there) and load ``data`` into it.

    Raises
    ------
    DatabaseError
        The database cannot be created or a table cannot be loaded (the engine's message is given).
    """
    import ladybug

    start = time.perf_counter()
    for old in (path, path.with_name(path.name + ".wal")):
        old.unlink(missing_ok=True)
    summary = DatabaseSummary()
    try:
        db = ladybug.Database(str(path), max_num_threads=threads)
        conn = ladybug.Connection(db)
        try:
            for statement in schema_statements(data):
                conn.execute(statement)
            for name, frame in data.nodes.items():
                if len(frame):
                    conn.execute(f"COPY {cypher.identifier(name)} FROM $rows", {"rows": frame})
                summary.rows[name] = len(frame)
            for (name, a, b), frame in data.rels.items():
                if len(frame):
                    conn.execute(f"COPY {cypher.identifier(name)} FROM $rows (from='{cypher.identifier(a)}', "
                                 f"to='{cypher.identifier(b)}')", {"rows": frame})
                    summary.rows[name] = summary.rows.get(name, 0) + len(frame)
        finally:
            conn.close()
            db.close()
    except RuntimeError as err:
        raise DatabaseError(Messages.DB_WRITE_FAILED.format(path=path, error=err)) from err
    summary.seconds = time.perf_counter() - start
    return summary


def schema_statements(data: Tables) -> list[str]:
    """The ``CREATE NODE TABLE`` and ``CREATE REL TABLE`` statements of ``data``; identifiers checked, no data."""
    statements = []
    for name in data.nodes:
        columns = "".join(f"{_quoted(k)} {t}, " for k, t in data.schemas[name].items())
        statements.append(f"CREATE NODE TABLE {cypher.identifier(name)}(id STRING, {columns}PRIMARY KEY (id))")
    pairs = {"MENTIONS": [("Paper", t) for t in ENTITY_TABLES],
             "CO_MENTIONED": [(a, b) for a in ENTITY_TABLES for b in ENTITY_TABLES]}
    for name, ends in pairs.items():
        columns = "".join(f", {_quoted(k)} {t}" for k, t in data.schemas[name].items())
        froms = ", ".join(f"FROM {cypher.identifier(a)} TO {cypher.identifier(b)}" for a, b in ends)
        statements.append(f"CREATE REL TABLE {cypher.identifier(name)}({froms}{columns})")
    return statements
