"""Cypher on a build folder with no server: the build's embedded database (``graph.lbug``, LadybugDB) and the
cookbook, with answers as pandas DataFrames.

The database holds the graph model of ``kg neo4j push`` (see :mod:`kg.export.embedded`); the cookbook's queries
(:mod:`kg.export.cookbook`) run on it in their LadybugDB text. It opens read-only unless ``write=True``: several
processes can read one build at once, one can write.

Examples
--------
>>> import kg.db
>>> db = kg.db.connect("out")  # doctest: +SKIP
>>> db.run("methods-for-task", task="image classification", limit=5)  # doctest: +SKIP
>>> db.query("MATCH (m:Method) RETURN m.name AS method, m.papers AS papers ORDER BY papers DESC LIMIT $n", n=3)  # doctest: +SKIP
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from types import TracebackType
from typing import Any

import pandas as pd

from kg.buildcheck import check_build as verify_build
from kg.buildcheck import update_manifest
from kg.buildio import Build
from kg.errors import BuildError, DatabaseError, Messages
from kg.export.cookbook import Query, cookbook
from kg.export.embedded import DB_FILE

#: Clauses that change the database or reach outside it; a query with one is refused unless opened with write=True.
WRITE_CLAUSES = ("CREATE", "MERGE", "SET", "DELETE", "DETACH", "REMOVE", "DROP", "COPY", "ALTER", "INSTALL", "LOAD",
                 "ATTACH", "IMPORT", "EXPORT", "CHECKPOINT", "BEGIN", "COMMIT", "ROLLBACK")
#: ``limit`` when a cookbook query takes one and the caller gives none.
DEFAULT_LIMIT = 10
_WRITE = re.compile(r"\b(" + "|".join(WRITE_CLAUSES) + r")\b", re.IGNORECASE)
_LITERALS = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`|//[^\n]*|/\*.*?\*/", re.DOTALL)
_PARAM = re.compile(r"\$([A-Za-z_]\w*)")


def write_clause(text: str) -> str | None:
    """The first write clause of a Cypher text (strings, quoted names and comments aside), or None.

    >>> write_clause("MATCH (n) WHERE n.name = 'SET' RETURN n"), write_clause("MATCH (n) DETACH DELETE n")
    (None, 'DETACH')
    """
    match = _WRITE.search(_LITERALS.sub("''", text))
    return match.group(1).upper() if match else None


def used_params(text: str) -> set[str]:
    """The ``$parameters`` a Cypher text uses (strings and comments aside).

    >>> sorted(used_params("MATCH (n) WHERE n.name = $name AND n.note <> '$x' RETURN n LIMIT $limit"))
    ['limit', 'name']
    """
    return set(_PARAM.findall(_LITERALS.sub("''", text)))


def check_build(folder: Path) -> None:
    """Refuse a folder that is no build or not a complete one (a build writes ``manifest.json`` last).

    Raises
    ------
    BuildError
        No such folder, no manifest in it, or a file that is not the one the manifest lists
        (:func:`kg.buildcheck.check_build`).
    """
    if not folder.is_dir():
        raise BuildError(Messages.NO_BUILD_FOLDER.format(folder=folder))
    if not (folder / "manifest.json").is_file():
        raise BuildError(Messages.BUILD_INCOMPLETE.format(folder=folder))
    verify_build(folder)


class Database:
    """A build's embedded graph database, open in this process. Use :func:`connect`; close it (or use ``with``) to
    let another process write it."""

    def __init__(self, folder: str | Path, *, write: bool = False) -> None:
        import ladybug

        self.folder = Path(folder)
        self.write = write
        check_build(self.folder)
        self.path = self.folder / DB_FILE
        if not self.path.is_file():
            raise DatabaseError(Messages.DB_MISSING.format(folder=self.folder, file=DB_FILE))
        try:
            self._db = ladybug.Database(str(self.path), read_only=not write)
            self._conn = ladybug.Connection(self._db)
        except RuntimeError as err:
            message = _first_line(err)
            if "lock" in message.lower():
                raise DatabaseError(Messages.DB_BUSY.format(path=self.path, error=message)) from err
            raise DatabaseError(Messages.DB_NOT_A_DATABASE.format(path=self.path, error=message)) from err

    def rows(self, cypher: str, params: dict[str, Any] | None = None, *,
             name: str = "(your query)") -> tuple[list[str], list[list[Any]]]:
        """Run ``cypher`` and return its column names and rows as Python values (None for null). Parameters the
        text does not use are ignored.

        Raises
        ------
        DatabaseError
            A write clause in a read-only database, or the engine's error (named ``name``).
        """
        clause = write_clause(cypher)
        if clause and not self.write:
            raise DatabaseError(Messages.DB_WRITE_REFUSED.format(name=name, clause=clause))
        wanted = used_params(cypher)
        values = {k: v for k, v in (params or {}).items() if k in wanted}
        try:
            result = self._conn.execute(cypher, values)
            results = result if isinstance(result, list) else [result]
            last = results[-1]
            return list(last.get_column_names()), [list(row) for row in last.get_all()]
        except RuntimeError as err:
            raise DatabaseError(Messages.DB_QUERY_FAILED.format(name=name, error=_first_line(err))) from err

    def query(self, cypher: str, /, **params: Any) -> pd.DataFrame:
        """Run a Cypher query of your own; its rows as a DataFrame (whole numbers with nulls as ``Int64``)."""
        return frame(*self.rows(cypher, params))

    def run(self, name: str, /, **params: Any) -> pd.DataFrame:
        """Run the cookbook query ``name`` (see :func:`queries`); ``limit`` is 10 unless given."""
        columns, rows = self.run_rows(name, params)
        return frame(columns, rows)

    def run_rows(self, name: str, params: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
        """:meth:`run`'s columns and rows as Python values."""
        query = lookup(name)
        values = {"limit": DEFAULT_LIMIT, **params} if "limit" in query.params else dict(params)
        missing = [p for p in query.params if p not in values]
        if missing:
            raise DatabaseError(Messages.DB_MISSING_PARAMS.format(name=name, params=", ".join(missing)))
        return self.rows(query.ladybug, values, name=name)

    def close(self) -> None:
        """Close the database (another process may then open it for writing). A database opened for writing is
        recorded anew in the build's manifest, so that readers take the changed file as part of the build."""
        self._conn.close()
        self._db.close()
        if self.write:
            update_manifest(self.folder, [DB_FILE])

    def __enter__(self) -> Database:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()


def connect(folder: str | Path, *, write: bool = False) -> Database:
    """Open the embedded database of the build folder ``folder``: read-only, unless ``write``.

    Raises
    ------
    BuildError
        No such folder, or not a complete build.
    DatabaseError
        The build has no database (built with ``--no-db``), another process holds it, or it is not a database.
    """
    return Database(folder, write=write)


def queries() -> dict[str, Query]:
    """The cookbook's queries by name (their ``ladybug`` text runs here, ``cypher`` on Neo4j)."""
    return cookbook()


def lookup(name: str) -> Query:
    """The cookbook query ``name``.

    Raises
    ------
    DatabaseError
        No query of that name (the message lists them).
    """
    found = cookbook()
    if name not in found:
        raise DatabaseError(Messages.DB_UNKNOWN_QUERY.format(name=name, known=", ".join(found)))
    return found[name]


def example_params(build: Build, *, limit: int = DEFAULT_LIMIT) -> dict[str, Any]:
    """Parameters for which every cookbook query has an answer on ``build`` (tests, benchmarks, notebooks): the task
    and the method with most papers (a method co-mentioned with a dataset for ``method``), the pair in most papers
    (``a``, ``b``), and an entity two or more links from ``a`` (``far``, for ``shortest-path``)."""
    graph = build.graph
    shown = sorted((build.entities[n] for n in graph if n in build.entities), key=lambda e: (-e.papers, e.id))
    first = {label: next((e for e in shown if e.label == label), None) for label in ("METHOD", "TASK")}
    method = next((e for e in shown if e.label == "METHOD"
                   and any(graph.nodes[n].get("label") == "DATASET" for n in graph[e.id])), first["METHOD"])
    u, v, _ = max(graph.edges(data=True), key=lambda x: (x[2].get("papers", 0), x[0], x[1]), default=("", "", {}))
    far = next((n for n in sorted(graph) if u and n != u and n not in graph[u] and graph.degree(n) > 0), v)
    name = lambda node: graph.nodes[node]["name"] if node in graph else ""  # noqa: E731
    return {"limit": limit, "task": first["TASK"].name if first["TASK"] else "",
            "method": method.name if method else "", "name": first["METHOD"].name if first["METHOD"] else "",
            "a": name(u), "b": name(v), "far": name(far)}


def frame(columns: list[str], rows: list[list[Any]]) -> pd.DataFrame:
    """Rows as a DataFrame: nulls stay None, and a column of whole numbers with nulls is ``Int64`` (not float)."""
    table = pd.DataFrame(rows, columns=columns, dtype=object) if rows else pd.DataFrame(columns=columns)
    for column in columns:
        values = [v for v in table[column] if v is not None]
        if values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            table[column] = table[column].astype("Int64")
        elif values and all(isinstance(v, float) for v in values):
            table[column] = table[column].astype("float64")
        elif values and all(isinstance(v, str) for v in values) and len(values) == len(table):
            table[column] = table[column].astype(str)
    return table


def _first_line(err: BaseException) -> str:
    lines = [line.strip() for line in str(err).splitlines() if line.strip()]
    return lines[0] if lines else type(err).__name__


def parse_param(item: str, *, numbers: bool) -> tuple[str, Any]:
    """A ``--param NAME=VALUE`` as ``(name, value)``: ``limit`` is a whole number, and with ``numbers`` so is any
    value written as one (a decimal number becomes a float); other values stay text.

    >>> parse_param("task=image classification", numbers=False), parse_param("limit=5", numbers=False)
    (('task', 'image classification'), ('limit', 5))
    >>> parse_param("n=2.5", numbers=True), parse_param("n=2.5", numbers=False)
    (('n', 2.5), ('n', '2.5'))
    """
    key, sep, value = item.partition("=")
    key = key.strip()
    if not sep or not re.fullmatch(r"[A-Za-z_]\w*", key):
        raise DatabaseError(Messages.DB_BAD_PARAM.format(item=item))
    if (numbers or key == "limit") and re.fullmatch(r"-?\d+", value.strip()):
        return key, int(value)
    if numbers and re.fullmatch(r"-?(\d+\.\d*|\.\d+)([eE]-?\d+)?", value.strip()):
        return key, float(value)
    return key, value


def tsv_value(value: object) -> str:
    """A query result value as one TSV field: lists as ``a; b; c`` (maps as ``key: value``), tabs and line breaks as
    spaces, None as empty.

    >>> tsv_value(["BERT", "GPT-4"]), tsv_value({"name": "BERT", "papers": 3}), tsv_value(None), tsv_value("a" + chr(9) + "b")
    ('BERT; GPT-4', 'name: BERT; papers: 3', '', 'a b')
    """
    if value is None:
        return ""
    if isinstance(value, dict):
        text = "; ".join(f"{k}: {tsv_value(v)}" for k, v in value.items())
    elif isinstance(value, (list, tuple)):
        text = "; ".join(tsv_value(v) for v in value)
    else:
        text = str(value)
    return " ".join(text.split("\t")).replace("\r", " ").replace("\n", " ")


#: Output formats of :func:`format_rows`.
OUTPUT_FORMATS: tuple[str, ...] = ("table", "tsv", "csv", "json")


def format_rows(columns: list[str], rows: list[list[Any]], fmt: str = "table", *, width: int = 60) -> str:
    """Rows as text: an aligned ``table`` (cells cut at ``width`` characters), ``tsv``, ``csv`` (lists as
    ``a; b; c`` in all three) or ``json`` (a list of objects, lists kept).

    >>> print(format_rows(["name", "aliases"], [["BERT", ["bert", "BERT-base"]]], "csv"))
    name,aliases
    BERT,bert; BERT-base
    >>> print(format_rows(["name", "papers"], [["BERT", 3], ["GPT-4", 12]]))
    name   papers
    -----  ------
    BERT   3
    GPT-4  12
    """
    if fmt == "json":
        return json.dumps([dict(zip(columns, row, strict=True)) for row in rows], ensure_ascii=False, default=str,
                          indent=1)
    texts = [[tsv_value(v) for v in row] for row in rows]
    if fmt == "tsv":
        return "\n".join("\t".join(line) for line in [columns, *texts])
    if fmt == "csv":
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows([columns, *texts])
        return buffer.getvalue().rstrip("\n")
    cut = [[t if len(t) <= width else t[:width - 1] + "…" for t in line] for line in texts]
    widths = [max([len(c), *(len(line[i]) for line in cut)]) for i, c in enumerate(columns)]
    lines = [columns, ["-" * w for w in widths], *cut]
    return "\n".join("  ".join(t.ljust(w) for t, w in zip(line, widths, strict=True)).rstrip() for line in lines)
