"""Readers for tagged bibliographic exports: RIS (``.ris``) and the Web of Science plain-text export.

**RIS**: each line is ``XX  - value`` (a two-character tag, two spaces, a dash); a record starts with ``TY`` and
ends with ``ER``. The abstract is in ``AB`` or ``N2``, the date in ``PY``, ``DA`` or ``Y1`` (``2023/05/12/``),
authors in ``AU`` or ``A1``, the venue in ``T2``, ``JO``, ``JF`` or ``BT``. A line without a tag continues the
previous value.

**Web of Science**: ``FN``/``VR`` first, then records of ``XX value`` lines from ``PT`` to ``ER``, the file ending
with ``EF``; a line starting with three spaces continues the field above (one author per line in ``AU``/``AF``,
one text in ``TI``/``AB``). ``PY`` is the year, ``PD`` the month and day, ``SO`` the venue, ``DI`` the DOI,
``UT`` the record's id.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from kg.corpus.clean import strip_copyright
from kg.corpus.record import make_paper
from kg.corpus.text import read_text
from kg.errors import CorpusError, Messages
from kg.records import Paper

RIS_EXPECTED = "RIS records: 'TY  - JOUR' ... 'ER  - ' with tagged lines 'XX  - value'"
WOS_EXPECTED = "a Web of Science plain-text export: 'PT J' ... 'ER' records of tagged lines 'XX value'"
_RIS_LINE = re.compile(r"^([A-Z][A-Z0-9])  -(?: (.*))?$")
_WOS_LINE = re.compile(r"^([A-Z][A-Z0-9])(?: (.*))?$")
_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
Record = dict[str, list[str]]


def ris_date(value: str) -> str | None:
    """An ISO date from a RIS date (``2023``, ``2023/05``, ``2023/05/12/``, ``2023/05/12/Spring``).

    >>> ris_date("2023/05/12/"), ris_date("2021//"), ris_date("Spring")
    ('2023-05-12', '2021', None)
    """
    match = re.match(r"^\s*(\d{4})(?:[/-](\d{1,2})?(?:[/-](\d{1,2}))?)?", value)
    if not match:
        return None
    year, month, day = match.groups()
    if month and day:
        return f"{year}-{int(month):02d}-{int(day):02d}"
    return f"{year}-{int(month):02d}" if month else year


def _ris_records(text: str, path: str) -> Iterator[tuple[int, Record]]:
    """``(first line, tag -> values)`` of each RIS record."""
    record: Record | None = None
    start, last = 0, ""
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        match = _RIS_LINE.match(line)
        if match and match[1] == "TY":
            if record is not None:
                where = f"the next 'TY' on line {number}"
                raise CorpusError(path, start, Messages.RIS_NO_ER.format(start=start, where=where))
            record, start, last = {}, number, "TY"
        elif record is None:
            if line.strip():
                raise CorpusError(path, number, Messages.RIS_BAD_LINE.format(line=line[:40]))
            continue
        elif match and match[1] == "ER":
            yield start, record
            record = None
        elif match:
            last = match[1]
            record.setdefault(last, []).append(match[2] or "")
        elif line.strip() and last in record:
            record[last][-1] += " " + line.strip()
    if record is not None:
        raise CorpusError(path, start, Messages.RIS_NO_ER.format(start=start, where="the end of the file"))


def _first(record: Record, *tags: str) -> str:
    return next((" ".join(record[t]) for t in tags if record.get(t) and "".join(record[t]).strip()), "")


def read_ris(path: str | Path) -> Iterator[Paper]:
    """Yield papers from a RIS file; a record without an abstract is skipped with a warning.

    Raises
    ------
    CorpusError
        A record without ``ER`` (named by its first line), a line that is not RIS, or an empty, binary or
        non-UTF-8 file.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "refs.ris"
    >>> _ = f.write_text("TY  - JOUR\\nTI  - A title\\nN2  - An abstract\\nthat goes on.\\nPY  - 2022/03//\\nER  - \\n")
    >>> [(p.title, p.abstract, p.date, p.year) for p in read_ris(f)]
    [('A title', 'An abstract that goes on.', '2022-03', 2022)]
    """
    path = Path(path)
    for line, record in _ris_records(read_text(path, RIS_EXPECTED), str(path)):
        raw_date = _first(record, "DA", "PY", "Y1")
        paper = make_paper({
            "title": _first(record, "TI", "T1", "CT"), "abstract": _first(record, "AB", "N2"),
            "date": ris_date(raw_date), "year": _first(record, "PY", "Y1", "DA"),
            "authors": record.get("AU") or record.get("A1") or [],
            "venue": _first(record, "T2", "JO", "JF", "JA", "BT"), "doi": _first(record, "DO"),
            "url": (record.get("UR") or [""])[0], "ids": {"ris": _first(record, "ID")} if record.get("ID") else {},
        }, str(path), line)
        if paper is not None:
            yield paper


def _wos_records(text: str, path: str) -> Iterator[tuple[int, Record]]:
    """``(first line, tag -> lines)`` of each Web of Science record."""
    record: Record | None = None
    start, last = 0, ""
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        if not line.strip():
            continue
        if line.startswith("   ") and record is not None and last:
            record[last].append(line.strip())
            continue
        match = _WOS_LINE.match(line)
        if not match:
            raise CorpusError(path, number, Messages.WOS_BAD_LINE.format(line=line[:40]))
        tag = match[1]
        if tag == "PT":
            if record is not None:
                where = f"the next 'PT' on line {number}"
                raise CorpusError(path, start, Messages.WOS_NO_ER.format(start=start, where=where))
            record, start = {}, number
        if tag == "ER" and record is not None:
            yield start, record
            record, last = None, ""
        elif record is not None:
            last = tag
            record.setdefault(tag, []).append(match[2] or "")
        elif tag not in ("FN", "VR", "EF", "ER"):
            raise CorpusError(path, number, Messages.WOS_BAD_LINE.format(line=line[:40]))
    if record is not None:
        raise CorpusError(path, start, Messages.WOS_NO_ER.format(start=start, where="the end of the file"))


def wos_date(year: str, published: str) -> str | None:
    """An ISO date from ``PY`` and ``PD`` (``MAR 12``, ``MAR``, ``2023 MAR 12``, ``SPR``).

    >>> wos_date("2023", "MAR 12"), wos_date("2021", "SPR"), wos_date("", "MAR")
    ('2023-03-12', '2021', None)
    """
    if not re.fullmatch(r"\d{4}", year.strip()):
        return None
    match = re.search(r"\b([A-Za-z]{3})[A-Za-z]*\.?(?:\s+(\d{1,2}))?\b", published)
    month = _MONTHS.get(match[1].casefold()) if match else None
    if match is None or month is None:
        return year.strip()
    return f"{year.strip()}-{month:02d}" + (f"-{int(match[2]):02d}" if match[2] else "")


def read_wos(path: str | Path) -> Iterator[Paper]:
    """Yield papers from a Web of Science plain-text export (``savedrecs.txt``).

    Raises
    ------
    CorpusError
        A record without ``ER``, a line that is neither tagged nor a continuation, or an empty, binary or
        non-UTF-8 file.
    """
    path = Path(path)
    for line, record in _wos_records(read_text(path, WOS_EXPECTED), str(path)):
        year = _first(record, "PY")
        ut = _first(record, "UT")
        paper = make_paper({
            "title": _first(record, "TI"), "abstract": strip_copyright(_first(record, "AB")),
            "date": wos_date(year, _first(record, "PD")), "year": year or _first(record, "EA"),
            "authors": record.get("AF") or record.get("AU") or [], "venue": _first(record, "SO"),
            "doi": _first(record, "DI"), "ids": {"wos": ut} if ut else {},
        }, str(path), line)
        if paper is not None:
            yield paper
