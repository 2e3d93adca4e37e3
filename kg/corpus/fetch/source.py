"""What every fetcher shares: the query it pages through, one page of results, the description of a source, and
the JSON Lines record kg writes (the keys ``kg build`` and the corpus readers know)."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from kg.errors import FetchError, Messages

Cursor = int | str
"""Where a page starts: an offset, an opaque cursor or a date, as the source pages."""

RECORD_KEYS = ("id", "title", "abstract", "date", "year", "authors", "venue", "doi", "url", "arxiv_id", "ids")
_ARXIV_VERSION = re.compile(r"v\d+$")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}(?:-\d{2})?")


@dataclass(frozen=True)
class Query:
    """What a page's URL needs: the user's words, the date window, the page size and the credentials."""

    text: str
    until: date
    since: date | None = None
    size: int = 100
    mailto: str | None = None
    api_key: str | None = None


@dataclass(frozen=True)
class Page:
    """One answer: the records (JSON Lines objects), how many were left out and why, and where the next page starts
    (``None``: the source has no more)."""

    records: tuple[dict[str, Any], ...]
    next: Cursor | None
    skipped: int = 0
    unmatched: int = 0
    total: int | None = None
    note: str | None = None


@dataclass(frozen=True)
class Source:
    """A public API kg fetches from.

    ``delay`` is the pace its documentation asks for (``keyed_delay`` with an API key), ``url`` makes the address
    of the page at a cursor, ``parse`` turns the answer into a :class:`Page`, ``key_header`` names the header that
    carries an API key (``None``: the key goes into the URL, or there is none).
    """

    name: str
    base_url: str
    delay: float
    page_size: int
    expected: str
    start: Callable[[Query], Cursor]
    url: Callable[[str, Query, Cursor], str]
    parse: Callable[[bytes, str, Query, Cursor], Page]
    keyed_delay: float | None = None
    key_header: str | None = None


def clean(value: Any) -> str:
    """Text with its runs of white space (line breaks included) collapsed; '' for what is not a string.

    >>> clean("  Deep\\n   nets  "), clean(None)
    ('Deep nets', '')
    """
    return " ".join(value.split()) if isinstance(value, str) else ""


def strip_version(arxiv_id: str) -> str:
    """An arXiv id without its version and URL.

    >>> strip_version("http://arxiv.org/abs/2401.01234v2"), strip_version("hep-th/0101001v1")
    ('2401.01234', 'hep-th/0101001')
    """
    tail = arxiv_id.strip().split("arxiv.org/abs/", 1)[-1]
    return _ARXIV_VERSION.sub("", tail)


def bare_doi(doi: Any) -> str | None:
    """A DOI without its resolver prefix, or ``None``.

    >>> bare_doi("https://doi.org/10.1234/ABC.5"), bare_doi("")
    ('10.1234/ABC.5', None)
    """
    text = clean(doi)
    for prefix in ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "doi:"):
        if text.lower().startswith(prefix):
            text = text[len(prefix):]
    return text or None


def iso_day(value: Any) -> str | None:
    """The ISO 8601 date at the start of a timestamp, or ``None``.

    >>> iso_day("2024-03-11T17:59:01Z"), iso_day("2023"), iso_day(None)
    ('2024-03-11', None, None)
    """
    match = _ISO_DAY.match(value.strip()) if isinstance(value, str) else None
    return match.group(0) if match else None


def paper_record(*, id: str, title: Any, abstract: Any, date: str | None = None, year: Any = None,
                 authors: Iterable[Any] = (), venue: Any = None, doi: str | None = None, url: Any = None,
                 arxiv_id: str | None = None, ids: dict[str, str] | None = None) -> dict[str, Any] | None:
    """The JSON Lines object of one paper, keys in :data:`RECORD_KEYS` order and empty values left out; ``None``
    when the title or the abstract is empty (the caller counts it as skipped).

    >>> paper_record(id="W1", title="A  title", abstract="Some\\ntext.", date="2024-05-01", authors=["A. B.", ""])
    {'id': 'W1', 'title': 'A title', 'abstract': 'Some text.', 'date': '2024-05-01', 'year': 2024, 'authors': ['A. B.']}
    >>> paper_record(id="W2", title="T", abstract=None) is None
    True
    """
    title, abstract = clean(title), clean(abstract)
    if not title or not abstract:
        return None
    if year is None and date:
        year = int(date[:4])
    values: dict[str, Any] = {
        "id": id, "title": title, "abstract": abstract, "date": date,
        "year": year if isinstance(year, int) and not isinstance(year, bool) else None,
        "authors": [clean(a) for a in authors if clean(a)], "venue": clean(venue) or None, "doi": doi,
        "url": clean(url) or None, "arxiv_id": arxiv_id, "ids": {k: v for k, v in (ids or {}).items() if v},
    }
    return {key: values[key] for key in RECORD_KEYS if values[key] not in (None, [], {}, "")}


def load_json(body: bytes, url: str, expected: str) -> Any:
    """Decode a JSON answer.

    Raises
    ------
    FetchError
        Naming the URL and what was expected, when the body is not JSON.
    """
    try:
        return json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        reason = err.msg if isinstance(err, json.JSONDecodeError) else "not UTF-8"
        raise FetchError(Messages.FETCH_BAD_JSON.format(url=url, error=reason, expected=expected)) from err


def load_xml(body: bytes, url: str, expected: str) -> ET.Element:
    """Parse an XML answer (the standard library's parser, which refuses entity expansion bombs).

    Raises
    ------
    FetchError
        Naming the URL and what was expected, when the body is not well-formed XML.
    """
    try:
        return ET.fromstring(body)
    except ET.ParseError as err:
        raise FetchError(Messages.FETCH_BAD_XML.format(url=url, error=err, expected=expected)) from err


def bad_shape(url: str, what: str, expected: str) -> FetchError:
    """The error for a well-formed answer of another shape than the source's."""
    return FetchError(Messages.FETCH_BAD_SHAPE.format(url=url, what=what, expected=expected))


def objects(items: Any, url: str, where: str, expected: str) -> list[dict[str, Any]]:
    """``items`` as a list of JSON objects, or the error naming the first item that is not one."""
    if not isinstance(items, list):
        raise bad_shape(url, f"{where} is {type(items).__name__}, not a list", expected)
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise bad_shape(url, f"{where}[{i}] is {type(item).__name__}, not an object", expected)
    return items
