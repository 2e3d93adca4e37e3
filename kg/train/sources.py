"""Training kg's statistical ``ner`` and combining it with the rules: the recipe as plain functions.

1. :func:`read_sources` reads the training corpora with :mod:`kg.gold` and maps them to kg's labels: kg's own
   annotations (:data:`KG_SOURCES`, oversampled: the seed train split, and SciREX train abstracts, which are then
   not read with SciREX's labels as well), SciERC train (Method, Task), TDMSci train and the
   dataset-name corpus (Heddes et al.) minus the fifth that :func:`kg.gold.holdout` keeps for measurement, and
   SciREX train abstracts and body sentences (Method, Task, Material as DATASET; papers that a development set
   also holds are left out). :func:`apply_conventions` moves their spans towards kg's guidelines (generic heads
   left out, acronyms in parentheses split off, coordinated names split). SciER is GPL-3.0: only measured on.
2. :func:`to_docbin` turns :class:`TrainingDoc` records into a spaCy ``DocBin``. A corpus that annotates only
   some labels must not teach that the others are absent: under the ``"candidates"`` policy the tokens where
   such a label may hide (what the rules find for it, name-like words, SciERC's ``Material``) are marked
   *missing*, so the model gets no gradient there, and every other token is ``O``.
3. :func:`train_ner` trains ``kg/nlp/configs/ner.cfg`` (CNN tok2vec + ``ner``, CPU) with spaCy's own loop.
4. :func:`kg.nlp.build_trained_pipeline` loads the trained model and adds kg's rule components: the model's
   entities become one more candidate source of ``kg_entity_resolver`` (``"union"``, the shipped mode), or one
   side keeps its mentions and the other fills the gaps (``"gaps"``, ``"fill"``).
5. :func:`evaluate_sets` scores a pipeline on the development sets (:func:`evaluation_sets`); never on tests.

:func:`run_training` runs the whole recipe; ``kg train`` is thin glue over it.
"""

from __future__ import annotations

import gzip
import json
import logging
import random
import re
import shutil
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from importlib import resources
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from time import perf_counter
from types import MappingProxyType
from typing import Any, Literal, TextIO

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin
from spacy.tokens import Span as SpacySpan

from kg.corpus import Corpus, read_corpus
from kg.errors import KGError
from kg.evaluate import Report, evaluate
from kg.gold import (
    HEDDES_MAPPING,
    SCIER_MAPPING,
    SCIERC_MAPPING,
    TDMSCI_MAPPING,
    GoldDoc,
    LabelMap,
    Span,
    detokenize,
    holdout,
    mapped_labels,
    read_heddes,
    read_kg,
    read_scier,
    read_scierc,
    read_tdmsci,
)
from kg.nlp.pipeline import MODES, build_rules_pipeline, build_trained_pipeline
from kg.records import LABELS, Paper

__all__ = [
    "ABSENT_POLICIES", "DATASET_HEADS", "DEFAULT_CONFIG", "EVAL_SETS", "METHOD_GENERIC_HEADS", "MODES",
    "SCIREX_MAPPING", "SOURCES", "SOURCE_META", "TASK_GENERIC_HEADS", "ConversionStats", "DataPaths", "EvalSet",
    "Recipe", "TrainError", "TrainResult", "TrainingDoc", "TrainingSource", "apply_conventions",
    "build_trained_pipeline", "drop_overlapping", "evaluate_sets", "evaluation_sets", "make_doc",
    "measure_speed", "name_regions", "pipeline_meta", "read_scirex", "read_sources", "rule_regions",
    "run_training", "save_pipeline", "seed_texts", "split_acronyms", "strip_heads", "to_docbin", "train_ner",
]

logger = logging.getLogger(__name__)

Region = tuple[int, int]

#: How tokens outside the gold spans of a corpus that annotates only some labels are marked (see module doc).
ABSENT_POLICIES: tuple[str, ...] = ("outside", "missing", "candidates")
#: Training corpora :func:`read_sources` knows.
SOURCES: tuple[str, ...] = ("seeds", "scirex-kg", "scierc", "tdmsci", "heddes", "scirex", "scirex-body")
#: Sources annotated under kg's own guidelines: every label, no conventions to apply, weighted like the seeds.
KG_SOURCES = frozenset({"seeds", "scirex-kg"})
#: SciREX -> kg: its ``Material`` mentions are mostly datasets (the conventions keep only name-like ones).
SCIREX_MAPPING: LabelMap = MappingProxyType({"Method": "METHOD", "Task": "TASK", "Material": "DATASET",
                                             "Metric": None})
#: The spaCy training config shipped with kg.
DEFAULT_CONFIG = Path(str(resources.files("kg.nlp") / "configs" / "ner.cfg"))

#: Head words kg's guidelines leave out of a DATASET name ("PACS dataset" -> "PACS").
DATASET_HEADS = frozenset({"dataset", "datasets", "data", "set", "sets", "corpus", "corpora", "benchmark",
                           "benchmarks", "collection", "collections", "database", "databases", "suite",
                           "repository", "testbed", "test", "training", "train", "evaluation", "validation",
                           "dev", "development"})
#: Head words kg's guidelines leave out of a TASK ("node classification benchmarks" -> "node classification").
TASK_GENERIC_HEADS = frozenset({"task", "tasks", "problem", "problems", "benchmark", "benchmarks", "setting",
                                "settings", "applications", "application", "scenario", "scenarios"})
#: Heads that make a METHOD span generic under kg's guidelines ("analysis approach", "our method").
METHOD_GENERIC_HEADS = frozenset({"method", "methods", "approach", "approaches", "technique", "techniques",
                                  "framework", "frameworks", "system", "systems", "strategy", "strategies",
                                  "component", "components", "procedure", "procedures", "scheme", "schemes",
                                  "tool", "tools", "module", "modules", "process", "formalism", "paradigm",
                                  "mechanism", "solution", "solutions", "methodology", "methodologies"})

_WORD = re.compile(r"\S+")
_TRAILING = re.compile(r"[\s,;:.]+$")
_ACRONYM = re.compile(r"^(?P<long>.*\S)\s*\(\s*(?P<short>[^()\s][^()]*?)\s*\)$")
_COORDINATION = re.compile(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|&)\s+")
# a capital after the first character ("BERT", "ResNet", "iNat") or letters mixed with digits ("T5", "GPT-4")
_NAME_WORD = re.compile(r"[\w.+/-]*(?:\w[A-Z]|[A-Za-z][\w.+/-]*\d|\d[\w.+/-]*[A-Za-z])[\w.+/-]*")


class TrainError(KGError):
    """Training cannot go on: a missing corpus or config, or a spaCy training failure (the cause is chained)."""


class TrainMessages:
    """Messages of :class:`TrainError`; ``str.format`` fields are filled in by the raiser."""

    NO_FILE = "training data not found: {path}; expected the shared data folder laid out as in its README ({what})"
    NO_CONFIG = "training config not found: {path}; expected a spaCy config such as kg/nlp/configs/ner.cfg"
    UNKNOWN_SOURCE = "unknown training source {name!r}; expected some of {known}"
    UNKNOWN_POLICY = "unknown {what} {name!r}; expected one of {known}"
    SPACY_FAILED = "spaCy training failed: {error}"
    NO_MODEL = "training wrote no model to {path}; see the training log"


# ------------------------------------------------------------------------------------------------ records


@dataclass(frozen=True)
class TrainingDoc:
    """A text with kg-labelled spans, the labels its corpus annotates, and regions whose label is unknown.

    Attributes
    ----------
    id : str
    text : str
    spans : tuple of (int, int, str)
        Character spans with kg labels.
    labels : tuple of str
        The kg labels the corpus annotates; a token outside ``spans`` is known not to be one of these.
    unknown : tuple of (int, int)
        Character regions that may hold an entity the corpus does not annotate (marked missing under the
        ``"candidates"`` policy).
    """

    id: str
    text: str
    spans: tuple[Span, ...]
    labels: tuple[str, ...] = LABELS
    unknown: tuple[Region, ...] = ()


@dataclass(frozen=True)
class TrainingSource:
    """One training corpus after mapping: its documents and how many copies of each go into training."""

    name: str
    docs: tuple[TrainingDoc, ...]
    weight: int = 1


@dataclass(frozen=True)
class ConversionStats:
    """What :func:`to_docbin` did with the gold spans.

    Attributes
    ----------
    docs, tokens : int
        Documents converted (each copy counted once) and their tokens.
    spans : int
        Gold spans offered.
    kept : int
        Spans that became entities.
    misaligned : int
        Spans whose boundaries fall inside a token: dropped, their tokens marked missing.
    overlapping : int
        Spans dropped because a longer one overlaps them (nested gold), their tokens marked missing.
    missing_tokens : int
        Tokens marked missing (unknown label).
    """

    docs: int = 0
    tokens: int = 0
    spans: int = 0
    kept: int = 0
    misaligned: int = 0
    overlapping: int = 0
    missing_tokens: int = 0

    def __add__(self, other: ConversionStats) -> ConversionStats:
        return ConversionStats(**{k: getattr(self, k) + getattr(other, k) for k in self.__dataclass_fields__})

    def to_dict(self) -> dict[str, int]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass(frozen=True)
class Recipe:
    """The choices of the training recipe (the defaults are the shipped model's).

    Attributes
    ----------
    sources : tuple of str
        Training corpora, some of :data:`SOURCES`.
    seed_weight : int
        Copies of each abstract annotated under kg's guidelines (:data:`KG_SOURCES`: in-domain data is scarce).
    absent : str
        One of :data:`ABSENT_POLICIES`: how a corpus's unannotated labels are handled.
    conventions : bool
        Move SciERC, TDMSci and dataset-name spans towards kg's guidelines (:func:`apply_conventions`).
    names : bool
        Under ``"candidates"``: also mark name-like words ("BERT", "ResNet-50") outside the gold spans of a
        partially annotated corpus as unknown (an unannotated method name is more often there than not).
    negatives : float
        Fraction of dataset-name sentences without any dataset that are kept (they are half the corpus).
    max_steps : int
        Training steps (the config's ``training.max_steps``).
    """

    sources: tuple[str, ...] = SOURCES
    seed_weight: int = 6
    absent: str = "candidates"
    conventions: bool = True
    names: bool = True
    negatives: float = 0.25
    max_steps: int = 3000


@dataclass(frozen=True)
class DataPaths:
    """Where the training and development data live (the shared data folder and the seed pages).

    Only train and dev splits are named here: test splits are held back and never read.
    """

    data: Path = Path("../shared/data")
    seeds: Path = Path("../shared/seeds")
    annotations: Path = Path(str(resources.files("kg.nlp") / "annotations"))

    @property
    def scierc_train(self) -> Path:
        return self.data / "scierc" / "json" / "train.json"

    @property
    def scierc_dev(self) -> Path:
        return self.data / "scierc" / "json" / "dev.json"

    @property
    def tdmsci_train(self) -> Path:
        return self.data / "tdmsci" / "train_1500_v2.conll"

    @property
    def heddes_train(self) -> Path:
        return self.data / "dataset-names-heddes2021" / "iob" / "Train_set.csv.gz"

    @property
    def scirex_train(self) -> Path:
        return self.data / "scirex" / "train.jsonl.gz"

    @property
    def scier_dev(self) -> Path:
        return self.data / "scier" / "PLM" / "dev.jsonl"

    def seeds_split(self, split: str) -> Path:
        return self.annotations / f"seeds-{split}.jsonl"

    @property
    def scirex_annotations(self) -> Path:
        """kg's own annotations of SciREX train abstracts (offsets; the text comes from :attr:`scirex_train`)."""
        return self.annotations / "scirex-train.jsonl"


@dataclass(frozen=True)
class EvalSet:
    """A development set: documents, the labels scored, and what it is (recorded in reports)."""

    name: str
    docs: tuple[GoldDoc, ...]
    labels: tuple[str, ...]
    mapping: LabelMap
    gold: str
    selection: str = "all"


@dataclass(frozen=True)
class TrainResult:
    """The outcome of :func:`run_training`.

    Attributes
    ----------
    model : Path
        The trained ``ner`` pipeline (spaCy's ``model-best``).
    pipeline : Path
        The shippable model folder (``OUT/model``): ``kg build --model`` loads it with kg's rules.
    seconds : float
        Training time (conversion and evaluation excluded).
    size_bytes : int
        Size of ``pipeline`` on disk (the rules are not in it: they come from the package).
    conversion : mapping of str to ConversionStats
        Per training source.
    reports : mapping of str to mapping of str to Report
        Mode -> development set -> report (empty when evaluation was skipped).
    speed : mapping of str to float
        Mode -> words per second on the seed abstracts, one process.
    """

    model: Path
    pipeline: Path
    seconds: float
    size_bytes: int
    conversion: Mapping[str, ConversionStats]
    reports: Mapping[str, Mapping[str, Report]] = field(default_factory=dict)
    speed: Mapping[str, float] = field(default_factory=dict)


# ---------------------------------------------------------------------------------------------- conventions


def _words(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(start + m.start(), start + m.end()) for m in _WORD.finditer(text[start:end])]


def _name_like(text: str) -> bool:
    return any(ch.isupper() or ch.isdigit() for ch in text)


def strip_heads(text: str, span: Span, heads: frozenset[str]) -> Span | None:
    """Drop trailing head words (and the punctuation before them) from a span; ``None`` if nothing is left.

    Examples
    --------
    >>> text = "the PACS data set and analysis problem"
    >>> strip_heads(text, (4, 17, "DATASET"), DATASET_HEADS)
    (4, 8, 'DATASET')
    >>> strip_heads(text, (22, 38, "TASK"), TASK_GENERIC_HEADS)
    (22, 30, 'TASK')
    >>> strip_heads(text, (13, 17, "DATASET"), DATASET_HEADS) is None
    True
    """
    start, end, label = span
    words = _words(text, start, end)
    while words and text[words[-1][0]:words[-1][1]].lower() in heads:
        words.pop()
    if not words:
        return None
    stop = words[-1][1]
    trailing = _TRAILING.search(text, start, stop)
    if trailing is not None:
        stop = trailing.start()
    return (start, stop, label) if stop > start else None


def split_acronyms(text: str, span: Span) -> list[Span]:
    """Split ``long form (SHORT)`` into two spans of the same label, as kg's guidelines do.

    Examples
    --------
    >>> text = "statistical machine translation (SMT) helps"
    >>> [text[s:e] for s, e, _ in split_acronyms(text, (0, 37, "TASK"))]
    ['statistical machine translation', 'SMT']
    >>> split_acronyms(text, (0, 31, "TASK"))
    [(0, 31, 'TASK')]
    """
    start, end, label = span
    match = _ACRONYM.match(text[start:end])
    if match is None or " " in match["short"].strip() or not _name_like(match["short"]):
        return [span]
    return [(start, start + match.end("long"), label),
            (start + match.start("short"), start + match.end("short"), label)]


def _split_coordination(text: str, span: Span) -> tuple[list[Span], list[Region]]:
    """Coordinated names ("NPB and MLB") as separate spans; parts that are no name become unknown regions."""
    start, end, label = span
    pieces: list[Region] = []
    position = start
    for separator in _COORDINATION.finditer(text, start, end):
        pieces.append((position, separator.start()))
        position = separator.end()
    pieces.append((position, end))
    pieces = [(s, e) for s, e in pieces if e > s]
    if len(pieces) <= 1:
        return [span], []
    names = [(s, e, label) for s, e in pieces if _name_like(text[s:e])]
    return names, [(s, e) for s, e in pieces if not _name_like(text[s:e])]


def apply_conventions(doc: TrainingDoc, *, corpus: str) -> TrainingDoc:
    """Move a corpus's spans towards kg's guidelines.

    * DATASET: generic heads left out ("MNIST dataset" -> "MNIST"), coordinations split ("NPB and MLB data
      sets" -> "NPB", "MLB"); what is left without a capital or digit ("the gallery set") becomes unknown.
    * TASK: generic heads left out ("categorization task" -> "categorization").
    * METHOD (SciERC): a span whose head is generic ("statistical approach", "MT system") becomes unknown:
      kg annotates no bare generic heads, and the name inside may be of another label.
    * Any label: ``long form (SHORT)`` becomes two spans.

    Examples
    --------
    >>> text = "We use the NPB and MLB data sets and a tagging approach for the parsing task."
    >>> doc = TrainingDoc("d", text, ((11, 32, "DATASET"), (39, 55, "METHOD"), (64, 76, "TASK")))
    >>> out = apply_conventions(doc, corpus="scierc")
    >>> [(text[s:e], label) for s, e, label in out.spans], [text[s:e] for s, e in out.unknown]
    ([('NPB', 'DATASET'), ('MLB', 'DATASET'), ('parsing', 'TASK')], ['tagging approach'])
    """
    spans: list[Span] = []
    unknown = list(doc.unknown)
    text = doc.text
    for span in doc.spans:
        label = span[2]
        pieces = split_acronyms(text, span)
        for piece in pieces:
            if label == "DATASET":
                stripped = strip_heads(text, piece, DATASET_HEADS)
                if stripped is None or not _name_like(text[stripped[0]:stripped[1]]):
                    unknown.append(piece[:2])
                    continue
                parts, rest = _split_coordination(text, stripped)
                spans.extend(parts)
                unknown.extend(rest)
            elif label == "TASK":
                stripped = strip_heads(text, piece, TASK_GENERIC_HEADS)
                if stripped is None:
                    unknown.append(piece[:2])
                else:
                    spans.append(stripped)
            elif label == "METHOD" and corpus == "scierc" and _last_word(text, piece) in METHOD_GENERIC_HEADS:
                unknown.append(piece[:2])
            else:
                spans.append(piece)
    return replace(doc, spans=tuple(sorted(set(spans))), unknown=tuple(sorted(set(unknown))))


def _last_word(text: str, span: Span) -> str:
    words = _words(text, span[0], span[1])
    return text[words[-1][0]:words[-1][1]].lower() if words else ""


# ------------------------------------------------------------------------------------------------- sources


def _require_file(path: Path, what: str) -> Path:
    if not path.is_file():
        raise TrainError(TrainMessages.NO_FILE.format(path=path, what=what))
    return path


def _from_gold(docs: Iterable[GoldDoc], labels: Sequence[str], unknown_label: str | None = None) -> list[TrainingDoc]:
    """GoldDocs -> TrainingDocs; spans labelled ``unknown_label`` become unknown regions."""
    out = []
    for doc in docs:
        spans = tuple(s for s in doc.spans if s[2] != unknown_label)
        unknown = tuple((s, e) for s, e, label in doc.spans if label == unknown_label)
        out.append(TrainingDoc(doc.id, doc.text, spans, tuple(labels), unknown))
    return out


def name_regions(doc: TrainingDoc) -> TrainingDoc:
    """Add name-like words outside the gold spans ("BERT", "ResNet-50", "T5") as unknown regions.

    Examples
    --------
    >>> doc = TrainingDoc("d", "We train BERT and ResNet-50 on SQuAD v1.1 in 2019.", ((31, 41, "DATASET"),),
    ...                   ("DATASET",))
    >>> [doc.text[s:e] for s, e in name_regions(doc).unknown]
    ['BERT', 'ResNet-50']
    """
    inside = [(s, e) for s, e, _ in doc.spans]
    found = [(m.start(), m.end()) for m in _NAME_WORD.finditer(doc.text)
             if not any(s < m.end() and m.start() < e for s, e in inside)]
    return replace(doc, unknown=tuple(sorted({*doc.unknown, *found}))) if found else doc


def rule_regions(docs: Sequence[TrainingDoc], nlp: Language | None = None, *,
                 batch_size: int = 64) -> list[TrainingDoc]:
    """Add, as unknown regions, what the rules pipeline finds for the labels a document's corpus does not annotate.

    These are the places where an unannotated METHOD (TDMSci) or DATASET (SciERC) may hide; marking them
    missing keeps the model from learning that such names are not entities. The rules run without their
    guideline filter (:func:`kg.nlp.build_rules_pipeline`): a generic-looking phrase in a corpus that does not
    annotate its label is left unknown rather than taught as ``O``. (With the filter, a retrain scored 3.5 points
    lower on SciERC dev and about 2 lower on TDMSci and SciER dev.)

    Examples
    --------
    >>> doc = TrainingDoc("d", "We fine-tune BERT for question answering.", ((22, 40, "TASK"),), ("TASK",))
    >>> [doc.text[s:e] for s, e in rule_regions([doc])[0].unknown]
    ['BERT']
    """
    nlp = nlp or build_rules_pipeline(guidelines=False)
    out = []
    for spacy_doc, doc in nlp.pipe(((d.text, d) for d in docs), as_tuples=True, batch_size=batch_size):
        found = [(e.start_char, e.end_char) for e in spacy_doc.ents if e.label_ not in doc.labels]
        out.append(replace(doc, unknown=tuple(sorted({*doc.unknown, *found}))) if found else doc)
    return out


def read_sources(paths: DataPaths, recipe: Recipe | None = None, *, seed: int = 0) -> list[TrainingSource]:
    """Read and map the training corpora named in ``recipe.sources``.

    Parameters
    ----------
    paths : DataPaths
    recipe : Recipe
    seed : int
        Seeds the sampling of dataset-name sentences without datasets.

    Returns
    -------
    list of TrainingSource

    Raises
    ------
    TrainError
        An unknown source name or a missing file.
    GoldError
        A corpus file that cannot be read.
    """
    recipe = recipe or Recipe()
    unknown_sources = set(recipe.sources) - set(SOURCES)
    if unknown_sources:
        raise TrainError(TrainMessages.UNKNOWN_SOURCE.format(name=sorted(unknown_sources)[0], known=list(SOURCES)))
    if recipe.absent not in ABSENT_POLICIES:
        raise TrainError(TrainMessages.UNKNOWN_POLICY.format(what="absent-label policy", name=recipe.absent,
                                                             known=list(ABSENT_POLICIES)))
    sources: list[TrainingSource] = []
    for name in recipe.sources:
        docs = _read_source(name, paths, recipe, seed)
        if recipe.conventions and name not in KG_SOURCES:
            docs = [apply_conventions(d, corpus=name) for d in docs]
        if recipe.absent == "candidates" and name not in KG_SOURCES:
            docs = rule_regions(docs)
            if recipe.names:
                docs = [name_regions(d) for d in docs]
        logger.info("%s: %d documents, %d spans", name, len(docs), sum(len(d.spans) for d in docs))
        sources.append(TrainingSource(name, tuple(docs), recipe.seed_weight if name in KG_SOURCES else 1))
    return sources


def _read_source(name: str, paths: DataPaths, recipe: Recipe, seed: int) -> list[TrainingDoc]:
    if name == "seeds":
        gold = read_kg(_require_file(paths.seeds_split("train"), "kg seed annotations"), corpus=[paths.seeds],
                       split="train")
        return _from_gold(gold, LABELS)
    if name == "scierc":
        # Material is read under a private label and turned into unknown regions: it is where datasets are
        mapping = {**SCIERC_MAPPING, "Material": "_MATERIAL"}
        gold = read_scierc(_require_file(paths.scierc_train, "SciERC train"), mapping=mapping)
        return _from_gold(gold, mapped_labels(SCIERC_MAPPING), "_MATERIAL")
    if name == "tdmsci":
        gold = holdout(read_tdmsci(_require_file(paths.tdmsci_train, "TDMSci train")), part="train")
        return _from_gold(gold, mapped_labels(TDMSCI_MAPPING))
    if name in ("scirex", "scirex-kg"):
        abstracts = read_scirex(_require_file(paths.scirex_train, "SciREX train"))
        # SciREX and SciER both come from Papers with Code: keep out papers that a development set also holds
        kept = list(drop_overlapping(abstracts, _measured_texts(paths)))
        ours = read_scirex_kg(paths, kept) if name == "scirex-kg" or "scirex-kg" in recipe.sources else []
        if name == "scirex-kg":
            return _from_gold(ours, LABELS)
        # an abstract annotated under kg's guidelines is trained on with those labels, not SciREX's as well
        annotated = {d.id for d in ours}
        return [replace(d, labels=mapped_labels(SCIREX_MAPPING))
                for d in _from_gold((d for d in kept if d.id not in annotated), ())]
    if name == "scirex-body":
        sentences = read_scirex(_require_file(paths.scirex_train, "SciREX train"), part="body", seed=seed)
        kept = drop_overlapping(sentences, _measured_texts(paths))
        return [replace(d, labels=mapped_labels(SCIREX_MAPPING)) for d in _from_gold(kept, ())]
    rng = random.Random(seed)
    gold = holdout(read_heddes(_require_file(paths.heddes_train, "dataset names train")), part="train")
    kept = [d for d in gold if d.spans or rng.random() < recipe.negatives]
    return _from_gold(kept, mapped_labels(HEDDES_MAPPING))


def read_scirex_kg(paths: DataPaths, abstracts: Iterable[GoldDoc]) -> list[GoldDoc]:
    """SciREX train abstracts annotated under kg's guidelines (:attr:`DataPaths.scirex_annotations`).

    The file has the format of the seed annotations (:func:`kg.gold.read_kg`), its ``paper`` being SciREX's
    ``doc_id`` and its text the abstract that :func:`read_scirex` gives, title included.
    """
    papers = tuple(Paper(id=d.id, title="", abstract=d.text, source=d.source) for d in abstracts)
    corpus = Corpus(papers=papers, records=len(papers), files=(paths.scirex_train,))
    return list(read_kg(_require_file(paths.scirex_annotations, "kg annotations of SciREX abstracts"),
                        corpus=corpus, split="train"))


def _ngrams(text: str, n: int) -> set[tuple[str, ...]]:
    words = [w for w in re.findall(r"[a-z]+", text.lower())]
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def drop_overlapping(docs: Iterable[GoldDoc], references: Iterable[str], *, n: int = 8,
                     threshold: int = 5) -> list[GoldDoc]:
    """The documents that share fewer than ``threshold`` word ``n``-grams with the reference texts.

    Keeps a paper that a development set also holds (in another corpus) out of training.

    Examples
    --------
    >>> ref = "we propose a new method for object detection that runs in real time on mobile devices"
    >>> docs = [GoldDoc("a", ref.upper(), (), ""), GoldDoc("b", "something else entirely", (), "")]
    >>> [d.id for d in drop_overlapping(docs, [ref], threshold=2)]
    ['b']
    """
    seen: set[tuple[str, ...]] = set()
    for text in references:
        seen |= _ngrams(text, n)
    return [d for d in docs if len(_ngrams(d.text, n) & seen) < threshold]


def _measured_texts(paths: DataPaths) -> list[str]:
    """Texts of the development sets that could share papers with a training corpus (seed dev, SciER dev)."""
    texts: list[str] = []
    if paths.seeds_split("dev").is_file():
        texts += [d.text for d in read_kg(paths.seeds_split("dev"), corpus=[paths.seeds], split="dev")]
    if paths.scier_dev.is_file():
        texts += [d.text for d in read_scier(paths.scier_dev)]
    return texts


def _scirex_words(words: Sequence[str], start: int, end: int) -> list[int]:
    """Indices of ``words[start:end]`` without SciREX's ``document :`` and ``section : Abstract`` markers."""
    keep: list[int] = []
    i = start
    while i < end:
        if words[i:i + 2] == ["document", ":"]:
            i += 2
        elif words[i:i + 3] == ["section", ":", "Abstract"]:
            i += 3
        else:
            keep.append(i)
            i += 1
    return keep


def read_scirex(path: Path, *, part: Literal["abstract", "body"] = "abstract", mapping: LabelMap = SCIREX_MAPPING,
                max_words: int = 400, per_paper: int = 15, seed: int = 0) -> Iterator[GoldDoc]:
    """SciREX papers as GoldDocs: the title and abstract of each, or sentences sampled from the body.

    Parameters
    ----------
    path : Path
        SciREX JSON Lines, gzipped.
    part : str
        ``"abstract"``: the first section, or the first two when the first holds only the title (papers whose
        opening is longer than ``max_words`` are skipped). ``"body"``: up to ``per_paper`` sentences of 8 to 80
        words with at least one mapped mention, drawn at random (``seed``) from after the abstract.
    mapping : mapping of str to str or None
        SciREX label -> kg label.
    """
    rng = random.Random(seed)
    for line, row in enumerate(gzip.decompress(path.read_bytes()).decode("utf-8").split("\n"), start=1):
        if not row.strip():
            continue
        record = json.loads(row)
        words, sections, mentions = record["words"], record["sections"], record["ner"]
        start, end = sections[0]
        if end - start < 30 and len(sections) > 1:
            end = sections[1][1]
        doc_id = str(record.get("doc_id", line))
        if part == "abstract":
            if end - start <= max_words:
                yield _scirex_doc(doc_id, words, start, end, mentions, mapping, f"{path}:{line}")
            continue
        labelled = {i for first, stop, kind in mentions if mapping.get(kind) for i in range(first, stop)}
        body = [(a, b) for a, b in record["sentences"] if a >= end and 8 <= b - a <= 80
                and labelled.intersection(range(a, b))]
        for a, b in sorted(rng.sample(body, min(per_paper, len(body)))):
            yield _scirex_doc(f"{doc_id}:{a}", words, a, b, mentions, mapping, f"{path}:{line}")


def _scirex_doc(doc_id: str, words: Sequence[str], start: int, end: int, mentions: Sequence[Sequence[Any]],
                mapping: LabelMap, source: str) -> GoldDoc:
    """Words ``[start, end)`` of a SciREX paper as text, with the mentions that lie inside."""
    keep = _scirex_words(words, start, end)
    text, offsets = detokenize([words[i] for i in keep], join_hyphens=True)
    position = {i: k for k, i in enumerate(keep)}
    spans: list[Span] = []
    for first, stop, kind in mentions:
        label = mapping.get(kind)
        inside = [position[i] for i in range(first, stop) if i in position]
        if label is not None and first >= start and stop <= end and inside:
            span = (offsets[inside[0]][0], offsets[inside[-1]][1], label)
            if span[0] < span[1]:
                spans.append(span)
    return GoldDoc(doc_id, text, tuple(sorted(set(spans))), source)


# ---------------------------------------------------------------------------------------------- conversion


def make_doc(nlp: Language, doc: TrainingDoc, *, absent: str = "candidates") -> tuple[Doc, ConversionStats]:
    """A spaCy ``Doc`` of ``doc.text`` with gold entities, ``O`` and missing tokens set as ``absent`` says.

    Spans whose boundaries fall inside a token, and spans overlapped by a longer one, are dropped and their
    tokens marked missing (counted in the stats). Tokens outside the spans are ``O``, except: under
    ``"missing"`` all of them when the corpus lacks some label, under ``"candidates"`` those in ``doc.unknown``.

    Examples
    --------
    >>> nlp = spacy.blank("en")
    >>> d = TrainingDoc("d", "BERT on SQuAD for QA.", ((0, 4, "METHOD"), (18, 20, "TASK")), ("METHOD", "TASK"),
    ...                 ((8, 13),))
    >>> doc, stats = make_doc(nlp, d)
    >>> [t.ent_iob_ + ("-" + t.ent_type_ if t.ent_type_ else "") for t in doc]
    ['B-METHOD', 'O', '', 'O', 'B-TASK', 'O']
    >>> stats.kept, stats.missing_tokens
    (2, 1)
    """
    spacy_doc = nlp.make_doc(doc.text)
    missing: set[int] = set()
    misaligned = 0
    candidates: list[SpacySpan] = []
    for start, end, label in doc.spans:
        span = spacy_doc.char_span(start, end, label=label)
        if span is None:
            misaligned += 1
            wide = spacy_doc.char_span(start, end, alignment_mode="expand")
            missing.update(range(wide.start, wide.end) if wide is not None else ())
        else:
            candidates.append(span)
    entities: list[SpacySpan] = []
    taken: set[int] = set()
    for span in sorted(candidates, key=lambda s: (-(s.end - s.start), s.start)):
        if taken.isdisjoint(range(span.start, span.end)):
            taken.update(range(span.start, span.end))
            entities.append(span)
        else:
            missing.update(range(span.start, span.end))
    partial = set(doc.labels) != set(LABELS)
    if absent == "missing" and partial:
        missing.update(range(len(spacy_doc)))
    elif absent == "candidates":
        for start, end in doc.unknown:
            wide = spacy_doc.char_span(start, end, alignment_mode="expand")
            if wide is not None:
                missing.update(range(wide.start, wide.end))
    missing -= taken
    spacy_doc.set_ents(sorted(entities, key=lambda s: s.start), missing=_runs(spacy_doc, missing),
                       default="outside")
    stats = ConversionStats(docs=1, tokens=len(spacy_doc), spans=len(doc.spans), kept=len(entities),
                            misaligned=misaligned, overlapping=len(candidates) - len(entities),
                            missing_tokens=len(missing))
    return spacy_doc, stats


def _runs(doc: Doc, tokens: Iterable[int]) -> list[SpacySpan]:
    """Contiguous runs of token indices as spans."""
    runs: list[SpacySpan] = []
    start = previous = -2
    for i in sorted(tokens):
        if i != previous + 1:
            if start >= 0:
                runs.append(doc[start:previous + 1])
            start = i
        previous = i
    if start >= 0:
        runs.append(doc[start:previous + 1])
    return runs


def to_docbin(nlp: Language, sources: Iterable[TrainingSource], *,
              absent: str = "candidates") -> tuple[DocBin, dict[str, ConversionStats]]:
    """Convert training sources into one ``DocBin``, each document repeated ``source.weight`` times.

    Returns
    -------
    DocBin, dict of str to ConversionStats
        The documents and, per source, what happened to its spans (copies not counted).

    Examples
    --------
    >>> source = TrainingSource("s", (TrainingDoc("d", "We use BERT.", ((7, 11, "METHOD"),)),), weight=3)
    >>> docbin, stats = to_docbin(spacy.blank("en"), [source])
    >>> len(docbin), stats["s"].kept
    (3, 1)
    """
    docbin = DocBin(attrs=["ENT_IOB", "ENT_TYPE"], store_user_data=False)
    stats: dict[str, ConversionStats] = {}
    for source in sources:
        total = ConversionStats()
        for doc in source.docs:
            spacy_doc, doc_stats = make_doc(nlp, doc, absent=absent)
            total += doc_stats
            for _ in range(source.weight):
                docbin.add(spacy_doc)
        stats[source.name] = total
    return docbin, stats


# ------------------------------------------------------------------------------------------------- training


def train_ner(train: Path, dev: Path, output: Path, *, config: Path = DEFAULT_CONFIG, seed: int = 0,
              overrides: Mapping[str, Any] | None = None, log: TextIO | None = None) -> tuple[Path, float]:
    """Train the ``ner`` of ``config`` on DocBin files with spaCy's training loop (CPU).

    Parameters
    ----------
    train, dev : Path
        ``.spacy`` DocBin files; ``dev`` selects the best model (``ents_f``).
    output : Path
        Folder for ``model-best`` and ``model-last`` (replaced if present).
    config : Path
        A spaCy training config; :data:`DEFAULT_CONFIG` by default.
    seed : int
        ``system.seed``: fixes weight initialisation, shuffling and dropout.
    overrides : mapping, optional
        Config overrides, e.g. ``{"training.max_steps": 200}``.
    log : text stream, optional
        Where spaCy's progress table goes (discarded when left out: the library prints nothing).

    Returns
    -------
    Path, float
        The best model's folder and the training time in seconds.

    Raises
    ------
    TrainError
        A missing config, or spaCy failed (its error is chained).
    """
    from spacy.training.initialize import init_nlp
    from spacy.training.loop import train as train_loop

    if not config.is_file():
        raise TrainError(TrainMessages.NO_CONFIG.format(path=config))
    settings = {"paths.train": str(train), "paths.dev": str(dev), "system.seed": seed, **(overrides or {})}
    sink = log if log is not None else _NullStream()
    if output.exists():
        shutil.rmtree(output)
    output.mkdir(parents=True)
    started = perf_counter()
    try:
        loaded = spacy.util.load_config(config, overrides=settings, interpolate=False)
        nlp = init_nlp(loaded, use_gpu=-1)
        train_loop(nlp, output, use_gpu=-1, stdout=sink, stderr=sink)  # type: ignore[arg-type]
    except (ValueError, KeyError, OSError) as err:
        raise TrainError(TrainMessages.SPACY_FAILED.format(error=err)) from err
    seconds = perf_counter() - started
    best = output / "model-best"
    if not (best / "config.cfg").is_file():
        raise TrainError(TrainMessages.NO_MODEL.format(path=best))
    return best, seconds


class _NullStream:
    """A write-only text sink."""

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass


# -------------------------------------------------------------------------------------------------- ensemble


#: Where the training data of the shipped model comes from, and under which terms (``nlp.meta["sources"]``).
SOURCE_META: Mapping[str, Mapping[str, str]] = MappingProxyType({
    "seeds": {"name": "kg seed annotations (train split)", "license": "MIT (offsets; text from the user's pages)"},
    "scierc": {"name": "SciERC train (Luan et al. 2018)", "url": "https://github.com/allenai/scibert",
               "license": "Apache-2.0"},
    "tdmsci": {"name": "TDMSci train minus its dev fifth (Hou et al. 2021)",
               "url": "https://github.com/IBM/science-result-extractor", "license": "Apache-2.0"},
    "heddes": {"name": "Dataset names train minus its dev fifth (Heddes et al. 2021)",
               "url": "https://github.com/xjaeh/ner_dataset_recognition", "license": "CC BY 4.0"},
    "scirex-kg": {"name": "SciREX train abstracts annotated under kg's guidelines (offsets; text: Jain et al. 2020)",
                  "url": "https://github.com/allenai/SciREX", "license": "MIT (offsets); Apache-2.0 (text)"},
    "scirex": {"name": "SciREX train abstracts (Jain et al. 2020)", "url": "https://github.com/allenai/SciREX",
               "license": "Apache-2.0"},
    "scirex-body": {"name": "SciREX train body sentences (Jain et al. 2020)",
                    "url": "https://github.com/allenai/SciREX", "license": "Apache-2.0"},
})


def pipeline_meta(recipe: Recipe, *, seed: int = 0) -> dict[str, Any]:
    """``nlp.meta`` entries of the shipped pipeline: name, version, what it was trained on and the terms.

    Examples
    --------
    >>> meta = pipeline_meta(Recipe(sources=("seeds", "scierc")))
    >>> meta["name"], [s["license"] for s in meta["sources"]][1]
    ('kg_ner', 'Apache-2.0')
    """
    try:
        kg_version = version("kg")
    except PackageNotFoundError:
        kg_version = "0.0.0"
    return {
        "name": "kg_ner", "version": kg_version,
        "description": ("kg's METHOD/DATASET/TASK recogniser: a CNN ner trained by kg.train, combined with kg's "
                        "rule components (abbreviations, gazetteer, cues, resolver)."),
        "license": ("model weights: trained on the sources listed; gazetteer patterns: CC BY-SA 4.0 "
                    "(Papers with Code data); kg code: MIT"),
        "sources": [dict(SOURCE_META[name]) for name in recipe.sources if name in SOURCE_META],
        "kg_recipe": {"sources": list(recipe.sources), "seed_weight": recipe.seed_weight, "absent": recipe.absent,
                      "conventions": recipe.conventions, "names": recipe.names, "negatives": recipe.negatives,
                      "max_steps": recipe.max_steps, "seed": seed},
    }


def save_pipeline(nlp: Language, path: Path) -> int:
    """Write ``nlp`` to ``path`` (replacing it) and return its size in bytes.

    The training-data paths in its config are blanked: they name folders of the machine it was trained on.
    """
    if path.exists():
        shutil.rmtree(path)
    nlp.to_disk(path)
    config = spacy.util.load_config(path / "config.cfg")
    if "paths" in config:
        config["paths"].update({key: None for key in ("train", "dev") if key in config["paths"]})
        config.to_disk(path / "config.cfg")
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def _scores_meta(reports: Mapping[str, Mapping[str, Report]], speed: Mapping[str, float]) -> dict[str, Any]:
    """Exact micro F1 (percent) per mode and development set, and words/s: what ``meta["kg_scores"]`` records."""
    return {mode: {"words_per_second": round(speed.get(mode, 0.0)),
                   **{name: round(100 * report.exact["micro"].f1, 1) for name, report in sets.items()}}
            for mode, sets in reports.items()}


# ------------------------------------------------------------------------------------------------ measuring


#: Development sets :func:`evaluation_sets` knows; ``NAME:kg`` is NAME with its gold moved to kg's conventions.
EVAL_SETS: tuple[str, ...] = ("seeds-dev", "scierc-dev", "tdmsci-heldout", "heddes-heldout", "scier-dev",
                              "scierc-dev:kg", "tdmsci-heldout:kg", "heddes-heldout:kg")


def evaluation_sets(paths: DataPaths, *, include: Iterable[str] = EVAL_SETS) -> list[EvalSet]:
    """The development sets kg is measured on (never a test split).

    ``seeds-dev`` (kg's dev annotations), ``scierc-dev`` (Method, Task), ``tdmsci-heldout`` and
    ``heddes-heldout`` (the fifth :func:`kg.gold.holdout` keeps out of training), ``scier-dev`` (GPL-3.0:
    measured on, never trained on). ``NAME:kg`` scores the same documents against gold moved to kg's
    guidelines by :func:`apply_conventions` (generic heads left out, acronyms split; spans that become unknown
    are dropped, so predictions there count as wrong): it separates convention differences from errors.

    Raises
    ------
    TrainError
        A missing file.
    """
    requested = set(include)
    wanted = requested | {name.removesuffix(":kg") for name in requested}
    sets: list[EvalSet] = []
    if "seeds-dev" in wanted:
        path = _require_file(paths.seeds_split("dev"), "kg seed annotations")
        sets.append(EvalSet("seeds-dev", tuple(read_kg(path, corpus=[paths.seeds], split="dev")), LABELS,
                            MappingProxyType({label: label for label in LABELS}), str(path)))
    if "scierc-dev" in wanted:
        path = _require_file(paths.scierc_dev, "SciERC dev")
        sets.append(EvalSet("scierc-dev", tuple(read_scierc(path)), mapped_labels(SCIERC_MAPPING), SCIERC_MAPPING,
                            str(path)))
    for name, path, reader, mapping in (
            ("tdmsci-heldout", paths.tdmsci_train, read_tdmsci, TDMSCI_MAPPING),
            ("heddes-heldout", paths.heddes_train, read_heddes, HEDDES_MAPPING)):
        if name in wanted:
            docs = tuple(holdout(reader(_require_file(path, name))))
            sets.append(EvalSet(name, docs, mapped_labels(mapping), mapping, str(path), "dev fifth"))
    if "scier-dev" in wanted:
        path = _require_file(paths.scier_dev, "SciER dev")
        sets.append(EvalSet("scier-dev", tuple(read_scier(path)), mapped_labels(SCIER_MAPPING), SCIER_MAPPING,
                            str(path)))
    for raw in list(sets):
        if f"{raw.name}:kg" in wanted:
            corpus = raw.name.split("-")[0]
            docs = tuple(replace(d, spans=apply_conventions(TrainingDoc(d.id, d.text, d.spans), corpus=corpus).spans)
                         for d in raw.docs)
            sets.append(replace(raw, name=f"{raw.name}:kg", docs=docs, selection=f"{raw.selection}, kg conventions"))
    return [s for s in sets if s.name in requested]


def evaluate_sets(nlp: Language, sets: Iterable[EvalSet], *, model: str = "") -> dict[str, Report]:
    """Score ``nlp`` on each development set with :func:`kg.evaluate.evaluate`."""
    return {s.name: evaluate(nlp, s.docs, labels=s.labels, mapping=s.mapping, gold=s.gold, format=s.name,
                             selection=s.selection, model=model) for s in sets}


def measure_speed(nlp: Language, texts: Sequence[str], *, repeats: int = 3, batch_size: int = 64) -> float:
    """Words (spaCy tokens) per second of ``nlp.pipe`` in one process: the best of ``repeats`` passes.

    Examples
    --------
    >>> measure_speed(spacy.blank("en"), ["a b c"] * 10) > 0
    True
    """
    best = 0.0
    for _ in range(repeats):
        started = perf_counter()
        words = sum(len(doc) for doc in nlp.pipe(texts, batch_size=batch_size))
        best = max(best, words / max(perf_counter() - started, 1e-9))
    return best


def seed_texts(paths: DataPaths) -> list[str]:
    """The abstracts of the seed pages (every distinct paper), for speed measurements."""
    return [paper.abstract for paper in read_corpus([paths.seeds]).papers]


# ------------------------------------------------------------------------------------------------ the recipe


def run_training(paths: DataPaths, out: Path, *, recipe: Recipe | None = None, seed: int = 0,
                 config: Path = DEFAULT_CONFIG, overrides: Mapping[str, Any] | None = None,
                 modes: Sequence[str] = ("union",), evaluate_on: Iterable[str] | None = None,
                 log: TextIO | None = None,
                 progress: Callable[[str], None] | None = None) -> TrainResult:
    """The whole recipe: read and map the corpora, write DocBins, train, combine with rules, save, measure.

    Writes under ``out``: ``corpus/{train,dev}.spacy``, ``ner/`` (spaCy's training output) and ``model/``: the
    trained ``tok2vec`` + ``ner`` with kg's meta (recipe, sources, licences, ``kg_mode``: the first of ``modes``,
    and ``kg_scores``). ``kg build --model OUT/model`` combines it with the rules; copied to ``kg/nlp/model`` it
    is the shipped default.

    Parameters
    ----------
    paths : DataPaths
    out : Path
    recipe : Recipe
    seed : int
        Random seed of sampling and training.
    config : Path
        spaCy training config.
    overrides : mapping, optional
        spaCy config overrides (``training.max_steps`` is set from ``recipe``).
    modes : sequence of str
        Pipelines to measure (:data:`MODES`); the first is how ``model/`` combines with the rules when loaded.
    evaluate_on : iterable of str, optional
        Development sets (:func:`evaluation_sets` names); all when left out, none when empty.
    log : text stream, optional
        spaCy's training progress table.
    progress : callable, optional
        Called with a short message at each stage.

    Raises
    ------
    TrainError, GoldError
    """
    def say(message: str) -> None:
        logger.info(message)
        if progress is not None:
            progress(message)

    recipe = recipe or Recipe()
    for mode in modes:
        if mode not in MODES:
            raise TrainError(TrainMessages.UNKNOWN_POLICY.format(what="mode", name=mode, known=list(MODES)))
    say("reading training corpora")
    sources = read_sources(paths, recipe, seed=seed)
    blank = spacy.blank("en")
    train_bin, conversion = to_docbin(blank, sources, absent=recipe.absent)
    dev_docs = [TrainingDoc(d.id, d.text, d.spans) for d in read_kg(
        _require_file(paths.seeds_split("dev"), "kg seed annotations"), corpus=[paths.seeds], split="dev")]
    dev_bin, _ = to_docbin(blank, [TrainingSource("seeds-dev", tuple(dev_docs))])
    corpus_dir = out / "corpus"
    corpus_dir.mkdir(parents=True, exist_ok=True)
    train_bin.to_disk(corpus_dir / "train.spacy")
    dev_bin.to_disk(corpus_dir / "dev.spacy")
    say(f"training on {len(train_bin)} documents ({recipe.max_steps} steps)")
    settings = {"training.max_steps": recipe.max_steps, **(overrides or {})}
    model, seconds = train_ner(corpus_dir / "train.spacy", corpus_dir / "dev.spacy", out / "ner", config=config,
                               seed=seed, overrides=settings, log=log)
    rules = build_rules_pipeline()
    shipped = spacy.load(model)
    shipped.meta.update(pipeline_meta(recipe, seed=seed), kg_mode=modes[0] if modes else "union")
    size = save_pipeline(shipped, out / "model")
    reports: dict[str, dict[str, Report]] = {}
    speed: dict[str, float] = {}
    sets = evaluation_sets(paths, **({} if evaluate_on is None else {"include": evaluate_on}))
    if sets:
        texts = seed_texts(paths)
        for mode in modes:
            say(f"measuring {mode}")
            nlp = build_trained_pipeline(model, mode=mode, rules=rules)
            reports[mode] = evaluate_sets(nlp, sets, model=f"{model} ({mode})")
            speed[mode] = measure_speed(nlp, texts)
        meta_path = out / "model" / "meta.json"
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        meta["kg_scores"] = _scores_meta(reports, speed)
        meta_path.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return TrainResult(model=model, pipeline=out / "model", seconds=seconds, size_bytes=size,
                       conversion=MappingProxyType(conversion),
                       reports=MappingProxyType({k: MappingProxyType(v) for k, v in reports.items()}),
                       speed=MappingProxyType(speed))
