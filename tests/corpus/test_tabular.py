"""kg/corpus/tabular.py: the JSON Lines and CSV readers."""

import json

import pytest

from kg.corpus import read_csv, read_jsonl
from kg.corpus.text import title_id
from kg.errors import CorpusError, KGWarning


def test_jsonl_reads_fields(tmp_path):
    f = tmp_path / "c.jsonl"
    rows = [{"id": "x1", "title": "T1", "abstract": "A one.", "date": "2024-05-01", "url": "https://e.org/1"},
            {"title": "T2", "abstract": "A two."}]
    f.write_text("\n".join(json.dumps(r) for r in rows) + "\n\n")
    papers = list(read_jsonl(f))
    assert [(p.id, p.date, p.url, p.line) for p in papers] == [
        ("x1", "2024-05-01", "https://e.org/1", 1), (title_id("T2"), None, None, 2)]


def test_jsonl_bad_line_names_file_and_line(tmp_path):
    f = tmp_path / "c.jsonl"
    f.write_text('{"title": "T", "abstract": "A"}\n{not json\n')
    with pytest.raises(CorpusError, match=r"c.jsonl:2: not a JSON object"):
        list(read_jsonl(f))


def test_jsonl_non_object_line(tmp_path):
    f = tmp_path / "c.jsonl"
    f.write_text('[1, 2]\n')
    with pytest.raises(CorpusError, match=r"c.jsonl:1: expected a JSON object"):
        list(read_jsonl(f))


def test_jsonl_record_without_abstract_is_skipped_with_warning(tmp_path):
    f = tmp_path / "c.jsonl"
    f.write_text('{"title": "T"}\n{"title": "U", "abstract": "A"}\n')
    with pytest.warns(KGWarning, match=r"c.jsonl:1: record without an abstract; record skipped"):
        papers = list(read_jsonl(f))
    assert [p.title for p in papers] == ["U"]


def test_jsonl_bad_date_warns(tmp_path):
    f = tmp_path / "c.jsonl"
    f.write_text('{"title": "T", "abstract": "A", "date": "yesterday"}\n')
    with pytest.warns(KGWarning, match="not ISO 8601"):
        [paper] = read_jsonl(f)
    assert paper.date is None


def test_csv_reads_rows_with_multiline_fields(tmp_path):
    f = tmp_path / "c.csv"
    f.write_text('Title,Abstract,id\n"A, title","line one\nline two",p9\nT2,A2,\n')
    papers = list(read_csv(f))
    assert [(p.id, p.title, p.abstract, p.line) for p in papers] == [
        ("p9", "A, title", "line one line two", 2), (title_id("T2"), "T2", "A2", 4)]


def test_csv_without_abstract_column(tmp_path):
    f = tmp_path / "c.csv"
    f.write_text("title,notes\nT,S\n")
    with pytest.raises(CorpusError, match=r"c.csv:1: the CSV header has no 'abstract' column \(found: title, notes\)"
                                          r".*accepted: abstract, summary, ab"):
        list(read_csv(f))


@pytest.mark.parametrize("reader", [read_csv, read_jsonl])
def test_tabular_wrong_encoding(tmp_path, reader):
    f = tmp_path / ("c.csv" if reader is read_csv else "c.jsonl")
    f.write_bytes("title,abstract\nT,caf\u00e9\n".encode("latin-1"))
    with pytest.raises(CorpusError, match=r":2: .*not valid UTF-8"):
        list(reader(f))
