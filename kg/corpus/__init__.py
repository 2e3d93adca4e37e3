"""Corpus readers: every input format becomes a stream of :class:`~kg.records.Paper` records."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from kg.corpus.hf_pages import read_hf_page
from kg.corpus.tabular import read_csv, read_jsonl
from kg.corpus.text import normalise_title
from kg.errors import CorpusError, KGWarning, Messages
from kg.records import Paper

READERS: dict[str, Callable[[str | Path], Iterator[Paper]]] = {
    ".txt": read_hf_page,
    ".jsonl": read_jsonl,
    ".csv": read_csv,
}

__all__ = ["READERS", "Corpus", "expand_paths", "merge_duplicates", "read_corpus", "read_file"]


@dataclass(frozen=True)
class Corpus:
    """What the readers produced: ``records`` read in all, and the distinct ``papers`` after merging."""

    papers: tuple[Paper, ...]
    records: int
    files: tuple[Path, ...]


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files to read: each file as given, each folder's corpus files (sorted, hidden ones left out).

    Raises
    ------
    CorpusError
        A path that does not exist, a file of unknown format, or nothing to read at all.
    """
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.iterdir()):
                if child.name.startswith(".") or not child.is_file():
                    continue
                if child.suffix.lower() in READERS:
                    files.append(child)
                else:
                    warnings.warn(KGWarning(f"{child}: {Messages.SKIPPED_FILE}"), stacklevel=2)
        elif path.is_file():
            if path.suffix.lower() not in READERS:
                raise CorpusError(str(path), 0, Messages.UNKNOWN_FORMAT.format(suffix=path.suffix))
            files.append(path)
        else:
            raise CorpusError(str(path), 0, Messages.NOT_FOUND)
    if not files:
        raise CorpusError(", ".join(str(p) for p in paths) or "(no paths)", 0, Messages.NO_INPUT)
    return files


def read_file(path: str | Path) -> Iterator[Paper]:
    """Read one file with the reader its suffix names."""
    path = Path(path)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise CorpusError(str(path), 0, Messages.UNKNOWN_FORMAT.format(suffix=path.suffix))
    return reader(path)


def merge_duplicates(records: Iterable[Paper]) -> list[Paper]:
    """Merge records of the same paper: same normalised title or same given id, across files.

    The first record of a paper wins (its id, text and source); later ones are listed in ``also_in``, and
    fill in a date or URL the first lacked. Order is the order of first appearance.

    Examples
    --------
    >>> a = Paper(id="x", title="A Title", abstract="one", source="f", line=1)
    >>> b = Paper(id="t-1", title="a  title", abstract="two", source="g", line=9, date="2024-01-01")
    >>> [(p.id, p.abstract, p.date, p.also_in) for p in merge_duplicates([a, b])]
    [('x', 'one', '2024-01-01', ('g:9',))]
    """
    merged: list[Paper] = []
    by_key: dict[str, int] = {}
    for record in records:
        keys = ["title:" + normalise_title(record.title), "id:" + record.id]
        index = next((by_key[k] for k in keys if k in by_key), None)
        if index is None:
            by_key.update(dict.fromkeys(keys, len(merged)))
            merged.append(record)
            continue
        first = merged[index]
        merged[index] = replace(
            first,
            date=first.date or record.date,
            url=first.url or record.url,
            also_in=(*first.also_in, f"{record.source}:{record.line}"),
        )
        for key in keys:
            by_key.setdefault(key, index)
    return merged


def read_corpus(paths: Iterable[str | Path]) -> Corpus:
    """Read every input, then merge duplicates across files.

    Examples
    --------
    >>> from kg.sample import sample_paths
    >>> corpus = read_corpus(sample_paths())
    >>> corpus.records > len(corpus.papers) > 0
    True
    """
    files = expand_paths(list(paths))
    records: list[Paper] = []
    for path in files:
        records.extend(read_file(path))
    return Corpus(papers=tuple(merge_duplicates(records)), records=len(records), files=tuple(files))
