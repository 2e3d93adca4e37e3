"""Lexical cues for METHOD, DATASET and TASK mentions, as pure functions over token texts.

Patterns are shapes over a vocabulary that lives in ``patterns/lexicon.json``:

* ``NAME dataset|benchmark|corpus`` and coordinations (``Waterbirds and Office-Home datasets``) -> DATASET,
  the head word left out; ``datasets such as NAME, NAME and NAME`` -> DATASET;
* ``NAME model|network|framework|backbone ...`` -> METHOD (``ResNet50 backbone`` -> ``ResNet50``);
  ``NAME-based`` -> METHOD; ``we propose|introduce NAME`` -> METHOD;
* ``modifier+ classification|detection|segmentation|...`` -> TASK (``3D human pose estimation``).

A NAME is a run of tokens with a capital or a digit (``ImageNet``, ``CIFAR-10``, ``Office-Home``); a task
modifier is a word that is not in the stop list. Without a tagger these shapes are what a blank spaCy
pipeline can see; the trained model does better.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

_NAME = re.compile(r"^[A-Za-z0-9][\w.+']*$")
_WORD = re.compile(r"^[A-Za-z0-9][A-Za-z0-9']*$")
_NUMBERISH = re.compile(r"^[\d.\-/]*\d+[A-Za-z]?$")  # "2D", "3D", "100", "1.5B": not names alone
_JOINERS = frozenset({"-", "/"})
_COORD = frozenset({"and", "or", ","})
_ARTICLES = frozenset({"the", "a", "an"})  # inside a compound they make a phrase: "state-of-the-art", "off-the-shelf"
_LISTING = (("such", "as"), ("like",), ("including",), ("e.g.",), ("e.g.", ","), ("(",), ("(", "e.g."),
            ("(", "e.g.", ","))
_MAX_NAME = 6
_MAX_MODIFIERS = 4


class Cue(NamedTuple):
    """A cue match: tokens ``[start, end)`` labelled ``label`` by rule ``rule``."""

    start: int
    end: int
    label: str
    rule: str


@dataclass(frozen=True)
class Lexicon:
    """The cue vocabulary (see ``patterns/lexicon.json``)."""

    dataset_heads: frozenset[str]
    method_heads: frozenset[str]
    task_heads: frozenset[str]
    standalone_tasks: frozenset[str]
    stop_words: frozenset[str]
    cue_verbs: frozenset[str]
    abbreviation_heads: dict[str, frozenset[str]]
    #: Acronyms that ML prose uses as ordinary words ("OOD benchmarks"), never names (case-sensitive).
    prose_acronyms: frozenset[str] = frozenset()
    #: Heads that, with only stop words and :attr:`generic_modifiers` before them, make a generic mention
    #: ("our method", "pretrained models", "notable generalization"): not an entity under the guidelines.
    generic_heads: frozenset[str] = frozenset()
    generic_modifiers: frozenset[str] = frozenset()
    #: Whole phrases the guidelines leave out ("deep learning" and "machine learning" as field names).
    not_entities: frozenset[str] = frozenset()
    #: Generic data words ("RGB image", "video clips"): a DATASET mention never ends in one under the guidelines.
    data_nouns: frozenset[str] = frozenset()
    #: Words that end like a gerund or an adverb yet can start a task name ("string matching", "anomaly detection").
    task_modifier_words: frozenset[str] = frozenset()
    #: Evaluation measures ("BLEU", "mAP", "top-1 accuracy"): the guidelines annotate no metric. Case-sensitive
    #: ("mAP" is a metric, "MAP" an estimate); an entry in lower case matches any case ("Accuracy").
    metrics: frozenset[str] = frozenset()

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Lexicon:
        def cased(key: str) -> frozenset[str]:
            value = data.get(key, [])
            return frozenset(str(w) for w in value) if isinstance(value, list) else frozenset()

        def words(key: str) -> frozenset[str]:
            return frozenset(w.lower() for w in cased(key))

        heads = data.get("abbreviation_heads", {})
        abbreviation_heads = (
            {str(k): frozenset(str(w).lower() for w in v) for k, v in heads.items()} if isinstance(heads, dict)
            else {}
        )
        return cls(words("dataset_heads"), words("method_heads"), words("task_heads"), words("standalone_tasks"),
                   words("stop_words"), words("cue_verbs"), abbreviation_heads,
                   cased("prose_acronyms"),
                   words("generic_heads"), words("generic_modifiers"), words("not_entities"), words("data_nouns"),
                   words("task_modifier_words"), cased("metrics"))


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The lexicon shipped with kg."""
    text = (resources.files("kg.nlp") / "patterns" / "lexicon.json").read_text(encoding="utf-8")
    return Lexicon.from_dict(json.loads(text))


def _is_name(word: str, lex: Lexicon) -> bool:
    return word not in lex.prose_acronyms and bool(_NAME.match(word)) and any(ch.isupper() or ch.isdigit() for ch in word) and (
        word.lower() not in lex.stop_words or (word.isupper() and len(word) > 1))


def _is_part(word: str, lex: Lexicon) -> bool:
    """A lower-case word that can sit inside a hyphenated name ("Meta-World", "COCO-O")."""
    return bool(_WORD.match(word)) and word.lower() not in lex.stop_words


def _name_left(words: Sequence[str], end: int, lex: Lexicon, sent_starts: frozenset[int]) -> int | None:
    """Start of the NAME ending just before ``end``, or ``None``."""
    i = end - 1
    while i >= 0 and end - i <= _MAX_NAME:
        word = words[i]
        joined = (i + 1 < end and words[i + 1] in _JOINERS) or (i > 0 and words[i - 1] in _JOINERS)
        if _is_name(word, lex) or (word in _JOINERS and i > 0 and i + 1 < end) or (joined and _is_part(word, lex)):
            i -= 1
            continue
        break
    start = i + 1
    while start < end and (words[start] in _JOINERS or (not _is_name(words[start], lex) and words[start + 1:start + 2] != ["-"])):
        start += 1
    # A capitalised first word of a sentence is not evidence of a name ("Leveraging ECInstruct dataset").
    if start in sent_starts and end - start > 1 and words[start].istitle() and words[start + 1] not in _JOINERS:
        start += 1
    if start >= end or not any(_is_name(w, lex) for w in words[start:end]) or _NUMBERISH.match(
            "".join(words[start:end])):
        return None
    return start


def _name_right(words: Sequence[str], start: int, lex: Lexicon) -> int | None:
    """End (exclusive) of the NAME starting at ``start``, or ``None``."""
    i = start
    while i < len(words) and i - start < _MAX_NAME:
        word = words[i]
        joined = (i > start and words[i - 1] in _JOINERS) or (i + 1 < len(words) and words[i + 1] in _JOINERS)
        if _is_name(word, lex) or (word in _JOINERS and i > start and i + 1 < len(words)) or (
                joined and _is_part(word, lex)):
            i += 1
            continue
        break
    end = i
    while end > start and words[end - 1] in _JOINERS:
        end -= 1
    if end <= start or not any(_is_name(w, lex) for w in words[start:end]):
        return None
    return end


def _coordinated_left(words: Sequence[str], start: int, lex: Lexicon, sent_starts: frozenset[int],
                      label: str, rule: str) -> list[Cue]:
    """Names coordinated before a name: ``A, B and C`` -> cues for A and B (C is already found)."""
    cues: list[Cue] = []
    i = start
    for _ in range(8):
        j = i
        while j > 0 and words[j - 1].lower() in _COORD:
            j -= 1
        if j == i:
            break
        first = _name_left(words, j, lex, sent_starts)
        if first is None:
            break
        cues.append(Cue(first, j, label, rule))
        i = first
    return cues


def _names_right(words: Sequence[str], start: int, lex: Lexicon, label: str, rule: str) -> list[Cue]:
    """A list of names after a listing cue: ``NAME, NAME and NAME``."""
    cues: list[Cue] = []
    i = start
    for _ in range(8):
        end = _name_right(words, i, lex)
        if end is None:
            break
        cues.append(Cue(i, end, label, rule))
        i = end
        if i < len(words) and words[i].lower() in _COORD:
            while i < len(words) and words[i].lower() in _COORD:
                i += 1
        else:
            break
    return cues


def _not_modifier(words: Sequence[str], i: int, lex: Lexicon) -> bool:
    """Whether ``words[i]`` cannot start a task name: a gerund or an adverb ("studying", "usually"), unless the
    lexicon lists it as a modifier ("string", "anomaly") or an adverb qualifies a participle ("weakly supervised"),
    or a number ("8")."""
    lower = words[i].lower()
    if lower.isdigit():
        return True
    if lower in lex.task_modifier_words:
        return False
    if lower.endswith("ly") and len(lower) > 4 and lower[-3] not in "aeiou":
        return not (i + 1 < len(words) and words[i + 1].lower().endswith("ed"))
    return lower.endswith("ing") and len(lower) > 5


def _task_left(words: Sequence[str], head: int, lex: Lexicon) -> int:
    """Start of the modifiers before a task head word (``head`` itself when there are none).

    Modifiers are content words and whole hyphenated compounds ("few-shot"); the run stops at a stop word, a
    gerund, an adverb or a number, and leaves out a compound that holds an article ("state-of-the-art").
    """
    i = head - 1
    while i >= 0 and head - i <= _MAX_MODIFIERS * 2:
        word = words[i]
        if word in _JOINERS and i > 0:
            if words[i - 1].lower() in _ARTICLES:  # skip the rest of the compound: i moves to its last word
                i += 1
                while i + 2 < head and words[i + 1] in _JOINERS:
                    i += 2
                break
            i -= 1
            continue
        compound = i + 1 < head and words[i + 1] in _JOINERS  # "few-shot", "low-resource"
        lower = word.lower()
        if _WORD.match(word) and (compound or (lower not in lex.stop_words and not _not_modifier(words, i, lex))) and not (
                lower in lex.task_heads and i < head - 1):
            i -= 1
            continue
        break
    start = i + 1
    while start < head and words[start] in _JOINERS:
        start += 1
    return start


def find_cues(words: Sequence[str], lex: Lexicon | None = None,
              sent_starts: frozenset[int] = frozenset()) -> list[Cue]:
    """Every cue match in a tokenised text; matches may overlap (the resolver chooses).

    Parameters
    ----------
    words : sequence of str
        Token texts, hyphens as their own tokens (as spaCy's English tokenizer splits them).
    lex : Lexicon, optional
        Cue vocabulary; kg's own by default.
    sent_starts : frozenset of int
        Indices of tokens that start a sentence.

    Examples
    --------
    >>> words = "classification on Waterbirds and Office - Home datasets".split()
    >>> [(" ".join(words[c.start:c.end]), c.label) for c in find_cues(words)]
    [('Office - Home', 'DATASET'), ('Waterbirds', 'DATASET')]
    >>> words = "for 3D human pose estimation with a ResNet50 backbone".split()
    >>> sorted((" ".join(words[c.start:c.end]), c.label) for c in find_cues(words))
    [('3D human pose estimation', 'TASK'), ('ResNet50', 'METHOD')]
    """
    lex = lex or default_lexicon()
    cues: list[Cue] = []
    for i, word in enumerate(words):
        lower = word.lower()
        if lower in lex.dataset_heads or lower in lex.method_heads:
            label, kind = ("DATASET", "dataset") if lower in lex.dataset_heads else ("METHOD", "method")
            start = _name_left(words, i, lex, sent_starts)
            if start is not None:
                cues.append(Cue(start, i, label, f"cue:{kind}-head"))
                cues.extend(_coordinated_left(words, start, lex, sent_starts, label, f"cue:{kind}-head"))
            if label == "DATASET":
                for listing in _LISTING:
                    if tuple(w.lower() for w in words[i + 1:i + 1 + len(listing)]) == listing:
                        cues.extend(_names_right(words, i + 1 + len(listing), lex, label, "cue:dataset-list"))
                        break
        if lower in lex.task_heads:
            start = _task_left(words, i, lex)
            if start < i or lower in lex.standalone_tasks:
                cues.append(Cue(start, i + 1, "TASK", "cue:task-head"))
        if lower == "based" and i >= 2 and words[i - 1] == "-":
            start = _name_left(words, i - 1, lex, sent_starts)
            if start is not None:
                cues.append(Cue(start, i - 1, "METHOD", "cue:x-based"))
        if lower in lex.cue_verbs and i + 1 < len(words):
            end = _name_right(words, i + 1, lex)
            if end is not None:
                cues.append(Cue(i + 1, end, "METHOD", "cue:we-propose"))
    return cues
