"""The Cypher cookbook shipped with kg (``kg/queries/cookbook.cypher``): parsed into named, documented queries."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

from kg.errors import CookbookError, Messages

_NAME = re.compile(r"//\s*name:\s*([a-z0-9-]+)\s*$")
_FIELD = re.compile(r"//\s*(answers|params):\s*(.*)$")


@dataclass(frozen=True)
class Query:
    """One cookbook query: its name, the question it answers, its ``$parameters`` and the Cypher text."""

    name: str
    answers: str
    params: tuple[str, ...]
    cypher: str


def parse(text: str, source: str = "cookbook.cypher") -> list[Query]:
    """Split a cookbook file into queries; each starts with ``// name:`` and ends with ``;``.

    >>> q = parse("// name: n\\n// answers: what\\n// params: a, b\\nRETURN $a, $b;\\n")[0]
    >>> q.name, q.answers, q.params, q.cypher
    ('n', 'what', ('a', 'b'), 'RETURN $a, $b')
    """
    queries: list[Query] = []
    current: dict[str, str] | None = None
    body: list[str] = []
    start = 0
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if match := _NAME.match(stripped):
            if current is not None:
                raise CookbookError(Messages.QUERY_NOT_ENDED.format(source=source, line=start, name=current["name"]))
            current, body, start = {"name": match.group(1), "answers": "", "params": ""}, [], number
        elif current is not None and (match := _FIELD.match(stripped)) and not body:
            current[match.group(1)] = match.group(2).strip()
        elif current is not None and stripped and not stripped.startswith("//"):
            body.append(line.rstrip())
            if stripped.endswith(";"):
                cypher_text = "\n".join(body).rstrip().rstrip(";").rstrip()
                params = tuple(p.strip() for p in current["params"].split(",") if p.strip())
                used = set(re.findall(r"\$([A-Za-z_]\w*)", cypher_text))
                if used != set(params):
                    raise CookbookError(Messages.QUERY_PARAMS.format(source=source, line=start, name=current["name"],
                                                                      declared=sorted(params), used=sorted(used)))
                queries.append(Query(current["name"], current["answers"], params, cypher_text))
                current = None
    if current is not None:
        raise CookbookError(Messages.QUERY_NOT_ENDED.format(source=source, line=start, name=current["name"]))
    return queries


def cookbook() -> dict[str, Query]:
    """The queries shipped with kg, by name."""
    text = (resources.files("kg") / "queries" / "cookbook.cypher").read_text(encoding="utf-8")
    return {q.name: q for q in parse(text)}
