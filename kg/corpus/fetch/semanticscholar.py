"""Semantic Scholar's Graph API: ``/graph/v1/paper/search?query=&offset=&limit=&fields=...``, JSON pages.

Without a key all users share a pool of about 100 requests per 5 minutes, so kg waits 3 s between requests; with a
key (``x-api-key``, read from ``S2_API_KEY``) the introductory rate is one request a second. Relevance search
serves at most 1,000 results per query (offset + limit); ``--since`` becomes ``publicationDateOrYear=DATE:``.
Papers whose abstract is null are skipped and counted.
"""

from __future__ import annotations

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
from kg.errors import Messages

EXPECTED = "a Semantic Scholar search page: an object with 'total', 'offset' and a 'data' list"
FIELDS = "title,abstract,year,authors,venue,externalIds,url,publicationDate"
MAX_PER_QUERY = 1000


def start(query: Query) -> Cursor:
    return 0


def page_url(base: str, query: Query, cursor: Cursor) -> str:
    offset = int(cursor)
    params: dict[str, str | int] = {"query": query.text, "offset": offset,
                                    "limit": min(query.size, 100, MAX_PER_QUERY - offset), "fields": FIELDS}
    if query.since is not None:
        params["publicationDateOrYear"] = f"{query.since.isoformat()}:"
    return f"{base}/graph/v1/paper/search?{urllib.parse.urlencode(params)}"


def _paper(paper: dict[str, Any]) -> dict[str, Any] | None:
    given = paper.get("externalIds")
    external: dict[str, Any] = given if isinstance(given, dict) else {}
    arxiv = clean(external.get("ArXiv"))
    arxiv_id = strip_version(arxiv) if arxiv else None
    paper_id = clean(paper.get("paperId"))
    authors = [a.get("name") for a in paper.get("authors") or [] if isinstance(a, dict)]
    return paper_record(
        id=paper_id, title=paper.get("title"), abstract=paper.get("abstract"),
        date=iso_day(paper.get("publicationDate")), year=paper.get("year"), authors=authors, venue=paper.get("venue"),
        doi=bare_doi(external.get("DOI")), url=paper.get("url"), arxiv_id=arxiv_id,
        ids={"semanticscholar": paper_id, "arxiv": arxiv_id or ""})


def parse(body: bytes, url: str, query: Query, cursor: Cursor) -> Page:
    """One search page and the next offset (none past the last result or the 1,000-result limit)."""
    obj = load_json(body, url, EXPECTED)
    if not isinstance(obj, dict) or "data" not in obj:
        keys = ", ".join(sorted(obj)) if isinstance(obj, dict) else type(obj).__name__
        raise bad_shape(url, f"the answer holds {keys or 'nothing'}", EXPECTED)
    papers = objects(obj["data"], url, "data", EXPECTED)
    for i, paper in enumerate(papers):
        if not clean(paper.get("paperId")):
            raise bad_shape(url, f"data[{i}] has no 'paperId'", EXPECTED)
    records = [_paper(p) for p in papers]
    found = tuple(r for r in records if r is not None)
    total = obj.get("total") if isinstance(obj.get("total"), int) else None
    following = obj.get("next")
    next_offset = following if papers and isinstance(following, int) and following < MAX_PER_QUERY else None
    note = None
    at_cap = (isinstance(following, int) and following >= MAX_PER_QUERY) or int(cursor) + len(papers) >= MAX_PER_QUERY
    if next_offset is None and total is not None and total > MAX_PER_QUERY and at_cap:
        note = Messages.FETCH_CAPPED.format(source="Semantic Scholar", limit=MAX_PER_QUERY, total=total)
    return Page(records=found, next=next_offset, skipped=len(records) - len(found), total=total, note=note)


SOURCE = Source(name="semanticscholar", base_url="https://api.semanticscholar.org", delay=3.0, page_size=100,
                expected=EXPECTED, start=start, url=page_url, parse=parse, keyed_delay=1.0, key_header="x-api-key")
