"""Papers to mentions with a spaCy pipeline (batched with ``nlp.pipe``)."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc

from kg.nlp.components import ABBREVIATIONS_ATTR
from kg.records import Mention, Paper


@dataclass
class Extraction:
    """What extraction found: mentions, abbreviation definitions as (label, short, long), and the character
    spans of each abstract's sentences (so that evidence can be shown as text)."""

    mentions: list[Mention] = field(default_factory=list)
    abbreviations: list[tuple[str, str, str]] = field(default_factory=list)
    sentences: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    words: int = 0

    def add(self, paper_id: str, found: PaperExtraction) -> None:
        """Append what was found in one paper."""
        self.mentions.extend(found.mentions)
        self.abbreviations.extend(found.abbreviations)
        self.sentences[paper_id] = found.sentences
        self.words += found.words


@dataclass
class PaperExtraction:
    """What extraction found in one abstract (the unit the incremental cache stores)."""

    mentions: list[Mention]
    abbreviations: list[tuple[str, str, str]]
    sentences: list[tuple[int, int]]
    words: int


def extract_each(papers: Iterable[Paper], nlp: Language, *, batch_size: int = 64,
                 n_process: int = 1) -> Iterator[tuple[str, PaperExtraction]]:
    """Run ``nlp`` over the abstracts and yield ``(paper id, PaperExtraction)`` in input order, streaming.

    With ``n_process > 1`` the abstracts are shared out in batches to forked worker processes that return kg's
    small records, not spaCy documents (sending documents back costs more than extracting them).
    """
    items = ((p.id, p.abstract) for p in papers)
    if n_process > 1 and "fork" in multiprocessing.get_all_start_methods():
        global _WORKER_NLP
        _WORKER_NLP = nlp  # inherited by the forked workers: the pipeline is not loaded again
        context = multiprocessing.get_context("fork")
        with context.Pool(n_process) as pool:
            for batch in pool.imap(_extract_batch, _batches(items, batch_size)):
                yield from batch
        _WORKER_NLP = None
        return
    for doc, paper_id in nlp.pipe(((text, pid) for pid, text in items), as_tuples=True, batch_size=batch_size):
        yield paper_id, _paper_extraction(doc, paper_id)


_WORKER_NLP: Language | None = None


def _batches(items: Iterator[tuple[str, str]], size: int) -> Iterator[list[tuple[str, str]]]:
    batch: list[tuple[str, str]] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _extract_batch(batch: list[tuple[str, str]]) -> list[tuple[str, PaperExtraction]]:
    assert _WORKER_NLP is not None
    return [(pid, _paper_extraction(doc, pid))
            for doc, pid in _WORKER_NLP.pipe(((text, pid) for pid, text in batch), as_tuples=True)]


def _paper_extraction(doc: Doc, paper_id: str) -> PaperExtraction:
    labels = {(e.start, e.end): e.label_ for e in doc.ents}
    abbreviations = []
    for s_start, s_end, l_start, l_end in doc._.get(ABBREVIATIONS_ATTR) or []:
        label = labels.get((s_start, s_end))
        if label and labels.get((l_start, l_end)) == label:
            abbreviations.append((label, doc[s_start:s_end].text, doc[l_start:l_end].text))
    return PaperExtraction(mentions=list(_mentions(doc, paper_id)), abbreviations=abbreviations,
                           sentences=[(sent.start_char, sent.end_char) for sent in doc.sents], words=len(doc))


def extract(papers: Iterable[Paper], nlp: Language, *, batch_size: int = 64, n_process: int = 1,
            on_paper: Callable[[], None] | None = None) -> Extraction:
    """Run ``nlp`` over every abstract and collect mentions with paper id, sentence index and character offsets.

    Examples
    --------
    >>> from kg.nlp import build_rules_pipeline
    >>> p = Paper(id="p1", title="T", abstract="We train BERT. We test on ImageNet.")
    >>> [(m.text, m.label, m.sentence, m.start) for m in extract([p], build_rules_pipeline()).mentions]
    [('BERT', 'METHOD', 0, 9), ('ImageNet', 'DATASET', 1, 26)]
    """
    result = Extraction()
    for paper_id, found in extract_each(papers, nlp, batch_size=batch_size, n_process=n_process):
        result.add(paper_id, found)
        if on_paper is not None:
            on_paper()
    return result


def _mentions(doc: Doc, paper_id: str) -> Iterator[Mention]:
    sentence_of = {}
    for index, sent in enumerate(doc.sents):
        for token in sent:
            sentence_of[token.i] = index
    for ent in doc.ents:
        yield Mention(paper_id=paper_id, sentence=sentence_of.get(ent.start, 0), start=ent.start_char,
                      end=ent.end_char, text=ent.text, label=ent.label_, source=ent.id_ or "model")
