"""Mentions to canonical entities: one entity per label and normalised key, abbreviations merged with long forms."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from kg.records import Entity, Mention

_IRREGULAR = {"corpora": "corpus", "indices": "index", "matrices": "matrix", "analyses": "analysis"}
_KEEP_S = ("ss", "us", "is", "ics", "sis")


def _singular(word: str) -> str:
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if len(word) > 3 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 2 and word.endswith("s") and not word.endswith(_KEEP_S):
        return word[:-1]
    return word


def normalise_key(text: str) -> str:
    """Normalised key of a surface form: Unicode-folded, case-folded, hyphens and spaces unified, plural head
    made singular.

    Examples
    --------
    >>> normalise_key("Vision-Language Models")
    'vision language model'
    >>> normalise_key("LLMs") == normalise_key("LLM")
    True
    >>> normalise_key("ＣＩＦＡＲ–10")
    'cifar 10'
    >>> normalise_key("CIFAR10") == normalise_key("CIFAR-10")
    True
    >>> normalise_key("corpora")
    'corpus'
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    folded = "".join(ch for ch in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(ch))
    folded = re.sub(r"(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])", " ", folded)  # "resnet50" = "resnet 50"
    words = re.sub(r"[\s\-‐‑‒–—_/]+", " ", folded).strip(" .,;:'\"()").split()
    if not words:
        return ""
    words[-1] = _singular(words[-1])
    return " ".join(words)


def entity_id(label: str, key: str) -> str:
    """Entity id: ``label:key``.

    >>> entity_id("METHOD", "bert")
    'method:bert'
    """
    return f"{label.lower()}:{key}"


def resolve(mentions: Sequence[Mention], abbreviations: Iterable[tuple[str, str, str]] = ()) -> tuple[
        list[Entity], dict[int, str]]:
    """Group mentions into entities.

    Parameters
    ----------
    mentions : sequence of Mention
    abbreviations : iterable of (label, short form, long form)
        Definitions found in the corpus; a short form and its long form become one entity (keyed by the long
        form) when one long form is the only meaning of that short form in the corpus.

    Returns
    -------
    entities : list of Entity
        Sorted by label, then by number of papers (most first).
    assignment : dict
        Index of each mention in ``mentions`` to its entity id.

    Examples
    --------
    >>> ms = [Mention("p1", 0, 0, 4, "LLMs", "METHOD", "r"), Mention("p2", 0, 0, 21, "large language models",
    ...       "METHOD", "r"), Mention("p2", 1, 30, 33, "LLM", "METHOD", "r")]
    >>> entities, _ = resolve(ms, [("METHOD", "LLMs", "large language models")])
    >>> [(e.id, e.name, e.aliases, e.papers, e.mentions) for e in entities]
    [('method:large language model', 'large language models', ('LLM', 'LLMs'), 2, 3)]
    """
    keys: dict[str, str] = {}  # surface form -> normalise_key: a corpus says the same names again and again

    def key_of(text: str) -> str:
        key = keys.get(text)
        if key is None:
            key = keys[text] = normalise_key(text)
        return key

    long_forms: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for label, short, long in abbreviations:
        long_forms[(label, key_of(short))][key_of(long)] += 1
    # An abbreviation maps to its long form when the corpus gives it mostly that one meaning.
    alias_of = {}
    for k, forms in long_forms.items():
        (best, n), = forms.most_common(1)
        if best and 2 * n > sum(forms.values()):
            alias_of[k] = best

    labels: dict[str, tuple[str, str]] = {}

    def id_of(label: str, text: str) -> str | None:
        key = key_of(text)
        if not key:
            return None
        key = alias_of.get((label, key), key)
        eid = entity_id(label, key)
        labels[eid] = (label, key)
        return eid

    # Each (label, spelling) is resolved once; then whole columns are counted.
    spellings = [(m.label, m.text) for m in mentions]
    ids = {spelling: id_of(*spelling) for spelling in dict.fromkeys(spellings)}
    eids = list(map(ids.__getitem__, spellings))
    assignment = {i: eid for i, eid in enumerate(eids) if eid is not None}
    surfaces: dict[str, dict[str, int]] = defaultdict(dict)
    for (eid, text), n in Counter(zip(eids, (text for _, text in spellings), strict=True)).items():
        if eid is not None:
            surfaces[eid][text] = n
    papers = Counter(eid for eid, _ in set(zip(eids, (m.paper_id for m in mentions), strict=True)))
    entities = []
    for eid, spelled in surfaces.items():
        label, key = labels[eid]
        ranked = sorted(spelled.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))
        # Prefer the long form as display name when the key is the long form ("large language models").
        name = next((f for f, _ in ranked if key_of(f) == key), ranked[0][0])
        aliases = tuple(sorted(f for f in spelled if f != name))
        entities.append(Entity(eid, label, key, name, aliases, papers[eid], sum(spelled.values())))
    order = {lab: i for i, lab in enumerate(("METHOD", "DATASET", "TASK"))}
    entities.sort(key=lambda e: (order.get(e.label, 9), -e.papers, -e.mentions, e.id))
    return entities, assignment
