"""Reader for saved Hugging Face paper-listing pages (the format of the seed corpus).

A page is plain text: some page chrome ("new", "Subscribe", "by AK and the research community", a date), then
paragraphs separated by blank lines that alternate title, abstract, title, abstract, ...
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from pathlib import Path

from kg.corpus.record import make_paper
from kg.corpus.text import parse_page_date, read_text
from kg.errors import CorpusError, Messages, SkippedRecord
from kg.records import Paper

EXPECTED = "a saved paper-listing page: title line, blank line, abstract paragraph, repeated"

_CHROME = re.compile(
    r"^(new|get trending papers in your email inbox!?|subscribe|daily papers|trending papers|"
    r"by ?ak and the research community|papers)$",
    re.IGNORECASE,
)
_MAX_TITLE = 400


def paragraphs(text: str) -> list[tuple[int, str]]:
    """Split text at blank lines into ``(first line number, paragraph)`` pairs, lines joined by spaces.

    >>> paragraphs("a\\n\\nb\\nc\\n")
    [(1, 'a'), (3, 'b c')]
    """
    result: list[tuple[int, str]] = []
    current: list[str] = []
    start = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line:
            if not current:
                start = number
            current.append(line)
        elif current:
            result.append((start, " ".join(current)))
            current = []
    if current:
        result.append((start, " ".join(current)))
    return result


def _looks_like_title(paragraph: str) -> bool:
    # Titles are short and are not several sentences; abstracts in the seeds are over 1,000 characters.
    return len(paragraph) <= _MAX_TITLE and len(re.findall(r"[.!?]\s+[A-Z]", paragraph)) < 2


def read_hf_page(path: str | Path) -> Iterator[Paper]:
    """Yield one :class:`~kg.records.Paper` per title/abstract pair of a saved listing page.

    The page date, when the chrome has one, becomes each paper's ``date``. A title with no abstract after it
    is skipped with a :class:`~kg.errors.KGWarning`.

    Raises
    ------
    CorpusError
        The file is empty, binary, not UTF-8, or holds no title/abstract pair.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> page = pathlib.Path(tempfile.mkdtemp()) / "page.txt"
    >>> _ = page.write_text("new\\n\\nMar 11\\n\\nA Title\\n\\nAn abstract. It has two sentences.\\n")
    >>> [(p.title, p.date, p.line) for p in read_hf_page(page)]
    [('A Title', '--03-11', 5)]
    """
    path = Path(path)
    paras = paragraphs(read_text(path, EXPECTED))
    page_date: str | None = None
    i = 0
    while i < len(paras):  # page chrome at the top
        text = paras[i][1]
        parsed = parse_page_date(text)
        if parsed:
            page_date = parsed
        elif not _CHROME.match(text):
            break
        i += 1
    found = 0
    while i < len(paras):
        line, title = paras[i]
        if not _looks_like_title(title):
            warnings.warn(SkippedRecord(f"{path}:{line}: {Messages.NO_TITLE}", "without a title"), stacklevel=2)
            i += 1
            continue
        nxt = paras[i + 1] if i + 1 < len(paras) else None
        after = paras[i + 2] if i + 2 < len(paras) else None
        # The next paragraph is this title's abstract unless it is itself a title followed by an abstract.
        if nxt is None or (_looks_like_title(nxt[1]) and after is not None and not _looks_like_title(after[1])):
            message = f"{path}:{line}: " + Messages.NO_ABSTRACT.format(title=title)
            warnings.warn(SkippedRecord(message, "without an abstract"), stacklevel=2)
            i += 1
            continue
        paper = make_paper({"title": title, "abstract": nxt[1], "date": page_date}, str(path), line)
        if paper is not None:
            found += 1
            yield paper
        i += 2
    if not found:
        raise CorpusError(str(path), 0, Messages.NO_RECORDS.format(expected=EXPECTED))
