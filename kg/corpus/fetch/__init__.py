"""Fetchers: pull abstracts from public APIs into a JSON Lines file that ``kg build`` reads.

One module per source (``arxiv``, ``openalex``, ``semanticscholar``, ``hfdaily``), one polite HTTP client
(``http``), and the run that pages, appends and resumes (``run``). Each record carries ``id``, ``title``,
``abstract`` and, where the source has them, ``date``, ``year``, ``authors``, ``venue``, ``doi``, ``url``,
``arxiv_id`` (no version) and ``ids`` (source -> id).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date

from kg.corpus.fetch import arxiv, hfdaily, openalex, semanticscholar
from kg.corpus.fetch.run import FetchResult, FetchSettings, read_state, run_fetch, state_path
from kg.corpus.fetch.source import RECORD_KEYS, Source

SOURCES: dict[str, Source] = {s.name: s for s in (arxiv.SOURCE, openalex.SOURCE, semanticscholar.SOURCE,
                                                  hfdaily.SOURCE)}

__all__ = ["RECORD_KEYS", "SOURCES", "FetchResult", "FetchSettings", "Source", "fetch", "read_state", "state_path"]


def fetch(settings: FetchSettings, *, progress: Callable[[str], None] | None = None,
          sleep: Callable[[float], None] = time.sleep, today: date | None = None) -> FetchResult:
    """Run or resume one fetch from one of :data:`SOURCES` (see :mod:`kg.corpus.fetch.run`).

    ``progress`` receives one line per page and per retry; ``sleep`` and ``today`` are there for tests (record the
    waits, fix the date window).

    Raises
    ------
    FetchError
        One line naming the URL or the file and what was expected; what was written before stays.
    """
    return run_fetch(settings, SOURCES, progress=progress, sleep=sleep, today=today)
