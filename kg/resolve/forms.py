"""Corpus-level form rules: keys that need the other keys of the corpus to meet (a closed compound, a year written
with two digits, a head put first, one word's derived forms). Each maps a key to the key of the corpus it is a form
of; :func:`kg.resolve.resolve` applies them after the per-key rules of :mod:`~kg.resolve.variants`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping

from kg.resolve.acronyms import same_word
from kg.resolve.keys import normalise_key
from kg.resolve.variants import DERIVATIONAL, squash


def closed_compounds(counts: Mapping[str, int]) -> dict[str, str]:
    """Each key that has a variant differing only in spaces, mapped to the form the corpus uses most (ties: the one
    with more spaces, then the first in sorted order); keys without such a variant are left out.

    >>> closed_compounds({"fine tuning": 27, "finetuning": 4, "bert": 9})
    {'finetuning': 'fine tuning'}
    """
    groups: dict[str, list[str]] = {}
    for key in counts:
        groups.setdefault(squash(key), []).append(key)
    mapping = {}
    for keys in groups.values():
        if len(keys) < 2:
            continue
        best = min(keys, key=lambda k: (-counts[k], -k.count(" "), k))
        mapping.update({k: best for k in keys if k != best})
    return mapping


def short_years(counts: Mapping[str, int]) -> dict[str, str]:
    """Keys that write a year with two digits ("wmt 16", "voc 07"), mapped to the key that writes it in full when
    the corpus holds that key ("wmt 2016"); 50 to 99 are read as 19xx, the rest as 20xx, as
    :func:`~kg.resolve.variants.versions` does.

    >>> short_years({"wmt 16": 1, "wmt 2016": 4, "voc 07 test": 1, "voc 2007 test": 2, "resnet 50": 3})
    {'wmt 16': 'wmt 2016', 'voc 07 test': 'voc 2007 test'}
    """
    mapping = {}
    for key in counts:
        words = key.split()
        for i, word in enumerate(words[1:], start=1):
            if len(word) == 2 and word.isdigit():
                full = " ".join([*words[:i], ("19" if int(word) >= 50 else "20") + word, *words[i + 1:]])
                if full in counts:
                    mapping[key] = full
                    break
    return mapping


def reordered(counts: Mapping[str, int]) -> dict[str, str]:
    """Keys that put their head first, mapped to the key that puts it last when the corpus holds that key: a gerund
    ("detecting oriented text" is oriented text detection) and an "X of Y" ("segmentation of brain tumor" is brain
    tumor segmentation).

    >>> reordered({"estimating optical flow": 1, "optical flow estimation": 3, "segmentation of brain tumor": 1,
    ...            "brain tumor segmentation": 2, "bag of word": 4})
    {'estimating optical flow': 'optical flow estimation', 'segmentation of brain tumor': 'brain tumor segmentation'}
    """
    heads: dict[tuple[str, ...], list[str]] = {}
    for key in counts:
        words = key.split()
        if len(words) > 1:
            heads.setdefault(tuple(words[:-1]), []).append(words[-1])
    mapping = {}
    for key in counts:
        words = key.split()
        if len(words) > 2 and words[0].endswith("ing") and len(words[0]) > 6:
            stem = words[0][:-3]
            # "detect|ing" and "detect|ion", "classify|ing" and "classif|ication": most of the stem in common
            nouns = [w for w in heads.get(tuple(words[1:]), ()) if w != words[0] and len(w) > len(stem)
                     and w[:len(stem) - 1] == stem[:len(stem) - 1]]
            if len(nouns) == 1:
                mapping[key] = " ".join([*words[1:], nouns[0]])
        elif words.count("of") == 1 and len(words) > 2 and words[1] == "of":
            flipped = " ".join([*words[2:], words[0]])
            if flipped in counts:
                mapping[key] = flipped
    return mapping


def word_variants(counts: Mapping[str, int], words: frozenset[str] = frozenset()) -> dict[str, str]:
    """Keys that end in the same word and whose other words are prefixes of each other or a letter apart ("math
    reasoning" / "mathematical reasoning", "convolution layer" / "convolutional layer"; a word of ``words``, the
    common words, and a misspelling of it one edit away: "sementic segmentation"), mapped to the one with most
    mentions (ties: the longer, then the first in order).

    >>> word_variants({"math reasoning": 2, "mathematical reasoning": 5, "image classification": 9})
    {'math reasoning': 'mathematical reasoning'}
    >>> word_variants({"sementic segmentation": 1, "semantic segmentation": 9}, frozenset({"semantic"}))
    {'sementic segmentation': 'semantic segmentation'}
    """

    buckets: dict[tuple[str, ...], list[str]] = {}
    for key in counts:
        parts = key.split()
        if len(parts) > 1:
            buckets.setdefault((parts[-1], *(w[:3] for w in parts[:-1])), []).append(key)
    mapping: dict[str, str] = {}
    for keys in buckets.values():
        if len(keys) < 2:
            continue
        ranked = sorted(keys, key=lambda k: (-counts[k], -len(k), k))
        for i, key in enumerate(ranked):
            if key in mapping:
                continue
            for other in ranked[i + 1:]:
                if other not in mapping and all(_variant_word(a, b) or _misspelt(a, b, words)
                                                for a, b in zip(key.split(), other.split(), strict=True)):
                    mapping[other] = key
    return mapping


def _variant_word(a: str, b: str) -> bool:
    """Two words of names that are one word's forms: equal, or one the other plus a derivational ending that is no
    comparative ("math" / "mathematical", not "fast" / "faster", not "image" / "imagenet"), or a typo apart."""
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    if long.startswith(short):
        return long[len(short):].endswith(DERIVATIONAL) and long[len(short):] not in ("r", "er", "st", "est")
    return same_word(a, b, typo=0.9) and len(short) > 4


def _misspelt(a: str, b: str, words: frozenset[str]) -> bool:
    """Whether one of two words of seven letters or more is a common word and the other, no word, one edit from it."""
    if min(len(a), len(b)) < 7 or (a in words) == (b in words) or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1:] == short for i in range(len(long)))


def doubled_letters(counts: Mapping[str, int]) -> dict[str, str]:
    """Keys that are another key of the corpus with one letter of a word of eight letters or more written twice, or
    once for twice (a typo: "miniimagennet" for miniImageNet), mapped to the one with more mentions (ties stay
    apart).

    >>> doubled_letters({"miniimagennet": 1, "miniimagenet": 6, "atention model": 1, "attention model": 3,
    ...                  "lama": 1, "llama": 9})
    {'miniimagennet': 'miniimagenet', 'atention model': 'attention model'}
    """
    mapping: dict[str, str] = {}
    for key in counts:
        words = key.split()
        for i, word in enumerate(words):
            if len(word) < 8:
                continue
            for j in range(1, len(word)):
                if word[j] == word[j - 1] and word[j].isalpha():
                    other = " ".join([*words[:i], word[:j] + word[j + 1:], *words[i + 1:]])
                    if other in counts:
                        rare, common = sorted((key, other), key=lambda k: (counts[k], k))
                        if counts[common] > counts[rare] or (counts[common] == counts[rare] and common < rare):
                            mapping.setdefault(rare, common)
    return mapping


def head_compounds(names: Iterable[tuple[str, str, str]], heads: Collection[str], *, min_papers: int = 2) -> frozenset[str]:
    """The terms "<word> <head>" that names written in lower case end with in ``min_papers`` papers or more, for
    the generic ``heads``: there the head is part of a term ("language model", "memory network"), and a proper name
    that ends with the term keeps it. ``names`` are ``(paper, label, text)``; only METHOD names count.

    >>> head_compounds([("p1", "METHOD", "large language models"), ("p2", "METHOD", "masked language model"),
    ...                 ("p3", "METHOD", "BERT model"), ("p4", "METHOD", "BERT model")], ["model"])
    frozenset({'language model'})
    """
    by_text: dict[str, set[str]] = {}
    for paper, label, text in names:
        if label == "METHOD" and text.islower():
            by_text.setdefault(text, set()).add(paper)
    papers: dict[str, set[str]] = {}
    wanted = set(heads)
    for text, where in by_text.items():
        words = normalise_key(text).split()
        if len(words) > 1 and words[-1] in wanted and words[-2].isalpha():
            papers.setdefault(f"{words[-2]} {words[-1]}", set()).update(where)
    return frozenset(term for term, where in papers.items() if len(where) >= min_papers)
