"""kg/corpus/__init__.py: input paths, reading a corpus and merging duplicates."""

import warnings

import pytest

from kg.corpus import expand_paths, merge_duplicates, read_corpus, read_file
from kg.corpus.text import title_id
from kg.errors import CorpusError, KGWarning
from kg.records import Paper
from kg.sample import sample_paths


def test_merge_duplicates_by_title_and_id():
    a = Paper(id="x", title="Same  Title!", abstract="a", source="f", line=1)
    b = Paper(id=title_id("same title"), title="same title", abstract="b", source="g", line=2)
    c = Paper(id="x", title="Other", abstract="c", source="h", line=3)
    d = Paper(id="y", title="New", abstract="d", source="h", line=4)
    merged = merge_duplicates([a, b, c, d])
    assert [(p.id, p.also_in) for p in merged] == [("x", ("g:2", "h:3")), ("y", ())]


def test_expand_paths_errors(tmp_path):
    with pytest.raises(CorpusError, match="no such file"):
        expand_paths([tmp_path / "missing"])
    (tmp_path / "x.pdf").write_text("x")
    with pytest.raises(CorpusError, match="cannot tell the format from the content"):
        read_corpus([tmp_path / "x.pdf"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(CorpusError, match="no input files"):
            expand_paths([tmp_path])


def test_sample_corpus_counts():
    corpus = read_corpus(sample_paths())
    assert (corpus.records, len(corpus.papers)) == (36, 33)


def test_read_corpus_reads_a_folder_and_merges_the_same_paper_across_files(tmp_path):
    (tmp_path / "a.jsonl").write_text('{"id": "x1", "title": "Same Title", "abstract": "One."}\n'
                                      '{"title": "Other", "abstract": "Two."}\n')
    (tmp_path / "b.csv").write_text('title,abstract,date\n"same title!",Again.,2024-05-01\n')
    (tmp_path / ".hidden.jsonl").write_text("not read\n")
    (tmp_path / "notes.md").write_text("not a corpus file\n")
    with pytest.warns(KGWarning, match=r"notes\.md: not a corpus file"):
        corpus = read_corpus([tmp_path])
    assert corpus.files == (tmp_path / "a.jsonl", tmp_path / "b.csv")
    assert corpus.records == 3 and [p.id for p in corpus.papers] == ["x1", title_id("Other")]
    first = corpus.papers[0]
    assert (first.abstract, first.date, first.also_in) == ("One.", "2024-05-01", (f"{tmp_path / 'b.csv'}:2",))


def test_read_file_picks_the_reader_by_content(tmp_path):
    f = tmp_path / "c.dat"
    f.write_text('{"title": "T", "abstract": "A."}\n')
    assert [p.title for p in read_file(f)] == ["T"]
    (tmp_path / "x.pdf").write_bytes(b"%PDF\x00\x01")
    with pytest.raises(CorpusError, match=r"cannot tell the format"):
        read_file(tmp_path / "x.pdf")
