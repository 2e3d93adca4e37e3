"""Measuring extraction against gold annotations: precision, recall and F1 per label, exact and partial.

A prediction is a ``doc.ents`` span; it counts as correct under

* **exact** matching when a gold span has the same start, end and label;
* **partial** matching when it overlaps a gold span of the same label. Each gold and each predicted span is
  matched at most once, greedily by overlap (largest first, exact pairs first on ties, so partial >= exact).

Only the labels the gold corpus annotates are scored (:attr:`kg.gold.GoldSet.labels`): predictions of other
labels are ignored, so a pipeline is not charged for DATASET spans on a corpus without DATASET annotations.
Micro scores add the counts of the scored labels.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from time import perf_counter
from types import MappingProxyType
from typing import Any

from spacy.language import Language

from kg.corpus import Corpus
from kg.gold import DEFAULT_CORPUS, GoldDoc, LabelMap, Span, holdout, read_gold
from kg.nlp.pipeline import DEFAULT, load_pipeline
from kg.records import LABELS

__all__ = ["MICRO", "Counts", "Report", "evaluate", "format_report", "match_exact", "match_partial",
           "run_evaluation", "score_spans"]

#: Key of the micro-averaged row in :attr:`Report.exact` / :attr:`Report.partial`.
MICRO = "micro"


@dataclass(frozen=True)
class Counts:
    """Gold, predicted and correct span counts, and the scores they give (0.0 where undefined).

    Examples
    --------
    >>> c = Counts(gold=4, predicted=2, correct=1)
    >>> c.precision, c.recall, round(c.f1, 3)
    (0.5, 0.25, 0.333)
    >>> (c + Counts(2, 2, 2)).correct
    3
    """

    gold: int = 0
    predicted: int = 0
    correct: int = 0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.gold + other.gold, self.predicted + other.predicted, self.correct + other.correct)

    def to_dict(self) -> dict[str, float]:
        return {"gold": self.gold, "predicted": self.predicted, "correct": self.correct,
                "precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


def match_exact(gold: Iterable[Span], predicted: Iterable[Span]) -> set[Span]:
    """The predicted spans that equal a gold span (start, end and label).

    >>> sorted(match_exact([(0, 4, "METHOD"), (9, 14, "TASK")], [(0, 4, "METHOD"), (9, 14, "METHOD")]))
    [(0, 4, 'METHOD')]
    """
    return set(gold) & set(predicted)


def match_partial(gold: Iterable[Span], predicted: Iterable[Span]) -> list[tuple[Span, Span]]:
    """Pairs ``(gold, predicted)`` of overlapping spans with the same label, each span used at most once.

    Pairs are taken greedily by overlap in characters, largest first; on ties exact pairs come first, then
    position, so the result is deterministic and never has fewer pairs than :func:`match_exact`.

    Examples
    --------
    >>> gold = [(0, 10, "TASK"), (12, 20, "TASK")]
    >>> match_partial(gold, [(4, 15, "TASK"), (14, 20, "TASK"), (0, 3, "METHOD")])
    [((0, 10, 'TASK'), (4, 15, 'TASK')), ((12, 20, 'TASK'), (14, 20, 'TASK'))]
    """
    gold_spans, pred_spans = sorted(set(gold)), sorted(set(predicted))
    candidates = []
    for g in gold_spans:
        for p in pred_spans:
            overlap = min(g[1], p[1]) - max(g[0], p[0])
            if overlap > 0 and g[2] == p[2]:
                candidates.append((-overlap, g != p, g, p))
    candidates.sort()
    used_gold: set[Span] = set()
    used_pred: set[Span] = set()
    pairs: list[tuple[Span, Span]] = []
    for _, _, g, p in candidates:
        if g not in used_gold and p not in used_pred:
            used_gold.add(g)
            used_pred.add(p)
            pairs.append((g, p))
    return pairs


def score_spans(pairs: Iterable[tuple[Sequence[Span], Sequence[Span]]],
                labels: Sequence[str]) -> tuple[dict[str, Counts], dict[str, Counts]]:
    """Exact and partial counts per label and micro over ``(gold spans, predicted spans)`` of each document.

    Spans whose label is not in ``labels`` are ignored on both sides.

    Examples
    --------
    >>> gold = [(0, 4, "METHOD"), (10, 20, "TASK")]
    >>> pred = [(0, 4, "METHOD"), (10, 15, "TASK"), (30, 35, "DATASET")]
    >>> exact, partial = score_spans([(gold, pred)], ["METHOD", "TASK"])
    >>> exact["TASK"], partial["TASK"], exact["micro"]
    (Counts(gold=1, predicted=1, correct=0), Counts(gold=1, predicted=1, correct=1), Counts(gold=2, predicted=2, correct=1))
    """
    exact = {label: Counts() for label in labels}
    partial = {label: Counts() for label in labels}
    for gold, predicted in pairs:
        gold_kept = {s for s in gold if s[2] in exact}
        pred_kept = {s for s in predicted if s[2] in exact}
        hits = match_exact(gold_kept, pred_kept)
        overlaps = [g for g, _ in match_partial(gold_kept, pred_kept)]
        for label in labels:
            n_gold = sum(1 for s in gold_kept if s[2] == label)
            n_pred = sum(1 for s in pred_kept if s[2] == label)
            exact[label] += Counts(n_gold, n_pred, sum(1 for s in hits if s[2] == label))
            partial[label] += Counts(n_gold, n_pred, sum(1 for s in overlaps if s[2] == label))
    for table in (exact, partial):
        table[MICRO] = sum((table[label] for label in labels), Counts())
    return exact, partial


@dataclass(frozen=True)
class Report:
    """The result of one evaluation.

    Attributes
    ----------
    labels : tuple of str
        The labels scored.
    exact, partial : mapping of str to Counts
        Per label and :data:`MICRO`.
    docs, words : int
        Documents scored and spaCy tokens processed.
    seconds : float
        Time spent inside ``nlp.pipe`` (reading and scoring excluded).
    mapping : mapping of str to str or None
        The gold corpus's label mapping (source label -> kg label; ``None`` dropped).
    gold, format, selection, model : str
        What was measured: gold file, its format, which documents ("all", "dev fifth", ...), and the pipeline.
    """

    labels: tuple[str, ...]
    exact: Mapping[str, Counts]
    partial: Mapping[str, Counts]
    docs: int
    words: int
    seconds: float
    mapping: LabelMap = field(default_factory=lambda: MappingProxyType({}))
    gold: str = ""
    format: str = ""
    selection: str = "all"
    model: str = ""

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data: what was measured, the mapping, exact and partial counts and scores, speed."""
        return {
            "gold": self.gold, "format": self.format, "selection": self.selection, "model": self.model,
            "labels": list(self.labels),
            "mapping": dict(self.mapping),
            "exact": {key: counts.to_dict() for key, counts in self.exact.items()},
            "partial": {key: counts.to_dict() for key, counts in self.partial.items()},
            "docs": self.docs, "words": self.words, "seconds": round(self.seconds, 3),
            "words_per_second": round(self.words_per_second, 1),
        }

    def table(self) -> str:
        """The report as a text table (see :func:`format_report`)."""
        return format_report(self)


def format_report(report: Report) -> str:
    """A text table of exact and partial P/R/F1 per label and micro, headed by what was measured.

    Examples
    --------
    >>> counts = {"TASK": Counts(4, 2, 1), "micro": Counts(4, 2, 1)}
    >>> report = Report(("TASK",), counts, counts, docs=1, words=10, seconds=0.5, gold="g.conll",
    ...                 format="tdmsci", mapping={"TASK": "TASK", "METRIC": None})
    >>> print(format_report(report))  # doctest: +NORMALIZE_WHITESPACE
    g.conll (tdmsci, all): 1 docs, 10 words, 20 words/s
    scored: TASK; mapping: TASK->TASK; dropped: METRIC
             |              exact match               |        partial match
    label    |  gold  pred  corr      P      R     F1 |  corr      P      R     F1
    TASK     |     4     2     1   50.0   25.0   33.3 |     1   50.0   25.0   33.3
    micro    |     4     2     1   50.0   25.0   33.3 |     1   50.0   25.0   33.3
    """
    kept = ", ".join(f"{source}->{target}" for source, target in report.mapping.items() if target is not None)
    dropped = ", ".join(sorted(source for source, target in report.mapping.items() if target is None))
    model = f"; model {report.model}" if report.model else ""
    lines = [
        f"{report.gold} ({report.format}, {report.selection}): {report.docs} docs, {report.words} words, "
        f"{report.words_per_second:,.0f} words/s{model}",
        f"scored: {', '.join(report.labels)}; mapping: {kept or '-'}; dropped: {dropped or '-'}",
        f"{'':<8} | {'exact match':^38} | {'partial match':^26}".rstrip(),
        f"{'label':<8} | {'gold':>5} {'pred':>5} {'corr':>5} {'P':>6} {'R':>6} {'F1':>6} | "
        f"{'corr':>5} {'P':>6} {'R':>6} {'F1':>6}",
    ]
    for key in (*report.labels, MICRO):
        e, p = report.exact[key], report.partial[key]
        lines.append(
            f"{key:<8} | {e.gold:>5} {e.predicted:>5} {e.correct:>5} {100 * e.precision:>6.1f} "
            f"{100 * e.recall:>6.1f} {100 * e.f1:>6.1f} | {p.correct:>5} {100 * p.precision:>6.1f} "
            f"{100 * p.recall:>6.1f} {100 * p.f1:>6.1f}")
    return "\n".join(lines)


def evaluate(nlp: Language, docs: Iterable[GoldDoc], *, labels: Sequence[str] = LABELS,
             mapping: LabelMap | None = None, batch_size: int = 64, n_process: int = 1,
             gold: str = "", format: str = "", selection: str = "all", model: str = "") -> Report:
    """Run ``nlp`` over the gold texts and score ``doc.ents`` against the gold spans.

    Parameters
    ----------
    nlp : Language
        A pipeline that sets ``doc.ents`` (``kg.nlp.load_pipeline``).
    docs : iterable of GoldDoc
    labels : sequence of str
        Labels to score; use the gold corpus's (:attr:`kg.gold.GoldSet.labels`).
    mapping : mapping, optional
        The gold label mapping, only recorded in the report.
    batch_size, n_process : int
        Passed to ``nlp.pipe``.
    gold, format, selection, model : str
        Recorded in the report.

    Returns
    -------
    Report

    Examples
    --------
    >>> from kg.nlp import build_rules_pipeline
    >>> doc = GoldDoc("d1", "We fine-tune BERT for question answering.", ((13, 17, "METHOD"), (22, 40, "TASK")), "")
    >>> report = evaluate(build_rules_pipeline(), [doc], labels=["METHOD", "TASK"])
    >>> report.exact["micro"], report.docs
    (Counts(gold=2, predicted=2, correct=2), 1)
    """
    labels = tuple(labels)
    pairs: list[tuple[Sequence[Span], Sequence[Span]]] = []
    words = 0
    seconds = 0.0
    stream = iter(nlp.pipe(((d.text, d) for d in docs), as_tuples=True, batch_size=batch_size,
                           n_process=n_process))
    while True:
        started = perf_counter()
        item = next(stream, None)
        seconds += perf_counter() - started
        if item is None:
            break
        doc, gold_doc = item
        words += len(doc)
        predicted = [(ent.start_char, ent.end_char, ent.label_) for ent in doc.ents]
        pairs.append((gold_doc.spans, predicted))
    exact, partial = score_spans(pairs, labels)
    return Report(labels=labels, exact=MappingProxyType(exact), partial=MappingProxyType(partial),
                  docs=len(pairs), words=words, seconds=seconds, mapping=MappingProxyType(dict(mapping or {})),
                  gold=gold, format=format, selection=selection, model=model)


def run_evaluation(gold: str | Path, *, model: str = DEFAULT, format: str | None = None, limit: int | None = None,
                   heldout: bool = False, material_as_dataset: bool = False,
                   corpus: Corpus | Iterable[str | Path] = (DEFAULT_CORPUS,), split: str | None = None,
                   batch_size: int = 64, n_process: int = 1) -> Report:
    """Read a gold file, load a pipeline and evaluate it: what ``kg evaluate`` runs.

    Parameters
    ----------
    gold : str or Path
        A gold file in one of :data:`kg.gold.FORMATS`.
    model : str
        ``"default"`` (the shipped model), ``"rules"`` or the path of a saved spaCy pipeline.
    format : str, optional
        Gold format; guessed from the file when left out.
    limit : int, optional
        Score only the first ``limit`` documents (after ``heldout``).
    heldout : bool
        Score only every fifth document (:func:`kg.gold.holdout`): the dev fifth of a corpus that ships only a
        train split (TDMSci, the dataset-name corpus).
    material_as_dataset : bool
        SciERC: score ``Material`` as DATASET.
    corpus, split
        ``kg`` format: where abstracts are read from, and which rows to keep.
    batch_size, n_process : int
        Passed to ``nlp.pipe``.

    Raises
    ------
    GoldError
        The gold file cannot be read.
    BuildError
        ``model`` names no pipeline.
    """
    gold_set = read_gold(gold, format=format, material_as_dataset=material_as_dataset, corpus=corpus, split=split)
    docs: Iterable[GoldDoc] = gold_set.docs
    selection = "all"
    if heldout:
        docs, selection = holdout(docs), "dev fifth (documents 4, 9, 14, ...)"
    if limit is not None:
        docs, selection = islice(docs, limit), f"{selection}, first {limit}"
    nlp = load_pipeline(model)
    return evaluate(nlp, docs, labels=gold_set.labels, mapping=gold_set.mapping, batch_size=batch_size,
                    n_process=n_process, gold=gold_set.path, format=gold_set.format, selection=selection,
                    model=model)
