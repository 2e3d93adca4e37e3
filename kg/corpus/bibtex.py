"""Reader for BibTeX files (``.bib``), as reference managers and Google Scholar write them.

Entries are ``@type{key, field = value, ...}`` (or with parentheses); a value is ``{braced}``, ``"quoted"``, a
number or a macro, joined with ``#``. ``@string`` defines macros, the month macros ``jan`` ... ``dec`` are known,
``@comment`` and ``@preamble`` are skipped, and text between entries is ignored as BibTeX ignores it. LaTeX in
values is decoded: accents (``M{\\"u}ller`` is Müller), escapes (``\\&``, ``40\\%``), a few letters (``\\ss``,
``\\o``), dashes, and braces are removed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.corpus.record import make_paper
from kg.corpus.text import read_text
from kg.errors import CorpusError, Messages
from kg.records import Paper

EXPECTED = "BibTeX entries '@article{key, title = {...}, abstract = {...}}'"
MONTHS = {m: str(i) for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}

_ACCENTS = {'"': "\u0308", "'": "\u0301", "`": "\u0300", "^": "\u0302", "~": "\u0303", "=": "\u0304",
            ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b", "c": "\u0327", "k": "\u0328",
            "r": "\u030a", "d": "\u0323", "b": "\u0331"}
_LETTERS = {"ss": "ß", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ", "aa": "å", "AA": "Å", "o": "ø", "O": "Ø",
            "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ"}
_ESCAPES = {"&": "&", "%": "%", "_": "_", "#": "#", "{": "\ue000", "}": "\ue001", "$": "\ue002", " ": " "}
_SYMBOL_ACCENT = re.compile(r"\\([\"'`^~=.])\s*(?:\{\s*(\\[ij]|[A-Za-z])\s*\}|(\\[ij](?![A-Za-z])|[A-Za-z]))")
_LETTER_ACCENT = re.compile(r"\\([uvHckrdb])(?:\s*\{\s*(\\[ij]|[A-Za-z])\s*\}|\s+([A-Za-z]))")
_LETTER = re.compile(r"\\(ss|ae|AE|oe|OE|aa|AA|o|O|l|L|i|j)(?![A-Za-z])\s*")
_FORMATTING = re.compile(r"\\(?:text(?:bf|it|rm|tt|sc|sf|up|normal)|emph|math(?:rm|bf|it|cal|sf|tt|bb)|"
                         r"mbox|url|hbox)\s*")
_COMMAND = re.compile(r"\\([A-Za-z]+)\s*")
_ENTRY_START = re.compile(r"@\s*[A-Za-z]+\s*[{(]")
_NAME = re.compile(r"[^\s\"#%'(),={}]+")


def decode_latex(value: str) -> str:
    """Plain Unicode text from a BibTeX value: LaTeX accents, escapes and letters decoded, braces removed.

    >>> decode_latex(r'M{\\"u}ller and Fran\\c{c}ois \\& {\\O}stergaard: 40\\% on {BERT}---{\\ss}')
    'Müller and François & Østergaard: 40% on BERT—ß'
    >>> decode_latex(r"\\'{\\i}ndice \\textbf{bold} $\\alpha$-test")
    'índice bold alpha-test'
    """
    text = re.sub(r"\\([&%_#{}$ ])", lambda m: _ESCAPES[m[1]], value)

    def accent(match: re.Match[str]) -> str:
        letter = (match[2] or match[3]).lstrip("\\")
        return unicodedata.normalize("NFC", letter + _ACCENTS[match[1]])

    text = _LETTER_ACCENT.sub(accent, _SYMBOL_ACCENT.sub(accent, text))
    text = _LETTER.sub(lambda m: _LETTERS[m[1]], text)
    text = _COMMAND.sub(lambda m: m[1], _FORMATTING.sub("", text))
    text = text.replace("\\\\", " ").replace("\\", "").replace("$", "").replace("{", "").replace("}", "")
    text = text.replace("~", " ").replace("---", "—").replace("--", "–")
    return text.replace("\ue000", "{").replace("\ue001", "}").replace("\ue002", "$")


@dataclass
class _Scanner:
    """A position in the text of one file, with the errors it raises."""

    text: str
    path: str
    pos: int = 0
    start: int = 0
    key: str = ""

    def fail(self, problem: str) -> CorpusError:
        line = self.text.count("\n", 0, self.start) + 1
        key = f" {self.key!r}" if self.key else ""
        return CorpusError(self.path, line, Messages.BIB_BAD_ENTRY.format(key=key, problem=problem,
                                                                          expected=Messages.BIB_EXPECTED))

    def skip_space(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos].isspace():
            self.pos += 1

    def peek(self) -> str:
        self.skip_space()
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def name(self, what: str) -> str:
        self.skip_space()
        match = _NAME.match(self.text, self.pos)
        if not match:
            found = self.text[self.pos:self.pos + 10] or "the end of the file"
            raise self.fail(f"expected {what}, found {found!r}")
        self.pos = match.end()
        return match[0]

    def expect(self, chars: str, what: str) -> str:
        char = self.peek()
        if not char or char not in chars:
            raise self.fail(f"expected {what}, found {char or 'the end of the file'!r}")
        self.pos += 1
        return char

    def balanced(self, close: str) -> str:
        """The text up to the ``close`` that ends the group opened just before ``pos``, braces balanced."""
        depth, begin = 0, self.pos
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if char == "\\":
                self.pos += 2
                continue
            if char == close and depth == 0:
                self.pos += 1
                return self.text[begin:self.pos - 1]
            depth += (char == "{") - (char == "}")
            if depth < 0:
                raise self.fail("a '}' closes nothing")
            self.pos += 1
        raise self.fail("the file ends inside it (unbalanced braces or quotes)")

    def value(self, macros: dict[str, str]) -> str:
        """A field value: parts joined with ``#``."""
        parts = []
        while True:
            char = self.peek()
            if char in "{\"":
                self.pos += 1
                parts.append(self.balanced("}" if char == "{" else '"'))
            else:
                word = self.name("a value ({...}, \"...\", a number or a @string name)")
                parts.append(word if word.isdigit() else macros.get(word.casefold(), ""))
            if self.peek() != "#":
                return "".join(parts)
            self.pos += 1


def _fields(scan: _Scanner, close: str, macros: dict[str, str]) -> dict[str, str]:
    """``name = value`` pairs up to the entry's ``close``."""
    fields: dict[str, str] = {}
    while True:
        if scan.peek() == close:
            scan.pos += 1
            return fields
        name = scan.name(f"a field name or {close!r}").casefold()
        scan.expect("=", f"'=' after field {name!r}")
        fields[name] = scan.value(macros)
        if scan.expect("," + close, f"',' or {close!r} after field {name!r}") == close:
            return fields


def entries(text: str, path: str) -> Iterator[tuple[int, str, str, dict[str, str]]]:
    """``(line, type, key, fields)`` of each entry; ``@string`` macros are applied, comments skipped.

    >>> [e[1:] for e in entries('@string{j = "J. Tests"}\\n@article{k1, journal = j # " B", month = mar}', "f")]
    [('article', 'k1', {'journal': 'J. Tests B', 'month': '3'})]
    """
    macros = dict(MONTHS)
    scan = _Scanner(text, path)
    while (at := text.find("@", scan.pos)) >= 0:
        if not _ENTRY_START.match(text, at):  # an '@' outside an entry is text between entries, as for BibTeX
            scan.pos = at + 1
            continue
        scan.pos = scan.start = at + 1
        scan.key = ""
        kind = scan.name("an entry type after '@'").casefold()
        close = ")" if scan.expect("{(", f"'{{' or '(' after '@{kind}'") == "(" else "}"
        if kind in ("comment", "preamble"):
            scan.balanced(close)
            continue
        if kind == "string":
            macros.update(_fields(scan, close, macros))
            continue
        scan.key = scan.name("the citation key")
        if scan.expect("," + close, "',' after the citation key") == close:
            continue
        line = text.count("\n", 0, at) + 1
        yield line, kind, scan.key, _fields(scan, close, macros)


def _date(fields: dict[str, str]) -> str | None:
    year, month = fields.get("year", "").strip(), fields.get("month", "").strip()
    month = MONTHS.get(month[:3].casefold(), month)
    if re.fullmatch(r"\d{4}", year):
        return f"{year}-{int(month):02d}" if month.isdigit() and 1 <= int(month) <= 12 else year
    return fields.get("date")


def _authors(value: str) -> list[str]:
    """Names split at ``and`` outside braces (``{Barnes and Noble}`` stays one name)."""
    names, depth, current = [], 0, []
    for token in re.split(r"(\s+and\s+|[{}])", value):
        if token == "{" or token == "}":
            depth += 1 if token == "{" else -1
            current.append(token)
        elif depth == 0 and re.fullmatch(r"\s+and\s+", token or ""):
            names.append("".join(current))
            current = []
        else:
            current.append(token or "")
    names.append("".join(current))
    return [decode_latex(n).strip() for n in names if n.strip()]


def read_bibtex(path: str | Path) -> Iterator[Paper]:
    """Yield papers from a BibTeX file; an entry without an abstract is skipped with a warning.

    Raises
    ------
    CorpusError
        A malformed entry (the error names its line and key and what was expected), or an empty, binary or
        non-UTF-8 file.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "refs.bib"
    >>> _ = f.write_text('@article{m1, title={On {M}{\\\\"u}ller}, abstract="A 40\\\\% gain.", year=2021, month=feb}')
    >>> [(p.title, p.abstract, p.date) for p in read_bibtex(f)]
    [('On Müller', 'A 40% gain.', '2021-02')]
    """
    path = Path(path)
    for line, _kind, key, fields in entries(read_text(path, EXPECTED), str(path)):
        decoded = {name: decode_latex(value) for name, value in fields.items() if name != "author"}
        eprint = decoded.get("eprint", "")
        arxiv = eprint if decoded.get("archiveprefix", decoded.get("eprinttype", "")).casefold() == "arxiv" else ""
        paper = make_paper({
            "title": decoded.get("title"), "abstract": decoded.get("abstract"), "date": _date(decoded),
            "year": decoded.get("year"), "authors": _authors(fields.get("author", "")),
            "venue": decoded.get("journal") or decoded.get("booktitle") or decoded.get("publisher"),
            "doi": decoded.get("doi"), "url": decoded.get("url"), "arxiv_id": arxiv, "ids": {"bibtex": key},
        }, str(path), line)
        if paper is not None:
            yield paper
