"""Turning :class:`~kg.train.records.TrainingDoc` records into a spaCy ``DocBin`` with gold, ``O`` and missing
tokens."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.language import Language
from spacy.tokens import Doc, DocBin
from spacy.tokens import Span as SpacySpan

from kg.records import LABELS
from kg.train.records import ConversionStats, TrainingDoc, TrainingSource


def make_doc(nlp: Language, doc: TrainingDoc, *, absent: str = "candidates") -> tuple[Doc, ConversionStats]:
    """A spaCy ``Doc`` of ``doc.text`` with gold entities, ``O`` and missing tokens set as ``absent`` says.

    Spans whose boundaries fall inside a token, and spans overlapped by a longer one, are dropped and their
    tokens marked missing (counted in the stats). Tokens outside the spans are ``O``, except: under
    ``"missing"`` all of them when the corpus lacks some label, under ``"candidates"`` those in ``doc.unknown``.

    Examples
    --------
    >>> import spacy
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
    >>> import spacy
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
