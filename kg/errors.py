"""Errors and warnings, from one place.

Every message says what happened, what was expected and, where it helps, how to fix it. Errors about input
name the file and the line.
"""

from __future__ import annotations


class KGError(Exception):
    """Base class of every error kg raises on purpose; the CLI prints it as one line and exits 1."""


class CorpusError(KGError):
    """Input that cannot be read: names the file, the line (0 when the whole file is wrong) and what was expected."""

    def __init__(self, path: str, line: int, message: str) -> None:
        self.path = str(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {message}")


class BuildError(KGError):
    """A build that cannot go on (bad options, unwritable output folder, ...)."""


class TrainError(KGError):
    """Training cannot go on: a missing corpus or config, or a spaCy training failure (the cause is chained)."""


class GoldError(CorpusError):
    """Gold annotations that cannot be read: names the file, the line (0: the whole file) and what was expected."""


class KGWarning(UserWarning):
    """A record skipped or an input oddity that does not stop the build."""


class Messages:
    """The catalogue of messages; ``str.format`` fields are filled in by the raiser."""

    EMPTY_FILE = "the file is empty; expected {expected}"
    BINARY_FILE = "the file looks binary (NUL byte at offset {offset}); expected UTF-8 text with {expected}"
    BAD_ENCODING = (
        "the file is not valid UTF-8 (byte 0x{byte:02x} at column {column}); expected UTF-8 text. "
        "Re-save it as UTF-8, e.g. `iconv -f latin1 -t utf-8`."
    )
    NO_RECORDS = "found no title/abstract pairs; expected {expected}"
    NO_ABSTRACT = "title {title!r} has no abstract after it; record skipped"
    NO_TITLE = "a paragraph that looks like an abstract has no title before it; paragraph skipped"
    BAD_JSON = "not a JSON object ({error}); expected one object per line with 'title' and 'abstract'"
    NOT_OBJECT = "expected a JSON object with 'title' and 'abstract', got {kind}"
    MISSING_FIELD = "record has no {field!r}; record skipped"
    CSV_NO_COLUMN = "the CSV header has no {column!r} column (found: {found}); expected columns {expected}"
    CSV_BAD = "the CSV cannot be parsed ({error})"
    BAD_DATE = "date {value!r} is not ISO 8601 (YYYY-MM-DD, YYYY-MM or YYYY); date dropped"
    UNKNOWN_FORMAT = (
        "unknown input format {suffix!r}; expected a saved Hugging Face paper page (.txt), JSON Lines "
        "(.jsonl) or CSV (.csv)"
    )
    NOT_FOUND = "no such file or folder"
    NO_INPUT = "no input files found (looked for .txt, .jsonl and .csv)"
    SKIPPED_FILE = "not a corpus file (expected .txt, .jsonl or .csv); skipped"
    OUT_NOT_DIR = "the output path exists and is not a folder"
    UNKNOWN_MODEL = ("unknown model {name!r}; expected 'default' (the shipped model), 'rules' or a path to a saved "
                     "spaCy pipeline")
    NO_SHIPPED_MODEL = ("the shipped model is missing ({path}); reinstall kg, or use --model rules or the path of "
                        "a model from `kg train`")

    # training and gold corpora
    NO_FILE = "training data not found: {path}; expected the shared data folder laid out as in its README ({what})"
    NO_CONFIG = "training config not found: {path}; expected a spaCy config such as kg/nlp/configs/ner.cfg"
    UNKNOWN_SOURCE = "unknown training source {name!r}; expected some of {known}"
    UNKNOWN_POLICY = "unknown {what} {name!r}; expected one of {known}"
    SPACY_FAILED = "spaCy training failed: {error}"
    NO_MODEL = "training wrote no model to {path}; see the training log"
    GOLD_NOT_FOUND = "no such gold file"
    BAD_GZIP = "cannot read the gzipped file ({error}); expected {expected}"
    GOLD_UNKNOWN_FORMAT = "unknown gold format {name!r}; expected one of {known}"
    UNDETECTED = ("cannot tell the gold format from the name or the first line; expected {known}. "
                  "Name it with format= (--format)")
    GOLD_BAD_JSON = "not a JSON object ({error}); expected {expected}"
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
    HOLDOUT_PART = "part must be 'dev' or 'train', got {part!r}"
