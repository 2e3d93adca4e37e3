"""Elliptic names: a shorter name that a paper writes for a longer one it also names.

Abstracts name a thing in full once and then shorten it: "facial expression recognition" becomes "expression
recognition", "weakly supervised object detection" becomes "weakly supervised detection". The shorter name keeps the
head (its last word) and some of the longer name's words, in their order. Taken alone it can also be a name of its
own ("object detection" beside "salient object detection"), so a shorter name is read as elliptic only where the
corpus gives it no life of its own:

- it is in the long tail (:data:`MAX_PAPERS` papers at most), and no list or gazetteer vouches for it, with any
  label;
- in every paper that uses it, exactly one other name of the same label holds its words in order, with the same
  last word, and one word more, or two before it; no extra word is a prefix ("re" of "re-initialization", "meta" of
  "meta-learning");
- the paper gives the shorter name no short form of its own ("Very Deep CNN (VDCNN)" beside "Squeezed Very Deep CNN"
  is the model it builds on), and does not write it in lower case where the longer name is a proper name in title
  case ("single-stage detector" beside "Gradient Harmonized Single-stage Detector" is the family, not the model).

Each paper's mentions then join that paper's longer name, so one shortening can stand for two things in two papers.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

#: A shorter name in more papers than this is taken as a name of its own.
MAX_PAPERS = 2
#: Sources whose word is enough to make a name stand on its own.
_VOUCHING = frozenset({"curated", "gazetteer"})
#: An extra word that is a prefix cut off by a hyphen ("re-", "non-", "meta-"): it changes what the name means.
_PREFIX = re.compile(r"[a-z]{1,3}")
_BOUND_PREFIXES = frozenset({"meta", "semi", "self", "multi", "anti", "inter", "intra", "cross", "hyper", "super",
                             "over", "under", "post", "pseudo", "quasi", "counter", "mono"})


def holds_in_order(short: list[str], long: list[str]) -> bool:
    """Whether ``long`` holds the words of ``short`` in their order and ends with the same word, with one word more
    or two before them all.

    >>> holds_in_order("expression recognition".split(), "facial expression recognition".split())
    True
    >>> holds_in_order("weakly supervised detection".split(), "weakly supervised object detection".split())
    True
    >>> holds_in_order("object detection".split(), "object detection network".split())
    False
    >>> holds_in_order("sentiment analysis".split(), "fine grained sentiment analysis".split())
    True
    >>> holds_in_order("targeted sentiment analysis".split(), "targeted aspect based sentiment analysis".split())
    False

    A prefix cut from its word by a hyphen turns the meaning ("re-initialization", "meta-learning"), so it is no
    extra word:

    >>> holds_in_order("parameter initialization".split(), "parameter re initialization".split())
    False
    >>> holds_in_order("bayesian learning".split(), "bayesian meta learning".split())
    False
    """
    more = len(long) - len(short)
    if not 1 <= more <= 2 or short[-1] != long[-1]:
        return False
    if more == 2 and long[2:] != short:
        return False
    words = iter(long)
    if not all(word in words for word in short):
        return False
    extra = list(long)
    for word in short:
        extra.remove(word)
    return not any(_PREFIX.fullmatch(word) or word in _BOUND_PREFIXES for word in extra)


def elliptic(papers: Sequence[str], keys: Sequence[str], labels: Sequence[str], sources: Sequence[str],
             texts: Sequence[str] | None = None) -> dict[int, str]:
    """The mentions (by index) whose key is an elliptic name, each with the longer key of its paper.

    ``papers``, ``keys``, ``labels``, ``sources`` (the kind of source, "model", "curated", "abbreviation", ...) and
    ``texts`` (as written; by default the keys) are the mentions' columns. See the module docstring for when a key is
    elliptic.

    >>> keys = ["facial expression recognition", "expression recognition", "expression recognition",
    ...         "micro expression recognition"]
    >>> elliptic(["p1", "p1", "p2", "p2"], keys, ["TASK"] * 4, ["model"] * 4)
    {1: 'facial expression recognition', 2: 'micro expression recognition'}

    A paper that uses the shorter name alone gives it a life of its own, and so does a list, or a short form:

    >>> elliptic(["p1", "p1", "p2"], keys[:3], ["TASK"] * 3, ["model"] * 3)
    {}
    >>> elliptic(["p1", "p1"], keys[:2], ["TASK"] * 2, ["model", "gazetteer"])
    {}
    >>> elliptic(["p1", "p1"], keys[:2], ["TASK"] * 2, ["model", "abbreviation"])
    {}
    """
    texts = keys if texts is None else texts
    in_paper: dict[tuple[str, str], set[str]] = defaultdict(set)
    papers_of: dict[tuple[str, str], set[str]] = defaultdict(set)
    vouched: set[str] = set()
    abbreviated: set[tuple[str, str]] = set()
    for paper, key, label, source in zip(papers, keys, labels, sources, strict=True):
        in_paper[paper, label].add(key)
        papers_of[key, label].add(paper)
        if source in _VOUCHING:
            vouched.add(key)
        elif source == "abbreviation":
            abbreviated.add((paper, key))
    fitting: dict[tuple[str, str, str], str] = {}
    for (key, label), where in papers_of.items():
        words = key.split()
        if len(where) > MAX_PAPERS or key in vouched:
            continue
        found = {}
        for paper in where:
            fits = [other for other in in_paper[paper, label] if holds_in_order(words, other.split())]
            if len(fits) != 1 or (paper, key) in abbreviated:
                break
            found[paper] = fits[0]
        else:
            fitting.update({(paper, key, label): other for paper, other in found.items()})
    # how the papers write the names paired: a lower-case family beside a model's proper name is no shortening
    written: dict[tuple[str, str], list[str]] = defaultdict(list)
    paired = {(paper, key) for paper, key, _ in fitting} | {(paper, other) for (paper, _, _), other in fitting.items()}
    for paper, key, text in zip(papers, keys, texts, strict=True):
        if (paper, key) in paired:
            written[paper, key].append(text)
    family = {(paper, key) for (paper, key, _), other in fitting.items()
              if all(t == t.lower() for t in written[paper, key]) and all(map(_title_case, written[paper, other]))}
    longer = {}
    for (key, label), where in papers_of.items():
        if all((paper, key, label) in fitting and (paper, key) not in family for paper in where):
            longer.update({(paper, key, label): fitting[paper, key, label] for paper in where})
    return {i: longer[paper, key, label] for i, (paper, key, label) in enumerate(zip(papers, keys, labels, strict=True))
            if (paper, key, label) in longer}


def _title_case(text: str) -> bool:
    """Every word of ``text`` that begins with a letter begins with a capital ("Gradient Harmonized Single-stage
    Detector")."""
    return all(word[0].isupper() for word in text.split() if word[0].isalpha())
