"""Keys: the normalised form of a surface form, and entity ids made of a label and a key."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Sequence

_IRREGULAR = {"corpora": "corpus", "indices": "index", "matrices": "matrix", "analyses": "analysis",
              "hypotheses": "hypothesis", "caches": "cache", "niches": "niche", "tranches": "tranche"}
_KEEP_S = ("ss", "us", "is", "ics", "sis")
#: Endings after which a plural adds "es" ("patches", "classes").
_ES_AFTER = ("ss", "ch", "sh", "x")


def _singular(word: str) -> str:
    """The singular of a plural English word, by its ending.

    >>> [_singular(w) for w in ("sketches", "losses", "boxes", "meshes", "models", "policies", "gates", "caches")]
    ['sketch', 'loss', 'box', 'mesh', 'model', 'policy', 'gate', 'cache']
    """
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if len(word) > 3 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith("es") and word[:-2].endswith(_ES_AFTER):
        return word[:-2]  # "sketches", "losses", "bounding boxes"
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
    >>> normalise_key("LLMs"), normalise_key("GDS")
    ('llm', 'gds')
    >>> normalise_key("Image\u200bNet") == normalise_key("ImageNet")
    True
    >>> normalise_key("fully convolutional ” networks")
    'fully convolutional network'
    """
    # invisible format characters (zero-width space and joiners, soft hyphen) are no part of a name
    folded = "".join(ch for ch in unicodedata.normalize("NFKC", text) if unicodedata.category(ch) != "Cf").casefold()
    folded = "".join(ch for ch in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(ch))
    folded = re.sub(r"(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])", " ", folded)  # "resnet50" = "resnet 50"
    folded = re.sub(r"[\"“”„«»]", " ", folded)  # a stray quotation mark is no part of a name
    words = re.sub(r"[\s\-‐‑‒–—_/]+", " ", folded).strip(" .,;:'\"()").split()
    if not words:
        return ""
    last = re.split(r"[\s\-‐‑‒–—_/]+", text.strip(" .,;:'\"()"))[-1]
    if not (last.isupper() and last.endswith("S")):  # "GDS" and "DARTS" are no plurals; "LLMs" is
        words[-1] = _singular(words[-1])
    return " ".join(words)


def entity_id(label: str, key: str) -> str:
    """Entity id: ``label:key``.

    >>> entity_id("METHOD", "bert")
    'method:bert'
    """
    return f"{label.lower()}:{key}"


def said_alike(key: str, phrases: Sequence[tuple[str, str]]) -> str:
    """``key`` with each phrase of ``phrases`` (phrase, synonym; longest first) written as its synonym, whole words
    only.

    >>> said_alike("low shot glyph learning", [("low shot", "few shot")]), said_alike("yellow shot", [("low shot", "x")])
    ('few shot glyph learning', 'yellow shot')
    """
    padded = f" {key} "
    for phrase, synonym in phrases:
        if f" {phrase} " in padded:
            padded = padded.replace(f" {phrase} ", f" {synonym} ")
    return padded.strip()


def glued_languages(word: str, languages: Collection[str]) -> list[str]:
    """Two language names written as one word, or ``[]``.

    >>> glued_languages("germanenglish", {"english", "german"}), glued_languages("englishman", {"english"})
    (['german', 'english'], [])
    """
    return next(([word[:i], word[i:]] for i in range(4, len(word) - 3) if word[:i] in languages
                 and word[i:] in languages), [])
