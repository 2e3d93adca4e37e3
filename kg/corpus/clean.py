"""Cleaning what the readers read: Unicode normalisation, invisible characters, the abstract cap, identifiers.

Every reader hands its fields to :func:`kg.corpus.record.make_paper`, which cleans them here, so that the text
extraction sees (and the character offsets of mentions refer to) is the text written to ``papers.jsonl``.
"""

from __future__ import annotations

import re
import unicodedata

#: Abstracts longer than this many characters are cut at a sentence boundary, with a warning (issue 19: one
#: 1 MB abstract took 108 s and gave 271,000 edges). The longest abstracts of real corpora stay under 10,000.
MAX_ABSTRACT_CHARS = 20_000

# Control characters (Cc), format characters (Cf: zero-width space, joiners, soft hyphen, BOM, bidi marks),
# surrogates (Cs, which JSON escapes can produce) and private-use characters (Co) are never text.
_DROPPED = frozenset(("Cc", "Cf", "Cs", "Co"))
# Tabs, line breaks and the Unicode line and paragraph separators separate words: they become spaces.
_SPACES = frozenset("\t\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")
_SENTENCE_END = re.compile(r"[.!?][\"')\]]*\s")
_COPYRIGHT = re.compile(r"(?:(?<=[.!?])|^)\s*(?:©|\(c\)|copyright\b)[^.]*(?:\.[^.]*){0,3}$", re.IGNORECASE)
_DOI = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_ARXIV = re.compile(r"^(?:https?://arxiv\.org/(?:abs|pdf)/|arxiv:)", re.IGNORECASE)
_ARXIV_VERSION = re.compile(r"v\d+$")


def clean_text(text: str) -> str:
    """NFC text without invisible characters, its whitespace collapsed to single spaces.

    Examples
    --------
    >>> clean_text("Image\\u200bNet  and\\tCIFAR\\x00\\n10")
    'ImageNet and CIFAR 10'
    >>> clean_text("Cafe\\u0301") == "Café"
    True
    """
    if text.isascii() and text.isprintable():
        return " ".join(text.split())
    kept = []
    for char in unicodedata.normalize("NFC", text):
        if char in _SPACES:
            kept.append(" ")
        elif unicodedata.category(char) not in _DROPPED:
            kept.append(char)
    return " ".join("".join(kept).split())


def cap_abstract(abstract: str, cap: int = MAX_ABSTRACT_CHARS) -> str:
    """``abstract`` cut to at most ``cap`` characters, after the last sentence that fits (else the last word).

    >>> cap_abstract("One. Two two. Three three three.", cap=20)
    'One. Two two.'
    >>> cap_abstract("no sentence ends here at all", cap=12)
    'no sentence'
    """
    if len(abstract) <= cap:
        return abstract
    head = abstract[: cap + 1]
    ends = [m.end() for m in _SENTENCE_END.finditer(head)]
    if ends and ends[-1] > cap // 2:
        return head[: ends[-1]].rstrip()
    space = head.rfind(" ")
    return head[:space].rstrip() if space > cap // 2 else abstract[:cap]


def strip_copyright(abstract: str) -> str:
    """The abstract without the publisher's copyright line that bibliographic exports append.

    >>> strip_copyright("We test X. It works. © 2023 Elsevier B.V. All rights reserved.")
    'We test X. It works.'
    >>> strip_copyright("(C) 2021 The Authors. Published by Elsevier Ltd.")
    ''
    """
    return _COPYRIGHT.sub("", abstract).strip()


def normalise_doi(value: str | None) -> str | None:
    """A DOI without ``https://doi.org/`` or ``doi:`` in front (``None`` when it does not start with ``10.``).

    >>> normalise_doi("https://doi.org/10.1000/XYZ.1"), normalise_doi("n/a")
    ('10.1000/XYZ.1', None)
    """
    doi = _DOI.sub("", (value or "").strip())
    return doi if doi.startswith("10.") and "/" in doi else None


def normalise_arxiv_id(value: str | None) -> str | None:
    """An arXiv id without URL, ``arXiv:`` prefix or version.

    >>> normalise_arxiv_id("http://arxiv.org/abs/2401.01234v3"), normalise_arxiv_id("arXiv:hep-th/9901001v1")
    ('2401.01234', 'hep-th/9901001')
    """
    arxiv = _ARXIV_VERSION.sub("", _ARXIV.sub("", (value or "").strip()))
    return arxiv or None


def parse_year(value: object) -> int | None:
    """A plausible year (1000-2999) from a number or the first four digits of a text, else ``None``.

    >>> parse_year("2023/05/12/"), parse_year(2021), parse_year("n.d."), parse_year("MAR 2020")
    (2023, 2021, None, 2020)
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 1000 <= value <= 2999 else None
    match = re.search(r"(?<!\d)([12]\d{3})(?!\d)", str(value or ""))
    return int(match[1]) if match else None
