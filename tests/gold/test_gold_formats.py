"""kg.gold.formats: formats by name, detection, label mappings, the dev fifth and read_gold on every format."""

import gzip
import json
from pathlib import Path

import pytest
from paths import DATA, FIXTURES

from kg.errors import CorpusError, GoldError, KGError
from kg.gold.dygie import read_scier
from kg.gold.formats import default_mapping, detect_format, holdout, mapped_labels, read_gold
from kg.gold.records import (
    HEDDES_MAPPING,
    KG_MAPPING,
    SCIER_MAPPING,
    SCIERC_MAPPING,
    SCIERC_MATERIAL_MAPPING,
    TDMSCI_MAPPING,
    GoldDoc,
)

GOLD = FIXTURES / "gold"
KG_CORPUS = GOLD / "kg_corpus.jsonl"


def _assert_spans_fit(doc: GoldDoc) -> None:
    for start, end, _ in doc.spans:
        assert 0 <= start < end <= len(doc.text)
        assert doc.text[start:end] == doc.text[start:end].strip()


@pytest.mark.parametrize(("name", "expected"), [
    ("scierc.json", "scierc"), ("scier.jsonl", "scier"), ("tdmsci.conll", "tdmsci"), ("heddes.csv", "heddes"),
    ("kg.jsonl", "kg"),
])
def test_detect_format(name, expected):
    assert detect_format(GOLD / name) == expected


def test_detect_format_of_tab_separated_txt(tmp_path):
    f = tmp_path / "tags.txt"
    f.write_text("BERT\tB-TASK\n")
    assert detect_format(f) == "tdmsci"


def test_gzipped_files_are_read(tmp_path):
    f = tmp_path / "scier.jsonl.gz"
    f.write_bytes(gzip.compress((GOLD / "scier.jsonl").read_bytes()))
    assert detect_format(f) == "scier"
    gold = read_gold(f)
    [plain] = read_scier(GOLD / "scier.jsonl")
    assert (gold.docs[0].text, gold.docs[0].spans) == (plain.text, plain.spans)
    assert gold.docs[0].source == f"{f}:1"


def test_broken_gzip_is_a_gold_error(tmp_path):
    f = tmp_path / "broken.jsonl.gz"
    f.write_bytes(b"not gzip")
    with pytest.raises(GoldError, match=r"broken\.jsonl\.gz: cannot read the gzipped file .*; expected"):
        read_gold(f, format="scier")


@pytest.mark.parametrize("name", ["scierc.json", "scier.jsonl", "tdmsci.conll", "heddes.csv", "kg.jsonl"])
def test_every_fixture_reads_with_spans_inside_text(name):
    gold = read_gold(GOLD / name, corpus=[KG_CORPUS])
    assert gold.docs
    for doc in gold.docs:
        _assert_spans_fit(doc)
        assert {label for _, _, label in doc.spans} <= set(gold.labels)


def test_label_mappings():
    assert mapped_labels(SCIERC_MAPPING) == ("METHOD", "TASK")
    assert SCIERC_MAPPING["Material"] is None and SCIERC_MATERIAL_MAPPING["Material"] == "DATASET"
    assert mapped_labels(SCIER_MAPPING) == ("METHOD", "DATASET", "TASK")
    assert mapped_labels(TDMSCI_MAPPING) == ("DATASET", "TASK")
    assert mapped_labels(HEDDES_MAPPING) == ("DATASET",)
    assert dict(KG_MAPPING) == {"METHOD": "METHOD", "DATASET": "DATASET", "TASK": "TASK"}
    assert default_mapping("tdmsci") is TDMSCI_MAPPING
    with pytest.raises(TypeError):
        SCIER_MAPPING["Other"] = "TASK"  # type: ignore[index]


def test_holdout_is_every_fifth_document():
    docs = [GoldDoc(str(i), "", (), "") for i in range(12)]
    dev = [d.id for d in holdout(docs)]
    train = [d.id for d in holdout(docs, part="train")]
    assert dev == ["4", "9"]
    assert sorted(dev + train, key=int) == [str(i) for i in range(12)]


def test_holdout_rejects_an_unknown_part():
    with pytest.raises(GoldError, match="part must be 'dev' or 'train', got 'test'") as info:
        list(holdout([GoldDoc("0", "", (), "")], part="test"))
    assert isinstance(info.value, KGError)


def _write(tmp_path: Path, name: str, text: str) -> Path:
    f = tmp_path / name
    f.write_text(text)
    return f


SCIERC_ROW = {"doc_key": "d", "sentences": [["A", "b", "."]], "ner": [[[0, 1, "Task"]]]}


@pytest.mark.parametrize(("name", "text", "fmt", "match"), [
    ("a.json", json.dumps(SCIERC_ROW) + "\n{not json\n", "scierc", r"a.json:2: not a JSON object"),
    ("a.json", "[1, 2]\n", "scierc", r"a.json:1: not a JSON object"),
    ("a.json", json.dumps({"sentences": [["A"]]}) + "\n", "scierc", r"a.json:1: record has no 'ner'"),
    ("a.json", json.dumps({**SCIERC_ROW, "ner": []}) + "\n", "scierc", r"a.json:1: 'ner' has 0 sentence lists"),
    ("a.json", json.dumps({**SCIERC_ROW, "ner": [[[1, 5, "Task"]]]}) + "\n", "scierc", r"a.json:1: entity \[1, 5"),
    ("a.json", json.dumps({**SCIERC_ROW, "ner": [[[0, 0, "Dataset"]]]}) + "\n", "scierc",
     r"a.json:1: unknown label 'Dataset'"),
    ("a.jsonl", json.dumps({**SCIERC_ROW, "ner": [[[0, 0, "Material"]]]}) + "\n", "scier",
     r"a.jsonl:1: unknown label 'Material'"),
    ("t.conll", "A\t0\tO\nb\t2\tO\tX\tY\n", "tdmsci", r"t.conll:2: expected 'token<TAB>offset<TAB>tag'"),
    ("t.conll", "A\t0\tO\nb\t2\tX-TASK\n", "tdmsci", r"t.conll:2: tag 'X-TASK'"),
    ("t.conll", "A\t0\tO\nb\t2\tB-METHODS\n", "tdmsci", r"t.conll:2: unknown label 'METHODS'"),
    ("t.conll", "\n\n   \n", "tdmsci", r"t.conll: the file is empty"),
    ("h.csv", "id,Word,Tag\n0,A,O\n", "heddes", r"h.csv:1: the CSV header has no 'Sentence #'"),
    ("h.csv", ",Sentence #,Word,POS,Tag\n0,Sentence: 1,A\n", "heddes", r"h.csv:2: row has 3 cells"),
    ("h.csv", ",Sentence #,Word,POS,Tag\n0,Sentence: 1,A,NN,O\n1,Sentence: 1,b,NN,Q\n", "heddes",
     r"h.csv:3: tag 'Q'"),
    ("x.bin", "?", None, r"x.bin: cannot tell the gold format"),
])
def test_malformed_gold_names_file_and_line(tmp_path, name, text, fmt, match):
    f = _write(tmp_path, name, text)
    with pytest.raises(GoldError, match=match) as info:
        read_gold(f, format=fmt)
    assert isinstance(info.value, KGError) and isinstance(info.value, CorpusError)
    assert str(f) in str(info.value)


def test_unknown_and_missing(tmp_path):
    with pytest.raises(GoldError, match="unknown gold format 'brat'"):
        read_gold(GOLD / "kg.jsonl", format="brat")
    with pytest.raises(GoldError, match="no such gold file"):
        read_gold(tmp_path / "missing.conll")


@pytest.mark.parametrize(("relative", "fmt", "docs", "spans"), [
    ("scierc/json/dev.json", "scierc", 50, 343),
    ("scier/PLM/dev.jsonl", "scier", 10, 2234),
])
def test_real_dev_file_spans_match_tokens(relative, fmt, docs, spans):
    path = DATA / relative
    if not path.is_file():
        pytest.skip(f"{path} not available")
    gold = read_gold(path)
    assert gold.format == fmt
    assert len(gold.docs) == docs and sum(len(d.spans) for d in gold.docs) == spans
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    mapping = default_mapping(fmt)
    ptb = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "``": '"', "''": '"', "`": "'"}
    for doc, row in zip(gold.docs, rows, strict=True):
        _assert_spans_fit(doc)
        tokens = [ptb.get(t, t) for sentence in row["sentences"] for t in sentence]
        token_spans = sorted({(s, e, mapping[label]) for sentence in row["ner"] for s, e, label in sentence
                              if mapping[label]})
        expected = [("".join(t for t in tokens[s:e + 1] if t.strip()), label) for s, e, label in token_spans]
        assert [(doc.text[s:e].replace(" ", ""), label) for s, e, label in doc.spans] == expected
