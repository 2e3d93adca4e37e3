"""Corpus readers: every input format becomes a stream of :class:`~kg.records.Paper` records.

The format of each file is told by its content (:mod:`kg.corpus.detect`); every reader hands its fields to
:func:`kg.corpus.record.make_paper`, which cleans and checks them the same way for all formats.
"""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from kg.corpus.detect import FORMATS, SUFFIXES, detect_format
from kg.corpus.hf_pages import read_hf_page
from kg.corpus.jsonapi import read_json, read_jsonl
from kg.corpus.record import FIELD_NAMES
from kg.corpus.tabular import read_csv
from kg.corpus.text import normalise_title
from kg.errors import AbstractCut, CorpusError, KGWarning, Messages, SkippedRecord
from kg.records import Paper

__all__ = ["FORMATS", "Corpus", "expand_paths", "merge_duplicates", "read_corpus", "read_csv", "read_file",
           "read_hf_page", "read_json", "read_jsonl"]


@dataclass(frozen=True)
class Corpus:
    """What the readers produced: ``records`` read in all, and the distinct ``papers`` after merging.

    ``formats`` gives each file's format; ``skipped_files`` the files left out with ``--skip-bad-files`` and why;
    ``skipped_records`` counts the records left out by reason; ``cut`` counts the abstracts cut to the length cap;
    ``per_format`` counts records read and skipped per format.
    """

    papers: tuple[Paper, ...]
    records: int
    files: tuple[Path, ...]
    formats: dict[str, str] = field(default_factory=dict)
    skipped_files: tuple[tuple[str, str], ...] = ()
    skipped_records: dict[str, int] = field(default_factory=dict)
    cut: int = 0
    per_format: dict[str, dict[str, int]] = field(default_factory=dict)

    def report(self) -> dict[str, Any]:
        """What the manifest records about the inputs."""
        return {"formats": self.formats, "per_format": self.per_format,
                "skipped_files": [{"path": p, "error": e} for p, e in self.skipped_files],
                "skipped_records": self.skipped_records, "abstracts_cut": self.cut}


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files to read: each file as given, each folder's corpus files (sorted, hidden ones left out).

    In a folder, files with a corpus suffix (:data:`~kg.corpus.detect.SUFFIXES`) are read, whatever their
    content turns out to be; other files are left out with a warning.

    Raises
    ------
    CorpusError
        A path that does not exist, or nothing to read at all.
    """
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.iterdir()):
                if child.name.startswith(".") or not child.is_file():
                    continue
                if child.suffix.lower() in SUFFIXES:
                    files.append(child)
                else:
                    warnings.warn(KGWarning(f"{child}: {Messages.SKIPPED_FILE}"), stacklevel=2)
        elif path.is_file():
            files.append(path)
        else:
            raise CorpusError(str(path), 0, Messages.NOT_FOUND)
    if not files:
        raise CorpusError(", ".join(str(p) for p in paths) or "(no paths)", 0, Messages.NO_INPUT)
    return files


def read_file(path: str | Path, input_format: str | None = None) -> Iterator[Paper]:
    """Read one file with the reader its content (or ``input_format``) names."""
    path = Path(path)
    return FORMATS[detect_format(path, input_format)](path)


def _merge_key(record: Paper) -> list[str]:
    keys = ["doi:" + record.doi.casefold()] if record.doi else []
    keys += ["arxiv:" + record.arxiv_id.casefold()] if record.arxiv_id else []
    return [*keys, "title:" + normalise_title(record.title), "id:" + record.id]


def merge_duplicates(records: Iterable[Paper]) -> list[Paper]:
    """Merge records of the same paper across files: same DOI (case-insensitive), else same arXiv id (version
    stripped), else same normalised title, else same given id.

    The first record of a paper wins (its id, text and source); later ones are listed in ``also_in``, and fill
    in the metadata the first lacked (date, url, year, venue, DOI, arXiv id, authors; source ids are joined).
    Order is the order of first appearance.

    Examples
    --------
    >>> a = Paper(id="x", title="A Title", abstract="one", source="f", line=1, doi="10.1/AB")
    >>> b = Paper(id="y", title="Retitled", abstract="two", source="g", line=9, date="2024-01-01", doi="10.1/ab")
    >>> [(p.id, p.abstract, p.date, p.also_in) for p in merge_duplicates([a, b])]
    [('x', 'one', '2024-01-01', ('g:9',))]
    """
    merged: list[Paper] = []
    by_key: dict[str, int] = {}
    for record in records:
        keys = _merge_key(record)
        index = next((by_key[k] for k in keys if k in by_key), None)
        if index is None:
            by_key.update(dict.fromkeys(keys, len(merged)))
            merged.append(record)
            continue
        first = merged[index]
        merged[index] = replace(
            first, date=first.date or record.date, url=first.url or record.url, year=first.year or record.year,
            venue=first.venue or record.venue, doi=first.doi or record.doi,
            arxiv_id=first.arxiv_id or record.arxiv_id, authors=first.authors or record.authors,
            ids=tuple((dict(record.ids) | dict(first.ids)).items()), also_in=(*first.also_in, f"{record.source}:{record.line}"),
        )
        for key in keys:
            by_key.setdefault(key, index)
    return merged


@dataclass
class _Tally:
    """Counts kept while reading: skipped records by reason, cut abstracts, records per format."""

    reasons: Counter[str] = field(default_factory=Counter)
    cut: int = 0
    per_format: dict[str, dict[str, int]] = field(default_factory=dict)

    def read(self, path: Path, fmt: str) -> list[Paper]:
        """The papers of one file; its warnings are counted, then passed on."""
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            papers = list(FORMATS[fmt](path))
        skipped = [w.message for w in caught if isinstance(w.message, SkippedRecord)]
        self.reasons.update(m.reason for m in skipped)
        self.cut += sum(isinstance(w.message, AbstractCut) for w in caught)
        for w in caught:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
        counts = self.per_format.setdefault(fmt, {"files": 0, "read": 0, "skipped": 0})
        counts["files"] += 1
        counts["read"] += len(papers)
        counts["skipped"] += len(skipped)
        return papers


def _no_usable_record(files: list[Path], reasons: Counter[str]) -> CorpusError:
    counts = ", ".join(f"{n} record{'s' * (n != 1)} {reason}" for reason, n in reasons.most_common()) or "0 records"
    message = Messages.NO_USABLE_RECORD.format(counts=counts, names=", ".join(FIELD_NAMES["abstract"]))
    return CorpusError(", ".join(str(f) for f in files), 0, message)


def read_corpus(paths: Iterable[str | Path], *, input_format: str | None = None,
                skip_bad_files: bool = False) -> Corpus:
    """Read every input, then merge duplicates across files.

    ``input_format`` forces one reader (see :data:`FORMATS`) for every file; with ``skip_bad_files`` a file that
    cannot be read is left out with a warning (and listed in ``Corpus.skipped_files``) instead of stopping.

    Raises
    ------
    CorpusError
        A file that cannot be read (without ``skip_bad_files``), or no usable record at all: the error names the
        files and counts the records left out by reason.

    Examples
    --------
    >>> from kg.sample import sample_paths
    >>> corpus = read_corpus(sample_paths())
    >>> corpus.records > len(corpus.papers) > 0, corpus.formats[str(sample_paths()[0])]
    (True, 'hf-page')
    """
    if input_format is not None and input_format not in FORMATS:
        raise CorpusError("--format", 0, Messages.UNKNOWN_INPUT_FORMAT.format(name=input_format,
                                                                              known=", ".join(FORMATS)))
    files = expand_paths(list(paths))
    tally = _Tally()
    records: list[Paper] = []
    read: list[Path] = []
    formats: dict[str, str] = {}
    skipped: list[tuple[str, str]] = []
    for path in files:
        try:
            fmt = detect_format(path, input_format)
            records.extend(tally.read(path, fmt))
        except CorpusError as err:
            if not skip_bad_files:
                raise
            skipped.append((str(path), str(err)))
            warnings.warn(KGWarning(f"{path}: " + Messages.FILE_SKIPPED.format(error=err)), stacklevel=2)
            continue
        read.append(path)
        formats[str(path)] = fmt
    if not read:
        raise CorpusError(", ".join(str(f) for f in files), 0, Messages.NO_FILE_LEFT.format(first=skipped[0][1]))
    if not records:
        raise _no_usable_record(read, tally.reasons)
    return Corpus(papers=tuple(merge_duplicates(records)), records=len(records), files=tuple(read), formats=formats,
                  skipped_files=tuple(skipped), skipped_records=dict(tally.reasons), cut=tally.cut,
                  per_format=tally.per_format)
