"""Hypothesis fuzzing of every reader: random bytes, other encodings, truncated and mutated fixtures.

Whatever the file holds, reading it either gives papers or raises a :class:`kg.errors.KGError` (one line); never
another exception. Each reader is fuzzed forced by ``--format`` and once more through content detection ("auto").
``pytest --hypothesis-show-statistics`` prints the number of examples run per test.
"""

import json
import tempfile
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.corpus import FORMATS, read_corpus
from kg.errors import KGError

DATA = Path(__file__).parent / "data"
#: The fixture each reader's truncations and mutations start from.
FIXTURE = {
    "bibtex": "refs.bib", "ris": "refs.ris", "wos": "savedrecs.txt", "wos-tab": "savedrecs_tab.txt",
    "scopus": "scopus.csv", "csv": "plain.csv", "json": "openalex_page.json", "jsonl": "fetched.jsonl",
    "openalex": "openalex_works.jsonl", "s2": "s2_search.json", "hf-daily": "hf_daily.json",
    "arxiv": "arxiv_feed.xml", "hf-page": "page.txt",
}
READERS = [*FORMATS, "auto"]
EXAMPLES = 120
ENCODINGS = ["utf-8", "utf-8-sig", "latin-1", "cp1252", "utf-16", "utf-16-le", "utf-16-be", "utf-32"]
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow],
                database=None)


def test_every_format_has_a_fixture():
    assert set(FIXTURE) == set(FORMATS)


def read_only_or_kgerror(data: bytes, reader: str, suffix: str) -> None:
    """Write ``data`` to a file and read it; any exception but a KGError fails the test."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fuzz{suffix}"
        path.write_bytes(data)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                corpus = read_corpus([path], input_format=None if reader == "auto" else reader)
            except KGError as err:
                assert "\n" not in str(err), str(err)
                return
        for paper in corpus.papers:
            assert paper.title and paper.abstract
            paper.abstract.encode("utf-8")  # no lone surrogates: what is read can be written


def fixture_bytes(reader: str) -> st.SearchStrategy[bytes]:
    if reader == "auto":
        return st.sampled_from(sorted(FIXTURE.values())).map(lambda name: (DATA / name).read_bytes())
    return st.just((DATA / FIXTURE[reader]).read_bytes())


@pytest.mark.parametrize("reader", READERS)
@FUZZ
@given(data=st.binary(max_size=2048), suffix=st.sampled_from([".txt", ".json", ".bib", ".csv", ".xml", ".dat"]))
def test_random_bytes(reader, data, suffix):
    read_only_or_kgerror(data, reader, suffix)


@pytest.mark.parametrize("reader", READERS)
@FUZZ
@given(st.data())
def test_other_encodings(reader, data):
    original = data.draw(fixture_bytes(reader)).decode("utf-8", errors="replace").replace("\ufeff", "")
    encoding = data.draw(st.sampled_from(ENCODINGS))
    extra = data.draw(st.text(max_size=20))
    encoded = (original + extra).encode(encoding, errors="replace")
    read_only_or_kgerror(encoded, reader, data.draw(st.sampled_from([".txt", ".json", ".csv"])))


@pytest.mark.parametrize("reader", READERS)
@FUZZ
@given(st.data())
def test_truncations_and_mutations(reader, data):
    original = data.draw(fixture_bytes(reader))
    cut = data.draw(st.integers(min_value=0, max_value=len(original)))
    changed = bytearray(original[:cut])
    for _ in range(data.draw(st.integers(min_value=0, max_value=4))):
        if changed:
            at = data.draw(st.integers(min_value=0, max_value=len(changed) - 1))
            changed[at:at + 1] = data.draw(st.binary(min_size=0, max_size=3))
    read_only_or_kgerror(bytes(changed), reader, Path(FIXTURE.get(reader, "x.txt")).suffix)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=12)
KEYS = ["id", "title", "abstract", "summary", "date", "year", "authors", "venue", "doi", "url", "arxiv_id", "ids",
        "paper", "paperId", "externalIds", "abstract_inverted_index", "authorships", "primary_location",
        "publication_year", "publication_date", "publishedAt", "locations", "host_venue", "journal"]


@pytest.mark.parametrize("shape", ["openalex", "s2", "hf-daily", "plain", None])
@FUZZ
@given(record=st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=10), JSON_VALUES, max_size=12))
def test_any_json_record(shape, record):
    """Records of every shape with values of any JSON type: a paper, a skip, or a KGError."""
    read_only_or_kgerror(json.dumps([record]).encode(), shape or "json", ".json")
