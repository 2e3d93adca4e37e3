import pytest

from kg.nlp.abbreviations import best_long_form, find_abbreviations, is_short_form


def pairs(text):
    return [(text[a.long_start:a.long_end], text[a.short_start:a.short_end]) for a in find_abbreviations(text)]


@pytest.mark.parametrize(("text", "expected"), [
    # Cases in the style of Schwartz & Hearst's examples: long form (short form), and the reverse.
    ("Expression of heat shock protein (HSP) rose.", [("heat shock protein", "HSP")]),
    ("We measured the HSP (heat shock protein) level.", [("heat shock protein", "HSP")]),
    # All-lower-case short forms are left out on purpose (kg asks for a capital; see is_short_form).
    ("an alpha-galactosyl epitope (alpha-gal) was seen", []),
    # From the seed abstracts' style.
    ("we propose Gradient-RegulAted Meta-prompt learning (GRAM), a method",
     [("Gradient-RegulAted Meta-prompt learning", "GRAM")]),
    ("recent large language models (LLMs) show", [("large language models", "LLMs")]),
    ("Vision-Language Models (VLMs) such as CLIP", [("Vision-Language Models", "VLMs")]),
    ("reinforcement learning from human feedback (RLHF) aligns", [("reinforcement learning from human feedback", "RLHF")]),
    ("fail on out-of-distribution (OOD) data", [("out-of-distribution", "OOD")]),
    ("Chain-of-Thought (CoT) prompts", [("Chain-of-Thought", "CoT")]),
    # Not abbreviations.
    ("accuracy improves (see Table 2) overall", []),
    ("results (2023) and (ours)", []),
    ("the pretrained model (GPT) fails", []),
])
def test_find_abbreviations(text, expected):
    assert pairs(text) == expected


def test_short_form_rules():
    assert is_short_form("GRAM") and is_short_form("RG-SA")
    assert not is_short_form("a") and not is_short_form("thisistoolong") and not is_short_form("3D")


def test_best_long_form_requires_word_start():
    assert best_long_form("HSP", "heat shock protein") == 0
    assert best_long_form("XP", "heat shock protein") is None


@pytest.mark.parametrize(("text", "expected"), [
    ("We train Quorvex [Lindqvist et al., 2024] (Quor) on the tasks.", [("Quorvex", "Quor")]),
    ("Zonal mixing networks [7] (ZMN) are used.", [("Zonal mixing networks", "ZMN")]),
    ("Holt flow sampling (Holt and Ibe, 2022) (HFS) is slow.", [("Holt flow sampling", "HFS")]),
    ("We propose a Speak-to-Listen (S2L) objective.", [("Speak-to-Listen", "S2L")]),
    ("a Cross-scale Dilation Pooling (XDP) layer", [("Cross-scale Dilation Pooling", "XDP")]),
    ("Transfer Gated Units (XGU) help.", [("Transfer Gated Units", "XGU")]),
])
def test_conventions_of_ml_short_forms(text, expected):
    assert pairs(text) == expected


def test_stand_ins_need_their_word():
    # "2" is a digit of the long form when there is one, and stands for "to" only as a word of the long form
    assert pairs("the Glyph 2 Decoder (G2D) model") == [("Glyph 2 Decoder", "G2D")]
    assert pairs("the galloping twin deltas (G2D) model") == []
    # a leading X needs a word beginning with cross or trans
    assert pairs("the Xylem Quartz Deflector (XQD)") == [("Xylem Quartz Deflector", "XQD")]
    assert pairs("the Quartz Deflector (XQD)") == []
