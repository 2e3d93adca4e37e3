"""SciERC and SciER: DyGIE-style JSON Lines (token lists, inclusive document-level token spans)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from kg.errors import GoldError, Messages
from kg.gold.reading import _doc, _json_rows, _map_label, _read, _require
from kg.gold.records import SCIER_MAPPING, SCIERC_MAPPING, GoldDoc, LabelMap, Span
from kg.gold.tokens import _char_span, detokenize

_DYGIE_EXPECTED = "JSON Lines with 'sentences' (token lists) and 'ner' ([start, end, label] per sentence)"


def _read_dygie(path: Path, mapping: LabelMap, id_key: str, *, join_hyphens: bool,
                join_digits: bool) -> Iterator[GoldDoc]:
    for line, row in _json_rows(path, _read(path, _DYGIE_EXPECTED), _DYGIE_EXPECTED):
        sentences = _require(row, "sentences", path, line, _DYGIE_EXPECTED)
        ner = _require(row, "ner", path, line, _DYGIE_EXPECTED)
        if not isinstance(sentences, list) or not all(isinstance(s, list) for s in sentences):
            raise GoldError(str(path), line, Messages.MISSING_KEY.format(key="sentences",
                                                                         expected=_DYGIE_EXPECTED))
        if not isinstance(ner, list) or len(ner) != len(sentences):
            raise GoldError(str(path), line, Messages.BAD_NER.format(
                ner=len(ner) if isinstance(ner, list) else type(ner).__name__, sentences=len(sentences)))
        tokens = [str(token) for sentence in sentences for token in sentence]
        text, offsets = detokenize(tokens, join_hyphens=join_hyphens, join_digits=join_digits)
        spans: list[Span] = []
        for entity in (e for sentence in ner for e in sentence):
            if not (isinstance(entity, list) and len(entity) == 3 and all(isinstance(v, int) for v in entity[:2])
                    and 0 <= entity[0] <= entity[1] < len(tokens)):
                raise GoldError(str(path), line, Messages.BAD_TOKEN_SPAN.format(span=entity, n=len(tokens)))
            label = _map_label(str(entity[2]), mapping, path, line)
            start, end = _char_span(offsets, entity[0], entity[1])
            if label is not None and start < end:
                spans.append((start, end, label))
        yield _doc(str(row.get(id_key, f"{path.stem}:{line}")), text, spans, f"{path}:{line}")


def read_scierc(path: str | Path, *, mapping: LabelMap = SCIERC_MAPPING) -> Iterator[GoldDoc]:
    """Read SciERC JSON Lines (one abstract per line).

    Parameters
    ----------
    path : str or Path
        A ``.json``/``.jsonl`` file, optionally gzipped.
    mapping : mapping of str to str or None
        SciERC label -> kg label; :data:`SCIERC_MAPPING` (Method, Task) or :data:`SCIERC_MATERIAL_MAPPING`.

    Raises
    ------
    GoldError
        A line that is not JSON, lacks ``sentences``/``ner``, has a token span out of range or an unknown label.

    Examples
    --------
    >>> import json, pathlib, tempfile
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "dev.json"
    >>> row = {"doc_key": "X1", "sentences": [["We", "parse", "-LRB-", "CCG", "-RRB-", "."]],
    ...        "ner": [[[1, 1, "Task"], [3, 3, "Method"]]]}
    >>> _ = f.write_text(json.dumps(row) + "\\n")
    >>> [(d.text, d.mentions()) for d in read_scierc(f)]
    [('We parse (CCG).', [('parse', 'TASK'), ('CCG', 'METHOD')])]
    """
    return _read_dygie(Path(path), mapping, "doc_key", join_hyphens=False, join_digits=False)


def read_scier(path: str | Path, *, mapping: LabelMap = SCIER_MAPPING) -> Iterator[GoldDoc]:
    """Read SciER "PLM" JSON Lines (one paper per line; SciER's split hyphens and digits are rejoined).

    Raises
    ------
    GoldError
        As :func:`read_scierc`.

    Examples
    --------
    >>> import json, pathlib, tempfile
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "dev.jsonl"
    >>> row = {"doc_id": "7", "sentences": [["ResNet", "-", "1", "8", "on", "CIFAR", "-", "1", "0", "."]],
    ...        "ner": [[[0, 3, "Method"], [5, 8, "Dataset"]]]}
    >>> _ = f.write_text(json.dumps(row) + "\\n")
    >>> [d.mentions() for d in read_scier(f)]
    [[('ResNet-18', 'METHOD'), ('CIFAR-10', 'DATASET')]]
    """
    return _read_dygie(Path(path), mapping, "doc_id", join_hyphens=True, join_digits=True)
