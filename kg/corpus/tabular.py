"""Readers for JSON Lines and CSV exports with ``title`` and ``abstract`` (and optional ``id``, ``date``, ``url``)."""

from __future__ import annotations

import csv
import io
import json
import warnings
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from kg.corpus.text import parse_iso_date, read_text, title_id
from kg.errors import CorpusError, KGWarning, Messages
from kg.records import Paper

JSONL_EXPECTED = "JSON Lines: one object per line with 'title' and 'abstract'"
CSV_EXPECTED = "'title' and 'abstract' (optional 'id', 'date', 'url')"


def _record(row: Mapping[str, Any], path: Path, line: int) -> Paper | None:
    """Turn one input row into a Paper, or warn and return None when it lacks a title or an abstract."""
    values = {str(k).strip().lower(): v for k, v in row.items() if k is not None}
    text = {k: ("" if v is None else str(v)).strip() for k, v in values.items()}
    for field in ("title", "abstract"):
        if not text.get(field):
            warnings.warn(KGWarning(f"{path}:{line}: " + Messages.MISSING_FIELD.format(field=field)), stacklevel=3)
            return None
    given_id = text.get("id") or ""
    return Paper(
        id=given_id or title_id(text["title"]),
        title=" ".join(text["title"].split()),
        abstract=" ".join(text["abstract"].split()),
        date=parse_iso_date(text.get("date", ""), str(path), line),
        url=text.get("url") or None,
        source=str(path),
        line=line,
    )


def read_jsonl(path: str | Path) -> Iterator[Paper]:
    """Yield papers from a JSON Lines file; blank lines are ignored.

    Raises
    ------
    CorpusError
        A line that is not a JSON object (the error names the line), or an empty, binary or non-UTF-8 file.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "c.jsonl"
    >>> _ = f.write_text('{"id": "p1", "title": "T", "abstract": "A.", "date": "2024-01-02"}\\n')
    >>> [(p.id, p.date) for p in read_jsonl(f)]
    [('p1', '2024-01-02')]
    """
    path = Path(path)
    text = read_text(path, JSONL_EXPECTED)
    for line, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as err:
            raise CorpusError(str(path), line, Messages.BAD_JSON.format(error=err.msg)) from err
        if not isinstance(obj, dict):
            raise CorpusError(str(path), line, Messages.NOT_OBJECT.format(kind=type(obj).__name__))
        paper = _record(obj, path, line)
        if paper is not None:
            yield paper


def read_csv(path: str | Path) -> Iterator[Paper]:
    """Yield papers from a CSV file with a header row.

    Raises
    ------
    CorpusError
        The header lacks a ``title`` or ``abstract`` column, the CSV cannot be parsed, or the file is empty,
        binary or not UTF-8.
    """
    path = Path(path)
    text = read_text(path, "a CSV file with columns " + CSV_EXPECTED)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        header = [h.strip().lower() for h in (reader.fieldnames or [])]
        for column in ("title", "abstract"):
            if column not in header:
                message = Messages.CSV_NO_COLUMN.format(
                    column=column, found=", ".join(header) or "nothing", expected=CSV_EXPECTED)
                raise CorpusError(str(path), 1, message)
        start = reader.line_num + 1
        for row in reader:
            paper = _record(row, path, start)
            start = reader.line_num + 1
            if paper is not None:
                yield paper
    except csv.Error as err:
        raise CorpusError(str(path), reader.line_num, Messages.CSV_BAD.format(error=err)) from err
