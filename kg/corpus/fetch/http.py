"""The HTTP side of the fetchers: one polite client (standard library only) that paces its requests, names kg in
its User-Agent, and retries with exponential back-off on 429 (honouring ``Retry-After``), 5xx, time-outs, dropped
connections and bodies cut short, a bounded number of times."""

from __future__ import annotations

import http.client
import json
import re
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

from kg import __version__
from kg.errors import FetchError, Messages

RETRY_STATUSES = frozenset({408, 425, 429})  # besides every 5xx
_SECRET = re.compile(r"((?:api_key|apikey|key|token)=)[^&#]+", re.IGNORECASE)


@dataclass(frozen=True)
class Politeness:
    """How a client paces and retries.

    ``delay`` seconds pass between the end of one request and the start of the next; a failed request is tried
    again after ``backoff``, then twice as long each time (or what ``Retry-After`` says), ``attempts`` times in
    all; a server that asks to wait more than ``max_wait`` seconds ends the fetch.
    """

    delay: float
    timeout: float = 30.0
    attempts: int = 5
    backoff: float = 1.0
    max_wait: float = 300.0


def user_agent(mailto: str | None = None) -> str:
    """The User-Agent kg sends: its name and version, and the contact address when one is given.

    >>> user_agent("me@example.org").startswith("kg/") and user_agent("me@example.org").endswith("(mailto:me@example.org)")
    True
    """
    agent = f"kg/{__version__} (knowledge graphs from paper abstracts; python-urllib)"
    return f"{agent} (mailto:{mailto})" if mailto else agent


def shown_url(url: str) -> str:
    """``url`` as kg prints it: keys and tokens in the query string are masked.

    >>> shown_url("https://api.example.org/works?search=x&api_key=s3cret&mailto=a@b.c")
    'https://api.example.org/works?search=x&api_key=***&mailto=a@b.c'
    """
    return _SECRET.sub(r"\1***", url)


def retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (a number of seconds or an HTTP date); ``None`` if absent or
    unreadable.

    >>> retry_after("7"), retry_after(None), retry_after("soon")
    (7.0, None, None)
    >>> retry_after("Wed, 21 Oct 2015 07:28:30 GMT", datetime(2015, 10, 21, 7, 28, tzinfo=timezone.utc))
    30.0
    """
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())


class _Retryable(Exception):
    """A failure worth another attempt: ``reason`` says what happened, ``wait`` what the server asked for."""

    def __init__(self, reason: str, wait: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.wait = wait


def _detail(body: bytes) -> str:
    """A short reason from an error body: a JSON ``message``/``error``, an Atom ``<summary>``, or nothing."""
    text = body[:4000].decode("utf-8", "replace")
    try:
        obj = json.loads(text)
    except ValueError:
        match = re.search(r"<summary[^>]*>(.*?)</summary>", text, re.DOTALL)
        found = match.group(1) if match else ""
    else:
        found = str(obj.get("message") or obj.get("error") or "") if isinstance(obj, dict) else ""
    found = " ".join(found.split())[:200]
    return f" ({found})" if found else ""


def _error_body(err: urllib.error.HTTPError) -> bytes:
    """The body of an error answer, or nothing when it cannot be read (cut off, timed out)."""
    try:
        return bytes(err.read()) if err.fp is not None else b""
    except (OSError, http.client.HTTPException):
        return b""


class HttpClient:
    """GET with pacing, retries and back-off; one instance per fetch (it remembers when it last asked).

    ``sleep`` and ``clock`` are parameters so that tests can record the waits instead of sitting through them;
    ``notify`` receives one line per retry.
    """

    def __init__(self, politeness: Politeness, *, user_agent: str, headers: Mapping[str, str] | None = None,
                 sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic,
                 notify: Callable[[str], None] | None = None) -> None:
        self.politeness = politeness
        self.headers = {"User-Agent": user_agent, **(headers or {})}
        self._sleep = sleep
        self._clock = clock
        self._notify = notify or (lambda message: None)
        self._last: float | None = None

    def get(self, url: str, expected: str) -> bytes:
        """The body of a 200 answer to GET ``url``.

        Raises
        ------
        FetchError
            After ``attempts`` failures worth retrying, when the server asks to wait too long, or at once on an
            answer no retry can change (403, 404, ...); the message names the URL (keys masked) and ``expected``.
        """
        p = self.politeness
        for attempt in range(1, p.attempts + 1):
            self._pace()
            try:
                return self._once(url, expected)
            except _Retryable as err:
                if attempt == p.attempts:
                    raise FetchError(Messages.FETCH_GAVE_UP.format(
                        url=shown_url(url), attempts=p.attempts, error=err.reason)) from err
                if err.wait is not None and err.wait > p.max_wait:
                    raise FetchError(Messages.FETCH_WAIT_TOO_LONG.format(
                        url=shown_url(url), seconds=err.wait, limit=p.max_wait)) from err
                self.back_off(f"{shown_url(url)}: {err.reason}", attempt, err.wait)
        raise AssertionError("unreachable: the loop returns or raises")  # pragma: no cover

    def back_off(self, reason: str, attempt: int, wait: float | None = None) -> None:
        """Say why and wait before attempt ``attempt + 1``: ``wait`` seconds if the server named them, else
        ``backoff`` doubled per attempt already made."""
        p = self.politeness
        seconds = wait if wait is not None else p.backoff * 2 ** (attempt - 1)
        self._notify(Messages.FETCH_RETRY.format(reason=reason, seconds=seconds, attempt=attempt + 1,
                                                 attempts=p.attempts))
        self._sleep(seconds)

    def _pace(self) -> None:
        if self._last is not None:
            wait = self.politeness.delay - (self._clock() - self._last)
            if wait > 0:
                self._sleep(wait)

    def _once(self, url: str, expected: str) -> bytes:
        request = urllib.request.Request(url, headers=self.headers)
        timeout = self.politeness.timeout
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return bytes(response.read())
        except urllib.error.HTTPError as err:
            body = _error_body(err)
            if err.code in RETRY_STATUSES or err.code >= 500:
                raise _Retryable(f"HTTP {err.code} {err.reason}", retry_after(err.headers.get("Retry-After"))) from err
            raise FetchError(Messages.FETCH_HTTP.format(url=shown_url(url), status=err.code, reason=err.reason,
                                                        detail=_detail(body), expected=expected)) from err
        except http.client.IncompleteRead as err:
            raise _Retryable(f"the answer was cut off after {len(err.partial)} bytes") from err
        except TimeoutError as err:
            raise _Retryable(f"no answer within {timeout:g} s") from err
        except urllib.error.URLError as err:
            if isinstance(err.reason, TimeoutError):
                raise _Retryable(f"no answer within {timeout:g} s") from err
            raise _Retryable(f"cannot connect ({err.reason})") from err
        except (ConnectionError, http.client.HTTPException) as err:
            raise _Retryable(f"the connection failed ({type(err).__name__}: {err})") from err
        finally:
            self._last = self._clock()
