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


class AnalysisError(KGError):
    """Arguments that do not fit the graph or the analysis (a missing attribute, an unknown label, a bad number)."""


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
    BAD_FILTERS = "expected --min-papers >= 1, 0 < --max-q <= 1 and --resolution > 0"
    BAD_WORKERS = "expected --workers >= 1 and --batch-size >= 1"
    UNKNOWN_MODEL = ("unknown model {name!r}; expected 'default' (the shipped model), 'rules' or a path to a saved "
                     "spaCy pipeline")
    NO_SHIPPED_MODEL = ("the shipped model is missing ({path}); reinstall kg, or use --model rules or the path of "
                        "a model from `kg train`")
