"""kg.gold.bio: BIO tags, TDMSci CoNLL and the dataset-name IOB CSV."""

import pytest
from paths import FIXTURES

from kg.gold import read_gold
from kg.gold.bio import bio_spans, read_heddes, read_tdmsci
from kg.gold.records import TDMSCI_MAPPING

GOLD = FIXTURES / "gold"


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


def test_bio_spans_conlleval_rules():
    assert bio_spans(["I-TASK", "I-TASK", "B-TASK", "O", "I-DATASET"]) == [(0, 2, "TASK"), (2, 3, "TASK"),
                                                                           (4, 5, "DATASET")]
    assert bio_spans(["O", "O"]) == []
    with pytest.raises(ValueError):
        bio_spans(["E-TASK"])
