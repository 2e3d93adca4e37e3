"""Readers for JSON: JSON Lines, and the responses of the APIs researchers pull papers from.

Each object is read by the mapper of its *shape*, told apart by content:

- **OpenAlex works** (``abstract_inverted_index``, or an ``id`` at ``https://openalex.org/``): the abstract is
  rebuilt from the inverted index; authors from ``authorships``, venue from ``primary_location.source``.
- **Semantic Scholar Graph API papers** (``paperId``): ``externalIds`` give the DOI and arXiv id; a null abstract
  is skipped.
- **Hugging Face daily papers** (a ``paper`` object): the arXiv id, ``summary`` and ``publishedAt``.
- **Plain records**: fields under the names :data:`kg.corpus.record.FIELD_NAMES` accepts (what ``kg fetch``
  writes, and JSONL/JSON from elsewhere).

A JSON document may be an OpenAlex page ``{"results": [...]}``, a Semantic Scholar search ``{"data": [...]}``,
a list (a batch response, a daily-papers list), or one record.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from kg.corpus.record import find_field, make_paper, named_fields, skip
from kg.corpus.text import read_text
from kg.errors import CorpusError, Messages
from kg.records import Paper

JSONL_EXPECTED = "JSON Lines: one object per line with 'title' and 'abstract'"
JSON_EXPECTED = "JSON: an API response (OpenAlex, Semantic Scholar, Hugging Face daily papers) or JSON Lines"
Mapper = Callable[[Mapping[str, Any]], dict[str, Any]]


def _get(obj: Any, *keys: str) -> Any:
    """``obj[k1][k2]...``, or ``None`` where a level is missing or not an object."""
    for key in keys:
        if not isinstance(obj, Mapping):
            return None
        obj = obj.get(key)
    return obj


def inverted_abstract(index: Any) -> str:
    """The abstract an OpenAlex ``abstract_inverted_index`` encodes (word -> positions), words in position order.

    >>> inverted_abstract({"We": [0], "it": [2, 4], "test": [1, 3]})
    'We test it test it'
    """
    if not isinstance(index, Mapping):
        return ""
    placed = sorted((pos, str(word)) for word, positions in index.items() if isinstance(positions, list)
                    for pos in positions if isinstance(pos, int) and not isinstance(pos, bool))
    return " ".join(word for _, word in placed)


def openalex_fields(work: Mapping[str, Any]) -> dict[str, Any]:
    """The fields of an OpenAlex work."""
    work_id = str(work.get("id") or "").rsplit("/", 1)[-1]
    authorships = work.get("authorships")
    locations = work.get("locations") if isinstance(work.get("locations"), list) else []
    urls = [str(_get(loc, "landing_page_url") or "") for loc in [work.get("primary_location"), *(locations or [])]]
    arxiv = next((u for u in urls if "arxiv.org/abs/" in u), None)
    return {
        "id": work_id, "title": work.get("title") or work.get("display_name"),
        "abstract": inverted_abstract(work.get("abstract_inverted_index")) or work.get("abstract"),
        "date": work.get("publication_date"), "year": work.get("publication_year"),
        "authors": [_get(a, "author", "display_name") for a in authorships] if isinstance(authorships, list) else [],
        "venue": _get(work, "primary_location", "source", "display_name") or _get(work, "host_venue", "display_name"),
        "doi": work.get("doi"), "url": work.get("doi") or next((u for u in urls if u), None) or work.get("id"),
        "arxiv_id": arxiv, "ids": {"openalex": work_id} if work_id else {},
    }


def s2_fields(paper: Mapping[str, Any]) -> dict[str, Any]:
    """The fields of a Semantic Scholar Graph API paper."""
    external: Mapping[str, Any] = paper["externalIds"] if isinstance(paper.get("externalIds"), Mapping) else {}
    paper_id = str(paper.get("paperId") or "")
    venue = paper.get("venue") or _get(paper, "journal", "name")
    return {
        "id": paper_id, "title": paper.get("title"), "abstract": paper.get("abstract"),
        "date": paper.get("publicationDate"), "year": paper.get("year"), "authors": paper.get("authors"),
        "venue": venue, "doi": external.get("DOI"), "arxiv_id": external.get("ArXiv"), "url": paper.get("url"),
        "ids": {"s2": paper_id} if paper_id else {},
    }


def hf_daily_fields(item: Mapping[str, Any]) -> dict[str, Any]:
    """The fields of one entry of the Hugging Face daily-papers API."""
    paper: Mapping[str, Any] = item["paper"] if isinstance(item.get("paper"), Mapping) else {}
    arxiv = str(paper.get("id") or "")
    return {
        "id": arxiv, "title": paper.get("title") or item.get("title"),
        "abstract": paper.get("summary") or item.get("summary"),
        "date": paper.get("publishedAt") or item.get("publishedAt"), "authors": paper.get("authors"),
        "arxiv_id": arxiv, "url": f"https://huggingface.co/papers/{arxiv}" if arxiv else None,
        "venue": "arXiv" if arxiv else None, "ids": {"hf": arxiv} if arxiv else {},
    }


#: Shapes of JSON objects and their mappers; ``--format`` names them (``json`` detects per object).
SHAPES: dict[str, Mapper] = {"openalex": openalex_fields, "s2": s2_fields, "hf-daily": hf_daily_fields,
                             "plain": named_fields}


def shape_of(obj: Mapping[str, Any]) -> str:
    """The shape of one JSON object (see :data:`SHAPES`).

    >>> shape_of({"paperId": "x"}), shape_of({"paper": {"id": "1"}}), shape_of({"title": "T"})
    ('s2', 'hf-daily', 'plain')
    """
    if "abstract_inverted_index" in obj or str(obj.get("id") or "").startswith("https://openalex.org/"):
        return "openalex"
    if "paperId" in obj:
        return "s2"
    if isinstance(obj.get("paper"), Mapping):
        return "hf-daily"
    return "plain"


def _paper(obj: Any, path: Path, line: int, shape: str | None) -> Paper | None:
    if obj is None:  # a batch response answers null for a paper the API does not know
        skip(str(path), line, "that is null (not found by the API)")
        return None
    if not isinstance(obj, Mapping):
        raise CorpusError(str(path), line, Messages.JSON_BAD_RECORD.format(index=line, kind=type(obj).__name__))
    return make_paper(SHAPES[shape or shape_of(obj)](obj), str(path), line)


def read_jsonl(path: str | Path, shape: str | None = None) -> Iterator[Paper]:
    """Yield papers from a JSON Lines file; blank lines are ignored, each object is read by its shape.

    Raises
    ------
    CorpusError
        A line that is not a JSON object (the error names the line), or an empty, binary or non-UTF-8 file.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "c.jsonl"
    >>> _ = f.write_text('{"id": "p1", "title": "T", "summary": "A.", "date": "2024-01-02"}\\n')
    >>> [(p.id, p.abstract, p.year) for p in read_jsonl(f)]
    [('p1', 'A.', 2024)]
    """
    path = Path(path)
    yield from _lines(path, read_text(path, JSONL_EXPECTED), shape)


def _lines(path: Path, text: str, shape: str | None) -> Iterator[Paper]:
    for line, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except (ValueError, RecursionError) as err:
            error = err.msg if isinstance(err, json.JSONDecodeError) else _problem(err)
            raise CorpusError(str(path), line, Messages.BAD_JSON.format(error=error)) from err
        if not isinstance(obj, dict):
            raise CorpusError(str(path), line, Messages.NOT_OBJECT.format(kind=type(obj).__name__))
        paper = _paper(obj, path, line, shape)
        if paper is not None:
            yield paper


def _problem(err: Exception) -> str:
    return "nested too deeply" if isinstance(err, RecursionError) else str(err).split(";")[0]


def _records(document: Any, path: Path) -> list[Any]:
    """The records of a JSON document: an OpenAlex page, a Semantic Scholar search, a list, or one record."""
    if isinstance(document, list):
        return document
    if isinstance(document, dict):
        for key in ("results", "data"):
            if isinstance(document.get(key), list):
                return list(document[key])
        if shape_of(document) != "plain" or find_field([k for k in document if isinstance(k, str)], "title"):
            return [document]
        found = "an object with keys " + ", ".join(repr(k) for k in list(document)[:8])
    else:
        found = f"a {type(document).__name__}"
    raise CorpusError(str(path), 0, Messages.JSON_UNKNOWN_SHAPE.format(found=found))


def _check_shape(records: list[Any], path: Path, shape: str | None) -> None:
    """Refuse a list whose first object is of no known shape and has no title field."""
    first = next((r for r in records if isinstance(r, Mapping)), None)
    if first is None or (shape or shape_of(first)) != "plain":
        return
    keys = [k for k in first if isinstance(k, str)]
    if find_field(keys, "title") is None and find_field(keys, "abstract") is None:
        found = "records with keys " + ", ".join(repr(k) for k in keys[:8])
        raise CorpusError(str(path), 0, Messages.JSON_UNKNOWN_SHAPE.format(found=found))


def read_json(path: str | Path, shape: str | None = None) -> Iterator[Paper]:
    """Yield papers from a JSON document (an API response) or, when the file is JSON Lines, from each line.

    ``shape`` forces one of :data:`SHAPES` for every object; by default each object's is detected. Records are
    numbered from 1 in the document, and that number stands for the line in warnings and ``Paper.line``.

    Raises
    ------
    CorpusError
        Text that is not JSON, a document of unknown shape, or a record that is not an object.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "page.json"
    >>> work = {"id": "https://openalex.org/W1", "title": "T", "abstract_inverted_index": {"Hi": [0], "there.": [1]}}
    >>> _ = f.write_text(json.dumps({"meta": {}, "results": [work]}))
    >>> [(p.id, p.abstract) for p in read_json(f)]
    [('W1', 'Hi there.')]
    """
    path = Path(path)
    text = read_text(path, JSON_EXPECTED)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as err:
        if err.msg == "Extra data":
            yield from _lines(path, text, shape)
            return
        raise CorpusError(str(path), err.lineno, Messages.JSON_BAD_DOCUMENT.format(error=err.msg)) from err
    except (ValueError, RecursionError) as err:
        raise CorpusError(str(path), 0, Messages.JSON_BAD_DOCUMENT.format(error=_problem(err))) from err
    records = _records(document, path)
    _check_shape(records, path, shape)
    for number, record in enumerate(records, start=1):
        paper = _paper(record, path, number, shape)
        if paper is not None:
            yield paper
