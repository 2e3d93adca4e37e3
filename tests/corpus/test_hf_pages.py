"""kg/corpus/hf_pages.py: saved Hugging Face paper listing pages."""

import pytest

from kg.corpus import read_hf_page
from kg.corpus.text import title_id
from kg.errors import CorpusError, KGWarning

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
