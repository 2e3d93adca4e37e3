"""OpenAlex works: ``/works?search=...&per-page=&cursor=*``, JSON pages paged by ``meta.next_cursor``.

OpenAlex asks for an email address (``mailto``, the polite pool) and, since 2026, an API key for real use
(``api_key``; kg reads it from ``OPENALEX_API_KEY``); it allows at most 100 requests a second, and kg keeps to 10.
Abstracts come as an inverted index (word -> positions) and are rebuilt. ``--since`` filters on
``from_publication_date``.
"""

from __future__ import annotations

import re
import urllib.parse
from typing import Any

from kg.corpus.fetch.source import (
    Cursor,
    Page,
    Query,
    Source,
    bad_shape,
    bare_doi,
    clean,
    iso_day,
    load_json,
    objects,
    paper_record,
    strip_version,
)

EXPECTED = "an OpenAlex works page: an object with 'meta' and a 'results' list"
SELECT = ("id,doi,title,display_name,publication_date,publication_year,authorships,primary_location,locations,"
          "abstract_inverted_index")
_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(.+)$", re.IGNORECASE)


def rebuild_abstract(index: Any) -> str:
    """The abstract from OpenAlex's inverted index (each word with the positions it holds).

    >>> rebuild_abstract({"graphs": [1], "We": [0], "learn": [3], "that": [2]})
    'We graphs that learn'
    >>> rebuild_abstract(None)
    ''
    """
    if not isinstance(index, dict):
        return ""
    slots: dict[int, str] = {}
    for word, positions in index.items():
        for position in positions if isinstance(positions, list) else []:
            if isinstance(position, int):
                slots[position] = str(word)
    return " ".join(slots[i] for i in sorted(slots))


def _arxiv_id(work: dict[str, Any], doi: str | None) -> str | None:
    match = _ARXIV_DOI.match(doi or "")
    if match:
        return strip_version(match.group(1))
    for location in work.get("locations") or []:
        page = location.get("landing_page_url") if isinstance(location, dict) else None
        if isinstance(page, str) and "arxiv.org/abs/" in page:
            return strip_version(page)
    return None


def _nested(obj: Any, *keys: str) -> Any:
    for key in keys:
        obj = obj.get(key) if isinstance(obj, dict) else None
    return obj


def _work(work: dict[str, Any]) -> dict[str, Any] | None:
    openalex_id = clean(work.get("id")).rsplit("/", 1)[-1]
    doi = bare_doi(work.get("doi"))
    arxiv_id = _arxiv_id(work, doi)
    authors = [_nested(a, "author", "display_name") for a in work.get("authorships") or []]
    url = (f"https://doi.org/{doi}" if doi else None) or _nested(work, "primary_location", "landing_page_url") \
        or work.get("id")
    return paper_record(
        id=openalex_id, title=work.get("title") or work.get("display_name"),
        abstract=rebuild_abstract(work.get("abstract_inverted_index")), date=iso_day(work.get("publication_date")),
        year=work.get("publication_year"), authors=authors,
        venue=_nested(work, "primary_location", "source", "display_name"), doi=doi, url=url, arxiv_id=arxiv_id,
        ids={"openalex": openalex_id, "arxiv": arxiv_id or ""})


def start(query: Query) -> Cursor:
    return "*"


def page_url(base: str, query: Query, cursor: Cursor) -> str:
    params: dict[str, str | int] = {"search": query.text, "per-page": min(query.size, 100), "cursor": str(cursor),
                                    "select": SELECT}
    if query.since is not None:
        params["filter"] = f"from_publication_date:{query.since.isoformat()}"
    if query.mailto:
        params["mailto"] = query.mailto
    if query.api_key:
        params["api_key"] = query.api_key
    return f"{base}/works?{urllib.parse.urlencode(params)}"


def parse(body: bytes, url: str, query: Query, cursor: Cursor) -> Page:
    """One works page and the cursor of the next (none once a page comes back empty or without one)."""
    obj = load_json(body, url, EXPECTED)
    if not isinstance(obj, dict) or not isinstance(obj.get("meta"), dict) or "results" not in obj:
        keys = ", ".join(sorted(obj)) if isinstance(obj, dict) else type(obj).__name__
        raise bad_shape(url, f"the answer holds {keys or 'nothing'}", EXPECTED)
    works = objects(obj["results"], url, "results", EXPECTED)
    for i, work in enumerate(works):
        if not clean(work.get("id")):
            raise bad_shape(url, f"results[{i}] has no 'id'", EXPECTED)
    records = [_work(w) for w in works]
    found = tuple(r for r in records if r is not None)
    next_cursor = obj["meta"].get("next_cursor")
    total = obj["meta"].get("count")
    return Page(records=found, next=next_cursor if works and isinstance(next_cursor, str) and next_cursor else None,
                skipped=len(records) - len(found), total=total if isinstance(total, int) else None)


SOURCE = Source(name="openalex", base_url="https://api.openalex.org", delay=0.1, page_size=100, expected=EXPECTED,
                start=start, url=page_url, parse=parse)
