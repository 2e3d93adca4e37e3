"""The readers of every input format, on one fixture each (tests/corpus/data, written for kg in the real formats)."""

import json
import warnings
from pathlib import Path

import pytest

from kg.corpus import read_corpus, read_file
from kg.corpus.bibtex import decode_latex
from kg.corpus.detect import detect_format
from kg.errors import CorpusError, SkippedRecord

DATA = Path(__file__).parent / "data"

# fixture, format told by its content, records read, records skipped
FIXTURES = [
    ("refs.bib", "bibtex", 3, 1),
    ("refs.ris", "ris", 2, 1),
    ("savedrecs.txt", "wos", 2, 1),
    ("savedrecs_tab.txt", "wos-tab", 2, 1),
    ("scopus.csv", "scopus", 2, 1),
    ("openalex_page.json", "json", 2, 1),
    ("openalex_works.jsonl", "jsonl", 1, 1),
    ("arxiv_feed.xml", "arxiv", 3, 0),
    ("s2_search.json", "json", 2, 1),
    ("s2_batch.json", "json", 1, 1),
    ("hf_daily.json", "json", 1, 1),
    ("page.txt", "hf-page", 2, 0),
    ("fetched.jsonl", "jsonl", 2, 1),
    ("plain.csv", "csv", 1, 1),
]


def read(name, **kwargs):
    """Papers of a fixture and the records skipped, by reason."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        papers = list(read_file(DATA / name, **kwargs))
    return papers, [w.message.reason for w in caught if isinstance(w.message, SkippedRecord)]


def by_title(papers):
    return {p.title: p for p in papers}


@pytest.mark.parametrize(("name", "fmt", "n_read", "n_skipped"), FIXTURES)
def test_each_fixture_is_detected_and_read(name, fmt, n_read, n_skipped):
    assert detect_format(DATA / name) == fmt
    papers, skipped = read(name)
    assert (len(papers), len(skipped)) == (n_read, n_skipped)
    for paper in papers:
        assert paper.title and paper.abstract and paper.source == str(DATA / name)
        assert paper.abstract == " ".join(paper.abstract.split())


def test_bibtex_fields_macros_and_latex():
    papers, skipped = read("refs.bib")
    first, second = papers[0], papers[1]
    assert first.title == "Sparse Transformers for ImageNet & CIFAR-10"
    assert first.authors == ("Müller, Jörg", "François, Anaïs", "Barnes and Noble Lab")
    assert (first.venue, first.year, first.date, first.doi) == (
        "Journal of Imaginary Machine Learning", 2021, "2021-03", "10.5555/KG.2021.001")
    assert "40% fewer parameters" in first.abstract and "95% of the accuracy" in first.abstract
    assert dict(first.ids) == {"bibtex": "mueller2021sparse"}
    assert second.venue == "Proceedings of the Workshop on Graphs"  # @string joined with #
    assert second.authors == ("Østergaard, Lise", "Straßer, Tom")
    assert (second.arxiv_id, second.date) == ("2203.01234", "2022")
    assert skipped == ["without an abstract"]


@pytest.mark.parametrize(("latex", "text"), [
    (r'M{\"u}ller', "Müller"), (r'M\"{u}ller', "Müller"), (r"\&", "&"), (r"40\%", "40%"), (r"{\'E}cole", "École"),
    (r"\v{S}koda", "Škoda"), (r"Erd\H{o}s", "Erdős"), (r"{\aa}", "å"), (r"\{x\}", "{x}"), (r"a~b", "a b"),
])
def test_latex_decoding(latex, text):
    assert decode_latex(latex) == text


def test_ris_fields_continuations_and_dates():
    papers, _ = read("refs.ris")
    speech, qa = papers
    assert speech.abstract.endswith("speech recognition. Word error rate drops by 8%.")
    assert (speech.date, speech.year, speech.venue) == ("2023-05-12", 2023, "Invented Journal of Speech")
    assert speech.authors == ("Rossi, Maria", "Chen, Wei") and speech.url == "https://example.org/papers/speech-encoders"
    assert qa.abstract.startswith("A BM25 retriever") and (qa.date, qa.authors) == ("2022", ("Novak, Petr",))


def test_wos_plain_text_continuations_and_copyright():
    papers, _ = read("savedrecs.txt")
    fed = papers[0]
    assert fed.title == "Federated Learning of Language Models on Edge Devices"
    assert fed.authors == ("Svensson, Karin", "Ito, Haruto")
    assert fed.abstract.endswith("Communication drops by half.")
    assert (fed.date, fed.doi, dict(fed.ids)) == ("2020-03-12", "10.5555/kg.2020.042", {"wos": "WOS:000000000000001"})


def test_wos_tab_delimited_utf16():
    assert (DATA / "savedrecs_tab.txt").read_bytes()[:2] == b"\xff\xfe"
    papers, _ = read("savedrecs_tab.txt")
    depth = papers[0]
    assert depth.authors == ("Keller, A", "Silva, B") and depth.date == "2022-06"
    assert depth.abstract.endswith("Errors fall by 12%.")


def test_scopus_bom_no_abstract_and_copyright():
    assert (DATA / "scopus.csv").read_bytes()[:3] == b"\xef\xbb\xbf"
    papers, skipped = read("scopus.csv")
    seg = papers[0]
    assert seg.abstract.endswith("Dice improves by 4 points.")
    assert (seg.authors, seg.year, seg.venue) == (("Tanaka H.", "Weber L."), 2023, "Invented Medical Imaging Review")
    assert dict(seg.ids) == {"scopus": "2-s2.0-0000000001"}
    assert "\n" not in papers[1].abstract and skipped == ["without an abstract"]


def test_openalex_inverted_index_and_metadata():
    papers, _ = read("openalex_page.json")
    work = papers[0]
    assert work.abstract == "We instruction-tune LLaMA on Alpaca data and evaluate on MMLU."
    assert (work.id, work.doi, work.arxiv_id, work.year, work.date) == (
        "W4000000001", "10.5555/kg.2024.001", "2402.00001", 2024, "2024-02-29")
    assert work.authors == ("Priya Raman", "Tomás Ruiz") and work.venue == "arXiv (Cornell University)"
    [jsonl] = read("openalex_works.jsonl")[0]
    assert jsonl.abstract == "Tacotron 2 synthesises speech trained on LJSpeech."


def test_arxiv_atom_multiline_and_versions():
    papers, _ = read("arxiv_feed.xml")
    mpnn, old, _ = papers
    assert mpnn.title == "Message Passing Neural Networks for Molecular Property Prediction on QM9"
    assert "11 of 12 targets & runs on one GPU." in mpnn.abstract
    assert (mpnn.arxiv_id, mpnn.doi, mpnn.date, mpnn.authors) == (
        "2401.09999", "10.5555/kg.2024.333", "2024-01-18", ("Hana Kowalska", "Omar Haddad"))
    assert old.arxiv_id == "hep-th/9901001"


def test_semantic_scholar_search_and_batch():
    papers, skipped = read("s2_search.json")
    assert papers[0].doi == "10.5555/KG.2023.010" and papers[1].arxiv_id == "2310.04444"
    assert skipped == ["without an abstract"]
    batch, skipped = read("s2_batch.json")
    assert batch[0].arxiv_id == "2004.05555" and skipped == ["that is null (not found by the API)"]


def test_hf_daily_papers():
    [paper], _ = read("hf_daily.json")
    assert (paper.id, paper.arxiv_id, paper.date, paper.authors) == (
        "2405.01234", "2405.01234", "2024-05-02", ("Lea Fischer", "Kofi Mensah"))
    assert paper.url == "https://huggingface.co/papers/2405.01234"


def test_fetcher_jsonl_keys_and_abstract_names():
    papers, _ = read("fetched.jsonl")
    assert dict(papers[0].ids) == {"arxiv": "2402.00001", "hf": "2402.00001"}
    assert papers[0].authors == ("Priya Raman", "Tomás Ruiz") and papers[0].year == 2024
    summary = papers[1]
    assert summary.abstract.startswith("Some tools write") and summary.date is None and summary.year == 2023
    assert summary.authors == ("Ada Lovelace", "Alan Turing")


def test_format_can_be_forced():
    assert detect_format(DATA / "s2_search.json", "s2") == "s2"
    papers, _ = read("s2_search.json", input_format="s2")
    assert len(papers) == 2
    with pytest.raises(CorpusError, match="unknown input format 'endnote'; expected one of bibtex"):
        detect_format(DATA / "refs.bib", "endnote")


def test_dedupe_across_files_by_doi_then_arxiv_then_title():
    corpus = read_corpus([DATA], input_format=None)
    titles = [p.title for p in corpus.papers]
    # refs.ris and s2_search.json: same DOI in different case; refs.bib: same DOI twice, different titles
    assert titles.count("Contrastive Pretraining of Speech Encoders") == 1
    assert not any("journal version" in t for t in titles)
    # arxiv_feed.xml, openalex_page.json and fetched.jsonl: arXiv id 2402.00001
    assert titles.count("Instruction Tuning of Small Language Models") == 1
    tuned = next(p for p in corpus.papers if p.title == "Instruction Tuning of Small Language Models")
    assert tuned.doi == "10.5555/kg.2024.001" and len(tuned.also_in) == 2
    assert corpus.records == sum(f[2] for f in FIXTURES)
    assert corpus.per_format["bibtex"] == {"files": 1, "read": 3, "skipped": 1}


# Bad input: one error naming the file, the line or record, and what was expected.
BAD = [
    ("bad.bib", "@article{k1,\n  title = {Open brace,\n  abstract = {x}\n", r"bad\.bib:1: malformed BibTeX entry 'k1'"
     r": the file ends inside it.*expected a BibTeX entry"),
    ("bad2.bib", "@article{k2,\n title {T}}\n", r"bad2\.bib:1: malformed BibTeX entry 'k2': expected '=' after field"),
    ("bad.ris", "TY  - JOUR\nTI  - T\nAB  - A\n\nTY  - JOUR\nTI  - U\nER  - \n",
     r"bad\.ris:1: RIS record starting on line 1 has no 'ER  -' line before the next 'TY' on line 5"),
    ("bad2.ris", "TY  - JOUR\nTI  - T\nAB  - A\n", r"bad2\.ris:1: .*before the end of the file"),
    ("bad.ciw", "FN Clarivate\nPT J\nTI T\nAB A\n", r"bad\.ciw:2: Web of Science record .* no 'ER'"),
    ("bad.xml", "<feed xmlns='http://www.w3.org/2005/Atom'>\n<entry><title>T</entry>\n</feed>",
     r"bad\.xml:2: not well-formed XML.*expected an arXiv API Atom feed"),
    ("rss.xml", "<rss><channel/></rss>", r"rss\.xml: the XML root is <rss>; expected an arXiv API Atom feed"),
    ("bomb.xml", '<?xml version="1.0"?><!DOCTYPE f [<!ENTITY a "aaaa">]><feed>&a;</feed>', r"declares entities"),
    ("odd.json", '{"hits": {"total": 3}}', r"odd\.json: JSON of unknown shape \(an object with keys 'hits'\)"),
    ("odd2.json", '[{"foo": 1}]', r"odd2\.json: JSON of unknown shape \(records with keys 'foo'\)"),
    ("nums.json", "[1, 2]", r"nums\.json:1: record 1 is int; expected a JSON object"),
    ("broken.json", '{"results": [\n{"title": "T",\n}', r"broken\.json:3: not JSON \(.*\); expected a JSON document"),
]


@pytest.mark.parametrize(("name", "text", "pattern"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_gets_one_line(tmp_path, name, text, pattern):
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(CorpusError, match=pattern) as info:
        list(read_file(path))
    assert "\n" not in str(info.value)


def test_a_wos_text_export_is_not_taken_for_a_saved_page(tmp_path):
    path = tmp_path / "export.txt"
    path.write_text((DATA / "savedrecs.txt").read_text())
    assert detect_format(path) == "wos"


def test_json_lines_error_names_the_line(tmp_path):
    path = tmp_path / "x.json"
    path.write_text(json.dumps({"title": "T", "abstract": "A"}) + "\n{oops\n")
    with pytest.raises(CorpusError, match=r"x\.json:2: not a JSON object"):
        list(read_file(path))


def test_a_header_with_a_line_break_is_named_on_one_line(tmp_path):
    # found by fuzzing: a quoted header cell may hold a line break, which the error must not print as one
    path = tmp_path / "c.csv"
    path.write_text('"A\nt",b\n1,2\n')
    with pytest.raises(CorpusError, match=r"found: A t, b\)") as info:
        list(read_file(path))
    assert "\n" not in str(info.value)
