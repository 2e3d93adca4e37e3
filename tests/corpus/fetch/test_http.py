"""kg/corpus/fetch/http.py: the polite client against a real local HTTP server."""

import json

import pytest

from kg import __version__
from kg.corpus.fetch.http import HttpClient, Politeness, user_agent
from kg.errors import FetchError

from .conftest import Reply

OK = Reply(json.dumps({"ok": True}).encode())


def client(waits, notes=None, **politeness):
    settings = {"delay": 0.0, "timeout": 5.0, "attempts": 4, "backoff": 0.5, **politeness}
    return HttpClient(Politeness(**settings), user_agent=user_agent("me@example.org"), sleep=waits,
                      notify=(notes.append if notes is not None else None))


def test_sends_a_user_agent_naming_kg_and_the_contact(api, waits):
    api.add("/x", "", OK)
    assert client(waits).get(f"{api.url}/x", "JSON") == OK.body
    agent = api.requests[0].headers["user-agent"]
    assert agent.startswith(f"kg/{__version__} ") and "mailto:me@example.org" in agent


def test_429_waits_what_retry_after_says(api, waits):
    api.add("/x", "", Reply(b'{"message": "slow down"}', status=429, headers={"Retry-After": "7"}), OK)
    notes = []
    assert client(waits, notes).get(f"{api.url}/x", "JSON") == OK.body
    assert waits == [7.0] and len(api.requests) == 2
    assert "HTTP 429" in notes[0] and "7.0 s" in notes[0] and "attempt 2 of 4" in notes[0]


def test_5xx_backs_off_exponentially(api, waits):
    api.add("/x", "", Reply(b"oops", status=500), Reply(b"oops", status=502), Reply(b"oops", status=503), OK)
    assert client(waits).get(f"{api.url}/x", "JSON") == OK.body
    assert waits == [0.5, 1.0, 2.0]


def test_a_body_cut_short_is_fetched_again(api, waits):
    api.add("/x", "", Reply(b'{"ok": true, "padding": "' + b"x" * 500 + b'"}', cut=40), OK)
    assert client(waits).get(f"{api.url}/x", "JSON") == OK.body
    assert len(api.requests) == 2 and waits == [0.5]


def test_a_time_out_is_retried(api, waits):
    api.add("/x", "", Reply(b"{}", delay=1.5), OK)
    notes = []
    assert client(waits, notes, timeout=0.3).get(f"{api.url}/x", "JSON") == OK.body
    assert "no answer within 0.3 s" in notes[0]


def test_gives_up_after_the_attempts_with_one_line(api, waits):
    api.add("/x", "", Reply(b"down", status=503))
    with pytest.raises(FetchError) as caught:
        client(waits).get(f"{api.url}/x?api_key=s3cret", "JSON")
    message = str(caught.value)
    assert "\n" not in message and "gave up after 4 attempts" in message and "HTTP 503" in message
    assert "/x?api_key=***" in message and "s3cret" not in message
    assert len(api.requests) == 4 and waits == [0.5, 1.0, 2.0]


def test_a_client_error_is_not_retried(api, waits):
    api.add("/x", "", Reply(json.dumps({"error": "Invalid", "message": "Unknown filter field: nope"}).encode(),
                            status=400))
    with pytest.raises(FetchError, match=r"/x: the server answered HTTP 400 Bad Request \(Unknown filter field: nope\)"):
        client(waits).get(f"{api.url}/x", "JSON")
    assert len(api.requests) == 1


def test_a_wait_longer_than_allowed_ends_the_fetch(api, waits):
    api.add("/x", "", Reply(b"", status=429, headers={"Retry-After": "86400"}))
    with pytest.raises(FetchError, match="asks to wait 86400 s"):
        client(waits).get(f"{api.url}/x", "JSON")
    assert waits == []


def test_requests_are_paced(api):
    api.add("/x", "", OK)
    asked = []
    ticks = iter([0.0, 0.5, 10.0, 10.0, 13.0])
    paced = HttpClient(Politeness(delay=3.0), user_agent="t", sleep=asked.append, clock=lambda: next(ticks))
    paced.get(f"{api.url}/x", "JSON")  # ends at 0.0
    paced.get(f"{api.url}/x", "JSON")  # asked at 0.5: waits 2.5 s; ends at 10.0
    paced.get(f"{api.url}/x", "JSON")  # asked at 10.0: waits 3.0 s
    assert asked == [2.5, 3.0]


def test_connection_refused_is_retried_then_named(waits):
    with pytest.raises(FetchError, match=r"127.0.0.1:9/x: gave up after 2 attempts \(last: cannot connect"):
        client(waits, attempts=2).get("http://127.0.0.1:9/x", "JSON")


def test_an_error_answer_cut_short_is_still_retried(api, waits):
    api.add("/x", "", Reply(b'{"message": "' + b"y" * 300 + b'"}', status=503, cut=20), OK)
    assert client(waits).get(f"{api.url}/x", "JSON") == OK.body
    assert waits == [0.5]
