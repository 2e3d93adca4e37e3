"""Which reader reads a file: told by its content, the suffix only breaking ties (one place for all formats).

``--format NAME`` (``input_format=``) forces a reader for every input. The names, and what tells each apart:

========== ============================================================================================
name       recognised by
========== ============================================================================================
bibtex     the first line that is not blank or a ``%`` comment starts an ``@type{`` entry
ris        the first line is ``TY  - ...``
wos        the first line is ``FN ...``, ``VR ...`` or ``PT ...`` (Web of Science plain text)
wos-tab    a tab-separated header with the tags ``PT``/``TI`` and ``AB`` (Web of Science tab-delimited)
scopus     a CSV header with a title column and ``EID`` or ``Source title``
csv        a CSV (or tab-separated) header with a title column
json       a JSON document or JSON Lines (``openalex``, ``s2``, ``hf-daily`` force one object shape)
jsonl      JSON Lines (objects one per line; also from the ``.jsonl``/``.ndjson`` suffix)
arxiv      XML (an arXiv API Atom feed)
hf-page    any other text in a ``.txt`` file: a saved Hugging Face paper-listing page
========== ============================================================================================
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

from kg.corpus.atom import read_atom
from kg.corpus.bibtex import read_bibtex
from kg.corpus.hf_pages import read_hf_page
from kg.corpus.jsonapi import read_json, read_jsonl
from kg.corpus.record import find_field
from kg.corpus.tabular import read_csv
from kg.corpus.tagged import read_ris, read_wos
from kg.errors import CorpusError, Messages
from kg.records import Paper

Reader = Callable[[Path], Iterator[Paper]]

#: Every input format by name, with its reader.
FORMATS: dict[str, Reader] = {
    "bibtex": read_bibtex, "ris": read_ris, "wos": read_wos, "wos-tab": read_csv, "scopus": read_csv,
    "csv": read_csv, "json": read_json, "jsonl": read_jsonl, "openalex": partial(read_json, shape="openalex"),
    "s2": partial(read_json, shape="s2"), "hf-daily": partial(read_json, shape="hf-daily"), "arxiv": read_atom,
    "hf-page": read_hf_page,
}
#: The format a suffix suggests when the content cannot tell (an empty or binary file gets its reader's error).
SUFFIXES: dict[str, str] = {
    ".txt": "hf-page", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".csv": "csv", ".tsv": "csv",
    ".tab": "csv", ".bib": "bibtex", ".bibtex": "bibtex", ".ris": "ris", ".ciw": "wos", ".xml": "arxiv",
    ".atom": "arxiv",
}
_SNIFF_BYTES = 65536
_BIB_ENTRY = re.compile(r"@\s*[A-Za-z]+\s*[{(]")


def _head(path: Path) -> str:
    """The first bytes of the file as text, for sniffing only (the reader decodes strictly)."""
    with path.open("rb") as handle:
        data = handle.read(_SNIFF_BYTES)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="ignore")
    if b"\x00" in data:
        return ""
    return data.decode("utf-8", errors="ignore").lstrip("\ufeff")


def _first_line(text: str, comment: str = "") -> str:
    for line in text.splitlines():
        if line.strip() and not (comment and line.lstrip().startswith(comment)):
            return line.rstrip("\r\n")
    return ""


def sniff(text: str, suffix: str = "") -> str | None:
    """The format name that the beginning of a file shows, or ``None`` when it shows none.

    >>> sniff("TY  - JOUR\\nTI  - T\\n"), sniff("FN Clarivate Analytics Web of Science\\nVR 1.0\\n")
    ('ris', 'wos')
    >>> sniff("% made by hand\\n@article{k, title={T}}"), sniff('"Authors","Title","Abstract","EID"\\n')
    ('bibtex', 'scopus')
    """
    first = _first_line(text)
    stripped = first.lstrip()
    if stripped.startswith(("{", "[")):
        return "jsonl" if suffix in (".jsonl", ".ndjson") else "json"
    if stripped.startswith("<"):
        return "arxiv"
    if _BIB_ENTRY.match(_first_line(text, "%").lstrip()) or (suffix in (".bib", ".bibtex") and "@" in text):
        return "bibtex"
    if re.match(r"TY  -", stripped):
        return "ris"
    if re.match(r"(FN|VR|PT) \S", stripped):
        return "wos"
    return _sniff_header(first)


def _sniff_header(first: str) -> str | None:
    """``wos-tab``, ``scopus`` or ``csv`` from a header line, or ``None``."""
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    try:
        header = [h.strip() for h in next(csv.reader([first], delimiter=delimiter))]
    except (csv.Error, StopIteration):
        return None
    if len(header) < 2:
        return None
    if delimiter == "\t" and {"TI", "AB"} <= set(header):
        return "wos-tab"
    if find_field(header, "title") is None:
        return None
    return "scopus" if {"EID", "Source title"} & set(header) else "csv"


def detect_format(path: Path, forced: str | None = None) -> str:
    """The format of ``path``: ``forced`` if given, else what its content shows, else what its suffix suggests.

    Raises
    ------
    CorpusError
        An unknown ``forced`` name, or a file whose content and suffix both fail to tell its format.
    """
    if forced is not None:
        if forced not in FORMATS:
            raise CorpusError(str(path), 0, Messages.UNKNOWN_INPUT_FORMAT.format(name=forced,
                                                                                 known=", ".join(FORMATS)))
        return forced
    suffix = path.suffix.lower()
    found = sniff(_head(path), suffix) or SUFFIXES.get(suffix)
    if found is None:
        raise CorpusError(str(path), 0, Messages.UNDETECTED_FORMAT.format(known=", ".join(FORMATS)))
    return found
