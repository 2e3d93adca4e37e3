"""Detokenization: readable text rebuilt from a corpus's tokens, with each token's character span."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

_PTB = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}",
        "``": '"', "''": '"', "`": "'"}
_NO_SPACE_BEFORE = frozenset({",", ".", ";", ":", ")", "]", "}", "%", "?", "!", "...", "'",
                              "-RRB-", "-RSB-", "-RCB-"})
_NO_SPACE_AFTER = frozenset({"(", "[", "{", "`", "-LRB-", "-LSB-", "-LCB-"})
_QUOTES = frozenset({'"', "``", "''"})
_CLITICS = frozenset({"'s", "n't", "'re", "'ve", "'ll", "'d", "'m"})
_JOINERS = frozenset({"-", "/"})


def _digit(token: str) -> bool:
    return len(token) == 1 and token.isdigit()


def _letter(token: str) -> bool:
    # "a" is far more often the article than a model-name letter ("I 3 D", "w 2 v")
    return len(token) == 1 and token.isalpha() and token not in "aA"


def detokenize(tokens: Sequence[str], *, join_hyphens: bool = False,
               join_digits: bool = False) -> tuple[str, list[tuple[int, int]]]:
    """Rebuild readable text from tokens and give each token's character span in it.

    Tokens are joined by one space except: none before ``, . ; : ) ] } % ? ! '`` and clitics (``'s``,
    ``n't``, ...), none after ``( [ {`` and opening quotes; PTB escapes (``-LRB-``, ``````, ``''``) become the
    characters they stand for; double quotes (``"``, ``''``) alternate between opening and closing, since
    corpora also write ``''`` for an opening quote. Whitespace tokens add nothing and get an empty span.

    Parameters
    ----------
    tokens : sequence of str
    join_hyphens : bool
        For tokenizers that split every hyphen and slash off (SciER, spaCy): write ``-`` and ``/`` without
        spaces when both neighbours are alphanumeric ("pre - existing" -> "pre-existing", "train / test" ->
        "train/test"). Leave off where a lone ``-`` is a dash (SciERC keeps hyphenated words whole).
    join_digits : bool
        For SciER, whose tokenizer splits numbers into digits and digits from letters: join runs of single
        digits ("1 8" -> "18"), decimals ("4 9 . 7" -> "49.7") and a single letter next to a digit run
        ("I 3 D" -> "I3D").

    Returns
    -------
    text : str
    offsets : list of (int, int)
        ``text[start:end]`` is the token as written (PTB escapes replaced).

    Examples
    --------
    >>> text, offsets = detokenize(["We", "do", "n't", "use", "-LRB-", "Smith", "'s", "-RRB-", "data", ":", "5", "%", "."])
    >>> text
    "We don't use (Smith's) data: 5%."
    >>> text[slice(*offsets[5])]
    'Smith'
    >>> detokenize(["ResNet", "-", "1", "8", "on", '"', "pre", "-", "existing", '"', "data"],
    ...            join_hyphens=True, join_digits=True)[0]
    'ResNet-18 on "pre-existing" data'
    """
    pieces: list[str] = []
    offsets: list[tuple[int, int]] = []
    pos = 0
    prev = prev2 = ""
    glue = True  # no space before the next token: start of text, or after an opener
    in_quote = False
    words = [i for i, token in enumerate(tokens) if token.strip()]
    following = {i: tokens[j] for i, j in pairwise(words)}
    for i, raw in enumerate(tokens):
        if not raw.strip():
            offsets.append((pos, pos))
            continue
        nxt = following.get(i, "")
        left = raw in _NO_SPACE_BEFORE or raw.lower() in _CLITICS
        right = raw in _NO_SPACE_AFTER
        if raw in _QUOTES:
            # corpora use '' (and ") for opening quotes too, so any quote after a closed one opens
            opening = raw == "``" or not in_quote
            left, right, in_quote = not opening, opening, opening
        if join_hyphens and raw in _JOINERS and prev[-1:].isalnum() and nxt[:1].isalnum():
            left = right = True
        if join_digits:
            left = left or (_digit(raw) and (_digit(prev) or _letter(prev) or (prev == "." and _digit(prev2))))
            left = left or (_letter(raw) and _digit(prev))
            right = right or (raw == "." and _digit(prev) and _digit(nxt))
        if pieces and not glue and not left:
            pieces.append(" ")
            pos += 1
        surface = _PTB.get(raw, raw)
        offsets.append((pos, pos + len(surface)))
        pieces.append(surface)
        pos += len(surface)
        glue = right
        prev2, prev = prev, raw
    return "".join(pieces), offsets


def _char_span(offsets: Sequence[tuple[int, int]], first: int, last: int) -> tuple[int, int]:
    """Character span of tokens ``first..last`` (inclusive), ignoring whitespace tokens at either end."""
    inside = [offsets[i] for i in range(first, last + 1) if offsets[i][0] < offsets[i][1]]
    if not inside:
        return offsets[first][0], offsets[first][0]
    return inside[0][0], inside[-1][1]
