"""kg/corpus/text.py: reading text files, title keys and ids, dates."""

import pytest

from kg.corpus.text import normalise_title, parse_iso_date, parse_page_date, read_text, title_id
from kg.errors import CorpusError, KGWarning


def test_normalise_title():
    assert normalise_title("Hello,   WORLD") == normalise_title("hello world") == "hello world"


def test_title_id_is_stable_and_keyed_by_the_normalised_title():
    assert title_id("Attention Is All You Need") == title_id("attention is  all you need!")
    assert title_id("Attention Is All You Need") != title_id("Attention Is Not All You Need")
    assert title_id("x").startswith("t-") and len(title_id("x")) == 18


def test_read_text_refuses_empty_binary_and_badly_encoded_files(tmp_path):
    good = tmp_path / "good.txt"
    good.write_bytes("\ufeffTitle\n\nCafé.\n".encode())
    assert read_text(good, "abstracts") == "Title\n\nCafé.\n"  # a byte-order mark is dropped
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b" \n\t\n")
    with pytest.raises(CorpusError, match="empty; expected abstracts") as info:
        read_text(empty, "abstracts")
    assert (info.value.path, info.value.line) == (str(empty), 0)
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"abc\x00def")
    with pytest.raises(CorpusError, match="NUL byte at offset 3"):
        read_text(binary, "abstracts")
    latin = tmp_path / "latin.txt"
    latin.write_bytes(b"line one\nab caf\xe9\n")
    with pytest.raises(CorpusError, match=r"byte 0xe9 at column 7") as info:
        read_text(latin, "abstracts")
    assert info.value.line == 2 and str(info.value).startswith(f"{latin}:2: ")


@pytest.mark.parametrize(("line", "expected"), [
    ("Mar 11", "--03-11"), ("March 11", "--03-11"), ("Sept 3, 2023", "2023-09-03"), ("  Jun 6, 2024 ", "2024-06-06"),
    ("Feb 29", "--02-29"),  # a yearless Feb 29 may be a leap day
    ("Feb 29, 2023", None), ("Feb 30", None), ("Foo 3", None), ("Mar 11 2024", None), ("Subscribe", None), ("", None),
])
def test_parse_page_date(line, expected):
    assert parse_page_date(line) == expected


def test_parse_iso_date_keeps_the_date_part_and_warns_about_the_rest():
    assert parse_iso_date("2024", "f.jsonl", 3) == "2024"
    assert parse_iso_date(" 2024-02-29 ", "f.jsonl", 3) == "2024-02-29"
    assert parse_iso_date("   ", "f.jsonl", 3) is None  # no date: no warning either
    for bad in ("2023-02-29", "2024-13", "May 2024"):
        with pytest.warns(KGWarning, match=r"^f\.jsonl:3: date .* is not ISO 8601"):
            assert parse_iso_date(bad, "f.jsonl", 3) is None
