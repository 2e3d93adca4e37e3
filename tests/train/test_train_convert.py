"""kg.train.convert: training documents as spaCy Docs and DocBins, with gold, O and missing tokens."""

import pytest
import spacy
from spacy.tokens import DocBin

from kg.train.convert import make_doc, to_docbin
from kg.train.records import ConversionStats, TrainingDoc, TrainingSource


def _iob(doc):
    return [t.ent_iob_ + (f"-{t.ent_type_}" if t.ent_type_ else "") if t.ent_iob_ else "?" for t in doc]


TEXT = "We fine-tune BERT on SQuAD for question answering."
SPANS = ((13, 17, "METHOD"), (21, 26, "DATASET"), (31, 49, "TASK"))


def test_make_doc_maps_every_label():
    doc, stats = make_doc(spacy.blank("en"), TrainingDoc("d", TEXT, SPANS))
    assert [(e.text, e.label_) for e in doc.ents] == [("BERT", "METHOD"), ("SQuAD", "DATASET"),
                                                      ("question answering", "TASK")]
    assert "?" not in _iob(doc)
    assert stats == ConversionStats(docs=1, tokens=len(doc), spans=3, kept=3)


@pytest.mark.parametrize(("absent", "expected"), [
    # TDMSci-like: TASK and DATASET annotated, BERT (a METHOD the rules would find) is unknown
    ("outside", ["O", "O", "O", "O", "O", "O", "B-DATASET", "O", "B-TASK", "I-TASK", "O"]),
    ("missing", ["?", "?", "?", "?", "?", "?", "B-DATASET", "?", "B-TASK", "I-TASK", "?"]),
    ("candidates", ["O", "O", "O", "O", "?", "O", "B-DATASET", "O", "B-TASK", "I-TASK", "O"]),
])
def test_make_doc_partial_corpus(absent, expected):
    doc = TrainingDoc("d", TEXT, SPANS[1:], ("DATASET", "TASK"), unknown=((13, 17),))
    spacy_doc, stats = make_doc(spacy.blank("en"), doc, absent=absent)
    assert [t.text for t in spacy_doc][4] == "BERT"
    assert _iob(spacy_doc) == expected
    assert stats.missing_tokens == expected.count("?")


def test_make_doc_drops_misaligned_and_nested_spans():
    # "BER" ends inside a token; "question" is nested in "question answering"
    spans = ((13, 16, "METHOD"), (31, 39, "TASK"), (31, 49, "TASK"))
    spacy_doc, stats = make_doc(spacy.blank("en"), TrainingDoc("d", TEXT, spans))
    assert [(e.text, e.label_) for e in spacy_doc.ents] == [("question answering", "TASK")]
    assert (stats.misaligned, stats.overlapping, stats.kept) == (1, 1, 1)
    assert _iob(spacy_doc)[4] == "?"  # BERT: neither entity nor O


def test_to_docbin_round_trip_and_weights():
    nlp = spacy.blank("en")
    sources = [TrainingSource("seeds", (TrainingDoc("a", TEXT, SPANS),), weight=3),
               TrainingSource("tdmsci", (TrainingDoc("b", TEXT, SPANS[1:], ("DATASET", "TASK"), ((13, 17),)),))]
    docbin, stats = to_docbin(nlp, sources)
    docs = list(DocBin().from_bytes(docbin.to_bytes()).get_docs(nlp.vocab))
    assert len(docs) == 4
    assert [e.label_ for e in docs[0].ents] == ["METHOD", "DATASET", "TASK"]
    assert _iob(docs[3])[4] == "?"
    assert stats["seeds"].docs == 1 and stats["tdmsci"].missing_tokens == 1
