"""The Cypher cookbook shipped with kg (``kg/queries/cookbook.cypher``): parsed into named, documented queries, each
with its text for Neo4j and for the build's embedded database (LadybugDB), side by side in the one file."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

from kg.errors import CookbookError, Messages

#: The engines a query has a text for.
ENGINES: tuple[str, ...] = ("neo4j", "ladybug")
_NAME = re.compile(r"//\s*name:\s*([a-z0-9-]+)\s*$")
_FIELD = re.compile(r"//\s*(answers|params|differs):\s*(.*)$")
_ENGINE = re.compile(r"//\s*(neo4j|ladybug):\s*$")


@dataclass(frozen=True)
class Query:
    """One cookbook query: its name, the question it answers, its ``$parameters``, its Cypher text for Neo4j
    (``cypher``) and for LadybugDB (``ladybug``; the same text where the dialects agree), and how they differ."""

    name: str
    answers: str
    params: tuple[str, ...]
    cypher: str
    ladybug: str = ""
    differs: str = ""

    def text(self, engine: str) -> str:
        """The query's text for ``engine``, ``"neo4j"`` or ``"ladybug"``."""
        return self.ladybug if engine == "ladybug" else self.cypher


class _Reader:
    """The parser's state: the query being read, its texts so far and the statement being read."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.queries: list[Query] = []
        self.fields: dict[str, str] | None = None
        self.texts: dict[str, str] = {}
        self.engine = "both"
        self.body: list[str] = []
        self.start = 0

    def line(self, number: int, line: str) -> None:
        stripped = line.strip()
        if match := _NAME.match(stripped):
            self.finish()
            self.fields, self.texts, self.engine, self.start = {"name": match.group(1)}, {}, "both", number
        elif self.fields is None or not stripped or (stripped.startswith("//") and self.body):
            return
        elif not self.body and (match := _FIELD.match(stripped)) and not self.texts:
            self.fields[match.group(1)] = match.group(2).strip()
        elif not self.body and (match := _ENGINE.match(stripped)):
            self.engine = match.group(1)
        elif not stripped.startswith("//"):
            self.body.append(line.rstrip())
            if stripped.endswith(";"):
                self.texts[self.engine] = "\n".join(self.body).rstrip().rstrip(";").rstrip()
                self.body, self.engine = [], "both"

    def finish(self) -> None:
        """Check the query read so far and keep it."""
        if self.fields is None:
            return
        name = self.fields["name"]
        if self.body or not self.texts:
            raise CookbookError(Messages.QUERY_NOT_ENDED.format(source=self.source, line=self.start, name=name))
        given = sorted(self.texts)
        if given not in (["both"], sorted(ENGINES)):
            raise CookbookError(Messages.QUERY_ENGINES.format(source=self.source, line=self.start, name=name,
                                                               given=given))
        params = tuple(p.strip() for p in self.fields.get("params", "").split(",") if p.strip())
        for text in self.texts.values():
            used = set(re.findall(r"\$([A-Za-z_]\w*)", text))
            if used != set(params):
                raise CookbookError(Messages.QUERY_PARAMS.format(source=self.source, line=self.start, name=name,
                                                                  declared=sorted(params), used=sorted(used)))
        neo4j = self.texts.get("neo4j", self.texts.get("both", ""))
        self.queries.append(Query(name, self.fields.get("answers", ""), params, neo4j,
                                  self.texts.get("ladybug", neo4j), self.fields.get("differs", "")))
        self.fields = None


def parse(text: str, source: str = "cookbook.cypher") -> list[Query]:
    """Split a cookbook file into queries.

    A query starts with ``// name:``, then ``// answers:``, ``// params:`` and, where the engines need different
    texts, ``// differs:``; then either one text for both engines, or a text under ``// neo4j:`` and one under
    ``// ladybug:``. Each text ends with ``;``.

    >>> q = parse("// name: n\\n// answers: what\\n// params: a, b\\nRETURN $a, $b;\\n")[0]
    >>> q.name, q.answers, q.params, q.cypher, q.ladybug
    ('n', 'what', ('a', 'b'), 'RETURN $a, $b', 'RETURN $a, $b')
    >>> q = parse("// name: n\\n// differs: f\\n// neo4j:\\nRETURN toFloat(1);\\n// ladybug:\\nRETURN CAST(1 AS DOUBLE);")[0]
    >>> q.text("neo4j"), q.text("ladybug"), q.differs
    ('RETURN toFloat(1)', 'RETURN CAST(1 AS DOUBLE)', 'f')
    """
    reader = _Reader(source)
    for number, line in enumerate(text.splitlines(), 1):
        reader.line(number, line)
    reader.finish()
    return reader.queries


def cookbook() -> dict[str, Query]:
    """The queries shipped with kg, by name."""
    text = (resources.files("kg") / "queries" / "cookbook.cypher").read_text(encoding="utf-8")
    return {q.name: q for q in parse(text)}
