"""The trained model shipped in the package (kg/nlp/model): it loads offline, combines with the rules, labels."""

from __future__ import annotations

import json

import pytest

from kg.errors import BuildError
from kg.nlp import DEFAULT, RULES, load_pipeline, model_fingerprint, model_path
from kg.nlp.pipeline import SHIPPED_MODEL, build_trained_pipeline


@pytest.fixture(scope="module")
def shipped():
    return load_pipeline(DEFAULT)


def test_shipped_model_is_in_the_package_and_small():
    assert model_path(DEFAULT) == SHIPPED_MODEL
    size = sum(f.stat().st_size for f in SHIPPED_MODEL.rglob("*") if f.is_file())
    assert 1e6 < size <= 40e6
    meta = json.loads((SHIPPED_MODEL / "meta.json").read_text())
    assert meta["name"] == "kg_ner" and meta["kg_mode"] == "union"
    assert set(meta["labels"]["ner"]) == {"METHOD", "DATASET", "TASK"}
    assert "scier" not in meta["kg_recipe"]["sources"]  # GPL-3.0: measured on, never trained on
    # No machine paths of the training run in the shipped config.
    assert "/work/" not in (SHIPPED_MODEL / "config.cfg").read_text()


def test_shipped_model_is_combined_with_the_rules(shipped):
    assert shipped.pipe_names[:2] == ["tok2vec", "ner"]
    assert shipped.pipe_names[-1] == "kg_entity_resolver"
    assert {"kg_abbreviations", "kg_gazetteer", "kg_cues"} <= set(shipped.pipe_names)


def test_shipped_model_labels_a_known_sentence(shipped):
    doc = shipped("We train a graph convolutional network for node classification on Cora and Citeseer.")
    found = {(e.text, e.label_) for e in doc.ents}
    assert found == {("graph convolutional network", "METHOD"), ("node classification", "TASK"),
                     ("Cora", "DATASET"), ("Citeseer", "DATASET")}


def test_shipped_model_finds_what_the_rules_miss(shipped):
    text = "A siamese convolutional encoder is trained with a contrastive loss for sentence similarity."
    assert not [e for e in load_pipeline(RULES)(text).ents if e.label_ == "METHOD"]
    found = {(e.text, e.label_) for e in shipped(text).ents}
    # the method the rules cannot see; its left boundary ("siamese") moves between training runs
    assert any(label == "METHOD" and name.endswith("convolutional encoder") for name, label in found)
    assert ("sentence similarity", "TASK") in found


def test_models_have_distinct_fingerprints():
    assert model_fingerprint(DEFAULT) != model_fingerprint(RULES)


def test_missing_model_is_a_clear_error(tmp_path):
    with pytest.raises(BuildError, match="unknown model"):
        load_pipeline(str(tmp_path / "nothing-here"))


def test_build_trained_pipeline_rejects_unknown_mode():
    with pytest.raises(BuildError, match="unknown mode"):
        build_trained_pipeline("nowhere", mode="ensemble")  # type: ignore[arg-type]
