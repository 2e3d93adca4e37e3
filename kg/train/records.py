"""The records of the training recipe: documents and sources, conversion counts, the recipe's choices, where the
data lives, development sets and the outcome of a run."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from kg.evaluate import Report
from kg.gold import GoldDoc, LabelMap, Span
from kg.records import LABELS

Region = tuple[int, int]

#: How tokens outside the gold spans of a corpus that annotates only some labels are marked (see module doc).
ABSENT_POLICIES: tuple[str, ...] = ("outside", "missing", "candidates")
#: Training corpora :func:`read_sources` knows.
SOURCES: tuple[str, ...] = ("seeds", "scirex-kg", "scierc", "tdmsci", "heddes", "scirex", "scirex-body")
#: Sources annotated under kg's own guidelines: every label, no conventions to apply, weighted like the seeds.
KG_SOURCES = frozenset({"seeds", "scirex-kg"})


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
