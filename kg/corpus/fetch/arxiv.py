"""arXiv's query API: ``/api/query?search_query=...&start=&max_results=``, answering Atom feeds.

arXiv asks for one request every 3 seconds and serves at most 2,000 results per request and 30,000 per query.
Words without a field prefix are searched in all fields (``all:word AND all:word``); a query that already names
fields (``ti:``, ``abs:``, ``cat:``, ...) goes as written. ``--since`` adds a ``submittedDate`` range.
"""

from __future__ import annotations

import re
import urllib.parse
import xml.etree.ElementTree as ET
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
    load_xml,
    paper_record,
    strip_version,
)
from kg.errors import EmptyPageError, FetchError, Messages

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"
MAX_PER_QUERY = 30000
EXPECTED = "an Atom <feed> of arXiv entries"
_FIELDS = re.compile(r"\b(?:ti|au|abs|co|jr|cat|rn|id|all|submittedDate|lastUpdatedDate):")


def search_query(query: Query) -> str:
    """The ``search_query`` parameter for the user's words and date window.

    >>> from datetime import date
    >>> search_query(Query("graph neural", until=date(2024, 6, 30)))
    'all:graph AND all:neural'
    >>> search_query(Query("cat:cs.CL", until=date(2024, 6, 30), since=date(2024, 1, 1)))
    '(cat:cs.CL) AND submittedDate:[202401010000 TO 202406302359]'
    """
    words = query.text.strip()
    text = words if _FIELDS.search(words) else " AND ".join(f"all:{w}" for w in words.split())
    if query.since is None:
        return text
    window = f"submittedDate:[{query.since:%Y%m%d}0000 TO {query.until:%Y%m%d}2359]"
    return f"({text}) AND {window}" if text else window


def start(query: Query) -> Cursor:
    return 0


def page_url(base: str, query: Query, cursor: Cursor) -> str:
    params = {"search_query": search_query(query), "start": int(cursor),
              "max_results": min(query.size, 2000, MAX_PER_QUERY - int(cursor))}
    return f"{base}/api/query?{urllib.parse.urlencode(params)}"


def _entry(entry: ET.Element) -> dict[str, Any] | None:
    raw_id = clean(entry.findtext(f"{ATOM}id"))
    arxiv_id = strip_version(raw_id)
    link = next((li.get("href") for li in entry.findall(f"{ATOM}link") if li.get("rel") == "alternate"), None)
    day = iso_day(entry.findtext(f"{ATOM}published"))
    return paper_record(
        id=arxiv_id, title=entry.findtext(f"{ATOM}title"), abstract=entry.findtext(f"{ATOM}summary"), date=day,
        authors=[a.findtext(f"{ATOM}name") for a in entry.findall(f"{ATOM}author")],
        venue=entry.findtext(f"{ARXIV}journal_ref"), doi=bare_doi(entry.findtext(f"{ARXIV}doi")),
        url=link or raw_id, arxiv_id=arxiv_id, ids={"arxiv": arxiv_id})


def parse(body: bytes, url: str, query: Query, cursor: Cursor) -> Page:
    """One Atom page: its entries, the total from OpenSearch, and the next ``start``.

    Raises
    ------
    FetchError
        Not XML, not an Atom feed, an entry without an id, or arXiv's own error entry; an
        :class:`~kg.errors.EmptyPageError` for an empty page before the end (asked for again by the caller).
    """
    root = load_xml(body, url, EXPECTED)
    if root.tag != f"{ATOM}feed":
        raise bad_shape(url, f"the root element is <{root.tag}>", EXPECTED)
    entries = root.findall(f"{ATOM}entry")
    for i, entry in enumerate(entries):
        raw_id = clean(entry.findtext(f"{ATOM}id"))
        if not raw_id:
            raise bad_shape(url, f"entry {i + 1} has no <id>", EXPECTED)
        if "/api/errors" in raw_id:
            raise FetchError(Messages.FETCH_API_ERROR.format(url=url, message=clean(entry.findtext(f"{ATOM}summary"))))
    total_text = clean(root.findtext(f"{OPENSEARCH}totalResults"))
    if not total_text.isdigit():
        raise bad_shape(url, "the feed has no <opensearch:totalResults>", EXPECTED)
    total = int(total_text)
    if not entries and int(cursor) < min(total, MAX_PER_QUERY):
        raise EmptyPageError(Messages.FETCH_EMPTY_PAGE.format(total=total))
    records = [_entry(e) for e in entries]
    found = [r for r in records if r is not None]
    after = int(cursor) + len(entries)
    next_start = after if entries and after < min(total, MAX_PER_QUERY) else None
    note = None
    if next_start is None and total > MAX_PER_QUERY and after >= MAX_PER_QUERY:
        note = Messages.FETCH_CAPPED.format(source="arXiv", limit=MAX_PER_QUERY, total=total)
    return Page(records=tuple(found), next=next_start, skipped=len(records) - len(found), total=total, note=note)


SOURCE = Source(name="arxiv", base_url="https://export.arxiv.org", delay=3.0, page_size=100, expected=EXPECTED,
                start=start, url=page_url, parse=parse)
