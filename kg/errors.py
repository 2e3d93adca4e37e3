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


class KGWarning(UserWarning):
    """A record skipped or an input oddity that does not stop the build."""


class InteropError(KGError):
    """A graph or option that an interchange format cannot represent (says what was expected)."""


class ThesaurusError(CorpusError):
    """A thesaurus file that cannot be read; names the file and the line."""


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
    # export
    VOS_NOT_FINITE = "{what} is {number}; VOSviewer JSON needs finite numbers"
    VOS_BAD_CLUSTER = ("node {node!r} has {attribute}={value!r}; VOSviewer numbers clusters 1 to {most}, so kg "
                       "communities must be 0 to {last}")
    AMBIGUOUS_ALIASES = ("{count} alias(es) can mean several entities and were left out of the thesaurus: "
                         "{shown}")
    THESAURUS_NOT_FOUND = "no such thesaurus file"
    THESAURUS_NOT_UTF8 = "not UTF-8 text; save the thesaurus as UTF-8"
    THESAURUS_UNREADABLE = "cannot read the thesaurus ({error})"
    THESAURUS_BINARY = "NUL byte: the file looks binary; expected tab-separated text"
    THESAURUS_NO_HEADER = "expected the header 'label<TAB>replace by', got {line!r}"
    THESAURUS_COLUMNS = "expected 2 tab-separated columns (label, replace by), got {count}: {line!r}"
    THESAURUS_EMPTY_LABEL = "empty label; expected the term to replace in column 1"
    THESAURUS_LABEL_NO_WORD = "label {label!r} has no letters or digits"
    THESAURUS_REPLACEMENT_NO_WORD = ("replacement {replacement!r} has no letters or digits; leave it empty to ignore "
                                     "the term")
    THESAURUS_CONFLICT = "label {label!r} is replaced by {replacement!r} here but by {before!r} on line {first}; keep one"
    THESAURUS_EMPTY = "the file is empty; expected the header 'label<TAB>replace by'"
    BAD_LIMIT = "{name}={limit}: expected a number of at least 0 (or None for no limit)"
    BAD_COLOUR_BY = "colour_by={value!r}: expected one of {modes}"
    NO_COMMUNITIES = ("colour_by='community' but no node has a 'community' attribute; detect communities first or "
                      "colour by 'label'")
    NO_IPYTHON = "kg.export.html.show needs IPython; install it with `pip install 'kg[notebooks]'`"
    NOT_SIMPLE_GRAPH = "write_node_link_json writes undirected simple graphs"
    UNKNOWN_MODEL = ("unknown model {name!r}; expected 'default' (the shipped model), 'rules' or a path to a saved "
                     "spaCy pipeline")
    NO_SHIPPED_MODEL = ("the shipped model is missing ({path}); reinstall kg, or use --model rules or the path of "
                        "a model from `kg train`")
