"""kg/corpus/fetch/run.py and `kg fetch`: appending, the state file, resuming without duplicates, refusing another
fetch's file, and the CLI (a real process interrupted with Ctrl-C, then run again)."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

import kg
from kg.cli import app
from kg.corpus.fetch import FetchSettings, fetch, read_state, state_path
from kg.errors import FetchError

from .conftest import Reply, recorded
from .test_sources import serve_arxiv

ROOT = Path(kg.__file__).resolve().parents[1]


def settings(api, out, **options):
    return FetchSettings(**{"source": "arxiv", "query": "invented", "out": out, "base_url": api.url, "delay": 0.0,
                            "backoff": 0.01, "page_size": 3, **options})


def ids(out):
    return [json.loads(line)["id"] for line in out.read_text().splitlines()]


def test_resumes_in_the_middle_of_a_page_without_duplicates(api, waits, tmp_path):
    serve_arxiv(api)
    out = tmp_path / "a.jsonl"
    first = fetch(settings(api, out, max_records=4), sleep=waits)
    assert (first.written, first.total, first.exhausted) == (4, 4, False)
    assert read_state(state_path(out)).cursor == 3  # the page it stopped in is asked again
    second = fetch(settings(api, out, max_records=100), sleep=waits)
    assert second.resumed and (second.written, second.duplicates, second.total, second.exhausted) == (2, 1, 6, True)
    assert api.pages("/api/query") == ["0", "3", "3", "6"]
    assert len(ids(out)) == len(set(ids(out))) == 6


def test_interrupted_after_page_one_goes_on_with_page_two(api, waits, tmp_path):
    serve_arxiv(api)
    out = tmp_path / "a.jsonl"

    def stop_after_first_page(line):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        fetch(settings(api, out), progress=stop_after_first_page, sleep=waits)
    assert len(ids(out)) == 3 and read_state(state_path(out)).cursor == 3
    result = fetch(settings(api, out), sleep=waits)
    assert result.resumed and result.written == 3 and api.pages("/api/query") == ["0", "3", "6"]
    assert ids(out) == ["2400.01000", "2401.01001", "2402.01002", "2403.01003", "2404.01004", "cs/0701005"]


def test_a_line_cut_off_by_a_killed_run_is_dropped_and_fetched_again(api, waits, tmp_path):
    serve_arxiv(api)
    out = tmp_path / "a.jsonl"
    fetch(settings(api, out, max_records=3), sleep=waits)
    with out.open("a") as handle:
        handle.write('{"id": "2403.01003", "title": "Contr')
    result = fetch(settings(api, out), sleep=waits)
    assert result.total == 6 and len(ids(out)) == len(set(ids(out))) == 6


def test_a_server_that_keeps_failing_keeps_what_was_written(api, waits, tmp_path):
    api.add("/api/query", 0, recorded("arxiv-0.xml"))
    api.add("/api/query", 3, *[Reply(b"busy", status=503)] * 3, recorded("arxiv-3.xml"))
    api.add("/api/query", 6, recorded("arxiv-6.xml"))
    out = tmp_path / "a.jsonl"
    with pytest.raises(FetchError, match=r"gave up after 3 attempts \(last: HTTP 503.*run the same command again"):
        fetch(settings(api, out, attempts=3), sleep=waits)
    assert len(ids(out)) == 3
    assert fetch(settings(api, out, attempts=3), sleep=waits).total == 6


def test_a_finished_fetch_asks_nothing_more(api, waits, tmp_path):
    serve_arxiv(api)
    out = tmp_path / "a.jsonl"
    fetch(settings(api, out), sleep=waits)
    asked = len(api.requests)
    again = fetch(settings(api, out), sleep=waits)
    assert (again.written, again.pages, again.total, again.exhausted) == (0, 0, 6, True)
    assert len(api.requests) == asked


def test_another_query_into_the_same_file_is_refused_unless_overwrite(api, waits, tmp_path):
    serve_arxiv(api)
    out = tmp_path / "a.jsonl"
    fetch(settings(api, out, max_records=2), sleep=waits)
    with pytest.raises(FetchError, match=r"a.jsonl holds the fetch arxiv 'invented'; this run asks for arxiv 'other'"):
        fetch(settings(api, out, query="other"), sleep=waits)
    with pytest.raises(FetchError, match="--since 2024-01-01"):
        fetch(settings(api, out, since="2024-01-01"), sleep=waits)
    api.routes[("/api/query", "0")] = [recorded("arxiv-3.xml")]  # what 'other' finds
    result = fetch(settings(api, out, query="other", overwrite=True, max_records=3), sleep=waits)
    assert not result.resumed and ids(out) == ["2403.01003", "2404.01004", "cs/0701005"]
    assert read_state(state_path(out)).query == "other"


def test_a_file_kg_fetch_did_not_write_is_refused(api, waits, tmp_path):
    out = tmp_path / "mine.jsonl"
    out.write_text('{"title": "T", "abstract": "A"}\n')
    with pytest.raises(FetchError, match=r"mine.jsonl exists and was not written by kg fetch"):
        fetch(settings(api, out), sleep=waits)
    assert api.requests == []


def test_a_broken_state_file_is_one_line(api, waits, tmp_path):
    out = tmp_path / "a.jsonl"
    out.write_text("")
    state_path(out).write_text("{nope")
    with pytest.raises(FetchError, match=r"/.a.jsonl.fetch-state.json: not a kg fetch state file"):
        fetch(settings(api, out), sleep=waits)


@pytest.mark.parametrize(("change", "message"), [
    ({"source": "pubmed"}, "unknown source 'pubmed'; expected one of arxiv, openalex, semanticscholar, hf-daily"),
    ({"since": "May 2024"}, "--since 'May 2024': expected a date YYYY-MM-DD"),
    ({"base_url": "ftp://x"}, "--base-url 'ftp://x': expected an http"),
    ({"max_records": 0}, "--max 0: expected a number of records of at least 1"),
    ({"timeout": 0}, "timeout=0: expected a number of seconds > 0"),
])
def test_bad_settings_are_refused_before_any_request(api, waits, tmp_path, change, message):
    with pytest.raises(FetchError, match=message.replace("(", r"\(")):
        fetch(settings(api, tmp_path / "a.jsonl", **change), sleep=waits)
    assert api.requests == []


def test_cli_fetch_then_build(api, tmp_path):
    serve_arxiv(api)
    out = tmp_path / "a.jsonl"
    runner = CliRunner()
    result = runner.invoke(app, ["fetch", "arxiv", "invented", "--out", str(out), "--max", "50", "--base-url", api.url,
                                 "--delay", "0", "--mailto", "me@example.org"])
    assert result.exit_code == 0, result.output
    assert "arxiv: page 3 (6): 1 records, 0 new, 1 without abstract; 6 in" in result.output
    assert "Wrote 6 records to" in result.output and "1 without abstract" in result.output
    assert "The source has no more." in result.output
    assert "mailto:me@example.org" in api.requests[0].headers["user-agent"]
    built = runner.invoke(app, ["build", str(out), "--model", "rules", "--no-html", "--out", str(tmp_path / "b")])
    assert built.exit_code == 0, built.output
    assert "Read 6 records: 6 distinct papers." in built.output


def test_cli_error_is_one_line(api, tmp_path):
    api.add("/api/query", 0, Reply(b"<html>", content_type="text/html"))
    result = CliRunner().invoke(app, ["fetch", "arxiv", "x", "--out", str(tmp_path / "a.jsonl"), "--base-url", api.url,
                                      "--delay", "0"])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and result.output.startswith("Error: ") and "not XML" in result.output


def _wait_for(predicate, seconds=60.0):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def test_ctrl_c_leaves_a_file_the_same_command_goes_on_with(api, tmp_path):
    api.add("/api/query", 0, recorded("arxiv-0.xml"))
    api.add("/api/query", 3, Reply(recorded("arxiv-3.xml").body, delay=30), recorded("arxiv-3.xml"))
    api.add("/api/query", 6, recorded("arxiv-6.xml"))
    out = tmp_path / "a.jsonl"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    command = [sys.executable, "-m", "kg", "fetch", "arxiv", "invented", "--out", str(out), "--base-url", api.url,
               "--delay", "0"]
    # a shell without job control starts background jobs with SIGINT ignored, and children inherit that: the
    # fetch must see Ctrl-C as a terminal delivers it, whatever ran this test
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        assert _wait_for(lambda: len(api.pages("/api/query")) == 2), "page 2 was never asked for"
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=30)
    finally:
        process.kill()
    assert process.returncode == 130, stderr
    assert "Interrupted" in stderr and "Traceback" not in stderr
    assert len(ids(out)) == 3 and read_state(state_path(out)).cursor == 3
    again = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert again.returncode == 0, again.stderr
    assert "Wrote 3 records" in again.stdout and "6 in all" in again.stdout
    assert ids(out) == ["2400.01000", "2401.01001", "2402.01002", "2403.01003", "2404.01004", "cs/0701005"]


def test_an_empty_page_before_the_end_is_asked_for_again(api, waits, tmp_path):
    empty = recorded("arxiv-6.xml").body.split(b"<entry>")[0] + b"</feed>\n"  # the feed counts 7, holds none
    api.add("/api/query", 0, Reply(empty), recorded("arxiv-0.xml"))
    api.add("/api/query", 3, Reply(empty))
    notes = []
    with pytest.raises(FetchError, match=r"start=3.*gave up after 3 attempts \(last: an empty page although the "
                                         r"source counts 7 results\)"):
        fetch(settings(api, tmp_path / "a.jsonl", attempts=3), progress=notes.append, sleep=waits)
    assert api.pages("/api/query") == ["0", "0", "3", "3", "3"] and len(ids(tmp_path / "a.jsonl")) == 3
    assert "an empty page although the source counts 7 results; waiting 0.0 s, then attempt 2 of 3" in notes[0]


def test_an_output_that_cannot_be_written_is_one_line(api, waits, tmp_path):
    (tmp_path / "plain").write_text("a file, not a folder")
    with pytest.raises(FetchError, match=r"plain/a.jsonl: cannot write"):
        fetch(settings(api, tmp_path / "plain" / "a.jsonl"), sleep=waits)
    assert api.requests == []


def test_a_file_edited_by_hand_is_one_line(api, waits, tmp_path):
    serve_arxiv(api)
    out = tmp_path / "a.jsonl"
    fetch(settings(api, out, max_records=2), sleep=waits)
    out.write_text(out.read_text() + "not json\n")
    with pytest.raises(FetchError, match=r"a.jsonl:3: not a record kg fetch wrote"):
        fetch(settings(api, out), sleep=waits)
