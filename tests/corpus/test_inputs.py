"""Issue 19's input cases: no usable record, abstract field names, cleaned text, the length cap, --skip-bad-files,
bad dates. Each through read_corpus and, where the user meets it, through `kg build` (typer's CliRunner)."""

import hashlib
import json
import warnings
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.corpus import read_corpus
from kg.corpus.clean import MAX_ABSTRACT_CHARS
from kg.errors import AbstractCut, CorpusError, KGWarning

runner = CliRunner()
GOOD = {"title": "Sparse Attention on ImageNet", "abstract": "We train BERT on SQuAD. ResNet-50 is tested on ImageNet."}


def quiet_read(paths, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return read_corpus(paths, **kwargs)


def snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_no_usable_record_names_files_and_reasons(tmp_path):
    (tmp_path / "a.jsonl").write_text('{"title": "T1"}\n{"title": "T2", "abstract": "  "}\n{"abstract": "A"}\n')
    (tmp_path / "b.csv").write_text("title,abstract\nT3,\n")
    with pytest.raises(CorpusError) as info:
        quiet_read([tmp_path])
    message = str(info.value)
    assert message.startswith(f"{tmp_path / 'a.jsonl'}, {tmp_path / 'b.csv'}: no usable record: ")
    assert "3 records without an abstract, 1 record without a title" in message
    assert "abstract fields accepted: abstract, summary, ab, n2" in message


def test_no_usable_record_leaves_the_previous_build_untouched(tmp_path):
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps(GOOD) + "\n")
    out = tmp_path / "out"
    first = runner.invoke(app, ["build", str(good), "--out", str(out), "--model", "rules"])
    assert first.exit_code == 0, first.output
    before = snapshot(out)
    bad = tmp_path / "titles.jsonl"
    bad.write_text('{"title": "Only a title"}\n')
    second = runner.invoke(app, ["build", str(bad), "--out", str(out), "--model", "rules"])
    assert second.exit_code == 1
    assert second.output.strip().splitlines()[-1] == (
        f"Error: {bad}: no usable record: 1 record without an abstract; expected records with a title and an "
        "abstract (abstract fields accepted: abstract, summary, ab, n2, abstract text, abstracttext, abstract note, "
        "paper abstract, description)")
    assert snapshot(out) == before


@pytest.mark.parametrize("name", ["summary", "Abstract", "AB", "abstract_text", "description", "N2"])
def test_common_abstract_field_names(tmp_path, name):
    (tmp_path / "c.jsonl").write_text(json.dumps({"Title": "T", name: "Text here."}) + "\n")
    (tmp_path / "c.csv").write_text(f"TITLE,{name}\nU,Other text.\n")
    corpus = quiet_read([tmp_path])
    assert [p.abstract for p in corpus.papers] == ["Other text.", "Text here."]


def test_text_is_nfc_without_invisible_characters(tmp_path):
    record = {"title": "Image\u200bNet\u00ad Scale", "abstract": "Cafe\u0301 \ufeffImage\u200bNet\x07 works.\u2028Fine."}
    (tmp_path / "c.jsonl").write_text(json.dumps(record) + "\n")
    [paper] = quiet_read([tmp_path]).papers
    assert (paper.title, paper.abstract) == ("ImageNet Scale", "Café ImageNet works. Fine.")


def test_offsets_refer_to_the_cleaned_abstract_that_is_written(tmp_path):
    record = {"title": "T", "abstract": "We\u200b train BERT\u00ad on Image\u200bNet. BERT is tested on SQuAD."}
    (tmp_path / "c.jsonl").write_text(json.dumps(record) + "\n")
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(tmp_path / "c.jsonl"), "--out", str(out), "--model", "rules"])
    assert result.exit_code == 0, result.output
    [paper] = [json.loads(line) for line in (out / "papers.jsonl").read_text().splitlines()]
    assert paper["abstract"] == "We train BERT on ImageNet. BERT is tested on SQuAD."
    mentions = [json.loads(line) for line in (out / "mentions.jsonl").read_text().splitlines()]
    assert {m["text"] for m in mentions} >= {"BERT", "ImageNet"}
    assert all(paper["abstract"][m["start"]:m["end"]] == m["text"] for m in mentions)


def test_long_abstract_is_cut_at_a_sentence_and_counted(tmp_path):
    sentence = "We train a model on ImageNet and report accuracy. "
    record = {"title": "Long", "abstract": sentence * 1000}
    (tmp_path / "c.jsonl").write_text(json.dumps(record) + "\n" + json.dumps(GOOD) + "\n")
    with pytest.warns(AbstractCut, match=r"c\.jsonl:1: abstract of 49,999 characters cut to 19,999"):
        corpus = read_corpus([tmp_path])
    paper = corpus.papers[0]
    assert len(paper.abstract) <= MAX_ABSTRACT_CHARS and paper.abstract.endswith("accuracy.")
    assert corpus.cut == 1 and corpus.report()["abstracts_cut"] == 1


def test_one_empty_file_stops_the_build_unless_skipped(tmp_path):
    corpus_dir = tmp_path / "in"
    corpus_dir.mkdir()
    (corpus_dir / "a.jsonl").write_text(json.dumps(GOOD) + "\n")
    (corpus_dir / "b.txt").write_text("")
    with pytest.raises(CorpusError, match=r"b\.txt: the file is empty"):
        quiet_read([corpus_dir])
    with pytest.warns(KGWarning, match=r"b\.txt: file skipped \(--skip-bad-files\): .*b\.txt: the file is empty"):
        corpus = read_corpus([corpus_dir], skip_bad_files=True)
    assert [Path(f).name for f in corpus.files] == ["a.jsonl"]
    assert [Path(p).name for p, _ in corpus.skipped_files] == ["b.txt"]
    out = tmp_path / "out"
    plain = runner.invoke(app, ["build", str(corpus_dir), "--out", str(out), "--model", "rules"])
    assert plain.exit_code == 1 and "the file is empty" in plain.output and not out.exists()
    skipping = runner.invoke(app, ["build", str(corpus_dir), "--out", str(out), "--model", "rules",
                                   "--skip-bad-files"])
    assert skipping.exit_code == 0, skipping.output
    assert "Skipped file:" in skipping.output
    manifest = json.loads((out / "manifest.json").read_text())
    assert [Path(s["path"]).name for s in manifest["corpus"]["skipped_files"]] == ["b.txt"]
    assert manifest["counts"]["files_skipped"] == 1 and len(manifest["inputs"]) == 1


def test_every_file_skipped_is_one_error(tmp_path):
    (tmp_path / "a.txt").write_text("")
    with pytest.raises(CorpusError, match=r"every input file was skipped"):
        quiet_read([tmp_path], skip_bad_files=True)


def test_a_bad_date_keeps_the_record_and_drops_the_date(tmp_path):
    (tmp_path / "c.jsonl").write_text(json.dumps({**GOOD, "date": "sometime in May"}) + "\n")
    with pytest.warns(KGWarning, match=r"c\.jsonl:1: date 'sometime in May' is not ISO 8601 .*date dropped"):
        [paper] = read_corpus([tmp_path]).papers
    assert paper.date is None and paper.title == GOOD["title"]


def test_format_option_forces_a_reader(tmp_path):
    path = tmp_path / "export.dat"
    path.write_text("TY  - JOUR\nTI  - T\nAB  - A text.\nER  - \n")
    assert quiet_read([path], input_format="ris").formats == {str(path): "ris"}
    path.write_text("garbage\n")
    with pytest.raises(CorpusError, match=r"export\.dat:1: not a RIS line 'garbage'"):
        quiet_read([path], input_format="ris")
    with pytest.raises(CorpusError, match=r"^--format: unknown input format 'endnote'; expected one of bibtex, ris"):
        quiet_read([path], input_format="endnote", skip_bad_files=True)
