"""Hugging Face daily papers: ``/api/daily_papers?date=YYYY-MM-DD``, one JSON list per day.

kg walks the days from today back to ``--since`` (default: 30 days), one request a second (the endpoint documents
no limit; kg keeps this pace), and keeps the papers whose title and abstract contain every word of the query
(``*`` keeps all). Ids are arXiv ids.
"""

from __future__ import annotations

import re
import urllib.parse
from datetime import date, timedelta
from typing import Any

from kg.corpus.fetch.source import (
    Cursor,
    Page,
    Query,
    Source,
    bad_shape,
    clean,
    iso_day,
    load_json,
    objects,
    paper_record,
    strip_version,
)

EXPECTED = "a JSON list of daily-paper objects, each with a 'paper' object"
DEFAULT_DAYS = 30
_WORD = re.compile(r"\w+")
_ARXIV_ID = re.compile(r"^(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?$")


def words(text: str) -> set[str]:
    """The words a query asks for, case-folded; none for ``*``.

    >>> sorted(words("Graph  neural-Networks")), words("*")
    (['graph', 'networks', 'neural'], set())
    """
    return {w.casefold() for w in _WORD.findall(text)}


def first_day(query: Query) -> date:
    """The oldest day walked: ``--since``, or 30 days back from ``until`` (that day included).

    >>> first_day(Query("x", until=date(2024, 5, 3))), first_day(Query("x", until=date(2024, 5, 3), since=date(2024, 5, 1)))
    (datetime.date(2024, 4, 4), datetime.date(2024, 5, 1))
    """
    return query.since or query.until - timedelta(days=DEFAULT_DAYS - 1)


def start(query: Query) -> Cursor:
    return query.until.isoformat()


def page_url(base: str, query: Query, cursor: Cursor) -> str:
    return f"{base}/api/daily_papers?{urllib.parse.urlencode({'date': str(cursor)})}"


def _paper(item: dict[str, Any]) -> dict[str, Any] | None:
    paper = item["paper"]
    paper_id = clean(paper.get("id"))
    arxiv_id = strip_version(paper_id) if _ARXIV_ID.match(paper_id) else None
    authors = [a.get("name") for a in paper.get("authors") or [] if isinstance(a, dict)]
    return paper_record(
        id=arxiv_id or paper_id, title=paper.get("title") or item.get("title"),
        abstract=paper.get("summary") or item.get("summary"),
        date=iso_day(paper.get("publishedAt")) or iso_day(item.get("publishedAt")), authors=authors,
        url=f"https://huggingface.co/papers/{paper_id}", arxiv_id=arxiv_id, ids={"arxiv": arxiv_id or ""})


def parse(body: bytes, url: str, query: Query, cursor: Cursor) -> Page:
    """One day's papers, those matching the query, and the day before (none past the first day)."""
    items = objects(load_json(body, url, EXPECTED), url, "the answer", EXPECTED)
    for i, item in enumerate(items):
        if not isinstance(item.get("paper"), dict) or not clean(item["paper"].get("id")):
            raise bad_shape(url, f"item {i} has no 'paper' object with an 'id'", EXPECTED)
    wanted = words(query.text)
    records = [_paper(item) for item in items]
    found = [r for r in records if r is not None]
    matching = tuple(r for r in found if wanted <= words(f"{r['title']} {r['abstract']}"))
    day = date.fromisoformat(str(cursor)) - timedelta(days=1)
    return Page(records=matching, next=day.isoformat() if day >= first_day(query) else None,
                skipped=len(records) - len(found), unmatched=len(found) - len(matching))


SOURCE = Source(name="hf-daily", base_url="https://huggingface.co", delay=1.0, page_size=100, expected=EXPECTED,
                start=start, url=page_url, parse=parse)
