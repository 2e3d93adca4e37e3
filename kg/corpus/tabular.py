"""Readers for delimited exports: CSV with a title and an abstract column, Scopus CSV, and Web of Science
tab-delimited files.

Columns are found by name (see :data:`kg.corpus.record.FIELD_NAMES`: ``Abstract``, ``summary``, ``AB``, ...).
Scopus writes ``[No abstract available]`` for a missing abstract and ends abstracts with the publisher's copyright
line; Web of Science tab-delimited files name their columns by two-letter tags (``TI``, ``AB``, ``AU``, ``PY``,
``SO``, ``DI``, ``UT``) and are often UTF-16 with a byte-order mark. Both quirks are handled for every file read
here, whichever of the three it is.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kg.corpus.clean import strip_copyright
from kg.corpus.record import FIELD_NAMES, find_field, make_paper, named_fields
from kg.corpus.tagged import wos_date
from kg.corpus.text import read_text
from kg.errors import CorpusError, Messages
from kg.records import Paper

CSV_EXPECTED = "'title' and 'abstract' (optional 'id', 'date', 'year', 'authors', 'venue', 'doi', 'url')"
_NO_ABSTRACT = {"[no abstract available]", "no abstract available", "[no abstract]", "n/a"}
# Source ids that exports carry in their own columns.
_ID_COLUMNS = {"eid": "scopus", "ut": "wos", "ut (unique wos id)": "wos", "pubmed id": "pubmed", "pm": "pubmed"}


def _delimiter(header: str) -> str:
    """Tab when the header line has more tabs than commas, else comma."""
    return "\t" if header.count("\t") > header.count(",") else ","


def _fields(row: dict[str, Any]) -> dict[str, Any]:
    """The fields of one row, with the exports' quirks undone."""
    fields = named_fields(row)
    abstract = str(fields.get("abstract") or "")
    if abstract.strip().casefold() in _NO_ABSTRACT:
        abstract = ""
    fields["abstract"] = strip_copyright(abstract)
    published = row.get("PD")
    if "date" not in fields and isinstance(published, str) and published.strip():  # Web of Science: PY and PD
        fields["date"] = wos_date(str(row.get("PY") or ""), published)
    ids = {source: str(row[k]).strip() for k in row if isinstance(k, str) and row[k]
           and (source := _ID_COLUMNS.get(k.strip().casefold()))}
    if ids:
        fields["ids"] = ids
    return fields


def read_csv(path: str | Path) -> Iterator[Paper]:
    """Yield papers from a CSV or tab-delimited file with a header row (Scopus and Web of Science exports included).

    Raises
    ------
    CorpusError
        The header lacks a title or an abstract column (the accepted names are listed), the CSV cannot be parsed,
        or the file is empty, binary or not UTF-8/UTF-16.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "c.csv"
    >>> _ = f.write_text('Title,Summary,Year\\nA title,"Text. © 2020 Elsevier Ltd.",2020\\n')
    >>> [(p.title, p.abstract, p.year) for p in read_csv(f)]
    [('A title', 'Text.', 2020)]
    """
    path = Path(path)
    text = read_text(path, "a CSV file with columns " + CSV_EXPECTED)
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=_delimiter(text.partition("\n")[0]))
    try:
        header = [h for h in (reader.fieldnames or []) if h is not None]
        for column in ("title", "abstract"):
            if find_field(header, column) is None:
                accepted = ", ".join(FIELD_NAMES[column])
                message = Messages.CSV_NO_COLUMN.format(
                    column=column, found=", ".join(" ".join(h.split()) for h in header) or "nothing",
                    expected=f"{CSV_EXPECTED}; {column} columns accepted: {accepted}")
                raise CorpusError(str(path), 1, message)
        start = reader.line_num + 1
        for row in reader:
            paper = make_paper(_fields(row), str(path), start)
            start = reader.line_num + 1
            if paper is not None:
                yield paper
    except csv.Error as err:
        raise CorpusError(str(path), reader.line_num, Messages.CSV_BAD.format(error=err)) from err
