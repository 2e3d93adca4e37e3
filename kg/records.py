"""The records that stages pass each other: Paper -> Mention (PaperExtraction, Extraction) -> Entity, and the
settings of a build.

They are frozen dataclasses so that a stage can never change what an earlier stage produced.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from kg.errors import BuildError, Messages

#: The entity labels kg extracts, in display order.
LABELS: tuple[str, ...] = ("METHOD", "DATASET", "TASK")


@dataclass(frozen=True)
class Paper:
    """One paper: a title and its abstract, after duplicates have been merged.

    Attributes
    ----------
    id : str
        Stable identifier: the ``id`` given in the input, else ``"t-"`` plus a hash of the normalised title.
    title, abstract : str
        Text as read (whitespace inside kept as is).
    date : str or None
        ISO 8601 date: ``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY``, or ``--MM-DD`` when a page shows a day without a year.
    url : str or None
        Link to the paper, when the input has one.
    source, line : str, int
        File and 1-based line of the first record of this paper.
    also_in : tuple of str
        ``file:line`` of every further record that was merged into this one.
    authors : tuple of str
        Author names as the source writes them, in order.
    year : int or None
        Year of publication (from the source's year field, else from its date).
    venue, doi : str or None
        Journal, conference or repository; DOI without its ``https://doi.org/`` prefix.
    arxiv_id : str or None
        arXiv identifier without its version (``"2401.01234"``).
    ids : tuple of (str, str)
        The source's own ids, e.g. ``("openalex", "W123")``, ``("s2", "abc")``, ``("hf", "2401.01234")``.
    """

    id: str
    title: str
    abstract: str
    date: str | None = None
    url: str | None = None
    source: str = ""
    line: int = 0
    also_in: tuple[str, ...] = field(default_factory=tuple)
    authors: tuple[str, ...] = ()
    year: int | None = None
    venue: str | None = None
    doi: str | None = None
    arxiv_id: str | None = None
    ids: tuple[tuple[str, str], ...] = ()

    @property
    def content_hash(self) -> str:
        """SHA-1 of title and abstract: what extraction depends on."""
        return hashlib.sha1(f"{self.title}\n{self.abstract}".encode()).hexdigest()

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)} | {
            "also_in": list(self.also_in), "authors": list(self.authors), "ids": dict(self.ids)}


@dataclass(frozen=True)
class Mention:
    """One entity mention in an abstract.

    ``start``/``end`` are character offsets into ``Paper.abstract`` (``abstract[start:end] == text``);
    ``sentence`` is the 0-based index of the sentence holding the mention; ``source`` names the rule or
    model that found it.
    """

    paper_id: str
    sentence: int
    start: int
    end: int
    text: str
    label: str
    source: str
    score: float = 1.0

    def to_dict(self) -> dict[str, Any]:
        # Written once per mention: spelled out, as dataclasses.asdict deep-copies and is ten times slower.
        return {"paper_id": self.paper_id, "sentence": self.sentence, "start": self.start, "end": self.end,
                "text": self.text, "label": self.label, "source": self.source, "score": self.score}


@dataclass(frozen=True)
class Entity:
    """A canonical entity: the mentions of one concept, as the resolution stage decided (see :mod:`kg.resolve`).

    ``id`` is ``label.lower() + ":" + key``; ``name`` is the most frequent surface form; ``aliases`` are the
    other surface forms (abbreviations and long forms included); ``papers``/``mentions`` count its support.
    ``confidence`` weighs the corpus's evidence for it; an entity that is not ``kept`` (``reason`` says why: a
    junk rule of the guidelines, or too little evidence) stays in ``entities.jsonl`` and out of the graph.
    ``pwc_id``, ``pwc_name`` and ``pwc_area`` link it to the Papers with Code taxonomy where a name matches
    (:mod:`kg.resolve.links`; ``""`` where none does, and ``pwc_id`` also for datasets, which the list keeps no id of).
    """

    id: str
    label: str
    key: str
    name: str
    aliases: tuple[str, ...]
    papers: int
    mentions: int
    confidence: float = 1.0
    kept: bool = True
    reason: str = ""
    pwc_id: str = ""
    pwc_name: str = ""
    pwc_area: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)} | {"aliases": list(self.aliases)}


@dataclass(frozen=True)
class Alias:
    """One row of ``aliases.tsv``: a surface form, the entity it joined, the rule that decided, its papers."""

    surface: str
    label: str
    entity: str
    rule: str
    papers: int


@dataclass(frozen=True)
class Candidate:
    """One row of ``merges.tsv``: a merge that was considered and not made, with the evidence against it."""

    surface: str
    entities: tuple[str, ...]
    reason: str
    evidence: str


@dataclass(frozen=True)
class Definition:
    """A short form defined in a paper: ``long (short)`` or ``short (long)``, both with ``label``; ``label`` is
    ``""`` where the long form is no name of its own, a word that names use ("out-of-distribution (OOD)")."""

    paper_id: str
    label: str
    short: str
    long: str


@dataclass(frozen=True)
class PaperExtraction:
    """What extraction found in one abstract (the unit the incremental cache stores): mentions, abbreviation
    definitions as (label, short, long), the character spans of its sentences, and its number of words."""

    mentions: tuple[Mention, ...]
    abbreviations: tuple[tuple[str, str, str], ...]
    sentences: tuple[tuple[int, int], ...]
    words: int


@dataclass(frozen=True)
class Extraction:
    """What extraction found in a corpus: every mention, every short form a paper defines, the character spans of
    each abstract's sentences (so that evidence can be shown as text), and the words read."""

    mentions: tuple[Mention, ...] = ()
    definitions: tuple[Definition, ...] = ()
    sentences: dict[str, tuple[tuple[int, int], ...]] = field(default_factory=dict)
    words: int = 0

    @classmethod
    def of(cls, found: Iterable[tuple[str, PaperExtraction]]) -> Extraction:
        """The extraction of a corpus from ``(paper id, PaperExtraction)`` pairs, in corpus order.

        >>> one = PaperExtraction((Mention("p1", 0, 0, 4, "BERT", "METHOD", "r"),), (), ((0, 10),), 2)
        >>> e = Extraction.of([("p1", one), ("p2", PaperExtraction((), (), ((0, 5),), 1))])
        >>> len(e.mentions), e.sentences["p2"], e.words
        (1, ((0, 5),), 3)
        """
        mentions: list[Mention] = []
        definitions: list[Definition] = []
        sentences: dict[str, tuple[tuple[int, int], ...]] = {}
        words = 0
        for paper_id, paper in found:
            mentions.extend(paper.mentions)
            definitions.extend(Definition(paper_id, *found) for found in paper.abbreviations)
            sentences[paper_id] = paper.sentences
            words += paper.words
        return cls(tuple(mentions), tuple(definitions), sentences, words)


#: The most co-mention edges a build keeps by default (``--max-edges``; 0 keeps every pair): about what one machine
#: with 16 GB holds with their evidence and communities. A million abstracts like the seeds give 44 million pairs,
#: 40 million of them in one paper only.
MAX_EDGES = 15_000_000


@dataclass(frozen=True)
class BuildSettings:
    """How to build: made once, at the command line's edge, and checked there.

    ``model`` is ``"default"``, ``"rules"`` or the folder of a saved pipeline; ``workers`` processes extract and
    write; ``cache`` reuses what the same model found in unchanged abstracts; ``min_papers``/``max_q`` filter the
    co-mention edges; ``thesaurus`` is a VOSviewer-style file applied to the entities; ``resolution`` and ``seed``
    steer Louvain and the layout; ``html_max_nodes``/``html_max_edges`` bound the page; ``keep_all`` keeps the
    entities that resolution judged junk or too weakly supported in the graph; ``input_format`` forces one reader
    for every input (``None``: detected from each file's content); ``skip_bad_files`` warns about an unreadable input
    file and goes on without it; ``db`` writes the embedded graph database ``graph.lbug``; ``dask`` is the address
    of a Dask scheduler (or ``local[:N]``) to extract and count pairs on; ``max_edges`` bounds the edges kept (0: no
    bound): past it, ``min_papers`` is raised until they fit.

    >>> BuildSettings(max_q=2)
    Traceback (most recent call last):
    ...
    kg.errors.BuildError: expected --min-papers >= 1, 0 < --max-q <= 1, --resolution > 0 and --max-edges >= 0
    """

    model: str = "default"
    batch_size: int = 64
    workers: int = 1
    html: bool = True
    cache: bool = True
    min_papers: int = 1
    max_q: float | None = None
    thesaurus: Path | None = None
    resolution: float = 1.0
    seed: int = 0
    html_max_nodes: int | None = 2000
    html_max_edges: int | None = 10000
    keep_all: bool = False
    input_format: str | None = None
    skip_bad_files: bool = False
    db: bool = True
    dask: str | None = None
    max_edges: int = MAX_EDGES

    def __post_init__(self) -> None:
        if (self.min_papers < 1 or (self.max_q is not None and not 0 < self.max_q <= 1) or self.resolution <= 0
                or self.max_edges < 0):
            raise BuildError(Messages.BAD_FILTERS)
        if self.batch_size < 1 or self.workers < 1:
            raise BuildError(Messages.BAD_WORKERS)
