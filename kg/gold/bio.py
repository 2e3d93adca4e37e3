"""BIO-tagged corpora: TDMSci CoNLL and the dataset-name IOB CSV of Heddes et al. (2021)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from pathlib import Path

from kg.errors import GoldError, Messages
from kg.gold.reading import _doc, _map_label, _read
from kg.gold.records import HEDDES_MAPPING, TDMSCI_MAPPING, GoldDoc, LabelMap, Span
from kg.gold.tokens import _char_span, detokenize


def bio_spans(tags: Sequence[str], *, default_label: str = "") -> list[tuple[int, int, str]]:
    """Token spans ``(start, end_exclusive, label)`` from BIO or IO tags, the conlleval way.

    ``B-X`` starts an entity; ``I-X`` continues an entity of type X or starts one; ``O`` ends it. Bare ``B``/``I``
    take ``default_label``.

    Raises
    ------
    ValueError
        A tag that is none of ``O``, ``B``, ``I``, ``B-X``, ``I-X`` (the reader adds file and line).

    Examples
    --------
    >>> bio_spans(["B-TASK", "I-TASK", "O", "I-DATASET", "B-DATASET", "I-TASK"])
    [(0, 2, 'TASK'), (3, 4, 'DATASET'), (4, 5, 'DATASET'), (5, 6, 'TASK')]
    >>> bio_spans(["B", "I", "O", "B"], default_label="Dataset")
    [(0, 2, 'Dataset'), (3, 4, 'Dataset')]
    """
    spans: list[tuple[int, int, str]] = []
    start, label = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        prefix, dash, kind = tag.partition("-")
        if tag != "O" and (prefix not in ("B", "I") or (dash and not kind)):
            raise ValueError(tag)
        kind = kind or default_label
        if start >= 0 and (prefix != "I" or kind != label):
            spans.append((start, i, label))
            start = -1
        if prefix in ("B", "I") and start < 0:
            start, label = i, kind
    return spans


def _block_doc(path: Path, doc_id: str, rows: list[tuple[int, str, int | None, str]], mapping: LabelMap,
               default_label: str, *, join_hyphens: bool) -> GoldDoc:
    """One sentence block of (line, token, offset or None, tag) rows -> GoldDoc."""
    tokens = [token for _, token, _, _ in rows]
    if all(offset is not None for _, _, offset, _ in rows):
        # The corpus's own character offsets restore where the spaces were; any gap becomes one space.
        pieces: list[str] = []
        offsets: list[tuple[int, int]] = []
        pos, previous_end = 0, None
        for _, token, offset, _ in rows:
            if previous_end is not None and offset != previous_end:
                pieces.append(" ")
                pos += 1
            offsets.append((pos, pos + len(token)))
            pieces.append(token)
            pos += len(token)
            previous_end = (offset or 0) + len(token)
        text = "".join(pieces)
    else:
        text, offsets = detokenize(tokens, join_hyphens=join_hyphens)
    try:
        token_spans = bio_spans([tag for _, _, _, tag in rows], default_label=default_label)
    except ValueError as err:
        line = next(line for line, _, _, tag in rows if tag == str(err))
        raise GoldError(str(path), line, Messages.BAD_TAG.format(tag=str(err))) from err
    spans: list[Span] = []
    for start, end, source_label in token_spans:
        label = _map_label(source_label, mapping, path, rows[start][0])
        char_start, char_end = _char_span(offsets, start, end - 1)
        if label is not None and char_start < char_end:
            spans.append((char_start, char_end, label))
    return _doc(doc_id, text, spans, f"{path}:{rows[0][0]}")


_TDMSCI_EXPECTED = "CoNLL: 'token<TAB>offset<TAB>BIO-tag' per line, a blank line between sentences"


def read_tdmsci(path: str | Path, *, mapping: LabelMap = TDMSCI_MAPPING) -> Iterator[GoldDoc]:
    """Read TDMSci CoNLL: one :class:`GoldDoc` per sentence, ids ``<file stem>:<sentence number>`` from 0.

    Columns are separated by tabs (else by whitespace); a middle integer column is taken as the token's
    character offset and restores the original spacing. ``-DOCSTART-`` lines are skipped.

    Raises
    ------
    GoldError
        A line with the wrong number of columns, a bad tag, an unknown label, or no sentences at all.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "t.conll"
    >>> _ = f.write_text("Neural\\t0\\tB-TASK\\nparsing\\t7\\tI-TASK\\n,\\t14\\tO\\nagain\\t16\\tO\\n\\n")
    >>> [(d.id, d.text, d.mentions()) for d in read_tdmsci(f)]
    [('t:0', 'Neural parsing, again', [('Neural parsing', 'TASK')])]
    """
    path = Path(path)
    text = _read(path, _TDMSCI_EXPECTED)
    block: list[tuple[int, str, int | None, str]] = []
    count = 0
    for line, raw in enumerate([*text.split("\n"), ""], start=1):
        raw = raw.rstrip("\r")
        if raw.startswith("-DOCSTART-") or not raw.strip():
            if block:
                yield _block_doc(path, f"{path.stem}:{count}", block, mapping, "", join_hyphens=False)
                count += 1
                block = []
            continue
        cells = raw.split("\t") if "\t" in raw else raw.split()
        if len(cells) == 3 and cells[1].strip().lstrip("-").isdigit():
            block.append((line, cells[0], int(cells[1]), cells[2].strip()))
        elif len(cells) == 2:
            block.append((line, cells[0], None, cells[1].strip()))
        else:
            raise GoldError(str(path), line, Messages.BAD_COLUMNS.format(got=len(cells)))
    if not count:
        raise GoldError(str(path), 0, Messages.NO_DOCS.format(expected=_TDMSCI_EXPECTED))


_HEDDES_EXPECTED = "CSV with header ',Sentence #,Word,POS,Tag' and B/I/O tags"


def read_heddes(path: str | Path, *, mapping: LabelMap = HEDDES_MAPPING) -> Iterator[GoldDoc]:
    """Read the dataset-name IOB CSV of Heddes et al. (2021): one :class:`GoldDoc` per sentence.

    Rows of a sentence are consecutive and share ``Sentence #`` (``"Sentence: 5218"`` -> id ``"5218"``); the
    text is rebuilt from the spaCy-style tokens with hyphens rejoined. Bare ``B``/``I`` tags are ``Dataset``.

    Raises
    ------
    GoldError
        A header without the needed columns, a short row, a bad tag, or no sentences.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "iob.csv"
    >>> _ = f.write_text(",Sentence #,Word,POS,Tag\\n0,Sentence: 3,On,IN,O\\n1,Sentence: 3,Fashion,NNP,B\\n"
    ...                  "2,Sentence: 3,-,HYPH,I\\n3,Sentence: 3,MNIST,NNP,I\\n4,Sentence: 3,.,.,O\\n")
    >>> [(d.id, d.text, d.mentions()) for d in read_heddes(f)]
    [('3', 'On Fashion-MNIST.', [('Fashion-MNIST', 'DATASET')])]
    """
    path = Path(path)
    reader = csv.reader(io.StringIO(_read(path, _HEDDES_EXPECTED), newline=""))
    header = next(reader, [])
    columns = {}
    for name in ("Sentence #", "Word", "Tag"):
        if name not in header:
            raise GoldError(str(path), 1, Messages.CSV_COLUMNS.format(column=name, found=header))
        columns[name] = header.index(name)
    block: list[tuple[int, str, int | None, str]] = []
    sentence = ""
    count = 0
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(header):
            raise GoldError(str(path), line, Messages.CSV_ROW.format(got=len(row), expected=len(header)))
        # some IOB exports name the sentence on its first row only
        current = row[columns["Sentence #"]].removeprefix("Sentence:").strip() or sentence
        if block and current != sentence:
            yield _block_doc(path, sentence, block, mapping, "Dataset", join_hyphens=True)
            count += 1
            block = []
        sentence = current
        block.append((line, row[columns["Word"]], None, row[columns["Tag"]].strip()))
    if block:
        yield _block_doc(path, sentence, block, mapping, "Dataset", join_hyphens=True)
        count += 1
    if not count:
        raise GoldError(str(path), 0, Messages.NO_DOCS.format(expected=_HEDDES_EXPECTED))
