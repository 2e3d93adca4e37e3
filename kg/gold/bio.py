"""Gold annotations for measuring extraction: readers of the annotated corpora and their label mappings.

Every reader yields :class:`GoldDoc` records: a raw text and character spans ``(start, end, label)`` into it,
with labels already mapped to kg's labels. Corpora that only ship token lists get their text rebuilt by
:func:`detokenize` (readable spacing, exact token-to-character offsets), so that a pipeline sees prose, not
tokens joined by spaces.

Formats (``format=`` names; :func:`detect_format` guesses one from the file):

``scierc``
    SciERC JSON Lines (``doc_key``, ``sentences``, ``ner`` with inclusive document-level token indices).
``scier``
    SciER "PLM" JSON Lines (``doc_id``, ``doc_tokens``, ``sentences``, ``ner``, same index convention).
``tdmsci``
    TDMSci CoNLL: ``token<TAB>char_offset<TAB>BIO-tag``, a blank line between sentences (the offset column is
    optional; when present it restores the original spacing). One document per sentence.
``heddes``
    The dataset-name IOB CSV of Heddes et al. (2021): header ``,Sentence #,Word,POS,Tag``, plain ``B``/``I``/``O``
    tags. One document per sentence.
``kg``
    kg's own annotations: JSON Lines ``{"paper": id, "abstract_sha1": ..., "split": ..., "spans": [[start, end,
    label], ...]}`` holding offsets only; the abstract is re-attached from a corpus read with
    :func:`kg.corpus.read_corpus` and checked against ``abstract_sha1`` (SHA-1 of the UTF-8 abstract).

Corpora without a dev split (TDMSci, the dataset-name corpus) are measured on a fixed fifth of their train file:
:func:`holdout` keeps documents 4, 9, 14, ... (0-based, file order). Neither corpus has paper ids, so
neighbouring sentences of one paper can fall on both sides: train on the other four fifths with that in mind.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from types import MappingProxyType
from typing import Any

from kg.corpus import Corpus, read_corpus
from kg.corpus.text import read_text
from kg.errors import CorpusError
from kg.records import LABELS

__all__ = [
    "DEFAULT_CORPUS", "FORMATS", "HEDDES_MAPPING", "KG_MAPPING", "SCIERC_MAPPING", "SCIERC_MATERIAL_MAPPING",
    "SCIER_MAPPING", "TDMSCI_MAPPING", "GoldDoc", "GoldError", "GoldMessages", "GoldSet", "abstract_sha1",
    "bio_spans", "default_mapping", "detect_format", "detokenize", "holdout", "mapped_labels", "read_gold",
    "read_heddes", "read_kg", "read_scier", "read_scierc", "read_tdmsci",
]

Span = tuple[int, int, str]
LabelMap = Mapping[str, "str | None"]

#: Where kg's own annotations find their abstracts by default: the seed pages in ``../shared`` (relative to the
#: working directory, as in the data README), overridable with ``--corpus``.
DEFAULT_CORPUS = Path("../shared/seeds")

#: SciERC -> kg. ``Material`` is dropped by default because SciERC uses it for any data or resource
#: (languages, recordings, image collections, lexicons, generic "data"), not only for named datasets, so
#: scoring it as DATASET would charge kg for data words that its guidelines exclude. Use
#: :data:`SCIERC_MATERIAL_MAPPING` to score it anyway (an upper bound on DATASET recall errors).
SCIERC_MAPPING: LabelMap = MappingProxyType({
    "Method": "METHOD", "Task": "TASK",
    "Material": None, "Metric": None, "OtherScientificTerm": None, "Generic": None,
})
#: SciERC -> kg with ``Material`` scored as DATASET (opt in: ``material_as_dataset=True``).
SCIERC_MATERIAL_MAPPING: LabelMap = MappingProxyType({**SCIERC_MAPPING, "Material": "DATASET"})
#: SciER -> kg: its three labels follow the same definitions as kg's.
SCIER_MAPPING: LabelMap = MappingProxyType({"Method": "METHOD", "Dataset": "DATASET", "Task": "TASK"})
#: TDMSci -> kg. kg extracts no metrics, so ``METRIC`` is dropped (pass ``{"METRIC": "METRIC", ...}`` to keep it).
TDMSCI_MAPPING: LabelMap = MappingProxyType({"TASK": "TASK", "DATASET": "DATASET", "METRIC": None})
#: Heddes et al. (2021) dataset names -> DATASET (the IOB files carry one untyped entity class).
HEDDES_MAPPING: LabelMap = MappingProxyType({"Dataset": "DATASET"})
#: kg's own annotations already use kg's labels.
KG_MAPPING: LabelMap = MappingProxyType({label: label for label in LABELS})


class GoldError(CorpusError):
    """Gold annotations that cannot be read: names the file, the line (0: the whole file) and what was expected."""


class GoldMessages:
    """Messages of :class:`GoldError`; ``str.format`` fields are filled in by the raiser."""

    NOT_FOUND = "no such gold file"
    UNKNOWN_FORMAT = "unknown gold format {name!r}; expected one of {known}"
    UNDETECTED = ("cannot tell the gold format from the name or the first line; expected {known}. "
                  "Name it with format= (--format)")
    BAD_JSON = "not a JSON object ({error}); expected {expected}"
    MISSING_KEY = "record has no {key!r}; expected {expected}"
    BAD_NER = "'ner' has {ner} sentence lists but 'sentences' has {sentences}; expected one list per sentence"
    BAD_TOKEN_SPAN = ("entity {span!r} is not [start, end, label] with 0 <= start <= end < {n} "
                      "(inclusive document-level token indices)")
    UNKNOWN_LABEL = "unknown label {label!r}; expected one of {known} (pass a mapping that names it)"
    BAD_COLUMNS = "expected 'token<TAB>offset<TAB>tag' or 'token<TAB>tag', got {got} column(s)"
    BAD_TAG = "tag {tag!r} is not O, B, I, B-<label> or I-<label>"
    CSV_COLUMNS = "the CSV header has no {column!r} column (found: {found}); expected ',Sentence #,Word,POS,Tag'"
    CSV_ROW = "row has {got} cells, the header {expected}"
    BAD_SPAN = "span {span!r} is not [start, end, label] with 0 <= start < end <= {n} and a label in {known}"
    UNKNOWN_PAPER = "paper {paper!r} is not in the corpus read from {corpus}; expected an id that read_corpus gives"
    SHA1_MISMATCH = ("the abstract of paper {paper!r} changed: its SHA-1 is {actual}, the annotation was made on "
                     "{expected}. Point corpus= (--corpus) at the text that was annotated, or re-annotate")
    NO_DOCS = "no gold documents in the file; expected {expected}"


@dataclass(frozen=True)
class GoldDoc:
    """One annotated text.

    Attributes
    ----------
    id : str
        Document id from the corpus (``doc_key``, sentence number, paper id, ...).
    text : str
        The raw text the spans point into (rebuilt from tokens where the corpus has no raw text).
    spans : tuple of (int, int, str)
        Sorted, de-duplicated ``(start, end, label)`` character spans, ``text[start:end]`` being the mention,
        labels already mapped to kg's (spans of dropped labels are gone).
    source : str
        ``file:line`` where the document starts.
    """

    id: str
    text: str
    spans: tuple[Span, ...]
    source: str

    def mentions(self) -> list[tuple[str, str]]:
        """The ``(text, label)`` of every span, in order.

        Examples
        --------
        >>> GoldDoc("d", "We use BERT.", ((7, 11, "METHOD"),), "f:1").mentions()
        [('BERT', 'METHOD')]
        """
        return [(self.text[start:end], label) for start, end, label in self.spans]


@dataclass(frozen=True)
class GoldSet:
    """A gold corpus as read: its documents and what its labels mean.

    Attributes
    ----------
    docs : tuple of GoldDoc
    format : str
        One of :data:`FORMATS`.
    path : str
    mapping : mapping of str to str or None
        Source label -> kg label (``None``: dropped).
    labels : tuple of str
        The kg labels this corpus annotates: only these are scored.
    """

    docs: tuple[GoldDoc, ...]
    format: str
    path: str
    mapping: LabelMap
    labels: tuple[str, ...]


# --------------------------------------------------------------------------------------------- detokenization

_PTB = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}",
        "``": '"', "''": '"', "`": "'"}
_NO_SPACE_BEFORE = frozenset({",", ".", ";", ":", ")", "]", "}", "%", "?", "!", "...", "'",
                              "-RRB-", "-RSB-", "-RCB-"})
_NO_SPACE_AFTER = frozenset({"(", "[", "{", "`", "-LRB-", "-LSB-", "-LCB-"})
_QUOTES = frozenset({'"', "``", "''"})
_CLITICS = frozenset({"'s", "n't", "'re", "'ve", "'ll", "'d", "'m"})
_JOINERS = frozenset({"-", "/"})


def _digit(token: str) -> bool:
    return len(token) == 1 and token.isdigit()


def _letter(token: str) -> bool:
    # "a" is far more often the article than a model-name letter ("I 3 D", "w 2 v")
    return len(token) == 1 and token.isalpha() and token not in "aA"


def detokenize(tokens: Sequence[str], *, join_hyphens: bool = False,
               join_digits: bool = False) -> tuple[str, list[tuple[int, int]]]:
    """Rebuild readable text from tokens and give each token's character span in it.

    Tokens are joined by one space except: none before ``, . ; : ) ] } % ? ! '`` and clitics (``'s``,
    ``n't``, ...), none after ``( [ {`` and opening quotes; PTB escapes (``-LRB-``, ``````, ``''``) become the
    characters they stand for; double quotes (``"``, ``''``) alternate between opening and closing, since
    corpora also write ``''`` for an opening quote. Whitespace tokens add nothing and get an empty span.

    Parameters
    ----------
    tokens : sequence of str
    join_hyphens : bool
        For tokenizers that split every hyphen and slash off (SciER, spaCy): write ``-`` and ``/`` without
        spaces when both neighbours are alphanumeric ("pre - existing" -> "pre-existing", "train / test" ->
        "train/test"). Leave off where a lone ``-`` is a dash (SciERC keeps hyphenated words whole).
    join_digits : bool
        For SciER, whose tokenizer splits numbers into digits and digits from letters: join runs of single
        digits ("1 8" -> "18"), decimals ("4 9 . 7" -> "49.7") and a single letter next to a digit run
        ("I 3 D" -> "I3D").

    Returns
    -------
    text : str
    offsets : list of (int, int)
        ``text[start:end]`` is the token as written (PTB escapes replaced).

    Examples
    --------
    >>> text, offsets = detokenize(["We", "do", "n't", "use", "-LRB-", "Smith", "'s", "-RRB-", "data", ":", "5", "%", "."])
    >>> text
    "We don't use (Smith's) data: 5%."
    >>> text[slice(*offsets[5])]
    'Smith'
    >>> detokenize(["ResNet", "-", "1", "8", "on", '"', "pre", "-", "existing", '"', "data"],
    ...            join_hyphens=True, join_digits=True)[0]
    'ResNet-18 on "pre-existing" data'
    """
    pieces: list[str] = []
    offsets: list[tuple[int, int]] = []
    pos = 0
    prev = prev2 = ""
    glue = True  # no space before the next token: start of text, or after an opener
    in_quote = False
    words = [i for i, token in enumerate(tokens) if token.strip()]
    following = {i: tokens[j] for i, j in pairwise(words)}
    for i, raw in enumerate(tokens):
        if not raw.strip():
            offsets.append((pos, pos))
            continue
        nxt = following.get(i, "")
        left = raw in _NO_SPACE_BEFORE or raw.lower() in _CLITICS
        right = raw in _NO_SPACE_AFTER
        if raw in _QUOTES:
            # corpora use '' (and ") for opening quotes too, so any quote after a closed one opens
            opening = raw == "``" or not in_quote
            left, right, in_quote = not opening, opening, opening
        if join_hyphens and raw in _JOINERS and prev[-1:].isalnum() and nxt[:1].isalnum():
            left = right = True
        if join_digits:
            left = left or (_digit(raw) and (_digit(prev) or _letter(prev) or (prev == "." and _digit(prev2))))
            left = left or (_letter(raw) and _digit(prev))
            right = right or (raw == "." and _digit(prev) and _digit(nxt))
        if pieces and not glue and not left:
            pieces.append(" ")
            pos += 1
        surface = _PTB.get(raw, raw)
        offsets.append((pos, pos + len(surface)))
        pieces.append(surface)
        pos += len(surface)
        glue = right
        prev2, prev = prev, raw
    return "".join(pieces), offsets


def _char_span(offsets: Sequence[tuple[int, int]], first: int, last: int) -> tuple[int, int]:
    """Character span of tokens ``first..last`` (inclusive), ignoring whitespace tokens at either end."""
    inside = [offsets[i] for i in range(first, last + 1) if offsets[i][0] < offsets[i][1]]
    if not inside:
        return offsets[first][0], offsets[first][0]
    return inside[0][0], inside[-1][1]


# ------------------------------------------------------------------------------------------------ helpers


def _read(path: Path, expected: str) -> str:
    if not path.is_file():
        raise GoldError(str(path), 0, GoldMessages.NOT_FOUND)
    if path.suffix.lower() != ".gz":
        try:
            return read_text(path, expected)
        except CorpusError as err:
            raise GoldError(err.path, err.line, err.message) from err
    try:
        return gzip.decompress(path.read_bytes()).decode("utf-8-sig")
    except (OSError, EOFError, UnicodeDecodeError) as err:
        raise GoldError(str(path), 0, f"cannot read the gzipped file ({err}); expected {expected}") from err


def _map_label(label: str, mapping: LabelMap, path: Path, line: int) -> str | None:
    if label not in mapping:
        raise GoldError(str(path), line, GoldMessages.UNKNOWN_LABEL.format(label=label, known=sorted(mapping)))
    return mapping[label]


def _json_rows(path: Path, text: str, expected: str) -> Iterator[tuple[int, dict[str, Any]]]:
    # split on "\n" only: str.splitlines would also break inside JSON strings holding U+2028 and friends
    for line, raw in enumerate(text.split("\n"), start=1):
        if not raw.strip():
            continue
        try:
            row = json.loads(raw)
        except json.JSONDecodeError as err:
            raise GoldError(str(path), line, GoldMessages.BAD_JSON.format(error=err.msg, expected=expected)) from err
        if not isinstance(row, dict):
            raise GoldError(str(path), line, GoldMessages.BAD_JSON.format(error=type(row).__name__,
                                                                          expected=expected))
        yield line, row


def _require(row: Mapping[str, Any], key: str, path: Path, line: int, expected: str) -> Any:
    if key not in row:
        raise GoldError(str(path), line, GoldMessages.MISSING_KEY.format(key=key, expected=expected))
    return row[key]


def _doc(doc_id: str, text: str, spans: Iterable[Span], source: str) -> GoldDoc:
    return GoldDoc(id=doc_id, text=text, spans=tuple(sorted(set(spans))), source=source)


# -------------------------------------------------------------------------------- SciERC / SciER (DyGIE JSON)

_DYGIE_EXPECTED = "JSON Lines with 'sentences' (token lists) and 'ner' ([start, end, label] per sentence)"


def _read_dygie(path: Path, mapping: LabelMap, id_key: str, *, join_hyphens: bool,
                join_digits: bool) -> Iterator[GoldDoc]:
    for line, row in _json_rows(path, _read(path, _DYGIE_EXPECTED), _DYGIE_EXPECTED):
        sentences = _require(row, "sentences", path, line, _DYGIE_EXPECTED)
        ner = _require(row, "ner", path, line, _DYGIE_EXPECTED)
        if not isinstance(sentences, list) or not all(isinstance(s, list) for s in sentences):
            raise GoldError(str(path), line, GoldMessages.MISSING_KEY.format(key="sentences",
                                                                              expected=_DYGIE_EXPECTED))
        if not isinstance(ner, list) or len(ner) != len(sentences):
            raise GoldError(str(path), line, GoldMessages.BAD_NER.format(
                ner=len(ner) if isinstance(ner, list) else type(ner).__name__, sentences=len(sentences)))
        tokens = [str(token) for sentence in sentences for token in sentence]
        text, offsets = detokenize(tokens, join_hyphens=join_hyphens, join_digits=join_digits)
        spans: list[Span] = []
        for entity in (e for sentence in ner for e in sentence):
            if not (isinstance(entity, list) and len(entity) == 3 and all(isinstance(v, int) for v in entity[:2])
                    and 0 <= entity[0] <= entity[1] < len(tokens)):
                raise GoldError(str(path), line, GoldMessages.BAD_TOKEN_SPAN.format(span=entity, n=len(tokens)))
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
    >>> import tempfile, pathlib
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
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "dev.jsonl"
    >>> row = {"doc_id": "7", "sentences": [["ResNet", "-", "1", "8", "on", "CIFAR", "-", "1", "0", "."]],
    ...        "ner": [[[0, 3, "Method"], [5, 8, "Dataset"]]]}
    >>> _ = f.write_text(json.dumps(row) + "\\n")
    >>> [d.mentions() for d in read_scier(f)]
    [[('ResNet-18', 'METHOD'), ('CIFAR-10', 'DATASET')]]
    """
    return _read_dygie(Path(path), mapping, "doc_id", join_hyphens=True, join_digits=True)


# ------------------------------------------------------------------------------------------------ BIO tags


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
        raise GoldError(str(path), line, GoldMessages.BAD_TAG.format(tag=str(err))) from err
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
            raise GoldError(str(path), line, GoldMessages.BAD_COLUMNS.format(got=len(cells)))
    if not count:
        raise GoldError(str(path), 0, GoldMessages.NO_DOCS.format(expected=_TDMSCI_EXPECTED))


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
            raise GoldError(str(path), 1, GoldMessages.CSV_COLUMNS.format(column=name, found=header))
        columns[name] = header.index(name)
    block: list[tuple[int, str, int | None, str]] = []
    sentence = ""
    count = 0
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(header):
            raise GoldError(str(path), line, GoldMessages.CSV_ROW.format(got=len(row), expected=len(header)))
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
        raise GoldError(str(path), 0, GoldMessages.NO_DOCS.format(expected=_HEDDES_EXPECTED))


# ----------------------------------------------------------------------------------------- kg's own offsets

_KG_EXPECTED = ("JSON Lines with 'paper', 'abstract_sha1' and 'spans' ([start, end, label] character offsets "
                "into the abstract)")


def abstract_sha1(abstract: str) -> str:
    """The checksum kg's annotations store: SHA-1 of the UTF-8 abstract, as hex.

    >>> abstract_sha1("")
    'da39a3ee5e6b4b0d3255bfef95601890afd80709'
    """
    return hashlib.sha1(abstract.encode("utf-8")).hexdigest()


def read_kg(path: str | Path, *, corpus: Corpus | Iterable[str | Path] = (DEFAULT_CORPUS,),
            split: str | None = None, mapping: LabelMap = KG_MAPPING) -> Iterator[GoldDoc]:
    """Read kg's own offset annotations and re-attach each abstract from ``corpus``.

    Parameters
    ----------
    path : str or Path
    corpus : Corpus or iterable of paths
        The papers that were annotated (read with :func:`kg.corpus.read_corpus` when paths are given).
    split : str, optional
        Keep only rows whose ``"split"`` equals this (``"dev"``, ``"train"``, ...).
    mapping : mapping of str to str or None
        Label -> kg label; identity by default.

    Raises
    ------
    GoldError
        A bad line or span, a paper missing from the corpus, or an abstract whose SHA-1 differs from the one
        recorded (the text changed since it was annotated, so the offsets cannot be trusted).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from kg.records import Paper
    >>> paper = Paper(id="p1", title="T", abstract="We train BERT on SQuAD.")
    >>> corpus = Corpus(papers=(paper,), records=1, files=())
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "gold.jsonl"
    >>> row = {"paper": "p1", "abstract_sha1": abstract_sha1(paper.abstract), "split": "dev",
    ...        "spans": [[9, 13, "METHOD"], [17, 22, "DATASET"]]}
    >>> _ = f.write_text(json.dumps(row) + "\\n")
    >>> [d.mentions() for d in read_kg(f, corpus=corpus)]
    [[('BERT', 'METHOD'), ('SQuAD', 'DATASET')]]
    """
    path = Path(path)
    text = _read(path, _KG_EXPECTED)
    if not isinstance(corpus, Corpus):
        corpus = read_corpus(list(corpus))
    papers = {paper.id: paper for paper in corpus.papers}
    where = ", ".join(str(f) for f in corpus.files) or "the given corpus"
    for line, row in _json_rows(path, text, _KG_EXPECTED):
        paper_id = str(_require(row, "paper", path, line, _KG_EXPECTED))
        expected_sha1 = str(_require(row, "abstract_sha1", path, line, _KG_EXPECTED))
        raw_spans = _require(row, "spans", path, line, _KG_EXPECTED)
        if split is not None and row.get("split") != split:
            continue
        paper = papers.get(paper_id)
        if paper is None:
            raise GoldError(str(path), line, GoldMessages.UNKNOWN_PAPER.format(paper=paper_id, corpus=where))
        actual = abstract_sha1(paper.abstract)
        if actual != expected_sha1:
            raise GoldError(str(path), line, GoldMessages.SHA1_MISMATCH.format(paper=paper_id, actual=actual,
                                                                                expected=expected_sha1))
        spans: list[Span] = []
        for span in raw_spans if isinstance(raw_spans, list) else [raw_spans]:
            n = len(paper.abstract)
            if not (isinstance(span, list) and len(span) == 3 and all(isinstance(v, int) for v in span[:2])
                    and 0 <= span[0] < span[1] <= n):
                raise GoldError(str(path), line, GoldMessages.BAD_SPAN.format(span=span, n=n, known=sorted(mapping)))
            label = _map_label(str(span[2]), mapping, path, line)
            if label is not None:
                spans.append((span[0], span[1], label))
        yield _doc(paper_id, paper.abstract, spans, f"{path}:{line}")


# ----------------------------------------------------------------------------------- formats and detection

Reader = Callable[..., Iterator[GoldDoc]]

#: Format name -> (reader, default mapping).
FORMATS: Mapping[str, tuple[Reader, LabelMap]] = MappingProxyType({
    "scierc": (read_scierc, SCIERC_MAPPING),
    "scier": (read_scier, SCIER_MAPPING),
    "tdmsci": (read_tdmsci, TDMSCI_MAPPING),
    "heddes": (read_heddes, HEDDES_MAPPING),
    "kg": (read_kg, KG_MAPPING),
})


def default_mapping(format: str, *, material_as_dataset: bool = False) -> LabelMap:
    """The documented label mapping of a format.

    Examples
    --------
    >>> dict(default_mapping("scier"))
    {'Method': 'METHOD', 'Dataset': 'DATASET', 'Task': 'TASK'}
    >>> default_mapping("scierc", material_as_dataset=True)["Material"]
    'DATASET'
    """
    if format not in FORMATS:
        raise GoldError(format, 0, GoldMessages.UNKNOWN_FORMAT.format(name=format, known=sorted(FORMATS)))
    if format == "scierc" and material_as_dataset:
        return SCIERC_MATERIAL_MAPPING
    return FORMATS[format][1]


def mapped_labels(mapping: LabelMap) -> tuple[str, ...]:
    """The labels a mapping produces: kg's in kg's order, then any others sorted.

    >>> mapped_labels(SCIERC_MAPPING)
    ('METHOD', 'TASK')
    """
    values = {label for label in mapping.values() if label is not None}
    return tuple(label for label in LABELS if label in values) + tuple(sorted(values - set(LABELS)))


def detect_format(path: str | Path) -> str:
    """Guess the gold format from the file name and its first line.

    Raises
    ------
    GoldError
        The file does not exist or looks like none of :data:`FORMATS`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "gold.jsonl"
    >>> _ = f.write_text('{"paper": "p1", "abstract_sha1": "0", "spans": []}\\n')
    >>> detect_format(f)
    'kg'
    """
    path = Path(path)
    name = path.name.lower().removesuffix(".gz")
    if name.endswith(".conll"):
        return "tdmsci"
    text = _read(path, "a gold file")
    first = next((line for line in text.split("\n") if line.strip()), "").rstrip("\r")
    if name.endswith(".csv") and "Sentence #" in first and "Tag" in first:
        return "heddes"
    if first.lstrip().startswith("{"):
        try:
            keys = set(json.loads(first))
        except (json.JSONDecodeError, TypeError):
            keys = set()
        if {"paper", "spans"} <= keys:
            return "kg"
        if {"sentences", "ner"} <= keys:
            return "scier" if "doc_tokens" in keys or "doc_id" in keys else "scierc"
    elif 2 <= len(first.split("\t")) <= 3:
        return "tdmsci"
    raise GoldError(str(path), 0, GoldMessages.UNDETECTED.format(known=sorted(FORMATS)))


def holdout(docs: Iterable[GoldDoc], *, every: int = 5, part: str = "dev") -> Iterator[GoldDoc]:
    """A deterministic split for corpora without a dev set: the ``i``-th document (0-based, file order) is dev
    when ``i % every == every - 1`` (every fifth by default), train otherwise.

    Examples
    --------
    >>> docs = [GoldDoc(str(i), "", (), "") for i in range(11)]
    >>> [d.id for d in holdout(docs)]
    ['4', '9']
    >>> len(list(holdout(docs, part="train")))
    9
    """
    if part not in ("dev", "train"):
        raise ValueError(f"part must be 'dev' or 'train', got {part!r}")
    for i, doc in enumerate(docs):
        if (i % every == every - 1) == (part == "dev"):
            yield doc


def read_gold(path: str | Path, *, format: str | None = None, mapping: LabelMap | None = None,
              material_as_dataset: bool = False, corpus: Corpus | Iterable[str | Path] = (DEFAULT_CORPUS,),
              split: str | None = None) -> GoldSet:
    """Read a gold file in any supported format.

    Parameters
    ----------
    path : str or Path
    format : str, optional
        One of :data:`FORMATS`; guessed by :func:`detect_format` when left out.
    mapping : mapping of str to str or None, optional
        Source label -> kg label, replacing the format's default.
    material_as_dataset : bool
        SciERC only: score ``Material`` as DATASET.
    corpus : Corpus or iterable of paths
        ``kg`` format only: where the abstracts are read from.
    split : str, optional
        ``kg`` format only: keep rows of this split.

    Raises
    ------
    GoldError
        Unknown format, unreadable or malformed file (with file and line).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "x.conll"
    >>> _ = f.write_text("SQuAD\\tB-DATASET\\nF1\\tB-METRIC\\n")
    >>> gold = read_gold(f)
    >>> gold.format, gold.labels, [d.mentions() for d in gold.docs]
    ('tdmsci', ('DATASET', 'TASK'), [[('SQuAD', 'DATASET')]])
    """
    path = Path(path)
    name = format or detect_format(path)
    if name not in FORMATS:
        raise GoldError(str(path), 0, GoldMessages.UNKNOWN_FORMAT.format(name=name, known=sorted(FORMATS)))
    label_map = mapping if mapping is not None else default_mapping(name, material_as_dataset=material_as_dataset)
    reader = FORMATS[name][0]
    if name == "kg":
        docs = tuple(reader(path, corpus=corpus, split=split, mapping=label_map))
    else:
        docs = tuple(reader(path, mapping=label_map))
    return GoldSet(docs=docs, format=name, path=str(path), mapping=label_map, labels=mapped_labels(label_map))
