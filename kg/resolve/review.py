"""Looking resolution over: find an entity by any of its names, and suggest merges that resolution did not make."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache

from kg.records import Entity
from kg.resolve.acronyms import same_meaning, spells
from kg.resolve.keys import normalise_key
from kg.resolve.variants import load_vocabulary, squash


@dataclass(frozen=True)
class Suggestion:
    """A merge worth a look: the other entity, a score in ``[0, 1]`` and why."""

    entity: Entity
    score: float
    why: str


def find(entities: Iterable[Entity], name: str) -> list[Entity]:
    """The entities whose id, name, key or an alias is ``name`` (compared as keys), most papers first.

    >>> es = [Entity("method:vit", "METHOD", "vision transformer", "ViT", ("Vision Transformers",), 3, 4)]
    >>> [e.id for e in find(es, "vision-transformer")], find(es, "BERT")
    (['method:vit'], [])
    """
    key = normalise_key(name)
    found = [e for e in entities if name == e.id or key in {e.key, normalise_key(e.name), *map(normalise_key, e.aliases)}]
    return sorted(found, key=lambda e: (-e.papers, e.id))


def suggest(entity: Entity, entities: Sequence[Entity], *, n: int = 5) -> list[Suggestion]:
    """The ``n`` entities most likely to name the same concept as ``entity``, best first.

    The evidence, strongest first: one spells the other out as a short form; their keys say the same thing (the
    words of one among the other's, as resolution joins a short form's long forms; the closer, the higher); a short
    form inside one spells words of the other ("TTS synthesis", "text-to-speech"); their keys are one or two letters
    apart without their spaces; they share most of their words; they have the same words before another head.
    Names whose numbers differ ("ResNet-50", "ResNet-101") score half, and words of one or two letters are no
    evidence. Entities of another label score a little less.

    >>> es = [Entity("task:math reasoning", "TASK", "math reasoning", "math reasoning", (), 3, 3),
    ...       Entity("task:mathematical reasoning", "TASK", "mathematical reasoning", "mathematical reasoning", (), 5, 5),
    ...       Entity("method:bert", "METHOD", "bert", "BERT", (), 9, 9)]
    >>> [(s.entity.name, s.why) for s in suggest(es[0], es)]
    [('mathematical reasoning', "the words of one are among the other's")]
    """
    out = []
    for other in entities:
        if other.id == entity.id:
            continue
        score, why = _likeness(entity.key, other.key)
        if score > 0:
            out.append(Suggestion(other, round(score * (1.0 if other.label == entity.label else 0.9), 3), why))
    out.sort(key=lambda s: (-s.score, -s.entity.papers, s.entity.id))
    return out[:n]


def _likeness(a: str, b: str) -> tuple[float, str]:
    words_a, words_b = a.split(), b.split()
    if min(len(a), len(b)) <= 2:
        return 0.0, ""  # "r", "3 d": too little to go on
    if (len(words_a) == 1 and len(words_b) > 1 and len(a) <= 6 and spells(a, words_b)) or \
            (len(words_b) == 1 and len(words_a) > 1 and len(b) <= 6 and spells(b, words_a)):
        return 0.9, "one spells the other as a short form"
    if {w for w in words_a if w[0].isdigit()} != {w for w in words_b if w[0].isdigit()}:
        rest_a, rest_b = (" ".join(w for w in words if not w[0].isdigit()) for words in (words_a, words_b))
        if not rest_a or not rest_b:
            return 0.0, ""  # a number alone ("2018") is like nothing
        score, why = _likeness(rest_a, rest_b)
        return score / 2, why + "; their numbers differ" if score else why  # "ResNet-50" is not "ResNet-101"
    both = set(words_a) & set(words_b)
    if (words_a[0] == words_b[0] or min(len(words_a), len(words_b)) > 1) \
            and all(len(w) > 3 for w in words_a + words_b if w not in both) \
            and same_meaning(a, b):
        # the closer the two, the likelier: "residual network" is nearer "residual networks" than "deep residual network"
        return 0.7 + 0.1 * _shared(words_a, words_b), "the words of one are among the other's"
    if _short_form_inside(words_a, words_b) or _short_form_inside(words_b, words_a):
        return 0.75, "a short form inside one spells words of the other"
    ratio = SequenceMatcher(None, squash(a), squash(b)).ratio()
    if ratio >= 0.9:
        return 0.7 * ratio, "one or two letters apart"
    shared = _shared(words_a, words_b)
    if shared >= 0.5:
        return 0.6 * shared, "most words shared"
    if len(words_a) == len(words_b) > 1 and words_a[:-1] == words_b[:-1] and min(len(words_a[-1]), len(words_b[-1])) > 4:
        return 0.25, "the same words before another head"
    return 0.0, ""


def _shared(a: list[str], b: list[str]) -> float:
    return len(set(a) & set(b)) / len(set(a) | set(b))


def _short_form_inside(words: list[str], other: list[str]) -> bool:
    """Whether a word of ``words`` that ``other`` lacks spells a run of ``other``'s words, and with that run in its
    place the two differ at most by generic heads ("TTS synthesis", "text-to-speech").

    >>> _short_form_inside(["rsi", "understanding"], "remote sensing image understanding".split())
    True
    >>> _short_form_inside(["tts", "synthesis"], ["text", "to", "speech"])
    True
    >>> _short_form_inside(["gan", "inversion"], ["generative", "adversarial", "network"])
    False
    """
    heads = _generic_heads()
    for i, word in enumerate(words):
        if word in other or not word.isalpha() or not 2 <= len(word) <= 6:
            continue
        for start in range(len(other)):
            for end in range(start + 2, min(len(other), start + len(word) + 2) + 1):
                if spells(word, other[start:end]):
                    spelled = words[:i] + other[start:end] + words[i + 1:]
                    if set(spelled) ^ set(other) <= heads:
                        return True
    return False


@cache
def _generic_heads() -> frozenset[str]:
    """The heads a name may have or leave out: the vocabulary's generic and optional heads, and task heads' synonyms."""
    vocab = load_vocabulary()
    words = {w for heads in vocab.strip_heads.values() for head in heads for w in head.split()}
    return frozenset(words | vocab.optional_heads | vocab.optional_heads_after_two_words | set(vocab.synonym_heads)
                     | set(vocab.synonym_heads.values()))
