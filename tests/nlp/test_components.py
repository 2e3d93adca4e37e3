"""The resolver's guideline filter (kg.nlp.components.drop_generic) and its other passes."""

from __future__ import annotations

import pytest

from kg.nlp.components import Candidate, drop_generic
from kg.nlp.cues import default_lexicon


def _tokens(text: str) -> list[str]:
    return text.split()


def _kept(text: str, label: str = "METHOD") -> bool:
    words = text.split()
    return bool(drop_generic([Candidate(0, len(words), label, "model")], words, default_lexicon()))


@pytest.mark.parametrize("text", ["neural networks", "deep neural networks", "language models",
                                  "vision - language models", "diffusion models", "adversarial training",
                                  "fine - tuning", "OOD generalization", "domain generalization", "ResNet - 50",
                                  "GPT - 4", "large language models", "Transformer", "meta - learning"])
def test_names_and_families_are_kept(text):
    assert _kept(text)


@pytest.mark.parametrize("text", ["our method", "pretrained models", "deep models", "the proposed framework",
                                  "training", "notable generalization", "theoretical understanding",
                                  "deep learning", "Machine Learning", "SoTA", "real - world applications",
                                  "https://github.com/org/repo", "existing approaches", "the encoder",
                                  "neural models", "hidden layer", "training procedure"])
def test_generic_mentions_and_urls_are_dropped(text):
    assert not _kept(text)


@pytest.mark.parametrize(("text", "kept"), [("RGB image", False), ("video clips", False), ("unlabeled data", False),
                                            ("ImageNet", True), ("COCO", True), ("Office - Home", True),
                                            ("Gaokao English listening comprehension set", True)])
def test_datasets_do_not_end_in_a_data_word(text, kept):
    assert _kept(text, "DATASET") is kept
    assert _kept("RGB image", "METHOD")  # the data words only bar DATASET mentions


def test_an_abbreviation_takes_the_label_its_head_names():
    from kg.nlp.components import resolve_abbreviations

    words = _tokens("MUlti - Granular Self - supervised learning ( Mugs ) ; Mugs helps")
    # A model said DATASET for the long form; "learning" makes it a method, and every use of Mugs with it.
    found = resolve_abbreviations([Candidate(0, 7, "DATASET", "model")], [(8, 9, 0, 7), (11, 12, 0, 7)], words,
                                  default_lexicon())
    assert {(c.start, c.end, c.label) for c in found if c.source.startswith("abbreviation")} == {
        (0, 7, "METHOD"), (8, 9, "METHOD"), (11, 12, "METHOD")}
    # Without a telling head, the candidate's label stands.
    words = _tokens("Fine - Grained Description ( FG - Des ) works")
    found = resolve_abbreviations([Candidate(0, 4, "METHOD", "model")], [(5, 8, 0, 4)], words, default_lexicon())
    assert {c.label for c in found if c.source.startswith("abbreviation")} == {"METHOD"}
    # Training's regions ask the candidates first: the old order.
    words = _tokens("MUlti - Granular Self - supervised learning ( Mugs ) ; Mugs helps")
    found = resolve_abbreviations([Candidate(0, 7, "DATASET", "model")], [(8, 9, 0, 7)], words, default_lexicon(),
                                  heads_first=False)
    assert {c.label for c in found if c.source.startswith("abbreviation")} == {"DATASET"}


def test_the_models_boundary_stands_against_a_task_cue_and_a_short_forms_use():
    from kg.nlp.components import defer_to_model

    cue, model = Candidate(0, 3, "TASK", "cue:task-head"), Candidate(1, 3, "TASK", "model")
    assert defer_to_model([cue, model]) == [model]
    # a model mention that starts where the cue starts, or earlier, leaves it to the overlap contest
    longer = Candidate(0, 3, "TASK", "model")
    assert defer_to_model([cue._replace(start=1), longer]) == [cue._replace(start=1), longer]
    use, variant = Candidate(5, 6, "METHOD", "abbreviation:use"), Candidate(4, 6, "METHOD", "model")
    assert defer_to_model([use, variant]) == [variant]
    # The definition's short form is never dropped, nor a use that the model's mention does not extend.
    definition = Candidate(5, 6, "METHOD", "abbreviation:short")
    assert defer_to_model([definition, variant]) == [definition, variant]
    assert defer_to_model([use, Candidate(5, 7, "METHOD", "model")]) == [use, Candidate(5, 7, "METHOD", "model")]


def test_a_short_form_inside_a_hyphenated_name_is_no_use_of_it():
    from kg.nlp import build_rules_pipeline

    doc = build_rules_pipeline()("We extend Zonal Quantized Transformers (ZaQT). ZaQT-LT beats ZaQT on tails.")
    uses = [(e.text, e.start_char, e.id_) for e in doc.ents if e.text == "ZaQT"]
    assert uses == [("ZaQT", 40, "abbreviation:short"), ("ZaQT", 61, "abbreviation:use")]


def test_a_use_right_before_a_definition_is_a_use_not_the_definition():
    from kg.nlp.components import resolve_abbreviations

    words = _tokens("We study offline RL . Reinforcement learning ( RL ) agents")
    found = resolve_abbreviations([], [(3, 4, 5, 7), (8, 9, 5, 7)], words, default_lexicon())
    sources = {(c.start, c.source) for c in found if c.end - c.start == 1}
    assert sources == {(3, "abbreviation:use"), (8, "abbreviation:short")}


def test_consistency_skips_a_name_inside_a_hyphenated_name():
    from kg.nlp.components import consistent_occurrences

    words = ["PoseDA", "wins", ";", "PoseDA", "-", "v2", "and", "PoseDA", "\u2013", "X", "lose", "to", "PoseDA"]
    spaces = [True, False, True, False, False, True, True, False, False, True, True, True, False]
    found = consistent_occurrences([Candidate(0, 1, "METHOD", "model")], words, spaces)
    assert [c.start for c in found] == [12]
    assert [c.start for c in consistent_occurrences([Candidate(0, 1, "METHOD", "model")], words)] == [3, 7, 12]


@pytest.mark.parametrize(("text", "kept"), [("BLEU", False), ("mAP", False), ("top - 1 accuracy", False),
                                            ("Accuracy", False), ("F1 - score", False), ("F1 \u2013 score", False),
                                            ("F1 Score", False), ("BLEU score", False), ("MOTA", False),
                                            ("mean average precision", False), ("MAP", True), ("MAE", True),
                                            ("BLEURT - style metric learning", True), ("accuracy prediction", True)])
def test_metrics_are_no_entities_whatever_their_label(text, kept):
    for label in ("METHOD", "DATASET", "TASK"):
        assert _kept(text, label) is kept


def test_a_task_cue_needs_the_models_support_only_beside_a_model():
    from kg.nlp import build_rules_pipeline
    from kg.nlp.components import task_cues_with_model

    text = "Transformers show competitive generalization in our tests."
    # The rules alone keep the cue: there is no model to ask.
    assert ("competitive generalization", "TASK") in [(e.text, e.label_) for e in build_rules_pipeline()(text).ents]
    lone = Candidate(2, 4, "TASK", "cue:task-head")
    assert task_cues_with_model([lone]) == []
    # Any overlapping model mention keeps it, whatever its label; the contest of overlaps comes later.
    for model in (Candidate(3, 4, "TASK", "model"), Candidate(1, 3, "METHOD", "model")):
        assert task_cues_with_model([lone, model]) == [lone, model]
    assert task_cues_with_model([lone, Candidate(0, 1, "METHOD", "model")]) == [Candidate(0, 1, "METHOD", "model")]
    # Other sources need no support.
    gazetteer = Candidate(2, 4, "TASK", "gazetteer:task")
    assert task_cues_with_model([gazetteer]) == [gazetteer]


@pytest.mark.parametrize("text", ["Domain - specific Risk Minimization ( DRM )", "Expectation Maximization ( EM )"])
def test_a_minimization_or_maximization_long_form_names_a_method(text):
    from kg.nlp.components import resolve_abbreviations

    words = _tokens(text)
    short = words.index("(") + 1
    found = resolve_abbreviations([Candidate(0, short - 1, "TASK", "model")], [(short, short + 1, 0, short - 1)],
                                  words, default_lexicon())
    assert {c.label for c in found if c.source.startswith("abbreviation")} == {"METHOD"}


def test_the_resolver_asks_the_model_about_task_cues_only_when_it_has_one():
    import spacy
    from spacy.tokens import Span

    from kg.nlp.components import EntityResolver

    nlp = spacy.blank("en")

    def resolve(use_ents: bool) -> list[tuple[str, str]]:
        doc = nlp.make_doc("Transformers show competitive generalization on image classification .")
        doc.spans["kg_cues"] = [Span(doc, 2, 4, label="TASK", span_id="cue:task-head"),
                                Span(doc, 5, 7, label="TASK", span_id="cue:task-head")]
        doc.ents = [Span(doc, 5, 6, label="TASK")]  # what a model found: "image", inside the second cue
        resolver = EntityResolver(nlp, "resolver", spans_keys=["kg_cues"], use_ents=use_ents, consistency=False)
        return [(e.text, e.id_) for e in resolver(doc).ents]

    assert resolve(True) == [("image classification", "cue:task-head")]
    assert resolve(False) == [("competitive generalization", "cue:task-head"),
                              ("image classification", "cue:task-head")]
