"""The resolver's guideline filter (kg.nlp.components.drop_generic)."""

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
                                  "https://github.com/org/repo", "existing approaches"])
def test_generic_mentions_and_urls_are_dropped(text):
    assert not _kept(text)


def test_training_regions_keep_what_the_guideline_filter_drops():
    from kg.nlp import build_rules_pipeline

    text = "This gives a theoretical understanding of why transformers generalize."
    assert "theoretical understanding" not in [e.text for e in build_rules_pipeline()(text).ents]
    assert ("theoretical understanding", "TASK") in [(e.text, e.label_)
                                                    for e in build_rules_pipeline(guidelines=False)(text).ents]


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
