"""Abbreviation definitions, after Schwartz & Hearst (2003), "A simple algorithm for identifying abbreviation
definitions in biomedical text" (PSB 2003).

Written for kg from the paper's description. Two patterns are recognised inside one sentence:
``long form (SHORT)`` and, less often, ``SHORT (long form)``. The long form is the shortest run of words ending at
the parenthesis whose characters contain every character of the short form, in order, read from right to left,
with the short form's first character starting a word of the long form. Two conventions of ML writing are added:
a citation may stand between the long form and the parenthesis ("Polytropon [Ponti et al., 2023] (Poly)"), and
when the characters alone find nothing, a "2" or "4" between letters stands for the word "to" or "for" ("A2D",
agree-to-disagree) and a leading "X" for a word that begins with "cross" or "trans" ("XQDA", cross-view quadratic
discriminant analysis).
"""

from __future__ import annotations

import re
from typing import NamedTuple

_PAREN = re.compile(r"\(([^()]{1,80})\)")
#: A citation at the end of a text: "[12]", "[3, 4]", "[Smith et al., 2020]", "(Smith and Lee, 2021)".
_CITATION = re.compile(r"\s*(?:\[[^\[\]]{1,80}\]|\((?=[^()]*(?:et al|\d{4}))[^()]{1,80}\))$")
#: Stand-ins of short forms: a digit between letters for a small word.
_WORD_DIGITS = {"2": "to", "4": "for"}
#: Words that a leading "X" stands for, by their beginnings.
_X_WORDS = ("cross", "trans")


class Abbreviation(NamedTuple):
    """Character offsets of a definition: ``text[long_start:long_end]`` defines ``text[short_start:short_end]``."""

    long_start: int
    long_end: int
    short_start: int
    short_end: int


def is_short_form(candidate: str) -> bool:
    """Whether ``candidate`` can be an abbreviation: 2-10 characters, at most two words, starts with a letter or
    digit, holds a letter, and is not an ordinary lower-case word.

    >>> [is_short_form(s) for s in ("GRAM", "LLMs", "e.g.", "see Fig 2", "the", "2D")]
    [True, True, False, False, False, False]
    """
    if not 2 <= len(candidate) <= 10 or len(candidate.split()) > 2 or not candidate[0].isalnum():
        return False
    if not any(ch.isalpha() for ch in candidate) or not re.fullmatch(r"[\w\-/&+']+(?: [\w\-/&+']+)?", candidate):
        return False
    # Schwartz & Hearst accept any such string; abstracts use parentheses for asides too ("(the)"), so we also
    # ask for a capital letter, as nearly every abbreviation in ML writing has one.
    return any(ch.isupper() for ch in candidate) and not re.fullmatch(r"\d+[A-Z]", candidate)


def best_long_form(short: str, candidate: str) -> int | None:
    """Start offset in ``candidate`` of the long form that ``short`` abbreviates, or ``None``.

    Every letter and digit of ``short`` must be found in ``candidate``, right to left and in order; the first
    one must start a word. The long form then begins at the start of the word where matching ended. When that
    finds nothing, the stand-ins of the module's doc are tried.

    >>> text = "Gradient-RegulAted Meta-prompt learning"
    >>> text[best_long_form("GRAM", text):]
    'Gradient-RegulAted Meta-prompt learning'
    >>> best_long_form("XYZ", "large language models") is None
    True
    >>> [t[best_long_form(s, t):] for s, t in [("A2D", "we propose the Agree-to-Disagree"),
    ...                                         ("XQDA", "a method called Cross-view Quadratic Discriminant Analysis")]]
    ['Agree-to-Disagree', 'Cross-view Quadratic Discriminant Analysis']
    """
    found = _letters_in_order(short, candidate)
    if found is not None:
        initials = _by_initials(short, candidate)
        return initials if initials is not None and initials < found else found
    spelled = re.sub(r"(?<=[A-Za-z])[24](?=[A-Za-z])", lambda m: _WORD_DIGITS[m.group()], short)
    if spelled != short and (found := _letters_in_order(spelled, candidate)) is not None \
            and not {*_WORD_DIGITS.values()}.isdisjoint(re.split(r"[\s\-]+", candidate[found:].lower())):
        return found  # the stand-in is a word of the long form
    if len(short) > 2 and short[0] in "Xx":
        for word in _X_WORDS:
            found = _letters_in_order(word[0] + short[1:], candidate)
            if found is not None and candidate[found:].lower().startswith(word):
                return found
    return None


def _by_initials(short: str, candidate: str) -> int | None:
    """Start offset of the last words of ``candidate`` whose first letters are the letters of ``short``, one word
    each (a plural "s" at the end of ``short`` aside), or ``None``: where the right-to-left match stops inside a word
    ("policy oPtimization" for PPO), the words that spell the short form by their initials are its long form
    ("proximal policy optimization").

    >>> text = "we train with proximal policy optimization"
    >>> text[_by_initials("PPO", text):], _by_initials("GRAM", "Gradient-RegulAted Meta-prompt learning")
    ('proximal policy optimization', None)
    """
    core = re.sub(r"(?<=[A-Z])s$", "", short)  # "LLMs"
    letters = [ch.lower() for ch in core if ch.isalnum()]
    if len(letters) < 2 or not all(ch.isalpha() for ch in letters):
        return None
    words = list(re.finditer(r"[^\s\-]+", candidate))
    if len(words) < len(letters):
        return None
    last = words[-len(letters):]
    if [w.group()[0].lower() for w in last] != letters:
        return None
    return last[0].start()


def _letters_in_order(short: str, candidate: str) -> int | None:
    """:func:`best_long_form` without the stand-ins."""
    s = len(short) - 1
    c = len(candidate) - 1
    while s >= 0:
        ch = short[s].lower()
        if not ch.isalnum():
            s -= 1
            continue
        while c >= 0 and (
            candidate[c].lower() != ch or (s == 0 and c > 0 and candidate[c - 1].isalnum())
        ):
            c -= 1
        if c < 0:
            return None
        c -= 1
        s -= 1
    return candidate.rfind(" ", 0, c + 1) + 1


def find_abbreviations(text: str) -> list[Abbreviation]:
    """Find abbreviation definitions in ``text`` (best one sentence at a time).

    Examples
    --------
    >>> text = "We propose Gradient-RegulAted Meta-prompt learning (GRAM) for vision."
    >>> [(text[a.long_start:a.long_end], text[a.short_start:a.short_end]) for a in find_abbreviations(text)]
    [('Gradient-RegulAted Meta-prompt learning', 'GRAM')]
    >>> text = "Results on GLUE (General Language Understanding Evaluation) improve."
    >>> [(text[a.long_start:a.long_end], text[a.short_start:a.short_end]) for a in find_abbreviations(text)]
    [('General Language Understanding Evaluation', 'GLUE')]
    """
    found: list[Abbreviation] = []
    for match in _PAREN.finditer(text):
        inside = match.group(1)
        # "(GRAM; Smith 2020)" or "(GRAM, for short)": the short form is what comes before ";" or ",".
        head = re.split(r"[;,]", inside, maxsplit=1)[0]
        short = head.strip()
        short_start = match.start(1) + (len(head) - len(head.lstrip()))
        if is_short_form(short):
            pair = _long_before(text, match.start(), short, short_start)
            if pair:
                found.append(pair)
                continue
        pair = _short_before(text, match)
        if pair:
            found.append(pair)
    return found


def _long_before(text: str, paren: int, short: str, short_start: int) -> Abbreviation | None:
    """Pattern ``long form (SHORT)``: look back at most min(|A| + 5, 2|A|) words, within the sentence, past a
    citation just before the parenthesis."""
    before = text[:paren].rstrip()
    cited = _CITATION.search(before)
    if cited and cited.start() > 0:
        before = before[:cited.start()].rstrip()
    sentence_start = max(before.rfind(". "), before.rfind("? "), before.rfind("! "), before.rfind("; ")) + 2
    sentence_start = max(sentence_start, 0) if sentence_start > 1 else 0
    limit = min(len(short) + 5, 2 * len(short))
    words = list(re.finditer(r"\S+", before[sentence_start:]))[-limit:]
    if not words:
        return None
    window_start = sentence_start + words[0].start()
    candidate = before[window_start:]
    offset = best_long_form(short, candidate)
    if offset is None:
        return None
    long_form = candidate[offset:].strip(" ,:\"'“”")
    lead = len(candidate[offset:]) - len(candidate[offset:].lstrip(" ,:\"'“”"))
    if len(long_form) <= len(short) or short.lower() in long_form.lower().split():
        return None
    start = window_start + offset + lead
    return Abbreviation(start, start + len(long_form), short_start, short_start + len(short))


def _short_before(text: str, match: re.Match[str]) -> Abbreviation | None:
    """Pattern ``SHORT (long form)``: the word before the parenthesis is the abbreviation."""
    inside = match.group(1).strip()
    prev = re.search(r"(\S+)\s*$", text[: match.start()])
    if not prev or len(inside.split()) < 2:
        return None
    short = prev.group(1).strip(",:\"'")
    if not is_short_form(short) or len(inside) <= len(short):
        return None
    if best_long_form(short, inside) != 0:
        return None
    long_start = match.start(1) + match.group(1).index(inside)
    short_start = prev.start(1) + prev.group(1).index(short)
    return Abbreviation(long_start, long_start + len(inside), short_start, short_start + len(short))
