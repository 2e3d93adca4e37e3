"""scripts/ner_variants.py: the configs and data of the two measured, not kept, variants of the recogniser."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
import spacy
from paths import ROOT, SHARED
from spacy import util
from spacy.training import Example

SCRIPTS = ROOT / "scripts"
sys.path.insert(0, str(SCRIPTS))
import ner_variants  # noqa: E402


def _initialised(config: Path, **overrides: object) -> spacy.language.Language:
    loaded = util.load_config(config, overrides={"paths.train": "-", "paths.dev": "-", **overrides},
                              interpolate=False)
    nlp = util.load_model_from_config(loaded, auto_fill=True)
    doc = nlp.make_doc("We train BERT on ImageNet for image classification .")
    example = Example.from_dict(doc, {"entities": ["O", "O", "U-METHOD", "O", "U-DATASET", "O", "B-TASK", "L-TASK",
                                                   "O"]})
    nlp.initialize(lambda: [example])
    return nlp


def test_pretraining_section_makes_init_tok2vec_load(tmp_path: Path) -> None:
    config = ner_variants.with_pretraining(tmp_path / "pt.cfg", tmp_path / "text.jsonl")
    source = _initialised(config)
    weights = tmp_path / "model0.bin"
    weights.write_bytes(source.get_pipe("tok2vec").model.to_bytes())
    loaded = _initialised(config, **{"paths.init_tok2vec": str(weights), "system.seed": 1})
    fresh = _initialised(config, **{"system.seed": 1})
    assert loaded.get_pipe("tok2vec").model.to_bytes() == weights.read_bytes()
    assert fresh.get_pipe("tok2vec").model.to_bytes() != weights.read_bytes()


def test_without_the_section_spacy_ignores_init_tok2vec(tmp_path: Path) -> None:
    # why with_pretraining exists: kg's config has an empty [pretraining], and spaCy then skips init_tok2vec
    source = _initialised(ner_variants.DEFAULT_CONFIG)
    weights = tmp_path / "model0.bin"
    weights.write_bytes(source.get_pipe("tok2vec").model.to_bytes())
    loaded = _initialised(ner_variants.DEFAULT_CONFIG, **{"paths.init_tok2vec": str(weights), "system.seed": 1})
    assert loaded.get_pipe("tok2vec").model.to_bytes() != weights.read_bytes()


def test_spancat_config_builds(tmp_path: Path) -> None:
    config = ner_variants.spancat_config(tmp_path / "sc.cfg", longest=5, hidden=32)
    nlp = util.load_model_from_config(util.load_config(config, overrides={"paths.train": "-", "paths.dev": "-"}),
                                      auto_fill=True)
    assert nlp.pipe_names == ["tok2vec", "spancat"]
    assert nlp.config["components"]["spancat"]["suggester"]["sizes"] == [1, 2, 3, 4, 5]
    assert nlp.config["components"]["spancat"]["model"]["reducer"]["hidden_size"] == 32
    assert nlp.config["training"]["score_weights"]["spans_sc_f"] == 1.0


def test_spans_to_ents_keeps_the_longer_of_overlapping_spans() -> None:
    nlp = spacy.blank("en")
    doc = nlp("Residual networks beat VGG on ImageNet .")
    doc.spans["sc"] = [doc.char_span(0, 8, "METHOD"), doc.char_span(0, 17, "METHOD"),
                       doc.char_span(30, 38, "DATASET")]
    doc = ner_variants.spans_to_ents(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [("Residual networks", "METHOD"), ("ImageNet", "DATASET")]


def test_span_docbin_copies_gold_entities_into_the_span_group() -> None:
    docs = [ner_variants.TrainingDoc("d", "We use BERT on SQuAD.", ((7, 11, "METHOD"), (15, 20, "DATASET")))]
    docbin = ner_variants.span_docbin(docs, 2)
    out = list(docbin.get_docs(spacy.blank("en").vocab))
    assert len(out) == 2
    assert [(s.text, s.label_) for s in out[0].spans["sc"]] == [("BERT", "METHOD"), ("SQuAD", "DATASET")]


@pytest.mark.skipif(not (SHARED / "data" / "scirex").is_dir(), reason="../shared/data/scirex not present")
def test_pretraining_text_is_scirex_train_without_markers(tmp_path: Path) -> None:
    paths = ner_variants.DataPaths(data=SHARED / "data", seeds=SHARED / "seeds")
    out = tmp_path / "text.jsonl"
    words = ner_variants.pretraining_text(paths, out)
    lines = [json.loads(line)["text"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert words > 1_000_000 and len(lines) > 5_000
    assert not any(t.startswith(("document :", "section :")) or "section : Abstract" in t for t in lines)
    lengths = sorted(len(t.split()) for t in lines)
    assert lengths[len(lengths) // 2] <= 2 * ner_variants.CHUNK_WORDS  # chunks of sentences (a few are tables)
