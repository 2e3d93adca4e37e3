import json
import warnings

import pytest

from kg.corpus import expand_paths, merge_duplicates, read_corpus, read_csv, read_hf_page, read_jsonl
from kg.corpus.text import normalise_title, title_id
from kg.errors import CorpusError, KGWarning
from kg.records import Paper
from kg.sample import sample_paths

PAGE = "new\n\nSubscribe\n\nbyAK and the research community\n\nMar 11\n\nFirst Title\n\n{a1}\n\nSecond Title\n\n{a2}\n"
A1 = "We study things. The results are good. More text follows here."
A2 = "Another abstract. It has sentences. Three of them."


def test_hf_page_pairs_titles_with_abstracts(tmp_path):
    f = tmp_path / "p.txt"
    f.write_text(PAGE.format(a1=A1, a2=A2))
    papers = list(read_hf_page(f))
    assert [(p.title, p.abstract, p.date, p.line) for p in papers] == [
        ("First Title", A1, "--03-11", 9), ("Second Title", A2, "--03-11", 13)]
    assert papers[0].id == title_id("First Title")


def test_hf_page_without_date(tmp_path):
    f = tmp_path / "p.txt"
    f.write_text("new\n\nDaily Papers\n\nby AK and the research community\n\nT\n\n" + A1 + "\n")
    [paper] = read_hf_page(f)
    assert paper.date is None and paper.title == "T"


def test_hf_page_title_without_abstract_warns_and_skips(tmp_path):
    f = tmp_path / "p.txt"
    f.write_text("Mar 11\n\nLonely Title\n\nFirst Title\n\n" + A1 + "\n")
    with pytest.warns(KGWarning, match=r"p.txt:3: title 'Lonely Title' has no abstract"):
        papers = list(read_hf_page(f))
    assert [p.title for p in papers] == ["First Title"]


@pytest.mark.parametrize(("content", "match"), [
    (b"", "empty"),
    (b"   \n\n", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
    (b"Title\n\nCaf\xe9 abstract. Bad bytes. Here.\n", r":3: .*not valid UTF-8"),
    (b"new\n\nSubscribe\n", "no title/abstract pairs"),
])
def test_hf_page_malformed(tmp_path, content, match):
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    with pytest.raises(CorpusError, match=match) as info:
        list(read_hf_page(f))
    assert str(f) in str(info.value)


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
    with pytest.warns(KGWarning, match=r"c.jsonl:1: record has no 'abstract'"):
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
    f.write_text("title,summary\nT,S\n")
    with pytest.raises(CorpusError, match=r"c.csv:1: the CSV header has no 'abstract' column \(found: title, summary\)"):
        list(read_csv(f))


@pytest.mark.parametrize("reader", [read_csv, read_jsonl])
def test_tabular_wrong_encoding(tmp_path, reader):
    f = tmp_path / ("c.csv" if reader is read_csv else "c.jsonl")
    f.write_bytes("title,abstract\nT,caf\u00e9\n".encode("latin-1"))
    with pytest.raises(CorpusError, match=r":2: .*not valid UTF-8"):
        list(reader(f))


def test_merge_duplicates_by_title_and_id():
    a = Paper(id="x", title="Same  Title!", abstract="a", source="f", line=1)
    b = Paper(id=title_id("same title"), title="same title", abstract="b", source="g", line=2)
    c = Paper(id="x", title="Other", abstract="c", source="h", line=3)
    d = Paper(id="y", title="New", abstract="d", source="h", line=4)
    merged = merge_duplicates([a, b, c, d])
    assert [(p.id, p.also_in) for p in merged] == [("x", ("g:2", "h:3")), ("y", ())]


def test_normalise_title():
    assert normalise_title("Hello,   WORLD") == normalise_title("hello world") == "hello world"


def test_expand_paths_errors(tmp_path):
    with pytest.raises(CorpusError, match="no such file"):
        expand_paths([tmp_path / "missing"])
    (tmp_path / "x.pdf").write_text("x")
    with pytest.raises(CorpusError, match="unknown input format"):
        expand_paths([tmp_path / "x.pdf"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(CorpusError, match="no input files"):
            expand_paths([tmp_path])


def test_sample_corpus_counts():
    corpus = read_corpus(sample_paths())
    assert (corpus.records, len(corpus.papers)) == (36, 33)
