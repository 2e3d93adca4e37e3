"""kg/nlp/cues.py: the lexical cues, pure functions over the token texts spaCy's English tokenizer gives."""

from __future__ import annotations

import pytest
import spacy

from kg.nlp.cues import Cue, Lexicon, _is_name, _name_left, _name_right, _not_modifier, default_lexicon, find_cues

TOKENIZER = spacy.blank("en")


def _words(text: str) -> list[str]:
    return [t.text for t in TOKENIZER.make_doc(text)]


def _cues(text: str, sent_starts: frozenset[int] = frozenset()) -> list[tuple[str, str, str]]:
    words = _words(text)
    return sorted((" ".join(words[c.start:c.end]), c.label, c.rule) for c in find_cues(words, sent_starts=sent_starts))


def _task_cues(text: str) -> list[str]:
    from kg.nlp.cues import find_cues

    words = text.split()
    return [" ".join(words[c.start:c.end]) for c in find_cues(words) if c.rule == "cue:task-head"]


@pytest.mark.parametrize(("text", "expected"), [
    ("we study measuring image classification", "image classification"),  # a gerund starts no task name
    ("it usually object detection", "object detection"),  # nor an adverb
    ("on 8 representative detection", "representative detection"),  # nor a number
    ("beats state - of - the - art object detection", "object detection"),  # a compound cut at "the" is left out
    ("for few - shot image classification", "few - shot image classification"),  # a whole compound stays
    ("a state - of - the - art - denoising method", "denoising"),
    # words that only look like gerunds or adverbs, and adverbs before a participle, stay
    ("we study video anomaly detection", "video anomaly detection"),
    ("on remote sensing image classification", "remote sensing image classification"),
    ("for string matching", "string matching"),
    ("for weakly supervised object localization", "weakly supervised object localization"),
])
def test_task_cues_stop_where_a_task_name_cannot_start(text, expected):
    assert _task_cues(text) == [expected]


@pytest.mark.parametrize(("text", "expected"), [
    # NAME head, with the names coordinated before it; the head word is left out.
    ("We evaluate on the Waterbirds, CelebA and Office-Home datasets.",
     [("CelebA", "DATASET", "cue:dataset-head"), ("Office - Home", "DATASET", "cue:dataset-head"),
      ("Waterbirds", "DATASET", "cue:dataset-head")]),
    # head such as NAME, NAME and NAME
    ("benchmarks such as GLUE, SuperGLUE and SQuAD show",
     [("GLUE", "DATASET", "cue:dataset-list"), ("SQuAD", "DATASET", "cue:dataset-list"),
      ("SuperGLUE", "DATASET", "cue:dataset-list")]),
    ("a ResNet50 backbone", [("ResNet50", "METHOD", "cue:method-head")]),
    ("a CLIP-based detector", [("CLIP", "METHOD", "cue:x-based")]),
    ("We propose DeiT-LT, a model", [("DeiT - LT", "METHOD", "cue:we-propose")]),
    ("we study summarization", [("summarization", "TASK", "cue:task-head")]),  # a head that stands alone
    # no cue: a head that needs modifiers, an acronym used as a word, a number that is no name
    ("we study classification", []),
    ("the OOD benchmarks are hard", []),
    ("on the 3D dataset", []),
])
def test_find_cues_by_rule(text, expected):
    assert _cues(text) == expected


def test_a_capitalised_first_word_of_a_sentence_is_no_evidence_of_a_name():
    text = "Leveraging ECInstruct dataset helps"
    assert _cues(text) == [("Leveraging ECInstruct", "DATASET", "cue:dataset-head")]
    assert _cues(text, sent_starts=frozenset({0})) == [("ECInstruct", "DATASET", "cue:dataset-head")]


def test_names_and_their_bounds():
    lex = default_lexicon()
    assert _is_name("ImageNet", lex) and _is_name("ResNet50", lex) and _is_name("BERT", lex)
    assert not _is_name("bert", lex)  # no capital, no digit
    assert not _is_name("OOD", lex)  # a prose acronym
    assert not _is_name("The", lex) and not _is_name("A", lex)  # stop words, unless an acronym of two letters or more
    words = _words("we use the Office-Home dataset")
    assert words[3:6] == ["Office", "-", "Home"]
    assert _name_left(words, 6, lex, frozenset()) == 3  # the name ending before "dataset"
    assert _name_right(words, 3, lex) == 6
    assert _name_right(words, 2, lex) is None  # "the" starts no name


@pytest.mark.parametrize(("words", "cannot_start"), [
    (["studying"], True), (["usually"], True), (["8"], True),  # a gerund, an adverb, a number
    (["string"], False), (["anomaly"], False), (["image"], False),  # lexicon words and plain modifiers
    (["weakly", "supervised"], False),  # an adverb before a participle
])
def test_what_cannot_start_a_task_name(words, cannot_start):
    assert _not_modifier(words, 0, default_lexicon()) is cannot_start


def test_a_lexicon_from_a_dict():
    lex = Lexicon.from_dict({"dataset_heads": ["Corpus"], "method_heads": "not a list",
                             "abbreviation_heads": {"METHOD": ["Learning"]}, "metrics": ["mAP"]})
    assert lex.dataset_heads == {"corpus"} and lex.method_heads == frozenset() and lex.task_heads == frozenset()
    assert lex.abbreviation_heads == {"METHOD": {"learning"}}
    assert lex.metrics == {"mAP"}  # metrics keep their case
    words = ["custom", "lexicon", "Foo", "corpus", "with", "a", "BERT", "model"]
    assert find_cues(words, lex) == [Cue(2, 3, "DATASET", "cue:dataset-head")]  # its vocabulary alone
    assert Cue(6, 7, "METHOD", "cue:method-head") in find_cues(words)
