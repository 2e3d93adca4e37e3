"""Helpers the gold readers share: reading a (gzipped) file, JSON Lines rows, required keys, label mapping."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from kg.corpus.text import read_text
from kg.errors import CorpusError, GoldError, Messages
from kg.gold.records import GoldDoc, LabelMap, Span


def _read(path: Path, expected: str) -> str:
    if not path.is_file():
        raise GoldError(str(path), 0, Messages.GOLD_NOT_FOUND)
    if path.suffix.lower() != ".gz":
        try:
            return read_text(path, expected)
        except CorpusError as err:
            raise GoldError(err.path, err.line, err.message) from err
    try:
        return gzip.decompress(path.read_bytes()).decode("utf-8-sig")
    except (OSError, EOFError, UnicodeDecodeError) as err:
        raise GoldError(str(path), 0, Messages.BAD_GZIP.format(error=err, expected=expected)) from err


def _map_label(label: str, mapping: LabelMap, path: Path, line: int) -> str | None:
    if label not in mapping:
        raise GoldError(str(path), line, Messages.UNKNOWN_LABEL.format(label=label, known=sorted(mapping)))
    return mapping[label]


def _json_rows(path: Path, text: str, expected: str) -> Iterator[tuple[int, dict[str, Any]]]:
    # split on "\n" only: str.splitlines would also break inside JSON strings holding U+2028 and friends
    for line, raw in enumerate(text.split("\n"), start=1):
        if not raw.strip():
            continue
        try:
            row = json.loads(raw)
        except json.JSONDecodeError as err:
            raise GoldError(str(path), line, Messages.GOLD_BAD_JSON.format(error=err.msg, expected=expected)) from err
        if not isinstance(row, dict):
            raise GoldError(str(path), line, Messages.GOLD_BAD_JSON.format(error=type(row).__name__,
                                                                           expected=expected))
        yield line, row


def _require(row: Mapping[str, Any], key: str, path: Path, line: int, expected: str) -> Any:
    if key not in row:
        raise GoldError(str(path), line, Messages.MISSING_KEY.format(key=key, expected=expected))
    return row[key]


def _doc(doc_id: str, text: str, spans: Iterable[Span], source: str) -> GoldDoc:
    return GoldDoc(id=doc_id, text=text, spans=tuple(sorted(set(spans))), source=source)
