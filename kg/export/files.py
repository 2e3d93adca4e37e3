"""Writing a build folder: records as JSON Lines, the graph as node-link JSON, neo4j-admin CSVs."""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple

import networkx as nx
import numpy as np

from kg.errors import Messages
from kg.export import xmlgraph
from kg.graph.edgetable import EdgeTable
from kg.records import Entity, Mention, Paper

#: How text files handle a lone surrogate (a str that is no valid Unicode, e.g. from bytes decoded with
#: ``surrogateescape``): written as ``\udc80``, which JSON reads back as the same str, rather than raising.
ENCODING_ERRORS = "backslashreplace"

#: Neo4j node label of each kg label (a fixed whitelist: never taken from data).
NEO4J_LABELS = {"METHOD": "Method", "DATASET": "Dataset", "TASK": "Task"}


def write_jsonl(path: Path, rows: Iterable[dict[str, Any]]) -> int:
    """Write one JSON object per line; return the number of rows."""
    n = 0
    with open(path, "w", encoding="utf-8", errors=ENCODING_ERRORS) as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
    return n


def write_node_link_json(graph: nx.Graph, path: Path, *, edges: EdgeTable | None = None) -> None:
    """The text ``json.dumps(nx.node_link_data(graph, edges="links"), ensure_ascii=False)`` gives, written one
    node or link at a time (no copy of a large graph in memory). ``edges``, the graph's
    :func:`~kg.graph.edgetable.edge_table`, saves building it again.

    >>> import tempfile
    >>> g = nx.Graph(name="g"); g.add_edge("a", "b", papers=2)
    >>> with tempfile.TemporaryDirectory() as d:
    ...     write_node_link_json(g, Path(d) / "g.json")
    ...     text = (Path(d) / "g.json").read_text()
    >>> text == json.dumps(nx.node_link_data(g, edges="links"), ensure_ascii=False)
    True
    """
    if graph.is_directed() or graph.is_multigraph():
        raise ValueError(Messages.NOT_SIMPLE_GRAPH)
    with open(path, "w", encoding="utf-8", errors=ENCODING_ERRORS) as fh:
        fh.write(f'{{"directed": false, "multigraph": false, "graph": {json.dumps(graph.graph, ensure_ascii=False)}, '
                 '"nodes": [')
        for i, (node, data) in enumerate(graph.nodes(data=True)):
            fh.write((", " if i else "") + json.dumps({**data, "id": node}, ensure_ascii=False))
        fh.write('], "links": [')
        ends = {node: json.dumps(node, ensure_ascii=False) for node in graph}
        table = xmlgraph.table_of(graph, edges)
        if table is not None and (lines := _json_table_lines(table, ends)) is not None:
            first = next(lines, None)
            if first is not None:
                fh.write(first[2:])  # no ", " before the first link
                fh.writelines(lines)
            fh.write("]}")
            return
        templates: dict[tuple[tuple[str, ...], tuple[type, ...]], _JsonTemplate | None] = {}
        for i, (u, v, data) in enumerate(graph.edges(data=True)):
            sig = xmlgraph.signature(data)
            if sig not in templates:
                templates[sig] = _json_template(*sig)
            compiled = templates[sig]
            if compiled is not None:
                text = compiled.render(data, ends[u], ends[v])
                if text is not None:
                    fh.write((", " if i else "") + text)
                    continue
            fh.write((", " if i else "") + json.dumps({**data, "source": u, "target": v}, ensure_ascii=False))
        fh.write("]}")


def _json_text(value: Any) -> str:
    """``json.dumps(value, ensure_ascii=False)``, quicker for the floats and ints that make most of a graph."""
    if (type(value) is float and math.isfinite(value)) or type(value) is int:
        return repr(value)
    return json.dumps(value, ensure_ascii=False)


def _json_table_lines(table: EdgeTable, ends: dict[Any, str]) -> Iterator[str] | None:
    """``", " + json.dumps({**row, "source": u, "target": v})`` for every edge of a table, or None when a key would
    clash with ``source`` or ``target``."""
    if "source" in table.keys or "target" in table.keys:
        return None
    fields = []
    columns = []
    for key, kind in zip(table.keys, table.types, strict=True):
        name = json.dumps(key, ensure_ascii=False).replace("%", "%%")
        if kind is type(None):
            fields.append(f"{name}: null")
            continue
        fields.append(f"{name}: %s")
        if kind is int or (kind is float and all(map(math.isfinite, table.column(key)))):
            columns.append(xmlgraph.text_column(table, key, kind.__name__))  # the same text: share it
        else:
            columns.append(table.text(key, _json_text, "json"))
    template = ", {" + ", ".join([*fields, '"source": %s', '"target": %s']) + "}"
    return map(template.__mod__, zip(*columns, map(ends.__getitem__, table.sources),
                                     map(ends.__getitem__, table.targets), strict=True))


class _JsonTemplate(NamedTuple):
    """``json.dumps({**row, "source": u, "target": v})`` as one %-template for rows of one signature."""

    template: str
    values: Callable[[dict[str, Any]], tuple[Any, ...]]
    strings: tuple[int, ...]
    floats: tuple[int, ...]

    def render(self, row: dict[str, Any], source: str, target: str) -> str | None:
        """The JSON text of the row, or None when a float is not finite (JSON spells those its own way)."""
        values = list(self.values(row))
        if self.floats and not math.isfinite(sum(values[i] for i in self.floats)):
            return None
        for i in self.strings:
            values[i] = json.dumps(values[i], ensure_ascii=False)
        return self.template % (*values, source, target)


def _json_template(keys: tuple[str, ...], types: tuple[type, ...]) -> _JsonTemplate | None:
    if "source" in keys or "target" in keys:
        return None
    parts: list[str] = []
    kept: list[str] = []
    strings: list[int] = []
    floats: list[int] = []
    for key, kind in zip(keys, types, strict=True):
        name = json.dumps(key, ensure_ascii=False).replace("%", "%%")
        if kind is type(None):
            parts.append(f"{name}: null")
            continue
        conversion = {int: "%d", float: "%r", str: "%s"}.get(kind)
        if conversion is None:
            return None
        (strings if kind is str else floats if kind is float else []).append(len(kept))
        kept.append(key)
        parts.append(f"{name}: {conversion}")
    parts += ['"source": %s', '"target": %s']
    getter = itemgetter(*kept) if len(kept) > 1 else (lambda row: (row[kept[0]],)) if kept else (lambda row: ())
    return _JsonTemplate("{" + ", ".join(parts) + "}", getter, tuple(strings), tuple(floats))


Rows = dict[str, tuple[list[str], "Iterable[Sequence[Any]] | CsvLines"]]


def neo4j_rows(papers: Sequence[Paper], entities: Sequence[Entity], mentions: Sequence[Mention],
               assignment: dict[int, str], graph: nx.Graph, *, edges: EdgeTable | None = None) -> Rows:
    """Rows of the ``neo4j-admin database import full`` CSV set: file name -> (header, rows).

    :func:`neo4j_corpus_rows` and :func:`neo4j_graph_rows` together. The rows are lists, except those of
    ``co_mentions.csv`` for a graph whose edges are alike: an iterator that makes them as it is read (a list of a
    row per edge would cost a few hundred MB at a million edges). ``edges``, the graph's
    :func:`~kg.graph.edgetable.edge_table`, saves building it again.

    Examples
    --------
    >>> p = Paper(id="p1", title="T", abstract="A")
    >>> e = Entity("method:bert", "METHOD", "bert", "BERT", ("Bert",), 1, 1)
    >>> m = Mention("p1", 0, 0, 4, "BERT", "METHOD", "r")
    >>> rows = neo4j_rows([p], [e], [m], {0: "method:bert"}, nx.Graph())
    >>> list(rows)
    ['papers.csv', 'entities.csv', 'mentions.csv', 'co_mentions.csv']
    >>> rows["entities.csv"][0][:3], rows["entities.csv"][1][0][:3]
    (['id:ID(Entity)', 'name', 'aliases:string[]'], ['method:bert', 'BERT', 'Bert'])
    >>> rows["mentions.csv"][1]
    [['p1', 'method:bert', 1, '0', 'MENTIONS']]
    """
    corpus = neo4j_corpus_rows(papers, mentions, assignment)
    graph_rows = neo4j_graph_rows(entities, graph, edges=edges)
    return {name: (corpus | graph_rows)[name] for name in ("papers.csv", "entities.csv", "mentions.csv",
                                                           "co_mentions.csv")}


def neo4j_corpus_rows(papers: Sequence[Paper], mentions: Sequence[Mention], assignment: dict[int, str]) -> Rows:
    """The rows of ``papers.csv`` and ``mentions.csv``: what does not depend on the graph."""
    paper_rows = [[p.id, p.title, p.date or "", p.url or "", "" if p.year is None else p.year,
                   ";".join(a.replace(";", ",") for a in p.authors), p.venue or "", p.doi or "", p.arxiv_id or "",
                   ";".join(f"{k}:{v}".replace(";", ",") for k, v in p.ids), "Paper"] for p in papers]
    per_pair: dict[tuple[str, str], list[int]] = {}
    for i, m in enumerate(mentions):
        if i in assignment:
            per_pair.setdefault((m.paper_id, assignment[i]), []).append(m.sentence)
    mention_rows = [[p, e, len(s), ";".join(map(str, sorted(set(s)))), "MENTIONS"]
                    for (p, e), s in sorted(per_pair.items())]
    return {
        "papers.csv": (["id:ID(Paper)", "title", "date", "url", "year:int", "authors:string[]", "venue", "doi",
                        "arxiv_id", "ids:string[]", ":LABEL"], paper_rows),
        "mentions.csv": ([":START_ID(Paper)", ":END_ID(Entity)", "count:int", "sentences:int[]", ":TYPE"],
                         mention_rows),
    }


def neo4j_graph_rows(entities: Sequence[Entity], graph: nx.Graph, *, edges: EdgeTable | None = None) -> Rows:
    """The rows of ``entities.csv`` and ``co_mentions.csv``: entities with their graph attributes, and edges."""
    node_extra = _extra_columns(data for _, data in graph.nodes(data=True))
    entity_rows = [[e.id, e.name, ";".join(a.replace(";", ",") for a in e.aliases), e.papers, e.mentions,
                    e.pwc_id, e.pwc_name, e.pwc_area, *_extra_values(graph.nodes[e.id] if e.id in graph else {}, node_extra),
                    f"Entity;{NEO4J_LABELS[e.label]}"] for e in entities]
    table = xmlgraph.table_of(graph, edges)
    edge_rows: Iterable[Sequence[Any]] | None = None
    if table is not None:
        edge_extra = _extra_columns([dict(zip(table.keys, table.types, strict=True))], types=True)
        edge_rows = _co_mention_table_rows(table, edge_extra)
    if edge_rows is None:
        edge_extra = _extra_columns(data for _, _, data in graph.edges(data=True))
        extras = _extra_getter(edge_extra)
        edge_rows = [[*((u, v) if u <= v else (v, u)), d["papers"], d["sentences"], d["evidence"].replace("|", ";"),
                      *extras(d), "CO_MENTIONED"]
                     for u, v, d in sorted(graph.edges(data=True), key=itemgetter(0, 1))]
    return {
        "entities.csv": (["id:ID(Entity)", "name", "aliases:string[]", "papers:int", "mentions:int", "pwc_id",
                          "pwc_name", "pwc_area", *_headers(node_extra), ":LABEL"], entity_rows),
        "co_mentions.csv": ([":START_ID(Entity)", ":END_ID(Entity)", "papers:int", "sentences:int",
                             "evidence:string[]", *_headers(edge_extra), ":TYPE"], edge_rows),
    }


_FIXED = {"label", "name", "aliases", "papers", "mentions", "sentences", "evidence"}


class CsvLines:
    """Rows already made into CSV lines (every field quoted, ``\\r\\n`` at the end), which
    :func:`write_neo4j_csv` writes as they are; iterating gives the lines, made as they are read."""

    def __init__(self, lines: Iterable[str]) -> None:
        self._lines = lines

    def __iter__(self) -> Iterator[str]:
        return iter(self._lines)


def _co_mention_table_rows(table: EdgeTable, extra: list[tuple[str, str]]) -> CsvLines | None:
    """The ``co_mentions.csv`` rows of an edge table, as the CSV lines the writer makes of the rows
    :func:`neo4j_rows` makes edge by edge; None when the table lacks a column those rows need.

    Each field's text is made once per distinct value (numbers share the texts of the XML writers), and one
    ``%``-template puts each line together, in C.
    """
    if not {"papers", "sentences", "evidence"} <= set(table.keys) or table.type_of("evidence") is not str:
        return None
    # Sorted by (source, target), as the edge-by-edge rows are: by the ranks of the ends' ids, not by a million tuples.
    rank = {node: i for i, node in enumerate(sorted({*table.sources, *table.targets}))}
    by_source, by_target = (np.fromiter(map(rank.__getitem__, column), dtype=np.int64, count=len(table))
                            for column in (table.sources, table.targets))
    order = np.lexsort((by_target, by_source)).tolist()
    identity = order == list(range(len(table)))

    def arranged(column: list[Any]) -> list[Any]:
        return column if identity else list(map(column.__getitem__, order))

    def number(key: str) -> list[str]:  # csv writes str(value): for a number, the text the XML writers share
        kind = table.type_of(key)
        if kind not in (int, float):
            return table.text(key, lambda value: _csv_escape("" if value is None else str(value)), "csv")
        return xmlgraph.text_column(table, key, "float" if kind is float else "int")

    sources, targets = arranged(table.sources), arranged(table.targets)
    escaped = {key: _csv_escape(str(key)) for key in {*sources, *targets}}
    columns = [
        list(map(escaped.__getitem__, map(min, sources, targets))),
        list(map(escaped.__getitem__, map(max, sources, targets))),
        arranged(number("papers")), arranged(number("sentences")),
        arranged(table.text("evidence", lambda evidence: _csv_escape(evidence.replace("|", ";")), "csv")),
        *(arranged(number(key)) for key, _ in extra),
    ]
    line = ",".join(['"%s"'] * len(columns)) + ',"CO_MENTIONED"\r\n'
    return CsvLines(map(line.__mod__, zip(*columns, strict=True)))


def _csv_escape(text: str) -> str:
    """A field's text inside its quotes: each quote doubled, as the csv module writes it."""
    return text.replace('"', '""')


def _extra_columns(rows: Iterable[dict[str, Any]], *, types: bool = False) -> list[tuple[str, str]]:
    """Further numeric attributes (weights, communities, centralities) as ``(name, neo4j type)``, sorted.

    With ``types``, the rows hold the types of the values rather than values.
    """
    kinds: dict[str, str] = {}
    for row in rows if types else xmlgraph.samples(rows):  # rows of one signature have the same columns and types
        for key, value in row.items():
            kind_of = value if types else type(value)
            if key in _FIXED or issubclass(kind_of, bool) or not issubclass(kind_of, int | float):
                continue
            kind = "float" if issubclass(kind_of, float) else "int"
            kinds[key] = "float" if kinds.get(key) == "float" else kind
    return sorted(kinds.items())


def _headers(extra: list[tuple[str, str]]) -> list[str]:
    return [f"{name}:{kind}" for name, kind in extra]


def _extra_values(row: dict[str, Any], extra: list[tuple[str, str]]) -> list[Any]:
    return [row.get(name, "") for name, _ in extra]


def _extra_getter(extra: list[tuple[str, str]]) -> Callable[[dict[str, Any]], Sequence[Any]]:
    """``_extra_values`` for many rows: one C-level lookup when a row has every column, else per column."""
    if not extra:
        return lambda row: ()
    names = [name for name, _ in extra]
    getter = itemgetter(*names)

    def values(row: dict[str, Any]) -> Sequence[Any]:
        try:
            got = getter(row)
        except KeyError:
            return _extra_values(row, extra)
        return (got,) if len(names) == 1 else got
    return values


def import_command(folder: Path, database: str = "neo4j") -> str:
    """The ``neo4j-admin`` command that imports the CSV set in ``folder``."""
    f = folder.as_posix()
    return (f"neo4j-admin database import full {database} --array-delimiter=';' --ignore-empty-strings=true "
            "--overwrite-destination "
            f"--nodes={f}/papers.csv --nodes={f}/entities.csv "
            f"--relationships={f}/mentions.csv --relationships={f}/co_mentions.csv")


def write_neo4j_csv(rows: Rows, folder: Path) -> None:
    """Write the CSV set (every field quoted, so titles with commas or quotes survive)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, (header, body) in rows.items():
        with open(folder / name, "w", encoding="utf-8", errors=ENCODING_ERRORS, newline="") as fh:
            writer = csv.writer(fh, quoting=csv.QUOTE_ALL)
            writer.writerow(header)
            if isinstance(body, CsvLines):
                fh.writelines(body)
            else:
                writer.writerows(body)
