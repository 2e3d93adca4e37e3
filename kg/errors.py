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


class SettingError(KGError, ValueError):
    """An argument outside what a function accepts (also a ValueError, as Python code expects of one)."""


class CookbookError(KGError):
    """A Cypher cookbook that cannot be read: names the file and the line of the query."""


class Neo4jError(KGError):
    """The Bolt server cannot be reached, refuses the credentials or the database, or went away mid-push."""


class TrainError(KGError):
    """Training cannot go on: a missing corpus or config, or a spaCy training failure (the cause is chained)."""


class GoldError(CorpusError):
    """Gold annotations that cannot be read: names the file, the line (0: the whole file) and what was expected."""


class KGWarning(UserWarning):
    """A record skipped or an input oddity that does not stop the build."""


class InteropError(KGError):
    """A graph or option that an interchange format cannot represent (says what was expected)."""


class ThesaurusError(CorpusError):
    """A thesaurus file that cannot be read; names the file and the line."""


# issue 23: Dask
class ClusterError(KGError):
    """A Dask cluster that cannot be used: Dask not installed, a scheduler out of reach, workers whose kg or model
    differ from this machine's, a bad ``--dask`` address."""


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
    # the graph, analysis, build folders, the pipeline and Neo4j
    UNKNOWN_WEIGHT = "weight={weight!r}: expected one of {choices}"
    NOT_WHOLE_NUMBER = "{what}={value!r}: expected a whole number >= {minimum}"
    SHAPES_DIFFER = "c, s_i and s_j have different shapes {c}, {s_i}, {s_j}"
    IMPOSSIBLE_COUNTS = (
        "pair {k}: c={c}, s_i={s_i}, s_j={s_j} cannot occur among n={n} units; expected 0 <= c <= min(s_i, s_j), "
        "s >= 1 and s_i + s_j - c <= n (is n the number of papers of the build?)"
    )
    BAD_P_VALUES = "p-values must be numbers in [0, 1]"
    EDGE_WITHOUT_COUNT = (
        "edge {u!r} - {v!r} has no {count!r} count; expected a graph from kg.graph.comention_graph or a build folder"
    )
    NODE_WITHOUT_TOTAL = "node {node!r} has no {count} total; expected the {count!r} node attribute{hint}"
    NODE_SENTENCES_HINT = " or node_sentences=kg.analysis.sentence_counts(mentions, assignment)"
    SAME_LABELS = "rows and cols are both {label!r}; a bipartite view needs two different labels"
    BAD_JACCARD = "min_jaccard={value!r}: expected a number in [0, 1]"
    NOT_SQUARE = "adjacency must be square, got shape {shape}"
    NEGATIVE_WEIGHTS = "adjacency weights must be >= 0"
    NOT_SYMMETRIC = "adjacency must be symmetric (an undirected graph)"
    BAD_RESOLUTION = "resolution={value!r}: expected a number > 0{hint}"
    EDGE_WITHOUT_WEIGHT = "edge {u!r} - {v!r} has no numeric {weight!r}; use weight='papers' or run kg.analysis.add_weights first"
    ADJACENCY_SHAPE = "adjacency has shape {shape}; expected one row and column per node ({nodes})"
    NOT_A_LABEL = "{what}={label!r} is not an entity label; expected one of {labels}"
    EDGE_WITHOUT_ATTRIBUTE = "edge {u!r} - {v!r} has no {attribute!r} attribute{hint}"
    UNKNOWN_FREQ = "freq={freq!r}: expected one of {choices}"
    BAD_MAX_Q = "max_q={value!r}: expected a number in (0, 1], e.g. 0.05"
    BUILD_FILE_MISSING = "{path}: missing; expected a build folder written by `kg build`"
    BUILD_LINE_NOT_JSON = "{path}:{line}: not JSON ({error}); was the build folder edited?"
    BUILD_LINE_NOT_OBJECT = "{path}:{line}: expected a JSON object"
    NO_BUILD_FOLDER = "{folder}: no such build folder; run `kg build ... --out {folder}` first"
    BAD_BUILD_RECORD = "{path}:{line}: not {what} record ({error})"
    BAD_REVIEW_ROW = "{path}:{line}: expected {width} tab-separated columns, as the header says; was the file edited?"
    NOT_NODE_LINK = "{path}: not a node-link graph ({error})"
    UNKNOWN_MODE = "unknown mode {mode!r}; expected one of {modes}"
    BAD_PREFER = "prefer={prefer!r}: expected 'model' or 'rules'"
    CHILD_DIED = "the process computing {what} died"
    WRITERS_FAILED = "could not write {failures}"
    QUERY_NOT_ENDED = "{source}:{line}: query {name!r} does not end with ';'"
    QUERY_PARAMS = "{source}:{line}: query {name!r} declares params {declared} but uses {used}"
    NOT_AN_IDENTIFIER = "not a kg label or relationship type: {name!r}"
    BAD_BATCH_SIZE = "batch size must be at least 1"
    NOT_BOLT_URI = "{uri}: not a Bolt URI ({error}); expected e.g. bolt://localhost:7687"
    AUTH_FAILED = "{uri}: authentication failed for user {user!r}; check NEO4J_PASSWORD (or --user)"
    NO_SERVER = "cannot reach a Neo4j server at {uri}; is it running? (`docker compose up -d`, then wait for it to be healthy)"
    NO_DATABASE = "{uri}: database {database!r} does not exist or user {user!r} may not use it; create it or pass --database"
    CHECK_REFUSED = "{uri}: the server refused the connection check ({code})"
    PUSH_LOST = (
        "lost the connection to {uri} after {done} of {total} rows; what was written is kept: run the same push again "
        "once the server is back (it merges, so nothing is duplicated)"
    )
    WRITE_REJECTED = "{uri}: the server rejected a write after {done} of {total} rows ({code}: {message})"
    QUERY_FAILED = "{uri}: query {name!r} failed ({code}: {message})"
    QUERY_LOST = "lost the connection to {uri} while running {name!r}"
    # export
    VOS_NOT_FINITE = "{what} is {number}; VOSviewer JSON needs finite numbers"
    VOS_BAD_CLUSTER = "node {node!r} has {attribute}={value!r}; expected a community number, a whole number >= 0"
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

    # issue 23: Dask
    NO_DASK = "--dask needs Dask; install it with `pip install 'kg[dask]'` (dask[distributed])"
    BAD_DASK_ADDRESS = ("--dask {address!r}: expected a scheduler address such as tcp://host:8786, or local[:N] for "
                        "N worker processes on this machine")
    NO_SCHEDULER = ("cannot reach a Dask scheduler at {address} ({error}); is it running, and is the address "
                    "right? (`dask scheduler` prints it)")
    NO_WORKERS = "the Dask scheduler at {address} has no workers after {seconds} s; start some (`dask worker {address}`)"
    WORKER_VERSIONS = ("Dask worker {worker} runs {theirs}, this machine {ours}; install the same kg, spaCy and model on "
                       "every worker")
    WORKER_FAILED = "extraction failed on the Dask workers ({error}); what was extracted is kept in the cache"
