"""Papers to mentions with a spaCy pipeline (batched with ``nlp.pipe``), cached by content hash.

A build looks its papers up in the cache (:func:`look_up`), extracts the rest (:func:`extract_new`, which appends
to the cache as it goes, so an interrupted build keeps what it extracted) and puts the two together in corpus order
(:func:`assemble`). Each returns new records and changes none it was given.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import partial

from spacy.language import Language
from spacy.tokens import Doc

from kg.cache import ExtractionCache
from kg.nlp.components import ABBREVIATIONS_ATTR
from kg.records import Extraction, Mention, Paper, PaperExtraction

#: Extracts papers elsewhere: ``(paper id, PaperExtraction)`` of each, in any order (see :func:`extract_new`).
Extractor = Callable[[Sequence[Paper]], Iterable[tuple[str, PaperExtraction]]]


@dataclass(frozen=True)
class Lookup:
    """The cache's answer for a corpus: what it holds, by content hash, and the papers still to extract."""

    found: Mapping[str, PaperExtraction]
    todo: tuple[Paper, ...]


def look_up(papers: Sequence[Paper], store: ExtractionCache | None) -> Lookup:
    """What ``store`` already holds of ``papers`` (every paper is to do without one); caches of other models or kg
    versions in the same folder are removed.

    The cached mentions carry the id of the first paper with that content; :func:`assemble` gives them the id of
    each paper that shares it.
    """
    if store is None:
        return Lookup({}, tuple(papers))
    first_of: dict[str, str] = {}  # content hash -> the first paper with it
    for paper in papers:
        first_of.setdefault(paper.content_hash, paper.id)
    found = store.load(first_of)
    for stale in store.stale_files():
        stale.unlink()
    return Lookup(found, tuple(p for p in papers if p.content_hash not in found))


def extract_new(papers: Sequence[Paper], nlp: Language | None, store: ExtractionCache | None, *,
                batch_size: int = 64, workers: int = 1, tick: Callable[[], None] | None = None,
                extractor: Extractor | None = None) -> dict[str, PaperExtraction]:
    """Extract ``papers`` with ``nlp``: their extractions by content hash, appended to ``store`` as they come.

    An ``extractor`` extracts them elsewhere instead (``nlp`` unused): on a Dask cluster, say
    (:meth:`kg.cluster.Cluster.extractor`); it yields ``(paper id, PaperExtraction)`` in any order.

    Examples
    --------
    >>> from kg.nlp import build_rules_pipeline
    >>> p = Paper(id="p1", title="T", abstract="We train BERT. We test on ImageNet.")
    >>> found = extract_new([p], build_rules_pipeline(), None)
    >>> [(m.text, m.label, m.sentence, m.start) for m in found[p.content_hash].mentions]
    [('BERT', 'METHOD', 0, 9), ('ImageNet', 'DATASET', 1, 26)]
    """
    if not papers or (nlp is None and extractor is None):
        return {}
    hashes = {p.id: p.content_hash for p in papers}
    fresh: dict[str, PaperExtraction] = {}
    if extractor is None:
        assert nlp is not None
        extractor = partial(extract_each, nlp=nlp, batch_size=batch_size, n_process=workers)

    def each() -> Iterator[tuple[str, PaperExtraction]]:
        for paper_id, found in extractor(papers):
            fresh[hashes[paper_id]] = found
            if tick is not None:
                tick()
            yield hashes[paper_id], found

    if store is not None:
        store.append(each())
    else:
        for _ in each():
            pass
    return fresh


def assemble(papers: Sequence[Paper], found: Mapping[str, PaperExtraction]) -> Extraction:
    """The corpus's :class:`~kg.records.Extraction`, in paper order, each paper's mentions under its own id."""
    return Extraction.of((p.id, _with_paper_id(found[p.content_hash], p.id)) for p in papers)


def _with_paper_id(found: PaperExtraction, paper_id: str) -> PaperExtraction:
    if not found.mentions or found.mentions[0].paper_id == paper_id:
        return found
    return replace(found, mentions=tuple(replace(m, paper_id=paper_id) for m in found.mentions))



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
        elif (l_start, l_end) not in labels:
            # the definition of a word, not of a name ("out-of-distribution (OOD)"): kept with no label, so that a
            # name of this paper with the short form inside ("OOD generalization") can be spelled out
            abbreviations.append(("", doc[s_start:s_end].text, doc[l_start:l_end].text))
    return PaperExtraction(mentions=tuple(_mentions(doc, paper_id)), abbreviations=tuple(abbreviations),
                           sentences=tuple((sent.start_char, sent.end_char) for sent in doc.sents), words=len(doc))


def _mentions(doc: Doc, paper_id: str) -> Iterator[Mention]:
    sentence_of = {}
    for index, sent in enumerate(doc.sents):
        for token in sent:
            sentence_of[token.i] = index
    for ent in doc.ents:
        yield Mention(paper_id=paper_id, sentence=sentence_of.get(ent.start, 0), start=ent.start_char,
                      end=ent.end_char, text=ent.text, label=ent.label_, source=ent.id_ or "model")
