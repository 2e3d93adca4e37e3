"""The review files of a build: ``aliases.tsv`` (which rule joined each surface form to its entity) and
``merges.tsv`` (the merges that resolution considered and did not make, with their evidence)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from kg.export.files import ENCODING_ERRORS
from kg.records import Alias, Candidate

ALIASES_HEADER = ("surface", "label", "entity", "rule", "papers")
MERGES_HEADER = ("surface", "entities", "reason", "evidence")


def _field(value: object) -> str:
    """A TSV field: tabs and line breaks become spaces."""
    return " ".join(str(value).split()) if any(c in str(value) for c in "\t\r\n") else str(value)


def tsv_lines(header: Sequence[str], rows: Iterable[Sequence[object]]) -> Iterable[str]:
    """The lines of a tab-separated table with a header.

    >>> list(tsv_lines(("a", "b"), [("x\\ty", 2)]))
    ['a\\tb\\n', 'x y\\t2\\n']
    """
    yield "\t".join(header) + "\n"
    for row in rows:
        yield "\t".join(map(_field, row)) + "\n"


def write_review(out: Path, aliases: Sequence[Alias], candidates: Sequence[Candidate]) -> None:
    """Write ``aliases.tsv`` and ``merges.tsv`` into ``out``."""
    with open(out / "aliases.tsv", "w", encoding="utf-8", errors=ENCODING_ERRORS, newline="") as fh:
        fh.writelines(tsv_lines(ALIASES_HEADER, ((a.surface, a.label, a.entity, a.rule, a.papers) for a in aliases)))
    with open(out / "merges.tsv", "w", encoding="utf-8", errors=ENCODING_ERRORS, newline="") as fh:
        fh.writelines(tsv_lines(MERGES_HEADER, ((c.surface, "|".join(c.entities), c.reason, c.evidence)
                                                for c in candidates)))
