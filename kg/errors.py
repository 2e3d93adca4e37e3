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


# issue 22: fetchers
class FetchError(KGError):
    """A fetch that cannot go on: the server kept failing, answered what was not expected, or the output file
    belongs to another fetch. Names the URL or the file; what was already written is kept."""


class EmptyPageError(FetchError):
    """A page that came back empty although the source counts more results (arXiv does this now and then); the
    page is asked for again."""


# issue 22: readers and metadata
class SkippedRecord(KGWarning):
    """A record left out of the corpus; ``reason`` says why, in words that can be counted ("without an abstract")."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


# issue 19: inputs
class AbstractCut(KGWarning):
    """An abstract longer than the cap, cut at a sentence boundary."""


# issue 19: the build folder as a transaction
class BuildLocked(BuildError):
    """Another build holds the lock of the output folder (the message names its pid, host and start time)."""


class IncompleteBuild(BuildError):
    """A folder that is not one complete build: no manifest, or a file missing or not the one the manifest lists."""
# issue 21: embedded graph database
class DatabaseError(KGError):
    """The build's embedded database is missing, held by another process, or refused a query or a write."""
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
    CSV_NO_COLUMN = "the CSV header has no {column!r} column (found: {found}); expected columns {expected}"
    CSV_BAD = "the CSV cannot be parsed ({error})"
    BAD_DATE = "date {value!r} is not ISO 8601 (YYYY-MM-DD, YYYY-MM or YYYY); date dropped"
    NOT_FOUND = "no such file or folder"
    NO_INPUT = ("no input files found (looked for .txt, .jsonl, .ndjson, .json, .csv, .tsv, .tab, .bib, .bibtex, "
                ".ris, .ciw, .xml and .atom)")
    SKIPPED_FILE = "not a corpus file (kg reads no files with this suffix from a folder; name the file to read it); skipped"
    OUT_NOT_DIR = "the output path exists and is not a folder"
    BAD_FILTERS = "expected --min-papers >= 1, 0 < --max-q <= 1, --resolution > 0 and --max-edges >= 0"
    EDGE_BUDGET = ("{pairs:,} co-mention pairs are more than --max-edges {max_edges:,}: only the {kept:,} pairs in {used} "
                   "papers or more are edges (--min-papers {used}); --max-edges 0 keeps every pair")
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

    # issue 22: fetchers
    FETCH_UNKNOWN_SOURCE = "unknown source {name!r}; expected one of {known}"
    FETCH_BAD_MAX = "--max {value}: expected a number of records of at least 1"
    FETCH_BAD_SINCE = "--since {value!r}: expected a date YYYY-MM-DD"
    FETCH_BAD_BASE_URL = "--base-url {value!r}: expected an http:// or https:// URL"
    FETCH_BAD_SETTING = "{name}={value!r}: expected {expected}"
    FETCH_GAVE_UP = ("{url}: gave up after {attempts} attempts (last: {error}); what was written is kept: run the "
                     "same command again to go on")
    FETCH_WAIT_TOO_LONG = ("{url}: the server asks to wait {seconds:.0f} s before the next request (more than "
                           "{limit:.0f} s); what was written is kept: run the same command again later to go on")
    FETCH_HTTP = "{url}: the server answered HTTP {status} {reason}{detail}; expected 200 with {expected}"
    FETCH_BAD_JSON = "{url}: the answer is not JSON ({error}); expected {expected}"
    FETCH_BAD_XML = "{url}: the answer is not XML ({error}); expected {expected}"
    FETCH_BAD_SHAPE = "{url}: {what}; expected {expected}"
    FETCH_API_ERROR = "{url}: the API reports an error: {message}"
    FETCH_OTHER_QUERY = ("{out} holds the fetch {held}; this run asks for {asked}. Give another --out, or "
                         "--overwrite to start the file again")
    FETCH_NOT_OURS = ("{out} exists and was not written by kg fetch (no {state} beside it); give another --out, or "
                      "--overwrite to replace it")
    FETCH_BAD_STATE = ("{path}: not a kg fetch state file ({error}); expected the JSON kg fetch writes. Use "
                       "--overwrite to start again")
    FETCH_BAD_OUTPUT_LINE = ("{path}:{line}: not a record kg fetch wrote ({error}); expected one JSON object with "
                             "'id' per line. Use --overwrite to start again")
    FETCH_CANNOT_WRITE = "{path}: cannot write ({error})"
    FETCH_RETRY = "{reason}; waiting {seconds:.1f} s, then attempt {attempt} of {attempts}"
    FETCH_PAGE = ("{source}: page {page} ({where}): {records} records, {new} new, {skipped} without abstract{extra}; "
                  "{total} in {out}")
    FETCH_EMPTY_PAGE = "an empty page although the source counts {total} results"
    FETCH_CAPPED = "{source} gives at most {limit} results for one query; {total} match it: narrow the query or use --since"

    # issue 22: readers and metadata
    UNDETECTED_FORMAT = ("cannot tell the format from the content; expected {known}. Force one with --format")
    UNKNOWN_INPUT_FORMAT = "unknown input format {name!r}; expected one of {known}"
    SKIPPED_RECORD = "record {reason}; record skipped"
    BIB_EXPECTED = "a BibTeX entry '@type{{key, field = {{value}}, ...}}'"
    BIB_BAD_ENTRY = "malformed BibTeX entry{key}: {problem}; expected {expected}"
    RIS_NO_ER = "RIS record starting on line {start} has no 'ER  -' line before {where}; expected 'ER  - ' to end it"
    RIS_BAD_LINE = "not a RIS line {line!r}; expected 'XX  - value' (two-character tag, two spaces, dash)"
    WOS_NO_ER = "Web of Science record starting on line {start} has no 'ER' line before {where}; expected 'ER' to end it"
    WOS_BAD_LINE = "not a Web of Science line {line!r}; expected a two-letter tag, a space and a value"
    BAD_XML = "not well-formed XML ({error}); expected an arXiv API Atom feed"
    XML_NOT_FEED = "the XML root is <{root}>; expected an arXiv API Atom feed (<feed> with <entry> elements)"
    XML_ENTITIES = "the XML declares entities (<!ENTITY); expected a plain arXiv API Atom feed"
    JSON_UNKNOWN_SHAPE = ("JSON of unknown shape ({found}); expected an OpenAlex page {{\"results\": [...]}}, a Semantic "
                          "Scholar response {{\"data\": [...]}} or list, a Hugging Face daily-papers list, or records "
                          "with a title and an abstract")
    JSON_BAD_RECORD = "record {index} is {kind}; expected a JSON object (a paper)"
    BAD_UTF16 = "the file starts with a UTF-16 byte-order mark but is not valid UTF-16 ({error})"
    JSON_BAD_DOCUMENT = "not JSON ({error}); expected a JSON document or JSON Lines"

    # issue 19: inputs
    NO_USABLE_RECORD = ("no usable record: {counts}; expected records with a title and an abstract (abstract fields "
                        "accepted: {names})")
    ABSTRACT_CUT = "abstract of {chars:,} characters cut to {kept:,} at a sentence boundary (cap: {cap:,})"
    FILE_SKIPPED = "file skipped (--skip-bad-files): {error}"
    NO_FILE_LEFT = "every input file was skipped as unreadable (--skip-bad-files); first: {first}"

    # issue 19: the build folder as a transaction (checks, lock, staging, manifest of files)
    OUT_INSIDE_INPUT = ("{out}: the output folder is inside the input folder {input}; a rebuild would read its own "
                        "files. Choose an --out outside the inputs")
    OUT_NOT_WRITABLE = ("{out}: cannot write the build here ({folder}: {reason}); choose another --out or fix the "
                        "permissions")
    OUT_PARENT_NOT_DIR = "{out}: {parent} is a file, not a folder; choose another --out"
    OUT_MOUNT_POINT = ("{out}: a mount point; a build is written beside the output folder and swapped in, which "
                       "cannot cross file systems. Give a folder inside it, e.g. --out {out}/build")
    BUILD_LOCKED = ("{out}: another build is writing this folder (pid {pid} on {host}, since {since}); wait for it, "
                    "pass --wait, or choose another --out")
    LOCK_OTHER_HOST = ("{out}: locked by pid {pid} on {host} since {since}, which this machine cannot check; if no "
                       "build runs there any more, remove {lock}")
    STALE_LOCK = "took over the lock of a build that is no longer running (pid {pid} on {host}, since {since})"
    LEFTOVERS_REMOVED = "removed {count} folder(s) left beside {out} by interrupted builds: {names}"
    SWAP_FAILED = "{out}: could not swap the new build in ({error}); the previous build is unchanged"
    NOT_ONE_BUILD = "{folder}: not one complete build ({why}); run `kg build ... --out {folder}` again"
    NO_MANIFEST = "no manifest.json: no build finished writing this folder"
    BAD_MANIFEST = "manifest.json is not a kg manifest: {error}"
    OLD_MANIFEST = "manifest.json lists no file hashes: it was written by kg before 0.2"
    LISTED_FILE_MISSING = "{name} is missing, the manifest lists it"
    LISTED_FILE_SIZE = "{name} has {actual} bytes, the manifest says {expected}"
    LISTED_FILE_HASH = "{name} differs from the file the manifest lists (SHA-256)"
    INJECTED_FAULT = "injected fault at {point} (KG_FAULT_AT)"
    # issue 21: embedded graph database
    DB_BAD_PROPERTY = "property name {name!r} is not a plain word (letters, digits, _), so it cannot be a database column"
    DB_WRITE_FAILED = "{path}: could not write the embedded database ({error})"
    DB_MISSING = ("{folder}: this build has no embedded database ({file}): it was built with --no-db or by an older kg; "
                  "build it again without --no-db (`kg build ... --out {folder}`)")
    DB_BUSY = ("{path}: the database is held by another process ({error}); close that process (a `kg query --write` "
               "or a notebook that opened it for writing) and try again")
    DB_NOT_A_DATABASE = "{path}: cannot open the embedded database ({error}); build the folder again with `kg build`"
    DB_QUERY_FAILED = "query {name!r} failed on the embedded database: {error}"
    DB_WRITE_REFUSED = ("query {name!r} has a write clause ({clause}) but the database is open read-only; pass --write "
                        "(write=True) to change it")
    DB_UNKNOWN_QUERY = "no cookbook query {name!r}; known: {known}"
    DB_BAD_PARAM = "--param {item!r}: expected NAME=VALUE"
    DB_MISSING_PARAMS = "query {name!r} needs {params}"
    QUERY_ENGINES = ("{source}:{line}: query {name!r} has texts for {given}; expected one text for both engines, or one "
                     "under `// neo4j:` and one under `// ladybug:`")
    BUILD_INCOMPLETE = ("{folder}: not a complete build (no manifest.json, which a build writes last); run "
                        "`kg build ... --out {folder}` again")
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
