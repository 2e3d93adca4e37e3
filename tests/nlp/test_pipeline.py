"""kg/nlp/pipeline.py: the rules pipeline as assembled, its options, and what load_pipeline makes of a model name."""

import pytest

from kg.errors import BuildError
from kg.nlp import RULES, load_pipeline, model_path, pipeline_version
from kg.nlp.pipeline import build_trained_pipeline


def test_training_regions_keep_what_the_guideline_filter_drops():
    from kg.nlp import build_rules_pipeline

    text = "This gives a theoretical understanding of why transformers generalize."
    assert "theoretical understanding" not in [e.text for e in build_rules_pipeline()(text).ents]
    assert ("theoretical understanding", "TASK") in [(e.text, e.label_)
                                                    for e in build_rules_pipeline(guidelines=False)(text).ents]


def test_pipeline_links_abbreviation_both_ways(nlp):
    doc = nlp("We propose Gradient-RegulAted Meta-prompt learning (GRAM). Later, GRAM beats CLIP.")
    ents = [(e.text, e.label_) for e in doc.ents]
    assert ("Gradient-RegulAted Meta-prompt learning", "METHOD") in ents
    assert ents.count(("GRAM", "METHOD")) == 2


def test_undefined_meaning_blocks_label(nlp):
    doc = nlp("Models are valuable Intellectual Property (IP) for firms. IP matters.")
    assert not [e for e in doc.ents if e.text == "IP"]


def test_rules_pipeline_components_in_order(nlp):
    assert nlp.pipe_names == ["sentencizer", "kg_abbreviations", "kg_gazetteer", "kg_gazetteer_lower", "kg_cues",
                              "kg_entity_resolver"]
    assert nlp.get_pipe("kg_entity_resolver").guidelines is True
    assert pipeline_version(nlp) == "pipeline-0.0.0:" + ",".join(nlp.pipe_names)
    # the gazetteer matches names by case, phrases in any case
    doc = nlp("We fine-tune BERT and bert for Image Classification.")
    assert [(e.text, e.label_) for e in doc.ents] == [("BERT", "METHOD"), ("Image Classification", "TASK")]


def test_the_rules_model_name():
    assert model_path(RULES) is None
    rules = load_pipeline(RULES)
    assert rules.pipe_names[-1] == "kg_entity_resolver" and "ner" not in rules.pipe_names
    assert build_trained_pipeline("never read", mode="rules", rules=rules) is rules  # the model is ignored
    with pytest.raises(BuildError, match="unknown model"):
        model_path("no/such/folder")


def test_a_full_stop_after_a_name_ending_in_a_capital_ends_the_sentence(nlp):
    # spaCy's English suffixes leave the stop on "4V." and "13B.": the name is missed and the sentence runs on
    doc = nlp("Our probe beats Vizor-4V. We then tune Quokka-13B. Initials such as U.S. and Ph.D. stay whole. "
              "We test on Zebra-R. Then we stop.")
    words = [t.text for t in doc]
    assert words[3:6] == ["Vizor-4V", ".", "We"] and words[8:11] == ["Quokka-13B", ".", "Initials"]
    assert "U.S." in words and "Ph.D." in words
    assert words[words.index("Zebra"):words.index("Then") + 1] == ["Zebra", "-", "R", ".", "Then"]  # no initial "R."
    assert len(list(doc.sents)) == 5


def test_the_trained_model_alone_splits_final_stops_too():
    from kg.nlp.pipeline import SHIPPED_MODEL

    # kg train scores its model through build_trained_pipeline: the same tokens as kg build and kg evaluate
    model = build_trained_pipeline(SHIPPED_MODEL, mode="model")
    assert [t.text for t in model("It beats Vizor-4V. We")] == ["It", "beats", "Vizor-4V", ".", "We"]
