import gzip
import hashlib
import json
from itertools import pairwise
from pathlib import Path

import pytest
import spacy

from kg.corpus import read_corpus
from kg.errors import CorpusError, GoldError, KGError
from kg.evaluate import Counts, evaluate, format_report, match_exact, match_partial, run_evaluation, score_spans
from kg.gold import (
    HEDDES_MAPPING,
    KG_MAPPING,
    SCIER_MAPPING,
    SCIERC_MAPPING,
    SCIERC_MATERIAL_MAPPING,
    TDMSCI_MAPPING,
    GoldDoc,
    bio_spans,
    default_mapping,
    detect_format,
    detokenize,
    holdout,
    mapped_labels,
    read_gold,
    read_heddes,
    read_kg,
    read_scier,
    read_scierc,
    read_tdmsci,
)

GOLD = Path(__file__).parent / "data" / "gold"
DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
KG_CORPUS = GOLD / "kg_corpus.jsonl"


def _assert_spans_fit(doc: GoldDoc) -> None:
    for start, end, _ in doc.spans:
        assert 0 <= start < end <= len(doc.text)
        assert doc.text[start:end] == doc.text[start:end].strip()


# ------------------------------------------------------------------------------------------- detokenization


@pytest.mark.parametrize(("tokens", "text"), [
    (["Hello", ",", "world", "."], "Hello, world."),
    (["a", ";", "b", ":", "c", "?", "d", "!"], "a; b: c? d!"),
    (["(", "see", "[", "3", "]", ")", "and", "{", "x", "}"], "(see [3]) and {x}"),
    (["-LRB-", "a", "-RRB-", "-LSB-", "b", "-RSB-"], "(a) [b]"),
    (["Smith", "'s", "model", "does", "n't", "work", ",", "they", "'re", "sure"],
     "Smith's model doesn't work, they're sure"),
    (["a", "5", "%", "gain"], "a 5% gain"),
    (["``", "quoted", "''", "word"], '"quoted" word'),
    (["a", "''", "b", "''", ",", "''", "c", "''"], 'a "b", "c"'),
    (["say", '"', "hi", '"', "and", '"', "bye", '"', "."], 'say "hi" and "bye".'),
    (["`", "flat", "'", "lists", "and", "users", "'", "views"], "'flat' lists and users' views"),
    (["pre", "-", "existing"], "pre - existing"),
    (["one", " ", "two", "  "], "one two"),
    ([], ""),
])
def test_detokenize_spacing(tokens, text):
    assert detokenize(tokens)[0] == text


@pytest.mark.parametrize(("tokens", "text"), [
    (["pre", "-", "existing", "train", "/", "test"], "pre-existing train/test"),
    (["a", "-", "(", "b", ")"], "a - (b)"),
    (["ResNet", "-", "1", "0", "1"], "ResNet-101"),
    (["the", "I", "3", "D", "and", "w", "2", "v", "models"], "the I3D and w2v models"),
    (["from", "4", "9", ".", "7", "to", "5", "1", ".", "2", "%"], "from 49.7 to 51.2%"),
    (["a", "3", "layer", "net", ".", "1", "more"], "a 3 layer net. 1 more"),
    (["PASCAL", "VOC", "2", "0", "1", "2"], "PASCAL VOC 2012"),
])
def test_detokenize_joins_split_hyphens_and_digits(tokens, text):
    assert detokenize(tokens, join_hyphens=True, join_digits=True)[0] == text


def test_detokenize_offsets_point_at_each_token():
    tokens = ["We", "do", "n't", "use", "-LRB-", "CCG", "-RRB-", " ", "``", "here", "''", "."]
    text, offsets = detokenize(tokens)
    assert len(offsets) == len(tokens)
    surfaces = [text[start:end] for start, end in offsets]
    assert surfaces == ["We", "do", "n't", "use", "(", "CCG", ")", "", '"', "here", '"', "."]
    assert all(a[1] <= b[0] for a, b in pairwise(offsets))


# --------------------------------------------------------------------------------------------------- readers


def test_scierc_reader_round_trips_offsets():
    docs = list(read_scierc(GOLD / "scierc.json"))
    assert [d.id for d in docs] == ["T01-1001", "T02-2002"]
    first, second = docs
    assert first.text == ('We present a parser (CCG) for "noisy" text. '
                          "It doesn't fail on the Penn Treebank's sections: 98% accuracy.")
    assert first.mentions() == [("parser", "METHOD"), ("CCG", "METHOD"), ('"noisy" text', "TASK")]
    # nested spans kept, the duplicate collapsed, OtherScientificTerm dropped
    assert second.mentions() == [("Semantic parsing", "TASK"), ("parsing", "METHOD"), ("neural networks", "METHOD")]
    assert first.source.endswith("scierc.json:1") and second.source.endswith("scierc.json:2")


def test_scierc_material_as_dataset():
    gold = read_gold(GOLD / "scierc.json", material_as_dataset=True)
    assert gold.labels == ("METHOD", "DATASET", "TASK")
    assert ("Penn Treebank", "DATASET") in gold.docs[0].mentions()
    assert read_gold(GOLD / "scierc.json").labels == ("METHOD", "TASK")


def test_scier_reader_rejoins_split_tokens():
    [doc] = read_scier(GOLD / "scier.jsonl")
    assert doc.id == "s-42"
    assert doc.text == ("We train ResNet-101 on CIFAR-100 and the I3D model [12]. "
                        "Accuracy rises from 49.7 to 51.2% for few-shot classification.")
    assert doc.mentions() == [("ResNet-101", "METHOD"), ("CIFAR-100", "DATASET"), ("I3D", "METHOD"),
                              ("few-shot classification", "TASK")]


def test_tdmsci_reader_uses_offsets_and_drops_metric():
    docs = list(read_tdmsci(GOLD / "tdmsci.conll"))
    assert [d.id for d in docs] == ["tdmsci:0", "tdmsci:1", "tdmsci:2", "tdmsci:3"]
    assert [d.text for d in docs] == ["We evaluate on SQuAD v1.1 for question answering (QA).",
                                      "Exact-match scores improve.",
                                      "Named entity recognition on CoNLL-2003.",
                                      "Parsing helps."]
    assert [d.mentions() for d in docs] == [
        [("SQuAD v1.1", "DATASET"), ("question answering", "TASK"), ("QA", "TASK")],
        [],
        [("Named entity recognition", "TASK"), ("CoNLL-2003", "DATASET")],
        [("Parsing", "TASK")],
    ]
    assert docs[2].source.endswith("tdmsci.conll:21")


def test_tdmsci_reader_without_offsets_detokenizes(tmp_path):
    f = tmp_path / "two.conll"
    f.write_text("-DOCSTART- -X- O O\n\nMachine B-TASK\ntranslation I-TASK\n( O\nMT B-TASK\n) O\n. O\n")
    [doc] = read_tdmsci(f)
    assert doc.text == "Machine translation (MT)."
    assert doc.mentions() == [("Machine translation", "TASK"), ("MT", "TASK")]


def test_tdmsci_metric_kept_with_a_mapping():
    gold = read_gold(GOLD / "tdmsci.conll", mapping={**TDMSCI_MAPPING, "METRIC": "METRIC"})
    assert gold.labels == ("DATASET", "TASK", "METRIC")
    assert gold.docs[1].mentions() == [("Exact-match", "METRIC")]


def test_heddes_reader():
    docs = list(read_heddes(GOLD / "heddes.csv"))
    assert [d.id for d in docs] == ["12", "7"]
    assert docs[0].text == "We use Fashion-MNIST and the train/test split of Penn Treebank."
    assert docs[0].mentions() == [("Fashion-MNIST", "DATASET"), ("Penn Treebank", "DATASET")]
    assert docs[1].text == 'Results on "SVHN" (2011).'
    assert docs[1].mentions() == [("SVHN", "DATASET")]


def test_kg_reader_reattaches_text_and_filters_split():
    docs = list(read_kg(GOLD / "kg.jsonl", corpus=[KG_CORPUS]))
    assert [d.id for d in docs] == ["p1", "p2"]
    assert docs[0].mentions() == [("CLIP", "METHOD"), ("open-vocabulary segmentation", "TASK"), ("ADE20K", "DATASET")]
    assert docs[1].mentions() == [("Magnitude pruning", "METHOD"), ("Transformers", "METHOD"), ("GLUE", "DATASET")]
    corpus = read_corpus([KG_CORPUS])
    assert [d.id for d in read_kg(GOLD / "kg.jsonl", corpus=corpus, split="dev")] == ["p1"]


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


@pytest.mark.parametrize("name", ["scierc.json", "scier.jsonl", "tdmsci.conll", "heddes.csv", "kg.jsonl"])
def test_every_fixture_reads_with_spans_inside_text(name):
    gold = read_gold(GOLD / name, corpus=[KG_CORPUS])
    assert gold.docs
    for doc in gold.docs:
        _assert_spans_fit(doc)
        assert {label for _, _, label in doc.spans} <= set(gold.labels)


# ---------------------------------------------------------------------------------------------- label maps


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


def test_bio_spans_conlleval_rules():
    assert bio_spans(["I-TASK", "I-TASK", "B-TASK", "O", "I-DATASET"]) == [(0, 2, "TASK"), (2, 3, "TASK"),
                                                                           (4, 5, "DATASET")]
    assert bio_spans(["O", "O"]) == []
    with pytest.raises(ValueError):
        bio_spans(["E-TASK"])


def test_holdout_is_every_fifth_document():
    docs = [GoldDoc(str(i), "", (), "") for i in range(12)]
    dev = [d.id for d in holdout(docs)]
    train = [d.id for d in holdout(docs, part="train")]
    assert dev == ["4", "9"]
    assert sorted(dev + train, key=int) == [str(i) for i in range(12)]


# ---------------------------------------------------------------------------------------- malformed input


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


def _kg_row(**changes: object) -> str:
    abstract = "We adapt CLIP to open-vocabulary segmentation on ADE20K."
    row = {"paper": "p1", "abstract_sha1": hashlib.sha1(abstract.encode()).hexdigest(), "split": "dev",
           "spans": [[9, 13, "METHOD"]], **changes}
    return json.dumps(row) + "\n"


@pytest.mark.parametrize(("row", "match"), [
    (_kg_row(abstract_sha1="0" * 40), r"g.jsonl:2: the abstract of paper 'p1' changed"),
    (_kg_row(paper="nope"), r"g.jsonl:2: paper 'nope' is not in the corpus"),
    (_kg_row(spans=[[9, 999, "METHOD"]]), r"g.jsonl:2: span \[9, 999, 'METHOD'\] is not"),
    (_kg_row(spans=[[13, 9, "METHOD"]]), r"g.jsonl:2: span"),
    (_kg_row(spans=[[9, 13, "MODEL"]]), r"g.jsonl:2: unknown label 'MODEL'"),
    (json.dumps({"paper": "p1", "spans": []}) + "\n", r"g.jsonl:2: record has no 'abstract_sha1'"),
])
def test_malformed_kg_annotations(tmp_path, row, match):
    f = _write(tmp_path, "g.jsonl", _kg_row() + row)
    with pytest.raises(GoldError, match=match):
        list(read_kg(f, corpus=[KG_CORPUS]))


def test_unknown_and_missing(tmp_path):
    with pytest.raises(GoldError, match="unknown gold format 'brat'"):
        read_gold(GOLD / "kg.jsonl", format="brat")
    with pytest.raises(GoldError, match="no such gold file"):
        read_gold(tmp_path / "missing.conll")


# -------------------------------------------------------------------------------------------------- scoring


def test_counts_scores():
    assert Counts(10, 8, 6).precision == 0.75
    assert Counts(10, 8, 6).recall == 0.6
    assert Counts(10, 8, 6).f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)
    assert Counts(0, 0, 0).f1 == Counts(3, 0, 0).precision == Counts(0, 3, 0).recall == 0.0


def test_exact_match_needs_same_boundaries_and_label():
    gold = [(0, 4, "METHOD"), (10, 20, "TASK"), (30, 35, "DATASET")]
    pred = [(0, 4, "METHOD"), (10, 19, "TASK"), (30, 35, "METHOD")]
    assert match_exact(gold, pred) == {(0, 4, "METHOD")}


def test_partial_match_is_one_to_one_and_greedy_by_overlap():
    # one prediction covers two gold spans: it is matched once, to the one it overlaps most
    gold = [(0, 5, "TASK"), (6, 20, "TASK")]
    assert match_partial(gold, [(3, 20, "TASK")]) == [((6, 20, "TASK"), (3, 20, "TASK"))]
    # two predictions inside one gold span: one match
    assert len(match_partial([(0, 20, "TASK")], [(0, 5, "TASK"), (8, 20, "TASK")])) == 1
    # touching is not overlapping; labels must agree
    assert match_partial([(0, 5, "TASK")], [(5, 9, "TASK"), (0, 5, "METHOD")]) == []
    # an exact pair is never given up for an equally large overlap
    assert match_partial([(0, 5, "TASK"), (0, 30, "TASK")], [(0, 5, "TASK")]) == [((0, 5, "TASK"), (0, 5, "TASK"))]


def test_score_spans_hand_computed():
    doc1 = ([(0, 4, "METHOD"), (10, 20, "TASK"), (25, 30, "TASK")],
            [(0, 4, "METHOD"), (12, 20, "TASK"), (40, 45, "METHOD"), (50, 55, "DATASET")])
    doc2 = ([(0, 6, "METHOD")], [(0, 6, "TASK")])
    exact, partial = score_spans([doc1, doc2], ["METHOD", "TASK"])
    assert exact["METHOD"] == Counts(gold=2, predicted=2, correct=1)
    assert exact["TASK"] == Counts(gold=2, predicted=2, correct=0)
    assert partial["TASK"] == Counts(gold=2, predicted=2, correct=1)
    assert exact["micro"] == Counts(gold=4, predicted=4, correct=1)   # the DATASET prediction is not scored
    assert partial["micro"] == Counts(gold=4, predicted=4, correct=2)
    assert exact["micro"].f1 == pytest.approx(0.25)
    assert partial["micro"].f1 == pytest.approx(0.5)


@pytest.fixture(scope="module")
def ruler_nlp():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([  # type: ignore[attr-defined]
        {"label": "METHOD", "pattern": "CLIP"},
        {"label": "TASK", "pattern": [{"LOWER": "segmentation"}]},
        {"label": "DATASET", "pattern": "GLUE"},
        {"label": "METHOD", "pattern": "pruning"},
    ])
    return nlp


def test_evaluate_runs_the_pipeline_and_scores(ruler_nlp):
    gold = read_gold(GOLD / "kg.jsonl", corpus=[KG_CORPUS])
    report = evaluate(ruler_nlp, gold.docs, labels=gold.labels, mapping=gold.mapping, gold="kg.jsonl", format="kg")
    # p1: CLIP exact, "segmentation" inside "open-vocabulary segmentation"; p2: "pruning" inside
    # "Magnitude pruning", GLUE exact
    assert report.exact["METHOD"] == Counts(gold=3, predicted=2, correct=1)
    assert report.partial["METHOD"] == Counts(gold=3, predicted=2, correct=2)
    assert report.exact["TASK"] == Counts(gold=1, predicted=1, correct=0)
    assert report.partial["TASK"] == Counts(gold=1, predicted=1, correct=1)
    assert report.exact["DATASET"] == Counts(gold=2, predicted=1, correct=1)
    assert report.exact["micro"] == Counts(gold=6, predicted=4, correct=2)
    assert report.docs == 2 and report.words == 18 and report.words_per_second > 0
    data = report.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["partial"]["micro"] == {"gold": 6, "predicted": 4, "correct": 4, "precision": 1.0,
                                        "recall": 0.6667, "f1": 0.8}
    assert data["mapping"] == dict(KG_MAPPING) and data["labels"] == ["METHOD", "DATASET", "TASK"]
    table = format_report(report)
    assert table == report.table()
    assert "kg.jsonl (kg, all): 2 docs, 18 words" in table
    assert [line.split()[0] for line in table.splitlines()[4:]] == ["METHOD", "DATASET", "TASK", "micro"]


def test_evaluate_scores_only_the_given_labels(ruler_nlp):
    doc = GoldDoc("d", "CLIP on GLUE.", ((0, 4, "METHOD"),), "")
    report = evaluate(ruler_nlp, [doc], labels=["METHOD"])
    assert report.labels == ("METHOD",)
    assert report.exact["micro"] == Counts(gold=1, predicted=1, correct=1)


def test_run_evaluation_with_the_rules_pipeline():
    report = run_evaluation(GOLD / "tdmsci.conll", heldout=False, limit=3)
    assert report.docs == 3 and report.format == "tdmsci" and report.labels == ("DATASET", "TASK")
    assert report.selection == "all, first 3"
    assert report.exact["micro"].gold == 5
    assert report.partial["micro"].correct >= report.exact["micro"].correct
    assert run_evaluation(GOLD / "tdmsci.conll", heldout=True).docs == 0


# ------------------------------------------------------------------------------------ real dev files (format)


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
