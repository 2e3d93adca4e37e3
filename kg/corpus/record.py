"""From the fields a reader found to a :class:`~kg.records.Paper`: one place that cleans, checks and skips.

A reader gives a mapping with some of the keys of :data:`FIELDS`; :func:`make_paper` cleans the texts (see
:mod:`kg.corpus.clean`), caps the abstract, validates the date, fills ``year`` from it, and skips a record without
a title or an abstract with a counted :class:`~kg.errors.SkippedRecord` warning.

JSON Lines, JSON and CSV records may name their fields in several ways; :data:`FIELD_NAMES` lists the names
accepted for each field (compared case-insensitively, with ``_`` and ``-`` read as spaces).
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Mapping
from typing import Any

from kg.corpus.clean import (
    MAX_ABSTRACT_CHARS,
    cap_abstract,
    clean_text,
    normalise_arxiv_id,
    normalise_doi,
    parse_year,
)
from kg.corpus.text import parse_iso_date, title_id
from kg.errors import AbstractCut, Messages, SkippedRecord
from kg.records import Paper

#: The fields a reader may give :func:`make_paper`.
FIELDS = ("id", "title", "abstract", "date", "year", "authors", "venue", "doi", "url", "arxiv_id", "ids")

#: Accepted names of each field in JSON Lines, JSON and CSV records, in order of preference.
FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "id": ("id", "paper id", "paperid"),
    "title": ("title", "ti", "t1", "paper title", "article title", "document title"),
    "abstract": ("abstract", "summary", "ab", "n2", "abstract text", "abstracttext", "abstract note",
                 "paper abstract", "description"),
    "date": ("date", "publication date", "publicationdate", "published", "published at", "publishedat", "pubdate",
             "da"),
    "year": ("year", "publication year", "py"),
    "authors": ("authors", "author", "au", "author full names", "af"),
    "venue": ("venue", "journal", "source title", "so", "booktitle", "container title", "publication title",
              "journal title"),
    "doi": ("doi", "di"),
    "url": ("url", "link", "ur"),
    "arxiv_id": ("arxiv id", "arxiv", "arxivid"),
    "ids": ("ids", "externalids", "external ids"),
}


_YEARLESS = re.compile(r"--\d{2}-\d{2}")


def field_key(name: str) -> str:
    """How a column or key name is compared: case-folded, ``_``/``-`` as spaces, spacing collapsed.

    >>> field_key(" Abstract_Text "), field_key("Source title")
    ('abstract text', 'source title')
    """
    return " ".join(name.replace("_", " ").replace("-", " ").casefold().split())


def find_field(keys: Iterable[str], field: str) -> str | None:
    """The first of ``keys`` that names ``field`` (by :data:`FIELD_NAMES` order), or ``None``.

    >>> find_field(["Title", "Summary", "Year"], "abstract")
    'Summary'
    """
    by_key = {field_key(k): k for k in reversed(list(keys))}
    return next((by_key[name] for name in FIELD_NAMES[field] if name in by_key), None)


def named_fields(row: Mapping[str, Any]) -> dict[str, Any]:
    """The fields of a JSON or CSV record, found under any of their accepted names.

    >>> named_fields({"Title": "T", "summary": "S", "PY": "2021"})
    {'title': 'T', 'abstract': 'S', 'year': '2021'}
    """
    keys = [k for k in row if isinstance(k, str)]
    found = {field: find_field(keys, field) for field in FIELDS}
    return {field: row[key] for field, key in found.items() if key is not None and row[key] not in (None, "")}


def _text(value: Any) -> str:
    if value is None or isinstance(value, (dict, list)):
        return ""
    return clean_text(str(value))


def _authors(value: Any) -> tuple[str, ...]:
    """Author names from a list (of names or of objects with a name) or from a text separated by ``;``."""
    if isinstance(value, str):
        items: list[Any] = value.split(";") if ";" in value else value.split(" and ")
    elif isinstance(value, list):
        items = value
    else:
        return ()
    names = []
    for item in items:
        if isinstance(item, dict):
            item = item.get("name") or item.get("display_name") or ""
        name = _text(item)
        if name:
            names.append(name)
    return tuple(names)


def _ids(value: Any) -> tuple[tuple[str, str], ...]:
    if isinstance(value, dict):
        pairs = ((str(k), _text(v)) for k, v in value.items() if not isinstance(v, (dict, list)))
    elif isinstance(value, (list, tuple)):
        pairs = ((str(p[0]), _text(p[1])) for p in value if isinstance(p, (list, tuple)) and len(p) == 2)
    else:
        return ()
    return tuple((k, v) for k, v in pairs if v)


def skip(path: str, line: int, reason: str) -> None:
    """Warn that the record at ``path:line`` is left out, with a reason that :func:`read_corpus` counts."""
    where = f"{path}:{line}" if line else path
    warnings.warn(SkippedRecord(f"{where}: " + Messages.SKIPPED_RECORD.format(reason=reason), reason), stacklevel=3)


def make_paper(fields: Mapping[str, Any], path: str, line: int) -> Paper | None:
    """A cleaned :class:`~kg.records.Paper` from a reader's fields, or ``None`` (with a warning) without a title or
    an abstract.

    Examples
    --------
    >>> p = make_paper({"title": " A\\u200b Title ", "abstract": "Text.", "date": "2021-03", "doi": "doi:10.1/X"}, "f", 3)
    >>> p.title, p.year, p.doi, p.id.startswith("t-")
    ('A Title', 2021, '10.1/X', True)
    """
    title, abstract = _text(fields.get("title")), _text(fields.get("abstract"))
    if not title:
        skip(path, line, "without a title")
        return None
    if not abstract:
        skip(path, line, "without an abstract")
        return None
    if len(abstract) > MAX_ABSTRACT_CHARS:
        cut = cap_abstract(abstract)
        where = f"{path}:{line}: "
        message = Messages.ABSTRACT_CUT.format(chars=len(abstract), kept=len(cut), cap=MAX_ABSTRACT_CHARS)
        warnings.warn(AbstractCut(where + message), stacklevel=2)
        abstract = cut
    raw_date = _text(fields.get("date"))
    if _YEARLESS.fullmatch(raw_date):  # a listing page's day without a year, checked by its reader
        date: str | None = raw_date
    else:
        date = parse_iso_date(raw_date, path, line) if raw_date else None
    year = parse_year(fields.get("year")) or parse_year(date or raw_date)
    url = _text(fields.get("url"))
    return Paper(
        id=_text(fields.get("id")) or title_id(title), title=title, abstract=abstract, date=date,
        url=url or None, source=path, line=line, authors=_authors(fields.get("authors")), year=year,
        venue=_text(fields.get("venue")) or None, doi=normalise_doi(_text(fields.get("doi"))),
        arxiv_id=normalise_arxiv_id(_text(fields.get("arxiv_id"))), ids=_ids(fields.get("ids")),
    )
