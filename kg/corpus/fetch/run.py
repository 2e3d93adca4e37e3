"""Running a fetch: page through a source, append each new record to the JSON Lines file (flushed), and keep a
small state file beside it so that the same command, run again, goes on where the last run stopped.

The state file (``.FILE.jsonl.fetch-state.json``, hidden so that a folder read by ``kg build`` leaves it out) holds
the source, the query, the date window, the cursor of the next page and whether the source has no more. Records
already in the file are recognised by their ``id``, so a page fetched twice (a run stopped in the middle of it) adds
nothing twice.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, TextIO

from kg.corpus.fetch.http import HttpClient, Politeness, shown_url, user_agent
from kg.corpus.fetch.source import Cursor, Page, Query, Source
from kg.errors import EmptyPageError, FetchError, Messages

STATE_SUFFIX = ".fetch-state.json"
STATE_VERSION = 1


@dataclass(frozen=True)
class FetchSettings:
    """One fetch, as the CLI makes it: ``source`` (a key of ``SOURCES``), the ``query``, the output file, at most
    ``max_records`` records in it, and the politeness knobs (``delay`` ``None``: the source's documented pace)."""

    source: str
    query: str
    out: Path
    max_records: int = 1000
    since: str | None = None
    mailto: str | None = None
    api_key: str | None = None
    base_url: str | None = None
    overwrite: bool = False
    delay: float | None = None
    timeout: float = 30.0
    attempts: int = 5
    backoff: float = 1.0
    max_wait: float = 300.0
    page_size: int | None = None


@dataclass(frozen=True)
class FetchResult:
    """What a run did: records ``written`` now and ``total`` in the file, records left out (``skipped`` without
    abstract, ``unmatched`` by the query's words, ``duplicates`` already there), pages fetched, whether the source
    is ``exhausted``, whether the run ``resumed`` an earlier one, and a ``note`` on a source's limit."""

    out: Path
    state: Path
    written: int
    total: int
    skipped: int
    unmatched: int
    duplicates: int
    pages: int
    exhausted: bool
    resumed: bool
    note: str | None = None


@dataclass(frozen=True)
class FetchState:
    """The state file's content."""

    source: str
    query: str
    since: str | None
    until: str
    cursor: Cursor | None
    exhausted: bool = False
    pages: int = 0
    records: int = 0

    def describe(self) -> str:
        return f"{self.source} {self.query!r}" + (f" --since {self.since}" if self.since else "")


def state_path(out: Path) -> Path:
    """The state file beside ``out``, hidden (``kg build`` leaves hidden files of a folder out).

    >>> state_path(Path("data/ml.jsonl")).as_posix()
    'data/.ml.jsonl.fetch-state.json'
    """
    return out.with_name("." + out.name + STATE_SUFFIX)


def parse_since(value: str | None) -> date | None:
    """``--since`` as a date.

    Raises
    ------
    FetchError
        When it is not YYYY-MM-DD.
    """
    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError as err:
        raise FetchError(Messages.FETCH_BAD_SINCE.format(value=value)) from err


def read_state(path: Path) -> FetchState:
    """Load a state file.

    Raises
    ------
    FetchError
        When it is not the JSON kg fetch writes.
    """
    try:
        obj = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(obj, dict) or obj.get("kg_fetch") != STATE_VERSION:
            raise ValueError(f"no 'kg_fetch': {STATE_VERSION}")
        fields = {k: obj[k] for k in ("source", "query", "since", "until", "cursor", "exhausted", "pages", "records")}
    except (OSError, UnicodeDecodeError, ValueError, KeyError) as err:
        raise FetchError(Messages.FETCH_BAD_STATE.format(path=path, error=err)) from err
    return FetchState(**fields)


def write_state(path: Path, state: FetchState) -> None:
    """Replace the state file in one step (written beside, then renamed), so that it is never half written."""
    obj: dict[str, Any] = {"kg_fetch": STATE_VERSION, **state.__dict__,
                           "updated": datetime.now(timezone.utc).isoformat(timespec="seconds")}
    temporary = path.with_name(path.name + ".tmp")
    try:
        temporary.write_text(json.dumps(obj, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        os.replace(temporary, path)
    except OSError as err:
        raise FetchError(Messages.FETCH_CANNOT_WRITE.format(path=path, error=err.strerror or err)) from err


def written_ids(out: Path) -> list[str]:
    """The ids already in ``out``, in order; a last line cut off by a killed run is removed from the file.

    Raises
    ------
    FetchError
        A complete line that is not a JSON object with an ``id``.
    """
    if not out.exists():
        return []
    data = out.read_bytes()
    end = data.rfind(b"\n") + 1
    if end < len(data):  # a record cut off mid-write: drop it, the page is fetched again
        with out.open("r+b") as handle:
            handle.truncate(end)
        data = data[:end]
    ids = []
    for number, line in enumerate(data.decode("utf-8", "replace").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            ids.append(str(obj["id"]))
        except (ValueError, KeyError, TypeError) as err:
            raise FetchError(Messages.FETCH_BAD_OUTPUT_LINE.format(path=out, line=number, error=err)) from err
    return ids


def prepare(settings: FetchSettings, today: date) -> tuple[FetchState, bool]:
    """The state to start from and whether it resumes an earlier run: a new one, the one beside ``out`` (same
    source, query and since), or a fresh one after ``overwrite`` removed both files.

    Raises
    ------
    FetchError
        ``out`` holds another fetch, or a file kg fetch did not write.
    """
    out, path = settings.out, state_path(settings.out)
    fresh = FetchState(source=settings.source, query=settings.query, since=settings.since, until=today.isoformat(),
                       cursor=None)
    if settings.overwrite:
        for old in (out, path):
            try:
                old.unlink(missing_ok=True)
            except OSError as err:
                raise FetchError(Messages.FETCH_CANNOT_WRITE.format(path=old, error=err.strerror or err)) from err
        return fresh, False
    if path.exists():
        held = read_state(path)
        if (held.source, held.query, held.since) != (fresh.source, fresh.query, fresh.since):
            raise FetchError(Messages.FETCH_OTHER_QUERY.format(out=out, held=held.describe(), asked=fresh.describe()))
        return (held, True) if out.exists() else (fresh, False)
    if out.exists() and out.stat().st_size > 0:
        raise FetchError(Messages.FETCH_NOT_OURS.format(out=out, state=path.name))
    return fresh, False


def _write(handle: TextIO, record: dict[str, Any]) -> None:
    try:
        handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        handle.flush()
    except OSError as err:
        raise FetchError(Messages.FETCH_CANNOT_WRITE.format(path=handle.name, error=err.strerror or err)) from err


@dataclass
class _Tally:
    """Counts of one run (mutable: the loop's own bookkeeping, never returned)."""

    written: int = 0
    skipped: int = 0
    unmatched: int = 0
    duplicates: int = 0
    pages: int = 0
    note: str | None = None


def _take(page: Page, handle: TextIO, seen: set[str], limit: int, tally: _Tally) -> bool:
    """Append the page's new records up to ``limit`` in the file; ``True`` if the whole page was taken."""
    for record in page.records:
        if record["id"] in seen:
            tally.duplicates += 1
            continue
        if len(seen) >= limit:
            return False
        _write(handle, record)
        seen.add(record["id"])
        tally.written += 1
    return True


def _client(source: Source, settings: FetchSettings, sleep: Callable[[float], None],
            progress: Callable[[str], None]) -> HttpClient:
    keyed = bool(settings.api_key) and source.keyed_delay is not None
    delay = settings.delay if settings.delay is not None else (source.keyed_delay if keyed else source.delay)
    headers = {source.key_header: settings.api_key} if source.key_header and settings.api_key else {}
    politeness = Politeness(delay=delay or 0.0, timeout=settings.timeout, attempts=settings.attempts,
                            backoff=settings.backoff, max_wait=settings.max_wait)
    return HttpClient(politeness, user_agent=user_agent(settings.mailto), headers=headers, sleep=sleep,
                      notify=progress)


def _query(source: Source, settings: FetchSettings, state: FetchState) -> Query:
    return Query(text=settings.query, until=date.fromisoformat(state.until), since=parse_since(state.since),
                 size=settings.page_size or source.page_size, mailto=settings.mailto,
                 api_key=settings.api_key if source.key_header is None else None)


def _where(cursor: Cursor) -> str:
    text = str(cursor)
    return text if len(text) <= 16 else text[:13] + "..."


def _get_page(source: Source, client: HttpClient, url: str, query: Query, cursor: Cursor,
              settings: FetchSettings) -> Page:
    """One page, asked for again (with the client's back-off) while it comes back empty before the end."""
    for attempt in range(1, settings.attempts + 1):
        try:
            return source.parse(client.get(url, source.expected), shown_url(url), query, cursor)
        except EmptyPageError as err:
            if attempt == settings.attempts:
                raise FetchError(Messages.FETCH_GAVE_UP.format(url=shown_url(url), attempts=attempt, error=err)) from err
            client.back_off(f"{shown_url(url)}: {err}", attempt)
    raise AssertionError("unreachable: the loop returns or raises")  # pragma: no cover


def page_through(source: Source, settings: FetchSettings, state: FetchState, client: HttpClient, handle: TextIO,
                 progress: Callable[[str], None]) -> tuple[FetchState, _Tally]:
    """Fetch pages from the state's cursor, appending to ``handle``, until the file holds ``max_records`` or the
    source has no more; the state file is rewritten after every page."""
    base = (settings.base_url or source.base_url).rstrip("/")
    query, path, tally = _query(source, settings, state), state_path(settings.out), _Tally()
    seen = set(written_ids(settings.out))
    if state.cursor is None and not state.exhausted:
        state = replace(state, cursor=source.start(query))
    while not state.exhausted and state.cursor is not None and len(seen) < settings.max_records:
        where, written_before = _where(state.cursor), tally.written
        page = _get_page(source, client, source.url(base, query, state.cursor), query, state.cursor, settings)
        if _take(page, handle, seen, settings.max_records, tally):
            state = replace(state, cursor=page.next, exhausted=page.next is None)
        state = replace(state, pages=state.pages + 1, records=len(seen))
        write_state(path, state)
        tally.pages += 1
        tally.skipped += page.skipped
        tally.unmatched += page.unmatched
        tally.note = page.note or tally.note
        extra = (f", {page.unmatched} not matching the query" if page.unmatched else "") + (
            f" (of {page.total} matching)" if page.total is not None and tally.pages == 1 else "")
        progress(Messages.FETCH_PAGE.format(
            source=source.name, page=state.pages, where=where, new=tally.written - written_before,
            records=len(page.records) + page.skipped + page.unmatched, skipped=page.skipped, extra=extra,
            total=len(seen), out=settings.out))
    return replace(state, records=len(seen)), tally


def run_fetch(settings: FetchSettings, sources: dict[str, Source], *, progress: Callable[[str], None] | None = None,
              sleep: Callable[[float], None] = time.sleep, today: date | None = None) -> FetchResult:
    """Run (or resume) one fetch; see the module docstring.

    Raises
    ------
    FetchError
        Bad settings, a file that belongs to another fetch, a server that keeps failing or answers what was not
        expected. Records written before the error stay in the file and the state file says where to go on.
    """
    source = sources.get(settings.source)
    if source is None:
        raise FetchError(Messages.FETCH_UNKNOWN_SOURCE.format(name=settings.source, known=", ".join(sources)))
    _check(settings)
    notify = progress or (lambda message: None)
    state, resumed = prepare(settings, today or datetime.now(timezone.utc).date())
    try:
        settings.out.parent.mkdir(parents=True, exist_ok=True)
        handle = settings.out.open("a", encoding="utf-8")
    except OSError as err:
        raise FetchError(Messages.FETCH_CANNOT_WRITE.format(path=settings.out, error=err.strerror or err)) from err
    with handle:
        state, tally = page_through(source, settings, state, _client(source, settings, sleep, notify), handle, notify)
    write_state(state_path(settings.out), state)
    return FetchResult(out=settings.out, state=state_path(settings.out), written=tally.written, total=state.records,
                       skipped=tally.skipped, unmatched=tally.unmatched, duplicates=tally.duplicates,
                       pages=tally.pages, exhausted=state.exhausted, resumed=resumed, note=tally.note)


def _check(settings: FetchSettings) -> None:
    if settings.max_records < 1:
        raise FetchError(Messages.FETCH_BAD_MAX.format(value=settings.max_records))
    parse_since(settings.since)
    if settings.base_url is not None and not settings.base_url.startswith(("http://", "https://")):
        raise FetchError(Messages.FETCH_BAD_BASE_URL.format(value=settings.base_url))
    checks = (("timeout", settings.timeout, settings.timeout > 0, "a number of seconds > 0"),
              ("attempts", settings.attempts, settings.attempts >= 1, "a whole number >= 1"),
              ("delay", settings.delay, settings.delay is None or settings.delay >= 0, "a number of seconds >= 0"),
              ("backoff", settings.backoff, settings.backoff >= 0, "a number of seconds >= 0"))
    for name, value, good, expected in checks:
        if not good:
            raise FetchError(Messages.FETCH_BAD_SETTING.format(name=name, value=value, expected=expected))
