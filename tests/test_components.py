"""The resolver's guideline filter (kg.nlp.components.drop_generic)."""

from __future__ import annotations

import pytest

from kg.nlp.components import Candidate, drop_generic
from kg.nlp.cues import default_lexicon


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
