"""kg/corpus/fetch/{arxiv,openalex,semanticscholar,hfdaily}.py: each source paged through its recorded answers on
a local server, the JSON Lines it writes, and that `kg build`'s reader takes it."""

import json
import warnings
from datetime import date

import pytest

from kg.corpus import read_corpus
from kg.corpus.fetch import RECORD_KEYS, FetchSettings, fetch

from .conftest import Reply, recorded


def run(api, waits, source, query="invented", out=None, **options):
    settings = FetchSettings(source=source, query=query, out=out, base_url=api.url, delay=0.0, backoff=0.01,
                             page_size=3, **options)
    lines = []
    result = fetch(settings, progress=lines.append, sleep=waits, today=date(2024, 5, 3))
    return result, [json.loads(line) for line in out.read_text().splitlines()], lines


def serve_arxiv(api):
    for start in (0, 3, 6):
        api.add("/api/query", start, recorded(f"arxiv-{start}.xml"))


def serve_openalex(api):
    for cursor, name in (("*", "star"), ("Q1", "Q1"), ("Q2", "Q2"), ("Q3", "Q3")):
        api.add("/works", cursor, recorded(f"openalex-{name}.json"))


def serve_s2(api):
    for offset in (0, 3, 6):
        api.add("/graph/v1/paper/search", offset, recorded(f"s2-{offset}.json"))


def serve_hf(api):
    for day in ("2024-05-03", "2024-05-02", "2024-05-01"):
        api.add("/api/daily_papers", day, recorded(f"hf-{day}.json"))


def test_arxiv_pages_through_the_feed(api, waits, tmp_path):
    serve_arxiv(api)
    result, records, lines = run(api, waits, "arxiv", out=tmp_path / "a.jsonl")
    assert api.pages("/api/query") == ["0", "3", "6"]
    assert (result.written, result.skipped, result.pages, result.exhausted) == (6, 1, 3, True)
    first = records[0]
    assert first == {"id": "2400.01000", "title": "Lattice Adapters for Low-Resource Dependency Parsing",
                     "abstract": first["abstract"], "date": "2024-05-03", "year": 2024,
                     "authors": ["Ada Quill", "Björn Ørsted"], "url": "http://arxiv.org/abs/2400.01000v1",
                     "arxiv_id": "2400.01000", "ids": {"arxiv": "2400.01000"}}
    assert first["abstract"].startswith("We propose Lattice Adapters, a parameter-efficient method for dependency "
                                        "parsing in low-resource languages.") and "\n" not in first["abstract"]
    assert records[2]["doi"] == "10.5555/kitchenqa.2024" and records[2]["venue"].startswith("Proceedings")
    assert records[5]["id"] == "cs/0701005"  # an old-style id, version stripped
    assert all(list(r) == [k for k in RECORD_KEYS if k in r] for r in records)
    params = api.requests[0].params
    assert params["search_query"] == "all:invented" and params["max_results"] == "3"
    assert len(lines) == 3 and lines[0].startswith("arxiv: page 1 (0): 3 records, 3 new, 0 without abstract (of 7")


def test_arxiv_since_asks_for_a_date_window(api, waits, tmp_path):
    serve_arxiv(api)
    run(api, waits, "arxiv", query="cat:cs.CL", out=tmp_path / "a.jsonl", since="2024-01-01", max_records=2)
    assert api.requests[0].params["search_query"] == "(cat:cs.CL) AND submittedDate:[202401010000 TO 202405032359]"


def test_openalex_rebuilds_abstracts_and_sends_mailto(api, waits, tmp_path):
    serve_openalex(api)
    result, records, _ = run(api, waits, "openalex", out=tmp_path / "o.jsonl", mailto="me@example.org",
                             api_key="s3cret", since="2023-01-01")
    assert api.pages("/works") == ["*", "Q1", "Q2", "Q3"]
    assert (result.written, result.skipped, result.exhausted) == (6, 1, True)
    params = api.requests[0].params
    assert params["mailto"] == "me@example.org" and params["api_key"] == "s3cret" and params["per-page"] == "3"
    assert params["filter"] == "from_publication_date:2023-01-01" and params["search"] == "invented"
    first = records[0]
    assert first["id"] == "W4000000" and first["doi"] == "10.5555/INVENTED.0" and first["year"] == 2024
    assert first["abstract"].startswith("We propose Lattice Adapters, a parameter-efficient method")
    assert first["venue"] == "Journal of Invented Results" and first["authors"] == ["Ada Quill", "Björn Ørsted"]
    assert first["arxiv_id"] == "2400.01000" and first["ids"] == {"openalex": "W4000000", "arxiv": "2400.01000"}
    assert first["url"] == "https://doi.org/10.5555/INVENTED.0"
    assert "arxiv_id" not in records[3] and records[3]["url"] == "https://example.org/paper/3"


def test_semantic_scholar_skips_null_abstracts_and_sends_the_key(api, waits, tmp_path):
    serve_s2(api)
    result, records, _ = run(api, waits, "semanticscholar", out=tmp_path / "s.jsonl", api_key="k3y",
                             since="2023-06-01")
    assert api.pages("/graph/v1/paper/search") == ["0", "3", "6"]
    assert (result.written, result.skipped, result.exhausted) == (6, 1, True)
    seen = api.requests[0]
    assert seen.headers["x-api-key"] == "k3y" and "k3y" not in json.dumps(seen.params)
    assert seen.params["publicationDateOrYear"] == "2023-06-01:" and seen.params["limit"] == "3"
    assert seen.params["fields"] == "title,abstract,year,authors,venue,externalIds,url,publicationDate"
    assert [r["id"][:2] for r in records] == ["00", "02", "03", "04", "05", "06"]
    assert records[0]["doi"] == "10.5555/invented.0" and records[0]["arxiv_id"] == "2400.01000"
    assert "venue" not in records[4] and records[5]["year"] == 2023 and "date" not in records[5]


def test_hf_daily_walks_the_days_and_filters_by_words(api, waits, tmp_path):
    serve_hf(api)
    result, records, lines = run(api, waits, "hf-daily", query="dataset", out=tmp_path / "h.jsonl",
                                 since="2024-05-01")
    assert api.pages("/api/daily_papers") == ["2024-05-03", "2024-05-02", "2024-05-01"]
    assert [r["id"] for r in records] == ["2401.01001", "2402.01002"]  # the only abstracts saying "dataset"
    assert (result.skipped, result.unmatched, result.exhausted) == (1, 4, True)
    assert records[0]["url"] == "https://huggingface.co/papers/" + records[0]["id"]
    assert "not matching the query" in lines[0]


def test_hf_daily_star_keeps_all(api, waits, tmp_path):
    serve_hf(api)
    result, records, _ = run(api, waits, "hf-daily", query="*", out=tmp_path / "h.jsonl", since="2024-05-01")
    assert (result.written, result.skipped, result.unmatched) == (6, 1, 0)
    assert {r["date"][:4] for r in records} == {"2023", "2024"}


@pytest.mark.parametrize(("source", "serve"), [("arxiv", serve_arxiv), ("openalex", serve_openalex),
                                               ("semanticscholar", serve_s2), ("hf-daily", serve_hf)])
def test_the_written_file_is_a_corpus_kg_reads(api, waits, tmp_path, source, serve):
    serve(api)
    out = tmp_path / f"{source}.jsonl"
    result, records, _ = run(api, waits, source, query="*" if source == "hf-daily" else "invented", out=out,
                             since="2024-05-01" if source == "hf-daily" else None)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the hidden state file beside it is left out without a word
        corpus = read_corpus([tmp_path])
    assert corpus.files == (out,)
    assert corpus.records == result.total == len(records) == 6
    assert [p.id for p in corpus.papers] == [r["id"] for r in records]
    assert [p.date for p in corpus.papers] == [r.get("date") for r in records]


@pytest.mark.parametrize(("source", "path", "page", "body", "expected"), [
    ("arxiv", "/api/query", 0, b"<feed><entry>", r"/api/query\?search_query=all%3Ainvented.*: the answer is not XML "
                                                  r"\(.*\); expected an Atom <feed> of arXiv entries"),
    ("arxiv", "/api/query", 0, b"<html><body>Maintenance</body></html>", r"the root element is <html>; expected an Atom"),
    ("openalex", "/works", "*", b'{"works": []}', r"/works\?.*: the answer holds works; expected an OpenAlex works page"),
    ("openalex", "/works", "*", b'{"meta": {}, "results": [1]}', r"results\[0\] is int, not an object"),
    ("semanticscholar", "/graph/v1/paper/search", 0, b'{"total": 1, "data": {"x": 1}}',
     r"data is dict, not a list; expected a Semantic Scholar search page"),
    ("semanticscholar", "/graph/v1/paper/search", 0, b"{'total': 1", r"the answer is not JSON"),
    ("hf-daily", "/api/daily_papers", "2024-05-03", b'{"papers": []}', r"the answer is dict, not a list"),
    ("hf-daily", "/api/daily_papers", "2024-05-03", b'[{"title": "T"}]', r"item 0 has no 'paper' object"),
])
def test_an_answer_of_another_shape_is_one_line_naming_the_url(api, waits, tmp_path, source, path, page, body,
                                                               expected):
    api.add(path, page, Reply(body))
    with pytest.raises(Exception, match=expected) as caught:
        run(api, waits, source, out=tmp_path / "x.jsonl")
    assert type(caught.value).__name__ == "FetchError" and "\n" not in str(caught.value)
    assert f"{api.url}{path}?" in str(caught.value)


def test_arxiv_error_entry_is_reported(api, waits, tmp_path):
    body = (b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><entry>'
            b"<id>http://arxiv.org/api/errors#incorrect_id_format_for_1234</id><title>Error</title>"
            b"<summary>incorrect id format for 1234</summary></entry></feed>")
    api.add("/api/query", 0, Reply(body, status=400))
    with pytest.raises(Exception, match=r"HTTP 400 Bad Request \(incorrect id format for 1234\)"):
        run(api, waits, "arxiv", out=tmp_path / "x.jsonl")


def test_semantic_scholar_says_when_its_1000_results_are_reached(api, waits, tmp_path):
    page = json.loads(recorded("s2-0.json").body)
    api.add("/graph/v1/paper/search", 0, Reply(json.dumps({**page, "total": 4321, "next": 1000}).encode()))
    result, records, _ = run(api, waits, "semanticscholar", out=tmp_path / "s.jsonl")
    assert len(records) == 2 and result.exhausted
    assert result.note == ("Semantic Scholar gives at most 1000 results for one query; 4321 match it: narrow the query "
                           "or use --since")
