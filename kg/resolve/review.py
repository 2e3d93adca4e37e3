"""Looking resolution over: find an entity by any of its names, and suggest merges that resolution did not make."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from kg.records import Entity
from kg.resolve.acronyms import same_meaning, spells
from kg.resolve.keys import normalise_key
from kg.resolve.variants import squash


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
    words of one among the other's, as resolution joins a short form's long forms); their keys are one or two
    letters apart without their spaces; they share most of their words. Entities of another label score a little
    less.

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
    if (len(words_a) == 1 and len(words_b) > 1 and spells(a, words_b)) or \
            (len(words_b) == 1 and len(words_a) > 1 and spells(b, words_a)):
        return 0.9, "one spells the other as a short form"
    if same_meaning(a, b):
        return 0.8, "the words of one are among the other's"
    ratio = SequenceMatcher(None, squash(a), squash(b)).ratio()
    if ratio >= 0.9:
        return 0.7 * ratio, "one or two letters apart"
    shared = len(set(words_a) & set(words_b)) / len(set(words_a) | set(words_b))
    if shared >= 0.5:
        return 0.6 * shared, "most words shared"
    return 0.0, ""
