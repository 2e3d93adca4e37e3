"""A real HTTP server on 127.0.0.1 (ephemeral port, a thread per request) that plays the APIs' recorded answers
from tests/data/fetch, and scripted failures: statuses with Retry-After, bodies cut short, answers too slow."""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from paths import FIXTURES

RECORDED = FIXTURES / "fetch"
# The query parameter that says which page a request asks for, per API path.
PAGE_PARAM = {"/api/query": "start", "/works": "cursor", "/graph/v1/paper/search": "offset",
              "/api/daily_papers": "date"}


@dataclass
class Reply:
    """One scripted answer: ``cut`` sends only that many bytes of the body (with the full Content-Length), then
    closes; ``delay`` waits before answering."""

    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    cut: int | None = None
    content_type: str = "application/json"


def recorded(name: str) -> Reply:
    """The recorded answer in tests/data/fetch/NAME."""
    kind = "application/atom+xml; charset=utf-8" if name.endswith(".xml") else "application/json; charset=utf-8"
    return Reply(body=(RECORDED / name).read_bytes(), content_type=kind)


@dataclass
class Seen:
    path: str
    params: dict[str, str]
    headers: dict[str, str]


class FakeAPI:
    """The server's script: per (path, page) a list of replies, each used once, the last one for good."""

    def __init__(self) -> None:
        self.routes: dict[tuple[str, str], list[Reply]] = {}
        self.requests: list[Seen] = []
        self.lock = threading.Lock()
        self.url = ""

    def add(self, path: str, page: object, *replies: Reply) -> None:
        self.routes.setdefault((path, str(page)), []).extend(replies)

    def next_reply(self, path: str, params: dict[str, str]) -> Reply:
        key = (path, params.get(PAGE_PARAM.get(path, ""), ""))
        with self.lock:
            replies = self.routes.get(key)
            if not replies:
                return Reply(json.dumps({"error": "Not Found", "message": f"no page {key}"}).encode(), status=404)
            return replies.pop(0) if len(replies) > 1 else replies[0]

    def pages(self, path: str) -> list[str]:
        """The page keys asked for on ``path``, in order (retries included)."""
        return [r.params.get(PAGE_PARAM[path], "") for r in self.requests if r.path == path]


def _handler(api: FakeAPI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parts = urllib.parse.urlsplit(self.path)
            params = dict(urllib.parse.parse_qsl(parts.query))
            with api.lock:
                api.requests.append(Seen(parts.path, params, {k.lower(): v for k, v in self.headers.items()}))
            reply = api.next_reply(parts.path, params)
            time.sleep(reply.delay)
            try:
                self.send_response(reply.status)
                self.send_header("Content-Type", reply.content_type)
                self.send_header("Content-Length", str(len(reply.body)))
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(reply.body if reply.cut is None else reply.body[:reply.cut])
                self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a time-out test)
            self.close_connection = True

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


@pytest.fixture
def api():
    """A FakeAPI served on 127.0.0.1 at an ephemeral port; ``api.url`` is its base URL."""
    fake = FakeAPI()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield fake
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


class Waits(list):
    """A sleep that records what it was asked to wait instead of waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def waits() -> Waits:
    return Waits()
