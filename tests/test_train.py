import gzip
import hashlib
import json
import shutil
from pathlib import Path

import pytest
import spacy
from spacy.tokens import DocBin

from kg.errors import BuildError, GoldError, TrainError
from kg.gold import read_tdmsci
from kg.nlp import build_rules_pipeline, load_pipeline
from kg.records import LABELS
from kg.train import (
    DATASET_HEADS,
    EVAL_SETS,
    TASK_GENERIC_HEADS,
    ConversionStats,
    DataPaths,
    Recipe,
    TrainingDoc,
    TrainingSource,
    apply_conventions,
    build_trained_pipeline,
    evaluation_sets,
    make_doc,
    read_scirex,
    read_sources,
    save_pipeline,
    split_acronyms,
    strip_heads,
    to_docbin,
    train_ner,
)

GOLD = Path(__file__).parent / "data" / "gold"


def _iob(doc):
    return [t.ent_iob_ + (f"-{t.ent_type_}" if t.ent_type_ else "") if t.ent_iob_ else "?" for t in doc]


def _mentions(text, spans):
    return [(text[s:e], label) for s, e, label in spans]


# ------------------------------------------------------------------------------------------- conventions


@pytest.mark.parametrize(("text", "heads", "expected"), [
    ("MNIST dataset", DATASET_HEADS, "MNIST"),
    ("the UCI data sets", DATASET_HEADS, "the UCI"),
    ("IWSLT 2010 evaluation datasets", DATASET_HEADS, "IWSLT 2010"),
    ("Penn Treebank", DATASET_HEADS, "Penn Treebank"),
    ("parsing task", TASK_GENERIC_HEADS, "parsing"),
    ("dataset", DATASET_HEADS, None),
])
def test_strip_heads(text, heads, expected):
    out = strip_heads(text, (0, len(text), "X"), heads)
    assert (text[out[0]:out[1]] if out else None) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("machine translation (MT)", ["machine translation", "MT"]),
    ("Chain-of-thought (CoT)", ["Chain-of-thought", "CoT"]),
    ("models (see below)", ["models (see below)"]),
    ("RNN (lstm)", ["RNN (lstm)"]),
    ("BERT", ["BERT"]),
])
def test_split_acronyms(text, expected):
    assert [text[s:e] for s, e, _ in split_acronyms(text, (0, len(text), "TASK"))] == expected


def test_conventions_follow_the_guidelines():
    text = "The CUB and Cars datasets, the gallery set, the WSJ corpus (WSJ) and an analysis method for the QA task."
    spans = tuple((text.index(m), text.index(m) + len(m), label) for m, label in [
        ("CUB and Cars datasets", "DATASET"), ("gallery set", "DATASET"), ("WSJ corpus (WSJ)", "DATASET"),
        ("analysis method", "METHOD"), ("QA task", "TASK")])
    out = apply_conventions(TrainingDoc("d", text, spans), corpus="scierc")
    assert _mentions(text, out.spans) == [("CUB", "DATASET"), ("Cars", "DATASET"), ("WSJ", "DATASET"),
                                          ("WSJ", "DATASET"), ("QA", "TASK")]
    assert sorted(text[s:e] for s, e in out.unknown) == ["analysis method", "gallery set"]
    # outside SciERC a METHOD with a generic head is kept as annotated
    kept = apply_conventions(TrainingDoc("d", text, spans[3:4]), corpus="tdmsci")
    assert _mentions(text, kept.spans) == [("analysis method", "METHOD")]


# ----------------------------------------------------------------------------------- DocBin conversion

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


# ------------------------------------------------------------------------------------------------ sources


@pytest.fixture
def data_paths(tmp_path):
    """The gold fixtures laid out like ../shared/data, plus kg offsets as seed annotations."""
    data = tmp_path / "data"
    for source, target in [("scierc.json", "scierc/json/train.json"), ("scierc.json", "scierc/json/dev.json"),
                           ("tdmsci.conll", "tdmsci/train_1500_v2.conll"), ("scier.jsonl", "scier/PLM/dev.jsonl")]:
        (data / target).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(GOLD / source, data / target)
    heddes = data / "dataset-names-heddes2021" / "iob" / "Train_set.csv.gz"
    heddes.parent.mkdir(parents=True)
    heddes.write_bytes(gzip.compress((GOLD / "heddes.csv").read_bytes()))
    scirex = data / "scirex" / "train.jsonl.gz"
    scirex.parent.mkdir(parents=True)
    scirex.write_bytes(gzip.compress((json.dumps(_scirex_record()) + "\n").encode()))
    annotations = tmp_path / "annotations"
    annotations.mkdir()
    shutil.copy(GOLD / "kg.jsonl", annotations / "seeds-train.jsonl")
    shutil.copy(GOLD / "kg.jsonl", annotations / "seeds-dev.jsonl")
    (annotations / "scirex-train.jsonl").write_text(json.dumps(_SCIREX_KG) + "\n")
    return DataPaths(data=data, seeds=GOLD / "kg_corpus.jsonl", annotations=annotations)


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


def test_scirex_annotations_of_changed_text_are_a_clear_error(data_paths):
    row = {**_SCIREX_KG, "abstract_sha1": "0" * 40}
    data_paths.scirex_annotations.write_text(json.dumps(row) + "\n")
    with pytest.raises(GoldError, match=r"scirex-train\.jsonl.*1.*changed"):
        read_sources(data_paths, Recipe(sources=("scirex-kg",)))


def test_evaluation_sets_and_kg_views(data_paths):
    sets = {s.name: s for s in evaluation_sets(data_paths)}
    assert set(sets) == set(EVAL_SETS)
    assert [d.id for d in sets["seeds-dev"].docs] == ["p1"]  # only the dev rows
    assert sets["scierc-dev"].labels == ("METHOD", "TASK") and sets["scier-dev"].labels == LABELS
    n_tdmsci = len(list(read_tdmsci(data_paths.tdmsci_train)))
    assert len(sets["tdmsci-heldout"].docs) == n_tdmsci // 5  # documents 4, 9, ... only
    raw, kg = sets["heddes-heldout"], sets["heddes-heldout:kg"]
    assert [d.id for d in raw.docs] == [d.id for d in kg.docs]
    assert {s.name: s for s in evaluation_sets(data_paths, include=["scier-dev"])}.keys() == {"scier-dev"}


def test_read_sources_errors(data_paths, tmp_path):
    with pytest.raises(TrainError, match="unknown training source"):
        read_sources(data_paths, Recipe(sources=("scier",)))
    with pytest.raises(TrainError, match="training data not found"):
        read_sources(DataPaths(data=tmp_path / "nowhere", annotations=data_paths.annotations,
                               seeds=data_paths.seeds), Recipe(sources=("scierc",)))


# ------------------------------------------------------------------------------------------- tiny training

_TINY = {
    "components.tok2vec.model.encode.width": 32,
    "components.tok2vec.model.encode.depth": 1,
    "components.tok2vec.model.embed.rows": [500, 100, 100, 100],
    "components.ner.model.hidden_width": 16,
    "training.max_steps": 60,
    "training.eval_frequency": 30,
    "training.dropout": 0.0,
    "training.batcher.size.start": 200,
    "training.optimizer.learn_rate": 0.005,
}


def test_tiny_training_gives_a_loadable_pipeline(tmp_path):
    nlp = spacy.blank("en")
    docs = [TrainingDoc(f"d{i}", f"We fine-tune BERT on SQuAD for question answering {i}.", SPANS) for i in range(8)]
    train, _ = to_docbin(nlp, [TrainingSource("tiny", tuple(docs), weight=4)])
    train.to_disk(tmp_path / "train.spacy")
    model, seconds = train_ner(tmp_path / "train.spacy", tmp_path / "train.spacy", tmp_path / "ner", seed=1,
                               overrides=_TINY)
    assert seconds > 0 and (model / "ner").is_dir()
    text = "We fine-tune BERT on SQuAD for question answering 3."
    found = [(e.text, e.label_) for e in build_trained_pipeline(model, mode="model")(text).ents]
    assert ("BERT", "METHOD") in found and ("SQuAD", "DATASET") in found

    rules = build_rules_pipeline()
    combined = build_trained_pipeline(model, mode="union", rules=rules)
    assert combined.pipe_names[:2] == ["tok2vec", "ner"] and combined.pipe_names[-1] == "kg_entity_resolver"
    assert save_pipeline(combined, tmp_path / "pipeline") > 0
    reloaded = spacy.load(tmp_path / "pipeline")
    assert [(e.text, e.label_) for e in reloaded(text).ents] == [(e.text, e.label_) for e in combined(text).ents]
    # A bare model (what `kg train` writes to OUT/model) is combined with the rules by load_pipeline.
    bare = spacy.load(model)
    bare.meta["kg_mode"] = "union"
    save_pipeline(bare, tmp_path / "bare")
    assert spacy.util.load_config(tmp_path / "bare" / "config.cfg")["paths"]["train"] is None
    loaded = load_pipeline(str(tmp_path / "bare"))
    assert loaded.pipe_names == combined.pipe_names
    assert [(e.text, e.label_) for e in loaded(text).ents] == [(e.text, e.label_) for e in combined(text).ents]
    gaps = build_trained_pipeline(model, mode="gaps", rules=rules)
    assert {"BERT", "SQuAD"} <= {e.text for e in gaps(text).ents}
    fill = build_trained_pipeline(model, mode="fill", rules=rules)
    assert ("question answering", "TASK") in [(e.text, e.label_) for e in fill(text).ents]


def test_build_trained_pipeline_rejects_unknown_mode():
    with pytest.raises(BuildError, match="unknown mode"):
        build_trained_pipeline("nowhere", mode="ensemble")  # type: ignore[arg-type]


_SCIREX_TEXT = "Fast BERT Tuning We fine-tune BERT on SQuAD for question answering."
_SCIREX_KG = {"paper": "x1", "abstract_sha1": hashlib.sha1(_SCIREX_TEXT.encode()).hexdigest(), "split": "train",
              "spans": [[0, 16, "METHOD"], [30, 34, "METHOD"], [38, 43, "DATASET"], [48, 66, "TASK"]]}


def _scirex_record():
    text = ("document : Fast BERT Tuning section : Abstract We fine - tune BERT on SQuAD for question answering . "
            "section : Intro BERT is a Transformer encoder trained on BookCorpus and Wikipedia text .")
    words = text.split(" ")
    tag = {"BERT": "Method", "SQuAD": "Material", "Transformer": "Method"}
    ner = [[i, i + 1, tag[w]] for i, w in enumerate(words) if w in tag]
    ner.append([words.index("question"), words.index("question") + 2, "Task"])
    first_intro = words.index("Intro") - 2
    return {"doc_id": "x1", "words": words, "sections": [[0, 5], [5, first_intro], [first_intro, len(words)]],
            "sentences": [[0, 5], [5, first_intro], [first_intro + 3, len(words)]], "ner": ner}


def test_read_scirex_abstract_and_body(tmp_path):
    path = tmp_path / "train.jsonl.gz"
    path.write_bytes(gzip.compress((json.dumps(_scirex_record()) + "\n").encode()))
    (abstract,) = read_scirex(path)
    assert abstract.text == "Fast BERT Tuning We fine-tune BERT on SQuAD for question answering."
    assert abstract.mentions() == [("BERT", "METHOD"), ("BERT", "METHOD"), ("SQuAD", "DATASET"),
                                   ("question answering", "TASK")]
    (sentence,) = read_scirex(path, part="body")
    assert sentence.text.startswith("BERT is a Transformer") and sentence.mentions() == [
        ("BERT", "METHOD"), ("Transformer", "METHOD")]
