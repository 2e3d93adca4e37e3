"""kg.train.sources: the training corpora read and mapped to kg's labels, SciREX included."""

import gzip
import json

import pytest

from kg.errors import GoldError, TrainError
from kg.records import LABELS
from kg.train.records import DataPaths, Recipe
from kg.train.sources import read_scirex, read_sources


def _mentions(text, spans):
    return [(text[s:e], label) for s, e, label in spans]


def test_read_sources_maps_labels(data_paths):
    sources = {s.name: s for s in read_sources(data_paths, Recipe(negatives=1.0, seed_weight=2, absent="outside"))}
    assert set(sources) == {"seeds", "scirex-kg", "scierc", "tdmsci", "heddes", "scirex", "scirex-body"}
    seeds = sources["seeds"]
    assert seeds.weight == 2 and [d.id for d in seeds.docs] == ["p2"]  # the dev row is never read
    assert {label for s in sources.values() for d in s.docs for *_, label in d.spans} <= {"METHOD", "DATASET", "TASK"}
    assert sources["scierc"].docs[0].labels == ("METHOD", "TASK")
    assert sources["heddes"].docs[0].labels == ("DATASET",)
    heddes = sources["heddes"].docs[0]
    assert ("Fashion-MNIST", "DATASET") in _mentions(heddes.text, heddes.spans)
    scirex = sources["scirex-body"].docs[0]
    assert scirex.labels == ("METHOD", "DATASET", "TASK")
    assert ("BERT", "METHOD") in _mentions(scirex.text, scirex.spans)


def test_scirex_abstracts_annotated_under_the_guidelines_replace_scirex_labels(data_paths):
    sources = {s.name: s for s in read_sources(data_paths, Recipe(seed_weight=3, absent="outside"))}
    (ours,) = sources["scirex-kg"].docs
    assert ours.id == "x1" and ours.labels == LABELS and sources["scirex-kg"].weight == 3
    assert _mentions(ours.text, ours.spans) == [("Fast BERT Tuning", "METHOD"), ("BERT", "METHOD"),
                                                ("SQuAD", "DATASET"), ("question answering", "TASK")]
    assert sources["scirex"].docs == ()  # the same abstract is not trained on with SciREX's labels too
    alone = read_sources(data_paths, Recipe(sources=("scirex",), absent="outside"))[0]
    assert [d.id for d in alone.docs] == ["x1"] and ("SQuAD", "DATASET") in _mentions(alone.docs[0].text,
                                                                                       alone.docs[0].spans)


def test_scirex_annotations_of_changed_text_are_a_clear_error(data_paths, scirex_kg):
    row = {**scirex_kg, "abstract_sha1": "0" * 40}
    data_paths.scirex_annotations.write_text(json.dumps(row) + "\n")
    with pytest.raises(GoldError, match=r"scirex-train\.jsonl.*1.*changed"):
        read_sources(data_paths, Recipe(sources=("scirex-kg",)))


def test_read_sources_errors(data_paths, tmp_path):
    with pytest.raises(TrainError, match="unknown training source"):
        read_sources(data_paths, Recipe(sources=("scier",)))
    with pytest.raises(TrainError, match="training data not found"):
        read_sources(DataPaths(data=tmp_path / "nowhere", annotations=data_paths.annotations,
                               seeds=data_paths.seeds), Recipe(sources=("scierc",)))


def test_read_scirex_abstract_and_body(tmp_path, scirex_record):
    path = tmp_path / "train.jsonl.gz"
    path.write_bytes(gzip.compress((json.dumps(scirex_record) + "\n").encode()))
    (abstract,) = read_scirex(path)
    assert abstract.text == "Fast BERT Tuning We fine-tune BERT on SQuAD for question answering."
    assert abstract.mentions() == [("BERT", "METHOD"), ("BERT", "METHOD"), ("SQuAD", "DATASET"),
                                   ("question answering", "TASK")]
    (sentence,) = read_scirex(path, part="body")
    assert sentence.text.startswith("BERT is a Transformer") and sentence.mentions() == [
        ("BERT", "METHOD"), ("Transformer", "METHOD")]
